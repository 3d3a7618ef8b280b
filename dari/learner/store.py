"""The learner's store: a small API over the database in dari.learner.schema.

Every function takes a SQLAlchemy ``Engine`` and a profile id and touches only that
profile's rows, so readers never see each other's words. Each call is one short
transaction. Anything the database refuses (unreachable, locked past the busy timeout,
corrupt, a schema newer than this code) is raised as :class:`StoreError` with a sentence
a reader can be shown; the caller then stops saving, and nothing already saved is touched.

SQLite is the default (a file in the data directory, WAL mode, a busy timeout);
PostgreSQL when a URL is configured. :func:`prepare` sets up a connection pool for the
backend and upgrades the schema (Alembic, ``upgrade head``), so an upgrade never loses data.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import fsrs
from sqlalchemy import Engine, create_engine, delete, event, func, or_, select, text, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from dari.learner.config import (  # noqa: F401  (re-exported: callers say store.X)
    BUSY_TIMEOUT_MS,
    FILE_NAME,
    HEAD_REVISION,
    PROFILE_ID,
    StoreError,
    WordStatus,
    default_sqlite_path,
    engine_options,
    sqlite_url,
    subject_profile_id,
    valid_profile_id,
)
from dari.learner.schema import (
    Profile,
    ReadingPosition,
    ReviewCard,
    ReviewLog,
    Word,
    WordSentence,
    now,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
EXPORT_FORMAT = "dari-profile"
EXPORT_VERSION = 1
RATINGS = {"again": fsrs.Rating.Again, "hard": fsrs.Rating.Hard, "good": fsrs.Rating.Good, "easy": fsrs.Rating.Easy}
# Anki's "learn ahead" limit: a card due within this window is shown now, so a word
# answered Again (due in a minute) comes back in the same sitting instead of never.
LEARN_AHEAD = timedelta(minutes=20)

Key = tuple[str, str]  # (lemma, pos): what makes two forms one word


@dataclass(frozen=True)
class Sentence:
    """Where a word was saved from: enough to show it again and to link back to it."""

    doc: str
    segment: str
    korean: str
    english: str = ""
    surface: str = ""
    block: int = 0
    romanization: str = ""


@dataclass(frozen=True)
class SavedWord:
    lemma: str
    pos: str
    status: WordStatus
    meaning: str | None = None
    note: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    sentences: tuple[Sentence, ...] = ()
    due: datetime | None = None

    @property
    def key(self) -> Key:
        return (self.lemma, self.pos)

    @property
    def surface(self) -> str:
        """The form the word was first saved in (the dictionary form if none)."""
        return self.sentences[0].surface if self.sentences else self.lemma


@dataclass(frozen=True)
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: tuple[str, ...] = field(default_factory=tuple)


# ---- connecting --------------------------------------------------------------------------


def connect(url: str, busy_timeout_ms: int | None = None) -> Engine:
    """An Engine for ``url``, prepared (pragmas, schema upgraded). For tests, scripts and the CLI;
    the UI gets its Engine from ``st.connection`` and calls :func:`prepare` itself."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **engine_options(url, busy_timeout_ms))
    prepare(engine)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """On every new SQLite connection. The busy timeout is the sqlite3 module's ``timeout``
    (engine_options), which is SQLite's busy_timeout; WAL is a property of the file."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def prepare(engine: Engine) -> None:
    """Make ``engine`` ready: SQLite pragmas on every pooled connection, WAL mode, and the
    schema upgraded to the newest revision. Raises StoreError and writes nothing when the
    database is unreachable, locked, corrupt or newer than this code."""
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _sqlite_pragmas):
        event.listen(engine, "connect", _sqlite_pragmas)
        engine.dispose()  # connections made before the listener lack the pragmas
    with _errors():
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                # Reading the header first: a corrupt file fails here, before anything writes.
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
                mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
                if str(mode).lower() != "wal" and engine.url.database not in (None, "", ":memory:"):
                    conn.exec_driver_sql("PRAGMA journal_mode = WAL")
        migrate(engine)


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with _errors(), engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _at_head(engine: Engine) -> bool:
    """Whether the database records HEAD_REVISION, asked without Alembic (~11 MB, ~0.1 s
    to import): the common case at every start. Anything else goes through Alembic."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except sa_exc.DBAPIError:
        return False  # no table yet (a new database), or an error Alembic will report properly
    return [r[0] for r in rows] == [HEAD_REVISION]


def migrate(engine: Engine, revision: str = "head") -> None:
    """Alembic ``upgrade <revision>`` in one transaction. On PostgreSQL an advisory lock
    makes replicas starting together take turns; the second finds the schema current."""
    if revision == "head" and _at_head(engine):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    with _errors():
        current = current_revision(engine)
        if current is not None and current not in {r.revision for r in script.walk_revisions()}:
            raise StoreError(f"the database has schema revision {current}, newer than this version of Dari "
                             "knows; saving is off so nothing is overwritten")
        if revision == "head" and current == script.get_current_head():
            return
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(726310)"))
            config.attributes["connection"] = conn
            command.upgrade(config, revision)


@contextmanager
def _errors() -> Iterator[None]:
    """Database failures as StoreError with a reason a reader understands."""
    try:
        yield
    except StoreError:
        raise
    except sa_exc.DBAPIError as e:
        raise StoreError(_reason(e)) from e
    except sa_exc.SQLAlchemyError as e:
        raise StoreError(f"the database failed: {e.__class__.__name__}") from e


def _reason(e: sa_exc.DBAPIError) -> str:
    detail = str(getattr(e, "orig", e) or e).strip().splitlines()[0] if str(getattr(e, "orig", e)).strip() else ""
    low = detail.lower()
    if "locked" in low or "busy" in low:
        return f"the database is locked by another program ({detail})"
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return f"the database file is damaged ({detail})"
    if isinstance(e, sa_exc.OperationalError | sa_exc.InterfaceError):
        return f"the database cannot be reached ({detail})"
    return f"the database refused the change ({detail})"


# SQLite lets one writer in at a time and makes the others poll (busy_timeout) with
# growing sleeps: 20 sessions of one server starved each other past the timeout. Writers
# of one process queue on a lock per database file instead, in order; other processes
# still meet SQLite's own lock and busy timeout.
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()
WRITE_QUEUE_SECONDS = 30.0


def _write_lock(engine: Engine) -> threading.Lock | None:
    if engine.dialect.name != "sqlite":
        return None
    key = str(engine.url)
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.Lock())


@contextmanager
def _session(engine: Engine, write: bool = True) -> Iterator[Session]:
    lock = _write_lock(engine) if write else None
    if lock is not None and not lock.acquire(timeout=WRITE_QUEUE_SECONDS):
        raise StoreError(f"the database is locked: other saves have queued for over {WRITE_QUEUE_SECONDS:.0f} s")
    try:
        with _errors(), Session(engine, expire_on_commit=False) as s, s.begin():
            yield s
    finally:
        if lock is not None:
            lock.release()


def _insert(engine_or_session):
    """The dialect's INSERT, for ON CONFLICT DO NOTHING (both SQLite and PostgreSQL have it)."""
    name = engine_or_session.bind.dialect.name if isinstance(engine_or_session, Session) else engine_or_session.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


# ---- profiles ---------------------------------------------------------------------------


def ensure_profile(engine: Engine, profile: str, subject: str | None = None) -> str:
    """Create the profile if it is new; returns its id. A browser's id must be 16-64
    characters of ``[A-Za-z0-9_-]``; a signed-in user's comes from subject_profile_id."""
    if not valid_profile_id(profile):
        raise ValueError(f"not a profile id: {profile!r}")
    with _session(engine) as s:
        insert = _insert(s)
        s.execute(insert(Profile).values(id=profile, created=now(), subject=subject)
                  .on_conflict_do_nothing(index_elements=["id"]))
    return profile


def _word_row(s: Session, profile: str, lemma: str, pos: str) -> Word | None:
    return s.scalars(select(Word).where(Word.profile_id == profile, Word.lemma == lemma, Word.pos == pos)).first()


# ---- words ------------------------------------------------------------------------------


def _new_card(word_id: int, profile: str, when: datetime) -> dict:
    card = fsrs.Card(due=when)
    return {"word_id": word_id, "profile_id": profile, "due": when, "fsrs": json.dumps(card.to_dict())}


def save_word(
    engine: Engine,
    profile: str,
    lemma: str,
    pos: str,
    *,
    status: WordStatus | str | None = None,
    sentence: Sentence | None = None,
    meaning: str | None = None,
    when: datetime | None = None,
) -> SavedWord:
    """Save a word (or find it saved), add the sentence it was saved from, and set its
    status if given (a new word starts as New). Safe against two sessions saving the same
    word at once: the insert is ON CONFLICT DO NOTHING on (profile, lemma, pos)."""
    lemma, pos = _clean(lemma, "lemma"), _clean(pos, "pos", allow_empty=True)
    status = WordStatus(status) if status is not None else None
    when = when or now()
    with _session(engine) as s:
        insert = _insert(s)
        s.execute(insert(Profile).values(id=profile, created=when).on_conflict_do_nothing(index_elements=["id"]))
        s.execute(insert(Word).values(profile_id=profile, lemma=lemma, pos=pos,
                                      status=(status or WordStatus.NEW).value, meaning=meaning,
                                      created=when, updated=when)
                  .on_conflict_do_nothing(index_elements=["profile_id", "lemma", "pos"]))
        word = _word_row(s, profile, lemma, pos)
        changes: dict[str, Any] = {}
        if status is not None and word.status != status.value:
            changes["status"] = status.value
        if meaning is not None and word.meaning != meaning:
            changes["meaning"] = meaning
        if changes:
            s.execute(update(Word).where(Word.id == word.id).values(**changes, updated=when))
        s.execute(insert(ReviewCard).values(**_new_card(word.id, profile, when))
                  .on_conflict_do_nothing(index_elements=["word_id"]))
        if sentence is not None:
            s.execute(insert(WordSentence).values(
                word_id=word.id, doc=sentence.doc, segment=sentence.segment, block=sentence.block,
                korean=sentence.korean, english=sentence.english, surface=sentence.surface or lemma,
                romanization=sentence.romanization, created=when,
            ).on_conflict_do_nothing(index_elements=["word_id", "doc", "segment", "surface"]))
        return _load_words(s, profile, [word.id])[0]


def _clean(value: object, name: str, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {type(value).__name__}")
    import unicodedata

    value = unicodedata.normalize("NFC", value).strip()
    if not value and not allow_empty:
        raise ValueError(f"{name} is empty")
    return value


def set_status(engine: Engine, profile: str, lemma: str, pos: str, status: WordStatus | str) -> bool:
    """Change a saved word's status; False when the word is not saved."""
    status = WordStatus(status)
    with _session(engine) as s:
        done = s.execute(update(Word).where(Word.profile_id == profile, Word.lemma == lemma, Word.pos == pos)
                         .values(status=status.value, updated=now()))
        return done.rowcount > 0


def edit_word(engine: Engine, profile: str, lemma: str, pos: str, *, meaning: str | None = None,
              note: str | None = None) -> bool:
    """Set a word's own meaning and/or note ("" clears it back to none). False when not saved."""
    values: dict[str, Any] = {}
    if meaning is not None:
        values["meaning"] = meaning.strip() or None
    if note is not None:
        values["note"] = note.strip() or None
    if not values:
        return False
    with _session(engine) as s:
        done = s.execute(update(Word).where(Word.profile_id == profile, Word.lemma == lemma, Word.pos == pos)
                         .values(**values, updated=now()))
        return done.rowcount > 0


def delete_word(engine: Engine, profile: str, lemma: str, pos: str) -> bool:
    """Forget a word with its sentences, card and review history."""
    with _session(engine) as s:
        word = _word_row(s, profile, lemma, pos)
        if word is None:
            return False
        # Explicit, not only ON DELETE CASCADE: SQLite enforces it only with foreign_keys on.
        for table in (WordSentence, ReviewLog, ReviewCard):
            s.execute(delete(table).where(table.word_id == word.id))
        s.execute(delete(Word).where(Word.id == word.id))
        return True


def mark_known(engine: Engine, profile: str, keys: Iterable[Key]) -> int:
    """"Mark the rest as known": every word in ``keys`` not saved yet is saved as Known.
    Words already saved keep their status. Returns how many were added."""
    wanted = {(_clean(lemma, "lemma"), pos) for lemma, pos in keys}
    if not wanted:
        return 0
    when = now()
    with _session(engine) as s:
        insert = _insert(s)
        s.execute(insert(Profile).values(id=profile, created=when).on_conflict_do_nothing(index_elements=["id"]))
        before = _count(s, profile)
        rows = [{"profile_id": profile, "lemma": lemma, "pos": pos, "status": WordStatus.KNOWN.value,
                 "created": when, "updated": when} for lemma, pos in sorted(wanted)]
        for start in range(0, len(rows), 500):
            s.execute(insert(Word).values(rows[start:start + 500])
                      .on_conflict_do_nothing(index_elements=["profile_id", "lemma", "pos"]))
        return _count(s, profile) - before


def _count(s: Session, profile: str) -> int:
    return s.scalar(select(func.count()).select_from(Word).where(Word.profile_id == profile))


_STATUSES_SQL = {
    # One bound parameter for the whole page, not one per lemma: a 450-lemma IN list cost
    # ~10 ms a rerun in SQLAlchemy's statement compilation alone.
    "sqlite": text("SELECT lemma, pos, status FROM words WHERE profile_id = :profile "
                   "AND lemma IN (SELECT value FROM json_each(:lemmas))"),
    "postgresql": text("SELECT lemma, pos, status FROM words WHERE profile_id = :profile "
                       "AND lemma = ANY(CAST(:lemmas AS text[]))"),
}


def statuses(engine: Engine, profile: str, keys: Iterable[Key]) -> dict[Key, WordStatus]:
    """The status of each saved word among ``keys`` (unsaved words are absent): one query
    on the (profile, lemma, pos) index, so its cost follows the page, not the word count."""
    wanted = set(keys)
    if not wanted:
        return {}
    lemmas = sorted({lemma for lemma, _ in wanted})
    sql = _STATUSES_SQL.get(engine.dialect.name)
    found: dict[Key, WordStatus] = {}
    with _errors(), engine.connect() as conn:
        if sql is None:
            rows = conn.execute(select(Word.lemma, Word.pos, Word.status)
                                .where(Word.profile_id == profile, Word.lemma.in_(lemmas)))
        else:
            rows = conn.execute(sql, {"profile": profile,
                                      "lemmas": json.dumps(lemmas) if engine.dialect.name == "sqlite" else lemmas})
        for lemma, pos, status in rows:
            if (lemma, pos) in wanted:
                found[(lemma, pos)] = WordStatus(status)
    return found


def known_share(engine: Engine, profile: str, doc_lemmas: Collection[Key]) -> float | None:
    """The share of a document's distinct words the reader knows: Known over all words
    not Ignored (LingQ and Lute leave ignored words out of the count). None for no words."""
    found = statuses(engine, profile, doc_lemmas)
    counted = len(set(doc_lemmas)) - sum(1 for s in found.values() if s is WordStatus.IGNORED)
    if counted <= 0:
        return None
    return sum(1 for s in found.values() if s is WordStatus.KNOWN) / counted


def count_words(engine: Engine, profile: str) -> int:
    with _session(engine, write=False) as s:
        return _count(s, profile)


def words(engine: Engine, profile: str, search: str | None = None, status: WordStatus | str | None = None,
          doc: str | None = None, limit: int | None = None) -> list[SavedWord]:
    """A profile's saved words, newest change first, with the sentences they came from.
    ``search`` matches the dictionary form, a saved form, the meaning or the note."""
    with _session(engine, write=False) as s:
        q = select(Word.id).where(Word.profile_id == profile)
        if status:
            q = q.where(Word.status == WordStatus(status).value)
        if doc:
            q = q.where(Word.id.in_(select(WordSentence.word_id).where(WordSentence.doc == doc)))
        if search and search.strip():
            term = search.strip()
            q = q.where(or_(
                Word.lemma.icontains(term, autoescape=True),
                Word.meaning.icontains(term, autoescape=True),
                Word.note.icontains(term, autoescape=True),
                Word.id.in_(select(WordSentence.word_id).where(WordSentence.surface.icontains(term, autoescape=True))),
            ))
        q = q.order_by(Word.updated.desc(), Word.id.desc())
        if limit:
            q = q.limit(limit)
        return _load_words(s, profile, list(s.scalars(q)))


def word(engine: Engine, profile: str, lemma: str, pos: str) -> SavedWord | None:
    with _session(engine, write=False) as s:
        row = _word_row(s, profile, lemma, pos)
        return _load_words(s, profile, [row.id])[0] if row else None


def _load_words(s: Session, profile: str, ids: list[int]) -> list[SavedWord]:
    if not ids:
        return []
    rows, sentences, dues = {}, {}, {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for w in s.scalars(select(Word).where(Word.profile_id == profile, Word.id.in_(chunk))):
            rows[w.id] = w
        for ws in s.scalars(select(WordSentence).where(WordSentence.word_id.in_(chunk))
                            .order_by(WordSentence.created, WordSentence.id)):
            sentences.setdefault(ws.word_id, []).append(Sentence(
                doc=ws.doc, segment=ws.segment, korean=ws.korean, english=ws.english, surface=ws.surface,
                block=ws.block, romanization=ws.romanization))
        for word_id, due_at in s.execute(select(ReviewCard.word_id, ReviewCard.due).where(ReviewCard.word_id.in_(chunk))):
            dues[word_id] = due_at
    return [SavedWord(lemma=w.lemma, pos=w.pos, status=WordStatus(w.status), meaning=w.meaning, note=w.note,
                      created=w.created, updated=w.updated, sentences=tuple(sentences.get(i, ())), due=dues.get(i))
            for i in ids if (w := rows.get(i)) is not None]


# ---- reading positions ------------------------------------------------------------------


def set_position(engine: Engine, profile: str, doc: str, block: int) -> None:
    """Remember the paragraph last read in a document (an upsert)."""
    if not isinstance(block, int) or block < 0:
        raise ValueError(f"not a paragraph number: {block!r}")
    when = now()
    with _session(engine) as s:
        insert = _insert(s)
        s.execute(insert(Profile).values(id=profile, created=when).on_conflict_do_nothing(index_elements=["id"]))
        stmt = insert(ReadingPosition).values(profile_id=profile, doc=doc, block=block, updated=when)
        s.execute(stmt.on_conflict_do_update(index_elements=["profile_id", "doc"],
                                             set_={"block": block, "updated": when}))


def position(engine: Engine, profile: str, doc: str) -> int | None:
    with _session(engine, write=False) as s:
        return s.scalar(select(ReadingPosition.block).where(ReadingPosition.profile_id == profile,
                                                            ReadingPosition.doc == doc))


def positions(engine: Engine, profile: str) -> dict[str, int]:
    """Every document's last-read paragraph (the library shows how far the reader got)."""
    with _session(engine, write=False) as s:
        return dict(s.execute(select(ReadingPosition.doc, ReadingPosition.block)
                              .where(ReadingPosition.profile_id == profile)).all())


# ---- review -----------------------------------------------------------------------------

_SCHEDULER = fsrs.Scheduler()
_REVIEWED = (WordStatus.NEW.value, WordStatus.LEARNING.value)  # Known and Ignored words are not drilled


def _due_query(profile: str, until: datetime):
    return (select(ReviewCard.word_id).join(Word, Word.id == ReviewCard.word_id)
            .where(ReviewCard.profile_id == profile, ReviewCard.due <= until, Word.status.in_(_REVIEWED))
            .order_by(ReviewCard.due, ReviewCard.word_id))


def due(engine: Engine, profile: str, now_: datetime | None = None, limit: int | None = None) -> list[SavedWord]:
    """The saved New/Learning words whose card is due by ``now_`` plus LEARN_AHEAD, earliest first."""
    until = (now_ or now()) + LEARN_AHEAD
    with _session(engine, write=False) as s:
        q = _due_query(profile, until)
        if limit:
            q = q.limit(limit)
        return _load_words(s, profile, list(s.scalars(q)))


def due_count(engine: Engine, profile: str, now_: datetime | None = None) -> int:
    """How many words are due: one indexed count, cheap enough for the sidebar on every rerun."""
    until = (now_ or now()) + LEARN_AHEAD
    with _session(engine, write=False) as s:
        return s.scalar(select(func.count()).select_from(_due_query(profile, until).order_by(None).subquery()))


def review(engine: Engine, profile: str, lemma: str, pos: str, rating: fsrs.Rating | int | str,
           when: datetime | None = None) -> datetime:
    """Grade a word's card with FSRS; returns when it is due next. A New word becomes Learning."""
    if isinstance(rating, str):
        rating = RATINGS[rating.lower()]
    rating = fsrs.Rating(int(rating))
    when = when or now()
    with _session(engine) as s:
        word = _word_row(s, profile, lemma, pos)
        if word is None:
            raise KeyError(f"{lemma} ({pos}) is not saved")
        row = s.get(ReviewCard, word.id)
        card = fsrs.Card.from_dict(json.loads(row.fsrs)) if row else fsrs.Card(due=when)
        card, log = _SCHEDULER.review_card(card, rating, review_datetime=when)
        values = {"due": card.due, "fsrs": json.dumps(card.to_dict())}
        if row is None:
            s.execute(_insert(s)(ReviewCard).values(word_id=word.id, profile_id=profile, **values))
        else:
            s.execute(update(ReviewCard).where(ReviewCard.word_id == word.id).values(**values))
        s.add(ReviewLog(word_id=word.id, rating=int(rating), reviewed=when, log=json.dumps(log.to_dict())))
        if word.status == WordStatus.NEW.value:
            s.execute(update(Word).where(Word.id == word.id).values(status=WordStatus.LEARNING.value, updated=when))
        return card.due


# ---- moving a profile -------------------------------------------------------------------


def export_profile(engine: Engine, profile: str) -> dict:
    """Everything a profile holds, as JSON-ready data (import_profile reads it back)."""
    with _session(engine, write=False) as s:
        ids = list(s.scalars(select(Word.id).where(Word.profile_id == profile).order_by(Word.id)))
        saved = _load_words(s, profile, ids)
        cards = dict(s.execute(select(ReviewCard.word_id, ReviewCard.fsrs).where(ReviewCard.profile_id == profile)).all())
        logs: dict[int, list] = {}
        for word_id, rating, reviewed, log in s.execute(
                select(ReviewLog.word_id, ReviewLog.rating, ReviewLog.reviewed, ReviewLog.log)
                .join(Word, Word.id == ReviewLog.word_id).where(Word.profile_id == profile)
                .order_by(ReviewLog.reviewed, ReviewLog.id)):
            logs.setdefault(word_id, []).append({"rating": rating, "reviewed": reviewed.isoformat(),
                                                 "log": json.loads(log)})
        places = dict(s.execute(select(ReadingPosition.doc, ReadingPosition.block)
                                .where(ReadingPosition.profile_id == profile)).all())
    out_words = []
    for word_id, w in zip(ids, saved, strict=True):
        out_words.append({
            "lemma": w.lemma, "pos": w.pos, "status": w.status.value, "meaning": w.meaning, "note": w.note,
            "created": w.created.isoformat(), "updated": w.updated.isoformat(),
            "sentences": [asdict(x) for x in w.sentences],
            "card": json.loads(cards[word_id]) if word_id in cards else None,
            "reviews": logs.get(word_id, []),
        })
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported": now().isoformat(),
            "words": out_words, "positions": places}


def _when(value: object, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as e:
        raise ValueError(f"{where}: not a date and time: {value!r}") from e
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_export(data: object) -> list[dict]:
    """Check an exported profile before anything is written; ValueError names the bad field."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ValueError(f"not a Dari profile (expected \"format\": \"{EXPORT_FORMAT}\")")
    if data.get("version") != EXPORT_VERSION:
        raise ValueError(f"profile format version {data.get('version')!r} is not supported (expected {EXPORT_VERSION})")
    items = data.get("words")
    if not isinstance(items, list):
        raise ValueError("\"words\" must be a list")
    checked = []
    for i, item in enumerate(items):
        where = f"words[{i}]"
        if not isinstance(item, dict):
            raise ValueError(f"{where}: not an object")
        try:
            status = WordStatus(item.get("status"))
        except ValueError as e:
            raise ValueError(f"{where}.status: {item.get('status')!r} is not one of new, learning, known, ignored") from e
        sentences = []
        for j, x in enumerate(item.get("sentences") or []):
            if not isinstance(x, dict) or not all(isinstance(x.get(k), str) for k in ("doc", "segment", "korean")):
                raise ValueError(f"{where}.sentences[{j}]: needs doc, segment and korean")
            sentences.append(Sentence(doc=x["doc"], segment=x["segment"], korean=x["korean"],
                                      english=str(x.get("english") or ""), surface=str(x.get("surface") or ""),
                                      block=int(x.get("block") or 0), romanization=str(x.get("romanization") or "")))
        card = item.get("card")
        if card is not None:
            try:
                fsrs.Card.from_dict(card)
            except (KeyError, TypeError, ValueError) as e:
                raise ValueError(f"{where}.card: not an FSRS card ({e})") from e
        for k in ("meaning", "note"):
            if item.get(k) is not None and not isinstance(item.get(k), str):
                raise ValueError(f"{where}.{k}: must be text")
        checked.append({
            "lemma": _clean(item.get("lemma"), f"{where}.lemma"), "pos": _clean(item.get("pos", ""), f"{where}.pos", True),
            "status": status, "meaning": item.get("meaning"), "note": item.get("note"),
            "created": _when(item.get("created"), f"{where}.created"),
            "updated": _when(item.get("updated"), f"{where}.updated"),
            "sentences": sentences, "card": card, "reviews": list(item.get("reviews") or []),
        })
    positions_ = data.get("positions") or {}
    if not isinstance(positions_, dict) or not all(isinstance(v, int) for v in positions_.values()):
        raise ValueError("\"positions\" must map document names to paragraph numbers")
    return checked


def import_profile(engine: Engine, profile: str, data: object) -> ImportResult:
    """Merge an exported profile into ``profile``. A word not saved yet is added; a saved one
    takes the imported version only when that was changed later; sentences are united.
    Nothing is written unless the whole file checks out (parse_export), and all in one transaction."""
    items = parse_export(data)
    added = updated_ = unchanged = 0
    with _session(engine) as s:
        insert = _insert(s)
        s.execute(insert(Profile).values(id=profile, created=now()).on_conflict_do_nothing(index_elements=["id"]))
        for item in items:
            row = _word_row(s, profile, item["lemma"], item["pos"])
            if row is None:
                row = Word(profile_id=profile, lemma=item["lemma"], pos=item["pos"], status=item["status"].value,
                           meaning=item["meaning"], note=item["note"], created=item["created"], updated=item["updated"])
                s.add(row)
                s.flush()
                added += 1
                newer = True
            elif item["updated"] > row.updated:
                row.status, row.meaning, row.note, row.updated = (item["status"].value, item["meaning"],
                                                                  item["note"], item["updated"])
                updated_ += 1
                newer = True
            else:
                unchanged += 1
                newer = False
            for x in item["sentences"]:
                s.execute(insert(WordSentence).values(
                    word_id=row.id, doc=x.doc, segment=x.segment, block=x.block, korean=x.korean, english=x.english,
                    surface=x.surface or item["lemma"], romanization=x.romanization, created=item["created"],
                ).on_conflict_do_nothing(index_elements=["word_id", "doc", "segment", "surface"]))
            card = s.get(ReviewCard, row.id)
            if item["card"] is not None and (card is None or newer):
                imported = fsrs.Card.from_dict(item["card"])
                values = {"due": imported.due, "fsrs": json.dumps(imported.to_dict())}
                if card is None:
                    s.add(ReviewCard(word_id=row.id, profile_id=profile, **values))
                else:
                    card.due, card.fsrs = values["due"], values["fsrs"]
                if newer:
                    s.execute(delete(ReviewLog).where(ReviewLog.word_id == row.id))
                    for r in item["reviews"]:
                        s.add(ReviewLog(word_id=row.id, rating=int(r["rating"]),
                                        reviewed=_when(r["reviewed"], "reviews"), log=json.dumps(r.get("log") or {})))
            elif card is None:
                s.add(ReviewCard(**_new_card(row.id, profile, item["created"])))
            s.flush()
        for doc, block in ((data.get("positions") or {}).items()):
            stmt = insert(ReadingPosition).values(profile_id=profile, doc=doc, block=block, updated=now())
            s.execute(stmt.on_conflict_do_nothing(index_elements=["profile_id", "doc"]))
    return ImportResult(added=added, updated=updated_, unchanged=unchanged)
