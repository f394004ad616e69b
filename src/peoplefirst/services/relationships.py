"""Relationships: a learner and a guide with an agreement, from a program match, an
accepted request or an invitation. Only the two people see one (`policy.may_see_relationship`).

Sessions and commitments are in `relationship_sessions`, the ending, feedback and
misconduct reports in `relationship_endings`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import (
    Conflict,
    InvalidInput,
    NotPermitted,
    PersonNotFound,
    RelationshipNotFound,
)
from peoplefirst.domain.policy import Viewer, may_see_relationship, signed_in
from peoplefirst.domain.relationships import (
    DEFAULT_LENGTH,
    MAX_CADENCE_WEEKS,
    MAX_GOALS,
    Action,
    AgreementGoal,
    AgreementView,
    CommitmentView,
    FeedbackView,
    GoalChoice,
    InvitationView,
    LastActive,
    NotAllowedNow,
    ProgramRef,
    RelationshipKind,
    RelationshipsPage,
    RelationshipState,
    RelationshipSummary,
    RelationshipView,
    Review,
    SessionSummary,
    Side,
    SkillRating,
    check_in_due,
    feedback_open,
    feedback_revealed,
    may_take,
    transition,
)
from peoplefirst.domain.views import PersonRef, SkillRef
from peoplefirst.services.learning_cycle import MAX_LINE as MAX_LINE
from peoplefirst.services.learning_cycle import check_in_view, ending_view, session_summaries
from peoplefirst.services.learning_cycle import text_field as text_field
from peoplefirst.storage import relationships as stored
from peoplefirst.storage import tables as t
from peoplefirst.storage.people import person_ref, skill_ref

MAX_MESSAGE = 2000
MAX_GOAL_TEXT = 300


def now_or(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def get_relationship(session: Session, relationship_id: int) -> t.Relationship:
    found = session.get(t.Relationship, relationship_id)
    if found is None:
        raise RelationshipNotFound(f"no relationship has id {relationship_id}")
    return found


def one_of_the_two(session: Session, viewer: Viewer, relationship_id: int) -> t.Relationship:
    """The relationship, for one of its two people; NotPermitted for anyone else."""
    signed_in(viewer)
    relationship = get_relationship(session, relationship_id)
    if not may_see_relationship(
        viewer=viewer, learner_id=relationship.learner_id, guide_id=relationship.guide_id
    ):
        raise NotPermitted("only the two people in a relationship can see it")
    return relationship


def act(relationship: t.Relationship, action: Action) -> None:
    """Move the relationship on; Conflict when the action does not fit its state."""
    try:
        relationship.state = transition(RelationshipState(relationship.state), action).value
    except NotAllowedNow as error:
        raise Conflict(str(error)) from None


def people(session: Session, ids: Iterable[int | None]) -> dict[int, PersonRef]:
    wanted = {i for i in ids if i is not None}
    return {
        p.id: person_ref(p)
        for p in session.scalars(select(t.Person).where(t.Person.id.in_(wanted)))
    }


def summaries(
    session: Session, rows: Sequence[t.Relationship], me: int, now: datetime
) -> list[RelationshipSummary]:
    ids = [r.id for r in rows]
    refs = people(session, [p for r in rows for p in (r.learner_id, r.guide_id)])
    programs = {
        p.id: ProgramRef(p.id, p.name)
        for p in session.scalars(
            select(t.Program).where(t.Program.id.in_({r.program_id for r in rows} - {None}))
        )
    }
    checked = stored.last_check_ins(session, ids)
    gave = stored.feedback_authors(session, ids)
    found = []
    for r in rows:
        learner = me == r.learner_id
        found.append(
            RelationshipSummary(
                id=r.id,
                kind=r.kind,
                kind_label=RelationshipKind(r.kind).label,
                state=r.state,
                state_label=RelationshipState(r.state).label,
                learner=refs[r.learner_id],
                guide=refs[r.guide_id],
                my_side=(Side.LEARNER if learner else Side.GUIDE).value,
                other=refs[r.guide_id if learner else r.learner_id],
                program=programs.get(r.program_id) if r.program_id is not None else None,
                request_id=r.request_id,
                started_at=r.started_at,
                ended_at=r.ended_at,
                last_active=LastActive(r.learner_active_at, r.guide_active_at),
                waiting_for_me=stored.waiting_for_me(
                    r,
                    me,
                    last_check_in=checked.get(r.id),
                    gave_feedback=me in gave.get(r.id, set()),
                    now=now,
                ),
            )
        )
    return found


def list_relationships(
    *, session: Session, viewer: Viewer, now: datetime | None = None
) -> RelationshipsPage:
    """The viewer's relationships by state; those waiting for something from them first."""
    me = signed_in(viewer)
    now = now_or(now)
    rows = summaries(session, stored.mine(session, me), me, now)

    def in_state(state: RelationshipState) -> list[RelationshipSummary]:
        return [r for r in rows if r.state == state.value]

    return RelationshipsPage(
        waiting=[r for r in rows if r.waiting_for_me],
        invited=in_state(RelationshipState.INVITED),
        active=in_state(RelationshipState.ACTIVE),
        paused=in_state(RelationshipState.PAUSED),
        ended=in_state(RelationshipState.ENDED) + in_state(RelationshipState.DECLINED),
    )


def find_colleague(*, session: Session, viewer: Viewer, text: str) -> int:
    """The person an employee id or an email names (for the invitation form)."""
    signed_in(viewer)
    key = text.strip()
    if not key:
        raise InvalidInput("colleague", "give their employee id or email")
    found = session.scalar(
        select(t.Person.id).where(
            (t.Person.employee_id == key) | (func.lower(t.Person.email) == key.lower())
        )
    )
    if found is None:
        raise InvalidInput("colleague", f"nobody has the employee id or email '{key[:100]}'")
    return found


def invite(
    *,
    session: Session,
    viewer: Viewer,
    person_id: int,
    my_side: str,
    kind: str,
    message: str = "",
    now: datetime | None = None,
) -> RelationshipView:
    """Invite someone to a relationship, as their learner or their guide; it starts when
    they accept."""
    me = signed_in(viewer)
    now = now_or(now)
    if my_side not in set(Side):
        raise InvalidInput("my_side", f"must be learner or guide, got '{my_side}'")
    if kind not in set(RelationshipKind):
        raise InvalidInput("kind", f"must be one of {', '.join(RelationshipKind)}, got '{kind}'")
    message = text_field(message, "message", MAX_MESSAGE)
    other = session.get(t.Person, person_id)
    if other is None:
        raise PersonNotFound(f"no person has id {person_id}")
    if other.id == me:
        raise InvalidInput("person_id", "you cannot invite yourself")
    if (existing := stored.open_between(session, me, other.id)) is not None:
        raise Conflict(
            f"you already have a relationship with {other.name} that is "
            f"{RelationshipState(existing.state).label.lower()} (number {existing.id})"
        )
    learner, guide = (me, other.id) if my_side == Side.LEARNER.value else (other.id, me)
    relationship = stored.start_relationship(
        session,
        kind=RelationshipKind(kind),
        learner_id=learner,
        guide_id=guide,
        now=now,
        state=RelationshipState.INVITED,
        invited_by=me,
        message=message,
    )
    stored.active_at(relationship, me, now)
    session.flush()
    return view_relationship(
        session=session, viewer=viewer, relationship_id=relationship.id, now=now
    )


def answer_invitation(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    accept: bool,
    note: str = "",
    now: datetime | None = None,
) -> RelationshipView:
    """The person invited accepts (the relationship is active) or declines, with a note."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    note = text_field(note, "note", MAX_LINE)
    if relationship.invited_by == me and relationship.state == RelationshipState.INVITED.value:
        raise NotPermitted("the person you invited answers the invitation")
    act(relationship, Action.ACCEPT if accept else Action.DECLINE)
    relationship.answer_note = note
    if accept:
        relationship.started_at = now
        relationship.end_date = (now + DEFAULT_LENGTH).date()
        stored.active_at(relationship, me, now)
    else:
        relationship.ended_at = now
    session.flush()
    return view_relationship(
        session=session, viewer=viewer, relationship_id=relationship_id, now=now
    )


def pause(
    *, session: Session, viewer: Viewer, relationship_id: int, now: datetime | None = None
) -> RelationshipView:
    """Either person pauses an active relationship (no check-ins are due meanwhile)."""
    return _move(session, viewer, relationship_id, Action.PAUSE, now_or(now))


def resume(
    *, session: Session, viewer: Viewer, relationship_id: int, now: datetime | None = None
) -> RelationshipView:
    return _move(session, viewer, relationship_id, Action.RESUME, now_or(now))


def _move(
    session: Session, viewer: Viewer, relationship_id: int, action: Action, now: datetime
) -> RelationshipView:
    relationship = one_of_the_two(session, viewer, relationship_id)
    act(relationship, action)
    stored.active_at(relationship, signed_in(viewer), now)
    session.flush()
    return view_relationship(
        session=session, viewer=viewer, relationship_id=relationship_id, now=now
    )


def set_agreement(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    version: int,
    goal_ids: Sequence[int],
    text_goals: Sequence[str] = (),
    cadence_weeks: int,
    confidentiality: str,
    end_date: date | None,
    now: datetime | None = None,
) -> RelationshipView:
    """Either person edits the agreement. `version` is the one they saw: if the other
    changed it since, Conflict, and nothing is overwritten. Goals are the learner's open
    learning goals (`goal_ids`) and lines of text; only the learner adds a new line."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    if relationship.state not in (RelationshipState.ACTIVE.value, RelationshipState.PAUSED.value):
        raise Conflict(
            f"the agreement of a relationship that is "
            f"{RelationshipState(relationship.state).label.lower()} cannot change"
        )
    if not 1 <= cadence_weeks <= MAX_CADENCE_WEEKS:
        raise InvalidInput(
            "cadence_weeks", f"must be between 1 and {MAX_CADENCE_WEEKS} weeks, got {cadence_weeks}"
        )
    confidentiality = text_field(confidentiality, "confidentiality", MAX_LINE)
    start = (relationship.started_at or now).date()
    if end_date is not None and end_date <= start:
        raise InvalidInput("end_date", f"must be after the start ({start:%d %b %Y})")
    goals = {g.id: g for g in stored.open_learning_goals(session, relationship.learner_id)}
    chosen = list(dict.fromkeys(goal_ids))
    if unknown := [g for g in chosen if g not in goals]:
        raise InvalidInput("goal_ids", f"{unknown[0]} is not one of the learner's open goals")
    lines = list(dict.fromkeys(g.strip() for g in text_goals if g.strip()))
    for line in lines:
        text_field(line, "text_goals", MAX_GOAL_TEXT)
    known = set(
        session.scalars(
            select(t.RelationshipGoal.text).where(
                t.RelationshipGoal.relationship_id == relationship_id,
                t.RelationshipGoal.learning_goal_id.is_(None),
            )
        )
    )
    if me != relationship.learner_id and (new := [g for g in lines if g not in known]):
        raise InvalidInput("text_goals", f"only the learner adds a goal of their own ('{new[0]}')")
    if len(chosen) + len(lines) > MAX_GOALS:
        raise InvalidInput("goal_ids", f"at most {MAX_GOALS} goals")
    # One statement checks the version and writes: of two edits made from the same version,
    # the second finds it gone, even at the same moment on PostgreSQL.
    changed = session.execute(
        update(t.Relationship)
        .where(t.Relationship.id == relationship_id, t.Relationship.agreement_version == version)
        .values(
            agreement_version=t.Relationship.agreement_version + 1,
            cadence_weeks=cadence_weeks,
            confidentiality=confidentiality,
            end_date=end_date,
            agreement_updated_by=me,
            agreement_updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(changed, "rowcount", 0) != 1:
        session.refresh(relationship)
        who = people(session, [relationship.agreement_updated_by]).get(
            relationship.agreement_updated_by or 0
        )
        raise Conflict(
            f"the agreement changed since you opened it (now version "
            f"{relationship.agreement_version}{', by ' + who.name if who else ''}); "
            "your edit was not saved: reload it and make your change again"
        )
    session.execute(
        delete(t.RelationshipGoal).where(t.RelationshipGoal.relationship_id == relationship_id)
    )
    session.add_all(
        [
            *(
                t.RelationshipGoal(
                    relationship_id=relationship_id, learning_goal_id=g, text="", position=i
                )
                for i, g in enumerate(chosen)
            ),
            *(
                t.RelationshipGoal(
                    relationship_id=relationship_id,
                    learning_goal_id=None,
                    text=line,
                    position=len(chosen) + i,
                )
                for i, line in enumerate(lines)
            ),
        ]
    )
    session.flush()
    session.refresh(relationship)
    return view_relationship(
        session=session, viewer=viewer, relationship_id=relationship_id, now=now
    )


def _agreement(session: Session, r: t.Relationship, refs: dict[int, PersonRef]) -> AgreementView:
    goals = []
    for row, goal in session.execute(
        select(t.RelationshipGoal, t.LearningGoal)
        .outerjoin(t.LearningGoal, t.LearningGoal.id == t.RelationshipGoal.learning_goal_id)
        .where(t.RelationshipGoal.relationship_id == r.id)
        .order_by(t.RelationshipGoal.position, t.RelationshipGoal.id)
    ):
        if goal is None:
            goals.append(AgreementGoal(None, row.text, None))
        else:
            skill = skill_ref(goal.skill) if goal.skill is not None else None
            goals.append(AgreementGoal(goal.id, goal.text or (skill.name if skill else ""), skill))
    updated_by = refs.get(r.agreement_updated_by) if r.agreement_updated_by is not None else None
    return AgreementView(
        goals=goals,
        cadence_weeks=r.cadence_weeks,
        confidentiality=r.confidentiality,
        end_date=r.end_date,
        version=r.agreement_version,
        updated_at=r.agreement_updated_at,
        updated_by=updated_by,
    )


def goal_choices(session: Session, learner_id: int) -> list[GoalChoice]:
    return [
        GoalChoice(
            g.id,
            g.text or (g.skill.name if g.skill is not None else ""),
            skill_ref(g.skill) if g.skill is not None else None,
        )
        for g in stored.open_learning_goals(session, learner_id)
    ]


def commitment_views(
    session: Session,
    rows: Sequence[t.RelationshipCommitment] | Sequence[t.CircleCommitment],
    refs: dict[int, PersonRef] | None = None,
) -> list[CommitmentView]:
    """Commitments as shown; `refs` holds their owners when the caller has them."""
    if refs is None:
        refs = people(session, [c.owner_id for c in rows])
    return [
        CommitmentView(
            id=c.id,
            owner=refs[c.owner_id],
            what=c.what,
            due_on=c.due_on,
            made_in_session=c.session_id,
            review=c.review,
            review_label=Review(c.review).label if c.review else None,
            review_note=c.review_note,
            reviewed_in_session=c.reviewed_in,
            reviewed_at=c.reviewed_at,
        )
        for c in rows
    ]


def commitments(session: Session, relationship_id: int) -> list[t.RelationshipCommitment]:
    return list(
        session.scalars(
            select(t.RelationshipCommitment)
            .where(t.RelationshipCommitment.relationship_id == relationship_id)
            .order_by(t.RelationshipCommitment.id)
        )
    )


def _feedback(
    session: Session, r: t.Relationship, refs: dict[int, PersonRef]
) -> list[FeedbackView]:
    rows = list(
        session.scalars(
            select(t.RelationshipFeedback).where(t.RelationshipFeedback.relationship_id == r.id)
        )
    )
    skills: dict[int, list[SkillRating]] = {}
    for author, skill, rating in session.execute(
        select(t.RelationshipFeedbackSkill.author_id, t.Skill, t.RelationshipFeedbackSkill.rating)
        .join(t.Skill, t.Skill.id == t.RelationshipFeedbackSkill.skill_id)
        .where(t.RelationshipFeedbackSkill.relationship_id == r.id)
        .order_by(t.Skill.name)
    ):
        skills.setdefault(author, []).append(SkillRating(skill_ref(skill), rating))
    return [
        FeedbackView(
            refs[f.author_id],
            refs[f.about_id],
            f.rating,
            skills.get(f.author_id, []),
            f.note,
            f.given_at,
        )
        for f in rows
    ]


def _sessions(session: Session, relationship_id: int) -> list[SessionSummary]:
    rows = session.scalars(
        select(t.RelationshipSession)
        .where(t.RelationshipSession.relationship_id == relationship_id)
        .order_by(t.RelationshipSession.scheduled_at.desc(), t.RelationshipSession.id.desc())
    ).all()
    return session_summaries(rows, commitments(session, relationship_id))


def view_relationship(
    *, session: Session, viewer: Viewer, relationship_id: int, now: datetime | None = None
) -> RelationshipView:
    """The relationship with its whole cycle, for one of its two people."""
    me = signed_in(viewer)
    now = now_or(now)
    r = one_of_the_two(session, viewer, relationship_id)
    state = RelationshipState(r.state)
    summary = summaries(session, [r], me, now)[0]
    # Only the two act in a relationship: their names are all the page needs.
    refs = people(session, [r.learner_id, r.guide_id])
    views = commitment_views(session, commitments(session, r.id), refs)
    check_ins = list(
        session.scalars(
            select(t.RelationshipCheckIn)
            .where(t.RelationshipCheckIn.relationship_id == r.id)
            .order_by(t.RelationshipCheckIn.created_at.desc(), t.RelationshipCheckIn.id.desc())
        )
    )
    feedback = _feedback(session, r, refs)
    mine = next((f for f in feedback if f.author.id == me), None)
    revealed = feedback_revealed(r.ended_at, len(feedback), now)
    theirs = next((f for f in feedback if f.author.id != me), None) if revealed else None
    invitation = None
    if r.invited_by is not None and r.invited_by in refs:
        invitation = InvitationView(refs[r.invited_by], r.invite_message, r.answer_note)
    reported = session.scalar(
        select(t.MisconductReport.id)
        .where(t.MisconductReport.relationship_id == r.id, t.MisconductReport.reporter_id == me)
        .limit(1)
    )
    in_cycle = state in (RelationshipState.ACTIVE, RelationshipState.PAUSED)
    return RelationshipView(
        summary=summary,
        invitation=invitation,
        agreement=_agreement(session, r, refs),
        goal_choices=goal_choices(session, r.learner_id) if in_cycle else [],
        sessions=_sessions(session, r.id),
        open_commitments=[v for v in views if v.review is None],
        reviewed_commitments=[v for v in views if v.review is not None],
        latest_check_in=check_in_view(check_ins, refs),
        check_ins=len(check_ins),
        check_in_due=state is RelationshipState.ACTIVE
        and check_in_due(
            r.started_at, check_ins[0].created_at if check_ins else None, r.cadence_weeks, now
        ),
        ending=ending_view(r, refs),
        my_feedback=mine,
        their_feedback=theirs,
        feedback_revealed=revealed,
        reported_by_me=reported is not None,
        feedback_skills=feedback_skills(session, r.id) if state is RelationshipState.ENDED else [],
        may_answer=state is RelationshipState.INVITED and r.invited_by != me,
        may_edit=in_cycle,
        may_pause=may_take(state, Action.PAUSE),
        may_resume=may_take(state, Action.RESUME),
        may_end=may_take(state, Action.END),
        may_give_feedback=state is RelationshipState.ENDED
        and mine is None
        and feedback_open(r.ended_at, now),
    )


def other_person(relationship: t.Relationship, me: int) -> int:
    return relationship.guide_id if me == relationship.learner_id else relationship.learner_id


def feedback_skills(session: Session, relationship_id: int) -> list[SkillRef]:
    """The skills a relationship is about (its goals', its request's): what per-skill
    feedback rates."""
    keys = stored.relationship_skills(session, [relationship_id]).get(relationship_id, [])
    return [
        skill_ref(s)
        for s in session.scalars(
            select(t.Skill).where(t.Skill.key.in_(keys)).order_by(t.Skill.name)
        )
    ]
