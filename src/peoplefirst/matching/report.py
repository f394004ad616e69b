"""What an admin reads after a run: score, who is unmatched and why, load, stability, gap."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from peoplefirst.matching.candidates import Candidates
from peoplefirst.matching.encoding import Encoding, Floats, Ints, languages_shared, overlap_hours

DETAILED_FUNNELS = 200  # unmatched learners whose rule-by-rule funnel is spelled out


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A learner left without a guide. `reason` is one of `opted_out`,
    `no_feasible_guide` (no guide passes the hard rules) and `capacity_taken` (guides fit,
    but their seats went to others)."""

    learner: str
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class RunReport:
    """Quality figures of one run. `upper_bound` is a proven ceiling on the total score of
    any assignment over all feasible pairs (pruned ones included); `optimality_gap` is
    (upper_bound - total_score) / upper_bound, so 0.004 means "within 0.4% of the best
    possible". Loads count pinned learners too."""

    method: str
    learners: int
    guides: int
    seats: int
    candidate_pairs: int
    candidates_per_learner: int | None
    matched: int
    pinned: int
    total_score: float
    mean_score: float
    unmatched: tuple[Unmatched, ...]
    unmatched_by_reason: Mapping[str, int]
    max_load_ratio: float
    load_gini: float
    guides_by_load: Mapping[int, int]
    blocking_pairs: int
    idle_seats_filled: int  # seats filled after the optimum on pruned candidates (see solve)
    upper_bound: float
    optimality_gap: float
    bound_converged: bool
    seconds: Mapping[str, float]
    # how `upper_bound` was computed: "full", "candidates" or "quick" (see `solve`)
    bound_method: str = "full"


def gini(values: Floats | Ints) -> float:
    """Gini coefficient: 0 when everyone carries the same, towards 1 when one carries all."""
    x = np.sort(np.asarray(values, dtype=np.float64))
    if len(x) == 0 or x.sum() <= 0:
        return 0.0
    i = np.arange(1, len(x) + 1)
    return float(np.sum((2 * i - len(x) - 1) * x) / (len(x) * x.sum()))


def load_figures(load: Ints, capacity: Ints) -> tuple[float, float, dict[int, int]]:
    """(max load / capacity, Gini of load, guides by load) over guides with seats."""
    seated = capacity > 0
    if not seated.any():
        return 0.0, 0.0, {}
    ratio = float((load[seated] / capacity[seated]).max())
    counts = Counter(int(x) for x in load[seated])
    return ratio, gini(load[seated]), dict(sorted(counts.items()))


def unmatched_learners(enc: Encoding, cands: Candidates, matched: np.ndarray) -> list[Unmatched]:
    """Every learner without a guide, with the reason in words."""
    found: list[Unmatched] = []
    detailed = 0
    for i in np.flatnonzero(~matched).tolist():
        who = enc.learners.ids[i]
        if not enc.learners.ok[i]:
            found.append(Unmatched(who, "opted_out", "opted out of this program"))
        elif cands.feasible[i] == 0:
            detail = "no guide passes the program's rules"
            if detailed < DETAILED_FUNNELS:
                detail = funnel(enc, i)
                detailed += 1
            found.append(Unmatched(who, "no_feasible_guide", detail))
        else:
            n = int(cands.feasible[i])
            found.append(
                Unmatched(
                    who,
                    "capacity_taken",
                    f"{n:,} guide{'s' if n != 1 else ''} fit{'s' if n == 1 else ''} the rules; "
                    "their seats went to learners they fit better",
                )
            )
    return found


def funnel(enc: Encoding, i: int) -> str:
    """How the guides thin out rule by rule for learner i, e.g. "of 40 guides, 12 offer
    the role and have seats, 3 share a language, none overlap 4 h of the working day"."""
    L, G, rules = enc.learners, enc.guides, enc.rules
    hard = rules.hard
    m = len(G)
    steps: list[str] = []
    alive = G.ok.copy()
    what = (
        "have seats"
        if hard.role is None
        else f"offer the {hard.role.replace('_', ' ')} role and have seats"
    )
    steps.append(f"{int(alive.sum()):,} {what}")
    if hard.shared_language:
        alive &= languages_shared(L.languages[i][None, :], G.languages)
        steps.append(f"{int(alive.sum()):,} share a language")
    if hard.min_overlap_hours > 0:
        hours = overlap_hours(np.full(m, L.utc_offset[i]), G.utc_offset, rules.workday_hours)
        alive &= hours >= hard.min_overlap_hours - 1e-9
        steps.append(
            f"{int(alive.sum()):,} overlap {hard.min_overlap_hours:g} h of the working day"
        )
    if hard.level_gap is not None:
        gap = G.level - L.level[i]
        alive &= (gap >= hard.level_gap[0]) & (gap <= hard.level_gap[1])
        steps.append(f"{int(alive.sum()):,} are {level_band(*hard.level_gap)}")
    if hard.reporting_line == "manager_or_senior_peer":
        boss = L.manager[i]
        alive &= (boss >= 0) & ((G.person == boss) | ((G.manager == boss) & (G.level > L.level[i])))
        steps.append(f"{int(alive.sum()):,} are their manager or a senior teammate")
    key = i * m + np.arange(m, dtype=np.int64)
    at = np.minimum(np.searchsorted(enc.excluded, key), max(len(enc.excluded) - 1, 0))
    if len(enc.excluded):
        alive &= enc.excluded[at] != key
    steps.append(
        f"{int(alive.sum()):,} remain after avoid lists, forbidden pairs and reporting lines"
    )
    return f"of {m:,} guides, " + ", ".join(steps)


def level_band(low: int, high: int) -> str:
    """A guide-minus-learner level band in words: "1 to 4 levels above", "1 to 7 levels
    below", "from 1 level below to 1 above"."""
    if low >= 0:
        return f"{low} to {high} levels above" if low else f"at most {high} levels above"
    if high <= 0:
        return f"{-high} to {-low} levels below" if high else f"at most {-low} levels below"
    return f"from {-low} level{'s' * (low != -1)} below to {high} above"
