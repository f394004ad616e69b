"""The matching engine on random small instances: hard rules, capacities, optimality,
stability and the optimality-gap bound, each checked by independent plain-Python code."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from peoplefirst.matching import HardRules, Instance, Learner, Rules, scoring, solve, stable
from peoplefirst.matching.candidates import from_pairs, generate
from peoplefirst.matching.encoding import encode
from peoplefirst.matching.model import GivenPair, Guide
from peoplefirst.matching.solve import METHODS, prepare
from peoplefirst.matching.synthetic import random_instance

RULE_SETS = [
    HardRules(),
    HardRules(role="mentor", reporting_line="outside", min_overlap_hours=3, level_gap=(1, 4)),
    HardRules(reporting_line="manager_or_senior_peer", shared_language=False),
    HardRules(role="peer_partner", level_gap=(-1, 1), min_overlap_hours=6),
]


def overlap(a: float, b: float, day: float = 8.0) -> float:
    d = abs(a - b) % 24
    d = min(d, 24 - d)
    return min(day, max(0.0, day - d) + max(0.0, day - (24 - d)))


def allowed(inst: Instance, lrn: Learner, g: Guide) -> bool:
    """Every hard rule, written out again without the engine."""
    hard = inst.rules.hard
    if lrn.opted_out or g.opted_out or g.capacity <= 0 or lrn.id == g.id:
        return False
    if hard.role is not None and hard.role not in g.roles:
        return False
    if (
        hard.shared_language
        and lrn.languages
        and g.languages
        and not set(lrn.languages) & set(g.languages)
    ):
        return False
    if (
        overlap(lrn.utc_offset, g.utc_offset, inst.rules.workday_hours)
        < hard.min_overlap_hours - 1e-9
    ):
        return False
    if (
        hard.level_gap is not None
        and not hard.level_gap[0] <= g.level - lrn.level <= hard.level_gap[1]
    ):
        return False
    if hard.reporting_line == "outside" and (
        g.id in lrn.manager_chain or lrn.id in g.manager_chain
    ):
        return False
    if hard.reporting_line == "manager_or_senior_peer":
        boss = lrn.manager_chain[0] if lrn.manager_chain else None
        peer = bool(g.manager_chain) and g.manager_chain[0] == boss and g.level > lrn.level
        if boss is None or not (g.id == boss or peer):
            return False
    return not (g.id in lrn.avoid or lrn.id in g.avoid or (lrn.id, g.id) in hard.forbidden)


def small(seed: int, hard: HardRules, **rules: object) -> Instance:
    inst = random_instance(14, 7, seed=seed, skills=6, departments=3, capacity=(0, 3))
    rng = random.Random(seed)
    learners = [p.id for p in inst.learners]
    guides = [g.id for g in inst.guides]
    forbidden = tuple((rng.choice(learners), rng.choice(guides)) for _ in range(3))
    return replace(inst, rules=Rules(hard=replace(hard, forbidden=forbidden), **rules))  # type: ignore[arg-type]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("hard", RULE_SETS, ids=lambda h: f"{h.reporting_line}-{h.role}")
def test_no_hard_rule_or_capacity_is_ever_broken(method: str, hard: HardRules) -> None:
    for seed in range(12):
        inst = small(seed, hard, candidates_per_learner=rand_k(seed))
        run = solve(inst, method)  # type: ignore[arg-type]
        learners = {p.id: p for p in inst.learners}
        guides = {g.id: g for g in inst.guides}
        assert len({m.learner for m in run.matches}) == len(run.matches)
        for m in run.matches:
            assert allowed(inst, learners[m.learner], guides[m.guide]), (seed, m)
        load: dict[str, int] = {}
        for m in run.matches:
            load[m.guide] = load.get(m.guide, 0) + 1
        assert all(n <= guides[g].capacity for g, n in load.items())
        unmatched = {u.learner for u in run.report.unmatched}
        assert unmatched | {m.learner for m in run.matches} == set(learners)
        assert not unmatched & {m.learner for m in run.matches}


def rand_k(seed: int) -> int | None:
    return (None, 1, 2, 5)[seed % 4]


def test_pins_are_kept_and_forbidden_pairs_never_made() -> None:
    inst = random_instance(30, 8, seed=5, skills=5, capacity=(2, 3))
    run = solve(inst)
    made = {(m.learner, m.guide) for m in run.matches}
    pin = next(iter(made))
    other = next(g.id for g in inst.guides if g.id != pin[1] and allowed(inst, inst.learners[0], g))
    pinned = (inst.learners[0].id, other)
    rules = replace(inst.rules, hard=replace(inst.rules.hard, pinned=(pinned,), forbidden=(pin,)))
    again = solve(replace(inst, rules=rules))
    made = {(m.learner, m.guide) for m in again.matches}
    assert pinned in made and pin not in made
    assert [m.pinned for m in again.matches if (m.learner, m.guide) == pinned] == [True]
    assert again.report.pinned == 1


def full_optimum(inst: Instance) -> tuple[float, int]:
    """Best total score over all feasible pairs: scipy's assignment on the capacity-expanded
    matrix (a guide with capacity c becomes c seats); scores from the reference scorer."""
    enc = encode(inst)
    n, m = enc.n_learners, enc.n_guides
    li, gi = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    ok = scoring.feasible(enc, li, gi)
    value = np.where(ok, scoring.scores(enc, li, gi), 0.0).reshape(n, m)
    feasible = ok.reshape(n, m)
    seats = np.repeat(np.arange(m), enc.capacity)
    if len(seats) == 0:
        return 0.0, 0
    rows, cols = linear_sum_assignment(value[:, seats], maximize=True)
    real = feasible[rows, seats[cols]]
    return float(value[rows, seats[cols]][real].sum()), int(real.sum())


@pytest.mark.parametrize("hard", RULE_SETS[:2], ids=["open", "mentoring"])
def test_optimal_equals_scipy_on_the_expanded_capacity_matrix(hard: HardRules) -> None:
    for seed in range(10):
        inst = random_instance(40, 12, seed=seed, skills=8, capacity=(1, 4))
        inst = replace(
            inst, rules=Rules(hard=hard, candidates_per_learner=None, maximize_matches_first=False)
        )
        run = solve(inst)
        best, _ = full_optimum(inst)
        assert run.report.total_score == pytest.approx(best, abs=1e-4)
        # the bound proves it, up to the rounding of scores to 1e-5
        assert run.report.upper_bound - run.report.total_score <= 1e-5 * run.report.matched + 1e-6
        assert run.report.bound_converged


def brute_force(inst: Instance) -> tuple[int, float]:
    """(most learners matched, best score among those) by trying every assignment."""
    enc = encode(inst)
    n, m = enc.n_learners, enc.n_guides
    options = []
    for i in range(n):
        gi = np.arange(m)
        ok = scoring.feasible(enc, np.full(m, i), gi)
        s = scoring.scores(enc, np.full(m, i), gi)
        options.append([-1] + [(j, float(s[j])) for j in np.flatnonzero(ok)])  # type: ignore[list-item]
    best = (0, 0.0)
    for choice in itertools.product(*options):
        used: dict[int, int] = {}
        for c in choice:
            if c != -1:
                used[c[0]] = used.get(c[0], 0) + 1  # type: ignore[index]
        if any(used[j] > enc.capacity[j] for j in used):
            continue
        picked = [c for c in choice if c != -1]
        key = (len(picked), sum(c[1] for c in picked))  # type: ignore[index]
        if key[0] > best[0] or (key[0] == best[0] and key[1] > best[1] + 1e-12):
            best = key  # type: ignore[assignment]
    return best


def test_matches_first_maximizes_the_count_then_the_score() -> None:
    for seed in range(25):
        inst = random_instance(6, 3, seed=seed, skills=4, capacity=(0, 2), overlap=0.0)
        inst = replace(
            inst, rules=Rules(hard=HardRules(level_gap=(0, 3)), candidates_per_learner=None)
        )
        count, score = brute_force(inst)
        run = solve(inst)
        assert run.report.matched == count
        assert run.report.total_score == pytest.approx(score, abs=1e-4)


@pytest.mark.parametrize("first", [True, False], ids=["matches-first", "score-only"])
@pytest.mark.parametrize("hard", RULE_SETS[:3], ids=["open", "mentoring", "team"])
def test_gap_bound_holds_when_candidates_are_pruned(hard: HardRules, first: bool) -> None:
    for seed in range(10):
        inst = random_instance(60, 12, seed=seed, skills=6, capacity=(1, 3))
        inst = replace(
            inst,
            rules=Rules(
                hard=hard, candidates_per_learner=1 + seed % 3, maximize_matches_first=first
            ),
        )
        run = solve(inst)
        best, _ = full_optimum(inst)
        assert run.report.total_score <= best + 1e-6
        assert run.report.upper_bound >= best - 1e-6
        assert run.report.optimality_gap == pytest.approx(
            (run.report.upper_bound - run.report.total_score) / run.report.upper_bound, abs=1e-6
        )


def test_gap_bound_over_given_pairs() -> None:
    for seed in range(8):
        inst = random_instance(40, 10, seed=seed, skills=6, capacity=(1, 2))
        enc = encode(inst)
        n, m = enc.n_learners, enc.n_guides
        li, gi = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
        rng = np.random.default_rng(seed)
        score = rng.random(len(li))
        pairs = tuple(
            GivenPair(enc.learners.ids[a], enc.guides.ids[b], float(x))
            for a, b, x in zip(li.tolist(), gi.tolist(), score.tolist(), strict=True)
        )
        given = replace(
            inst, pairs=pairs, rules=Rules(candidates_per_learner=2, maximize_matches_first=False)
        )
        run = solve(given)
        ok = scoring.feasible(enc, li, gi).reshape(n, m)
        value = np.where(ok, score.reshape(n, m), 0.0)
        seats = np.repeat(np.arange(m), enc.capacity)
        rows, cols = linear_sum_assignment(value[:, seats], maximize=True)
        best = float(value[rows, seats[cols]][ok[rows, seats[cols]]].sum())
        assert run.report.total_score <= best + 1e-6 <= run.report.upper_bound + 2e-6


@pytest.mark.parametrize("method", METHODS)
def test_gap_bound_is_valid_for_every_method(method: str) -> None:
    for seed in range(6):
        inst = random_instance(50, 12, seed=seed, skills=6, capacity=(1, 3))
        inst = replace(inst, rules=Rules(candidates_per_learner=3))
        run = solve(inst, method)  # type: ignore[arg-type]
        assert run.report.upper_bound >= full_optimum(inst)[0] - 1e-6


@pytest.mark.parametrize("method", ["stable-learner", "stable-guide"])
def test_deferred_acceptance_leaves_no_blocking_pair(method: str) -> None:
    for seed in range(15):
        inst = random_instance(40, 10, seed=seed, skills=5, capacity=(1, 3), preferences=0.3)
        inst = replace(inst, rules=Rules(candidates_per_learner=rand_k(seed) or 4))
        run = solve(inst, method)  # type: ignore[arg-type]
        assert run.report.blocking_pairs == 0
        assert independent_blocking_pairs(inst, run) == 0


def test_learner_proposing_is_best_for_every_learner() -> None:
    for seed in range(10):
        inst = random_instance(30, 8, seed=seed, skills=5, capacity=(1, 2))
        prepared = prepare(inst)
        prefs = stable.preferences(prepared.enc, prepared.cands)
        mine = stable.learner_proposing(prepared.cands, prepared.capacity, prefs)
        theirs = stable.guide_proposing(prepared.cands, prepared.capacity, prefs)
        key = prefs.learner_key
        for a, b in zip(mine, theirs, strict=True):
            if b >= 0:  # the guide-optimal match is never better for the learner
                assert a >= 0 and key[a] <= key[b]


def independent_blocking_pairs(inst: Instance, run: object) -> int:
    """Blocking pairs from plain dictionaries: stated rankings first, then score."""
    prepared = prepare(inst)
    enc, cands = prepared.enc, prepared.cands
    score = {}
    for e in range(len(cands)):
        score[(enc.learners.ids[cands.learner[e]], enc.guides.ids[cands.guide[e]])] = float(
            cands.score[e]
        )
    learners = {p.id: p for p in inst.learners}
    guides = {g.id: g for g in inst.guides}

    def l_key(lrn: str, g: str) -> tuple[int, float]:
        stated = [x for x in learners[lrn].preferences]
        return (stated.index(g), 0.0) if g in stated else (10**6, -score[(lrn, g)])

    def g_key(g: str, lrn: str) -> tuple[int, float]:
        stated = [x for x in guides[g].preferences]
        return (stated.index(lrn), 0.0) if lrn in stated else (10**6, -score[(lrn, g)])

    partner = {m.learner: m.guide for m in run.matches}  # type: ignore[attr-defined]
    held: dict[str, list[str]] = {}
    for m in run.matches:  # type: ignore[attr-defined]
        held.setdefault(m.guide, []).append(m.learner)
    count = 0
    for (lrn, g), _ in score.items():
        if partner.get(lrn) == g:
            continue
        wants = lrn not in partner or l_key(lrn, g) < l_key(lrn, partner[lrn])
        mine = held.get(g, [])
        room = len(mine) < guides[g].capacity
        better = any(g_key(g, lrn) < g_key(g, other) for other in mine)
        if wants and (room or better):
            count += 1
    return count


@pytest.mark.parametrize("method", METHODS)
def test_blocking_pair_count_agrees_with_a_plain_count(method: str) -> None:
    for seed in range(8):
        inst = random_instance(30, 8, seed=seed, skills=5, capacity=(1, 2), preferences=0.3)
        run = solve(inst, method)  # type: ignore[arg-type]
        assert run.report.blocking_pairs == independent_blocking_pairs(inst, run)


@pytest.mark.parametrize("k", [1, 3, 7, None])
@pytest.mark.parametrize("hard", RULE_SETS, ids=lambda h: f"{h.reporting_line}-{h.role}")
def test_fast_candidates_agree_with_the_reference_scorer(k: int | None, hard: HardRules) -> None:
    for seed in range(6):
        inst = random_instance(80, 30, seed=seed, skills=10, capacity=(1, 3), preferences=0.3)
        inst = replace(
            inst,
            rules=Rules(
                hard=hard,
                candidates_per_learner=k,
                soft={**Rules().soft, "tenure_gap": 0.1, "same_stage": 0.2},
            ),
        )
        enc = encode(inst)
        fast = generate(enc, np.ones(enc.n_learners, dtype=np.bool_), k, guide_side=False)
        n, m = enc.n_learners, enc.n_guides
        li, gi = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
        slow = from_pairs(enc, li, gi, scoring.scores(enc, li, gi), k)
        assert np.array_equal(fast.feasible, slow.feasible)
        assert np.array_equal(fast.ptr, slow.ptr)
        for i in range(n):
            a = np.sort(fast.score[fast.ptr[i] : fast.ptr[i + 1]])
            b = np.sort(slow.score[slow.ptr[i] : slow.ptr[i + 1]])
            assert np.allclose(a, b, atol=1e-5)
            # each kept pair carries its own score
            pairs = (
                fast.learner[fast.ptr[i] : fast.ptr[i + 1]],
                fast.guide[fast.ptr[i] : fast.ptr[i + 1]],
            )
            assert np.allclose(
                fast.score[fast.ptr[i] : fast.ptr[i + 1]], scoring.scores(enc, *pairs), atol=1e-5
            )
        assert np.allclose(
            np.nan_to_num(fast.next_best, neginf=-9),
            np.nan_to_num(slow.next_best, neginf=-9),
            atol=1e-5,
        )


def test_unmatched_learners_are_told_why() -> None:
    inst = random_instance(40, 5, seed=3, skills=5, capacity=(1, 1))
    rules = Rules(hard=HardRules(role="mentor", min_overlap_hours=7))
    run = solve(replace(inst, rules=rules))
    reasons = {u.reason for u in run.report.unmatched}
    assert reasons <= {"opted_out", "no_feasible_guide", "capacity_taken"}
    assert "capacity_taken" in reasons and "no_feasible_guide" in reasons
    funnel = next(u.detail for u in run.report.unmatched if u.reason == "no_feasible_guide")
    assert funnel.startswith("of 5 guides, ") and "offer the mentor role" in funnel
    assert sum(run.report.unmatched_by_reason.values()) == len(run.report.unmatched)


def test_load_figures() -> None:
    run = solve(random_instance(60, 10, seed=1, skills=5, capacity=(2, 2)))
    assert 0 < run.report.max_load_ratio <= 1
    assert 0 <= run.report.load_gini < 1
    assert sum(run.report.guides_by_load.values()) == sum(
        1
        for g in random_instance(60, 10, seed=1, skills=5, capacity=(2, 2)).guides
        if g.capacity > 0
    )


def test_load_fairness_spreads_learners() -> None:
    inst = random_instance(30, 10, seed=4, skills=3, capacity=(3, 3))
    plain = solve(replace(inst, rules=Rules(soft={**Rules().soft, "load_fairness": 0.0})))
    fair = solve(replace(inst, rules=Rules(soft={**Rules().soft, "load_fairness": 2.0})))
    assert fair.report.load_gini <= plain.report.load_gini
    assert fair.report.matched == plain.report.matched


def test_guides_few_learners_rank_get_learners_added() -> None:
    for seed in range(6):
        inst = random_instance(120, 30, seed=seed, skills=10, capacity=(1, 3))
        enc = encode(inst)
        everyone = np.ones(enc.n_learners, dtype=np.bool_)
        plain = generate(enc, everyone, 2, guide_side=False)
        more = generate(enc, everyone, 2)
        assert len(more) >= len(plain)
        # every pair is feasible, scored right and listed once
        assert scoring.feasible(enc, more.learner, more.guide).all()
        assert np.allclose(more.score, scoring.scores(enc, more.learner, more.guide), atol=1e-5)
        keys = more.learner * enc.n_guides + more.guide
        assert len(np.unique(keys)) == len(keys)
        assert np.array_equal(np.sort(more.learner), more.learner)
        before = np.bincount(plain.guide, minlength=enc.n_guides)
        after = np.bincount(more.guide, minlength=enc.n_guides)
        n, m = enc.n_learners, enc.n_guides
        li, gi = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
        fits = np.bincount(gi[scoring.feasible(enc, li, gi)], minlength=m)
        idle = enc.guides.ok & (enc.capacity > 0) & (before == 0) & (fits > 0)
        assert (after[idle] > 0).all()  # no guide that fits someone is left with no one
        assert (after <= np.maximum(before, 3 * enc.capacity)).all()


@pytest.mark.parametrize("bound", ["quick", "candidates", "full"])
@pytest.mark.parametrize("method", METHODS)
def test_every_bound_mode_is_a_valid_ceiling(method: str, bound: str) -> None:
    for seed in range(5):
        inst = random_instance(50, 12, seed=seed, skills=6, capacity=(1, 3))
        inst = replace(inst, rules=Rules(candidates_per_learner=1 + seed % 3))
        run = solve(inst, method, bound=bound)  # type: ignore[arg-type]
        assert run.report.bound_method == bound
        best, _ = full_optimum(inst)
        assert run.report.total_score <= best + 1e-6 <= run.report.upper_bound + 1e-6


def test_auto_bound_prices_small_runs_only() -> None:
    inst = random_instance(40, 10, seed=2, skills=5, capacity=(1, 2))
    assert solve(inst).report.bound_method == "full"
    with pytest.raises(ValueError, match="bound"):
        solve(inst, bound="exact")  # type: ignore[arg-type]


def test_flow_is_optimal_whatever_learners_have_no_candidates() -> None:
    """Learners without candidate pairs (and guides without seats) stay in the network as
    isolated nodes; the optimum is unchanged."""
    for seed in range(6):
        inst = random_instance(40, 12, seed=seed, skills=8, capacity=(0, 3))
        inst = replace(
            inst,
            rules=Rules(
                hard=HardRules(min_overlap_hours=7),
                candidates_per_learner=None,
                maximize_matches_first=False,
            ),
        )
        run = solve(inst)
        assert run.report.total_score == pytest.approx(full_optimum(inst)[0], abs=1e-4)


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (1, 4, "1 to 4 levels above"),
        (0, 2, "at most 2 levels above"),
        (-7, -1, "1 to 7 levels below"),
        (-3, 0, "at most 3 levels below"),
        (-1, 1, "from 1 level below to 1 above"),
        (-2, 3, "from 2 levels below to 3 above"),
    ],
)
def test_level_bands_read_as_words(low: int, high: int, words: str) -> None:
    from peoplefirst.matching.report import level_band

    assert level_band(low, high) == words
