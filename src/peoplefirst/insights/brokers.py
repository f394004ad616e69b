"""Brokers who connect otherwise separate groups, and teams that learn only among
themselves. Definitions: docs/insights.md."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peoplefirst.insights.model import Ints, People
from peoplefirst.insights.network import LearningNetwork, betweenness
from peoplefirst.insights.privacy import MIN_GROUP_SIZE, Guarded, guard


@dataclass(frozen=True)
class Broker:
    """A person many shortest learning paths run through, and the departments their ties
    reach besides their own."""

    person: int
    betweenness: float
    departments_reached: int
    ties_across: float


def departments_reached(network: LearningNetwork, department: Ints) -> tuple[Ints, np.ndarray]:
    """Per person: how many other departments their ties (either way) reach, and the share
    of their ties that leave their department."""
    tie = network.undirected().tocoo()
    n = network.people
    other = department[tie.col]
    across = other != department[tie.row]
    d_count = int(department.max(initial=0)) + 1
    reached = np.unique(tie.row[across].astype(np.int64) * d_count + other[across]) // d_count
    count = np.bincount(reached, minlength=n).astype(np.int64)
    degree = np.bincount(tie.row, minlength=n)
    share = np.bincount(tie.row[across], minlength=n) / np.maximum(degree, 1)
    return count, share


def brokers(
    network: LearningNetwork,
    people: People,
    top: int = 20,
    pivots: int = 64,
    seed: int = 0,
    min_departments: int = 2,
) -> list[Broker]:
    """The `top` people by sampled betweenness (`network.betweenness`) among those whose
    ties reach at least `min_departments` other departments: the people through whom
    knowledge crosses between groups that would otherwise not meet."""
    score = betweenness(network, pivots=pivots, seed=seed)
    count, share = departments_reached(network, people.department)
    eligible = np.flatnonzero((count >= min_departments) & (score > 0))
    chosen = eligible[np.argsort(-score[eligible], kind="stable")][:top]
    return [Broker(int(i), float(score[i]), int(count[i]), float(share[i])) for i in chosen]


@dataclass(frozen=True)
class GroupTies:
    """A group's learning ties: inside the group and with people outside it, per member."""

    members: int
    ties_inside: int
    ties_outside: int

    @property
    def outside_per_member(self) -> float:
        return self.ties_outside / self.members


def teams(people: People) -> Ints:
    """A team per manager (its code is the manager's row): the manager's direct reports.
    A person without a manager (the top of the chart) belongs to their own reports' team."""
    own = np.arange(people.count)
    team: Ints = np.where(people.manager >= 0, people.manager, own)
    return team


def isolated_groups(
    network: LearningNetwork,
    group: Ints,
    names: dict[int, str] | None = None,
    threshold: float = 0.5,
    minimum: int = MIN_GROUP_SIZE,
) -> list[Guarded[GroupTies]]:
    """Groups (teams from `teams`, or departments) whose members have fewer than
    `threshold` learning ties per member with anyone outside the group, fewest first.
    Each passes the minimum group size: a smaller group is listed with its figures
    withheld."""
    tie = network.undirected().tocoo()
    upper = tie.row < tie.col  # each tie once
    a, b = group[tie.row[upper]], group[tie.col[upper]]
    size = int(group.max(initial=-1)) + 1
    members = np.bincount(group, minlength=size)
    inside = np.bincount(a[a == b], minlength=size)
    outside = np.bincount(a[a != b], minlength=size) + np.bincount(b[a != b], minlength=size)
    per_member = outside / np.maximum(members, 1)
    chosen = np.flatnonzero((members > 1) & (per_member < threshold))
    chosen = chosen[np.lexsort((chosen, per_member[chosen]))]
    names = names or {}
    return [
        guard(
            names.get(int(g), str(int(g))),
            int(members[g]),
            GroupTies(int(members[g]), int(inside[g]), int(outside[g])),
            minimum,
        )
        for g in chosen
    ]
