"""Stable matching with capacities: learner- and guide-proposing deferred acceptance, and
the number of blocking pairs of any assignment.

Preferences are over the candidate pairs (pairs pruned away are unacceptable). Stated
rankings come first, in their order; the other candidates follow by score. Keys are
"lower is better"; equal keys are indifference, so a pair blocks only on a strict
preference (weak stability). Both algorithms run in vectorized rounds in which every free
proposer proposes at once; deferred acceptance ends in the same matching whatever the
order of proposals, so this is the textbook proposer-optimal stable matching.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peoplefirst.matching import scoring
from peoplefirst.matching.candidates import Candidates
from peoplefirst.matching.encoding import Bools, Encoding, Floats, Ints, lookup

STATED = -1e15  # stated choices rank above every score-derived one


@dataclass(frozen=True, slots=True)
class Preferences:
    learner_key: Floats  # per candidate edge, lower = the learner likes it better
    guide_key: Floats  # per candidate edge, lower = the guide likes it better


def preferences(enc: Encoding, cands: Candidates) -> Preferences:
    """Stated rankings first (value (n - rank)/n, so rank order), then score."""
    keys = cands.learner * enc.n_guides + cands.guide
    return Preferences(
        learner_key=_key(lookup(enc.learner_pref, keys), cands.score),
        guide_key=_key(lookup(enc.guide_pref, keys), cands.score),
    )


def _key(stated: Floats, score: Floats) -> Floats:
    return np.where(stated > 0, STATED - stated * 1e6, -score)


def learner_proposing(cands: Candidates, capacity: Ints, prefs: Preferences) -> Ints:
    """Learner-optimal stable matching: edge per learner, -1 when unmatched."""
    n = len(cands.ptr) - 1
    order = np.lexsort((prefs.learner_key, cands.learner))  # each learner's list, best first
    start, end = cands.ptr[:-1].copy(), cands.ptr[1:]
    held = np.zeros(0, dtype=np.int64)
    free = np.flatnonzero(start < end)
    touched = np.zeros(len(capacity), dtype=np.bool_)
    while len(free):
        proposals = order[start[free]]
        start[free] += 1
        touched[cands.guide[proposals]] = True
        mine = touched[cands.guide[held]]
        pool = np.concatenate([held[mine], proposals])
        touched[cands.guide[proposals]] = False
        g = cands.guide[pool]
        pool = pool[np.lexsort((pool, prefs.guide_key[pool], g))]
        g = cands.guide[pool]
        first = np.searchsorted(g, g, "left")
        rank = np.arange(len(pool)) - first
        accept = rank < capacity[g]
        held = np.concatenate([held[~mine], pool[accept]])
        rejected = cands.learner[pool[~accept]]
        free = rejected[start[rejected] < end[rejected]]
    assigned = np.full(n, -1, dtype=np.int64)
    assigned[cands.learner[held]] = held
    return assigned


def guide_proposing(cands: Candidates, capacity: Ints, prefs: Preferences) -> Ints:
    """Guide-optimal stable matching: each guide offers its free seats down its list."""
    n, m = len(cands.ptr) - 1, len(capacity)
    order = np.lexsort((np.arange(len(cands)), prefs.guide_key, cands.guide))
    counts = np.bincount(cands.guide, minlength=m)
    start = np.concatenate(([0], np.cumsum(counts)))[:-1].astype(np.int64)
    end = start + counts
    offer = np.full(n, -1, dtype=np.int64)  # the edge each learner holds
    load = np.zeros(m, dtype=np.int64)
    while True:
        free = np.minimum(capacity - load, end - start)
        active = np.flatnonzero(free > 0)
        if len(active) == 0:
            break
        _, at = scoring.expand(start[active], free[active])
        start[active] += free[active]
        proposals = order[at]
        learners = cands.learner[proposals]
        current = offer[learners]
        pool = np.concatenate([current[current >= 0], proposals])
        pool = np.unique(pool)
        lrn = cands.learner[pool]
        pool = pool[np.lexsort((pool, prefs.learner_key[pool], lrn))]
        lrn = cands.learner[pool]
        best = np.ones(len(pool), dtype=np.bool_)
        best[1:] = lrn[1:] != lrn[:-1]
        dropped = pool[~best]
        np.subtract.at(load, cands.guide[dropped[np.isin(dropped, current)]], 1)
        kept = pool[best]
        new = kept[~np.isin(kept, current)]
        np.add.at(load, cands.guide[new], 1)
        offer[cands.learner[kept]] = kept
    return offer


def blocking_pairs(
    cands: Candidates,
    capacity: Ints,
    assigned: Ints,
    prefs: Preferences,
    fixed: Bools | None = None,
) -> int:
    """Candidate pairs (l, g) not matched where l prefers g to its guide (or has none) and
    g has a free seat or prefers l to one of its learners. `fixed` learners (pinned by an
    admin) never block; `capacity` is what is left after the pins."""
    n, m = len(cands.ptr) - 1, len(capacity)
    mine = assigned >= 0
    matched_edges = assigned[mine]
    load = np.bincount(cands.guide[matched_edges], minlength=m)
    worst = np.full(m, -np.inf)
    np.maximum.at(worst, cands.guide[matched_edges], prefs.guide_key[matched_edges])
    l_edge = assigned[cands.learner]
    l_key = np.where(l_edge >= 0, prefs.learner_key[np.maximum(l_edge, 0)], np.inf)
    learner_wants = prefs.learner_key < l_key
    g = cands.guide
    guide_wants = (load[g] < capacity[g]) | ((load[g] > 0) & (prefs.guide_key < worst[g]))
    block = learner_wants & guide_wants & (capacity[g] > 0)
    if fixed is not None:
        block &= ~fixed[cands.learner]
    del n
    return int(np.count_nonzero(block))
