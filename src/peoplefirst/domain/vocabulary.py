"""The words PeopleFirst uses for skills, guides and visibility, as enums with their meaning."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class SkillLevel(IntEnum):
    """A named five-step proficiency scale (after the Dreyfus model)."""

    AWARENESS = 1
    BEGINNER = 2
    PRACTITIONER = 3
    ADVANCED = 4
    EXPERT = 5

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @property
    def meaning(self) -> str:
        return _LEVEL_MEANINGS[self]


_LEVEL_MEANINGS = {
    SkillLevel.AWARENESS: "knows what it is and when it applies",
    SkillLevel.BEGINNER: "has done it with help",
    SkillLevel.PRACTITIONER: "does it on their own in everyday work",
    SkillLevel.ADVANCED: "handles the hard cases and helps others",
    SkillLevel.EXPERT: "is the person others go to; shapes how it is done here",
}


class SkillSource(StrEnum):
    """Where a skill level comes from, from weakest to strongest signal."""

    SELF = "self"
    ENDORSED = "endorsed"
    INFERRED = "inferred"
    VETTED = "vetted"


class SkillTag(StrEnum):
    """What a person says about a skill (the distinctions of Microsoft Graph's skill tags)."""

    ASK_ME_ABOUT = "ask_me_about"
    ABLE_TO_MENTOR = "able_to_mentor"
    WANTS_TO_LEARN = "wants_to_learn"
    WANTS_TO_IMPROVE = "wants_to_improve"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Visibility(StrEnum):
    """Who may see a statement a person makes about themselves."""

    EVERYONE = "everyone"
    DEPARTMENT = "department"
    MANAGER = "manager"
    ONLY_ME = "only_me"


class GuideRole(StrEnum):
    """The roles a person may offer to play for others."""

    SME = "sme"
    MENTOR = "mentor"
    COACH = "coach"
    PEER_PARTNER = "peer_partner"
    ROLE_MODEL = "role_model"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    GuideRole.SME: "Subject-matter expert",
    GuideRole.MENTOR: "Mentor",
    GuideRole.COACH: "Coach",
    GuideRole.PEER_PARTNER: "Peer learning partner",
    GuideRole.ROLE_MODEL: "Role model",
}


class CapacityChannel(StrEnum):
    """Every way a guide's time is drawn on; all of them share one capacity budget."""

    MENTORING = "mentoring"
    COACHING = "coaching"
    ROUTED_QUESTION = "routed_question"
    PEER_INTRO = "peer_intro"
    PROGRAM = "program"


class EvidenceKind(StrEnum):
    """Kinds of texts a person wrote or is credited with."""

    PROJECT_SUMMARY = "project_summary"
    ANSWER = "answer"
    TALK = "talk"
    DOCUMENT = "document"
    POST = "post"
    # Knowledge assets: an expert's knowledge captured so that content leads back to them.
    INTERVIEW_NOTES = "interview_notes"
    RECORDED_DEMO = "recorded_demo"
    TEACH_BACK = "teach_back"

    @property
    def label(self) -> str:
        return _EVIDENCE_LABELS[self]


_EVIDENCE_LABELS = {
    EvidenceKind.PROJECT_SUMMARY: "Project summary",
    EvidenceKind.ANSWER: "Answer",
    EvidenceKind.TALK: "Talk",
    EvidenceKind.DOCUMENT: "Document",
    EvidenceKind.POST: "Post",
    EvidenceKind.INTERVIEW_NOTES: "Expert interview notes",
    EvidenceKind.RECORDED_DEMO: "Recorded demo",
    EvidenceKind.TEACH_BACK: "Teach-back",
}


class GoalStatus(StrEnum):
    OPEN = "open"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


SENIORITY_BANDS: dict[int, str] = {
    1: "Entry",
    2: "Associate",
    3: "Professional",
    4: "Senior",
    5: "Lead",
    6: "Principal",
    7: "Director",
    8: "Executive",
}
"""Level number → seniority band name; HR imports carry the number."""
