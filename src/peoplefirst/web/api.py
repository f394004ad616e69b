"""The JSON API, version 1. Routes only translate HTTP to service calls."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import AfterValidator, Field

from peoplefirst.domain.views import (
    DepartmentDetail,
    DepartmentSummary,
    ExpertsPage,
    PeoplePage,
    PersonProfile,
    SkillDetail,
    SkillsPage,
)
from peoplefirst.domain.vocabulary import GuideRole
from peoplefirst.services import directory, experts
from peoplefirst.storage.experts import ExpertFilter
from peoplefirst.storage.people import PeopleFilter
from peoplefirst.web.deps import (
    MAX_ID,
    TEXT_CHARACTER,
    ExpertIndexDep,
    RecordId,
    SearchNeed,
    SearchText,
    SessionDep,
    ViewerDep,
    no_control_characters,
)

router = APIRouter(prefix="/api/v1", tags=["directory"])

Limit = Annotated[int, Query(ge=1, le=directory.MAX_PAGE, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="Rows to skip.")]

PROBLEM: dict[str, Any] = {
    "description": "Problem details (RFC 9457)",
    "content": {"application/problem+json": {}},
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The error responses an endpoint documents, each a problem+json body."""
    return {code: PROBLEM for code in codes}


ERRORS = problems(404, 422)
# Free text in JSON bodies: no control characters, and the OpenAPI document says so.
Plain = Annotated[str, AfterValidator(no_control_characters)]
TEXT = {"pattern": f"^{TEXT_CHARACTER}*$"}
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


@router.get("/people", responses=ERRORS, summary="Search the people directory")
def list_people(
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Annotated[SearchText, Query(description="Name, email, title or employee id.")] = "",
    department: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Department id (includes sub-departments)."),
    ] = None,
    skill: Annotated[SearchText, Query(description="Skill name or alias.")] = "",
    min_level: Annotated[int, Query(ge=1, le=5, description="With `skill`: lowest level.")] = 1,
    location: SearchText = "",
    job_family: SearchText = "",
) -> PeoplePage:
    filters = PeopleFilter(
        text=q,
        department_id=department,
        skill=skill,
        min_level=min_level,
        location=location,
        job_family=job_family,
    )
    return directory.find_people(session=session, filters=filters, limit=limit, offset=offset)


@router.get("/people/{person_id}", responses=ERRORS, summary="A person's profile")
def get_person(person_id: RecordId, session: SessionDep, viewer: ViewerDep) -> PersonProfile:
    return directory.view_profile(session=session, person_id=person_id, viewer=viewer)


@router.get("/experts", responses=ERRORS, summary="Who can help with a need", tags=["experts"])
def find_experts(
    session: SessionDep,
    index: ExpertIndexDep,
    q: Annotated[SearchNeed, Query(description="The need, in the learner's own words.")],
    limit: Annotated[int, Query(ge=1, le=experts.MAX_RESULTS)] = 10,
    department: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Only people in this department (and below)."),
    ] = None,
    location: SearchText = "",
    time_zone: Annotated[
        SearchText, Query(description="An IANA time zone such as Europe/Paris.")
    ] = "",
    language: Annotated[SearchText, Query(description="A language code such as en or pt-br.")] = "",
    role: Annotated[GuideRole | None, Query(description="Only people who offer this role.")] = None,
    order: Annotated[
        Literal["balanced", "relevance"],
        Query(description="`balanced` lets free capacity reorder the most relevant people."),
    ] = "balanced",
) -> ExpertsPage:
    filters = ExpertFilter(
        department_id=department,
        location=location,
        time_zone=time_zone,
        language=language,
        role=role.value if role else "",
    )
    return experts.find_experts(
        session=session,
        index=index,
        need=q,
        filters=filters,
        limit=limit,
        balanced=order == "balanced",
    )


@router.get("/skills", responses=ERRORS, summary="The skills taxonomy with counts")
def list_skills(
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Annotated[SearchText, Query(description="Part of a name or alias.")] = "",
) -> SkillsPage:
    return directory.find_skills(session=session, text=q, limit=limit, offset=offset)


@router.get("/skills/{skill_id}", responses=ERRORS, summary="Who has a skill and who wants it")
def get_skill(skill_id: RecordId, session: SessionDep) -> SkillDetail:
    return directory.view_skill(session=session, skill_id=skill_id)


@router.get("/departments", responses=ERRORS, summary="Every department with head counts")
def list_departments(session: SessionDep) -> list[DepartmentSummary]:
    return directory.list_departments(session=session)


@router.get("/departments/{department_id}", responses=ERRORS, summary="One department")
def get_department(
    department_id: RecordId, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> DepartmentDetail:
    return directory.view_department(
        session=session, department_id=department_id, limit=limit, offset=offset
    )
