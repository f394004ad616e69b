"""Optimal many-to-one matching with capacities as a min-cost flow (OR-Tools).

Network: one node per learner (supply 1), per guide and a sink. A learner → guide arc per
candidate costs minus its score (scaled to integers); a learner → sink arc lets a learner
stay unmatched at cost 0; guide → sink arcs carry the capacity. With `load_weight` > 0 a
guide's capacity is split into unit arcs whose cost grows with each extra learner
(a convex load penalty: the second learner of a guide costs `load_weight / capacity`, the
third twice that…), so load spreads unless the scores say otherwise. With `matches_first`
a source feeds every learner and OR-Tools finds the maximum flow of minimum cost: the most
learners matched first, the best total score among those assignments second.

Large graphs go to an ε-scaling auction in compiled code (`auction`), 2-3 times faster
on the 50,000 x 10,000 benchmark graph; it proves its result optimal from its own prices
and, when it cannot, the same graph goes to OR-Tools. Small graphs stay with OR-Tools,
which wins there once importing numba and loading its compiled code is counted.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from ortools.graph.python import min_cost_flow

from peoplefirst.matching.candidates import Candidates
from peoplefirst.matching.encoding import Ints

SCORE_SCALE = 100_000  # scores become integers in units of 1e-5
AUCTION_ABOVE = 1_500_000  # candidate pairs from which "auto" uses the auction (measured)
Solver = Literal["auto", "auction", "ortools"]


def scaled(values: np.ndarray) -> Ints:
    return np.rint(np.asarray(values, dtype=np.float64) * SCORE_SCALE).astype(np.int64)


def optimal(
    cands: Candidates,
    capacity: Ints,
    *,
    matches_first: bool,
    load_weight: float = 0.0,
    solver: Solver = "auto",
) -> Ints:
    """Edge index (into `cands`) assigned to each learner, -1 when unmatched. `solver`:
    "auction" (OR-Tools when it cannot prove its result), "ortools", or "auto": the
    auction from `AUCTION_ABOVE` candidate pairs. Both give the same optimal total."""
    n = len(cands.ptr) - 1
    assigned = np.full(n, -1, dtype=np.int64)
    usable = np.flatnonzero(capacity[cands.guide] > 0)
    if len(usable) == 0:
        return assigned
    if solver == "auction" or (solver == "auto" and len(usable) >= AUCTION_ABOVE):
        from peoplefirst.matching import auction  # numba: imported only when used

        caps = np.maximum(capacity, 0)
        won = auction.solve(
            cands.learner[usable],
            cands.guide[usable],
            scaled(cands.score[usable]),
            n,
            caps,
            seat_costs(caps, load_weight),
            matches_first=matches_first,
        )
        if won is not None:
            mine = won >= 0
            assigned[mine] = usable[won[mine]]
            return assigned
    return _ortools(cands, capacity, usable, matches_first=matches_first, load_weight=load_weight)


def seat_costs(caps: Ints, load_weight: float) -> Ints:
    """Each seat's load penalty, guide by guide: the j-th seat (from 0) of a guide with c
    seats costs `load_weight * j / c`, scaled."""
    if load_weight <= 0:
        return np.zeros(int(caps.sum()), dtype=np.int64)
    owner = np.repeat(np.arange(len(caps), dtype=np.int64), caps)
    seat = np.arange(len(owner)) - np.repeat(np.cumsum(caps) - caps, caps)
    return np.rint(load_weight * seat / caps[owner] * SCORE_SCALE).astype(np.int64)


def _ortools(
    cands: Candidates, capacity: Ints, usable: Ints, *, matches_first: bool, load_weight: float
) -> Ints:
    n = len(cands.ptr) - 1
    assigned = np.full(n, -1, dtype=np.int64)
    # nodes: every learner, then every guide (isolated nodes cost OR-Tools nothing; this
    # spares two sorts of the edge list)
    nl, ng = n, len(capacity)
    l_node = cands.learner[usable]
    g_node = cands.guide[usable]
    sink = nl + ng
    score = scaled(cands.score[usable])
    caps = np.maximum(capacity, 0)
    if load_weight > 0:
        owner = np.repeat(np.arange(ng, dtype=np.int64), caps)
        seat_cost = seat_costs(caps, load_weight)
        seat_cap = np.ones(len(owner), dtype=np.int64)
    else:
        owner, seat_cost, seat_cap = (
            np.arange(ng, dtype=np.int64),
            np.zeros(ng, dtype=np.int64),
            caps,
        )
    flow = min_cost_flow.SimpleMinCostFlow()
    edges = flow.add_arcs_with_capacity_and_unit_cost(
        l_node.astype(np.int32),
        (nl + g_node).astype(np.int32),
        np.ones(len(usable), dtype=np.int64),
        -score,
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        (nl + owner).astype(np.int32),
        np.full(len(owner), sink, dtype=np.int32),
        seat_cap,
        seat_cost,
    )
    supplies = np.zeros(nl + ng + 2, dtype=np.int64)
    if matches_first:  # a source feeds the learners; the most flow first, then the least cost
        source = sink + 1
        flow.add_arcs_with_capacity_and_unit_cost(
            np.full(nl, source, dtype=np.int32),
            np.arange(nl, dtype=np.int32),
            np.ones(nl, dtype=np.int64),
            np.zeros(nl, dtype=np.int64),
        )
        supplies[source] = nl
    else:  # a learner may stay unmatched at no cost
        flow.add_arcs_with_capacity_and_unit_cost(
            np.arange(nl, dtype=np.int32),
            np.full(nl, sink, dtype=np.int32),
            np.ones(nl, dtype=np.int64),
            np.zeros(nl, dtype=np.int64),
        )
        supplies[:nl] = 1
    supplies[sink] = -nl
    flow.set_nodes_supplies(np.arange(nl + ng + 2, dtype=np.int32), supplies)
    status = flow.solve_max_flow_with_min_cost() if matches_first else flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    used = usable[flow.flows(edges) > 0]
    assigned[cands.learner[used]] = used
    return assigned


def greedy(cands: Candidates, capacity: Ints) -> Ints:
    """Best-scoring pairs first, skipping taken learners and full guides."""
    n = len(cands.ptr) - 1
    assigned = [-1] * n
    left = capacity.tolist()
    learner, guide = cands.learner.tolist(), cands.guide.tolist()
    open_learners = int(np.count_nonzero(cands.ptr[1:] > cands.ptr[:-1]))
    seats = int(capacity.sum())
    for e in np.argsort(-cands.score, kind="stable").tolist():
        lrn, gd = learner[e], guide[e]
        if assigned[lrn] < 0 and left[gd] > 0:
            assigned[lrn] = e
            left[gd] -= 1
            open_learners -= 1
            seats -= 1
            if open_learners == 0 or seats == 0:
                break
    return np.array(assigned, dtype=np.int64)
