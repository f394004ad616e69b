"""Running every expert-search method over a dataset and averaging the metrics."""

from __future__ import annotations

from dataclasses import dataclass

from peoplefirst.evaluation.dataset import Dataset
from peoplefirst.evaluation.metrics import METRICS, evaluate
from peoplefirst.ranking.experts import ExpertIndex, Method


@dataclass(frozen=True, slots=True)
class MethodResult:
    method: str
    queries: int
    scores: dict[str, float]

    def line(self) -> str:
        names = [*METRICS, *(m for m in self.scores if m not in METRICS)]
        figures = "  ".join(f"{m} {self.scores[m]:.3f}" for m in names)
        return f"{self.method:<14} {figures}  queries {self.queries}"


def evaluate_methods(dataset: Dataset, methods: list[Method] | None = None) -> list[MethodResult]:
    """Mean metrics per method over the queries that have at least one relevant person."""
    index = ExpertIndex(dataset.documents)
    pool = dataset.candidates if dataset.candidates is not None else dataset.people
    queries = [q for q in dataset.queries if dataset.relevant.get(q.id)]
    results = []
    for method in methods or list(Method):
        totals = dict.fromkeys(METRICS, 0.0)
        top10: dict[str, list[str]] = {}
        for query in queries:
            ranked = [r.person for r in index.rank(query.text, method, people=pool)]
            # People no document matched come last, in a fixed order.
            seen = set(ranked)
            ranked += sorted(p for p in pool if p not in seen)
            top10[query.id] = ranked[:10]
            for metric, value in evaluate(ranked, dataset.relevant[query.id]).items():
                totals[metric] += value
        n = len(queries) or 1
        scores = {m: v / n for m, v in totals.items()}
        if dataset.hidden_experts:
            scores[HIDDEN_RECALL] = _hidden_recall(dataset.hidden_experts, top10)
        results.append(MethodResult(method.value, len(queries), scores))
    return results


HIDDEN_RECALL = "hidden@10"


def _hidden_recall(hidden: dict[str, str], top10: dict[str, list[str]]) -> float:
    """Share of hidden experts found in the top 10 for a need about their skill."""
    asked = {p: k for p, k in hidden.items() if f"q-{k}" in top10}
    if not asked:
        return 0.0
    return sum(p in top10[f"q-{k}"] for p, k in asked.items()) / len(asked)
