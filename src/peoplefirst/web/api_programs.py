"""The JSON API for programs: create and configure, enroll, run, publish, answer matches."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field

from peoplefirst.domain.programs import (
    MAX_CHOICES,
    MAX_DESCRIPTION,
    MAX_GOALS,
    MAX_NAME,
    MAX_REASON,
    MAX_STAGE,
    MatchView,
    ProgramKind,
    ProgramSummary,
    ProgramView,
    PublishReport,
    RunView,
    ShortlistEntry,
    Side,
)
from peoplefirst.services import program_runs, programs
from peoplefirst.web.api import TEXT, Id, Plain, problems
from peoplefirst.web.deps import (
    ExpertIndexDep,
    RecordId,
    SessionDep,
    ViewerDep,
)

router = APIRouter(prefix="/api/v1", tags=["programs"])
ERRORS = problems(401, 403, 404, 409, 422)

Method = Literal["optimal", "stable-learner", "stable-guide", "greedy"]


class ProgramIn(BaseModel):
    name: Annotated[Plain, Field(min_length=1, max_length=MAX_NAME, json_schema_extra=TEXT)]
    kind: ProgramKind = ProgramKind.MENTORING
    description: Annotated[Plain, Field(max_length=MAX_DESCRIPTION, json_schema_extra=TEXT)] = ""
    enrollment_opens: date | None = None
    enrollment_closes: date | None = None
    invite_only: bool = False
    self_select: bool = False
    hours_per_month: float = Field(default=2.0, ge=0, le=programs.MAX_HOURS)
    group_min_size: int = Field(default=4, ge=2, le=programs.MAX_GROUP)
    group_max_size: int = Field(default=6, ge=2, le=programs.MAX_GROUP)
    round_every_weeks: int = Field(default=2, ge=1, le=52, description="Recurring intros.")

    def settings(self) -> programs.ProgramSettings:
        return programs.ProgramSettings(
            name=self.name,
            kind=self.kind.value,
            description=self.description,
            enrollment_opens=self.enrollment_opens,
            enrollment_closes=self.enrollment_closes,
            invite_only=self.invite_only,
            self_select=self.self_select,
            hours_per_month=self.hours_per_month,
            group_min_size=self.group_min_size,
            group_max_size=self.group_max_size,
            round_every_weeks=self.round_every_weeks,
        )


class NewProgramIn(ProgramIn):
    rules: dict[str, Any] | None = Field(
        default=None, description="The engine's rules (docs/matching.md); default: the kind's."
    )


class Created(BaseModel):
    id: int


class RulesVersion(BaseModel):
    rules_version: int


class PairIn(BaseModel):
    learner_id: Id
    guide_id: Id
    action: Literal["pin", "forbid", "release"]


class InviteIn(BaseModel):
    department_id: Id | None = None
    min_level: int | None = Field(default=None, ge=1, le=8)
    max_level: int | None = Field(default=None, ge=1, le=8)
    people: list[Annotated[str, Field(max_length=320)]] = Field(
        default=[], max_length=programs.MAX_INVITE_LIST, description="Employee ids or emails."
    )


class Invited(BaseModel):
    invited: int


class EnrollIn(BaseModel):
    side: Side
    person_id: Id | None = Field(default=None, description="Admins only: enroll someone else.")
    skill_ids: list[Id] = Field(default=[], max_length=MAX_GOALS)
    capacity: int = Field(default=1, ge=1, le=20, description="Guides: learners at once here.")
    stage: Annotated[Plain, Field(max_length=MAX_STAGE, json_schema_extra=TEXT)] = ""


class ChooseIn(BaseModel):
    side: Side = Side.LEARNER
    chosen: list[Id] = Field(default=[], max_length=MAX_CHOICES)
    avoid: list[Id] = Field(default=[], max_length=50)


class RunIn(BaseModel):
    method: Method = "optimal"


class ReasonIn(BaseModel):
    reason: Annotated[Plain, Field(max_length=MAX_REASON, json_schema_extra=TEXT)] = ""


@router.get("/programs", responses=ERRORS, summary="Every program, and your part in each")
def list_programs(session: SessionDep, viewer: ViewerDep) -> list[ProgramSummary]:
    return programs.list_programs(session=session, viewer=viewer)


@router.post(
    "/programs",
    responses=ERRORS,
    status_code=status.HTTP_201_CREATED,
    summary="Start a program; you become its admin",
)
def create(body: NewProgramIn, session: SessionDep, viewer: ViewerDep) -> Created:
    program_id = programs.create_program(
        session=session, viewer=viewer, settings=body.settings(), rules=body.rules
    )
    return Created(id=program_id)


@router.get("/programs/{program_id}", responses=ERRORS, summary="A program as you may see it")
def get_program(program_id: RecordId, session: SessionDep, viewer: ViewerDep) -> ProgramView:
    return programs.view_program(session=session, viewer=viewer, program_id=program_id)


@router.put(
    "/programs/{program_id}",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change a program's settings",
)
def update(
    program_id: RecordId, body: ProgramIn, session: SessionDep, viewer: ViewerDep
) -> Response:
    programs.update_program(
        session=session, viewer=viewer, program_id=program_id, settings=body.settings()
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put(
    "/programs/{program_id}/rules", responses=ERRORS, summary="Save a new version of the rules"
)
def set_rules(
    program_id: RecordId, body: dict[str, Any], session: SessionDep, viewer: ViewerDep
) -> RulesVersion:
    version = programs.set_rules(session=session, viewer=viewer, program_id=program_id, rules=body)
    return RulesVersion(rules_version=version)


@router.post(
    "/programs/{program_id}/pairs", responses=ERRORS, summary="Pin, forbid or release a pair"
)
def set_pair(
    program_id: RecordId, body: PairIn, session: SessionDep, viewer: ViewerDep
) -> RulesVersion:
    version = programs.set_pair(
        session=session,
        viewer=viewer,
        program_id=program_id,
        learner_id=body.learner_id,
        guide_id=body.guide_id,
        action=body.action,
    )
    return RulesVersion(rules_version=version)


@router.post("/programs/{program_id}/invites", responses=ERRORS, summary="Invite a cohort")
def invite(program_id: RecordId, body: InviteIn, session: SessionDep, viewer: ViewerDep) -> Invited:
    count = programs.invite(
        session=session,
        viewer=viewer,
        program_id=program_id,
        department_id=body.department_id,
        min_level=body.min_level,
        max_level=body.max_level,
        people=body.people,
    )
    return Invited(invited=count)


@router.post(
    "/programs/{program_id}/admins/{person_id}",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Make someone an admin of the program",
)
def add_admin(
    program_id: RecordId, person_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> None:
    programs.add_admin(session=session, viewer=viewer, program_id=program_id, person_id=person_id)


@router.put(
    "/programs/{program_id}/enrollment",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Enroll as a learner or a guide (again: update it)",
)
def enroll(program_id: RecordId, body: EnrollIn, session: SessionDep, viewer: ViewerDep) -> None:
    programs.enroll(
        session=session,
        viewer=viewer,
        program_id=program_id,
        side=body.side.value,
        person_id=body.person_id,
        skill_ids=body.skill_ids,
        capacity=body.capacity,
        stage=body.stage,
    )


@router.delete(
    "/programs/{program_id}/enrollment/{side}",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Leave the program on one side",
)
def withdraw(program_id: RecordId, side: Side, session: SessionDep, viewer: ViewerDep) -> None:
    programs.withdraw(session=session, viewer=viewer, program_id=program_id, side=side.value)


@router.put(
    "/programs/{program_id}/choices",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Whom you would like to work with, best first, and whom not",
)
def choose(program_id: RecordId, body: ChooseIn, session: SessionDep, viewer: ViewerDep) -> None:
    programs.choose(
        session=session,
        viewer=viewer,
        program_id=program_id,
        side=body.side.value,
        chosen=body.chosen,
        avoid=body.avoid,
    )


@router.get(
    "/programs/{program_id}/shortlist",
    responses=ERRORS,
    summary="Guides to choose from (self-selection, with fair exposure)",
)
def shortlist(
    program_id: RecordId, session: SessionDep, viewer: ViewerDep, index: ExpertIndexDep
) -> list[ShortlistEntry]:
    return program_runs.shortlist(
        session=session, viewer=viewer, program_id=program_id, index=index
    )


@router.post(
    "/programs/{program_id}/runs",
    responses=ERRORS,
    status_code=status.HTTP_201_CREATED,
    summary="Run matching over who is enrolled; a draft until published",
)
def run(
    program_id: RecordId, body: RunIn, session: SessionDep, viewer: ViewerDep, index: ExpertIndexDep
) -> RunView:
    return program_runs.run_match(
        session=session, viewer=viewer, program_id=program_id, method=body.method, index=index
    )


@router.get("/runs/{run_id}", responses=ERRORS, summary="A run: pairs, reasons and figures")
def get_run(run_id: RecordId, session: SessionDep, viewer: ViewerDep) -> RunView:
    return program_runs.view_run(session=session, viewer=viewer, run_id=run_id)


@router.post("/runs/{run_id}/publish", responses=ERRORS, summary="Propose the run's matches")
def publish(run_id: RecordId, session: SessionDep, viewer: ViewerDep) -> PublishReport:
    return program_runs.publish_run(session=session, viewer=viewer, run_id=run_id)


@router.get("/matches", responses=ERRORS, summary="Your program matches")
def my_matches(session: SessionDep, viewer: ViewerDep) -> list[MatchView]:
    return program_runs.my_matches(session=session, viewer=viewer)


@router.post("/matches/{match_id}/accept", responses=ERRORS, summary="Accept a proposed match")
def accept(match_id: RecordId, session: SessionDep, viewer: ViewerDep) -> MatchView:
    return program_runs.answer_match(session=session, viewer=viewer, match_id=match_id, accept=True)


@router.post(
    "/matches/{match_id}/decline", responses=ERRORS, summary="Decline; the learner is re-matched"
)
def decline(
    match_id: RecordId,
    body: ReasonIn,
    session: SessionDep,
    viewer: ViewerDep,
    index: ExpertIndexDep,
) -> MatchView:
    return program_runs.answer_match(
        session=session,
        viewer=viewer,
        match_id=match_id,
        accept=False,
        reason=body.reason,
        index=index,
    )


@router.post(
    "/matches/{match_id}/end", responses=ERRORS, summary="End early; the learner is re-matched"
)
def end(
    match_id: RecordId,
    body: ReasonIn,
    session: SessionDep,
    viewer: ViewerDep,
    index: ExpertIndexDep,
) -> MatchView:
    return program_runs.end_match(
        session=session, viewer=viewer, match_id=match_id, reason=body.reason, index=index
    )


class RoundAnswerIn(BaseModel):
    answer: Literal["met", "missed"]


@router.put(
    "/programs/{program_id}/rounds/{run_id}/answer",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Say whether your intro round's meeting happened",
)
def answer_round(
    program_id: RecordId,
    run_id: RecordId,
    body: RoundAnswerIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> None:
    program_runs.answer_round(
        session=session, viewer=viewer, program_id=program_id, run_id=run_id, answer=body.answer
    )
