"""The minimum group size: a figure about fewer people than that is not shown.

Every aggregate this package returns (per program, per skill, per team, per attribute
value) is made by `guard`, so no caller can forget the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

MIN_GROUP_SIZE = 5

T = TypeVar("T")


@dataclass(frozen=True)
class Guarded(Generic[T]):
    """A figure about a group of `people`; `value` is None when the group is smaller than
    the minimum, and then `suppressed` says so."""

    group: str
    people: int
    value: T | None

    @property
    def suppressed(self) -> bool:
        return self.value is None


def guard(group: str, people: int, value: T, minimum: int = MIN_GROUP_SIZE) -> Guarded[T]:
    """`value` for `group` when at least `minimum` distinct people stand behind it,
    otherwise the same group with the value withheld."""
    if minimum < 1:
        raise ValueError("the minimum group size is at least 1")
    return Guarded(group, people, value if people >= minimum else None)
