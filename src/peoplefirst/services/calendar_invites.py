"""iCalendar (RFC 5545) invitations for relationship sessions, attached to the e-mail so
that calendar programs offer to add them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

SESSION_LENGTH = timedelta(hours=1)  # sessions have a start only; an hour is the usual slot
PRODUCT_ID = "-//PeopleFirst//Learning sessions//EN"


@dataclass(frozen=True, slots=True)
class Attendee:
    name: str
    email: str


def session_invite(
    *,
    session_id: int,
    title: str,
    description: str,
    starts_at: datetime,
    organizer: Attendee,
    attendees: list[Attendee],
    url: str,
    now: datetime,
    domain: str = "peoplefirst",
) -> str:
    """A METHOD:REQUEST calendar with one event; its UID stays the same for the session, so
    a second invite for it updates the calendar entry instead of adding one."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"session-{session_id}@{domain}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", (starts_at + SESSION_LENGTH).astimezone(UTC))
    event.add("summary", title)
    event.add("description", description)
    if url:
        event.add("url", url)
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")
    boss = vCalAddress(f"mailto:{organizer.email}")
    boss.params["cn"] = vText(organizer.name)
    event.add("organizer", boss)
    for person in attendees:
        address = vCalAddress(f"mailto:{person.email}")
        address.params["cn"] = vText(person.name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    text: bytes = calendar.to_ical()
    return text.decode()
