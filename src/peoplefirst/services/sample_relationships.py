"""Sample relationships for the sample organization, in every state, so that the pages are
alive in the demo: active ones with sessions, open and reviewed commitments and check-ins,
a paused one, ended ones with feedback (shown, and still blind), an invitation waiting for
an answer, and a misconduct report for Learning & Development to handle; and peer circles
(`sample_circles`). The sample programs' admin takes part in a few, so signing in as them
shows each page."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.policy import Viewer
from peoplefirst.services import relationship_endings as endings
from peoplefirst.services import relationship_sessions as sessions
from peoplefirst.services import relationships
from peoplefirst.services.sample_circles import add_sample_circles
from peoplefirst.storage import tables as t
from peoplefirst.storage.relationships import report_handlers

COMMITMENTS = [
    "Read the chapter we talked about and bring two questions",
    "Pair on a real task for an hour and write down what surprised me",
    "Ask my manager for a stretch piece of work",
    "Share the checklist I use for reviews",
    "Try the technique on the next project meeting",
    "Write a one-page summary of what I learned",
]
REVIEW_NOTES = {
    "done": "Done, and it changed how I approach it.",
    "partly": "Started; ran out of time at the end of the month.",
    "dropped": "No longer relevant after the reorganization.",
}


@dataclass(frozen=True, slots=True)
class SampleRelationships:
    relationships: int
    sessions: int


def add_sample_relationships(
    *, session: Session, admin_id: int | None, seed: int = 1, now: datetime | None = None
) -> SampleRelationships:
    """Seed a handful of relationships (demo-sized whatever the organization's size)."""
    now = (now or datetime.now(UTC)).replace(hour=10, minute=0, second=0, microsecond=0)
    rng = random.Random(seed)
    learners = list(
        dict.fromkeys(
            session.scalars(
                select(t.LearningGoal.person_id)
                .where(t.LearningGoal.status == "open", t.LearningGoal.skill_id.is_not(None))
                .order_by(t.LearningGoal.person_id)
            )
        )
    )
    guides = list(
        dict.fromkeys(
            session.scalars(
                select(t.GuideOffer.person_id)
                .where(t.GuideOffer.role.in_(["mentor", "coach", "peer_partner"]))
                .order_by(t.GuideOffer.person_id)
            )
        )
    )
    taken: set[int] = set() if admin_id is None else {admin_id}
    made = sessions_made = 0

    def pick(pool: list[int]) -> int | None:
        free = [p for p in pool if p not in taken]
        if not free:
            return None
        chosen = rng.choice(free)
        taken.add(chosen)
        return chosen

    def start(kind: str, learner: int, guide: int, weeks_ago: int) -> int:
        nonlocal made
        when = now - timedelta(weeks=weeks_ago)
        invited = relationships.invite(
            session=session,
            viewer=Viewer(learner),
            person_id=guide,
            my_side="learner",
            kind=kind,
            message="Would you help me grow in this? An hour every two weeks would be plenty.",
            now=when,
        )
        relationships.answer_invitation(
            session=session,
            viewer=Viewer(guide),
            relationship_id=invited.summary.id,
            accept=True,
            now=when + timedelta(days=1),
        )
        made += 1
        return invited.summary.id

    def meet(rid: int, learner: int, guide: int, held: datetime, complete: bool = True) -> int:
        """A session at `held`: reviews of what is open, notes and new commitments; one
        still ahead is only planned."""
        nonlocal sessions_made
        planned = sessions.schedule_session(
            session=session,
            viewer=Viewer(learner),
            relationship_id=rid,
            scheduled_at=held,
            now=held - timedelta(days=3),
        )
        sessions_made += 1
        if not complete:
            return planned.id
        for c in planned.to_review:
            review = rng.choice(["done", "done", "partly", "dropped"])
            sessions.review_commitment(
                session=session,
                viewer=Viewer(c.owner.id),
                relationship_id=rid,
                session_id=planned.id,
                commitment_id=c.id,
                review=review,
                note=REVIEW_NOTES[review],
                now=held,
            )
        sessions.save_notes(
            session=session,
            viewer=Viewer(guide),
            relationship_id=rid,
            session_id=planned.id,
            notes="Talked through where things stand and what to try next.",
            version=planned.notes_version,
            now=held + timedelta(hours=1),
        )
        sessions.complete_session(
            session=session,
            viewer=Viewer(learner),
            relationship_id=rid,
            session_id=planned.id,
            commitments_made=[
                sessions.CommitmentIn(learner, rng.choice(COMMITMENTS), _due(held, 12)),
                sessions.CommitmentIn(guide, rng.choice(COMMITMENTS[3:]), None),
            ],
            now=held + timedelta(hours=1),
        )
        return planned.id

    def end(rid: int, learner: int, guide: int, days_ago: int, both: bool) -> None:
        ended = now - timedelta(days=days_ago)
        endings.end_relationship(
            session=session,
            viewer=Viewer(learner),
            relationship_id=rid,
            reason="goals_reached",
            reflection="I know where to go next on my own; thank you for the time.",
            now=ended,
        )
        endings.give_feedback(
            session=session,
            viewer=Viewer(learner),
            relationship_id=rid,
            rating=5,
            note="Generous with time and honest in feedback.",
            now=ended + timedelta(days=1),
        )
        if both:
            endings.give_feedback(
                session=session,
                viewer=Viewer(guide),
                relationship_id=rid,
                rating=4,
                note="Came prepared and followed through.",
                now=ended + timedelta(days=2),
            )

    # Active, with its admin-led pair first so that signing in as the admin shows one.
    plan = [
        ("mentoring", admin_id, 10),
        ("coaching", None, 6),
        ("mentoring", None, 8),
        ("peer_partnership", None, 12),  # paused below
        ("mentoring", None, 20),  # ended, feedback shown
        ("coaching", None, 14),  # ended a few days ago, feedback still blind
    ]
    started: list[tuple[int, int, int]] = []
    for kind, guide_choice, weeks in plan:
        learner = pick(learners)
        guide = guide_choice if guide_choice is not None else pick(guides)
        if learner is None or guide is None or learner == guide:
            break
        rid = start(kind, learner, guide, weeks)
        started.append((rid, learner, guide))
        for held in (weeks - 1, weeks - 4, weeks - 7):  # every three weeks since it started
            if held > 0:
                meet(rid, learner, guide, now - timedelta(weeks=held))
        if len(started) <= 3:  # the active ones have their next session planned
            meet(rid, learner, guide, now + timedelta(days=3 + len(started)), complete=False)
        sessions.check_in(
            session=session,
            viewer=Viewer(learner),
            relationship_id=rid,
            how_it_goes=rng.choice([3, 4, 5]),
            meeting_as_agreed=rng.random() < 0.8,
            note="Useful every time.",
            now=now - timedelta(weeks=max(1, weeks - 4)),
        )
    if len(started) > 3:
        rid, learner, _ = started[3]
        relationships.pause(
            session=session,
            viewer=Viewer(learner),
            relationship_id=rid,
            now=now - timedelta(days=5),
        )
    if len(started) > 4:
        rid, learner, guide = started[4]
        end(rid, learner, guide, 30, both=True)
    if len(started) > 5:
        rid, learner, guide = started[5]
        end(rid, learner, guide, 3, both=False)
    # An invitation waiting for the admin's answer, and one waiting for a guide's.
    for invitee in (admin_id, pick(guides)):
        learner = pick(learners)
        if invitee is None or learner is None or invitee == learner:
            continue
        relationships.invite(
            session=session,
            viewer=Viewer(learner),
            person_id=invitee,
            my_side="learner",
            kind="mentoring",
            message="I am working on my goals this half-year; would you mentor me?",
            now=now - timedelta(days=2),
        )
        made += 1
    # A report for Learning & Development (the pair outside programs, second active one).
    if len(started) > 1 and report_handlers(session, None):
        rid, learner, _ = started[1]
        endings.report_misconduct(
            session=session,
            viewer=Viewer(learner),
            relationship_id=rid,
            what="Sessions keep being cancelled at the last minute with dismissive messages.",
            now=now - timedelta(days=4),
        )
    session.flush()
    add_sample_circles(session=session, admin_id=admin_id, rng=rng, now=now)
    return SampleRelationships(made, sessions_made)


def _due(held: datetime, days: int) -> date:
    return (held + timedelta(days=days)).date()
