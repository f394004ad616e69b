"""Pages for asking a person for help: the ask form, "My requests" and one request.

Each route calls one service of `peoplefirst.services.requests`; the forms post here and are
answered with a redirect (303) back to the request, so every step works without JavaScript.
htmx adds the conversation's new message in place.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from peoplefirst.domain.requests import MAX_AT_ONCE, MAX_CANDIDATES, HelpKind, RequestView, Urgency
from peoplefirst.services import directory, requests
from peoplefirst.storage import tables as t
from peoplefirst.storage.experts import unavailable_people
from peoplefirst.web.deps import (
    ExpertIndexDep,
    RecordId,
    SessionDep,
    SignedInDep,
    ViewerDep,
)
from peoplefirst.web.pages import (
    FormId,
    FormText,
    OptionalId,
    OptionalNumber,
    _is_htmx,
    _render,
)

router = APIRouter(include_in_schema=False)


Id = FormId

URGENCY_WORDS = {
    Urgency.LOW: "Not urgent",
    Urgency.NORMAL: "Normal",
    Urgency.URGENT: "Urgent",
}


def _within(urgency: Urgency) -> str:
    hours = int(urgency.answer_within.total_seconds() // 3600)
    return f"{hours // 24} days" if hours % 24 == 0 else f"{hours} hours"


def _ask_choices() -> dict[str, Any]:
    return {
        "kinds": [(k.value, k.label) for k in HelpKind],
        "urgencies": [
            (u.value, f"{URGENCY_WORDS[u]}: each person has {_within(u)} to answer")
            for u in Urgency
        ],
        "max_at_once": MAX_AT_ONCE,
        "max_need": requests.MAX_NEED,
    }


@router.get("/ask", response_class=HTMLResponse)
def ask_page(
    request: Request,
    session: SessionDep,
    me: SignedInDep,
    need: Annotated[FormText, Query(max_length=requests.MAX_NEED)] = "",
    guide: OptionalId = None,
) -> HTMLResponse:
    chosen = directory.person_ref_for(session=session, person_id=guide) if guide else None
    context: dict[str, Any] = {
        "me": me,
        "need": need,
        "guide": chosen,
        "guide_is_me": chosen is not None and me is not None and chosen.id == me.id,
        "guide_away": chosen is not None
        and bool(unavailable_people(session, date.today(), [chosen.id])),
        **_ask_choices(),
    }
    return _render(request, "ask.html", context)


class AskForm(BaseModel):
    """The ask form as sent; the service checks the rules and names what is wrong."""

    need: FormText = ""
    kind: str = HelpKind.QUICK_QUESTION.value
    urgency: str = Urgency.NORMAL.value
    at_once: int = 1
    guide_ids: list[Id] = Field(default=[], max_length=MAX_CANDIDATES)


@router.post("/ask")
def ask(
    session: SessionDep,
    viewer: ViewerDep,
    index: ExpertIndexDep,
    form: Annotated[AskForm, Form()],
) -> RedirectResponse:
    made = requests.ask_for_help(
        session=session,
        viewer=viewer,
        index=index,
        need=form.need,
        kind=form.kind,
        urgency=form.urgency,
        at_once=form.at_once,
        guide_ids=form.guide_ids,
    )
    return _redirect(f"/requests/{made.request.id}")


@router.get("/requests", response_class=HTMLResponse)
def my_requests(
    request: Request, session: SessionDep, viewer: ViewerDep, me: SignedInDep
) -> HTMLResponse:
    found = requests.list_requests(session=session, viewer=viewer) if me is not None else None
    return _render(request, "requests.html", {"me": me, "found": found})


def _request_context(me: t.Person | None, view: RequestView) -> dict[str, Any]:
    return {
        "me": me,
        "r": view,
        "urgency_words": {u.value: URGENCY_WORDS[u] for u in Urgency},
        "is_learner": me is not None and view.request.learner.id == me.id,
        "limits": {
            "message": requests.MAX_MESSAGE,
            "note": requests.MAX_NOTE,
            "minutes": requests.MAX_MINUTES,
        },
    }


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def one_request(
    request: Request, request_id: RecordId, session: SessionDep, viewer: ViewerDep, me: SignedInDep
) -> HTMLResponse:
    view = requests.view_request(session=session, viewer=viewer, request_id=request_id)
    return _render(request, "request.html", _request_context(me, view))


def _redirect(url: str) -> RedirectResponse:
    """Send the browser on (303); the session dependency has committed by then."""
    return RedirectResponse(url, status_code=303)


def _back(request_id: int, where: str = "") -> RedirectResponse:
    return _redirect(f"/requests/{request_id}{where}")


@router.post("/requests/{request_id}/accept")
def accept(request_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RedirectResponse:
    requests.accept_request(session=session, viewer=viewer, request_id=request_id)
    return _back(request_id)


@router.post("/requests/{request_id}/decline")
def decline(
    request_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    reason: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    requests.decline_request(session=session, viewer=viewer, request_id=request_id, reason=reason)
    return _back(request_id)


@router.post("/requests/{request_id}/withdraw")
def withdraw(request_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RedirectResponse:
    requests.withdraw_request(session=session, viewer=viewer, request_id=request_id)
    return _back(request_id)


@router.post("/requests/{request_id}/messages")
def write(
    request: Request,
    request_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    body: Annotated[FormText, Form()] = "",
) -> Response:
    view = requests.write_message(session=session, viewer=viewer, request_id=request_id, body=body)
    if _is_htmx(request):  # the conversation, with the new message, in place of the old
        session.commit()
        return _render(request, "_request_conversation.html", _request_context(me, view))
    return _back(request_id, "#conversation")


class CloseForm(BaseModel):
    """The feedback form as sent. `skills_listed` says the skill boxes were shown, so that
    none ticked means "none" rather than "the request's skills"."""

    helped: bool
    rating: OptionalNumber = None
    minutes: OptionalNumber = None
    note: FormText = ""
    skill_ids: list[Id] = Field(default=[], max_length=20)
    skills_listed: bool = False


@router.post("/requests/{request_id}/close")
def close(
    request_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[CloseForm, Form()],
) -> RedirectResponse:
    requests.close_request(
        session=session,
        viewer=viewer,
        request_id=request_id,
        helped=form.helped,
        rating=form.rating,
        minutes=form.minutes,
        note=form.note,
        skill_ids=form.skill_ids if form.skills_listed else None,
    )
    return _back(request_id, "#outcome")
