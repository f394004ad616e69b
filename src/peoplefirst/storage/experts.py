"""What the expert finder reads from the database: skills, profile claims, evidence."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from peoplefirst.domain.requests import OfferState
from peoplefirst.ranking.org import EvidenceText, HelpRecord, SkillClaim, SkillEntry
from peoplefirst.storage import tables as t
from peoplefirst.storage.departments import department_tree
from peoplefirst.storage.relationships import relationship_help


@dataclass(frozen=True, slots=True)
class ExpertFilter:
    """Who may be suggested; every given filter must hold."""

    department_id: int | None = None
    location: str = ""
    time_zone: str = ""
    language: str = ""
    role: str = ""

    @property
    def empty(self) -> bool:
        return self.department_id is None and not (
            self.location or self.time_zone or self.language or self.role
        )


def load_skills(session: Session) -> list[SkillEntry]:
    aliases: dict[int, list[str]] = {}
    for skill_id, alias in session.execute(select(t.SkillAlias.skill_id, t.SkillAlias.alias)):
        aliases.setdefault(skill_id, []).append(alias)
    rows = session.execute(select(t.Skill.id, t.Skill.key, t.Skill.name, t.Skill.parent_id)).all()
    key_of = {r.id: r.key for r in rows}
    return [
        SkillEntry(
            r.key,
            r.name,
            tuple(aliases.get(r.id, ())),
            key_of.get(r.parent_id) if r.parent_id else None,
        )
        for r in rows
    ]


def load_claims(session: Session, people: Collection[int] | None = None) -> list[SkillClaim]:
    """Every profile skill claim, or those of `people`."""
    endorsements = select(t.Endorsement.endorsee_id, t.Endorsement.skill_id, func.count()).group_by(
        t.Endorsement.endorsee_id, t.Endorsement.skill_id
    )
    claims = select(
        t.PersonSkill.person_id,
        t.PersonSkill.skill_id,
        t.Skill.key,
        t.PersonSkill.level,
        t.PersonSkill.source,
    ).join(t.Skill, t.Skill.id == t.PersonSkill.skill_id)
    if people is not None:
        endorsements = endorsements.where(t.Endorsement.endorsee_id.in_(list(people)))
        claims = claims.where(t.PersonSkill.person_id.in_(list(people)))
    endorsed = {(person, skill): n for person, skill, n in session.execute(endorsements)}
    return [
        SkillClaim(person, key, level, source, endorsed.get((person, skill_id), 0))
        for person, skill_id, key, level, source in session.execute(claims)
    ]


def load_evidence(session: Session, ids: Collection[int] | None = None) -> list[EvidenceText]:
    """Every evidence text with the people credited, or the texts with `ids`."""
    credits_query = select(t.EvidenceCredit.evidence_id, t.EvidenceCredit.person_id)
    texts = select(
        t.EvidenceItem.id, t.EvidenceItem.title, t.EvidenceItem.body, t.EvidenceItem.written_on
    )
    if ids is not None:
        credits_query = credits_query.where(t.EvidenceCredit.evidence_id.in_(list(ids)))
        texts = texts.where(t.EvidenceItem.id.in_(list(ids)))
    credits: dict[int, list[int]] = {}
    for evidence_id, person_id in session.execute(credits_query):
        credits.setdefault(evidence_id, []).append(person_id)
    return [
        EvidenceText(i, title, body, tuple(credits.get(i, ())), written_on)
        for i, title, body, written_on in session.execute(texts)
    ]


def load_help(
    session: Session, people: Collection[int] | None = None, now: datetime | None = None
) -> list[HelpRecord]:
    """Every closed request's outcome, per skill it was about, or those of `people`; and
    every learner's feedback on their guide at the end of a relationship, once shown."""
    query = (
        select(t.HelpOutcome.guide_id, t.Skill.key, t.HelpOutcome.helped, t.HelpOutcome.rating)
        .join(t.HelpOutcomeSkill, t.HelpOutcomeSkill.request_id == t.HelpOutcome.request_id)
        .join(t.Skill, t.Skill.id == t.HelpOutcomeSkill.skill_id)
    )
    if people is not None:
        query = query.where(t.HelpOutcome.guide_id.in_(list(people)))
    found = [HelpRecord(*row) for row in session.execute(query)]
    return found + relationship_help(session, people, now or datetime.now(UTC))


def load_embeddings(session: Session, model: str) -> dict[int, bytes]:
    """Every stored embedding made by `model`, by text id."""
    return dict(
        session.execute(
            select(t.EvidenceEmbedding.evidence_id, t.EvidenceEmbedding.vector).where(
                t.EvidenceEmbedding.model == model
            )
        ).all()
    )


def store_embeddings(session: Session, model: str, vectors: Mapping[int, bytes]) -> None:
    """Keep these texts' embeddings by `model`, replacing older ones."""
    if not vectors:
        return
    session.execute(
        delete(t.EvidenceEmbedding).where(
            t.EvidenceEmbedding.model == model,
            t.EvidenceEmbedding.evidence_id.in_(list(vectors)),
        )
    )
    session.execute(
        insert(t.EvidenceEmbedding),
        [{"evidence_id": i, "model": model, "vector": v} for i, v in vectors.items()],
    )


def evidence_credited_to(session: Session, people: Collection[int]) -> set[int]:
    return set(
        session.scalars(
            select(t.EvidenceCredit.evidence_id).where(t.EvidenceCredit.person_id.in_(list(people)))
        )
    )


def unavailable_people(session: Session, today: date, among: Collection[int]) -> set[int]:
    """Those of `among` who opted out of being suggested, or are away today."""
    return set(
        session.scalars(
            select(t.Person.id).where(
                t.Person.id.in_(list(among)),
                or_(t.Person.findable.is_(False), t.Person.away_until >= today),
            )
        )
    )


ANSWER_WINDOW = timedelta(days=90)


def requests_answered(
    session: Session, people: Collection[int], now: datetime
) -> dict[int, tuple[int, int]]:
    """Per person asked for help in the last 90 days: (times asked, times they answered,
    accepting or declining, before their time was up). Requests still waiting don't count."""
    answered = (OfferState.ACCEPTED.value, OfferState.DECLINED.value)
    rows = session.execute(
        select(
            t.RequestOffer.guide_id,
            func.count(),
            func.sum(case((t.RequestOffer.state.in_(answered), 1), else_=0)),
        )
        .where(
            t.RequestOffer.guide_id.in_(list(people)),
            t.RequestOffer.asked_at >= now - ANSWER_WINDOW,
            t.RequestOffer.state.in_((*answered, OfferState.LAPSED.value)),
        )
        .group_by(t.RequestOffer.guide_id)
    )
    return {person: (int(asked), int(done or 0)) for person, asked, done in rows}


def last_active(session: Session, people: Collection[int]) -> dict[int, datetime]:
    """When each person last answered a request, wrote in a request's conversation, or did
    something the other person sees in a relationship (a session, notes, a review, a
    check-in), as guide or learner."""
    found: dict[int, datetime] = {}
    r = t.Relationship
    for query in (
        select(t.RequestOffer.guide_id, func.max(t.RequestOffer.answered_at))
        .where(t.RequestOffer.guide_id.in_(list(people)), t.RequestOffer.answered_at.is_not(None))
        .group_by(t.RequestOffer.guide_id),
        select(t.RequestMessage.author_id, func.max(t.RequestMessage.created_at))
        .where(t.RequestMessage.author_id.in_(list(people)))
        .group_by(t.RequestMessage.author_id),
        select(r.guide_id, func.max(r.guide_active_at))
        .where(r.guide_id.in_(list(people)), r.guide_active_at.is_not(None))
        .group_by(r.guide_id),
        select(r.learner_id, func.max(r.learner_active_at))
        .where(r.learner_id.in_(list(people)), r.learner_active_at.is_not(None))
        .group_by(r.learner_id),
    ):
        for person, when in session.execute(query):
            if when is not None and (person not in found or when > found[person]):
                found[person] = when
    return found


def allowed_people(session: Session, f: ExpertFilter) -> set[int] | None:
    """The people the filter allows, or None when it allows everyone."""
    if f.empty:
        return None
    query = select(t.Person.id)
    if f.department_id is not None:
        query = query.where(
            t.Person.department_id.in_(department_tree(session).descendants(f.department_id))
        )
    if f.location:
        query = query.where(func.lower(t.Person.location) == f.location.lower())
    if f.time_zone:
        query = query.where(t.Person.time_zone == f.time_zone)
    if f.language:
        query = query.where(
            select(t.PersonLanguage.person_id)
            .where(
                t.PersonLanguage.person_id == t.Person.id,
                t.PersonLanguage.language == f.language.lower(),
            )
            .exists()
        )
    if f.role:
        query = query.where(
            select(t.GuideOffer.person_id)
            .where(t.GuideOffer.person_id == t.Person.id, t.GuideOffer.role == f.role)
            .exists()
        )
    return set(session.scalars(query))
