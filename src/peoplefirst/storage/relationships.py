"""Relationships in the database: starting one from a match, a request or an invitation,
and the plain reads the services, the navigation and the expert finder need."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import Row, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from peoplefirst.domain.recognition import HELPED_RATING
from peoplefirst.domain.relationships import (
    DEFAULT_CADENCE_WEEKS,
    DEFAULT_CONFIDENTIALITY,
    DEFAULT_LENGTH,
    FEEDBACK_WINDOW,
    MAX_GOALS,
    RelationshipKind,
    RelationshipState,
    check_in_due,
)
from peoplefirst.domain.vocabulary import GoalStatus
from peoplefirst.ranking.org import HelpRecord
from peoplefirst.storage import tables as t

LD_FAMILY = "learning-development"  # the job family of Learning & Development
OPEN_STATES = (
    RelationshipState.INVITED.value,
    RelationshipState.ACTIVE.value,
    RelationshipState.PAUSED.value,
)


def open_learning_goals(session: Session, learner_id: int) -> list[t.LearningGoal]:
    return list(
        session.scalars(
            select(t.LearningGoal)
            .where(
                t.LearningGoal.person_id == learner_id,
                t.LearningGoal.status == GoalStatus.OPEN.value,
            )
            .order_by(t.LearningGoal.id)
        )
    )


def start_relationship(
    session: Session,
    *,
    kind: RelationshipKind,
    learner_id: int,
    guide_id: int,
    now: datetime,
    state: RelationshipState = RelationshipState.ACTIVE,
    skill_ids: Sequence[int] = (),
    program_id: int | None = None,
    match_id: int | None = None,
    request_id: int | None = None,
    invited_by: int | None = None,
    message: str = "",
) -> t.Relationship:
    """A new relationship with a starting agreement: the learner's open learning goals on
    `skill_ids` (all of them when none match), every two weeks, for six months."""
    active = state is RelationshipState.ACTIVE
    relationship = t.Relationship(
        kind=kind.value,
        state=state.value,
        learner_id=learner_id,
        guide_id=guide_id,
        invited_by=invited_by,
        invite_message=message,
        answer_note="",
        program_id=program_id,
        match_id=match_id,
        request_id=request_id,
        created_at=now,
        started_at=now if active else None,
        cadence_weeks=DEFAULT_CADENCE_WEEKS,
        confidentiality=DEFAULT_CONFIDENTIALITY,
        end_date=(now + DEFAULT_LENGTH).date() if active else None,
        agreement_version=1,
        end_note="",
        closing_reflection="",
    )
    session.add(relationship)
    session.flush()
    goals = open_learning_goals(session, learner_id)
    wanted = set(skill_ids)
    chosen = [g for g in goals if g.skill_id in wanted] or goals
    session.add_all(
        t.RelationshipGoal(
            relationship_id=relationship.id, learning_goal_id=g.id, text="", position=i
        )
        for i, g in enumerate(chosen[:MAX_GOALS])
    )
    session.flush()
    return relationship


def relationship_for_match(session: Session, match_id: int) -> t.Relationship | None:
    return session.scalar(select(t.Relationship).where(t.Relationship.match_id == match_id))


def open_between(session: Session, a: int, b: int) -> t.Relationship | None:
    """An invited, active or paused relationship between the two, either way round."""
    return session.scalar(
        select(t.Relationship)
        .where(
            t.Relationship.state.in_(OPEN_STATES),
            or_(
                and_(t.Relationship.learner_id == a, t.Relationship.guide_id == b),
                and_(t.Relationship.learner_id == b, t.Relationship.guide_id == a),
            ),
        )
        .limit(1)
    )


def end_for_match(
    session: Session, match_id: int, *, ended_by: int | None, note: str, now: datetime
) -> None:
    """A program match ended from the program's side: its relationship ends with it."""
    relationship = relationship_for_match(session, match_id)
    if relationship is None or relationship.state not in OPEN_STATES:
        return
    relationship.state = RelationshipState.ENDED.value
    relationship.ended_at, relationship.ended_by = now, ended_by
    relationship.end_reason, relationship.end_note = "other", note
    session.flush()


def mine(session: Session, person_id: int) -> list[t.Relationship]:
    return list(
        session.scalars(
            select(t.Relationship)
            .where(
                or_(t.Relationship.learner_id == person_id, t.Relationship.guide_id == person_id)
            )
            .order_by(t.Relationship.created_at.desc(), t.Relationship.id.desc())
        )
    )


def last_check_ins(session: Session, relationship_ids: Collection[int]) -> dict[int, datetime]:
    return {
        rid: when
        for rid, when in session.execute(
            select(
                t.RelationshipCheckIn.relationship_id, func.max(t.RelationshipCheckIn.created_at)
            )
            .where(t.RelationshipCheckIn.relationship_id.in_(list(relationship_ids)))
            .group_by(t.RelationshipCheckIn.relationship_id)
        )
    }


def feedback_authors(session: Session, relationship_ids: Collection[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for rid, author in session.execute(
        select(t.RelationshipFeedback.relationship_id, t.RelationshipFeedback.author_id).where(
            t.RelationshipFeedback.relationship_id.in_(list(relationship_ids))
        )
    ):
        found.setdefault(rid, set()).add(author)
    return found


def waiting_for_me(
    relationship: t.Relationship,
    me: int,
    *,
    last_check_in: datetime | None,
    gave_feedback: bool,
    now: datetime,
) -> list[str]:
    """What this relationship waits for from `me`, in a few words each."""
    state = RelationshipState(relationship.state)
    if state is RelationshipState.INVITED:
        return ["Answer the invitation"] if relationship.invited_by != me else []
    if state is RelationshipState.ACTIVE and check_in_due(
        relationship.started_at, last_check_in, relationship.cadence_weeks, now
    ):
        return ["A check-in is due"]
    if (
        state is RelationshipState.ENDED
        and relationship.ended_at is not None
        and now < relationship.ended_at + FEEDBACK_WINDOW
        and not gave_feedback
    ):
        return [f"Give your feedback by {relationship.ended_at + FEEDBACK_WINDOW:%d %b %Y}"]
    return []


def waiting_count(session: Session, person_id: int, now: datetime) -> int:
    """How many of the person's relationships wait for something from them (navigation)."""
    found = [
        r
        for r in session.scalars(
            select(t.Relationship).where(
                or_(t.Relationship.learner_id == person_id, t.Relationship.guide_id == person_id),
                or_(
                    t.Relationship.state.in_(
                        [RelationshipState.INVITED.value, RelationshipState.ACTIVE.value]
                    ),
                    t.Relationship.ended_at > now - FEEDBACK_WINDOW,
                ),
            )
        )
    ]
    if not found:
        return 0
    ids = [r.id for r in found]
    checked = last_check_ins(session, ids)
    gave = feedback_authors(session, ids)
    return sum(
        bool(
            waiting_for_me(
                r,
                person_id,
                last_check_in=checked.get(r.id),
                gave_feedback=person_id in gave.get(r.id, set()),
                now=now,
            )
        )
        for r in found
    )


def relationship_skills(
    session: Session, relationship_ids: Collection[int]
) -> dict[int, list[str]]:
    """What each relationship is about, as skill keys: its agreement's goals and the skills
    of the request it grew from."""
    ids = list(relationship_ids)
    goals = (
        select(t.RelationshipGoal.relationship_id, t.Skill.key)
        .join(t.LearningGoal, t.LearningGoal.id == t.RelationshipGoal.learning_goal_id)
        .join(t.Skill, t.Skill.id == t.LearningGoal.skill_id)
        .where(t.RelationshipGoal.relationship_id.in_(ids))
    )
    asked = (
        select(t.Relationship.id, t.Skill.key)
        .join(t.RequestSkill, t.RequestSkill.request_id == t.Relationship.request_id)
        .join(t.Skill, t.Skill.id == t.RequestSkill.skill_id)
        .where(t.Relationship.id.in_(ids))
    )
    found: dict[int, list[str]] = {}
    for rid, key in [*session.execute(goals), *session.execute(asked)]:
        if key not in found.setdefault(rid, []):
            found[rid].append(key)
    return found


def shown_feedback_on_guides(
    session: Session, people: Collection[int] | None, now: datetime
) -> Sequence[Row[int, int, int, int]]:
    """Rows (relationship_id, author_id, about_id, rating) of the learners' feedback on
    their guides (of `people`, if given) that is no longer blind: both answered, or the
    window after the ending has closed."""
    fb, other, r = t.RelationshipFeedback, aliased(t.RelationshipFeedback), t.Relationship
    answered_too = (
        select(other.author_id)
        .where(other.relationship_id == fb.relationship_id, other.author_id != fb.author_id)
        .exists()
    )
    query = (
        select(fb.relationship_id, fb.author_id, fb.about_id, fb.rating)
        .join(r, r.id == fb.relationship_id)
        .where(
            fb.about_id == r.guide_id,
            or_(answered_too, r.ended_at <= now - FEEDBACK_WINDOW),
        )
    )
    if people is not None:
        query = query.where(fb.about_id.in_(list(people)))
    return session.execute(query).all()


def relationship_help(
    session: Session, people: Collection[int] | None, now: datetime
) -> list[HelpRecord]:
    """The learners' feedback on their guides, as help given: per skill they rated, else
    per skill the relationship is about, at the overall rating. Only feedback already shown
    to the guide counts (blind until both answered or the window closed)."""
    rows = shown_feedback_on_guides(session, people, now)
    if not rows:
        return []
    ids = [row.relationship_id for row in rows]
    rated: dict[tuple[int, int], list[tuple[str, int]]] = {}
    for rid, author, key, rating in session.execute(
        select(
            t.RelationshipFeedbackSkill.relationship_id,
            t.RelationshipFeedbackSkill.author_id,
            t.Skill.key,
            t.RelationshipFeedbackSkill.rating,
        )
        .join(t.Skill, t.Skill.id == t.RelationshipFeedbackSkill.skill_id)
        .where(t.RelationshipFeedbackSkill.relationship_id.in_(ids))
    ):
        rated.setdefault((rid, author), []).append((key, rating))
    about = relationship_skills(session, ids)
    records: list[HelpRecord] = []
    for rid, author, guide, rating in rows:
        per_skill = rated.get((rid, author)) or [(k, rating) for k in about.get(rid, [])]
        records.extend(
            HelpRecord(guide, key, score >= HELPED_RATING, score) for key, score in per_skill
        )
    return records


def active_at(relationship: t.Relationship, person_id: int, now: datetime) -> None:
    """Note that `person_id` did something in the relationship the other person sees."""
    if person_id == relationship.learner_id:
        relationship.learner_active_at = now
    elif person_id == relationship.guide_id:
        relationship.guide_active_at = now


def report_handlers(session: Session, program_id: int | None) -> list[int]:
    """Who reads a misconduct report: the program's admins, or for a relationship outside a
    program the people in Learning & Development (the sample programs' admins' team)."""
    if program_id is not None:
        return list(
            session.scalars(
                select(t.ProgramAdmin.person_id).where(t.ProgramAdmin.program_id == program_id)
            )
        )
    return list(session.scalars(select(t.Person.id).where(t.Person.job_family == LD_FAMILY)))
