"""Past help for the sample organization: closed help requests with the learners' feedback
and kudos between colleagues, so that recognition ("go-to for X", help given, kudos) and
the expert finder's help record are alive in the demo. Demo-sized whatever the size."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.recognition import GO_TO_TIMES
from peoplefirst.domain.requests import HelpKind, OfferState, RequestStatus, Urgency
from peoplefirst.storage import tables as t

GUIDES = 12  # strong skill holders given a record of help
KUDOS = 40
THANKS = [
    "Walked me through it twice without a sigh. Thank you!",
    "Your review notes saved our release.",
    "Thanks for making time on a busy week.",
    "I finally understand why it works, not just how.",
    "The checklist you shared is now our team's standard.",
    "Thank you for the honest feedback before my presentation.",
]
NEEDS = [
    "I am stuck on {skill} for a customer deliverable due next week.",
    "Could you show me how you approach {skill}? I keep going around in circles.",
    "I need a second pair of eyes on my {skill} work before it ships.",
    "New to {skill} in my role; where should I start?",
]
NOTES = ["Exactly what I needed.", "Clear and patient.", "Saved me days.", ""]


@dataclass(frozen=True, slots=True)
class SampleHelp:
    requests: int
    kudos: int


def add_sample_help(*, session: Session, seed: int = 1, now: datetime | None = None) -> SampleHelp:
    """Seed closed requests for a few strong skill holders and kudos between colleagues."""
    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    strong = session.execute(
        select(t.PersonSkill.person_id, t.PersonSkill.skill_id, t.Skill.name)
        .join(t.Skill, t.Skill.id == t.PersonSkill.skill_id)
        .where(t.PersonSkill.level >= 4)
        .order_by(t.PersonSkill.person_id, t.PersonSkill.skill_id)
    ).all()
    people = list(session.scalars(select(t.Person.id).order_by(t.Person.id)))
    if not strong or len(people) < 3:
        return SampleHelp(0, 0)
    by_person: dict[int, list[tuple[int, str]]] = {}
    for person, skill, name in strong:
        by_person.setdefault(person, []).append((skill, name))
    guides = rng.sample(sorted(by_person), min(GUIDES, len(by_person)))
    made = 0
    for i, guide in enumerate(guides):
        skill, name = rng.choice(by_person[guide])
        # most earn "go-to" (enough help, rated well); a few fall just short
        times = GO_TO_TIMES + rng.randint(0, 3) if i % 4 else GO_TO_TIMES - 1
        for _ in range(times):
            learner = rng.choice([p for p in people if p != guide])
            made += _closed_request(session, rng, learner, guide, skill, name, now)
    given = 0
    for _ in range(KUDOS):
        giver, receiver = rng.sample(people, 2)
        if rng.random() < 0.5 and guides:
            receiver = rng.choice([g for g in guides if g != giver] or [receiver])
        skills = by_person.get(receiver)
        session.add(
            t.Kudos(
                giver_id=giver,
                receiver_id=receiver,
                skill_id=rng.choice(skills)[0] if skills and rng.random() < 0.7 else None,
                note=rng.choice(THANKS),
                given_at=now - timedelta(days=rng.randint(1, 200), hours=rng.randint(0, 23)),
            )
        )
        given += 1
    session.flush()
    return SampleHelp(made, given)


def _closed_request(
    session: Session,
    rng: random.Random,
    learner: int,
    guide: int,
    skill: int,
    name: str,
    now: datetime,
) -> int:
    asked = now - timedelta(days=rng.randint(7, 300), hours=rng.randint(0, 23))
    accepted = asked + timedelta(hours=rng.randint(1, 30))
    ended = accepted + timedelta(days=rng.randint(1, 14))
    request = t.HelpRequest(
        learner_id=learner,
        need=rng.choice(NEEDS).format(skill=name),
        kind=rng.choice([HelpKind.QUICK_QUESTION, HelpKind.WORKING_SESSION]).value,
        urgency=Urgency.NORMAL.value,
        at_once=1,
        status=RequestStatus.CLOSED.value,
        created_at=asked,
        accepted_at=accepted,
        ended_at=ended,
    )
    session.add(request)
    session.flush()
    session.add(t.RequestSkill(request_id=request.id, skill_id=skill))
    session.add(
        t.RequestOffer(
            request_id=request.id,
            guide_id=guide,
            position=0,
            state=OfferState.ACCEPTED.value,
            asked_at=asked,
            answered_at=accepted,
        )
    )
    session.add(
        t.HelpOutcome(
            request_id=request.id,
            guide_id=guide,
            helped=True,
            rating=rng.choice([4, 5, 5, 5]),
            minutes=rng.choice([20, 30, 45, 60, 90, 120]),
            note=rng.choice(NOTES),
            closed_at=ended,
        )
    )
    session.add(t.HelpOutcomeSkill(request_id=request.id, skill_id=skill))
    return 1
