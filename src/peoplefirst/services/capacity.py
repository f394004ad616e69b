"""Drawing on and releasing a guide's single capacity budget, from any channel."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.capacity import Budget, Draw, ensure_fits
from peoplefirst.domain.errors import InvalidInput, NotFound
from peoplefirst.domain.vocabulary import CapacityChannel
from peoplefirst.storage import tables as t
from peoplefirst.storage.people import committed_capacity, get_person


def set_budget(
    *, session: Session, person_id: int, hours_per_month: float, people_at_once: int
) -> None:
    """Set how much a person offers across all channels."""
    if hours_per_month < 0:
        raise InvalidInput("hours_per_month", f"must be 0 or more, got {hours_per_month}")
    if people_at_once < 0:
        raise InvalidInput("people_at_once", f"must be 0 or more, got {people_at_once}")
    get_person(session, person_id)
    budget = session.get(t.CapacityBudget, person_id)
    if budget is None:
        budget = t.CapacityBudget(person_id=person_id)
        session.add(budget)
    budget.hours_per_month, budget.people_at_once = hours_per_month, people_at_once
    session.flush()


def draw_capacity(
    *,
    session: Session,
    person_id: int,
    channel: CapacityChannel,
    hours_per_month: float,
    people: int = 1,
    reference: str = "",
) -> int:
    """Reserve part of a guide's budget for a channel; returns the commitment id.

    The budget row is locked first, so two programs drawing at once cannot overbook.
    """
    person = get_person(session, person_id)
    row = session.scalar(
        select(t.CapacityBudget).where(t.CapacityBudget.person_id == person_id).with_for_update()
    )
    hours, taken = committed_capacity(session, person_id)
    ensure_fits(
        Budget(row.hours_per_month, row.people_at_once) if row else None,
        Draw(hours, taken),
        Draw(hours_per_month, people),
        who=person.name,
    )
    commitment = t.CapacityCommitment(
        person_id=person_id,
        channel=CapacityChannel(channel).value,
        reference=reference,
        hours_per_month=hours_per_month,
        people=people,
    )
    session.add(commitment)
    session.flush()
    return commitment.id


def release_capacity(*, session: Session, commitment_id: int) -> None:
    """Give the hours and places of a commitment back to the guide's budget."""
    commitment = session.get(t.CapacityCommitment, commitment_id)
    if commitment is None:
        raise NotFound(f"no capacity commitment has id {commitment_id}")
    if commitment.released_at is None:
        commitment.released_at = datetime.now(UTC)
        session.flush()
