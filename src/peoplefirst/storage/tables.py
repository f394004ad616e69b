"""The database tables (SQLAlchemy 2 declarative mapping).

Enum-valued columns are stored as short strings with CHECK constraints so that SQLite
and PostgreSQL hold the same values and a migration can add a value without a type change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from peoplefirst.domain.access import GRANTED_ROLES, SignInMethod
from peoplefirst.domain.notifications import NO_CHANNEL, Channel, DeliveryState, JobState, Topic
from peoplefirst.domain.programs import MatchState, ProgramKind, RunState, Side
from peoplefirst.domain.relationships import EndReason, RelationshipKind, RelationshipState, Review
from peoplefirst.domain.requests import HelpKind, OfferState, RequestStatus, Urgency
from peoplefirst.domain.vocabulary import (
    CapacityChannel,
    EvidenceKind,
    GoalStatus,
    GuideRole,
    SkillSource,
    SkillTag,
    Visibility,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: type[object]) -> str:
    allowed = ", ".join(f"'{v}'" for v in values)  # type: ignore[attr-defined]
    return f"{column} IN ({allowed})"


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database: SQLite stores no zone and returns naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; give a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), index=True
    )

    parent: Mapped[Department | None] = relationship(remote_side=[id])
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_departments_parent_name"),)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    job_family: Mapped[str] = mapped_column(String(100), default="", index=True)
    level: Mapped[int] = mapped_column(Integer, default=3)
    hire_date: Mapped[date | None] = mapped_column(Date)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    location: Mapped[str] = mapped_column(String(200), default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Whether the expert finder may suggest this person, and until when they are away.
    findable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    away_until: Mapped[date | None] = mapped_column(Date)

    department: Mapped[Department | None] = relationship()
    manager: Mapped[Person | None] = relationship(remote_side=[id])
    languages: Mapped[list[PersonLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="PersonLanguage.position"
    )
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 8", name="level_range"),
        CheckConstraint("manager_id IS NULL OR manager_id <> id", name="not_own_manager"),
    )


class PersonLanguage(Base):
    __tablename__ = "person_languages"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Skill(Base):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("skills.id", ondelete="SET NULL"), index=True
    )

    parent: Mapped[Skill | None] = relationship(remote_side=[id])
    aliases: Mapped[list[SkillAlias]] = relationship(cascade="all, delete-orphan")


class SkillAlias(Base):
    __tablename__ = "skill_aliases"

    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True
    )
    alias: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class PersonSkill(Base):
    __tablename__ = "person_skills"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), default=SkillSource.SELF.value)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=func.now())

    skill: Mapped[Skill] = relationship()
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
        CheckConstraint(_one_of("source", SkillSource), name="source_known"),
    )


class PersonSkillTag(Base):
    """ "Ask me about", "able to mentor", "wants to learn"… with who may see it."""

    __tablename__ = "person_skill_tags"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    tag: Mapped[str] = mapped_column(String(32), primary_key=True)
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.EVERYONE.value)

    skill: Mapped[Skill] = relationship()
    __table_args__ = (
        CheckConstraint(_one_of("tag", SkillTag), name="tag_known"),
        CheckConstraint(_one_of("visibility", Visibility), name="visibility_known"),
    )


class LearningGoal(Base):
    __tablename__ = "learning_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int | None] = mapped_column(
        ForeignKey("skills.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    target_level: Mapped[int] = mapped_column(Integer)
    why: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=GoalStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=func.now())

    skill: Mapped[Skill | None] = relationship()
    __table_args__ = (
        CheckConstraint("target_level BETWEEN 1 AND 5", name="target_level_range"),
        CheckConstraint(_one_of("status", GoalStatus), name="status_known"),
        CheckConstraint("skill_id IS NOT NULL OR text <> ''", name="skill_or_text"),
    )


class GuideOffer(Base):
    """A role a person is willing to play (mentor, coach…) and what they offer in it."""

    __tablename__ = "guide_offers"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    max_people: Mapped[int] = mapped_column(Integer)
    hours_per_month: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint(_one_of("role", GuideRole), name="role_known"),
        CheckConstraint("max_people >= 0", name="max_people_not_negative"),
        CheckConstraint("hours_per_month >= 0", name="hours_not_negative"),
    )


class CapacityBudget(Base):
    """The single budget of time and people every channel draws on."""

    __tablename__ = "capacity_budgets"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    hours_per_month: Mapped[float] = mapped_column(Float)
    people_at_once: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("hours_per_month >= 0", name="hours_not_negative"),
        CheckConstraint("people_at_once >= 0", name="people_not_negative"),
    )


class CapacityCommitment(Base):
    """One draw on a guide's budget by a channel (a mentoring pair, a routed question…)."""

    __tablename__ = "capacity_commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str] = mapped_column(String(200), default="")
    hours_per_month: Mapped[float] = mapped_column(Float)
    people: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=func.now())
    released_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        CheckConstraint(_one_of("channel", CapacityChannel), name="channel_known"),
        CheckConstraint("hours_per_month >= 0", name="hours_not_negative"),
        CheckConstraint("people >= 0", name="people_not_negative"),
        Index("ix_capacity_commitments_open", "person_id", "released_at"),
    )


class EvidenceItem(Base):
    """A text a person wrote or is credited with: project summary, answer, talk…"""

    __tablename__ = "evidence_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    written_on: Mapped[date | None] = mapped_column(Date)
    link: Mapped[str] = mapped_column(String(2000), default="")

    __table_args__ = (CheckConstraint(_one_of("kind", EvidenceKind), name="kind_known"),)


class EvidenceCredit(Base):
    __tablename__ = "evidence_credits"

    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_items.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class EvidenceSkill(Base):
    __tablename__ = "evidence_skills"

    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_items.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Endorsement(Base):
    __tablename__ = "endorsements"

    id: Mapped[int] = mapped_column(primary_key=True)
    endorser_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    endorsee_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=func.now())

    __table_args__ = (
        UniqueConstraint("endorser_id", "endorsee_id", "skill_id", name="uq_endorsements_once"),
        CheckConstraint("endorser_id <> endorsee_id", name="not_self"),
    )


class Kudos(Base):
    """Thanks from one person to another, for a skill or for help in general, with a note."""

    __tablename__ = "kudos"

    id: Mapped[int] = mapped_column(primary_key=True)
    giver_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    receiver_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    skill_id: Mapped[int | None] = mapped_column(ForeignKey("skills.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text)
    given_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (CheckConstraint("giver_id <> receiver_id", name="not_self"),)


class IndexChange(Base):
    """A note that something the expert finder indexes has changed; running apps follow it."""

    __tablename__ = "index_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(16))  # person | evidence | everything
    subject_id: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, server_default=func.now())

    __table_args__ = (
        CheckConstraint("subject IN ('person', 'evidence', 'everything')", name="subject_known"),
        # Ids are never reused, even after old notes are pruned: readers remember the last.
        {"sqlite_autoincrement": True},
    )


class HelpRequest(Base):
    """A learner asking colleagues for help with a need, routed to a few at a time."""

    __tablename__ = "help_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    need: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(24))
    urgency: Mapped[str] = mapped_column(String(16))
    at_once: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("capacity_commitments.id", ondelete="SET NULL")
    )

    __table_args__ = (
        CheckConstraint(_one_of("kind", HelpKind), name="kind_known"),
        CheckConstraint(_one_of("urgency", Urgency), name="urgency_known"),
        CheckConstraint(_one_of("status", RequestStatus), name="status_known"),
        CheckConstraint("at_once BETWEEN 1 AND 3", name="at_once_range"),
    )


class RequestSkill(Base):
    __tablename__ = "request_skills"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_requests.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class RequestOffer(Base):
    """One candidate for a request, in the learner's order, and where they stand."""

    __tablename__ = "request_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_requests.id", ondelete="CASCADE"), index=True
    )
    guide_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    asked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("request_id", "guide_id", name="uq_request_offers_once"),
        CheckConstraint(_one_of("state", OfferState), name="state_known"),
        Index("ix_request_offers_guide_state", "guide_id", "state"),
    )


class RequestMessage(Base):
    """The conversation between a learner and the guide who accepted."""

    __tablename__ = "request_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_requests.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class HelpOutcome(Base):
    """How a request ended, in the learner's words: evidence for the guide who helped."""

    __tablename__ = "help_outcomes"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_requests.id", ondelete="CASCADE"), primary_key=True
    )
    guide_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    helped: Mapped[bool] = mapped_column(Boolean)
    rating: Mapped[int | None] = mapped_column(Integer)
    minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes_not_negative"),
    )


class HelpOutcomeSkill(Base):
    """Which skills the help was about (the learner says; defaults to the request's)."""

    __tablename__ = "help_outcome_skills"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_outcomes.request_id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class EvidenceEmbedding(Base):
    """A text's sentence embedding, kept so that the semantic side need not embed it again."""

    __tablename__ = "evidence_embeddings"

    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_items.id", ondelete="CASCADE"), primary_key=True
    )
    model: Mapped[str] = mapped_column(String(100), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian


class Program(Base):
    """A mentoring, coaching, peer or buddy program: its rules, enrollment and cohort."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(Text, default="")
    rules: Mapped[str] = mapped_column(Text)  # the engine's rules as JSON, the current version
    rules_version: Mapped[int] = mapped_column(Integer, default=1)
    enrollment_opens: Mapped[date | None] = mapped_column(Date)
    enrollment_closes: Mapped[date | None] = mapped_column(Date)
    invite_only: Mapped[bool] = mapped_column(Boolean, default=False)
    self_select: Mapped[bool] = mapped_column(Boolean, default=False)
    hours_per_month: Mapped[float] = mapped_column(Float)  # what one match draws on a guide
    group_min_size: Mapped[int] = mapped_column(Integer, default=4)
    group_max_size: Mapped[int] = mapped_column(Integer, default=6)
    round_every_weeks: Mapped[int] = mapped_column(Integer, default=2)  # recurring intros
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        CheckConstraint(_one_of("kind", ProgramKind), name="kind_known"),
        CheckConstraint("hours_per_month >= 0", name="hours_not_negative"),
        CheckConstraint("group_min_size >= 2 AND group_max_size >= group_min_size", name="sizes"),
        CheckConstraint("round_every_weeks BETWEEN 1 AND 52", name="round_every_weeks_range"),
    )


class ProgramRulesVersion(Base):
    """Every version of a program's rules, so that a run can say which rules it used."""

    __tablename__ = "program_rules_versions"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    rules: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProgramAdmin(Base):
    __tablename__ = "program_admins"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ProgramInvite(Base):
    """Who may enroll in an invite-only program (the cohort)."""

    __tablename__ = "program_invites"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    invited_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProgramEnrollment(Base):
    """A person taking part as learner or guide, with their goals or their capacity."""

    __tablename__ = "program_enrollments"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    capacity: Mapped[int] = mapped_column(Integer, default=0)  # guides: learners at once here
    stage: Mapped[str] = mapped_column(String(100), default="")
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("program_id", "person_id", "side", name="uq_program_enrollments_once"),
        CheckConstraint(_one_of("side", Side), name="side_known"),
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
    )


class EnrollmentGoal(Base):
    __tablename__ = "enrollment_goals"

    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("program_enrollments.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class EnrollmentChoice(Base):
    """Someone on the other side a participant would like to work with (best first), or
    would rather not (`avoid`)."""

    __tablename__ = "enrollment_choices"

    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("program_enrollments.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(Integer)
    avoid: Mapped[bool] = mapped_column(Boolean, default=False)  # never to be paired with


class ShortlistExposure(Base):
    """How often a guide was shown in a program's self-selection shortlists."""

    __tablename__ = "shortlist_exposures"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    guide_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    shown: Mapped[int] = mapped_column(Integer, default=0)
    shown_first: Mapped[int] = mapped_column(Integer, default=0)


class MatchRun(Base):
    """One run of the matching engine over a program: a draft until an admin publishes it."""

    __tablename__ = "match_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    rules_version: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(16))
    report: Mapped[str] = mapped_column(Text)  # the engine's figures, as JSON
    published: Mapped[str | None] = mapped_column(Text)  # the publish report, as JSON
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (CheckConstraint(_one_of("state", RunState), name="state_known"),)


class RunPairRow(Base):
    __tablename__ = "match_run_pairs"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("match_runs.id", ondelete="CASCADE"), primary_key=True
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    guide_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    reasons: Mapped[str] = mapped_column(Text)  # JSON: [{feature, weight, text}]


class RunUnmatchedRow(Base):
    __tablename__ = "match_run_unmatched"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("match_runs.id", ondelete="CASCADE"), primary_key=True
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")


class RunGroupMember(Base):
    """A member of a group (peer circle) formed by a run; `position` numbers the groups."""

    __tablename__ = "match_run_group_members"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("match_runs.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer)
    why: Mapped[str] = mapped_column(Text, default="")


class ProgramMatch(Base):
    """A published match between a learner and a guide, from proposal to its end."""

    __tablename__ = "program_matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id", ondelete="SET NULL"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    why: Mapped[str] = mapped_column(Text, default="")
    learner_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    guide_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    declined_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("capacity_commitments.id", ondelete="SET NULL")
    )
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_matches.id", ondelete="SET NULL")
    )
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        CheckConstraint(_one_of("state", MatchState), name="state_known"),
        CheckConstraint("learner_id <> guide_id", name="not_self"),
        Index("ix_program_matches_program_state", "program_id", "state"),
    )


class ProgramGroupMember(Base):
    """A member of a published group (peer circle, post-event group, an intro round's pair
    or trio); each intro round is its own run."""

    __tablename__ = "program_group_members"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    run_id: Mapped[int] = mapped_column(
        ForeignKey("match_runs.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    why: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(String(8), default="")  # intro rounds: met | missed
    formed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (CheckConstraint("answer IN ('', 'met', 'missed')", name="answer_known"),)


class Relationship(Base):
    """A learner and a guide in a learning cycle, with their agreement. It starts from a
    program match, an accepted request or an invitation."""

    __tablename__ = "relationships"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(16))
    learner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    invite_message: Mapped[str] = mapped_column(Text, default="")
    answer_note: Mapped[str] = mapped_column(Text, default="")  # why an invitation was declined
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="SET NULL"), index=True
    )
    match_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_matches.id", ondelete="SET NULL"), unique=True
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("help_requests.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The agreement; `agreement_version` goes up with every edit (a stale edit is refused).
    cadence_weeks: Mapped[int] = mapped_column(Integer, default=2)
    confidentiality: Mapped[str] = mapped_column(Text, default="")
    end_date: Mapped[date | None] = mapped_column(Date)
    agreement_version: Mapped[int] = mapped_column(Integer, default=1)
    agreement_updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    agreement_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When each person last did something the other sees (a session, notes, a check-in).
    learner_active_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    guide_active_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    end_reason: Mapped[str | None] = mapped_column(String(24))
    end_note: Mapped[str] = mapped_column(Text, default="")
    closing_reflection: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint(_one_of("kind", RelationshipKind), name="kind_known"),
        CheckConstraint(_one_of("state", RelationshipState), name="state_known"),
        CheckConstraint(
            "end_reason IS NULL OR " + _one_of("end_reason", EndReason), name="end_reason_known"
        ),
        CheckConstraint("learner_id <> guide_id", name="not_self"),
        CheckConstraint("cadence_weeks BETWEEN 1 AND 26", name="cadence_weeks_range"),
    )


class RelationshipGoal(Base):
    """A goal of a relationship's agreement: one of the learner's learning goals, or text."""

    __tablename__ = "relationship_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    learning_goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_goals.id", ondelete="CASCADE")
    )
    text: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint("learning_goal_id IS NOT NULL OR text <> ''", name="goal_or_text"),
    )


class RelationshipSession(Base):
    """A session of a relationship: its agenda and the notes both people share."""

    __tablename__ = "relationship_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    scheduled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    agenda: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_version: Mapped[int] = mapped_column(Integer, default=1)
    notes_updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    notes_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SessionReflection(Base):
    """A private reflection on a session: its author's alone."""

    __tablename__ = "session_reflections"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("relationship_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RelationshipCommitment(Base):
    """A commitment to action recorded at the end of a session, reviewed at a later one."""

    __tablename__ = "relationship_commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("relationship_sessions.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    review: Mapped[str | None] = mapped_column(String(8))
    review_note: Mapped[str] = mapped_column(Text, default="")
    reviewed_in: Mapped[int | None] = mapped_column(
        ForeignKey("relationship_sessions.id", ondelete="SET NULL")
    )
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        CheckConstraint("review IS NULL OR " + _one_of("review", Review), name="review_known"),
    )


class RelationshipCheckIn(Base):
    """A short survey at the cadence: how it goes, whether they meet as agreed."""

    __tablename__ = "relationship_check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    how_it_goes: Mapped[int] = mapped_column(Integer)
    meeting_as_agreed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (CheckConstraint("how_it_goes BETWEEN 1 AND 5", name="how_it_goes_range"),)


class RelationshipFeedback(Base):
    """One side's feedback on the other after the ending, kept blind until both answered
    or the window closed. The learner's on the guide counts for the guide in the finder."""

    __tablename__ = "relationship_feedback"

    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    about_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    given_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)


class RelationshipFeedbackSkill(Base):
    __tablename__ = "relationship_feedback_skills"

    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True
    )
    rating: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)


class MisconductReport(Base):
    """A confidential report on the other person of a relationship, for the program's
    admins (or Learning & Development); the person reported never sees it."""

    __tablename__ = "misconduct_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    relationship_id: Mapped[int | None] = mapped_column(
        ForeignKey("relationships.id", ondelete="SET NULL"), index=True
    )
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="SET NULL"), index=True
    )
    reporter_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    reported_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    handled_note: Mapped[str] = mapped_column(Text, default="")


class Circle(Base):
    """A peer circle: four to six peers (or a peer pair) with the same learning cycle as a
    relationship but no learner and guide; every member sees every member's commitments.
    Formed by a peer-circle or post-event program, one per group a published run formed."""

    __tablename__ = "circles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16))
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="SET NULL"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id", ondelete="SET NULL"))
    position: Mapped[int | None] = mapped_column(Integer)  # the group's number in the program
    why: Mapped[str] = mapped_column(Text, default="")  # what the circle former said of it
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The agreement, shared by all; a stale edit is refused as for a relationship.
    purpose: Mapped[str] = mapped_column(Text, default="")
    cadence_weeks: Mapped[int] = mapped_column(Integer, default=2)
    confidentiality: Mapped[str] = mapped_column(Text, default="")
    end_date: Mapped[date | None] = mapped_column(Date)
    agreement_version: Mapped[int] = mapped_column(Integer, default=1)
    agreement_updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    agreement_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    end_reason: Mapped[str | None] = mapped_column(String(24))
    end_note: Mapped[str] = mapped_column(Text, default="")
    closing_reflection: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint("state IN ('active', 'paused', 'ended')", name="state_known"),
        CheckConstraint(
            "end_reason IS NULL OR " + _one_of("end_reason", EndReason), name="end_reason_known"
        ),
        CheckConstraint("cadence_weeks BETWEEN 1 AND 26", name="cadence_weeks_range"),
        UniqueConstraint("run_id", "position", name="uq_circles_run_group"),
    )


class CircleMember(Base):
    """A member of a circle; all members are peers."""

    __tablename__ = "circle_members"

    circle_id: Mapped[int] = mapped_column(
        ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime)
    active_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # what the others see


class CircleSession(Base):
    """A session of a circle: its agenda and the notes the members share."""

    __tablename__ = "circle_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    circle_id: Mapped[int] = mapped_column(ForeignKey("circles.id", ondelete="CASCADE"), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    agenda: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_version: Mapped[int] = mapped_column(Integer, default=1)
    notes_updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    notes_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CircleReflection(Base):
    """A private reflection on a circle session: its author's alone."""

    __tablename__ = "circle_reflections"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("circle_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CircleCommitment(Base):
    """A member's commitment to action, seen by the whole circle, reviewed at a later
    session."""

    __tablename__ = "circle_commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    circle_id: Mapped[int] = mapped_column(ForeignKey("circles.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("circle_sessions.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    review: Mapped[str | None] = mapped_column(String(8))
    review_note: Mapped[str] = mapped_column(Text, default="")
    reviewed_in: Mapped[int | None] = mapped_column(
        ForeignKey("circle_sessions.id", ondelete="SET NULL")
    )
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    nudges: Mapped[int] = mapped_column(Integer, default=0)  # peers' nudges so far

    __table_args__ = (
        CheckConstraint("review IS NULL OR " + _one_of("review", Review), name="review_known"),
    )


class CircleCheckIn(Base):
    """A member's short survey at the cadence: how it goes, whether the circle meets."""

    __tablename__ = "circle_check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    circle_id: Mapped[int] = mapped_column(ForeignKey("circles.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    how_it_goes: Mapped[int] = mapped_column(Integer)
    meeting_as_agreed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (CheckConstraint("how_it_goes BETWEEN 1 AND 5", name="how_it_goes_range"),)


class CircleFeedback(Base):
    """A member's feedback on the circle after its ending, blind until every member has
    answered or the window closed."""

    __tablename__ = "circle_feedback"

    circle_id: Mapped[int] = mapped_column(
        ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    rating: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    given_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)


class Job(Base):
    """Work for `peoplefirst worker`: a notification to deliver or a periodic chore. The
    `dedupe_key` makes the same job impossible to queue twice."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        CheckConstraint(_one_of("state", JobState), name="state_known"),
        Index("ix_jobs_state_due_at", "state", "due_at"),
    )


class NotificationSetting(Base):
    """A person's own chat webhook and quiet hours (HH:MM in their time zone)."""

    __tablename__ = "notification_settings"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    chat_webhook_url: Mapped[str] = mapped_column(Text, default="")
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        CheckConstraint(
            "(quiet_start IS NULL) = (quiet_end IS NULL)", name="quiet_hours_both_or_neither"
        ),
    )


class NotificationChoice(Base):
    """Where one kind of notification goes for one person; both false means in-app only."""

    __tablename__ = "notification_choices"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(32), primary_key=True)
    email: Mapped[bool] = mapped_column(Boolean)
    chat: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (CheckConstraint(_one_of("topic", Topic), name="topic_known"),)


class Notification(Base):
    """What a person was told (shown in the app too), once per `dedupe_key`."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(500), default="")
    invite: Mapped[str] = mapped_column(Text, default="")  # an iCalendar text, for sessions
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deliver_at: Mapped[datetime] = mapped_column(UtcDateTime)  # later in quiet hours

    __table_args__ = (
        CheckConstraint(_one_of("topic", Topic), name="topic_known"),
        Index("ix_notifications_person_created", "person_id", "created_at"),
    )


class NotificationDelivery(Base):
    """One channel's try at a notification: sent at most once, whatever happens."""

    __tablename__ = "notification_deliveries"

    notification_id: Mapped[int] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(8), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        CheckConstraint(
            f"channel IN ({', '.join(repr(c.value) for c in Channel)}, '{NO_CHANNEL}')",
            name="channel_known",
        ),
        CheckConstraint(_one_of("state", DeliveryState), name="state_known"),
    )


class Account(Base):
    """A local password for people who sign in without single sign-on (argon2 hash only)."""

    __tablename__ = "accounts"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    password_hash: Mapped[str] = mapped_column(String(200))
    password_set_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SignInSession(Base):
    """One signed-in browser. The cookie holds a random token; only its hash is stored, so a
    copy of the database cannot sign anyone in. Ended sessions stay for the person's record."""

    __tablename__ = "sign_in_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    user_agent: Mapped[str] = mapped_column(String(300), default="")

    __table_args__ = (CheckConstraint(_one_of("method", SignInMethod), name="method_known"),)


class SignInAttempt(Base):
    """A password sign-in tried, for throttling: by login (lower-cased) and by address."""

    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(320))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    succeeded: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_sign_in_attempts_login_at", "login", "at"),
        Index("ix_sign_in_attempts_address_at", "address", "at"),
    )


class PasswordReset(Base):
    """A password-reset link sent by e-mail: works once, before it expires."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ApiToken(Base):
    """A token for scripts and integrations, acting as its person within its scopes."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(64))  # comma-separated Scope values
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PersonRole(Base):
    """A role granted by a system admin (program admin, HR analyst, system admin)."""

    __tablename__ = "person_roles"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(24), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    __table_args__ = (
        CheckConstraint(
            f"role IN ({', '.join(repr(r.value) for r in GRANTED_ROLES)})", name="role_known"
        ),
    )


class AuditEvent(Base):
    """One entry of the append-only audit log (triggers refuse updates and deletes). People
    are named by id only, so the log keeps no personal details after someone is deleted."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[int | None] = mapped_column(Integer)  # no key: the log outlives people
    action: Mapped[str] = mapped_column(String(48), index=True)
    subject: Mapped[str] = mapped_column(String(120), default="")  # "program 12", "person 7"
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (
        Index("ix_audit_events_at", "at"),
        {"sqlite_autoincrement": True},
    )
