"""The JSON API for who you are, your API tokens, and the system admin's roles and audit
log; and the health check, which is open to the load balancer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text

from peoplefirst.domain.access import Role
from peoplefirst.domain.audit import AuditPage
from peoplefirst.domain.errors import NotPermitted
from peoplefirst.domain.policy import may_grant_roles, may_read_audit_log, signed_in
from peoplefirst.services import api_tokens, audit, roles
from peoplefirst.web.api import Plain, problems
from peoplefirst.web.deps import RecordId, SessionDep, SignedInDep, ViewerDep, client_address

router = APIRouter(prefix="/api/v1", tags=["account"])
health = APIRouter(tags=["operations"])
ERRORS = problems(401, 403, 404, 422)


def _now() -> datetime:
    return datetime.now(UTC)


@health.get("/health", summary="Whether the app and its database answer")
def health_check(session: SessionDep) -> JSONResponse:
    session.execute(text("SELECT 1"))
    return JSONResponse({"status": "ok"})


class Me(BaseModel):
    id: int
    name: str
    email: str
    roles: list[Role]


@router.get("/me", responses=ERRORS, summary="Who you are signed in as, and your roles")
def who_am_i(me: SignedInDep, viewer: ViewerDep) -> Me:
    person_id = signed_in(viewer)
    assert me is not None  # signed_in has refused anonymous viewers
    return Me(id=person_id, name=me.name, email=me.email, roles=sorted(viewer.roles))


class TokenIn(BaseModel):
    name: Plain = Field(max_length=api_tokens.NAME_MAX, description="What uses the token.")
    scopes: list[str] = Field(
        default=["read"], max_length=2, description='"read", or "read" and "write".'
    )
    days: int | None = Field(
        default=None, ge=1, le=api_tokens.MAX_DAYS, description="Expires after; null: never."
    )


class TokenOut(BaseModel):
    id: int
    name: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret, shown this once: send it as `Bearer` token.")


def _token_out(view: api_tokens.TokenView) -> TokenOut:
    return TokenOut(
        id=view.id,
        name=view.name,
        scopes=[s.value for s in view.scopes],
        created_at=view.created_at,
        expires_at=view.expires_at,
        last_used_at=view.last_used_at,
        revoked_at=view.revoked_at,
    )


@router.get("/me/tokens", responses=ERRORS, summary="Your API tokens (never their secrets)")
def list_tokens(session: SessionDep, viewer: ViewerDep) -> list[TokenOut]:
    return [_token_out(v) for v in api_tokens.list_tokens(session, person_id=signed_in(viewer))]


@router.post(
    "/me/tokens", status_code=201, responses=ERRORS, summary="Make an API token for a script"
)
def create_token(
    body: TokenIn, request: Request, session: SessionDep, viewer: ViewerDep
) -> NewTokenOut:
    new = api_tokens.create_token(
        session,
        person_id=signed_in(viewer),
        name=body.name,
        scopes=",".join(body.scopes),
        days=body.days,
        now=_now(),
        address=client_address(request),
    )
    return NewTokenOut(**_token_out(new.view).model_dump(), token=new.secret)


@router.delete(
    "/me/tokens/{token_id}", status_code=204, responses=ERRORS, summary="Revoke an API token"
)
def revoke_token(
    token_id: RecordId, request: Request, session: SessionDep, viewer: ViewerDep
) -> None:
    api_tokens.revoke_token(
        session,
        person_id=signed_in(viewer),
        token_id=token_id,
        now=_now(),
        address=client_address(request),
    )


@router.get("/audit", responses=ERRORS, summary="The audit log, newest first (system admins)")
def read_audit_log(
    session: SessionDep,
    viewer: ViewerDep,
    action: Annotated[str, Query(max_length=48)] = "",
    actor_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> AuditPage:
    if not may_read_audit_log(viewer=viewer):
        raise NotPermitted("the audit log is for system admins")
    return audit.read_log(session=session, action=action, actor_id=actor_id, page=page)


class RoleHolderOut(BaseModel):
    person_id: int
    name: str
    email: str
    role: Role
    granted_at: datetime


@router.get("/roles", responses=ERRORS, summary="Who holds a granted role (system admins)")
def list_role_holders(session: SessionDep, viewer: ViewerDep) -> list[RoleHolderOut]:
    if not may_grant_roles(viewer=viewer):
        raise NotPermitted("roles are granted by system admins")
    return [RoleHolderOut(**vars_of(h)) for h in roles.role_holders(session)]


def vars_of(holder: roles.RoleHolder) -> dict[str, object]:
    return {f: getattr(holder, f) for f in RoleHolderOut.model_fields}


RoleName = Annotated[
    str, Path(max_length=24, description="program_admin, hr_analyst or system_admin")
]


def _change_role(
    change: Callable[..., bool],
    person_id: int,
    role: str,
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
) -> None:
    if not may_grant_roles(viewer=viewer):
        raise NotPermitted("roles are granted by system admins")
    change(
        session,
        person_id=person_id,
        role=roles.granted_role(role),
        by=signed_in(viewer),
        now=_now(),
        address=client_address(request),
    )


@router.put(
    "/people/{person_id}/roles/{role}",
    status_code=204,
    responses=ERRORS,
    summary="Grant a role (system admins)",
)
def grant_role(
    person_id: RecordId, role: RoleName, request: Request, session: SessionDep, viewer: ViewerDep
) -> None:
    _change_role(roles.grant_role, person_id, role, request, session, viewer)


@router.delete(
    "/people/{person_id}/roles/{role}",
    status_code=204,
    responses=ERRORS,
    summary="Take a role away (system admins)",
)
def revoke_role(
    person_id: RecordId, role: RoleName, request: Request, session: SessionDep, viewer: ViewerDep
) -> None:
    _change_role(roles.revoke_role, person_id, role, request, session, viewer)
