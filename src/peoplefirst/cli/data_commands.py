"""`peoplefirst backup` / `restore` and `peoplefirst people export` / `delete`: commands for
system admins over the whole database or one person's data. Registered on the main app
when `peoplefirst.cli.main` imports this module."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from peoplefirst.cli.main import _engine, _fail, _run, _user_errors, app
from peoplefirst.storage.db import make_session_factory, unit_of_work

people_app = typer.Typer(
    help="One person's own data: export it, or delete it at their request.",
    no_args_is_help=True,
)
app.add_typer(people_app, name="people")


@app.command("backup")
def backup(
    file: Annotated[Path, typer.Argument(help="The backup to write; it must not exist yet.")],
) -> None:
    """Write a consistent backup of the whole database to FILE, safe while the app runs
    (SQLite: the online backup API; PostgreSQL: pg_dump --format=custom)."""
    from peoplefirst.services.backup import back_up

    report = _run(lambda: back_up(engine=_engine(), path=file))
    typer.echo(
        f"Backed up the {report.backend} database (schema revision {report.revision}) to "
        f"{report.path}: {report.size:,} bytes."
    )


@app.command("restore")
def restore(
    file: Annotated[Path, typer.Argument(help="A backup made by `peoplefirst backup`.")],
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace a database that already holds data."),
    ] = False,
) -> None:
    """Restore FILE into the database: all of it or, on any error, nothing. A database
    that holds data is refused unless --replace; an older backup is upgraded."""
    from peoplefirst.services.backup import restore as run_restore

    report = _run(lambda: run_restore(engine=_engine(), path=file, replace=replace))
    upgraded = (
        f", upgraded from schema revision {report.revision} to {report.upgraded_to}"
        if report.upgraded_to
        else f" at schema revision {report.revision}"
    )
    what = "Replaced the database's content with" if report.replaced else "Restored"
    typer.echo(
        f"{what} {report.path}{upgraded}: {report.tables} tables, {report.rows:,} rows. "
        "Restart running apps and workers so that they read it afresh."
    )


@people_app.command("export")
def people_export(
    person: Annotated[int, typer.Argument(help="The person's id (as in /people/ID).")],
    file: Annotated[Path, typer.Argument(help="Where to write their data as JSON, or -.")],
) -> None:
    """Write everything stored about a person that they may see, as one JSON document
    (what they download from their profile)."""
    from peoplefirst.services.personal_data import export_personal_data

    factory = make_session_factory(_engine())
    with _user_errors(), unit_of_work(factory) as session:
        data = export_personal_data(session=session, viewer=None, person_id=person)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if str(file) == "-":
        typer.echo(text, nl=False)
        return
    if file.exists():
        _fail(f"FILE: '{file}' already exists; choose a new name or remove it")
    file.write_text(text, encoding="utf-8")
    rows = sum(len(rows) for rows in data["tables"].values())
    typer.echo(f"Wrote {rows:,} rows about person {person} to {file}.")


@people_app.command("delete")
def people_delete(
    person: Annotated[int, typer.Argument(help="The person's id (as in /people/ID).")],
    confirm: Annotated[
        bool, typer.Option("--confirm", help="Yes: delete their data (it cannot be undone).")
    ] = False,
) -> None:
    """Delete a person's data at their request: their own records go, what colleagues
    share with them stays attributed to "a former colleague" (docs/security.md)."""
    from peoplefirst.domain.personal_data import DELETION_PHRASE
    from peoplefirst.services.personal_data_deletion import delete_personal_data

    if not confirm:
        _fail("--confirm: deleting someone's data cannot be undone; pass --confirm to do it")
    factory = make_session_factory(_engine())
    with _user_errors(), unit_of_work(factory) as session:
        report = delete_personal_data(
            session=session, viewer=None, person_id=person, confirm=DELETION_PHRASE
        )
    typer.echo(
        f"Deleted the data of person {person}: {sum(report.deleted.values()):,} rows deleted, "
        f"{sum(report.kept.values()):,} shared rows kept for colleagues as "
        f"'a former colleague', {report.texts_changed:,} texts no longer name them."
    )
    for what, n in report.ended.items():
        typer.echo(f"  {what}: {n}")
