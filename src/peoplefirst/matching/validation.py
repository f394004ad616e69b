"""Checks an instance before it is solved; every error names the field at fault."""

from __future__ import annotations

import math
from collections.abc import Sequence

from peoplefirst.domain.vocabulary import GuideRole, SkillSource
from peoplefirst.matching.errors import InstanceError
from peoplefirst.matching.model import Guide, Instance, Learner
from peoplefirst.matching.rules import FEATURES, check_rules

ROLES = frozenset(role.value for role in GuideRole)
SOURCES = frozenset(source.value for source in SkillSource)


def check_instance(instance: Instance) -> None:
    """Raise InstanceError for the first problem found, naming its field."""
    check_rules(instance.rules)
    _check_people("learners", instance.learners)
    _check_people("guides", instance.guides)
    for i, learner in enumerate(instance.learners):
        for j, goal in enumerate(learner.goals):
            if not goal.skill:
                raise InstanceError(f"learners[{i}].goals[{j}].skill", "must name a skill")
            if not math.isfinite(goal.weight) or goal.weight <= 0:
                raise InstanceError(
                    f"learners[{i}].goals[{j}].weight", f"must be more than 0, got {goal.weight!r}"
                )
    for i, guide in enumerate(instance.guides):
        where = f"guides[{i}]"
        if guide.capacity < 0:
            raise InstanceError(f"{where}.capacity", f"must be 0 or more, got {guide.capacity}")
        for j, role in enumerate(guide.roles):
            if role not in ROLES:
                raise InstanceError(
                    f"{where}.roles[{j}]",
                    f"unknown role {role!r}; known: {', '.join(sorted(ROLES))}",
                )
        for j, claim in enumerate(guide.skills):
            if not claim.skill:
                raise InstanceError(f"{where}.skills[{j}].skill", "must name a skill")
            if not 1 <= claim.level <= 5:
                raise InstanceError(
                    f"{where}.skills[{j}].level", f"must be 1 to 5, got {claim.level}"
                )
            if claim.source not in SOURCES:
                raise InstanceError(
                    f"{where}.skills[{j}].source",
                    f"must be one of {', '.join(sorted(SOURCES))}, got {claim.source!r}",
                )
            if claim.endorsements < 0:
                raise InstanceError(f"{where}.skills[{j}].endorsements", "must be 0 or more")
    learner_ids = {p.id for p in instance.learners}
    guide_ids = {g.id for g in instance.guides}
    hard = instance.rules.hard
    for name, listed in (("pinned", hard.pinned), ("forbidden", hard.forbidden)):
        for i, (lid, gid) in enumerate(listed):
            if lid not in learner_ids:
                raise InstanceError(f"rules.hard.{name}[{i}]", f"unknown learner {lid!r}")
            if gid not in guide_ids:
                raise InstanceError(f"rules.hard.{name}[{i}]", f"unknown guide {gid!r}")
    seen: dict[str, int] = {}
    forbidden = set(hard.forbidden)
    for i, (lid, gid) in enumerate(hard.pinned):
        if lid in seen:
            raise InstanceError(
                f"rules.hard.pinned[{i}]",
                f"learner {lid!r} is already pinned in pinned[{seen[lid]}]",
            )
        seen[lid] = i
        if (lid, gid) in forbidden:
            raise InstanceError(
                f"rules.hard.pinned[{i}]", f"the pair ({lid!r}, {gid!r}) is also forbidden"
            )
    if instance.pairs is not None:
        for i, pair in enumerate(instance.pairs):
            where = f"pairs[{i}]"
            if pair.learner not in learner_ids:
                raise InstanceError(f"{where}.learner", f"unknown learner {pair.learner!r}")
            if pair.guide not in guide_ids:
                raise InstanceError(f"{where}.guide", f"unknown guide {pair.guide!r}")
            if pair.score is None and not pair.features:
                raise InstanceError(where, "needs a score or features")
            if pair.score is not None and not math.isfinite(pair.score):
                raise InstanceError(f"{where}.score", "must be a finite number")
            for name, value in pair.features:
                if name not in FEATURES:
                    raise InstanceError(
                        f"{where}.features.{name}", f"unknown feature; known: {', '.join(FEATURES)}"
                    )
                if not math.isfinite(value):
                    raise InstanceError(f"{where}.features.{name}", "must be a finite number")


def _check_people(side: str, people: Sequence[Learner | Guide]) -> None:
    seen: dict[str, int] = {}
    for i, p in enumerate(people):
        where = f"{side}[{i}]"
        if not p.id:
            raise InstanceError(f"{where}.id", "must not be empty")
        if p.id in seen:
            raise InstanceError(f"{where}.id", f"{p.id!r} is already used by {side}[{seen[p.id]}]")
        seen[p.id] = i
        if p.level < 0:
            raise InstanceError(f"{where}.level", f"must be 0 or more, got {p.level}")
        if not -12 <= p.utc_offset <= 14:
            raise InstanceError(
                f"{where}.utc_offset", f"must be between -12 and +14 hours, got {p.utc_offset!r}"
            )
        if not math.isfinite(p.tenure_years) or p.tenure_years < 0:
            raise InstanceError(f"{where}.tenure_years", "must be 0 or more")
