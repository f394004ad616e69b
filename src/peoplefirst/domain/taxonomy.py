"""Skill taxonomies in the `id,name,aliases,parent` CSV shape of ESCO/O*NET-style lists."""

from __future__ import annotations

import csv
import io
from importlib import resources

from peoplefirst.domain.errors import RowProblem
from peoplefirst.domain.hierarchy import find_cycle
from peoplefirst.domain.records import SkillRecord

ALIAS_SEPARATOR = "|"
MAX_NAME_LENGTH = 200


def parse_taxonomy_csv(
    text: str, *, known_keys: frozenset[str] = frozenset()
) -> tuple[list[SkillRecord], list[RowProblem]]:
    """Parse a taxonomy file into skills and the problems of its bad rows.

    Row numbers are file line numbers (the header is line 1). Parents may appear later
    in the file or already exist (`known_keys`). An optional `description` column is kept.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "name") if c not in (reader.fieldnames or [])]
    if missing:
        return [], [RowProblem(0, c, "column is missing from the file") for c in missing]
    skills: list[SkillRecord] = []
    rows: dict[str, int] = {}
    problems: list[RowProblem] = []
    for line, row in enumerate(reader, start=2):
        key = (row.get("id") or "").strip()
        name = (row.get("name") or "").strip()
        if not key:
            problems.append(RowProblem(line, "id", "is empty"))
            continue
        if key in rows:
            problems.append(RowProblem(line, "id", f"repeats row {rows[key]}", key))
            continue
        if not name:
            problems.append(RowProblem(line, "name", "is empty", key))
            continue
        if len(name) > MAX_NAME_LENGTH:
            problems.append(RowProblem(line, "name", f"is over {MAX_NAME_LENGTH} characters", key))
            continue
        aliases = tuple(
            dict.fromkeys(
                a.strip()
                for a in (row.get("aliases") or "").split(ALIAS_SEPARATOR)
                if a.strip() and a.strip().lower() != name.lower()
            )
        )
        parent = (row.get("parent") or "").strip() or None
        rows[key] = line
        skills.append(
            SkillRecord(
                key=key,
                name=name,
                aliases=aliases,
                parent_key=parent,
                description=(row.get("description") or "").strip(),
            )
        )
    problems.extend(_parent_problems(skills, rows, known_keys))
    return skills, problems


def _parent_problems(
    skills: list[SkillRecord], rows: dict[str, int], known_keys: frozenset[str]
) -> list[RowProblem]:
    problems = []
    for skill in skills:
        parent = skill.parent_key
        if parent is not None and parent not in rows and parent not in known_keys:
            problems.append(
                RowProblem(
                    rows[skill.key], "parent", f"'{parent}' is not a known skill id", skill.key
                )
            )
    cycle = find_cycle({s.key: s.parent_key for s in skills})
    if cycle:
        problems.append(
            RowProblem(rows[cycle[0]], "parent", "forms a cycle: " + " → ".join(cycle), cycle[0])
        )
    return problems


def starter_taxonomy() -> list[SkillRecord]:
    """The taxonomy shipped with PeopleFirst: a few hundred skills across common job families."""
    text = resources.files("peoplefirst.data").joinpath("starter_taxonomy.csv").read_text("utf-8")
    skills, problems = parse_taxonomy_csv(text)
    if problems:
        raise ValueError("the starter taxonomy is broken: " + "; ".join(map(str, problems)))
    return skills
