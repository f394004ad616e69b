"""Post-event groups: a program admin uploads the attendee list of a workshop or course
and the circle former (`matching.circles.peer_circles`, through the program's run) forms
follow-up peer groups, each a circle with its first session planned."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.circles import FormedGroups
from peoplefirst.domain.errors import InvalidInput
from peoplefirst.domain.policy import Viewer, signed_in
from peoplefirst.domain.programs import ProgramKind, Side
from peoplefirst.domain.relationships import ProgramRef
from peoplefirst.services import program_runs
from peoplefirst.services.circle_forming import default_first_session
from peoplefirst.services.circles import summaries
from peoplefirst.services.programs import administered
from peoplefirst.services.relationships import now_or
from peoplefirst.storage import tables as t
from peoplefirst.storage.programs import grouped_people

MAX_ATTENDEES = 2000
MAX_LIST_CHARS = 200_000
KEY_COLUMNS = ("employee_id", "email", "employee id", "id")


def attendee_keys(text: str) -> list[tuple[int, str]]:
    """The (line number, employee id or email) of each attendee in a pasted list or a CSV
    file: one a line, or the `employee_id`/`email` column when the first line names one
    (else the first column). Blank lines are skipped."""
    if len(text) > MAX_LIST_CHARS:
        raise InvalidInput("attendees", f"must be at most {MAX_LIST_CHARS:,} characters")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    column, first = 0, 0
    if rows:
        header = [c.strip().lower() for c in rows[0]]
        named = [i for i, c in enumerate(header) if c in KEY_COLUMNS]
        if named:
            column, first = named[0], 1
    found = []
    for number, row in enumerate(rows[first:], start=first + 1):
        key = row[column].strip() if len(row) > column else ""
        if key or any(c.strip() for c in row):
            found.append((number, key))
    return found


def resolve_attendees(session: Session, text: str) -> list[int]:
    """The people a list names, in its order, each once. InvalidInput naming the field and
    every bad line (its number) when any line names nobody."""
    keys = attendee_keys(text)
    if not keys:
        raise InvalidInput("attendees", "give at least one employee id or email, one a line")
    if len(keys) > MAX_ATTENDEES:
        raise InvalidInput("attendees", f"at most {MAX_ATTENDEES:,} attendees at a time")
    wanted = {k for _, k in keys if k}
    by_id: dict[str, int] = dict(
        session.execute(
            select(t.Person.employee_id, t.Person.id).where(t.Person.employee_id.in_(wanted))
        ).all()
    )
    by_email: dict[str, int] = dict(
        session.execute(
            select(func.lower(t.Person.email), t.Person.id).where(
                func.lower(t.Person.email).in_({k.lower() for k in wanted})
            )
        ).all()
    )
    problems, found = [], []
    for number, key in keys:
        person = by_id.get(key) or by_email.get(key.lower())
        if not key:
            problems.append(f"line {number}: no employee id or email")
        elif person is None:
            problems.append(f"line {number}: nobody has the employee id or email '{key[:100]}'")
        else:
            found.append(person)
    if problems:
        shown = "; ".join(problems[:20])
        more = f"; and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise InvalidInput("attendees", f"{shown}{more}. Nothing was stored")
    return list(dict.fromkeys(found))


def first_meeting(
    session: Session, admin: int, event_on: date, first_session_at: datetime | None, now: datetime
) -> datetime:
    """When the groups first meet: as given (in the future, with a time zone), else a
    week after the event on a working day at 10:00 in the admin's time zone (tomorrow's
    working day when that is past already)."""
    if first_session_at is not None:
        if first_session_at.tzinfo is None:
            raise InvalidInput("first_session_at", "give a time zone (UTC if in doubt)")
        if first_session_at <= now:
            raise InvalidInput("first_session_at", "must be in the future")
        return first_session_at
    when = default_first_session(session, admin, event_on)
    return when if when > now else default_first_session(session, admin, now.date(), days=1)


def groups_from_attendees(
    *,
    session: Session,
    viewer: Viewer,
    program_id: int,
    attendees: str,
    event_on: date | None = None,
    first_session_at: datetime | None = None,
    now: datetime | None = None,
) -> FormedGroups:
    """The admin's upload: enroll every attendee as a learner, form follow-up groups of the
    program's sizes among those not yet in one, and start each as a circle whose first
    session is planned. A list with a bad line stores nothing."""
    me = signed_in(viewer)
    now = now_or(now)
    program = administered(session, viewer, program_id)
    kind = ProgramKind(program.kind)
    if not kind.forms_groups or kind.recurs:
        raise InvalidInput(
            "program",
            f"{program.name} is a {kind.label.lower()} program: attendee lists form groups in a "
            "post-event or peer-circle program",
        )
    if event_on is not None and event_on > now.date() + timedelta(days=366):
        raise InvalidInput("event_on", "must be within a year from today")
    people = resolve_attendees(session, attendees)
    when = first_meeting(session, me, event_on or now.date(), first_session_at, now)
    placed = grouped_people(session, program.id)
    fresh = [p for p in people if p not in placed]
    if len(fresh) < program.group_min_size:
        raise InvalidInput(
            "attendees",
            f"{len(fresh)} attendee(s) not yet in a group here; a group needs at least "
            f"{program.group_min_size}. Nothing was stored",
        )
    enrolled = set(
        session.scalars(
            select(t.ProgramEnrollment.person_id).where(
                t.ProgramEnrollment.program_id == program.id,
                t.ProgramEnrollment.side == Side.LEARNER.value,
                t.ProgramEnrollment.person_id.in_(fresh),
            )
        )
    )
    new = [p for p in fresh if p not in enrolled]
    session.add_all(
        t.ProgramEnrollment(
            program_id=program.id,
            person_id=p,
            side=Side.LEARNER.value,
            capacity=0,
            stage="",
            enrolled_at=now,
        )
        for p in new
    )
    session.flush()
    run = program_runs.run_match(
        session=session, viewer=viewer, program_id=program.id, only_learners=fresh, now=now
    )
    report = program_runs.publish_run(
        session=session, viewer=viewer, run_id=run.id, first_session_at=when, now=now
    )
    circles = list(
        session.scalars(
            select(t.Circle).where(t.Circle.run_id == run.id).order_by(t.Circle.position)
        )
    )
    skipped = list(report.skipped)
    if len(people) > len(fresh):
        skipped.insert(0, f"{len(people) - len(fresh)} attendee(s) already in a group here")
    return FormedGroups(
        program=ProgramRef(program.id, program.name),
        attendees=len(people),
        enrolled=len(new),
        run_id=run.id,
        circles=summaries(session, circles, me, now),
        skipped=skipped,
    )
