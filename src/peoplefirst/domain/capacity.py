"""One capacity budget per guide, drawn on by every channel; the arithmetic lives here."""

from __future__ import annotations

from dataclasses import dataclass

from peoplefirst.domain.errors import CapacityExhausted, InvalidInput


@dataclass(frozen=True, slots=True)
class Budget:
    hours_per_month: float
    people_at_once: int


@dataclass(frozen=True, slots=True)
class Draw:
    """What a channel asks of a guide: hours each month and people at once."""

    hours_per_month: float
    people: int


def check_draw(draw: Draw) -> None:
    if draw.hours_per_month < 0:
        raise InvalidInput("hours_per_month", f"must be 0 or more, got {draw.hours_per_month}")
    if draw.people < 0:
        raise InvalidInput("people", f"must be 0 or more, got {draw.people}")


def ensure_fits(budget: Budget | None, committed: Draw, draw: Draw, *, who: str) -> None:
    """Raise CapacityExhausted unless `draw` fits in what `committed` leaves of `budget`."""
    check_draw(draw)
    if budget is None:
        raise CapacityExhausted(f"{who} has not offered any time to help others")
    hours_left = budget.hours_per_month - committed.hours_per_month
    people_left = budget.people_at_once - committed.people
    if draw.hours_per_month > hours_left + 1e-9:
        raise CapacityExhausted(
            f"{who} has {max(hours_left, 0):g} of {budget.hours_per_month:g} hours a month "
            f"left; {draw.hours_per_month:g} were asked"
        )
    if draw.people > people_left:
        raise CapacityExhausted(
            f"{who} can take {max(people_left, 0)} more of {budget.people_at_once} people "
            f"at once; {draw.people} were asked"
        )
