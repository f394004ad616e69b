"""One matching engine for mentoring, coaching, peer and buddy programs. Pure.

Program rules are data (`rules.py`); `solve` runs a bulk match by min-cost flow,
deferred acceptance or greedy and reports on it (`report.py`); `circles`, `intros` and
`ondemand` cover peer circles, recurring peer intros, re-matching and "find me guides now".
See docs/matching.md.
"""

from peoplefirst.matching.errors import InstanceError
from peoplefirst.matching.explain import Reason
from peoplefirst.matching.jsonformat import instance_from_dict, instance_to_dict, read_instance
from peoplefirst.matching.model import (
    GivenPair,
    Goal,
    Guide,
    GuideSkill,
    Instance,
    Learner,
    SkillInfo,
)
from peoplefirst.matching.report import RunReport, Unmatched
from peoplefirst.matching.rules import (
    FEATURES,
    SOFT_GOALS,
    HardRules,
    Rules,
    rules_from_dict,
    rules_to_dict,
)
from peoplefirst.matching.solve import METHODS, Match, MatchRun, Method, solve

__all__ = [
    "FEATURES",
    "METHODS",
    "SOFT_GOALS",
    "GivenPair",
    "Goal",
    "Guide",
    "GuideSkill",
    "HardRules",
    "Instance",
    "InstanceError",
    "Learner",
    "Match",
    "MatchRun",
    "Method",
    "Reason",
    "Rules",
    "RunReport",
    "SkillInfo",
    "Unmatched",
    "instance_from_dict",
    "instance_to_dict",
    "read_instance",
    "rules_from_dict",
    "rules_to_dict",
    "solve",
]
