"""Feasibility and soft-goal features of any learner-guide pairs, as arrays.

This is the reference scorer: candidate generation, re-matching and explanations all
agree with it (tests compare the fast candidate paths against it).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from peoplefirst.matching.encoding import (
    LEVEL_SPAN,
    TENURE_SPAN,
    Bools,
    Encoding,
    Floats,
    Ints,
    contains,
    languages_shared,
    lookup,
    overlap_hours,
)
from peoplefirst.matching.rules import FEATURES


def feasible(enc: Encoding, li: Ints, gi: Ints) -> Bools:
    """Which pairs every hard rule allows (capacity aside)."""
    hard = enc.rules.hard
    L, G = enc.learners, enc.guides
    ok = L.ok[li] & G.ok[gi]
    if hard.shared_language:
        ok &= languages_shared(L.languages[li], G.languages[gi])
    if hard.min_overlap_hours > 0:
        hours = overlap_hours(L.utc_offset[li], G.utc_offset[gi], enc.rules.workday_hours)
        ok &= hours >= hard.min_overlap_hours - 1e-9
    if hard.level_gap is not None:
        gap = G.level[gi] - L.level[li]
        ok &= (gap >= hard.level_gap[0]) & (gap <= hard.level_gap[1])
    if hard.reporting_line == "manager_or_senior_peer":
        manager = L.manager[li]
        is_manager = (G.person[gi] == manager) & (manager >= 0)
        senior_peer = (G.manager[gi] == manager) & (manager >= 0) & (G.level[gi] > L.level[li])
        ok &= is_manager | senior_peer
    ok &= ~contains(enc.excluded, li * enc.n_guides + gi)
    return np.asarray(ok)


def goal_fit(enc: Encoding, li: Ints, gi: Ints) -> Floats:
    """Weighted share of each learner's goals the guide covers (0..1)."""
    starts = enc.goal_ptr[li]
    counts = enc.goal_ptr[li + 1] - starts
    owner, at = expand(starts, counts)
    values = enc.goal_weight[at] * enc.strength[enc.goal_skill[at], gi[owner]]
    return np.bincount(owner, weights=values, minlength=len(li)).astype(np.float64)


def features(enc: Encoding, li: Ints, gi: Ints) -> NDArray[np.float64]:
    """(pairs, FEATURES) values, each 0..1, before weighting."""
    L, G, rules = enc.learners, enc.guides, enc.rules
    out = np.zeros((len(li), len(FEATURES)), dtype=np.float64)
    col = {name: i for i, name in enumerate(FEATURES)}
    out[:, col["goal_fit"]] = goal_fit(enc, li, gi)
    out[:, col["time_zone"]] = (
        overlap_hours(L.utc_offset[li], G.utc_offset[gi], rules.workday_hours) / rules.workday_hours
    )
    out[:, col["cross_department"]] = differ(L.department[li], G.department[gi])
    out[:, col["cross_location"]] = differ(L.location[li], G.location[gi])
    out[:, col["same_stage"]] = (L.stage[li] == G.stage[gi]) & (L.stage[li] >= 0)
    gap = (G.level[gi] - L.level[li]).astype(np.float64)
    out[:, col["level_gap"]] = level_gap_value(gap, rules.ideal_level_gap)
    out[:, col["tenure_gap"]] = (
        np.minimum(np.abs(G.tenure[gi] - L.tenure[li]), TENURE_SPAN) / TENURE_SPAN
    )
    keys = li * enc.n_guides + gi
    out[:, col["learner_preference"]] = lookup(enc.learner_pref, keys)
    out[:, col["guide_preference"]] = lookup(enc.guide_pref, keys)
    return out


def weights(enc: Encoding) -> Floats:
    return np.array([enc.rules.weight(name) for name in FEATURES], dtype=np.float64)


def scores(enc: Encoding, li: Ints, gi: Ints) -> Floats:
    """Each pair's score: the weighted sum of its features."""
    return np.asarray(features(enc, li, gi) @ weights(enc), dtype=np.float64)


def differ(a: Ints, b: Ints) -> Bools:
    """Both known and different."""
    return np.asarray((a != b) & (a >= 0) & (b >= 0))


def level_gap_value(gap: Floats, ideal: int) -> Floats:
    return np.asarray(np.clip(1.0 - np.abs(gap - ideal) / LEVEL_SPAN, 0.0, 1.0))


def expand(starts: Ints, counts: Ints) -> tuple[Ints, Ints]:
    """Flatten ranges: for each i, the indices starts[i] .. starts[i] + counts[i] - 1,
    with the i they came from (owner)."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    if total == 0:
        return owner, np.zeros(0, dtype=np.int64)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.asarray(starts, dtype=np.int64)[owner] + offsets
