"""Finding the colleagues who can help with a need, with the reasons, from profiles and evidence.

Two signals, each scaled to its best and summed (the fusion measured in docs/benchmarks.md):

- **skills**: the skills the need names (by name or alias, or their sub-skills when it names a
  category), weighted by each person's level, how the level is known (vetted > endorsed >
  inferred > self) and endorsements;
- **evidence**: document-centric CombSUM of BM25 over the texts people wrote.
"""

from __future__ import annotations

import heapq
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING

from peoplefirst.domain.views import CapacityView
from peoplefirst.ranking.bm25 import BM25Index
from peoplefirst.ranking.experts import RETRIEVED_DOCUMENTS, normalized_sum
from peoplefirst.ranking.text import terms

if TYPE_CHECKING:  # the semantic side is an optional extra
    from peoplefirst.ranking.semantic import SemanticEvidence, Vectors

SOURCE_WEIGHT = {"self": 0.8, "inferred": 0.9, "endorsed": 1.0, "vetted": 1.2}
CATEGORY_SHARE = 0.5  # a need that names a category counts its sub-skills at half weight
EVIDENCE_SHOWN = 3
EVIDENCE_FLOOR = 0.25  # a text shown as a reason must match at least this share of the best
SNIPPET_CHARS = 220
SIGNALS = frozenset({"skills", "evidence"})
DEFAULT_HALF_LIFE_DAYS = 3 * 365.0  # expertise shown three years ago counts half
EVIDENCE_WEIGHT = 1.0
SEMANTIC_WEIGHT = 1.0  # a text's semantic share beside its BM25 share (measured: benchmarks.md)
# Help given, per skill: a request rated r of 5 counts r/5, an unrated one UNRATED_HELP, up to
# HELP_CAP in all; times HELP_WEIGHT, three well-rated helps weigh like a vetted Expert level.
HELP_WEIGHT = 0.4
UNRATED_HELP = 0.6
HELP_CAP = 3.0
REMEMBERED_NEEDS = 256  # the skills each recent need names, kept: a page asks twice
REMEMBERED_STRENGTHS = 4096  # a program run asks about each of its goal skills


@dataclass(frozen=True, slots=True)
class SkillEntry:
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    parent_key: str | None = None


@dataclass(frozen=True, slots=True)
class SkillClaim:
    """What a person's profile says of one skill."""

    person: int
    skill_key: str
    level: int
    source: str
    endorsements: int = 0


@dataclass(frozen=True, slots=True)
class EvidenceText:
    id: int
    title: str
    body: str
    people: tuple[int, ...]
    written_on: date | None = None


@dataclass(frozen=True, slots=True)
class HelpRecord:
    """A request a person helped with, closed by the learner: which skill, rated how."""

    person: int
    skill_key: str
    helped: bool
    rating: int | None = None


@dataclass(frozen=True, slots=True)
class HelpGiven:
    """For an explanation: how often a person helped with a skill, and how it was rated."""

    key: str
    name: str
    times: int
    mean_rating: float | None


@dataclass(frozen=True, slots=True)
class MatchedSkill:
    key: str
    name: str
    level: int
    source: str
    endorsements: int


@dataclass(frozen=True, slots=True)
class EvidenceSnippet:
    id: int
    title: str
    snippet: str


@dataclass(frozen=True, slots=True)
class ExpertMatch:
    person: int
    score: float
    skills: list[MatchedSkill] = field(default_factory=list)
    evidence: list[EvidenceSnippet] = field(default_factory=list)
    hidden_expert: bool = False  # their work shows it; nobody vouches for it or asks them yet
    help_given: list[HelpGiven] = field(default_factory=list)


class OrgExpertIndex:
    """An in-memory index of an organization's profiles and evidence.

    It follows changes one person or one text at a time (`set_claims`, `put_evidence`,
    `drop_evidence`), so an edit shows without rebuilding; searches and changes take turns.
    """

    def __init__(
        self,
        skills: Iterable[SkillEntry],
        claims: Iterable[SkillClaim],
        evidence: Iterable[EvidenceText],
        *,
        half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
        today: date | None = None,
        help_given: Iterable[HelpRecord] = (),
        semantic: SemanticEvidence | None = None,
        semantic_weight: float = SEMANTIC_WEIGHT,
    ) -> None:
        """`half_life_days`: a text that old counts half as much; 0 turns ageing off.
        `help_given`: requests people helped with, as their learners rated them.
        `semantic`: the texts' sentence embeddings (optional extra), read beside BM25."""
        self.semantic, self.semantic_weight = semantic, semantic_weight
        self.skills = {s.key: s for s in skills}
        self.children: dict[str, list[str]] = {}
        for s in self.skills.values():
            if s.parent_key:
                self.children.setdefault(s.parent_key, []).append(s.key)
        # Skill names and aliases as term sequences, found by their first term.
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for s in self.skills.values():
            for label in (s.name, *s.aliases):
                if phrase := tuple(terms(label)):
                    self.phrases.setdefault(phrase[0], []).append((phrase, s.key))
        self._named: dict[str, dict[str, float]] = {}  # the last needs asked, remembered
        # How much each person's texts speak to a need, for the last needs asked; any
        # change of texts forgets them.
        self._strength: dict[str, dict[int, float]] = {}
        # Per skill, each holder's strength computed once; per person, their claims.
        self.holders: dict[str, dict[int, float]] = {}
        self.claims_of: dict[int, dict[str, SkillClaim]] = {}
        for claim in claims:
            self._add_claim(claim)
        self.evidence: dict[int, EvidenceText] = {}
        self.evidence_of: dict[int, set[int]] = {}
        self.evidence_index: BM25Index[int] = BM25Index()
        self.today = today or date.today()
        self.half_life_days = half_life_days
        self.freshness: dict[int, float] = {}
        for item in evidence:
            self._add_evidence(item)
        self.help_of: dict[int, list[HelpRecord]] = {}
        self.help_strength: dict[str, dict[int, float]] = {}
        for record in help_given:
            self.help_of.setdefault(record.person, []).append(record)
        for person in self.help_of:
            self._tally_help(person)
        self._turns = threading.Lock()

    def _tally_help(self, person: int) -> None:
        strength: dict[str, float] = {}
        for r in self.help_of.get(person, ()):
            if r.helped:
                credit = r.rating / 5 if r.rating else UNRATED_HELP
                strength[r.skill_key] = strength.get(r.skill_key, 0.0) + credit
        for key, total in strength.items():
            self.help_strength.setdefault(key, {})[person] = min(total, HELP_CAP)

    def set_help(self, person: int, records: Iterable[HelpRecord]) -> None:
        """Replace the help `person` is known to have given."""
        with self._turns:
            for key in {r.skill_key for r in self.help_of.pop(person, [])}:
                holders = self.help_strength.get(key, {})
                holders.pop(person, None)
                if not holders:
                    self.help_strength.pop(key, None)
            mine = [r for r in records if r.person == person]
            if mine:
                self.help_of[person] = mine
                self._tally_help(person)

    def _add_claim(self, claim: SkillClaim) -> None:
        self.holders.setdefault(claim.skill_key, {})[claim.person] = strength(claim)
        self.claims_of.setdefault(claim.person, {})[claim.skill_key] = claim

    def _add_evidence(self, item: EvidenceText) -> None:
        self.evidence[item.id] = item
        self.freshness[item.id] = _freshness(item.written_on, self.today, self.half_life_days)
        self.evidence_index.add(item.id, terms(evidence_words(item)))
        for person in item.people:
            self.evidence_of.setdefault(person, set()).add(item.id)

    def _remove_evidence(self, evidence_id: int) -> None:
        item = self.evidence.pop(evidence_id, None)
        if item is None:
            return
        self.freshness.pop(evidence_id, None)
        self.evidence_index.remove(evidence_id)
        for person in item.people:
            texts = self.evidence_of.get(person)
            if texts is not None:
                texts.discard(evidence_id)
                if not texts:
                    del self.evidence_of[person]

    def set_claims(self, person: int, claims: Iterable[SkillClaim]) -> None:
        """Replace everything the index knows of `person`'s profile skills."""
        with self._turns:
            for key in self.claims_of.pop(person, {}):
                holders = self.holders[key]
                holders.pop(person, None)
                if not holders:
                    del self.holders[key]
            for claim in claims:
                if claim.person != person:
                    raise ValueError(f"a claim of person {claim.person} given for {person}")
                self._add_claim(claim)

    def put_evidence(self, item: EvidenceText, vector: Vectors | None = None) -> None:
        """Index a new text, or the new version of one already indexed; `vector` is its
        embedding when the semantic side is on (computed here if not given)."""
        with self._turns:
            self._strength.clear()
            self._remove_evidence(item.id)
            self._add_evidence(item)
            if self.semantic is not None:
                if vector is None:
                    vector = self.semantic.embedder.embed([evidence_words(item)])[0]
                self.semantic.put(item.id, vector)

    def drop_evidence(self, evidence_id: int) -> None:
        with self._turns:
            self._strength.clear()
            self._remove_evidence(evidence_id)
            if self.semantic is not None:
                self.semantic.drop(evidence_id)

    def evidence_credited_to(self, person: int) -> set[int]:
        with self._turns:
            return set(self.evidence_of.get(person, ()))

    def skills_named(self, need: str) -> dict[str, float]:
        """Skills the need names, with weights: 1 when named, CATEGORY_SHARE for sub-skills."""
        if (known := self._named.get(need)) is not None:
            return known
        words = terms(need)
        named: dict[str, float] = {}
        for i, word in enumerate(words):
            for phrase, key in self.phrases.get(word, ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    named[key] = 1.0
        for key in list(named):
            for child in self.children.get(key, []):
                named.setdefault(child, CATEGORY_SHARE)
        if len(self._named) >= REMEMBERED_NEEDS:
            self._named.clear()
        self._named[need] = named
        return named

    def find(
        self,
        need: str,
        *,
        limit: int = 10,
        allowed: Callable[[int], bool] | None = None,
        signals: frozenset[str] = SIGNALS,
        evidence_weight: float = EVIDENCE_WEIGHT,
    ) -> list[ExpertMatch]:
        """The people most able to help with `need`, best first, with their reasons.

        `signals` leaves out "skills" or "evidence", to measure what each brings.
        """
        with self._turns:
            return self._find(need, limit, allowed, signals, evidence_weight)

    def _find(
        self,
        need: str,
        limit: int,
        allowed: Callable[[int], bool] | None,
        signals: frozenset[str],
        evidence_weight: float,
    ) -> list[ExpertMatch]:
        query = terms(need)
        named = self.skills_named(need) if "skills" in signals else {}
        skill_scores: dict[int, float] = {}
        for key, weight in named.items():
            for person, power in self.holders.get(key, {}).items():
                skill_scores[person] = skill_scores.get(person, 0.0) + weight * power
            # Help a learner rated is evidence too: it adds to (or stands in for) a claim.
            for person, helped in self.help_strength.get(key, {}).items():
                skill_scores[person] = skill_scores.get(person, 0.0) + weight * HELP_WEIGHT * helped
        shares = self._shares(need, query) if "evidence" in signals else {}
        evidence_scores: dict[int, float] = {}
        contributions: dict[int, list[tuple[float, int]]] = {}
        for doc, share in shares.items():
            for person in self.evidence[doc].people:
                evidence_scores[person] = evidence_scores.get(person, 0.0) + share
                contributions.setdefault(person, []).append((share, doc))
        strongest = max(shares.values(), default=1.0)
        fused = normalized_sum([skill_scores, evidence_scores], weights=[1.0, evidence_weight])
        ranked = heapq.nsmallest(
            limit,
            ((p, s) for p, s in fused.items() if allowed is None or allowed(p)),
            key=lambda item: (-item[1], item[0]),
        )
        return [
            ExpertMatch(
                person=p,
                score=round(s, 4),
                skills=_matched(self, p, named),
                help_given=_help_given(self, p, named),
                evidence=[
                    EvidenceSnippet(
                        d, self.evidence[d].title, snippet(self.evidence[d].body, query)
                    )
                    for score, d in sorted(contributions.get(p, []), reverse=True)[:EVIDENCE_SHOWN]
                    if score >= EVIDENCE_FLOOR * strongest
                ],
            )
            for p, s in ranked
        ]

    def _shares(self, need: str, query: list[str], *, ordered: bool = True) -> dict[int, float]:
        """Each retrieved text's share of the best text, aged; semantic margins beside BM25
        when on. Unordered, ties at the cut are broken arbitrarily (faster; for sums)."""
        shares: dict[int, float] = {}
        if ordered:
            retrieved = self.evidence_index.top(query, RETRIEVED_DOCUMENTS)
        else:
            scores = self.evidence_index.score(query)
            retrieved = heapq.nlargest(RETRIEVED_DOCUMENTS, scores.items(), key=itemgetter(1))
        sources = [retrieved]
        if self.semantic is not None:
            sources.append(self.semantic.margins(need))
        for found, weight in zip(sources, (1.0, self.semantic_weight), strict=False):
            best = found[0][1] if found else 1.0
            for doc, relevance in found:
                if doc in self.evidence:
                    share = weight * relevance / (best or 1.0) * self.freshness[doc]
                    shares[doc] = shares.get(doc, 0.0) + share
        return shares

    def evidence_strength(self, need: str, people: Iterable[int]) -> dict[int, float]:
        """How much each of `people`'s texts speak to `need`: the sum of their texts' shares
        of the best text in the organization (so 1.0 is "wrote the best text on it"), for
        those with any."""
        wanted = set(people)
        with self._turns:
            found = self._strength.get(need)
            if found is None:
                found = {}
                for doc, share in self._shares(need, terms(need), ordered=False).items():
                    for person in self.evidence[doc].people:
                        found[person] = found.get(person, 0.0) + share
                if len(self._strength) >= REMEMBERED_STRENGTHS:
                    self._strength.clear()
                self._strength[need] = found
            return {p: s for p, s in found.items() if p in wanted}


def evidence_words(item: EvidenceText) -> str:
    """What is indexed of a text, lexically and semantically."""
    return f"{item.title}\n{item.body}"


def _matched(index: OrgExpertIndex, person: int, named: dict[str, float]) -> list[MatchedSkill]:
    claims = index.claims_of.get(person, {})
    found = [
        MatchedSkill(key, index.skills[key].name, c.level, c.source, c.endorsements)
        for key, weight in named.items()
        if (c := claims.get(key)) is not None and (weight == 1.0 or c.level >= 4)
    ]
    return sorted(found, key=lambda m: (-m.level, m.name))


def _help_given(index: OrgExpertIndex, person: int, named: dict[str, float]) -> list[HelpGiven]:
    by_skill: dict[str, list[HelpRecord]] = {}
    for r in index.help_of.get(person, ()):
        if r.helped and named.get(r.skill_key) == 1.0:
            by_skill.setdefault(r.skill_key, []).append(r)
    summaries = []
    for key, records in by_skill.items():
        ratings = [r.rating for r in records if r.rating]
        mean = round(sum(ratings) / len(ratings), 1) if ratings else None
        summaries.append(HelpGiven(key, index.skills[key].name, len(records), mean))
    return sorted(summaries, key=lambda h: (-h.times, h.name))


def _freshness(written_on: date | None, today: date, half_life_days: float) -> float:
    """1 for a text written today, halving every `half_life_days`; undated texts count fully."""
    if written_on is None or half_life_days <= 0:
        return 1.0
    age = max(0, (today - written_on).days)
    return float(0.5 ** (age / half_life_days))


def strength(claim: SkillClaim) -> float:
    """How strongly a profile claim speaks for a skill: level, how it is known, endorsements."""
    source = SOURCE_WEIGHT.get(claim.source, SOURCE_WEIGHT["self"])
    return claim.level / 5 * source + 0.05 * min(claim.endorsements, 5)


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def snippet(body: str, query: Sequence[str]) -> str:
    """The sentence of `body` that shares most terms with the need, shortened."""
    wanted = set(query)
    sentences = [s for s in _SENTENCE.split(body) if s.strip()] or [body]
    best = max(sentences, key=lambda s: (len(wanted & set(terms(s))), -sentences.index(s)))
    if len(best) <= SNIPPET_CHARS:
        return best.strip()
    return best[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"


# A guide with no free capacity keeps 60% of their score; one who never set a budget, 80%.
SATURATED_FACTOR = 0.6
NO_BUDGET_FACTOR = 0.8
# Someone who answered none of their recent requests in time keeps half their score.
SILENT_FACTOR = 0.5


def free_shares(capacities: Mapping[int, CapacityView]) -> dict[int, float]:
    """For people with a capacity budget: the share of it still free (0 to 1), the tighter of
    hours and people."""
    left = {}
    for person, c in capacities.items():
        shares = [
            1 - c.hours_committed / c.hours_per_month if c.hours_per_month else 0.0,
            1 - c.people_committed / c.people_at_once if c.people_at_once else 0.0,
        ]
        left[person] = max(0.0, min(shares))
    return left


def balance_for_load(
    matches: Sequence[ExpertMatch],
    free_share: Mapping[int, float],
    answer_rate: Mapping[int, float] | None = None,
) -> list[ExpertMatch]:
    """Re-rank so that saturated go-to people are not always first, nor people who leave
    requests unanswered.

    `free_share` maps people with a capacity budget to the share of it still free (0 to 1);
    everyone else counts as unknown. `answer_rate`: the share of recent requests each person
    answered in time, for those asked often enough to tell. The relevance order is kept
    among equals.
    """
    rates = answer_rate or {}

    def factor(person: int) -> float:
        load = (
            NO_BUDGET_FACTOR
            if person not in free_share
            else SATURATED_FACTOR + (1 - SATURATED_FACTOR) * free_share[person]
        )
        if person in rates:
            load *= SILENT_FACTOR + (1 - SILENT_FACTOR) * rates[person]
        return load

    return sorted(
        (replace(m, score=round(m.score * factor(m.person), 4)) for m in matches),
        key=lambda m: (-m.score, m.person),
    )


# A strong hidden expert (at least half the best score) gets the third place when none made
# the page: exposure for people whose work shows expertise nobody has noticed yet.
HIDDEN_EXPERT_PLACE = 3
HIDDEN_EXPERT_MIN_SHARE = 0.5
RECOGNISED_SOURCES = frozenset({"endorsed", "vetted"})


def is_hidden_expert(match: ExpertMatch, asked: Mapping[int, int]) -> bool:
    """Evidence speaks for them, but no colleague vouches for the skill and nobody asks them."""
    recognised = any(s.endorsements or s.source in RECOGNISED_SOURCES for s in match.skills)
    recognised = recognised or bool(match.help_given)
    return bool(match.evidence) and not recognised and not asked.get(match.person, 0)


def give_hidden_experts_a_place(
    matches: Sequence[ExpertMatch], asked: Mapping[int, int], limit: int
) -> list[ExpertMatch]:
    """The first `limit` of `matches` (best first), with a hidden expert among them if a
    strong one is further down. `asked` counts each person's open commitments."""
    shown = [
        replace(m, hidden_expert=True) if is_hidden_expert(m, asked) else m for m in matches[:limit]
    ]
    if limit < HIDDEN_EXPERT_PLACE or not shown or any(m.hidden_expert for m in shown):
        return shown
    floor = HIDDEN_EXPERT_MIN_SHARE * max(m.score for m in matches)
    for m in matches[limit:]:
        if m.score >= floor and is_hidden_expert(m, asked):
            place = HIDDEN_EXPERT_PLACE - 1
            return [*shown[:place], replace(m, hidden_expert=True), *shown[place:]][:limit]
    return shown
