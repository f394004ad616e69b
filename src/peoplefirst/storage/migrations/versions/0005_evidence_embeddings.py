"""sentence embeddings of evidence texts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 11:20:27.454795
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "evidence_embeddings",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_embeddings_evidence_id_evidence_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("evidence_id", "model", name=op.f("pk_evidence_embeddings")),
    )


def downgrade() -> None:

    op.drop_table("evidence_embeddings")
