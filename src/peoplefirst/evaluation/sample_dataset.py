"""The sample organization as an expert-finding dataset, with ground truth by construction.

Documents are the evidence people wrote; each query is a need about one skill; the
relevant people are those whose true level in it is Advanced or Expert — including the
hidden experts, whose profiles do not say so. Profiles are not documents: they would hand
the answer to the ranker.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path

from peoplefirst.domain.records import SkillRecord
from peoplefirst.evaluation.dataset import Dataset, Query
from peoplefirst.ranking.experts import Document
from peoplefirst.sample_org import generate_organization, hidden_experts

EXPERT_LEVEL = 4
MIN_EXPERTS = 3
HIDDEN_EXPERTS_FILE = "hidden_experts.txt"

_NEEDS = (
    "Who can help me with {name}? {description}",
    "I am stuck on {lower} and need someone who knows it well. {description}",
    "Looking for advice on {lower}: {description}",
    "Is there anyone here who is good at {lower}? {description}",
)


def sample_dataset(
    *, people: int, seed: int, taxonomy: Sequence[SkillRecord], queries: int = 100
) -> tuple[Dataset, dict[str, str]]:
    """The dataset, and the hidden experts as person id → skill key."""
    skills = {s.key: s for s in taxonomy}
    hidden = {str(p): k for p, k in hidden_experts(people=people, seed=seed).items()}
    documents: list[Document] = []
    experts: dict[str, set[str]] = {}
    person_ids: list[str] = []
    for batch in generate_organization(people=people, seed=seed, taxonomy=taxonomy):
        person_ids += [str(p.id) for p in batch.people]
        for record in batch.person_skills:
            if (
                record.level >= EXPERT_LEVEL
                and hidden.get(str(record.person_id)) != record.skill_key
            ):
                experts.setdefault(record.skill_key, set()).add(str(record.person_id))
        for e in batch.evidence:
            documents.append(
                Document(
                    f"e{e.id}", f"{e.title}\n{e.body}", tuple(str(p) for p in e.credited_person_ids)
                )
            )
    for person, key in hidden.items():
        experts.setdefault(key, set()).add(person)
    rng = random.Random(f"peoplefirst-needs:{seed}:{people}")
    eligible = sorted(k for k, found in experts.items() if len(found) >= MIN_EXPERTS)
    chosen = sorted(set(hidden.values()) & set(eligible))
    rest = [k for k in eligible if k not in chosen]
    chosen += rng.sample(rest, max(0, min(len(rest), queries - len(chosen))))
    made = []
    for key in chosen[:queries]:
        skill = skills[key]
        made.append(
            Query(
                f"q-{key}",
                rng.choice(_NEEDS).format(
                    name=skill.name, lower=skill.name.lower(), description=skill.description
                ),
            )
        )
    dataset = Dataset(
        name=f"sample-{people}-{seed}",
        documents=documents,
        people=person_ids,
        candidates=None,
        queries=made,
        relevant={q.id: frozenset(experts[q.id.removeprefix("q-")]) for q in made},
    )
    return dataset, hidden


def write_dataset(dataset: Dataset, directory: Path, hidden: dict[str, str] | None = None) -> None:
    """Write `dataset` in the neutral format (docs/evaluation.md)."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "documents.jsonl").open("w", encoding="utf-8") as out:
        for d in dataset.documents:
            out.write(json.dumps({"id": d.id, "text": d.text, "authors": list(d.people)}) + "\n")
    with (directory / "people.jsonl").open("w", encoding="utf-8") as out:
        for person in dataset.people:
            out.write(json.dumps({"id": person}) + "\n")
    if dataset.candidates is not None:
        (directory / "candidates.txt").write_text("".join(f"{c}\n" for c in dataset.candidates))
    with (directory / "queries.jsonl").open("w", encoding="utf-8") as out:
        for q in dataset.queries:
            out.write(json.dumps({"id": q.id, "text": q.text}) + "\n")
    with (directory / "qrels.txt").open("w", encoding="utf-8") as out:
        for q in dataset.queries:
            for person in sorted(dataset.relevant[q.id], key=int):
                out.write(f"{q.id} 0 {person} 1\n")
    if hidden:
        (directory / HIDDEN_EXPERTS_FILE).write_text(
            "".join(f"{p} {k}\n" for p, k in sorted(hidden.items(), key=lambda i: int(i[0])))
        )
