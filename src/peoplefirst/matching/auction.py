"""Exact many-to-one max-weight matching by an ε-scaling auction (numba).

The problem is `flow.optimal`'s: learners take at most one seat, guide g has `capacity[g]`
identical seats (seat j costing `seat_cost[j]`, the convex load penalty), a learner may stay
unmatched at value 0. Each seat is an object with its own price; a learner bids on the
cheapest seat of its best guide (Bertsekas' auction with similar objects), outbidding its
holder, and learners whose best value is not positive stay out. Prices, and the seats of
learners still within the new ε of their best, are kept from phase to phase while ε falls;
after each phase a reverse pass lets every free seat with a positive price take a learner
or drop its price to 0 (without it the dual would certify nothing).

Exactness: weights are integers multiplied by `mult` = learners + 1, so a final state
within ε = 1 of complementary slackness is within `mult` of the optimum and hence optimal.
It is not taken on trust: `solve` proves it from the prices (a dual solution) and the
seats taken, term by term, and reports failure so the caller falls back to OR-Tools.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from peoplefirst.matching.encoding import Ints

BIG = np.int64(1) << 62  # the price of a seat that does not exist
LIMIT = np.int64(1) << 60  # largest weight the bids may see without overflowing
BUDGET = 2  # bids or reverse steps per pair, learner and seat in one phase, at most
THETA = 16  # ε falls by this factor per phase (measured: 4, 6, 10, 16)


@njit(cache=True)
def _refresh(g: int, seat_ptr: Ints, eff: Ints, gmin: Ints, gseat: Ints, gsec: Ints) -> None:
    """The cheapest and second cheapest seat of guide g (price plus seat cost)."""
    best, second, at = BIG, BIG, -1
    for s in range(seat_ptr[g], seat_ptr[g + 1]):
        if eff[s] < best:
            second, best, at = best, eff[s], s
        elif eff[s] < second:
            second = eff[s]
    gmin[g], gseat[g], gsec[g] = best, at, second


@njit(cache=True)
def _forward(
    ptr: Ints,
    eguide: Ints,
    weight: Ints,
    seat_ptr: Ints,
    seat_cost: Ints,
    state: tuple[Ints, Ints, Ints, Ints, Ints, Ints],
    gmin: Ints,
    gseat: Ints,
    gsec: Ints,
    eps: np.int64,
    limit: int,
) -> int:
    """One auction phase: learners not within ε of their best value (0 for staying out)
    give up their seat and bid until each holds a seat within ε of its best value or its
    best value is not positive, or `limit` bids are made. Returns the number of bids."""
    price, eff, holder, own, seat_of, profit = state
    n = len(ptr) - 1
    size = n + 1
    queue = np.empty(size, dtype=np.int64)
    tail = 0
    for i in range(n):
        best = np.int64(0)
        for e in range(ptr[i], ptr[i + 1]):
            v = weight[e] - gmin[eguide[e]]
            if v > best:
                best = v
        if own[i] >= 0:
            if profit[i] >= best - eps:
                continue
            holder[seat_of[i]] = -1  # its price stays: the reverse pass lowers it
            own[i], seat_of[i], profit[i] = -1, -1, 0
        elif best <= 0:
            continue
        queue[tail] = i
        tail += 1
    head, count, bids = 0, tail, 0
    while count > 0 and bids <= limit:
        i = queue[head]
        head = (head + 1) % size
        count -= 1
        v1, v2, e1 = -BIG, np.int64(0), -1
        for e in range(ptr[i], ptr[i + 1]):
            v = weight[e] - gmin[eguide[e]]
            if v > v1:
                if v1 > v2:
                    v2 = v1
                v1, e1 = v, e
            elif v > v2:
                v2 = v
        if e1 < 0 or v1 <= 0:
            continue  # stays out
        g = eguide[e1]
        if gsec[g] < BIG:  # the guide's next seat is a second choice too
            v = weight[e1] - gsec[g]
            if v > v2:
                v2 = v
        s = gseat[g]
        eff[s] = weight[e1] - v2 + eps
        price[s] = eff[s] - seat_cost[s]
        h = holder[s]
        if h >= 0:
            own[h], seat_of[h], profit[h] = -1, -1, 0
            queue[tail] = h
            tail = (tail + 1) % size
            count += 1
        holder[s], own[i], seat_of[i], profit[i] = i, e1, s, v2 - eps
        _refresh(g, seat_ptr, eff, gmin, gseat, gsec)
        bids += 1
    return bids


@njit(cache=True)
def _reverse(
    seat_ptr: Ints,
    seat_guide: Ints,
    seat_cost: Ints,
    state: tuple[Ints, Ints, Ints, Ints, Ints, Ints],
    gmin: Ints,
    gseat: Ints,
    gsec: Ints,
    guide_side: tuple[Ints, Ints, Ints, Ints],
    eps: np.int64,
    limit: int,
) -> int:
    """Free seats with a positive price bid for learners (reverse auction, price floor 0)
    until every free seat costs 0 (or `limit` steps are made); keeps ε-complementary
    slackness. Returns the steps."""
    price, eff, holder, own, seat_of, profit = state
    gptr, g_learner, g_weight, g_edge = guide_side
    nseats = len(price)
    size = nseats + 1
    queue = np.empty(size, dtype=np.int64)
    tail = 0
    for s in range(nseats):
        if holder[s] < 0 and price[s] > 0:
            queue[tail] = s
            tail += 1
    head, count, steps = 0, tail, 0
    while count > 0 and steps <= limit:
        s = queue[head]
        head = (head + 1) % size
        count -= 1
        if holder[s] >= 0 or price[s] <= 0:
            continue
        steps += 1
        g = seat_guide[s]
        b1, b2, t1 = -BIG, -BIG, -1
        for t in range(gptr[g], gptr[g + 1]):
            v = g_weight[t] - profit[g_learner[t]]
            if v > b1:
                b2, b1, t1 = b1, v, t
            elif v > b2:
                b2 = v
        b1 -= seat_cost[s]
        b2 -= seat_cost[s]
        if b1 <= eps:  # nobody gains more than ε from it: the seat stays free, at 0
            price[s], eff[s] = 0, seat_cost[s]
            _refresh(g, seat_ptr, eff, gmin, gseat, gsec)
            continue
        i = g_learner[t1]
        price[s] = max(np.int64(0), b2 - eps)
        eff[s] = price[s] + seat_cost[s]
        o = seat_of[i]
        if o >= 0:
            holder[o] = -1
            if price[o] > 0:
                queue[tail] = o
                tail = (tail + 1) % size
                count += 1
        holder[s], own[i], seat_of[i] = i, g_edge[t1], s
        profit[i] = g_weight[t1] - eff[s]
        _refresh(g, seat_ptr, eff, gmin, gseat, gsec)
    return steps


@njit(cache=True)
def _gap(
    ptr: Ints,
    eguide: Ints,
    weight: Ints,
    seat_cost: Ints,
    state: tuple[Ints, Ints, Ints, Ints, Ints, Ints],
    gmin: Ints,
    mult: int,
) -> int:
    """The dual objective (the seat prices, each learner's best value at them) minus the
    assignment's value, summed as nonnegative terms, one per seat and learner, stopping
    once it reaches `mult`; -1 when the state is inconsistent."""
    price, _, holder, own, seat_of, _ = state
    gap = np.int64(0)
    for s in range(len(price)):
        if price[s] < 0:
            return -1
        if holder[s] < 0:
            gap += price[s]
    for i in range(len(ptr) - 1):
        u = np.int64(0)
        for e in range(ptr[i], ptr[i + 1]):
            v = weight[e] - gmin[eguide[e]]
            if v > u:
                u = v
        if own[i] >= 0:
            s = seat_of[i]
            if holder[s] != i or own[i] < ptr[i] or own[i] >= ptr[i + 1]:
                return -1
            u += price[s] - (weight[own[i]] - seat_cost[s])
        gap += u
        if gap >= mult:
            break
    return int(gap)


@njit(cache=True)
def _solve(
    ptr: Ints,
    eguide: Ints,
    weight: Ints,
    seat_ptr: Ints,
    seat_cost: Ints,
    mult: int,
    theta: int,
    budget: int,
) -> tuple[Ints, int]:
    n, m = len(ptr) - 1, len(seat_ptr) - 1
    nseats = seat_ptr[m]
    seat_guide = np.empty(nseats, dtype=np.int64)
    for g in range(m):
        for s in range(seat_ptr[g], seat_ptr[g + 1]):
            seat_guide[s] = g
    state = (
        np.zeros(nseats, dtype=np.int64),  # price
        seat_cost.copy(),  # eff: price + seat cost
        np.full(nseats, -1, dtype=np.int64),  # holder
        np.full(n, -1, dtype=np.int64),  # own: the learner's edge
        np.full(n, -1, dtype=np.int64),  # seat_of
        np.zeros(n, dtype=np.int64),  # profit: weight less eff of its seat, 0 when out
    )
    eff = state[1]
    gmin = np.empty(m, dtype=np.int64)
    gseat = np.empty(m, dtype=np.int64)
    gsec = np.empty(m, dtype=np.int64)
    for g in range(m):
        _refresh(g, seat_ptr, eff, gmin, gseat, gsec)
    # the edges by guide, for the reverse passes
    gptr = np.zeros(m + 1, dtype=np.int64)
    for e in range(len(eguide)):
        gptr[eguide[e] + 1] += 1
    for g in range(m):
        gptr[g + 1] += gptr[g]
    fill = gptr[:-1].copy()
    g_learner = np.empty(len(eguide), dtype=np.int64)
    g_weight = np.empty(len(eguide), dtype=np.int64)
    g_edge = np.empty(len(eguide), dtype=np.int64)
    for i in range(n):
        for e in range(ptr[i], ptr[i + 1]):
            t = fill[eguide[e]]
            g_learner[t], g_weight[t], g_edge[t] = i, weight[e], e
            fill[eguide[e]] += 1
    guide_side = (gptr, g_learner, g_weight, g_edge)
    top = np.int64(0)
    for e in range(len(weight)):
        top = max(top, weight[e])
    eps = max(np.int64(1), top // theta)
    while True:
        bids = _forward(
            ptr, eguide, weight, seat_ptr, seat_cost, state, gmin, gseat, gsec, eps, budget
        )
        # free seats end each phase at price 0, so the next phase starts near its optimum
        steps = _reverse(
            seat_ptr, seat_guide, seat_cost, state, gmin, gseat, gsec, guide_side, eps, budget
        )
        if bids > budget or steps > budget:  # a price war: leave it to the flow
            return state[3], -1
        if eps == 1:
            break
        eps = max(np.int64(1), eps // theta)
    return state[3], _gap(ptr, eguide, weight, seat_cost, state, gmin, mult)


def solve(
    learner: Ints,
    guide: Ints,
    score: Ints,
    n: int,
    capacity: Ints,
    seat_cost: Ints,
    *,
    matches_first: bool,
    theta: int = THETA,
) -> Ints | None:
    """Edge chosen for each of the `n` learners (-1: none) maximizing the total of `score`
    less the seat costs (`seat_cost`: per seat, guide by guide, cheapest first), with the
    most learners matched first when `matches_first` (a bonus per match larger than any
    difference in score); None when weights are too large for exact integer bids, a phase
    exceeds its budget of bids (a price war) or optimality is not proven: the caller then
    falls back to the flow.

    Edges must be grouped by learner (in learner order) and lead to guides with
    capacity > 0."""
    counts = np.bincount(learner, minlength=n)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    seat_ptr = np.zeros(len(capacity) + 1, dtype=np.int64)
    np.cumsum(np.maximum(capacity, 0), out=seat_ptr[1:])
    if len(score) == 0:
        return np.full(n, -1, dtype=np.int64)
    mult = int(np.count_nonzero(counts)) + 1  # ε = 1 on weights times this is exact
    bonus = 0
    if matches_first:  # one more match outweighs any difference in score
        hi = int(score.max())
        lo = int(score.min()) - (int(seat_cost.max()) if len(seat_cost) else 0)
        bonus = min(mult - 1, int(seat_ptr[-1])) * (hi - lo) + max(0, -lo) + 1
    if (int(np.abs(score).max()) + bonus) * mult >= int(LIMIT):
        return None
    own, gap = _solve(
        ptr,
        guide.astype(np.int64),
        (score.astype(np.int64) + bonus) * mult,
        seat_ptr,
        seat_cost.astype(np.int64) * mult,
        mult,
        theta,
        BUDGET * (len(score) + n + int(seat_ptr[-1])) + 1000,
    )
    if gap < 0 or gap >= mult:
        return None
    result: Ints = own
    return result
