"""API tokens for scripts and integrations: shown once when made, stored as a hash, scoped
(read, or read and write), revocable, optionally expiring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.access import Scope, parse_scopes
from peoplefirst.domain.audit import AuditAction
from peoplefirst.domain.errors import InvalidInput, NotFound
from peoplefirst.services import audit
from peoplefirst.services.sign_in import new_token, token_hash
from peoplefirst.storage import tables as t

PREFIX = "pf_"  # lets secret scanners and people recognise a PeopleFirst token
NAME_MAX = 100
MAX_DAYS = 3650
TOUCH = timedelta(minutes=5)


class TokenNotFound(NotFound):
    title = "Token not found"


@dataclass(frozen=True, slots=True)
class TokenView:
    id: int
    name: str
    scopes: tuple[Scope, ...]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def scope_text(self) -> str:
        return ", ".join(s.value for s in self.scopes)


@dataclass(frozen=True, slots=True)
class NewToken:
    view: TokenView
    secret: str  # shown once; not stored


@dataclass(frozen=True, slots=True)
class TokenHolder:
    person_id: int
    token_id: int
    scopes: tuple[Scope, ...]


def _view(row: t.ApiToken) -> TokenView:
    return TokenView(
        id=row.id,
        name=row.name,
        scopes=tuple(Scope(s) for s in row.scopes.split(",") if s),
        created_at=row.created_at,
        expires_at=row.expires_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def create_token(
    session: Session,
    *,
    person_id: int,
    name: str,
    scopes: str,
    days: int | None,
    now: datetime,
    address: str = "",
) -> NewToken:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("name", "give the token a name, such as the script that uses it")
    if len(name) > NAME_MAX:
        raise InvalidInput("name", f"must be at most {NAME_MAX} characters")
    chosen = parse_scopes(scopes)
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise InvalidInput("days", f"must be between 1 and {MAX_DAYS}, or empty for no expiry")
    secret = PREFIX + new_token()
    row = t.ApiToken(
        person_id=person_id,
        name=name,
        token_hash=token_hash(secret),
        scopes=",".join(s.value for s in chosen),
        created_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        AuditAction.API_TOKEN_CREATED,
        actor_id=person_id,
        subject=f"token {row.id}",
        detail={"scopes": row.scopes},
        address=address,
        now=now,
    )
    return NewToken(view=_view(row), secret=secret)


def list_tokens(session: Session, *, person_id: int) -> list[TokenView]:
    rows = session.scalars(
        select(t.ApiToken).where(t.ApiToken.person_id == person_id).order_by(t.ApiToken.id.desc())
    )
    return [_view(r) for r in rows]


def revoke_token(
    session: Session, *, person_id: int, token_id: int, now: datetime, address: str = ""
) -> None:
    """Revoke one of your own tokens (someone else's is "not found", not "forbidden")."""
    row = session.get(t.ApiToken, token_id)
    if row is None or row.person_id != person_id:
        raise TokenNotFound(f"you have no token {token_id}")
    if row.revoked_at is None:
        row.revoked_at = now
        audit.record(
            session,
            AuditAction.API_TOKEN_REVOKED,
            actor_id=person_id,
            subject=f"token {token_id}",
            address=address,
            now=now,
        )


def token_holder(session: Session, secret: str, *, now: datetime) -> TokenHolder | None:
    """Whom a presented token acts for, or None when it is unknown, revoked or expired."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    row = session.scalars(
        select(t.ApiToken).where(t.ApiToken.token_hash == token_hash(secret))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at is not None and row.expires_at <= now:
        return None
    if row.last_used_at is None or now - row.last_used_at >= TOUCH:
        row.last_used_at = now
    return TokenHolder(
        person_id=row.person_id,
        token_id=row.id,
        scopes=tuple(Scope(s) for s in row.scopes.split(",") if s),
    )
