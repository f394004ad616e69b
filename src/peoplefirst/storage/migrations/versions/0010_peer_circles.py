"""peer circles: members, sessions, commitments, check-ins, feedback

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 11:24:43
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "circles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("cadence_weeks", sa.Integer(), nullable=False),
        sa.Column("confidentiality", sa.Text(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("agreement_version", sa.Integer(), nullable=False),
        sa.Column("agreement_updated_by", sa.Integer(), nullable=True),
        sa.Column("agreement_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.Integer(), nullable=True),
        sa.Column("end_reason", sa.String(length=24), nullable=True),
        sa.Column("end_note", sa.Text(), nullable=False),
        sa.Column("closing_reflection", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "end_reason IS NULL OR end_reason IN ('goals_reached', 'time_up', 'no_time', 'not_a_fit', 'role_change', 'other', 'lapsed')",
            name=op.f("ck_circles_end_reason_known"),
        ),
        sa.CheckConstraint(
            "state IN ('active', 'paused', 'ended')", name=op.f("ck_circles_state_known")
        ),
        sa.CheckConstraint(
            "cadence_weeks BETWEEN 1 AND 26", name=op.f("ck_circles_cadence_weeks_range")
        ),
        sa.ForeignKeyConstraint(
            ["agreement_updated_by"],
            ["people.id"],
            name=op.f("fk_circles_agreement_updated_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ended_by"],
            ["people.id"],
            name=op.f("fk_circles_ended_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_circles_program_id_programs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["match_runs.id"],
            name=op.f("fk_circles_run_id_match_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circles")),
        sa.UniqueConstraint("run_id", "position", name="uq_circles_run_group"),
    )
    with op.batch_alter_table("circles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_circles_program_id"), ["program_id"], unique=False)

    op.create_table(
        "circle_check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("how_it_goes", sa.Integer(), nullable=False),
        sa.Column("meeting_as_agreed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "how_it_goes BETWEEN 1 AND 5", name=op.f("ck_circle_check_ins_how_it_goes_range")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_circle_check_ins_author_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["circle_id"],
            ["circles.id"],
            name=op.f("fk_circle_check_ins_circle_id_circles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle_check_ins")),
    )
    with op.batch_alter_table("circle_check_ins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_circle_check_ins_circle_id"), ["circle_id"], unique=False
        )

    op.create_table(
        "circle_feedback",
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_circle_feedback_rating_range")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_circle_feedback_author_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["circle_id"],
            ["circles.id"],
            name=op.f("fk_circle_feedback_circle_id_circles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("circle_id", "author_id", name=op.f("pk_circle_feedback")),
    )
    op.create_table(
        "circle_members",
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["circle_id"],
            ["circles.id"],
            name=op.f("fk_circle_members_circle_id_circles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_circle_members_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("circle_id", "person_id", name=op.f("pk_circle_members")),
    )
    with op.batch_alter_table("circle_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_circle_members_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "circle_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
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
            ["circle_id"],
            ["circles.id"],
            name=op.f("fk_circle_sessions_circle_id_circles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["people.id"],
            name=op.f("fk_circle_sessions_created_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["notes_updated_by"],
            ["people.id"],
            name=op.f("fk_circle_sessions_notes_updated_by_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle_sessions")),
    )
    with op.batch_alter_table("circle_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_circle_sessions_circle_id"), ["circle_id"], unique=False
        )

    op.create_table(
        "circle_commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("review", sa.String(length=8), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("reviewed_in", sa.Integer(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("nudges", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "review IS NULL OR review IN ('done', 'partly', 'dropped')",
            name=op.f("ck_circle_commitments_review_known"),
        ),
        sa.ForeignKeyConstraint(
            ["circle_id"],
            ["circles.id"],
            name=op.f("fk_circle_commitments_circle_id_circles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_circle_commitments_owner_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"],
            ["people.id"],
            name=op.f("fk_circle_commitments_reviewed_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_in"],
            ["circle_sessions.id"],
            name=op.f("fk_circle_commitments_reviewed_in_circle_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["circle_sessions.id"],
            name=op.f("fk_circle_commitments_session_id_circle_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle_commitments")),
    )
    with op.batch_alter_table("circle_commitments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_circle_commitments_circle_id"), ["circle_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_circle_commitments_owner_id"), ["owner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_circle_commitments_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "circle_reflections",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_circle_reflections_author_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["circle_sessions.id"],
            name=op.f("fk_circle_reflections_session_id_circle_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "author_id", name=op.f("pk_circle_reflections")),
    )
    with op.batch_alter_table("circle_reflections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_circle_reflections_author_id"), ["author_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("circle_reflections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_reflections_author_id"))

    op.drop_table("circle_reflections")
    with op.batch_alter_table("circle_commitments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_commitments_session_id"))
        batch_op.drop_index(batch_op.f("ix_circle_commitments_owner_id"))
        batch_op.drop_index(batch_op.f("ix_circle_commitments_circle_id"))

    op.drop_table("circle_commitments")
    with op.batch_alter_table("circle_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_sessions_circle_id"))

    op.drop_table("circle_sessions")
    with op.batch_alter_table("circle_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_members_person_id"))

    op.drop_table("circle_members")
    op.drop_table("circle_feedback")
    with op.batch_alter_table("circle_check_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_check_ins_circle_id"))

    op.drop_table("circle_check_ins")
    with op.batch_alter_table("circles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circles_program_id"))

    op.drop_table("circles")
