"""The JSON API for one's own data: download all of it, or have it deleted."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from peoplefirst.domain.personal_data import DELETION_PHRASE
from peoplefirst.domain.policy import signed_in
from peoplefirst.services.personal_data import export_personal_data
from peoplefirst.services.personal_data_deletion import delete_personal_data
from peoplefirst.web.api import problems
from peoplefirst.web.deps import SessionDep, ViewerDep

router = APIRouter(prefix="/api/v1", tags=["your data"])


def personal_data_download(data: dict[str, Any], person_id: int) -> Response:
    """The export as a JSON file download."""
    day = datetime.now(UTC).date().isoformat()
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="peoplefirst-{person_id}-{day}.json"',
            "Cache-Control": "no-store",  # personal data: never kept by a shared cache
        },
    )


@router.get(
    "/me/export",
    responses={200: {"content": {"application/json": {}}}, **problems(401, 403)},
    summary="Download everything stored about you, as one JSON file",
)
def export_mine(session: SessionDep, viewer: ViewerDep) -> Response:
    me = signed_in(viewer)
    data = export_personal_data(session=session, viewer=viewer, person_id=me)
    return personal_data_download(data, me)


class DeletionIn(BaseModel):
    confirm: str = Field(
        max_length=100,
        description=f"Type '{DELETION_PHRASE}': deletion cannot be undone.",
        examples=[DELETION_PHRASE],
    )


class DeletionOut(BaseModel):
    deleted: dict[str, int] = Field(description="Rows deleted, by table.")
    kept: dict[str, int] = Field(
        description="Rows kept for colleagues, attributed to 'A former colleague', by table."
    )
    ended: dict[str, int] = Field(description="Open requests, matches and relationships ended.")
    texts_changed: int = Field(description="Texts that no longer name you.")


@router.post(
    "/me/deletion",
    responses=problems(401, 403, 422),
    summary="Delete your data: yours goes, what colleagues share with you is anonymized",
)
def delete_mine(body: DeletionIn, session: SessionDep, viewer: ViewerDep) -> DeletionOut:
    report = delete_personal_data(
        session=session, viewer=viewer, person_id=signed_in(viewer), confirm=body.confirm
    )
    return DeletionOut(
        deleted=report.deleted,
        kept=report.kept,
        ended=report.ended,
        texts_changed=report.texts_changed,
    )
