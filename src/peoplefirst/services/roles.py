"""Granted roles: a system admin makes someone a program admin, HR analyst or system admin.
Everyone is an employee; guides and managers follow from the data, not from a grant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from peoplefirst.domain.access import GRANTED_ROLES, Role
from peoplefirst.domain.audit import AuditAction
from peoplefirst.domain.errors import Conflict, InvalidInput, PersonNotFound
from peoplefirst.services import audit
from peoplefirst.storage import tables as t


@dataclass(frozen=True, slots=True)
class RoleHolder:
    person_id: int
    name: str
    email: str
    role: Role
    granted_at: datetime


def granted_role(value: str, *, field: str = "role") -> Role:
    known = {r.value for r in GRANTED_ROLES}
    if value not in known:
        raise InvalidInput(field, f"must be one of: {', '.join(sorted(known))}")
    return Role(value)


def roles_of(session: Session, person_id: int) -> frozenset[Role]:
    """The roles a person holds: stored grants, plus manager when someone reports to them."""
    held = {Role.EMPLOYEE}
    held.update(
        Role(r)
        for r in session.scalars(
            select(t.PersonRole.role).where(t.PersonRole.person_id == person_id)
        )
    )
    reports = session.scalar(select(t.Person.id).where(t.Person.manager_id == person_id).limit(1))
    if reports is not None:
        held.add(Role.MANAGER)
    return frozenset(held)


def grant_role(
    session: Session,
    *,
    person_id: int,
    role: Role,
    by: int | None,
    now: datetime,
    address: str = "",
) -> bool:
    """Grant `role`; False when the person already held it."""
    if role not in GRANTED_ROLES:
        raise InvalidInput("role", f"{role.label} follows from the data and is not granted")
    if session.get(t.Person, person_id) is None:
        raise PersonNotFound(f"no person with id {person_id}")
    if session.get(t.PersonRole, (person_id, role.value)) is not None:
        return False
    session.add(t.PersonRole(person_id=person_id, role=role.value, granted_at=now, granted_by=by))
    audit.record(
        session,
        AuditAction.ROLE_GRANTED,
        actor_id=by,
        subject=f"person {person_id}",
        detail={"role": role.value},
        address=address,
        now=now,
    )
    return True


def revoke_role(
    session: Session,
    *,
    person_id: int,
    role: Role,
    by: int | None,
    now: datetime,
    address: str = "",
) -> bool:
    """Take `role` away; False when the person did not hold it. The last system admin
    stays, so the installation can always be administered."""
    if role not in GRANTED_ROLES:
        raise InvalidInput("role", f"{role.label} follows from the data and is not granted")
    if session.get(t.PersonRole, (person_id, role.value)) is None:
        return False
    if role is Role.SYSTEM_ADMIN:
        admins = session.scalars(
            select(t.PersonRole.person_id).where(t.PersonRole.role == Role.SYSTEM_ADMIN.value)
        ).all()
        if list(admins) == [person_id]:
            raise Conflict("this is the last system admin; make someone else one first")
    session.execute(
        delete(t.PersonRole).where(
            t.PersonRole.person_id == person_id, t.PersonRole.role == role.value
        )
    )
    audit.record(
        session,
        AuditAction.ROLE_REVOKED,
        actor_id=by,
        subject=f"person {person_id}",
        detail={"role": role.value},
        address=address,
        now=now,
    )
    return True


def role_holders(session: Session) -> list[RoleHolder]:
    rows = session.execute(
        select(t.PersonRole, t.Person.name, t.Person.email)
        .join(t.Person, t.Person.id == t.PersonRole.person_id)
        .order_by(t.PersonRole.role, t.Person.name)
    ).all()
    return [
        RoleHolder(r.person_id, name, email, Role(r.role), r.granted_at) for r, name, email in rows
    ]
