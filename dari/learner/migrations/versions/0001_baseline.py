"""Baseline: profiles, words, the sentences they were saved from, review cards and logs.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("subject", sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_profiles"),
        sa.UniqueConstraint("subject", name="uq_profiles_subject"),
    )
    op.create_table(
        "words",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.String(64), nullable=False),
        sa.Column("lemma", sa.String(200), nullable=False),
        sa.Column("pos", sa.String(80), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("meaning", sa.Text(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], name="fk_words_profile_id_profiles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_words"),
        sa.UniqueConstraint("profile_id", "lemma", "pos", name="uq_words_profile_lemma_pos"),
    )
    op.create_table(
        "word_sentences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word_id", sa.Integer(), nullable=False),
        sa.Column("doc", sa.String(200), nullable=False),
        sa.Column("segment", sa.String(40), nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("korean", sa.Text(), nullable=False),
        sa.Column("english", sa.Text(), nullable=False),
        sa.Column("surface", sa.String(200), nullable=False),
        sa.Column("romanization", sa.String(400), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["word_id"], ["words.id"], name="fk_word_sentences_word_id_words",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_word_sentences"),
        sa.UniqueConstraint("word_id", "doc", "segment", "surface", name="uq_word_sentences_word_place"),
    )
    op.create_index("ix_word_sentences_word_id", "word_sentences", ["word_id"])
    op.create_table(
        "cards",
        sa.Column("word_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.String(64), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("fsrs", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["word_id"], ["words.id"], name="fk_cards_word_id_words", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], name="fk_cards_profile_id_profiles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("word_id", name="pk_cards"),
    )
    op.create_index("ix_cards_profile_due", "cards", ["profile_id", "due"])
    op.create_table(
        "review_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("reviewed", sa.DateTime(), nullable=False),
        sa.Column("log", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["word_id"], ["words.id"], name="fk_review_logs_word_id_words",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_review_logs"),
    )
    op.create_index("ix_review_logs_word_id", "review_logs", ["word_id"])


def downgrade() -> None:
    for table in ("review_logs", "cards", "word_sentences", "words", "profiles"):
        op.drop_table(table)
