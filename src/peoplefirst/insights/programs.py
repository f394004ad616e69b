"""Program health and requests for help: matches, cadence kept, commitments, check-ins,
time to first help and the skills nobody answered (the organization's expertise gaps)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from peoplefirst.insights.model import MatchState, ProgramMatches, Requests
from peoplefirst.insights.privacy import MIN_GROUP_SIZE, Guarded, guard


@dataclass(frozen=True)
class ProgramHealth:
    """One program's figures. `cadence_kept`: sessions held / sessions due at the agreed
    cadence since each pair started, each pair capped at 1, averaged over started pairs.
    Rates are None when nothing counts towards them."""

    proposed: int
    accepted: int
    declined: int
    active: int
    ended: int
    acceptance_rate: float | None
    cadence_kept: float | None
    commitments_made: int
    commitments_kept: int
    commitments_kept_share: float | None
    check_in_score: float | None


def program_health(
    matches: ProgramMatches, as_of: float, minimum: int = MIN_GROUP_SIZE
) -> list[Guarded[ProgramHealth]]:
    """Per program, guarded by the distinct people (learners and guides) in its matches.
    A match counts as accepted once it was accepted, is active or has ended."""
    found = []
    for p in np.unique(matches.program):
        mine = matches.program == p
        state = matches.state[mine]
        counts = np.bincount(state, minlength=len(MatchState))
        accepted = int(counts[MatchState.ACCEPTED] + counts[MatchState.ACTIVE])
        accepted += int(counts[MatchState.ENDED])
        decided = accepted + int(counts[MatchState.DECLINED])
        started = mine & ~np.isnan(matches.started_day)
        due = np.floor((as_of - matches.started_day[started]) / matches.cadence_days[started])
        held = matches.sessions_held[started]
        kept = np.where(due > 0, np.minimum(held / np.maximum(due, 1), 1.0), 1.0)
        made = int(matches.commitments_made[mine].sum())
        kept_commitments = int(matches.commitments_kept[mine].sum())
        check_ins = int(matches.check_ins[mine].sum())
        people = len(np.union1d(matches.learner[mine], matches.guide[mine]))
        name = matches.program_names[p] if p < len(matches.program_names) else str(p)
        health = ProgramHealth(
            proposed=int(mine.sum()),
            accepted=accepted,
            declined=int(counts[MatchState.DECLINED]),
            active=int(counts[MatchState.ACTIVE]),
            ended=int(counts[MatchState.ENDED]),
            acceptance_rate=accepted / decided if decided else None,
            cadence_kept=float(kept.mean()) if len(kept) else None,
            commitments_made=made,
            commitments_kept=kept_commitments,
            commitments_kept_share=kept_commitments / made if made else None,
            check_in_score=(
                float(matches.check_in_total[mine].sum() / check_ins) if check_ins else None
            ),
        )
        found.append(guard(name, people, health, minimum))
    return found


@dataclass(frozen=True)
class SkillRequests:
    """Requests for one skill: how many, how many nobody answered, and the hours from
    asking to first help (median, 90th percentile) of those answered."""

    requests: int
    unanswered: int
    median_hours: float | None
    p90_hours: float | None

    @property
    def unanswered_share(self) -> float:
        return self.unanswered / self.requests if self.requests else 0.0


def requests_by_skill(
    requests: Requests, minimum: int = MIN_GROUP_SIZE
) -> list[Guarded[SkillRequests]]:
    """Per skill (and "no skill"), guarded by the distinct people who asked; the skills
    with the largest share unanswered first: the organization's expertise gaps."""
    skill = np.where(requests.skill >= 0, requests.skill, -1)
    order = np.lexsort((requests.asker, skill))
    skill_sorted = skill[order]
    bounds = np.flatnonzero(np.r_[True, skill_sorted[1:] != skill_sorted[:-1], True])
    hours = (requests.first_help_day - requests.asked_day) * 24.0
    found: list[tuple[float, int, Guarded[SkillRequests]]] = []
    for start, end in itertools.pairwise(bounds):
        rows = order[start:end]
        waited = hours[rows][~np.isnan(hours[rows])]
        s = int(skill_sorted[start])
        figures = SkillRequests(
            requests=len(rows),
            unanswered=len(rows) - len(waited),
            median_hours=float(np.median(waited)) if len(waited) else None,
            p90_hours=float(np.quantile(waited, 0.9)) if len(waited) else None,
        )
        askers = len(np.unique(requests.asker[rows]))
        name = "no skill" if s < 0 else _name(requests.skill_names, s)
        found.append((-figures.unanswered_share, s, guard(name, askers, figures, minimum)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in found]


def _name(names: tuple[str, ...], code: int) -> str:
    return names[code] if code < len(names) else str(code)


@dataclass(frozen=True)
class RequestTotals:
    """All requests: answered share and hours to first help."""

    requests: int
    unanswered: int
    median_hours: float | None
    p90_hours: float | None


def request_totals(requests: Requests, minimum: int = MIN_GROUP_SIZE) -> Guarded[RequestTotals]:
    """The organization's figures, guarded by the distinct people who asked."""
    hours = (requests.first_help_day - requests.asked_day) * 24.0
    waited = hours[~np.isnan(hours)]
    totals = RequestTotals(
        requests=requests.count,
        unanswered=requests.count - len(waited),
        median_hours=float(np.median(waited)) if len(waited) else None,
        p90_hours=float(np.quantile(waited, 0.9)) if len(waited) else None,
    )
    return guard("all requests", len(np.unique(requests.asker)), totals, minimum)
