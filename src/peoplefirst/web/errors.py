"""The one place where errors become responses: problem+json for the API, a page otherwise."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from peoplefirst.domain.errors import (
    ImportRejected,
    InvalidInput,
    NotSignedIn,
    PeopleFirstError,
    SignInRefused,
    TooManyAttempts,
)
from peoplefirst.web.deps import signed_in_outside_a_route

PROBLEM_JSON = "application/problem+json"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _problem(request: Request, status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    def respond(request: Request, status: int, title: str, detail: str, **extra: Any) -> Response:
        if _wants_json(request):
            return _problem(request, status, title, detail, **extra)
        context = {
            "status": status,
            "title": title,
            "detail": detail,
            "errors": extra.get("errors", []),
            "me": signed_in_outside_a_route(request) if status != 500 else None,
        }
        return templates.TemplateResponse(request, "error.html", context, status_code=status)

    @app.exception_handler(PeopleFirstError)
    async def domain_error(request: Request, error: PeopleFirstError) -> Response:
        extra: dict[str, Any] = {}
        if isinstance(error, InvalidInput):
            extra["errors"] = [{"field": error.field, "problem": error.problem}]
        if isinstance(error, ImportRejected):
            extra["errors"] = [
                {"row": p.row, "field": p.field, "problem": p.problem, "employee_id": p.key}
                for p in error.problems
            ]
        if (
            isinstance(error, NotSignedIn)
            and not _wants_json(request)
            and request.method == "GET"
            and request.headers.get("HX-Request") != "true"
        ):
            wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/sign-in?{urlencode({'next': wanted})}", 303)
        response = respond(request, error.status, error.title, error.detail, **extra)
        if isinstance(error, TooManyAttempts):
            response.headers["Retry-After"] = str(error.retry_after)
        if isinstance(error, (NotSignedIn, SignInRefused)) and _wants_json(request):
            response.headers["WWW-Authenticate"] = 'Bearer realm="PeopleFirst"'
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        errors = [
            {
                # The first part says where (query, path, body…); a field may be named "body".
                "field": ".".join(str(part) for part in e["loc"][1:] or e["loc"]),
                "in": str(e["loc"][0]) if e["loc"] else "",
                "problem": e["msg"],
            }
            for e in error.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['problem']}" for e in errors)
        return respond(request, 422, "Invalid input", detail, errors=errors)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        title = HTTPStatus(error.status_code).phrase
        detail = error.detail if isinstance(error.detail, str) else title
        response = respond(request, error.status_code, title, detail)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        # The traceback goes to the server log, never to the client.
        return respond(request, 500, "Internal server error", "Something went wrong on our side.")
