"""`peoplefirst backup` / `restore` on SQLite and PostgreSQL: every table comes back row by
row, and a restore that must not happen changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, select, text, update
from typer.testing import CliRunner

from peoplefirst.cli.main import app
from peoplefirst.domain.errors import InvalidInput, OrganizationNotEmpty, PeopleFirstError
from peoplefirst.services.backup import back_up, restore
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_engine
from peoplefirst.storage.migrate import known_revisions, upgrade
from tests.databases import DatabaseFactory

# Rows a restore adds on purpose: the note that makes running apps rebuild their index, and
# the audit log's entry for the backup or the restore.
ADDED_BY_RESTORE = {"index_changes", "audit_events"}


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the database holds (reflected, so new tables count)."""
    metadata = MetaData()
    metadata.reflect(bind=engine)
    with engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(
                    select(table).order_by(*(table.primary_key.columns or table.columns))
                )
            ]
            for table in metadata.sorted_tables
        }


def assert_same_rows(before: dict[str, list[tuple[Any, ...]]], engine: Engine) -> None:
    after = snapshot(engine)
    assert set(after) == set(before)
    for name, rows in before.items():
        if name in ADDED_BY_RESTORE:
            assert after[name][: len(rows)] == rows, name
        else:
            assert after[name] == rows, name


def fresh(databases: DatabaseFactory, backend: str) -> Engine:
    """A database with nothing in it, not even the schema."""
    return make_engine(databases.empty(backend))


def test_restore_into_an_empty_database_gives_back_every_table_row_by_row(
    sample_engine: Engine, databases: DatabaseFactory, backend: str, tmp_path: Path
) -> None:
    before = snapshot(sample_engine)
    # Every table of the schema is in the comparison, including ones added later.
    assert set(before) == {*t.Base.metadata.tables, "alembic_version"}
    assert len(before["people"]) == 300 and before["relationships"]
    made = back_up(engine=sample_engine, path=tmp_path / "org.backup")
    assert made.revision == known_revisions(sample_engine)[-1] and made.size > 0
    target = fresh(databases, backend)
    report = restore(engine=target, path=tmp_path / "org.backup")
    assert not report.replaced and report.upgraded_to is None
    assert_same_rows(before, target)
    target.dispose()


def test_a_database_holding_data_is_replaced_only_when_asked(
    sample_engine: Engine, databases: DatabaseFactory, backend: str, tmp_path: Path
) -> None:
    before = snapshot(sample_engine)
    back_up(engine=sample_engine, path=tmp_path / "org.backup")
    with sample_engine.begin() as conn:  # the database moves on after its backup
        conn.execute(update(t.Person).where(t.Person.id == 1).values(name="Changed Later"))
    changed = snapshot(sample_engine)
    with pytest.raises(OrganizationNotEmpty, match="--replace"):
        restore(engine=sample_engine, path=tmp_path / "org.backup")
    assert snapshot(sample_engine) == changed
    report = restore(engine=sample_engine, path=tmp_path / "org.backup", replace=True)
    assert report.replaced
    assert_same_rows(before, sample_engine)


def test_an_older_backup_is_upgraded_to_the_code_s_schema(
    databases: DatabaseFactory, backend: str, tmp_path: Path
) -> None:
    old = fresh(databases, backend)
    upgrade(old, "0009")
    with old.begin() as conn:
        conn.execute(text("INSERT INTO departments (id, name) VALUES (1, 'Research')"))
    back_up(engine=old, path=tmp_path / "old.backup")
    target = fresh(databases, backend)
    report = restore(engine=target, path=tmp_path / "old.backup")
    head = known_revisions(target)[-1]
    assert (report.revision, report.upgraded_to) == ("0009", head)
    with target.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head
        assert conn.execute(text("SELECT name FROM departments")).scalar_one() == "Research"
    old.dispose()
    target.dispose()


def test_a_backup_from_a_newer_peoplefirst_is_refused(
    engine: Engine, databases: DatabaseFactory, backend: str, tmp_path: Path
) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    back_up(engine=engine, path=tmp_path / "new.backup")
    target = fresh(databases, backend)
    with pytest.raises(InvalidInput, match="does not know") as refused:
        restore(engine=target, path=tmp_path / "new.backup")
    assert refused.value.field == "FILE"
    assert snapshot(target) == {}  # nothing was restored
    target.dispose()


def test_a_damaged_backup_leaves_the_database_as_it_was(
    sample_engine: Engine, backend: str, tmp_path: Path
) -> None:
    back_up(engine=sample_engine, path=tmp_path / "org.backup")
    whole = (tmp_path / "org.backup").read_bytes()
    (tmp_path / "broken.backup").write_bytes(whole[: len(whole) * 2 // 3])
    with sample_engine.begin() as conn:
        conn.execute(update(t.Person).where(t.Person.id == 1).values(name="Kept As It Was"))
    before = snapshot(sample_engine)
    with pytest.raises(PeopleFirstError):
        restore(engine=sample_engine, path=tmp_path / "broken.backup", replace=True)
    assert snapshot(sample_engine) == before


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"employee_id,name\n", "not a backup"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "SQLite"),
        (b"PGDMP" + b"\x00" * 200, "PostgreSQL"),
    ],
)
def test_a_file_that_is_not_a_backup_of_this_database_is_refused(
    engine: Engine, backend: str, tmp_path: Path, content: bytes, problem: str
) -> None:
    (tmp_path / "file").write_bytes(content)
    before = snapshot(engine)
    with pytest.raises(PeopleFirstError) as refused:
        restore(engine=engine, path=tmp_path / "file")
    assert problem in refused.value.detail or "damaged" in refused.value.detail
    assert snapshot(engine) == before


def test_a_backup_never_overwrites_a_file(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "old.backup").write_text("an older backup")
    with pytest.raises(InvalidInput, match="already exists"):
        back_up(engine=engine, path=tmp_path / "old.backup")
    assert (tmp_path / "old.backup").read_text() == "an older backup"


def test_the_commands(sample_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", sample_db_url)
    file = tmp_path / "org.backup"
    made = runner.invoke(app, ["backup", str(file)])
    assert made.exit_code == 0, made.output
    assert "Backed up" in made.output and file.is_file()
    refused = runner.invoke(app, ["restore", str(file)])
    assert refused.exit_code == 1
    assert "not empty" in refused.output and "--replace" in refused.output
    replaced = runner.invoke(app, ["restore", str(file), "--replace"])
    assert replaced.exit_code == 0, replaced.output
    assert "Replaced the database's content" in replaced.output
    missing = runner.invoke(app, ["restore", str(tmp_path / "nowhere.backup")])
    assert missing.exit_code == 1 and "FILE" in missing.output
