"""Reading an expert-finding dataset in PeopleFirst's neutral format (docs/evaluation.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from peoplefirst.ranking.experts import Document


class DatasetError(ValueError):
    """A dataset file is missing or malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Query:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    documents: list[Document]
    people: list[str]
    candidates: list[str] | None
    queries: list[Query]
    relevant: dict[str, frozenset[str]]  # query id → relevant people
    hidden_experts: dict[str, str] = field(default_factory=dict)  # person → skill, if known


def _jsonl(path: Path) -> list[dict[str, object]]:
    if not path.is_file():
        raise DatasetError(f"{path.name}: missing from {path.parent}")
    rows = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise DatasetError(f"{path.name}, line {number}: not JSON ({error.msg})") from None
            if not isinstance(row, dict) or "id" not in row:
                raise DatasetError(f'{path.name}, line {number}: expected an object with an "id"')
            rows.append(row)
    return rows


def read_dataset(directory: Path) -> Dataset:
    """Documents, people, optional candidates, queries and TREC-style qrels from `directory`."""
    if not directory.is_dir():
        raise DatasetError(f"{directory}: not a directory")
    documents = []
    for row in _jsonl(directory / "documents.jsonl"):
        authors = row.get("authors", [])
        if not isinstance(authors, list):
            raise DatasetError(
                f"documents.jsonl: document {row['id']} has authors that are not a list"
            )
        documents.append(
            Document(str(row["id"]), str(row.get("text", "")), tuple(map(str, authors)))
        )
    people = [str(row["id"]) for row in _jsonl(directory / "people.jsonl")]
    candidates_file = directory / "candidates.txt"
    candidates = (
        [line.strip() for line in candidates_file.read_text().splitlines() if line.strip()]
        if candidates_file.is_file()
        else None
    )
    queries = [
        Query(str(r["id"]), str(r.get("text", ""))) for r in _jsonl(directory / "queries.jsonl")
    ]
    relevant: dict[str, set[str]] = {q.id: set() for q in queries}
    qrels = directory / "qrels.txt"
    if not qrels.is_file():
        raise DatasetError(f"qrels.txt: missing from {directory}")
    for number, line in enumerate(qrels.read_text().splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise DatasetError(f"qrels.txt, line {number}: expected 'query 0 person relevance'")
        query, _, person, grade = parts
        try:
            if int(grade) > 0:
                relevant.setdefault(query, set()).add(person)
        except ValueError:
            raise DatasetError(
                f"qrels.txt, line {number}: relevance '{grade}' is not a number"
            ) from None
    hidden_file = directory / "hidden_experts.txt"
    hidden = (
        dict(
            line.split(maxsplit=1) for line in hidden_file.read_text().splitlines() if line.strip()
        )
        if hidden_file.is_file()
        else {}
    )
    return Dataset(
        name=directory.name,
        hidden_experts={p: k.strip() for p, k in hidden.items()},
        documents=documents,
        people=people,
        candidates=candidates,
        queries=queries,
        relevant={q: frozenset(p) for q, p in relevant.items()},
    )
