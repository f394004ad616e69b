"""Candidate generation: each learner's top-k feasible guides by score, and what was left.

Three paths give the same kind of result:

- **grouped dense** (the usual case): learners who agree on the inputs the hard rules
  read row-wise (level, time zone; stage when it is weighed) share one set of feasible
  guide columns and one row of constant terms; each block of them is scored at once (goal
  fit gathered from a skill x guide strength matrix, departments, places, tenure),
  languages, individual exclusions and preferences are applied, and the top k + 1 are
  selected (`_top`). Exact: every feasible guide is scored. Guides that few learners rank
  high then get their best-fitting learners added (`_guide_side`).
- **team** (`reporting_line: manager_or_senior_peer`): only the manager and same-team
  guides can qualify, so those pairs are listed and scored directly.
- **given pairs**: the instance lists its candidate pairs and their scores.

The (k + 1)-th best score is kept per learner as `next_best`, the best any pruned pair
could contribute, which the optimality-gap bound needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal, TypeVar

import numpy as np
from numpy.typing import NDArray

from peoplefirst.matching import scoring
from peoplefirst.matching.encoding import (
    TENURE_SPAN,
    Bools,
    Encoding,
    Floats,
    Ints,
)
from peoplefirst.matching.shortlists import generate_shortlists, group_columns, learner_groups

T = TypeVar("T")
BLOCK_CELLS = 1 << 18  # scores computed at once: small enough to stay in cache
GUIDE_SIDE = 3  # guides listed fewer times than this per seat get learners added (see _guide_side)
STRIDE = 8  # the top-k threshold is read off every STRIDE-th column
SURVIVORS = 3  # ... aiming to leave this many times k values per row for exact selection
THREADS = max(1, min(4, os.cpu_count() or 1))  # numpy releases the GIL on block work
SHORTLISTS_ABOVE = 2_000_000_000  # "auto" search scores shortlists above this many pairs
Search = Literal["auto", "exact", "shortlists"]


@dataclass(frozen=True, slots=True)
class Candidates:
    """Candidate edges grouped by learner (in no order within a learner)."""

    learner: Ints
    guide: Ints
    score: Floats
    ptr: Ints  # learner i's edges are [ptr[i], ptr[i + 1])
    next_best: Floats  # best score among feasible guides pruned away; -inf when none
    feasible: Ints  # how many guides each learner could be matched with at all
    k: int | None

    def __len__(self) -> int:
        return len(self.learner)


def generate(
    enc: Encoding,
    active: Bools,
    k: int | None,
    *,
    guide_side: bool = True,
    search: Search = "auto",
) -> Candidates:
    """Top-k feasible guides (all of them when k is None) for each active learner, plus,
    with `guide_side`, the best-fitting learners of guides few learners rank high.

    `search` "exact" scores every feasible pair; "shortlists" only each learner's
    shortlists (see `shortlists`; needs k); "auto" uses shortlists above
    `SHORTLISTS_ABOVE` learner x guide pairs."""
    if enc.rules.hard.reporting_line == "manager_or_senior_peer":
        li, gi = team_pairs(enc, active)
        return from_pairs(enc, li, gi, scoring.scores(enc, li, gi), k)
    if search == "auto":
        pairs = int(np.count_nonzero(active)) * enc.n_guides
        search = "shortlists" if k is not None and pairs > SHORTLISTS_ABOVE else "exact"
    if search == "shortlists" and k is not None:
        return _from_shortlists(enc, active, k)
    return _grouped_dense(enc, active, k, guide_side)


def shortlisted_pairs(
    enc: Encoding, learners: Bools, k: int, columns_of: Bools
) -> tuple[Ints, Ints, Floats]:
    """The k best shortlisted pairs of these learners with these guides, and their score."""
    found, _, _ = generate_shortlists(enc, learners, k, columns_of)
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return tuple(np.concatenate([f[i] for f in found]) for i in (0, 2, 3))  # type: ignore[return-value]


def _from_shortlists(enc: Encoding, active: Bools, k: int) -> Candidates:
    found, next_best, feasible = generate_shortlists(enc, active, k)
    pieces = _Pieces([f[0] for f in found], [f[1] for f in found], [], [])
    pieces.guide = [f[2] for f in found]
    pieces.score = [f[3] for f in found]
    return _assemble(pieces, next_best, feasible, enc.n_learners, k)


def from_pairs(enc: Encoding, li: Ints, gi: Ints, score: Floats, k: int | None) -> Candidates:
    """Keep the feasible pairs among those listed, then the top k per learner."""
    ok = scoring.feasible(enc, li, gi)
    li, gi, score = li[ok], gi[ok], score[ok]
    keys = li * enc.n_guides + gi
    _, first = np.unique(keys, return_index=True)
    li, gi, score = li[first], gi[first], score[first]
    order = np.lexsort((-score, li))
    li, gi, score = li[order], gi[order], score[order]
    n = enc.n_learners
    feasible = np.bincount(li, minlength=n).astype(np.int64)
    start = np.concatenate(([0], np.cumsum(feasible)))[:-1]
    rank = np.arange(len(li), dtype=np.int64) - start[li]
    next_best = np.full(n, -np.inf)
    if k is not None:
        at_k = rank == k
        next_best[li[at_k]] = score[at_k]
        keep = rank < k
        li, gi, score = li[keep], gi[keep], score[keep]
    counts = np.bincount(li, minlength=n)
    ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return Candidates(li, gi, score, ptr, next_best, feasible, k)


def team_pairs(enc: Encoding, active: Bools) -> tuple[Ints, Ints]:
    """Each active learner's manager and the guides who share their manager."""
    L, G = enc.learners, enc.guides
    learners = np.flatnonzero(active & L.ok & (L.manager >= 0))
    order = np.argsort(G.manager, kind="stable")
    managers = G.manager[order]
    lo = np.searchsorted(managers, L.manager[learners], "left")
    hi = np.searchsorted(managers, L.manager[learners], "right")
    owner, at = scoring.expand(lo, hi - lo)
    li = [learners[owner]]
    gi = [order[at]]
    guide_of_person = np.full(len(enc.codes.people.codes) + 1, -1, dtype=np.int64)
    guide_of_person[G.person] = np.arange(len(G), dtype=np.int64)
    boss = guide_of_person[L.manager[learners]]
    li.append(learners[boss >= 0])
    gi.append(boss[boss >= 0])
    return np.concatenate(li).astype(np.int64), np.concatenate(gi).astype(np.int64)


@dataclass(slots=True)
class _Pieces:
    learner: list[Ints]
    rank: list[Ints]
    guide: list[Ints]
    score: list[Floats]


@dataclass(frozen=True, slots=True)
class _Group:
    """Learners who share every row-wise input, their feasible guide columns, the score
    terms those columns get from the shared inputs, and the goal strengths on them."""

    rows: Ints
    cols: Ints
    const: NDArray[np.float32]
    skill_row: Ints  # goal skill → row of `strength`, -1 when no one in the group has it
    strength: NDArray[np.float32]


def _grouped_dense(enc: Encoding, active: Bools, k: int | None, guide_side: bool) -> Candidates:
    n = enc.n_learners
    next_best = np.full(n, -np.inf)
    feasible = np.zeros(n, dtype=np.int64)

    def select(group: _Group, rows: Ints, S: NDArray[np.float32], count: Ints) -> _Pieces:
        pieces = _Pieces([], [], [], [])
        feasible[rows] = count
        _keep_top(group, rows, S, k, pieces, next_best)
        return pieces

    merged = _Pieces([], [], [], [])
    for part in _each_block(enc, active, select):
        merged.learner += part.learner
        merged.rank += part.rank
        merged.guide += part.guide
        merged.score += part.score
    if k is not None and guide_side:
        _guide_side(enc, active, merged)
    return _assemble(merged, next_best, feasible, n, k)


def _guide_side(enc: Encoding, active: Bools, merged: _Pieces) -> None:
    """Guides that few learners rank in their top k would sit idle while learners who fit
    them go without: give each guide listed fewer than GUIDE_SIDE times per seat the
    learners who fit it best (one per learner group), up to that many per seat."""
    if not merged.guide:
        return
    listed = np.bincount(np.concatenate(merged.guide), minlength=enc.n_guides)
    want = GUIDE_SIDE * enc.capacity
    low = enc.guides.ok & (enc.capacity > 0) & (listed < want)
    if not low.any():
        return

    def best(
        group: _Group, rows: Ints, S: NDArray[np.float32], count: Ints
    ) -> tuple[Ints, Ints, Floats]:
        at = np.argmax(S, axis=0)
        return group.cols, rows[at], S[at, np.arange(S.shape[1])].astype(np.float64)

    found = _each_block(enc, active, best, columns_of=low)
    if not found:
        return
    guide = np.concatenate([f[0] for f in found])
    learner = np.concatenate([f[1] for f in found])
    score = np.concatenate([f[2] for f in found])
    keep = np.isfinite(score)
    guide, learner, score = guide[keep], learner[keep], score[keep]
    # not already a candidate pair, then the best per guide, up to its wanted count
    have = np.sort(np.concatenate(merged.learner) * enc.n_guides + np.concatenate(merged.guide))
    keys = learner * enc.n_guides + guide
    at = np.minimum(np.searchsorted(have, keys), len(have) - 1)
    new = have[at] != keys
    guide, learner, score, keys = guide[new], learner[new], score[new], keys[new]
    _, first = np.unique(keys, return_index=True)
    guide, learner, score = guide[first], learner[first], score[first]
    order = np.lexsort((-score, guide))
    guide, learner, score = guide[order], learner[order], score[order]
    start = np.searchsorted(guide, guide, "left")
    rank = np.arange(len(guide)) - start
    take = rank < want[guide] - listed[guide]
    guide, learner, score = guide[take], learner[take], score[take]
    # each added pair goes after the learner's own candidates
    counts = np.bincount(np.concatenate(merged.learner), minlength=enc.n_learners)
    order = np.argsort(learner, kind="stable")
    guide, learner, score = guide[order], learner[order], score[order]
    within = np.arange(len(learner)) - np.searchsorted(learner, learner, "left")
    merged.learner.append(learner)
    merged.rank.append(counts[learner] + within)
    merged.guide.append(guide)
    merged.score.append(score)


def pairs_between(enc: Encoding, learners: Bools, guides: Bools) -> tuple[Ints, Ints, Floats]:
    """Every feasible pair of these learners with these guides, and its score."""
    if enc.rules.hard.reporting_line == "manager_or_senior_peer":
        li, gi = team_pairs(enc, learners)
        keep = guides[gi]
        li, gi = li[keep], gi[keep]
        ok = scoring.feasible(enc, li, gi)
        return li[ok], gi[ok], scoring.scores(enc, li[ok], gi[ok])

    def finite(
        group: _Group, rows: Ints, S: NDArray[np.float32], count: Ints
    ) -> tuple[Ints, Ints, Floats]:
        r, c = np.nonzero(-np.inf < S)
        return rows[r], group.cols[c], S[r, c].astype(np.float64)

    found = _each_block(enc, learners, finite, columns_of=guides)
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return tuple(np.concatenate([f[i] for f in found]) for i in range(3))  # type: ignore[return-value]


def with_pairs(cands: Candidates, li: Ints, gi: Ints, score: Floats) -> tuple[Candidates, Ints]:
    """`cands` plus these new pairs (each after its learner's own), and where each old pair
    moved to."""
    n = len(cands.ptr) - 1
    added = np.bincount(li, minlength=n)
    before = np.concatenate(([0], np.cumsum(added)))[:-1]
    moved = np.arange(len(cands), dtype=np.int64) + before[cands.learner]
    ptr = cands.ptr + np.concatenate(([0], np.cumsum(added)))
    total = len(cands) + len(li)
    out_l = np.empty(total, dtype=np.int64)
    out_g = np.empty(total, dtype=np.int64)
    out_s = np.empty(total, dtype=np.float64)
    out_l[moved], out_g[moved], out_s[moved] = cands.learner, cands.guide, cands.score
    order = np.argsort(li, kind="stable")
    li, gi, score = li[order], gi[order], score[order]
    within = np.arange(len(li)) - np.searchsorted(li, li, "left")
    at = ptr[li + 1] - added[li] + within
    out_l[at], out_g[at], out_s[at] = li, gi, score
    merged = Candidates(out_l, out_g, out_s, ptr, cands.next_best, cands.feasible, cands.k)
    return merged, moved


def price(
    enc: Encoding, active: Bools, seat_price: Floats, surplus: Floats, full: Bools
) -> tuple[Floats, Floats, Floats]:
    """The pricing step that bounds what pruning lost, over every feasible pair of the
    active learners: per learner, the max of score - seat_price[guide] over all guides and
    over the guides with a free seat (not `full`); per guide, the max over those learners
    of score - surplus[learner]. -inf where there is none."""
    rows_all = np.full(enc.n_learners, -np.inf)
    rows_free = np.full(enc.n_learners, -np.inf)
    cols = np.full(enc.n_guides, -np.inf)
    offset = seat_price.astype(np.float32)
    own = surplus.astype(np.float32)

    def reduce(
        group: _Group, rows: Ints, S: NDArray[np.float32], count: Ints
    ) -> tuple[Ints, Floats]:
        S -= own[rows][:, None]
        top = S.max(axis=0).astype(np.float64)
        S += own[rows][:, None]
        S -= offset[group.cols]
        rows_all[rows] = S.max(axis=1)
        free = ~full[group.cols]
        if free.all():
            rows_free[rows] = rows_all[rows]
        elif free.any():
            rows_free[rows] = S[:, free].max(axis=1)
        return group.cols, top

    if enc.rules.hard.reporting_line == "manager_or_senior_peer":
        li, gi = team_pairs(enc, active)
        ok = scoring.feasible(enc, li, gi)
        li, gi = li[ok], gi[ok]
        reduced = scoring.scores(enc, li, gi) - seat_price[gi]
        np.maximum.at(rows_all, li, reduced)
        np.maximum.at(rows_free, li[~full[gi]], reduced[~full[gi]])
        np.maximum.at(cols, gi, reduced + seat_price[gi] - surplus[li])
        return rows_all, rows_free, cols
    for at, top in _each_block(enc, active, reduce):
        np.maximum.at(cols, at, top)
    return rows_all, rows_free, cols


def _each_block(
    enc: Encoding,
    active: Bools,
    visit: Callable[[_Group, Ints, NDArray[np.float32], Ints], T],
    columns_of: Bools | None = None,
) -> list[T]:
    """Score every feasible pair of the active learners, block by block, and hand each
    block (with each row's count of feasible guides) to `visit`. Groups run in threads."""
    learners = np.flatnonzero(active & enc.learners.ok)
    group = learner_groups(enc, learners)
    has_goal = enc.goal_ptr[learners + 1] > enc.goal_ptr[learners]
    first = np.minimum(enc.goal_ptr[learners], max(len(enc.goal_skill) - 1, 0))
    first_goal = np.where(has_goal, enc.goal_skill[first] if len(enc.goal_skill) else -1, -1)
    order = np.lexsort((first_goal, group))  # neighbours share goal rows: cache-friendly
    learners, group = learners[order], group[order]
    bounds = np.flatnonzero(np.diff(group)) + 1
    pairs = _PairLists(enc)

    def task(rows: Ints) -> list[T]:
        g = _group(enc, rows, columns_of)
        if len(g.cols) == 0:
            return []
        step = max(1, BLOCK_CELLS // len(g.cols))
        found = []
        for start in range(0, len(rows), step):
            block = rows[start : start + step]
            S, count = _scores(enc, g, block, pairs)
            found.append(visit(g, block, S, count))
        return found

    tasks = np.split(learners, bounds) if len(learners) else []
    threads = min(THREADS, len(tasks))
    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(task, tasks))
    else:
        results = [task(rows) for rows in tasks]
    return [item for part in results for item in part]


def _group(enc: Encoding, rows: Ints, columns_of: Bools | None = None) -> _Group:
    """Feasible columns (among `columns_of`, if given) and shared terms for learners who
    agree on every row-wise input."""
    cols, const = group_columns(enc, int(rows[0]), columns_of)
    skill_row = np.full(len(enc.goal_skills), -1, dtype=np.int64)
    starts = enc.goal_ptr[rows]
    _, at = scoring.expand(starts, enc.goal_ptr[rows + 1] - starts)
    used = np.unique(enc.goal_skill[at])
    skill_row[used] = np.arange(len(used))
    strength = enc.strength[used][:, cols] * np.float32(enc.rules.weight("goal_fit"))
    return _Group(rows, cols, const, skill_row, strength)


class _PairLists:
    """Per-learner slices of the excluded pairs and the preference bonuses."""

    def __init__(self, enc: Encoding) -> None:
        n, m = enc.n_learners, enc.n_guides
        w_l, w_g = enc.rules.weight("learner_preference"), enc.rules.weight("guide_preference")
        keys = np.concatenate([enc.learner_pref[0], enc.guide_pref[0]])
        values = np.concatenate([enc.learner_pref[1] * w_l, enc.guide_pref[1] * w_g])
        self.bonus_keys, inverse = np.unique(keys, return_inverse=True)
        self.bonus = np.bincount(inverse.ravel(), weights=values, minlength=len(self.bonus_keys))
        self.m = m
        self.excl_ptr = np.searchsorted(enc.excluded // m, np.arange(n + 1))
        self.bonus_ptr = np.searchsorted(self.bonus_keys // m, np.arange(n + 1))
        self.excluded = enc.excluded

    def slice(self, ptr: Ints, rows: Ints) -> tuple[Ints, Ints]:
        """(row within the block, flat index into the pair list) for these learners."""
        return scoring.expand(ptr[rows], ptr[rows + 1] - ptr[rows])


def _scores(
    enc: Encoding, group: _Group, rows: Ints, pairs: _PairLists
) -> tuple[NDArray[np.float32], Ints]:
    """Scores of these learners against the group's feasible guides (-inf where a pair is
    ruled out individually), and how many feasible guides each row has."""
    L, G, rules = enc.learners, enc.guides, enc.rules
    cols = group.cols
    b, f = len(rows), len(cols)
    S = np.empty((b, f), dtype=np.float32)
    S[:] = group.const
    starts = enc.goal_ptr[rows]
    owner, at = scoring.expand(starts, enc.goal_ptr[rows + 1] - starts)
    if len(at) and len(group.strength):
        slot = at - starts[owner]
        for j in range(int(slot.max()) + 1):
            pick = slot == j
            who, which = owner[pick], at[pick]
            part = group.strength[group.skill_row[enc.goal_skill[which]]]
            part *= enc.goal_weight[which].astype(np.float32)[:, None]
            S[who] += part
    for name, lside, gside in (
        ("cross_department", L.department, G.department),
        ("cross_location", L.location, G.location),
    ):
        weight = rules.weight(name)
        if weight > 0:
            a, c = lside[rows][:, None], gside[cols][None, :]
            hit = a != c
            if (a < 0).any() or (c < 0).any():
                hit &= (a >= 0) & (c >= 0)
            S += np.float32(weight) * hit
    weight = rules.weight("tenure_gap")
    if weight > 0:
        scale = np.float32(weight / TENURE_SPAN)
        diff = np.subtract.outer(
            L.tenure[rows].astype(np.float32) * scale, G.tenure[cols].astype(np.float32) * scale
        )
        np.abs(diff, out=diff)
        np.minimum(diff, np.float32(weight), out=diff)
        S += diff
    pos = np.full(enc.n_guides, -1, dtype=np.int64)
    pos[cols] = np.arange(f)
    owner, at = pairs.slice(pairs.bonus_ptr, rows)
    where = pos[pairs.bonus_keys[at] % pairs.m]
    hit = where >= 0
    S[owner[hit], where[hit]] += pairs.bonus[at[hit]].astype(np.float32)
    owner, at = pairs.slice(pairs.excl_ptr, rows)
    where = pos[pairs.excluded[at] % pairs.m]
    hit = where >= 0
    S[owner[hit], where[hit]] = -np.inf
    if rules.hard.shared_language:
        lang_l, lang_g = L.languages[rows], G.languages[cols]
        if lang_l.shape[1] == 1:
            shared = (lang_l[:, 0][:, None] & lang_g[:, 0][None, :]) != 0
        else:
            shared = ((lang_l[:, None, :] & lang_g[None, :, :]) != 0).any(axis=2)
        silent_l: Bools = np.asarray(~lang_l.any(axis=1))
        silent_g: Bools = np.asarray(~lang_g.any(axis=1))
        shared |= silent_l[:, None] | silent_g[None, :]
        np.copyto(S, np.float32(-np.inf), where=~shared)
        return S, np.count_nonzero(-np.inf < S, axis=1)
    return S, f - np.bincount(owner[hit], minlength=b)


def _keep_top(
    group: _Group,
    rows: Ints,
    S: NDArray[np.float32],
    k: int | None,
    pieces: _Pieces,
    next_best: Floats,
) -> None:
    b, f = S.shape
    keep = f if k is None else min(k + 1, f)
    vals, top = _top(S, keep)
    if k is not None and vals.shape[1] > k:
        # the (k + 1)-th best is the smallest kept; it only bounds what pruning lost
        last = np.argmin(vals, axis=1)
        cut = vals[np.arange(b), last]
        next_best[rows] = np.where(np.isfinite(cut), cut, -np.inf)
        vals[np.arange(b), last] = -np.inf
    finite = np.isfinite(vals)
    r, c = np.nonzero(finite)
    rank = np.cumsum(finite, axis=1)[r, c] - 1
    pieces.learner.append(rows[r])
    pieces.rank.append(rank.astype(np.int64))
    pieces.guide.append(group.cols[top[r, c]])
    pieces.score.append(vals[r, c].astype(np.float64))


def _top(S: NDArray[np.float32], keep: int) -> tuple[NDArray[np.float32], Ints]:
    """The `keep` largest values of each row and their columns, in no order (-inf pads).

    A threshold read off every `STRIDE`-th column aims to leave about `SURVIVORS` x keep
    values per row; the exact selection then runs on those only. Rows where the aim falls
    short (fewer than `keep` survivors) are selected on their whole row.
    """
    b, f = S.shape
    if keep >= f:
        return S.copy(), np.broadcast_to(np.arange(f, dtype=np.int64), (b, f))
    width = (f + STRIDE - 1) // STRIDE
    rank = min(width, int(np.ceil(SURVIVORS * keep / STRIDE)) + 1)
    if f < 4 * SURVIVORS * keep or rank >= width:
        top = np.argpartition(S, f - keep, axis=1)[:, f - keep :]
        return np.take_along_axis(S, top, axis=1), top
    sample = S[:, ::STRIDE]
    threshold = np.partition(sample, width - rank, axis=1)[:, width - rank]
    # a row whose sample is mostly ruled out (-inf) keeps just its finite values
    sparse_row = ~np.isfinite(threshold)
    threshold[sparse_row] = np.finfo(np.float32).min
    flat = np.flatnonzero(threshold[:, None] <= S)
    r = flat // f
    counts = np.bincount(r, minlength=b)
    short = np.flatnonzero((counts < keep) & ~sparse_row)
    widest = max(int(counts.max()), keep)
    first = np.concatenate(([0], np.cumsum(counts)))[:-1]
    at = np.arange(len(flat)) - first[r]
    padded = np.full((b, widest), -np.inf, dtype=np.float32)
    where = np.zeros((b, widest), dtype=np.int64)
    padded[r, at] = S.ravel()[flat]
    where[r, at] = flat - r * f
    if widest > keep:
        pick = np.argpartition(padded, widest - keep, axis=1)[:, widest - keep :]
        padded = np.take_along_axis(padded, pick, axis=1)
        where = np.take_along_axis(where, pick, axis=1)
    if len(short):
        again = np.argpartition(S[short], f - keep, axis=1)[:, f - keep :]
        padded[short] = np.take_along_axis(S[short], again, axis=1)
        where[short] = again
    return padded, where


def _assemble(
    pieces: _Pieces, next_best: Floats, feasible: Ints, n: int, k: int | None
) -> Candidates:
    if not pieces.learner:
        empty = np.zeros(0, dtype=np.int64)
        return Candidates(
            empty, empty, np.zeros(0), np.zeros(n + 1, dtype=np.int64), next_best, feasible, k
        )
    learner = np.concatenate(pieces.learner)
    rank = np.concatenate(pieces.rank)
    counts = np.bincount(learner, minlength=n)
    ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    at = ptr[learner] + rank
    out_l = np.empty(len(learner), dtype=np.int64)
    out_g = np.empty(len(learner), dtype=np.int64)
    out_s = np.empty(len(learner), dtype=np.float64)
    out_l[at] = learner
    out_g[at] = np.concatenate(pieces.guide)
    out_s[at] = np.concatenate(pieces.score)
    return Candidates(out_l, out_g, out_s, ptr, next_best, feasible, k)
