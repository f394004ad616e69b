"""Alembic: upgrade → downgrade → upgrade on both databases, and the models match."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from peoplefirst.storage.db import make_engine
from peoplefirst.storage.migrate import downgrade, upgrade
from peoplefirst.storage.tables import Base
from tests.databases import DatabaseFactory


def test_upgrade_downgrade_upgrade(databases: DatabaseFactory, backend: str) -> None:
    engine = make_engine(databases.empty(backend))
    try:
        upgrade(engine)
        tables = set(inspect(engine).get_table_names())
        assert {"people", "skills", "person_skills", "capacity_budgets", "evidence_items"} <= tables
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) == tables
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert differences == [], "models and migrations disagree: add a migration"
    finally:
        engine.dispose()


def test_sqlite_gets_wal_and_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
