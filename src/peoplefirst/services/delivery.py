"""Delivering a stored notification over the channels its person chose: e-mail through
SMTP (with the calendar invite attached, for sessions) and a Slack-compatible chat webhook.

Each channel is sent at most once: it is marked `sending` and committed before the send,
so a worker that dies mid-send leaves `sending` behind, which the next try marks
`interrupted` instead of sending again. Quiet hours hold the whole delivery back.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from peoplefirst.domain.notifications import (
    DEFAULT_WEBHOOK_HOSTS,
    NO_CHANNEL,
    Channel,
    DeliveryState,
    parse_clock,
    quiet_until,
    webhook_host_allowed,
)
from peoplefirst.services.notifications import choice_for
from peoplefirst.settings import Settings
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import unit_of_work

SEND_TIMEOUT_SECONDS = 30
NO_SMTP = "no SMTP server configured"
NO_WEBHOOK = "no chat webhook set (yours or the organization's)"
IN_APP_ONLY = "you chose to see this kind in the app only"
INTERRUPTED = "the worker stopped while sending; not sent again so that it never arrives twice"


class DeliveryFailed(Exception):
    """A channel could not deliver; the job is tried again later."""


@dataclass(frozen=True, slots=True)
class SmtpMailer:
    host: str
    port: int
    user: str = ""
    password: str = ""
    starttls: bool = True

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=SEND_TIMEOUT_SECONDS) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(message)


def post_to_webhook(url: str, text: str) -> None:
    """POST `{"text": …}` as Slack's incoming webhooks (and Mattermost, Rocket.Chat…) take it."""
    request = urllib.request.Request(
        url,
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise DeliveryFailed(f"the chat webhook answered {error.code} {error.reason}") from None
    if not 200 <= status < 300:
        raise DeliveryFailed(f"the chat webhook answered {status}")


@dataclass(frozen=True, slots=True)
class Channels:
    """How this installation sends: the SMTP server (None: e-mail is not sent), the
    organization's chat webhook, and the app's address for links."""

    mailer: SmtpMailer | None
    sender: str
    organization_chat: str
    public_url: str
    webhook_hosts: tuple[str, ...] = DEFAULT_WEBHOOK_HOSTS  # where a person's own may point

    @classmethod
    def from_settings(cls, settings: Settings) -> Channels:
        mailer = (
            SmtpMailer(
                settings.smtp_host,
                settings.smtp_port,
                settings.smtp_user,
                settings.smtp_password,
                settings.smtp_starttls,
            )
            if settings.smtp_host
            else None
        )
        return cls(
            mailer=mailer,
            sender=settings.smtp_from,
            organization_chat=settings.chat_webhook_url,
            public_url=settings.public_url.rstrip("/"),
            webhook_hosts=settings.webhook_hosts,
        )


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What one notification says, read once before sending."""

    id: int
    name: str
    email: str
    subject: str
    body: str
    link: str
    invite: str
    webhook: str
    own_webhook: bool


def email_message(channels: Channels, out: Outgoing) -> EmailMessage:
    message = EmailMessage()
    message["From"] = channels.sender
    message["To"] = formataddr((out.name, out.email))
    message["Subject"] = out.subject
    message["Date"] = formatdate(usegmt=True)
    domain = parseaddr(channels.sender)[1].partition("@")[2] or "peoplefirst.invalid"
    # The same id on every try: a mail server that sees it twice can drop the copy.
    message["Message-ID"] = f"<notification-{out.id}@{domain}>"
    lines = [out.body]
    if out.link:
        lines.append(f"{channels.public_url}{out.link}")
    lines.append(
        f"— PeopleFirst. Choose what you get and when: {channels.public_url}/settings/notifications"
    )
    message.set_content("\n\n".join(lines))
    if out.invite:
        message.add_attachment(
            out.invite.encode(),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": "REQUEST"},
        )
    return message


def chat_text(channels: Channels, out: Outgoing) -> str:
    # The organization's webhook posts where many read: say whom it is for.
    whom = "" if out.own_webhook else f"For {out.name}: "
    link = f"\n{channels.public_url}{out.link}" if out.link else ""
    return f"{whom}*{out.subject}*\n{out.body}{link}"


def _plan(
    session: Session, n: t.Notification, webhook: str, channels: Channels, now: datetime
) -> None:
    """Decide the channels of a notification's first try and record each."""
    email, chat = choice_for(session, n.person_id, n.topic)
    planned: list[tuple[str, DeliveryState, str]] = []
    if email:
        ready = channels.mailer is not None
        planned.append(
            (
                Channel.EMAIL.value,
                DeliveryState.PENDING if ready else DeliveryState.NOT_SENT,
                "" if ready else NO_SMTP,
            )
        )
    if chat:
        planned.append(
            (
                Channel.CHAT.value,
                DeliveryState.PENDING if webhook else DeliveryState.NOT_SENT,
                "" if webhook else NO_WEBHOOK,
            )
        )
    if not planned:
        planned.append((NO_CHANNEL, DeliveryState.NOT_SENT, IN_APP_ONLY))
    session.add_all(
        t.NotificationDelivery(
            notification_id=n.id, channel=channel, state=state.value, detail=detail, updated_at=now
        )
        for channel, state, detail in planned
    )


def _prepare(
    factory: sessionmaker[Session], channels: Channels, notification_id: int, now: datetime
) -> tuple[Outgoing | None, datetime | None]:
    """Read the notification, hold it back in quiet hours, plan or resume its channels."""
    with unit_of_work(factory) as session:
        n = session.get(t.Notification, notification_id)
        person = session.get(t.Person, n.person_id) if n is not None else None
        if n is None or person is None:
            return None, None  # the person left: nothing to deliver
        own = session.get(t.NotificationSetting, person.id)
        if own is not None and own.quiet_start and own.quiet_end:
            held = quiet_until(
                now, person.time_zone, parse_clock(own.quiet_start), parse_clock(own.quiet_end)
            )
            if held is not None:
                n.deliver_at = held
                return None, held
        # a person's own webhook only while its host is still allowed
        mine = own.chat_webhook_url if own else ""
        if mine and not webhook_host_allowed(mine, channels.webhook_hosts):
            mine = ""
        webhook = mine or channels.organization_chat
        deliveries = list(
            session.scalars(
                select(t.NotificationDelivery).where(t.NotificationDelivery.notification_id == n.id)
            )
        )
        if not deliveries:
            _plan(session, n, webhook, channels, now)
        for d in deliveries:
            if d.state == DeliveryState.SENDING.value:
                d.state, d.detail, d.updated_at = DeliveryState.INTERRUPTED.value, INTERRUPTED, now
        return (
            Outgoing(
                id=n.id,
                name=person.name,
                email=person.email,
                subject=n.subject,
                body=n.body,
                link=n.link,
                invite=n.invite,
                webhook=webhook,
                own_webhook=bool(mine),
            ),
            None,
        )


def _mark(
    factory: sessionmaker[Session],
    notification_id: int,
    channel: str,
    *,
    was: DeliveryState,
    to: DeliveryState,
    detail: str,
    now: datetime,
) -> bool:
    d = t.NotificationDelivery
    with unit_of_work(factory) as session:
        result = session.connection().execute(
            update(d)
            .where(d.notification_id == notification_id, d.channel == channel, d.state == was.value)
            .values(state=to.value, detail=detail, updated_at=now)
        )
        return bool(result.rowcount)


def deliver_notification(
    *,
    factory: sessionmaker[Session],
    channels: Channels,
    notification_id: int,
    now: datetime,
    last_try: bool,
) -> datetime | None:
    """Send a notification over each of its pending channels, once each. Returns when to
    try again if quiet hours hold it back; raises DeliveryFailed when a channel failed
    (its delivery stays pending for the next try, or is marked failed on the last)."""
    out, held = _prepare(factory, channels, notification_id, now)
    if out is None:
        return held
    d = t.NotificationDelivery
    with unit_of_work(factory) as session:
        pending = list(
            session.scalars(
                select(d.channel).where(
                    d.notification_id == notification_id, d.state == DeliveryState.PENDING.value
                )
            )
        )
    problems = []
    for channel in sorted(pending):
        if channel == Channel.EMAIL.value and channels.mailer is None:  # settings changed
            _mark(
                factory,
                out.id,
                channel,
                was=DeliveryState.PENDING,
                to=DeliveryState.NOT_SENT,
                detail=NO_SMTP,
                now=now,
            )
            continue
        if not _mark(
            factory,
            out.id,
            channel,
            was=DeliveryState.PENDING,
            to=DeliveryState.SENDING,
            detail="",
            now=now,
        ):
            continue  # another worker has it
        try:
            if channels.mailer is not None and channel == Channel.EMAIL.value:
                channels.mailer.send(email_message(channels, out))
            else:
                post_to_webhook(out.webhook, chat_text(channels, out))
        except (OSError, smtplib.SMTPException, DeliveryFailed) as error:
            problem = str(error) or type(error).__name__
            _mark(
                factory,
                out.id,
                channel,
                was=DeliveryState.SENDING,
                to=DeliveryState.FAILED if last_try else DeliveryState.PENDING,
                detail=problem if last_try else f"{problem}; will try again",
                now=now,
            )
            problems.append(f"{channel}: {problem}")
        else:
            _mark(
                factory,
                out.id,
                channel,
                was=DeliveryState.SENDING,
                to=DeliveryState.SENT,
                detail="",
                now=now,
            )
    if problems:
        raise DeliveryFailed("; ".join(problems))
    return None
