"""The "Your data" section of one's own profile: download all of it, or have it deleted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from peoplefirst.domain.personal_data import DELETION_PHRASE
from peoplefirst.services.personal_data import export_personal_data
from peoplefirst.services.personal_data_deletion import delete_personal_data
from peoplefirst.web.api_personal_data import personal_data_download
from peoplefirst.web.deps import RecordId, SessionDep, SettingsDep, ViewerDep
from peoplefirst.web.signin import clear_session_cookie

router = APIRouter(include_in_schema=False)


@router.get("/people/{person_id}/data.json")
def download(person_id: RecordId, session: SessionDep, viewer: ViewerDep) -> Response:
    data = export_personal_data(session=session, viewer=viewer, person_id=person_id)
    return personal_data_download(data, person_id)


@router.post("/people/{person_id}/deletion", response_class=HTMLResponse)
def delete(
    request: Request,
    person_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    settings: SettingsDep,
    confirm: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    report = delete_personal_data(
        session=session, viewer=viewer, person_id=person_id, confirm=confirm
    )
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request, "data_deleted.html", {"me": None, "report": report, "phrase": DELETION_PHRASE}
    )
    clear_session_cookie(response, settings)  # their sign-in sessions are gone too
    return response
