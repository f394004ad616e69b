"""Peer circles as their members share them: the agreement, pausing, the ending with a
closing reflection, check-ins and blind feedback. Only the members see a circle
(`policy.may_see_circle`).

Forming circles is in `circle_forming`, from an attendee list in `circle_groups`;
sessions, commitments and nudges in `circle_sessions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from peoplefirst.domain.circles import (
    CircleAgreement,
    CircleCommitmentView,
    CircleFeedbackView,
    CirclesPage,
    CircleSummary,
    CircleView,
    MemberView,
    feedback_revealed,
    nudge_key,
)
from peoplefirst.domain.errors import Conflict, InvalidInput, NotFound, NotPermitted
from peoplefirst.domain.policy import Viewer, may_see_circle, signed_in
from peoplefirst.domain.relationships import (
    MAX_CADENCE_WEEKS,
    Action,
    NotAllowedNow,
    ProgramRef,
    RelationshipState,
    SessionSummary,
    check_in_due,
    feedback_open,
    may_take,
    transition,
)
from peoplefirst.services.learning_cycle import (
    MAX_LINE,
    check_check_in,
    check_ending,
    check_in_view,
    ending_view,
    session_summaries,
    text_field,
)
from peoplefirst.services.relationships import commitment_views, now_or, people
from peoplefirst.storage import tables as t

MAX_PURPOSE = 1000
IN_CYCLE = (RelationshipState.ACTIVE.value, RelationshipState.PAUSED.value)


def get_circle(session: Session, circle_id: int) -> t.Circle:
    found = session.get(t.Circle, circle_id)
    if found is None:
        raise NotFound(f"no circle has id {circle_id}")
    return found


def member_ids(session: Session, circle_id: int) -> list[int]:
    return list(
        session.scalars(
            select(t.CircleMember.person_id)
            .where(t.CircleMember.circle_id == circle_id)
            .order_by(t.CircleMember.person_id)
        )
    )


def member_of(session: Session, viewer: Viewer, circle_id: int) -> t.Circle:
    """The circle, for one of its members; NotPermitted for anyone else."""
    signed_in(viewer)
    circle = get_circle(session, circle_id)
    if not may_see_circle(viewer=viewer, members=member_ids(session, circle_id)):
        raise NotPermitted("only the members of a circle can see it")
    return circle


def in_cycle(circle: t.Circle, doing: str) -> None:
    if circle.state not in IN_CYCLE:
        raise Conflict(f"a circle that has ended has no {doing}")


def mark_active(session: Session, circle_id: int, person_id: int, now: datetime) -> None:
    """`person_id` did something the other members see."""
    session.execute(
        update(t.CircleMember)
        .where(t.CircleMember.circle_id == circle_id, t.CircleMember.person_id == person_id)
        .values(active_at=now)
        .execution_options(synchronize_session=False)
    )


def summaries(
    session: Session, rows: Sequence[t.Circle], me: int, now: datetime
) -> list[CircleSummary]:
    ids = [c.id for c in rows]
    membership: dict[int, list[int]] = {}
    for circle_id, person_id in session.execute(
        select(t.CircleMember.circle_id, t.CircleMember.person_id).where(
            t.CircleMember.circle_id.in_(ids)
        )
    ):
        membership.setdefault(circle_id, []).append(person_id)
    refs = people(session, [p for ps in membership.values() for p in ps])
    programs = {
        p.id: ProgramRef(p.id, p.name)
        for p in session.scalars(
            select(t.Program).where(t.Program.id.in_({c.program_id for c in rows} - {None}))
        )
    }
    upcoming = dict(
        session.execute(
            select(t.CircleSession.circle_id, func.min(t.CircleSession.scheduled_at))
            .where(t.CircleSession.circle_id.in_(ids), t.CircleSession.completed_at.is_(None))
            .group_by(t.CircleSession.circle_id)
        ).all()
    )
    checked = dict(
        session.execute(
            select(t.CircleCheckIn.circle_id, func.max(t.CircleCheckIn.created_at))
            .where(t.CircleCheckIn.circle_id.in_(ids))
            .group_by(t.CircleCheckIn.circle_id)
        ).all()
    )
    gave = set(
        session.scalars(
            select(t.CircleFeedback.circle_id).where(
                t.CircleFeedback.circle_id.in_(ids), t.CircleFeedback.author_id == me
            )
        )
    )
    found = []
    for c in rows:
        waiting = []
        if c.state == RelationshipState.ACTIVE.value and check_in_due(
            c.started_at, checked.get(c.id), c.cadence_weeks, now
        ):
            waiting.append("a check-in is due")
        if c.id not in gave and feedback_open(c.ended_at, now):
            waiting.append("your feedback on the circle")
        found.append(
            CircleSummary(
                id=c.id,
                name=c.name,
                state=c.state,
                state_label=RelationshipState(c.state).label,
                members=sorted((refs[p] for p in membership.get(c.id, [])), key=lambda r: r.name),
                program=programs.get(c.program_id) if c.program_id is not None else None,
                started_at=c.started_at,
                ended_at=c.ended_at,
                next_session_at=upcoming.get(c.id),
                waiting_for_me=waiting,
            )
        )
    return found


def list_circles(*, session: Session, viewer: Viewer, now: datetime | None = None) -> CirclesPage:
    """The viewer's circles by state; those waiting for something from them first."""
    me = signed_in(viewer)
    now = now_or(now)
    rows = list(
        session.scalars(
            select(t.Circle)
            .join(t.CircleMember, t.CircleMember.circle_id == t.Circle.id)
            .where(t.CircleMember.person_id == me)
            .order_by(t.Circle.started_at.desc(), t.Circle.id.desc())
        )
    )
    found = summaries(session, rows, me, now)
    return CirclesPage(
        waiting=[c for c in found if c.waiting_for_me],
        active=[c for c in found if c.state == RelationshipState.ACTIVE.value],
        paused=[c for c in found if c.state == RelationshipState.PAUSED.value],
        ended=[c for c in found if c.state == RelationshipState.ENDED.value],
    )


def circle_commitments(session: Session, circle_id: int) -> list[t.CircleCommitment]:
    return list(
        session.scalars(
            select(t.CircleCommitment)
            .where(t.CircleCommitment.circle_id == circle_id)
            .order_by(t.CircleCommitment.id)
        )
    )


def _nudged_today(session: Session, me: int, ids: Sequence[int], now: datetime) -> set[int]:
    """Which of the commitments `ids` the viewer has nudged today already."""
    keys = {nudge_key(c, me, now.date()): c for c in ids}
    return {
        keys[k]
        for k in session.scalars(
            select(t.Notification.dedupe_key).where(t.Notification.dedupe_key.in_(list(keys)))
        )
    }


def _sessions(
    session: Session, circle_id: int, rows: Sequence[t.CircleCommitment]
) -> list[SessionSummary]:
    held = session.scalars(
        select(t.CircleSession)
        .where(t.CircleSession.circle_id == circle_id)
        .order_by(t.CircleSession.scheduled_at.desc(), t.CircleSession.id.desc())
    ).all()
    return session_summaries(held, rows)


def view_circle(
    *, session: Session, viewer: Viewer, circle_id: int, now: datetime | None = None
) -> CircleView:
    """The circle with its whole cycle, for one of its members."""
    me = signed_in(viewer)
    now = now_or(now)
    c = member_of(session, viewer, circle_id)
    state = RelationshipState(c.state)
    summary = summaries(session, [c], me, now)[0]
    members = list(
        session.scalars(select(t.CircleMember).where(t.CircleMember.circle_id == circle_id))
    )
    refs = people(session, [m.person_id for m in members] + [c.agreement_updated_by, c.ended_by])
    rows = circle_commitments(session, circle_id)
    views = {v.id: v for v in commitment_views(session, rows, refs)}
    live = state is RelationshipState.ACTIVE
    nudged = _nudged_today(session, me, [r.id for r in rows if r.review is None], now)
    shared = [
        CircleCommitmentView(
            views[r.id],
            r.nudges,
            may_nudge=live and r.review is None and r.owner_id != me and r.id not in nudged,
        )
        for r in rows
    ]
    check_ins = list(
        session.scalars(
            select(t.CircleCheckIn)
            .where(t.CircleCheckIn.circle_id == circle_id)
            .order_by(t.CircleCheckIn.created_at.desc(), t.CircleCheckIn.id.desc())
        )
    )
    feedback = [
        CircleFeedbackView(refs[f.author_id], f.rating, f.note, f.given_at)
        for f in session.scalars(
            select(t.CircleFeedback)
            .where(t.CircleFeedback.circle_id == circle_id)
            .order_by(t.CircleFeedback.given_at)
        )
        if f.author_id in refs
    ]
    mine = next((f for f in feedback if f.author.id == me), None)
    revealed = feedback_revealed(c.ended_at, len(feedback), len(members), now)
    return CircleView(
        summary=summary,
        members=sorted(
            (MemberView(refs[m.person_id], m.active_at) for m in members),
            key=lambda m: m.person.name,
        ),
        why=c.why,
        agreement=CircleAgreement(
            purpose=c.purpose,
            cadence_weeks=c.cadence_weeks,
            confidentiality=c.confidentiality,
            end_date=c.end_date,
            version=c.agreement_version,
            updated_at=c.agreement_updated_at,
            updated_by=refs.get(c.agreement_updated_by) if c.agreement_updated_by else None,
        ),
        sessions=_sessions(session, circle_id, rows),
        open_commitments=[s for s in shared if s.commitment.review is None],
        reviewed_commitments=[s for s in shared if s.commitment.review is not None],
        latest_check_in=check_in_view(check_ins, refs),
        check_ins=len(check_ins),
        check_in_due=live
        and check_in_due(
            c.started_at, check_ins[0].created_at if check_ins else None, c.cadence_weeks, now
        ),
        ending=ending_view(c, refs),
        my_feedback=mine,
        feedback=feedback if revealed else [],
        feedback_given=len(feedback),
        feedback_revealed=revealed,
        may_edit=c.state in IN_CYCLE,
        may_pause=may_take(state, Action.PAUSE),
        may_resume=may_take(state, Action.RESUME),
        may_end=may_take(state, Action.END),
        may_give_feedback=mine is None and feedback_open(c.ended_at, now),
    )


def _move(circle: t.Circle, action: Action) -> None:
    try:
        circle.state = transition(RelationshipState(circle.state), action).value
    except NotAllowedNow as error:
        raise Conflict(str(error).replace("a relationship", "a circle")) from None


def set_agreement(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    version: int,
    purpose: str,
    cadence_weeks: int,
    confidentiality: str,
    end_date: date | None,
    now: datetime | None = None,
) -> CircleView:
    """Any member edits the agreement. `version` is the one they saw: if another member
    changed it since, Conflict, and nothing is overwritten."""
    me = signed_in(viewer)
    now = now_or(now)
    circle = member_of(session, viewer, circle_id)
    in_cycle(circle, "agreement to change")
    purpose = text_field(purpose, "purpose", MAX_PURPOSE)
    if not 1 <= cadence_weeks <= MAX_CADENCE_WEEKS:
        raise InvalidInput(
            "cadence_weeks", f"must be between 1 and {MAX_CADENCE_WEEKS} weeks, got {cadence_weeks}"
        )
    confidentiality = text_field(confidentiality, "confidentiality", MAX_LINE)
    if end_date is not None and end_date <= circle.started_at.date():
        raise InvalidInput("end_date", f"must be after the start ({circle.started_at:%d %b %Y})")
    # Checking the version and writing in one statement: of two edits from the same
    # version, the second finds it gone.
    changed = session.execute(
        update(t.Circle)
        .where(t.Circle.id == circle_id, t.Circle.agreement_version == version)
        .values(
            agreement_version=t.Circle.agreement_version + 1,
            purpose=purpose,
            cadence_weeks=cadence_weeks,
            confidentiality=confidentiality,
            end_date=end_date,
            agreement_updated_by=me,
            agreement_updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(circle)
    if getattr(changed, "rowcount", 0) != 1:
        who = people(session, [circle.agreement_updated_by]).get(circle.agreement_updated_by or 0)
        raise Conflict(
            f"the agreement changed since you opened it (now version {circle.agreement_version}"
            f"{', by ' + who.name if who else ''}); your edit was not saved: reload it and "
            "make your change again"
        )
    mark_active(session, circle_id, me, now)
    session.flush()
    return view_circle(session=session, viewer=viewer, circle_id=circle_id, now=now)


def pause(
    *, session: Session, viewer: Viewer, circle_id: int, now: datetime | None = None
) -> CircleView:
    """Any member pauses an active circle (no check-ins are due meanwhile)."""
    return _act(session, viewer, circle_id, Action.PAUSE, now_or(now))


def resume(
    *, session: Session, viewer: Viewer, circle_id: int, now: datetime | None = None
) -> CircleView:
    return _act(session, viewer, circle_id, Action.RESUME, now_or(now))


def _act(
    session: Session, viewer: Viewer, circle_id: int, action: Action, now: datetime
) -> CircleView:
    circle = member_of(session, viewer, circle_id)
    _move(circle, action)
    mark_active(session, circle_id, signed_in(viewer), now)
    session.flush()
    return view_circle(session=session, viewer=viewer, circle_id=circle_id, now=now)


def end_circle(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    reason: str,
    note: str = "",
    reflection: str = "",
    now: datetime | None = None,
) -> CircleView:
    """Any member ends the circle for everyone, with a reason (a line required for
    "another reason") and a closing reflection; feedback opens for 14 days."""
    me = signed_in(viewer)
    now = now_or(now)
    circle = member_of(session, viewer, circle_id)
    why, note, reflection = check_ending(reason, note, reflection)
    _move(circle, Action.END)
    circle.ended_at, circle.ended_by = now, me
    circle.end_reason, circle.end_note, circle.closing_reflection = why.value, note, reflection
    mark_active(session, circle_id, me, now)
    session.flush()
    return view_circle(session=session, viewer=viewer, circle_id=circle_id, now=now)


def check_in(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    how_it_goes: int,
    meeting_as_agreed: bool,
    note: str = "",
    now: datetime | None = None,
) -> CircleView:
    """A member's short survey at the cadence: how it goes (1 to 5), whether the circle
    meets as agreed, a line."""
    me = signed_in(viewer)
    now = now_or(now)
    circle = member_of(session, viewer, circle_id)
    in_cycle(circle, "check-ins")
    note = check_check_in(how_it_goes, note)
    session.add(
        t.CircleCheckIn(
            circle_id=circle_id,
            author_id=me,
            how_it_goes=how_it_goes,
            meeting_as_agreed=meeting_as_agreed,
            note=note,
            created_at=now,
        )
    )
    mark_active(session, circle_id, me, now)
    session.flush()
    return view_circle(session=session, viewer=viewer, circle_id=circle_id, now=now)


def give_feedback(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    rating: int,
    note: str = "",
    now: datetime | None = None,
) -> CircleView:
    """Each member rates the circle once after its ending (1 to 5, and a line); nobody
    sees anyone's until every member has answered or the 14 days are over."""
    me = signed_in(viewer)
    now = now_or(now)
    circle = member_of(session, viewer, circle_id)
    if not feedback_open(circle.ended_at, now):
        raise Conflict("feedback is given in the 14 days after a circle ends")
    if session.get(t.CircleFeedback, (circle_id, me)) is not None:
        raise Conflict("you have given your feedback already")
    if not 1 <= rating <= 5:
        raise InvalidInput("rating", f"must be between 1 and 5, got {rating}")
    note = text_field(note, "note", MAX_LINE)
    session.add(
        t.CircleFeedback(circle_id=circle_id, author_id=me, rating=rating, note=note, given_at=now)
    )
    session.flush()
    return view_circle(session=session, viewer=viewer, circle_id=circle_id, now=now)
