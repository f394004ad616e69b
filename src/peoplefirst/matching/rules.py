"""A program's matching rules, declared as data: hard constraints and weighted soft goals.

Rules travel as JSON (schema `version` 1, documented in docs/matching.md) and are versioned
with the program; `rules_from_dict` reads them strictly, naming the field of any mistake.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from peoplefirst.domain.vocabulary import GuideRole
from peoplefirst.matching import reading as r
from peoplefirst.matching.errors import InstanceError

RULES_VERSION = 1

FEATURES: tuple[str, ...] = (
    "goal_fit",
    "time_zone",
    "cross_department",
    "cross_location",
    "same_stage",
    "level_gap",
    "tenure_gap",
    "learner_preference",
    "guide_preference",
)
"""The soft goals scored on each learner-guide pair, each worth 0..1 times its weight."""

SOFT_GOALS: tuple[str, ...] = (*FEATURES, "load_fairness")
"""Pair features plus `load_fairness`, which prices a guide's second, third… learner."""

REPORTING_LINES = ("any", "outside", "manager_or_senior_peer")

DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "goal_fit": 1.0,
        "time_zone": 0.1,
        "cross_department": 0.15,
        "cross_location": 0.05,
        "same_stage": 0.0,
        "level_gap": 0.1,
        "tenure_gap": 0.05,
        "learner_preference": 0.3,
        "guide_preference": 0.1,
        "load_fairness": 0.0,
    }
)


@dataclass(frozen=True, slots=True)
class HardRules:
    """Constraints no match may break.

    - `role`: guides must offer this role (`mentor`, `coach`…); None accepts any guide.
    - `reporting_line`: `outside` — the guide is not in the learner's management chain nor
      the learner in theirs (career mentoring); `manager_or_senior_peer` — the guide is the
      learner's manager or a more senior person with the same manager (on-the-job
      coaching); `any`.
    - `shared_language`: both speak one language (people with no languages listed pass).
    - `min_overlap_hours`: their working days (of `Rules.workday_hours`) overlap this long.
    - `level_gap`: guide level minus learner level lies in this band, both ends included.
    - `pinned` / `forbidden`: (learner id, guide id) pairs an admin fixed or excluded.
    Opt-outs and avoid lists are always honoured.
    """

    role: str | None = None
    reporting_line: str = "any"
    shared_language: bool = True
    min_overlap_hours: float = 0.0
    level_gap: tuple[int, int] | None = None
    pinned: tuple[tuple[str, str], ...] = ()
    forbidden: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Rules:
    """Hard rules plus the weights of the soft goals (`SOFT_GOALS`; missing ones weigh 0
    when read from JSON that names `soft`, the defaults otherwise)."""

    version: int = RULES_VERSION
    program: str = ""
    hard: HardRules = field(default_factory=HardRules)
    soft: Mapping[str, float] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    ideal_level_gap: int = 1
    workday_hours: float = 8.0
    candidates_per_learner: int | None = 50
    maximize_matches_first: bool = True

    def weight(self, goal: str) -> float:
        return float(self.soft.get(goal, 0.0))


def check_rules(rules: Rules, path: str = "rules") -> None:
    """Raise InstanceError naming the first wrong field."""
    if rules.version != RULES_VERSION:
        raise InstanceError(
            f"{path}.version",
            f"unsupported version {rules.version}; this engine reads {RULES_VERSION}",
        )
    hard = rules.hard
    roles = {role.value for role in GuideRole}
    if hard.role is not None and hard.role not in roles:
        raise InstanceError(
            f"{path}.hard.role", f"unknown role {hard.role!r}; known: {', '.join(sorted(roles))}"
        )
    if hard.reporting_line not in REPORTING_LINES:
        raise InstanceError(
            f"{path}.hard.reporting_line",
            f"must be one of {', '.join(REPORTING_LINES)}, got {hard.reporting_line!r}",
        )
    if not 0 <= hard.min_overlap_hours <= 24:
        raise InstanceError(f"{path}.hard.min_overlap_hours", "must be between 0 and 24")
    if hard.min_overlap_hours > rules.workday_hours:
        raise InstanceError(
            f"{path}.hard.min_overlap_hours",
            f"{hard.min_overlap_hours:g} h is longer than the {rules.workday_hours:g} h working day",
        )
    if hard.level_gap is not None and hard.level_gap[0] > hard.level_gap[1]:
        raise InstanceError(
            f"{path}.hard.level_gap",
            f"low end {hard.level_gap[0]} is above high end {hard.level_gap[1]}",
        )
    for key, value in rules.soft.items():
        if key not in SOFT_GOALS:
            raise InstanceError(
                f"{path}.soft.{key}", f"unknown soft goal; known: {', '.join(SOFT_GOALS)}"
            )
        if not math.isfinite(value) or value < 0:
            raise InstanceError(
                f"{path}.soft.{key}", f"must be a number of 0 or more, got {value!r}"
            )
    if not 0 < rules.workday_hours <= 24:
        raise InstanceError(f"{path}.workday_hours", "must be more than 0 and at most 24")
    if rules.candidates_per_learner is not None and rules.candidates_per_learner < 1:
        raise InstanceError(
            f"{path}.candidates_per_learner", "must be 1 or more, or null for every feasible guide"
        )


def rules_from_dict(data: object, path: str = "rules") -> Rules:
    """Read rules from parsed JSON; unknown fields are errors (a typo must not pass)."""
    obj = r.as_object(data, path)
    r.only_keys(
        obj,
        ("version", "program", "hard", "soft", "ideal_level_gap", "workday_hours",
         "candidates_per_learner", "maximize_matches_first"),
        path,
    )  # fmt: skip
    hard = _hard_from_dict(obj.get("hard", {}), r.join(path, "hard"))
    if "soft" in obj:
        soft_obj = r.as_object(obj["soft"], r.join(path, "soft"))
        r.only_keys(soft_obj, SOFT_GOALS, r.join(path, "soft"))
        soft: Mapping[str, float] = MappingProxyType(
            {key: r.number(soft_obj, key, r.join(path, "soft")) for key in soft_obj}
        )
    else:
        soft = DEFAULT_WEIGHTS
    k = obj.get("candidates_per_learner", 50)
    rules = Rules(
        version=r.whole(obj, "version", path),
        program=r.text(obj, "program", path, ""),
        hard=hard,
        soft=soft,
        ideal_level_gap=r.whole(obj, "ideal_level_gap", path, 1),
        workday_hours=r.number(obj, "workday_hours", path, 8.0),
        candidates_per_learner=None
        if k is None
        else r.whole(obj, "candidates_per_learner", path, 50),
        maximize_matches_first=r.flag(obj, "maximize_matches_first", path, True),
    )
    check_rules(rules, path)
    return rules


def _hard_from_dict(data: object, path: str) -> HardRules:
    obj = r.as_object(data, path)
    r.only_keys(
        obj,
        (
            "role",
            "reporting_line",
            "shared_language",
            "min_overlap_hours",
            "level_gap",
            "pinned",
            "forbidden",
        ),
        path,
    )
    gap: tuple[int, int] | None = None
    if obj.get("level_gap") is not None:
        band = r.as_list(obj["level_gap"], r.join(path, "level_gap"))
        if len(band) != 2:
            raise InstanceError(r.join(path, "level_gap"), "must be [low, high], two whole numbers")
        holder = {"low": band[0], "high": band[1]}
        gap = (
            r.whole(holder, "low", r.join(path, "level_gap")),
            r.whole(holder, "high", r.join(path, "level_gap")),
        )
    role = obj.get("role")
    return HardRules(
        role=None if role is None else r.text(obj, "role", path),
        reporting_line=r.text(obj, "reporting_line", path, "any"),
        shared_language=r.flag(obj, "shared_language", path, True),
        min_overlap_hours=r.number(obj, "min_overlap_hours", path, 0.0),
        level_gap=gap,
        pinned=_pairs(obj, "pinned", path),
        forbidden=_pairs(obj, "forbidden", path),
    )


def _pairs(obj: r.JsonObject, key: str, path: str) -> tuple[tuple[str, str], ...]:
    where = r.join(path, key)
    found = []
    for i, item in enumerate(r.as_list(obj.get(key, []), where)):
        pair = r.as_list(item, r.join(where, i))
        if len(pair) != 2:
            raise InstanceError(r.join(where, i), "must be [learner id, guide id]")
        found.append((r.ident(pair[0], r.join(where, i)), r.ident(pair[1], r.join(where, i))))
    return tuple(found)


def rules_to_dict(rules: Rules) -> dict[str, object]:
    """The JSON form `rules_from_dict` reads back to equal rules."""
    hard = rules.hard
    return {
        "version": rules.version,
        "program": rules.program,
        "hard": {
            "role": hard.role,
            "reporting_line": hard.reporting_line,
            "shared_language": hard.shared_language,
            "min_overlap_hours": hard.min_overlap_hours,
            "level_gap": None if hard.level_gap is None else list(hard.level_gap),
            "pinned": [list(p) for p in hard.pinned],
            "forbidden": [list(p) for p in hard.forbidden],
        },
        "soft": dict(rules.soft),
        "ideal_level_gap": rules.ideal_level_gap,
        "workday_hours": rules.workday_hours,
        "candidates_per_learner": rules.candidates_per_learner,
        "maximize_matches_first": rules.maximize_matches_first,
    }
