"""Asking a person for help: the words, and the rules of routing a request from one
candidate to the next. Pure: the service applies these to what is stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from peoplefirst.domain.capacity import Draw
from peoplefirst.domain.views import PersonRef, SkillRef


class HelpKind(StrEnum):
    """The kind of help a learner asks for; each draws differently on a guide's time."""

    QUICK_QUESTION = "quick_question"
    WORKING_SESSION = "working_session"
    MENTORING = "mentoring"
    COACHING = "coaching"
    PEER_PARTNER = "peer_partner"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self][0]

    @property
    def draw(self) -> Draw:
        """What accepting takes from the guide's capacity budget while the request is open."""
        return _KIND_LABELS[self][1]


_KIND_LABELS = {
    HelpKind.QUICK_QUESTION: ("A quick question", Draw(1.0, 1)),
    HelpKind.WORKING_SESSION: ("A working session", Draw(2.0, 1)),
    HelpKind.MENTORING: ("Ongoing mentoring", Draw(2.0, 1)),
    HelpKind.COACHING: ("Coaching on a skill", Draw(2.0, 1)),
    HelpKind.PEER_PARTNER: ("A peer learning partner", Draw(1.0, 1)),
}


class Urgency(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    URGENT = "urgent"

    @property
    def answer_within(self) -> timedelta:
        """How long each person asked has to answer before the request moves on."""
        return _ANSWER_WITHIN[self]


_ANSWER_WITHIN = {
    Urgency.LOW: timedelta(days=3),
    Urgency.NORMAL: timedelta(days=2),
    Urgency.URGENT: timedelta(hours=8),
}


class RequestStatus(StrEnum):
    ASKING = "asking"  # waiting for someone to accept
    ACCEPTED = "accepted"
    CLOSED = "closed"  # the learner closed it, with feedback
    WITHDRAWN = "withdrawn"  # the learner took it back
    UNANSWERED = "unanswered"  # everyone asked declined or let it lapse

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def open(self) -> bool:
        return self in (RequestStatus.ASKING, RequestStatus.ACCEPTED)


_STATUS_LABELS = {
    RequestStatus.ASKING: "Waiting for an answer",
    RequestStatus.ACCEPTED: "Accepted",
    RequestStatus.CLOSED: "Closed",
    RequestStatus.WITHDRAWN: "Withdrawn",
    RequestStatus.UNANSWERED: "Nobody could take it",
}


class OfferState(StrEnum):
    """Where one candidate stands on a request."""

    QUEUED = "queued"  # next in line, not asked yet
    WAITING = "waiting"  # asked, has not answered
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LAPSED = "lapsed"  # did not answer in time
    SKIPPED = "skipped"  # away, opted out or out of capacity when their turn came
    WITHDRAWN = "withdrawn"  # someone else accepted, or the learner withdrew

    @property
    def label(self) -> str:
        return _OFFER_LABELS[self]


_OFFER_LABELS = {
    OfferState.QUEUED: "Next in line",
    OfferState.WAITING: "Asked, no answer yet",
    OfferState.ACCEPTED: "Accepted",
    OfferState.DECLINED: "Declined",
    OfferState.LAPSED: "Did not answer in time",
    OfferState.SKIPPED: "Skipped: not available",
    OfferState.WITHDRAWN: "No longer needed",
}

MAX_AT_ONCE = 3  # a learner may ask up to this many people at the same time
MAX_CANDIDATES = 10


@dataclass(frozen=True, slots=True)
class Offer:
    guide: int
    state: OfferState
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """What routing does now: who lapses, who is asked, who is skipped, and whether the
    request is left with nobody."""

    lapse: list[int]
    ask: list[int]
    skip: list[int]
    unanswered: bool


def route(offers: Sequence[Offer], *, at_once: int, now: datetime, available: set[int]) -> Step:
    """Keep `at_once` people asked: lapse those whose time is up, then ask the next in line
    who are `available`, skipping the others. Offers are in the learner's order."""
    lapse = [
        o.guide
        for o in offers
        if o.state is OfferState.WAITING and o.expires_at is not None and o.expires_at <= now
    ]
    waiting = sum(o.state is OfferState.WAITING for o in offers) - len(lapse)
    ask: list[int] = []
    skip: list[int] = []
    for o in offers:
        if waiting + len(ask) >= at_once:
            break
        if o.state is OfferState.QUEUED:
            (ask if o.guide in available else skip).append(o.guide)
    unanswered = waiting + len(ask) == 0 and not any(
        o.state is OfferState.QUEUED and o.guide not in skip for o in offers
    )
    return Step(lapse, ask, skip, unanswered)


# -- what pages and the API show of a request ------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfferView:
    guide: PersonRef
    state: str
    state_label: str
    reason: str
    asked_at: datetime | None
    expires_at: datetime | None
    answered_at: datetime | None


@dataclass(frozen=True, slots=True)
class MessageView:
    author: PersonRef
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OutcomeView:
    helped: bool
    rating: int | None
    minutes: int | None
    note: str
    skills: list[SkillRef]


@dataclass(frozen=True, slots=True)
class RequestSummary:
    id: int
    need: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    learner: PersonRef
    created_at: datetime
    where_it_stands: str
    your_offer: str | None = None  # for a person asked: where they stand


@dataclass(frozen=True, slots=True)
class RequestView:
    """A request as the viewer may see it: the learner sees every candidate; a person asked
    sees only their own offer; only the two people in it see the conversation."""

    request: RequestSummary
    urgency: str
    at_once: int
    skills: list[SkillRef]
    guide: PersonRef | None  # who accepted
    offers: list[OfferView]
    messages: list[MessageView]
    outcome: OutcomeView | None
    may_accept: bool = False
    may_decline: bool = False
    may_write: bool = False
    may_close: bool = False
    may_withdraw: bool = False


@dataclass(frozen=True, slots=True)
class RequestsPage:
    asked_by_me: list[RequestSummary]
    asked_of_me: list[RequestSummary]


def where_it_stands(
    status: RequestStatus,
    offers: Sequence[tuple[str, OfferState, datetime | None]],
    *,
    guide: str | None = None,
    outcome: tuple[bool, int | None] | None = None,
) -> str:
    """One sentence for the learner: `offers` are (name, state, expires_at) in order."""
    names = [name for name, state, _ in offers if state is OfferState.WAITING]
    queued = sum(state is OfferState.QUEUED for _, state, _ in offers)
    match status:
        case RequestStatus.ASKING:
            until = min((e for _, s, e in offers if s is OfferState.WAITING and e), default=None)
            text = f"Asked {_and(names)}; waiting for an answer" if names else "Finding someone"
            text += f" until {until:%d %b %H:%M} UTC" if until else ""
            more = f"{queued} more {'person is' if queued == 1 else 'people are'} next in line"
            return text + (f". {more}." if queued else ".")
        case RequestStatus.ACCEPTED:
            return f"{guide or 'Someone'} accepted: talk it through, then close it with feedback."
        case RequestStatus.CLOSED:
            if outcome is None:
                return "Closed."
            helped, rating = outcome
            rated = f", rated {rating} of 5" if rating else ""
            return f"Closed: {'helped' if helped else 'did not help'}{rated}."
        case RequestStatus.WITHDRAWN:
            return "Withdrawn."
        case RequestStatus.UNANSWERED:
            declined = sum(s is OfferState.DECLINED for _, s, _ in offers)
            lapsed = sum(s is OfferState.LAPSED for _, s, _ in offers)
            why = ", ".join(
                p
                for p in (
                    f"{declined} declined" if declined else "",
                    f"{lapsed} did not answer in time" if lapsed else "",
                )
                if p
            )
            return (
                f"Nobody could take it{': ' + why if why else ''}. "
                "Ask again in other words, or ask a program admin for a mentor."
            )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# No ghost guides: someone who lets requests lapse one after another is warned, then no
# longer suggested until they say they are back (their profile's "suggest me" switch).
LAPSES_BEFORE_WARNING = 2
LAPSES_BEFORE_PAUSE = 3


def lapses_in_a_row(states_newest_first: Sequence[OfferState]) -> int:
    """How many of a person's latest answered-or-lapsed requests in a row they let lapse."""
    count = 0
    for state in states_newest_first:
        if state is not OfferState.LAPSED:
            break
        count += 1
    return count
