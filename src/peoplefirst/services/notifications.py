"""Telling people: a notification is stored (the app lists it at once) and its delivery is
queued as a job, both in the caller's transaction, so an action that rolls back tells
nobody. Each person chooses where each kind goes, their chat webhook and quiet hours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import InvalidInput, PersonNotFound
from peoplefirst.domain.notifications import (
    DEFAULT_WEBHOOK_HOSTS,
    NO_CHANNEL,
    Channel,
    DeliveryState,
    DeliveryView,
    NotificationSettingsView,
    NotificationsPage,
    NotificationView,
    Topic,
    TopicChoice,
    parse_clock,
    webhook_host_allowed,
)
from peoplefirst.domain.policy import Viewer, signed_in
from peoplefirst.storage import tables as t
from peoplefirst.storage.jobs import enqueue, insert_once

NOTIFY_JOB = "notify"
MAX_SUBJECT = 300
MAX_WEBHOOK_URL = 500
# Without a stored choice: e-mail yes, chat only once the person asks for it.
DEFAULT_EMAIL = True
DEFAULT_CHAT = False


def notify(
    session: Session,
    *,
    person_id: int,
    topic: Topic,
    subject: str,
    body: str,
    dedupe_key: str,
    now: datetime,
    link: str = "",
    invite: str = "",
) -> int | None:
    """Tell `person_id` once per `dedupe_key`: store the notification and queue its delivery.
    None when this key was used before (the same event, a reminder already given)."""
    notification_id = insert_once(
        session,
        t.Notification,
        {
            "person_id": person_id,
            "topic": topic.value,
            "subject": subject[:MAX_SUBJECT],
            "body": body,
            "link": link,
            "invite": invite,
            "dedupe_key": dedupe_key,
            "created_at": now,
            "deliver_at": now,
        },
    )
    if notification_id is not None:
        enqueue(
            session,
            kind=NOTIFY_JOB,
            dedupe_key=f"{NOTIFY_JOB}:{notification_id}",
            due_at=now,
            now=now,
            payload={"notification_id": notification_id},
        )
    return notification_id


def known_keys(session: Session, keys: Sequence[str]) -> set[str]:
    """Which of these dedupe keys were used already (to skip reminders given before)."""
    found: set[str] = set()
    for at in range(0, len(keys), 500):
        part = list(keys[at : at + 500])
        found.update(
            session.scalars(
                select(t.Notification.dedupe_key).where(t.Notification.dedupe_key.in_(part))
            )
        )
    return found


# -- each person's choices -----------------------------------------------------------------


def choice_for(session: Session, person_id: int, topic: str) -> tuple[bool, bool]:
    """(e-mail, chat) for this person and kind of notification."""
    row = session.get(t.NotificationChoice, (person_id, topic))
    return (row.email, row.chat) if row is not None else (DEFAULT_EMAIL, DEFAULT_CHAT)


def _person(session: Session, viewer: Viewer) -> t.Person:
    me = signed_in(viewer)
    person = session.get(t.Person, me)
    if person is None:
        raise PersonNotFound(f"no person with id {me}")
    return person


def notification_settings(
    *, session: Session, viewer: Viewer, organization_chat_webhook: str = ""
) -> NotificationSettingsView:
    """The signed-in person's channels per kind of notification and their quiet hours."""
    person = _person(session, viewer)
    own = session.get(t.NotificationSetting, person.id)
    stored = {
        c.topic: c
        for c in session.scalars(
            select(t.NotificationChoice).where(t.NotificationChoice.person_id == person.id)
        )
    }
    return NotificationSettingsView(
        email=person.email,
        time_zone=person.time_zone,
        chat_webhook_url=own.chat_webhook_url if own else "",
        organization_chat=bool(organization_chat_webhook),
        quiet_start=(own.quiet_start or "") if own else "",
        quiet_end=(own.quiet_end or "") if own else "",
        choices=[
            TopicChoice(
                topic.value,
                topic.label,
                stored[topic].email if topic in stored else DEFAULT_EMAIL,
                stored[topic].chat if topic in stored else DEFAULT_CHAT,
            )
            for topic in Topic
        ],
    )


def _webhook_url(value: str, hosts: Sequence[str]) -> str:
    value = value.strip()
    if not value:
        return ""
    if len(value) > MAX_WEBHOOK_URL:
        raise InvalidInput("chat_webhook_url", f"must be at most {MAX_WEBHOOK_URL} characters")
    if any(ord(c) <= 32 or 0x7F <= ord(c) <= 0x9F for c in value):
        raise InvalidInput("chat_webhook_url", "must not contain spaces or control characters")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(
            "chat_webhook_url", f"must be an http(s) address such as https://…, got '{value}'"
        )
    if not webhook_host_allowed(value, hosts):
        raise InvalidInput(
            "chat_webhook_url",
            f"must be on a chat service this organization allows ({', '.join(hosts) or 'none'}); "
            "an administrator adds others with PEOPLEFIRST_CHAT_WEBHOOK_HOSTS",
        )
    return value


def _quiet_hours(start: str, end: str) -> tuple[str | None, str | None]:
    start, end = start.strip(), end.strip()
    if not start and not end:
        return None, None
    for field, value in (("quiet_start", start), ("quiet_end", end)):
        if not value:
            other = "end" if field == "quiet_end" else "start"
            raise InvalidInput(field, f"give the {other} of your quiet hours too, or neither")
        try:
            parse_clock(value)
        except ValueError as error:
            raise InvalidInput(field, str(error)) from None
    return start, end


def _channels(topic: str, given: Sequence[str]) -> tuple[bool, bool]:
    field = f"choices.{topic}"
    allowed = [c.value for c in Channel] + [NO_CHANNEL]
    for channel in given:
        if channel not in allowed:
            raise InvalidInput(
                field, f"unknown channel '{channel}': use {', '.join(allowed)} (or an empty list)"
            )
    if NO_CHANNEL in given and len(set(given)) > 1:
        raise InvalidInput(field, f"'{NO_CHANNEL}' cannot go with another channel")
    return Channel.EMAIL.value in given, Channel.CHAT.value in given


def change_notification_settings(
    *,
    session: Session,
    viewer: Viewer,
    chat_webhook_url: str = "",
    quiet_start: str = "",
    quiet_end: str = "",
    choices: Mapping[str, Sequence[str]] | None = None,
    organization_chat_webhook: str = "",
    webhook_hosts: Sequence[str] = DEFAULT_WEBHOOK_HOSTS,
    now: datetime | None = None,
) -> NotificationSettingsView:
    """Replace the person's webhook and quiet hours, and set the channels of the kinds named
    in `choices` (`[]` or `["none"]`: in the app only); kinds not named keep theirs.
    Everything is checked before anything is stored."""
    person = _person(session, viewer)
    now = now or datetime.now(UTC)
    url = _webhook_url(chat_webhook_url, webhook_hosts)
    start, end = _quiet_hours(quiet_start, quiet_end)
    topics = [k.value for k in Topic]
    wanted: dict[str, tuple[bool, bool]] = {}
    for topic, given in (choices or {}).items():
        if topic not in topics:
            raise InvalidInput(
                f"choices.{topic}", f"unknown kind of notification; one of {', '.join(topics)}"
            )
        wanted[topic] = _channels(topic, list(given))
    chat_anywhere = any(
        wanted[topic][1] if topic in wanted else choice_for(session, person.id, topic)[1]
        for topic in topics
    )
    if chat_anywhere and not url and not organization_chat_webhook:
        raise InvalidInput("chat_webhook_url", "set your chat webhook to get notifications in chat")
    own = session.get(t.NotificationSetting, person.id)
    if own is None:
        own = t.NotificationSetting(person_id=person.id, updated_at=now)
        session.add(own)
    own.chat_webhook_url, own.quiet_start, own.quiet_end, own.updated_at = url, start, end, now
    for topic, (email, chat) in wanted.items():
        row = session.get(t.NotificationChoice, (person.id, topic))
        if row is None:
            session.add(
                t.NotificationChoice(person_id=person.id, topic=topic, email=email, chat=chat)
            )
        else:
            row.email, row.chat = email, chat
    session.flush()
    return notification_settings(
        session=session, viewer=viewer, organization_chat_webhook=organization_chat_webhook
    )


# -- what a person was told ----------------------------------------------------------------


def list_notifications(*, session: Session, viewer: Viewer, limit: int = 50) -> NotificationsPage:
    """The signed-in person's notifications, newest first, with how each was delivered."""
    me = signed_in(viewer)
    rows = list(
        session.scalars(
            select(t.Notification)
            .where(t.Notification.person_id == me)
            .order_by(t.Notification.created_at.desc(), t.Notification.id.desc())
            .limit(limit)
        )
    )
    deliveries: dict[int, list[t.NotificationDelivery]] = {}
    for d in session.scalars(
        select(t.NotificationDelivery)
        .where(t.NotificationDelivery.notification_id.in_([n.id for n in rows]))
        .order_by(t.NotificationDelivery.channel)
    ):
        deliveries.setdefault(d.notification_id, []).append(d)
    return NotificationsPage(
        items=[
            NotificationView(
                id=n.id,
                topic=n.topic,
                topic_label=Topic(n.topic).label,
                subject=n.subject,
                body=n.body,
                link=n.link,
                created_at=n.created_at,
                deliver_at=n.deliver_at,
                deliveries=[
                    DeliveryView(
                        d.channel,
                        d.state,
                        DeliveryState(d.state).label,
                        d.detail,
                        d.updated_at,
                    )
                    for d in deliveries.get(n.id, [])
                ],
                has_invite=bool(n.invite),
            )
            for n in rows
        ]
    )
