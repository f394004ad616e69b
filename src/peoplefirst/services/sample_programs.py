"""Sample programs for the sample organization: one of each kind, with people enrolled, so
that an admin in the demo can run, compare and publish matches straight away."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.access import Role
from peoplefirst.domain.policy import Viewer
from peoplefirst.domain.programs import ProgramKind
from peoplefirst.services.programs import ProgramSettings, create_program, enroll
from peoplefirst.services.roles import grant_role
from peoplefirst.storage import tables as t


@dataclass(frozen=True, slots=True)
class SamplePrograms:
    admin_id: int
    programs: int
    enrollments: int


def _sample(rng: random.Random, people: list[int], n: int) -> list[int]:
    return sorted(rng.sample(people, min(n, len(people))))


def add_sample_programs(
    *, session: Session, seed: int = 1, now: datetime | None = None
) -> SamplePrograms | None:
    """Create the sample programs, run by someone in Learning & Development (or the first
    person). Sizes stay demo-sized whatever the organization's size. None when there is
    nobody to enroll."""
    now = now or datetime.now(UTC)
    today = now.date()
    rng = random.Random(seed)
    admin = session.scalar(
        select(t.Person.id)
        .where(t.Person.job_family == "learning-development")
        .order_by(t.Person.id)
        .limit(1)
    ) or session.scalar(select(t.Person.id).order_by(t.Person.id).limit(1))
    if admin is None:
        return None
    # The demo's L&D person also administers the installation (roles, audit log).
    for granted in (Role.PROGRAM_ADMIN, Role.SYSTEM_ADMIN):
        grant_role(session, person_id=admin, role=granted, by=None, now=now, address="sample")
    viewer = Viewer(admin)
    with_goals = sorted(
        set(
            session.scalars(
                select(t.LearningGoal.person_id).where(
                    t.LearningGoal.status == "open",
                    t.LearningGoal.skill_id.is_not(None),
                    t.LearningGoal.person_id != admin,
                )
            )
        )
    )
    offers: dict[str, list[tuple[int, int]]] = {}
    for person, role, max_people in session.execute(
        select(t.GuideOffer.person_id, t.GuideOffer.role, t.GuideOffer.max_people)
        .where(t.GuideOffer.person_id != admin)
        .order_by(t.GuideOffer.person_id)
    ):
        offers.setdefault(role, []).append((person, max(1, min(max_people, 3))))
    levels = dict(session.execute(select(t.Person.id, t.Person.level)).all())
    managers = sorted(
        {m for m in session.scalars(select(t.Person.manager_id)) if m is not None} - {admin}
    )
    newest = list(
        session.scalars(
            select(t.Person.id)
            .where(t.Person.hire_date.is_not(None), t.Person.id != admin)
            .order_by(t.Person.hire_date.desc(), t.Person.id)
            .limit(40)
        )
    )
    veterans = [
        p
        for p in session.scalars(
            select(t.Person.id)
            .where(t.Person.hire_date <= today - timedelta(days=3 * 365), t.Person.id != admin)
            .order_by(t.Person.id)
        )
    ]
    enrolled = 0

    def program(name: str, kind: ProgramKind, description: str, self_select: bool = False) -> int:
        settings = ProgramSettings(
            name=name,
            kind=kind.value,
            description=description,
            enrollment_opens=today - timedelta(days=14),
            enrollment_closes=today + timedelta(days=30),
            self_select=self_select,
        )
        return create_program(session=session, viewer=viewer, settings=settings, now=now)

    def learners(program_id: int, people: list[int], stage: str = "") -> None:
        nonlocal enrolled
        for p in people:
            enroll(
                session=session,
                viewer=viewer,
                program_id=program_id,
                side="learner",
                person_id=p,
                stage=stage,
                now=now,
            )
            enrolled += 1

    def guides(program_id: int, people: list[tuple[int, int]]) -> None:
        nonlocal enrolled
        for p, capacity in people:
            enroll(
                session=session,
                viewer=viewer,
                program_id=program_id,
                side="guide",
                person_id=p,
                capacity=capacity,
                now=now,
            )
            enrolled += 1

    def some(role: str, n: int) -> list[tuple[int, int]]:
        pool = offers.get(role, [])
        return [pool[i] for i in sorted(rng.sample(range(len(pool)), min(n, len(pool))))]

    mentoring = program(
        "Career mentoring",
        ProgramKind.MENTORING,
        "A mentor from outside your reporting line for the next six months, chosen for the "
        "skills you want to grow. Pick up to three mentors you would like; the match weighs "
        "everyone's choices at once.",
        self_select=True,
    )
    learners(mentoring, _sample(rng, [p for p in with_goals if levels.get(p, 3) <= 5], 120))
    guides(mentoring, some("mentor", 60))

    coaching = program(
        "Skills coaching",
        ProgramKind.COACHING,
        "Six coaching sessions on one skill with a colleague who coaches it.",
    )
    learners(coaching, _sample(rng, with_goals, 50))
    guides(coaching, some("coach", 25))

    peers = program(
        "Peer learning partners",
        ProgramKind.PEER_PARTNERS,
        "Learn alongside someone at your level who is working on the same thing.",
    )
    learners(peers, _sample(rng, with_goals, 60))
    guides(peers, some("peer_partner", 40))

    buddies = program(
        "Onboarding buddies",
        ProgramKind.ONBOARDING_BUDDY,
        "Every new joiner gets a buddy who has been here a while, in a nearby time zone.",
    )
    learners(buddies, newest[:30])
    guides(buddies, [(p, 1) for p in _sample(rng, [v for v in veterans if v not in newest], 40)])

    reverse = program(
        "Reverse mentoring",
        ProgramKind.REVERSE_MENTORING,
        "Senior leaders learn from junior colleagues: new tools, new ways of working.",
    )
    learners(
        reverse, _sample(rng, [p for p, level in levels.items() if level >= 6 and p != admin], 15)
    )
    juniors = [p for p, level in levels.items() if level <= 3 and p != admin]
    guides(reverse, [(p, 1) for p in _sample(rng, juniors, 25)])

    circles = program(
        "Leadership circles",
        ProgramKind.PEER_CIRCLES,
        "Circles of five managers from different departments who meet monthly.",
    )
    chosen = _sample(rng, managers, 40)
    learners(circles, [p for p in chosen if levels.get(p, 3) <= 4], "new manager")
    learners(circles, [p for p in chosen if levels.get(p, 3) > 4], "experienced manager")

    event = program(
        "After the Data Summit",
        ProgramKind.POST_EVENT_GROUPS,
        "Follow-up groups for the summit's attendees, by what they want to try next.",
    )
    learners(event, _sample(rng, with_goals, 30))

    roulette = program(
        "Coffee roulette",
        ProgramKind.PEER_INTROS,
        "Every two weeks, meet a colleague you have not met yet, from anywhere in the company.",
    )
    everyone = sorted(levels)
    learners(roulette, _sample(rng, [p for p in everyone if p != admin], 40))
    session.flush()
    count = session.scalar(select(func.count()).select_from(t.Program)) or 0
    return SamplePrograms(admin, int(count), enrolled)
