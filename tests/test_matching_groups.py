"""Peer circles, recurring peer intros, re-matching and on-demand matching."""

from __future__ import annotations

import itertools
import time
from dataclasses import replace

import pytest

from peoplefirst.matching import Goal, HardRules, InstanceError, Learner, Rules, solve
from peoplefirst.matching.circles import CircleWeights, circle_sizes, peer_circles
from peoplefirst.matching.intros import next_round, pairs_of, plan_rounds
from peoplefirst.matching.ondemand import GuidePool, rematch
from peoplefirst.matching.synthetic import random_instance


@pytest.mark.parametrize(
    ("n", "low", "high", "sizes", "noted"),
    [
        (12, 4, 6, [6, 6], False),
        (13, 4, 6, [5, 4, 4], False),
        (24, 4, 6, [6, 6, 6, 6], False),
        (9, 4, 6, [5, 4], False),
        (7, 4, 6, [7], True),
        (3, 4, 6, [3], True),
        (11, 5, 5, [6, 5], True),
    ],
)
def test_circle_sizes(n: int, low: int, high: int, sizes: list[int], noted: bool) -> None:
    found, note = circle_sizes(n, low, high)
    assert found == sizes and sum(found) == n and bool(note) == noted


@pytest.mark.parametrize("n", [5, 17, 40, 101])
def test_everyone_is_in_exactly_one_circle_of_the_right_size(n: int) -> None:
    inst = random_instance(n, 2, seed=n, skills=6, departments=4)
    plan = peer_circles(inst.learners, min_size=4, max_size=6)
    members = [m for c in plan.circles for m in c.members]
    taking_part = [p.id for p in inst.learners if not p.opted_out]
    assert sorted(members) == sorted(taking_part)
    if len(taking_part) >= 4:
        assert all(4 <= len(c.members) <= 6 for c in plan.circles) or plan.notes
    assert plan.objective == pytest.approx(sum(c.value for c in plan.circles))


def _learner(i: int, goal: str, department: str, stage: str = "") -> Learner:
    return Learner(id=f"p{i}", goals=(Goal(goal),), department=department, stage=stage)


def test_circles_group_shared_goals_across_departments() -> None:
    goals = ["sql", "negotiation", "coaching"]
    people = [_learner(i, goals[i % 3], f"D{i % 4}") for i in range(24)]
    plan = peer_circles(people, min_size=4, max_size=4, swaps=5000)
    for circle in plan.circles:
        wanted = {next(iter(p.goals)).skill for p in people if p.id in circle.members}
        assert len(wanted) == 1  # the best plan puts one goal in each circle
        assert circle.departments >= 3
        assert "all want to get better at" in circle.why
    # the local search only ever improves on the initial deal
    unsearched = peer_circles(people, min_size=4, max_size=4, swaps=0)
    assert plan.objective >= unsearched.objective


def test_circle_weights_and_bounds_are_checked() -> None:
    with pytest.raises(InstanceError, match="max_size"):
        peer_circles([], min_size=5, max_size=4)
    people = [_learner(i, "sql", "D", stage="new manager") for i in range(8)]
    plan = peer_circles(people, weights=CircleWeights(goal=0, stage=1, diversity=0))
    assert plan.objective == pytest.approx(2 * 6 * 1.0)  # two circles of four: 6 pairs each


@pytest.mark.parametrize("n", [2, 4, 6, 10, 16])
def test_even_groups_meet_everyone_once_in_n_minus_1_rounds(n: int) -> None:
    people = [f"p{i}" for i in range(n)]
    rounds = plan_rounds(people, n - 1, seed=3)
    met = [p for r in rounds for g in r.groups for p in pairs_of(g)]
    assert len(met) == len(set(met)) == n * (n - 1) // 2
    for r in rounds:
        assert sorted(x for g in r.groups for x in g) == sorted(people) and not r.repeats


def _fresh_round_exists(people: list[str], seen: set[frozenset[str]]) -> bool:
    """Brute force: is there a split into pairs (and one trio) with no pair met before?"""

    def splits(rest: list[str]) -> bool:
        if not rest:
            return True
        a, others = rest[0], rest[1:]
        if len(rest) == 3:
            return not any(p in seen for p in pairs_of(rest))
        for b in others:
            if frozenset((a, b)) not in seen:
                left = [x for x in others if x != b]
                if (len(left) % 2 == 0 or len(left) >= 3) and splits(left):
                    return True
        if len(rest) % 2:
            for b, c in itertools.combinations(others, 2):
                if not any(p in seen for p in pairs_of([a, b, c])):
                    left = [x for x in others if x not in (b, c)]
                    if len(left) % 2 == 0 and splits(left):
                        return True
        return False

    return splits(people)


@pytest.mark.parametrize("n", [3, 5, 7, 8, 9])
def test_no_pair_repeats_while_a_fresh_round_exists(n: int) -> None:
    people = [f"p{i}" for i in range(n)]
    for seed in range(4):
        seen: set[frozenset[str]] = set()
        for r in range(n + 1):
            found = next_round(people, met=seen, seed=seed * 50 + r)
            groups = found.groups
            assert sorted(x for g in groups for x in g) == sorted(people)  # nobody left out
            assert all(len(g) == 2 for g in groups) or (
                n % 2 and sorted(len(g) for g in groups)[-1] == 3
            )
            assert sum(len(g) == 3 for g in groups) == n % 2
            pairs = [p for g in groups for p in pairs_of(g)]
            if any(p in seen for p in pairs):
                assert not _fresh_round_exists(people, seen), (n, seed, r)
                assert found.repeats
            seen.update(pairs)


def test_people_who_never_respond_are_skipped() -> None:
    round_ = next_round(["a", "b", "c", "d", "e"], skip={"e"}, seed=1)
    assert round_.skipped == ("e",)
    assert sorted(x for g in round_.groups for x in g) == ["a", "b", "c", "d"]


def test_intros_between_two_groups() -> None:
    joiners, veterans = ["j1", "j2", "j3"], ["v1", "v2", "v3", "v4"]
    seen: set[frozenset[str]] = set()
    for r in range(3):
        found = next_round([], between=(joiners, veterans), met=seen, seed=r)
        for g in found.groups:
            assert sum(x in joiners for x in g) >= 1 and sum(x in veterans for x in g) >= 1
            assert len(g) in (2, 3)
        assert sorted(x for g in found.groups for x in g) == sorted(joiners + veterans)
        pairs = {p for g in found.groups for p in pairs_of(g) if len(p & set(joiners)) == 1}
        assert not pairs & seen
        seen |= {p for g in found.groups for p in pairs_of(g)}
    lopsided = next_round([], between=(["a"], ["x", "y", "z"]), seed=0)
    assert [len(g) for g in lopsided.groups] == [3] and len(lopsided.sitting_out) == 1
    assert "too small" in lopsided.sitting_out[0][1]


def test_rematch_leaves_every_other_pair_and_capacity_alone() -> None:
    inst = random_instance(120, 25, seed=9, skills=8, capacity=(1, 3))
    inst = replace(inst, rules=Rules(hard=HardRules(reporting_line="outside", min_overlap_hours=2)))
    run = solve(inst)
    pairs = {m.learner: m.guide for m in run.matches}
    pool = GuidePool.after_run(inst, pairs.items())
    learners = {p.id: p for p in inst.learners}
    guides = {g.id: g for g in inst.guides}
    for who in list(pairs)[:10]:
        ended = pairs[who]
        before = {g: pool.seats_left(g) for g in guides}
        found = rematch(pool, learners[who], ended)
        if not found:
            assert pool.seats_left(ended) == before[ended] + 1
            del pairs[who]
            continue
        new = found[0].guide
        assert new != ended and before[new] > 0
        pairs[who] = new
        for g in guides:  # only the two guides involved changed
            expected = before[g] + (g == ended) - (g == new)
            assert pool.seats_left(g) == expected
        load: dict[str, int] = {}
        for g in pairs.values():
            load[g] = load.get(g, 0) + 1
        assert all(load[g] <= guides[g].capacity for g in load)
    # a learner is never sent back to the guide they just left, nor to ones they left before
    who = next(iter(pairs))
    current = pairs[who]
    found = rematch(pool, learners[who], current, also_exclude=[ended])
    assert found and all(s.guide not in (current, ended) for s in found)


def test_find_guides_now_is_load_aware_and_fast() -> None:
    inst = random_instance(10, 10_000, seed=4, skills=60, capacity=(2, 2))
    pool = GuidePool(inst.guides, inst.rules, inst.skills)
    learner = next(p for p in inst.learners if p.goals and not p.opted_out)
    started = time.perf_counter()
    first = pool.find(learner, 5)
    assert time.perf_counter() - started < 0.5
    assert len(first) == 5 and all(s.reasons for s in first)
    best = first[0].guide
    pool.take(best)
    again = pool.find(learner, 5, load_weight=10.0)
    assert best not in [s.guide for s in again[:1]]  # half full now: ranked below the others
    pool.take(best)
    assert best not in [s.guide for s in pool.find(learner, 50)]  # full: never offered
    with pytest.raises(InstanceError, match="no seat left"):
        pool.take(best)
