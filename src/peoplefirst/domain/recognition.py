"""Recognition: what a person's help has earned, from outcomes rather than self-declared.

Pure: the service reads the records and applies these rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from peoplefirst.domain.errors import InvalidInput
from peoplefirst.domain.views import PersonRef, SkillRef

# "Go-to for X" is earned: helped with X at least this many times (closed requests and
# relationship feedback), rated this well on average where rated.
GO_TO_TIMES = 3
GO_TO_RATING = 4.0
HELPED_RATING = 3  # a relationship rated this or better counts as help that helped
MAX_KUDOS_NOTE = 500
KUDOS_SHOWN = 20  # the newest kudos on a page; the total is counted


@dataclass(frozen=True, slots=True)
class Outcome:
    """One time a person helped, as the learner recorded it, for one skill."""

    skill_key: str
    helped: bool
    rating: int | None


@dataclass(frozen=True, slots=True)
class GoTo:
    """A skill a person is a go-to for, and the record that earned it."""

    skill: SkillRef
    times: int
    mean_rating: float | None

    @property
    def why(self) -> str:
        rated = f", rated {self.mean_rating:.1f} of 5 on average" if self.mean_rating else ""
        return f"helped {self.times} times with {self.skill.name}{rated}"


def go_to_skills(outcomes: Iterable[Outcome], skills: Mapping[str, SkillRef]) -> list[GoTo]:
    """The skills these outcomes earn "go-to" status for, most helped first.

    Counted: outcomes where the learner said it helped. The mean is over the ratings given
    (all outcomes, helpful or not, so that poor ratings weigh); no rating at all passes."""
    helped: dict[str, int] = defaultdict(int)
    ratings: dict[str, list[int]] = defaultdict(list)
    for o in outcomes:
        if o.helped:
            helped[o.skill_key] += 1
        if o.rating is not None:
            ratings[o.skill_key].append(o.rating)
    earned = []
    for key, times in helped.items():
        given = ratings.get(key, [])
        mean = sum(given) / len(given) if given else None
        if times >= GO_TO_TIMES and (mean is None or mean >= GO_TO_RATING) and key in skills:
            earned.append(GoTo(skills[key], times, round(mean, 2) if mean is not None else None))
    return sorted(earned, key=lambda g: (-g.times, -(g.mean_rating or 0.0), g.skill.name))


def checked_kudos_note(note: str) -> str:
    """A kudos note, stripped; it must say something and not run on."""
    note = note.strip()
    if not note:
        raise InvalidInput("note", "say what you are thanking them for")
    if len(note) > MAX_KUDOS_NOTE:
        raise InvalidInput("note", f"must be at most {MAX_KUDOS_NOTE} characters, got {len(note)}")
    return note


@dataclass(frozen=True, slots=True)
class KudosView:
    id: int
    giver: PersonRef
    skill: SkillRef | None
    note: str
    given_at: datetime


@dataclass(frozen=True, slots=True)
class TimeGiven:
    """Where a person's offered time goes now, by channel (for them and their manager)."""

    channel: str
    label: str
    commitments: int
    hours_per_month: float
    people: int


@dataclass(frozen=True, slots=True)
class Recognition:
    person: PersonRef
    go_to: list[GoTo]
    people_helped: int  # distinct learners who said it helped
    hours_given: float  # time recorded on closed requests
    sessions_held: int  # relationship sessions completed as the guide
    ratings: int
    mean_rating: float | None
    endorsements: int
    endorsers: int
    kudos: list[KudosView]  # newest first, at most KUDOS_SHOWN
    kudos_total: int
    time_given: list[TimeGiven] | None  # None: not the person or their manager
    i_gave_kudos: bool = False
