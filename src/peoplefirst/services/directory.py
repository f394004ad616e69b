"""Browsing the organization: the people directory, profiles, departments, skills."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import InvalidInput
from peoplefirst.domain.policy import Viewer
from peoplefirst.domain.views import (
    DepartmentDetail,
    DepartmentSummary,
    PeoplePage,
    PersonProfile,
    PersonRef,
    SkillCount,
    SkillDetail,
    SkillRef,
    SkillsPage,
)
from peoplefirst.storage import tables as t
from peoplefirst.storage.departments import department_summaries, department_tree
from peoplefirst.storage.people import (
    PeopleFilter,
    get_person,
    person_by_employee_id,
    person_profile,
    person_ref,
    search_people,
)
from peoplefirst.storage.skills import list_skills, skill_detail

MAX_PAGE = 500
FULL_TREE_LIMIT = 1_000  # above this many departments, lists show the upper levels only


def check_page(*, limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput("limit", f"must be between 1 and {MAX_PAGE}, got {limit}")
    if offset < 0:
        raise InvalidInput("offset", f"must be 0 or more, got {offset}")


def find_people(
    *, session: Session, filters: PeopleFilter, limit: int = 50, offset: int = 0
) -> PeoplePage:
    """People matching every given filter, by name."""
    check_page(limit=limit, offset=offset)
    if not 1 <= filters.min_level <= 5:
        raise InvalidInput("min_level", f"must be between 1 and 5, got {filters.min_level}")
    if filters.department_id is not None:
        department_tree(session).get(filters.department_id)
    return search_people(session, filters, limit=limit, offset=offset)


def view_profile(*, session: Session, person_id: int, viewer: Viewer) -> PersonProfile:
    """A person's profile as `viewer` may see it."""
    return person_profile(session, person_id, viewer)


def person_ref_for(
    *, session: Session, person_id: int | None = None, employee_id: str | None = None
) -> PersonRef:
    """Who a person is, found by id or by employee id; PersonNotFound otherwise."""
    if employee_id is not None:
        return person_ref(person_by_employee_id(session, employee_id))
    if person_id is None:
        raise InvalidInput("person_id", "give a person id or an employee id")
    return person_ref(get_person(session, person_id))


def list_departments(
    *, session: Session, max_depth: int | None = None, keep: int | None = None
) -> list[DepartmentSummary]:
    """Departments, parents before children, with head counts.

    `max_depth` (0 = the top) keeps large organizations' lists short; the path down to
    `keep` is listed whatever its depth, so a chosen department stays visible.
    """
    tree = department_tree(session)
    found = department_summaries(session, tree)
    kept = {d.id for d in tree.path(keep)} if keep in tree.departments else set()
    ordered: list[DepartmentSummary] = []
    stack = [(d, 0) for d in reversed(tree.children_of.get(None, []))]
    while stack:
        current, depth = stack.pop()
        if max_depth is not None and depth > max_depth and current not in kept:
            continue
        ordered.append(found[current])
        stack.extend((c, depth + 1) for c in reversed(tree.children_of.get(current, [])))
    return ordered


def time_zones(*, session: Session) -> list[str]:
    """The time zones people work in, for filters."""
    return sorted(session.scalars(select(t.Person.time_zone).distinct()))


def count_departments(*, session: Session) -> int:
    return session.scalar(select(func.count()).select_from(t.Department)) or 0


def top_divisions(departments: list[DepartmentSummary]) -> list[DepartmentSummary]:
    """The top-level units people think in: the company's own divisions when one root holds all."""
    roots = [d for d in departments if d.parent_id is None]
    if len(roots) == 1:
        below = [d for d in departments if d.parent_id == roots[0].id]
        return below or roots
    return roots


def view_department(
    *, session: Session, department_id: int, limit: int = 50, offset: int = 0
) -> DepartmentDetail:
    """A department: where it sits, its teams, its lead, its people and their top skills."""
    check_page(limit=limit, offset=offset)
    tree = department_tree(session)
    tree.get(department_id)
    found = department_summaries(session, tree)
    members = search_people(
        session, PeopleFilter(department_id=department_id), limit=limit, offset=offset
    )
    inside = tree.descendants(department_id)
    # The lead is the most senior person in it; ties go to the longest-serving record.
    lead = session.scalar(
        select(t.Person)
        .where(t.Person.department_id.in_(inside))
        .order_by(t.Person.level.desc(), t.Person.id)
        .limit(1)
    )
    top = session.execute(
        select(t.Skill, func.count())
        .join(t.PersonSkill, t.PersonSkill.skill_id == t.Skill.id)
        .join(t.Person, t.Person.id == t.PersonSkill.person_id)
        .where(t.Person.department_id.in_(inside), t.PersonSkill.level >= 3)
        .group_by(t.Skill.id)
        .order_by(func.count().desc(), t.Skill.name)
        .limit(12)
    ).all()
    return DepartmentDetail(
        department=found[department_id],
        path=tree.path(department_id),
        children=[found[c] for c in tree.children_of.get(department_id, [])],
        lead=person_ref(lead) if lead else None,
        members=members,
        top_skills=[SkillCount(SkillRef(s.id, s.key, s.name), n) for s, n in top],
    )


def find_skills(
    *, session: Session, text: str = "", limit: int = 50, offset: int = 0
) -> SkillsPage:
    """Skills whose name or alias contains `text`, with how many have and want each."""
    check_page(limit=limit, offset=offset)
    return list_skills(session, text=text, limit=limit, offset=offset)


def view_skill(*, session: Session, skill_id: int) -> SkillDetail:
    """Who has a skill at which level, and who wants to learn it."""
    return skill_detail(session, skill_id)
