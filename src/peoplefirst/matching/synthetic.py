"""Random instances for tests and scale runs: an org chart, offices in several time zones,
a few languages, skills with levels and endorsements. Deterministic for a seed."""

from __future__ import annotations

import random

from peoplefirst.matching.model import Goal, Guide, GuideSkill, Instance, Learner, SkillInfo
from peoplefirst.matching.rules import Rules

OFFICES = (
    ("Lisbon, Portugal", 0.0, ("pt", "en")),
    ("London, United Kingdom", 0.0, ("en",)),
    ("Berlin, Germany", 1.0, ("de", "en")),
    ("Warsaw, Poland", 1.0, ("pl", "en")),
    ("New York, United States", -5.0, ("en", "es")),
    ("San Francisco, United States", -8.0, ("en",)),
    ("Bengaluru, India", 5.5, ("hi", "en")),
    ("Tokyo, Japan", 9.0, ("ja",)),
)
SOURCES = ("self", "inferred", "endorsed", "vetted")
ROLES = ("mentor", "coach", "peer_partner", "sme")
STAGES = ("new joiner", "new manager", "changing role", "")


def random_instance(
    learners: int,
    guides: int,
    *,
    seed: int = 1,
    skills: int = 30,
    departments: int = 6,
    rules: Rules | None = None,
    capacity: tuple[int, int] = (1, 3),
    preferences: float = 0.1,
    avoid: float = 0.05,
    overlap: float = 0.3,
) -> Instance:
    """`overlap` of the guides are also learners (same person id, never matched to self)."""
    rng = random.Random(seed)
    people = learners + guides
    keys = [f"skill-{i}" for i in range(skills)]
    infos = tuple(
        SkillInfo(key, key.replace("-", " ").title(), keys[i // 5 * 5] if i % 5 else "")
        for i, key in enumerate(keys)
    )
    boss: list[int | None] = [None] + [rng.randrange(max(1, i // 3 + 1)) for i in range(1, people)]
    level = [0] * people
    for i in range(people):
        level[i] = 8 if boss[i] is None else max(1, level[boss[i] or 0] - rng.choice((1, 1, 2)))

    def chain(i: int) -> tuple[str, ...]:
        up, found = boss[i], []
        while up is not None:
            found.append(f"p{up}")
            up = boss[up]
        return tuple(found)

    def person(i: int) -> dict[str, object]:
        office, tz, langs = OFFICES[rng.randrange(len(OFFICES))]
        return {
            "id": f"p{i}",
            "name": f"Person {i}",
            "level": level[i],
            "department": f"Department {rng.randrange(departments)}",
            "manager_chain": chain(i),
            "location": office,
            "utc_offset": tz,
            "languages": langs if rng.random() > 0.05 else (),
            "tenure_years": round(rng.uniform(0, 15), 1),
            "stage": rng.choice(STAGES),
        }

    shared = int(min(learners, guides) * overlap)
    guide_people = list(range(shared)) + list(range(learners, learners + guides - shared))
    guide_ids = [f"p{i}" for i in guide_people]
    learner_ids = [f"p{i}" for i in range(learners)]
    made_learners = []
    for i in range(learners):
        goals = tuple(
            Goal(key, rng.choice((1.0, 1.0, 2.0)))
            for key in rng.sample(keys, rng.choice((0, 1, 1, 2, 3)))
        )
        made_learners.append(
            Learner(
                goals=goals,
                preferences=tuple(rng.sample(guide_ids, min(3, len(guide_ids))))
                if rng.random() < preferences
                else (),
                avoid=(rng.choice(guide_ids),) if rng.random() < avoid and guide_ids else (),
                opted_out=rng.random() < 0.02,
                **person(i),  # type: ignore[arg-type]
            )
        )
    made_guides = []
    for i in guide_people:
        claims = tuple(
            GuideSkill(key, rng.randint(1, 5), rng.choice(SOURCES), rng.choice((0, 0, 1, 3, 6)))
            for key in rng.sample(keys, rng.randint(1, min(6, skills)))
        )
        made_guides.append(
            Guide(
                skills=claims,
                roles=tuple(rng.sample(ROLES, rng.randint(1, 3))),
                capacity=rng.randint(*capacity),
                preferences=tuple(rng.sample(learner_ids, min(2, learners)))
                if rng.random() < preferences
                else (),
                avoid=(rng.choice(learner_ids),) if rng.random() < avoid and learners else (),
                opted_out=rng.random() < 0.02,
                **person(i),  # type: ignore[arg-type]
            )
        )
    return Instance(tuple(made_learners), tuple(made_guides), rules or Rules(), infos)
