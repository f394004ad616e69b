"""The sample organization generator, checked on plain records (no database)."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import fields
from datetime import date, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest

from peoplefirst.domain.hierarchy import chain_upwards, find_cycle
from peoplefirst.domain.records import PersonRecord, SkillRecord
from peoplefirst.domain.taxonomy import starter_taxonomy
from peoplefirst.domain.vocabulary import SENIORITY_BANDS, SkillSource, SkillTag
from peoplefirst.sample_org import (
    REFERENCE_DATE,
    OrgBatch,
    generate_organization,
    hidden_expert_ids,
    hidden_experts,
)
from peoplefirst.sample_org.catalog import LOCATIONS
from peoplefirst.sample_org.plan import MAX_HEIGHT, MAX_SPAN, MIN_SPAN, plan_organization


@cache
def taxonomy() -> tuple[SkillRecord, ...]:
    return tuple(starter_taxonomy())


@cache
def org(people: int, seed: int = 7, batch_size: int = 5000) -> tuple[OrgBatch, ...]:
    return tuple(
        generate_organization(people=people, seed=seed, taxonomy=taxonomy(), batch_size=batch_size)
    )


def everything(batches: tuple[OrgBatch, ...]) -> OrgBatch:
    merged = OrgBatch()
    for batch in batches:
        for f in fields(OrgBatch):
            getattr(merged, f.name).extend(getattr(batch, f.name))
    return merged


def person_refs(batch: OrgBatch) -> list[int]:
    """Every person id any non-person record in `batch` points at."""
    refs = [r.person_id for r in batch.person_skills]
    refs += [r.person_id for r in batch.skill_tags]
    refs += [r.person_id for r in batch.learning_goals]
    refs += [r.person_id for r in batch.guide_offers]
    refs += [r.person_id for r in batch.capacity_budgets]
    refs += [i for e in batch.evidence for i in e.credited_person_ids]
    refs += [i for e in batch.endorsements for i in (e.endorser_id, e.endorsee_id)]
    return refs


# -- determinism -----------------------------------------------------------------------


def test_same_seed_gives_identical_records() -> None:
    first = everything(tuple(generate_organization(people=300, seed=11, taxonomy=taxonomy())))
    again = everything(tuple(generate_organization(people=300, seed=11, taxonomy=taxonomy())))
    assert first == again


def test_different_seeds_give_different_organizations() -> None:
    a = everything(org(300, seed=1))
    b = everything(org(300, seed=2))
    assert [p.name for p in a.people] != [p.name for p in b.people]
    assert [e.body for e in a.evidence] != [e.body for e in b.evidence]


# -- ids, order and references ---------------------------------------------------------


@pytest.mark.parametrize(
    ("people", "batch_size"), [(1, 5000), (2, 1), (13, 4), (200, 64), (2000, 500)]
)
def test_stream_order_lets_rows_be_inserted_with_foreign_keys(people: int, batch_size: int) -> None:
    batches = org(people, batch_size=batch_size)
    assert all(not b.departments for b in batches[1:]), "departments all come first"
    departments = batches[0].departments
    assert [d.id for d in departments] == list(range(1, len(departments) + 1))
    assert all(d.parent_id is None or d.parent_id < d.id for d in departments)
    assert sum(d.parent_id is None for d in departments) == 1
    department_ids = {d.id for d in departments}

    yielded = 0
    for batch in batches:
        for person in batch.people:
            yielded += 1
            assert person.id == yielded
            assert person.employee_id == f"E{yielded:07d}"
            assert person.manager_id is None or person.manager_id < person.id
            assert person.department_id in department_ids
        assert all(ref <= yielded for ref in person_refs(batch))
    assert yielded == people
    assert [len(b.people) for b in batches[:-1]] == [batch_size] * (len(batches) - 1)

    merged = everything(batches)
    assert [e.id for e in merged.evidence] == list(range(1, len(merged.evidence) + 1))
    assert len({p.email for p in merged.people}) == people


@pytest.mark.parametrize("people", [1, 2, 3, 10, 14, 50, 200, 2000])
def test_one_chief_executive_and_no_cycles(people: int) -> None:
    merged = everything(org(people))
    roots = [p for p in merged.people if p.manager_id is None]
    assert [r.id for r in roots] == [1]
    assert roots[0].level == 8
    assert find_cycle({p.id: p.manager_id for p in merged.people}) is None


@pytest.mark.parametrize("people", [200, 2000])
def test_spans_of_control_stay_between_three_and_twelve(people: int) -> None:
    merged = everything(org(people))
    spans = Counter(p.manager_id for p in merged.people if p.manager_id is not None)
    assert spans, "there are managers"
    assert all(MIN_SPAN <= span <= MAX_SPAN for span in spans.values()), spans.most_common(3)


@pytest.mark.parametrize("people", [14, 200, 2000])
def test_nobody_outranks_their_manager(people: int) -> None:
    merged = everything(org(people))
    level = {p.id: p.level for p in merged.people}
    assert all(p.level in SENIORITY_BANDS for p in merged.people)
    assert all(level[p.manager_id] >= p.level for p in merged.people if p.manager_id)
    ceo = next(p for p in merged.people if p.manager_id is None)
    assert all(p.level < ceo.level for p in merged.people if p is not ceo)


def test_levels_keep_a_realistic_spread_in_a_deep_chart() -> None:
    """A deep chart must not push most people to the lowest bands."""
    merged = everything(org(20_000))
    bands = Counter(p.level for p in merged.people)
    share_low = (bands[1] + bands[2]) / len(merged.people)
    assert share_low < 0.5, bands
    assert bands[4] + bands[5] > 0.15 * len(merged.people), bands


def test_chain_of_command_is_no_longer_than_the_levels_allow() -> None:
    merged = everything(org(2000))
    managers = {p.id: p.manager_id for p in merged.people}
    assert max(len(chain_upwards(p.id, managers)) for p in merged.people) <= 7


# -- shape -----------------------------------------------------------------------------


def test_starter_taxonomy_covers_common_job_families() -> None:
    skills = {s.key: s for s in taxonomy()}
    assert 300 <= len(skills) <= 400
    categories = [s for s in skills.values() if s.parent_key is None]
    assert len(categories) >= 15
    third_level = [s for s in skills.values() if s.parent_key and skills[s.parent_key].parent_key]
    assert {"python", "postgresql", "tableau", "scrum"} <= {s.key for s in third_level}
    aliases = {a for s in skills.values() for a in s.aliases}
    assert {"k8s", "ML", "FP&A", "GDPR", "SRE"} <= aliases
    assert all(s.description.endswith(".") for s in skills.values())


@pytest.mark.parametrize("people", [10, 1_000, 100_000, 1_000_000])
def test_the_org_chart_plan_scales_to_a_million_people(people: int) -> None:
    units = plan_organization(people, random.Random(1))
    assert units[0].size == people
    assert units[0].height <= MAX_HEIGHT
    for unit in units:
        assert unit.size == 1 + unit.staff + sum(child.size for child in unit.children)
        if unit.children:
            assert MIN_SPAN <= len(unit.children) + unit.staff <= MAX_SPAN
    teams = sum(unit.is_team for unit in units)
    if people == 1_000_000:
        assert 1_000 < teams < 50_000, "thousands of teams"


def test_departments_have_the_shape_of_a_real_company() -> None:
    batches = org(2000)
    merged = everything(batches)
    departments = {d.id: d for d in merged.departments}
    division_of: dict[int, str] = {}
    for d in merged.departments:
        parent = d.parent_id
        division_of[d.id] = d.name if parent == 1 else division_of.get(parent, "") if parent else ""
    headcount = Counter(division_of[p.department_id] for p in merged.people if p.department_id)
    assert headcount["Engineering"] > headcount["Sales"] > headcount["Legal & Compliance"] > 0
    assert 100 < len(departments) < 600, "divisions, departments and teams"
    assert len({p.job_family for p in merged.people}) >= 15


def test_hire_dates_and_evidence_dates_are_plausible() -> None:
    merged = everything(org(2000))
    hired = {p.id: p.hire_date for p in merged.people}
    earliest = REFERENCE_DATE - timedelta(days=25 * 366)
    assert all(earliest <= d < REFERENCE_DATE for d in hired.values())
    for item in merged.evidence:
        assert item.written_on < REFERENCE_DATE
        assert all(item.written_on >= hired[i] for i in item.credited_person_ids)
    seniors = [p for p in merged.people if p.level >= 6]
    juniors = [p for p in merged.people if p.level <= 2]
    assert _mean_days(seniors, REFERENCE_DATE) > _mean_days(juniors, REFERENCE_DATE)


def _mean_days(people: list[PersonRecord], today: date) -> float:
    return sum((today - p.hire_date).days for p in people) / len(people)


def test_locations_time_zones_and_languages_are_valid() -> None:
    merged = everything(org(2000))
    for zone in {p.time_zone for p in merged.people}:
        ZoneInfo(zone)
    assert len({p.time_zone for p in merged.people}) >= 8
    assert all(p.languages and len(set(p.languages)) == len(p.languages) for p in merged.people)
    assert all(re.fullmatch(r"[a-z]{2}", code) for p in merged.people for code in p.languages)
    assert sum("en" in p.languages for p in merged.people) > len(merged.people) * 0.7
    main_language = {f"{loc.city}, {loc.country}": loc.languages[0] for loc in LOCATIONS}
    assert all(p.languages[0] == main_language[p.location] for p in merged.people)
    assert len({lang for p in merged.people for lang in p.languages}) >= 15


# -- skills, tags, goals, offers -------------------------------------------------------


def test_every_skill_key_is_in_the_starter_taxonomy() -> None:
    keys = {s.key for s in taxonomy()}
    merged = everything(org(2000))
    used = {r.skill_key for r in merged.person_skills}
    used |= {r.skill_key for r in merged.skill_tags}
    used |= {r.skill_key for r in merged.learning_goals if r.skill_key}
    used |= {k for e in merged.evidence for k in e.skill_keys}
    used |= {r.skill_key for r in merged.endorsements}
    assert used <= keys
    assert len(used) > 200, "the catalog uses much of the taxonomy"


def test_profiles_have_four_to_twelve_skills_mostly_self_declared() -> None:
    merged = everything(org(2000))
    per_person = Counter(r.person_id for r in merged.person_skills)
    assert len(per_person) == len(merged.people)
    assert all(4 <= n <= 12 for pid, n in per_person.items() if pid not in hidden_ids(2000))
    sources = Counter(r.source for r in merged.person_skills)
    assert sources[SkillSource.SELF] > sum(sources.values()) / 2
    assert 0 < sources[SkillSource.VETTED] < sources[SkillSource.ENDORSED]


def test_skill_levels_rise_with_seniority() -> None:
    merged = everything(org(2000))
    level = {p.id: p.level for p in merged.people}
    mean = defaultdict(list)
    for r in merged.person_skills:
        mean[level[r.person_id] >= 5].append(int(r.level))
    assert sum(mean[True]) / len(mean[True]) > sum(mean[False]) / len(mean[False]) + 0.5


def test_goals_point_at_skills_people_lack_or_hold_at_a_low_level() -> None:
    merged = everything(org(2000))
    held = {(r.person_id, r.skill_key): r.level for r in merged.person_skills}
    goals = merged.learning_goals
    assert len(goals) > 1000
    assert any(g.skill_key is None for g in goals), "a few free-text goals"
    for goal in goals:
        assert goal.text and goal.why
        if goal.skill_key is not None:
            current = held.get((goal.person_id, goal.skill_key), 0)
            assert current <= 2
            assert goal.target_level > current


def test_tags_follow_strength_and_goals() -> None:
    merged = everything(org(2000))
    held = {(r.person_id, r.skill_key): r.level for r in merged.person_skills}
    tags = merged.skill_tags
    assert len({(t.person_id, t.skill_key, t.tag) for t in tags}) == len(tags)
    for tag in tags:
        if tag.tag in (SkillTag.ASK_ME_ABOUT, SkillTag.ABLE_TO_MENTOR):
            assert held[(tag.person_id, tag.skill_key)] >= 4
        else:
            assert held.get((tag.person_id, tag.skill_key), 0) <= 2
    visibility = Counter(t.visibility for t in tags)
    assert visibility.most_common(1)[0][0] == "everyone"
    assert len(visibility) == 4


def test_one_capacity_budget_per_guide_covering_the_largest_offer() -> None:
    merged = everything(org(2000))
    offers = defaultdict(list)
    for offer in merged.guide_offers:
        offers[offer.person_id].append(offer)
    budgets = {b.person_id: b for b in merged.capacity_budgets}
    assert len(budgets) == len(merged.capacity_budgets) == len(offers)
    assert 0.2 < len(offers) / len(merged.people) < 0.4
    assert len({o.role for o in merged.guide_offers}) == 5
    for person_id, own in offers.items():
        budget = budgets[person_id]
        assert budget.hours_per_month >= max(o.hours_per_month for o in own)
        assert budget.people_at_once >= max(o.max_people for o in own)
        if len(own) > 1:
            assert budget.hours_per_month < sum(o.hours_per_month for o in own)
            assert budget.people_at_once < sum(o.max_people for o in own)
        assert len({o.role for o in own}) == len(own)


# -- hidden experts --------------------------------------------------------------------


def hidden_ids(people: int, seed: int = 7) -> frozenset[int]:
    return hidden_expert_ids(people=people, seed=seed)


@pytest.mark.parametrize(("people", "expected"), [(50, 0), (100, 1), (2000, 10), (10**6, 5000)])
def test_about_one_person_in_two_hundred_is_a_hidden_expert(people: int, expected: int) -> None:
    found = hidden_experts(people=people, seed=3)
    assert len(found) == expected
    assert found == hidden_experts(people=people, seed=3)
    assert 1 not in found


def test_hidden_experts_have_strong_evidence_but_thin_profiles() -> None:
    merged = everything(org(2000))
    experts = hidden_experts(people=2000, seed=7)
    keys = {s.key for s in taxonomy()}
    typical = sum(len(e.body) for e in merged.evidence) / len(merged.evidence)
    for person_id, skill in experts.items():
        assert skill in keys
        written = [
            e
            for e in merged.evidence
            if e.credited_person_ids[0] == person_id and skill in e.skill_keys
        ]
        assert len(written) >= 4
        assert all(len(e.body) > 300 for e in written), "substantial items"
        assert sum(len(e.body) for e in written) / len(written) > 1.4 * typical
        claimed = [r for r in merged.person_skills if r.person_id == person_id]
        on_skill = [r for r in claimed if r.skill_key == skill]
        assert not on_skill or (on_skill[0].level <= 2 and on_skill[0].source == "self")
        assert sum(t.person_id == person_id for t in merged.skill_tags) <= 1
        assert not [o for o in merged.guide_offers if o.person_id == person_id]
        assert not [
            e for e in merged.endorsements if e.endorsee_id == person_id and e.skill_key == skill
        ]


# -- evidence and endorsements ---------------------------------------------------------


def test_evidence_texts_are_varied() -> None:
    evidence = everything(org(2000)).evidence[:500]
    assert len(evidence) == 500
    bodies = [e.body for e in evidence]
    firsts = [re.split(r"(?<=[.!?])\s", b, maxsplit=1)[0] for b in bodies]
    assert len(set(bodies)) > 0.95 * len(bodies)
    assert len(set(firsts)) > 0.85 * len(firsts)
    assert len({e.title for e in evidence}) > 0.8 * len(evidence)
    assert len(Counter(e.kind for e in evidence)) == 5
    assert "lorem" not in " ".join(bodies).lower()


def test_evidence_mentions_the_skills_it_is_tagged_with() -> None:
    skills = {s.key: s for s in taxonomy()}
    merged = everything(org(2000))
    aliases_used = 0
    for item in merged.evidence:
        text = f"{item.title} {item.body}".lower()
        assert item.skill_keys and item.link.startswith("https://")
        for key in item.skill_keys:
            names = [skills[key].name, *skills[key].aliases]
            assert any(n.lower() in text for n in names), (key, item.body)
            aliases_used += skills[key].name.lower() not in text
    assert aliases_used > 0, "some items use an alias such as k8s"


def test_co_authors_come_from_the_same_team() -> None:
    merged = everything(org(2000))
    manager = {p.id: p.manager_id for p in merged.people}
    shared = [e.credited_person_ids for e in merged.evidence if len(e.credited_person_ids) > 1]
    assert shared and all(len(ids) <= 4 for ids in shared)
    assert len(shared) < len(merged.evidence) / 3, "mostly one author"
    for author, *others in shared:
        assert all(manager[o] == manager[author] or o == manager[author] for o in others)


def test_endorsements_are_between_colleagues_for_skills_the_endorsee_has() -> None:
    merged = everything(org(2000))
    held = {(r.person_id, r.skill_key) for r in merged.person_skills}
    people = {p.id: p for p in merged.people}
    triples = [(e.endorser_id, e.endorsee_id, e.skill_key) for e in merged.endorsements]
    assert len(triples) > 1000
    assert len(set(triples)) == len(triples)
    assert all(endorser != endorsee for endorser, endorsee, _ in triples)
    assert all((endorsee, key) in held for _, endorsee, key in triples)
    managers = {p.id: p.manager_id for p in merged.people}
    close = 0
    for endorser, endorsee, _ in triples:
        same_department = people[endorser].department_id == people[endorsee].department_id
        chain = endorser in chain_upwards(endorsee, managers) or endorsee in chain_upwards(
            endorser, managers
        )
        close += same_department or chain or managers[endorser] == managers[endorsee]
    assert close > 0.85 * len(triples)
    assert all(e.note for e in merged.endorsements)


def test_a_taxonomy_missing_catalog_skills_is_refused() -> None:
    partial = [s for s in taxonomy() if s.key != "kubernetes"]
    with pytest.raises(ValueError, match="kubernetes"):
        next(iter(generate_organization(people=10, seed=1, taxonomy=partial)))


@pytest.mark.parametrize("bad", [{"people": 0}, {"batch_size": 0}])
def test_nonsense_sizes_are_refused(bad: dict[str, int]) -> None:
    arguments = {"people": 10, "seed": 1, "batch_size": 10} | bad
    with pytest.raises(ValueError):
        next(iter(generate_organization(taxonomy=taxonomy(), **arguments)))


def test_every_endorsed_level_shows_who_endorsed_it() -> None:
    merged = everything(org(2000))
    ceo = next(p.id for p in merged.people if p.manager_id is None)
    vouched = {(e.endorsee_id, e.skill_key) for e in merged.endorsements}
    endorsed = [
        (r.person_id, r.skill_key)
        for r in merged.person_skills
        if r.source == "endorsed" and r.person_id != ceo
    ]
    assert endorsed
    assert all(pair in vouched for pair in endorsed)
