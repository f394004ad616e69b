"""Pages for relationships: "My relationships", one relationship (agreement, sessions,
commitments, check-ins, ending, feedback) and one session (agenda, reviews, shared notes,
the viewer's private reflection, commitments to action), and the reports page for those
who handle misconduct reports.

Each route calls one service; forms post here and are answered with a redirect (303), so
every step works without JavaScript. htmx swaps a saved private reflection in place.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, BeforeValidator, Field

from peoplefirst.domain.errors import Conflict, InvalidInput
from peoplefirst.domain.relationships import (
    CHOSEN_END_REASONS,
    MAX_CADENCE_WEEKS,
    RelationshipKind,
    Review,
    SessionView,
    Side,
)
from peoplefirst.services import circles, relationships
from peoplefirst.services import relationship_endings as endings
from peoplefirst.services import relationship_sessions as sessions
from peoplefirst.storage import tables as t
from peoplefirst.web.deps import ExpertIndexDep, RecordId, SessionDep, SignedInDep, ViewerDep
from peoplefirst.web.pages import (
    FormId,
    FormText,
    OptionalNumber,
    _blank_is_none,
    _is_htmx,
    _render,
)

router = APIRouter(include_in_schema=False)

OptionalDate = Annotated[date | None, BeforeValidator(_blank_is_none)]
RATING_WORDS = [(5, "excellent"), (4, "good"), (3, "fair"), (2, "poor"), (1, "not useful")]


def _redirect(url: str) -> RedirectResponse:
    """Send the browser on (303); the session dependency has committed by then."""
    return RedirectResponse(url, status_code=303)


def _choices() -> dict[str, Any]:
    return {
        "kinds": [(k.value, k.label) for k in RelationshipKind],
        "reasons": [(r.value, r.label) for r in CHOSEN_END_REASONS],
        "reviews": [(r.value, r.label) for r in Review],
        "ratings": RATING_WORDS,
        "max_cadence": MAX_CADENCE_WEEKS,
        "limits": {
            "line": relationships.MAX_LINE,
            "message": relationships.MAX_MESSAGE,
            "notes": sessions.MAX_NOTES,
            "reflection": endings.MAX_REFLECTION,
            "commitments": sessions.MAX_COMMITMENTS,
        },
    }


@router.get("/relationships", response_class=HTMLResponse)
def my_relationships(
    request: Request, session: SessionDep, viewer: ViewerDep, me: SignedInDep
) -> HTMLResponse:
    found = None
    my_circles = None
    handles = False
    if me is not None:
        found = relationships.list_relationships(session=session, viewer=viewer)
        my_circles = circles.list_circles(session=session, viewer=viewer)
        handles = endings.may_handle_any(session=session, viewer=viewer)
    context = {
        "me": me,
        "found": found,
        "circles": my_circles,
        "handles_reports": handles,
        **_choices(),
    }
    return _render(request, "relationships.html", context)


class InviteForm(BaseModel):
    colleague: FormText = ""
    my_side: str = Side.LEARNER.value
    kind: str = RelationshipKind.MENTORING.value
    message: FormText = ""


@router.post("/relationships")
def invite(
    session: SessionDep, viewer: ViewerDep, form: Annotated[InviteForm, Form()]
) -> RedirectResponse:
    person = relationships.find_colleague(session=session, viewer=viewer, text=form.colleague)
    made = relationships.invite(
        session=session,
        viewer=viewer,
        person_id=person,
        my_side=form.my_side,
        kind=form.kind,
        message=form.message,
    )
    return _redirect(f"/relationships/{made.summary.id}")


# Fixed paths before /relationships/{id}.


@router.get("/relationships/reports", response_class=HTMLResponse)
def reports(
    request: Request, session: SessionDep, viewer: ViewerDep, me: SignedInDep
) -> HTMLResponse:
    found = endings.list_reports(session=session, viewer=viewer) if me is not None else []
    return _render(request, "relationship_reports.html", {"me": me, "reports": found})


@router.post("/relationships/reports/{report_id}/handled")
def handled(
    report_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    note: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    endings.handle_report(session=session, viewer=viewer, report_id=report_id, note=note)
    return _redirect(f"/relationships/reports#report-{report_id}")


@router.get("/relationships/{relationship_id}", response_class=HTMLResponse)
def one_relationship(
    request: Request,
    relationship_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    reported: bool = False,
) -> HTMLResponse:
    view = relationships.view_relationship(
        session=session, viewer=viewer, relationship_id=relationship_id
    )
    context = {"me": me, "r": view, "reported": reported, **_choices()}
    return _render(request, "relationship.html", context)


def _back(relationship_id: int, where: str = "") -> RedirectResponse:
    return _redirect(f"/relationships/{relationship_id}{where}")


@router.post("/relationships/{relationship_id}/answer")
def answer(
    relationship_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    accept: Annotated[bool, Form()],
    note: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    relationships.answer_invitation(
        session=session, viewer=viewer, relationship_id=relationship_id, accept=accept, note=note
    )
    return _back(relationship_id)


class AgreementForm(BaseModel):
    version: int
    goal_ids: list[FormId] = Field(default=[], max_length=50)
    text_goals: list[FormText] = Field(default=[], max_length=50)
    cadence_weeks: int
    confidentiality: FormText = ""
    end_date: OptionalDate = None


@router.post("/relationships/{relationship_id}/agreement")
def agreement(
    relationship_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[AgreementForm, Form()],
) -> RedirectResponse:
    relationships.set_agreement(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        version=form.version,
        goal_ids=form.goal_ids,
        text_goals=form.text_goals,
        cadence_weeks=form.cadence_weeks,
        confidentiality=form.confidentiality,
        end_date=form.end_date,
    )
    return _back(relationship_id, "#agreement")


@router.post("/relationships/{relationship_id}/pause")
def pause(relationship_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RedirectResponse:
    relationships.pause(session=session, viewer=viewer, relationship_id=relationship_id)
    return _back(relationship_id)


@router.post("/relationships/{relationship_id}/resume")
def resume(relationship_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RedirectResponse:
    relationships.resume(session=session, viewer=viewer, relationship_id=relationship_id)
    return _back(relationship_id)


class CheckInForm(BaseModel):
    how_it_goes: int
    meeting_as_agreed: bool
    note: FormText = ""


@router.post("/relationships/{relationship_id}/check-ins")
def check_in(
    relationship_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[CheckInForm, Form()],
) -> RedirectResponse:
    sessions.check_in(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        how_it_goes=form.how_it_goes,
        meeting_as_agreed=form.meeting_as_agreed,
        note=form.note,
    )
    return _back(relationship_id, "#check-in")


def _utc(value: str, field: str) -> datetime:
    """A browser's `datetime-local` value, read as UTC (the pages say so)."""
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            field, f"must be a date and time such as 2026-12-07T10:00, got '{value[:40]}'"
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


@router.post("/relationships/{relationship_id}/sessions")
def schedule(
    relationship_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    scheduled_at: Annotated[FormText, Form(max_length=40)] = "",
    agenda: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    made = sessions.schedule_session(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        scheduled_at=_utc(scheduled_at, "scheduled_at"),
        agenda=agenda,
    )
    return _redirect(f"/relationships/{relationship_id}/sessions/{made.id}")


class EndForm(BaseModel):
    reason: str = ""
    note: FormText = ""
    reflection: FormText = ""


@router.post("/relationships/{relationship_id}/end")
def end(
    relationship_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    index: ExpertIndexDep,
    form: Annotated[EndForm, Form()],
) -> RedirectResponse:
    endings.end_relationship(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        reason=form.reason,
        note=form.note,
        reflection=form.reflection,
        index=index,
    )
    return _back(relationship_id, "#ending")


class FeedbackForm(BaseModel):
    """Overall rating, and for each skill listed (`skill_ids`) a rating or blank."""

    rating: OptionalNumber = None
    skill_ids: list[FormId] = Field(default=[], max_length=20)
    skill_ratings: list[OptionalNumber] = Field(default=[], max_length=20)
    note: FormText = ""


@router.post("/relationships/{relationship_id}/feedback")
def feedback(
    relationship_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[FeedbackForm, Form()],
) -> RedirectResponse:
    if form.rating is None:
        raise InvalidInput("rating", "choose a rating from 1 to 5")
    if len(form.skill_ids) != len(form.skill_ratings):
        raise InvalidInput("skill_ratings", "one rating (or none) for each skill listed")
    ratings = {s: r for s, r in zip(form.skill_ids, form.skill_ratings, strict=True) if r}
    endings.give_feedback(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        rating=form.rating,
        skill_ratings=ratings,
        note=form.note,
    )
    return _back(relationship_id, "#feedback")


@router.post("/relationships/{relationship_id}/reports")
def report(
    relationship_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    what: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    endings.report_misconduct(
        session=session, viewer=viewer, relationship_id=relationship_id, what=what
    )
    return _back(relationship_id, "?reported=true#report")


def _session_context(me: t.Person | None, view: SessionView, **extra: Any) -> dict[str, Any]:
    return {"me": me, "s": view, "r": view.relationship, **_choices(), **extra}


@router.get("/relationships/{relationship_id}/sessions/{session_id}", response_class=HTMLResponse)
def one_session(
    request: Request,
    relationship_id: RecordId,
    session_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
) -> HTMLResponse:
    view = sessions.view_session(
        session=session, viewer=viewer, relationship_id=relationship_id, session_id=session_id
    )
    return _render(request, "relationship_session.html", _session_context(me, view))


def _to_session(relationship_id: int, session_id: int, where: str = "") -> RedirectResponse:
    return _redirect(f"/relationships/{relationship_id}/sessions/{session_id}{where}")


@router.post("/relationships/{relationship_id}/sessions/{session_id}/notes")
def notes(
    request: Request,
    relationship_id: RecordId,
    session_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    version: Annotated[int, Form()],
    notes: Annotated[FormText, Form()] = "",
) -> Response:
    try:
        sessions.save_notes(
            session=session,
            viewer=viewer,
            relationship_id=relationship_id,
            session_id=session_id,
            notes=notes,
            version=version,
        )
    except Conflict as error:
        # Someone saved in between: show their notes, and keep this person's text beside
        # them so that nothing typed is lost.
        view = sessions.view_session(
            session=session, viewer=viewer, relationship_id=relationship_id, session_id=session_id
        )
        context = _session_context(me, view, conflict=error.detail, my_notes=notes)
        return _render(request, "relationship_session.html", context, status_code=409)
    return _to_session(relationship_id, session_id, "#notes")


@router.post("/relationships/{relationship_id}/sessions/{session_id}/reflection")
def reflection(
    request: Request,
    relationship_id: RecordId,
    session_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    body: Annotated[FormText, Form()] = "",
) -> Response:
    view = sessions.save_reflection(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        body=body,
    )
    if _is_htmx(request):  # the reflection form, saved, in place of the old one
        session.commit()
        context = _session_context(me, view, reflection_saved=True)
        return _render(request, "_relationship_reflection.html", context)
    return _to_session(relationship_id, session_id, "#reflection")


@router.post("/relationships/{relationship_id}/sessions/{session_id}/reviews")
def review(
    relationship_id: RecordId,
    session_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    commitment_id: Annotated[FormId, Form()],
    review: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    sessions.review_commitment(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        commitment_id=commitment_id,
        review=review,
        note=note,
    )
    return _to_session(relationship_id, session_id, "#review")


class CompleteForm(BaseModel):
    """Rows of the commitments form, as parallel lists; a row without "what" is unused."""

    owner_ids: list[FormId] = Field(default=[], max_length=20)
    whats: list[FormText] = Field(default=[], max_length=20)
    due_ons: list[OptionalDate] = Field(default=[], max_length=20)

    def commitments(self) -> list[sessions.CommitmentIn]:
        """The rows filled in; InvalidInput when the lists do not line up."""
        if not len(self.owner_ids) == len(self.whats) == len(self.due_ons):
            raise InvalidInput("commitments", "each row needs an owner, what and a date (or none)")
        return [
            sessions.CommitmentIn(owner, what, due)
            for owner, what, due in zip(self.owner_ids, self.whats, self.due_ons, strict=True)
            if what.strip()
        ]


@router.post("/relationships/{relationship_id}/sessions/{session_id}/complete")
def complete(
    relationship_id: RecordId,
    session_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[CompleteForm, Form()],
) -> RedirectResponse:
    sessions.complete_session(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        commitments_made=form.commitments(),
    )
    return _to_session(relationship_id, session_id, "#commitments")
