"""On-demand matching: "find me N guides for this learner now" and re-matching one learner
when a relationship ends, without touching anyone else's match.

A `GuidePool` encodes the guides once (with what each has left of their capacity) and then
answers each question by scoring one learner against every guide — a few milliseconds for
ten thousand guides. It keeps count of the seats it hands out, so answers stay load-aware.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from peoplefirst.matching import scoring
from peoplefirst.matching.encoding import (
    RELATED_CREDIT,
    Codes,
    Encoding,
    Ints,
    encode,
    encode_goals,
    encode_side,
    related_skills,
    skill_strength,
    sorted_unique,
)
from peoplefirst.matching.errors import InstanceError
from peoplefirst.matching.explain import Explainer, Reason, join_reasons
from peoplefirst.matching.model import Guide, Instance, Learner, SkillInfo
from peoplefirst.matching.rules import Rules

LOAD_WEIGHT = 0.2  # how much a half-full guide loses against an empty one: 0.1 of score


@dataclass(frozen=True, slots=True)
class Suggestion:
    guide: str
    score: float  # the pair's score under the program's rules
    ranked_by: float  # score minus the load penalty: the order suggestions come in
    seats_left: int
    reasons: tuple[Reason, ...]

    @property
    def why(self) -> str:
        return join_reasons(self.reasons)


class GuidePool:
    """Guides ready to be matched one learner at a time."""

    def __init__(
        self,
        guides: Sequence[Guide],
        rules: Rules | None = None,
        skills: Sequence[SkillInfo] = (),
        taken: Mapping[str, int] | None = None,
    ) -> None:
        """`taken`: seats already used per guide id on top of what `capacity` says is left."""
        self.rules = rules or Rules()
        self.guides = tuple(guides)
        self.skills = tuple(skills)
        base = encode(
            Instance(learners=(), guides=self.guides, rules=self.rules, skills=self.skills)
        )
        self.codes: Codes = base.codes
        self.side = base.guides
        self.words = base.guides.languages.shape[1]
        self.capacity = base.capacity.copy()
        self.load = np.zeros(len(self.guides), dtype=np.int64)
        for guide, n in (taken or {}).items():
            if guide not in self.side.index:
                raise InstanceError("taken", f"unknown guide {guide!r}")
            self.load[self.side.index[guide]] += n
        near = related_skills(self.skills)
        by_skill: dict[str, list[tuple[int, float]]] = defaultdict(list)
        avoided_by: dict[str, list[int]] = defaultdict(list)
        above: dict[str, list[int]] = defaultdict(list)
        chosen_by: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for j, g in enumerate(self.guides):
            for claim in g.skills:
                value = skill_strength(claim.level, claim.source, claim.endorsements)
                by_skill[claim.skill].append((j, value))
                for other in near.get(claim.skill, ()):
                    by_skill[other].append((j, value * RELATED_CREDIT))
            for person in g.avoid:
                avoided_by[person].append(j)
            for person in g.manager_chain:
                above[person].append(j)  # g reports, at some remove, to this person
            for rank, person in enumerate(g.preferences):
                chosen_by[person].append((j, (len(g.preferences) - rank) / len(g.preferences)))
        self._by_skill = dict(by_skill)
        self._avoided_by = dict(avoided_by)
        self._below = dict(above)
        self._chosen_by = dict(chosen_by)

    @classmethod
    def after_run(cls, instance: Instance, matches: Iterable[tuple[str, str]]) -> GuidePool:
        """A pool whose seats are what is left once these (learner, guide) matches are made."""
        taken: dict[str, int] = defaultdict(int)
        for _, guide in matches:
            taken[guide] += 1
        return cls(instance.guides, instance.rules, instance.skills, taken)

    def seats_left(self, guide: str) -> int:
        j = self.side.index[guide]
        return int(self.capacity[j] - self.load[j])

    def take(self, guide: str) -> None:
        if self.seats_left(guide) <= 0:
            raise InstanceError("guide", f"{guide!r} has no seat left")
        self.load[self.side.index[guide]] += 1

    def release(self, guide: str) -> None:
        j = self.side.index[guide]
        if self.load[j] <= 0:
            raise InstanceError("guide", f"{guide!r} holds no seat to release")
        self.load[j] -= 1

    def find(
        self,
        learner: Learner,
        n: int = 5,
        *,
        exclude: Iterable[str] = (),
        load_weight: float = LOAD_WEIGHT,
        top_reasons: int = 3,
    ) -> list[Suggestion]:
        """The `n` best feasible guides with a free seat, ranked by score minus
        `load_weight` x (the share of their seats already taken)."""
        if n < 1:
            raise InstanceError("n", f"must be 1 or more, got {n}")
        enc = self.encode(learner, exclude)
        m = len(self.guides)
        li, gi = np.zeros(m, dtype=np.int64), np.arange(m, dtype=np.int64)
        free = self.capacity - self.load
        ok = scoring.feasible(enc, li, gi) & (free > 0)
        gi = gi[ok]
        score = scoring.scores(enc, li[ok], gi)
        share = self.load[gi] / np.maximum(self.capacity[gi], 1)
        ranked = score - load_weight * share
        best = gi[np.argsort(-ranked, kind="stable")[:n]]
        order = {int(j): float(r) for j, r in zip(gi.tolist(), ranked.tolist(), strict=True)}
        plain = {int(j): float(x) for j, x in zip(gi.tolist(), score.tolist(), strict=True)}
        instance = Instance((learner,), self.guides, self.rules, self.skills)
        reasons = Explainer(instance, enc).reasons(
            np.zeros(len(best), dtype=np.int64), best, top_reasons
        )
        return [
            Suggestion(self.guides[j].id, round(plain[j], 6), round(order[j], 6), int(free[j]), why)
            for j, why in zip(best.tolist(), reasons, strict=True)
        ]

    def encode(self, learner: Learner, exclude: Iterable[str] = ()) -> Encoding:
        """The arrays for one learner against every guide of the pool."""
        m = len(self.guides)
        side = encode_side([learner], self.codes, ok=[not learner.opted_out], words=self.words)
        skills = tuple(sorted({g.skill for g in learner.goals}))
        ptr, rows, weights = encode_goals([learner], skills)
        strength = np.zeros((len(skills), m), dtype=np.float32)
        for r, key in enumerate(skills):
            found = self._by_skill.get(key, [])
            if found:
                idx = np.array([j for j, _ in found], dtype=np.int64)
                np.maximum.at(strength[r], idx, np.array([v for _, v in found], dtype=np.float32))
        index = self.side.index
        hard = self.rules.hard
        out = [learner.id, *learner.avoid, *exclude]
        if hard.reporting_line == "outside":
            out += learner.manager_chain
        blocked = [index[o] for o in out if o in index]
        blocked += self._avoided_by.get(learner.id, [])
        if hard.reporting_line == "outside":
            blocked += self._below.get(learner.id, [])
        blocked += [index[g] for lrn, g in hard.forbidden if lrn == learner.id and g in index]
        prefs = [index[g] for g in learner.preferences if g in index]
        l_keys = np.array(prefs, dtype=np.int64)
        l_vals = np.array(
            [(len(prefs) - r) / len(prefs) for r in range(len(prefs))], dtype=np.float64
        )
        chosen = sorted(self._chosen_by.get(learner.id, []))
        return Encoding(
            rules=self.rules,
            learners=side,
            guides=self.side,
            capacity=self.capacity,
            goal_ptr=ptr,
            goal_skill=rows,
            goal_weight=weights,
            goal_skills=skills,
            strength=strength,
            excluded=sorted_unique(np.array(blocked, dtype=np.int64)),
            learner_pref=_first(l_keys, l_vals),
            guide_pref=(
                np.array([j for j, _ in chosen], dtype=np.int64),
                np.array([v for _, v in chosen], dtype=np.float64),
            ),
            codes=self.codes,
        )


def _first(keys: Ints, values: np.ndarray) -> tuple[Ints, np.ndarray]:
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    keep = np.ones(len(keys), dtype=np.bool_)
    keep[1:] = keys[1:] != keys[:-1]
    return keys[keep], values[keep]


def rematch(
    pool: GuidePool,
    learner: Learner,
    ended: str,
    *,
    also_exclude: Iterable[str] = (),
    alternatives: int = 2,
) -> list[Suggestion]:
    """When `learner`'s relationship with guide `ended` stops early: release that seat,
    propose the best feasible guide with a free seat (then `alternatives` more), never
    `ended` again, and take the proposed guide's seat. Nobody else's match changes."""
    pool.release(ended)
    found = pool.find(learner, 1 + alternatives, exclude=(ended, *also_exclude), load_weight=0.0)
    if found:
        pool.take(found[0].guide)
    return found


def learner_by_id(instance: Instance, learner: str) -> Learner:
    for p in instance.learners:
        if p.id == learner:
            return p
    raise InstanceError("learner", f"unknown learner {learner!r}")
