"""Single sign-on pages: leaving for the OpenID provider and coming back from it. Open to
people who are not signed in; every failure is a page that names the problem."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from peoplefirst.services import sso
from peoplefirst.settings import Settings
from peoplefirst.web.deps import SessionDep, SettingsDep, client_address, require_form_token
from peoplefirst.web.pages import _render
from peoplefirst.web.pages_account import _signed_in_response, local_path
from peoplefirst.web.signin import _secure

public = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

# Sent back by the browser only to the two addresses below, and only for a while.
FLOW_COOKIE = "peoplefirst_sso"
FLOW_COOKIE_PATH = "/sign-in/sso"


def _provider(request: Request, config: sso.SsoConfig) -> sso.ProviderMetadata:
    """One cache of the provider's discovery document and keys per app (made on first use)."""
    cached: sso.ProviderMetadata | None = getattr(request.app.state, "sso_provider", None)
    if cached is None or cached.issuer != config.issuer:
        cached = sso.ProviderMetadata(config.issuer)
        request.app.state.sso_provider = cached
    return cached


def _to_sign_in(next_page: str) -> Response:
    # Without single sign-on set up, these addresses are just the ordinary sign-in page.
    return RedirectResponse(f"/sign-in?next={quote(local_path(next_page))}", status_code=303)


def _failed(request: Request, settings: Settings, failure: sso.SsoFailed) -> HTMLResponse:
    context = {"me": None, "problem": failure.problem, "status": failure.status}
    response = _render(request, "sso_failed.html", context, status_code=failure.status)
    _forget_flow(response, settings)
    return response


def _forget_flow(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        FLOW_COOKIE, path=FLOW_COOKIE_PATH, httponly=True, samesite="lax", secure=_secure(settings)
    )


@public.get("/sign-in/sso", response_model=None)
def start_single_sign_on(
    request: Request,
    settings: SettingsDep,
    next: Annotated[str, Query(max_length=2000)] = "/",
) -> Response:
    config = sso.SsoConfig.from_settings(settings)
    if config is None:
        return _to_sign_in(next)
    try:
        started = sso.start(
            config, _provider(request, config), next_page=local_path(next), now=datetime.now(UTC)
        )
    except sso.SsoFailed as failure:
        return _failed(request, settings, failure)
    response = RedirectResponse(started.url, status_code=303)
    # Lax, not Strict: it must come back on the provider's redirect, a top-level GET.
    response.set_cookie(
        FLOW_COOKIE,
        started.flow,
        max_age=sso.FLOW_SECONDS,
        path=FLOW_COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=_secure(settings),
    )
    return response


@public.get(sso.CALLBACK_PATH, response_model=None)
def finish_single_sign_on(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    config = sso.SsoConfig.from_settings(settings)
    if config is None:
        return _to_sign_in("/")
    params = {k: v[:4000] for k, v in request.query_params.items()}
    try:
        finished = sso.finish(
            session,
            config,
            _provider(request, config),
            flow_cookie=request.cookies.get(FLOW_COOKIE),
            params=params,
            now=datetime.now(UTC),
            address=client_address(request),
            user_agent=request.headers.get("user-agent", ""),
        )
    except sso.SsoFailed as failure:
        return _failed(request, settings, failure)
    response = _signed_in_response(request, settings, finished.token, finished.next_page)
    _forget_flow(response, settings)  # a flow finishes once
    return response
