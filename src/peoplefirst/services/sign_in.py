"""Signing in and out: browser sessions, local passwords (argon2id) with throttling, and
password-reset links. Tokens are random; only their SHA-256 hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from peoplefirst.domain.access import (
    FAILURES_PER_ADDRESS,
    FAILURES_PER_LOGIN,
    RESET_MINUTES,
    SESSION_DAYS,
    SESSION_TOUCH_MINUTES,
    THROTTLE_WINDOW,
    SignInMethod,
    check_new_password,
    locked_until,
)
from peoplefirst.domain.audit import AuditAction
from peoplefirst.domain.errors import InvalidInput, PersonNotFound, SignInRefused, TooManyAttempts
from peoplefirst.services import audit
from peoplefirst.services.delivery import Channels
from peoplefirst.storage import tables as t

WRONG_PASSWORD = "wrong e-mail or password"
_hasher = PasswordHasher()  # argon2id with the library's current recommended costs
# Checked when the login names nobody, so a refusal takes as long either way.
_UNUSABLE = _hasher.hash(secrets.token_urlsafe(16))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(session_token: str, secret_key: str) -> str:
    """The form token that goes with a sign-in: derived, so nothing more is stored, and
    useless to a site that cannot read our pages."""
    mac = hmac.new(secret_key.encode(), b"csrf:" + session_token.encode(), hashlib.sha256)
    return mac.hexdigest()


@dataclass(frozen=True, slots=True)
class SignedIn:
    person_id: int
    session_id: int
    method: SignInMethod


# -- sessions ------------------------------------------------------------------------------


def start_session(
    session: Session,
    *,
    person_id: int,
    method: SignInMethod,
    now: datetime,
    user_agent: str = "",
    address: str = "",
) -> str:
    """A new signed-in browser for `person_id`; returns the cookie's token."""
    token = new_token()
    session.add(
        t.SignInSession(
            token_hash=token_hash(token),
            person_id=person_id,
            method=method.value,
            started_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(days=SESSION_DAYS),
            user_agent=user_agent[:300],
        )
    )
    audit.record(
        session,
        AuditAction.SIGN_IN,
        actor_id=person_id,
        subject=f"person {person_id}",
        detail={"method": method.value},
        address=address,
        now=now,
    )
    return token


def signed_in(session: Session, token: str | None, *, now: datetime) -> SignedIn | None:
    """Who a cookie's token signs in, or None when it is unknown, ended or expired.
    Each use extends the session (written at most every few minutes)."""
    if not token or len(token) > 100:
        return None
    row = session.scalars(
        select(t.SignInSession).where(t.SignInSession.token_hash == token_hash(token))
    ).first()
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return None
    if now - row.last_seen_at >= timedelta(minutes=SESSION_TOUCH_MINUTES):
        row.last_seen_at = now
        row.expires_at = now + timedelta(days=SESSION_DAYS)
    return SignedIn(person_id=row.person_id, session_id=row.id, method=SignInMethod(row.method))


def end_session(session: Session, token: str | None, *, now: datetime) -> None:
    if not token:
        return
    session.execute(
        update(t.SignInSession)
        .where(t.SignInSession.token_hash == token_hash(token), t.SignInSession.ended_at.is_(None))
        .values(ended_at=now)
    )


def end_every_session(
    session: Session, *, person_id: int, now: datetime, address: str = "", audited: bool = True
) -> int:
    """Sign `person_id` out of every browser; returns how many were signed in."""
    ended = (
        session.connection()
        .execute(
            update(t.SignInSession)
            .where(
                t.SignInSession.person_id == person_id,
                t.SignInSession.ended_at.is_(None),
                t.SignInSession.expires_at > now,
            )
            .values(ended_at=now)
        )
        .rowcount
    )
    if audited:
        audit.record(
            session,
            AuditAction.SIGN_OUT_EVERYWHERE,
            actor_id=person_id,
            subject=f"person {person_id}",
            detail={"sessions": ended},
            address=address,
            now=now,
        )
    return int(ended)


# -- passwords -----------------------------------------------------------------------------


def person_by_login(session: Session, login: str) -> t.Person | None:
    """The person a login names: their e-mail (any case) or their employee id."""
    login = login.strip()
    return session.scalars(
        select(t.Person).where(
            or_(func.lower(t.Person.email) == login.lower(), t.Person.employee_id == login)
        )
    ).first()


def set_password(
    session: Session, *, person_id: int, password: str, now: datetime, address: str = ""
) -> None:
    person = session.get(t.Person, person_id)
    if person is None:
        raise PersonNotFound(f"no person with id {person_id}")
    check_new_password(password, email=person.email)
    account = session.get(t.Account, person_id)
    if account is None:
        account = t.Account(person_id=person_id, password_hash="", password_set_at=now)
        session.add(account)
    account.password_hash = _hasher.hash(password)
    account.password_set_at = now
    audit.record(
        session,
        AuditAction.PASSWORD_SET,
        actor_id=person_id,
        subject=f"person {person_id}",
        address=address,
        now=now,
    )


def _throttle(session: Session, *, login: str, address: str, now: datetime) -> None:
    since = now - THROTTLE_WINDOW
    failures = t.SignInAttempt.succeeded.is_(False), t.SignInAttempt.at > since
    by_login = session.scalars(
        select(t.SignInAttempt.at).where(t.SignInAttempt.login == login, *failures)
    ).all()
    by_address = session.scalars(
        select(t.SignInAttempt.at).where(t.SignInAttempt.address == address, *failures)
    ).all()
    until = max(
        (
            u
            for u in (
                locked_until(by_login, limit=FAILURES_PER_LOGIN, now=now),
                locked_until(by_address, limit=FAILURES_PER_ADDRESS, now=now),
            )
            if u is not None
        ),
        default=None,
    )
    if until is not None:
        wait = max(1, int((until - now).total_seconds()) + 1)
        raise TooManyAttempts(
            f"too many failed sign-ins; try again in {-(-wait // 60)} minute(s)",
            retry_after=wait,
        )


def sign_in_with_password(
    session: Session,
    *,
    login: str,
    password: str,
    now: datetime,
    address: str = "",
    user_agent: str = "",
) -> str:
    """The session token for a right e-mail (or employee id) and password. A refusal never
    says which was wrong; failures are saved even though the caller's transaction ends in
    an error, and too many of them lock the login (and the address) for a while."""
    key = login.strip().lower()[:320]
    if not key:
        raise InvalidInput("login", "enter your e-mail address or employee id")
    if not password:
        raise InvalidInput("password", "enter your password")
    try:
        _throttle(session, login=key, address=address, now=now)
    except TooManyAttempts:
        audit.record(session, AuditAction.SIGN_IN_THROTTLED, actor_id=None, address=address)
        session.commit()
        raise
    person = person_by_login(session, login)
    account = session.get(t.Account, person.id) if person is not None else None
    good = _verify(account.password_hash if account else _UNUSABLE, password[:1024])
    good = good and account is not None and person is not None
    session.add(t.SignInAttempt(login=key, address=address[:64], at=now, succeeded=good))
    if not good or person is None or account is None:
        audit.record(
            session,
            AuditAction.SIGN_IN_FAILED,
            actor_id=person.id if person is not None else None,
            subject=f"person {person.id}" if person is not None else "unknown login",
            address=address,
            now=now,
        )
        session.commit()  # the failure must count even though the caller rolls back
        raise SignInRefused(WRONG_PASSWORD)
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return start_session(
        session,
        person_id=person.id,
        method=SignInMethod.PASSWORD,
        now=now,
        user_agent=user_agent,
        address=address,
    )


def password_matches(account: t.Account, password: str) -> bool:
    return _verify(account.password_hash, password[:1024])


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


# -- password reset ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResetLink:
    person_id: int
    name: str
    email: str
    token: str
    expires_at: datetime


def request_password_reset(
    session: Session, *, login: str, now: datetime, address: str = ""
) -> ResetLink | None:
    """A one-time link for the person `login` names, or None when it names nobody (the
    page says the same either way, so nobody learns who has an account)."""
    person = person_by_login(session, login) if login.strip() else None
    if person is None:
        return None
    token = new_token()
    expires_at = now + timedelta(minutes=RESET_MINUTES)
    session.add(
        t.PasswordReset(
            token_hash=token_hash(token),
            person_id=person.id,
            requested_at=now,
            expires_at=expires_at,
        )
    )
    audit.record(
        session,
        AuditAction.PASSWORD_RESET_REQUESTED,
        actor_id=None,
        subject=f"person {person.id}",
        address=address,
        now=now,
    )
    return ResetLink(person.id, person.name, person.email, token, expires_at)


def reset_password(
    session: Session, *, token: str, password: str, now: datetime, address: str = ""
) -> int:
    """Set a new password with a reset link; the link is spent and every browser signed in
    as the person is signed out. Returns the person's id."""
    reset = session.scalars(
        select(t.PasswordReset)
        .where(t.PasswordReset.token_hash == token_hash(token))
        .with_for_update()
    ).first()
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise SignInRefused("this reset link has expired or was already used; ask for a new one")
    person_id = reset.person_id
    set_password(session, person_id=person_id, password=password, now=now, address=address)
    reset.used_at = now
    end_every_session(session, person_id=person_id, now=now, audited=False)
    audit.record(
        session,
        AuditAction.PASSWORD_RESET,
        actor_id=person_id,
        subject=f"person {person_id}",
        address=address,
        now=now,
    )
    return person_id


def send_reset_link(channels: Channels, link: ResetLink) -> None:
    """E-mail the link now, not through the worker: the token must not wait in a queue."""
    if channels.mailer is None:
        return
    message = EmailMessage()
    message["From"] = channels.sender
    message["To"] = formataddr((link.name, link.email))
    message["Subject"] = "Set your PeopleFirst password"
    message["Date"] = formatdate(localtime=False)
    message.set_content(
        f"Hello {link.name},\n\nSomeone (we hope you) asked to set a new PeopleFirst password "
        f"for {link.email}. Open this link within {RESET_MINUTES} minutes; it works once:\n\n"
        f"{channels.public_url}/password-reset/{link.token}\n\n"
        "If you did not ask, ignore this e-mail: your password stays as it is.\n"
    )
    channels.mailer.send(message)
