"""Named errors raised by the core and the services; the edges translate them in one place."""

from __future__ import annotations

from dataclasses import dataclass


class PeopleFirstError(Exception):
    """Base of every error a user can cause and should read."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(PeopleFirstError):
    status = 404
    title = "Not found"


class PersonNotFound(NotFound):
    title = "Person not found"


class DepartmentNotFound(NotFound):
    title = "Department not found"


class SkillNotFound(NotFound):
    title = "Skill not found"


class KudosNotFound(NotFound):
    title = "Kudos not found"


class InvalidInput(PeopleFirstError):
    """A value a user gave is wrong; `field` names it."""

    status = 422
    title = "Invalid input"

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class CapacityExhausted(PeopleFirstError):
    status = 409
    title = "Capacity exhausted"


class NotPermitted(PeopleFirstError):
    status = 403
    title = "Not permitted"


class NotSignedIn(PeopleFirstError):
    status = 401
    title = "Sign-in required"


class EvidenceNotFound(NotFound):
    title = "Evidence not found"


class OrganizationNotEmpty(PeopleFirstError):
    status = 409
    title = "Organization not empty"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One problem in one row of an imported file; row 0 is the file as a whole."""

    row: int
    field: str
    problem: str
    key: str = ""

    def __str__(self) -> str:
        where = "the file" if self.row == 0 else f"row {self.row}"
        where += f" ({self.key})" if self.key else ""
        return f"{where}, {self.field}: {self.problem}"


class ImportRejected(PeopleFirstError):
    """An import found bad rows and, without --skip-bad-rows, changed nothing."""

    status = 422
    title = "Import rejected"

    def __init__(self, problems: list[RowProblem]) -> None:
        lines = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) found; nothing was changed:\n{lines}{more}")
        self.problems = problems


class RequestNotFound(NotFound):
    title = "Request not found"


class RequestNotOpen(PeopleFirstError):
    """The request has moved on: accepted by someone else, withdrawn, closed."""

    status = 409
    title = "Request no longer open"


class ProgramNotFound(NotFound):
    title = "Program not found"


class RunNotFound(NotFound):
    title = "Match run not found"


class MatchNotFound(NotFound):
    title = "Match not found"


class Conflict(PeopleFirstError):
    """The action no longer fits what is stored: a run already published, a match that
    has moved on, enrollment that has closed."""

    status = 409
    title = "Conflict"


class RelationshipNotFound(NotFound):
    title = "Relationship not found"


class SessionNotFound(NotFound):
    title = "Session not found"


class ReportNotFound(NotFound):
    title = "Report not found"


class SignInRefused(PeopleFirstError):
    """Wrong e-mail or password, an expired link or a revoked token: never which of them."""

    status = 401
    title = "Sign-in refused"


class TooManyAttempts(PeopleFirstError):
    """Too many failed sign-ins or requests in a short time; `retry_after` is in seconds."""

    status = 429
    title = "Too many attempts"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class BackupFailed(PeopleFirstError):
    """A backup or a restore could not finish; what was stored before is unchanged."""

    status = 500
    title = "Backup or restore failed"
