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


COUNTED = [
    "people",
    "person_skills",
    "person_skill_tags",
    "learning_goals",
    "evidence_credits",
    "endorsements",
    "capacity_budgets",
]


def test_upgrading_keeps_every_row(databases: DatabaseFactory, backend: str) -> None:
    """Nothing stored is lost: fill the first schema, upgrade to the newest, count again."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from peoplefirst.domain.taxonomy import starter_taxonomy
    from peoplefirst.sample_org import generate_organization
    from peoplefirst.storage.bulk import load_batches
    from peoplefirst.storage.taxonomy import skill_ids_by_key, upsert_skills

    engine = make_engine(databases.empty(backend))
    try:
        upgrade(engine)
        taxonomy = starter_taxonomy()
        with engine.begin() as conn:
            with Session(bind=conn) as session:
                upsert_skills(session, taxonomy)
                session.flush()
                ids = skill_ids_by_key(session)
            load_batches(conn, generate_organization(people=150, seed=2, taxonomy=taxonomy), ids)
        downgrade(engine, "0001")  # rebuilds the people table on SQLite: must keep every row
        with engine.connect() as conn:
            before = {
                table: conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                for table in COUNTED
            }
        assert all(before.values()), before
        upgrade(engine)
        with engine.connect() as conn:
            after = {
                table: conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                for table in COUNTED
            }
        assert after == before
    finally:
        engine.dispose()
