"""The database schema, after Lute's terms and Anki's split of notes (content) from cards (scheduling).

- ``profiles``: whose data. A browser's random id, or a signed-in user (``subject``).
- ``words``: a *note* in Anki's sense, keyed by (profile, lemma, pos) so 썩었다 and 썩은 are one
  word; its status (Lute/LingQ: new, learning, known, ignored), a meaning override and a note.
- ``word_sentences``: every sentence a word was saved from (document, segment, both languages).
- ``cards``: the scheduling half, one per word; the FSRS state as ``fsrs.Card.to_dict()`` JSON,
  with ``due`` copied into a column so "what is due" is one indexed query.
- ``review_logs``: every rating given, for an optimizer later and for the record.
- ``reading_positions``: the paragraph last read in each document.

The migrations in ``dari/learner/migrations/versions`` build exactly this (a test compares them).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from dari.learner.config import WordStatus  # noqa: F401  (defined without SQLAlchemy; re-exported)

# Stable constraint names, so migrations on SQLite and PostgreSQL name things alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out, on both backends: SQLite keeps no
    time zone, so values are stored as naive UTC and given their zone back when read."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware (UTC) datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Profile(Base):
    __tablename__ = "profiles"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    subject: Mapped[str | None] = mapped_column(String(255), unique=True)  # st.user's OIDC subject


class Word(Base):
    __tablename__ = "words"
    __table_args__ = (UniqueConstraint("profile_id", "lemma", "pos", name="uq_words_profile_lemma_pos"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[str] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    lemma: Mapped[str] = mapped_column(String(200))
    pos: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default=WordStatus.NEW.value)
    meaning: Mapped[str | None] = mapped_column(Text)  # the reader's own gloss; None: the lexicon's
    note: Mapped[str | None] = mapped_column(Text)  # added in revision 0002
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)


class WordSentence(Base):
    __tablename__ = "word_sentences"
    __table_args__ = (
        UniqueConstraint("word_id", "doc", "segment", "surface", name="uq_word_sentences_word_place"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    word_id: Mapped[int] = mapped_column(ForeignKey("words.id", ondelete="CASCADE"), index=True)
    doc: Mapped[str] = mapped_column(String(200))
    segment: Mapped[str] = mapped_column(String(40))  # "3.2", or "title"
    block: Mapped[int] = mapped_column(Integer, default=0)  # for the link back (?p=block)
    korean: Mapped[str] = mapped_column(Text)
    english: Mapped[str] = mapped_column(Text, default="")
    surface: Mapped[str] = mapped_column(String(200))  # the form as it stood in the sentence
    romanization: Mapped[str] = mapped_column(String(400), default="")  # of the surface form
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)


class ReviewCard(Base):
    __tablename__ = "cards"
    __table_args__ = (Index("ix_cards_profile_due", "profile_id", "due"),)

    word_id: Mapped[int] = mapped_column(ForeignKey("words.id", ondelete="CASCADE"), primary_key=True)
    profile_id: Mapped[str] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    due: Mapped[datetime] = mapped_column(UTCDateTime())
    fsrs: Mapped[str] = mapped_column(Text)  # json.dumps(fsrs.Card.to_dict())


class ReviewLog(Base):
    __tablename__ = "review_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    word_id: Mapped[int] = mapped_column(ForeignKey("words.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)  # fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy
    reviewed: Mapped[datetime] = mapped_column(UTCDateTime())
    log: Mapped[str] = mapped_column(Text)  # json.dumps(fsrs.ReviewLog.to_dict())


class ReadingPosition(Base):
    """Added in revision 0002."""

    __tablename__ = "reading_positions"

    profile_id: Mapped[str] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    doc: Mapped[str] = mapped_column(String(200), primary_key=True)
    block: Mapped[int] = mapped_column(Integer)
    updated: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)


metadata = Base.metadata
