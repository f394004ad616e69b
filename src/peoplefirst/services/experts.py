"""Who can help me with this? The expert finder over the organization's data."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import DepartmentNotFound, InvalidInput
from peoplefirst.domain.views import (
    CapacityView,
    ExpertEvidenceView,
    ExpertSkillView,
    ExpertsPage,
    ExpertView,
    SkillRef,
)
from peoplefirst.domain.vocabulary import GuideRole, SkillLevel
from peoplefirst.ranking.org import (
    DEFAULT_HALF_LIFE_DAYS,
    EvidenceText,
    ExpertMatch,
    HelpRecord,
    OrgExpertIndex,
    SkillClaim,
    balance_for_load,
    evidence_words,
    free_shares,
    give_hidden_experts_a_place,
)
from peoplefirst.ranking.semantic import (
    MODEL_NAME,
    Embedder,
    SemanticEvidence,
    semantic_available,
    vector_from_bytes,
    vector_to_bytes,
)
from peoplefirst.storage import tables as t
from peoplefirst.storage.experts import (
    ExpertFilter,
    allowed_people,
    last_active,
    load_claims,
    load_embeddings,
    load_evidence,
    load_help,
    load_skills,
    requests_answered,
    store_embeddings,
    unavailable_people,
)

if TYPE_CHECKING:
    from peoplefirst.ranking.semantic import Vectors

from peoplefirst.storage.index_changes import (
    EVERYTHING,
    EVIDENCE,
    PERSON,
    IndexChange,
    changes_after,
    latest_change,
    prune_changes,
    record_everything,
)
from peoplefirst.storage.people import capacity_views, person_summary

MAX_RESULTS = 50
MIN_ASKED_FOR_A_RATE = 3  # fewer requests than this say nothing of how someone answers
POOL_FACTOR = 3  # balancing for load re-ranks this many times the results asked for
SOURCE_WORDS = {
    "self": "self-declared",
    "endorsed": "endorsed by colleagues",
    "inferred": "inferred from their work",
    "vetted": "vetted",
}


GAP_PATIENCE_SECONDS = 60.0  # a note id still missing after this long was rolled back
KEEP_CHANGES = timedelta(days=2)
REREAD_NOTES = 100  # after a rebuild, how far back to look for notes of open transactions  # notes older than this are pruned at the daily rebuild


@dataclass
class ExpertIndexCache:
    """The index one process keeps, following the notes in `index_changes`.

    Edits to a profile, an endorsement or a text are applied one by one; a bulk load, a
    taxonomy change or `peoplefirst index rebuild` make it rebuild, and so does a new day
    (so that evidence ages).
    """

    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    recheck_seconds: float = 2.0
    semantic_search: str = "off"  # PEOPLEFIRST_SEMANTIC_SEARCH; the model loads at first build
    embedder: Embedder | None = None
    index: OrgExpertIndex | None = None
    built_on: date | None = None
    applied_upto: int = 0  # every note up to this id is applied
    applied_beyond: set[int] = field(default_factory=set)  # notes applied past a gap
    missing_since: dict[int, float] = field(default_factory=dict)
    checked_at: float = float("-inf")
    rebuilds: int = 0
    changes_applied: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self, session: Session) -> OrgExpertIndex:
        # Look for notes at most every `recheck_seconds`: changes show within seconds.
        now = time.monotonic()
        if self.index is not None and now - self.checked_at < self.recheck_seconds:
            return self.index
        with self.lock:
            self.checked_at = now
            today = date.today()
            if self.index is None or self.built_on != today:
                return self._rebuild(session, today)
            notes = changes_after(session, self.applied_upto, limit=MAX_CHANGES_APPLIED)
            fresh = [n for n in notes if n.id not in self.applied_beyond]
            if len(notes) == MAX_CHANGES_APPLIED or any(n.subject == EVERYTHING for n in fresh):
                return self._rebuild(session, today)
            if fresh:
                apply_changes(self.index, session, fresh)
                self.changes_applied += len(fresh)
            self._advance([n.id for n in notes], now)
            return self.index

    def _rebuild(self, session: Session, today: date) -> OrgExpertIndex:
        if self.built_on is not None and self.built_on != today:
            prune_changes(session, now=datetime.now(UTC), keep=KEEP_CHANGES)
        # Read first: a change committed meanwhile is applied at the next check. Recent ids
        # not there yet may belong to transactions still open: they count as gaps.
        upto = latest_change(session)
        recent = [n.id for n in changes_after(session, max(0, upto - REREAD_NOTES)) if n.id <= upto]
        if self.embedder is None and self.semantic_search != "off":
            self.embedder = make_embedder(self.semantic_search)
        self.index = build_index(
            session=session, half_life_days=self.half_life_days, embedder=self.embedder
        )
        self.built_on, self.rebuilds = today, self.rebuilds + 1
        self.applied_upto = max(0, upto - REREAD_NOTES)
        self.applied_beyond.clear()
        self.missing_since.clear()
        self._advance(recent, time.monotonic())
        return self.index

    def _advance(self, seen: list[int], now: float) -> None:
        """Move `applied_upto` over applied notes, and over gaps that have waited long enough.

        PostgreSQL hands out ids before commit, so a note may appear after a later one; a
        gap that stays is a rolled-back transaction.
        """
        self.applied_beyond.update(seen)
        if self.applied_beyond:
            for missing in range(self.applied_upto + 1, max(self.applied_beyond)):
                if missing not in self.applied_beyond:
                    self.missing_since.setdefault(missing, now)
        while True:
            following = self.applied_upto + 1
            if following in self.applied_beyond:
                self.applied_beyond.discard(following)
            elif now - self.missing_since.get(following, now) < GAP_PATIENCE_SECONDS or (
                following not in self.missing_since
            ):
                return
            self.missing_since.pop(following, None)
            self.applied_upto = following


MAX_CHANGES_APPLIED = 10_000  # more notes than this at once: rebuilding is quicker


def apply_changes(index: OrgExpertIndex, session: Session, notes: list[IndexChange]) -> None:
    """Bring `index` up to date with the people and texts the notes name."""
    people = {n.subject_id for n in notes if n.subject == PERSON and n.subject_id is not None}
    texts = {n.subject_id for n in notes if n.subject == EVIDENCE and n.subject_id is not None}
    # A person who left takes their credits with them: look again at the texts they had.
    still_here = set(session.scalars(select(t.Person.id).where(t.Person.id.in_(list(people)))))
    for person in people - still_here:
        texts |= index.evidence_credited_to(person)
    claims: dict[int, list[SkillClaim]] = {person: [] for person in people}
    for claim in load_claims(session, people):
        claims[claim.person].append(claim)
    for person, theirs in claims.items():
        index.set_claims(person, theirs)
    help_given: dict[int, list[HelpRecord]] = {person: [] for person in people}
    for record in load_help(session, people):
        help_given[record.person].append(record)
    for person, records in help_given.items():
        index.set_help(person, records)
    found = {item.id: item for item in load_evidence(session, texts)}
    vectors: dict[int, Vectors] = {}
    if index.semantic is not None and found:
        items = list(found.values())
        made = index.semantic.embedder.embed([evidence_words(e) for e in items])
        vectors = dict(zip(found, made, strict=True))
        store_embeddings(session, MODEL_NAME, {i: vector_to_bytes(v) for i, v in vectors.items()})
    for text_id in texts:
        if text_id in found:
            index.put_evidence(found[text_id], vectors.get(text_id))
        else:
            index.drop_evidence(text_id)


def request_rebuild(*, session: Session) -> None:
    """Make every running app rebuild its index at its next check; forget old notes."""
    record_everything(session)
    prune_changes(session, now=datetime.now(UTC), keep=KEEP_CHANGES)


def build_index(
    *,
    session: Session,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    embedder: Embedder | None = None,
) -> OrgExpertIndex:
    """Index every profile and evidence item (what `peoplefirst find` and the app search).

    With an `embedder` (the semantic extra), texts are read by meaning too; embeddings are
    stored, so only texts never embedded before cost model time.
    """
    evidence = load_evidence(session)
    semantic = None
    if embedder is not None:
        semantic = SemanticEvidence(embedder, _embeddings(session, embedder, evidence))
    return OrgExpertIndex(
        load_skills(session),
        load_claims(session),
        evidence,
        half_life_days=half_life_days,
        help_given=load_help(session),
        semantic=semantic,
    )


EMBED_BATCH = 256


def _embeddings(
    session: Session, embedder: Embedder, texts: list[EvidenceText]
) -> dict[int, Vectors]:
    stored = load_embeddings(session, MODEL_NAME)
    missing = [e for e in texts if e.id not in stored]
    for start in range(0, len(missing), EMBED_BATCH):
        chunk = missing[start : start + EMBED_BATCH]
        vectors = embedder.embed([evidence_words(e) for e in chunk])
        made = {e.id: vector_to_bytes(v) for e, v in zip(chunk, vectors, strict=True)}
        store_embeddings(session, MODEL_NAME, made)
        stored.update(made)
    wanted = {e.id for e in texts}
    return {i: vector_from_bytes(b) for i, b in stored.items() if i in wanted}


def make_embedder(mode: str) -> Embedder | None:
    """The sentence-embedding model for PEOPLEFIRST_SEMANTIC_SEARCH: `auto` loads it when the
    extra is installed, `on` insists (SemanticUnavailableError names what is missing)."""
    if mode == "off" or (mode == "auto" and not semantic_available()):
        return None
    return Embedder()


def find_experts(
    *,
    session: Session,
    index: OrgExpertIndex,
    need: str,
    filters: ExpertFilter = ExpertFilter(),
    limit: int = 10,
    balanced: bool = True,
    today: date | None = None,
) -> ExpertsPage:
    """The colleagues most able to help with `need`, with the reasons.

    Nobody who opted out or is away is suggested. `balanced` (the default) lets free
    capacity reorder the most relevant people; without it, the order is pure relevance.
    """
    # A byte-order mark is space to JSON Schema's \s but not to str.strip().
    need = need.replace("\ufeff", "").strip()
    if not need:
        raise InvalidInput("q", "say what you need help with")
    if len(need) > 2000:
        raise InvalidInput("q", "must be at most 2,000 characters")
    if not 1 <= limit <= MAX_RESULTS:
        raise InvalidInput("limit", f"must be between 1 and {MAX_RESULTS}, got {limit}")
    if filters.role and filters.role not in set(GuideRole):
        raise InvalidInput("role", f"must be one of {', '.join(GuideRole)}, got '{filters.role}'")
    if (
        filters.department_id is not None
        and session.get(t.Department, filters.department_id) is None
    ):
        raise DepartmentNotFound(f"no department has id {filters.department_id}")
    allowed = allowed_people(session, filters)
    wanted = limit * POOL_FACTOR if balanced else limit
    matches = _available_matches(
        session, index, need, wanted, None if allowed is None else allowed.__contains__, today
    )
    people = {
        p.id: p
        for p in session.scalars(
            select(t.Person).where(t.Person.id.in_([m.person for m in matches]))
        )
    }
    capacities = capacity_views(session, list(people))
    answered = requests_answered(session, list(people), datetime.now(UTC))
    if balanced:
        rates = {
            person: done / asked
            for person, (asked, done) in answered.items()
            if asked >= MIN_ASKED_FOR_A_RATE
        }
        asked = {person: c.people_committed for person, c in capacities.items()}
        for person, (times, _) in answered.items():
            asked[person] = asked.get(person, 0) + times
        matches = give_hidden_experts_a_place(
            balance_for_load(matches, free_shares(capacities), rates), asked, limit
        )
    departments = {
        d.id: d
        for d in session.scalars(
            select(t.Department).where(
                t.Department.id.in_({p.department_id for p in people.values()} - {None})
            )
        )
    }
    named = index.skills_named(need)
    keys = {k for k, w in named.items() if w == 1.0} | {s.key for m in matches for s in m.skills}
    skill_ids = dict(
        session.execute(select(t.Skill.key, t.Skill.id).where(t.Skill.key.in_(keys))).all()
    )
    active = last_active(session, [m.person for m in matches])
    roles: dict[int, list[str]] = {}
    for person_id, role in session.execute(
        select(t.GuideOffer.person_id, t.GuideOffer.role).where(
            t.GuideOffer.person_id.in_(list(people))
        )
    ):
        roles.setdefault(person_id, []).append(GuideRole(role).label)
    return ExpertsPage(
        need=need,
        named_skills=[
            SkillRef(skill_ids[k], k, index.skills[k].name)
            for k, w in named.items()
            if w == 1.0 and k in skill_ids
        ],
        items=[
            replace(
                _view(m, people[m.person], departments, skill_ids, roles, capacities.get(m.person)),
                requests_asked=answered.get(m.person, (0, 0))[0],
                requests_answered=answered.get(m.person, (0, 0))[1],
                last_active=active.get(m.person),
            )
            for m in matches
            if m.person in people
        ],
    )


def _available_matches(
    session: Session,
    index: OrgExpertIndex,
    need: str,
    wanted: int,
    allowed: Callable[[int], bool] | None,
    today: date | None,
) -> list[ExpertMatch]:
    """The `wanted` best matches, leaving out whoever opted out or is away.

    Availability is asked of the database only for the few people ranked, not for everyone:
    the pool grows when too many of them are unavailable.
    """
    pool = wanted + 10
    while True:
        ranked = index.find(need, limit=pool, allowed=allowed)
        away = unavailable_people(session, today or date.today(), [m.person for m in ranked])
        matches = [m for m in ranked if m.person not in away][:wanted]
        if len(matches) >= wanted or len(ranked) < pool:
            return matches
        pool *= 4


def _view(
    match: ExpertMatch,
    person: t.Person,
    departments: dict[int, t.Department],
    skill_ids: dict[str, int],
    roles: dict[int, list[str]],
    capacity: CapacityView | None,
) -> ExpertView:
    skills = [
        ExpertSkillView(
            SkillRef(skill_ids[s.key], s.key, s.name),
            s.level,
            SkillLevel(s.level).label,
            s.source,
            s.endorsements,
        )
        for s in match.skills
        if s.key in skill_ids
    ]
    return ExpertView(
        person=person_summary(person, departments),
        score=match.score,
        why=_why(skills, match),
        skills=skills,
        evidence=[ExpertEvidenceView(e.id, e.title, e.snippet) for e in match.evidence],
        guide_roles=sorted(roles.get(person.id, [])),
        capacity=capacity,
    )


def _why(skills: list[ExpertSkillView], match: ExpertMatch) -> str:
    """One sentence a learner understands."""
    parts = []
    if skills:
        s = skills[0]
        endorsed = (
            f", {s.endorsements} endorsement{'s' * (s.endorsements != 1)}" if s.endorsements else ""
        )
        parts.append(
            f"{s.level_label} in {s.skill.name} ({SOURCE_WORDS.get(s.source, s.source)}{endorsed})"
        )
        if len(skills) > 1:
            parts.append("also " + ", ".join(x.skill.name for x in skills[1:3]))
    for h in match.help_given[:1]:
        rated = f", rated {h.mean_rating:g} of 5" if h.mean_rating is not None else ""
        times = "once" if h.times == 1 else f"{h.times} times"
        parts.append(f"helped colleagues with {h.name} {times}{rated}")
    if match.evidence:
        count = len(match.evidence)
        parts.append(
            f"wrote “{match.evidence[0].title}”"
            + (f" and {count - 1} more on this" if count > 1 else "")
        )
    if match.hidden_expert:
        parts.append("not widely known for this yet: their own work shows it")
    return "; ".join(parts) + "." if parts else "Their work matches your words."
