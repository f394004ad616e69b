"""programs, enrollments, match runs and published matches

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 00:52:43.299546
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("rules_version", sa.Integer(), nullable=False),
        sa.Column("enrollment_opens", sa.Date(), nullable=True),
        sa.Column("enrollment_closes", sa.Date(), nullable=True),
        sa.Column("invite_only", sa.Boolean(), nullable=False),
        sa.Column("self_select", sa.Boolean(), nullable=False),
        sa.Column("hours_per_month", sa.Float(), nullable=False),
        sa.Column("group_min_size", sa.Integer(), nullable=False),
        sa.Column("group_max_size", sa.Integer(), nullable=False),
        sa.Column("round_every_weeks", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('mentoring', 'coaching', 'peer_partners', 'onboarding_buddy', 'reverse_mentoring', 'peer_circles', 'post_event_groups', 'peer_intros')",
            name=op.f("ck_programs_kind_known"),
        ),
        sa.CheckConstraint(
            "group_min_size >= 2 AND group_max_size >= group_min_size",
            name=op.f("ck_programs_sizes"),
        ),
        sa.CheckConstraint(
            "round_every_weeks BETWEEN 1 AND 52", name=op.f("ck_programs_round_every_weeks_range")
        ),
        sa.CheckConstraint("hours_per_month >= 0", name=op.f("ck_programs_hours_not_negative")),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["people.id"],
            name=op.f("fk_programs_created_by_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
        sa.UniqueConstraint("name", name=op.f("uq_programs_name")),
    )
    op.create_table(
        "match_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("rules_version", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=24), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("published", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('draft', 'published')", name=op.f("ck_match_runs_state_known")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["people.id"],
            name=op.f("fk_match_runs_created_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_match_runs_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_runs")),
    )
    with op.batch_alter_table("match_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_runs_program_id"), ["program_id"], unique=False)

    op.create_table(
        "program_admins",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_program_admins_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_admins_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", "person_id", name=op.f("pk_program_admins")),
    )
    with op.batch_alter_table("program_admins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_admins_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "program_enrollments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=100), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "side IN ('learner', 'guide')", name=op.f("ck_program_enrollments_side_known")
        ),
        sa.CheckConstraint(
            "capacity >= 0", name=op.f("ck_program_enrollments_capacity_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_program_enrollments_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_enrollments_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_enrollments")),
        sa.UniqueConstraint("program_id", "person_id", "side", name="uq_program_enrollments_once"),
    )
    with op.batch_alter_table("program_enrollments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_enrollments_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_enrollments_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "program_invites",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_program_invites_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_invites_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", "person_id", name=op.f("pk_program_invites")),
    )
    with op.batch_alter_table("program_invites", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_invites_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "program_rules_versions",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_rules_versions_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by"],
            ["people.id"],
            name=op.f("fk_program_rules_versions_saved_by_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("program_id", "version", name=op.f("pk_program_rules_versions")),
    )
    op.create_table(
        "shortlist_exposures",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("shown", sa.Integer(), nullable=False),
        sa.Column("shown_first", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["people.id"],
            name=op.f("fk_shortlist_exposures_guide_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_shortlist_exposures_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", "guide_id", name=op.f("pk_shortlist_exposures")),
    )
    op.create_table(
        "enrollment_choices",
        sa.Column("enrollment_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("avoid", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["program_enrollments.id"],
            name=op.f("fk_enrollment_choices_enrollment_id_program_enrollments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_enrollment_choices_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enrollment_id", "person_id", name=op.f("pk_enrollment_choices")),
    )
    op.create_table(
        "enrollment_goals",
        sa.Column("enrollment_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["program_enrollments.id"],
            name=op.f("fk_enrollment_goals_enrollment_id_program_enrollments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_enrollment_goals_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enrollment_id", "skill_id", name=op.f("pk_enrollment_goals")),
    )
    op.create_table(
        "match_run_group_members",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_match_run_group_members_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["match_runs.id"],
            name=op.f("fk_match_run_group_members_run_id_match_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "person_id", name=op.f("pk_match_run_group_members")),
    )
    op.create_table(
        "match_run_pairs",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["people.id"],
            name=op.f("fk_match_run_pairs_guide_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["people.id"],
            name=op.f("fk_match_run_pairs_learner_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["match_runs.id"],
            name=op.f("fk_match_run_pairs_run_id_match_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "learner_id", name=op.f("pk_match_run_pairs")),
    )
    op.create_table(
        "match_run_unmatched",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["people.id"],
            name=op.f("fk_match_run_unmatched_learner_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["match_runs.id"],
            name=op.f("fk_match_run_unmatched_run_id_match_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "learner_id", name=op.f("pk_match_run_unmatched")),
    )
    op.create_table(
        "program_group_members",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("answer", sa.String(length=8), nullable=False),
        sa.Column("formed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "answer IN ('', 'met', 'missed')", name=op.f("ck_program_group_members_answer_known")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_program_group_members_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_group_members_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["match_runs.id"],
            name=op.f("fk_program_group_members_run_id_match_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "program_id", "run_id", "person_id", name=op.f("pk_program_group_members")
        ),
    )
    with op.batch_alter_table("program_group_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_group_members_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "program_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("learner_accepted", sa.Boolean(), nullable=False),
        sa.Column("guide_accepted", sa.Boolean(), nullable=False),
        sa.Column("declined_by", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('proposed', 'active', 'declined', 'ended')",
            name=op.f("ck_program_matches_state_known"),
        ),
        sa.CheckConstraint("learner_id <> guide_id", name=op.f("ck_program_matches_not_self")),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["capacity_commitments.id"],
            name=op.f("fk_program_matches_commitment_id_capacity_commitments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["declined_by"],
            ["people.id"],
            name=op.f("fk_program_matches_declined_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["people.id"],
            name=op.f("fk_program_matches_guide_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["people.id"],
            name=op.f("fk_program_matches_learner_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_matches_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["program_matches.id"],
            name=op.f("fk_program_matches_replaces_id_program_matches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["match_runs.id"],
            name=op.f("fk_program_matches_run_id_match_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_matches")),
    )
    with op.batch_alter_table("program_matches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_matches_guide_id"), ["guide_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_program_matches_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_matches_program_id"), ["program_id"], unique=False
        )
        batch_op.create_index(
            "ix_program_matches_program_state", ["program_id", "state"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("program_matches", schema=None) as batch_op:
        batch_op.drop_index("ix_program_matches_program_state")
        batch_op.drop_index(batch_op.f("ix_program_matches_program_id"))
        batch_op.drop_index(batch_op.f("ix_program_matches_learner_id"))
        batch_op.drop_index(batch_op.f("ix_program_matches_guide_id"))

    op.drop_table("program_matches")
    with op.batch_alter_table("program_group_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_group_members_person_id"))

    op.drop_table("program_group_members")
    op.drop_table("match_run_unmatched")
    op.drop_table("match_run_pairs")
    op.drop_table("match_run_group_members")
    op.drop_table("enrollment_goals")
    op.drop_table("enrollment_choices")
    op.drop_table("shortlist_exposures")
    op.drop_table("program_rules_versions")
    with op.batch_alter_table("program_invites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_invites_person_id"))

    op.drop_table("program_invites")
    with op.batch_alter_table("program_enrollments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_enrollments_program_id"))
        batch_op.drop_index(batch_op.f("ix_program_enrollments_person_id"))

    op.drop_table("program_enrollments")
    with op.batch_alter_table("program_admins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_admins_person_id"))

    op.drop_table("program_admins")
    with op.batch_alter_table("match_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_runs_program_id"))

    op.drop_table("match_runs")
    op.drop_table("programs")
