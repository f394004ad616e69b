"""A person's expertise, kept by them and their colleagues: skill levels, endorsements, and the
texts and knowledge assets that show what they know. Every change reaches the expert finder
within seconds (see storage/index_changes.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import (
    EvidenceNotFound,
    InvalidInput,
    NotPermitted,
    SkillNotFound,
)
from peoplefirst.domain.policy import (
    Viewer,
    may_edit_evidence,
    may_edit_profile,
    may_endorse,
    signed_in,
)
from peoplefirst.domain.views import EvidenceView
from peoplefirst.domain.vocabulary import EvidenceKind, SkillLevel, SkillSource
from peoplefirst.storage import tables as t
from peoplefirst.storage.people import evidence_views, get_person
from peoplefirst.storage.skills import existing_skill_ids

MAX_TITLE = 300
MAX_BODY = 20_000
MAX_LINK = 2000
MAX_NOTE = 1000
MAX_CREDITED = 20
MAX_SKILLS_PER_TEXT = 20


def _skill(session: Session, skill_id: int) -> t.Skill:
    skill = session.get(t.Skill, skill_id)
    if skill is None:
        raise SkillNotFound(f"no skill with id {skill_id}")
    return skill


def set_skill_level(
    *, session: Session, viewer: Viewer, person_id: int, skill_id: int, level: int
) -> None:
    """State one's level in a skill (1 Awareness … 5 Expert).

    A raised level is the person's own word again until colleagues endorse it; a lowered
    one keeps how it was known.
    """
    signed_in(viewer)
    get_person(session, person_id)
    if not may_edit_profile(viewer=viewer, person_id=person_id):
        raise NotPermitted("only the person themselves can state their skill levels")
    if level not in set(SkillLevel):
        raise InvalidInput("level", f"must be between 1 and 5, got {level}")
    _skill(session, skill_id)
    held = session.get(t.PersonSkill, (person_id, skill_id))
    now = datetime.now(UTC)
    if held is None:
        session.add(
            t.PersonSkill(
                person_id=person_id,
                skill_id=skill_id,
                level=level,
                source=SkillSource.SELF.value,
                updated_at=now,
            )
        )
    elif held.level != level:
        if level > held.level:
            held.source = SkillSource.SELF.value
        held.level, held.updated_at = level, now
    session.flush()


def remove_skill(*, session: Session, viewer: Viewer, person_id: int, skill_id: int) -> None:
    """Take a skill off one's profile, with its endorsements."""
    signed_in(viewer)
    get_person(session, person_id)
    if not may_edit_profile(viewer=viewer, person_id=person_id):
        raise NotPermitted("only the person themselves can remove their skills")
    held = session.get(t.PersonSkill, (person_id, skill_id))
    if held is None:
        return
    for endorsement in session.scalars(
        select(t.Endorsement).where(
            t.Endorsement.endorsee_id == person_id, t.Endorsement.skill_id == skill_id
        )
    ):
        session.delete(endorsement)
    session.delete(held)
    session.flush()


def endorse(
    *, session: Session, viewer: Viewer, person_id: int, skill_id: int, note: str = ""
) -> int:
    """Vouch for a colleague's skill; returns how many colleagues now vouch for it.

    A self-declared level that a colleague endorses becomes "endorsed". Endorsing twice
    keeps one endorsement (with the newer note).
    """
    endorser = signed_in(viewer)
    get_person(session, person_id)
    if not may_endorse(viewer=viewer, person_id=person_id):
        raise NotPermitted("you cannot endorse your own skills")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput("note", f"must be at most {MAX_NOTE:,} characters")
    skill = _skill(session, skill_id)
    held = session.get(t.PersonSkill, (person_id, skill_id))
    if held is None:
        raise InvalidInput("skill_id", f"their profile does not list {skill.name}")
    existing = session.scalar(
        select(t.Endorsement).where(
            t.Endorsement.endorser_id == endorser,
            t.Endorsement.endorsee_id == person_id,
            t.Endorsement.skill_id == skill_id,
        )
    )
    if existing is None:
        session.add(
            t.Endorsement(endorser_id=endorser, endorsee_id=person_id, skill_id=skill_id, note=note)
        )
    else:
        existing.note = note
    if held.source == SkillSource.SELF.value:
        held.source = SkillSource.ENDORSED.value
    session.flush()
    return _endorsements(session, person_id, skill_id)


def withdraw_endorsement(*, session: Session, viewer: Viewer, person_id: int, skill_id: int) -> int:
    """Take one's endorsement back; returns how many colleagues still vouch."""
    endorser = signed_in(viewer)
    get_person(session, person_id)
    _skill(session, skill_id)
    session.execute(
        delete(t.Endorsement).where(
            t.Endorsement.endorser_id == endorser,
            t.Endorsement.endorsee_id == person_id,
            t.Endorsement.skill_id == skill_id,
        )
    )
    left = _endorsements(session, person_id, skill_id)
    held = session.get(t.PersonSkill, (person_id, skill_id))
    if held is not None:
        if left == 0 and held.source == SkillSource.ENDORSED.value:
            held.source = SkillSource.SELF.value
        held.updated_at = datetime.now(UTC)  # tells the expert index to look again
    session.flush()
    return left


def _endorsements(session: Session, person_id: int, skill_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(t.Endorsement)
            .where(t.Endorsement.endorsee_id == person_id, t.Endorsement.skill_id == skill_id)
        )
        or 0
    )


@dataclass(frozen=True, slots=True)
class EvidenceDraft:
    """What a person says about a text or knowledge asset they wrote or made."""

    kind: str
    title: str
    body: str
    written_on: date | None = None
    link: str = ""
    skill_ids: Sequence[int] = ()
    credited: Sequence[int] = ()  # colleagues credited besides the author


def _web_address(link: str) -> bool:
    try:
        parts = urlsplit(link)
    except ValueError:  # e.g. a broken IPv6 host
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(link) <= MAX_LINK


def _checked(session: Session, draft: EvidenceDraft, today: date) -> EvidenceDraft:
    if draft.kind not in set(EvidenceKind):
        raise InvalidInput("kind", f"must be one of {', '.join(EvidenceKind)}, got '{draft.kind}'")
    title, body, link = draft.title.strip(), draft.body.strip(), draft.link.strip()
    if not title:
        raise InvalidInput("title", "must not be empty")
    if len(title) > MAX_TITLE:
        raise InvalidInput("title", f"must be at most {MAX_TITLE} characters")
    if not body:
        raise InvalidInput("body", "say what it is about: the finder searches these words")
    if len(body) > MAX_BODY:
        raise InvalidInput("body", f"must be at most {MAX_BODY:,} characters")
    if link and not _web_address(link):
        raise InvalidInput("link", "must be an http(s) address of at most 2,000 characters")
    if draft.written_on is not None and draft.written_on > today:
        raise InvalidInput("written_on", "must not be in the future")
    skills = list(dict.fromkeys(draft.skill_ids))
    if len(skills) > MAX_SKILLS_PER_TEXT:
        raise InvalidInput("skill_ids", f"at most {MAX_SKILLS_PER_TEXT} skills")
    existing_skill_ids(session, skills, field="skill_ids")
    credited = list(dict.fromkeys(draft.credited))
    if len(credited) > MAX_CREDITED:
        raise InvalidInput("credited", f"at most {MAX_CREDITED} colleagues")
    found = set(session.scalars(select(t.Person.id).where(t.Person.id.in_(credited))))
    if unknown := [p for p in credited if p not in found]:
        raise InvalidInput("credited", f"no person with id {unknown[0]}")
    return EvidenceDraft(draft.kind, title, body, draft.written_on, link, skills, credited)


def add_evidence(
    *, session: Session, viewer: Viewer, draft: EvidenceDraft, today: date | None = None
) -> EvidenceView:
    """Add a text or knowledge asset by the signed-in person (and colleagues they credit)."""
    author = signed_in(viewer)
    draft = _checked(session, draft, today or date.today())
    item = t.EvidenceItem(
        kind=draft.kind,
        title=draft.title,
        body=draft.body,
        written_on=draft.written_on or today or date.today(),
        link=draft.link,
    )
    session.add(item)
    session.flush()
    _link(session, item.id, [author, *draft.credited], draft.skill_ids)
    return get_evidence(session=session, evidence_id=item.id)


def update_evidence(
    *,
    session: Session,
    viewer: Viewer,
    evidence_id: int,
    draft: EvidenceDraft,
    today: date | None = None,
) -> EvidenceView:
    """Rewrite a text; its credits become the editor plus `draft.credited`."""
    editor = signed_in(viewer)
    item = _editable(session, viewer, evidence_id)
    draft = _checked(session, draft, today or date.today())
    item.kind, item.title, item.body, item.link = draft.kind, draft.title, draft.body, draft.link
    if draft.written_on is not None:
        item.written_on = draft.written_on
    for table in (t.EvidenceCredit, t.EvidenceSkill):
        for row in session.scalars(select(table).where(table.evidence_id == evidence_id)):
            session.delete(row)
    session.flush()
    _link(session, evidence_id, [editor, *draft.credited], draft.skill_ids)
    return get_evidence(session=session, evidence_id=evidence_id)


def remove_evidence(*, session: Session, viewer: Viewer, evidence_id: int) -> None:
    signed_in(viewer)
    session.delete(_editable(session, viewer, evidence_id))
    session.flush()


def get_evidence(*, session: Session, evidence_id: int) -> EvidenceView:
    views = evidence_views(session, select(t.EvidenceItem).where(t.EvidenceItem.id == evidence_id))
    if not views:
        raise EvidenceNotFound(f"no evidence with id {evidence_id}")
    return views[0]


def _editable(session: Session, viewer: Viewer, evidence_id: int) -> t.EvidenceItem:
    item = session.get(t.EvidenceItem, evidence_id)
    if item is None:
        raise EvidenceNotFound(f"no evidence with id {evidence_id}")
    credited = session.scalars(
        select(t.EvidenceCredit.person_id).where(t.EvidenceCredit.evidence_id == evidence_id)
    )
    if not may_edit_evidence(viewer=viewer, credited=credited):
        raise NotPermitted("only the people credited with it can change it")
    return item


def _link(session: Session, evidence_id: int, people: list[int], skills: Sequence[int]) -> None:
    for person in dict.fromkeys(people):
        session.add(t.EvidenceCredit(evidence_id=evidence_id, person_id=person))
    for skill in skills:
        session.add(t.EvidenceSkill(evidence_id=evidence_id, skill_id=skill))
    session.flush()
