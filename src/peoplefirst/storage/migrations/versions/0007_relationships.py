"""relationships, agreements, sessions, commitments, check-ins, feedback and misconduct reports

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 06:39:38.128647
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "relationships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=True),
        sa.Column("invite_message", sa.Text(), nullable=False),
        sa.Column("answer_note", sa.Text(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("match_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cadence_weeks", sa.Integer(), nullable=False),
        sa.Column("confidentiality", sa.Text(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("agreement_version", sa.Integer(), nullable=False),
        sa.Column("agreement_updated_by", sa.Integer(), nullable=True),
        sa.Column("agreement_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("learner_active_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("guide_active_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.Integer(), nullable=True),
        sa.Column("end_reason", sa.String(length=24), nullable=True),
        sa.Column("end_note", sa.Text(), nullable=False),
        sa.Column("closing_reflection", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "end_reason IS NULL OR end_reason IN ('goals_reached', 'time_up', 'no_time', 'not_a_fit', 'role_change', 'other', 'lapsed')",
            name=op.f("ck_relationships_end_reason_known"),
        ),
        sa.CheckConstraint(
            "kind IN ('mentoring', 'coaching', 'peer_partnership', 'sme_help', 'onboarding_buddy', 'reverse_mentoring')",
            name=op.f("ck_relationships_kind_known"),
        ),
        sa.CheckConstraint(
            "state IN ('invited', 'active', 'paused', 'ended', 'declined')",
            name=op.f("ck_relationships_state_known"),
        ),
        sa.CheckConstraint(
            "cadence_weeks BETWEEN 1 AND 26", name=op.f("ck_relationships_cadence_weeks_range")
        ),
        sa.CheckConstraint("learner_id <> guide_id", name=op.f("ck_relationships_not_self")),
        sa.ForeignKeyConstraint(
            ["agreement_updated_by"],
            ["people.id"],
            name=op.f("fk_relationships_agreement_updated_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ended_by"],
            ["people.id"],
            name=op.f("fk_relationships_ended_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["people.id"],
            name=op.f("fk_relationships_guide_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by"],
            ["people.id"],
            name=op.f("fk_relationships_invited_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["people.id"],
            name=op.f("fk_relationships_learner_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["match_id"],
            ["program_matches.id"],
            name=op.f("fk_relationships_match_id_program_matches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_relationships_program_id_programs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["help_requests.id"],
            name=op.f("fk_relationships_request_id_help_requests"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationships")),
        sa.UniqueConstraint("match_id", name=op.f("uq_relationships_match_id")),
        sa.UniqueConstraint("request_id", name=op.f("uq_relationships_request_id")),
    )
    with op.batch_alter_table("relationships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relationships_guide_id"), ["guide_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_relationships_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_relationships_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "misconduct_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=True),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reported_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.Integer(), nullable=True),
        sa.Column("handled_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["handled_by"],
            ["people.id"],
            name=op.f("fk_misconduct_reports_handled_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_misconduct_reports_program_id_programs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["relationships.id"],
            name=op.f("fk_misconduct_reports_relationship_id_relationships"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reported_id"],
            ["people.id"],
            name=op.f("fk_misconduct_reports_reported_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["people.id"],
            name=op.f("fk_misconduct_reports_reporter_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_misconduct_reports")),
    )
    with op.batch_alter_table("misconduct_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_misconduct_reports_program_id"), ["program_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_misconduct_reports_relationship_id"), ["relationship_id"], unique=False
        )

    op.create_table(
        "relationship_check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("how_it_goes", sa.Integer(), nullable=False),
        sa.Column("meeting_as_agreed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "how_it_goes BETWEEN 1 AND 5", name=op.f("ck_relationship_check_ins_how_it_goes_range")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_relationship_check_ins_author_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["relationships.id"],
            name=op.f("fk_relationship_check_ins_relationship_id_relationships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship_check_ins")),
    )
    with op.batch_alter_table("relationship_check_ins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationship_check_ins_relationship_id"),
            ["relationship_id"],
            unique=False,
        )

    op.create_table(
        "relationship_feedback",
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("about_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "rating BETWEEN 1 AND 5", name=op.f("ck_relationship_feedback_rating_range")
        ),
        sa.ForeignKeyConstraint(
            ["about_id"],
            ["people.id"],
            name=op.f("fk_relationship_feedback_about_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_relationship_feedback_author_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["relationships.id"],
            name=op.f("fk_relationship_feedback_relationship_id_relationships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "relationship_id", "author_id", name=op.f("pk_relationship_feedback")
        ),
    )
    with op.batch_alter_table("relationship_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationship_feedback_about_id"), ["about_id"], unique=False
        )

    op.create_table(
        "relationship_feedback_skills",
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "rating BETWEEN 1 AND 5", name=op.f("ck_relationship_feedback_skills_rating_range")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_relationship_feedback_skills_author_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["relationships.id"],
            name=op.f("fk_relationship_feedback_skills_relationship_id_relationships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_relationship_feedback_skills_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "relationship_id", "author_id", "skill_id", name=op.f("pk_relationship_feedback_skills")
        ),
    )
    op.create_table(
        "relationship_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("learning_goal_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "learning_goal_id IS NOT NULL OR text <> ''",
            name=op.f("ck_relationship_goals_goal_or_text"),
        ),
        sa.ForeignKeyConstraint(
            ["learning_goal_id"],
            ["learning_goals.id"],
            name=op.f("fk_relationship_goals_learning_goal_id_learning_goals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["relationships.id"],
            name=op.f("fk_relationship_goals_relationship_id_relationships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship_goals")),
    )
    with op.batch_alter_table("relationship_goals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationship_goals_relationship_id"), ["relationship_id"], unique=False
        )

    op.create_table(
        "relationship_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("notes_version", sa.Integer(), nullable=False),
        sa.Column("notes_updated_by", sa.Integer(), nullable=True),
        sa.Column("notes_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["people.id"],
            name=op.f("fk_relationship_sessions_created_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["notes_updated_by"],
            ["people.id"],
            name=op.f("fk_relationship_sessions_notes_updated_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["relationships.id"],
            name=op.f("fk_relationship_sessions_relationship_id_relationships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship_sessions")),
    )
    with op.batch_alter_table("relationship_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationship_sessions_relationship_id"),
            ["relationship_id"],
            unique=False,
        )

    op.create_table(
        "relationship_commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("review", sa.String(length=8), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("reviewed_in", sa.Integer(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "review IS NULL OR review IN ('done', 'partly', 'dropped')",
            name=op.f("ck_relationship_commitments_review_known"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_relationship_commitments_owner_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["relationships.id"],
            name=op.f("fk_relationship_commitments_relationship_id_relationships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"],
            ["people.id"],
            name=op.f("fk_relationship_commitments_reviewed_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_in"],
            ["relationship_sessions.id"],
            name=op.f("fk_relationship_commitments_reviewed_in_relationship_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["relationship_sessions.id"],
            name=op.f("fk_relationship_commitments_session_id_relationship_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship_commitments")),
    )
    with op.batch_alter_table("relationship_commitments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationship_commitments_owner_id"), ["owner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_relationship_commitments_relationship_id"),
            ["relationship_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_relationship_commitments_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "session_reflections",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_session_reflections_author_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["relationship_sessions.id"],
            name=op.f("fk_session_reflections_session_id_relationship_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "author_id", name=op.f("pk_session_reflections")),
    )
    with op.batch_alter_table("session_reflections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_reflections_author_id"), ["author_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("session_reflections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_reflections_author_id"))

    op.drop_table("session_reflections")
    with op.batch_alter_table("relationship_commitments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationship_commitments_session_id"))
        batch_op.drop_index(batch_op.f("ix_relationship_commitments_relationship_id"))
        batch_op.drop_index(batch_op.f("ix_relationship_commitments_owner_id"))

    op.drop_table("relationship_commitments")
    with op.batch_alter_table("relationship_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationship_sessions_relationship_id"))

    op.drop_table("relationship_sessions")
    with op.batch_alter_table("relationship_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationship_goals_relationship_id"))

    op.drop_table("relationship_goals")
    op.drop_table("relationship_feedback_skills")
    with op.batch_alter_table("relationship_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationship_feedback_about_id"))

    op.drop_table("relationship_feedback")
    with op.batch_alter_table("relationship_check_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationship_check_ins_relationship_id"))

    op.drop_table("relationship_check_ins")
    with op.batch_alter_table("misconduct_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_misconduct_reports_relationship_id"))
        batch_op.drop_index(batch_op.f("ix_misconduct_reports_program_id"))

    op.drop_table("misconduct_reports")
    with op.batch_alter_table("relationships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationships_program_id"))
        batch_op.drop_index(batch_op.f("ix_relationships_learner_id"))
        batch_op.drop_index(batch_op.f("ix_relationships_guide_id"))

    op.drop_table("relationships")
