"""Every match explained: its top reasons, each with its weight in the score, in words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from peoplefirst.domain.vocabulary import SkillLevel
from peoplefirst.matching import scoring
from peoplefirst.matching.encoding import (
    RELATED_CREDIT,
    Encoding,
    Floats,
    Ints,
    related_skills,
    skill_strength,
)
from peoplefirst.matching.model import Guide, GuideSkill, Instance, Learner
from peoplefirst.matching.rules import FEATURES


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a match: the soft goal, what it added to the score, and the words."""

    feature: str
    weight: float
    text: str


class Explainer:
    """Writes reasons for pairs of one instance; caches what it looks up per person."""

    def __init__(self, instance: Instance, enc: Encoding) -> None:
        self.instance, self.enc = instance, enc
        self.names = {s.key: s.name or s.key.replace("-", " ") for s in instance.skills}
        self.near = related_skills(instance.skills)
        self._claims: dict[int, dict[str, GuideSkill]] = {}
        self._texts: dict[str, Callable[[Learner, Guide, int], str]] = {
            "goal_fit": self._goal_fit,
            "time_zone": self._time_zone,
            "cross_department": self._department,
            "cross_location": self._location,
            "same_stage": lambda lrn, g, j: f"both {lrn.stage}",
            "level_gap": self._level,
            "tenure_gap": self._tenure,
            "learner_preference": self._learner_choice,
            "guide_preference": lambda lrn, g, j: f"{g.label} asked to work with {lrn.label}",
        }

    def reasons(self, li: Ints, gi: Ints, top: int = 3) -> list[tuple[Reason, ...]]:
        """The `top` largest contributions of each pair (those above 0), largest first."""
        if len(li) == 0:
            return []
        contrib = scoring.features(self.enc, li, gi) * scoring.weights(self.enc)
        order = np.argsort(-contrib, axis=1, kind="stable")[:, :top]
        values = np.take_along_axis(contrib, order, axis=1)
        learners, guides = self.instance.learners, self.instance.guides
        out: list[tuple[Reason, ...]] = []
        for row, (i, j) in enumerate(zip(li.tolist(), gi.tolist(), strict=True)):
            lrn, g = learners[i], guides[j]
            out.append(
                tuple(
                    Reason(FEATURES[f], round(v, 4), self._texts[FEATURES[f]](lrn, g, j))
                    for f, v in zip(order[row].tolist(), values[row].tolist(), strict=True)
                    if v > 1e-9
                )
            )
        return out

    def given_reasons(
        self, li: Ints, gi: Ints, score: Floats, top: int = 3
    ) -> list[tuple[Reason, ...]]:
        """Reasons for pairs the instance scored itself: its features when it gave them,
        otherwise the score alone."""
        given = {(p.learner, p.guide): p for p in self.instance.pairs or ()}
        w = scoring.weights(self.enc)
        col = {name: i for i, name in enumerate(FEATURES)}
        learners, guides = self.instance.learners, self.instance.guides
        out: list[tuple[Reason, ...]] = []
        for i, j, s in zip(li.tolist(), gi.tolist(), score.tolist(), strict=True):
            lrn, g = learners[i], guides[j]
            pair = given.get((lrn.id, g.id))
            if pair is None or pair.score is not None or not pair.features:
                if pair is None:  # pinned by an admin and not among the given pairs
                    out.append(self.reasons(np.array([i]), np.array([j]), top)[0])
                else:
                    out.append((Reason("score", round(s, 4), "scored by the program's own model"),))
                continue
            parts = sorted(
                ((w[col[name]] * value, name) for name, value in pair.features), reverse=True
            )
            out.append(
                tuple(
                    Reason(name, round(v, 4), self._texts[name](lrn, g, j))
                    for v, name in parts[:top]
                    if v > 1e-9
                )
            )
        return out

    def skill_name(self, key: str) -> str:
        return self.names.get(key) or key.replace("-", " ")

    def _claims_of(self, j: int, g: Guide) -> dict[str, GuideSkill]:
        found = self._claims.get(j)
        if found is None:
            found = self._claims[j] = {c.skill: c for c in g.skills}
        return found

    def _goal_fit(self, lrn: Learner, g: Guide, j: int) -> str:
        claims = self._claims_of(j, g)
        best: tuple[float, str, GuideSkill] | None = None
        for goal in lrn.goals:
            claim = claims.get(goal.skill)
            if claim is not None:
                value = goal.weight * skill_strength(claim.level, claim.source, claim.endorsements)
                if best is None or value > best[0]:
                    best = (value, goal.skill, claim)
            for other in self.near.get(goal.skill, ()):
                claim = claims.get(other)
                if claim is not None:
                    value = (
                        goal.weight
                        * RELATED_CREDIT
                        * skill_strength(claim.level, claim.source, claim.endorsements)
                    )
                    if best is None or value > best[0]:
                        best = (value, goal.skill, claim)
        if best is None:
            return f"{g.label} can help with {lrn.label}'s goals"
        _, goal_key, claim = best
        level = SkillLevel(claim.level).label.lower()
        what = self.skill_name(claim.skill)
        text = f"{g.label} practises {what} at level {claim.level} ({level})"
        if claim.skill != goal_key:
            text += f", close to {self.skill_name(goal_key)}"
        if claim.endorsements:
            text += f", endorsed by {claim.endorsements} {'person' if claim.endorsements == 1 else 'people'}"
        elif claim.source == "vetted":
            text += ", vetted"
        return text

    def _time_zone(self, lrn: Learner, g: Guide, j: int) -> str:
        d = abs(lrn.utc_offset - g.utc_offset) % 24
        d = min(d, 24 - d)
        place = _city(lrn.location) or _utc(lrn.utc_offset)
        if d == 0:
            return f"both on {place} time"
        return f"both within {d:g} hour{'s' if d != 1 else ''} of {place} time"

    def _department(self, lrn: Learner, g: Guide, j: int) -> str:
        return f"different departments ({lrn.department} and {g.department})"

    def _location(self, lrn: Learner, g: Guide, j: int) -> str:
        return f"{g.label} works in {_city(g.location) or g.location}, another office"

    def _level(self, lrn: Learner, g: Guide, j: int) -> str:
        gap = g.level - lrn.level
        if gap == 0:
            return f"{g.label} is at the same level"
        step = "level" if abs(gap) == 1 else "levels"
        return f"{g.label} is {abs(gap)} {step} {'more senior' if gap > 0 else 'more junior'}"

    def _tenure(self, lrn: Learner, g: Guide, j: int) -> str:
        years = g.tenure_years - lrn.tenure_years
        return f"{g.label} has been here {abs(years):.0f} year{'s' if round(abs(years)) != 1 else ''} {'longer' if years > 0 else 'less'}"

    def _learner_choice(self, lrn: Learner, g: Guide, j: int) -> str:
        rank = lrn.preferences.index(g.id) + 1 if g.id in lrn.preferences else 0
        return f"{lrn.label}'s choice #{rank}" if rank else f"{lrn.label} asked for {g.label}"


def _city(location: str) -> str:
    return location.split(",")[0].strip()


def _utc(offset: float) -> str:
    return f"UTC{offset:+g}"


def join_reasons(reasons: Sequence[Reason]) -> str:
    return "; ".join(r.text for r in reasons)
