"""The JSON API for asking a person for help."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from peoplefirst.domain.requests import (
    MAX_AT_ONCE,
    MAX_CANDIDATES,
    HelpKind,
    RequestsPage,
    RequestView,
    Urgency,
)
from peoplefirst.services import requests
from peoplefirst.web.api import TEXT, Id, Plain, problems
from peoplefirst.web.deps import (
    ExpertIndexDep,
    RecordId,
    SessionDep,
    ViewerDep,
)

router = APIRouter(prefix="/api/v1", tags=["requests"])
ERRORS = problems(401, 403, 404, 409, 422)


# Free text in a body: no control characters but tab and newlines (PostgreSQL refuses NUL).
NeedText = Annotated[
    Plain, Field(min_length=1, max_length=requests.MAX_NEED, json_schema_extra=TEXT)
]
NoteText = Annotated[Plain, Field(max_length=requests.MAX_NOTE, json_schema_extra=TEXT)]
MessageText = Annotated[
    Plain, Field(min_length=1, max_length=requests.MAX_MESSAGE, json_schema_extra=TEXT)
]


class AskIn(BaseModel):
    need: NeedText
    kind: HelpKind = HelpKind.QUICK_QUESTION
    urgency: Urgency = Urgency.NORMAL
    at_once: int = Field(default=1, ge=1, le=MAX_AT_ONCE, description="How many to ask at a time.")
    skill_ids: list[Id] = Field(
        default=[], max_length=20, description="Defaults to the skills the need names."
    )
    guide_ids: list[Id] = Field(
        default=[], max_length=MAX_CANDIDATES, description="People to ask first, in order."
    )


class DeclineIn(BaseModel):
    reason: NoteText = ""


class MessageIn(BaseModel):
    body: MessageText


class CloseIn(BaseModel):
    helped: bool
    rating: int | None = Field(default=None, ge=1, le=5)
    minutes: int | None = Field(default=None, ge=0, le=requests.MAX_MINUTES)
    skill_ids: list[Id] | None = Field(
        default=None,
        max_length=20,
        description="What it was about; defaults to the request's skills.",
    )
    note: NoteText = ""


@router.post(
    "/requests",
    responses=ERRORS,
    status_code=status.HTTP_201_CREATED,
    summary="Ask colleagues for help with a need",
)
def ask(body: AskIn, session: SessionDep, viewer: ViewerDep, index: ExpertIndexDep) -> RequestView:
    return requests.ask_for_help(
        session=session,
        viewer=viewer,
        index=index,
        need=body.need,
        kind=body.kind.value,
        urgency=body.urgency.value,
        skill_ids=body.skill_ids,
        at_once=body.at_once,
        guide_ids=body.guide_ids,
    )


@router.get("/requests", responses=ERRORS, summary="Your requests, and those sent to you")
def list_requests(session: SessionDep, viewer: ViewerDep) -> RequestsPage:
    return requests.list_requests(session=session, viewer=viewer)


@router.get("/requests/{request_id}", responses=ERRORS, summary="Where a request stands")
def get_request(request_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RequestView:
    return requests.view_request(session=session, viewer=viewer, request_id=request_id)


@router.post("/requests/{request_id}/accept", responses=ERRORS, summary="Take a request on")
def accept(request_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RequestView:
    return requests.accept_request(session=session, viewer=viewer, request_id=request_id)


@router.post("/requests/{request_id}/decline", responses=ERRORS, summary="Say no, with a reason")
def decline(
    request_id: RecordId, body: DeclineIn, session: SessionDep, viewer: ViewerDep
) -> RequestView:
    return requests.decline_request(
        session=session, viewer=viewer, request_id=request_id, reason=body.reason
    )


@router.post("/requests/{request_id}/withdraw", responses=ERRORS, summary="Take your request back")
def withdraw(request_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RequestView:
    return requests.withdraw_request(session=session, viewer=viewer, request_id=request_id)


@router.post(
    "/requests/{request_id}/messages", responses=ERRORS, summary="Write in the conversation"
)
def write(
    request_id: RecordId, body: MessageIn, session: SessionDep, viewer: ViewerDep
) -> RequestView:
    return requests.write_message(
        session=session, viewer=viewer, request_id=request_id, body=body.body
    )


@router.post("/requests/{request_id}/close", responses=ERRORS, summary="Close with feedback")
def close(
    request_id: RecordId, body: CloseIn, session: SessionDep, viewer: ViewerDep
) -> RequestView:
    return requests.close_request(
        session=session,
        viewer=viewer,
        request_id=request_id,
        helped=body.helped,
        rating=body.rating,
        minutes=body.minutes,
        skill_ids=body.skill_ids,
        note=body.note,
    )
