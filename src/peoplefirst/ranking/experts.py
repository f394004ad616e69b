"""Expert search over documents people wrote: the classic models of the literature.

- *Document-centric* (Balog et al.'s Model 2; Macdonald & Ounis' voting models): retrieve
  documents for the need, then let each retrieved document vote for its authors.
- *Profile-centric* (Model 1): each person's documents concatenated into one profile,
  ranked by BM25 directly.
- *Fused*: both, each scaled to its best score, summed (measured in docs/benchmarks.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from peoplefirst.ranking.bm25 import BM25Index
from peoplefirst.ranking.text import terms


@dataclass(frozen=True, slots=True)
class Document:
    """A text a person wrote or is credited with."""

    id: str
    text: str
    people: tuple[str, ...]


class Method(StrEnum):
    """The ranking methods; `docs/evaluation.md` says what each does and how it measures."""

    VOTES = "bm25-votes"
    COMBSUM = "bm25-combsum"
    MODEL2 = "bm25-model2"
    PROFILE = "bm25-profile"
    FUSED = "bm25-fused"


RETRIEVED_DOCUMENTS = 1000
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Ranked:
    person: str
    score: float


class ExpertIndex:
    """Indexes documents and the people credited with them; ranks people for a need."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents: dict[str, Document] = {}
        self.by_person: dict[str, list[str]] = {}
        self.document_index: BM25Index[str] = BM25Index()
        document_terms: dict[str, list[str]] = {}
        for document in documents:
            self.documents[document.id] = document
            document_terms[document.id] = terms(document.text)
            self.document_index.add(document.id, document_terms[document.id])
            for person in document.people:
                self.by_person.setdefault(person, []).append(document.id)
        self.profile_index: BM25Index[str] = BM25Index()
        for person, ids in self.by_person.items():
            self.profile_index.add(person, [t for d in ids for t in document_terms[d]])

    def rank(
        self, need: str, method: Method, *, people: Sequence[str] | None = None
    ) -> list[Ranked]:
        """People ranked for `need`, best first; `people` restricts whom to rank."""
        query = terms(need)
        scores = _METHODS[method](self, query)
        allowed = set(people) if people is not None else None
        ranked = [Ranked(p, s) for p, s in scores.items() if allowed is None or p in allowed]
        ranked.sort(key=lambda r: (-r.score, r.person))
        return ranked

    def retrieved(self, query: list[str]) -> list[tuple[str, float]]:
        return self.document_index.top(query, RETRIEVED_DOCUMENTS)


def _votes(index: ExpertIndex, query: list[str]) -> dict[str, float]:
    """Each retrieved document gives each author the reciprocal of its rank."""
    scores: dict[str, float] = {}
    for rank, (doc, _) in enumerate(index.retrieved(query), start=1):
        for person in index.documents[doc].people:
            scores[person] = scores.get(person, 0.0) + 1.0 / rank
    return scores


def _combsum(index: ExpertIndex, query: list[str]) -> dict[str, float]:
    """Each retrieved document gives each author its score, scaled to the best one."""
    retrieved = index.retrieved(query)
    if not retrieved:
        return {}
    best = retrieved[0][1] or 1.0
    scores: dict[str, float] = {}
    for doc, score in retrieved:
        for person in index.documents[doc].people:
            scores[person] = scores.get(person, 0.0) + score / best
    return scores


def _model2(index: ExpertIndex, query: list[str]) -> dict[str, float]:
    """Balog's Model 2: p(q|person) = Σ_d p(q|d)·p(d|person), with p(q|d) a softmax of BM25.

    The softmax temperature is the spread of the retrieved scores, so the few documents
    that match far better than the rest carry the ranking, whatever the query's length.
    """
    retrieved = index.retrieved(query)
    if not retrieved:
        return {}
    values = [s for _, s in retrieved]
    top = values[0]
    spread = _spread(values) or 1.0
    scores: dict[str, float] = {}
    for doc, score in retrieved:
        weight = math.exp((score - top) / spread)
        for person in index.documents[doc].people:
            share = 1.0 / len(index.by_person[person])  # p(d|person): a uniform author prior
            scores[person] = scores.get(person, 0.0) + weight * share**0.5
    return scores


def _spread(values: Sequence[float]) -> float:
    head = values[: min(len(values), 100)]
    mean = sum(head) / len(head)
    return math.sqrt(sum((v - mean) ** 2 for v in head) / len(head))


def _profile(index: ExpertIndex, query: list[str]) -> dict[str, float]:
    return index.profile_index.score(query)


def _fused(index: ExpertIndex, query: list[str]) -> dict[str, float]:
    """The document- and profile-centric scores, each scaled to its best, summed."""
    return normalized_sum([_combsum(index, query), _profile(index, query)])


def normalized_sum(
    rankings: Sequence[Mapping[K, float]], weights: Sequence[float] | None = None
) -> dict[K, float]:
    """Each ranking's scores divided by its best, weighted, summed per person."""
    fused: dict[K, float] = {}
    for scores, weight in zip(rankings, weights or [1.0] * len(rankings), strict=True):
        best = max(scores.values(), default=0.0) or 1.0
        for person, score in scores.items():
            fused[person] = fused.get(person, 0.0) + weight * score / best
    return fused


_METHODS: dict[Method, Callable[[ExpertIndex, list[str]], dict[str, float]]] = {
    Method.VOTES: _votes,
    Method.COMBSUM: _combsum,
    Method.MODEL2: _model2,
    Method.PROFILE: _profile,
    Method.FUSED: _fused,
}
