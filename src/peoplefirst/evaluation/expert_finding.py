"""Running every expert-search method over a dataset and averaging the metrics."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from peoplefirst.evaluation.dataset import Dataset
from peoplefirst.evaluation.metrics import METRICS, evaluate
from peoplefirst.ranking.experts import ExpertIndex, Method, normalized_sum
from peoplefirst.ranking.semantic import (
    Embedder,
    SemanticIndex,
    semantic_available,
    semantic_scores,
)


@dataclass(frozen=True, slots=True)
class MethodResult:
    method: str
    queries: int
    scores: dict[str, float]

    def line(self) -> str:
        names = [*METRICS, *(m for m in self.scores if m not in METRICS)]
        figures = "  ".join(f"{m} {self.scores[m]:.3f}" for m in names)
        return f"{self.method:<14} {figures}  queries {self.queries}"


SEMANTIC = "semantic"
SEMANTIC_FUSED = "semantic-fused"
SEMANTIC_METHODS = (SEMANTIC, SEMANTIC_FUSED)
ALL_METHODS = (*(m.value for m in Method), *SEMANTIC_METHODS)

Ranker = Callable[[str], dict[str, float]]


def _rankers(dataset: Dataset, methods: Sequence[str]) -> dict[str, Ranker]:
    """One scoring function per method; the semantic ones embed the corpus once."""
    index = ExpertIndex(dataset.documents)
    rankers: dict[str, Ranker] = {}
    semantic: SemanticIndex | None = None
    for name in methods:
        if name in SEMANTIC_METHODS:
            if semantic is None:
                semantic = SemanticIndex(dataset.documents, Embedder())
            rankers[name] = _semantic_ranker(index, semantic, fused=name == SEMANTIC_FUSED)
        else:
            rankers[name] = _lexical_ranker(index, Method(name))
    return rankers


def _lexical_ranker(index: ExpertIndex, method: Method) -> Ranker:
    def rank(need: str) -> dict[str, float]:
        return {r.person: r.score for r in index.rank(need, method)}

    return rank


def _semantic_ranker(index: ExpertIndex, semantic: SemanticIndex, *, fused: bool) -> Ranker:
    def rank(need: str) -> dict[str, float]:
        meaning = semantic_scores(semantic, need)
        if not fused:
            return meaning
        words = {r.person: r.score for r in index.rank(need, Method.COMBSUM)}
        return normalized_sum([meaning, words])

    return rank


def default_methods() -> list[str]:
    """Every lexical method, and the semantic ones when the extra is installed."""
    return list(ALL_METHODS) if semantic_available() else [m.value for m in Method]


def evaluate_methods(dataset: Dataset, methods: Sequence[str] | None = None) -> list[MethodResult]:
    """Mean metrics per method over the queries that have at least one relevant person."""
    chosen = list(methods) if methods else default_methods()
    rankers = _rankers(dataset, chosen)
    pool = dataset.candidates if dataset.candidates is not None else dataset.people
    allowed = set(pool)
    queries = [q for q in dataset.queries if dataset.relevant.get(q.id)]
    results = []
    for name in chosen:
        totals = dict.fromkeys(METRICS, 0.0)
        top10: dict[str, list[str]] = {}
        for query in queries:
            scores = rankers[name](query.text)
            ranked = sorted((p for p in scores if p in allowed), key=lambda p: (-scores[p], p))
            # People no document matched come last, in a fixed order.
            seen = set(ranked)
            ranked += sorted(p for p in pool if p not in seen)
            top10[query.id] = ranked[:10]
            for metric, value in evaluate(ranked, dataset.relevant[query.id]).items():
                totals[metric] += value
        n = len(queries) or 1
        means = {m: v / n for m, v in totals.items()}
        if dataset.hidden_experts:
            means[HIDDEN_RECALL] = _hidden_recall(dataset.hidden_experts, top10)
        results.append(MethodResult(name, len(queries), means))
    return results


HIDDEN_RECALL = "hidden@10"


def _hidden_recall(hidden: dict[str, str], top10: dict[str, list[str]]) -> float:
    """Share of hidden experts found in the top 10 for a need about their skill."""
    asked = {p: k for p, k in hidden.items() if f"q-{k}" in top10}
    if not asked:
        return 0.0
    return sum(p in top10[f"q-{k}"] for p, k in asked.items()) / len(asked)
