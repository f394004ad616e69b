"""Ask a person: a learner's need is routed to a few suitable colleagues at a time; one
accepts, they talk, and the learner closes it with feedback that counts for the guide.

Routing moves on by itself: every time a request is looked at or acted on, and when
`advance_requests` runs (`peoplefirst requests advance`, for a scheduler), people whose time
to answer is up are passed over and the next in line are asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import (
    InvalidInput,
    NotPermitted,
    RequestNotFound,
    RequestNotOpen,
)
from peoplefirst.domain.policy import Viewer, signed_in
from peoplefirst.domain.relationships import FROM_HELP_KIND
from peoplefirst.domain.requests import (
    MAX_AT_ONCE,
    MAX_CANDIDATES,
    HelpKind,
    MessageView,
    Offer,
    OfferState,
    OfferView,
    OutcomeView,
    RequestsPage,
    RequestStatus,
    RequestSummary,
    RequestView,
    Urgency,
    route,
    where_it_stands,
)
from peoplefirst.domain.views import SkillRef
from peoplefirst.domain.vocabulary import CapacityChannel
from peoplefirst.ranking.org import OrgExpertIndex
from peoplefirst.services import notices
from peoplefirst.services.capacity import draw_capacity, release_capacity
from peoplefirst.services.experts import find_experts
from peoplefirst.storage import tables as t
from peoplefirst.storage.experts import unavailable_people
from peoplefirst.storage.people import capacity_views, person_ref, skill_ref
from peoplefirst.storage.relationships import start_relationship
from peoplefirst.storage.skills import existing_skill_ids

MAX_NEED = 2000
MAX_MESSAGE = 5000
MAX_NOTE = 2000
MAX_MINUTES = 60 * 24 * 30
CHANNEL = {
    HelpKind.QUICK_QUESTION: CapacityChannel.ROUTED_QUESTION,
    HelpKind.WORKING_SESSION: CapacityChannel.ROUTED_QUESTION,
    HelpKind.MENTORING: CapacityChannel.MENTORING,
    HelpKind.COACHING: CapacityChannel.COACHING,
    HelpKind.PEER_PARTNER: CapacityChannel.PEER_INTRO,
}


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def ask_for_help(
    *,
    session: Session,
    viewer: Viewer,
    index: OrgExpertIndex,
    need: str,
    kind: str = HelpKind.QUICK_QUESTION.value,
    urgency: str = Urgency.NORMAL.value,
    skill_ids: Sequence[int] = (),
    at_once: int = 1,
    guide_ids: Sequence[int] = (),
    now: datetime | None = None,
) -> RequestView:
    """Start a request: the people chosen (`guide_ids`, e.g. from "Who can help me?") come
    first, then the finder's best-placed colleagues; `at_once` of them are asked at a time."""
    learner = signed_in(viewer)
    now = _now(now)
    need = need.strip()
    if not need:
        raise InvalidInput("need", "say what you need help with")
    if len(need) > MAX_NEED:
        raise InvalidInput("need", f"must be at most {MAX_NEED:,} characters")
    if kind not in set(HelpKind):
        raise InvalidInput("kind", f"must be one of {', '.join(HelpKind)}, got '{kind}'")
    if urgency not in set(Urgency):
        raise InvalidInput("urgency", f"must be one of {', '.join(Urgency)}, got '{urgency}'")
    if not 1 <= at_once <= MAX_AT_ONCE:
        raise InvalidInput("at_once", f"must be between 1 and {MAX_AT_ONCE}, got {at_once}")
    skills = existing_skill_ids(session, skill_ids, field="skill_ids")
    if not skills:  # the skills the need names, so that the outcome counts for them
        named = [k for k, w in index.skills_named(need).items() if w == 1.0]
        skills = list(session.scalars(select(t.Skill.id).where(t.Skill.key.in_(named))))
    chosen = _chosen_guides(session, learner, guide_ids, now.date())
    candidates = list(chosen)
    if len(candidates) < MAX_CANDIDATES:
        found = find_experts(
            session=session, index=index, need=need, limit=MAX_CANDIDATES + 1, today=now.date()
        )
        for item in found.items:
            if item.person.id != learner and item.person.id not in candidates:
                candidates.append(item.person.id)
    candidates = candidates[: max(MAX_CANDIDATES, len(chosen))]
    if not candidates:
        raise InvalidInput("need", "nobody matches this need yet: name a skill, or use fewer words")
    request = t.HelpRequest(
        learner_id=learner,
        need=need,
        kind=kind,
        urgency=urgency,
        at_once=at_once,
        status=RequestStatus.ASKING.value,
        created_at=now,
    )
    session.add(request)
    session.flush()
    session.add_all(t.RequestSkill(request_id=request.id, skill_id=s) for s in skills)
    session.add_all(
        t.RequestOffer(
            request_id=request.id,
            guide_id=guide,
            position=position,
            state=OfferState.QUEUED.value,
            reason="",
        )
        for position, guide in enumerate(candidates)
    )
    session.flush()
    _advance(session, request, now)
    return view_request(session=session, viewer=viewer, request_id=request.id, now=now)


def _chosen_guides(
    session: Session, learner: int, guide_ids: Sequence[int], today: date
) -> list[int]:
    chosen = list(dict.fromkeys(guide_ids))
    if len(chosen) > MAX_CANDIDATES:
        raise InvalidInput("guide_ids", f"at most {MAX_CANDIDATES} people")
    if learner in chosen:
        raise InvalidInput("guide_ids", "you cannot ask yourself")
    people = {p.id: p for p in session.scalars(select(t.Person).where(t.Person.id.in_(chosen)))}
    if missing := [g for g in chosen if g not in people]:
        raise InvalidInput("guide_ids", f"no person with id {missing[0]}")
    for guide in unavailable_people(session, today, chosen):
        p = people[guide]
        why = (
            f"is away until {p.away_until:%d %b %Y}"
            if p.away_until and p.away_until >= today
            else "does not take requests"
        )
        raise InvalidInput("guide_ids", f"{p.name} {why}")
    return chosen


def _offers(session: Session, request_id: int) -> list[t.RequestOffer]:
    return list(
        session.scalars(
            select(t.RequestOffer)
            .where(t.RequestOffer.request_id == request_id)
            .order_by(t.RequestOffer.position)
        )
    )


def _available(session: Session, guides: list[int], kind: HelpKind, today: date) -> set[int]:
    """Of `guides`: those not away or opted out, with room in their budget (if they set one)."""
    away = unavailable_people(session, today, guides)
    draw = kind.draw
    full = {
        person
        for person, c in capacity_views(session, guides).items()
        if c.hours_free + 1e-9 < draw.hours_per_month or c.people_free < draw.people
    }
    return set(guides) - away - full


def _advance(session: Session, request: t.HelpRequest, now: datetime) -> None:
    if request.status != RequestStatus.ASKING.value:
        return
    offers = _offers(session, request.id)
    queued = [o.guide_id for o in offers if o.state == OfferState.QUEUED.value]
    step = route(
        [Offer(o.guide_id, OfferState(o.state), o.expires_at) for o in offers],
        at_once=request.at_once,
        now=now,
        available=_available(session, queued, HelpKind(request.kind), now.date()),
    )
    by_guide = {o.guide_id: o for o in offers}
    for guide in step.lapse:
        by_guide[guide].state = OfferState.LAPSED.value
    for guide in step.skip:
        by_guide[guide].state = OfferState.SKIPPED.value
    for guide in step.ask:
        offer = by_guide[guide]
        offer.state = OfferState.WAITING.value
        offer.asked_at = now
        offer.expires_at = now + Urgency(request.urgency).answer_within
    if step.unanswered:
        request.status, request.ended_at = RequestStatus.UNANSWERED.value, now
    session.flush()
    if step.ask:
        notices.request_asked(session, request, step.ask, now)


def advance_requests(*, session: Session, now: datetime | None = None) -> int:
    """Move every request whose people ran out of time on to the next; returns how many."""
    now = _now(now)
    due = session.scalars(
        select(t.HelpRequest)
        .where(
            t.HelpRequest.status == RequestStatus.ASKING.value,
            select(t.RequestOffer.id)
            .where(
                t.RequestOffer.request_id == t.HelpRequest.id,
                t.RequestOffer.state == OfferState.WAITING.value,
                t.RequestOffer.expires_at <= now,
            )
            .exists(),
        )
        .order_by(t.HelpRequest.id)
    ).all()
    for request in due:
        _advance(session, request, now)
    return len(due)


def _request(session: Session, request_id: int) -> t.HelpRequest:
    request = session.get(t.HelpRequest, request_id)
    if request is None:
        raise RequestNotFound(f"no request with id {request_id}")
    return request


def _answerable_offer(session: Session, request: t.HelpRequest, guide: int) -> t.RequestOffer:
    """The offer `guide` may still answer; one whose time is up may too, while nobody has."""
    offer = session.scalar(
        select(t.RequestOffer).where(
            t.RequestOffer.request_id == request.id, t.RequestOffer.guide_id == guide
        )
    )
    if offer is None or offer.state in (OfferState.QUEUED.value, OfferState.SKIPPED.value):
        raise NotPermitted("only the people this request was sent to can answer it")
    if request.status != RequestStatus.ASKING.value:
        raise RequestNotOpen(f"this request is {RequestStatus(request.status).label.lower()}")
    if offer.state not in (OfferState.WAITING.value, OfferState.LAPSED.value):
        raise RequestNotOpen(f"you have answered already ({OfferState(offer.state).label})")
    return offer


def accept_request(
    *, session: Session, viewer: Viewer, request_id: int, now: datetime | None = None
) -> RequestView:
    """A person asked takes the request on; it draws on their capacity budget if they set one."""
    guide = signed_in(viewer)
    now = _now(now)
    request = _request(session, request_id)
    _advance(session, request, now)
    offer = _answerable_offer(session, request, guide)
    kind = HelpKind(request.kind)
    if session.get(t.CapacityBudget, guide) is not None:
        request.commitment_id = draw_capacity(
            session=session,
            person_id=guide,
            channel=CHANNEL[kind],
            hours_per_month=kind.draw.hours_per_month,
            people=kind.draw.people,
            reference=f"request {request_id}",
        )
    offer.state, offer.answered_at = OfferState.ACCEPTED.value, now
    for other in _offers(session, request_id):
        if other.state in (OfferState.WAITING.value, OfferState.QUEUED.value):
            other.state = OfferState.WITHDRAWN.value
    request.status, request.accepted_at = RequestStatus.ACCEPTED.value, now
    notices.request_answered(session, request, guide, accepted=True, reason="", now=now)
    if (relationship := FROM_HELP_KIND.get(kind.value)) is not None:  # not a quick question
        start_relationship(
            session,
            kind=relationship,
            learner_id=request.learner_id,
            guide_id=guide,
            now=now,
            skill_ids=list(
                session.scalars(
                    select(t.RequestSkill.skill_id).where(t.RequestSkill.request_id == request_id)
                )
            ),
            request_id=request_id,
        )
    session.flush()
    return view_request(session=session, viewer=viewer, request_id=request_id, now=now)


def decline_request(
    *,
    session: Session,
    viewer: Viewer,
    request_id: int,
    reason: str = "",
    now: datetime | None = None,
) -> RequestView:
    """A person asked says no (with a reason, shown to the learner); the next is asked."""
    guide = signed_in(viewer)
    now = _now(now)
    reason = reason.strip()
    if len(reason) > MAX_NOTE:
        raise InvalidInput("reason", f"must be at most {MAX_NOTE:,} characters")
    request = _request(session, request_id)
    _advance(session, request, now)
    offer = _answerable_offer(session, request, guide)
    offer.state, offer.reason, offer.answered_at = OfferState.DECLINED.value, reason, now
    session.flush()
    notices.request_answered(session, request, guide, accepted=False, reason=reason, now=now)
    _advance(session, request, now)
    return view_request(session=session, viewer=viewer, request_id=request_id, now=now)


def withdraw_request(
    *, session: Session, viewer: Viewer, request_id: int, now: datetime | None = None
) -> RequestView:
    """The learner takes the request back; whoever accepted gets their time back."""
    now = _now(now)
    request = _learners_request(session, viewer, request_id)
    if not RequestStatus(request.status).open:
        raise RequestNotOpen(f"this request is {RequestStatus(request.status).label.lower()}")
    for offer in _offers(session, request_id):
        if offer.state in (OfferState.WAITING.value, OfferState.QUEUED.value):
            offer.state = OfferState.WITHDRAWN.value
    _release(session, request)
    request.status, request.ended_at = RequestStatus.WITHDRAWN.value, now
    session.flush()
    return view_request(session=session, viewer=viewer, request_id=request_id, now=now)


def _learners_request(session: Session, viewer: Viewer, request_id: int) -> t.HelpRequest:
    learner = signed_in(viewer)
    request = _request(session, request_id)
    if request.learner_id != learner:
        raise NotPermitted("only the person who asked can do this")
    return request


def _release(session: Session, request: t.HelpRequest) -> None:
    if request.commitment_id is not None:
        release_capacity(session=session, commitment_id=request.commitment_id)


def end_with_relationship(*, session: Session, request_id: int, now: datetime) -> None:
    """A request that grew into a relationship ends with it, if the learner has not closed
    it: the guide's time is given back (the relationship's feedback is its outcome)."""
    request = _request(session, request_id)
    if request.status == RequestStatus.ACCEPTED.value:
        _release(session, request)
        request.status, request.ended_at = RequestStatus.CLOSED.value, now
        session.flush()


def _accepted_guide(session: Session, request_id: int) -> int | None:
    return session.scalar(
        select(t.RequestOffer.guide_id).where(
            t.RequestOffer.request_id == request_id,
            t.RequestOffer.state == OfferState.ACCEPTED.value,
        )
    )


def write_message(
    *,
    session: Session,
    viewer: Viewer,
    request_id: int,
    body: str,
    now: datetime | None = None,
) -> RequestView:
    """A line in the conversation between the learner and the guide who accepted."""
    author = signed_in(viewer)
    now = _now(now)
    request = _request(session, request_id)
    if author not in (request.learner_id, _accepted_guide(session, request_id)):
        raise NotPermitted("only the learner and the person who accepted can write here")
    if request.status != RequestStatus.ACCEPTED.value:
        raise RequestNotOpen("the conversation is open while the request is accepted")
    body = body.strip()
    if not body:
        raise InvalidInput("body", "must not be empty")
    if len(body) > MAX_MESSAGE:
        raise InvalidInput("body", f"must be at most {MAX_MESSAGE:,} characters")
    session.add(
        t.RequestMessage(request_id=request_id, author_id=author, body=body, created_at=now)
    )
    session.flush()
    return view_request(session=session, viewer=viewer, request_id=request_id, now=now)


def close_request(
    *,
    session: Session,
    viewer: Viewer,
    request_id: int,
    helped: bool,
    rating: int | None = None,
    minutes: int | None = None,
    skill_ids: Sequence[int] | None = None,
    note: str = "",
    now: datetime | None = None,
) -> RequestView:
    """The learner ends an accepted request with feedback. It counts for the guide in the
    expert finder, for the skills it was about (the request's unless `skill_ids` says)."""
    now = _now(now)
    request = _learners_request(session, viewer, request_id)
    if request.status != RequestStatus.ACCEPTED.value:
        raise RequestNotOpen("only an accepted request can be closed with feedback")
    if rating is not None and not 1 <= rating <= 5:
        raise InvalidInput("rating", f"must be between 1 and 5, got {rating}")
    if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
        raise InvalidInput("minutes", f"must be between 0 and {MAX_MINUTES:,}")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput("note", f"must be at most {MAX_NOTE:,} characters")
    if skill_ids is None:
        skills = list(
            session.scalars(
                select(t.RequestSkill.skill_id).where(t.RequestSkill.request_id == request_id)
            )
        )
    else:
        skills = existing_skill_ids(session, skill_ids, field="skill_ids")
    guide = _accepted_guide(session, request_id)
    assert guide is not None  # an accepted request has its guide
    session.add(
        t.HelpOutcome(
            request_id=request_id,
            guide_id=guide,
            helped=helped,
            rating=rating,
            minutes=minutes,
            note=note,
            closed_at=now,
        )
    )
    session.add_all(t.HelpOutcomeSkill(request_id=request_id, skill_id=s) for s in skills)
    _release(session, request)
    request.status, request.ended_at = RequestStatus.CLOSED.value, now
    session.flush()
    return view_request(session=session, viewer=viewer, request_id=request_id, now=now)


def view_request(
    *, session: Session, viewer: Viewer, request_id: int, now: datetime | None = None
) -> RequestView:
    me = signed_in(viewer)
    now = _now(now)
    request = _request(session, request_id)
    _advance(session, request, now)
    offers = _offers(session, request_id)
    mine = next((o for o in offers if o.guide_id == me), None)
    learner = me == request.learner_id
    never_asked = (OfferState.QUEUED.value, OfferState.SKIPPED.value)
    if not learner and (mine is None or mine.state in never_asked):
        raise NotPermitted("only the person who asked and the people asked can see a request")
    people = {
        p.id: p
        for p in session.scalars(
            select(t.Person).where(
                t.Person.id.in_([request.learner_id, *(o.guide_id for o in offers)])
            )
        )
    }
    guide = next((o.guide_id for o in offers if o.state == OfferState.ACCEPTED.value), None)
    in_it = me in (request.learner_id, guide)
    status = RequestStatus(request.status)
    outcome = session.get(t.HelpOutcome, request_id)
    outcome_view = None
    if outcome is not None and in_it:
        outcome_view = OutcomeView(
            outcome.helped,
            outcome.rating,
            outcome.minutes,
            outcome.note,
            _skills(session, t.HelpOutcomeSkill, request_id),
        )
    shown = offers if learner else [o for o in offers if o.guide_id == me]
    answerable = (
        mine is not None
        and status is RequestStatus.ASKING
        and mine.state in (OfferState.WAITING.value, OfferState.LAPSED.value)
    )
    return RequestView(
        request=_summary(session, request, offers, people, mine if not learner else None),
        urgency=request.urgency,
        at_once=request.at_once,
        skills=_skills(session, t.RequestSkill, request_id),
        guide=person_ref(people[guide]) if guide is not None else None,
        offers=[
            OfferView(
                person_ref(people[o.guide_id]),
                o.state,
                OfferState(o.state).label,
                o.reason,
                o.asked_at,
                o.expires_at,
                o.answered_at,
            )
            for o in shown
        ],
        messages=[
            MessageView(person_ref(people[m.author_id]), m.body, m.created_at)
            for m in session.scalars(
                select(t.RequestMessage)
                .where(t.RequestMessage.request_id == request_id)
                .order_by(t.RequestMessage.created_at, t.RequestMessage.id)
            )
        ]
        if in_it
        else [],
        outcome=outcome_view,
        may_accept=answerable,
        may_decline=answerable,
        may_write=in_it and status is RequestStatus.ACCEPTED,
        may_close=learner and status is RequestStatus.ACCEPTED,
        may_withdraw=learner and status.open,
    )


def _skills(
    session: Session, table: type[t.RequestSkill] | type[t.HelpOutcomeSkill], request_id: int
) -> list[SkillRef]:
    return [
        skill_ref(s)
        for s in session.scalars(
            select(t.Skill)
            .join(table, table.skill_id == t.Skill.id)
            .where(table.request_id == request_id)
            .order_by(t.Skill.name)
        )
    ]


def _summary(
    session: Session,
    request: t.HelpRequest,
    offers: list[t.RequestOffer],
    people: dict[int, t.Person],
    mine: t.RequestOffer | None,
) -> RequestSummary:
    status = RequestStatus(request.status)
    guide = next((o.guide_id for o in offers if o.state == OfferState.ACCEPTED.value), None)
    outcome = session.get(t.HelpOutcome, request.id) if status is RequestStatus.CLOSED else None
    return RequestSummary(
        id=request.id,
        need=request.need,
        kind=request.kind,
        kind_label=HelpKind(request.kind).label,
        status=request.status,
        status_label=status.label,
        learner=person_ref(people[request.learner_id]),
        created_at=request.created_at,
        where_it_stands=where_it_stands(
            status,
            [(people[o.guide_id].name, OfferState(o.state), o.expires_at) for o in offers],
            guide=people[guide].name if guide is not None else None,
            outcome=(outcome.helped, outcome.rating) if outcome else None,
        ),
        your_offer=OfferState(mine.state).label if mine is not None else None,
    )


def list_requests(
    *, session: Session, viewer: Viewer, now: datetime | None = None, limit: int = 50
) -> RequestsPage:
    """The viewer's own requests, and those sent to them, newest first."""
    me = signed_in(viewer)
    now = _now(now)
    advance_requests(session=session, now=now)
    mine = list(
        session.scalars(
            select(t.HelpRequest)
            .where(t.HelpRequest.learner_id == me)
            .order_by(t.HelpRequest.created_at.desc(), t.HelpRequest.id.desc())
            .limit(limit)
        )
    )
    theirs = list(
        session.scalars(
            select(t.HelpRequest)
            .join(t.RequestOffer, t.RequestOffer.request_id == t.HelpRequest.id)
            .where(
                t.RequestOffer.guide_id == me,
                t.RequestOffer.state.not_in([OfferState.QUEUED.value, OfferState.SKIPPED.value]),
            )
            .order_by(t.HelpRequest.created_at.desc(), t.HelpRequest.id.desc())
            .limit(limit)
        )
    )
    offers: dict[int, list[t.RequestOffer]] = {}
    for o in session.scalars(
        select(t.RequestOffer)
        .where(t.RequestOffer.request_id.in_([r.id for r in (*mine, *theirs)]))
        .order_by(t.RequestOffer.position)
    ):
        offers.setdefault(o.request_id, []).append(o)
    ids = {r.learner_id for r in (*mine, *theirs)} | {
        o.guide_id for os in offers.values() for o in os
    }
    people = {p.id: p for p in session.scalars(select(t.Person).where(t.Person.id.in_(ids)))}

    def summary(r: t.HelpRequest, as_guide: bool) -> RequestSummary:
        os = offers.get(r.id, [])
        own = next((o for o in os if o.guide_id == me), None) if as_guide else None
        return _summary(session, r, os, people, own)

    return RequestsPage(
        asked_by_me=[summary(r, False) for r in mine],
        asked_of_me=[summary(r, True) for r in theirs],
    )
