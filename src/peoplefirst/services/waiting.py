"""What waits for someone's answer: proposed program matches and requests for help they
were asked. The navigation shows the counts, so nobody has to go looking."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from peoplefirst.domain.programs import MatchState
from peoplefirst.domain.requests import OfferState
from peoplefirst.storage import tables as t


@dataclass(frozen=True, slots=True)
class Waiting:
    programs: int  # proposed matches they have not accepted or declined yet
    requests: int  # requests they were asked and have not answered


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
    return Waiting(programs=int(matches or 0), requests=int(asked or 0))
