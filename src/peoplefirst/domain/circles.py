"""Peer circles: four to six peers (or a peer pair) in the same learning cycle as a
relationship — agreement, sessions, shared notes, private reflections, commitments to
action reviewed at the next session, check-ins, an ending with blind feedback — with no
learner and guide: every member sees every member's commitments and can nudge. Pure: the
services apply these rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from peoplefirst.domain.relationships import (
    FEEDBACK_WINDOW,
    CheckInView,
    CommitmentView,
    EndingView,
    ProgramRef,
    SessionSummary,
)
from peoplefirst.domain.views import PersonRef

CIRCLE_CONFIDENTIALITY = (
    "What we share stays in the circle unless everyone whose story it is agrees to share it."
)
FIRST_SESSION_AFTER_DAYS = 7  # after the event (or the publishing) the circle grew from
FIRST_SESSION_AT = time(10, 0)  # in the admin's own time zone: working hours
NUDGES_PER_DAY = 1  # per commitment and per member nudging: nobody is spammed
MAX_MEMBERS = 12


def first_session_time(
    after: date, zone: ZoneInfo, days: int = FIRST_SESSION_AFTER_DAYS
) -> datetime:
    """When a new circle first meets, unless the admin says otherwise: `days` after
    `after`, moved off the weekend, at 10:00 in `zone`; in UTC."""
    day = after + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, FIRST_SESSION_AT, tzinfo=zone).astimezone(UTC)


def feedback_revealed(
    ended_at: datetime | None, answered: int, members: int, now: datetime
) -> bool:
    """Blind feedback in a circle: shown to all once every member has answered, or once the
    window has closed (then whatever was given)."""
    return ended_at is not None and (answered >= members or now >= ended_at + FEEDBACK_WINDOW)


def nudge_key(commitment_id: int, nudger_id: int, day: date) -> str:
    """One nudge per commitment, per member nudging, per day: the notification's dedupe key."""
    return f"circle-nudge:{commitment_id}:{nudger_id}:{day.isoformat()}"


# -- what pages and the API show ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberView:
    person: PersonRef
    active_at: datetime | None  # last did something the others see


@dataclass(frozen=True, slots=True)
class CircleSummary:
    id: int
    name: str
    state: str
    state_label: str
    members: list[PersonRef]
    program: ProgramRef | None
    started_at: datetime
    ended_at: datetime | None
    next_session_at: datetime | None
    waiting_for_me: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CircleAgreement:
    purpose: str
    cadence_weeks: int
    confidentiality: str
    end_date: date | None
    version: int  # send it back with an edit: a stale one is refused, never overwritten
    updated_at: datetime | None
    updated_by: PersonRef | None


@dataclass(frozen=True, slots=True)
class CircleCommitmentView:
    """A member's commitment as the circle sees it; `may_nudge` for the viewer."""

    commitment: CommitmentView
    nudges: int
    may_nudge: bool


@dataclass(frozen=True, slots=True)
class CircleFeedbackView:
    author: PersonRef
    rating: int
    note: str
    given_at: datetime


@dataclass(frozen=True, slots=True)
class CircleView:
    """A circle with its whole cycle, as one of its members sees it; nobody else may."""

    summary: CircleSummary
    members: list[MemberView]
    why: str
    agreement: CircleAgreement
    sessions: list[SessionSummary]
    open_commitments: list[CircleCommitmentView]
    reviewed_commitments: list[CircleCommitmentView]
    latest_check_in: CheckInView | None
    check_ins: int
    check_in_due: bool
    ending: EndingView | None
    my_feedback: CircleFeedbackView | None
    feedback: list[CircleFeedbackView]  # everyone's, once revealed
    feedback_given: int
    feedback_revealed: bool
    may_edit: bool = False
    may_pause: bool = False
    may_resume: bool = False
    may_end: bool = False
    may_give_feedback: bool = False


@dataclass(frozen=True, slots=True)
class CircleSessionView:
    """A circle session: the shared notes, and the viewer's own reflection alone."""

    id: int
    circle: CircleSummary
    scheduled_at: datetime
    agenda: str
    notes: str
    notes_version: int
    notes_updated_by: PersonRef | None
    notes_updated_at: datetime | None
    my_reflection: str
    to_review: list[CommitmentView]
    reviewed_here: list[CommitmentView]
    commitments_made: list[CommitmentView]
    completed_at: datetime | None
    may_edit: bool = False
    may_complete: bool = False


@dataclass(frozen=True, slots=True)
class CirclesPage:
    """The viewer's circles: those waiting for them first."""

    waiting: list[CircleSummary]
    active: list[CircleSummary]
    paused: list[CircleSummary]
    ended: list[CircleSummary]


@dataclass(frozen=True, slots=True)
class FormedGroups:
    """What uploading an attendee list did: who was enrolled, the circles formed and when
    each first meets."""

    program: ProgramRef
    attendees: int
    enrolled: int
    run_id: int
    circles: list[CircleSummary]
    skipped: list[str]
