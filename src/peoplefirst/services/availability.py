"""A person's say over being suggested to others: opting out, and being away."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from peoplefirst.domain.errors import InvalidInput, NotPermitted
from peoplefirst.domain.policy import Viewer, may_change_availability
from peoplefirst.storage.people import get_person

LONGEST_AWAY = timedelta(days=366)


def set_availability(
    *,
    session: Session,
    viewer: Viewer,
    person_id: int,
    findable: bool,
    away_until: date | None,
    today: date | None = None,
) -> None:
    """Whether the expert finder may suggest the person, and until when they are away."""
    if not may_change_availability(viewer=viewer, person_id=person_id):
        raise NotPermitted("only the person themselves can change whether they are suggested")
    today = today or date.today()
    if away_until is not None and not today <= away_until <= today + LONGEST_AWAY:
        raise InvalidInput("away_until", "must be a date from today to a year from now")
    person = get_person(session, person_id)
    person.findable, person.away_until = findable, away_until
    session.flush()
