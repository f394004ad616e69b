"""Forming peer circles: one per group a published peer-circle or post-event run made,
each with a starting agreement and its first session planned in working hours."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from peoplefirst.domain.circles import (
    CIRCLE_CONFIDENTIALITY,
    FIRST_SESSION_AFTER_DAYS,
    first_session_time,
)
from peoplefirst.domain.notifications import zone_of
from peoplefirst.domain.relationships import (
    DEFAULT_CADENCE_WEEKS,
    DEFAULT_LENGTH,
    RelationshipState,
)
from peoplefirst.storage import tables as t

FIRST_AGENDA = "Meet the circle: introduce yourselves and agree what the circle is for."


def default_first_session(
    session: Session, person_id: int | None, after: date, days: int = FIRST_SESSION_AFTER_DAYS
) -> datetime:
    """A new circle's first session: `days` (a week) after `after`, on a working day at
    10:00 in the time zone of `person_id` (the admin forming it)."""
    person = session.get(t.Person, person_id) if person_id is not None else None
    return first_session_time(after, zone_of(person.time_zone if person else "UTC"), days)


def form_circle(
    session: Session,
    *,
    name: str,
    members: Sequence[int],
    first_session_at: datetime,
    now: datetime,
    program_id: int | None = None,
    run_id: int | None = None,
    position: int | None = None,
    why: str = "",
) -> t.Circle:
    """An active circle of `members` with a starting agreement (every two weeks, for six
    months) and its first session planned at `first_session_at`."""
    circle = t.Circle(
        name=name[:200],
        state=RelationshipState.ACTIVE.value,
        program_id=program_id,
        run_id=run_id,
        position=position,
        why=why,
        created_at=now,
        started_at=now,
        purpose="",
        cadence_weeks=DEFAULT_CADENCE_WEEKS,
        confidentiality=CIRCLE_CONFIDENTIALITY,
        end_date=(now + DEFAULT_LENGTH).date(),
        agreement_version=1,
        end_note="",
        closing_reflection="",
    )
    session.add(circle)
    session.flush()
    session.add_all(
        t.CircleMember(circle_id=circle.id, person_id=p, joined_at=now)
        for p in dict.fromkeys(members)
    )
    session.add(
        t.CircleSession(
            circle_id=circle.id,
            scheduled_at=first_session_at,
            agenda=FIRST_AGENDA,
            notes="",
            notes_version=1,
            created_at=now,
        )
    )
    session.flush()
    return circle


def form_circles_for_run(
    session: Session,
    *,
    program: t.Program,
    run_id: int,
    groups: Mapping[int, Sequence[int]],
    whys: Mapping[int, str],
    first_session_at: datetime,
    now: datetime,
) -> list[int]:
    """One circle per group a published run formed (keyed by the group's number in the
    program), each with its first session planned; their ids."""
    return [
        form_circle(
            session,
            name=f"{program.name}: circle {position}",
            members=members,
            first_session_at=first_session_at,
            now=now,
            program_id=program.id,
            run_id=run_id,
            position=position,
            why=whys.get(position, ""),
        ).id
        for position, members in sorted(groups.items())
    ]
