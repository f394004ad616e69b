"""One person's profile: skills with levels and sources, tags, learning goals, guide offers
and the capacity budget behind them.

Skill levels rise with seniority and tenure and are higher for a family's core skills;
goals point at skills a person lacks or has at a low level; the budget is never below the
largest single offer and, when there are several, below their sum.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterable
from itertools import accumulate
from typing import NamedTuple

from peoplefirst.domain.records import (
    CapacityBudgetRecord,
    GuideOfferRecord,
    LearningGoalRecord,
    PersonSkillRecord,
    SkillTagRecord,
)
from peoplefirst.domain.vocabulary import (
    GoalStatus,
    GuideRole,
    SkillLevel,
    SkillSource,
    SkillTag,
    Visibility,
)
from peoplefirst.sample_org.notes import (
    FREE_GOALS,
    GOAL_TEXTS,
    NEW_SKILL_GOAL_TEXTS,
    OFFER_NOTES,
    WHY,
)
from peoplefirst.sample_org.texts import one

MIN_SKILLS = 4
MAX_SKILLS = 12
LOW_LEVEL = SkillLevel.BEGINNER  # a goal may point at a skill held at this level or below

_VISIBILITY = (Visibility.EVERYONE, Visibility.DEPARTMENT, Visibility.MANAGER, Visibility.ONLY_ME)
_VISIBILITY_CUM = (0.86, 0.93, 0.97, 1.0)
_SOURCES = (SkillSource.SELF, SkillSource.ENDORSED, SkillSource.INFERRED, SkillSource.VETTED)
_SOURCE_CUM = (0.68, 0.84, 0.96, 1.0)
_LEVELS = tuple(SkillLevel)
_OFFER_CHANCE = (0.0, 0.06, 0.12, 0.2, 0.32, 0.42, 0.5, 0.5, 0.3)  # by person level
_COACHING_FAMILIES = frozenset({"people", "learning-development"})
_OFFER_SHAPES: dict[GuideRole, tuple[tuple[int, int], tuple[float, ...]]] = {
    GuideRole.SME: ((2, 6), (1.0, 1.5, 2.0, 3.0, 4.0)),
    GuideRole.MENTOR: ((1, 3), (2.0, 3.0, 4.0, 6.0)),
    GuideRole.COACH: ((1, 4), (2.0, 4.0, 6.0, 8.0)),
    GuideRole.PEER_PARTNER: ((1, 3), (1.0, 2.0, 3.0, 4.0)),
    GuideRole.ROLE_MODEL: ((2, 8), (1.0, 1.5, 2.0, 3.0)),
}


class Pool(NamedTuple):
    """Skills to draw from, with cumulative weights; `core` ones come with higher levels."""

    keys: tuple[str, ...]
    cum: tuple[float, ...]
    core: frozenset[str]


def make_pool(
    parts: Iterable[tuple[Iterable[tuple[str, float]], float]], core: Iterable[str] = ()
) -> Pool:
    """Merge weighted lists (each scaled by its factor) into one pool."""
    merged: dict[str, float] = {}
    for pairs, factor in parts:
        for key, weight in pairs:
            merged[key] = merged.get(key, 0.0) + weight * factor
    keys = tuple(k for k, w in merged.items() if w > 0)
    return Pool(keys, tuple(accumulate(merged[k] for k in keys)), frozenset(core))


def draw(rng: random.Random, pool: Pool, count: int, taken: Iterable[str] = ()) -> list[str]:
    """Up to `count` different keys from `pool`, none of them in `taken`."""
    chosen = dict.fromkeys(taken)
    start = len(chosen)
    wanted = start + min(count, len(pool.keys) - start)
    keys, cum, rnd = pool.keys, pool.cum, rng.random
    total = cum[-1]
    for _ in range(8):
        for _ in range(count + 2):
            chosen.setdefault(keys[bisect(cum, rnd() * total)])
        if len(chosen) >= wanted:
            break
    return list(chosen)[start:wanted]


class ProfileMaker:
    """Makes profiles; holds the pools every person draws on besides their family's."""

    def __init__(
        self,
        rng: random.Random,
        names: dict[str, str],
        leadership: Pool,
        senior_leadership: Pool,
        growth: Pool,
        aspiring: Pool,
    ) -> None:
        self.rng = rng
        self.names = names
        self.leadership = leadership
        self.senior_leadership = senior_leadership
        self.growth = growth
        self.aspiring = aspiring

    def skills(self, pool: Pool, level: int, tenure: float, height: int) -> dict[str, int]:
        """Skill key → level (1 to 5) for a person of `level` managing `height` layers."""
        rng = self.rng
        lead = 0 if height == 0 else 1 + (rng.random() < 0.5) + (height > 1)
        count = min(MAX_SKILLS - lead, MIN_SKILLS + (level - 1) // 2 + int(rng.random() * 4))
        keys = draw(rng, pool, count)
        if lead:
            extra = self.senior_leadership if height > 1 else self.leadership
            keys += draw(rng, extra, lead, keys)
        base = 0.8 + 0.42 * level + 0.05 * min(tenure, 10.0)
        core = pool.core
        random_ = rng.random
        skills = {}
        for key in keys:
            value = base + (0.4 if key in core else -0.5) + 2.0 * random_() - 0.5
            skills[key] = 1 if value < 1 else 5 if value >= 5 else int(value)
        return skills

    def skill_records(
        self, person_id: int, skills: dict[str, int], self_declared: str | None = None
    ) -> list[PersonSkillRecord]:
        """Records with a source each; `self_declared` names a skill only the person vouches for."""
        rnd = self.rng.random
        records = []
        for key, level in skills.items():
            source = _SOURCES[bisect(_SOURCE_CUM, rnd())]
            if key == self_declared or (
                source is SkillSource.VETTED and level < SkillLevel.PRACTITIONER
            ):
                source = SkillSource.SELF
            records.append(PersonSkillRecord(person_id, key, _LEVELS[level - 1], source))
        return records

    def visibility(self) -> Visibility:
        return _VISIBILITY[bisect(_VISIBILITY_CUM, self.rng.random())]

    def tags(self, person_id: int, skills: dict[str, int], level: int) -> list[SkillTagRecord]:
        """ "Ask me about" on strong skills; "able to mentor" from senior people."""
        rng = self.rng
        tags = []
        for key, skill_level in skills.items():
            if skill_level >= 4 and rng.random() < 0.5:
                tags.append(
                    SkillTagRecord(person_id, key, SkillTag.ASK_ME_ABOUT, self.visibility())
                )
            if skill_level >= 4 and level >= 4 and rng.random() < 0.3:
                tags.append(
                    SkillTagRecord(person_id, key, SkillTag.ABLE_TO_MENTOR, self.visibility())
                )
        return tags

    def goals(
        self, person_id: int, skills: dict[str, int], pool: Pool, level: int, avoid: str | None
    ) -> tuple[list[LearningGoalRecord], list[SkillTagRecord]]:
        """Learning goals (lacking or low skills, a few free-text) and their wants-to tags."""
        rng = self.rng
        r = rng.random()
        count = 0 if r < 0.4 else 1 if r < 0.75 else 2 if r < 0.93 else 3
        goals: list[LearningGoalRecord] = []
        tags: list[SkillTagRecord] = []
        chosen: set[str] = set()
        for _ in range(count):
            if rng.random() < 0.12:
                text, why = one(FREE_GOALS, rng.random)
                if all(g.text != text for g in goals):
                    goals.append(
                        LearningGoalRecord(person_id, None, text, SkillLevel.BEGINNER, why)
                    )
                continue
            key = self._goal_skill(skills, pool, level, chosen, avoid)
            if key is None:
                continue
            chosen.add(key)
            now = skills.get(key, 0)
            target = min(5, now + 1 + (rng.random() < 0.5)) if now else 2 + (rng.random() < 0.5)
            name = self.names[key]
            fields = {
                "S": name,
                "Scap": name[:1].upper() + name[1:],
                "now": _LEVELS[now - 1].label.lower() if now else "",
                "target": _LEVELS[target - 1].label.lower(),
            }
            text = one(GOAL_TEXTS if now else NEW_SKILL_GOAL_TEXTS, rng.random).format_map(fields)
            why = one(WHY, rng.random).format_map(fields)
            status = GoalStatus.DROPPED if rng.random() < 0.08 else GoalStatus.OPEN
            goals.append(LearningGoalRecord(person_id, key, text, _LEVELS[target - 1], why, status))
            if status is GoalStatus.OPEN and rng.random() < 0.75:
                tag = SkillTag.WANTS_TO_IMPROVE if now else SkillTag.WANTS_TO_LEARN
                tags.append(SkillTagRecord(person_id, key, tag, self.visibility()))
        return goals, tags

    def _goal_skill(
        self, skills: dict[str, int], pool: Pool, level: int, chosen: set[str], avoid: str | None
    ) -> str | None:
        rng = self.rng
        for _ in range(6):
            r = rng.random()
            source = pool if r < 0.55 else self.aspiring if r < 0.7 and level >= 3 else self.growth
            key = source.keys[bisect(source.cum, rng.random() * source.cum[-1])]
            if key not in chosen and key != avoid and skills.get(key, 0) <= LOW_LEVEL:
                return key
        return None

    def offers(
        self,
        person_id: int,
        skills: dict[str, int],
        level: int,
        family: str,
        manages: bool,
        goals: list[LearningGoalRecord],
    ) -> tuple[list[GuideOfferRecord], CapacityBudgetRecord | None]:
        """The roles a person offers to play (often none) and the one budget behind them."""
        rng = self.rng
        if rng.random() >= _OFFER_CHANCE[level]:
            return [], None
        top = max(skills, key=skills.__getitem__)
        roles = {GuideRole.PEER_PARTNER: 2.0}
        if skills[top] >= 4:
            roles[GuideRole.SME] = 3.0
        if level >= 3:
            roles[GuideRole.MENTOR] = 3.0
        if manages or family in _COACHING_FAMILIES or "coaching" in skills:
            roles[GuideRole.COACH] = 2.0
        if level >= 5:
            roles[GuideRole.ROLE_MODEL] = 1.0
        r = rng.random()
        wanted = min(len(roles), 1 if r < 0.65 else 2 if r < 0.93 else 3)
        picked: list[GuideRole] = []
        while len(picked) < wanted:
            role = rng.choices(list(roles), weights=list(roles.values()))[0]
            picked.append(role)
            del roles[role]
        learning = [g.skill_key for g in goals if g.skill_key]
        offers = []
        for role in picked:
            key = rng.choice(learning) if role is GuideRole.PEER_PARTNER and learning else top
            (low, high), hours = _OFFER_SHAPES[role]
            note = rng.choice(OFFER_NOTES[role]).format(S=self.names[key])
            offers.append(
                GuideOfferRecord(person_id, role, rng.randint(low, high), rng.choice(hours), note)
            )
        return offers, self._budget(person_id, offers)

    def _budget(self, person_id: int, offers: list[GuideOfferRecord]) -> CapacityBudgetRecord:
        rng = self.rng
        most_hours = max(o.hours_per_month for o in offers)
        most_people = max(o.max_people for o in offers)
        if len(offers) == 1:
            return CapacityBudgetRecord(person_id, most_hours, most_people)
        # Several offers share one budget: more than any one of them, less than all at once.
        spare_hours = sum(o.hours_per_month for o in offers) - most_hours
        spare_people = sum(o.max_people for o in offers) - most_people
        hours = most_hours + 0.5 * rng.randrange(int(spare_hours / 0.5))
        people = most_people + rng.randrange(spare_people)
        return CapacityBudgetRecord(person_id, hours, people)
