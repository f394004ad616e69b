"""Recurring peer intros ("coffee roulette"): rounds of pairs across the whole organization
or between two groups (new joiners x veterans), with no pair repeated while a round
without repeats is still possible.

Each round is a maximum matching on the "have not met yet" graph — Edmonds' blossom
algorithm for the whole organization, augmenting paths for two groups — so a repeat is
only ever made for someone with no one left to meet. An odd person out joins a pair as a
third (someone they have met neither of, if possible); nobody is silently left out:
people who sit a round out are listed with the reason. People who never respond are
skipped. For a fixed group of even size starting afresh, `plan_rounds` uses the circle
method, which meets every pair exactly once in n - 1 rounds.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from peoplefirst.matching.errors import InstanceError

Pair = frozenset[str]
TRIANGLE_TRIES = 200  # trios tried before an odd round settles for the fewest repeats


@dataclass(frozen=True, slots=True)
class IntroRound:
    groups: tuple[tuple[str, ...], ...]  # pairs, and a trio when numbers are odd
    repeats: tuple[tuple[str, str], ...]  # pairs who had met: no one new was left for them
    skipped: tuple[str, ...]  # never respond, so not invited
    sitting_out: tuple[tuple[str, str], ...]  # (person, why) — only when groups are lopsided


def pairs_of(group: Sequence[str]) -> list[Pair]:
    return [frozenset((a, b)) for i, a in enumerate(group) for b in group[i + 1 :]]


def plan_rounds(
    people: Sequence[str],
    rounds: int,
    *,
    met: Iterable[tuple[str, str]] = (),
    between: tuple[Sequence[str], Sequence[str]] | None = None,
    skip: Iterable[str] = (),
    seed: int = 0,
) -> list[IntroRound]:
    """`rounds` rounds in a row, each remembering the pairs of the ones before."""
    seen = {frozenset(p) for p in met}
    skipped = set(skip)
    everyone = [p for p in dict.fromkeys(people) if p not in skipped]
    if between is None and not seen and len(everyone) % 2 == 0 and len(everyone) >= 2:
        return _circle_method(everyone, rounds, tuple(sorted(set(people) & skipped)), seed)
    planned = []
    for r in range(rounds):
        found = next_round(people, met=seen, between=between, skip=skipped, seed=seed + r)
        for group in found.groups:
            seen.update(pairs_of(group))
        planned.append(found)
    return planned


def next_round(
    people: Sequence[str],
    *,
    met: Iterable[Pair | tuple[str, str]] = (),
    between: tuple[Sequence[str], Sequence[str]] | None = None,
    skip: Iterable[str] = (),
    seed: int = 0,
) -> IntroRound:
    """One round. `between=(A, B)` pairs people of A with people of B only (then `people`
    is ignored); otherwise anyone in `people` may meet anyone."""
    seen = {frozenset(p) for p in met}
    skipped = set(skip)
    rng = random.Random(seed)
    if between is None:
        everyone = [p for p in dict.fromkeys(people) if p not in skipped]
        left_out = sorted(set(people) & skipped)
        rng.shuffle(everyone)
        return _whole(everyone, seen, rng, tuple(left_out))
    a_side = [p for p in dict.fromkeys(between[0]) if p not in skipped]
    b_side = [p for p in dict.fromkeys(between[1]) if p not in skipped and p not in set(a_side)]
    left_out = sorted((set(between[0]) | set(between[1])) & skipped)
    rng.shuffle(a_side)
    rng.shuffle(b_side)
    return _two_groups(a_side, b_side, seen, rng, tuple(left_out))


def _whole(
    everyone: list[str], seen: set[Pair], rng: random.Random, skipped: tuple[str, ...]
) -> IntroRound:
    n = len(everyone)
    if n < 2:
        return IntroRound((), (), skipped, tuple((p, "no one else takes part") for p in everyone))
    if n % 2:  # a trio of three strangers to each other, everyone else in fresh pairs
        for trio in _fresh_triangles(everyone, seen, rng):
            rest = [p for p in everyone if p not in trio]
            mate = _max_matching(rest, seen)
            if all(m >= 0 for m in mate):
                groups = [list(trio), *([rest[i], rest[j]] for i, j in enumerate(mate) if j > i)]
                return IntroRound(tuple(tuple(g) for g in groups), (), skipped, ())
    mate = _max_matching(everyone, seen)
    groups = [[everyone[i], everyone[j]] for i, j in enumerate(mate) if j > i]
    single = [everyone[i] for i, j in enumerate(mate) if j < 0]
    repeats: list[tuple[str, str]] = []
    # no one new is left for these people: pair them anyway
    while len(single) >= 2 + len(single) % 2:
        a, b = single.pop(), single.pop()
        groups.append([a, b])
        repeats.append((a, b))
    if single:
        _join_as_third(single[0], groups, seen, repeats, rng)
    return IntroRound(tuple(tuple(g) for g in groups), tuple(repeats), skipped, ())


def _fresh_triangles(
    everyone: Sequence[str], seen: set[Pair], rng: random.Random
) -> Iterator[tuple[str, str, str]]:
    """Up to `TRIANGLE_TRIES` trios of people who have not met each other, in random order."""
    order = list(everyone)
    rng.shuffle(order)
    tried = 0
    for i, a in enumerate(order):
        for j in range(i + 1, len(order)):
            b = order[j]
            if frozenset((a, b)) in seen:
                continue
            for c in order[j + 1 :]:
                if frozenset((a, c)) in seen or frozenset((b, c)) in seen:
                    continue
                yield a, b, c
                tried += 1
                if tried >= TRIANGLE_TRIES:
                    return


def _max_matching(people: Sequence[str], seen: set[Pair]) -> list[int]:
    mate = _greedy(people, seen)
    if sum(1 for m in mate if m < 0) > 1:
        mate = _blossom(people, seen, mate)
    return mate


def _two_groups(
    a_side: list[str],
    b_side: list[str],
    seen: set[Pair],
    rng: random.Random,
    skipped: tuple[str, ...],
) -> IntroRound:
    if len(a_side) > len(b_side):
        a_side, b_side = b_side, a_side
    mate_of_a = _bipartite(
        len(a_side), len(b_side), lambda i, j: frozenset((a_side[i], b_side[j])) not in seen
    )
    groups: list[list[str]] = []
    repeats: list[tuple[str, str]] = []
    used = set()
    for i, j in enumerate(mate_of_a):
        if j >= 0:
            groups.append([a_side[i], b_side[j]])
            used.add(j)
    spare = [b for j, b in enumerate(b_side) if j not in used]
    for i, j in enumerate(mate_of_a):
        if j < 0 and spare:  # met everyone on the other side: meet someone again
            b = spare.pop()
            groups.append([a_side[i], b])
            repeats.append((a_side[i], b))
    # spare people join pairs as a third, strangers to both where a matching allows it
    pairs = [g for g in groups if len(g) == 2]
    fits = _bipartite(
        len(spare),
        len(pairs),
        lambda i, j: all(frozenset((spare[i], x)) not in seen for x in pairs[j]),
    )
    sitting: list[tuple[str, str]] = []
    rest = []
    for i, j in enumerate(fits):
        if j >= 0:
            pairs[j].append(spare[i])
        else:
            rest.append(spare[i])
    for b in rest:
        open_pairs = [g for g in groups if len(g) == 2]
        if not open_pairs:
            sitting.append((b, "the other group is too small for everyone this round"))
            continue
        _join_as_third(b, groups, seen, repeats, rng, open_pairs)
    return IntroRound(tuple(tuple(g) for g in groups), tuple(repeats), skipped, tuple(sitting))


def _join_as_third(
    person: str,
    groups: list[list[str]],
    seen: set[Pair],
    repeats: list[tuple[str, str]],
    rng: random.Random,
    among: list[list[str]] | None = None,
) -> None:
    options = among if among is not None else [g for g in groups if len(g) == 2]
    if not options:
        groups.append([person])
        return
    fresh = min(sum(frozenset((person, x)) in seen for x in g) for g in options)
    best = [g for g in options if sum(frozenset((person, x)) in seen for x in g) == fresh]
    group = rng.choice(best)
    repeats.extend((person, x) for x in group if frozenset((person, x)) in seen)
    group.append(person)


def _greedy(everyone: Sequence[str], seen: set[Pair]) -> list[int]:
    mate = [-1] * len(everyone)
    free = list(range(len(everyone)))
    while free:
        i = free.pop()
        for at in range(len(free) - 1, -1, -1):
            j = free[at]
            if frozenset((everyone[i], everyone[j])) not in seen:
                mate[i], mate[j] = j, i
                free.pop(at)
                break
    return mate


def _blossom(everyone: Sequence[str], seen: set[Pair], mate: list[int]) -> list[int]:
    """Grow `mate` to a maximum matching of the not-yet-met graph (Edmonds)."""
    n = len(everyone)
    adj = [
        [j for j in range(n) if j != i and frozenset((everyone[i], everyone[j])) not in seen]
        for i in range(n)
    ]
    for root in range(n):
        if mate[root] < 0:
            end = _augmenting_path(root, adj, mate)
            while end >= 0:  # flip the path back to the root
                parent_end, next_end = _parent[end], mate[_parent[end]]
                mate[end], mate[parent_end] = parent_end, end
                end = next_end
    return mate


_parent: list[int] = []


def _augmenting_path(root: int, adj: list[list[int]], mate: list[int]) -> int:
    global _parent
    n = len(adj)
    used = [False] * n
    parent = [-1] * n
    base = list(range(n))
    used[root] = True
    queue = [root]

    def lca(a: int, b: int) -> int:
        seen_path = [False] * n
        while True:
            a = base[a]
            seen_path[a] = True
            if mate[a] < 0:
                break
            a = parent[mate[a]]
        while True:
            b = base[b]
            if seen_path[b]:
                return b
            b = parent[mate[b]]

    def mark(v: int, b: int, child: int, blossom: list[bool]) -> None:
        while base[v] != b:
            blossom[base[v]] = blossom[base[mate[v]]] = True
            parent[v] = child
            child = mate[v]
            v = parent[mate[v]]

    head = 0
    while head < len(queue):
        v = queue[head]
        head += 1
        for to in adj[v]:
            if base[v] == base[to] or mate[v] == to:
                continue
            if to == root or (mate[to] >= 0 and parent[mate[to]] >= 0):
                current = lca(v, to)
                blossom = [False] * n
                mark(v, current, to, blossom)
                mark(to, current, v, blossom)
                for i in range(n):
                    if blossom[base[i]]:
                        base[i] = current
                        if not used[i]:
                            used[i] = True
                            queue.append(i)
            elif parent[to] < 0:
                parent[to] = v
                if mate[to] < 0:
                    _parent = parent
                    return to
                used[mate[to]] = True
                queue.append(mate[to])
    _parent = parent
    return -1


def _bipartite(n_a: int, n_b: int, ok: Callable[[int, int], bool]) -> list[int]:
    """Maximum matching A → B over the pairs `ok` allows (augmenting paths), -1 for none."""
    adj = [[j for j in range(n_b) if ok(i, j)] for i in range(n_a)]
    mate_a = [-1] * n_a
    mate_b = [-1] * n_b

    def augment(i: int, visited: list[bool]) -> bool:
        for j in adj[i]:
            if not visited[j]:
                visited[j] = True
                if mate_b[j] < 0 or augment(mate_b[j], visited):
                    mate_a[i], mate_b[j] = j, i
                    return True
        return False

    for i in range(n_a):
        augment(i, [False] * n_b)
    return mate_a


def _circle_method(
    everyone: list[str], rounds: int, skipped: tuple[str, ...], seed: int
) -> list[IntroRound]:
    """Round-robin: fix one person, rotate the rest; n - 1 rounds meet every pair once."""
    people = list(everyone)
    random.Random(seed).shuffle(people)
    n = len(people)
    planned = []
    for r in range(rounds):
        shift = r % (n - 1)  # past n - 1 rounds every pair has met: the rotation restarts
        ring = people[1:]
        ring = ring[shift:] + ring[:shift]
        order = [people[0], *ring]
        groups = tuple((order[i], order[n - 1 - i]) for i in range(n // 2))
        repeats = groups if r >= n - 1 else ()
        planned.append(IntroRound(groups, tuple(repeats), skipped, ()))
    return planned


def check_people(people: Sequence[str]) -> None:
    for i, p in enumerate(people):
        if not p:
            raise InstanceError(f"people[{i}]", "must not be empty")
