"""Server-rendered pages (Jinja2 + htmx). Each route calls one service and renders it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import InvalidInput
from peoplefirst.domain.recognition import GO_TO_RATING, GO_TO_TIMES, MAX_KUDOS_NOTE
from peoplefirst.domain.vocabulary import EvidenceKind, GuideRole
from peoplefirst.services import availability, directory, experts, profile, recognition
from peoplefirst.storage import tables as t
from peoplefirst.storage.experts import ExpertFilter
from peoplefirst.storage.people import PeopleFilter
from peoplefirst.storage.taxonomy import find_skill_ids
from peoplefirst.web.deps import (
    MAX_ID,
    ExpertIndexDep,
    RecordId,
    SearchText,
    SessionDep,
    SignedInDep,
    ViewerDep,
    no_control_characters,
)

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
# Form fields shared by the pages: free text without control characters, a record id, and
# a number where a blank box or a "—" choice means "not given".
FormText = Annotated[str, AfterValidator(no_control_characters)]
FormId = Annotated[int, Field(ge=1, le=MAX_ID)]
OptionalNumber = Annotated[int | None, BeforeValidator(_blank_is_none)]


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
    go_to = (
        recognition.go_to_of(session=session, people=[e.person.id for e in found.items])
        if found is not None and found.items
        else {}
    )
    context = {
        "me": me,
        "found": found,
        "go_to": go_to,
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
    found = directory.view_profile(session=session, person_id=person_id, viewer=viewer)
    limits = {
        "title": profile.MAX_TITLE,
        "body": profile.MAX_BODY,
        "link": profile.MAX_LINK,
        "note": profile.MAX_NOTE,
    }
    context: dict[str, Any] = {"me": me, "p": found, "limits": limits}
    if me is not None and me.id == person_id:
        # The "add a skill" box suggests names; past this many, htmx asks as one types.
        choices = directory.find_skills(session=session, limit=directory.MAX_PAGE)
        context["skill_choices"] = choices.items
        context["more_skills"] = choices.total > len(choices.items)
        context["evidence_kinds"] = list(EvidenceKind)
        context["today"] = date.today()
    elif me is not None:
        context["my_endorsements"] = {
            e.skill.id: e.note for e in found.endorsements if e.endorser.id == me.id
        }
    context["recognition"] = recognition.recognition_of(
        session=session, viewer=viewer, person_id=person_id
    )
    context["my_kudos"] = recognition.kudos_given_by(
        session=session, viewer=viewer, person_id=person_id
    )
    context["kudos_note_limit"] = MAX_KUDOS_NOTE
    context["go_to_times"], context["go_to_rating"] = GO_TO_TIMES, GO_TO_RATING
    return _render(request, "person.html", context)


@router.post("/people/{person_id}/kudos")
def give_kudos(
    person_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    note: Annotated[FormText, Form()] = "",
    skill: Annotated[FormText, Form(max_length=200)] = "",
) -> RedirectResponse:
    named = _skills_named(session, "skill", skill) if skill.strip() else []
    if len(named) > 1:
        raise InvalidInput("skill", "name one skill, or none for help in general")
    recognition.give_kudos(
        session=session,
        viewer=viewer,
        person_id=person_id,
        note=note,
        skill_id=named[0] if named else None,
    )
    return RedirectResponse(f"/people/{person_id}#recognition", status_code=303)


@router.post("/kudos/{kudos_id}/withdraw")
def withdraw_kudos(kudos_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RedirectResponse:
    receiver = recognition.kudos_receiver(session=session, kudos_id=kudos_id)
    recognition.withdraw_kudos(session=session, viewer=viewer, kudos_id=kudos_id)
    return RedirectResponse(f"/people/{receiver}#recognition", status_code=303)


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


# -- keeping one's expertise current, and endorsing colleagues ----------------------------------

Level = Annotated[int, Form()]
SkillName = Annotated[FormText, Form(max_length=200)]
MAX_SKILL_NAMES = 3 * profile.MAX_SKILLS_PER_TEXT  # commas inside names split them in parts


def _skills_called(session: Session, name: str) -> tuple[list[t.Skill], int, bool]:
    """Up to six skills a name, alias or key means, how many in all, and whether they match
    it exactly (rather than by its beginning)."""
    ids = find_skill_ids(session, name)
    found = [s for s in (session.get(t.Skill, i) for i in ids[:6]) if s is not None]
    needle = name.strip().lower()
    exact = bool(found) and needle in {
        found[0].name.lower(),
        found[0].key.lower(),
        *(a.alias.lower() for a in found[0].aliases),
    }
    return found, len(ids), exact


def _skill_named(session: Session, field: str, name: str) -> int:
    """The one skill a typed name, alias or key means; a near miss is named, not guessed."""
    name = name.strip()
    if not name:
        raise InvalidInput(field, "type a skill's name or alias")
    found, count, exact = _skills_called(session, name)
    if exact and count == 1:
        return found[0].id
    more = ", …" if count > len(found) else ""
    if exact:  # the same name twice in the taxonomy: the keys tell them apart
        keys = ", ".join(f"{s.name} ({s.key})" for s in found)
        raise InvalidInput(field, f"'{name}' names {count} skills: {keys}{more}; type the key")
    near = f"; did you mean {', '.join(s.name for s in found)}{more}?" if found else ""
    raise InvalidInput(field, f"no skill is called '{name}'{near}")


def _skills_named(session: Session, field: str, text: str) -> list[int]:
    """Skills from a comma-separated list of names."""
    parts = [part.strip() for part in text.split(",")]
    if sum(1 for part in parts if part) > MAX_SKILL_NAMES:
        raise InvalidInput(field, f"at most {profile.MAX_SKILLS_PER_TEXT} skills")
    ids: list[int] = []
    i = 0
    while i < len(parts):
        if not parts[i]:
            i += 1
            continue
        # A name may hold a comma ("Diversity, equity and inclusion"): try longer readings first.
        for width in (3, 2):
            if i + width <= len(parts) and all(parts[i : i + width]):
                found, count, exact = _skills_called(session, ", ".join(parts[i : i + width]))
                if exact and count == 1:
                    ids.append(found[0].id)
                    i += width
                    break
        else:
            ids.append(_skill_named(session, field, parts[i]))
            i += 1
    return ids


@router.get("/skill-names", response_class=HTMLResponse)
def skill_names(request: Request, session: SessionDep, skill: SearchText = "") -> HTMLResponse:
    """Datalist options for the "add a skill" box of a very large taxonomy."""
    found = directory.find_skills(session=session, text=skill, limit=30)
    return _render(request, "_skill_options.html", {"skills": found.items})


@router.post("/people/{person_id}/skills")
def add_skill(
    person_id: RecordId, session: SessionDep, viewer: ViewerDep, skill: SkillName, level: Level
) -> RedirectResponse:
    skill_id = _skill_named(session, "skill", skill)
    profile.set_skill_level(
        session=session, viewer=viewer, person_id=person_id, skill_id=skill_id, level=level
    )
    return RedirectResponse(f"/people/{person_id}#skill-{skill_id}", status_code=303)


@router.post("/people/{person_id}/skills/{skill_id}")
def change_skill_level(
    person_id: RecordId, skill_id: RecordId, session: SessionDep, viewer: ViewerDep, level: Level
) -> RedirectResponse:
    profile.set_skill_level(
        session=session, viewer=viewer, person_id=person_id, skill_id=skill_id, level=level
    )
    return RedirectResponse(f"/people/{person_id}#skill-{skill_id}", status_code=303)


@router.post("/people/{person_id}/skills/{skill_id}/remove")
def remove_skill(
    person_id: RecordId, skill_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> RedirectResponse:
    profile.remove_skill(session=session, viewer=viewer, person_id=person_id, skill_id=skill_id)
    return RedirectResponse(f"/people/{person_id}#skills", status_code=303)


@router.post("/people/{person_id}/skills/{skill_id}/endorsement")
def endorse(
    person_id: RecordId,
    skill_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    note: Annotated[FormText, Form()] = "",
) -> RedirectResponse:
    profile.endorse(
        session=session, viewer=viewer, person_id=person_id, skill_id=skill_id, note=note
    )
    return RedirectResponse(f"/people/{person_id}#skill-{skill_id}", status_code=303)


@router.post("/people/{person_id}/skills/{skill_id}/endorsement/withdraw")
def withdraw_endorsement(
    person_id: RecordId, skill_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> RedirectResponse:
    profile.withdraw_endorsement(
        session=session, viewer=viewer, person_id=person_id, skill_id=skill_id
    )
    return RedirectResponse(f"/people/{person_id}#skill-{skill_id}", status_code=303)


class EvidenceForm(BaseModel):
    """The evidence form as sent; the service checks the rules and names what is wrong."""

    kind: str = ""
    title: FormText = ""
    body: FormText = ""
    written_on: Annotated[date | None, BeforeValidator(_blank_is_none)] = None
    link: FormText = ""
    skills: FormText = ""  # comma-separated names
    credited: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = []  # co-authors kept on an edit

    def draft(self, session: Session) -> profile.EvidenceDraft:
        return profile.EvidenceDraft(
            kind=self.kind,
            title=self.title,
            body=self.body,
            written_on=self.written_on,
            link=self.link,
            skill_ids=_skills_named(session, "skills", self.skills),
            credited=self.credited,
        )


@router.post("/evidence")
def add_evidence(
    session: SessionDep, viewer: ViewerDep, form: Annotated[EvidenceForm, Form()]
) -> RedirectResponse:
    made = profile.add_evidence(session=session, viewer=viewer, draft=form.draft(session))
    return RedirectResponse(f"/people/{viewer.person_id}#evidence-{made.id}", status_code=303)


@router.post("/evidence/{evidence_id}")
def change_evidence(
    evidence_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[EvidenceForm, Form()],
) -> RedirectResponse:
    profile.update_evidence(
        session=session, viewer=viewer, evidence_id=evidence_id, draft=form.draft(session)
    )
    return RedirectResponse(f"/people/{viewer.person_id}#evidence-{evidence_id}", status_code=303)


@router.post("/evidence/{evidence_id}/remove")
def remove_evidence(
    evidence_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> RedirectResponse:
    profile.remove_evidence(session=session, viewer=viewer, evidence_id=evidence_id)
    return RedirectResponse(f"/people/{viewer.person_id}#evidence", status_code=303)


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
