"""The auction solver (`matching.auction`) against OR-Tools' min-cost flow and scipy's
assignment on the capacity-expanded matrix: the same optimal total on hundreds of random
candidate graphs with ties, zero scores, guides without seats and learners without
candidates, in every mode (best score, most matches first, convex load penalty)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from peoplefirst.matching import auction, flow
from peoplefirst.matching.candidates import Candidates
from peoplefirst.matching.encoding import Ints

MODES = [(False, 0.0), (True, 0.0), (False, 0.3), (True, 0.5)]
MODE_IDS = ["score", "matches-first", "load", "matches-first-load"]


def candidates(li: Ints, gi: Ints, score: np.ndarray, n: int) -> Candidates:
    """Candidates from pairs sorted by learner."""
    counts = np.bincount(li, minlength=n).astype(np.int64)
    ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return Candidates(
        li.astype(np.int64), gi.astype(np.int64), score, ptr, np.full(n, -np.inf), counts, None
    )


def graph(rng: np.random.Generator, n: int, m: int, density: float) -> tuple[Candidates, Ints]:
    """Random candidates grouped by learner; scores on a coarse grid so ties abound."""
    capacity = rng.integers(0, 4, m)
    mask = rng.random((n, m)) < density
    mask[rng.random(n) < 0.1] = False  # learners with no candidate
    li, gi = np.nonzero(mask)
    grid = rng.choice([1, 4, 20])
    score = rng.integers(0, grid + 1, len(li)) / grid * rng.choice([0.5, 1.0, 2.3])
    return candidates(li, gi, score, n), capacity.astype(np.int64)


def value(cands: Candidates, capacity: Ints, assigned: Ints, load_weight: float) -> tuple[int, int]:
    """(learners matched, total scaled score less the seat costs of each guide's load)."""
    used = assigned[assigned >= 0]
    assert len(np.unique(cands.learner[used])) == len(used)
    assert all(cands.learner[e] == i for i, e in enumerate(assigned) if e >= 0)
    load = np.bincount(cands.guide[used], minlength=len(capacity))
    assert (load <= np.maximum(capacity, 0)).all()
    caps = np.maximum(capacity, 0)
    cost = flow.seat_costs(caps, load_weight)
    first = np.cumsum(caps) - caps
    penalty = sum(int(cost[first[g] : first[g] + load[g]].sum()) for g in range(len(caps)))
    return len(used), int(flow.scaled(cands.score[used]).sum()) - penalty


def expanded_optimum(cands: Candidates, capacity: Ints, matches_first: bool) -> int:
    """The best total (scaled scores) by scipy on the learner x seat matrix, a column of
    zeros per learner for staying unmatched; with `matches_first` a bonus per match."""
    n = len(cands.ptr) - 1
    seats = np.repeat(np.arange(len(capacity)), np.maximum(capacity, 0))
    s = flow.scaled(cands.score)
    bonus = (int(np.abs(s).sum()) + 1) if matches_first else 0
    scores = np.full((n, len(capacity)), -(10**12), dtype=np.int64)
    scores[cands.learner, cands.guide] = s + bonus
    matrix = np.concatenate([scores[:, seats], np.zeros((n, n), dtype=np.int64)], axis=1)
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    total = int(matrix[rows, cols].sum())
    return total % bonus if matches_first else total


@pytest.mark.parametrize(("first", "load_weight"), MODES, ids=MODE_IDS)
@pytest.mark.parametrize("seed", range(60))
def test_auction_reaches_the_flow_optimum(seed: int, first: bool, load_weight: float) -> None:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 14)), int(rng.integers(1, 7))
    cands, capacity = graph(rng, n, m, float(rng.choice([0.2, 0.5, 0.9])))
    kwargs = {"matches_first": first, "load_weight": load_weight}
    ours = flow.optimal(cands, capacity, solver="auction", **kwargs)  # type: ignore[arg-type]
    theirs = flow.optimal(cands, capacity, solver="ortools", **kwargs)  # type: ignore[arg-type]
    mine, best = (
        value(cands, capacity, ours, load_weight),
        value(cands, capacity, theirs, load_weight),
    )
    if first:
        assert mine == best
    else:
        assert mine[1] == best[1]
    if load_weight == 0:
        assert best[1] == expanded_optimum(cands, capacity, first)


@pytest.mark.parametrize(("first", "load_weight"), MODES, ids=MODE_IDS)
def test_auction_proves_its_optimum_without_falling_back(first: bool, load_weight: float) -> None:
    rng = np.random.default_rng(7)
    for _ in range(40):
        cands, capacity = graph(rng, int(rng.integers(1, 30)), int(rng.integers(1, 9)), 0.4)
        usable = np.flatnonzero(capacity[cands.guide] > 0)
        caps = np.maximum(capacity, 0)
        won = auction.solve(
            cands.learner[usable],
            cands.guide[usable],
            flow.scaled(cands.score[usable]),
            len(cands.ptr) - 1,
            caps,
            flow.seat_costs(caps, load_weight),
            matches_first=first,
        )
        assert won is not None


@pytest.mark.parametrize(("first", "load_weight"), MODES, ids=MODE_IDS)
def test_auction_on_a_larger_competitive_graph(first: bool, load_weight: float) -> None:
    """3,000 learners, 20 candidates each, for about 900 seats: heavy competition."""
    rng = np.random.default_rng(3)
    n, m, k = 3000, 400, 20
    li = np.repeat(np.arange(n), k)
    gi = np.concatenate([rng.choice(m, k, replace=False) for _ in range(n)])
    popular = rng.random(m) ** 2  # some guides everyone wants
    score = np.round(rng.random(n * k) * 0.5 + popular[gi], 3)
    cands = candidates(li, gi, score, n)
    capacity = rng.integers(0, 5, m)
    ours = flow.optimal(
        cands, capacity, matches_first=first, load_weight=load_weight, solver="auction"
    )
    theirs = flow.optimal(
        cands, capacity, matches_first=first, load_weight=load_weight, solver="ortools"
    )
    mine, best = (
        value(cands, capacity, ours, load_weight),
        value(cands, capacity, theirs, load_weight),
    )
    assert (mine if first else mine[1]) == (best if first else best[1])


def test_auction_edge_cases() -> None:
    def run(li: list[int], gi: list[int], score: list[float], n: int, caps: list[int]) -> Ints:
        cands = candidates(
            np.array(li, dtype=np.int64), np.array(gi, dtype=np.int64), np.array(score), n
        )
        return flow.optimal(cands, np.array(caps), matches_first=True, solver="auction")

    assert run([], [], [], 3, [1, 2]).tolist() == [-1, -1, -1]  # no candidates
    assert run([0, 1], [0, 0], [0.5, 0.7], 2, [0]).tolist() == [-1, -1]  # no seats
    assert sorted(run([0, 1], [0, 0], [0.0, 0.0], 2, [1]).tolist()) == [-1, 0]  # zero scores
    # the most matches first: learner 0 gives up its better guide so learner 1 is matched
    assert run([0, 0, 1], [0, 1, 0], [0.2, 0.9, 0.1], 2, [1, 1]).tolist() == [1, 2]
    assert run([0, 0, 1], [0, 1, 0], [0.9, 0.2, 0.1], 2, [1, 1]).tolist() == [1, 2]


def test_too_large_scores_fall_back_to_the_flow() -> None:
    n = 4
    cands = candidates(np.arange(n), np.zeros(n), np.array([1e12, 2e12, 3e12, 4e12]), n)
    capacity = np.array([2])
    caps = np.maximum(capacity, 0)
    assert (
        auction.solve(
            cands.learner,
            cands.guide,
            flow.scaled(cands.score),
            n,
            caps,
            flow.seat_costs(caps, 0.0),
            matches_first=True,
        )
        is None
    )
    assigned = flow.optimal(cands, capacity, matches_first=True, solver="auction")
    assert sorted(assigned[assigned >= 0].tolist()) == [2, 3]
