"""Pages for peer circles: one circle (members, agreement, sessions, everyone's
commitments with a nudge, check-ins, ending, feedback), one circle session (agenda,
reviews, shared notes, the viewer's private reflection, commitments to action), and the
admin's page to form follow-up groups from an attendee list.

Each route calls one service; forms post here and are answered with a redirect (303), so
every step works without JavaScript.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BeforeValidator

from peoplefirst.domain.circles import CircleSessionView
from peoplefirst.domain.errors import Conflict, InvalidInput
from peoplefirst.domain.programs import ProgramKind
from peoplefirst.services import circle_groups, circle_sessions, circles
from peoplefirst.services.programs import administered
from peoplefirst.storage import tables as t
from peoplefirst.web.deps import RecordId, SessionDep, SignedInDep, ViewerDep
from peoplefirst.web.pages import FormId, FormText, OptionalNumber, _blank_is_none, _render
from peoplefirst.web.pages_relationships import (
    AgreementForm,
    CheckInForm,
    CompleteForm,
    EndForm,
    _choices,
    _redirect,
    _utc,
)

router = APIRouter(include_in_schema=False)
MAX_UPLOAD_BYTES = circle_groups.MAX_LIST_CHARS * 4  # UTF-8 is at most four bytes a character


def _context(me: t.Person | None, **extra: Any) -> dict[str, Any]:
    return {"me": me, **_choices(), "limits_purpose": circles.MAX_PURPOSE, **extra}


def _back(circle_id: int, where: str = "") -> RedirectResponse:
    return _redirect(f"/circles/{circle_id}{where}")


@router.get("/circles/{circle_id}", response_class=HTMLResponse)
def one_circle(
    request: Request,
    circle_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    nudged: int | None = None,
) -> HTMLResponse:
    view = circles.view_circle(session=session, viewer=viewer, circle_id=circle_id)
    return _render(request, "circle.html", _context(me, c=view, nudged=nudged))


class CircleAgreementForm(AgreementForm):
    purpose: FormText = ""


@router.post("/circles/{circle_id}/agreement")
def agreement(
    circle_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[CircleAgreementForm, Form()],
) -> RedirectResponse:
    circles.set_agreement(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        version=form.version,
        purpose=form.purpose,
        cadence_weeks=form.cadence_weeks,
        confidentiality=form.confidentiality,
        end_date=form.end_date,
    )
    return _back(circle_id, "#agreement")


@router.post("/circles/{circle_id}/pause")
def pause(circle_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RedirectResponse:
    circles.pause(session=session, viewer=viewer, circle_id=circle_id)
    return _back(circle_id)


@router.post("/circles/{circle_id}/resume")
def resume(circle_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RedirectResponse:
    circles.resume(session=session, viewer=viewer, circle_id=circle_id)
    return _back(circle_id)


@router.post("/circles/{circle_id}/check-ins")
def check_in(
    circle_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[CheckInForm, Form()],
) -> RedirectResponse:
    circles.check_in(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        how_it_goes=form.how_it_goes,
        meeting_as_agreed=form.meeting_as_agreed,
        note=form.note,
    )
    return _back(circle_id, "#check-in")


@router.post("/circles/{circle_id}/sessions")
def schedule(
    circle_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    scheduled_at: Annotated[FormText, Form(max_length=40)] = "",
    agenda: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    made = circle_sessions.schedule_session(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        scheduled_at=_utc(scheduled_at, "scheduled_at"),
        agenda=agenda,
    )
    return _redirect(f"/circles/{circle_id}/sessions/{made.id}")


@router.post("/circles/{circle_id}/commitments/{commitment_id}/nudge")
def nudge(
    circle_id: RecordId, commitment_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> RedirectResponse:
    circle_sessions.nudge(
        session=session, viewer=viewer, circle_id=circle_id, commitment_id=commitment_id
    )
    return _back(circle_id, f"?nudged={commitment_id}#commitments")


@router.post("/circles/{circle_id}/end")
def end(
    circle_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[EndForm, Form()],
) -> RedirectResponse:
    circles.end_circle(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        reason=form.reason,
        note=form.note,
        reflection=form.reflection,
    )
    return _back(circle_id, "#ending")


@router.post("/circles/{circle_id}/feedback")
def feedback(
    circle_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    rating: Annotated[OptionalNumber, Form()] = None,
    note: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    if rating is None:
        raise InvalidInput("rating", "choose a rating from 1 to 5")
    circles.give_feedback(
        session=session, viewer=viewer, circle_id=circle_id, rating=rating, note=note
    )
    return _back(circle_id, "#feedback")


def _session_context(me: t.Person | None, view: CircleSessionView, **extra: Any) -> dict[str, Any]:
    return _context(me, s=view, c=view.circle, **extra)


@router.get("/circles/{circle_id}/sessions/{session_id}", response_class=HTMLResponse)
def one_session(
    request: Request,
    circle_id: RecordId,
    session_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    reflection_saved: bool = False,
) -> HTMLResponse:
    view = circle_sessions.view_session(
        session=session, viewer=viewer, circle_id=circle_id, session_id=session_id
    )
    context = _session_context(me, view, reflection_saved=reflection_saved)
    return _render(request, "circle_session.html", context)


def _to_session(circle_id: int, session_id: int, where: str = "") -> RedirectResponse:
    return _redirect(f"/circles/{circle_id}/sessions/{session_id}{where}")


@router.post("/circles/{circle_id}/sessions/{session_id}/notes")
def notes(
    request: Request,
    circle_id: RecordId,
    session_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    version: Annotated[int, Form()],
    notes: Annotated[FormText, Form()] = "",
) -> Response:
    try:
        circle_sessions.save_notes(
            session=session,
            viewer=viewer,
            circle_id=circle_id,
            session_id=session_id,
            notes=notes,
            version=version,
        )
    except Conflict as error:
        # Another member saved in between: show theirs and keep this text beside it.
        view = circle_sessions.view_session(
            session=session, viewer=viewer, circle_id=circle_id, session_id=session_id
        )
        context = _session_context(me, view, conflict=error.detail, my_notes=notes)
        return _render(request, "circle_session.html", context, status_code=409)
    return _to_session(circle_id, session_id, "#notes")


@router.post("/circles/{circle_id}/sessions/{session_id}/reflection")
def reflection(
    circle_id: RecordId,
    session_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    body: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    circle_sessions.save_reflection(
        session=session, viewer=viewer, circle_id=circle_id, session_id=session_id, body=body
    )
    return _to_session(circle_id, session_id, "?reflection_saved=true#reflection")


@router.post("/circles/{circle_id}/sessions/{session_id}/reviews")
def review(
    circle_id: RecordId,
    session_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    commitment_id: Annotated[FormId, Form()],
    review: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    circle_sessions.review_commitment(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        session_id=session_id,
        commitment_id=commitment_id,
        review=review,
        note=note,
    )
    return _to_session(circle_id, session_id, "#review")


@router.post("/circles/{circle_id}/sessions/{session_id}/complete")
def complete(
    circle_id: RecordId,
    session_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[CompleteForm, Form()],
) -> RedirectResponse:
    circle_sessions.complete_session(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        session_id=session_id,
        commitments_made=form.commitments(),
    )
    return _to_session(circle_id, session_id, "#commitments")


# -- the admin's upload of an attendee list --------------------------------------------------


def _group_program(session: SessionDep, viewer: ViewerDep, program_id: int) -> t.Program:
    program = administered(session, viewer, program_id)
    kind = ProgramKind(program.kind)
    if not kind.forms_groups or kind.recurs:
        raise InvalidInput("program", f"{program.name} does not form follow-up groups")
    return program


@router.get("/programs/{program_id}/attendees", response_class=HTMLResponse)
def attendees_form(
    request: Request, program_id: RecordId, session: SessionDep, viewer: ViewerDep, me: SignedInDep
) -> HTMLResponse:
    program = _group_program(session, viewer, program_id)
    return _render(request, "circle_attendees.html", _context(me, program=program, formed=None))


OptionalDay = Annotated[date | None, BeforeValidator(_blank_is_none)]


@router.post("/programs/{program_id}/attendees", response_class=HTMLResponse)
def upload_attendees(
    request: Request,
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    attendees: Annotated[FormText, Form()] = "",
    event_on: Annotated[OptionalDay, Form()] = None,
    first_session_at: Annotated[FormText, Form(max_length=40)] = "",
    attendees_file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    text = attendees
    if attendees_file is not None and attendees_file.filename:
        raw = attendees_file.file.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise InvalidInput("attendees_file", "is too large for an attendee list")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("attendees_file", "must be a CSV or text file in UTF-8") from None
    first = first_session_at.strip()
    formed = circle_groups.groups_from_attendees(
        session=session,
        viewer=viewer,
        program_id=program_id,
        attendees=text,
        event_on=event_on,
        first_session_at=_utc(first, "first_session_at") if first else None,
    )
    session.commit()  # the members may open their circle as soon as this page shows
    program = _group_program(session, viewer, program_id)
    return _render(request, "circle_attendees.html", _context(me, program=program, formed=formed))
