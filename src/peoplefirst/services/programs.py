"""Programs: an admin creates a mentoring, coaching, peer or buddy program with its rules
and cohort; people enroll as learners or guides. Matching them is `program_runs`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from peoplefirst.domain.audit import AuditAction
from peoplefirst.domain.errors import Conflict, InvalidInput, NotPermitted
from peoplefirst.domain.policy import Viewer, may_admin_program, may_enroll, signed_in
from peoplefirst.domain.programs import (
    MAX_CHOICES,
    MAX_DESCRIPTION,
    MAX_GOALS,
    MAX_NAME,
    MAX_STAGE,
    EnrollmentView,
    MatchState,
    ProgramKind,
    ProgramSummary,
    ProgramView,
    RunState,
    RunSummary,
    Side,
    enrollment_open,
    starting_rules,
)
from peoplefirst.matching import InstanceError, rules_from_dict, rules_to_dict
from peoplefirst.services import audit
from peoplefirst.services.capacity import set_budget
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import chunks
from peoplefirst.storage.departments import department_tree
from peoplefirst.storage.people import get_person, skill_ref
from peoplefirst.storage.programs import (
    admins_of,
    enrollment_choices,
    enrollment_goals,
    enrollments,
    get_program,
    group_views,
    match_views,
    people_named,
)
from peoplefirst.storage.skills import existing_skill_ids

MAX_HOURS = 40.0
MAX_GROUP = 12
MAX_INVITE_LIST = 10_000


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ProgramSettings:
    """What an admin sets on a program besides its matching rules."""

    name: str
    kind: str = ProgramKind.MENTORING.value
    description: str = ""
    enrollment_opens: date | None = None
    enrollment_closes: date | None = None
    invite_only: bool = False
    self_select: bool = False
    hours_per_month: float = 2.0
    group_min_size: int = 4
    group_max_size: int = 6
    round_every_weeks: int = 2


def _checked(session: Session, s: ProgramSettings, program_id: int | None) -> ProgramSettings:
    name = " ".join(s.name.split())
    if not name:
        raise InvalidInput("name", "must not be empty")
    if len(name) > MAX_NAME:
        raise InvalidInput("name", f"must be at most {MAX_NAME} characters, got {len(name)}")
    taken = session.scalar(select(t.Program.id).where(t.Program.name == name))
    if taken is not None and taken != program_id:
        raise InvalidInput("name", f"another program is already named '{name}'")
    try:
        kind = ProgramKind(s.kind)
    except ValueError:
        known = ", ".join(k.value for k in ProgramKind)
        raise InvalidInput("kind", f"must be one of {known}, got '{s.kind}'") from None
    if len(s.description) > MAX_DESCRIPTION:
        raise InvalidInput("description", f"must be at most {MAX_DESCRIPTION} characters")
    if s.enrollment_opens and s.enrollment_closes and s.enrollment_closes < s.enrollment_opens:
        raise InvalidInput(
            "enrollment_closes",
            f"{s.enrollment_closes} is before enrollment opens ({s.enrollment_opens})",
        )
    if not 0 <= s.hours_per_month <= MAX_HOURS:
        raise InvalidInput("hours_per_month", f"must be between 0 and {MAX_HOURS:g}")
    if not 2 <= s.group_min_size <= MAX_GROUP:
        raise InvalidInput("group_min_size", f"must be between 2 and {MAX_GROUP}")
    if not s.group_min_size <= s.group_max_size <= MAX_GROUP:
        raise InvalidInput(
            "group_max_size", f"must be between group_min_size ({s.group_min_size}) and {MAX_GROUP}"
        )
    if not 1 <= s.round_every_weeks <= 52:
        raise InvalidInput("round_every_weeks", f"must be 1 to 52, got {s.round_every_weeks}")
    return ProgramSettings(
        name,
        kind.value,
        s.description.strip(),
        s.enrollment_opens,
        s.enrollment_closes,
        s.invite_only,
        s.self_select,
        float(s.hours_per_month),
        s.group_min_size,
        s.group_max_size,
        s.round_every_weeks,
    )


def check_rules(rules: object) -> dict[str, Any]:
    """The engine reads the rules strictly; any mistake names its field."""
    try:
        return rules_to_dict(rules_from_dict(rules))
    except InstanceError as error:
        raise InvalidInput(error.field, error.problem) from None


def create_program(
    *,
    session: Session,
    viewer: Viewer,
    settings: ProgramSettings,
    rules: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> int:
    """Create a program; whoever creates it is its first admin. Without `rules` the
    program starts from its kind's rules."""
    creator = signed_in(viewer)
    s = _checked(session, settings, None)
    now = _now(now)
    chosen = check_rules(
        rules if rules is not None else starting_rules(ProgramKind(s.kind), s.name)
    )
    program = t.Program(
        name=s.name,
        kind=s.kind,
        description=s.description,
        rules=json.dumps(chosen),
        rules_version=1,
        enrollment_opens=s.enrollment_opens,
        enrollment_closes=s.enrollment_closes,
        invite_only=s.invite_only,
        self_select=s.self_select,
        hours_per_month=s.hours_per_month,
        group_min_size=s.group_min_size,
        group_max_size=s.group_max_size,
        round_every_weeks=s.round_every_weeks,
        created_by=creator,
        created_at=now,
    )
    session.add(program)
    session.flush()
    session.add(t.ProgramAdmin(program_id=program.id, person_id=creator))
    session.add(
        t.ProgramRulesVersion(
            program_id=program.id, version=1, rules=program.rules, saved_by=creator, saved_at=now
        )
    )
    session.flush()
    return program.id


def administered(session: Session, viewer: Viewer, program_id: int) -> t.Program:
    """The program, if the viewer is one of its admins."""
    signed_in(viewer)
    program = get_program(session, program_id)
    if not may_admin_program(viewer=viewer, admins=admins_of(session, program_id)):
        raise NotPermitted("only the program's admins may do this")
    return program


def update_program(
    *, session: Session, viewer: Viewer, program_id: int, settings: ProgramSettings
) -> None:
    program = administered(session, viewer, program_id)
    s = _checked(session, settings, program_id)
    if s.kind != program.kind:
        raise InvalidInput("kind", "a program's kind cannot change; create a new program")
    program.name, program.description = s.name, s.description
    program.enrollment_opens, program.enrollment_closes = s.enrollment_opens, s.enrollment_closes
    program.invite_only, program.self_select = s.invite_only, s.self_select
    program.hours_per_month = s.hours_per_month
    program.group_min_size, program.group_max_size = s.group_min_size, s.group_max_size
    program.round_every_weeks = s.round_every_weeks
    session.flush()


def set_rules(
    *,
    session: Session,
    viewer: Viewer,
    program_id: int,
    rules: object,
    now: datetime | None = None,
) -> int:
    """Save a new version of the program's rules; returns its number."""
    program = administered(session, viewer, program_id)
    chosen = check_rules(rules)
    return _save_rules(session, program, chosen, signed_in(viewer), _now(now))


def _save_rules(
    session: Session, program: t.Program, rules: dict[str, Any], by: int, now: datetime
) -> int:
    text = json.dumps(rules)
    if text == program.rules:
        return program.rules_version
    program.rules, program.rules_version = text, program.rules_version + 1
    session.add(
        t.ProgramRulesVersion(
            program_id=program.id,
            version=program.rules_version,
            rules=text,
            saved_by=by,
            saved_at=now,
        )
    )
    session.flush()
    return program.rules_version


PairAction = str  # "pin" | "forbid" | "release"
PAIR_ACTIONS = ("pin", "forbid", "release")


def set_pair(
    *,
    session: Session,
    viewer: Viewer,
    program_id: int,
    learner_id: int,
    guide_id: int,
    action: PairAction,
    now: datetime | None = None,
) -> int:
    """Pin a pair (the next run keeps it), forbid it (never matched), or release it from
    either. Pins and forbidden pairs are part of the rules: each change is a new version."""
    program = administered(session, viewer, program_id)
    if action not in PAIR_ACTIONS:
        raise InvalidInput("action", f"must be one of {', '.join(PAIR_ACTIONS)}, got '{action}'")
    if action != "release":  # a pair naming someone who left can still be released
        _enrolled(session, program_id, learner_id, Side.LEARNER, "learner_id")
        _enrolled(session, program_id, guide_id, Side.GUIDE, "guide_id")
    rules = json.loads(program.rules)
    hard = rules.setdefault("hard", {})
    pair = [str(learner_id), str(guide_id)]
    pinned = [p for p in hard.get("pinned", []) if p != pair and p[0] != pair[0]]
    forbidden = [p for p in hard.get("forbidden", []) if p != pair]
    if action == "pin":
        pinned.append(pair)
    elif action == "forbid":
        forbidden.append(pair)
    hard["pinned"], hard["forbidden"] = pinned, forbidden
    version = _save_rules(session, program, check_rules(rules), signed_in(viewer), _now(now))
    if action != "release":  # an admin overriding the engine: accounted for
        audit.record(
            session,
            AuditAction.PAIR_PINNED if action == "pin" else AuditAction.PAIR_FORBIDDEN,
            actor_id=viewer.person_id,
            subject=f"program {program_id}",
            detail={"learner": learner_id, "guide": guide_id, "rules_version": version},
            now=_now(now),
        )
    return version


def _enrolled(
    session: Session, program_id: int, person_id: int, side: Side, field: str
) -> t.ProgramEnrollment:
    row = session.scalar(
        select(t.ProgramEnrollment).where(
            t.ProgramEnrollment.program_id == program_id,
            t.ProgramEnrollment.person_id == person_id,
            t.ProgramEnrollment.side == side.value,
        )
    )
    if row is None:
        raise InvalidInput(field, f"person {person_id} is not enrolled as a {side.value} here")
    return row


def add_admin(*, session: Session, viewer: Viewer, program_id: int, person_id: int) -> None:
    administered(session, viewer, program_id)
    get_person(session, person_id)
    if person_id not in admins_of(session, program_id):
        session.add(t.ProgramAdmin(program_id=program_id, person_id=person_id))
        session.flush()


def invite(
    *,
    session: Session,
    viewer: Viewer,
    program_id: int,
    department_id: int | None = None,
    min_level: int | None = None,
    max_level: int | None = None,
    people: Sequence[str] = (),
    now: datetime | None = None,
) -> int:
    """Add people to the program's cohort: everyone in a department (and the departments
    under it) within a level band, and/or a list of employee ids or emails. Returns how
    many were newly invited. An unknown id in the list refuses the whole list."""
    administered(session, viewer, program_id)
    if len(people) > MAX_INVITE_LIST:
        raise InvalidInput("people", f"at most {MAX_INVITE_LIST:,} at a time")
    for field, level in (("min_level", min_level), ("max_level", max_level)):
        if level is not None and not 1 <= level <= 8:
            raise InvalidInput(field, f"must be 1 to 8, got {level}")
    wanted: set[int] = set()
    if department_id is not None or min_level is not None or max_level is not None:
        query = select(t.Person.id)
        if department_id is not None:
            tree = department_tree(session)
            if department_id not in tree.departments:
                raise InvalidInput("department_id", f"no department has id {department_id}")
            query = query.where(t.Person.department_id.in_(tree.descendants(department_id)))
        if min_level is not None:
            query = query.where(t.Person.level >= min_level)
        if max_level is not None:
            query = query.where(t.Person.level <= max_level)
        wanted |= set(session.scalars(query))
    keys = [k.strip() for k in people if k.strip()]
    if keys:
        found: dict[str, int] = {}
        for at in range(0, len(keys), 2000):
            part = keys[at : at + 2000]
            for pid, employee_id, email in session.execute(
                select(t.Person.id, t.Person.employee_id, t.Person.email).where(
                    or_(
                        t.Person.employee_id.in_(part),
                        func.lower(t.Person.email).in_([k.lower() for k in part]),
                    )
                )
            ):
                found[employee_id] = pid
                found[email.lower()] = pid
        missing = [k for k in keys if k not in found and k.lower() not in found]
        if missing:
            shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
            raise InvalidInput("people", f"{len(missing)} not found: {shown}; nobody was invited")
        wanted |= {found.get(k, found.get(k.lower(), 0)) for k in keys}
    already = set(
        session.scalars(
            select(t.ProgramInvite.person_id).where(t.ProgramInvite.program_id == program_id)
        )
    )
    new = sorted(wanted - already)
    when = _now(now)
    session.add_all(
        t.ProgramInvite(program_id=program_id, person_id=p, invited_at=when) for p in new
    )
    session.flush()
    return len(new)


def _invited(session: Session, program_id: int, person_id: int) -> bool:
    return session.get(t.ProgramInvite, (program_id, person_id)) is not None


def enroll(
    *,
    session: Session,
    viewer: Viewer,
    program_id: int,
    side: str,
    person_id: int | None = None,
    skill_ids: Sequence[int] = (),
    capacity: int = 1,
    stage: str = "",
    now: datetime | None = None,
) -> None:
    """Take part as a learner (with up to 5 goals; none means your open learning goals)
    or as a guide (with how many learners at once). Enrolling again updates it. A guide
    without a capacity budget gets one that covers this program."""
    me = signed_in(viewer)
    person_id = person_id or me
    program = get_program(session, program_id)
    admin = may_admin_program(viewer=viewer, admins=admins_of(session, program_id))
    try:
        chosen_side = Side(side)
    except ValueError:
        raise InvalidInput("side", f"must be learner or guide, got '{side}'") from None
    if not may_enroll(
        viewer=viewer,
        person_id=person_id,
        invite_only=program.invite_only,
        invited=_invited(session, program_id, person_id),
        admin=admin,
    ):
        raise NotPermitted(
            "this program is by invitation; ask its admins to invite you"
            if person_id == me
            else "only the program's admins may enroll someone else"
        )
    now = _now(now)
    if not admin and not enrollment_open(
        program.enrollment_opens, program.enrollment_closes, now.date()
    ):
        raise Conflict("enrollment in this program is not open today")
    if not ProgramKind(program.kind).takes_guides and chosen_side is Side.GUIDE:
        raise InvalidInput("side", "group programs have members only: enroll as a learner")
    if len(skill_ids) > MAX_GOALS:
        raise InvalidInput("skill_ids", f"at most {MAX_GOALS} goals, got {len(skill_ids)}")
    goals = existing_skill_ids(session, list(dict.fromkeys(skill_ids)), field="skill_ids")
    if chosen_side is Side.GUIDE and not 1 <= capacity <= 20:
        raise InvalidInput("capacity", f"must be 1 to 20 learners, got {capacity}")
    stage = " ".join(stage.split())
    if len(stage) > MAX_STAGE:
        raise InvalidInput("stage", f"must be at most {MAX_STAGE} characters")
    person = get_person(session, person_id)
    row = session.scalar(
        select(t.ProgramEnrollment).where(
            t.ProgramEnrollment.program_id == program_id,
            t.ProgramEnrollment.person_id == person_id,
            t.ProgramEnrollment.side == chosen_side.value,
        )
    )
    if row is None:
        row = t.ProgramEnrollment(
            program_id=program_id, person_id=person.id, side=chosen_side.value, enrolled_at=now
        )
        session.add(row)
    row.capacity = capacity if chosen_side is Side.GUIDE else 0
    row.stage = stage
    session.flush()
    session.execute(delete(t.EnrollmentGoal).where(t.EnrollmentGoal.enrollment_id == row.id))
    session.add_all(
        t.EnrollmentGoal(enrollment_id=row.id, skill_id=s, position=i) for i, s in enumerate(goals)
    )
    if chosen_side is Side.GUIDE and session.get(t.CapacityBudget, person.id) is None:
        set_budget(
            session=session,
            person_id=person.id,
            hours_per_month=program.hours_per_month * capacity,
            people_at_once=capacity,
        )
    session.flush()


def withdraw(
    *, session: Session, viewer: Viewer, program_id: int, side: str, person_id: int | None = None
) -> None:
    """Leave a program on one side. Matches already made stay until ended."""
    me = signed_in(viewer)
    person_id = person_id or me
    if person_id != me and not may_admin_program(
        viewer=viewer, admins=admins_of(session, program_id)
    ):
        raise NotPermitted("only the program's admins may withdraw someone else")
    get_program(session, program_id)
    try:
        row = _enrolled(session, program_id, person_id, Side(side), "side")
    except ValueError:
        raise InvalidInput("side", f"must be learner or guide, got '{side}'") from None
    session.delete(row)
    session.flush()


def choose(
    *,
    session: Session,
    viewer: Viewer,
    program_id: int,
    side: str,
    chosen: Sequence[int],
    avoid: Sequence[int] | None = None,
) -> None:
    """State whom you would like to work with, best first (at most 3), and whom never. The
    next run weighs the choices; nobody is matched with someone they avoid. Choices are
    not first come, first served: the run decides over everyone's choices at once.
    `avoid` None keeps the people avoided before."""
    me = signed_in(viewer)
    get_program(session, program_id)
    try:
        my_side = Side(side)
    except ValueError:
        raise InvalidInput("side", f"must be learner or guide, got '{side}'") from None
    row = _enrolled(session, program_id, me, my_side, "side")
    if avoid is None:
        avoid = list(
            session.scalars(
                select(t.EnrollmentChoice.person_id).where(
                    t.EnrollmentChoice.enrollment_id == row.id, t.EnrollmentChoice.avoid.is_(True)
                )
            )
        )
        chosen = [p for p in chosen if p not in avoid]
    if len(chosen) > MAX_CHOICES:
        raise InvalidInput("chosen", f"at most {MAX_CHOICES} choices, got {len(chosen)}")
    if len(set(chosen)) != len(chosen):
        raise InvalidInput("chosen", "names someone twice")
    if set(chosen) & set(avoid):
        raise InvalidInput("avoid", "names someone also chosen")
    if me in chosen or me in avoid:
        raise InvalidInput("chosen", "you cannot choose or avoid yourself")
    other = Side.GUIDE if my_side is Side.LEARNER else Side.LEARNER
    others = {e.person_id for e in enrollments(session, program_id, other)}
    for field, people in (("chosen", chosen), ("avoid", avoid)):
        for p in people:
            if p not in others:
                raise InvalidInput(field, f"person {p} is not enrolled as a {other.value} here")
    session.execute(delete(t.EnrollmentChoice).where(t.EnrollmentChoice.enrollment_id == row.id))
    session.add_all(
        t.EnrollmentChoice(enrollment_id=row.id, person_id=p, rank=i, avoid=False)
        for i, p in enumerate(chosen)
    )
    session.add_all(
        t.EnrollmentChoice(enrollment_id=row.id, person_id=p, rank=100 + i, avoid=True)
        for i, p in enumerate(avoid)
    )
    session.flush()


# Reading programs


def list_programs(
    *, session: Session, viewer: Viewer, today: date | None = None
) -> list[ProgramSummary]:
    """Every program, with counts, the viewer's part in it and whether enrollment is open."""
    today = today or datetime.now(UTC).date()
    programs = list(session.scalars(select(t.Program).order_by(t.Program.created_at.desc())))
    counts: dict[tuple[int, str], int] = {
        (p, s): int(n)
        for p, s, n in session.execute(
            select(t.ProgramEnrollment.program_id, t.ProgramEnrollment.side, func.count()).group_by(
                t.ProgramEnrollment.program_id, t.ProgramEnrollment.side
            )
        )
    }
    active = dict(
        session.execute(
            select(t.ProgramMatch.program_id, func.count())
            .where(t.ProgramMatch.state == MatchState.ACTIVE.value)
            .group_by(t.ProgramMatch.program_id)
        ).all()
    )
    mine: dict[int, list[Side]] = {}
    admin_of: set[int] = set()
    invited_to: set[int] = set()
    if viewer.person_id is not None:
        invited_to = set(
            session.scalars(
                select(t.ProgramInvite.program_id).where(
                    t.ProgramInvite.person_id == viewer.person_id
                )
            )
        )
        for program_id, side in session.execute(
            select(t.ProgramEnrollment.program_id, t.ProgramEnrollment.side).where(
                t.ProgramEnrollment.person_id == viewer.person_id
            )
        ):
            mine.setdefault(program_id, []).append(Side(side))
        admin_of = set(
            session.scalars(
                select(t.ProgramAdmin.program_id).where(
                    t.ProgramAdmin.person_id == viewer.person_id
                )
            )
        )
    return [
        ProgramSummary(
            id=p.id,
            name=p.name,
            kind=ProgramKind(p.kind),
            kind_label=ProgramKind(p.kind).label,
            description=p.description,
            enrollment_opens=p.enrollment_opens,
            enrollment_closes=p.enrollment_closes,
            open_now=enrollment_open(p.enrollment_opens, p.enrollment_closes, today),
            learners=counts.get((p.id, Side.LEARNER.value), 0),
            guides=counts.get((p.id, Side.GUIDE.value), 0),
            active_matches=int(active.get(p.id, 0)),
            i_admin=p.id in admin_of,
            my_sides=tuple(sorted(mine.get(p.id, ()))),
            invite_only=p.invite_only,
            i_am_invited=p.id in invited_to,
        )
        for p in programs
    ]


def enrollment_views(session: Session, rows: Sequence[t.ProgramEnrollment]) -> list[EnrollmentView]:
    ids = [r.id for r in rows]
    goals = enrollment_goals(session, ids)
    choices = enrollment_choices(session, ids)
    skill_rows = {
        s.id: s
        for part in chunks({s for g in goals.values() for s in g})
        for s in session.scalars(select(t.Skill).where(t.Skill.id.in_(part)))
    }
    people = people_named(
        session, [r.person_id for r in rows] + [p for c in choices.values() for p in c]
    )
    chosen_only = _chosen_not_avoided(session, ids)
    return [
        EnrollmentView(
            person=people[r.person_id],
            side=Side(r.side),
            goals=tuple(skill_ref(skill_rows[s]) for s in goals.get(r.id, ()) if s in skill_rows),
            capacity=r.capacity,
            stage=r.stage,
            enrolled_at=r.enrolled_at,
            choices=tuple(
                people[p] for p in choices.get(r.id, ()) if p in people and (r.id, p) in chosen_only
            ),
        )
        for r in rows
        if r.person_id in people
    ]


def _chosen_not_avoided(session: Session, enrollment_ids: Sequence[int]) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for part in chunks(enrollment_ids):
        found |= {
            (enrollment, person)
            for enrollment, person in session.execute(
                select(t.EnrollmentChoice.enrollment_id, t.EnrollmentChoice.person_id).where(
                    t.EnrollmentChoice.enrollment_id.in_(part), t.EnrollmentChoice.avoid.is_(False)
                )
            )
        }
    return found


def view_program(
    *,
    session: Session,
    viewer: Viewer,
    program_id: int,
    today: date | None = None,
    list_limit: int | None = None,
) -> ProgramView:
    """A program as the viewer may see it: admins see everyone enrolled, every run and
    every match (the first `list_limit` of each list, with totals); others see the program
    and their own part in it."""
    today = today or datetime.now(UTC).date()
    program = get_program(session, program_id)
    admins = admins_of(session, program_id)
    admin = may_admin_program(viewer=viewer, admins=admins)
    me = viewer.person_id
    mine = enrollments(session, program_id, people=[me]) if me is not None else []
    totals = {
        side: int(n)
        for side, n in session.execute(
            select(t.ProgramEnrollment.side, func.count())
            .where(t.ProgramEnrollment.program_id == program_id)
            .group_by(t.ProgramEnrollment.side)
        )
    }
    shown = list(mine)
    if admin:
        for side in Side:
            shown += [
                r
                for r in enrollments(session, program_id, side, limit=list_limit)
                if r.person_id != me
            ]
    views = enrollment_views(session, shown)
    mine_views = [v for v in views if v.person.id == me]
    runs: list[RunSummary] = []
    if admin:
        for run in session.scalars(
            select(t.MatchRun)
            .where(t.MatchRun.program_id == program_id)
            .order_by(t.MatchRun.id.desc())
        ):
            figures = json.loads(run.report)
            runs.append(
                RunSummary(
                    run.id,
                    run.method,
                    RunState(run.state),
                    run.created_at,
                    int(figures.get("matched", figures.get("members", 0))),
                    float(figures.get("total_score", figures.get("objective", 0.0))),
                )
            )
    match_query = select(t.ProgramMatch).where(t.ProgramMatch.program_id == program_id)
    if not admin:
        match_query = match_query.where(
            or_(t.ProgramMatch.learner_id == me, t.ProgramMatch.guide_id == me)
        )
    matches_total = session.scalar(select(func.count()).select_from(match_query.subquery())) or 0
    matches = match_views(
        session, list(session.scalars(match_query.order_by(t.ProgramMatch.id).limit(list_limit)))
    )
    groups = group_views(session, program_id)
    my_groups = [g for g in groups if any(m.id == me for m in g.members)]
    admin_people = people_named(session, admins)
    return ProgramView(
        id=program.id,
        name=program.name,
        kind=ProgramKind(program.kind),
        kind_label=ProgramKind(program.kind).label,
        description=program.description,
        enrollment_opens=program.enrollment_opens,
        enrollment_closes=program.enrollment_closes,
        open_now=enrollment_open(program.enrollment_opens, program.enrollment_closes, today),
        invite_only=program.invite_only,
        self_select=program.self_select,
        hours_per_month=program.hours_per_month,
        group_min_size=program.group_min_size,
        group_max_size=program.group_max_size,
        round_every_weeks=program.round_every_weeks,
        rules=json.loads(program.rules),
        rules_version=program.rules_version,
        admins=tuple(admin_people[a] for a in admins if a in admin_people),
        i_admin=admin,
        invited=int(
            session.scalar(select(func.count()).where(t.ProgramInvite.program_id == program_id))
            or 0
        ),
        i_am_invited=me is not None and _invited(session, program_id, me),
        my_enrollments=tuple(mine_views),
        learners=tuple(v for v in views if v.side is Side.LEARNER) if admin else (),
        guides=tuple(v for v in views if v.side is Side.GUIDE) if admin else (),
        runs=tuple(runs),
        matches=tuple(matches),
        groups=tuple(groups) if admin else tuple(my_groups),
        my_groups=tuple(my_groups),
        learners_total=totals.get(Side.LEARNER.value, 0) if admin else 0,
        guides_total=totals.get(Side.GUIDE.value, 0) if admin else 0,
        matches_total=int(matches_total),
    )
