"""The JSON API for one's notifications: where each kind goes, quiet hours, and what was sent."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from peoplefirst.domain.notifications import NotificationSettingsView, NotificationsPage
from peoplefirst.services import notifications
from peoplefirst.web.api import problems
from peoplefirst.web.deps import SessionDep, SettingsDep, ViewerDep

router = APIRouter(prefix="/api/v1", tags=["notifications"])
ERRORS = problems(401, 404, 422)


class NotificationSettingsIn(BaseModel):
    """The whole of one's choices; kinds left out of `choices` keep theirs. The service
    checks every value and names the field that is wrong (nothing else is stored)."""

    chat_webhook_url: str = Field(
        default="", max_length=notifications.MAX_WEBHOOK_URL, description="Your own webhook."
    )
    quiet_start: str = Field(default="", max_length=10, description="HH:MM, or empty.")
    quiet_end: str = Field(default="", max_length=10, description="HH:MM, or empty.")
    choices: dict[str, list[str]] = Field(
        default={},
        max_length=50,
        description='Per kind: the channels, e.g. {"request_asked": ["email", "chat"]}; '
        '[] or ["none"] keeps that kind in the app only.',
    )


@router.get("/me/notifications", responses=ERRORS, summary="Your channels per kind and quiet hours")
def get_settings(
    session: SessionDep, viewer: ViewerDep, settings: SettingsDep
) -> NotificationSettingsView:
    return notifications.notification_settings(
        session=session, viewer=viewer, organization_chat_webhook=settings.chat_webhook_url
    )


@router.put("/me/notifications", responses=ERRORS, summary="Choose your channels and quiet hours")
def put_settings(
    body: NotificationSettingsIn, session: SessionDep, viewer: ViewerDep, settings: SettingsDep
) -> NotificationSettingsView:
    return notifications.change_notification_settings(
        session=session,
        viewer=viewer,
        chat_webhook_url=body.chat_webhook_url,
        quiet_start=body.quiet_start,
        quiet_end=body.quiet_end,
        choices=body.choices,
        organization_chat_webhook=settings.chat_webhook_url,
        webhook_hosts=settings.webhook_hosts,
    )


@router.get(
    "/me/notifications/history",
    responses=ERRORS,
    summary="What you were told, newest first, and how each was delivered",
)
def history(session: SessionDep, viewer: ViewerDep) -> NotificationsPage:
    return notifications.list_notifications(session=session, viewer=viewer)
