"""An in-memory BM25 index over short documents (evidence texts, skill profiles)."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

D = TypeVar("D", bound=Hashable)


@dataclass(slots=True)
class BM25Index(Generic[D]):
    """Documents keyed by any hashable id. `k1` and `b` are BM25's usual parameters."""

    k1: float = 1.2
    b: float = 0.75
    _postings: dict[str, dict[D, int]] = field(default_factory=dict)
    _lengths: dict[D, int] = field(default_factory=dict)
    _terms_of: dict[D, tuple[str, ...]] = field(default_factory=dict)
    _total_length: int = 0

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, doc: D, terms: Iterable[str]) -> None:
        """Index `doc`, replacing what was indexed under the same id."""
        if doc in self._lengths:
            self.remove(doc)
        counts = Counter(terms)
        for term, tf in counts.items():
            self._postings.setdefault(term, {})[doc] = tf
        length = sum(counts.values())
        self._lengths[doc] = length
        self._terms_of[doc] = tuple(counts)
        self._total_length += length

    def remove(self, doc: D) -> None:
        length = self._lengths.pop(doc, None)
        if length is None:
            return
        self._total_length -= length
        for term in self._terms_of.pop(doc, ()):
            postings = self._postings[term]
            postings.pop(doc, None)
            if not postings:
                del self._postings[term]

    def idf(self, term: str) -> float:
        n = len(self._postings.get(term, ()))
        return math.log(1 + (len(self._lengths) - n + 0.5) / (n + 0.5))

    def score(self, query_terms: Iterable[str]) -> dict[D, float]:
        """BM25 score of every document that shares a term with the query."""
        if not self._lengths:
            return {}
        average = self._total_length / len(self._lengths) or 1.0
        k1, b = self.k1, self.b
        lengths = self._lengths
        scores: dict[D, float] = {}
        for term, query_tf in Counter(query_terms).items():
            postings = self._postings.get(term)
            if not postings:
                continue
            weight = self.idf(term) * query_tf
            for doc, tf in postings.items():
                norm = k1 * (1 - b + b * lengths[doc] / average)
                scores[doc] = scores.get(doc, 0.0) + weight * tf * (k1 + 1) / (tf + norm)
        return scores

    def top(self, query_terms: Iterable[str], k: int) -> list[tuple[D, float]]:
        scores = self.score(query_terms)
        return heapq.nsmallest(k, scores.items(), key=lambda item: (-item[1], str(item[0])))
