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
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
