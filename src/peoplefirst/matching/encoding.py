"""The instance as arrays: codes for departments, places and languages, skill strengths,
and the pairs ruled out one by one (avoid lists, forbidden pairs, reporting lines).

Everything downstream — candidate generation, solvers, reports — works on these arrays,
indexed by learner and guide position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from peoplefirst.matching.model import Guide, Instance, Learner, SkillInfo
from peoplefirst.matching.rules import Rules

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

SOURCE_FACTOR = {"self": 0.85, "inferred": 0.9, "endorsed": 0.95, "vetted": 1.0}
ENDORSEMENT_STEP = 0.04  # each endorsement adds this to a skill's strength, up to 5 of them
RELATED_CREDIT = 0.5  # a skill next to the goal in the taxonomy (parent, child, sibling)
TENURE_SPAN = 10.0  # years of tenure difference that earn the full tenure-gap score
LEVEL_SPAN = 3.0  # levels away from the ideal gap at which the level-gap score reaches 0
OTHER_LANGUAGE = "\x00other"  # newcomers' languages that no one in the encoding speaks


class Vocabulary:
    """Codes for text values; the empty text is -1 (unknown, never equal, never different)."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def code(self, value: str) -> int:
        if not value:
            return -1
        return self.codes.setdefault(value, len(self.codes))


@dataclass(slots=True)
class Codes:
    """The shared vocabularies of one encoding (a pool keeps them to encode newcomers)."""

    people: Vocabulary
    departments: Vocabulary
    locations: Vocabulary
    stages: Vocabulary
    languages: Vocabulary

    @classmethod
    def empty(cls) -> Codes:
        return cls(Vocabulary(), Vocabulary(), Vocabulary(), Vocabulary(), Vocabulary())


@dataclass(frozen=True, slots=True)
class Side:
    """One side's attributes, position-aligned with the instance's learners or guides."""

    ids: tuple[str, ...]
    index: dict[str, int]
    person: Ints
    manager: Ints  # the direct manager's person code, -1 when none is known
    level: Ints
    department: Ints
    location: Ints
    stage: Ints
    utc_offset: Floats
    tenure: Floats
    languages: NDArray[np.uint64]  # (n, words) bit sets; all zero = not stated
    ok: Bools  # not opted out (guides: also offers the role and has capacity)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class Encoding:
    """Arrays for one instance and its rules."""

    rules: Rules
    learners: Side
    guides: Side
    capacity: Ints
    goal_ptr: Ints  # learner i's goals are goal_skill/goal_weight[goal_ptr[i]:goal_ptr[i+1]]
    goal_skill: Ints  # row of `strength`
    goal_weight: Floats  # normalized to sum 1 per learner
    goal_skills: tuple[str, ...]  # the skill key of each row of `strength`
    strength: NDArray[np.float32]  # (goal skills, guides): how well each guide covers it, 0..1
    excluded: Ints  # sorted keys learner * n_guides + guide of pairs never allowed
    learner_pref: tuple[Ints, Floats]  # sorted pair keys and their 0..1 preference value
    guide_pref: tuple[Ints, Floats]
    codes: Codes

    @property
    def n_learners(self) -> int:
        return len(self.learners)

    @property
    def n_guides(self) -> int:
        return len(self.guides)


def skill_strength(level: int, source: str, endorsements: int) -> float:
    """How strongly a guide's skill claim counts: level/5, discounted by a weaker source,
    plus a little for each endorsement (up to five), capped at 1."""
    base = level / 5 * SOURCE_FACTOR.get(source, SOURCE_FACTOR["self"])
    return min(1.0, base + ENDORSEMENT_STEP * min(max(endorsements, 0), 5))


def related_skills(skills: Sequence[SkillInfo]) -> dict[str, set[str]]:
    """Skill key → the keys next to it in the taxonomy: its parent, children and siblings."""
    parent = {s.key: s.parent for s in skills if s.parent}
    children: dict[str, set[str]] = {}
    for key, up in parent.items():
        children.setdefault(up, set()).add(key)
    near: dict[str, set[str]] = {}
    for s in skills:
        found = set(children.get(s.key, ()))
        if s.key in parent:
            found.add(parent[s.key])
            found |= children.get(parent[s.key], set())
        found.discard(s.key)
        if found:
            near[s.key] = found
    return near


def encode(instance: Instance, codes: Codes | None = None) -> Encoding:
    """Encode a checked instance (see `check_instance`)."""
    rules = instance.rules
    codes = codes or Codes.empty()
    codes.languages.code(OTHER_LANGUAGE)
    people: list[Learner | Guide] = [*instance.learners, *instance.guides]
    for person in people:
        codes.people.code(person.id)
    for person in people:
        for lang in person.languages:
            codes.languages.code(lang)
    learners = encode_side(
        instance.learners, codes, ok=[not p.opted_out for p in instance.learners]
    )
    role = rules.hard.role
    guides = encode_side(
        instance.guides,
        codes,
        ok=[
            not g.opted_out and g.capacity > 0 and (role is None or role in g.roles)
            for g in instance.guides
        ],
    )
    capacity = np.array([g.capacity for g in instance.guides], dtype=np.int64)
    goal_skills = tuple(sorted({goal.skill for p in instance.learners for goal in p.goals}))
    ptr, skill_rows, weights = encode_goals(instance.learners, goal_skills)
    strength = strength_matrix(instance.guides, goal_skills, instance.skills)
    n_guides = len(instance.guides)
    return Encoding(
        rules=rules,
        learners=learners,
        guides=guides,
        capacity=capacity,
        goal_ptr=ptr,
        goal_skill=skill_rows,
        goal_weight=weights,
        goal_skills=goal_skills,
        strength=strength,
        excluded=excluded_pairs(instance, learners, guides),
        learner_pref=_preferences(
            [
                (i, [guides.index.get(g, -1) for g in p.preferences])
                for i, p in enumerate(instance.learners)
                if p.preferences
            ],
            n_guides,
            learner_side=True,
        ),
        guide_pref=_preferences(
            [
                (j, [learners.index.get(li, -1) for li in g.preferences])
                for j, g in enumerate(instance.guides)
                if g.preferences
            ],
            n_guides,
            learner_side=False,
        ),
        codes=codes,
    )


def encode_side(
    people: Sequence[Learner | Guide], codes: Codes, ok: Sequence[bool], words: int | None = None
) -> Side:
    """One side's arrays; `words` (of 64 languages) must match the other side's."""
    words = words or max(1, (len(codes.languages.codes) + 63) // 64)
    masks: dict[tuple[str, ...], list[int]] = {}
    rows = []
    for p in people:
        mask = masks.get(p.languages)
        if mask is None:
            mask = masks[p.languages] = _language_mask(p.languages, codes.languages, words)
        rows.append(mask)
    languages = np.array(rows, dtype=np.uint64).reshape(len(people), words)
    return Side(
        ids=tuple(p.id for p in people),
        index={p.id: i for i, p in enumerate(people)},
        person=codes_of(codes.people, [p.id for p in people]),
        manager=codes_of(
            codes.people, [p.manager_chain[0] if p.manager_chain else "" for p in people]
        ),
        level=np.array([p.level for p in people], dtype=np.int64),
        department=codes_of(codes.departments, [p.department for p in people]),
        location=codes_of(codes.locations, [p.location for p in people]),
        stage=codes_of(codes.stages, [p.stage for p in people]),
        utc_offset=np.array([p.utc_offset for p in people], dtype=np.float64),
        tenure=np.array([p.tenure_years for p in people], dtype=np.float64),
        languages=languages,
        ok=np.array(ok, dtype=np.bool_),
    )


def codes_of(vocabulary: Vocabulary, values: Sequence[str]) -> Ints:
    table = vocabulary.codes
    return np.array([table.setdefault(v, len(table)) if v else -1 for v in values], dtype=np.int64)


def _language_mask(languages: Sequence[str], vocabulary: Vocabulary, words: int) -> list[int]:
    mask = [0] * words
    for lang in languages:
        c = vocabulary.code(lang)
        if c // 64 >= words:  # a newcomer speaking a language no one else does
            c = vocabulary.code(OTHER_LANGUAGE)
        mask[c // 64] |= 1 << (c % 64)
    return mask


def encode_goals(
    learners: Sequence[Learner], goal_skills: Sequence[str]
) -> tuple[Ints, Ints, Floats]:
    row = {key: i for i, key in enumerate(goal_skills)}
    counts: list[int] = []
    skills: list[int] = []
    weights: list[float] = []
    for p in learners:
        merged: dict[int, float] = {}
        for goal in p.goals:
            if goal.skill in row:
                merged[row[goal.skill]] = merged.get(row[goal.skill], 0.0) + goal.weight
        total = sum(merged.values())
        for s, w in merged.items():
            skills.append(s)
            weights.append(w / total if total > 0 else 0.0)
        counts.append(len(merged))
    ptr = np.concatenate(([0], np.cumsum(np.array(counts, dtype=np.int64)))).astype(np.int64)
    return ptr, np.array(skills, dtype=np.int64), np.array(weights, dtype=np.float64)


def strength_matrix(
    guides: Sequence[Guide], goal_skills: Sequence[str], skills: Sequence[SkillInfo]
) -> NDArray[np.float32]:
    """(goal skill, guide) → strength 0..1: the guide's own claim, or a related skill's at
    `RELATED_CREDIT`, whichever is higher."""
    row = {key: i for i, key in enumerate(goal_skills)}
    near = related_skills(skills)
    # each skill key → the goal rows it credits in full, and those it credits in part
    direct: dict[str, int] = dict(row)
    partial: dict[str, list[int]] = {}
    for key, others in near.items():
        hits = [row[o] for o in others if o in row]
        if hits:
            partial[key] = hits
    strengths: dict[tuple[int, str, int], float] = {}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for j, g in enumerate(guides):
        for claim in g.skills:
            at, also = direct.get(claim.skill), partial.get(claim.skill)
            if at is None and also is None:
                continue
            claim_key = (claim.level, claim.source, claim.endorsements)
            value = strengths.get(claim_key)
            if value is None:
                value = strengths[claim_key] = skill_strength(*claim_key)
            if at is not None:
                rows.append(at)
                cols.append(j)
                values.append(value)
            if also is not None:
                rows.extend(also)
                cols.extend([j] * len(also))
                values.extend([value * RELATED_CREDIT] * len(also))
    matrix = np.zeros((len(goal_skills), len(guides)), dtype=np.float32)
    r = np.array(rows, dtype=np.int64)
    c = np.array(cols, dtype=np.int64)
    v = np.array(values, dtype=np.float32)
    # the largest value per cell: sort by value, the last write wins
    order = np.argsort(v, kind="stable")
    matrix[r[order], c[order]] = v[order]
    return matrix


def excluded_pairs(instance: Instance, learners: Side, guides: Side) -> Ints:
    """Keys (learner * n_guides + guide) of pairs no rule may allow: the same person, either
    side's avoid list, the admin's forbidden pairs and, for `reporting_line: outside`,
    pairs where one manages the other somewhere up the chain."""
    n = len(guides)
    keys: list[int] = []
    outside = instance.rules.hard.reporting_line == "outside"
    as_guide, as_learner = guides.index, learners.index
    for i, p in enumerate(instance.learners):
        base = i * n
        keys.extend(base + as_guide[o] for o in (p.id, *p.avoid) if o in as_guide)
        if outside:
            keys.extend(base + as_guide[o] for o in p.manager_chain if o in as_guide)
    for j, g in enumerate(instance.guides):
        keys.extend(as_learner[o] * n + j for o in g.avoid if o in as_learner)
        if outside:
            keys.extend(as_learner[o] * n + j for o in g.manager_chain if o in as_learner)
    for li, gi in instance.rules.hard.forbidden:
        if li in learners.index and gi in guides.index:
            keys.append(learners.index[li] * n + guides.index[gi])
    return sorted_unique(np.array(keys, dtype=np.int64))


def sorted_unique(keys: Ints) -> Ints:
    keys = np.sort(keys)
    keep = np.ones(len(keys), dtype=np.bool_)
    keep[1:] = keys[1:] != keys[:-1]
    return keys[keep]


def _preferences(
    ranked: Sequence[tuple[int, Sequence[int]]], n_guides: int, *, learner_side: bool
) -> tuple[Ints, Floats]:
    """Stated rankings as sorted pair keys with value (n - rank) / n: first choice 1."""
    keys: list[int] = []
    values: list[float] = []
    for owner, others in ranked:
        others = [o for o in others if o >= 0]
        for rank, other in enumerate(others):
            key = owner * n_guides + other if learner_side else other * n_guides + owner
            keys.append(key)
            values.append((len(others) - rank) / len(others))
    order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
    k = np.array(keys, dtype=np.int64)[order]
    v = np.array(values, dtype=np.float64)[order]
    first = np.ones(len(k), dtype=np.bool_)
    first[1:] = k[1:] != k[:-1]
    return k[first], v[first]


def lookup(table: tuple[Ints, Floats], keys: Ints) -> Floats:
    """The value stored for each key, 0 where none is."""
    stored, values = table
    if len(stored) == 0:
        return np.zeros(len(keys), dtype=np.float64)
    at = np.searchsorted(stored, keys)
    at_safe = np.minimum(at, len(stored) - 1)
    hit = stored[at_safe] == keys
    return np.where(hit, values[at_safe], 0.0)


def contains(sorted_keys: Ints, keys: Ints) -> Bools:
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=np.bool_)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.asarray(sorted_keys[at] == keys)


def overlap_hours(a: Floats, b: Floats, workday: float) -> Floats:
    """Hours two working days of `workday` hours overlap, at UTC offsets a and b."""
    d = np.abs(np.asarray(a) - np.asarray(b)) % 24.0
    d = np.minimum(d, 24.0 - d)
    both = np.clip(workday - d, 0.0, workday) + np.clip(workday - (24.0 - d), 0.0, workday)
    return np.asarray(np.minimum(both, workday), dtype=np.float64)


def languages_shared(a: NDArray[np.uint64], b: NDArray[np.uint64]) -> Bools:
    """Both speak a language in common, or either lists none (nothing to check)."""
    common = np.any((a & b) != 0, axis=-1)
    silent = ~np.any(a != 0, axis=-1) | ~np.any(b != 0, axis=-1)
    return np.asarray(common | silent)
