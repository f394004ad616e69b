"""Peer circles: everyone in a group of `min_size`-`max_size` people who share a goal or a
stage and come from different departments.

Objective (stated, and what `CirclePlan.objective` reports): the sum over circles of the
sum over every pair of members of

    goal · [they share a goal] + stage · [they are at the same stage]
        + diversity · [they work in different departments]

with the weights of `CircleWeights`. Circle sizes are fixed first (as even as the bounds
allow), so every plan has the same number of pairs and the weights trade off cleanly.
Heuristic: an initial deal of people sorted by goal and stage, departments interleaved,
then local search swapping two people between circles whenever that raises the objective.
Nobody is left out: when the bounds cannot hold everyone, the plan says which circle is
outside them and why.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from peoplefirst.matching.errors import InstanceError
from peoplefirst.matching.model import Learner, SkillInfo


@dataclass(frozen=True, slots=True)
class CircleWeights:
    goal: float = 1.0
    stage: float = 0.5
    diversity: float = 0.5


@dataclass(frozen=True, slots=True)
class Circle:
    members: tuple[str, ...]
    goal: str | None  # the goal most members share, if two or more do
    stage: str
    departments: int
    value: float  # this circle's share of the objective
    why: str


@dataclass(frozen=True, slots=True)
class CirclePlan:
    circles: tuple[Circle, ...]
    objective: float
    notes: tuple[str, ...]  # sizes outside the bounds, people who opted out


def peer_circles(
    learners: Sequence[Learner],
    *,
    min_size: int = 4,
    max_size: int = 6,
    weights: CircleWeights | None = None,
    seed: int = 1,
    swaps: int | None = None,
    skills: Sequence[SkillInfo] = (),
) -> CirclePlan:
    """Partition the learners (opted-out ones aside) into circles; see the module text."""
    if min_size < 2:
        raise InstanceError("min_size", f"must be 2 or more, got {min_size}")
    if max_size < min_size:
        raise InstanceError("max_size", f"must be at least min_size ({min_size}), got {max_size}")
    w = weights or CircleWeights()
    names = {s.key: s.name for s in skills if s.name}
    people = [p for p in learners if not p.opted_out]
    notes = [f"{p.label} opted out" for p in learners if p.opted_out]
    n = len(people)
    if n == 0:
        return CirclePlan((), 0.0, tuple(notes))
    sizes, note = circle_sizes(n, min_size, max_size)
    if note:
        notes.append(note)
    goals = [frozenset(g.skill for g in p.goals) for p in people]
    rng = random.Random(seed)
    order = _initial_order(people, goals)
    circles: list[list[int]] = []
    at = 0
    for size in sizes:
        circles.append(order[at : at + size])
        at += size

    def pair(a: int, b: int) -> float:
        pa, pb = people[a], people[b]
        value = w.goal if goals[a] & goals[b] else 0.0
        if pa.stage and pa.stage == pb.stage:
            value += w.stage
        if pa.department != pb.department:
            value += w.diversity
        return value

    where = [0] * n
    for c, members in enumerate(circles):
        for person in members:
            where[person] = c
    by_goal: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(goals):
        for key in g:
            by_goal[key].append(i)
    budget = swaps if swaps is not None else min(40 * n, 400_000)
    for _ in range(budget if len(circles) > 1 else 0):
        a = rng.randrange(n)
        pool = by_goal[rng.choice(sorted(goals[a]))] if goals[a] and rng.random() < 0.7 else None
        b = rng.choice(pool) if pool else rng.randrange(n)
        ca, cb = where[a], where[b]
        if ca == cb:
            continue
        gain = sum(pair(b, x) - pair(a, x) for x in circles[ca] if x != a)
        gain += sum(pair(a, x) - pair(b, x) for x in circles[cb] if x != b)
        if gain > 1e-12:
            circles[ca][circles[ca].index(a)] = b
            circles[cb][circles[cb].index(b)] = a
            where[a], where[b] = cb, ca
    made = []
    total = 0.0
    for members in circles:
        value = sum(pair(a, b) for i, a in enumerate(members) for b in members[i + 1 :])
        total += value
        made.append(
            _describe([people[i] for i in members], [goals[i] for i in members], value, names)
        )
    return CirclePlan(tuple(made), round(total, 6), tuple(notes))


def circle_sizes(n: int, min_size: int, max_size: int) -> tuple[list[int], str]:
    """Sizes as even as possible within the bounds, or the nearest miss with a note."""
    fewest = -(-n // max_size)
    if fewest * min_size <= n:
        count = fewest
        note = ""
    else:
        count = max(1, n // min_size)
        note = (
            f"{n} people cannot all sit in circles of {min_size}-{max_size}; "
            f"made {count} circle{'s' if count != 1 else ''} of about {n // count} instead"
        )
    base, extra = divmod(n, count)
    return [base + 1] * extra + [base] * (count - extra), note


def _initial_order(people: Sequence[Learner], goals: Sequence[frozenset[str]]) -> list[int]:
    """People sorted by their rarest-first goal and stage, departments interleaved within."""
    popularity = Counter(key for g in goals for key in g)
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, p in enumerate(people):
        main = min(goals[i], key=lambda key: (popularity[key], key)) if goals[i] else ""
        buckets[(main, p.stage)].append(i)
    order: list[int] = []
    for key in sorted(buckets):
        by_department: dict[str, list[int]] = defaultdict(list)
        for i in buckets[key]:
            by_department[people[i].department].append(i)
        queues = [by_department[d] for d in sorted(by_department)]
        while any(queues):
            for q in queues:
                if q:
                    order.append(q.pop())
    return order


def _describe(
    members: Sequence[Learner], goals: Sequence[frozenset[str]], value: float, names: dict[str, str]
) -> Circle:
    counts = Counter(key for g in goals for key in g)
    goal, shared = counts.most_common(1)[0] if counts else (None, 0)
    stages = Counter(p.stage for p in members if p.stage)
    stage, at_stage = stages.most_common(1)[0] if stages else ("", 0)
    departments = len({p.department for p in members})
    parts = []
    if goal and shared >= 2:
        who = "all" if shared == len(members) else f"{shared} of {len(members)}"
        parts.append(f"{who} want to get better at {names.get(goal) or goal.replace('-', ' ')}")
    if stage and at_stage >= 2:
        parts.append(f"{at_stage} at the same stage ({stage})")
    parts.append(f"{departments} department{'s' if departments != 1 else ''}")
    return Circle(
        members=tuple(p.id for p in members),
        goal=goal if shared >= 2 else None,
        stage=stage if at_stage >= 2 else "",
        departments=departments,
        value=round(value, 6),
        why="; ".join(parts),
    )
