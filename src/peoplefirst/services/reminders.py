"""Reminders, found in what is stored: requests and matches still waiting for someone's
answer, commitments coming due, pairs that have not met at their agreed cadence, check-ins
due, and calendar invites for sessions planned. The worker looks every few minutes; each
reminder's dedupe key (e.g. `commitment:12:due:2026-03-04:p7`) makes it go once.

The relationship tables are only read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.notifications import Topic
from peoplefirst.domain.programs import MatchState
from peoplefirst.domain.relationships import (
    Lapse,
    RelationshipKind,
    RelationshipState,
    check_in_due,
    concluded_at,
    lapse_stage,
)
from peoplefirst.domain.requests import (
    LAPSES_BEFORE_PAUSE,
    LAPSES_BEFORE_WARNING,
    OfferState,
    RequestStatus,
    lapses_in_a_row,
)
from peoplefirst.services.calendar_invites import Attendee, session_invite
from peoplefirst.services.notices import local_time, short
from peoplefirst.services.notifications import known_keys, notify
from peoplefirst.services.relationship_endings import conclude_lapsed
from peoplefirst.storage import tables as t

MATCH_WAITING_AFTER = timedelta(days=3)
COMMITMENT_NOTICE_DAYS = 2  # a commitment due within this many days is brought up
LAPSE_GRACE = timedelta(days=14)  # after the warning, before a lapsed pair is concluded
LAPSE_LOOKBACK = timedelta(days=90)  # requests looked at for someone's unanswered streak


@dataclass(frozen=True, slots=True)
class Reminder:
    person_id: int
    topic: Topic
    subject: str
    body: str
    link: str
    key: str
    invite: str = ""


def _names(session: Session, ids: set[int]) -> dict[int, t.Person]:
    return {p.id: p for p in session.scalars(select(t.Person).where(t.Person.id.in_(list(ids))))}


def waiting_requests(session: Session, now: datetime) -> list[Reminder]:
    """A person asked who has let half their time to answer pass."""
    found = []
    rows = session.execute(
        select(t.RequestOffer, t.HelpRequest)
        .join(t.HelpRequest, t.HelpRequest.id == t.RequestOffer.request_id)
        .where(
            t.RequestOffer.state == OfferState.WAITING.value,
            t.HelpRequest.status == RequestStatus.ASKING.value,
            t.RequestOffer.expires_at > now,
        )
    ).all()
    people = _names(session, {r.HelpRequest.learner_id for r in rows})
    for offer, request in rows:
        if offer.asked_at is None or offer.expires_at is None:
            continue
        if now < offer.asked_at + (offer.expires_at - offer.asked_at) / 2:
            continue
        learner = people[request.learner_id].name
        found.append(
            Reminder(
                offer.guide_id,
                Topic.REQUEST_WAITING,
                f"{learner} is still waiting for your answer: {short(request.need)}",
                f"{learner} asked you for help with “{request.need}”. Please accept or decline "
                "soon; when the time is up the next colleague is asked.",
                f"/requests/{request.id}",
                f"request:{request.id}:waiting:p{offer.guide_id}",
            )
        )
    return found


def waiting_matches(session: Session, now: datetime) -> list[Reminder]:
    """Someone who has not answered a match proposed to them days ago."""
    found = []
    m = t.ProgramMatch
    matches = list(
        session.scalars(
            select(m).where(
                m.state == MatchState.PROPOSED.value, m.proposed_at <= now - MATCH_WAITING_AFTER
            )
        )
    )
    programs = {
        p.id: p.name
        for p in session.scalars(
            select(t.Program).where(t.Program.id.in_({x.program_id for x in matches}))
        )
    }
    people = _names(session, {p for x in matches for p in (x.learner_id, x.guide_id)})
    for match in matches:
        for me, other, done in (
            (match.learner_id, match.guide_id, match.learner_accepted),
            (match.guide_id, match.learner_id, match.guide_accepted),
        ):
            if done:
                continue
            program = programs.get(match.program_id, "your program")
            found.append(
                Reminder(
                    me,
                    Topic.MATCH_WAITING,
                    f"{program}: your match with {people[other].name} waits for your answer",
                    f"{program} proposed you and {people[other].name}. Accept or decline, so "
                    "that both of you know where you stand.",
                    f"/programs/{match.program_id}",
                    f"match:{match.id}:waiting:p{me}",
                )
            )
    return found


def _active(session: Session) -> list[t.Relationship]:
    return list(
        session.scalars(
            select(t.Relationship).where(t.Relationship.state == RelationshipState.ACTIVE.value)
        )
    )


def commitments_due(session: Session, now: datetime) -> list[Reminder]:
    """An open commitment due within the next days, to its owner."""
    today = now.date()
    c = t.RelationshipCommitment
    rows = session.scalars(
        select(c)
        .join(t.Relationship, t.Relationship.id == c.relationship_id)
        .where(
            t.Relationship.state == RelationshipState.ACTIVE.value,
            c.review.is_(None),
            c.due_on >= today,
            c.due_on <= today + timedelta(days=COMMITMENT_NOTICE_DAYS),
        )
    )
    return [
        Reminder(
            row.owner_id,
            Topic.COMMITMENT_DUE,
            f"Your commitment is due {row.due_on:%a %d %b}: {short(row.what)}",
            f"You committed to: “{row.what}”, by {row.due_on:%A %d %B}. You will review how "
            "it went at your next session.",
            f"/relationships/{row.relationship_id}",
            f"commitment:{row.id}:due:{row.due_on.isoformat()}:p{row.owner_id}",
        )
        for row in rows
        if row.due_on is not None
    ]


def _pair(r: t.Relationship) -> tuple[tuple[int, int], tuple[int, int]]:
    return (r.learner_id, r.guide_id), (r.guide_id, r.learner_id)


def sessions_overdue(
    session: Session, now: datetime, grace: timedelta = LAPSE_GRACE
) -> tuple[list[Reminder], list[t.Relationship]]:
    """Pairs with no session past their cadence and none planned: both are nudged after
    one cadence, warned after two, and the relationship is concluded after two and `grace`
    (`domain.relationships.lapse_stage`). Returns the reminders and those to conclude."""
    active = _active(session)
    s = t.RelationshipSession
    ids = [r.id for r in active]
    held = dict(
        session.execute(
            select(s.relationship_id, func.max(s.scheduled_at))
            .where(s.relationship_id.in_(ids), s.scheduled_at <= now)
            .group_by(s.relationship_id)
        ).all()
    )
    planned = set(
        session.scalars(
            select(s.relationship_id).where(s.relationship_id.in_(ids), s.scheduled_at > now)
        )
    )
    people = _names(session, {p for r in active for p in (r.learner_id, r.guide_id)})
    found: list[Reminder] = []
    lapsed: list[t.Relationship] = []
    for r in active:
        since = held.get(r.id) or r.started_at
        if since is None:
            continue
        stage = lapse_stage(since, r.cadence_weeks, now, grace, r.id in planned)
        if stage is Lapse.ON_TRACK:
            continue
        if stage is Lapse.CONCLUDE:
            lapsed.append(r)
        weeks = (now - since).days // 7
        every = f"every {r.cadence_weeks} week{'s' * (r.cadence_weeks != 1)}"
        for me, other in _pair(r):
            name, last = people[other].name, local_time(since, people[me])
            if stage is Lapse.NUDGE:
                subject = f"No session with {name} for {weeks} weeks"
                body = (
                    f"You agreed to meet {every}; the last session was {last}. Plan the next "
                    "one, or pause or end the relationship if it has run its course."
                )
                step = "no-session-since"
            elif stage is Lapse.WARN:
                until = local_time(concluded_at(since, r.cadence_weeks, grace), people[me])
                subject = f"Your relationship with {name} will be concluded on {until}"
                body = (
                    f"You agreed to meet {every} and have not met since {last}. Unless one of "
                    f"you plans a session, PeopleFirst concludes the relationship on {until} "
                    "so that nobody waits on a relationship that has stopped. Pause it if you "
                    "mean to come back to it."
                )
                step = "lapse-warning"
            else:
                subject = f"Your relationship with {name} was concluded"
                body = (
                    f"You had not met since {last} and no session was planned, so PeopleFirst "
                    "concluded it. Give your feedback on the relationship page; in a program, "
                    "the learner is proposed a new guide."
                )
                step = "concluded"
            found.append(
                Reminder(
                    me,
                    Topic.SESSION_OVERDUE,
                    subject,
                    body,
                    f"/relationships/{r.id}",
                    f"relationship:{r.id}:{step}:{since.date().isoformat()}:p{me}",
                )
            )
    return found, lapsed


def check_ins_due(session: Session, now: datetime) -> list[Reminder]:
    """A check-in due at the cadence: both people are asked for one."""
    active = _active(session)
    c = t.RelationshipCheckIn
    last = dict(
        session.execute(
            select(c.relationship_id, func.max(c.created_at))
            .where(c.relationship_id.in_([r.id for r in active]))
            .group_by(c.relationship_id)
        ).all()
    )
    people = _names(session, {p for r in active for p in (r.learner_id, r.guide_id)})
    found = []
    for r in active:
        if not check_in_due(r.started_at, last.get(r.id), r.cadence_weeks, now):
            continue
        since = last.get(r.id) or r.started_at
        assert since is not None  # check_in_due needs one
        for me, other in _pair(r):
            found.append(
                Reminder(
                    me,
                    Topic.CHECK_IN_DUE,
                    f"Time for a check-in with {people[other].name}",
                    "Two questions, one minute: how is it going, and are you meeting as agreed?",
                    f"/relationships/{r.id}",
                    f"relationship:{r.id}:check-in:{since.date().isoformat()}:p{me}",
                )
            )
    return found


def session_invites(session: Session, now: datetime, public_url: str) -> list[Reminder]:
    """A calendar invite for each planned session, to both people, once."""
    s = t.RelationshipSession
    rows = session.execute(
        select(s, t.Relationship)
        .join(t.Relationship, t.Relationship.id == s.relationship_id)
        .where(
            t.Relationship.state == RelationshipState.ACTIVE.value,
            s.completed_at.is_(None),
            s.scheduled_at > now,
        )
    ).all()
    people = _names(session, {p for row in rows for p in _pair(row.Relationship)[0]})

    def key(planned: t.RelationshipSession, me: int) -> str:
        # The time is in the key: a session moved to another time is invited to again.
        return f"session:{planned.id}:invite:{planned.scheduled_at:%Y%m%dT%H%M}:p{me}"

    given = known_keys(
        session,
        [key(row.RelationshipSession, me) for row in rows for me, _ in _pair(row.Relationship)],
    )
    found = []
    for planned, r in rows:
        if all(key(planned, me) in given for me, _ in _pair(r)):
            continue  # building the invite costs more than this look-up
        kind = RelationshipKind(r.kind).label
        learner, guide = people[r.learner_id], people[r.guide_id]
        organizer = people.get(planned.created_by or r.guide_id, guide)
        link = f"/relationships/{r.id}/sessions/{planned.id}"
        invite = session_invite(
            session_id=planned.id,
            title=f"{kind}: {learner.name} and {guide.name}",
            description=planned.agenda or "Agenda: review your commitments and set new ones.",
            starts_at=planned.scheduled_at,
            organizer=Attendee(organizer.name, organizer.email),
            attendees=[Attendee(p.name, p.email) for p in (learner, guide)],
            url=f"{public_url}{link}",
            now=now,
        )
        for me, other in _pair(r):
            found.append(
                Reminder(
                    me,
                    Topic.SESSION_INVITE,
                    f"Session with {people[other].name}, {local_time(planned.scheduled_at, people[me])}",
                    f"A {kind.lower()} session with {people[other].name} is planned for "
                    f"{local_time(planned.scheduled_at, people[me])}. The invite adds it to your "
                    "calendar.",
                    link,
                    key(planned, me),
                    invite,
                )
            )
    return found


def ghost_guides(session: Session, now: datetime) -> tuple[list[Reminder], list[int]]:
    """People who let requests lapse one after another: warned after
    `LAPSES_BEFORE_WARNING` in a row, no longer suggested after `LAPSES_BEFORE_PAUSE` (the
    requests themselves have moved on already). Once per streak: the key names the latest
    lapsed request. Returns the reminders and the people to stop suggesting."""
    o = t.RequestOffer
    recent = session.execute(
        select(o.guide_id, o.request_id, o.state)
        .where(
            o.state.in_(
                (OfferState.LAPSED.value, OfferState.ACCEPTED.value, OfferState.DECLINED.value)
            ),
            o.asked_at >= now - LAPSE_LOOKBACK,
        )
        .order_by(o.guide_id, o.asked_at.desc(), o.id.desc())
    ).all()
    streaks: dict[int, tuple[int, list[OfferState]]] = {}
    for guide, request, state in recent:
        _, states = streaks.setdefault(guide, (request, []))
        states.append(OfferState(state))
    people = _names(session, set(streaks))
    found: list[Reminder] = []
    pause: list[int] = []
    for guide, (latest, states) in streaks.items():
        lapsed = lapses_in_a_row(states)
        person = people[guide]
        if lapsed >= LAPSES_BEFORE_PAUSE and person.findable:
            pause.append(guide)
            found.append(
                Reminder(
                    guide,
                    Topic.REQUEST_WAITING,
                    "You are no longer suggested to colleagues who need help",
                    f"The last {lapsed} requests sent to you went unanswered, so PeopleFirst "
                    "stopped suggesting you. When you have time to help again, turn "
                    "“Suggest me when colleagues look for help” back on in your profile.",
                    f"/people/{guide}",
                    f"guide:{guide}:paused-after:{latest}",
                )
            )
        elif lapsed == LAPSES_BEFORE_WARNING and person.findable:
            found.append(
                Reminder(
                    guide,
                    Topic.REQUEST_WAITING,
                    f"The last {lapsed} requests to you went unanswered",
                    "Colleagues waited and their requests moved on to someone else. If you "
                    "are busy, mark yourself away in your profile; one more unanswered request "
                    "and PeopleFirst stops suggesting you until you turn it back on.",
                    f"/people/{guide}",
                    f"guide:{guide}:warned-after:{latest}",
                )
            )
    return found, pause


def send_reminders(
    *, session: Session, now: datetime, public_url: str = "", grace: timedelta = LAPSE_GRACE
) -> int:
    """Queue every reminder due now that was not given before, and conclude relationships
    that have lapsed; returns how many notifications were queued."""
    overdue, lapsed = sessions_overdue(session, now, grace)
    for relationship in lapsed:
        conclude_lapsed(session=session, relationship_id=relationship.id, now=now)
    ghosts, pause = ghost_guides(session, now)
    paused_before = known_keys(session, [r.key for r in ghosts])
    for reminder in ghosts:  # once per streak: not again after they turned it back on
        if reminder.person_id in pause and reminder.key not in paused_before:
            person = session.get(t.Person, reminder.person_id)
            if person is not None:
                person.findable = False
    found = [
        *ghosts,
        *waiting_requests(session, now),
        *waiting_matches(session, now),
        *commitments_due(session, now),
        *overdue,
        *check_ins_due(session, now),
        *session_invites(session, now, public_url),
    ]
    given = known_keys(session, [r.key for r in found])
    sent = 0
    for r in found:
        if r.key in given:
            continue
        made = notify(
            session,
            person_id=r.person_id,
            topic=r.topic,
            subject=r.subject,
            body=r.body,
            link=r.link,
            dedupe_key=r.key,
            now=now,
            invite=r.invite,
        )
        sent += made is not None
    return sent
