"""Measuring the organization's expert finder (profiles + evidence) on a sample organization.

The needs and the truth are those of `sample_dataset`; unlike the text-only methods, the
finder also reads what profiles say (skills, levels, sources, endorsements), as it does in
the app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from peoplefirst.domain.records import SkillRecord
from peoplefirst.evaluation.expert_finding import HIDDEN_RECALL, MethodResult, _hidden_recall
from peoplefirst.evaluation.metrics import METRICS, evaluate
from peoplefirst.evaluation.sample_dataset import sample_dataset
from peoplefirst.ranking.org import (
    SEMANTIC_WEIGHT,
    EvidenceText,
    OrgExpertIndex,
    SkillClaim,
    SkillEntry,
    evidence_words,
)
from peoplefirst.ranking.semantic import Embedder, SemanticEvidence, semantic_available
from peoplefirst.sample_org import REFERENCE_DATE, generate_organization

VARIANTS = {
    "org-skills": frozenset({"skills"}),
    "org-evidence": frozenset({"evidence"}),
    "org-fused": frozenset({"skills", "evidence"}),
}


def evaluate_org_finder(
    *,
    people: int,
    seed: int,
    taxonomy: Sequence[SkillRecord],
    queries: int = 100,
    semantic: bool | None = None,
    semantic_weights: Sequence[float] = (SEMANTIC_WEIGHT,),
) -> list[MethodResult]:
    """Each variant's figures; with `semantic` (default: when the extra is installed), also
    `org-fused-semantic`, the app's finder with sentence embeddings beside BM25, once per
    weight in `semantic_weights` (named with the weight when there are several)."""
    dataset, hidden = sample_dataset(people=people, seed=seed, taxonomy=taxonomy, queries=queries)
    claims: list[SkillClaim] = []
    evidence: list[EvidenceText] = []
    for batch in generate_organization(people=people, seed=seed, taxonomy=taxonomy):
        endorsed = Counter((e.endorsee_id, e.skill_key) for e in batch.endorsements)
        claims += [
            SkillClaim(
                r.person_id,
                r.skill_key,
                int(r.level),
                r.source.value,
                endorsed[(r.person_id, r.skill_key)],
            )
            for r in batch.person_skills
        ]
        evidence += [
            EvidenceText(e.id, e.title, e.body, e.credited_person_ids) for e in batch.evidence
        ]
    skills = [SkillEntry(s.key, s.name, s.aliases, s.parent_key) for s in taxonomy]
    # As the app would see it on the day the organization describes.
    index = OrgExpertIndex(skills, claims, evidence, today=REFERENCE_DATE)
    variants: list[tuple[str, OrgExpertIndex, frozenset[str]]] = [
        (name, index, signals) for name, signals in VARIANTS.items()
    ]
    if semantic_available() if semantic is None else semantic:
        embedder = Embedder()
        vectors = embedder.embed([evidence_words(e) for e in evidence])
        for weight in semantic_weights:
            with_semantic = OrgExpertIndex(
                skills,
                claims,
                evidence,
                today=REFERENCE_DATE,
                semantic=SemanticEvidence(
                    embedder, {e.id: v for e, v in zip(evidence, vectors, strict=True)}
                ),
                semantic_weight=weight,
            )
            suffix = f"@{weight:g}" if len(semantic_weights) > 1 else ""
            variants.append((f"org-fused-semantic{suffix}", with_semantic, VARIANTS["org-fused"]))
    results = []
    for name, index, signals in variants:
        totals = dict.fromkeys(METRICS, 0.0)
        top10: dict[str, list[str]] = {}
        for query in dataset.queries:
            ranked = [
                str(m.person)
                for m in index.find(query.text, limit=len(dataset.people), signals=signals)
            ]
            top10[query.id] = ranked[:10]
            for metric, value in evaluate(ranked, dataset.relevant[query.id]).items():
                totals[metric] += value
        n = len(dataset.queries) or 1
        scores = {m: v / n for m, v in totals.items()}
        scores[HIDDEN_RECALL] = _hidden_recall(hidden, top10)
        results.append(MethodResult(name, len(dataset.queries), scores))
    return results
