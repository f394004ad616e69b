"""HR imports on real databases: upserts, all-or-nothing, managers, cycles, round trips."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import ImportRejected
from peoplefirst.services.hr_import import export_people, import_people, import_taxonomy
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_engine, make_session_factory, unit_of_work
from tests.conftest import migrate_url
from tests.databases import DatabaseFactory

HEADER = "employee_id,name,email,title,job_family,level,hire_date,department,manager_employee_id,location,time_zone,languages\n"
# The CEO comes last: managers that appear later in the file must resolve.
ORG = (
    HEADER
    + "E3,Grace Hopper,grace@example.com,Engineer,Engineering,4,2020-01-06,Tech > Platform,E2,Berlin,Europe/Berlin,de|en\n"
    + "E2,Alan Turing,alan@example.com,Director,Engineering,7,2018-05-01,Tech,E1,London,Europe/London,en\n"
    + "E1,Ada Lovelace,ada@example.com,CEO,Leadership,8,2015-02-02,,,London,Europe/London,en|fr\n"
)


def _import(engine: Engine, text: str, *, skip: bool = False, file_format: str = "csv"):  # type: ignore[no-untyped-def]
    with unit_of_work(make_session_factory(engine)) as session:
        return import_people(
            session=session, text=text, file_format=file_format, skip_bad_rows=skip
        )  # type: ignore[arg-type]


def _export(engine: Engine, file_format: str = "csv") -> str:
    with unit_of_work(make_session_factory(engine)) as session:
        return export_people(session=session, file_format=file_format)  # type: ignore[arg-type]


def _count(engine: Engine) -> int:
    with unit_of_work(make_session_factory(engine)) as session:
        return session.scalar(select(func.count()).select_from(t.Person)) or 0


def test_import_creates_people_departments_and_resolves_later_managers(engine: Engine) -> None:
    report = _import(engine, ORG)
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    with unit_of_work(make_session_factory(engine)) as session:
        grace = session.scalar(select(t.Person).where(t.Person.employee_id == "E3"))
        assert grace is not None and grace.manager is not None
        assert grace.manager.employee_id == "E2"
        assert grace.manager.manager is not None and grace.manager.manager.employee_id == "E1"
        assert grace.department is not None and grace.department.name == "Platform"
        assert [lang.language for lang in grace.languages] == ["de", "en"]


def test_import_is_idempotent(engine: Engine) -> None:
    _import(engine, ORG)
    again = _import(engine, ORG)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_import_updates_changed_rows_only(engine: Engine) -> None:
    _import(engine, ORG)
    changed = ORG.replace(
        "Grace Hopper,grace@example.com,Engineer", "Grace Hopper,grace@example.com,Rear Admiral"
    )
    report = _import(engine, changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)


@pytest.mark.parametrize(
    ("extra_line", "message"),
    [
        (
            "E9,Nobody,n@example.com,,,,,,E404,,,\n",
            "row 5 (E9), manager_employee_id: 'E404' is neither",
        ),
        ("E9,Bad Level,b@example.com,,,99,,,,,,\n", "row 5 (E9), level: must be between 1 and 8"),
        (
            "E9,Copycat,ada@example.com,,,,,,,,,\n",
            "row 5 (E9), email: 'ada@example.com' repeats row 4",
        ),
    ],
)
def test_a_bad_row_rejects_the_whole_file_and_changes_nothing(
    engine: Engine, extra_line: str, message: str
) -> None:
    _import(engine, ORG)
    before = _export(engine)
    edited = ORG.replace("Engineer,", "Principal Engineer,") + extra_line
    with pytest.raises(ImportRejected) as rejected:
        _import(engine, edited)
    assert message in rejected.value.detail
    assert "nothing was changed" in rejected.value.detail
    assert _export(engine) == before


def test_skip_bad_rows_imports_the_rest_and_reports_the_bad(engine: Engine) -> None:
    text = ORG + "E9,Bad Level,b@example.com,,,99,,,,,,\nE10,Orphan,o@example.com,,,,,,E9,,,\n"
    report = _import(engine, text, skip=True)
    assert report.created == 3
    assert [(p.row, p.field) for p in report.skipped] == [(5, "level"), (6, "manager_employee_id")]
    assert _count(engine) == 3


def test_cycles_in_the_manager_chain_are_rejected(engine: Engine) -> None:
    _import(engine, ORG)
    # Ada (the CEO) would report to Grace, who reports to Alan, who reports to Ada.
    cyclic = ORG.replace("2015-02-02,,,London", "2015-02-02,,E3,London")
    with pytest.raises(ImportRejected, match="cycle in the manager chain"):
        _import(engine, cyclic)
    report = _import(engine, cyclic, skip=True)
    assert {p.key for p in report.skipped} == {"E1", "E2", "E3"}


def test_an_email_taken_by_someone_not_in_the_file_is_rejected(engine: Engine) -> None:
    _import(engine, ORG)
    newcomer = HEADER + "E7,New Person,ada@example.com,,,,,,,,,\n"
    with pytest.raises(ImportRejected, match="belongs to employee E1"):
        _import(engine, newcomer)


def test_two_people_may_swap_emails_in_one_file(engine: Engine) -> None:
    _import(engine, ORG)
    swapped = (
        ORG.replace("grace@example.com", "TMP")
        .replace("alan@example.com", "grace@example.com")
        .replace("TMP", "alan@example.com")
    )
    report = _import(engine, swapped)
    assert report.updated == 2


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_export_then_import_round_trips(
    engine: Engine, databases: DatabaseFactory, backend: str, file_format: str
) -> None:
    _import(engine, ORG)
    exported = _export(engine, file_format)
    second = make_engine(
        databases.copy(backend, databases.template(backend, "schema", migrate_url))
    )
    try:
        report = _import(second, exported, file_format=file_format)
        assert report.created == 3
        assert _export(second, file_format) == exported
    finally:
        second.dispose()


def test_taxonomy_import_is_an_idempotent_upsert(session: Session) -> None:
    text = "id,name,aliases,parent\nlang,Programming languages,,\npy,Python,py3|CPython,lang\n"
    first = import_taxonomy(session=session, text=text)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    again = import_taxonomy(session=session, text=text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    renamed = import_taxonomy(session=session, text=text.replace("py3|CPython", "py3"))
    assert (renamed.created, renamed.updated) == (0, 1)
    python = session.scalar(select(t.Skill).where(t.Skill.key == "py"))
    assert python is not None and python.parent is not None and python.parent.key == "lang"
    assert [a.alias for a in python.aliases] == ["py3"]


def test_taxonomy_import_with_a_bad_row_changes_nothing(session: Session) -> None:
    with pytest.raises(ImportRejected, match="row 3 \\(py\\), parent: 'nope'"):
        import_taxonomy(
            session=session, text="id,name,aliases,parent\nlang,Languages,,\npy,Python,,nope\n"
        )
    assert session.scalar(select(func.count()).select_from(t.Skill)) == 0
