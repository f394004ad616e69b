"""What waits for someone's answer: proposed program matches, requests for help they
were asked, and relationships (an invitation, a check-in, feedback). The navigation shows
the counts, so nobody has to go looking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from peoplefirst.domain.programs import MatchState
from peoplefirst.domain.requests import OfferState
from peoplefirst.storage import tables as t
from peoplefirst.storage.relationships import waiting_count


@dataclass(frozen=True, slots=True)
class Waiting:
    programs: int  # proposed matches they have not accepted or declined yet
    requests: int  # requests they were asked and have not answered
    relationships: int = 0  # invitations to answer, check-ins due, feedback to give


def waiting_for(*, session: Session, person_id: int) -> Waiting:
    m = t.ProgramMatch
    matches = session.scalar(
        select(func.count())
        .select_from(m)
        .where(
            m.state == MatchState.PROPOSED.value,
            or_(
                and_(m.learner_id == person_id, m.learner_accepted.is_(False)),
                and_(m.guide_id == person_id, m.guide_accepted.is_(False)),
            ),
        )
    )
    asked = session.scalar(
        select(func.count())
        .select_from(t.RequestOffer)
        .where(
            t.RequestOffer.guide_id == person_id,
            t.RequestOffer.state == OfferState.WAITING.value,
        )
    )
    return Waiting(
        programs=int(matches or 0),
        requests=int(asked or 0),
        relationships=waiting_count(session, person_id, datetime.now(UTC)),
    )
