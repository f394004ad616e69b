"""The learning network: who learns from whom, as a sparse matrix, and the graph measures
computed on it (PageRank, components, sampled betweenness). scipy.sparse won the side-by-side
measurement against networkx, igraph and rustworkx (docs/benchmarks.md)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]
from scipy.sparse.csgraph import (  # type: ignore[import-untyped]
    connected_components,
    shortest_path,
)

from peoplefirst.insights.model import Floats, Ints, LearningEvents, TieKind


@dataclass(frozen=True)
class Weighting:
    """How much one event adds to the tie between two people (docs/insights.md):
    kind weight * 0.5^(age / half-life) * (1 + minutes / 60) * outcome, where outcome is
    rating / 5, or `unrated` when the learner gave no rating."""

    half_life_days: float = 90.0
    window_days: float = 365.0
    unrated: float = 0.6
    kinds: dict[TieKind, float] = field(
        default_factory=lambda: {
            TieKind.HELPED: 1.0,
            TieKind.MENTORED: 1.0,
            TieKind.COACHED: 1.0,
            TieKind.ENDORSED: 0.5,
        }
    )


def event_weights(events: LearningEvents, as_of: float, weighting: Weighting) -> Floats:
    """Each event's weight on `as_of`; 0 for events outside the window or in the future."""
    kind_weight = np.zeros(max(int(k) for k in TieKind) + 1)
    for kind, w in weighting.kinds.items():
        kind_weight[int(kind)] = w
    age = as_of - events.day
    recency = np.exp2(-np.maximum(age, 0.0) / weighting.half_life_days)
    outcome = np.where(events.rating > 0, events.rating / 5.0, weighting.unrated)
    weight: Floats = kind_weight[events.kind] * recency * (1.0 + events.minutes / 60.0) * outcome
    inside = (age >= 0) & (age <= weighting.window_days) & (events.helper != events.learner)
    return np.where(inside, weight, 0.0)


@dataclass(frozen=True)
class LearningNetwork:
    """`learns_from[i, j]`: the summed weight of what person j gave person i (helped,
    mentored, coached, endorsed), so rank flows towards the people others learn from."""

    learns_from: sp.csr_matrix
    as_of: float

    @property
    def people(self) -> int:
        return int(self.learns_from.shape[0])

    @property
    def ties(self) -> int:
        return int(self.learns_from.nnz)

    def undirected(self) -> sp.csr_matrix:
        """The ties as a symmetric 0/1 matrix: who is connected to whom, either way."""
        a = self.learns_from
        both = (a + a.T).tocsr()
        both.data = np.ones_like(both.data)
        return both


def learning_network(
    events: LearningEvents, people: int, as_of: float, weighting: Weighting | None = None
) -> LearningNetwork:
    """The network of the events in the window, each weighted by `event_weights`."""
    w = event_weights(events, as_of, weighting or Weighting())
    keep = w > 0
    matrix = sp.csr_matrix(
        (w[keep], (events.learner[keep], events.helper[keep])), shape=(people, people)
    )
    matrix.sum_duplicates()
    return LearningNetwork(matrix, as_of)


def pagerank(
    network: LearningNetwork, damping: float = 0.85, tol: float = 1e-10, max_iter: int = 500
) -> Floats:
    """Weighted PageRank on the learns-from network (sums to 1), by power iteration with
    networkx's convergence rule: stop when the L1 change is below people * tol (tight by
    default: the iterations are cheap and ranks of far-apart people stay comparable).
    People who learned from nobody spread their rank evenly."""
    a = network.learns_from
    n = network.people
    if n == 0:
        return np.zeros(0)
    out = np.asarray(a.sum(axis=1)).ravel()
    dangling = out == 0
    inverse = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out))
    flows_in = a.T.tocsr()
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = damping * rank[dangling].sum() / n + (1.0 - damping) / n
        new = damping * (flows_in @ (rank * inverse)) + spread
        change = float(np.abs(new - rank).sum())
        rank = new
        if change < n * tol:
            break
    result: Floats = rank / rank.sum()
    return result


@dataclass(frozen=True)
class Components:
    """Weakly connected groups of the network: `label` per person, their sizes, and the
    people with no learning tie at all."""

    label: Ints
    sizes: Ints
    unconnected: int

    @property
    def largest_share(self) -> float:
        """Share of the connected people who are in the largest group."""
        tied = self.sizes[self.sizes > 1]
        return float(tied.max() / tied.sum()) if len(tied) else 0.0


def components(network: LearningNetwork) -> Components:
    """Groups of people linked by learning ties, whichever way they go."""
    count, label = connected_components(network.learns_from, directed=True, connection="weak")
    sizes = np.bincount(label, minlength=count).astype(np.int64)
    return Components(label.astype(np.int64), sizes, int((sizes == 1).sum()))


def betweenness(
    network: LearningNetwork,
    pivots: int = 64,
    seed: int = 0,
    batch: int = 16,
    sources: Ints | None = None,
) -> Floats:
    """Share of shortest paths between people that pass through each person, on the
    undirected, unweighted ties: Brandes' algorithm from `pivots` sampled sources (all
    people when `pivots` >= people, which is exact), scaled by people / pivots and
    normalized as networkx does. `sources` overrides the sampled pivots. Distances come
    from scipy's breadth-first search, `batch` sources at a time; path counts and
    dependencies are then summed level by level over the shortest-path edges."""
    tie = network.undirected()
    n = network.people
    if n < 3:
        return np.zeros(n)
    if sources is None:
        rng = np.random.default_rng(seed)
        sources = np.arange(n) if pivots >= n else rng.choice(n, size=pivots, replace=False)
    tie.indices = tie.indices.astype(np.int32)
    row = np.repeat(np.arange(n, dtype=np.int32), np.diff(tie.indptr))
    total = np.zeros(n)
    for start in range(0, len(sources), batch):
        chosen = sources[start : start + batch]
        distance = shortest_path(tie, unweighted=True, indices=chosen)
        for k, source in enumerate(chosen):
            total += _dependencies(distance[k], int(source), row, tie.indices)
    scale = n / len(sources) / ((n - 1) * (n - 2))
    result: Floats = total * scale
    return result


def _dependencies(
    distance: Floats, source: int, row: npt.NDArray[np.int32], col: npt.NDArray[np.int32]
) -> Floats:
    """Brandes' dependency of `source` on every person, from its BFS distances: path
    counts forward and dependencies back, one level of shortest-path edges at a time."""
    n = len(distance)
    level = np.where(np.isfinite(distance), distance, -1).astype(np.int32)
    from_level = level[row]
    on_path = (from_level >= 0) & (level[col] == from_level + 1)
    u, v, at = row[on_path], col[on_path], from_level[on_path]
    order = np.argsort(at, kind="stable")
    u, v, at = u[order], v[order], at[order]
    bounds = np.searchsorted(at, np.arange(int(level.max()) + 1))
    paths = np.zeros(n)
    paths[source] = 1.0
    for start, end in itertools.pairwise(bounds):
        paths += np.bincount(v[start:end], weights=paths[u[start:end]], minlength=n)
    dependency = np.zeros(n)
    for start, end in itertools.pairwise(bounds[::-1]):
        a, b = u[end:start], v[end:start]
        share = paths[a] / paths[b] * (1.0 + dependency[b])
        dependency += np.bincount(a, weights=share, minlength=n)
    dependency[source] = 0.0
    return dependency


def in_strength(network: LearningNetwork) -> Floats:
    """Summed weight of everything each person gave others."""
    return np.asarray(network.learns_from.sum(axis=0)).ravel().astype(np.float64)


def people_helped(network: LearningNetwork) -> Ints:
    """How many distinct people learned from each person (the in-degree)."""
    return np.bincount(network.learns_from.indices, minlength=network.people).astype(np.int64)
