"""initial schema: people, departments, skills, goals, guides, capacity, evidence, endorsements

Revision ID: 0001
Revises:
Create Date: 2026-11-24 08:55:53.121358
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["departments.id"],
            name=op.f("fk_departments_parent_id_departments"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("parent_id", "name", name="uq_departments_parent_name"),
    )
    with op.batch_alter_table("departments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_departments_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "evidence_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=True),
        sa.Column("link", sa.String(length=2000), nullable=False),
        sa.CheckConstraint(
            "kind IN ('project_summary', 'answer', 'talk', 'document', 'post')",
            name=op.f("ck_evidence_items_kind_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_items")),
    )
    op.create_table(
        "skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["skills.id"],
            name=op.f("fk_skills_parent_id_skills"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
        sa.UniqueConstraint("key", name=op.f("uq_skills_key")),
    )
    with op.batch_alter_table("skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skills_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_skills_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "evidence_skills",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_skills_evidence_id_evidence_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_evidence_skills_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("evidence_id", "skill_id", name=op.f("pk_evidence_skills")),
    )
    with op.batch_alter_table("evidence_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_skills_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("job_family", sa.String(length=100), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 8", name=op.f("ck_people_level_range")),
        sa.CheckConstraint(
            "manager_id IS NULL OR manager_id <> id", name=op.f("ck_people_not_own_manager")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_people_department_id_departments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["people.id"],
            name=op.f("fk_people_manager_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("email", name=op.f("uq_people_email")),
        sa.UniqueConstraint("employee_id", name=op.f("uq_people_employee_id")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_people_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_people_job_family"), ["job_family"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_manager_id"), ["manager_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_name"), ["name"], unique=False)

    op.create_table(
        "skill_aliases",
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_skill_aliases_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("skill_id", "alias", name=op.f("pk_skill_aliases")),
    )
    with op.batch_alter_table("skill_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skill_aliases_alias"), ["alias"], unique=False)

    op.create_table(
        "capacity_budgets",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("hours_per_month", sa.Float(), nullable=False),
        sa.Column("people_at_once", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "hours_per_month >= 0", name=op.f("ck_capacity_budgets_hours_not_negative")
        ),
        sa.CheckConstraint(
            "people_at_once >= 0", name=op.f("ck_capacity_budgets_people_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_capacity_budgets_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_capacity_budgets")),
    )
    op.create_table(
        "capacity_commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("hours_per_month", sa.Float(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "channel IN ('mentoring', 'coaching', 'routed_question', 'peer_intro', 'program')",
            name=op.f("ck_capacity_commitments_channel_known"),
        ),
        sa.CheckConstraint(
            "hours_per_month >= 0", name=op.f("ck_capacity_commitments_hours_not_negative")
        ),
        sa.CheckConstraint("people >= 0", name=op.f("ck_capacity_commitments_people_not_negative")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_capacity_commitments_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capacity_commitments")),
    )
    with op.batch_alter_table("capacity_commitments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_capacity_commitments_open", ["person_id", "released_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_capacity_commitments_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "endorsements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endorser_id", sa.Integer(), nullable=False),
        sa.Column("endorsee_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("endorser_id <> endorsee_id", name=op.f("ck_endorsements_not_self")),
        sa.ForeignKeyConstraint(
            ["endorsee_id"],
            ["people.id"],
            name=op.f("fk_endorsements_endorsee_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["endorser_id"],
            ["people.id"],
            name=op.f("fk_endorsements_endorser_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_endorsements_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_endorsements")),
        sa.UniqueConstraint("endorser_id", "endorsee_id", "skill_id", name="uq_endorsements_once"),
    )
    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_endorsements_endorsee_id"), ["endorsee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_endorsements_endorser_id"), ["endorser_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_endorsements_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "evidence_credits",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_credits_evidence_id_evidence_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_evidence_credits_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("evidence_id", "person_id", name=op.f("pk_evidence_credits")),
    )
    with op.batch_alter_table("evidence_credits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_credits_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "guide_offers",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("max_people", sa.Integer(), nullable=False),
        sa.Column("hours_per_month", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "role IN ('sme', 'mentor', 'coach', 'peer_partner', 'role_model')",
            name=op.f("ck_guide_offers_role_known"),
        ),
        sa.CheckConstraint("hours_per_month >= 0", name=op.f("ck_guide_offers_hours_not_negative")),
        sa.CheckConstraint("max_people >= 0", name=op.f("ck_guide_offers_max_people_not_negative")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_guide_offers_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "role", name=op.f("pk_guide_offers")),
    )
    with op.batch_alter_table("guide_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guide_offers_role"), ["role"], unique=False)

    op.create_table(
        "learning_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("target_level", sa.Integer(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "skill_id IS NOT NULL OR text <> ''", name=op.f("ck_learning_goals_skill_or_text")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'achieved', 'dropped')", name=op.f("ck_learning_goals_status_known")
        ),
        sa.CheckConstraint(
            "target_level BETWEEN 1 AND 5", name=op.f("ck_learning_goals_target_level_range")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_learning_goals_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_learning_goals_skill_id_skills"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_goals")),
    )
    with op.batch_alter_table("learning_goals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_goals_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_learning_goals_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "person_languages",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_languages_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "language", name=op.f("pk_person_languages")),
    )
    with op.batch_alter_table("person_languages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_languages_language"), ["language"], unique=False
        )

    op.create_table(
        "person_skill_tags",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=32), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "tag IN ('ask_me_about', 'able_to_mentor', 'wants_to_learn', 'wants_to_improve')",
            name=op.f("ck_person_skill_tags_tag_known"),
        ),
        sa.CheckConstraint(
            "visibility IN ('everyone', 'department', 'manager', 'only_me')",
            name=op.f("ck_person_skill_tags_visibility_known"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_skill_tags_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_person_skill_tags_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "skill_id", "tag", name=op.f("pk_person_skill_tags")),
    )
    with op.batch_alter_table("person_skill_tags", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_skill_tags_skill_id"), ["skill_id"], unique=False
        )

    op.create_table(
        "person_skills",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "source IN ('self', 'endorsed', 'inferred', 'vetted')",
            name=op.f("ck_person_skills_source_known"),
        ),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_person_skills_level_range")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_skills_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_person_skills_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "skill_id", name=op.f("pk_person_skills")),
    )
    with op.batch_alter_table("person_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_skills_skill_id"), ["skill_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("person_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_skills_skill_id"))

    op.drop_table("person_skills")
    with op.batch_alter_table("person_skill_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_skill_tags_skill_id"))

    op.drop_table("person_skill_tags")
    with op.batch_alter_table("person_languages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_languages_language"))

    op.drop_table("person_languages")
    with op.batch_alter_table("learning_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_goals_skill_id"))
        batch_op.drop_index(batch_op.f("ix_learning_goals_person_id"))

    op.drop_table("learning_goals")
    with op.batch_alter_table("guide_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guide_offers_role"))

    op.drop_table("guide_offers")
    with op.batch_alter_table("evidence_credits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_credits_person_id"))

    op.drop_table("evidence_credits")
    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_endorsements_skill_id"))
        batch_op.drop_index(batch_op.f("ix_endorsements_endorser_id"))
        batch_op.drop_index(batch_op.f("ix_endorsements_endorsee_id"))

    op.drop_table("endorsements")
    with op.batch_alter_table("capacity_commitments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capacity_commitments_person_id"))
        batch_op.drop_index("ix_capacity_commitments_open")

    op.drop_table("capacity_commitments")
    op.drop_table("capacity_budgets")
    with op.batch_alter_table("skill_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skill_aliases_alias"))

    op.drop_table("skill_aliases")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_name"))
        batch_op.drop_index(batch_op.f("ix_people_manager_id"))
        batch_op.drop_index(batch_op.f("ix_people_job_family"))
        batch_op.drop_index(batch_op.f("ix_people_department_id"))

    op.drop_table("people")
    with op.batch_alter_table("evidence_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_skills_skill_id"))

    op.drop_table("evidence_skills")
    with op.batch_alter_table("skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skills_parent_id"))
        batch_op.drop_index(batch_op.f("ix_skills_name"))

    op.drop_table("skills")
    op.drop_table("evidence_items")
    with op.batch_alter_table("departments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_departments_parent_id"))

    op.drop_table("departments")
