"""The browser's side of signing in: the session cookie, the form token that goes with it,
and the checks that keep other sites from acting with a signed-in browser (CSRF)."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request, Response

from peoplefirst.domain.errors import NotPermitted
from peoplefirst.services.sign_in import csrf_token
from peoplefirst.settings import Settings

SESSION_COOKIE = "peoplefirst_session"
# Before sign-in there is no session to derive the form token from: a random one is kept
# in this cookie and must come back with the form (double submit).
FORM_COOKIE = "peoplefirst_form"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _secure(settings: Settings) -> bool:
    return settings.public_url.startswith("https://") or settings.environment == "production"


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    # Lax: a link from another site still arrives signed in, a form post from one does not.
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=_secure(settings)
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=_secure(settings))


def form_token(request: Request, response: Response | None, settings: Settings) -> str:
    """The token a page's forms carry: derived from the sign-in session, or before sign-in
    the random one in FORM_COOKIE (set on `response` when the browser has none yet)."""
    session_token = request.cookies.get(SESSION_COOKIE)
    if session_token:
        return csrf_token(session_token, settings.secret_key)
    current = request.cookies.get(FORM_COOKIE) or getattr(request.state, "new_form_cookie", None)
    if not current:
        current = secrets.token_urlsafe(24)
        request.state.new_form_cookie = current
    if response is not None and request.cookies.get(FORM_COOKIE) != current:
        response.set_cookie(
            FORM_COOKIE, current, httponly=True, samesite="strict", secure=_secure(settings)
        )
    return csrf_token(current, settings.secret_key)


def same_origin(request: Request, settings: Settings) -> bool:
    """Whether a browser says the request comes from one of our own pages (or says nothing,
    as scripts and old browsers do)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    ours = {urlsplit(settings.public_url).netloc, request.headers.get("host", "")}
    return urlsplit(origin).netloc in ours


async def check_form_token(request: Request, settings: Settings) -> None:
    """Refuse a state-changing request from a browser unless it carries the form token of
    its own cookie, in the form or the X-CSRF-Token header (htmx sends the header)."""
    if request.method not in UNSAFE_METHODS:
        return
    if request.headers.get("authorization"):
        return  # API tokens are never sent by a browser on its own
    if not same_origin(request, settings):
        raise NotPermitted("this form was sent from another site")
    cookie = request.cookies.get(SESSION_COOKIE) or request.cookies.get(FORM_COOKIE)
    if not cookie:
        raise NotPermitted("this form has expired; reload the page and try again")
    expected = csrf_token(cookie, settings.secret_key)
    given = request.headers.get(CSRF_HEADER, "")
    if not given and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD, "")
        given = value if isinstance(value, str) else ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise NotPermitted("this form has expired; reload the page and try again")
