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
        figures = "  ".join(f"{m} {self.scores[m]:.3f}" for m in METRICS)
        return f"{self.method:<14} {figures}  queries {self.queries}"


def evaluate_methods(dataset: Dataset, methods: list[Method] | None = None) -> list[MethodResult]:
    """Mean metrics per method over the queries that have at least one relevant person."""
    index = ExpertIndex(dataset.documents)
    pool = dataset.candidates if dataset.candidates is not None else dataset.people
    queries = [q for q in dataset.queries if dataset.relevant.get(q.id)]
    results = []
    for method in methods or list(Method):
        totals = dict.fromkeys(METRICS, 0.0)
        for query in queries:
            ranked = [r.person for r in index.rank(query.text, method, people=pool)]
            # People no document matched come last, in a fixed order.
            seen = set(ranked)
            ranked += sorted(p for p in pool if p not in seen)
            for metric, value in evaluate(ranked, dataset.relevant[query.id]).items():
                totals[metric] += value
        n = len(queries) or 1
        results.append(
            MethodResult(method.value, len(queries), {m: v / n for m, v in totals.items()})
        )
    return results
