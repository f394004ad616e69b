"""Pages for one's notifications: what was sent (`/notifications`) and the choices of
channels and quiet hours (`/settings/notifications`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from peoplefirst.domain.notifications import Channel
from peoplefirst.services import notifications
from peoplefirst.web.deps import SessionDep, SettingsDep, SignedInDep, ViewerDep
from peoplefirst.web.pages import _render

router = APIRouter(include_in_schema=False)


@router.get("/notifications", response_class=HTMLResponse)
def my_notifications(
    request: Request, session: SessionDep, viewer: ViewerDep, me: SignedInDep
) -> HTMLResponse:
    found = (
        notifications.list_notifications(session=session, viewer=viewer) if me is not None else None
    )
    return _render(request, "notifications.html", {"me": me, "found": found})


@router.get("/settings/notifications", response_class=HTMLResponse)
def settings_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    settings: SettingsDep,
    saved: bool = False,
) -> HTMLResponse:
    view = (
        notifications.notification_settings(
            session=session, viewer=viewer, organization_chat_webhook=settings.chat_webhook_url
        )
        if me is not None
        else None
    )
    context = {"me": me, "s": view, "saved": saved, "channels": list(Channel)}
    return _render(request, "notification_settings.html", context)


@router.post("/settings/notifications")
async def save_settings(
    request: Request, session: SessionDep, viewer: ViewerDep, settings: SettingsDep
) -> RedirectResponse:
    form = await request.form()

    def text(name: str) -> str:
        value = form.get(name, "")
        return value if isinstance(value, str) else ""

    # Every kind is on the form: one left without a ticked box is in-app only.
    topics = [
        c.topic for c in notifications.notification_settings(session=session, viewer=viewer).choices
    ]
    choices = {
        topic: [v for v in form.getlist(topic) if isinstance(v, str)] or ["none"]
        for topic in topics
    }
    notifications.change_notification_settings(
        session=session,
        viewer=viewer,
        chat_webhook_url=text("chat_webhook_url"),
        quiet_start=text("quiet_start"),
        quiet_end=text("quiet_end"),
        choices=choices,
        organization_chat_webhook=settings.chat_webhook_url,
        webhook_hosts=settings.webhook_hosts,
    )
    return RedirectResponse("/settings/notifications?saved=1", status_code=303)
