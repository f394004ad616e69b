"""Signing in and out, passwords, your sign-ins and API tokens, and the system admin's
pages (roles, the audit log). Signing in and password reset are the only pages open to
people who are not signed in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from peoplefirst.domain.access import GRANTED_ROLES, Role, SignInMethod
from peoplefirst.domain.audit import AuditAction
from peoplefirst.domain.errors import InvalidInput, NotPermitted, SignInRefused, TooManyAttempts
from peoplefirst.domain.policy import may_grant_roles, may_read_audit_log, signed_in
from peoplefirst.services import api_tokens, audit, directory, roles, sign_in
from peoplefirst.services.delivery import Channels
from peoplefirst.storage import tables as t
from peoplefirst.storage.people import PeopleFilter
from peoplefirst.web.deps import (
    MAX_ID,
    RecordId,
    SearchText,
    SessionDep,
    SettingsDep,
    SignedInDep,
    ViewerDep,
    client_address,
    require_form_token,
)
from peoplefirst.web.pages import FormText, _is_htmx, _render
from peoplefirst.web.signin import (
    SESSION_COOKIE,
    clear_session_cookie,
    form_token,
    set_session_cookie,
)

# Open to everyone: the forms still carry the browser's own form token.
public = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])
# Everything else here needs a signed-in person (the app adds that to this router).
router = APIRouter(include_in_schema=False)

Password = Annotated[str, Form(max_length=1024)]
ResetToken = Annotated[str, Path(max_length=100)]


def _now() -> datetime:
    return datetime.now(UTC)


def local_path(value: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another site
    (`//evil.example` and `/\\evil.example` are other sites to a browser)."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    if any(c in value for c in "\\\r\n\t") or ":" in value.split("?", 1)[0]:
        return "/"
    return value


def _page(
    request: Request, settings: SettingsDep, template: str, context: dict[str, Any]
) -> HTMLResponse:
    response = _render(request, template, context)
    form_token(request, response, settings)  # sets the pre-sign-in cookie when new
    return response


def _signed_in_response(
    request: Request, settings: SettingsDep, token: str, next_page: str
) -> Response:
    response = RedirectResponse(local_path(next_page), status_code=303)
    set_session_cookie(response, token, settings)
    return response


# -- signing in ----------------------------------------------------------------------------


def _sign_in_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    *,
    q: str = "",
    next_page: str = "/",
    error: str = "",
    login: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    found = (
        directory.find_people(session=session, filters=PeopleFilter(text=q), limit=20)
        if settings.dev_sign_in
        else None
    )
    context = {
        "me": None,
        "found": found,
        "q": q,
        "next": local_path(next_page),
        "error": error,
        "login": login,
    }
    response = _page(request, settings, "sign_in.html", context)
    response.status_code = status_code
    return response


@public.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: SearchText = "",
    next: Annotated[str, Query(max_length=2000)] = "/",
) -> HTMLResponse:
    if settings.dev_sign_in and _is_htmx(request):
        found = directory.find_people(session=session, filters=PeopleFilter(text=q), limit=20)
        context = {"found": found, "q": q, "next": local_path(next)}
        return _page(request, settings, "_sign_in_results.html", context)
    return _sign_in_page(request, session, settings, q=q, next_page=next)


@public.post("/sign-in")
def sign_in_with_password(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    login: Annotated[str, Form(max_length=320)],
    password: Password,
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    try:
        token = sign_in.sign_in_with_password(
            session,
            login=login,
            password=password,
            now=_now(),
            address=client_address(request),
            user_agent=request.headers.get("user-agent", ""),
        )
    except (SignInRefused, TooManyAttempts, InvalidInput) as error:
        # The form again, with what went wrong and the login kept (never the password).
        response = _sign_in_page(
            request,
            session,
            settings,
            next_page=next,
            error=error.detail,
            login=login,
            status_code=error.status,
        )
        if isinstance(error, TooManyAttempts):
            response.headers["Retry-After"] = str(error.retry_after)
        return response
    return _signed_in_response(request, settings, token, next)


@public.post("/sign-in/development")
def sign_in_for_development(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    person_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    if not settings.dev_sign_in:
        raise NotPermitted("development sign-in is off (PEOPLEFIRST_DEV_SIGN_IN)")
    directory.person_ref_for(session=session, person_id=person_id)  # must exist
    token = sign_in.start_session(
        session,
        person_id=person_id,
        method=SignInMethod.DEVELOPMENT,
        now=_now(),
        user_agent=request.headers.get("user-agent", ""),
        address=client_address(request),
    )
    return _signed_in_response(request, settings, token, next or f"/people/{person_id}")


@public.post("/sign-out")
def sign_out(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    sign_in.end_session(session, request.cookies.get(SESSION_COOKIE), now=_now())
    response = RedirectResponse("/sign-in", status_code=303)
    clear_session_cookie(response, settings)
    return response


# -- password reset ------------------------------------------------------------------------


@public.get("/password-reset", response_class=HTMLResponse)
def password_reset_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    context = {"me": None, "sent": False, "can_send": bool(settings.smtp_host)}
    return _page(request, settings, "password_reset.html", context)


@public.post("/password-reset", response_class=HTMLResponse)
def ask_for_password_reset(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    login: Annotated[str, Form(max_length=320)],
) -> HTMLResponse:
    link = sign_in.request_password_reset(
        session, login=login, now=_now(), address=client_address(request)
    )
    channels = Channels.from_settings(settings)
    if link is not None and channels.mailer is not None:
        sign_in.send_reset_link(channels, link)
    context = {"me": None, "sent": True, "can_send": channels.mailer is not None}
    return _page(request, settings, "password_reset.html", context)


@public.get("/password-reset/{token}", response_class=HTMLResponse)
def new_password_page(request: Request, settings: SettingsDep, token: ResetToken) -> HTMLResponse:
    return _page(request, settings, "password_new.html", {"me": None, "token": token})


@public.post("/password-reset/{token}")
def set_new_password(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: ResetToken,
    password: Password,
    again: Password,
) -> Response:
    if password != again:
        raise InvalidInput("again", "the two passwords differ")
    person_id = sign_in.reset_password(
        session, token=token, password=password, now=_now(), address=client_address(request)
    )
    new = sign_in.start_session(
        session,
        person_id=person_id,
        method=SignInMethod.PASSWORD,
        now=_now(),
        user_agent=request.headers.get("user-agent", ""),
        address=client_address(request),
    )
    return _signed_in_response(request, settings, new, "/settings/account?changed=password")


# -- your account --------------------------------------------------------------------------


def _account_context(session: SessionDep, me: t.Person, **extra: object) -> dict[str, object]:
    sessions = session.scalars(
        select(t.SignInSession)
        .where(t.SignInSession.person_id == me.id, t.SignInSession.ended_at.is_(None))
        .order_by(t.SignInSession.last_seen_at.desc())
        .limit(50)
    ).all()
    return {
        "me": me,
        "has_password": session.get(t.Account, me.id) is not None,
        "is_admin": Role.SYSTEM_ADMIN in roles.roles_of(session, me.id),
        "sessions": [s for s in sessions if s.expires_at > _now()],
        "tokens": api_tokens.list_tokens(session, person_id=me.id),
        "new_token": None,
        "changed": "",
        **extra,
    }


def _me(me: t.Person | None) -> t.Person:
    if me is None:  # the router's sign-in check runs first; this keeps the types honest
        raise SignInRefused("sign in first")
    return me


@router.get("/settings/account", response_class=HTMLResponse)
def account_page(
    request: Request,
    session: SessionDep,
    me: SignedInDep,
    changed: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    return _render(request, "account.html", _account_context(session, _me(me), changed=changed))


@router.post("/settings/account/password")
def change_password(
    request: Request,
    session: SessionDep,
    me: SignedInDep,
    password: Password,
    again: Password,
    current: Password = "",
) -> Response:
    person = _me(me)
    if password != again:
        raise InvalidInput("again", "the two passwords differ")
    account = session.get(t.Account, person.id)
    if account is not None and not sign_in.password_matches(account, current):
        raise InvalidInput("current", "is not your current password")
    sign_in.set_password(
        session, person_id=person.id, password=password, now=_now(), address=client_address(request)
    )
    return RedirectResponse("/settings/account?changed=password", status_code=303)


@router.post("/sign-out/everywhere")
def sign_out_everywhere(
    request: Request, session: SessionDep, settings: SettingsDep, me: SignedInDep
) -> Response:
    sign_in.end_every_session(
        session, person_id=_me(me).id, now=_now(), address=client_address(request)
    )
    response = RedirectResponse("/sign-in", status_code=303)
    clear_session_cookie(response, settings)
    return response


@router.post("/settings/account/tokens", response_class=HTMLResponse)
def create_token(
    request: Request,
    session: SessionDep,
    me: SignedInDep,
    name: Annotated[FormText, Form(max_length=200)],
    scopes: Annotated[list[str], Form()],
    days: Annotated[str, Form(max_length=6)] = "",
) -> HTMLResponse:
    person = _me(me)
    if days.strip() and not days.strip().isdigit():
        raise InvalidInput("days", "must be a whole number of days, or empty for no expiry")
    new = api_tokens.create_token(
        session,
        person_id=person.id,
        name=name,
        scopes=",".join(scopes),
        days=int(days) if days.strip() else None,
        now=_now(),
        address=client_address(request),
    )
    # Shown once, on this answer only: the page after a reload no longer has it.
    context = _account_context(session, person, new_token=new)
    return _render(request, "account.html", context, status_code=201)


@router.post("/settings/account/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, session: SessionDep, me: SignedInDep, token_id: RecordId
) -> Response:
    api_tokens.revoke_token(
        session,
        person_id=_me(me).id,
        token_id=token_id,
        now=_now(),
        address=client_address(request),
    )
    return RedirectResponse("/settings/account?changed=token", status_code=303)


# -- system admin --------------------------------------------------------------------------


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    session: SessionDep,
    me: SignedInDep,
    viewer: ViewerDep,
    action: Annotated[str, Query(max_length=48)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    if not may_read_audit_log(viewer=viewer):
        raise NotPermitted("the audit log is for system admins")
    log = audit.read_log(session=session, action=action, page=page)
    context = {"me": me, "log": log, "action": action, "actions": list(AuditAction)}
    return _render(request, "audit.html", context)


@router.get("/admin/roles", response_class=HTMLResponse)
def roles_page(
    request: Request, session: SessionDep, me: SignedInDep, viewer: ViewerDep
) -> HTMLResponse:
    if not may_grant_roles(viewer=viewer):
        raise NotPermitted("roles are granted by system admins")
    context = {"me": me, "holders": roles.role_holders(session), "granted": GRANTED_ROLES}
    return _render(request, "roles.html", context)


@router.post("/admin/roles")
def change_role(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    login: Annotated[str, Form(max_length=320)],
    role: Annotated[str, Form(max_length=24)],
    grant: Annotated[bool, Form()] = True,
) -> Response:
    if not may_grant_roles(viewer=viewer):
        raise NotPermitted("roles are granted by system admins")
    chosen = roles.granted_role(role)
    person = sign_in.person_by_login(session, login)
    if person is None:
        raise InvalidInput("login", "nobody has this e-mail address or employee id")
    change = roles.grant_role if grant else roles.revoke_role
    change(
        session,
        person_id=person.id,
        role=chosen,
        by=signed_in(viewer),
        now=_now(),
        address=client_address(request),
    )
    return RedirectResponse("/admin/roles", status_code=303)
