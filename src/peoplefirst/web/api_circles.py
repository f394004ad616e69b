"""The JSON API for peer circles: the cycle the members share, nudges about one another's
commitments, and the admin's upload of an attendee list that forms follow-up groups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from peoplefirst.domain.circles import CircleSessionView, CirclesPage, CircleView, FormedGroups
from peoplefirst.domain.relationships import MAX_CADENCE_WEEKS
from peoplefirst.services import circle_groups, circle_sessions, circles
from peoplefirst.services.learning_cycle import CommitmentIn
from peoplefirst.web.api import TEXT, Plain, problems
from peoplefirst.web.api_relationships import (
    CheckInIn,
    CompleteIn,
    EndIn,
    Line,
    NotesIn,
    Rating,
    ReflectionIn,
    ReviewIn,
    SessionIn,
)
from peoplefirst.web.deps import RecordId, SessionDep, ViewerDep

router = APIRouter(prefix="/api/v1", tags=["circles"])
ERRORS = problems(401, 403, 404, 409, 422)


class CircleAgreementIn(BaseModel):
    version: int = Field(ge=1, description="The agreement's version you are editing.")
    purpose: Annotated[Plain, Field(max_length=circles.MAX_PURPOSE, json_schema_extra=TEXT)] = ""
    cadence_weeks: int = Field(ge=1, le=MAX_CADENCE_WEEKS)
    confidentiality: Line = ""
    end_date: date | None = None


class CircleFeedbackIn(BaseModel):
    rating: Rating
    note: Line = ""


class AttendeesIn(BaseModel):
    attendees: Annotated[
        str,
        Field(
            max_length=circle_groups.MAX_LIST_CHARS,
            description="Employee ids or emails, one a line, or a CSV whose first line names "
            "an employee_id or email column.",
        ),
    ]
    event_on: date | None = Field(default=None, description="The day of the event (today).")
    first_session_at: datetime | None = Field(
        default=None,
        description="When the groups first meet, with a time zone; by default a week after "
        "the event, on a working day at 10:00 in your time zone.",
    )


@router.get("/circles", responses=ERRORS, summary="Your peer circles, by state")
def list_circles(session: SessionDep, viewer: ViewerDep) -> CirclesPage:
    return circles.list_circles(session=session, viewer=viewer)


@router.get("/circles/{circle_id}", responses=ERRORS, summary="A circle")
def get_circle(circle_id: RecordId, session: SessionDep, viewer: ViewerDep) -> CircleView:
    return circles.view_circle(session=session, viewer=viewer, circle_id=circle_id)


@router.put("/circles/{circle_id}/agreement", responses=ERRORS, summary="Edit the agreement")
def set_agreement(
    circle_id: RecordId, body: CircleAgreementIn, session: SessionDep, viewer: ViewerDep
) -> CircleView:
    return circles.set_agreement(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        version=body.version,
        purpose=body.purpose,
        cadence_weeks=body.cadence_weeks,
        confidentiality=body.confidentiality,
        end_date=body.end_date,
    )


@router.post("/circles/{circle_id}/pause", responses=ERRORS, summary="Pause a circle")
def pause(circle_id: RecordId, session: SessionDep, viewer: ViewerDep) -> CircleView:
    return circles.pause(session=session, viewer=viewer, circle_id=circle_id)


@router.post("/circles/{circle_id}/resume", responses=ERRORS, summary="Resume a circle")
def resume(circle_id: RecordId, session: SessionDep, viewer: ViewerDep) -> CircleView:
    return circles.resume(session=session, viewer=viewer, circle_id=circle_id)


@router.post("/circles/{circle_id}/check-ins", responses=ERRORS, summary="Answer a check-in")
def check_in(
    circle_id: RecordId, body: CheckInIn, session: SessionDep, viewer: ViewerDep
) -> CircleView:
    return circles.check_in(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        how_it_goes=body.how_it_goes,
        meeting_as_agreed=body.meeting_as_agreed,
        note=body.note,
    )


@router.post("/circles/{circle_id}/end", responses=ERRORS, summary="End a circle")
def end(circle_id: RecordId, body: EndIn, session: SessionDep, viewer: ViewerDep) -> CircleView:
    return circles.end_circle(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        reason=body.reason.value,
        note=body.note,
        reflection=body.reflection,
    )


@router.post("/circles/{circle_id}/feedback", responses=ERRORS, summary="Give feedback")
def feedback(
    circle_id: RecordId, body: CircleFeedbackIn, session: SessionDep, viewer: ViewerDep
) -> CircleView:
    return circles.give_feedback(
        session=session, viewer=viewer, circle_id=circle_id, rating=body.rating, note=body.note
    )


@router.post(
    "/circles/{circle_id}/commitments/{commitment_id}/nudges",
    responses=ERRORS,
    status_code=status.HTTP_201_CREATED,
    summary="Nudge a member about their commitment",
)
def nudge(
    circle_id: RecordId, commitment_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> CircleView:
    return circle_sessions.nudge(
        session=session, viewer=viewer, circle_id=circle_id, commitment_id=commitment_id
    )


@router.post(
    "/circles/{circle_id}/sessions",
    responses=ERRORS,
    status_code=status.HTTP_201_CREATED,
    summary="Plan a circle session",
)
def schedule(
    circle_id: RecordId, body: SessionIn, session: SessionDep, viewer: ViewerDep
) -> CircleSessionView:
    return circle_sessions.schedule_session(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        scheduled_at=body.scheduled_at,
        agenda=body.agenda,
    )


@router.get(
    "/circles/{circle_id}/sessions/{session_id}", responses=ERRORS, summary="A circle session"
)
def get_session(
    circle_id: RecordId, session_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> CircleSessionView:
    return circle_sessions.view_session(
        session=session, viewer=viewer, circle_id=circle_id, session_id=session_id
    )


@router.put(
    "/circles/{circle_id}/sessions/{session_id}/notes",
    responses=ERRORS,
    summary="Save the shared notes",
)
def save_notes(
    circle_id: RecordId,
    session_id: RecordId,
    body: NotesIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> CircleSessionView:
    return circle_sessions.save_notes(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        session_id=session_id,
        notes=body.notes,
        version=body.version,
    )


@router.put(
    "/circles/{circle_id}/sessions/{session_id}/reflection",
    responses=ERRORS,
    summary="Save your private reflection",
)
def save_reflection(
    circle_id: RecordId,
    session_id: RecordId,
    body: ReflectionIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> CircleSessionView:
    return circle_sessions.save_reflection(
        session=session, viewer=viewer, circle_id=circle_id, session_id=session_id, body=body.body
    )


@router.post(
    "/circles/{circle_id}/sessions/{session_id}/reviews",
    responses=ERRORS,
    summary="Review an earlier commitment",
)
def review(
    circle_id: RecordId,
    session_id: RecordId,
    body: ReviewIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> CircleSessionView:
    return circle_sessions.review_commitment(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        session_id=session_id,
        commitment_id=body.commitment_id,
        review=body.review.value,
        note=body.note,
    )


@router.post(
    "/circles/{circle_id}/sessions/{session_id}/complete",
    responses=ERRORS,
    summary="Complete a session with commitments to action",
)
def complete(
    circle_id: RecordId,
    session_id: RecordId,
    body: CompleteIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> CircleSessionView:
    return circle_sessions.complete_session(
        session=session,
        viewer=viewer,
        circle_id=circle_id,
        session_id=session_id,
        commitments_made=[CommitmentIn(c.owner_id, c.what, c.due_on) for c in body.commitments],
    )


@router.post(
    "/programs/{program_id}/attendees",
    responses=ERRORS,
    status_code=status.HTTP_201_CREATED,
    summary="Form follow-up groups from an attendee list",
)
def groups_from_attendees(
    program_id: RecordId, body: AttendeesIn, session: SessionDep, viewer: ViewerDep
) -> FormedGroups:
    return circle_groups.groups_from_attendees(
        session=session,
        viewer=viewer,
        program_id=program_id,
        attendees=body.attendees,
        event_on=body.event_on,
        first_session_at=body.first_session_at,
    )
