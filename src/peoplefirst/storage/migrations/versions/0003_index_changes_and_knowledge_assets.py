"""the expert index follows changes; knowledge assets are evidence

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 11:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "'project_summary', 'answer', 'talk', 'document', 'post'"
NEW_KINDS = OLD_KINDS + ", 'interview_notes', 'recorded_demo', 'teach_back'"


def upgrade() -> None:
    op.create_table(
        "index_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "subject IN ('person', 'evidence', 'everything')",
            name=op.f("ck_index_changes_subject_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_changes")),
        sqlite_autoincrement=True,
    )
    _evidence_kinds(NEW_KINDS)


def downgrade() -> None:
    # Knowledge assets become plain documents rather than being lost.
    op.execute(
        "UPDATE evidence_items SET kind = 'document' "
        "WHERE kind IN ('interview_notes', 'recorded_demo', 'teach_back')"
    )
    _evidence_kinds(OLD_KINDS)
    op.drop_table("index_changes")


def _evidence_kinds(kinds: str) -> None:
    with op.batch_alter_table("evidence_items", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_evidence_items_kind_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_evidence_items_kind_known"), f"kind IN ({kinds})")
