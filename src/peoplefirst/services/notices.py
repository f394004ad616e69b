"""What each event tells whom, in a few plain words. Called where the event happens (in the
same transaction); every notice has a dedupe key, so an event told twice is told once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.notifications import Topic, zone_of
from peoplefirst.domain.requests import HelpKind
from peoplefirst.services.notifications import notify
from peoplefirst.storage import tables as t

SHORT_NEED = 80


def _people(session: Session, ids: Iterable[int]) -> dict[int, t.Person]:
    wanted = list(set(ids))
    return {p.id: p for p in session.scalars(select(t.Person).where(t.Person.id.in_(wanted)))}


def local_time(when: datetime, person: t.Person) -> str:
    """A moment as the person reads it: their time zone, named."""
    zone = zone_of(person.time_zone)
    return f"{when.astimezone(zone):%a %d %b %Y, %H:%M} ({zone.key})"


def short(text: str, limit: int = SHORT_NEED) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- requests for help ---------------------------------------------------------------------


def request_asked(
    session: Session, request: t.HelpRequest, guide_ids: Iterable[int], now: datetime
) -> None:
    """The people a request was just routed to are asked to answer it."""
    offers = {
        o.guide_id: o
        for o in session.scalars(
            select(t.RequestOffer).where(
                t.RequestOffer.request_id == request.id,
                t.RequestOffer.guide_id.in_(list(guide_ids)),
            )
        )
    }
    people = _people(session, [request.learner_id, *offers])
    learner = people[request.learner_id].name
    kind = HelpKind(request.kind).label.lower()
    for guide_id, offer in offers.items():
        guide = people[guide_id]
        by = (
            f" Please accept or decline by {local_time(offer.expires_at, guide)}."
            if offer.expires_at
            else ""
        )
        notify(
            session,
            person_id=guide_id,
            topic=Topic.REQUEST_ASKED,
            subject=f"{learner} asks for your help: {short(request.need)}",
            body=f"{learner} asks you for {kind}:\n\n“{request.need}”\n\n{by.strip()}",
            link=f"/requests/{request.id}",
            dedupe_key=f"request:{request.id}:asked:p{guide_id}",
            now=now,
        )


def request_answered(
    session: Session,
    request: t.HelpRequest,
    guide_id: int,
    *,
    accepted: bool,
    reason: str,
    now: datetime,
) -> None:
    """The learner hears that a person asked accepted or declined."""
    guide = _people(session, [guide_id])[guide_id].name
    need = short(request.need)
    if accepted:
        subject = f"{guide} accepted your request: {need}"
        body = f"{guide} will help you with “{request.need}”. Talk it through on the request."
        key = f"request:{request.id}:accepted:p{request.learner_id}"
    else:
        subject = f"{guide} declined your request: {need}"
        why = f" Their reason: “{reason}”." if reason else ""
        body = f"{guide} cannot help with “{request.need}” this time.{why} The next colleague in line is asked."
        key = f"request:{request.id}:declined:{guide_id}:p{request.learner_id}"
    notify(
        session,
        person_id=request.learner_id,
        topic=Topic.REQUEST_ANSWERED,
        subject=subject,
        body=body,
        link=f"/requests/{request.id}",
        dedupe_key=key,
        now=now,
    )


# -- program matches -----------------------------------------------------------------------


def matches_proposed(session: Session, matches: Iterable[t.ProgramMatch], now: datetime) -> None:
    """Both people of each newly proposed match are asked to accept or decline it."""
    found = list(matches)
    if not found:
        return
    programs = {
        p.id: p.name
        for p in session.scalars(
            select(t.Program).where(t.Program.id.in_({m.program_id for m in found}))
        )
    }
    people = _people(session, [p for m in found for p in (m.learner_id, m.guide_id)])
    for m in found:
        program = programs[m.program_id]
        for me, other, role in (
            (m.learner_id, m.guide_id, "guide"),
            (m.guide_id, m.learner_id, "learner"),
        ):
            why = f"\n\nWhy: {m.why}" if m.why else ""
            notify(
                session,
                person_id=me,
                topic=Topic.MATCH_PROPOSED,
                subject=f"{program}: {people[other].name} is proposed as your {role}",
                body=f"{program} proposes {people[other].name} as your {role}.{why}\n\n"
                "Accept or decline on the program's page.",
                link=f"/programs/{m.program_id}",
                dedupe_key=f"match:{m.id}:proposed:p{me}",
                now=now,
            )


def run_published(session: Session, program_id: int, run_id: int, now: datetime) -> None:
    """Tell both people of every match a published run proposed, and every member of each
    group it formed."""
    matches_proposed(
        session,
        session.scalars(select(t.ProgramMatch).where(t.ProgramMatch.run_id == run_id)),
        now,
    )
    groups_formed(session, program_id, run_id, now)


def groups_formed(session: Session, program_id: int, run_id: int, now: datetime) -> None:
    """Each member of a group a run formed hears who the others are."""
    program = session.get(t.Program, program_id)
    members = list(
        session.scalars(
            select(t.ProgramGroupMember).where(
                t.ProgramGroupMember.program_id == program_id,
                t.ProgramGroupMember.run_id == run_id,
            )
        )
    )
    if program is None or not members:
        return
    people = _people(session, [m.person_id for m in members])
    # Each group became a circle: its page is where the members meet, not the program's.
    circle_of = {
        position: circle_id
        for position, circle_id in session.execute(
            select(t.Circle.position, t.Circle.id).where(t.Circle.run_id == run_id)
        )
    }
    groups: dict[int, list[int]] = {}
    for m in members:
        groups.setdefault(m.position, []).append(m.person_id)
    for position, ids in groups.items():
        for me in ids:
            others = ", ".join(sorted(people[p].name for p in ids if p != me))
            notify(
                session,
                person_id=me,
                topic=Topic.MATCH_PROPOSED,
                subject=f"{program.name}: your group is {others}",
                body=f"In {program.name} you are in a group with {others}. Say hello, and see "
                "when your first session is planned.",
                link=f"/circles/{circle_of[position]}"
                if position in circle_of
                else f"/programs/{program_id}",
                dedupe_key=f"group:{program_id}:{run_id}:{position}:p{me}",
                now=now,
            )


def match_answered(
    session: Session, match: t.ProgramMatch, by: int, *, accepted: bool, now: datetime
) -> None:
    """The other person of a match hears that it was accepted (or became active) or declined."""
    other = match.guide_id if by == match.learner_id else match.learner_id
    people = _people(session, [by, other])
    program = session.get(t.Program, match.program_id)
    name = program.name if program else "your program"
    who = people[by].name
    if accepted:
        both = match.learner_accepted and match.guide_accepted
        subject = f"{name}: {who} accepted your match"
        body = (
            f"{who} accepted too: your match is active. Agree on goals and plan a first session."
            if both
            else f"{who} accepted the match. It starts once you accept as well."
        )
        key = f"match:{match.id}:accepted:{by}:p{other}"
    else:
        subject = f"{name}: {who} declined your match"
        why = f" Their reason: “{match.reason}”." if match.reason else ""
        body = f"{who} declined the match.{why} The program proposes someone else when it can."
        key = f"match:{match.id}:declined:p{other}"
    notify(
        session,
        person_id=other,
        topic=Topic.MATCH_ANSWERED,
        subject=subject,
        body=body,
        link=f"/programs/{match.program_id}",
        dedupe_key=key,
        now=now,
    )
