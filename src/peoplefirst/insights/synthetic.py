"""Realistic learning activity for any number of people, deterministic for a seed, built
with numpy so that a million people take seconds: departments of teams under managers,
offices, levels, hire dates; heavy-tailed helpers (a few people are asked by many), most
help within the department, some across; recency; a few hidden experts (excellent, rarely
asked) rising stars (their help grows lately) and closed teams (they learn only
among themselves); requests, program matches and an
onboarding cohort. For benchmarks, tests and the demo's history."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peoplefirst.insights.model import (
    Floats,
    Ints,
    LearningEvents,
    MatchState,
    OnboardingCohort,
    People,
    ProgramMatches,
    Requests,
    TieKind,
)

AS_OF = 20_454.0  # 2026-01-01
LOCATIONS = (
    "Lisbon",
    "London",
    "Berlin",
    "Warsaw",
    "New York",
    "Austin",
    "San Francisco",
    "Bengaluru",
    "Singapore",
    "Tokyo",
)
PROGRAMS = (
    "Career mentoring",
    "Coaching",
    "Peer partners",
    "Onboarding buddies",
    "Reverse mentoring",
)
SKILLS_PER_DEPARTMENT = 6
TEAM_SIZE = 7


@dataclass(frozen=True)
class Activity:
    """A synthetic organization's people and a year of what they did, up to `as_of`.
    `capacity` is minutes a week each person offers (0: none); `evidence` the strength of
    what each wrote down (knowledge assets, documents), 0 for most."""

    people: People
    events: LearningEvents
    capacity: Floats
    evidence: Floats
    requests: Requests
    matches: ProgramMatches
    onboarding: OnboardingCohort
    as_of: float
    hidden_experts: Ints
    rising_stars: Ints
    closed_teams: Ints


def departments_for(people: int) -> int:
    """Departments grow with the square root of the headcount (8 at 1,000, 500 at 1M)."""
    return max(2, min(people // 4, round(float(np.sqrt(people)) / 2)))


def synthetic_activity(
    people: int, *, seed: int = 1, events_per_person: float = 5.0, as_of: float = AS_OF
) -> Activity:
    """One year of activity for `people` people."""
    rng = np.random.default_rng(seed)
    crowd = _people(people, rng, as_of)
    n = people
    d_count = len(crowd.department_names)
    skills = d_count * SKILLS_PER_DEPARTMENT
    # Heavy tail: how often each person is asked follows a Pareto law; a few are hubs.
    appeal = rng.pareto(1.3, size=n) + 0.05
    appeal *= 1.0 + 0.15 * (crowd.level - 1)
    hidden = rng.choice(n, size=max(1, n // 500), replace=False)
    appeal[hidden] = 0.02
    rising = rng.choice(np.setdiff1d(np.arange(n), hidden), size=max(1, n // 500), replace=False)
    appeal[rising] = np.maximum(appeal[rising], np.quantile(appeal, 0.9))
    # A few teams learn only among themselves (and nobody else asks them).
    team_of = np.where(crowd.manager >= 0, crowd.manager, -1)
    closed_managers = rng.choice(np.unique(team_of[team_of >= 0]), size=max(1, n // 2000))
    closed = np.isin(team_of, closed_managers)
    appeal[closed] = 1e-6
    quality = np.clip(rng.normal(4.1, 0.45, size=n), 1.0, 5.0)
    quality[hidden] = 4.9

    m = int(n * events_per_person)
    learner = rng.integers(0, n, size=m)
    place = rng.random(m)
    target = crowd.department[learner].copy()
    cross = place >= 0.8  # one in five ties crosses departments
    target[cross] = rng.integers(0, d_count, size=int(cross.sum()))
    helper = _draw_within(crowd.department, appeal, target, rng)
    # A hidden expert gets the odd question from their own team.
    asks_hidden = rng.random(m) < 0.0004
    helper[asks_hidden] = rng.choice(hidden, size=int(asks_hidden.sum()))
    inward = closed[learner]
    first_mate = _first_teammate(crowd, learner[inward])
    helper[inward] = first_mate + rng.integers(0, TEAM_SIZE, size=int(inward.sum()))
    helper[inward] = np.where(
        team_of[helper[inward]] == team_of[learner[inward]], helper[inward], first_mate
    )
    same = helper == learner
    helper[same] = (helper[same] + 1) % n

    kind = rng.choice(
        [TieKind.HELPED, TieKind.MENTORED, TieKind.COACHED, TieKind.ENDORSED],
        size=m,
        p=[0.55, 0.15, 0.1, 0.2],
    ).astype(np.int64)
    # Activity grows over the year; a rising star's help bunches up in the last months.
    day = as_of - 365.0 * (1.0 - np.sqrt(rng.random(m)))
    lately = np.isin(helper, rising)
    day[lately] = as_of - 120.0 * rng.random(int(lately.sum()))
    minutes = np.where(
        kind == TieKind.ENDORSED, 0.0, np.round(rng.lognormal(3.2, 0.7, size=m) / 5) * 5 + 5
    )
    rated = (kind != TieKind.ENDORSED) & (rng.random(m) < 0.6)
    rating = np.where(rated, np.clip(np.round(rng.normal(quality[helper], 0.6)), 1, 5), 0).astype(
        np.int64
    )
    home = crowd.department[helper] * SKILLS_PER_DEPARTMENT
    skill = home + rng.integers(0, SKILLS_PER_DEPARTMENT, size=m)
    events = LearningEvents(
        helper=helper,
        learner=learner,
        kind=kind,
        day=day,
        minutes=minutes.astype(np.float64),
        rating=rating,
        skill=skill.astype(np.int64),
        skill_names=tuple(f"skill-{i}" for i in range(skills)),
    )
    offers = rng.random(n) < 0.12 + 0.5 * (appeal > np.quantile(appeal, 0.95))
    capacity = np.where(offers, rng.choice([30.0, 60.0, 90.0, 120.0, 240.0], size=n), 0.0)
    evidence = np.where(rng.random(n) < 0.1, rng.exponential(1.0, size=n), 0.0)
    evidence[hidden] = 6.0
    return Activity(
        people=crowd,
        events=events,
        capacity=capacity,
        evidence=evidence,
        requests=_requests(crowd, appeal, skills, rng, as_of),
        matches=_matches(n, rng, as_of),
        onboarding=_onboarding(crowd, rng, as_of),
        as_of=as_of,
        hidden_experts=np.sort(hidden).astype(np.int64),
        rising_stars=np.sort(rising).astype(np.int64),
        closed_teams=np.sort(closed_managers).astype(np.int64),
    )


def _people(n: int, rng: np.random.Generator, as_of: float) -> People:
    d_count = departments_for(n)
    # Department sizes vary; people are laid out department by department.
    share = rng.dirichlet(np.full(d_count, 2.0))
    department = np.sort(rng.choice(d_count, size=n, p=share)).astype(np.int64)
    starts = np.searchsorted(department, np.arange(d_count))
    position = np.arange(n) - starts[department]
    # Each department is a tree of teams: position p reports to position (p - 1) // TEAM_SIZE.
    manager = np.where(position > 0, starts[department] + (position - 1) // TEAM_SIZE, -1)
    depth = np.zeros(n, dtype=np.int64)
    up = manager.copy()
    while (up >= 0).any():
        depth += up >= 0
        up = np.where(up >= 0, manager[np.maximum(up, 0)], -1)
    level = np.clip(8 - depth, 1, 8)
    home_office = rng.integers(0, len(LOCATIONS), size=d_count)
    location = np.where(
        rng.random(n) < 0.7, home_office[department], rng.integers(0, len(LOCATIONS), size=n)
    )
    tenure_years = np.minimum(rng.exponential(4.5, size=n) + 0.1 * (8 - level), 35.0)
    return People(
        department=department,
        location=location.astype(np.int64),
        level=level.astype(np.int64),
        hire_day=as_of - tenure_years * 365.25,
        manager=manager.astype(np.int64),
        department_names=tuple(f"Department {i + 1}" for i in range(d_count)),
        location_names=LOCATIONS,
    )


def _first_teammate(crowd: People, person: Ints) -> Ints:
    """The first of each person's teammates: position p reports to (p - 1) // TEAM_SIZE,
    so a team is the stretch of positions TEAM_SIZE * q + 1 ... TEAM_SIZE * (q + 1)."""
    start = np.searchsorted(crowd.department, crowd.department[person])
    position = person - start
    first: Ints = start + (position - 1) // TEAM_SIZE * TEAM_SIZE + 1
    return first


def _draw_within(department: Ints, appeal: Floats, target: Ints, rng: np.random.Generator) -> Ints:
    """One person per draw from department `target`, with probability ∝ appeal (people are
    sorted by department, so each department is one stretch of the cumulative sum)."""
    cumulative = np.cumsum(appeal)
    d_count = int(department.max()) + 1
    ends = np.searchsorted(department, np.arange(d_count), side="right")
    starts = np.searchsorted(department, np.arange(d_count))
    low = np.where(starts > 0, cumulative[np.maximum(starts - 1, 0)], 0.0)
    high = cumulative[ends - 1]
    u = low[target] + rng.random(len(target)) * (high[target] - low[target])
    found = np.searchsorted(cumulative, u, side="right")
    return np.minimum(found, ends[target] - 1).astype(np.int64)


def _requests(
    crowd: People, appeal: Floats, skills: int, rng: np.random.Generator, as_of: float
) -> Requests:
    n = crowd.count
    count = max(1, n // 2)
    asker = rng.integers(0, n, size=count)
    skill = crowd.department[asker] * SKILLS_PER_DEPARTMENT + rng.integers(
        0, SKILLS_PER_DEPARTMENT, size=count
    )
    # Some skills have few people who can help: their requests wait longer or go unanswered.
    scarcity = rng.beta(1.2, 6.0, size=skills)
    asked = as_of - 180.0 * rng.random(count)
    answered = rng.random(count) > scarcity[skill]
    wait_days = rng.lognormal(-0.5, 1.0, size=count) * (1.0 + 4.0 * scarcity[skill])
    first = np.where(answered, np.minimum(asked + wait_days, as_of), np.nan)
    return Requests(
        asker=asker.astype(np.int64),
        skill=skill.astype(np.int64),
        asked_day=asked,
        first_help_day=first,
        skill_names=tuple(f"skill-{i}" for i in range(skills)),
    )


def _matches(n: int, rng: np.random.Generator, as_of: float) -> ProgramMatches:
    count = max(len(PROGRAMS), n // 20)
    program = rng.integers(0, len(PROGRAMS), size=count)
    state = rng.choice(
        [MatchState.PROPOSED, MatchState.ACCEPTED, MatchState.DECLINED, MatchState.ACTIVE, 4],
        size=count,
        p=[0.1, 0.05, 0.1, 0.55, 0.2],
    ).astype(np.int64)
    started = np.where(
        np.isin(state, [MatchState.ACTIVE, MatchState.ENDED]),
        as_of - 200.0 * rng.random(count),
        np.nan,
    )
    cadence = rng.choice([14.0, 28.0], size=count)
    expected = np.nan_to_num((as_of - started) / cadence)
    held = np.floor(expected * rng.beta(4.0, 1.5, size=count)).astype(np.int64)
    made = held * rng.integers(1, 4, size=count)
    kept = rng.binomial(made, 0.7)
    check_ins = held // 2
    return ProgramMatches(
        program=program.astype(np.int64),
        learner=rng.integers(0, n, size=count),
        guide=rng.integers(0, n, size=count),
        state=state,
        started_day=started,
        cadence_days=cadence,
        sessions_held=held,
        commitments_made=made.astype(np.int64),
        commitments_kept=kept.astype(np.int64),
        check_in_total=check_ins * np.clip(rng.normal(3.9, 0.5, size=count), 1, 5),
        check_ins=check_ins,
        program_names=PROGRAMS,
    )


def _onboarding(crowd: People, rng: np.random.Generator, as_of: float) -> OnboardingCohort:
    joiners = np.flatnonzero(crowd.hire_day > as_of - 365.0)
    buddy = rng.random(len(joiners)) < 0.6
    ramp = rng.gamma(6.0, np.where(buddy, 12.0, 15.0))
    proficient = crowd.hire_day[joiners] + ramp
    return OnboardingCohort(
        person=joiners.astype(np.int64),
        hire_day=crowd.hire_day[joiners],
        proficient_day=np.where(proficient <= as_of, proficient, np.nan),
        had_buddy=buddy,
    )
