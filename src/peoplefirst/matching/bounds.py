"""An upper bound on the best total score over *all* feasible pairs, so a run on pruned
candidates can say how far from optimal it can be at most.

LP duality for many-to-one matching: for any seat prices v_g >= 0,

    OPT <= sum_g capacity_g * v_g + sum_l max(0, max over l's feasible guides of s_lg - v_g).

The prices come from the run's own assignment: start at 0 and raise v_g until no learner
would rather pay for g's seat than keep theirs (v_g >= s_lg - s_l,own + v_own), a
longest-path fixpoint that, for a score-optimal assignment, reaches the optimal dual of
the candidate graph. Pairs pruned from a learner's top k are then *priced*: one more pass
over every feasible pair of the learners whose pruned pairs could matter (those whose
(k+1)-th best score exceeds what they already get) then covers those pairs by raising
seat prices or those learners' surplus, whichever of three ways (`upper_bound`) costs
least. Whatever the
iteration reaches, the bound is valid; for an optimal run on unpruned candidates it is the
optimum itself, and after pricing it is within the pruning loss of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from peoplefirst.matching import scoring
from peoplefirst.matching.candidates import Candidates
from peoplefirst.matching.encoding import Bools, Floats, Ints
from peoplefirst.matching.flow import SCORE_SCALE, scaled

MAX_ROUNDS = 150
STALL_ROUNDS = 8  # stop when the bound has not improved for this many rounds
BIG = np.int64(1) << 52  # the price of a seat that does not exist

Pricer = Callable[[Bools, Floats, Floats, Bools], tuple[Floats, Floats, Floats]]
"""(learners to price, seat price per guide, surplus per learner, full guides) → see
`candidates.price`."""


@dataclass(frozen=True, slots=True)
class Bound:
    value: float  # no assignment over all feasible pairs scores more than this
    converged: bool  # the prices reached their fixpoint (the exact dual for an optimal run)
    rounds: int
    priced: int  # learners whose pruned pairs were priced one by one


def upper_bound(
    cands: Candidates,
    capacity: Ints,
    assigned: Ints,
    price: Pricer | None = None,
    *,
    patience: int | None = STALL_ROUNDS,
) -> Bound:
    """Bound for the learners and seats in `cands` / `capacity` (pins excluded). The price
    iteration stops at its fixpoint, after `MAX_ROUNDS`, or after `patience` rounds without
    a better bound (None: no such stop; for optimal runs, whose prices converge)."""
    n, m = len(cands.ptr) - 1, len(capacity)
    s = scaled(cands.score)
    mine = assigned >= 0
    own_score = np.zeros(n, dtype=np.int64)
    own_score[mine] = s[assigned[mine]]
    own_guide = np.full(n, -1, dtype=np.int64)
    own_guide[mine] = cands.guide[assigned[mine]]
    v = np.zeros(m, dtype=np.int64)
    v[capacity <= 0] = BIG
    not_own = np.ones(len(cands), dtype=np.bool_)
    not_own[assigned[mine]] = False
    # learners matched to each guide, to revisit their pairs when its price rises
    by_guide = np.argsort(own_guide, kind="stable")
    by_guide = by_guide[own_guide[by_guide] >= 0]
    g_sorted = own_guide[by_guide]
    edges = np.flatnonzero(not_own & (capacity[cands.guide] > 0))
    pruned = np.where(
        np.isfinite(cands.next_best), np.ceil(cands.next_best * SCORE_SCALE), 0
    ).astype(np.int64)
    best_v, best = v.copy(), _value(cands, s, v, capacity, pruned)
    if patience is None:
        best = np.iinfo(np.int64).max  # keep the last prices: the fixpoint
    rounds, converged, stalled = 0, False, 0
    while rounds < MAX_ROUNDS and (patience is None or stalled < patience):
        rounds += 1
        lrn = cands.learner[edges]
        base = np.where(own_guide[lrn] >= 0, v[np.maximum(own_guide[lrn], 0)] - own_score[lrn], 0)
        new_v = v.copy()
        np.maximum.at(new_v, cands.guide[edges], s[edges] + base)
        changed = np.flatnonzero(new_v != v)
        v = new_v
        value = _value(cands, s, v, capacity, pruned)
        stalled = 0 if value < best else stalled + 1
        if value <= best or patience is None:
            best_v, best = v.copy(), min(value, best)
        if len(changed) == 0:
            converged = True
            break
        lo = np.searchsorted(g_sorted, changed, "left")
        hi = np.searchsorted(g_sorted, changed, "right")
        _, at = scoring.expand(lo, hi - lo)
        learners = by_guide[at]
        _, at = scoring.expand(cands.ptr[learners], cands.ptr[learners + 1] - cands.ptr[learners])
        edges = at[not_own[at] & (capacity[cands.guide[at]] > 0)]
    u = _surplus(cands, s, best_v, n)
    need = pruned > u
    seats = np.where(capacity > 0, capacity, 0)
    priced = 0
    if price is not None and need.any():
        # A pruned pair of these learners is covered by raising either its learner's
        # surplus or its guide's seat price. One pass prices them all; the bound is the
        # best of: raise surpluses only; raise prices only; raise the prices of full
        # guides and the surpluses for guides with a free seat.
        load = np.bincount(own_guide[mine], minlength=m)
        full = (load >= capacity) | (capacity <= 0)
        rows_all, rows_free, cols = (
            # float32 scores: one unit of slack covers their rounding
            np.where(np.isfinite(x), np.ceil(x * SCORE_SCALE) + 1, 0).astype(np.int64)
            for x in price(need, best_v / SCORE_SCALE, u / SCORE_SCALE, full)
        )
        raise_all = np.where(capacity > 0, np.maximum(best_v, cols), best_v)
        raise_full = np.where(full & (capacity > 0), raise_all, best_v)
        total = min(
            _dual(seats, best_v, np.where(need, np.maximum(u, rows_all), u)),
            _dual(seats, raise_all, u),
            _dual(seats, raise_full, np.where(need, np.maximum(u, rows_free), u)),
        )
        priced = int(need.sum())
    else:
        total = _dual(seats, best_v, np.maximum(u, pruned))
    # each score was rounded by at most half a unit, on at most this many matched pairs
    has_edge = np.zeros(m, dtype=np.bool_)
    has_edge[cands.guide] = True
    with_edges = int(np.count_nonzero(cands.ptr[1:] > cands.ptr[:-1]))
    slack = 0.5 * min(with_edges, int(capacity[has_edge & (capacity > 0)].sum()))
    return Bound((total + slack) / SCORE_SCALE, converged, rounds, priced)


def quick_bound(cands: Candidates, capacity: Ints) -> Bound:
    """A ceiling without seat prices: no learner scores more than its best candidate or
    its (k + 1)-th best score (which bounds every pair pruned away), and no more learners
    are matched than there are seats. Cheap, valid for every method, and loose when
    learners compete for few seats."""
    n = len(cands.ptr) - 1
    best = np.where(np.isfinite(cands.next_best), cands.next_best, 0.0)
    own = np.zeros(n)
    if len(cands):
        rows = np.flatnonzero(cands.ptr[1:] > cands.ptr[:-1])
        usable = np.where(capacity[cands.guide] > 0, cands.score, 0.0)
        own[rows] = np.maximum.reduceat(usable, cands.ptr[rows])
    best = np.maximum(np.maximum(best, own), 0.0)
    seats = int(np.maximum(capacity, 0).sum())
    top = np.sort(best)[::-1][:seats]
    # scores rounded to SCORE_SCALE units elsewhere: leave half a unit per learner
    value = float(top.sum()) + 0.5 * len(top) / SCORE_SCALE
    return Bound(value, False, 0, 0)


def _dual(seats: Ints, v: Ints, u: Ints) -> int:
    return int(np.sum(seats * np.where(v >= BIG, 0, v))) + int(np.maximum(u, 0).sum())


def _surplus(cands: Candidates, s: Ints, v: Ints, n: int) -> Ints:
    """Each learner's best score minus seat price over its candidates (0 at least)."""
    u = np.zeros(n, dtype=np.int64)
    if len(cands):
        # edges are grouped by learner: one reduction per learner's slice
        rows = np.flatnonzero(cands.ptr[1:] > cands.ptr[:-1])
        best = np.maximum.reduceat(s - v[cands.guide], cands.ptr[rows])
        u[rows] = np.maximum(best, 0)
    return u


def _value(cands: Candidates, s: Ints, v: Ints, capacity: Ints, pruned: Ints) -> int:
    """The dual objective for seat prices v, pruned pairs bounded by `pruned` (scaled)."""
    u = np.maximum(_surplus(cands, s, v, len(cands.ptr) - 1), pruned)
    seats = np.where(capacity > 0, capacity, 0)
    return int(np.sum(seats * np.where(v >= BIG, 0, v))) + int(u.sum())
