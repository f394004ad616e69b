"""Ranking metrics, averaged over queries: MAP, P@k, MRR, nDCG@k (binary relevance)."""

from __future__ import annotations

import math
from collections.abc import Sequence, Set


def average_precision(ranking: Sequence[str], relevant: Set[str]) -> float:
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, item in enumerate(ranking, start=1):
        if item in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def precision_at(ranking: Sequence[str], relevant: Set[str], k: int) -> float:
    return sum(1 for item in ranking[:k] if item in relevant) / k


def reciprocal_rank(ranking: Sequence[str], relevant: Set[str]) -> float:
    for i, item in enumerate(ranking, start=1):
        if item in relevant:
            return 1.0 / i
    return 0.0


def ndcg_at(ranking: Sequence[str], relevant: Set[str], k: int) -> float:
    gain = sum(
        1 / math.log2(i + 1) for i, item in enumerate(ranking[:k], start=1) if item in relevant
    )
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(relevant), k) + 1))
    return gain / ideal if ideal else 0.0


METRICS = ("MAP", "P@5", "P@10", "MRR", "nDCG@10")


def evaluate(ranking: Sequence[str], relevant: Set[str]) -> dict[str, float]:
    return {
        "MAP": average_precision(ranking, relevant),
        "P@5": precision_at(ranking, relevant, 5),
        "P@10": precision_at(ranking, relevant, 10),
        "MRR": reciprocal_rank(ranking, relevant),
        "nDCG@10": ndcg_at(ranking, relevant, 10),
    }
