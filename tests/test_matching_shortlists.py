"""Shortlist candidates for very large instances: every pair they keep is feasible and
scored like everywhere else, and the ceiling they report bounds every pair they leave out."""

from __future__ import annotations

import importlib
from dataclasses import replace

import numpy as np
import pytest

from peoplefirst.matching import HardRules, Rules, scoring, shortlists, solve
from peoplefirst.matching.candidates import from_pairs, generate, shortlisted_pairs
from peoplefirst.matching.encoding import encode
from peoplefirst.matching.errors import InstanceError
from peoplefirst.matching.synthetic import random_instance
from tests.test_matching_engine import allowed

# the team rule lists its pairs directly and never uses shortlists
RULE_SETS = [
    HardRules(),
    HardRules(role="mentor", reporting_line="outside", min_overlap_hours=3, level_gap=(1, 4)),
    HardRules(role="peer_partner", level_gap=(-1, 1), min_overlap_hours=6, shared_language=False),
]
solve_module = importlib.import_module("peoplefirst.matching.solve")  # the name is the function
SOFT = {**Rules().soft, "tenure_gap": 0.1, "same_stage": 0.2}


def instance(seed: int, hard: HardRules, k: int, learners: int = 300, guides: int = 120):
    inst = random_instance(learners, guides, seed=seed, skills=12, preferences=0.2)
    return replace(inst, rules=Rules(hard=hard, candidates_per_learner=k, soft=SOFT))


def every_pair(enc):
    n, m = enc.n_learners, enc.n_guides
    li, gi = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    ok = scoring.feasible(enc, li, gi)
    return li[ok], gi[ok], scoring.scores(enc, li[ok], gi[ok])


@pytest.mark.parametrize("lists", [(4, 3), (12, 6), (1000, 1000)], ids=["tiny", "short", "whole"])
@pytest.mark.parametrize("hard", RULE_SETS, ids=["open", "mentoring", "peers"])
def test_shortlists_keep_feasible_pairs_and_bound_what_they_leave_out(
    monkeypatch: pytest.MonkeyPatch, hard: HardRules, lists: tuple[int, int]
) -> None:
    monkeypatch.setattr(shortlists, "PER_SKILL", lists[0])
    monkeypatch.setattr(shortlists, "BY_FIT", lists[1])
    for seed in range(3):
        k = (5, 10, 20)[seed]
        enc = encode(instance(seed, hard, k))
        everyone = np.ones(enc.n_learners, dtype=np.bool_)
        short = generate(enc, everyone, k, search="shortlists")
        li, gi, score = every_pair(enc)
        exact = from_pairs(enc, li, gi, score, k)
        assert np.array_equal(short.feasible, exact.feasible)
        assert scoring.feasible(enc, short.learner, short.guide).all()
        assert np.allclose(short.score, scoring.scores(enc, short.learner, short.guide), atol=1e-5)
        keys = short.learner * enc.n_guides + short.guide
        assert len(np.unique(keys)) == len(keys)
        assert (np.diff(short.learner) >= 0).all()
        assert (np.bincount(short.learner, minlength=enc.n_learners) <= k).all()
        # the ceiling: no feasible pair left out scores more than the learner's next_best
        left = ~np.isin(li * enc.n_guides + gi, keys)
        assert (score[left] <= short.next_best[li[left]] + 1e-5).all()
        if lists[0] >= enc.n_guides:
            # lists that hold every guide find the exact top k
            for i in range(enc.n_learners):
                a = np.sort(short.score[short.ptr[i] : short.ptr[i + 1]])
                b = np.sort(exact.score[exact.ptr[i] : exact.ptr[i + 1]])
                assert np.allclose(a, b, atol=1e-5), i


@pytest.mark.parametrize("hard", RULE_SETS, ids=["open", "mentoring", "peers"])
def test_runs_on_shortlists_break_no_rule_and_their_bound_holds(
    monkeypatch: pytest.MonkeyPatch, hard: HardRules
) -> None:
    monkeypatch.setattr(shortlists, "PER_SKILL", 6)
    monkeypatch.setattr(shortlists, "BY_FIT", 4)
    inst = instance(4, hard, 8, learners=200, guides=60)
    exact = solve(inst, search="exact", bound="full")
    for fill_from_shortlists in (False, True):
        if fill_from_shortlists:  # idle seats filled from shortlists, as on huge instances
            monkeypatch.setattr(solve_module, "AUTO_FULL_PAIRS", 0)
        run = solve(inst, search="shortlists", bound="quick")
        learners = {p.id: p for p in inst.learners}
        guides = {g.id: g for g in inst.guides}
        for m in run.matches:
            assert allowed(inst, learners[m.learner], guides[m.guide]), m
        load: dict[str, int] = {}
        for m in run.matches:
            load[m.guide] = load.get(m.guide, 0) + 1
        assert all(n <= guides[g].capacity for g, n in load.items())
        assert run.report.upper_bound >= exact.report.total_score - 1e-6
        assert run.report.total_score <= run.report.upper_bound + 1e-6


def test_auto_search_uses_shortlists_only_above_the_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inst = instance(5, RULE_SETS[1], 5)
    enc = encode(inst)
    everyone = np.ones(enc.n_learners, dtype=np.bool_)
    calls: list[int] = []
    real = shortlists.generate_shortlists

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr("peoplefirst.matching.candidates.generate_shortlists", counted)
    generate(enc, everyone, 5)
    assert calls == []
    monkeypatch.setattr("peoplefirst.matching.candidates.SHORTLISTS_ABOVE", 10)
    generate(enc, everyone, 5)
    assert calls == [1]
    generate(enc, everyone, None)  # every feasible pair asked for: never shortlists
    assert calls == [1]


def test_an_unknown_search_is_refused_by_name() -> None:
    with pytest.raises(InstanceError) as caught:
        solve(instance(1, RULE_SETS[0], 5), search="nearest")  # type: ignore[arg-type]
    assert caught.value.field == "search"


def test_shortlisted_pairs_stay_among_the_guides_asked_for() -> None:
    enc = encode(instance(6, RULE_SETS[0], 5))  # preferences link learners to any guide
    everyone = np.ones(enc.n_learners, dtype=np.bool_)
    idle = np.zeros(enc.n_guides, dtype=np.bool_)
    idle[::7] = True
    li, gi, score = shortlisted_pairs(enc, everyone, 3, columns_of=idle)
    assert len(gi) and idle[gi].all()
    assert (np.bincount(li, minlength=enc.n_learners) <= 3).all()
    assert np.allclose(score, scoring.scores(enc, li, gi), atol=1e-5)
