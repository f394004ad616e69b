"""Hidden experts: people whose written work shows deep skill their profile does not claim.

About one person in two hundred (at least one from 100 people up) gets several substantial
evidence items on one skill while their profile leaves that skill out or rates it low,
with few tags and no guide offers. The choice depends only on (people, seed), so tests
and the insights feature can find them without generating the organization.
"""

from __future__ import annotations

import random

# Skills people often master outside their job family: the "unexpected excellence" kind.
HIDDEN_SKILLS = (
    "python", "sql", "machine-learning", "data-visualization", "statistics", "kubernetes",
    "postgresql", "public-speaking", "negotiation", "user-research", "technical-writing",
    "meeting-facilitation", "coaching", "spreadsheets", "accessibility", "ux-writing",
    "financial-modeling", "data-protection", "lean", "change-management", "storytelling",
    "instructional-design", "rust", "threat-modeling", "llm-applications",
    "prompt-engineering", "figma", "copywriting",
)  # fmt: skip
HIDDEN_PER_PERSON = 1 / 200
MIN_PEOPLE = 100


def hidden_experts(*, people: int, seed: int) -> dict[int, str]:
    """Person id → the skill they are a hidden expert in, for `generate_organization`
    called with the same `people` and `seed`. The chief executive (id 1) is never one."""
    if people < MIN_PEOPLE:
        return {}
    rng = random.Random(f"peoplefirst-hidden:{seed}:{people}")
    count = max(1, int(people * HIDDEN_PER_PERSON))
    ids = sorted(rng.sample(range(2, people + 1), count))
    return {person_id: rng.choice(HIDDEN_SKILLS) for person_id in ids}


def hidden_expert_ids(*, people: int, seed: int) -> frozenset[int]:
    """The ids of `hidden_experts(people=..., seed=...)`."""
    return frozenset(hidden_experts(people=people, seed=seed))
