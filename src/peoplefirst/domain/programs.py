"""Programs: mentoring, coaching, peer and buddy programs run on one matching engine. The
words, each kind's starting rules, the life of a published match, and fair exposure in
self-selection shortlists. Pure: the services apply these to what is stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from peoplefirst.domain.views import PersonRef, SkillRef
from peoplefirst.domain.vocabulary import CapacityChannel

MAX_NAME = 200
MAX_DESCRIPTION = 5000
MAX_STAGE = 100
MAX_REASON = 2000
MAX_GOALS = 5
MAX_CHOICES = 3  # guides a learner may pick from a self-selection shortlist
SHORTLIST_SIZE = 8


class ProgramKind(StrEnum):
    """What a program is for; it sets the starting rules and whether it matches pairs or
    forms groups."""

    MENTORING = "mentoring"
    COACHING = "coaching"
    PEER_PARTNERS = "peer_partners"
    ONBOARDING_BUDDY = "onboarding_buddy"
    REVERSE_MENTORING = "reverse_mentoring"
    PEER_CIRCLES = "peer_circles"
    POST_EVENT_GROUPS = "post_event_groups"
    PEER_INTROS = "peer_intros"

    @property
    def label(self) -> str:
        return _KINDS[self][0]

    @property
    def forms_groups(self) -> bool:
        """Circles of peers rather than learner-guide pairs."""
        return self in (
            ProgramKind.PEER_CIRCLES,
            ProgramKind.POST_EVENT_GROUPS,
            ProgramKind.PEER_INTROS,
        )

    @property
    def recurs(self) -> bool:
        """A new round of groups every few weeks, everyone in each round."""
        return self is ProgramKind.PEER_INTROS

    @property
    def takes_guides(self) -> bool:
        """Whether people enroll on the guide side: pair programs, and recurring intros
        between two groups (veterans meet the members)."""
        return not self.forms_groups or self.recurs

    @property
    def channel(self) -> CapacityChannel:
        """Which channel of a guide's one capacity budget a match in this program draws on."""
        return _KINDS[self][1]

    @property
    def guide_word(self) -> str:
        return _KINDS[self][2]

    @property
    def learner_word(self) -> str:
        return _KINDS[self][3]


_KINDS = {
    ProgramKind.MENTORING: ("Mentoring", CapacityChannel.MENTORING, "mentor", "mentee"),
    ProgramKind.COACHING: ("Coaching", CapacityChannel.COACHING, "coach", "coachee"),
    ProgramKind.PEER_PARTNERS: (
        "Peer learning partners",
        CapacityChannel.PEER_INTRO,
        "partner",
        "partner",
    ),
    ProgramKind.ONBOARDING_BUDDY: (
        "Onboarding buddies",
        CapacityChannel.PROGRAM,
        "buddy",
        "new joiner",
    ),
    ProgramKind.REVERSE_MENTORING: (
        "Reverse mentoring",
        CapacityChannel.MENTORING,
        "mentor",
        "mentee",
    ),
    ProgramKind.PEER_CIRCLES: ("Peer circles", CapacityChannel.PROGRAM, "member", "member"),
    ProgramKind.PEER_INTROS: (
        "Recurring peer intros",
        CapacityChannel.PEER_INTRO,
        "veteran",
        "member",
    ),
    ProgramKind.POST_EVENT_GROUPS: (
        "Post-event follow-up groups",
        CapacityChannel.PROGRAM,
        "member",
        "member",
    ),
}


def starting_rules(kind: ProgramKind, name: str) -> dict[str, Any]:
    """The rules a new program of `kind` starts from (the engine's JSON form, schema 1);
    the admin changes them from there."""
    hard: dict[str, Any] = {"shared_language": True}
    soft: dict[str, float] = {
        "goal_fit": 1.0,
        "time_zone": 0.1,
        "cross_department": 0.15,
        "level_gap": 0.1,
        "learner_preference": 0.3,
        "guide_preference": 0.1,
    }
    ideal_gap = 1
    match kind:
        case ProgramKind.MENTORING:
            hard |= {"role": "mentor", "reporting_line": "outside", "level_gap": [1, 4]}
            ideal_gap = 2
        case ProgramKind.COACHING:
            hard |= {"role": "coach"}
        case ProgramKind.PEER_PARTNERS:
            hard |= {"level_gap": [-1, 1], "min_overlap_hours": 2}
            soft |= {"same_stage": 0.3, "cross_department": 0.1}
            ideal_gap = 0
        case ProgramKind.ONBOARDING_BUDDY:
            hard |= {"level_gap": [-1, 3], "min_overlap_hours": 4}
            soft |= {"time_zone": 0.3, "tenure_gap": 0.3, "cross_department": 0.0}
            ideal_gap = 0
        case ProgramKind.REVERSE_MENTORING:
            hard |= {"reporting_line": "outside", "level_gap": [-7, -1]}
            ideal_gap = -2
        case ProgramKind.PEER_CIRCLES | ProgramKind.POST_EVENT_GROUPS | ProgramKind.PEER_INTROS:
            pass
    return {
        "version": 1,
        "program": name,
        "hard": hard,
        "soft": soft,
        "ideal_level_gap": ideal_gap,
        "workday_hours": 8,
        "candidates_per_learner": 50,
        "maximize_matches_first": True,
    }


class Side(StrEnum):
    """How a person takes part in a program. In group programs everyone is a learner."""

    LEARNER = "learner"
    GUIDE = "guide"


class MatchState(StrEnum):
    """A published match: proposed to both, active once both accept, declined or ended."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"

    @property
    def holds_a_seat(self) -> bool:
        return self in (MatchState.PROPOSED, MatchState.ACTIVE)


class RoundAnswer(StrEnum):
    """What a member of an intro round says afterwards; "" until they answer."""

    MET = "met"
    MISSED = "missed"


NO_ANSWER_ROUNDS = 2  # members who answered none of their last this-many rounds are skipped


def skipped_for_silence(answers_newest_first: Sequence[str]) -> bool:
    """Whether someone who never responds should sit the next intro round out: they were in
    the last `NO_ANSWER_ROUNDS` rounds and answered none."""
    recent = answers_newest_first[:NO_ANSWER_ROUNDS]
    return len(recent) == NO_ANSWER_ROUNDS and not any(recent)


class RunState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


def enrollment_open(opens: date | None, closes: date | None, today: date) -> bool:
    return (opens is None or opens <= today) and (closes is None or today <= closes)


def guide_seats(
    *, program_capacity: int, in_program: int, people_left: int, hours_left: float, hours: float
) -> int:
    """Seats a guide has for new learners in a program: what they offered the program less
    what it already holds, and never more than their one budget has left."""
    seats = min(program_capacity - in_program, people_left)
    if hours > 0:
        seats = min(seats, int((hours_left + 1e-9) // hours))
    return max(seats, 0)


def inferred_level(strength: float) -> int | None:
    """The level a guide's written work shows in a skill they did not claim, from how much
    their texts speak to it (1.0: as much as the organization's best text on it). Weak
    traces show nothing; the strongest show an advanced level, never expert: that is
    theirs to claim or colleagues' to vouch for."""
    if strength < 0.3:
        return None
    return 2 if strength < 0.6 else 3 if strength < 1.0 else 4


EXPOSURE_WEIGHT = 0.1


def fair_order(
    candidates: Sequence[tuple[int, float]], shown: Mapping[int, int], n: int
) -> list[int]:
    """Order a self-selection shortlist so that the same popular guide is not shown first to
    everyone: each candidate's score loses `EXPOSURE_WEIGHT` x (times already shown ÷ the
    average among these candidates). Candidates never shown before rise; among strong
    guides of near-equal fit, the front place rotates."""
    if not candidates:
        return []
    average = max(sum(shown.get(g, 0) for g, _ in candidates) / len(candidates), 1.0)
    keyed = [(s - EXPOSURE_WEIGHT * shown.get(g, 0) / average, s, g) for g, s in candidates]
    keyed.sort(key=lambda k: (-k[0], -k[1], k[2]))
    return [g for _, _, g in keyed[:n]]


# Views: what pages, the API and the CLI show.


@dataclass(frozen=True, slots=True)
class ProgramSummary:
    id: int
    name: str
    kind: ProgramKind
    kind_label: str
    description: str
    enrollment_opens: date | None
    enrollment_closes: date | None
    open_now: bool
    learners: int
    guides: int
    active_matches: int
    i_admin: bool
    my_sides: tuple[Side, ...]
    invite_only: bool = False
    i_am_invited: bool = False


@dataclass(frozen=True, slots=True)
class EnrollmentView:
    person: PersonRef
    side: Side
    goals: tuple[SkillRef, ...]
    capacity: int
    stage: str
    enrolled_at: datetime
    choices: tuple[PersonRef, ...] = ()


@dataclass(frozen=True, slots=True)
class ReasonView:
    feature: str
    weight: float
    text: str


@dataclass(frozen=True, slots=True)
class RunPair:
    learner: PersonRef
    guide: PersonRef
    score: float
    pinned: bool
    reasons: tuple[ReasonView, ...]
    new_since_last_run: bool

    @property
    def why(self) -> str:
        return "; ".join(r.text for r in self.reasons)


@dataclass(frozen=True, slots=True)
class RunGroup:
    position: int
    members: tuple[PersonRef, ...]
    why: str


@dataclass(frozen=True, slots=True)
class RunUnmatched:
    learner: PersonRef
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class RunComparison:
    """This run against the program's previous one."""

    previous_run: int
    matched_before: int
    total_score_before: float
    pairs_kept: int
    pairs_changed: int
    learners_newly_matched: int
    learners_no_longer_matched: int


@dataclass(frozen=True, slots=True)
class RunView:
    id: int
    program_id: int
    method: str
    state: RunState
    rules_version: int
    created_at: datetime
    created_by: PersonRef | None
    figures: Mapping[str, Any]  # the engine's run report, as JSON
    pairs: tuple[RunPair, ...]
    groups: tuple[RunGroup, ...]
    unmatched: tuple[RunUnmatched, ...]
    comparison: RunComparison | None
    publish_report: PublishReport | None = None  # once published


@dataclass(frozen=True, slots=True)
class RunSummary:
    id: int
    method: str
    state: RunState
    created_at: datetime
    matched: int
    total_score: float


@dataclass(frozen=True, slots=True)
class MatchView:
    """A published match as either side sees it."""

    id: int
    program_id: int
    program_name: str
    learner: PersonRef
    guide: PersonRef
    state: MatchState
    why: str
    learner_accepted: bool
    guide_accepted: bool
    declined_by: PersonRef | None
    reason: str
    proposed_at: datetime
    replaces: int | None


@dataclass(frozen=True, slots=True)
class GroupView:
    id: int
    position: int
    members: tuple[PersonRef, ...]
    why: str
    round: int = 0  # intro rounds: the run that made it
    answers: tuple[str, ...] = ()  # intro rounds: each member's answer ("met", "missed", "")
    formed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ShortlistEntry:
    guide: PersonRef
    score: float
    why: str
    seats_left: int


@dataclass(frozen=True, slots=True)
class PublishReport:
    run_id: int
    proposed: int
    groups: int
    skipped: tuple[str, ...]  # why a pair of the run was not proposed


@dataclass(frozen=True, slots=True)
class ProgramView:
    id: int
    name: str
    kind: ProgramKind
    kind_label: str
    description: str
    enrollment_opens: date | None
    enrollment_closes: date | None
    open_now: bool
    invite_only: bool
    self_select: bool
    hours_per_month: float
    group_min_size: int
    group_max_size: int
    round_every_weeks: int
    rules: Mapping[str, Any]
    rules_version: int
    admins: tuple[PersonRef, ...]
    i_admin: bool
    invited: int
    i_am_invited: bool
    my_enrollments: tuple[EnrollmentView, ...]
    learners: tuple[EnrollmentView, ...]  # for admins; empty for others
    guides: tuple[EnrollmentView, ...]
    runs: tuple[RunSummary, ...]
    matches: tuple[MatchView, ...]  # admins: all; others: their own
    groups: tuple[GroupView, ...]
    my_groups: tuple[GroupView, ...] = field(default=())
    # How many there are in all, when the lists above stop at a page's limit.
    learners_total: int = 0
    guides_total: int = 0
    matches_total: int = 0
