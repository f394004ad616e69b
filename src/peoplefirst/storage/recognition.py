"""Reading what a person's help has earned: outcomes, time given, endorsements, kudos."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.recognition import HELPED_RATING, KudosView, Outcome, TimeGiven
from peoplefirst.domain.views import SkillRef
from peoplefirst.domain.vocabulary import CapacityChannel
from peoplefirst.storage import tables as t
from peoplefirst.storage.experts import load_help
from peoplefirst.storage.people import person_ref, skill_ref
from peoplefirst.storage.relationships import shown_feedback_on_guides

CHANNEL_LABELS = {
    CapacityChannel.MENTORING: "Mentoring",
    CapacityChannel.COACHING: "Coaching",
    CapacityChannel.ROUTED_QUESTION: "Help requests",
    CapacityChannel.PEER_INTRO: "Peer intros",
    CapacityChannel.PROGRAM: "Program matches",
}


def outcomes_of(
    session: Session, people: Collection[int], now: datetime
) -> dict[int, list[Outcome]]:
    """Every recorded outcome of these people's help, per skill: closed requests and the
    relationship feedback already shown to them."""
    found: dict[int, list[Outcome]] = {p: [] for p in people}
    for record in load_help(session, people, now):
        found[record.person].append(Outcome(record.skill_key, record.helped, record.rating))
    return found


def skills_by_key(session: Session, keys: Collection[str]) -> dict[str, SkillRef]:
    if not keys:
        return {}
    rows = session.scalars(select(t.Skill).where(t.Skill.key.in_(list(keys))))
    return {s.key: skill_ref(s) for s in rows}


def help_totals(
    session: Session, person_id: int, now: datetime
) -> tuple[int, float, int, float | None]:
    """People who said this person's help helped, hours recorded on closed requests, and
    the ratings received (count and mean) on requests and on relationships, where the
    learner's feedback is no longer blind."""
    o, r = t.HelpOutcome, t.HelpRequest
    rows = session.execute(
        select(r.learner_id, o.helped, o.rating, o.minutes)
        .join(o, o.request_id == r.id)
        .where(o.guide_id == person_id)
    ).all()
    helped = {row.learner_id for row in rows if row.helped}
    ratings = [row.rating for row in rows if row.rating is not None]
    minutes = sum(row.minutes or 0 for row in rows)
    # the author of feedback on the guide is the learner
    for _, learner, _, rating in shown_feedback_on_guides(session, [person_id], now):
        ratings.append(rating)
        if rating >= HELPED_RATING:
            helped.add(learner)
    mean = sum(ratings) / len(ratings) if ratings else None
    return len(helped), minutes / 60.0, len(ratings), mean


def sessions_held(session: Session, person_id: int) -> int:
    """Relationship sessions completed with this person as the guide."""
    s, rel = t.RelationshipSession, t.Relationship
    return int(
        session.scalar(
            select(func.count())
            .select_from(s)
            .join(rel, rel.id == s.relationship_id)
            .where(rel.guide_id == person_id, s.completed_at.is_not(None))
        )
        or 0
    )


def endorsement_counts(session: Session, person_id: int) -> tuple[int, int]:
    """Endorsements received, and how many colleagues gave them."""
    e = t.Endorsement
    total, people = session.execute(
        select(func.count(), func.count(func.distinct(e.endorser_id))).where(
            e.endorsee_id == person_id
        )
    ).one()
    return int(total), int(people)


def kudos_for(session: Session, person_id: int, limit: int) -> tuple[list[KudosView], int]:
    """The newest kudos a person received, and how many there are."""
    k = t.Kudos
    total = int(session.scalar(select(func.count()).where(k.receiver_id == person_id)) or 0)
    rows = session.scalars(
        select(k)
        .where(k.receiver_id == person_id)
        .order_by(k.given_at.desc(), k.id.desc())
        .limit(limit)
    ).all()
    givers = {
        p.id: person_ref(p)
        for p in session.scalars(
            select(t.Person).where(t.Person.id.in_({x.giver_id for x in rows}))
        )
    }
    skill_ids = {x.skill_id for x in rows if x.skill_id is not None}
    skills = {
        s.id: skill_ref(s)
        for s in session.scalars(select(t.Skill).where(t.Skill.id.in_(skill_ids)))
    }
    views = [
        KudosView(
            x.id,
            givers[x.giver_id],
            skills.get(x.skill_id) if x.skill_id is not None else None,
            x.note,
            x.given_at,
        )
        for x in rows
    ]
    return views, total


def time_given(session: Session, person_id: int) -> list[TimeGiven]:
    """Open draws on the person's budget, by channel."""
    c = t.CapacityCommitment
    rows = session.execute(
        select(c.channel, func.count(), func.sum(c.hours_per_month), func.sum(c.people))
        .where(c.person_id == person_id, c.released_at.is_(None))
        .group_by(c.channel)
    ).all()
    return sorted(
        (
            TimeGiven(
                channel,
                CHANNEL_LABELS[CapacityChannel(channel)],
                int(n),
                float(h or 0),
                int(p or 0),
            )
            for channel, n, h, p in rows
        ),
        key=lambda x: -x.hours_per_month,
    )
