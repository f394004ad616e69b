"""Backups of the whole database, and restoring one (`peoplefirst backup` / `restore`).

SQLite uses its online backup API, so a backup is consistent while the app writes; a
restore copies the backup into the database in one step, which is one transaction.
PostgreSQL uses `pg_dump --format=custom`, and a restore replays `pg_restore`'s script
with `psql --single-transaction`: either all of it is stored or none of it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import make_url

from peoplefirst.domain.audit import AuditAction
from peoplefirst.domain.errors import BackupFailed, InvalidInput, OrganizationNotEmpty
from peoplefirst.services import audit
from peoplefirst.services.experts import request_rebuild
from peoplefirst.storage import migrate
from peoplefirst.storage.db import make_engine, make_session_factory, unit_of_work
from peoplefirst.storage.tables import Base

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
VERSION_TABLE = "alembic_version"


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    backend: str
    revision: str
    size: int  # bytes


@dataclass(frozen=True, slots=True)
class RestoreReport:
    path: Path
    backend: str
    revision: str  # the backup's
    upgraded_to: str | None  # the code's newest revision, when the backup was older
    tables: int
    rows: int
    replaced: bool


def back_up(*, engine: Engine, path: Path) -> BackupReport:
    """Write a consistent copy of the whole database to `path`, which must not exist yet
    (an older backup is never overwritten). The file appears only once it is complete."""
    if path.exists():
        raise InvalidInput("FILE", f"'{path}' already exists; choose a new name or remove it")
    if not path.parent.is_dir():
        raise InvalidInput("FILE", f"the folder '{path.parent}' does not exist")
    partial = path.with_name(path.name + ".partial")
    try:
        if engine.dialect.name == "sqlite":
            revision = _sqlite_backup(_sqlite_file(engine), partial)
        else:
            revision = _pg_backup(engine, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    if revision == migrate.known_revisions(engine)[-1]:  # older schemas have no audit log
        with unit_of_work(make_session_factory(engine)) as session:
            audit.record(session, AuditAction.BACKUP, actor_id=None, detail={"revision": revision})
    return BackupReport(path, engine.dialect.name, revision, path.stat().st_size)


def restore(*, engine: Engine, path: Path, replace: bool = False) -> RestoreReport:
    """Put the backup at `path` in place of the database's content.

    Refuses a database that holds any rows unless `replace`; refuses a backup made by a
    newer PeopleFirst than this one; upgrades a backup made by an older one to this
    code's schema. Either the whole backup is restored or the database is left as it was.
    """
    if not path.is_file():
        raise InvalidInput("FILE", f"'{path}' does not exist or is not a file")
    with path.open("rb") as f:
        header = f.read(len(SQLITE_HEADER))
    backend = engine.dialect.name
    if backend == "sqlite" and not header.startswith(SQLITE_HEADER):
        kind = "a PostgreSQL backup" if header.startswith(PG_DUMP_HEADER) else "not a backup"
        raise InvalidInput("FILE", f"'{path}' is {kind}; this database is SQLite")
    if backend == "postgresql" and not header.startswith(PG_DUMP_HEADER):
        kind = "a SQLite backup" if header.startswith(SQLITE_HEADER) else "not a backup"
        raise InvalidInput("FILE", f"'{path}' is {kind}; this database is PostgreSQL")
    if backend == "sqlite":
        return _sqlite_restore(engine, path, replace)
    return _pg_restore(engine, path, replace)


def _check_revision(engine: Engine, path: Path, revision: str | None) -> str | None:
    """The code's head when the backup is older (it is upgraded after the restore);
    None when it is current. Refuses a backup the code's migrations do not know."""
    known = migrate.known_revisions(engine)
    if revision is None:
        raise InvalidInput("FILE", f"'{path}' holds no PeopleFirst schema revision")
    if revision not in known:
        raise InvalidInput(
            "FILE",
            f"'{path}' is at schema revision {revision}, which this PeopleFirst does not know "
            f"(its newest is {known[-1]}): restore it with the version that made it",
        )
    return None if revision == known[-1] else known[-1]


def _refuse_unless_empty(engine: Engine, replace: bool) -> bool:
    """Whether the database holds rows; refuses it then unless `replace`."""
    holding = _tables_with_rows(engine)
    if holding and not replace:
        shown = ", ".join(holding[:5]) + (", …" if len(holding) > 5 else "")
        raise OrganizationNotEmpty(
            f"the database is not empty ({shown} hold rows); restoring would replace all of "
            "it: pass --replace to do that, or restore into an empty database"
        )
    engine.dispose()  # no pooled connection of ours stands in the restore's way
    return bool(holding)


def _tables_with_rows(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        names = [n for n in inspect(conn).get_table_names() if n != VERSION_TABLE]
        return [
            name
            for name in names
            if conn.execute(select(text("1")).select_from(text(_quoted(name))).limit(1)).first()
            is not None
        ]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def count_rows(engine: Engine) -> dict[str, int]:
    """Rows in every table of the database, by table."""
    with engine.connect() as conn:
        return {
            name: conn.execute(
                select(text("count(*)")).select_from(text(_quoted(name)))
            ).scalar_one()
            for name in inspect(conn).get_table_names()
        }


def _finish(
    engine: Engine, path: Path, revision: str, upgrade_to: str | None, replaced: bool
) -> RestoreReport:
    if upgrade_to is not None and engine.dialect.name == "postgresql":
        try:
            migrate.upgrade(engine)
        except Exception as error:
            raise BackupFailed(
                f"the backup was restored at schema revision {revision}, but upgrading it to "
                f"{upgrade_to} failed ({error}); run `peoplefirst db upgrade` before serving"
            ) from error
    with unit_of_work(make_session_factory(engine)) as session:
        request_rebuild(session=session)  # running apps rebuild their expert index
        audit.record(
            session,
            AuditAction.RESTORE,
            actor_id=None,
            detail={"revision": revision, "upgraded_to": upgrade_to, "replaced": replaced},
        )
    rows = count_rows(engine)
    return RestoreReport(
        path=path,
        backend=engine.dialect.name,
        revision=revision,
        upgraded_to=upgrade_to,
        tables=len(rows),
        rows=sum(rows.values()),
        replaced=replaced,
    )


# -- SQLite ------------------------------------------------------------------------------------


def _sqlite_file(engine: Engine) -> Path:
    database = make_url(engine.url).database
    if not database or database == ":memory:":
        raise InvalidInput("PEOPLEFIRST_DATABASE_URL", "an in-memory database has no backup")
    return Path(database)


def _sqlite_revision(path: Path) -> str | None:
    with _sqlite_connect(path) as conn:
        try:
            row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        except sqlite3.DatabaseError:
            return None
    return str(row[0]) if row else None


def _sqlite_connect(path: Path) -> sqlite3.Connection:
    # Closing is explicit: sqlite3's own context manager only ends the transaction.
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy a whole database with the backup API, in one step (one transaction)."""
    src, dst = _sqlite_connect(source), _sqlite_connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _sqlite_backup(database: Path, partial: Path) -> str:
    if not database.is_file():
        raise InvalidInput("PEOPLEFIRST_DATABASE_URL", f"'{database}' does not exist")
    _sqlite_copy(database, partial)
    conn = _sqlite_connect(partial)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside
    finally:
        conn.close()
    revision = _sqlite_revision(partial)
    if revision is None:
        raise InvalidInput("PEOPLEFIRST_DATABASE_URL", "the database has no PeopleFirst schema")
    return revision


def _sqlite_restore(engine: Engine, path: Path, replace: bool) -> RestoreReport:
    target = _sqlite_file(engine)
    with tempfile.TemporaryDirectory(prefix="peoplefirst-restore-") as scratch:
        # Work on a copy: the backup file itself is never changed, and a copy that fails
        # its checks or its upgrade never reaches the database.
        copy = Path(scratch) / "restore.sqlite3"
        try:
            _sqlite_copy(path, copy)
            conn = _sqlite_connect(copy)
            try:
                check = conn.execute("PRAGMA quick_check").fetchone()
            finally:
                conn.close()
        except sqlite3.DatabaseError as error:
            raise InvalidInput("FILE", f"'{path}' is damaged: {error}") from error
        if check is None or check[0] != "ok":
            raise InvalidInput("FILE", f"'{path}' is damaged: {check[0] if check else ''}")
        revision = _sqlite_revision(copy)
        upgrade_to = _check_revision(engine, path, revision)
        assert revision is not None  # _check_revision refused a missing one
        if upgrade_to is not None:
            scratch_engine = make_engine(f"sqlite:///{copy}")
            try:
                migrate.upgrade(scratch_engine)
            finally:
                scratch_engine.dispose()
        replaced = _refuse_unless_empty(engine, replace)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            _sqlite_copy(copy, target)
        except sqlite3.Error as error:
            raise BackupFailed(
                f"restoring into '{target}' failed, nothing changed: {error}"
            ) from error
    return _finish(engine, path, revision, upgrade_to, replaced)


# -- PostgreSQL --------------------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/bin:/usr/lib/postgresql/bin")
    if found is None:
        raise BackupFailed(
            f"{name} is not installed: install the PostgreSQL client tools, the same major "
            "version as the server or newer"
        )
    return found


def _pg_connection(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password, and the environment that carries it (so it never
    shows in the process list)."""
    url = make_url(engine.url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _call(args: list[str], env: dict[str, str], what: str, reading: Path | None = None) -> str:
    """Run a PostgreSQL tool; when it fails `reading` a backup, the file is to blame."""
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        why = done.stderr.strip() or f"exit status {done.returncode}"
        if reading is not None:
            raise InvalidInput("FILE", f"'{reading}' is damaged or not a backup: {why}")
        raise BackupFailed(f"{what} failed: {why}")
    return done.stdout


def _pg_dump_revision(path: Path, env: dict[str, str]) -> str | None:
    """The schema revision a custom-format dump holds, read from its data."""
    script = _call(
        [_tool("pg_restore"), "--data-only", f"--table={VERSION_TABLE}", "--file=-", str(path)],
        env,
        "pg_restore",
        reading=path,
    )
    lines = script.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"COPY public.{VERSION_TABLE} ") and i + 1 < len(lines):
            value = lines[i + 1].strip()
            return None if value == "\\." else value
    return None


def _pg_backup(engine: Engine, partial: Path) -> str:
    dsn, env = _pg_connection(engine)
    _call(
        [_tool("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={dsn}"],
        env,
        "pg_dump",
    )
    revision = _pg_dump_revision(partial, env)
    if revision is None:
        raise InvalidInput("PEOPLEFIRST_DATABASE_URL", "the database has no PeopleFirst schema")
    return revision


def _pg_tables_in_dump(path: Path, env: dict[str, str]) -> set[str]:
    listing = _call([_tool("pg_restore"), "--list", str(path)], env, "pg_restore", reading=path)
    found = set()
    for line in listing.splitlines():
        parts = line.split()
        # "215; 1259 16390 TABLE public people postgres"
        if len(parts) >= 6 and parts[3] == "TABLE" and parts[4] == "public":
            found.add(parts[5])
    return found


def _pg_restore(engine: Engine, path: Path, replace: bool) -> RestoreReport:
    dsn, env = _pg_connection(engine)
    revision = _pg_dump_revision(path, env)
    upgrade_to = _check_revision(engine, path, revision)
    assert revision is not None
    replaced = _refuse_unless_empty(engine, replace)
    # PeopleFirst's tables (empty ones too) make way for the backup's, in the same
    # transaction as the restore: a failure rolls the drops back as well.
    doomed = sorted(
        {*Base.metadata.tables, VERSION_TABLE, *_pg_tables_in_dump(path, env)}
        & {*inspect(engine).get_table_names()}
    )
    engine.dispose()
    drops = "".join(f'DROP TABLE IF EXISTS public."{name}" CASCADE;\n' for name in doomed)
    with tempfile.TemporaryDirectory(prefix="peoplefirst-restore-") as scratch:
        # The whole script is written first: a backup that breaks halfway through reading
        # fails here, before anything reaches the database.
        script = Path(scratch) / "restore.sql"
        _call(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--clean",  # the backup's own objects (functions too) make way first
                "--if-exists",
                "--exit-on-error",
                f"--file={script}",
                str(path),
            ],
            env,
            "pg_restore",
            reading=path,
        )
        _call(
            [
                _tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                f"--dbname={dsn}",
                f"--command={drops or 'SELECT 1;'}",
                f"--file={script}",
            ],
            env,
            "restoring (nothing was changed)",
        )
    return _finish(engine, path, revision, upgrade_to, replaced)
