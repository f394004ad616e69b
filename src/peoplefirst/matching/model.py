"""The matching instance: learners, guides, skills and candidate pairs, as frozen records.

Ids are person ids as strings and share one space: a person may be a learner and a guide
(never matched to themselves), and manager chains name people by the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peoplefirst.matching.rules import Rules


@dataclass(frozen=True, slots=True)
class Goal:
    """Something a learner wants to get better at: a skill key and how much it matters."""

    skill: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class GuideSkill:
    """A skill a guide can help with: level 1-5 (awareness … expert), where the level comes
    from (self, endorsed, inferred, vetted) and how many colleagues endorsed it."""

    skill: str
    level: int
    source: str = "self"
    endorsements: int = 0


@dataclass(frozen=True, slots=True)
class Learner:
    """A person who wants a guide. `manager_chain` lists their managers, direct manager
    first; `preferences` ranks guide ids, best first; `avoid` names people never to pair."""

    id: str
    name: str = ""
    goals: tuple[Goal, ...] = ()
    level: int = 3
    department: str = ""
    manager_chain: tuple[str, ...] = ()
    location: str = ""
    utc_offset: float = 0.0
    languages: tuple[str, ...] = ()
    tenure_years: float = 0.0
    stage: str = ""
    preferences: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    opted_out: bool = False

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class Guide:
    """A person who offers to help. `capacity` is how many more learners they can take now
    (what their one capacity budget has left); `preferences` ranks learner ids."""

    id: str
    name: str = ""
    skills: tuple[GuideSkill, ...] = ()
    roles: tuple[str, ...] = ()
    capacity: int = 1
    level: int = 3
    department: str = ""
    manager_chain: tuple[str, ...] = ()
    location: str = ""
    utc_offset: float = 0.0
    languages: tuple[str, ...] = ()
    tenure_years: float = 0.0
    stage: str = ""
    preferences: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    opted_out: bool = False

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class SkillInfo:
    """A skill's display name and its parent in the taxonomy (related skills fit partly)."""

    key: str
    name: str = ""
    parent: str = ""


@dataclass(frozen=True, slots=True)
class GivenPair:
    """A candidate pair scored outside the engine: either a `score`, or `features`
    (feature name → value in 0..1) that the rules' weights turn into one."""

    learner: str
    guide: str
    score: float | None = None
    features: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Instance:
    """Everything one matching run needs. When `pairs` is given, only those pairs are
    candidates (still filtered by the hard rules); otherwise every learner x guide is."""

    learners: tuple[Learner, ...]
    guides: tuple[Guide, ...]
    rules: Rules = field(default_factory=Rules)
    skills: tuple[SkillInfo, ...] = ()
    pairs: tuple[GivenPair, ...] | None = None
