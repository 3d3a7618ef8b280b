"""A note on each word, and the paragraph last read in each document.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("words") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    op.create_table(
        "reading_positions",
        sa.Column("profile_id", sa.String(64), nullable=False),
        sa.Column("doc", sa.String(200), nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], name="fk_reading_positions_profile_id_profiles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("profile_id", "doc", name="pk_reading_positions"),
    )


def downgrade() -> None:
    op.drop_table("reading_positions")
    with op.batch_alter_table("words") as batch:
        batch.drop_column("note")

