"""The JSON API for relationships: agreements, sessions, commitments, check-ins, the
ending with blind feedback, and misconduct reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from peoplefirst.domain.relationships import (
    MAX_CADENCE_WEEKS,
    MAX_GOALS,
    EndReason,
    RelationshipKind,
    RelationshipsPage,
    RelationshipView,
    ReportView,
    Review,
    SessionView,
    Side,
)
from peoplefirst.services import relationship_endings as endings
from peoplefirst.services import relationship_sessions as sessions
from peoplefirst.services import relationships
from peoplefirst.web.api import TEXT, Id, Plain, problems
from peoplefirst.web.deps import (
    ExpertIndexDep,
    RecordId,
    SessionDep,
    ViewerDep,
)

router = APIRouter(prefix="/api/v1", tags=["relationships"])
ERRORS = problems(401, 403, 404, 409, 422)

Line = Annotated[Plain, Field(max_length=relationships.MAX_LINE, json_schema_extra=TEXT)]
Message = Annotated[Plain, Field(max_length=relationships.MAX_MESSAGE, json_schema_extra=TEXT)]
Notes = Annotated[Plain, Field(max_length=sessions.MAX_NOTES, json_schema_extra=TEXT)]
Rating = Annotated[int, Field(ge=1, le=5)]


class InviteIn(BaseModel):
    person_id: Id
    my_side: Side = Field(description="Whether you would be the learner or the guide.")
    kind: RelationshipKind = RelationshipKind.MENTORING
    message: Message = ""


class AnswerIn(BaseModel):
    accept: bool
    note: Line = ""


class AgreementIn(BaseModel):
    version: int = Field(ge=1, description="The agreement's version you are editing.")
    goal_ids: list[Id] = Field(default=[], max_length=MAX_GOALS)
    text_goals: list[Line] = Field(default=[], max_length=MAX_GOALS)
    cadence_weeks: int = Field(ge=1, le=MAX_CADENCE_WEEKS)
    confidentiality: Line = ""
    end_date: date | None = None


class SessionIn(BaseModel):
    scheduled_at: datetime = Field(description="With a time zone, e.g. 2026-12-07T10:00:00Z.")
    agenda: Notes = ""


class NotesIn(BaseModel):
    notes: Notes
    version: int = Field(ge=1, description="The notes' version you started from.")


class ReflectionIn(BaseModel):
    body: Notes


class ReviewIn(BaseModel):
    commitment_id: Id
    review: Review
    note: Line = ""


class CommitmentIn(BaseModel):
    owner_id: Id
    what: Annotated[Line, Field(min_length=1)]
    due_on: date | None = None


class CompleteIn(BaseModel):
    commitments: list[CommitmentIn] = Field(min_length=1, max_length=sessions.MAX_COMMITMENTS)


class CheckInIn(BaseModel):
    how_it_goes: Rating
    meeting_as_agreed: bool
    note: Line = ""


class EndIn(BaseModel):
    reason: EndReason
    note: Line = ""
    reflection: Annotated[
        Plain, Field(max_length=endings.MAX_REFLECTION, json_schema_extra=TEXT)
    ] = ""


class SkillRatingIn(BaseModel):
    skill_id: Id
    rating: Rating


class FeedbackIn(BaseModel):
    rating: Rating
    skill_ratings: list[SkillRatingIn] = Field(default=[], max_length=20)
    note: Line = ""


class ReportIn(BaseModel):
    what: Annotated[Message, Field(min_length=1)]


class HandledIn(BaseModel):
    note: Line = ""


# Fixed paths before /relationships/{id}.


@router.get("/misconduct-reports", responses=ERRORS, summary="Reports you handle")
def list_reports(session: SessionDep, viewer: ViewerDep) -> list[ReportView]:
    return endings.list_reports(session=session, viewer=viewer)


@router.post(
    "/misconduct-reports/{report_id}/handled",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mark a report handled",
)
def handle_report(
    report_id: RecordId, body: HandledIn, session: SessionDep, viewer: ViewerDep
) -> None:
    endings.handle_report(session=session, viewer=viewer, report_id=report_id, note=body.note)


@router.get("/relationships", responses=ERRORS, summary="Your relationships, by state")
def list_relationships(session: SessionDep, viewer: ViewerDep) -> RelationshipsPage:
    return relationships.list_relationships(session=session, viewer=viewer)


@router.post(
    "/relationships",
    responses=ERRORS,
    status_code=status.HTTP_201_CREATED,
    summary="Invite someone to a relationship",
)
def invite(body: InviteIn, session: SessionDep, viewer: ViewerDep) -> RelationshipView:
    return relationships.invite(
        session=session,
        viewer=viewer,
        person_id=body.person_id,
        my_side=body.my_side.value,
        kind=body.kind.value,
        message=body.message,
    )


@router.get("/relationships/{relationship_id}", responses=ERRORS, summary="A relationship")
def get_relationship(
    relationship_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> RelationshipView:
    return relationships.view_relationship(
        session=session, viewer=viewer, relationship_id=relationship_id
    )


@router.post(
    "/relationships/{relationship_id}/answer", responses=ERRORS, summary="Answer an invitation"
)
def answer(
    relationship_id: RecordId, body: AnswerIn, session: SessionDep, viewer: ViewerDep
) -> RelationshipView:
    return relationships.answer_invitation(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        accept=body.accept,
        note=body.note,
    )


@router.put(
    "/relationships/{relationship_id}/agreement", responses=ERRORS, summary="Edit the agreement"
)
def set_agreement(
    relationship_id: RecordId, body: AgreementIn, session: SessionDep, viewer: ViewerDep
) -> RelationshipView:
    return relationships.set_agreement(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        version=body.version,
        goal_ids=body.goal_ids,
        text_goals=body.text_goals,
        cadence_weeks=body.cadence_weeks,
        confidentiality=body.confidentiality,
        end_date=body.end_date,
    )


@router.post("/relationships/{relationship_id}/pause", responses=ERRORS, summary="Pause")
def pause(relationship_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RelationshipView:
    return relationships.pause(session=session, viewer=viewer, relationship_id=relationship_id)


@router.post("/relationships/{relationship_id}/resume", responses=ERRORS, summary="Resume")
def resume(relationship_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RelationshipView:
    return relationships.resume(session=session, viewer=viewer, relationship_id=relationship_id)


@router.post(
    "/relationships/{relationship_id}/check-ins", responses=ERRORS, summary="Answer a check-in"
)
def check_in(
    relationship_id: RecordId, body: CheckInIn, session: SessionDep, viewer: ViewerDep
) -> RelationshipView:
    return sessions.check_in(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        how_it_goes=body.how_it_goes,
        meeting_as_agreed=body.meeting_as_agreed,
        note=body.note,
    )


@router.post(
    "/relationships/{relationship_id}/sessions",
    responses=ERRORS,
    status_code=status.HTTP_201_CREATED,
    summary="Plan a session",
)
def schedule(
    relationship_id: RecordId, body: SessionIn, session: SessionDep, viewer: ViewerDep
) -> SessionView:
    return sessions.schedule_session(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        scheduled_at=body.scheduled_at,
        agenda=body.agenda,
    )


@router.get(
    "/relationships/{relationship_id}/sessions/{session_id}", responses=ERRORS, summary="A session"
)
def get_session(
    relationship_id: RecordId, session_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> SessionView:
    return sessions.view_session(
        session=session, viewer=viewer, relationship_id=relationship_id, session_id=session_id
    )


@router.put(
    "/relationships/{relationship_id}/sessions/{session_id}/notes",
    responses=ERRORS,
    summary="Save the shared notes",
)
def save_notes(
    relationship_id: RecordId,
    session_id: RecordId,
    body: NotesIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> SessionView:
    return sessions.save_notes(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        notes=body.notes,
        version=body.version,
    )


@router.put(
    "/relationships/{relationship_id}/sessions/{session_id}/reflection",
    responses=ERRORS,
    summary="Save your private reflection",
)
def save_reflection(
    relationship_id: RecordId,
    session_id: RecordId,
    body: ReflectionIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> SessionView:
    return sessions.save_reflection(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        body=body.body,
    )


@router.post(
    "/relationships/{relationship_id}/sessions/{session_id}/reviews",
    responses=ERRORS,
    summary="Review an earlier commitment",
)
def review(
    relationship_id: RecordId,
    session_id: RecordId,
    body: ReviewIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> SessionView:
    return sessions.review_commitment(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        commitment_id=body.commitment_id,
        review=body.review.value,
        note=body.note,
    )


@router.post(
    "/relationships/{relationship_id}/sessions/{session_id}/complete",
    responses=ERRORS,
    summary="Complete a session with commitments to action",
)
def complete(
    relationship_id: RecordId,
    session_id: RecordId,
    body: CompleteIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> SessionView:
    return sessions.complete_session(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        commitments_made=[
            sessions.CommitmentIn(c.owner_id, c.what, c.due_on) for c in body.commitments
        ],
    )


@router.post("/relationships/{relationship_id}/end", responses=ERRORS, summary="End it")
def end(
    relationship_id: RecordId,
    body: EndIn,
    session: SessionDep,
    viewer: ViewerDep,
    index: ExpertIndexDep,
) -> RelationshipView:
    return endings.end_relationship(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        reason=body.reason.value,
        note=body.note,
        reflection=body.reflection,
        index=index,
    )


@router.put(
    "/relationships/{relationship_id}/feedback", responses=ERRORS, summary="Give your feedback"
)
def feedback(
    relationship_id: RecordId, body: FeedbackIn, session: SessionDep, viewer: ViewerDep
) -> RelationshipView:
    ratings = {r.skill_id: r.rating for r in body.skill_ratings}
    return endings.give_feedback(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        rating=body.rating,
        skill_ratings=ratings,
        note=body.note,
    )


@router.post(
    "/relationships/{relationship_id}/reports",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Report misconduct, confidentially",
)
def report(
    relationship_id: RecordId, body: ReportIn, session: SessionDep, viewer: ViewerDep
) -> None:
    endings.report_misconduct(
        session=session, viewer=viewer, relationship_id=relationship_id, what=body.what
    )
