"""People who stand out in the learning network: go-to people (overall and per skill),
overloaded guides, hidden experts and rising stars. Definitions: docs/insights.md."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peoplefirst.insights.model import Floats, Ints, LearningEvents, People, TieKind
from peoplefirst.insights.network import (
    LearningNetwork,
    Weighting,
    event_weights,
    pagerank,
    people_helped,
)


@dataclass(frozen=True)
class HelpRecord:
    """What each person gave in a window, one entry per person: help events (endorsements
    not counted), distinct people helped, hours, ratings received and endorsements received."""

    helped: Ints
    people_helped: Ints
    hours: Floats
    ratings: Ints
    rating_total: Floats
    endorsements: Ints

    def mean_rating(self) -> Floats:
        """Mean rating received, NaN for people never rated."""
        with np.errstate(invalid="ignore", divide="ignore"):
            mean: Floats = np.where(self.ratings > 0, self.rating_total / self.ratings, np.nan)
        return mean


def help_record(events: LearningEvents, people: int, start: float, end: float) -> HelpRecord:
    """Totals per person over events with start ≤ day < end."""
    inside = (events.day >= start) & (events.day < end) & (events.helper != events.learner)
    e = events.select(inside)
    endorsing = e.kind == TieKind.ENDORSED
    helping = ~endorsing
    rated = helping & (e.rating > 0)
    pairs = np.unique(e.helper[helping] * people + e.learner[helping])
    return HelpRecord(
        helped=np.bincount(e.helper[helping], minlength=people).astype(np.int64),
        people_helped=np.bincount(pairs // people, minlength=people).astype(np.int64),
        hours=np.bincount(e.helper[helping], weights=e.minutes[helping], minlength=people) / 60,
        ratings=np.bincount(e.helper[rated], minlength=people).astype(np.int64),
        rating_total=np.bincount(
            e.helper[rated], weights=e.rating[rated].astype(np.float64), minlength=people
        ).astype(np.float64),
        endorsements=np.bincount(e.helper[endorsing], minlength=people).astype(np.int64),
    )


@dataclass(frozen=True)
class GoToPerson:
    """A person others learn from, with the figures behind the rank."""

    person: int
    score: float
    people_helped: int
    helped: int
    hours: float
    mean_rating: float | None


def _go_to_rows(order: Ints, score: Floats, record: HelpRecord) -> list[GoToPerson]:
    mean = record.mean_rating()
    return [
        GoToPerson(
            person=int(i),
            score=float(score[i]),
            people_helped=int(record.people_helped[i]),
            helped=int(record.helped[i]),
            hours=float(record.hours[i]),
            mean_rating=None if np.isnan(mean[i]) else float(mean[i]),
        )
        for i in order
        if score[i] > 0
    ]


def go_to_people(
    network: LearningNetwork,
    events: LearningEvents,
    top: int = 10,
    window_days: float = 365.0,
    min_people_helped: int = 3,
) -> list[GoToPerson]:
    """The `top` people by weighted PageRank of the learns-from network (rank flows to
    whom people learn from, more from those who are themselves learned from), among those
    at least `min_people_helped` distinct people learned from."""
    rank = pagerank(network)
    rank = np.where(people_helped(network) >= min_people_helped, rank, 0.0)
    order = np.argsort(-rank, kind="stable")[:top]
    record = help_record(events, network.people, network.as_of - window_days, network.as_of + 1)
    return _go_to_rows(order, rank, record)


def go_to_by_skill(
    events: LearningEvents,
    people: int,
    as_of: float,
    top: int = 5,
    weighting: Weighting | None = None,
) -> dict[str, list[GoToPerson]]:
    """Per skill, the `top` people by the summed weight of what they gave on that skill
    (recency, time and rated outcome as in the network), all skills in one pass; the
    figures beside each are for that skill within the window."""
    weighting = weighting or Weighting()
    w = event_weights(events, as_of, weighting)
    keep = (w > 0) & (events.skill >= 0)
    e = events.select(keep)
    key = e.skill * people + e.helper
    keys, group = np.unique(key, return_inverse=True)
    weight = np.bincount(group, weights=w[keep])
    helping = e.kind != TieKind.ENDORSED
    rated = helping & (e.rating > 0)
    size = len(keys)
    helped = np.bincount(group[helping], minlength=size)
    hours = np.bincount(group[helping], weights=e.minutes[helping], minlength=size) / 60.0
    ratings = np.bincount(group[rated], minlength=size)
    total = np.bincount(group[rated], weights=e.rating[rated], minlength=size)
    pairs = np.unique(group[helping] * np.int64(people) + e.learner[helping]) // people
    distinct = np.bincount(pairs, minlength=size)
    skill_of, person_of = keys // people, keys % people
    order = np.lexsort((-weight, skill_of))
    first = np.r_[True, skill_of[order][1:] != skill_of[order][:-1]] if size else order > 0
    rank_in_skill = np.arange(size) - np.maximum.accumulate(np.where(first, np.arange(size), 0))
    found: dict[str, list[GoToPerson]] = {}
    for g in order[rank_in_skill < top]:
        s = int(skill_of[g])
        name = events.skill_names[s] if s < len(events.skill_names) else str(s)
        found.setdefault(name, []).append(
            GoToPerson(
                person=int(person_of[g]),
                score=float(weight[g]),
                people_helped=int(distinct[g]),
                helped=int(helped[g]),
                hours=float(hours[g]),
                mean_rating=float(total[g] / ratings[g]) if ratings[g] else None,
            )
        )
    return found


@dataclass(frozen=True)
class Overloaded:
    """A guide giving more time than they offered: minutes a week lately against their
    stated capacity, and the weekly trend (minutes a week gained per week)."""

    person: int
    minutes_per_week: float
    capacity_per_week: float
    load: float
    trend: float


def overloaded_guides(
    events: LearningEvents,
    capacity_per_week: Floats,
    as_of: float,
    window_days: float = 28.0,
    trend_weeks: int = 12,
    threshold: float = 1.0,
) -> list[Overloaded]:
    """People with stated capacity whose help in the last `window_days` exceeds
    `threshold` * capacity, most loaded first. Trend: least-squares slope of their weekly
    minutes over the last `trend_weeks` weeks."""
    people = len(capacity_per_week)
    helping = events.kind != TieKind.ENDORSED
    age = as_of - events.day
    recent = helping & (age >= 0) & (age < window_days)
    minutes = np.bincount(events.helper[recent], weights=events.minutes[recent], minlength=people)
    per_week = minutes / (window_days / 7.0)
    offered = capacity_per_week > 0
    load = np.where(offered, per_week / np.where(offered, capacity_per_week, 1.0), 0.0)
    chosen = np.flatnonzero(offered & (load > threshold))
    chosen = chosen[np.argsort(-load[chosen], kind="stable")]
    slope = _weekly_trend(events, helping, as_of, trend_weeks, chosen)
    return [
        Overloaded(
            person=int(i),
            minutes_per_week=float(per_week[i]),
            capacity_per_week=float(capacity_per_week[i]),
            load=float(load[i]),
            trend=float(slope[k]),
        )
        for k, i in enumerate(chosen)
    ]


def _weekly_trend(
    events: LearningEvents, helping: np.ndarray, as_of: float, weeks: int, chosen: Ints
) -> Floats:
    """Slope of minutes per week (oldest week first) for the chosen people."""
    if not len(chosen):
        return np.zeros(0)
    row = np.full(int(events.helper.max(initial=0)) + 1, -1)
    row[chosen] = np.arange(len(chosen))
    week = np.floor((as_of - events.day) / 7.0).astype(np.int64)
    mine = helping & (week >= 0) & (week < weeks) & (row[events.helper] >= 0)
    cells = row[events.helper[mine]] * weeks + (weeks - 1 - week[mine])
    grid = np.bincount(cells, weights=events.minutes[mine], minlength=len(chosen) * weeks)
    grid = grid.reshape(len(chosen), weeks)
    x = np.arange(weeks) - (weeks - 1) / 2.0
    slope: Floats = grid @ x / float(x @ x)
    return slope


@dataclass(frozen=True)
class HiddenExpert:
    """Unexpected excellence: strong ratings or written evidence, little recognition."""

    person: int
    excellence: float
    evidence: float
    recognition: int
    ratings: int


def hidden_experts(
    events: LearningEvents,
    people: int,
    as_of: float,
    evidence: Floats | None = None,
    window_days: float = 365.0,
    min_ratings: int = 3,
    min_rating: float = 4.5,
    prior_weight: float = 5.0,
    evidence_quantile: float = 0.9,
    recognition_quantile: float = 0.25,
) -> list[HiddenExpert]:
    """People whose excellence is strong — a rating mean shrunk towards the organization's
    (`prior_weight` imaginary average ratings) of at least `min_rating` over at least
    `min_ratings` ratings, or written evidence in the top (1 - `evidence_quantile`) of those
    with any — while their recognition (endorsements received + distinct people helped) is
    at or below the `recognition_quantile` of everyone with any. Strongest evidence first,
    then the best rated, then the least recognized."""
    record = help_record(events, people, as_of - window_days, as_of + 1)
    rated = record.ratings > 0
    shrunk = _shrunk_mean(record, prior_weight)
    excellent = (record.ratings >= min_ratings) & (shrunk >= min_rating)
    written = np.zeros(people) if evidence is None else np.asarray(evidence, dtype=np.float64)
    if (written > 0).any():
        excellent |= written >= np.quantile(written[written > 0], evidence_quantile)
    recognition = record.endorsements + record.people_helped
    known = recognition > 0
    ceiling = np.quantile(recognition[known], recognition_quantile) if known.any() else 0
    chosen = np.flatnonzero(excellent & (recognition <= ceiling))
    chosen = chosen[np.lexsort((recognition[chosen], -shrunk[chosen], -written[chosen]))]
    return [
        HiddenExpert(
            person=int(i),
            excellence=float(shrunk[i]) if rated[i] else 0.0,
            evidence=float(written[i]),
            recognition=int(recognition[i]),
            ratings=int(record.ratings[i]),
        )
        for i in chosen
    ]


@dataclass(frozen=True)
class RisingStar:
    """Growth against peers of the same level: the sum of three z-scores."""

    person: int
    level: int
    score: float
    helped_before: int
    helped_lately: int
    endorsements_before: int
    endorsements_lately: int
    rating_change: float


def rising_stars(
    events: LearningEvents,
    people: People,
    as_of: float,
    window_days: float = 90.0,
    min_helped: int = 3,
    min_score: float = 3.0,
    top: int = 20,
    prior_weight: float = 5.0,
) -> list[RisingStar]:
    """People whose help given, endorsements received and mean rating grew most from the
    previous `window_days` to the last, each growth turned into a z-score among people of
    the same level: growth of counts is log((1 + lately) / (1 + before)), of ratings the
    difference of the mean ratings, each shrunk towards that window's organization mean by
    `prior_weight` imaginary ratings (so one lucky 5 moves little). Listed: a summed score of at least
    `min_score` and at least `min_helped` helps lately."""
    n = people.count
    before = help_record(events, n, as_of - 2 * window_days, as_of - window_days)
    lately = help_record(events, n, as_of - window_days, as_of + 1)
    help_growth = np.log1p(lately.helped) - np.log1p(before.helped)
    endorse_growth = np.log1p(lately.endorsements) - np.log1p(before.endorsements)
    change = _shrunk_mean(lately, prior_weight) - _shrunk_mean(before, prior_weight)
    score = sum(
        (_z_within(g, people.level) for g in (help_growth, endorse_growth, change)),
        start=np.zeros(n),
    )
    chosen = np.flatnonzero((score >= min_score) & (lately.helped >= min_helped))
    chosen = chosen[np.argsort(-score[chosen], kind="stable")][:top]
    return [
        RisingStar(
            person=int(i),
            level=int(people.level[i]),
            score=float(score[i]),
            helped_before=int(before.helped[i]),
            helped_lately=int(lately.helped[i]),
            endorsements_before=int(before.endorsements[i]),
            endorsements_lately=int(lately.endorsements[i]),
            rating_change=float(change[i]),
        )
        for i in chosen
    ]


def _shrunk_mean(record: HelpRecord, prior_weight: float) -> Floats:
    """Mean rating pulled towards the organization's by `prior_weight` average ratings."""
    count = record.ratings.sum()
    org = float(record.rating_total.sum() / count) if count else 0.0
    shrunk: Floats = (record.rating_total + prior_weight * org) / (record.ratings + prior_weight)
    return shrunk


def _z_within(value: Floats, group: Ints) -> Floats:
    """(value - group mean) / group standard deviation; 0 where a group does not vary."""
    groups = np.unique(group, return_inverse=True)[1]
    count = np.bincount(groups)
    mean = np.bincount(groups, weights=value) / count
    spread = np.sqrt(np.maximum(np.bincount(groups, weights=value**2) / count - mean**2, 0.0))
    sd = spread[groups]
    z: Floats = np.where(sd > 1e-12, (value - mean[groups]) / np.where(sd > 1e-12, sd, 1.0), 0.0)
    return z
