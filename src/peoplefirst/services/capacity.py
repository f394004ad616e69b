"""Drawing on and releasing a guide's single capacity budget, from any channel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.capacity import Budget, Draw, ensure_fits
from peoplefirst.domain.errors import CapacityExhausted, InvalidInput, NotFound, PersonNotFound
from peoplefirst.domain.vocabulary import CapacityChannel
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import chunks
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


@dataclass(frozen=True, slots=True)
class DrawRequest:
    person_id: int
    channel: CapacityChannel
    hours_per_month: float
    people: int = 1
    reference: str = ""


def draw_many(*, session: Session, draws: Sequence[DrawRequest]) -> list[int | CapacityExhausted]:
    """`draw_capacity` for many draws at once (publishing a program run): the budgets are
    locked and read together, the draws checked in order against what is left, and the
    commitments written in one batch. Each draw gets its commitment id, or the
    `CapacityExhausted` that says why it did not fit; the others still go through."""
    people = sorted({d.person_id for d in draws})
    budgets: dict[int, t.CapacityBudget] = {}
    names: dict[int, str] = {}
    for part in chunks(people):
        budgets |= {
            b.person_id: b
            for b in session.scalars(
                select(t.CapacityBudget)
                .where(t.CapacityBudget.person_id.in_(part))
                .with_for_update()
            )
        }
        names |= dict(
            session.execute(select(t.Person.id, t.Person.name).where(t.Person.id.in_(part))).all()
        )
    committed = {
        person: Draw(float(hours), int(count))
        for part in chunks(people)
        for person, hours, count in session.execute(
            select(
                t.CapacityCommitment.person_id,
                func.sum(t.CapacityCommitment.hours_per_month),
                func.sum(t.CapacityCommitment.people),
            )
            .where(
                t.CapacityCommitment.person_id.in_(part),
                t.CapacityCommitment.released_at.is_(None),
            )
            .group_by(t.CapacityCommitment.person_id)
        )
    }
    outcomes: list[t.CapacityCommitment | CapacityExhausted] = []
    for d in draws:
        if d.person_id not in names:
            raise PersonNotFound(f"no person has id {d.person_id}")
        row = budgets.get(d.person_id)
        taken = committed.get(d.person_id, Draw(0.0, 0))
        try:
            ensure_fits(
                Budget(row.hours_per_month, row.people_at_once) if row else None,
                taken,
                Draw(d.hours_per_month, d.people),
                who=names[d.person_id],
            )
        except CapacityExhausted as refused:
            outcomes.append(refused)
            continue
        committed[d.person_id] = Draw(
            taken.hours_per_month + d.hours_per_month, taken.people + d.people
        )
        commitment = t.CapacityCommitment(
            person_id=d.person_id,
            channel=CapacityChannel(d.channel).value,
            reference=d.reference,
            hours_per_month=d.hours_per_month,
            people=d.people,
        )
        session.add(commitment)
        outcomes.append(commitment)
    session.flush()  # the commitments get their ids, in one batch
    return [o.id if isinstance(o, t.CapacityCommitment) else o for o in outcomes]
