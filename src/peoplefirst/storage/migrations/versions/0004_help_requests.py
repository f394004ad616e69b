"""ask a person for help: requests, offers, messages, outcomes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 11:06:33.109458
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "help_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("at_once", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('quick_question', 'working_session', 'mentoring', 'coaching', 'peer_partner')",
            name=op.f("ck_help_requests_kind_known"),
        ),
        sa.CheckConstraint(
            "status IN ('asking', 'accepted', 'closed', 'withdrawn', 'unanswered')",
            name=op.f("ck_help_requests_status_known"),
        ),
        sa.CheckConstraint(
            "urgency IN ('low', 'normal', 'urgent')", name=op.f("ck_help_requests_urgency_known")
        ),
        sa.CheckConstraint("at_once BETWEEN 1 AND 3", name=op.f("ck_help_requests_at_once_range")),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["capacity_commitments.id"],
            name=op.f("fk_help_requests_commitment_id_capacity_commitments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["people.id"],
            name=op.f("fk_help_requests_learner_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_requests")),
    )
    with op.batch_alter_table("help_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_help_requests_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_help_requests_status"), ["status"], unique=False)

    op.create_table(
        "help_outcomes",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("helped", sa.Boolean(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "minutes IS NULL OR minutes >= 0", name=op.f("ck_help_outcomes_minutes_not_negative")
        ),
        sa.CheckConstraint(
            "rating IS NULL OR rating BETWEEN 1 AND 5", name=op.f("ck_help_outcomes_rating_range")
        ),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["people.id"],
            name=op.f("fk_help_outcomes_guide_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["help_requests.id"],
            name=op.f("fk_help_outcomes_request_id_help_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_help_outcomes")),
    )
    with op.batch_alter_table("help_outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_help_outcomes_guide_id"), ["guide_id"], unique=False)

    op.create_table(
        "request_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_request_messages_author_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["help_requests.id"],
            name=op.f("fk_request_messages_request_id_help_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_messages")),
    )
    with op.batch_alter_table("request_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_messages_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "request_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'waiting', 'accepted', 'declined', 'lapsed', 'skipped', 'withdrawn')",
            name=op.f("ck_request_offers_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["people.id"],
            name=op.f("fk_request_offers_guide_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["help_requests.id"],
            name=op.f("fk_request_offers_request_id_help_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_offers")),
        sa.UniqueConstraint("request_id", "guide_id", name="uq_request_offers_once"),
    )
    with op.batch_alter_table("request_offers", schema=None) as batch_op:
        batch_op.create_index("ix_request_offers_guide_state", ["guide_id", "state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_request_offers_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "request_skills",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["help_requests.id"],
            name=op.f("fk_request_skills_request_id_help_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_request_skills_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "skill_id", name=op.f("pk_request_skills")),
    )
    with op.batch_alter_table("request_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_skills_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "help_outcome_skills",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["help_outcomes.request_id"],
            name=op.f("fk_help_outcome_skills_request_id_help_outcomes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_help_outcome_skills_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "skill_id", name=op.f("pk_help_outcome_skills")),
    )
    with op.batch_alter_table("help_outcome_skills", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_help_outcome_skills_skill_id"), ["skill_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("help_outcome_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_outcome_skills_skill_id"))

    op.drop_table("help_outcome_skills")
    with op.batch_alter_table("request_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_skills_skill_id"))

    op.drop_table("request_skills")
    with op.batch_alter_table("request_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_offers_request_id"))
        batch_op.drop_index("ix_request_offers_guide_state")

    op.drop_table("request_offers")
    with op.batch_alter_table("request_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_messages_request_id"))

    op.drop_table("request_messages")
    with op.batch_alter_table("help_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_outcomes_guide_id"))

    op.drop_table("help_outcomes")
    with op.batch_alter_table("help_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_requests_status"))
        batch_op.drop_index(batch_op.f("ix_help_requests_learner_id"))

    op.drop_table("help_requests")
