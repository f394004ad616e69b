"""Fresh, migrated databases for tests: SQLite files and PostgreSQL databases.

Each test gets its own database, copied from a template that was migrated (and, for
the sample organization, filled) once per test session: real commits, full isolation.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get(
    "PEOPLEFIRST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _admin_conninfo() -> str:
    url = make_url(POSTGRES_URL).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _pg_url(database: str) -> str:
    return make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)


class DatabaseFactory:
    """Makes template databases once and hands out fresh copies of them."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.templates: dict[tuple[str, str], str] = {}
        self.created_pg: list[str] = []
        self.run_id = uuid.uuid4().hex[:8]

    def template(self, backend: str, name: str, fill: Callable[[str], None]) -> str:
        key = (backend, name)
        if key not in self.templates:
            url = self._new(backend, f"tmpl_{name}")
            fill(url)
            if backend == "postgresql":
                _disconnect_all(make_url(url).database or "")
            self.templates[key] = url
        return self.templates[key]

    def copy(self, backend: str, template_url: str) -> str:
        if backend == "sqlite":
            source = Path(make_url(template_url).database or "")
            target = self.workdir / f"db_{uuid.uuid4().hex[:10]}.sqlite3"
            shutil.copyfile(source, target)
            return f"sqlite:///{target}"
        name = f"pf_{self.run_id}_{uuid.uuid4().hex[:10]}"
        template = make_url(template_url).database
        with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.created_pg.append(name)
        return _pg_url(name)

    def empty(self, backend: str) -> str:
        return self._new(backend, "empty")

    def _new(self, backend: str, stem: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{self.workdir / f'{stem}_{uuid.uuid4().hex[:10]}.sqlite3'}"
        name = f"pf_{self.run_id}_{stem}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created_pg.append(name)
        return _pg_url(name)

    def drop_all(self) -> None:
        if not self.created_pg:
            return
        with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
            for name in reversed(self.created_pg):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _disconnect_all(database: str) -> None:
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        )


def postgres_answers() -> str | None:
    """None when the test server answers, else why not."""
    try:
        with psycopg.connect(_admin_conninfo(), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip()
    return None
