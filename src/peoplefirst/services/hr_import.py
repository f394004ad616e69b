"""HR imports and exports: people files and skill taxonomies, all-or-nothing by default."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from peoplefirst.domain.errors import ImportRejected, RowProblem
from peoplefirst.domain.hierarchy import find_cycle
from peoplefirst.domain.hr_file import (
    FileFormat,
    PersonRow,
    parse_people_file,
    write_people_file,
)
from peoplefirst.domain.taxonomy import parse_taxonomy_csv
from peoplefirst.storage import tables as t
from peoplefirst.storage.departments import department_tree, ensure_department_path
from peoplefirst.storage.taxonomy import existing_skill_keys, upsert_skills


@dataclass(slots=True)
class ImportReport:
    """What an import did; `skipped` lists the bad rows left out with --skip-bad-rows."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def import_people(
    *, session: Session, text: str, file_format: FileFormat, skip_bad_rows: bool = False
) -> ImportReport:
    """Create or update people keyed by employee id.

    Managers may appear later in the file or already be stored. Any bad row rejects the
    whole file (nothing changes) unless `skip_bad_rows`, which imports the rest.
    """
    parsed = parse_people_file(text, file_format=file_format)
    problems = list(parsed.problems)
    if any(p.row == 0 for p in problems):  # the file as a whole is unreadable
        raise ImportRejected(problems)
    stored = {
        e: (pid, m, mail)
        for e, pid, m, mail in session.execute(
            select(t.Person.employee_id, t.Person.id, t.Person.manager_id, t.Person.email)
        ).all()
    }
    employee_of_id = {pid: e for e, (pid, _, _) in stored.items()}
    rows = {r.employee_id: r for r in parsed.rows}
    rows = _drop_unresolvable(rows, stored, problems)
    if problems and not skip_bad_rows:
        raise ImportRejected(sorted(problems, key=lambda p: p.row))
    report = ImportReport(
        skipped=sorted(problems, key=lambda p: p.row), ignored_columns=parsed.ignored_columns
    )
    _write(session, list(rows.values()), stored, employee_of_id, report)
    return report


def _drop_unresolvable(
    rows: dict[str, PersonRow],
    stored: dict[str, tuple[int, int | None, str]],
    problems: list[RowProblem],
) -> dict[str, PersonRow]:
    """Remove rows whose manager is unknown, whose email is taken, or that close a cycle."""
    stored_employee = {pid: e for e, (pid, _, _) in stored.items()}
    email_owner = {mail.lower(): e for e, (_, _, mail) in stored.items()}
    for row in list(rows.values()):
        owner = email_owner.get(row.email.lower())
        if owner is not None and owner != row.employee_id and owner not in rows:
            problems.append(
                RowProblem(
                    row.row, "email", f"'{row.email}' belongs to employee {owner}", row.employee_id
                )
            )
            del rows[row.employee_id]
    changed = True
    while changed:  # a dropped manager can orphan rows that pointed at it
        changed = False
        for row in list(rows.values()):
            manager = row.manager_employee_id
            if manager is not None and manager not in rows and manager not in stored:
                problems.append(
                    RowProblem(
                        row.row,
                        "manager_employee_id",
                        f"'{manager}' is neither in this file (as a valid row) nor in the organization",
                        row.employee_id,
                    )
                )
                del rows[row.employee_id]
                changed = True
    while True:
        manager_of: dict[str, str | None] = {
            e: stored_employee.get(m) if m is not None else None for e, (_, m, _) in stored.items()
        }
        manager_of.update({e: r.manager_employee_id for e, r in rows.items()})
        cycle = find_cycle(manager_of)
        if not cycle:
            return rows
        in_file = [e for e in cycle if e in rows]
        for employee in in_file:
            problems.append(
                RowProblem(
                    rows[employee].row,
                    "manager_employee_id",
                    "makes a cycle in the manager chain: " + " → ".join([*cycle, cycle[0]]),
                    employee,
                )
            )
            del rows[employee]


def _write(
    session: Session,
    rows: list[PersonRow],
    stored: dict[str, tuple[int, int | None, str]],
    employee_of_id: dict[int, str],
    report: ImportReport,
) -> None:
    tree = department_tree(session)
    existing = {
        p.employee_id: p
        for p in session.scalars(
            select(t.Person)
            .where(t.Person.employee_id.in_([r.employee_id for r in rows]))
            .options(selectinload(t.Person.languages))
        )
    }
    changed: set[str] = set()
    # Free the emails first: two people may swap addresses within one file.
    for row in rows:
        person = existing.get(row.employee_id)
        if person is not None and person.email.lower() != row.email.lower():
            person.email = f"moving-{person.id}@invalid"
    session.flush()
    for row in rows:
        department_id = (
            ensure_department_path(session, tree, list(row.department_path))
            if row.department_path
            else None
        )
        values: dict[str, Any] = {
            "name": row.name,
            "email": row.email,
            "title": row.title,
            "job_family": row.job_family,
            "level": row.level,
            "hire_date": row.hire_date,
            "department_id": department_id,
            "location": row.location,
            "time_zone": row.time_zone,
        }
        person = existing.get(row.employee_id)
        if person is None:
            person = t.Person(employee_id=row.employee_id, **values)
            session.add(person)
            existing[row.employee_id] = person
            report.created += 1
        else:
            for key, value in values.items():
                if getattr(person, key) != value:
                    setattr(person, key, value)
                    changed.add(row.employee_id)
        if [lang.language for lang in person.languages] != list(row.languages):
            person.languages = [
                t.PersonLanguage(language=code, position=i) for i, code in enumerate(row.languages)
            ]
            changed.add(row.employee_id)
    session.flush()
    ids = {e: pid for e, (pid, _, _) in stored.items()}
    ids.update({e: p.id for e, p in existing.items()})
    for row in rows:
        person = existing[row.employee_id]
        manager_id = ids[row.manager_employee_id] if row.manager_employee_id else None
        if person.manager_id != manager_id:
            person.manager_id = manager_id
            changed.add(row.employee_id)
    session.flush()
    report.updated = len(changed & set(stored))
    report.unchanged = len(rows) - report.created - report.updated


def export_people(*, session: Session, file_format: FileFormat) -> str:
    """Everyone, in the import format, ordered by employee id."""
    tree = department_tree(session)
    employee_of = dict(session.execute(select(t.Person.id, t.Person.employee_id)).all())
    people = []
    for p in session.scalars(
        select(t.Person).order_by(t.Person.employee_id).options(selectinload(t.Person.languages))
    ):
        people.append(
            {
                "employee_id": p.employee_id,
                "name": p.name,
                "email": p.email,
                "title": p.title,
                "job_family": p.job_family,
                "level": p.level,
                "hire_date": p.hire_date.isoformat() if p.hire_date else None,
                "department": tree.path_name(p.department_id) if p.department_id else "",
                "manager_employee_id": employee_of.get(p.manager_id) if p.manager_id else None,
                "location": p.location,
                "time_zone": p.time_zone,
                "languages": [lang.language for lang in p.languages],
            }
        )
    return write_people_file(people, file_format=file_format)


@dataclass(slots=True)
class TaxonomyReport:
    created: int
    updated: int
    unchanged: int
    skipped: list[RowProblem]


def import_taxonomy(*, session: Session, text: str, skip_bad_rows: bool = False) -> TaxonomyReport:
    """Create or update skills from an `id,name,aliases,parent` file, keyed by id."""
    skills, problems = parse_taxonomy_csv(text, known_keys=existing_skill_keys(session))
    if problems and not skip_bad_rows:
        raise ImportRejected(problems)
    bad_keys = {p.key for p in problems}
    keep = [s for s in skills if s.key not in bad_keys]
    kept_keys = {s.key for s in keep} | existing_skill_keys(session)
    keep = [s for s in keep if s.parent_key is None or s.parent_key in kept_keys]
    counts = upsert_skills(session, keep)
    return TaxonomyReport(counts.created, counts.updated, counts.unchanged, problems)
