"""One matching run: candidates, an assignment by the chosen method, quality figures and
an explanation of every match."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Literal, get_args

import numpy as np

from peoplefirst.matching import flow, scoring, stable
from peoplefirst.matching.bounds import STALL_ROUNDS, Pricer, quick_bound, upper_bound
from peoplefirst.matching.candidates import (
    Candidates,
    Search,
    from_pairs,
    generate,
    pairs_between,
    price,
    shortlisted_pairs,
    with_pairs,
)
from peoplefirst.matching.encoding import (
    Bools,
    Encoding,
    Floats,
    Ints,
    contains,
    encode,
    languages_shared,
    overlap_hours,
)
from peoplefirst.matching.errors import InstanceError
from peoplefirst.matching.explain import Explainer, Reason, join_reasons
from peoplefirst.matching.model import Instance
from peoplefirst.matching.report import RunReport, load_figures, unmatched_learners
from peoplefirst.matching.rules import FEATURES
from peoplefirst.matching.validation import check_instance

Method = Literal["optimal", "stable-learner", "stable-guide", "greedy"]
METHODS: tuple[str, ...] = get_args(Method)
BoundMode = Literal["auto", "full", "candidates", "quick"]
BOUND_MODES: tuple[str, ...] = get_args(BoundMode)
SEARCHES: tuple[str, ...] = get_args(Search)
AUTO_FULL_PAIRS = 50_000_000  # "auto" prices pruned pairs up to this many learner x guide pairs
FILL_SHORTLIST = 10  # pairs per waiting learner when idle seats are filled from shortlists


@dataclass(frozen=True, slots=True)
class Match:
    learner: str
    guide: str
    score: float
    pinned: bool
    reasons: tuple[Reason, ...]

    @property
    def why(self) -> str:
        return join_reasons(self.reasons)


@dataclass(frozen=True, slots=True)
class MatchRun:
    method: str
    matches: tuple[Match, ...]
    report: RunReport


@dataclass(frozen=True, slots=True)
class Prepared:
    """An instance encoded, its pins applied and its candidates generated."""

    enc: Encoding
    cands: Candidates
    capacity: Ints  # seats left after the pins
    pinned_l: Ints
    pinned_g: Ints
    pinned_score: Floats
    seconds: dict[str, float]


def prepare(instance: Instance, *, check: bool = True, search: Search = "auto") -> Prepared:
    """Check, encode, apply the pins and generate candidates (shared by every method);
    `search` chooses how candidates are found (`candidates.generate`)."""
    started = time.perf_counter()
    if check:
        check_instance(instance)
    enc = encode(instance)
    pl, pg, ps, capacity = _pins(instance, enc)
    encoded = time.perf_counter()
    active = np.ones(enc.n_learners, dtype=np.bool_)
    active[pl] = False
    k = instance.rules.candidates_per_learner
    if instance.pairs is not None:
        li, gi, score = _given(instance, enc)
        keep = active[li]
        cands = from_pairs(enc, li[keep], gi[keep], score[keep], k)
    else:
        cands = generate(enc, active, k, search=search)
    done = time.perf_counter()
    return Prepared(
        enc,
        cands,
        capacity,
        pl,
        pg,
        ps,
        {"encode": encoded - started, "candidates": done - encoded},
    )


def solve(
    instance: Instance,
    method: Method = "optimal",
    *,
    top_reasons: int = 3,
    check: bool = True,
    bound: BoundMode = "auto",
    search: Search = "auto",
) -> MatchRun:
    """Match the instance's learners to guides by `method` and report on the result.

    `bound` chooses how the gap bound is computed (`upper_bound` in the report; every
    choice gives a valid ceiling, they differ in cost and tightness): "full" runs the seat
    price iteration and prices every feasible pair pruned from the candidates; "candidates"
    runs the iteration but bounds each learner's pruned pairs by its (k + 1)-th best score;
    "quick" skips the iteration: the best score of each learner, summed over at most as
    many learners as there are seats. "auto" (the default) is "full" up to
    `AUTO_FULL_PAIRS` learner x guide pairs and "quick" above. `search` chooses how
    candidates are found: "exact" scores every feasible pair, "shortlists" each learner's
    shortlists only (`shortlists`), "auto" the latter on very large instances."""
    if method not in METHODS:
        raise InstanceError("method", f"must be one of {', '.join(METHODS)}, got {method!r}")
    if search not in SEARCHES:
        raise InstanceError("search", f"must be one of {', '.join(SEARCHES)}, got {search!r}")
    if bound not in BOUND_MODES:
        raise InstanceError("bound", f"must be one of {', '.join(BOUND_MODES)}, got {bound!r}")
    started = time.perf_counter()
    prepared = prepare(instance, check=check, search=search)
    return finish(instance, prepared, method, top_reasons=top_reasons, started=started, bound=bound)


def assign(prepared: Prepared, method: Method) -> Ints:
    """Edge (into the candidates) chosen for each learner by `method`, -1 for none."""
    cands, capacity, rules = prepared.cands, prepared.capacity, prepared.enc.rules
    if method == "optimal":
        return flow.optimal(
            cands,
            capacity,
            matches_first=rules.maximize_matches_first,
            load_weight=rules.weight("load_fairness"),
        )
    if method == "greedy":
        return flow.greedy(cands, capacity)
    prefs = stable.preferences(prepared.enc, cands)
    if method == "stable-learner":
        return stable.learner_proposing(cands, capacity, prefs)
    return stable.guide_proposing(cands, capacity, prefs)


def finish(
    instance: Instance,
    prepared: Prepared,
    method: Method,
    *,
    top_reasons: int = 3,
    started: float | None = None,
    bound: BoundMode = "auto",
) -> MatchRun:
    started = time.perf_counter() if started is None else started
    enc, cands, capacity = prepared.enc, prepared.cands, prepared.capacity
    seconds = dict(prepared.seconds)
    t = time.perf_counter()
    assigned = assign(prepared, method)
    filled = 0
    if method == "optimal" and cands.k is not None:
        prepared, assigned, filled = fill_idle_seats(prepared, assigned)
        cands = prepared.cands
    seconds["solve"] = time.perf_counter() - t
    t = time.perf_counter()
    prefs = stable.preferences(enc, cands)
    fixed = np.zeros(enc.n_learners, dtype=np.bool_)
    fixed[prepared.pinned_l] = True
    blocking = stable.blocking_pairs(cands, capacity, assigned, prefs, fixed)
    if bound == "auto":
        small = enc.n_learners * enc.n_guides <= AUTO_FULL_PAIRS
        bound = "full" if small else "quick"
    if bound == "quick":
        ceiling = quick_bound(cands, capacity)
    else:
        ceiling = upper_bound(
            cands,
            capacity,
            assigned,
            _pricer(instance, prepared) if bound == "full" else None,
            patience=None if method == "optimal" else STALL_ROUNDS,
        )
    seconds["bound"] = time.perf_counter() - t
    t = time.perf_counter()
    mine = assigned >= 0
    li = np.concatenate([prepared.pinned_l, np.flatnonzero(mine)])
    gi = np.concatenate([prepared.pinned_g, cands.guide[assigned[mine]]])
    score = np.concatenate([prepared.pinned_score, cands.score[assigned[mine]]])
    pinned = np.zeros(len(li), dtype=np.bool_)
    pinned[: len(prepared.pinned_l)] = True
    explainer = Explainer(instance, enc)
    if instance.pairs is None:
        reasons = explainer.reasons(li, gi, top_reasons)
    else:
        reasons = explainer.given_reasons(li, gi, score, top_reasons)
    matches = tuple(
        Match(enc.learners.ids[i], enc.guides.ids[j], round(s, 6), p, why)
        for i, j, s, p, why in zip(
            li.tolist(), gi.tolist(), score.tolist(), pinned.tolist(), reasons, strict=True
        )
    )
    seconds["explain"] = time.perf_counter() - t
    t = time.perf_counter()
    matched = np.zeros(enc.n_learners, dtype=np.bool_)
    matched[li] = True
    unmatched = unmatched_learners(enc, cands, matched)
    load = np.bincount(gi, minlength=enc.n_guides)
    ratio, gini_load, by_load = load_figures(load, enc.capacity)
    total = float(score.sum())
    upper = ceiling.value + float(prepared.pinned_score.sum())
    seconds["report"] = time.perf_counter() - t
    seconds["total"] = time.perf_counter() - started
    report = RunReport(
        method=method,
        learners=enc.n_learners,
        guides=enc.n_guides,
        seats=int(enc.capacity[enc.guides.ok].sum()),
        candidate_pairs=len(cands),
        candidates_per_learner=cands.k,
        matched=len(matches),
        pinned=len(prepared.pinned_l),
        total_score=round(total, 6),
        mean_score=round(total / len(matches), 6) if matches else 0.0,
        unmatched=tuple(unmatched),
        unmatched_by_reason=dict(Counter(u.reason for u in unmatched)),
        max_load_ratio=round(ratio, 4),
        load_gini=round(gini_load, 4),
        guides_by_load=by_load,
        blocking_pairs=blocking,
        idle_seats_filled=filled,
        upper_bound=round(upper, 6),
        optimality_gap=round(max(0.0, (upper - total) / upper), 6) if upper > 0 else 0.0,
        bound_converged=ceiling.converged,
        seconds={key: round(value, 4) for key, value in seconds.items()},
        bound_method=bound,
    )
    return MatchRun(method, matches, report)


def fill_idle_seats(prepared: Prepared, assigned: Ints) -> tuple[Prepared, Ints, int]:
    """Seats still free after a run on pruned candidates go to unmatched learners who fit
    them through pairs outside their top k, best pairs first. Nobody matched moves; the
    pairs used join the candidates. Returns the new state and how many seats were filled."""
    enc, cands, capacity = prepared.enc, prepared.cands, prepared.capacity
    mine = assigned >= 0
    free = capacity - np.bincount(cands.guide[assigned[mine]], minlength=enc.n_guides)
    waiting = ~mine & enc.learners.ok & (cands.feasible > 0)
    waiting[prepared.pinned_l] = False
    idle = (free > 0) & enc.guides.ok
    if not waiting.any() or not idle.any():
        return prepared, assigned, 0
    if int(waiting.sum()) * int(idle.sum()) > AUTO_FULL_PAIRS:
        # too many to list every pair: each waiting learner's shortlist among idle guides
        li, gi, score = shortlisted_pairs(enc, waiting, FILL_SHORTLIST, columns_of=idle)
    else:
        li, gi, score = pairs_between(enc, waiting, idle)
    chosen_l: list[int] = []
    chosen_g: list[int] = []
    chosen_s: list[float] = []
    taken = set()
    seats = free.tolist()
    left = int(free[idle].sum())
    for e in np.argsort(-score, kind="stable").tolist():
        lrn, gd = int(li[e]), int(gi[e])
        if lrn not in taken and seats[gd] > 0:
            taken.add(lrn)
            seats[gd] -= 1
            chosen_l.append(lrn)
            chosen_g.append(gd)
            chosen_s.append(float(score[e]))
            left -= 1
            if left == 0:
                break
    if not chosen_l:
        return prepared, assigned, 0
    new_l = np.array(chosen_l, dtype=np.int64)
    merged, moved = with_pairs(
        cands, new_l, np.array(chosen_g, dtype=np.int64), np.array(chosen_s, dtype=np.float64)
    )
    updated = np.where(mine, moved[np.maximum(assigned, 0)], -1)
    updated[new_l] = merged.ptr[new_l + 1] - 1
    return replace(prepared, cands=merged), updated, len(chosen_l)


def _pricer(instance: Instance, prepared: Prepared) -> Pricer | None:
    """How to price every feasible pair of some learners, when candidates were pruned."""
    enc, cands = prepared.enc, prepared.cands
    if cands.k is None:
        return None
    if instance.pairs is None:
        active = np.ones(enc.n_learners, dtype=np.bool_)
        active[prepared.pinned_l] = False
        return lambda need, seat_price, surplus, full: price(
            enc, need & active, seat_price, surplus, full
        )

    def given(
        need: Bools, seat_price: Floats, surplus: Floats, full: Bools
    ) -> tuple[Floats, Floats, Floats]:
        li, gi, score = _given(instance, enc)
        ok = need[li] & scoring.feasible(enc, li, gi)
        li, gi, score = li[ok], gi[ok], score[ok]
        rows_all = np.full(enc.n_learners, -np.inf)
        rows_free = np.full(enc.n_learners, -np.inf)
        cols = np.full(enc.n_guides, -np.inf)
        np.maximum.at(rows_all, li, score - seat_price[gi])
        f = full[gi]
        np.maximum.at(rows_free, li[~f], (score - seat_price[gi])[~f])
        np.maximum.at(cols, gi, score - surplus[li])
        return rows_all, rows_free, cols

    return given


def _pins(instance: Instance, enc: Encoding) -> tuple[Ints, Ints, Floats, Ints]:
    pinned = instance.rules.hard.pinned
    li = np.array([enc.learners.index[p[0]] for p in pinned], dtype=np.int64)
    gi = np.array([enc.guides.index[p[1]] for p in pinned], dtype=np.int64)
    ok = scoring.feasible(enc, li, gi)
    for i in np.flatnonzero(~ok).tolist():
        learner, guide = pinned[i]
        why = "; ".join(broken_rules(enc, int(li[i]), int(gi[i])))
        raise InstanceError(
            f"rules.hard.pinned[{i}]", f"({learner!r}, {guide!r}) breaks a hard rule: {why}"
        )
    capacity = enc.capacity - np.bincount(gi, minlength=enc.n_guides)
    for j in np.flatnonzero(capacity < 0).tolist():
        raise InstanceError(
            "rules.hard.pinned",
            f"guide {enc.guides.ids[j]!r} has {enc.capacity[j]} seats but {enc.capacity[j] - capacity[j]} pinned learners",
        )
    return li, gi, scoring.scores(enc, li, gi), capacity


def broken_rules(enc: Encoding, i: int, j: int) -> list[str]:
    """The hard rules pair (learner i, guide j) breaks, in words."""
    L, G, rules = enc.learners, enc.guides, enc.rules
    hard = rules.hard
    found = []
    if not L.ok[i]:
        found.append("the learner opted out")
    if not G.ok[j]:
        found.append("the guide opted out, has no seats or does not offer the role")
    if hard.shared_language and not languages_shared(L.languages[i], G.languages[j]):
        found.append("no shared language")
    hours = float(
        overlap_hours(L.utc_offset[i : i + 1], G.utc_offset[j : j + 1], rules.workday_hours)[0]
    )
    if hours < hard.min_overlap_hours - 1e-9:
        found.append(f"working days overlap {hours:g} h, under {hard.min_overlap_hours:g} h")
    gap = int(G.level[j] - L.level[i])
    if hard.level_gap is not None and not hard.level_gap[0] <= gap <= hard.level_gap[1]:
        found.append(f"level gap {gap} outside {hard.level_gap[0]}..{hard.level_gap[1]}")
    if hard.reporting_line == "manager_or_senior_peer":
        boss = L.manager[i]
        if not (
            boss >= 0
            and (G.person[j] == boss or (G.manager[j] == boss and G.level[j] > L.level[i]))
        ):
            found.append("the guide is neither the manager nor a more senior teammate")
    if contains(enc.excluded, np.array([i * enc.n_guides + j]))[0]:
        found.append(
            "an avoid list, a forbidden pair, the same person or the reporting line rules it out"
        )
    return found


def _given(instance: Instance, enc: Encoding) -> tuple[Ints, Ints, Floats]:
    pairs = instance.pairs or ()
    li = np.array([enc.learners.index[p.learner] for p in pairs], dtype=np.int64)
    gi = np.array([enc.guides.index[p.guide] for p in pairs], dtype=np.int64)
    col = {name: i for i, name in enumerate(FEATURES)}
    w = scoring.weights(enc)
    score = np.array(
        [
            p.score
            if p.score is not None
            else sum(w[col[name]] * value for name, value in p.features)
            for p in pairs
        ],
        dtype=np.float64,
    )
    return li, gi, score
