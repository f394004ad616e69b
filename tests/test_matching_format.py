"""The documented instance format, its errors, explanations in words, and the solver CLI."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from peoplefirst.cli.main import app
from peoplefirst.matching import (
    Goal,
    Guide,
    GuideSkill,
    HardRules,
    Instance,
    InstanceError,
    Learner,
    Rules,
    SkillInfo,
    instance_from_dict,
    instance_to_dict,
    read_instance,
    rules_from_dict,
    rules_to_dict,
    solve,
)
from peoplefirst.matching.jsonformat import run_to_dict

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "matching-example.json"
runner = CliRunner()


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    return data


def test_example_round_trips() -> None:
    inst = read_instance(EXAMPLE.read_text())
    assert instance_from_dict(json.loads(json.dumps(instance_to_dict(inst)))) == inst
    assert rules_from_dict(rules_to_dict(inst.rules)) == inst.rules


def test_cli_round_trip_on_the_documented_example(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = runner.invoke(app, ["match", "solve", "--input", str(EXAMPLE), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "matched 4 of 5 learners" in result.output
    data = json.loads(out.read_text())
    assert data["format"] == "peoplefirst-match-result" and data["method"] == "optimal"
    pairs = {(m["learner"], m["guide"]) for m in data["matches"]}
    assert ("rui", "ana") in pairs  # pinned
    assert ("ines", "tomasz") not in pairs  # forbidden
    assert ("ines", "ana") not in pairs  # Ana manages Inês: outside the reporting line only
    assert {u["learner"]: u["reason"] for u in data["unmatched"]} == {"yui": "no_feasible_guide"}
    assert data["report"]["matched"] == 4 and data["report"]["optimality_gap"] < 1e-3
    assert all(m["reasons"] and m["why"] for m in data["matches"])


@pytest.mark.parametrize("method", ["optimal", "stable-learner", "stable-guide", "greedy"])
def test_cli_methods(method: str, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(
        app, ["match", "solve", "--input", str(EXAMPLE), "--output", str(out), "--method", method]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["method"] == method


def test_cli_names_the_bad_field(tmp_path: Path) -> None:
    data = example()
    data["guides"][1]["capacity"] = "two"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = runner.invoke(
        app, ["match", "solve", "--input", str(bad), "--output", str(tmp_path / "o.json")]
    )
    assert result.exit_code == 1
    assert "guides[1].capacity: must be a whole number" in result.output
    result = runner.invoke(
        app, ["match", "solve", "--input", str(EXAMPLE), "--output", "-", "--method", "best"]
    )
    assert result.exit_code == 1 and "--method: must be one of" in result.output


def _set(data: dict[str, Any], path: str, value: object) -> None:
    keys = path.split(".")
    target: Any = data
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is KeyError:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        ("learners.0.level", -1, "learners[0].level", "0 or more"),
        ("learners.0.utc_offset", 15, "learners[0].utc_offset", "between -12 and +14"),
        ("learners.1.goals.0.weight", 0, "learners[1].goals[0].weight", "more than 0"),
        ("learners.0.id", "ines", "learners[1].id", "already used by learners[0]"),
        ("learners.0.colour", "red", "learners[0].colour", "unknown field"),
        ("learners.0.id", KeyError, "learners[0].id", "non-empty id"),
        ("guides.0.skills.0.level", 6, "guides[0].skills[0].level", "1 to 5"),
        ("guides.0.skills.0.source", "rumour", "guides[0].skills[0].source", "must be one of"),
        ("guides.0.roles", ["wizard"], "guides[0].roles[0]", "unknown role"),
        ("guides.0.capacity", -2, "guides[0].capacity", "0 or more"),
        ("guides.0.languages", "en", "guides[0].languages", "must be a list"),
        ("rules.version", 2, "rules.version", "unsupported version 2"),
        ("rules.hard.reporting_line", "sideways", "rules.hard.reporting_line", "must be one of"),
        ("rules.hard.level_gap", [3, 1], "rules.hard.level_gap", "above high end"),
        (
            "rules.hard.min_overlap_hours",
            9,
            "rules.hard.min_overlap_hours",
            "longer than the 8 h working day",
        ),
        ("rules.hard.role", "jedi", "rules.hard.role", "unknown role"),
        ("rules.hard.pinned", [["rui", "nobody"]], "rules.hard.pinned[0]", "unknown guide"),
        ("rules.hard.pinned", [["yui", "ana"]], "rules.hard.pinned[0]", "no shared language"),
        ("rules.hard.pinned", [["ines", "tomasz"]], "rules.hard.pinned[0]", "also forbidden"),
        ("rules.hard.forbidden", [["ghost", "ana"]], "rules.hard.forbidden[0]", "unknown learner"),
        ("rules.soft.charisma", 1, "rules.soft.charisma", "unknown field"),
        ("rules.soft.goal_fit", -1, "rules.soft.goal_fit", "0 or more"),
        ("rules.candidates_per_learner", 0, "rules.candidates_per_learner", "1 or more"),
        ("rules.workday_hours", "long", "rules.workday_hours", "must be a number"),
        ("version", 7, "version", "unsupported version"),
        ("learners", KeyError, "learners", "must be a list"),
    ],
)
def test_bad_input_names_the_field(path: str, value: object, field: str, words: str) -> None:
    data = copy.deepcopy(example())
    _set(data, path, value)
    with pytest.raises(InstanceError) as caught:
        solve(read_instance(json.dumps(data)))
    assert caught.value.field == field
    assert words in caught.value.problem
    assert isinstance(caught.value, ValueError)


def test_pins_beyond_capacity_and_given_pairs_are_checked() -> None:
    data = example()
    data["rules"]["hard"]["pinned"] = [["rui", "kofi"], ["lena", "kofi"]]
    with pytest.raises(InstanceError, match="has 1 seats but 2 pinned learners"):
        solve(read_instance(json.dumps(data)))
    data = example()
    data["pairs"] = [{"learner": "rui", "guide": "ana", "features": {"charm": 1}}]
    with pytest.raises(InstanceError) as caught:
        read_instance(json.dumps(data))
    assert caught.value.field == "pairs[0].features.charm"
    with pytest.raises(InstanceError) as caught:
        read_instance("{not json")
    assert caught.value.field == "(file)"


def test_given_pairs_are_the_only_candidates() -> None:
    data = example()
    data["rules"]["hard"]["pinned"] = []
    data["pairs"] = [
        {"learner": "rui", "guide": "marta", "score": 0.9},  # Marta manages Rui: ruled out
        {"learner": "rui", "guide": "kofi", "features": {"goal_fit": 0.5, "cross_department": 1}},
        {"learner": "sam", "guide": "tomasz", "score": 0.9},  # 2 h of overlap: under 3 h
        {"learner": "sam", "guide": "ana", "score": 0.4},
    ]
    run = solve(read_instance(json.dumps(data)))
    assert {(m.learner, m.guide) for m in run.matches} == {("rui", "kofi"), ("sam", "ana")}
    by = {m.learner: m for m in run.matches}
    assert by["rui"].score == pytest.approx(0.65)
    assert [r.feature for r in by["rui"].reasons] == ["goal_fit", "cross_department"]
    assert by["sam"].why == "scored by the program's own model"


def person(id: str, **kw: Any) -> dict[str, Any]:
    base = {
        "location": "Lisbon, Portugal",
        "utc_offset": 0.0,
        "languages": ("pt",),
        "department": "Sales",
    }
    return {"id": id, "name": id.title(), **base, **kw}


@pytest.mark.parametrize(
    ("learner", "guide", "expected"),
    [
        ({}, {"skills": (GuideSkill("negotiation", 4, "endorsed", 3),)},
         "Ana practises negotiation at level 4 (advanced), endorsed by 3 people"),
        ({}, {"skills": (GuideSkill("negotiation", 5, "vetted"),)},
         "Ana practises negotiation at level 5 (expert), vetted"),
        ({}, {"skills": (GuideSkill("influencing", 3, "self", 1),)},
         "Ana practises influencing at level 3 (practitioner), close to negotiation, endorsed by 1 person"),
        ({"utc_offset": 1.0, "location": "Lisbon, Portugal"}, {"utc_offset": -1.0},
         "both within 2 hours of Lisbon time"),
        ({}, {}, "both on Lisbon time"),
        ({"department": "Sales"}, {"department": "Legal"}, "different departments (Sales and Legal)"),
        ({}, {"location": "Warsaw, Poland", "utc_offset": 0.0}, "Ana works in Warsaw, another office"),
        ({"level": 2}, {"level": 3}, "Ana is 1 level more senior"),
        ({"level": 4}, {"level": 2}, "Ana is 2 levels more junior"),
        ({"preferences": ("x", "ana")}, {}, "Rui's choice #2"),
        ({}, {"preferences": ("rui",)}, "Ana asked to work with Rui"),
        ({"stage": "new manager"}, {"stage": "new manager"}, "both new manager"),
        ({"tenure_years": 1.0}, {"tenure_years": 9.0}, "Ana has been here 8 years longer"),
    ],
)  # fmt: skip
def test_explanations_in_words(
    learner: dict[str, Any], guide: dict[str, Any], expected: str
) -> None:
    soft = {name: 1.0 for name in ("goal_fit", "time_zone", "cross_department", "cross_location",
                                   "same_stage", "level_gap", "tenure_gap", "learner_preference",
                                   "guide_preference")}  # fmt: skip
    inst = Instance(
        learners=(Learner(goals=(Goal("negotiation"),), **person("rui", **learner)),),
        guides=(Guide(roles=("mentor",), capacity=1, **person("ana", **guide)),),
        rules=Rules(soft=soft, ideal_level_gap=0),
        skills=(SkillInfo("influencing"), SkillInfo("negotiation", "negotiation", "influencing")),
    )
    run = solve(inst, top_reasons=9)
    (match,) = run.matches
    assert expected in [r.text for r in match.reasons]
    assert sum(r.weight for r in match.reasons) == pytest.approx(match.score, abs=1e-3)
    assert [r.weight for r in match.reasons] == sorted(
        (r.weight for r in match.reasons), reverse=True
    )


def test_run_to_dict_is_json() -> None:
    run = solve(read_instance(EXAMPLE.read_text()), "stable-learner")
    data = json.loads(json.dumps(run_to_dict(run, "p")))
    assert data["report"]["blocking_pairs"] == 0
    assert set(data["report"]["seconds"]) >= {"candidates", "solve", "explain", "total"}


def test_rules_default_to_documented_weights() -> None:
    rules = rules_from_dict({"version": 1})
    assert rules.weight("goal_fit") == 1.0 and rules.weight("load_fairness") == 0.0
    only = rules_from_dict({"version": 1, "soft": {"goal_fit": 2}})
    assert only.weight("goal_fit") == 2 and only.weight("time_zone") == 0.0
    assert rules_from_dict({"version": 1, "hard": {"level_gap": [0, 2]}}).hard == HardRules(
        level_gap=(0, 2)
    )
