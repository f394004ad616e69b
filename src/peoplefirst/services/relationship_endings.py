"""Ending a relationship gracefully (a reason, a closing reflection), blind feedback both
ways, and confidential misconduct reports.

The learner's feedback on the guide counts in the expert finder the way a closed request's
outcome does (`storage.relationships.relationship_help`, read with the help outcomes), once
it is shown. A program relationship that ends early re-matches its learner through
`program_runs.end_match`; one that started from a request gives the guide's time back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import (
    Conflict,
    InvalidInput,
    NotPermitted,
    RelationshipNotFound,
    ReportNotFound,
)
from peoplefirst.domain.policy import Viewer, may_handle_reports, signed_in
from peoplefirst.domain.programs import MatchState
from peoplefirst.domain.relationships import (
    Action,
    EndReason,
    ProgramRef,
    RelationshipView,
    ReportView,
    feedback_open,
)
from peoplefirst.ranking.org import OrgExpertIndex
from peoplefirst.services import program_runs, requests
from peoplefirst.services.learning_cycle import MAX_REFLECTION as MAX_REFLECTION
from peoplefirst.services.learning_cycle import check_ending
from peoplefirst.services.relationships import (
    MAX_LINE,
    MAX_MESSAGE,
    act,
    now_or,
    one_of_the_two,
    other_person,
    people,
    text_field,
    view_relationship,
)
from peoplefirst.storage import relationships as stored
from peoplefirst.storage import tables as t
from peoplefirst.storage.skills import existing_skill_ids


def end_relationship(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    reason: str,
    note: str = "",
    reflection: str = "",
    index: OrgExpertIndex | None = None,
    now: datetime | None = None,
) -> RelationshipView:
    """Either person ends an active or paused relationship, with a reason from the list
    (and a line, required for "another reason") and a closing reflection. Feedback both
    ways opens for 14 days."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    why, note, reflection = check_ending(reason, note, reflection)
    act(relationship, Action.END)
    relationship.ended_at, relationship.ended_by = now, me
    relationship.end_reason, relationship.end_note = why.value, note
    relationship.closing_reflection = reflection
    stored.active_at(relationship, me, now)
    session.flush()
    if relationship.match_id is not None:
        match = session.get(t.ProgramMatch, relationship.match_id)
        if match is not None and match.state == MatchState.ACTIVE.value:
            program_runs.end_match(
                session=session,
                viewer=viewer,
                match_id=match.id,
                reason=why.label + (f": {note}" if note else ""),
                index=index,
                now=now,
                rematch=why.early,
            )
    if relationship.request_id is not None:
        requests.end_with_relationship(session=session, request_id=relationship.request_id, now=now)
    return view_relationship(
        session=session, viewer=viewer, relationship_id=relationship_id, now=now
    )


def conclude_lapsed(
    *,
    session: Session,
    relationship_id: int,
    now: datetime,
    index: OrgExpertIndex | None = None,
) -> None:
    """PeopleFirst concludes an active relationship that has gone without a session for
    too long (`domain.relationships.lapse_stage`): no dead relationships. Feedback opens as
    for any ending; a program learner is proposed a new guide; a request's guide gets
    their time back."""
    relationship = session.get(t.Relationship, relationship_id)
    if relationship is None:
        raise RelationshipNotFound(f"no relationship has id {relationship_id}")
    act(relationship, Action.END)
    relationship.ended_at, relationship.ended_by = now, None
    relationship.end_reason, relationship.end_note = EndReason.LAPSED.value, ""
    session.flush()
    if relationship.match_id is not None:
        match = session.get(t.ProgramMatch, relationship.match_id)
        if match is not None and match.state == MatchState.ACTIVE.value:
            program_runs.close_match(
                session, match, ended_by=None, reason=EndReason.LAPSED.label, now=now, index=index
            )
    if relationship.request_id is not None:
        requests.end_with_relationship(session=session, request_id=relationship.request_id, now=now)


def give_feedback(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    rating: int,
    skill_ratings: Mapping[int, int] | None = None,
    note: str = "",
    now: datetime | None = None,
) -> RelationshipView:
    """Each side rates the other once, after the ending: overall 1 to 5, per skill if they
    wish, and a line. Neither sees the other's until both have answered or the window has
    closed."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    if not feedback_open(relationship.ended_at, now) or relationship.end_reason is None:
        raise Conflict("feedback is given in the 14 days after a relationship ends")
    if session.get(t.RelationshipFeedback, (relationship_id, me)) is not None:
        raise Conflict("you have given your feedback already")
    if not 1 <= rating <= 5:
        raise InvalidInput("rating", f"must be between 1 and 5, got {rating}")
    skill_ratings = dict(skill_ratings or {})
    existing_skill_ids(session, list(skill_ratings), field="skill_ratings")
    for skill, score in skill_ratings.items():
        if not 1 <= score <= 5:
            raise InvalidInput(f"skill_ratings.{skill}", f"must be between 1 and 5, got {score}")
    note = text_field(note, "note", MAX_LINE)
    session.add(
        t.RelationshipFeedback(
            relationship_id=relationship_id,
            author_id=me,
            about_id=other_person(relationship, me),
            rating=rating,
            note=note,
            given_at=now,
        )
    )
    session.add_all(
        t.RelationshipFeedbackSkill(
            relationship_id=relationship_id, author_id=me, skill_id=skill, rating=score
        )
        for skill, score in skill_ratings.items()
    )
    session.flush()
    return view_relationship(
        session=session, viewer=viewer, relationship_id=relationship_id, now=now
    )


def report_misconduct(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    what: str,
    now: datetime | None = None,
) -> None:
    """Either person reports the other, confidentially, to whoever handles reports for the
    relationship (the program's admins, else Learning & Development). The person reported
    never sees it."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    what = text_field(what, "what", MAX_MESSAGE, required="say what happened")
    if not stored.report_handlers(session, relationship.program_id):
        raise Conflict(
            "nobody can receive reports for this relationship yet: "
            "ask Learning & Development directly"
        )
    session.add(
        t.MisconductReport(
            relationship_id=relationship_id,
            program_id=relationship.program_id,
            reporter_id=me,
            reported_id=other_person(relationship, me),
            what=what,
            created_at=now,
            handled_note="",
        )
    )
    session.flush()


def _handles(session: Session, viewer: Viewer, report: t.MisconductReport) -> bool:
    return may_handle_reports(
        viewer=viewer, handlers=stored.report_handlers(session, report.program_id)
    )


def list_reports(*, session: Session, viewer: Viewer) -> list[ReportView]:
    """The reports the viewer handles, unhandled first, newest first."""
    signed_in(viewer)
    rows = [
        r
        for r in session.scalars(
            select(t.MisconductReport).order_by(
                t.MisconductReport.handled_at.is_not(None),
                t.MisconductReport.created_at.desc(),
                t.MisconductReport.id.desc(),
            )
        )
        if _handles(session, viewer, r)
    ]
    refs = people(session, [p for r in rows for p in (r.reporter_id, r.reported_id, r.handled_by)])
    programs = {
        p.id: ProgramRef(p.id, p.name)
        for p in session.scalars(
            select(t.Program).where(t.Program.id.in_({r.program_id for r in rows} - {None}))
        )
    }
    return [
        ReportView(
            id=r.id,
            relationship_id=r.relationship_id,
            program=programs.get(r.program_id) if r.program_id is not None else None,
            reporter=refs[r.reporter_id],
            reported=refs[r.reported_id],
            what=r.what,
            created_at=r.created_at,
            handled_at=r.handled_at,
            handled_by=refs.get(r.handled_by) if r.handled_by is not None else None,
            handled_note=r.handled_note,
        )
        for r in rows
    ]


def handle_report(
    *,
    session: Session,
    viewer: Viewer,
    report_id: int,
    note: str = "",
    now: datetime | None = None,
) -> None:
    """Someone who handles the report marks it handled, with a note for the other handlers."""
    me = signed_in(viewer)
    now = now_or(now)
    report = session.get(t.MisconductReport, report_id)
    if report is None:
        raise ReportNotFound(f"no report has id {report_id}")
    if not _handles(session, viewer, report):
        raise NotPermitted("only the people who handle reports for this relationship may")
    if report.handled_at is not None:
        raise Conflict("this report is marked handled already")
    report.handled_note = text_field(note, "note", MAX_LINE)
    report.handled_at, report.handled_by = now, me
    session.flush()


def may_handle_any(*, session: Session, viewer: Viewer) -> bool:
    """Whether the viewer receives reports at all (program admin or Learning & Development),
    for the navigation of the reports page."""
    me = viewer.person_id
    if me is None:
        return False
    if me in stored.report_handlers(session, None):
        return True
    return (
        session.scalar(
            select(t.ProgramAdmin.program_id).where(t.ProgramAdmin.person_id == me).limit(1)
        )
        is not None
    )
