"""Programs end to end on SQLite and PostgreSQL: rules, cohorts and enrollment; runs that never
break a hard constraint (checked against the directory, independently of the engine), with
explanations and comparisons; capacity from the one budget; publishing, answering and
re-matching; self-selection with fair exposure; group programs; the API and the CLI."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from peoplefirst.cli.main import app as cli
from peoplefirst.domain.errors import (
    CapacityExhausted,
    Conflict,
    InvalidInput,
    NotPermitted,
    NotSignedIn,
)
from peoplefirst.domain.policy import Viewer
from peoplefirst.domain.programs import (
    MatchState,
    ProgramKind,
    RunView,
    fair_order,
    guide_seats,
    inferred_level,
)
from peoplefirst.domain.vocabulary import CapacityChannel
from peoplefirst.services import program_runs as runs
from peoplefirst.services import programs
from peoplefirst.services.capacity import draw_capacity, set_budget
from peoplefirst.services.hr_import import import_people, import_taxonomy
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from peoplefirst.storage.people import capacity_view
from tests.tiny_org import assert_problem, sign_in, tiny_client

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
SKILLS = ["sql", "negotiation", "kubernetes", "design", "writing", "python"]
TAXONOMY = "id,name,aliases,parent\n" + "".join(f"{s},{s.title()},,\n" for s in SKILLS)
ZONES = ["Europe/Lisbon", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Asia/Kolkata"]
LANGUAGES = ["en", "pt", "fr", "ja"]
DEPARTMENTS = ["Data", "Sales", "Platform", "Legal"]


@dataclass(frozen=True)
class Org:
    ids: dict[str, int]  # employee id -> person id
    admin: int
    people: int


def build_org(session: Session, n: int = 48, seed: int = 3) -> Org:
    """`n` people with a management tree, levels, time zones, languages, skills and goals."""
    rng = random.Random(seed)
    import_taxonomy(session=session, text=TAXONOMY)
    rows = [
        "employee_id,name,email,level,hire_date,department,manager_employee_id,time_zone,languages"
    ]
    for i in range(n):
        manager = "" if i == 0 else f"P{rng.randrange(max(1, i // 3)) if i > 3 else 0}"
        langs = "|".join(rng.sample(LANGUAGES, rng.choice([1, 1, 2])))
        hired = date(2015, 1, 1) + timedelta(days=rng.randrange(4000))
        rows.append(
            f"P{i},Person {i},p{i}@example.com,{max(1, 8 - i // 6)},{hired},"
            f"{DEPARTMENTS[i % 4]},{manager},{rng.choice(ZONES)},{langs}"
        )
    import_people(session=session, text="\n".join(rows) + "\n", file_format="csv")
    ids = dict(session.execute(select(t.Person.employee_id, t.Person.id)).all())
    skills = dict(session.execute(select(t.Skill.key, t.Skill.id)).all())
    for i in range(n):
        for key in rng.sample(SKILLS, 2):
            session.add(
                t.PersonSkill(
                    person_id=ids[f"P{i}"],
                    skill_id=skills[key],
                    level=rng.randint(2, 5),
                    source="self",
                )
            )
        session.add(
            t.LearningGoal(
                person_id=ids[f"P{i}"],
                skill_id=skills[rng.choice(SKILLS)],
                target_level=3,
                status="open",
            )
        )
    session.flush()
    return Org(ids, ids["P47"] if n > 47 else ids[f"P{n - 1}"], n)


@pytest.fixture
def org(engine: Engine) -> Org:
    with unit_of_work(make_session_factory(engine)) as session:
        return build_org(session)


@pytest.fixture
def session(engine: Engine, org: Org) -> Iterator[Session]:
    with unit_of_work(make_session_factory(engine)) as s:
        yield s


def _settings(
    name: str = "Mentoring", kind: str = "mentoring", **kw: object
) -> programs.ProgramSettings:
    return programs.ProgramSettings(name=name, kind=kind, **kw)  # type: ignore[arg-type]


def _program(session: Session, org: Org, rules: dict[str, object] | None = None, **kw: Any) -> int:
    return programs.create_program(
        session=session, viewer=Viewer(org.admin), settings=_settings(**kw), rules=rules, now=NOW
    )


def _enroll_everyone(session: Session, org: Org, program_id: int, guides: int = 16) -> None:
    """The first `guides` people (the senior ones) guide, with 1-3 seats; the rest learn."""
    admin = Viewer(org.admin)
    for i in range(org.people):
        person = org.ids[f"P{i}"]
        if i < guides:
            programs.enroll(
                session=session,
                viewer=admin,
                program_id=program_id,
                side="guide",
                person_id=person,
                capacity=1 + i % 3,
                now=NOW,
            )
        else:
            programs.enroll(
                session=session,
                viewer=admin,
                program_id=program_id,
                side="learner",
                person_id=person,
                now=NOW,
            )


# Every hard rule, checked from the directory rather than from the engine's own arrays.

STRICT = {
    "version": 1,
    "hard": {
        "reporting_line": "outside",
        "shared_language": True,
        "min_overlap_hours": 3,
        "level_gap": [1, 5],
    },
    "candidates_per_learner": None,
}


def _offset(zone: str) -> float:
    moment = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)
    delta = moment.astimezone(ZoneInfo(zone)).utcoffset()
    assert delta is not None
    return delta.total_seconds() / 3600


def _broken(session: Session, program_id: int, learner: int, guide: int) -> list[str]:
    people = {p.id: p for p in session.scalars(select(t.Person))}
    langs: dict[int, set[str]] = {}
    for row in session.scalars(select(t.PersonLanguage)):
        langs.setdefault(row.person_id, set()).add(row.language)

    def chain(p: int) -> set[int]:
        found, boss = set(), people[p].manager_id
        while boss is not None and boss not in found:
            found.add(boss)
            boss = people[boss].manager_id
        return found

    program = session.get(t.Program, program_id)
    assert program is not None
    hard = json.loads(program.rules)["hard"]
    mentee, mentor = people[learner], people[guide]
    broken = []
    if hard.get("reporting_line") == "outside" and (
        guide in chain(learner) or learner in chain(guide)
    ):
        broken.append("reporting line")
    both_speak = langs.get(learner) and langs.get(guide)
    if hard.get("shared_language") and both_speak and not langs[learner] & langs[guide]:
        broken.append("language")
    a, b = _offset(mentee.time_zone), _offset(mentor.time_zone)
    overlap = max(0.0, min(a, b) + 8 - max(a, b))  # 8-hour days at each offset, in UTC
    if overlap < hard.get("min_overlap_hours", 0) - 1e-9:
        broken.append("overlap")
    low, high = hard.get("level_gap") or (-99, 99)
    if not low <= mentor.level - mentee.level <= high:
        broken.append("level gap")
    if [str(learner), str(guide)] in hard.get("forbidden", []):
        broken.append("forbidden")
    if learner == guide:
        broken.append("self")
    return broken


def _check_capacity(session: Session, program_id: int, run: RunView) -> None:
    seats = {
        e.person_id: e.capacity
        for e in session.scalars(
            select(t.ProgramEnrollment).where(
                t.ProgramEnrollment.program_id == program_id, t.ProgramEnrollment.side == "guide"
            )
        )
    }
    load: dict[int, int] = {}
    for pair in run.pairs:
        load[pair.guide.id] = load.get(pair.guide.id, 0) + 1
    for guide, n in load.items():
        budget = capacity_view(session, guide)
        assert budget is not None
        assert n <= seats[guide], f"guide {guide} got {n} learners for {seats[guide]} seats"
        assert n <= budget.people_free, f"guide {guide} got {n} with {budget.people_free} free"


@pytest.mark.parametrize("method", ["optimal", "stable-learner", "stable-guide", "greedy"])
def test_no_run_breaks_a_hard_rule(session: Session, org: Org, method: str) -> None:
    program = _program(session, org, STRICT)
    _enroll_everyone(session, org, program)
    learners = [org.ids[f"P{i}"] for i in range(16, org.people)]
    # A forbidden pair and an avoid list, both between people who would otherwise fit.
    first = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    assert first.pairs, "the instance must give the rules something to do"
    banned = first.pairs[0]
    programs.set_pair(
        session=session,
        viewer=Viewer(org.admin),
        program_id=program,
        learner_id=banned.learner.id,
        guide_id=banned.guide.id,
        action="forbid",
    )
    other = first.pairs[1]
    programs.choose(
        session=session,
        viewer=Viewer(other.learner.id),
        program_id=program,
        side="learner",
        chosen=[],
        avoid=[other.guide.id],
    )
    run = runs.run_match(
        session=session, viewer=Viewer(org.admin), program_id=program, method=method, now=NOW
    )
    assert run.pairs
    for pair in run.pairs:
        assert pair.learner.id in learners
        assert _broken(session, program, pair.learner.id, pair.guide.id) == [], pair
        assert (pair.learner.id, pair.guide.id) != (banned.learner.id, banned.guide.id)
        assert (pair.learner.id, pair.guide.id) != (other.learner.id, other.guide.id)
        assert pair.reasons and all(r.text for r in pair.reasons)
    _check_capacity(session, program, run)
    assert len({p.learner.id for p in run.pairs}) == len(run.pairs)
    assert run.figures["matched"] == len(run.pairs)
    assert run.figures["matched"] + len(run.unmatched) == run.figures["learners"]
    assert all(u.reason in ("no_feasible_guide", "capacity_taken") for u in run.unmatched)
    if method.startswith("stable"):
        assert run.figures["blocking_pairs"] == 0


def test_on_the_job_coaching_pairs_only_manager_or_senior_peer(session: Session, org: Org) -> None:
    rules = {
        "version": 1,
        "hard": {"reporting_line": "manager_or_senior_peer", "shared_language": False},
    }
    program = _program(session, org, rules, name="On-the-job coaching", kind="coaching")
    _enroll_everyone(session, org, program, guides=20)
    run = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    assert run.pairs
    for pair in run.pairs:
        learner = session.get(t.Person, pair.learner.id)
        guide = session.get(t.Person, pair.guide.id)
        assert learner is not None and guide is not None
        is_manager = learner.manager_id == guide.id
        senior_peer = guide.manager_id == learner.manager_id and guide.level > learner.level
        assert is_manager or senior_peer, pair


def test_an_away_guide_gets_nobody(session: Session, org: Org) -> None:
    program = _program(session, org, {"version": 1, "hard": {"shared_language": False}})
    _enroll_everyone(session, org, program)
    away = session.get(t.Person, org.ids["P2"])
    assert away is not None
    away.away_until = TODAY + timedelta(days=10)
    session.flush()
    run = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    assert run.pairs and all(p.guide.id != away.id for p in run.pairs)


# Capacity is one budget.


def test_seats_come_from_the_one_budget(session: Session, org: Org) -> None:
    program = _program(session, org, {"version": 1, "hard": {"shared_language": False}})
    _enroll_everyone(session, org, program)
    guide = org.ids["P2"]  # offered 3 seats here
    set_budget(session=session, person_id=guide, hours_per_month=40, people_at_once=3)
    draw_capacity(
        session=session,
        person_id=guide,
        channel=CapacityChannel.COACHING,
        hours_per_month=2,
        people=2,
    )
    run = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    assert sum(1 for p in run.pairs if p.guide.id == guide) <= 1
    _check_capacity(session, program, run)


@pytest.mark.parametrize(
    ("offered", "in_program", "people_left", "hours_left", "hours", "seats"),
    [
        (3, 0, 5, 40.0, 2.0, 3),  # the program offer binds
        (3, 1, 5, 40.0, 2.0, 2),  # one learner already held here
        (3, 0, 1, 40.0, 2.0, 1),  # other channels took the people budget
        (3, 0, 5, 3.0, 2.0, 1),  # only 3 hours left, 2 per match
        (3, 0, 5, 1.0, 2.0, 0),
        (3, 0, 5, 0.0, 0.0, 3),  # a program that draws no hours
        (2, 3, 5, 40.0, 2.0, 0),  # never negative
    ],
)
def test_guide_seats(
    offered: int, in_program: int, people_left: int, hours_left: float, hours: float, seats: int
) -> None:
    assert (
        guide_seats(
            program_capacity=offered,
            in_program=in_program,
            people_left=people_left,
            hours_left=hours_left,
            hours=hours,
        )
        == seats
    )


# Publishing, answering, re-matching.


def _published(session: Session, org: Org) -> tuple[int, RunView]:
    program = _program(session, org, {"version": 1, "hard": {"shared_language": False}})
    _enroll_everyone(session, org, program)
    run = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    report = runs.publish_run(session=session, viewer=Viewer(org.admin), run_id=run.id, now=NOW)
    assert report.proposed == len(run.pairs) and not report.skipped
    return program, run


def test_publish_draws_on_budgets_and_both_accept(session: Session, org: Org) -> None:
    program, run = _published(session, org)
    pair = run.pairs[0]
    before = capacity_view(session, pair.guide.id)
    assert before is not None and before.people_committed >= 1
    match = next(m for m in runs.my_matches(session=session, viewer=Viewer(pair.learner.id)))
    assert match.state is MatchState.PROPOSED and match.why == pair.why
    half = runs.answer_match(
        session=session, viewer=Viewer(pair.learner.id), match_id=match.id, accept=True, now=NOW
    )
    assert half.state is MatchState.PROPOSED and half.learner_accepted
    both = runs.answer_match(
        session=session, viewer=Viewer(pair.guide.id), match_id=match.id, accept=True, now=NOW
    )
    assert both.state is MatchState.ACTIVE
    with pytest.raises(Conflict):
        runs.answer_match(
            session=session, viewer=Viewer(pair.guide.id), match_id=match.id, accept=False
        )
    with pytest.raises(Conflict, match="already published"):
        runs.publish_run(session=session, viewer=Viewer(org.admin), run_id=run.id)
    # The next run leaves matched learners alone.
    again = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    assert not {p.learner.id for p in again.pairs} & {p.learner.id for p in run.pairs}


@pytest.mark.parametrize("how", ["learner declines", "guide declines", "ends early"])
def test_rematching_moves_only_that_learner(session: Session, org: Org, how: str) -> None:
    program, run = _published(session, org)
    # Free seats for the re-match: a guide offers more.
    roomy = org.ids["P0"] if run.pairs[0].guide.id != org.ids["P0"] else org.ids["P3"]
    set_budget(session=session, person_id=roomy, hours_per_month=40, people_at_once=10)
    programs.enroll(
        session=session,
        viewer=Viewer(roomy),
        program_id=program,
        side="guide",
        capacity=6,
        now=NOW,
    )
    all_before = {m.id: (m.learner.id, m.guide.id, m.state) for m in _all_matches(session, program)}
    pair = run.pairs[0]
    match = next(m for m in runs.my_matches(session=session, viewer=Viewer(pair.learner.id)))
    guide_budget = capacity_view(session, pair.guide.id)
    assert guide_budget is not None
    if how == "ends early":
        for who in (pair.learner.id, pair.guide.id):
            runs.answer_match(session=session, viewer=Viewer(who), match_id=match.id, accept=True)
        with pytest.raises(InvalidInput, match="why"):
            runs.end_match(
                session=session, viewer=Viewer(pair.learner.id), match_id=match.id, reason=" "
            )
        done = runs.end_match(
            session=session, viewer=Viewer(pair.guide.id), match_id=match.id, reason="moved teams"
        )
        assert done.state is MatchState.ENDED
    else:
        who = pair.learner.id if how == "learner declines" else pair.guide.id
        done = runs.answer_match(
            session=session, viewer=Viewer(who), match_id=match.id, accept=False, reason="timing"
        )
        assert done.state is MatchState.DECLINED and done.reason == "timing"
        assert done.declined_by is not None and done.declined_by.id == who
    after = capacity_view(session, pair.guide.id)
    assert after is not None and after.people_committed == guide_budget.people_committed - 1
    now_matches = _all_matches(session, program)
    new = [m for m in now_matches if m.id not in all_before]
    assert len(new) == 1, "exactly one new proposal, for that learner"
    assert new[0].learner.id == pair.learner.id and new[0].guide.id != pair.guide.id
    assert new[0].replaces == match.id and new[0].why
    for m in now_matches:
        if m.id in all_before and m.id != match.id:
            assert (m.learner.id, m.guide.id, m.state) == all_before[m.id]


def _all_matches(session: Session, program: int) -> list:  # type: ignore[type-arg]
    from peoplefirst.storage.programs import match_views

    rows = session.scalars(select(t.ProgramMatch).where(t.ProgramMatch.program_id == program))
    return match_views(session, list(rows))


def test_a_decline_with_no_guide_left_leaves_the_learner_waiting(
    session: Session, org: Org
) -> None:
    program, run = _published(session, org)
    # Every guide is full (the run used every seat it could); the decline frees one seat,
    # which is the decliner's own guide: nobody else is proposed.
    pair = run.pairs[0]
    match = next(m for m in runs.my_matches(session=session, viewer=Viewer(pair.learner.id)))
    count = len(_all_matches(session, program))
    runs.answer_match(
        session=session, viewer=Viewer(pair.learner.id), match_id=match.id, accept=False
    )
    new = _all_matches(session, program)
    assert all(
        m.guide.id != pair.guide.id or m.id == match.id
        for m in new
        if m.learner.id == pair.learner.id
    )
    assert len(new) in (count, count + 1)


def test_a_stale_run_cannot_be_published(session: Session, org: Org) -> None:
    program = _program(session, org, {"version": 1, "hard": {"shared_language": False}})
    _enroll_everyone(session, org, program)
    old = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    with pytest.raises(Conflict, match="newer"):
        runs.publish_run(session=session, viewer=Viewer(org.admin), run_id=old.id)


def test_publish_skips_a_pair_whose_budget_no_longer_fits(session: Session, org: Org) -> None:
    program = _program(session, org, {"version": 1, "hard": {"shared_language": False}})
    _enroll_everyone(session, org, program)
    run = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    guide = run.pairs[0].guide.id
    set_budget(session=session, person_id=guide, hours_per_month=0, people_at_once=0)
    report = runs.publish_run(session=session, viewer=Viewer(org.admin), run_id=run.id, now=NOW)
    held = sum(1 for p in run.pairs if p.guide.id == guide)
    assert report.proposed == len(run.pairs) - held
    assert len(report.skipped) == held and "0 of 0 hours" in report.skipped[0]
    with pytest.raises(CapacityExhausted):
        draw_capacity(
            session=session, person_id=guide, channel=CapacityChannel.PROGRAM, hours_per_month=0
        )


# Pins, comparison and explanations.


def test_pin_is_kept_and_the_comparison_counts_changes(session: Session, org: Org) -> None:
    program = _program(session, org, {"version": 1, "hard": {"shared_language": False}})
    _enroll_everyone(session, org, program)
    first = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    assert first.comparison is None
    pair = first.pairs[-1]
    other_guide = next(p.guide.id for p in first.pairs if p.guide.id != pair.guide.id)
    version = programs.set_pair(
        session=session,
        viewer=Viewer(org.admin),
        program_id=program,
        learner_id=pair.learner.id,
        guide_id=other_guide,
        action="pin",
    )
    assert version == 2
    second = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    pinned = next(p for p in second.pairs if p.learner.id == pair.learner.id)
    assert pinned.guide.id == other_guide and pinned.pinned and pinned.new_since_last_run
    c = second.comparison
    assert c is not None and c.previous_run == first.id
    assert c.pairs_changed >= 1
    assert c.pairs_kept + c.pairs_changed + c.learners_newly_matched == len(second.pairs)
    assert second.rules_version == 2 and first.rules_version == 1
    programs.set_pair(
        session=session,
        viewer=Viewer(org.admin),
        program_id=program,
        learner_id=pair.learner.id,
        guide_id=other_guide,
        action="release",
    )
    view = programs.view_program(session=session, viewer=Viewer(org.admin), program_id=program)
    assert view.rules["hard"]["pinned"] == [] and view.rules_version == 3


def test_explanations_name_the_skill_and_the_people(session: Session, org: Org) -> None:
    program = _program(session, org, {"version": 1, "hard": {"shared_language": False}})
    _enroll_everyone(session, org, program)
    run = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    skills = {s.title() for s in SKILLS}
    for pair in run.pairs:
        assert 1 <= len(pair.reasons) <= 3
        weights = [r.weight for r in pair.reasons]
        assert weights == sorted(weights, reverse=True)
    goal_reasons = [r.text for p in run.pairs for r in p.reasons if r.feature == "goal_fit"]
    assert goal_reasons and all(any(s in text for s in skills) for text in goal_reasons)
    assert any("level" in text for text in goal_reasons)


# Rules, cohort and enrollment: refusals name the field and change nothing.


def test_bad_rules_name_the_field_and_keep_the_version(session: Session, org: Org) -> None:
    program = _program(session, org)
    before = programs.view_program(session=session, viewer=Viewer(org.admin), program_id=program)
    for rules, field in [
        ({"version": 1, "hard": {"level_gap": [3, 1]}}, "rules.hard.level_gap"),
        ({"version": 1, "soft": {"charisma": 1}}, "rules.soft.charisma"),
        ({"version": 1, "hard": {"reporting_line": "sideways"}}, "rules.hard.reporting_line"),
        ({"version": 2}, "rules.version"),
        ({"version": 1, "hardd": {}}, "rules"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            programs.set_rules(
                session=session, viewer=Viewer(org.admin), program_id=program, rules=rules
            )
        assert caught.value.field.startswith(field), (rules, caught.value.field)
    after = programs.view_program(session=session, viewer=Viewer(org.admin), program_id=program)
    assert after.rules == before.rules and after.rules_version == before.rules_version == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"kind": "speed dating"}, "kind"),
        ({"hours_per_month": -1}, "hours_per_month"),
        ({"group_min_size": 1}, "group_min_size"),
        ({"group_min_size": 5, "group_max_size": 4}, "group_max_size"),
        (
            {"enrollment_opens": date(2026, 12, 10), "enrollment_closes": date(2026, 12, 1)},
            "enrollment_closes",
        ),
    ],
)
def test_bad_settings_name_the_field(
    session: Session, org: Org, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        _program(session, org, **change)
    assert caught.value.field == field
    assert session.scalar(select(t.Program.id)) is None


def test_only_admins_run_and_change_a_program(session: Session, org: Org) -> None:
    program = _program(session, org)
    outsider = Viewer(org.ids["P5"])
    for act in (
        lambda: runs.run_match(session=session, viewer=outsider, program_id=program),
        lambda: programs.set_rules(session=session, viewer=outsider, program_id=program, rules={}),
        lambda: programs.invite(
            session=session, viewer=outsider, program_id=program, people=["P1"]
        ),
        lambda: programs.enroll(
            session=session,
            viewer=outsider,
            program_id=program,
            side="learner",
            person_id=org.ids["P6"],
        ),
    ):
        with pytest.raises(NotPermitted):
            act()
    with pytest.raises(NotSignedIn):
        runs.run_match(session=session, viewer=Viewer.anonymous(), program_id=program)
    programs.add_admin(
        session=session, viewer=Viewer(org.admin), program_id=program, person_id=org.ids["P5"]
    )
    runs.run_match(session=session, viewer=outsider, program_id=program, now=NOW)


def test_invite_only_and_the_enrollment_window(session: Session, org: Org) -> None:
    program = _program(
        session,
        org,
        invite_only=True,
        enrollment_opens=TODAY - timedelta(days=1),
        enrollment_closes=TODAY + timedelta(days=1),
    )
    someone = Viewer(org.ids["P30"])
    with pytest.raises(NotPermitted, match="invitation"):
        programs.enroll(
            session=session, viewer=someone, program_id=program, side="learner", now=NOW
        )
    with pytest.raises(InvalidInput, match="2 not found"):
        programs.invite(
            session=session,
            viewer=Viewer(org.admin),
            program_id=program,
            people=["P30", "nobody", "x@y"],
        )
    assert session.scalar(select(t.ProgramInvite.person_id)) is None
    invited = programs.invite(
        session=session,
        viewer=Viewer(org.admin),
        program_id=program,
        people=["P30", "p31@EXAMPLE.com"],
    )
    assert invited == 2
    data = session.scalar(select(t.Department.id).where(t.Department.name == "Data"))
    assert programs.invite(
        session=session,
        viewer=Viewer(org.admin),
        program_id=program,
        department_id=data,
        min_level=7,
    ) == sum(
        1
        for p in session.scalars(select(t.Person))
        if p.department_id == data and p.level >= 7 and p.employee_id not in ("P30", "P31")
    )
    programs.enroll(session=session, viewer=someone, program_id=program, side="learner", now=NOW)
    with pytest.raises(Conflict, match="not open"):
        programs.enroll(
            session=session,
            viewer=someone,
            program_id=program,
            side="learner",
            now=NOW + timedelta(days=5),
        )


def test_enrollment_refusals_name_the_field(session: Session, org: Org) -> None:
    program = _program(session, org)
    me = Viewer(org.ids["P20"])
    for kw, field in [
        ({"side": "spectator"}, "side"),
        ({"side": "guide", "capacity": 0}, "capacity"),
        ({"side": "learner", "skill_ids": [999_999]}, "skill_ids"),
        ({"side": "learner", "skill_ids": list(range(1, 8))}, "skill_ids"),
        ({"side": "learner", "stage": "x" * 101}, "stage"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            programs.enroll(session=session, viewer=me, program_id=program, now=NOW, **kw)  # type: ignore[arg-type]
        assert caught.value.field == field
    assert session.scalar(select(t.ProgramEnrollment.id)) is None
    group = _program(session, org, name="Circles", kind="peer_circles")
    with pytest.raises(InvalidInput, match="members only"):
        programs.enroll(session=session, viewer=me, program_id=group, side="guide", now=NOW)


def test_a_new_guide_without_a_budget_gets_one(session: Session, org: Org) -> None:
    program = _program(session, org, hours_per_month=3)
    guide = org.ids["P9"]
    assert capacity_view(session, guide) is None
    programs.enroll(
        session=session, viewer=Viewer(guide), program_id=program, side="guide", capacity=2, now=NOW
    )
    budget = capacity_view(session, guide)
    assert budget is not None and budget.people_at_once == 2 and budget.hours_per_month == 6


# Self-selection and choices.


def test_fair_order_rotates_the_front_place() -> None:
    candidates = [(1, 0.90), (2, 0.89), (3, 0.88), (4, 0.40)]
    shown: dict[int, int] = {}
    firsts = []
    for _ in range(12):
        order = fair_order(candidates, shown, 3)
        firsts.append(order[0])
        shown[order[0]] = shown.get(order[0], 0) + 1
    assert {1, 2, 3} <= set(firsts)  # the near-equal guides take turns in front
    assert 4 not in firsts  # a much weaker fit does not jump ahead
    assert fair_order(candidates, {}, 2) == [1, 2]
    assert fair_order([], {}, 3) == []


def test_self_selection_shortlists_share_the_front_place(session: Session, org: Org) -> None:
    program = _program(
        session, org, {"version": 1, "hard": {"shared_language": False}}, self_select=True
    )
    _enroll_everyone(session, org, program)
    firsts = []
    for i in range(20, 40):
        entries = runs.shortlist(
            session=session, viewer=Viewer(org.ids[f"P{i}"]), program_id=program, now=NOW
        )
        assert entries and all(e.seats_left > 0 and e.why for e in entries)
        firsts.append(entries[0].guide.id)
    most = max(firsts.count(g) for g in set(firsts))
    assert most <= len(firsts) // 2, f"one guide led {most} of {len(firsts)} shortlists"
    shown = session.scalars(select(t.ShortlistExposure.shown_first)).all()
    assert sum(shown) == len(firsts)


def test_choices_are_weighed_and_not_first_come(session: Session, org: Org) -> None:
    rules = {
        "version": 1,
        "hard": {"shared_language": False},
        "soft": {"goal_fit": 1.0, "learner_preference": 5.0},
    }
    program = _program(session, org, rules, self_select=True)
    _enroll_everyone(session, org, program)
    wanted = org.ids["P0"]  # 1 seat
    # Two learners choose the same guide; the one who chose second is not the loser by order.
    a, b = org.ids["P30"], org.ids["P31"]
    for learner in (a, b):
        programs.choose(
            session=session,
            viewer=Viewer(learner),
            program_id=program,
            side="learner",
            chosen=[wanted],
        )
    run = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    got = [p.learner.id for p in run.pairs if p.guide.id == wanted]
    assert len(got) == 1 and got[0] in (a, b)
    why = next(p for p in run.pairs if p.guide.id == wanted).why
    assert "choice #1" in why
    with pytest.raises(InvalidInput, match="at most 3"):
        programs.choose(
            session=session,
            viewer=Viewer(a),
            program_id=program,
            side="learner",
            chosen=[1, 2, 3, 4],
        )
    with pytest.raises(InvalidInput, match="not enrolled"):
        programs.choose(
            session=session,
            viewer=Viewer(a),
            program_id=program,
            side="learner",
            chosen=[org.ids["P40"]],
        )


def test_shortlist_needs_a_self_selection_program(session: Session, org: Org) -> None:
    program = _program(session, org)
    with pytest.raises(Conflict, match="choose"):
        runs.shortlist(session=session, viewer=Viewer(org.ids["P30"]), program_id=program)


# Group programs.


@pytest.mark.parametrize("kind", [ProgramKind.PEER_CIRCLES, ProgramKind.POST_EVENT_GROUPS])
def test_groups_hold_everyone_once_within_the_sizes(
    session: Session, org: Org, kind: ProgramKind
) -> None:
    program = _program(
        session, org, name=kind.label, kind=kind.value, group_min_size=4, group_max_size=5
    )
    members = [org.ids[f"P{i}"] for i in range(10, 33)]  # 23 people
    for p in members:
        programs.enroll(
            session=session,
            viewer=Viewer(p),
            program_id=program,
            side="learner",
            now=NOW,
            stage="new" if p % 2 else "",
        )
    run = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    placed = [m.id for g in run.groups for m in g.members]
    assert sorted(placed) == sorted(members)
    assert all(4 <= len(g.members) <= 5 for g in run.groups) and all(g.why for g in run.groups)
    report = runs.publish_run(session=session, viewer=Viewer(org.admin), run_id=run.id, now=NOW)
    assert report.groups == len(run.groups)
    mine = programs.view_program(session=session, viewer=Viewer(members[0]), program_id=program)
    assert len(mine.my_groups) == 1 and any(m.id == members[0] for m in mine.my_groups[0].members)
    again = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    assert again.groups == ()  # everyone has a group now


def test_a_sample_organization_holds_one_program_of_each_kind(sample_session: Session) -> None:
    found = {ProgramKind(k) for k in sample_session.scalars(select(t.Program.kind))}
    assert found == set(ProgramKind)
    admin = sample_session.scalar(select(t.ProgramAdmin.person_id))
    assert admin is not None
    for summary in programs.list_programs(session=sample_session, viewer=Viewer(admin)):
        assert summary.i_admin and summary.learners > 0
        run = runs.run_match(session=sample_session, viewer=Viewer(admin), program_id=summary.id)
        assert run.pairs or run.groups, summary.name


# Through HTTP and the CLI.


def test_the_api_runs_a_program_end_to_end(empty_db_url: str, tmp_path: Path) -> None:
    with tiny_client(empty_db_url, tmp_path) as client:
        ids = client.app.state.ids  # type: ignore[attr-defined]
        sign_in(client, ids["E1"])
        assert_problem(
            client.post("/api/v1/programs", json={"name": "", "kind": "mentoring"}), 422, "name"
        )
        created = client.post(
            "/api/v1/programs",
            json={"name": "Platform mentoring", "kind": "mentoring", "hours_per_month": 2},
        )
        assert created.status_code == 201, created.text
        program = created.json()["id"]
        bad = client.put(
            f"/api/v1/programs/{program}/rules", json={"version": 1, "hard": {"level_gap": [2, 1]}}
        )
        assert_problem(bad, 422, "rules.hard.level_gap")
        rules = {"version": 1, "hard": {"shared_language": False}, "soft": {"goal_fit": 1}}
        assert client.put(f"/api/v1/programs/{program}/rules", json=rules).json() == {
            "rules_version": 2
        }
        sign_in(client, ids["E4"])
        assert (
            client.put(
                f"/api/v1/programs/{program}/enrollment", json={"side": "guide", "capacity": 1}
            ).status_code
            == 204
        )
        assert_problem(client.post(f"/api/v1/programs/{program}/runs", json={}), 403)
        sign_in(client, ids["E2"])
        assert (
            client.put(
                f"/api/v1/programs/{program}/enrollment",
                json={"side": "learner", "skill_ids": [ids["skill:kubernetes"]]},
            ).status_code
            == 204
        )
        sign_in(client, ids["E1"])
        run = client.post(f"/api/v1/programs/{program}/runs", json={"method": "optimal"})
        assert run.status_code == 201, run.text
        body = run.json()
        assert body["figures"]["matched"] == 1
        (pair,) = body["pairs"]
        assert pair["learner"]["id"] == ids["E2"] and pair["guide"]["id"] == ids["E4"]
        assert "Kubernetes" in " ".join(r["text"] for r in pair["reasons"])
        published = client.post(f"/api/v1/runs/{body['id']}/publish")
        assert published.json()["proposed"] == 1
        assert_problem(client.post(f"/api/v1/runs/{body['id']}/publish"), 409)
        sign_in(client, ids["E2"])
        (match,) = client.get("/api/v1/matches").json()
        assert match["state"] == "proposed"
        assert client.post(f"/api/v1/matches/{match['id']}/accept").json()["state"] == "proposed"
        sign_in(client, ids["E3"])
        assert_problem(client.post(f"/api/v1/matches/{match['id']}/accept"), 403)
        sign_in(client, ids["E4"])
        assert client.post(f"/api/v1/matches/{match['id']}/accept").json()["state"] == "active"
        view = client.get(f"/api/v1/programs/{program}").json()
        assert view["i_admin"] is False and view["learners"] == [] and len(view["matches"]) == 1
        assert_problem(client.get("/api/v1/programs/99999"), 404)
        assert_problem(client.get("/api/v1/runs/99999"), 404)


def test_cli_match_run(
    engine: Engine, org: Org, empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with unit_of_work(make_session_factory(engine)) as session:
        program = _program(
            session,
            org,
            {"version": 1, "hard": {"shared_language": False}},
            name="Spring mentoring",
        )
        _enroll_everyone(session, org, program)
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", empty_db_url)
    runner = CliRunner()
    first = runner.invoke(cli, ["match", "run", "Spring mentoring"])
    assert first.exit_code == 0, first.output
    assert "matched" in first.output and "A draft" in first.output
    second = runner.invoke(
        cli, ["match", "run", str(program), "--method", "stable-learner", "--publish"]
    )
    assert second.exit_code == 0, second.output
    assert "Against run" in second.output and "Published:" in second.output
    with unit_of_work(make_session_factory(engine)) as session:
        assert session.scalar(select(t.ProgramMatch.id)) is not None
    missing = runner.invoke(cli, ["match", "run", "Autumn mentoring"])
    assert missing.exit_code == 1 and "no program is named" in missing.output
    bad = runner.invoke(cli, ["match", "run", "Spring mentoring", "--method", "fastest"])
    assert bad.exit_code == 1 and "method" in bad.output


# The expert finder's evidence counts towards goal fit.


@pytest.mark.parametrize(
    ("strength", "level"),
    [(0.0, None), (0.29, None), (0.3, 2), (0.59, 2), (0.6, 3), (1.0, 4), (3.5, 4)],
)
def test_inferred_level(strength: float, level: int | None) -> None:
    assert inferred_level(strength) == level


def test_written_work_counts_towards_goal_fit(engine: Engine) -> None:
    from peoplefirst.services.experts import build_index
    from tests.tiny_org import tiny_org

    with unit_of_work(make_session_factory(engine)) as session:
        ids = tiny_org(session)
        writer = ids["E1"]  # claims PostgreSQL and SQL, never Kubernetes
        item = t.EvidenceItem(
            kind="talk",
            title="Kubernetes operators for our databases",
            body="How we run Kubernetes operators, Kubernetes volumes and upgrades in production.",
            link="",
        )
        session.add(item)
        session.flush()
        session.add(t.EvidenceCredit(evidence_id=item.id, person_id=writer))
        admin = Viewer(ids["E3"])
        program = programs.create_program(
            session=session,
            viewer=admin,
            settings=_settings(),
            rules={"version": 1, "hard": {"shared_language": False}, "soft": {"goal_fit": 1}},
            now=NOW,
        )
        programs.enroll(
            session=session,
            viewer=admin,
            program_id=program,
            side="guide",
            person_id=writer,
            now=NOW,
        )
        programs.enroll(
            session=session,
            viewer=admin,
            program_id=program,
            side="learner",
            person_id=ids["E3"],
            skill_ids=[ids["skill:kubernetes"]],
            now=NOW,
        )
        index = build_index(session=session)
        assert index.evidence_strength("Kubernetes", [writer, ids["E3"]]).get(writer, 0) >= 1.0
        blind = runs.run_match(session=session, viewer=admin, program_id=program, now=NOW)
        seeing = runs.run_match(
            session=session, viewer=admin, program_id=program, index=index, now=NOW
        )
    assert [p.guide.id for p in blind.pairs] == [writer] == [p.guide.id for p in seeing.pairs]
    assert blind.pairs[0].score == 0
    assert seeing.pairs[0].score > 0.5
    assert "Kubernetes" in seeing.pairs[0].why and "Kubernetes" not in blind.pairs[0].why


# Recurring peer intros.


def _intros(session: Session, org: Org, members: range, veterans: range = range(0)) -> int:
    program = _program(
        session, org, name="Coffee roulette", kind="peer_intros", round_every_weeks=2
    )
    for i in members:
        programs.enroll(
            session=session,
            viewer=Viewer(org.admin),
            program_id=program,
            side="learner",
            person_id=org.ids[f"P{i}"],
            now=NOW,
        )
    for i in veterans:
        programs.enroll(
            session=session,
            viewer=Viewer(org.admin),
            program_id=program,
            side="guide",
            person_id=org.ids[f"P{i}"],
            now=NOW,
        )
    return program


def _round(session: Session, org: Org, program: int, when: datetime) -> RunView:
    run = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=when)
    runs.publish_run(session=session, viewer=Viewer(org.admin), run_id=run.id, now=when)
    return run


def test_intro_rounds_never_repeat_a_pair_while_someone_new_is_left(
    session: Session, org: Org
) -> None:
    program = _intros(session, org, range(20, 27))  # 7 people: a trio every round
    seen: set[frozenset[int]] = set()
    for week in range(3):  # 3 rounds of 7 people use 9 of the 21 pairs each at most
        run = _round(session, org, program, NOW + timedelta(weeks=2 * week))
        assert run.figures["repeats"] == 0, (week, run.figures)
        sizes = sorted(len(g.members) for g in run.groups)
        assert sizes == [2, 2, 3], (week, run.figures)
        placed = [m.id for g in run.groups for m in g.members]
        assert len(placed) == len(set(placed)) == 7
        for g in run.groups:
            ids = [m.id for m in g.members]
            pairs = {frozenset((a, b)) for a in ids for b in ids if a < b}
            assert not pairs & seen
            seen |= pairs
    mine = programs.view_program(session=session, viewer=Viewer(org.ids["P20"]), program_id=program)
    assert len(mine.my_groups) == 3 and mine.my_groups[0].round > mine.my_groups[-1].round


def test_intros_between_two_groups_and_the_silent_sit_out(session: Session, org: Org) -> None:
    program = _intros(session, org, range(20, 24), veterans=range(0, 4))
    members = {org.ids[f"P{i}"] for i in range(20, 24)}
    first = _round(session, org, program, NOW)
    for g in first.groups:
        ids = {m.id for m in g.members}
        assert len(ids & members) == 1 and len(ids - members) == 1  # a member meets a veteran
    quiet = org.ids["P20"]
    for person in {m.id for g in first.groups for m in g.members} - {quiet}:
        runs.answer_round(
            session=session,
            viewer=Viewer(person),
            program_id=program,
            run_id=first.id,
            answer="met",
        )
    second = _round(session, org, program, NOW + timedelta(weeks=2))
    assert quiet in {m.id for g in second.groups for m in g.members}  # one silent round is fine
    third = _round(session, org, program, NOW + timedelta(weeks=4))
    assert quiet not in {m.id for g in third.groups for m in g.members}
    assert third.figures["skipped"] == ["Person 20"]
    assert any("Person 20 sits this round out" in n for n in third.figures["notes"])
    with pytest.raises(InvalidInput, match="met or missed"):
        runs.answer_round(
            session=session,
            viewer=Viewer(quiet),
            program_id=program,
            run_id=third.id,
            answer="maybe",
        )
    with pytest.raises(NotPermitted):
        runs.answer_round(
            session=session, viewer=Viewer(quiet), program_id=program, run_id=third.id, answer="met"
        )


def test_due_rounds_follow_each_programs_interval(session: Session, org: Org) -> None:
    program = _intros(session, org, range(20, 30))
    assert [d.program_id for d in runs.run_due_rounds(session=session, now=NOW)] == [program]
    assert runs.run_due_rounds(session=session, now=NOW + timedelta(days=13)) == []
    later = runs.run_due_rounds(session=session, now=NOW + timedelta(days=14))
    assert len(later) == 1 and later[0].report.groups == 5
    rounds = programs.view_program(session=session, viewer=Viewer(org.admin), program_id=program)
    assert len({g.round for g in rounds.groups}) == 2


def test_a_program_page_reads_the_first_of_each_list_with_totals(
    session: Session, org: Org
) -> None:
    program = _program(session, org, {"version": 1, "hard": {"shared_language": False}})
    _enroll_everyone(session, org, program)
    run = runs.run_match(session=session, viewer=Viewer(org.admin), program_id=program, now=NOW)
    runs.publish_run(session=session, viewer=Viewer(org.admin), run_id=run.id, now=NOW)
    full = programs.view_program(session=session, viewer=Viewer(org.admin), program_id=program)
    page = programs.view_program(
        session=session, viewer=Viewer(org.admin), program_id=program, list_limit=5
    )
    assert (len(full.learners), len(full.guides)) == (page.learners_total, page.guides_total)
    assert page.learners_total == org.people - 16 and page.guides_total == 16
    assert len(page.guides) == len(page.matches) == 5
    assert page.matches_total == len(full.matches) == len(run.pairs)
    # The admin's own enrollment is always there, whatever the limit: the first 5 and theirs.
    assert [e.side.value for e in page.my_enrollments] == ["learner"]
    assert len(page.learners) == 6 and page.learners[0].person.id == org.admin
