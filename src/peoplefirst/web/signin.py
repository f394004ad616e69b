"""Who is asking: a signed cookie naming a person (development sign-in until SSO lands)."""

from __future__ import annotations

import base64
import hashlib
import hmac

COOKIE_NAME = "peoplefirst_person"


def sign_person(person_id: int, secret: str) -> str:
    payload = str(person_id)
    mac = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return f"{payload}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


def read_person(cookie: str | None, secret: str) -> int | None:
    """The person id in a cookie signed with `secret`, or None if absent or forged."""
    if not cookie or "." not in cookie:
        return None
    payload, _, _ = cookie.partition(".")
    if not payload.isdigit():
        return None
    if not hmac.compare_digest(sign_person(int(payload), secret), cookie):
        return None
    return int(payload)
