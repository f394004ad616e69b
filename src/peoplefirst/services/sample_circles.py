"""Sample peer circles for the demo: the sample programs' admin uploads fifteen of the Data
Summit's attendees (themselves among them) five weeks ago, and the circles formed are left
in different states — one active with two sessions held, everyone's commitments (one of
them nudged) and the next session planned, one paused, one ended with feedback still
blind. The summit's other attendees stay for the admin to group in the demo."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.policy import Viewer
from peoplefirst.services import circle_groups, circle_sessions, circles
from peoplefirst.services.learning_cycle import CommitmentIn
from peoplefirst.storage import tables as t

SUMMIT = "After the Data Summit"
ATTENDEES = 15  # three circles of five
CIRCLE_COMMITMENTS = [
    "Rebuild one team report with what the summit showed",
    "Try the data-quality checklist on my next dataset",
    "Show the circle a dashboard I improved",
    "Book an hour with the analytics team about our metrics",
    "Write down three questions our data cannot answer yet",
]


def add_sample_circles(
    *, session: Session, admin_id: int | None, rng: random.Random, now: datetime
) -> int:
    """Seed circles from the Data Summit program when the sample programs exist; how many."""
    program = session.scalar(select(t.Program).where(t.Program.name == SUMMIT))
    if program is None or admin_id is None:
        return 0
    attendees = list(
        session.scalars(
            select(t.ProgramEnrollment.person_id)
            .where(t.ProgramEnrollment.program_id == program.id)
            .order_by(t.ProgramEnrollment.person_id)
        )
    )
    picked = [admin_id, *rng.sample(attendees, min(ATTENDEES - 1, len(attendees)))]
    keys = dict(
        session.execute(
            select(t.Person.id, t.Person.employee_id).where(t.Person.id.in_(picked))
        ).all()
    )
    event = now - timedelta(weeks=5)
    formed = circle_groups.groups_from_attendees(
        session=session,
        viewer=Viewer(admin_id),
        program_id=program.id,
        attendees="\n".join(keys[p] for p in dict.fromkeys(picked)),
        event_on=event.date(),
        first_session_at=event + timedelta(days=7),
        now=event,
    )
    # The admin's own circle first, so that signing in as them shows an active one.
    found = sorted(formed.circles, key=lambda c: admin_id not in {m.id for m in c.members})
    for position, circle in enumerate(found):
        members = [m.id for m in circle.members]
        first = circles.view_circle(
            session=session, viewer=Viewer(members[0]), circle_id=circle.id, now=event
        ).sessions[0]
        _hold(session, circle.id, first.id, members, rng, event + timedelta(days=7))
        if position == 0:
            _active(session, circle.id, members, rng, now)
        elif position == 1:
            circles.pause(
                session=session,
                viewer=Viewer(members[-1]),
                circle_id=circle.id,
                now=now - timedelta(days=6),
            )
        elif position == 2:
            ended = now - timedelta(days=5)
            circles.end_circle(
                session=session,
                viewer=Viewer(members[0]),
                circle_id=circle.id,
                reason="goals_reached",
                reflection="We each changed one report for the better; enough for now.",
                now=ended,
            )
            circles.give_feedback(
                session=session,
                viewer=Viewer(members[1]),
                circle_id=circle.id,
                rating=4,
                note="Good to see how other departments use their data.",
                now=ended + timedelta(days=1),
            )
    return len(found)


def _hold(
    session: Session,
    circle_id: int,
    session_id: int,
    members: list[int],
    rng: random.Random,
    held: datetime,
) -> None:
    """The session at `held`: what was open reviewed, notes, a commitment from each member."""
    done = held + timedelta(hours=1)
    planned = circle_sessions.view_session(
        session=session, viewer=Viewer(members[0]), circle_id=circle_id, session_id=session_id
    )
    for c in planned.to_review:
        circle_sessions.review_commitment(
            session=session,
            viewer=Viewer(c.owner.id),
            circle_id=circle_id,
            session_id=session_id,
            commitment_id=c.id,
            review=rng.choice(["done", "done", "partly"]),
            note="Talked it through with the circle.",
            now=done,
        )
    circle_sessions.save_notes(
        session=session,
        viewer=Viewer(members[-1]),
        circle_id=circle_id,
        session_id=session_id,
        notes="Each of us said what we took from the summit and what to try first.",
        version=planned.notes_version,
        now=done,
    )
    circle_sessions.complete_session(
        session=session,
        viewer=Viewer(members[0]),
        circle_id=circle_id,
        session_id=session_id,
        commitments_made=[
            CommitmentIn(m, rng.choice(CIRCLE_COMMITMENTS), (held + timedelta(days=14)).date())
            for m in members
        ],
        now=done,
    )


def _active(
    session: Session, circle_id: int, members: list[int], rng: random.Random, now: datetime
) -> None:
    """A second session held two weeks ago, a nudge since, the next session planned."""
    held = now - timedelta(weeks=2)
    second = circle_sessions.schedule_session(
        session=session,
        viewer=Viewer(members[1]),
        circle_id=circle_id,
        scheduled_at=held,
        now=held - timedelta(days=4),
    )
    _hold(session, circle_id, second.id, members, rng, held)
    mine = circles.view_circle(
        session=session, viewer=Viewer(members[1]), circle_id=circle_id, now=now
    )
    nudgeable = next((c for c in mine.open_commitments if c.may_nudge), None)
    if nudgeable is not None:
        circle_sessions.nudge(
            session=session,
            viewer=Viewer(members[1]),
            circle_id=circle_id,
            commitment_id=nudgeable.commitment.id,
            now=now - timedelta(days=2),
        )
    circle_sessions.schedule_session(
        session=session,
        viewer=Viewer(members[0]),
        circle_id=circle_id,
        scheduled_at=now + timedelta(days=5),
        now=now - timedelta(days=1),
    )
    circles.check_in(
        session=session,
        viewer=Viewer(members[-1]),
        circle_id=circle_id,
        how_it_goes=4,
        meeting_as_agreed=True,
        note="Everyone comes prepared.",
        now=now - timedelta(days=1),
    )
