"""The learning network and its graph measures: hand-worked weights and small networks,
and PageRank, betweenness and components checked against networkx on random graphs."""

from __future__ import annotations

from datetime import date, datetime
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

from peoplefirst import insights as pf
from peoplefirst.insights.network import event_weights


@pytest.fixture
def nx() -> ModuleType:
    """networkx, the reference the graph measures are checked against (the `bench` extra)."""
    return pytest.importorskip("networkx")


AS_OF = 20_000.0


def events(rows: list[tuple[int, int, pf.TieKind, float, float, int, int]]) -> pf.LearningEvents:
    """(helper, learner, kind, age in days, minutes, rating, skill) per event, ages counted
    back from AS_OF."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    return pf.LearningEvents(
        helper=np.array(columns[0], dtype=np.int64),
        learner=np.array(columns[1], dtype=np.int64),
        kind=np.array([int(k) for k in columns[2]], dtype=np.int64),
        day=AS_OF - np.array(columns[3], dtype=np.float64),
        minutes=np.array(columns[4], dtype=np.float64),
        rating=np.array(columns[5], dtype=np.int64),
        skill=np.array(columns[6], dtype=np.int64),
        skill_names=("python", "sql"),
    )


@pytest.mark.parametrize(
    ("kind", "age", "minutes", "rating", "expected"),
    [
        (pf.TieKind.HELPED, 0, 60, 5, 2.0),  # 1 * 1 * (1 + 1) * 5/5
        (pf.TieKind.HELPED, 90, 60, 5, 1.0),  # one half-life
        (pf.TieKind.HELPED, 180, 0, 5, 0.25),  # two half-lives, a quick answer
        (pf.TieKind.MENTORED, 0, 120, 4, 2.4),  # 3 * 4/5
        (pf.TieKind.COACHED, 0, 0, 0, 0.6),  # unrated
        (pf.TieKind.ENDORSED, 0, 0, 0, 0.3),  # 0.5 * 0.6
        (pf.TieKind.HELPED, 366, 60, 5, 0.0),  # outside the year
        (pf.TieKind.HELPED, -1, 60, 5, 0.0),  # after as_of
    ],
)
def test_an_event_weighs_kind_recency_time_and_outcome(
    kind: pf.TieKind, age: float, minutes: float, rating: int, expected: float
) -> None:
    w = event_weights(events([(0, 1, kind, age, minutes, rating, 0)]), AS_OF, pf.Weighting())
    assert w[0] == pytest.approx(expected)


def test_helping_oneself_weighs_nothing() -> None:
    w = event_weights(events([(1, 1, pf.TieKind.HELPED, 0, 60, 5, 0)]), AS_OF, pf.Weighting())
    assert w[0] == 0.0


def test_the_network_points_from_learner_to_guide_and_sums_repeated_help() -> None:
    network = pf.learning_network(
        events(
            [
                (0, 1, pf.TieKind.HELPED, 0, 60, 5, 0),
                (0, 1, pf.TieKind.HELPED, 90, 60, 5, 0),
                (2, 1, pf.TieKind.ENDORSED, 0, 0, 0, -1),
            ]
        ),
        people=3,
        as_of=AS_OF,
    )
    assert network.ties == 2
    assert network.learns_from[1, 0] == pytest.approx(3.0)
    assert network.learns_from[1, 2] == pytest.approx(0.3)
    assert network.learns_from[0, 1] == 0


def random_network(n: int, ties: int, seed: int) -> pf.LearningNetwork:
    rng = np.random.default_rng(seed)
    a, b, w = rng.integers(0, n, ties), rng.integers(0, n, ties), rng.random(ties) + 0.1
    keep = a != b
    matrix = sp.csr_matrix((w[keep], (a[keep], b[keep])), shape=(n, n))
    matrix.sum_duplicates()
    return pf.LearningNetwork(matrix, AS_OF)


def as_networkx(nx: ModuleType, network: pf.LearningNetwork) -> Any:
    graph = nx.DiGraph()
    graph.add_nodes_from(range(network.people))
    tie = network.learns_from.tocoo()
    graph.add_weighted_edges_from(
        zip(tie.row.tolist(), tie.col.tolist(), tie.data.tolist(), strict=True)
    )
    return graph


@pytest.mark.parametrize(("n", "ties", "seed"), [(20, 40, 1), (60, 90, 2), (150, 600, 3)])
def test_pagerank_agrees_with_networkx(nx: ModuleType, n: int, ties: int, seed: int) -> None:
    network = random_network(n, ties, seed)
    theirs = nx.pagerank(as_networkx(nx, network), alpha=0.85, tol=1e-13, max_iter=1000)
    ours = pf.pagerank(network)
    assert ours.sum() == pytest.approx(1.0)
    assert np.allclose(ours, [theirs[i] for i in range(n)], atol=1e-9)


@pytest.mark.parametrize(("n", "ties", "seed"), [(12, 15, 1), (40, 60, 2), (90, 200, 3)])
def test_betweenness_from_every_source_is_networkx_exact_betweenness(
    nx: ModuleType, n: int, ties: int, seed: int
) -> None:
    network = random_network(n, ties, seed)
    theirs = nx.betweenness_centrality(as_networkx(nx, network).to_undirected())
    ours = pf.betweenness(network, pivots=n, batch=7)
    assert np.allclose(ours, [theirs[i] for i in range(n)], atol=1e-12)


def test_sampled_betweenness_finds_the_same_top_people() -> None:
    network = random_network(400, 700, 5)
    exact = pf.betweenness(network, pivots=400)
    sampled = pf.betweenness(network, pivots=100, seed=1)
    top = set(np.argsort(-exact)[:10].tolist())
    assert len(top & set(np.argsort(-sampled)[:20].tolist())) >= 8


@pytest.mark.parametrize(("n", "ties", "seed"), [(30, 20, 1), (100, 70, 2), (200, 400, 3)])
def test_components_agree_with_networkx(nx: ModuleType, n: int, ties: int, seed: int) -> None:
    network = random_network(n, ties, seed)
    found = pf.components(network)
    theirs = sorted(len(c) for c in nx.weakly_connected_components(as_networkx(nx, network)))
    assert sorted(found.sizes.tolist()) == theirs
    assert found.unconnected == sum(1 for size in theirs if size == 1)


@pytest.mark.parametrize(
    ("edges", "n", "expected"),
    [
        ([(0, 1), (1, 2)], 3, [0.0, 1.0, 0.0]),  # the middle of a path carries every path
        ([(0, 1), (0, 2), (0, 3)], 4, [1.0, 0.0, 0.0, 0.0]),  # the centre of a star
        ([(0, 1), (1, 2), (2, 0)], 3, [0.0, 0.0, 0.0]),  # a triangle has no go-between
    ],
)
def test_betweenness_by_hand(edges: list[tuple[int, int]], n: int, expected: list[float]) -> None:
    rows, cols = zip(*edges, strict=True)
    matrix = sp.csr_matrix((np.ones(len(edges)), (rows, cols)), shape=(n, n))
    assert pf.betweenness(pf.LearningNetwork(matrix, AS_OF), pivots=n).tolist() == expected


def test_records_map_directory_ids_to_rows() -> None:
    people = pf.People.from_records(
        [
            pf.PersonFacts(30, "Sales", "Lisbon", 3, date(2020, 1, 1), manager_id=10),
            pf.PersonFacts(10, "Sales", "Berlin", 6, date(2015, 1, 1)),
            pf.PersonFacts(20, "Data", "Lisbon", 4, date(2024, 6, 1), manager_id=10),
        ]
    )
    assert people.manager.tolist() == [1, -1, 1]
    assert [people.department_names[d] for d in people.department] == ["Sales", "Sales", "Data"]
    ties = pf.LearningEvents.from_records(
        [
            pf.LearningTie(10, 30, pf.TieKind.MENTORED, datetime(2025, 1, 2), "python", 60, 5),
            pf.LearningTie(20, 30, pf.TieKind.ENDORSED, datetime(2025, 1, 3), "sql"),
        ],
        people,
    )
    assert ties.helper.tolist() == [1, 2]
    assert ties.learner.tolist() == [0, 0]
    assert [ties.skill_names[s] for s in ties.skill] == ["python", "sql"]
    assert ties.rating.tolist() == [5, 0]
    assert ties.day[0] == pf.day_number(date(2025, 1, 2))
    with pytest.raises(ValueError, match="not among the people"):
        people.rows([99])
