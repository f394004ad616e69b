"""`peoplefirst accounts …`, `roles …` and `audit`: what a system admin does from the
server's shell — set the first passwords and roles, hand out a reset link when no e-mail is
configured, sign someone out everywhere, read the audit log. Registered on the main app when
`peoplefirst.cli.main` imports this module."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from peoplefirst.cli.main import _engine, _fail, _run, _settings, app
from peoplefirst.domain.access import GRANTED_ROLES
from peoplefirst.services import audit, roles, sign_in
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work

accounts_app = typer.Typer(help="Local passwords and sign-ins.", no_args_is_help=True)
app.add_typer(accounts_app, name="accounts")
roles_app = typer.Typer(
    help="Granted roles: program_admin, hr_analyst, system_admin.", no_args_is_help=True
)
app.add_typer(roles_app, name="roles")

Login = Annotated[str, typer.Argument(help="The person's e-mail address or employee id.")]


def _person(session: object, login: str) -> t.Person:
    person = sign_in.person_by_login(session, login)  # type: ignore[arg-type]
    if person is None:
        _fail(f"nobody has the e-mail address or employee id {login!r}")
    return person


def _now() -> datetime:
    return datetime.now(UTC)


@accounts_app.command("set-password")
def set_password(
    login: Login,
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="Asked for when not given (never put it on a shared command line).",
        ),
    ],
) -> None:
    """Give LOGIN a local password, e.g. the first system admin of a new installation."""
    with unit_of_work(make_session_factory(_engine())) as session:
        person = _person(session, login)
        _run(
            lambda: sign_in.set_password(
                session, person_id=person.id, password=password, now=_now(), address="cli"
            )
        )
        typer.echo(f"{person.name} can now sign in with their e-mail address and this password.")


@accounts_app.command("reset-link")
def reset_link(login: Login) -> None:
    """Print a one-time link to set a new password (valid one hour), for installations
    that send no e-mail; give it to the person by a channel you trust."""
    settings = _settings()
    with unit_of_work(make_session_factory(_engine())) as session:
        _person(session, login)
        link = _run(
            lambda: sign_in.request_password_reset(session, login=login, now=_now(), address="cli")
        )
        assert link is not None  # _person found them
        typer.echo(f"{settings.public_url.rstrip('/')}/password-reset/{link.token}")


@accounts_app.command("sign-out")
def sign_out_everywhere(login: Login) -> None:
    """Sign LOGIN out of every browser (a lost laptop, someone leaving)."""
    with unit_of_work(make_session_factory(_engine())) as session:
        person = _person(session, login)
        ended = sign_in.end_every_session(session, person_id=person.id, now=_now(), address="cli")
        typer.echo(f"Signed {person.name} out of {ended} browser(s).")


Role = Annotated[str, typer.Argument(help=", ".join(r.value for r in GRANTED_ROLES))]


def _change_role(login: str, role: str, *, grant: bool) -> None:
    change = roles.grant_role if grant else roles.revoke_role
    with unit_of_work(make_session_factory(_engine())) as session:
        person = _person(session, login)
        chosen = _run(lambda: roles.granted_role(role))
        changed = _run(
            lambda: change(
                session, person_id=person.id, role=chosen, by=None, now=_now(), address="cli"
            )
        )
        label = chosen.label.lower()
        if grant:
            typer.echo(f"{person.name} is {'now' if changed else 'already'} {label}.")
        else:
            typer.echo(f"{person.name} {'is no longer' if changed else 'was not'} {label}.")


@roles_app.command("grant")
def grant(login: Login, role: Role) -> None:
    """Grant ROLE to LOGIN."""
    _change_role(login, role, grant=True)


@roles_app.command("revoke")
def revoke(login: Login, role: Role) -> None:
    """Take ROLE away from LOGIN (the last system admin stays)."""
    _change_role(login, role, grant=False)


@roles_app.command("list")
def list_roles() -> None:
    """Who holds which granted role."""
    with unit_of_work(make_session_factory(_engine())) as session:
        for h in roles.role_holders(session):
            typer.echo(f"{h.role.value}\t{h.name} <{h.email}>\tsince {h.granted_at:%Y-%m-%d}")


@app.command("audit")
def show_audit(
    action: Annotated[str, typer.Option(help="Only this action, e.g. sign_in_failed.")] = "",
    page: Annotated[int, typer.Option(min=1, help="Page of 100, newest first.")] = 1,
) -> None:
    """The audit log, newest first, tab-separated."""
    with unit_of_work(make_session_factory(_engine())) as session:
        log = _run(lambda: audit.read_log(session=session, action=action, page=page))
        for e in log.entries:
            who = e.actor_name or (f"person {e.actor_id}" if e.actor_id else "-")
            typer.echo(
                f"{e.at:%Y-%m-%d %H:%M:%S}\t{who}\t{e.action}\t{e.subject}\t{e.detail}\t{e.address}"
            )
        typer.echo(f"page {log.page} of {log.pages}, {log.total} entries", err=True)
