"""The documented JSON instance format (docs/matching.md) and the result it is answered with."""

from __future__ import annotations

import json
from typing import Any

from peoplefirst.matching import reading as r
from peoplefirst.matching.errors import InstanceError
from peoplefirst.matching.model import (
    GivenPair,
    Goal,
    Guide,
    GuideSkill,
    Instance,
    Learner,
    SkillInfo,
)
from peoplefirst.matching.rules import Rules, rules_from_dict, rules_to_dict
from peoplefirst.matching.solve import MatchRun
from peoplefirst.matching.validation import check_instance

INSTANCE_FORMAT = "peoplefirst-match-instance"
RESULT_FORMAT = "peoplefirst-match-result"
FORMAT_VERSION = 1

_PERSON = (
    "id", "name", "level", "department", "manager_chain", "location", "utc_offset",
    "languages", "tenure_years", "stage", "preferences", "avoid", "opted_out",
)  # fmt: skip


def read_instance(text: str) -> Instance:
    """Parse and check an instance; InstanceError names the field at fault."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError(
            "(file)", f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    instance = instance_from_dict(data)
    check_instance(instance)
    return instance


def instance_from_dict(data: object) -> Instance:
    obj = r.as_object(data, "")
    r.only_keys(obj, ("format", "version", "rules", "skills", "learners", "guides", "pairs"), "")
    if obj.get("format", INSTANCE_FORMAT) != INSTANCE_FORMAT:
        raise InstanceError("format", f"must be {INSTANCE_FORMAT!r}")
    if r.whole(obj, "version", "", FORMAT_VERSION) != FORMAT_VERSION:
        raise InstanceError("version", f"unsupported version; this engine reads {FORMAT_VERSION}")
    rules = rules_from_dict(obj["rules"]) if "rules" in obj else Rules()
    learners = tuple(
        _learner(item, f"learners[{i}]")
        for i, item in enumerate(r.as_list(obj.get("learners"), "learners"))
    )
    guides = tuple(
        _guide(item, f"guides[{i}]")
        for i, item in enumerate(r.as_list(obj.get("guides"), "guides"))
    )
    skills = tuple(
        _skill(item, f"skills[{i}]")
        for i, item in enumerate(r.as_list(obj.get("skills", []), "skills"))
    )
    pairs = None
    if obj.get("pairs") is not None:
        pairs = tuple(
            _pair(item, f"pairs[{i}]") for i, item in enumerate(r.as_list(obj["pairs"], "pairs"))
        )
    return Instance(learners=learners, guides=guides, rules=rules, skills=skills, pairs=pairs)


def _common(obj: r.JsonObject, path: str) -> dict[str, Any]:
    return {
        "id": r.ident(obj.get("id"), r.join(path, "id")),
        "name": r.text(obj, "name", path, ""),
        "level": r.whole(obj, "level", path, 3),
        "department": r.text(obj, "department", path, ""),
        "manager_chain": r.ids(obj, "manager_chain", path),
        "location": r.text(obj, "location", path, ""),
        "utc_offset": r.number(obj, "utc_offset", path, 0.0),
        "languages": r.texts(obj, "languages", path),
        "tenure_years": r.number(obj, "tenure_years", path, 0.0),
        "stage": r.text(obj, "stage", path, ""),
        "preferences": r.ids(obj, "preferences", path),
        "avoid": r.ids(obj, "avoid", path),
        "opted_out": r.flag(obj, "opted_out", path, False),
    }


def _learner(data: object, path: str) -> Learner:
    obj = r.as_object(data, path)
    r.only_keys(obj, (*_PERSON, "goals"), path)
    goals = []
    for j, item in enumerate(r.as_list(obj.get("goals", []), r.join(path, "goals"))):
        where = f"{path}.goals[{j}]"
        if isinstance(item, str):
            goals.append(Goal(item))
            continue
        goal = r.as_object(item, where)
        r.only_keys(goal, ("skill", "weight"), where)
        goals.append(Goal(r.text(goal, "skill", where), r.number(goal, "weight", where, 1.0)))
    return Learner(goals=tuple(goals), **_common(obj, path))


def _guide(data: object, path: str) -> Guide:
    obj = r.as_object(data, path)
    r.only_keys(obj, (*_PERSON, "skills", "roles", "capacity"), path)
    skills = []
    for j, item in enumerate(r.as_list(obj.get("skills", []), r.join(path, "skills"))):
        where = f"{path}.skills[{j}]"
        claim = r.as_object(item, where)
        r.only_keys(claim, ("skill", "level", "source", "endorsements"), where)
        skills.append(
            GuideSkill(
                skill=r.text(claim, "skill", where),
                level=r.whole(claim, "level", where),
                source=r.text(claim, "source", where, "self"),
                endorsements=r.whole(claim, "endorsements", where, 0),
            )
        )
    return Guide(
        skills=tuple(skills),
        roles=r.texts(obj, "roles", path),
        capacity=r.whole(obj, "capacity", path, 1),
        **_common(obj, path),
    )


def _skill(data: object, path: str) -> SkillInfo:
    obj = r.as_object(data, path)
    r.only_keys(obj, ("key", "name", "parent"), path)
    return SkillInfo(
        r.text(obj, "key", path), r.text(obj, "name", path, ""), r.text(obj, "parent", path, "")
    )


def _pair(data: object, path: str) -> GivenPair:
    obj = r.as_object(data, path)
    r.only_keys(obj, ("learner", "guide", "score", "features"), path)
    features: tuple[tuple[str, float], ...] = ()
    if "features" in obj:
        table = r.as_object(obj["features"], r.join(path, "features"))
        features = tuple((name, r.number(table, name, r.join(path, "features"))) for name in table)
    return GivenPair(
        learner=r.ident(obj.get("learner"), r.join(path, "learner")),
        guide=r.ident(obj.get("guide"), r.join(path, "guide")),
        score=r.number(obj, "score", path) if obj.get("score") is not None else None,
        features=features,
    )


def instance_to_dict(instance: Instance) -> dict[str, object]:
    """The JSON form `instance_from_dict` reads back to an equal instance."""

    def common(p: Learner | Guide) -> dict[str, object]:
        return {
            "id": p.id, "name": p.name, "level": p.level, "department": p.department,
            "manager_chain": list(p.manager_chain), "location": p.location,
            "utc_offset": p.utc_offset, "languages": list(p.languages),
            "tenure_years": p.tenure_years, "stage": p.stage,
            "preferences": list(p.preferences), "avoid": list(p.avoid), "opted_out": p.opted_out,
        }  # fmt: skip

    data: dict[str, object] = {
        "format": INSTANCE_FORMAT,
        "version": FORMAT_VERSION,
        "rules": rules_to_dict(instance.rules),
        "skills": [{"key": s.key, "name": s.name, "parent": s.parent} for s in instance.skills],
        "learners": [
            {**common(p), "goals": [{"skill": g.skill, "weight": g.weight} for g in p.goals]}
            for p in instance.learners
        ],
        "guides": [
            {
                **common(g),
                "roles": list(g.roles),
                "capacity": g.capacity,
                "skills": [
                    {
                        "skill": c.skill,
                        "level": c.level,
                        "source": c.source,
                        "endorsements": c.endorsements,
                    }
                    for c in g.skills
                ],
            }
            for g in instance.guides
        ],
    }
    if instance.pairs is not None:
        data["pairs"] = [
            {"learner": p.learner, "guide": p.guide, "score": p.score, "features": dict(p.features)}
            for p in instance.pairs
        ]
    return data


def run_to_dict(run: MatchRun, program: str = "") -> dict[str, object]:
    """The result file: every match with its reasons, the unmatched and the quality figures."""
    report = run.report
    figures = {
        name: getattr(report, name)
        for name in report.__dataclass_fields__
        if name not in ("unmatched", "guides_by_load", "unmatched_by_reason", "seconds")
    }
    return {
        "format": RESULT_FORMAT,
        "version": FORMAT_VERSION,
        "program": program,
        "method": run.method,
        "matches": [
            {
                "learner": m.learner,
                "guide": m.guide,
                "score": m.score,
                "pinned": m.pinned,
                "why": m.why,
                "reasons": [
                    {"feature": r.feature, "weight": r.weight, "text": r.text} for r in m.reasons
                ],
            }
            for m in run.matches
        ],
        "unmatched": [
            {"learner": u.learner, "reason": u.reason, "detail": u.detail} for u in report.unmatched
        ],
        "report": {
            **figures,
            "unmatched_by_reason": dict(report.unmatched_by_reason),
            "guides_by_load": {str(k): v for k, v in report.guides_by_load.items()},
            "seconds": dict(report.seconds),
        },
    }
