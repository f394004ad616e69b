"""Fast loading of a generated organization, batch by batch, with explicit ids.

Used for the sample organization (up to a million people); HR imports go through the
repositories instead, because they upsert and validate row by row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update

from peoplefirst.sample_org import OrgBatch
from peoplefirst.storage import tables as t
from peoplefirst.storage.index_changes import record_everything


@dataclass(slots=True)
class LoadCounts:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, n: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + n


def _insert(conn: Connection, table: str, rows: list[dict[str, Any]], counts: LoadCounts) -> None:
    if not rows:
        return
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        _copy(conn, table, rows)
    else:
        conn.execute(insert(t.Base.metadata.tables[table]), rows)
    counts.add(table, len(rows))


def _copy(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY, inside the caller's transaction: several times faster than INSERT."""
    columns = list(rows[0])
    driver_connection = conn.connection.driver_connection
    assert driver_connection is not None
    with driver_connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def organization_is_empty(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(t.Person)).scalar_one() == 0


def load_batches(
    conn: Connection, batches: Iterable[OrgBatch], skill_ids: Mapping[str, int]
) -> LoadCounts:
    """Insert every batch; the caller owns the transaction."""
    counts = LoadCounts()
    for batch in batches:
        _load_batch(conn, batch, skill_ids, counts)
    if conn.dialect.name == "postgresql":
        _advance_sequences(conn)
    record_everything(conn)
    return counts


def _load_batch(
    conn: Connection, b: OrgBatch, skill_ids: Mapping[str, int], counts: LoadCounts
) -> None:
    s = skill_ids
    _insert(
        conn,
        "departments",
        [{"id": d.id, "name": d.name, "parent_id": d.parent_id} for d in b.departments],
        counts,
    )
    _insert(
        conn,
        "people",
        [
            {
                "id": p.id,
                "employee_id": p.employee_id,
                "name": p.name,
                "email": p.email,
                "title": p.title,
                "job_family": p.job_family,
                "level": p.level,
                "hire_date": p.hire_date,
                "department_id": p.department_id,
                "manager_id": p.manager_id,
                "location": p.location,
                "time_zone": p.time_zone,
            }
            for p in b.people
        ],
        counts,
    )
    _insert(
        conn,
        "person_languages",
        [
            {"person_id": p.id, "language": lang, "position": i}
            for p in b.people
            for i, lang in enumerate(p.languages)
        ],
        counts,
    )
    _insert(
        conn,
        "person_skills",
        [
            {
                "person_id": r.person_id,
                "skill_id": s[r.skill_key],
                "level": int(r.level),
                "source": r.source.value,
            }
            for r in b.person_skills
        ],
        counts,
    )
    _insert(
        conn,
        "person_skill_tags",
        [
            {
                "person_id": r.person_id,
                "skill_id": s[r.skill_key],
                "tag": r.tag.value,
                "visibility": r.visibility.value,
            }
            for r in b.skill_tags
        ],
        counts,
    )
    _insert(
        conn,
        "learning_goals",
        [
            {
                "person_id": g.person_id,
                "skill_id": s[g.skill_key] if g.skill_key else None,
                "text": g.text,
                "target_level": int(g.target_level),
                "why": g.why,
                "status": g.status.value,
            }
            for g in b.learning_goals
        ],
        counts,
    )
    _insert(
        conn,
        "guide_offers",
        [
            {
                "person_id": o.person_id,
                "role": o.role.value,
                "max_people": o.max_people,
                "hours_per_month": o.hours_per_month,
                "note": o.note,
            }
            for o in b.guide_offers
        ],
        counts,
    )
    _insert(
        conn,
        "capacity_budgets",
        [
            {
                "person_id": c.person_id,
                "hours_per_month": c.hours_per_month,
                "people_at_once": c.people_at_once,
            }
            for c in b.capacity_budgets
        ],
        counts,
    )
    _insert(
        conn,
        "evidence_items",
        [
            {
                "id": e.id,
                "kind": e.kind.value,
                "title": e.title,
                "body": e.body,
                "written_on": e.written_on,
                "link": e.link,
            }
            for e in b.evidence
        ],
        counts,
    )
    _insert(
        conn,
        "evidence_credits",
        [
            {"evidence_id": e.id, "person_id": pid}
            for e in b.evidence
            for pid in e.credited_person_ids
        ],
        counts,
    )
    _insert(
        conn,
        "evidence_skills",
        [{"evidence_id": e.id, "skill_id": s[k]} for e in b.evidence for k in e.skill_keys],
        counts,
    )
    _insert(
        conn,
        "endorsements",
        [
            {
                "endorser_id": r.endorser_id,
                "endorsee_id": r.endorsee_id,
                "skill_id": s[r.skill_key],
                "note": r.note,
            }
            for r in b.endorsements
        ],
        counts,
    )


def _advance_sequences(conn: Connection) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the largest id."""
    for table in ("departments", "people", "evidence_items"):
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )


def delete_organization(conn: Connection) -> None:
    """Remove every person and department (skills stay): for `sample-org --replace`."""
    conn.execute(update(t.Department).values(parent_id=None))
    for table in reversed(t.Base.metadata.sorted_tables):
        if table.name not in ("skills", "skill_aliases", "index_changes"):
            conn.execute(table.delete())
    record_everything(conn)
