"""Alembic environment: runs on the engine handed over by peoplefirst.storage.migrate."""

from alembic import context

from peoplefirst.storage.db import make_engine
from peoplefirst.storage.tables import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # run by the alembic CLI: take the URL from the ini or the settings
    from peoplefirst.settings import Settings

    engine = make_engine(
        config.get_main_option("sqlalchemy.url") or Settings().resolved_database_url()
    )

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite's batch mode rebuilds a table by copying it and dropping the old one; with
        # foreign keys on, that drop would cascade and delete every row that points at it.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()  # end the implicit transaction so that Alembic's own one commits
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if sqlite:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
        if broken:
            raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")
