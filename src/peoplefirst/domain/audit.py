"""What the audit log records: the actions an organization must be able to account for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AuditAction(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_THROTTLED = "sign_in_throttled"
    SIGN_OUT_EVERYWHERE = "sign_out_everywhere"
    SSO_PERSON_CREATED = "sso_person_created"
    PASSWORD_SET = "password_set"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_RESET = "password_reset"
    API_TOKEN_CREATED = "api_token_created"
    API_TOKEN_REVOKED = "api_token_revoked"
    ROLE_GRANTED = "role_granted"
    ROLE_REVOKED = "role_revoked"
    DATA_EXPORTED = "data_exported"
    PERSON_DELETED = "person_deleted"
    MATCHES_PUBLISHED = "matches_published"
    PAIR_PINNED = "pair_pinned"
    PAIR_FORBIDDEN = "pair_forbidden"
    BACKUP = "backup"
    RESTORE = "restore"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor_id: int | None
    actor_name: str  # "" when the actor is unknown or no longer here
    action: str
    subject: str
    detail: str
    address: str


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: tuple[AuditEntry, ...]
    total: int
    page: int
    pages: int
