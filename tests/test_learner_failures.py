"""Upgrades keep data; a database that is damaged, locked or unreachable stops saving and is never overwritten."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from dari.learner import store
from dari.learner.store import StoreError

ALICE = "alice-browser-0000001"
T0 = datetime(2026, 11, 1, 8, 0)


def _fill_first_schema(url: str) -> None:
    """A database as the first release made it (revision 0001, no notes, no reading positions)."""
    engine = create_engine(url)
    store.migrate(engine, "0001")
    assert store.current_revision(engine) == "0001"
    with engine.begin() as conn:
        cols = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(words)")} if engine.dialect.name == "sqlite" \
            else {r[0] for r in conn.execute(text("SELECT column_name FROM information_schema.columns "
                                                  "WHERE table_name = 'words'"))}
        assert "note" not in cols
        conn.execute(text("INSERT INTO profiles (id, created) VALUES (:p, :t)"), {"p": ALICE, "t": T0})
        conn.execute(text("INSERT INTO words (id, profile_id, lemma, pos, status, meaning, created, updated) "
                          "VALUES (1, :p, '썩다', 'verb', 'learning', 'to rot', :t, :t)"), {"p": ALICE, "t": T0})
        conn.execute(text("INSERT INTO word_sentences (word_id, doc, segment, block, korean, english, surface, "
                          "romanization, created) VALUES (1, 'article', '3.2', 3, '지금 SNS는 썩었다', "
                          "'Social media is rotten now.', '썩었다', 'sseogeotda', :t)"), {"t": T0})
        conn.execute(text("INSERT INTO cards (word_id, profile_id, due, fsrs) VALUES (1, :p, :t, :c)"),
                     {"p": ALICE, "t": T0, "c": '{"card_id": 1, "state": 1, "step": 0, "stability": null, '
                                                 '"difficulty": null, "due": "2026-11-01T08:00:00+00:00", '
                                                 '"last_review": null}'})
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_upgrading_the_first_schema_keeps_every_word(backend, tmp_path, request):
    if backend == "sqlite":
        url = store.sqlite_url(tmp_path / "old.sqlite3")
    else:
        from learner_db import create_database

        url = create_database(request.getfixturevalue("postgres_url"), "upgrade_test")
    _fill_first_schema(url)
    engine = store.connect(url)  # what every start does: upgrade head
    assert store.current_revision(engine) == store.head_revision() != "0001"
    w = store.word(engine, ALICE, "썩다", "verb")
    assert (w.status.value, w.meaning, w.note) == ("learning", "to rot", None)
    assert w.created == T0.replace(tzinfo=UTC)
    assert [(s.korean, s.english, s.surface) for s in w.sentences] == [
        ("지금 SNS는 썩었다", "Social media is rotten now.", "썩었다")]
    assert store.due_count(engine, ALICE, T0.replace(tzinfo=UTC)) == 1
    # What the new revision added works on the old data.
    assert store.edit_word(engine, ALICE, "썩다", "verb", note="also of teeth")
    store.set_position(engine, ALICE, "article", 3)
    assert store.position(engine, ALICE, "article") == 3
    # Starting again is a no-op.
    store.prepare(engine)
    assert store.word(engine, ALICE, "썩다", "verb").note == "also of teeth"
    engine.dispose()


def test_a_schema_newer_than_the_code_is_left_alone(tmp_path):
    path = tmp_path / "future.sqlite3"
    engine = store.connect(store.sqlite_url(path))
    store.save_word(engine, ALICE, "썩다", "verb")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer"):
        store.connect(store.sqlite_url(path))
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT lemma FROM words").fetchall() == [("썩다",)]


@pytest.mark.parametrize("garbage", [b"this is not a database\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_corrupt_file_stops_saving_and_stays_as_it_was(tmp_path, garbage):
    path = tmp_path / "dari.sqlite3"
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match="damaged"):
        store.connect(store.sqlite_url(path))
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dari.sqlite3"]  # no -wal, no replacement


def test_a_locked_file_stops_saving_then_recovers(tmp_path):
    path = tmp_path / "dari.sqlite3"
    engine = store.connect(store.sqlite_url(path), busy_timeout_ms=200)
    store.save_word(engine, ALICE, "썩다", "verb")
    locker = sqlite3.connect(path, timeout=0, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
    locker.execute("UPDATE words SET meaning = 'kept by the other program'")
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match="locked"):
            store.save_word(engine, ALICE, "물", "noun", status="known")
        assert time.monotonic() - started < 5  # waits the busy timeout, not forever
        # Reading still works (WAL: readers are not blocked by a writer), from a fresh start too.
        assert [w.lemma for w in store.words(engine, ALICE)] == ["썩다"]
        second = store.connect(store.sqlite_url(path), busy_timeout_ms=200)
        assert store.count_words(second, ALICE) == 1
        second.dispose()
    finally:
        locker.execute("COMMIT")
        locker.close()
    # The lock holder's write stands, the refused one never happened, and saving works again.
    w = store.word(engine, ALICE, "썩다", "verb")
    assert w.meaning == "kept by the other program"
    assert store.word(engine, ALICE, "물", "noun") is None
    store.save_word(engine, ALICE, "물", "noun")
    assert len(store.words(engine, ALICE)) == 2
    engine.dispose()


def test_an_unreachable_postgres_stops_saving():
    from learner_db import _free_port

    url = f"postgresql+psycopg://postgres@127.0.0.1:{_free_port()}/dari"
    started = time.monotonic()
    with pytest.raises(StoreError, match="cannot be reached"):
        store.connect(url)
    assert time.monotonic() - started < 30
