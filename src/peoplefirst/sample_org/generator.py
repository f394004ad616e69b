"""Generate a realistic organization of any size as a stream of record batches.

The org chart is planned first (`plan.py`); people are then created manager first: a
manager's direct reports are made together, with their profiles, before anyone below them.
Only the managers still waiting for their reports are held in memory, so a million people
stream in constant memory. The same (people, seed) always gives the same records.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from itertools import accumulate
from typing import TypeVar

from peoplefirst.domain.records import (
    CapacityBudgetRecord,
    DepartmentRecord,
    EndorsementRecord,
    EvidenceRecord,
    GuideOfferRecord,
    LearningGoalRecord,
    PersonRecord,
    PersonSkillRecord,
    SkillRecord,
    SkillTagRecord,
)
from peoplefirst.domain.vocabulary import EvidenceKind, SkillSource
from peoplefirst.sample_org.catalog import (
    DIVISIONS,
    EXECUTIVE_STAFF,
    LOCATIONS,
    weights,
)
from peoplefirst.sample_org.directory import Directory
from peoplefirst.sample_org.families import (
    ASPIRING_MANAGER,
    EVERYDAY,
    FAMILIES,
    GROWTH,
    LEADERSHIP,
    SENIOR_LEADERSHIP,
    JobFamily,
)
from peoplefirst.sample_org.hidden import HIDDEN_SKILLS, hidden_experts
from peoplefirst.sample_org.notes import ENDORSEMENT_NOTES
from peoplefirst.sample_org.plan import Unit, plan_organization, team_shape
from peoplefirst.sample_org.profiles import Pool, ProfileMaker, make_pool
from peoplefirst.sample_org.texts import EvidenceWriter, one

REFERENCE_DATE = date(2026, 1, 1)
"""Dates are relative to this fixed day, never to today, so output does not drift."""

_REF = REFERENCE_DATE.toordinal()
_HEAD, _MANAGER, _IC, _STAFF, _EXEC = range(5)
_IC_LEVEL_CUM = tuple(accumulate((8, 20, 30, 24, 11, 5, 2)))  # levels 1..7 for individuals
_TENURE_YEARS = (0, 1.5, 2.5, 3.5, 5.0, 6.5, 8.0, 9.5, 11.0)  # mean by level
_KINDS = (
    EvidenceKind.PROJECT_SUMMARY,
    EvidenceKind.ANSWER,
    EvidenceKind.TALK,
    EvidenceKind.DOCUMENT,
    EvidenceKind.POST,
)
_KIND_CUM = (0.25, 0.55, 0.65, 0.85, 1.0)  # project, answer, talk, document, post
_CEO_FAMILY = "executive"
_EXECUTIVE = JobFamily(
    _CEO_FAMILY, "Executive Leadership", ("Chief Executive Officer",) * 7,
    ("Chief Executive Officer",) * 4, SENIOR_LEADERSHIP, LEADERSHIP,
)  # fmt: skip
T = TypeVar("T")


@dataclass(slots=True)
class OrgBatch:
    """The records of one slice of the organization, in insertion order.

    Every department is in the first batch. Every record refers only to people in this
    batch or an earlier one, and a person's manager comes before them.
    """

    departments: list[DepartmentRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    person_skills: list[PersonSkillRecord] = field(default_factory=list)
    skill_tags: list[SkillTagRecord] = field(default_factory=list)
    learning_goals: list[LearningGoalRecord] = field(default_factory=list)
    guide_offers: list[GuideOfferRecord] = field(default_factory=list)
    capacity_budgets: list[CapacityBudgetRecord] = field(default_factory=list)
    evidence: list[EvidenceRecord] = field(default_factory=list)
    endorsements: list[EndorsementRecord] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class _Member:
    """What the generator remembers about a person while their team is being made."""

    id: int
    level: int
    hire: int  # date ordinal
    manager_id: int | None
    unit: Unit
    skills: dict[str, int]
    hidden: str | None
    evidence: int  # how many items they write
    endorsed: tuple[str, ...] = ()  # skills whose level colleagues vouched for


_Spec = tuple[int, Unit, int]  # (kind, unit, number of reports or staff index)


def generate_organization(
    *, people: int, seed: int, taxonomy: Sequence[SkillRecord], batch_size: int = 5000
) -> Iterator[OrgBatch]:
    """Yield an organization of `people` in batches of `batch_size` people, with
    departments, profiles, evidence and endorsements. The last batch may be smaller; it
    may even hold no people, only the last team's evidence and endorsements.

    `taxonomy` must hold every skill the sample catalog uses (the starter taxonomy does).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    generator = _Generator(people, seed, taxonomy, batch_size)
    return generator.run()


class _Generator:
    def __init__(
        self, people: int, seed: int, taxonomy: Sequence[SkillRecord], batch_size: int
    ) -> None:
        self.batch_size = batch_size
        self.units = plan_organization(people, random.Random(f"peoplefirst-plan:{seed}"))
        self.rng = rng = random.Random(f"peoplefirst-people:{seed}")
        self.hidden = hidden_experts(people=people, seed=seed)
        skills = {s.key: s for s in taxonomy}
        self.families = {f.key: f for f in (*FAMILIES, _EXECUTIVE)}
        _check_catalog(skills, self.families.values())
        self.writer = EvidenceWriter(skills, rng)
        names = {key: self.writer.name(key) for key in skills}
        self.profiles = ProfileMaker(
            rng,
            names,
            leadership=make_pool([(weights(LEADERSHIP), 1.0)]),
            senior_leadership=make_pool(
                [(weights(LEADERSHIP), 0.5), (weights(SENIOR_LEADERSHIP), 1.0)]
            ),
            growth=make_pool([(weights(GROWTH), 1.0)]),
            aspiring=make_pool([(weights(ASPIRING_MANAGER), 1.0)]),
        )
        self.names = names
        self._pools: dict[tuple[int, int, str], Pool] = {}
        self._mixes: dict[tuple[int, int], tuple[tuple[str, ...], tuple[float, ...]]] = {}
        self.directory = Directory(rng)
        place_index = {loc.key: i for i, loc in enumerate(LOCATIONS)}
        self._division_places = [
            _cumulative([(place_index[k], w) for k, w in weights(d.locations)]) for d in DIVISIONS
        ]
        self.next_person = 1
        self.next_evidence = 1
        self.batch = OrgBatch()

    # -- the walk ------------------------------------------------------------------------

    def run(self) -> Iterator[OrgBatch]:
        self.batch.departments = [
            DepartmentRecord(u.id, u.name, u.parent.id if u.parent else None) for u in self.units
        ]
        root = self.units[0]
        ceo = self._person((_HEAD, root, 0), None)
        if len(self.batch.people) >= self.batch_size:
            yield self._flush()
        self._team_records(None, [ceo])
        stack = [(ceo, self._reports((_HEAD, root, 0)))]
        while stack:
            boss, specs = stack.pop()
            team = []
            for spec in specs:
                team.append(self._person(spec, boss))
                if len(self.batch.people) >= self.batch_size:
                    yield self._flush()
            self._team_records(boss, team)
            for member, spec in zip(reversed(team), reversed(specs), strict=True):
                if spec[0] == _MANAGER or (spec[0] == _HEAD and spec[1].size > 1):
                    stack.append((member, self._reports(spec)))
        if any(getattr(self.batch, f.name) for f in fields(OrgBatch)):
            yield self._flush()

    def _flush(self) -> OrgBatch:
        batch, self.batch = self.batch, OrgBatch()
        return batch

    def _reports(self, spec: _Spec) -> list[_Spec]:
        kind, unit, count = spec
        if kind == _MANAGER:
            return [(_IC, unit, 0)] * count
        if unit.children:
            staff_kind = _EXEC if unit.depth == 0 else _STAFF
            heads = [(_HEAD, child, 0) for child in unit.children]
            return heads + [(staff_kind, unit, i) for i in range(unit.staff)]
        direct, shape = team_shape(unit.staff, self.rng)
        return [(_MANAGER, unit, n) for n in shape] + [(_IC, unit, 0)] * direct

    # -- one person ----------------------------------------------------------------------

    def _person(self, spec: _Spec, boss: _Member | None) -> _Member:
        kind, unit, n = spec
        rng = self.rng
        pid = self.next_person
        self.next_person += 1
        height = unit.height if kind == _HEAD else 1 if kind == _MANAGER else 0
        level, experience = self._level(kind, unit, n, height, boss.level if boss else 9)
        family = self._family(kind, unit)
        mean = _TENURE_YEARS[experience]
        tenure = mean * (rng.random() + rng.random()) * (2.0 if rng.random() < 0.08 else 1.0)
        tenure = min(24.9, max(0.05, tenure))
        hire = _REF - 1 - int(tenure * 365.25)
        place = self._place(kind, unit)
        location = LOCATIONS[place]
        given, family_name = self.directory.name(place)
        batch = self.batch
        batch.people.append(
            PersonRecord(
                id=pid,
                employee_id=f"E{pid:07d}",
                name=f"{given} {family_name}",
                email=self.directory.email(given, family_name),
                title=self._title(kind, unit, family, level, n),
                job_family=family.key,
                level=level,
                hire_date=date.fromordinal(hire),
                department_id=unit.id,
                manager_id=boss.id if boss else None,
                location=f"{location.city}, {location.country}",
                time_zone=location.time_zone,
                languages=self.directory.languages(place),
            )
        )
        pool = self._pool(unit, family.key)
        profiles = self.profiles
        skills = profiles.skills(pool, experience, tenure, height)
        hidden = self.hidden.get(pid)
        if hidden is not None:
            skills = _thin(skills, hidden, rng)
        records = profiles.skill_records(pid, skills, hidden)
        batch.person_skills += records
        endorsed = tuple(r.skill_key for r in records if r.source is SkillSource.ENDORSED)
        goals, wants = profiles.goals(pid, skills, pool, experience, hidden)
        batch.learning_goals += goals
        tags = profiles.tags(pid, skills, experience) + wants
        if hidden is None:
            batch.skill_tags += tags
            offers, budget = profiles.offers(pid, skills, experience, family.key, height > 0, goals)
            if budget is not None:
                batch.guide_offers += offers
                batch.capacity_budgets.append(budget)
        else:  # a thin profile: hardly any tags, no offers
            batch.skill_tags += [t for t in tags if t.skill_key != hidden][:1]
        r = rng.random()
        writes = (r < 0.35) + (r < 0.12) + 1 if rng.random() < 0.2 + 0.06 * experience else 0
        return _Member(
            pid, level, hire, boss.id if boss else None, unit, skills, hidden, writes, endorsed
        )

    def _level(
        self, kind: int, unit: Unit, unit_index: int, height: int, boss_level: int
    ) -> tuple[int, int]:
        """(level, experience). Nobody outranks their manager, but senior people may sit
        at their manager's band (a principal engineer under an engineering manager), so
        deep charts at a million people keep a realistic spread of levels; experience,
        which drives skills and tenure, follows the usual spread of seniority."""
        rng = self.rng
        top = min(boss_level, 7)  # only the CEO is at 8
        if kind == _HEAD and boss_level == 9:
            return 8, 8
        if height:
            # Division heads sit at 7, department heads at 6, other leads by what they lead.
            depth = unit.depth if kind == _HEAD else 9
            level = min(max(4 + height, 8 - depth), top)
            if height == 1 and depth > 2 and level > 3 and rng.random() < 0.2:
                level -= 1  # some team leads sit a band lower
            level = min(max(level, height + 1), top)
            return level, max(level, min(7, 3 + height + (rng.random() < 0.5)))
        if kind == _EXEC:
            level = min(EXECUTIVE_STAFF[unit_index % len(EXECUTIVE_STAFF)][1], top)
            return level, level
        if kind == _STAFF:
            level = rng.randint(max(1, top - 2), top)
            return level, max(level, rng.randint(5, 7))
        cum = _IC_LEVEL_CUM
        usual = min(bisect(cum, rng.random() * cum[-1]), len(cum) - 1) + 1
        # Individual contributors rarely match their manager: one band below when they would.
        level = min(usual, top - 1) if top > 1 and rng.random() < 0.85 else min(usual, top)
        return level, max(level, usual)

    def _family(self, kind: int, unit: Unit) -> JobFamily:
        families = self.families
        if kind == _EXEC or (kind == _HEAD and unit.depth == 0):
            return families["operations" if kind == _EXEC else _CEO_FAMILY]
        if kind in (_HEAD, _MANAGER) or (kind == _STAFF and unit.depth == 1):
            if unit.depth == 1:
                return families[DIVISIONS[unit.division].family]
            if unit.department >= 0:
                blueprint = DIVISIONS[unit.division].departments[unit.department]
                return families[weights(blueprint.families)[0][0]]
        return families[_draw(self.rng, self._mix(unit.division, unit.department))]

    def _title(self, kind: int, unit: Unit, family: JobFamily, level: int, n: int) -> str:
        if kind == _EXEC:
            return EXECUTIVE_STAFF[n % len(EXECUTIVE_STAFF)][0]
        if kind == _HEAD and unit.depth == 0:
            return "Chief Executive Officer"
        if kind == _HEAD and unit.depth == 1:
            return DIVISIONS[unit.division].head_title
        if kind == _HEAD and unit.depth == 2 and level >= 6:
            return f"Head of {unit.name}"
        if kind in (_HEAD, _MANAGER) and unit.size > 1:
            return family.manager_titles[max(0, min(level, 7) - 4)]
        return family.titles[min(level, 7) - 1]

    def _place(self, kind: int, unit: Unit) -> int:
        if kind == _HEAD or self.rng.random() < 0.7 or unit.division < 0:
            return unit.location
        return _draw(self.rng, self._division_places[unit.division])

    def _pool(self, unit: Unit, family: str) -> Pool:
        key = (unit.division, unit.department, family)
        pool = self._pools.get(key)
        if pool is None:
            fam = self.families[family]
            core = [k for k, _ in weights(fam.core)]
            parts = [
                (weights(fam.core), 1.0),
                (weights(fam.adjacent), 1.0),
                (weights(EVERYDAY), 1.0),
            ]
            if unit.department >= 0:
                blueprint = DIVISIONS[unit.division].departments[unit.department]
                main = weights(blueprint.families)[0][0] == family
                focus = weights(blueprint.focus)
                parts.append((focus, 1.0 if main else 0.3))
                if main:
                    core += [k for k, _ in focus]
            pool = self._pools[key] = make_pool(parts, core)
        return pool

    def _mix(self, division: int, department: int) -> tuple[tuple[str, ...], tuple[float, ...]]:
        """Job families of the people in a unit, as keys and cumulative weights."""
        mix = self._mixes.get((division, department))
        if mix is None:
            merged: dict[str, float] = {}
            divisions = range(len(DIVISIONS)) if division < 0 else [division]
            for d in divisions:
                share = DIVISIONS[d].share if division < 0 else 1.0
                blueprints = DIVISIONS[d].departments
                chosen = range(len(blueprints)) if department < 0 else [department]
                for b in chosen:
                    scale = share * (blueprints[b].share if department < 0 else 1.0)
                    for key, weight in weights(blueprints[b].families):
                        merged[key] = merged.get(key, 0.0) + weight * scale
            mix = self._mixes[(division, department)] = _cumulative(tuple(merged.items()))
        return mix

    # -- what a team does together ------------------------------------------------------

    def _team_records(self, boss: _Member | None, team: list[_Member]) -> None:
        """Evidence (some of it co-written) and endorsements among a manager's reports."""
        rng = self.rng
        for member in team:
            if member.hidden is not None:
                for _ in range(rng.randint(4, 6)):
                    self._evidence(member, (member.hidden,), (member,), long=True)
            for _ in range(member.evidence):
                keys = self._topic(member)
                if not keys:
                    break
                authors = [member]
                if rng.random() < 0.25:
                    others = [m for m in team if m is not member] + ([boss] if boss else [])
                    if others:
                        authors += rng.sample(others, min(len(others), rng.randint(1, 3)))
                self._evidence(member, keys, authors, long=rng.random() < 0.1)
        for member in team:
            self._endorse(member, team, boss)

    def _topic(self, member: _Member) -> tuple[str, ...]:
        rng = self.rng
        ranked = sorted(
            (k for k in member.skills if k != member.hidden),
            key=member.skills.__getitem__,
            reverse=True,
        )
        if not ranked:
            return ()
        main = ranked[rng.randrange(min(3, len(ranked)))]
        keys = [main]
        for _ in range(2):
            if rng.random() < 0.3:
                other = rng.choice(ranked)
                if other not in keys:
                    keys.append(other)
        return tuple(keys)

    def _evidence(
        self, author: _Member, keys: tuple[str, ...], authors: Sequence[_Member], *, long: bool
    ) -> None:
        rng = self.rng
        kind = _KINDS[bisect(_KIND_CUM, rng.random())]
        title, body = self.writer.write(kind, keys, author.unit.name, long=long)
        start = min(_REF - 1, max(max(a.hire for a in authors) + 30, _REF - 6 * 365))
        written = date.fromordinal(
            start + int((_REF - 1 - start) * max(rng.random(), rng.random()))
        )
        eid = self.next_evidence
        self.next_evidence += 1
        self.batch.evidence.append(
            EvidenceRecord(
                id=eid,
                kind=kind,
                title=title,
                body=body,
                written_on=written,
                link=self.writer.link(kind, title, eid, written.year),
                credited_person_ids=tuple(a.id for a in authors),
                skill_keys=keys,
            )
        )

    def _endorse(self, member: _Member, team: list[_Member], boss: _Member | None) -> None:
        """Colleagues vouch for skills `member` has: teammates, the manager, a skip-level,
        now and then someone from elsewhere; and sometimes `member` vouches for the boss."""
        rng = self.rng
        r = rng.random()
        count = 0 if r < 0.35 else 1 if r < 0.65 else 2 if r < 0.85 else 3 if r < 0.95 else 4
        endorsable = [k for k, v in member.skills.items() if v >= 2 and k != member.hidden]
        done: set[tuple[int, str]] = set()
        endorsements = self.batch.endorsements
        # A level marked "endorsed" must show who endorsed it: the manager or a teammate.
        for key in member.endorsed:
            peers = [m.id for m in team if m.id != member.id]
            endorser = boss.id if boss is not None and (not peers or rng.random() < 0.5) else None
            if endorser is None and peers:
                endorser = one(peers, rng.random)
            if endorser is not None:
                done.add((endorser, key))
                note = one(ENDORSEMENT_NOTES, rng.random).format(S=self.names[key])
                endorsements.append(EndorsementRecord(endorser, member.id, key, note))
        for _ in range(count if endorsable else 0):
            r = rng.random()
            if r < 0.55 and len(team) > 1:
                endorser = one(team, rng.random).id
            elif r < 0.8 and boss is not None:
                endorser = boss.id
            elif r < 0.88 and boss is not None and boss.manager_id is not None:
                endorser = boss.manager_id
            else:
                endorser = rng.randrange(1, team[0].id) if team[0].id > 1 else member.id
            key = one(endorsable, rng.random)
            if endorser == member.id or (endorser, key) in done:
                continue
            done.add((endorser, key))
            note = one(ENDORSEMENT_NOTES, rng.random).format(S=self.names[key])
            endorsements.append(EndorsementRecord(endorser, member.id, key, note))
        if boss is not None and rng.random() < 0.08:
            boss_skills = [k for k, v in boss.skills.items() if v >= 3 and k != boss.hidden]
            if boss_skills:
                key = rng.choice(boss_skills)
                note = rng.choice(ENDORSEMENT_NOTES).format(S=self.names[key])
                endorsements.append(EndorsementRecord(member.id, boss.id, key, note))


def _thin(skills: dict[str, int], hidden: str, rng: random.Random) -> dict[str, int]:
    """A hidden expert's profile: their real strength left out or claimed at a low level."""
    thin = {k: v for k, v in skills.items() if k != hidden}
    if rng.random() < 0.4:
        thin[hidden] = rng.randint(1, 2)
    while len(thin) > 6:
        thin.popitem()
    return thin


def _cumulative(pairs: Sequence[tuple[T, float]]) -> tuple[tuple[T, ...], tuple[float, ...]]:
    return tuple(k for k, _ in pairs), tuple(accumulate(w for _, w in pairs))


def _draw(rng: random.Random, table: tuple[tuple[T, ...], tuple[float, ...]]) -> T:
    """One key of a (keys, cumulative weights) table."""
    keys, cum = table
    return keys[min(bisect(cum, rng.random() * cum[-1]), len(keys) - 1)]


def _check_catalog(skills: dict[str, SkillRecord], families: Iterable[JobFamily]) -> None:
    """Refuse a taxonomy that lacks skills the sample catalog hands out."""
    texts = [LEADERSHIP, SENIOR_LEADERSHIP, EVERYDAY, GROWTH, ASPIRING_MANAGER]
    texts += [text for f in families for text in (f.core, f.adjacent)]
    texts += [b.focus for d in DIVISIONS for b in d.departments]
    used = {key for text in texts for key, _ in weights(text)} | set(HIDDEN_SKILLS)
    missing = sorted(used - skills.keys())
    if missing:
        raise ValueError(
            "the taxonomy lacks skills the sample organization uses: " + ", ".join(missing)
        )
