"""The learning cycle between two people: the words, the states a relationship moves
through, and the rules of check-ins and blind feedback. Pure: the services apply them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from peoplefirst.domain.views import PersonRef, SkillRef


class RelationshipKind(StrEnum):
    MENTORING = "mentoring"
    COACHING = "coaching"
    PEER_PARTNERSHIP = "peer_partnership"
    SME_HELP = "sme_help"
    ONBOARDING_BUDDY = "onboarding_buddy"
    REVERSE_MENTORING = "reverse_mentoring"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    RelationshipKind.MENTORING: "Mentoring",
    RelationshipKind.COACHING: "Coaching",
    RelationshipKind.PEER_PARTNERSHIP: "Peer partnership",
    RelationshipKind.SME_HELP: "Help from an expert",
    RelationshipKind.ONBOARDING_BUDDY: "Onboarding buddy",
    RelationshipKind.REVERSE_MENTORING: "Reverse mentoring",
}

# The kind of help asked for, or of program, that starts a relationship when accepted; a
# quick question does not (keyed by the requests' and programs' own words).
FROM_HELP_KIND = {
    "working_session": RelationshipKind.SME_HELP,
    "mentoring": RelationshipKind.MENTORING,
    "coaching": RelationshipKind.COACHING,
    "peer_partner": RelationshipKind.PEER_PARTNERSHIP,
}
FROM_PROGRAM_KIND = {
    "mentoring": RelationshipKind.MENTORING,
    "coaching": RelationshipKind.COACHING,
    "peer_partners": RelationshipKind.PEER_PARTNERSHIP,
    "onboarding_buddy": RelationshipKind.ONBOARDING_BUDDY,
    "reverse_mentoring": RelationshipKind.REVERSE_MENTORING,
}


class RelationshipState(StrEnum):
    INVITED = "invited"  # one person invited the other, who has not answered
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"
    DECLINED = "declined"  # the invitation was declined

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    RelationshipState.INVITED: "Invited",
    RelationshipState.ACTIVE: "Active",
    RelationshipState.PAUSED: "Paused",
    RelationshipState.ENDED: "Ended",
    RelationshipState.DECLINED: "Declined",
}


class Action(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    PAUSE = "pause"
    RESUME = "resume"
    END = "end"


_TRANSITIONS = {
    (RelationshipState.INVITED, Action.ACCEPT): RelationshipState.ACTIVE,
    (RelationshipState.INVITED, Action.DECLINE): RelationshipState.DECLINED,
    (RelationshipState.ACTIVE, Action.PAUSE): RelationshipState.PAUSED,
    (RelationshipState.PAUSED, Action.RESUME): RelationshipState.ACTIVE,
    (RelationshipState.ACTIVE, Action.END): RelationshipState.ENDED,
    (RelationshipState.PAUSED, Action.END): RelationshipState.ENDED,
}


class NotAllowedNow(ValueError):
    """The action does not fit the relationship's state."""


def transition(state: RelationshipState, action: Action) -> RelationshipState:
    """The state after `action`; NotAllowedNow when the action does not fit."""
    after = _TRANSITIONS.get((state, action))
    if after is None:
        raise NotAllowedNow(f"a relationship that is {state.label.lower()} cannot {action}")
    return after


def may_take(state: RelationshipState, action: Action) -> bool:
    return (state, action) in _TRANSITIONS


class Side(StrEnum):
    LEARNER = "learner"
    GUIDE = "guide"


class Review(StrEnum):
    """How a commitment went, said at the next session."""

    DONE = "done"
    PARTLY = "partly"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return {"done": "Done", "partly": "Partly done", "dropped": "Dropped"}[self.value]


class EndReason(StrEnum):
    GOALS_REACHED = "goals_reached"
    TIME_UP = "time_up"
    NO_TIME = "no_time"
    NOT_A_FIT = "not_a_fit"
    ROLE_CHANGE = "role_change"
    OTHER = "other"
    LAPSED = "lapsed"  # set by PeopleFirst, never chosen: no session for too long

    @property
    def label(self) -> str:
        return _END_LABELS[self]

    @property
    def early(self) -> bool:
        """Ended before it ran its course: a program learner is proposed a new guide."""
        return self not in (EndReason.GOALS_REACHED, EndReason.TIME_UP)


_END_LABELS = {
    EndReason.GOALS_REACHED: "We reached the goals",
    EndReason.TIME_UP: "The agreed time is up",
    EndReason.NO_TIME: "One of us has no time for it now",
    EndReason.NOT_A_FIT: "It is not a good fit",
    EndReason.ROLE_CHANGE: "A change of role or team",
    EndReason.OTHER: "Another reason",
    EndReason.LAPSED: "No sessions for too long: concluded by PeopleFirst",
}
CHOSEN_END_REASONS = tuple(r for r in EndReason if r is not EndReason.LAPSED)


class Lapse(StrEnum):
    """How far an active relationship has drifted from its cadence (no dead relationships):
    nudged after one cadence without a session, warned after two, concluded after two and a
    grace period, unless a session is planned."""

    ON_TRACK = "on_track"
    NUDGE = "nudge"
    WARN = "warn"
    CONCLUDE = "conclude"


def lapse_stage(
    since: datetime, cadence_weeks: int, now: datetime, grace: timedelta, planned: bool
) -> Lapse:
    """`since`: the last session held, or the start when none was."""
    if planned:
        return Lapse.ON_TRACK
    overdue, cadence = now - since, timedelta(weeks=cadence_weeks)
    if overdue >= 2 * cadence + grace:
        return Lapse.CONCLUDE
    if overdue >= 2 * cadence:
        return Lapse.WARN
    return Lapse.NUDGE if overdue >= cadence else Lapse.ON_TRACK


def concluded_at(since: datetime, cadence_weeks: int, grace: timedelta) -> datetime:
    """When a relationship with no session since `since` and none planned is concluded."""
    return since + 2 * timedelta(weeks=cadence_weeks) + grace


FEEDBACK_WINDOW = timedelta(days=14)  # after the ending; then what was given is shown
DEFAULT_CADENCE_WEEKS = 2
DEFAULT_LENGTH = timedelta(weeks=26)
DEFAULT_CONFIDENTIALITY = (
    "What we talk about stays between the two of us unless we both agree to share it."
)
MAX_GOALS = 10
MAX_CADENCE_WEEKS = 26


def feedback_open(ended_at: datetime | None, now: datetime) -> bool:
    """Whether feedback may still be given: from the ending until the window closes."""
    return ended_at is not None and now < ended_at + FEEDBACK_WINDOW


def feedback_revealed(ended_at: datetime | None, answered: int, now: datetime) -> bool:
    """Blind feedback: each side's is shown to the other once both have answered, or once
    the window has closed (then whatever was given)."""
    return ended_at is not None and (answered >= 2 or now >= ended_at + FEEDBACK_WINDOW)


def check_in_due(
    started_at: datetime | None, last_check_in: datetime | None, cadence_weeks: int, now: datetime
) -> bool:
    """A check-in is due once a cadence has passed since the last one (or the start)."""
    since = last_check_in or started_at
    return since is not None and now - since >= timedelta(weeks=cadence_weeks)


# -- what pages and the API show ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProgramRef:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class AgreementGoal:
    """A goal of the agreement: one of the learner's learning goals, or a line of text."""

    learning_goal_id: int | None
    text: str
    skill: SkillRef | None


@dataclass(frozen=True, slots=True)
class AgreementView:
    goals: list[AgreementGoal]
    cadence_weeks: int
    confidentiality: str
    end_date: date | None
    version: int  # send it back with an edit: a stale one is refused, never overwritten
    updated_at: datetime | None
    updated_by: PersonRef | None


@dataclass(frozen=True, slots=True)
class LastActive:
    learner: datetime | None
    guide: datetime | None


@dataclass(frozen=True, slots=True)
class RelationshipSummary:
    id: int
    kind: str
    kind_label: str
    state: str
    state_label: str
    learner: PersonRef
    guide: PersonRef
    my_side: str
    other: PersonRef
    program: ProgramRef | None
    request_id: int | None
    started_at: datetime | None
    ended_at: datetime | None
    last_active: LastActive
    waiting_for_me: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CommitmentView:
    id: int
    owner: PersonRef
    what: str
    due_on: date | None
    made_in_session: int
    review: str | None  # done | partly | dropped, once reviewed
    review_label: str | None
    review_note: str
    reviewed_in_session: int | None
    reviewed_at: datetime | None


@dataclass(frozen=True, slots=True)
class SessionSummary:
    id: int
    scheduled_at: datetime
    completed_at: datetime | None
    commitments_made: int
    commitments_reviewed: int


@dataclass(frozen=True, slots=True)
class CheckInView:
    author: PersonRef
    how_it_goes: int
    meeting_as_agreed: bool
    note: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class EndingView:
    ended_by: PersonRef | None
    reason: str
    reason_label: str
    note: str
    reflection: str
    ended_at: datetime
    feedback_until: datetime


@dataclass(frozen=True, slots=True)
class SkillRating:
    skill: SkillRef
    rating: int


@dataclass(frozen=True, slots=True)
class FeedbackView:
    author: PersonRef
    about: PersonRef
    rating: int
    skills: list[SkillRating]
    note: str
    given_at: datetime


@dataclass(frozen=True, slots=True)
class InvitationView:
    invited_by: PersonRef
    message: str
    answer_note: str


@dataclass(frozen=True, slots=True)
class GoalChoice:
    """One of the learner's open learning goals, offered for the agreement."""

    id: int
    text: str
    skill: SkillRef | None


@dataclass(frozen=True, slots=True)
class RelationshipView:
    """A relationship as one of its two people sees it; nobody else may."""

    summary: RelationshipSummary
    invitation: InvitationView | None
    agreement: AgreementView
    goal_choices: list[GoalChoice]
    sessions: list[SessionSummary]
    open_commitments: list[CommitmentView]
    reviewed_commitments: list[CommitmentView]
    latest_check_in: CheckInView | None
    check_ins: int
    check_in_due: bool
    ending: EndingView | None
    my_feedback: FeedbackView | None
    their_feedback: FeedbackView | None  # only once revealed
    feedback_revealed: bool
    reported_by_me: bool
    feedback_skills: list[SkillRef] = field(default_factory=list)  # what feedback may rate
    may_answer: bool = False
    may_edit: bool = False
    may_pause: bool = False
    may_resume: bool = False
    may_end: bool = False
    may_give_feedback: bool = False


@dataclass(frozen=True, slots=True)
class SessionView:
    """A session as one of the two sees it: `my_reflection` is the viewer's own, alone."""

    id: int
    relationship: RelationshipSummary
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
class RelationshipsPage:
    """The viewer's relationships by state, those waiting for them first."""

    waiting: list[RelationshipSummary]
    invited: list[RelationshipSummary]
    active: list[RelationshipSummary]
    paused: list[RelationshipSummary]
    ended: list[RelationshipSummary]


@dataclass(frozen=True, slots=True)
class ReportView:
    """A misconduct report, as the people who handle it see it."""

    id: int
    relationship_id: int | None
    program: ProgramRef | None
    reporter: PersonRef
    reported: PersonRef
    what: str
    created_at: datetime
    handled_at: datetime | None
    handled_by: PersonRef | None
    handled_note: str
