"""Dependencies shared by routes: the database session, settings and who is asking."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from pydantic import AfterValidator
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from peoplefirst.domain.policy import Viewer
from peoplefirst.ranking.org import OrgExpertIndex
from peoplefirst.services.experts import ExpertIndexCache
from peoplefirst.services.waiting import waiting_for
from peoplefirst.settings import Settings
from peoplefirst.storage import tables as t
from peoplefirst.web.signin import COOKIE_NAME, read_person


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


def get_signed_in(request: Request, session: SessionDep, settings: SettingsDep) -> t.Person | None:
    person_id = read_person(request.cookies.get(COOKIE_NAME), settings.secret_key)
    return session.get(t.Person, person_id) if person_id is not None else None


def signed_in_outside_a_route(request: Request) -> t.Person | None:
    """Who is signed in, for error pages rendered after a route has failed."""
    settings: Settings = request.app.state.settings
    person_id = read_person(request.cookies.get(COOKIE_NAME), settings.secret_key)
    if person_id is None:
        return None
    factory: sessionmaker[Session] = request.app.state.session_factory
    with factory() as session:
        return session.get(t.Person, person_id)


def waiting_counts(request: Request) -> dict[str, Any]:
    """Template context for every page: what waits for the signed-in person's answer."""
    settings: Settings = request.app.state.settings
    person_id = read_person(request.cookies.get(COOKIE_NAME), settings.secret_key)
    if person_id is None:
        return {"waiting": None}
    factory: sessionmaker[Session] = request.app.state.session_factory
    try:
        with factory() as session:
            return {"waiting": waiting_for(session=session, person_id=person_id)}
    except SQLAlchemyError:  # an error page must render even when the database fails
        return {"waiting": None}


SignedInDep = Annotated[t.Person | None, Depends(get_signed_in)]


def get_viewer(person: SignedInDep) -> Viewer:
    if person is None:
        return Viewer.anonymous()
    return Viewer(person_id=person.id, department_id=person.department_id)


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


def get_expert_index(request: Request, session: SessionDep) -> OrgExpertIndex:
    cache: ExpertIndexCache = request.app.state.expert_index
    return cache.current(session)


ExpertIndexDep = Annotated[OrgExpertIndex, Depends(get_expert_index)]
