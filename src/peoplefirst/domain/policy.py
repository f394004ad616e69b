"""Who may see what. Every permission decision lives here and is tested as a table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from peoplefirst.domain.access import Role
from peoplefirst.domain.errors import NotSignedIn
from peoplefirst.domain.vocabulary import Visibility


@dataclass(frozen=True, slots=True)
class Viewer:
    """The person looking, as far as visibility rules care; `person_id` None is anonymous."""

    person_id: int | None
    department_id: int | None = None
    roles: frozenset[Role] = frozenset()

    @classmethod
    def anonymous(cls) -> Viewer:
        return cls(person_id=None)


def may_see(
    visibility: Visibility | str,
    *,
    viewer: Viewer,
    owner_id: int,
    owner_department_id: int | None,
    owner_manager_chain: tuple[int, ...],
) -> bool:
    """Whether `viewer` may see a statement its owner made with `visibility`."""
    if viewer.person_id is not None and viewer.person_id == owner_id:
        return True
    match Visibility(visibility):
        case Visibility.EVERYONE:
            return True
        case Visibility.DEPARTMENT:
            return viewer.department_id is not None and viewer.department_id == owner_department_id
        case Visibility.MANAGER:
            return viewer.person_id is not None and viewer.person_id in owner_manager_chain
        case Visibility.ONLY_ME:
            return False


def may_change_availability(*, viewer: Viewer, person_id: int) -> bool:
    """Only the person decides whether they are suggested to others, and when they are away."""
    return viewer.person_id is not None and viewer.person_id == person_id


def may_edit_profile(*, viewer: Viewer, person_id: int) -> bool:
    """A person's skills and levels are theirs to state (colleagues endorse instead)."""
    return viewer.person_id is not None and viewer.person_id == person_id


def may_endorse(*, viewer: Viewer, person_id: int) -> bool:
    """Any colleague may vouch for a skill; nobody for their own."""
    return viewer.person_id is not None and viewer.person_id != person_id


def may_edit_evidence(*, viewer: Viewer, credited: Iterable[int]) -> bool:
    """The people credited with a text may change or remove it."""
    return viewer.person_id is not None and viewer.person_id in set(credited)


def may_admin_program(*, viewer: Viewer, admins: Iterable[int]) -> bool:
    """A program's admins run its matches, change its rules and cohort, and publish.
    Whoever creates a program is its first admin (roles for who may create come later)."""
    return viewer.person_id is not None and viewer.person_id in set(admins)


def may_enroll(
    *, viewer: Viewer, person_id: int, invite_only: bool, invited: bool, admin: bool
) -> bool:
    """People enroll themselves; in an invite-only program only the cohort may. An admin
    may enroll someone on their behalf."""
    if viewer.person_id is None:
        return False
    if admin:
        return True
    return viewer.person_id == person_id and (invited or not invite_only)


def may_answer_match(*, viewer: Viewer, learner_id: int, guide_id: int) -> bool:
    """Only the two people matched accept, decline or end their match."""
    return viewer.person_id is not None and viewer.person_id in (learner_id, guide_id)


def may_see_relationship(*, viewer: Viewer, learner_id: int, guide_id: int) -> bool:
    """A relationship, its agreement, sessions, shared notes, commitments and check-ins are
    the two people's alone: not their managers', not a program's admins'."""
    return viewer.person_id is not None and viewer.person_id in (learner_id, guide_id)


def may_see_circle(*, viewer: Viewer, members: Iterable[int]) -> bool:
    """A circle — agreement, sessions, shared notes, everyone's commitments, check-ins — is
    its members' alone, as a relationship is its two people's."""
    return viewer.person_id is not None and viewer.person_id in set(members)


def may_read_reflection(*, viewer: Viewer, author_id: int) -> bool:
    """A private reflection is its author's alone: not the other person's, not an admin's."""
    return viewer.person_id is not None and viewer.person_id == author_id


def may_handle_reports(*, viewer: Viewer, handlers: Iterable[int]) -> bool:
    """A misconduct report goes to the program's admins, or for a relationship outside a
    program to Learning & Development; the person reported never sees it."""
    return viewer.person_id is not None and viewer.person_id in set(handlers)


def may_see_time_given(*, viewer: Viewer, person_id: int, manager_id: int | None) -> bool:
    """Where a guide's offered time goes, channel by channel, is for them and their manager
    to see (so it can be recognized as part of the job), not for everyone."""
    return viewer.person_id is not None and viewer.person_id in (person_id, manager_id)


def may_give_kudos(*, viewer: Viewer, person_id: int) -> bool:
    """Anyone may thank a colleague; nobody themselves."""
    return viewer.person_id is not None and viewer.person_id != person_id


def signed_in(viewer: Viewer) -> int:
    """The viewer's person id; NotSignedIn for an anonymous viewer."""
    if viewer.person_id is None:
        raise NotSignedIn("sign in first")
    return viewer.person_id


def may_read_audit_log(*, viewer: Viewer) -> bool:
    """The audit log names who did what: for system admins only."""
    return viewer.person_id is not None and Role.SYSTEM_ADMIN in viewer.roles


def may_grant_roles(*, viewer: Viewer) -> bool:
    """Only a system admin makes someone a program admin, HR analyst or system admin."""
    return viewer.person_id is not None and Role.SYSTEM_ADMIN in viewer.roles


def may_take_out_personal_data(*, viewer: Viewer, person_id: int) -> bool:
    """A person's export of all their data, and their deletion, are theirs alone to ask
    for in the app (system admins act at the command line)."""
    return viewer.person_id is not None and viewer.person_id == person_id
