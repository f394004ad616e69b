"""`peoplefirst`: the admin command line. Commands call services and print what happened."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from sqlalchemy import Engine

from peoplefirst.domain.errors import ImportRejected, PeopleFirstError
from peoplefirst.domain.hr_file import FileFormat, detect_format
from peoplefirst.ranking.semantic import SemanticUnavailableError
from peoplefirst.settings import Settings
from peoplefirst.storage.db import make_engine, make_session_factory, unit_of_work

app = typer.Typer(
    help="PeopleFirst: people-first learning. Every command honours PEOPLEFIRST_DATABASE_URL.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
import_app = typer.Typer(help="Import people or a skills taxonomy.", no_args_is_help=True)
export_app = typer.Typer(help="Export people.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
eval_app = typer.Typer(help="Measure quality on public evaluation data.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(eval_app, name="eval")
index_app = typer.Typer(help="The expert finder's index.", no_args_is_help=True)
app.add_typer(index_app, name="index")
match_app = typer.Typer(help="Program matching (docs/matching.md).", no_args_is_help=True)
app.add_typer(match_app, name="match")
requests_app = typer.Typer(help="Requests for help.", no_args_is_help=True)
app.add_typer(requests_app, name="requests")

T = TypeVar("T")


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"PEOPLEFIRST_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in error.errors()
        )
        _fail(f"bad setting: {problems}")


def _engine() -> Engine:
    return make_engine(_settings().resolved_database_url())


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.secho(f"Error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@contextmanager
def _user_errors() -> Iterator[None]:
    """The CLI's one error translator: a readable message and exit code 1, no traceback."""
    try:
        yield
    except PeopleFirstError as error:
        _fail(error.detail)
    except (ValueError, SemanticUnavailableError) as error:
        _fail(str(error))


def _run(work: Callable[[], T]) -> T:
    with _user_errors():
        return work()
    raise AssertionError("unreachable")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (creates the database when it does not exist)."""
    from peoplefirst.services.organization import upgrade_database

    settings = _settings()
    _run(lambda: upgrade_database(engine=make_engine(settings.resolved_database_url())))
    typer.echo(f"Database is up to date: {_safe_url(settings)}")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. base or 0001.")],
) -> None:
    """Undo migrations down to REVISION (data in dropped tables is lost)."""
    from peoplefirst.storage.migrate import downgrade

    _run(lambda: downgrade(_engine(), revision))
    typer.echo(f"Database downgraded to {revision}.")


@app.command("sample-org")
def sample_org(
    people: Annotated[
        int, typer.Option("--people", help="How many people (1 to 1,000,000).")
    ] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same organization.")] = 1,
    replace: Annotated[
        bool, typer.Option("--replace", help="Delete the people already stored first.")
    ] = False,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when people are already stored.")
    ] = False,
) -> None:
    """Generate a realistic sample organization and store it."""
    from peoplefirst.services.organization import (
        create_sample_organization,
        organization_is_empty,
        upgrade_database,
    )

    engine = _engine()
    started = time.perf_counter()
    _run(lambda: upgrade_database(engine=engine))
    if if_empty and not organization_is_empty(engine=engine):
        typer.echo("The organization already holds people; left as it is.")
        return
    report = _run(
        lambda: create_sample_organization(engine=engine, people=people, seed=seed, replace=replace)
    )
    took = time.perf_counter() - started
    rows = ", ".join(f"{n:,} {table.replace('_', ' ')}" for table, n in report.rows.items())
    typer.echo(
        f"Created a sample organization of {report.people:,} people in {took:.1f}s ({rows})."
    )


def _read_file(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    if not path.is_file():
        _fail(f"FILE: '{path}' does not exist or is not a file")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        _fail(f"FILE: '{path}' is not UTF-8 text ({error.reason} at byte {error.start})")


def _format(path: Path, given: str | None) -> FileFormat:
    if given is not None:
        if given not in ("csv", "json"):
            _fail(f"--format: must be csv or json, got '{given}'")
        return "csv" if given == "csv" else "json"
    if str(path) == "-":
        _fail("--format: give csv or json when reading standard input")
    with _user_errors():
        return detect_format(path.name)
    raise AssertionError("unreachable")


@import_app.command("people")
def import_people(
    file: Annotated[Path, typer.Argument(help="A CSV or JSON people file (see the README), or -.")],
    file_format: Annotated[
        str | None, typer.Option("--format", help="csv or json (default: from the file name).")
    ] = None,
    skip_bad_rows: Annotated[
        bool, typer.Option("--skip-bad-rows", help="Import the good rows even if some are bad.")
    ] = False,
) -> None:
    """Create or update people keyed by employee id; a bad row changes nothing by default."""
    from peoplefirst.services.hr_import import import_people as run_import

    fmt = _format(file, file_format)
    text = _read_file(file)
    factory = make_session_factory(_engine())
    try:
        with unit_of_work(factory) as session:
            report = run_import(
                session=session, text=text, file_format=fmt, skip_bad_rows=skip_bad_rows
            )
    except ImportRejected as error:
        _fail(error.detail + "\nFix these rows, or pass --skip-bad-rows to import the rest.")
    except PeopleFirstError as error:
        _fail(error.detail)
    typer.echo(
        f"Imported {file}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped."
    )
    for problem in report.skipped:
        typer.echo(f"  skipped {problem}", err=True)
    if report.ignored_columns:
        typer.echo(f"  ignored columns: {', '.join(report.ignored_columns)}", err=True)


@import_app.command("taxonomy")
def import_taxonomy(
    file: Annotated[Path, typer.Argument(help="A CSV with columns id,name,aliases,parent.")],
    skip_bad_rows: Annotated[
        bool, typer.Option("--skip-bad-rows", help="Import the good rows even if some are bad.")
    ] = False,
) -> None:
    """Create or update skills keyed by their id (ESCO/O*NET-style lists)."""
    from peoplefirst.services.hr_import import import_taxonomy as run_import

    text = _read_file(file)
    factory = make_session_factory(_engine())
    with _user_errors(), unit_of_work(factory) as session:
        report = run_import(session=session, text=text, skip_bad_rows=skip_bad_rows)
    typer.echo(
        f"Imported {file}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped."
    )
    for problem in report.skipped:
        typer.echo(f"  skipped {problem}", err=True)


@export_app.command("people")
def export_people(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
    file_format: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
) -> None:
    """Write everyone in the import format (a round trip gives the same file)."""
    from peoplefirst.services.hr_import import export_people as run_export

    if file_format not in ("csv", "json"):
        _fail(f"--format: must be csv or json, got '{file_format}'")
    fmt: FileFormat = "csv" if file_format == "csv" else "json"
    factory = make_session_factory(_engine())
    with _user_errors(), unit_of_work(factory) as session:
        text = run_export(session=session, file_format=fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {output}.", err=True)


@app.command("find")
def find(
    need: Annotated[str, typer.Argument(help="What you need help with, in your own words.")],
    top: Annotated[int, typer.Option("--top", min=1, max=50, help="How many people.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Who can help with NEED: the best-placed colleagues, with the reasons."""
    import dataclasses
    import json

    from peoplefirst.services.experts import build_index, find_experts, make_embedder

    settings = _settings()
    factory = make_session_factory(_engine())
    with _user_errors(), unit_of_work(factory) as session:
        index = build_index(
            session=session,
            half_life_days=settings.evidence_half_life_days,
            embedder=make_embedder(settings.semantic_search),
        )
        page = find_experts(session=session, index=index, need=need, limit=top)
    if as_json:
        typer.echo(json.dumps(dataclasses.asdict(page), indent=2, default=str, ensure_ascii=False))
        return
    if not page.items:
        typer.echo(f"No one matches “{page.need}” yet. Try the name of a skill, or fewer words.")
        return
    for rank, e in enumerate(page.items, start=1):
        where = f"{e.person.department.name}, " if e.person.department else ""
        typer.echo(f"{rank}. {e.person.name} — {e.person.title} ({where}{e.person.location})")
        typer.echo(f"   {e.why}")
        for ev in e.evidence[:2]:
            typer.echo(f"   · {ev.title}: {ev.snippet}")


@requests_app.command("advance")
def requests_advance() -> None:
    """Pass over people whose time to answer is up and ask the next in line.

    Requests also move on whenever someone looks at them; run this from a scheduler (every
    few minutes) so that they move on when nobody does.
    """
    from peoplefirst.services.requests import advance_requests

    factory = make_session_factory(_engine())
    with _user_errors(), unit_of_work(factory) as session:
        moved = advance_requests(session=session)
    typer.echo(f"Moved {moved} request{'s' * (moved != 1)} on.")


@index_app.command("rebuild")
def index_rebuild() -> None:
    """Rebuild the expert finder's index from scratch, here and in every running app.

    Edits reach the index on their own within seconds; this is for data changed behind the
    application's back (direct SQL) or after a restore.
    """
    import time

    from peoplefirst.services.experts import build_index, make_embedder, request_rebuild

    settings = _settings()
    factory = make_session_factory(_engine())
    with _user_errors(), unit_of_work(factory) as session:
        request_rebuild(session=session)
    with _user_errors(), unit_of_work(factory) as session:
        started = time.perf_counter()
        index = build_index(
            session=session,
            half_life_days=settings.evidence_half_life_days,
            embedder=make_embedder(settings.semantic_search),
        )
        seconds = time.perf_counter() - started
    meaning = " (by words and by meaning)" if index.semantic is not None else ""
    typer.echo(
        f"Indexed {len(index.claims_of):,} people's skills and {len(index.evidence):,} texts"
        f"{meaning} in {seconds:.1f} s. Running apps rebuild theirs within "
        f"{settings.expert_index_recheck_seconds:g} s."
    )


@eval_app.command("expert-finding")
def eval_expert_finding(
    dataset: Annotated[
        Path, typer.Option("--dataset", help="A folder in the neutral format (docs/evaluation.md).")
    ],
    method: Annotated[
        list[str] | None, typer.Option("--method", help="Only these methods (repeatable).")
    ] = None,
) -> None:
    """MAP, P@5, P@10, MRR and nDCG@10 of every expert-finding method, one line each."""
    from peoplefirst.evaluation.dataset import DatasetError, read_dataset
    from peoplefirst.evaluation.expert_finding import (
        ALL_METHODS,
        SEMANTIC_METHODS,
        default_methods,
        evaluate_methods,
    )
    from peoplefirst.ranking.semantic import INSTALL_HINT, semantic_available

    unknown = [m for m in method or [] if m not in ALL_METHODS]
    if unknown:
        _fail(f"--method: unknown {', '.join(unknown)}; choose from {', '.join(ALL_METHODS)}")
    if any(m in SEMANTIC_METHODS for m in method or []) and not semantic_available():
        _fail(f"--method: the semantic methods need the semantic extra ({INSTALL_HINT})")
    try:
        data = read_dataset(dataset)
    except DatasetError as error:
        _fail(f"--dataset: {error}")
    typer.echo(
        f"{data.name}: {len(data.documents):,} documents, {len(data.people):,} people, "
        f"{len(data.candidates or data.people):,} ranked, {len(data.queries)} queries"
    )
    if not method and not semantic_available():
        typer.echo(f"(semantic methods skipped: {INSTALL_HINT} to add them)")
    for result in evaluate_methods(data, method or default_methods()):
        typer.echo(result.line())


@eval_app.command("export-sample")
def eval_export_sample(
    dataset: Annotated[Path, typer.Option("--dataset", help="The folder to write.")],
    people: Annotated[int, typer.Option("--people", min=100, max=1_000_000)] = 2000,
    seed: Annotated[int, typer.Option("--seed", min=0)] = 1,
    queries: Annotated[int, typer.Option("--queries", min=1, max=1000)] = 100,
) -> None:
    """Write a sample organization as an expert-finding dataset (truth known by construction)."""
    from peoplefirst.domain.taxonomy import starter_taxonomy
    from peoplefirst.evaluation.sample_dataset import sample_dataset, write_dataset

    data, hidden = sample_dataset(
        people=people, seed=seed, taxonomy=starter_taxonomy(), queries=queries
    )
    write_dataset(data, dataset, hidden)
    typer.echo(
        f"Wrote {dataset}: {len(data.documents):,} documents, {len(data.people):,} people, "
        f"{len(data.queries)} queries, {len(hidden)} hidden experts."
    )


@match_app.command("solve")
def match_solve(
    input_file: Annotated[
        Path, typer.Option("--input", help="A matching instance in JSON (docs/matching.md), or -.")
    ],
    output: Annotated[
        Path, typer.Option("--output", help="Where to write the assignment (JSON), or -.")
    ],
    method: Annotated[
        str,
        typer.Option("--method", help="optimal, stable-learner, stable-guide or greedy."),
    ] = "optimal",
) -> None:
    """Match an instance's learners to guides and write the assignment with its quality
    figures; the database is not used."""
    import json

    from peoplefirst.matching import METHODS, read_instance, solve
    from peoplefirst.matching.jsonformat import run_to_dict

    if method not in METHODS:
        _fail(f"--method: must be one of {', '.join(METHODS)}, got '{method}'")
    text = _read_file(input_file)
    with _user_errors():
        instance = read_instance(text)
        run = solve(instance, method)  # type: ignore[arg-type]
    result = json.dumps(run_to_dict(run, instance.rules.program), indent=2, ensure_ascii=False)
    if str(output) == "-":
        sys.stdout.write(result + "\n")
    else:
        output.write_text(result + "\n", encoding="utf-8")
    r = run.report
    typer.echo(
        f"{method}: matched {r.matched:,} of {r.learners:,} learners, total score "
        f"{r.total_score:,.3f} (at most {r.optimality_gap:.2%} below the best possible), "
        f"{r.blocking_pairs:,} blocking pairs, {r.seconds['total']:.2f} s"
        + ("" if str(output) == "-" else f". Wrote {output}."),
        err=str(output) == "-",
    )


@match_app.command("run")
def match_run(
    program: Annotated[str, typer.Argument(help="The program's name or number.")],
    method: Annotated[
        str,
        typer.Option("--method", help="optimal, stable-learner, stable-guide or greedy."),
    ] = "optimal",
    publish: Annotated[
        bool, typer.Option("--publish", help="Publish the run: propose its matches.")
    ] = False,
    as_admin: Annotated[
        str | None,
        typer.Option("--as", help="Employee id of the admin acting; default: its first admin."),
    ] = None,
) -> None:
    """Run matching over a stored program, print its figures and how it compares with the
    previous run, and optionally publish it."""
    from peoplefirst.domain.policy import Viewer
    from peoplefirst.services.experts import build_index, make_embedder
    from peoplefirst.services.program_runs import publish_run, run_match
    from peoplefirst.storage.people import person_by_employee_id
    from peoplefirst.storage.programs import admins_of, program_by_name_or_id

    settings = _settings()
    factory = make_session_factory(_engine())
    with _user_errors(), unit_of_work(factory) as session:
        found = program_by_name_or_id(session, program)
        if as_admin is not None:
            actor = person_by_employee_id(session, as_admin).id
        else:
            admins = admins_of(session, found.id)
            if not admins:
                _fail(f"program '{found.name}' has no admin; give --as")
            actor = admins[0]
        index = build_index(  # guides' written work counts towards goal fit
            session=session,
            half_life_days=settings.evidence_half_life_days,
            embedder=make_embedder(settings.semantic_search),
        )
        run = run_match(
            session=session, viewer=Viewer(actor), program_id=found.id, method=method, index=index
        )
        published = (
            publish_run(session=session, viewer=Viewer(actor), run_id=run.id) if publish else None
        )
    f = run.figures
    if run.groups:
        typer.echo(
            f"Run {run.id} of '{found.name}': {f['groups']} groups of {f['smallest_group']}-"
            f"{f['largest_group']} for {f['members']} of {f['learners']} people, "
            f"objective {f['objective']}."
        )
    else:
        typer.echo(
            f"Run {run.id} of '{found.name}' ({run.method}): matched {f['matched']:,} of "
            f"{f['learners']:,} learners, total score {f['total_score']:,.3f}, "
            f"{f['blocking_pairs']:,} blocking pairs, at most {f['optimality_gap']:.2%} below "
            f"the best possible, {f['seconds']['total']:.2f} s."
        )
        for reason, n in f["unmatched_by_reason"].items():
            typer.echo(f"  unmatched, {reason.replace('_', ' ')}: {n}")
    for note in f.get("notes", []):
        typer.echo(f"  note: {note}")
    c = run.comparison
    if c is not None:
        typer.echo(
            f"Against run {c.previous_run}: {c.pairs_kept} pairs kept, {c.pairs_changed} changed, "
            f"{c.learners_newly_matched} newly matched, {c.learners_no_longer_matched} no longer."
        )
    if published is not None:
        typer.echo(
            f"Published: {published.proposed} matches proposed, {published.groups} groups formed"
            + (f", {len(published.skipped)} skipped:" if published.skipped else ".")
        )
        for why in published.skipped:
            typer.echo(f"  skipped: {why}")
    elif run.pairs or run.groups:
        typer.echo(
            f"A draft: publish it with --publish, or from the program's page (run {run.id})."
        )


groups_app = typer.Typer(
    help="Follow-up peer groups (docs/relationships.md).", no_args_is_help=True
)
app.add_typer(groups_app, name="groups")


@groups_app.command("from-attendees")
def groups_from_attendees(
    program: Annotated[str, typer.Argument(help="The program's name or number.")],
    file: Annotated[
        Path, typer.Argument(help="Employee ids or emails, one a line, or a CSV file.")
    ],
    event_on: Annotated[
        str | None, typer.Option("--event-on", help="The day of the event, YYYY-MM-DD (today).")
    ] = None,
    first_session: Annotated[
        str | None,
        typer.Option(
            "--first-session",
            help="When the groups first meet, e.g. 2026-12-10T10:00+01:00; default: a week "
            "after the event, on a working day at 10:00 in the admin's time zone.",
        ),
    ] = None,
    as_admin: Annotated[
        str | None,
        typer.Option("--as", help="Employee id of the admin acting; default: its first admin."),
    ] = None,
) -> None:
    """Enroll a workshop's or course's attendees in a post-event program and form follow-up
    peer circles, each with its first session planned. A bad line stores nothing."""
    from datetime import date, datetime

    from peoplefirst.domain.policy import Viewer
    from peoplefirst.services.circle_groups import groups_from_attendees as form_groups
    from peoplefirst.storage.people import person_by_employee_id
    from peoplefirst.storage.programs import admins_of, program_by_name_or_id

    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"cannot read {file}: {error}")
    try:
        event = date.fromisoformat(event_on) if event_on else None
    except ValueError:
        _fail(f"--event-on: must be a day such as 2026-11-26, got '{event_on}'")
    try:
        first = datetime.fromisoformat(first_session) if first_session else None
    except ValueError:
        _fail(f"--first-session: must be a time such as 2026-12-10T10:00Z, got '{first_session}'")
    with _user_errors(), unit_of_work(make_session_factory(_engine())) as session:
        found = program_by_name_or_id(session, program)
        admins = (
            [person_by_employee_id(session, as_admin).id]
            if as_admin
            else admins_of(session, found.id)
        )
        if not admins:
            _fail(f"program '{found.name}' has no admin; give --as")
        formed = form_groups(
            session=session,
            viewer=Viewer(admins[0]),
            program_id=found.id,
            attendees=text,
            event_on=event,
            first_session_at=first,
        )
    typer.echo(
        f"'{found.name}': {formed.attendees} attendees ({formed.enrolled} newly enrolled), "
        f"{len(formed.circles)} circles formed."
    )
    for circle in formed.circles:
        names = ", ".join(m.name for m in circle.members)
        when = f"{circle.next_session_at:%a %d %b %Y %H:%M} UTC" if circle.next_session_at else "—"
        typer.echo(f"  circle {circle.id}: {names}; first session {when}")
    for why in formed.skipped:
        typer.echo(f"  skipped: {why}")


@match_app.command("rounds")
def match_rounds() -> None:
    """Run and publish the next round of every recurring peer-intro program that is due
    (its last round is at least its interval old); run it from a scheduler, e.g. daily."""
    from peoplefirst.services.program_runs import run_due_rounds

    factory = make_session_factory(_engine())
    with _user_errors(), unit_of_work(factory) as session:
        done = run_due_rounds(session=session)
    for due in done:
        typer.echo(f"'{due.name}': round published (run {due.run_id}), {due.report.groups} groups.")
    typer.echo(f"{len(done)} round{'s' * (len(done) != 1)} published.")


@app.command("worker")
def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Run what is due now, then exit (for cron).")
    ] = False,
) -> None:
    """Run the stored jobs: deliver notifications (e-mail, chat, calendar invites), find
    reminders, move requests on and publish due intro rounds. Start one or more next to
    `serve`; it stops cleanly on Ctrl-C or SIGTERM, after the job in hand."""
    import signal
    from datetime import timedelta

    from sqlalchemy.exc import SQLAlchemyError

    from peoplefirst.services.delivery import Channels
    from peoplefirst.services.worker import Worker

    settings = _settings()
    engine = make_engine(settings.resolved_database_url())
    runner = Worker(
        engine=engine,
        channels=Channels.from_settings(settings),
        max_attempts=settings.job_max_attempts,
        lease=timedelta(seconds=settings.job_lease_seconds),
        lapse_grace=timedelta(days=settings.relationship_grace_days),
    )
    if not settings.smtp_host:
        typer.echo("No SMTP server configured: e-mail is kept in the app, marked not sent.")
    with _user_errors():
        runner.schedule_chores()
        if once:
            ran = runner.run_until_idle()
            typer.echo(
                f"Ran {ran.done} job{'s' * (ran.done != 1)}; {ran.retried} to retry, "
                f"{ran.failed} failed, {ran.held} held back by quiet hours."
            )
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        typer.echo(f"Worker {runner.name} running; Ctrl-C stops it.")
        try:
            while not stopping:
                try:
                    busy = runner.run_due().total > 0
                except SQLAlchemyError as error:  # the database restarts: wait, then go on
                    typer.secho(f"Database error, retrying: {error}", fg="yellow", err=True)
                    busy = False
                if not busy:
                    deadline = time.monotonic() + settings.worker_poll_seconds
                    while not stopping and time.monotonic() < deadline:
                        time.sleep(0.2)
        except KeyboardInterrupt:
            pass
        typer.echo("Worker stopped.")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
) -> None:
    """Serve the web app and the API (runs migrations first)."""
    import uvicorn

    from peoplefirst.services.organization import upgrade_database
    from peoplefirst.web.app import create_app

    settings = _settings()
    with _user_errors():
        settings.check_secret()
        upgrade_database(engine=make_engine(settings.resolved_database_url()))
    typer.echo(f"PeopleFirst on http://{host}:{port}/ ({_safe_url(settings)})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.resolved_database_url()).render_as_string(hide_password=True)


# Commands that live in their own module register themselves on `app` when imported.
from peoplefirst.cli import access_commands, data_commands  # noqa: E402, F401


def run() -> None:
    app()
