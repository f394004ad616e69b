"""Server-rendered pages (Jinja2 + htmx). Each route calls one service and renders it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BeforeValidator, Field
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import NotPermitted
from peoplefirst.domain.vocabulary import GuideRole
from peoplefirst.services import availability, directory, experts
from peoplefirst.storage.experts import ExpertFilter
from peoplefirst.storage.people import PeopleFilter
from peoplefirst.web.deps import (
    MAX_ID,
    ExpertIndexDep,
    RecordId,
    SearchText,
    SessionDep,
    SettingsDep,
    SignedInDep,
    ViewerDep,
)
from peoplefirst.web.signin import COOKIE_NAME, sign_person

router = APIRouter(include_in_schema=False)


def _render(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    # The same URL answers a partial to htmx and a page otherwise: caches must tell them apart.
    response.headers["Vary"] = "HX-Request"
    return response


def _is_htmx(request: Request) -> bool:
    """A partial is wanted for htmx swaps, but not when htmx restores history (full page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _blank_is_none(value: object) -> object:
    # A plain GET form sends "department=" for "any department".
    return None if value == "" else value


OptionalId = Annotated[
    Annotated[int, Field(ge=1, le=MAX_ID)] | None, BeforeValidator(_blank_is_none), Query()
]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, me: SignedInDep) -> HTMLResponse:
    departments = directory.list_departments(session=session, max_depth=1)
    people = directory.find_people(session=session, filters=PeopleFilter(), limit=1)
    skills = directory.find_skills(session=session, limit=1)
    return _render(
        request,
        "home.html",
        {
            "me": me,
            "people_total": people.total,
            "skills_total": skills.total,
            "divisions": directory.top_divisions(departments),
            "departments_total": directory.count_departments(session=session),
        },
    )


@router.get("/find", response_class=HTMLResponse)
def find(
    request: Request,
    session: SessionDep,
    index: ExpertIndexDep,
    me: SignedInDep,
    q: Annotated[str, Query(max_length=2000)] = "",
    department: OptionalId = None,
    location: SearchText = "",
    time_zone: SearchText = "",
    language: SearchText = "",
    role: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    filters = ExpertFilter(
        department_id=department,
        location=location,
        time_zone=time_zone,
        language=language,
        role=role,
    )
    found = (
        experts.find_experts(session=session, index=index, need=q, filters=filters)
        if q.strip()
        else None
    )
    context = {
        "me": me,
        "found": found,
        "q": q,
        "department": department,
        "location": location,
        "time_zone": time_zone,
        "time_zones": directory.time_zones(session=session),
        "language": language,
        "role": role,
        "roles": list(GuideRole),
        "departments": directory.list_departments(session=session, max_depth=2, keep=department),
    }
    template = "_find_results.html" if _is_htmx(request) else "find.html"
    return _render(request, template, context)


@router.get("/people", response_class=HTMLResponse)
def people(
    request: Request,
    session: SessionDep,
    me: SignedInDep,
    q: SearchText = "",
    department: OptionalId = None,
    skill: SearchText = "",
    min_level: Annotated[int, Query(ge=1, le=5)] = 1,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    size = request.app.state.settings.page_size
    filters = PeopleFilter(text=q, department_id=department, skill=skill, min_level=min_level)
    found = directory.find_people(
        session=session, filters=filters, limit=size, offset=(page - 1) * size
    )
    context = {
        "me": me,
        "found": found,
        "q": q,
        "department": department,
        "skill": skill,
        "min_level": min_level,
        "page": page,
        "pages": max(1, -(-found.total // size)),
        "departments": directory.list_departments(
            session=session, max_depth=_list_depth(session), keep=department
        ),
    }
    template = "_people_results.html" if _is_htmx(request) else "people.html"
    return _render(request, template, context)


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person(
    request: Request, person_id: RecordId, session: SessionDep, viewer: ViewerDep, me: SignedInDep
) -> HTMLResponse:
    profile = directory.view_profile(session=session, person_id=person_id, viewer=viewer)
    return _render(request, "person.html", {"me": me, "p": profile})


@router.post("/people/{person_id}/availability")
def change_availability(
    person_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    findable: Annotated[bool, Form()] = False,
    away_until: Annotated[date | None, BeforeValidator(_blank_is_none), Form()] = None,
) -> RedirectResponse:
    availability.set_availability(
        session=session,
        viewer=viewer,
        person_id=person_id,
        findable=findable,
        away_until=away_until,
    )
    return RedirectResponse(f"/people/{person_id}#availability", status_code=303)


@router.get("/employees/{employee_id}")
def person_by_employee(employee_id: str, session: SessionDep) -> RedirectResponse:
    found = directory.person_ref_for(session=session, employee_id=employee_id)
    return RedirectResponse(f"/people/{found.id}", status_code=303)


@router.get("/departments", response_class=HTMLResponse)
def departments(request: Request, session: SessionDep, me: SignedInDep) -> HTMLResponse:
    depth = _list_depth(session)
    found = directory.list_departments(session=session, max_depth=depth)
    children: dict[int | None, list[Any]] = {}
    for d in found:
        children.setdefault(d.parent_id, []).append(d)
    return _render(
        request, "departments.html", {"me": me, "children": children, "trimmed": depth is not None}
    )


def _list_depth(session: Session) -> int | None:
    """How deep department lists go: all the way, unless the organization is very large."""
    return None if directory.count_departments(session=session) <= directory.FULL_TREE_LIMIT else 3


@router.get("/departments/{department_id}", response_class=HTMLResponse)
def department(
    request: Request,
    department_id: RecordId,
    session: SessionDep,
    me: SignedInDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    size = request.app.state.settings.page_size
    detail = directory.view_department(
        session=session, department_id=department_id, limit=size, offset=(page - 1) * size
    )
    pages = max(1, -(-detail.members.total // size))
    return _render(
        request, "department.html", {"me": me, "d": detail, "page": page, "pages": pages}
    )


@router.get("/skills", response_class=HTMLResponse)
def skills(
    request: Request,
    session: SessionDep,
    me: SignedInDep,
    q: SearchText = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    size = 100
    found = directory.find_skills(session=session, text=q, limit=size, offset=(page - 1) * size)
    context = {
        "me": me,
        "found": found,
        "q": q,
        "page": page,
        "pages": max(1, -(-found.total // size)),
    }
    template = "_skills_results.html" if _is_htmx(request) else "skills.html"
    return _render(request, template, context)


@router.get("/skills/{skill_id}", response_class=HTMLResponse)
def skill(
    request: Request, skill_id: RecordId, session: SessionDep, me: SignedInDep
) -> HTMLResponse:
    detail = directory.view_skill(session=session, skill_id=skill_id)
    return _render(request, "skill.html", {"me": me, "s": detail})


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    me: SignedInDep,
    q: SearchText = "",
) -> HTMLResponse:
    if not settings.dev_sign_in:
        raise NotPermitted("development sign-in is off (PEOPLEFIRST_DEV_SIGN_IN)")
    found = directory.find_people(session=session, filters=PeopleFilter(text=q), limit=20)
    template = "_sign_in_results.html" if _is_htmx(request) else "sign_in.html"
    return _render(request, template, {"me": me, "found": found, "q": q})


@router.post("/sign-in")
def sign_in(
    session: SessionDep,
    settings: SettingsDep,
    person_id: Annotated[int, Form(ge=1, le=MAX_ID)],
) -> Response:
    if not settings.dev_sign_in:
        raise NotPermitted("development sign-in is off (PEOPLEFIRST_DEV_SIGN_IN)")
    directory.person_ref_for(session=session, person_id=person_id)  # must exist
    response = RedirectResponse(f"/people/{person_id}", status_code=303)
    response.set_cookie(
        COOKIE_NAME,
        sign_person(person_id, settings.secret_key),
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
    )
    return response


@router.post("/sign-out")
def sign_out() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE_NAME)
    return response
