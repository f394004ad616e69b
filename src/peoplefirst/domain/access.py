"""Who a person is to PeopleFirst: roles, ways of signing in, token scopes and the rules
that keep passwords and sign-in attempts honest. Pure: the services store and apply them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from peoplefirst.domain.errors import InvalidInput


class Role(StrEnum):
    """What a person may do beyond their own learning. Employee, guide and manager follow
    from the data (everyone; anyone with guide capacity; anyone with reports); the others are
    granted by a system admin and stored."""

    EMPLOYEE = "employee"
    GUIDE = "guide"
    MANAGER = "manager"
    PROGRAM_ADMIN = "program_admin"
    HR_ANALYST = "hr_analyst"
    SYSTEM_ADMIN = "system_admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.EMPLOYEE: "Employee",
    Role.GUIDE: "Guide",
    Role.MANAGER: "Manager",
    Role.PROGRAM_ADMIN: "Program admin",
    Role.HR_ANALYST: "HR analyst",
    Role.SYSTEM_ADMIN: "System admin",
}

GRANTED_ROLES = (Role.PROGRAM_ADMIN, Role.HR_ANALYST, Role.SYSTEM_ADMIN)


class SignInMethod(StrEnum):
    PASSWORD = "password"
    SSO = "sso"
    DEVELOPMENT = "development"


class Scope(StrEnum):
    """What an API token may do: `read` answers GET requests, `write` also changes things."""

    READ = "read"
    WRITE = "write"


# Sessions and secrets
SESSION_DAYS = 14  # a sign-in lasts this long after the last request
SESSION_TOUCH_MINUTES = 5  # "last seen" is written at most this often
RESET_MINUTES = 60  # a password-reset link works once, within this time

# Throttling: failures per login (one account) and per network address, in a sliding window
THROTTLE_WINDOW = timedelta(minutes=15)
FAILURES_PER_LOGIN = 5
FAILURES_PER_ADDRESS = 30

PASSWORD_MIN = 12
PASSWORD_MAX = 256  # argon2 would take longer; nobody types more


def check_new_password(password: str, *, email: str, field: str = "password") -> None:
    """A password long enough to resist guessing, and not the e-mail address itself."""
    if len(password) < PASSWORD_MIN:
        problem = f"must be at least {PASSWORD_MIN} characters"
    elif len(password) > PASSWORD_MAX:
        problem = f"must be at most {PASSWORD_MAX} characters"
    elif not password.strip():
        problem = "must not be only spaces"
    elif password.strip().lower() == email.strip().lower():
        problem = "must not be your e-mail address"
    else:
        return
    raise InvalidInput(field, problem)


def locked_until(
    failures: Sequence[datetime], *, limit: int, now: datetime, window: timedelta = THROTTLE_WINDOW
) -> datetime | None:
    """When sign-in may be tried again after `limit` failures within `window`, or None.
    The lock lifts when the oldest failure that counts leaves the window."""
    recent = sorted(at for at in failures if now - at < window)
    if len(recent) < limit:
        return None
    return recent[len(recent) - limit] + window


def parse_scopes(text: str, *, field: str = "scopes") -> tuple[Scope, ...]:
    """Scopes from a comma-separated list; `write` implies `read`."""
    words = [w.strip().lower() for w in text.split(",") if w.strip()]
    if not words:
        raise InvalidInput(field, "must name at least one of: read, write")
    unknown = [w for w in words if w not in {s.value for s in Scope}]
    if unknown:
        raise InvalidInput(field, f"unknown scope {unknown[0]!r}; use read or write")
    chosen = {Scope(w) for w in words}
    if Scope.WRITE in chosen:
        chosen.add(Scope.READ)
    return tuple(s for s in Scope if s in chosen)


def expires(now: datetime, *, days: float = 0, minutes: float = 0) -> datetime:
    return now + timedelta(days=days, minutes=minutes)
