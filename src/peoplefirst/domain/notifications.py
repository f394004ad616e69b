"""Notifications and the jobs that deliver them: the words, quiet hours and retry rules.

Pure: the services store and send; this module only decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Topic(StrEnum):
    """A kind of notification; each person chooses their channels per topic."""

    REQUEST_ASKED = "request_asked"
    REQUEST_ANSWERED = "request_answered"
    REQUEST_WAITING = "request_waiting"
    MATCH_PROPOSED = "match_proposed"
    MATCH_ANSWERED = "match_answered"
    MATCH_WAITING = "match_waiting"
    COMMITMENT_DUE = "commitment_due"
    SESSION_OVERDUE = "session_overdue"
    CHECK_IN_DUE = "check_in_due"
    SESSION_INVITE = "session_invite"

    @property
    def label(self) -> str:
        return _TOPIC_LABELS[self]


_TOPIC_LABELS = {
    Topic.REQUEST_ASKED: "A colleague asks you for help",
    Topic.REQUEST_ANSWERED: "Someone accepts or declines your request",
    Topic.REQUEST_WAITING: "A request still waits for your answer",
    Topic.MATCH_PROPOSED: "A program match or group is proposed to you",
    Topic.MATCH_ANSWERED: "The other person accepts or declines your match",
    Topic.MATCH_WAITING: "A match still waits for your answer",
    Topic.COMMITMENT_DUE: "A commitment of yours comes due",
    Topic.SESSION_OVERDUE: "A relationship has gone without a session past its cadence",
    Topic.CHECK_IN_DUE: "A check-in is due",
    Topic.SESSION_INVITE: "A session is planned (with a calendar invite)",
}


class Channel(StrEnum):
    EMAIL = "email"
    CHAT = "chat"

    @property
    def label(self) -> str:
        return "E-mail" if self is Channel.EMAIL else "Chat"


NO_CHANNEL = "none"  # the delivery record of a notification its person chose to get in-app only


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    NOT_SENT = "not_sent"  # on purpose: no channel chosen, no server or address configured
    FAILED = "failed"  # tried up to the limit
    INTERRUPTED = "interrupted"  # the worker stopped while sending: not tried again

    @property
    def label(self) -> str:
        return _DELIVERY_LABELS[self]


_DELIVERY_LABELS = {
    DeliveryState.PENDING: "Waiting to be sent",
    DeliveryState.SENDING: "Sending",
    DeliveryState.SENT: "Sent",
    DeliveryState.NOT_SENT: "Not sent",
    DeliveryState.FAILED: "Failed",
    DeliveryState.INTERRUPTED: "Interrupted",
}


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try: 1, 2, 4, 8… minutes, at most
    an hour."""
    factor: int = 2 ** min(max(attempts - 1, 0), 16)
    return min(FIRST_RETRY * factor, LONGEST_RETRY)


_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_clock(value: str) -> time:
    """A time of day written HH:MM (24-hour); ValueError says what is wrong."""
    match = _CLOCK.match(value.strip())
    if match is None:
        raise ValueError(f"must be a time of day as HH:MM, 00:00 to 23:59, got '{value}'")
    return time(int(match.group(1)), int(match.group(2)))


def zone_of(name: str) -> ZoneInfo:
    """The person's time zone; an unknown name counts as UTC rather than failing a send."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def quiet_until(now: datetime, zone: str, start: time | None, end: time | None) -> datetime | None:
    """When the quiet hours that hold `now` end (in UTC), or None if `now` is outside them.
    Quiet hours may span midnight (22:00 to 07:00); equal start and end mean none."""
    if start is None or end is None or start == end:
        return None
    tz = zone_of(zone)
    local = now.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    ends_on: date
    if start < end:
        if not start <= clock < end:
            return None
        ends_on = local.date()
    else:
        if end <= clock < start:
            return None
        ends_on = local.date() + timedelta(days=1) if clock >= start else local.date()
    return datetime.combine(ends_on, end, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class TopicChoice:
    topic: str
    label: str
    email: bool
    chat: bool


@dataclass(frozen=True, slots=True)
class NotificationSettingsView:
    """A person's choices: where each kind of notification goes, and their quiet hours."""

    email: str
    time_zone: str
    chat_webhook_url: str
    organization_chat: bool  # the organization's chat webhook is used when the person set none
    quiet_start: str  # "HH:MM", or "" for no quiet hours
    quiet_end: str
    choices: list[TopicChoice]


@dataclass(frozen=True, slots=True)
class DeliveryView:
    channel: str
    state: str
    label: str
    detail: str
    at: datetime | None


@dataclass(frozen=True, slots=True)
class NotificationView:
    id: int
    topic: str
    topic_label: str
    subject: str
    body: str
    link: str
    created_at: datetime
    deliver_at: datetime
    deliveries: list[DeliveryView]
    has_invite: bool


@dataclass(frozen=True, slots=True)
class NotificationsPage:
    items: list[NotificationView]


# A person's own chat webhook is an address the server will POST to: only on chat services
# the organization allows, so that nobody can point it at an internal address.
DEFAULT_WEBHOOK_HOSTS = ("hooks.slack.com", "chat.googleapis.com", "*.webhook.office.com")


def webhook_host_allowed(url: str, hosts: Sequence[str]) -> bool:
    """Whether the URL's host is one of `hosts` ("*.example.com": any subdomain of it)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    for allowed in hosts:
        allowed = allowed.strip().lower()
        if allowed.startswith("*."):
            if host.endswith(allowed[1:]) and len(host) > len(allowed) - 1:
                return True
        elif allowed and host == allowed:
            return True
    return False
