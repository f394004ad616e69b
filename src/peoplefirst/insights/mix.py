"""Connection mix: how many learning ties cross departments, locations, tenure bands and
levels, against what random mixing with the same marginals would give."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peoplefirst.insights.model import Floats, Ints, People
from peoplefirst.insights.network import LearningNetwork
from peoplefirst.insights.privacy import MIN_GROUP_SIZE, Guarded, guard

TENURE_BANDS = (1.0, 3.0, 5.0, 10.0)  # years: <1, 1-3, 3-5, 5-10, 10+


@dataclass(frozen=True)
class Mix:
    """Share of ties whose two people differ in one attribute: observed, expected under
    random mixing, and Newman's assortativity r = (same - expected same) / (1 - expected
    same) (1: only within, 0: as random, negative: more across than random)."""

    ties: int
    crossing: float
    expected_crossing: float
    assortativity: float


def tenure_band(people: People, as_of: float) -> Ints:
    """0: under 1 year, 1: 1-3, 2: 3-5, 3: 5-10, 4: 10 years or more."""
    years = (as_of - people.hire_day) / 365.25
    return np.searchsorted(np.asarray(TENURE_BANDS), years, side="right").astype(np.int64)


def connection_mix(
    network: LearningNetwork, attribute: Ints, minimum: int = MIN_GROUP_SIZE
) -> Guarded[Mix]:
    """Each learning tie (learner, guide) counted once. Expected crossing share =
    1 - Σ_a p_learner(a) * p_guide(a), where p_learner and p_guide are the shares of ties
    whose learner and whose guide have value a: what ties drawn at random with the same
    marginals would give. Guarded by the number of distinct people in the ties."""
    tie = network.learns_from.tocoo()
    learner, guide = attribute[tie.row], attribute[tie.col]
    ties = len(learner)
    people = len(np.union1d(tie.row, tie.col))
    if ties == 0:
        return guard("all ties", people, Mix(0, 0.0, 0.0, 0.0), minimum)
    size = int(attribute.max(initial=0)) + 1
    p_learner = np.bincount(learner, minlength=size) / ties
    p_guide = np.bincount(guide, minlength=size) / ties
    expected_same = float(p_learner @ p_guide)
    same = float(np.mean(learner == guide))
    r = (same - expected_same) / (1.0 - expected_same) if expected_same < 1.0 else 0.0
    return guard("all ties", people, Mix(ties, 1.0 - same, 1.0 - expected_same, r), minimum)


def mix_by_attribute(
    network: LearningNetwork, people: People, as_of: float, minimum: int = MIN_GROUP_SIZE
) -> dict[str, Guarded[Mix]]:
    """The mix for department, location, tenure band and level."""
    attributes: dict[str, Ints] = {
        "department": people.department,
        "location": people.location,
        "tenure band": tenure_band(people, as_of),
        "level": people.level,
    }
    return {name: connection_mix(network, values, minimum) for name, values in attributes.items()}


def crossing_by_group(
    network: LearningNetwork,
    attribute: Ints,
    names: tuple[str, ...] = (),
    minimum: int = MIN_GROUP_SIZE,
) -> list[Guarded[float]]:
    """Per value of the attribute (e.g. each department): the share of its learners' ties
    that reach a guide with another value, guarded by the learners behind it."""
    tie = network.learns_from.tocoo()
    learner, guide = attribute[tie.row], attribute[tie.col]
    size = int(attribute.max(initial=0)) + 1
    ties = np.bincount(learner, minlength=size)
    crossing: Floats = np.bincount(learner[learner != guide], minlength=size) / np.maximum(ties, 1)
    learners = np.bincount(attribute[np.unique(tie.row)], minlength=size)
    return [
        guard(names[a] if a < len(names) else str(a), int(learners[a]), float(crossing[a]), minimum)
        for a in range(size)
        if ties[a]
    ]
