"""The JSON API for keeping expertise current: skill levels, endorsements, evidence."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response, status
from pydantic import AfterValidator, BaseModel, Field

from peoplefirst.domain.recognition import MAX_KUDOS_NOTE, Recognition
from peoplefirst.domain.views import EvidenceView, PersonProfile
from peoplefirst.domain.vocabulary import EvidenceKind
from peoplefirst.services import directory, profile, recognition
from peoplefirst.web.api import Id, problems
from peoplefirst.web.deps import (
    TEXT_CHARACTER,
    RecordId,
    SessionDep,
    ViewerDep,
    no_control_characters,
)

router = APIRouter(prefix="/api/v1", tags=["profiles"])

ERRORS = problems(401, 403, 404, 422)

Text = Annotated[
    str,
    Field(json_schema_extra={"pattern": f"^{TEXT_CHARACTER}*$"}),
    AfterValidator(no_control_characters),
]
# An http(s) address, or nothing.
LINK_PATTERN = "^(https?://[^\\s\\u0000-\\u001f\\u007f-\\u009f/?#]+([/?#][^\\s\\u0000-\\u001f\\u007f-\\u009f]*)?)?$"


class SkillLevelIn(BaseModel):
    level: int = Field(
        ge=1, le=5, description="1 Awareness, 2 Beginner, 3 Practitioner, 4 Advanced, 5 Expert."
    )


class EndorsementIn(BaseModel):
    note: Annotated[Text, Field(max_length=profile.MAX_NOTE)] = ""


class EndorsementCount(BaseModel):
    endorsements: int


class EvidenceIn(BaseModel):
    kind: EvidenceKind
    title: Annotated[Text, Field(min_length=1, max_length=profile.MAX_TITLE)]
    body: Annotated[Text, Field(min_length=1, max_length=profile.MAX_BODY)]
    written_on: date | None = Field(default=None, description="Defaults to today.")
    link: Annotated[str, Field(max_length=profile.MAX_LINK, pattern=LINK_PATTERN)] = ""
    skill_ids: list[Id] = Field(default=[], max_length=profile.MAX_SKILLS_PER_TEXT)
    credited: list[Id] = Field(
        default=[], max_length=profile.MAX_CREDITED, description="Co-authors' person ids."
    )

    def draft(self) -> profile.EvidenceDraft:
        return profile.EvidenceDraft(
            kind=self.kind.value,
            title=self.title,
            body=self.body,
            written_on=self.written_on,
            link=self.link,
            skill_ids=self.skill_ids,
            credited=self.credited,
        )


@router.put(
    "/people/{person_id}/skills/{skill_id}",
    responses=ERRORS,
    summary="State your level in a skill",
)
def put_skill_level(
    person_id: RecordId,
    skill_id: RecordId,
    body: SkillLevelIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> PersonProfile:
    profile.set_skill_level(
        session=session, viewer=viewer, person_id=person_id, skill_id=skill_id, level=body.level
    )
    return directory.view_profile(session=session, person_id=person_id, viewer=viewer)


@router.delete(
    "/people/{person_id}/skills/{skill_id}",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Take a skill off your profile",
)
def delete_skill(
    person_id: RecordId, skill_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> Response:
    profile.remove_skill(session=session, viewer=viewer, person_id=person_id, skill_id=skill_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put(
    "/people/{person_id}/skills/{skill_id}/endorsement",
    responses=ERRORS,
    summary="Endorse a colleague's skill (once per colleague and skill)",
)
def put_endorsement(
    person_id: RecordId,
    skill_id: RecordId,
    body: EndorsementIn,
    session: SessionDep,
    viewer: ViewerDep,
) -> EndorsementCount:
    count = profile.endorse(
        session=session, viewer=viewer, person_id=person_id, skill_id=skill_id, note=body.note
    )
    return EndorsementCount(endorsements=count)


@router.delete(
    "/people/{person_id}/skills/{skill_id}/endorsement",
    responses=ERRORS,
    summary="Withdraw your endorsement",
)
def delete_endorsement(
    person_id: RecordId, skill_id: RecordId, session: SessionDep, viewer: ViewerDep
) -> EndorsementCount:
    count = profile.withdraw_endorsement(
        session=session, viewer=viewer, person_id=person_id, skill_id=skill_id
    )
    return EndorsementCount(endorsements=count)


@router.post(
    "/evidence",
    responses=ERRORS,
    status_code=status.HTTP_201_CREATED,
    summary="Add a text or knowledge asset you wrote or made",
)
def post_evidence(body: EvidenceIn, session: SessionDep, viewer: ViewerDep) -> EvidenceView:
    return profile.add_evidence(session=session, viewer=viewer, draft=body.draft())


@router.get("/evidence/{evidence_id}", responses=ERRORS, summary="One text or knowledge asset")
def get_evidence(evidence_id: RecordId, session: SessionDep) -> EvidenceView:
    return profile.get_evidence(session=session, evidence_id=evidence_id)


@router.put(
    "/evidence/{evidence_id}", responses=ERRORS, summary="Rewrite a text you are credited with"
)
def put_evidence(
    evidence_id: RecordId, body: EvidenceIn, session: SessionDep, viewer: ViewerDep
) -> EvidenceView:
    return profile.update_evidence(
        session=session, viewer=viewer, evidence_id=evidence_id, draft=body.draft()
    )


@router.delete(
    "/evidence/{evidence_id}",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a text you are credited with",
)
def delete_evidence(evidence_id: RecordId, session: SessionDep, viewer: ViewerDep) -> Response:
    profile.remove_evidence(session=session, viewer=viewer, evidence_id=evidence_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


class KudosIn(BaseModel):
    note: Annotated[Text, Field(min_length=1, max_length=MAX_KUDOS_NOTE)]
    skill_id: Id | None = Field(default=None, description="The skill thanked for, if any.")


class KudosCreated(BaseModel):
    id: int


@router.get(
    "/people/{person_id}/recognition",
    responses=ERRORS,
    summary="What a person's help has earned: go-to skills, help given, ratings, kudos",
)
def get_recognition(person_id: RecordId, session: SessionDep, viewer: ViewerDep) -> Recognition:
    return recognition.recognition_of(session=session, viewer=viewer, person_id=person_id)


@router.post(
    "/people/{person_id}/kudos",
    responses=ERRORS,
    status_code=status.HTTP_201_CREATED,
    summary="Thank a colleague, for a skill or for help in general",
)
def post_kudos(
    person_id: RecordId, body: KudosIn, session: SessionDep, viewer: ViewerDep
) -> KudosCreated:
    made = recognition.give_kudos(
        session=session, viewer=viewer, person_id=person_id, note=body.note, skill_id=body.skill_id
    )
    return KudosCreated(id=made)


@router.delete(
    "/kudos/{kudos_id}",
    responses=ERRORS,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Take back kudos you gave",
)
def delete_kudos(kudos_id: RecordId, session: SessionDep, viewer: ViewerDep) -> Response:
    recognition.withdraw_kudos(session=session, viewer=viewer, kudos_id=kudos_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
