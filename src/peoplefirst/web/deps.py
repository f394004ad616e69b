"""Dependencies shared by routes: the database session, settings and who is asking."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from pydantic import AfterValidator
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from peoplefirst.domain.access import Scope
from peoplefirst.domain.errors import NotPermitted, NotSignedIn, PeopleFirstError, SignInRefused
from peoplefirst.domain.policy import Viewer
from peoplefirst.ranking.org import OrgExpertIndex
from peoplefirst.services import api_tokens, roles, sign_in
from peoplefirst.services.experts import ExpertIndexCache
from peoplefirst.services.waiting import waiting_for
from peoplefirst.settings import Settings
from peoplefirst.storage import tables as t
from peoplefirst.web.signin import (
    SESSION_COOKIE,
    UNSAFE_METHODS,
    check_form_token,
    form_token,
)


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


MAX_ID = 2**31 - 1  # ids are PostgreSQL integers: a larger one cannot exist
RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="The record's id.")]


# One character of text, as a JSON-schema pattern: anything but control characters.
TEXT_CHARACTER = "[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]"


def no_control_characters(value: str) -> str:
    # PostgreSQL text cannot hold NUL, and no one searches for control characters
    # (C0 but tab and newlines, DEL, C1).
    if any((ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F for c in value):
        raise ValueError("must not contain control characters")
    return value


SearchText = Annotated[
    str,
    Query(
        max_length=200,
        json_schema_extra={"pattern": f"^{TEXT_CHARACTER}*$"},
    ),
    AfterValidator(no_control_characters),
]

SearchNeed = Annotated[
    str,
    Query(
        min_length=1,
        max_length=2000,
        # at least one character that is neither a space nor a control character
        json_schema_extra={
            "pattern": f"^{TEXT_CHARACTER}*[^\\s\\u0000-\\u001f\\u007f-\\u009f]{TEXT_CHARACTER}*$"
        },
    ),
    AfterValidator(no_control_characters),
]

SettingsDep = Annotated[Settings, Depends(get_settings)]
# Commit when the route returns, before the response goes out: a page loaded right after a
# redirect must see what the POST before it saved.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def _now() -> datetime:
    return datetime.now(UTC)


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def _token_holder(request: Request, session: Session) -> int:
    """The person an `Authorization: Bearer` token acts for, within its scopes."""
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    holder = (
        api_tokens.token_holder(session, secret.strip(), now=_now())
        if scheme.lower() == "bearer"
        else None
    )
    if holder is None:
        raise SignInRefused("the API token is unknown, revoked or expired")
    if request.method in UNSAFE_METHODS and Scope.WRITE not in holder.scopes:
        raise NotPermitted("this API token may only read (scope: read)")
    return holder.person_id


def _person_id(request: Request, session: Session) -> int | None:
    if hasattr(request.state, "person_id"):
        known: int | None = request.state.person_id
        return known
    if request.headers.get("authorization"):
        person_id: int | None = _token_holder(request, session)
    else:
        who = sign_in.signed_in(session, request.cookies.get(SESSION_COOKIE), now=_now())
        person_id = who.person_id if who else None
    request.state.person_id = person_id
    return person_id


def get_signed_in(request: Request, session: SessionDep) -> t.Person | None:
    person_id = _person_id(request, session)
    return session.get(t.Person, person_id) if person_id is not None else None


async def require_signed_in(request: Request, session: SessionDep, settings: SettingsDep) -> None:
    """Every page and endpoint but signing in and health: a signed-in person (or an API
    token), and for changes the form token of the browser's own pages."""
    if _person_id(request, session) is None:
        raise NotSignedIn("sign in first")
    await check_form_token(request, settings)


async def require_form_token(request: Request, settings: SettingsDep) -> None:
    """The sign-in pages' forms: the token of the browser's own cookie, nothing more."""
    await check_form_token(request, settings)


def _person_outside_a_route(request: Request) -> int | None:
    factory: sessionmaker[Session] = request.app.state.session_factory
    with factory() as session:
        try:
            return _person_id(request, session)
        except PeopleFirstError:
            return None


def signed_in_outside_a_route(request: Request) -> t.Person | None:
    """Who is signed in, for error pages rendered after a route has failed."""
    person_id = _person_outside_a_route(request)
    if person_id is None:
        return None
    factory: sessionmaker[Session] = request.app.state.session_factory
    with factory() as session:
        return session.get(t.Person, person_id)


def page_context(request: Request) -> dict[str, Any]:
    """Template context for every page: the form token, how the person signed in, and what
    waits for their answer."""
    settings: Settings = request.app.state.settings
    context: dict[str, Any] = {
        "csrf": form_token(request, None, settings),
        "dev_sign_in": settings.dev_sign_in,
        "waiting": None,
    }
    try:
        person_id = _person_outside_a_route(request)
        if person_id is not None:
            factory: sessionmaker[Session] = request.app.state.session_factory
            with factory() as session:
                context["waiting"] = waiting_for(session=session, person_id=person_id)
    except SQLAlchemyError:  # an error page must render even when the database fails
        pass
    return context


SignedInDep = Annotated[t.Person | None, Depends(get_signed_in)]


def get_viewer(person: SignedInDep, session: SessionDep) -> Viewer:
    if person is None:
        return Viewer.anonymous()
    return Viewer(
        person_id=person.id,
        department_id=person.department_id,
        roles=roles.roles_of(session, person.id),
    )


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


def get_expert_index(request: Request, session: SessionDep) -> OrgExpertIndex:
    cache: ExpertIndexCache = request.app.state.expert_index
    return cache.current(session)


ExpertIndexDep = Annotated[OrgExpertIndex, Depends(get_expert_index)]
