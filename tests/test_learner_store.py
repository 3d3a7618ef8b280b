"""The learner's store against real SQLite files and a real PostgreSQL server."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect

from dari.learner import store
from dari.learner.schema import WordStatus
from dari.learner.store import Sentence

ALICE = "alice-browser-0000001"
BOB = "bob-browser-00000000002"
SENT = Sentence(doc="article", segment="3.2", block=3, korean="지금 SNS는 썩었다", english="Social media is rotten now.",
                surface="썩었다", romanization="sseogeotda")
_names = itertools.count()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = store.sqlite_url(tmp_path / "dari.sqlite3")
    else:
        from learner_db import create_database

        url = create_database(request.getfixturevalue("postgres_url"), f"t{next(_names)}")
    eng = store.connect(url)
    yield eng
    eng.dispose()


def test_one_word_for_every_form_of_it(engine):
    store.save_word(engine, ALICE, "썩다", "verb", sentence=SENT)
    other = Sentence(doc="article", segment="5.1", block=5, korean="썩은 물", surface="썩은")
    saved = store.save_word(engine, ALICE, "썩다", "verb", sentence=other, status="learning")
    assert saved.status is WordStatus.LEARNING
    assert [s.surface for s in saved.sentences] == ["썩었다", "썩은"]
    assert len(store.words(engine, ALICE)) == 1
    # The same sentence saved twice is kept once.
    again = store.save_word(engine, ALICE, "썩다", "verb", sentence=SENT)
    assert len(again.sentences) == 2


def test_a_new_word_starts_new_and_nfd_input_is_one_word(engine):
    import unicodedata

    store.save_word(engine, ALICE, unicodedata.normalize("NFD", "진심"), "noun")
    assert store.save_word(engine, ALICE, "진심", "noun").status is WordStatus.NEW
    assert [w.lemma for w in store.words(engine, ALICE)] == ["진심"]


def test_profiles_never_see_each_other(engine):
    store.save_word(engine, ALICE, "썩다", "verb", sentence=SENT)
    store.save_word(engine, BOB, "고이다", "verb", status="known")
    assert [w.lemma for w in store.words(engine, ALICE)] == ["썩다"]
    assert [w.lemma for w in store.words(engine, BOB)] == ["고이다"]
    assert store.statuses(engine, BOB, [("썩다", "verb")]) == {}
    assert not store.set_status(engine, BOB, "썩다", "verb", "known")
    assert not store.delete_word(engine, BOB, "썩다", "verb")
    assert store.word(engine, ALICE, "썩다", "verb").status is WordStatus.NEW


def test_search_status_and_document_filters(engine):
    store.save_word(engine, ALICE, "썩다", "verb", sentence=SENT, meaning="to rot")
    store.save_word(engine, ALICE, "물", "noun", status="known",
                    sentence=Sentence(doc="other", segment="1.1", korean="물이 고여", surface="물이"))
    store.save_word(engine, ALICE, "100%_진심", "noun")
    assert [w.lemma for w in store.words(engine, ALICE, search="ROT")] == ["썩다"]  # meaning, any case
    assert [w.lemma for w in store.words(engine, ALICE, search="물이")] == ["물"]  # a saved form
    assert [w.lemma for w in store.words(engine, ALICE, search="%")] == ["100%_진심"]  # LIKE specials are literal
    assert [w.lemma for w in store.words(engine, ALICE, search="_")] == ["100%_진심"]
    assert [w.lemma for w in store.words(engine, ALICE, status="known")] == ["물"]
    assert [w.lemma for w in store.words(engine, ALICE, doc="article")] == ["썩다"]
    assert store.words(engine, ALICE, doc="nowhere") == []


def test_edit_status_and_delete(engine):
    store.save_word(engine, ALICE, "썩다", "verb", sentence=SENT)
    assert store.edit_word(engine, ALICE, "썩다", "verb", meaning="to rot; to go bad", note="of food, water")
    assert store.set_status(engine, ALICE, "썩다", "verb", WordStatus.KNOWN)
    w = store.word(engine, ALICE, "썩다", "verb")
    assert (w.meaning, w.note, w.status) == ("to rot; to go bad", "of food, water", WordStatus.KNOWN)
    assert store.edit_word(engine, ALICE, "썩다", "verb", meaning="")
    assert store.word(engine, ALICE, "썩다", "verb").meaning is None
    store.review(engine, ALICE, "썩다", "verb", "good")
    assert store.delete_word(engine, ALICE, "썩다", "verb")
    assert store.word(engine, ALICE, "썩다", "verb") is None
    assert store.words(engine, ALICE) == []
    # Saving it again starts afresh: no sentence or card left behind.
    assert store.save_word(engine, ALICE, "썩다", "verb").sentences == ()


def test_mark_known_adds_only_the_unsaved(engine):
    store.save_word(engine, ALICE, "썩다", "verb", status="learning")
    page = [("썩다", "verb"), ("물", "noun"), ("고이다", "verb"), ("물", "noun")]
    assert store.mark_known(engine, ALICE, page) == 2
    assert store.statuses(engine, ALICE, page) == {
        ("썩다", "verb"): WordStatus.LEARNING, ("물", "noun"): WordStatus.KNOWN, ("고이다", "verb"): WordStatus.KNOWN}
    assert store.mark_known(engine, ALICE, page) == 0
    # A same lemma with another part of speech is another word.
    assert store.statuses(engine, ALICE, [("물", "verb")]) == {}


def test_known_share_leaves_ignored_words_out(engine):
    doc = [("a", "noun"), ("b", "noun"), ("c", "noun"), ("d", "noun"), ("e", "noun")]
    assert store.known_share(engine, ALICE, doc) == 0.0
    store.mark_known(engine, ALICE, doc[:2])
    store.save_word(engine, ALICE, "c", "noun", status="ignored")
    store.save_word(engine, ALICE, "d", "noun", status="learning")
    assert store.known_share(engine, ALICE, doc) == pytest.approx(2 / 4)
    assert store.known_share(engine, ALICE, []) is None


def test_statuses_of_a_big_page_in_chunks(engine):
    keys = [(f"단어{i}", "noun") for i in range(1203)]
    store.mark_known(engine, ALICE, keys)
    found = store.statuses(engine, ALICE, keys + [("없음", "noun")])
    assert len(found) == 1203 and set(found.values()) == {WordStatus.KNOWN}


def test_reading_position(engine):
    assert store.position(engine, ALICE, "article") is None
    store.set_position(engine, ALICE, "article", 7)
    store.set_position(engine, ALICE, "article", 9)
    store.set_position(engine, ALICE, "other", 2)
    assert store.position(engine, ALICE, "article") == 9
    assert store.positions(engine, ALICE) == {"article": 9, "other": 2}
    assert store.position(engine, BOB, "article") is None
    with pytest.raises(ValueError):
        store.set_position(engine, ALICE, "article", -1)


def test_review_schedules_with_fsrs(engine):
    t0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    store.save_word(engine, ALICE, "썩다", "verb", sentence=SENT, when=t0)
    store.save_word(engine, ALICE, "물", "noun", status="known", when=t0)  # known words are not drilled
    assert [w.lemma for w in store.due(engine, ALICE, t0)] == ["썩다"]
    assert store.due_count(engine, ALICE, t0) == 1
    assert store.due_count(engine, BOB, t0) == 0
    nxt = store.review(engine, ALICE, "썩다", "verb", "good", when=t0)
    assert nxt > t0
    assert store.word(engine, ALICE, "썩다", "verb").status is WordStatus.LEARNING
    # Good on a new card moves it to the next learning step (10 min): inside the learn-ahead window.
    assert store.due_count(engine, ALICE, t0) == 1
    later = store.review(engine, ALICE, "썩다", "verb", 3, when=t0 + timedelta(minutes=11))
    assert later - (t0 + timedelta(minutes=11)) >= timedelta(hours=12)
    assert store.due_count(engine, ALICE, t0 + timedelta(minutes=12)) == 0
    assert store.due_count(engine, ALICE, later + timedelta(minutes=1)) == 1
    with pytest.raises(KeyError):
        store.review(engine, ALICE, "없다", "adjective", "good")


def test_export_import_moves_a_profile(engine):
    t0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    store.save_word(engine, ALICE, "썩다", "verb", sentence=SENT, when=t0)
    store.edit_word(engine, ALICE, "썩다", "verb", note="밈")
    store.review(engine, ALICE, "썩다", "verb", "easy", when=t0)
    store.save_word(engine, ALICE, "물", "noun", status="ignored")
    store.set_position(engine, ALICE, "article", 4)
    exported = json.loads(json.dumps(store.export_profile(engine, ALICE)))  # through real JSON
    result = store.import_profile(engine, BOB, exported)
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    a, b = store.export_profile(engine, ALICE), store.export_profile(engine, BOB)
    assert a["words"] == b["words"] and b["positions"] == {"article": 4}
    assert store.word(engine, BOB, "썩다", "verb").due == store.word(engine, ALICE, "썩다", "verb").due
    # Importing again changes nothing; an older copy never overwrites a newer change.
    assert store.import_profile(engine, BOB, exported).unchanged == 2
    store.set_status(engine, BOB, "물", "noun", "known")
    store.import_profile(engine, BOB, exported)
    assert store.word(engine, BOB, "물", "noun").status is WordStatus.KNOWN


@pytest.mark.parametrize("name, broken, message", [
    ("not a profile", {"format": "other"}, "not a Dari profile"),
    ("future version", {"format": "dari-profile", "version": 99, "words": []}, "version 99"),
    ("bad status", {"format": "dari-profile", "version": 1,
                    "words": [{"lemma": "a", "pos": "noun", "status": "mastered", "created": "2026-01-01T00:00:00",
                               "updated": "2026-01-01T00:00:00"}]}, "words[0].status"),
    ("bad date", {"format": "dari-profile", "version": 1,
                  "words": [{"lemma": "a", "pos": "noun", "status": "new", "created": "yesterday",
                             "updated": "2026-01-01T00:00:00"}]}, "words[0].created"),
])
def test_a_bad_import_names_the_problem_and_writes_nothing(engine, name, broken, message):
    store.save_word(engine, ALICE, "썩다", "verb")
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        store.import_profile(engine, ALICE, broken)
    assert [w.lemma for w in store.words(engine, ALICE)] == ["썩다"]


def test_schema_is_what_the_models_say(engine):
    """The migrations build exactly dari.learner.schema (a forgotten migration fails here)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from dari.learner.schema import metadata

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    assert store.current_revision(engine) == store.head_revision()
    assert {"profiles", "words", "word_sentences", "cards", "review_logs", "reading_positions"} <= set(
        inspect(engine).get_table_names())


def test_concurrent_sessions_lose_nothing_and_see_only_their_own(engine):
    """Eight sessions (threads, one profile each) writing at once: every write is there
    afterwards, and nobody's list holds another's word. (Timings: scripts/bench_learner.py.)"""
    import threading

    errors: list[BaseException] = []

    def reader(n: int) -> None:
        profile = f"b-concurrent-{n:02d}-000000"
        try:
            for i in range(15):
                store.save_word(engine, profile, f"{n}-단어{i % 10}", "noun", status=("new", "known")[i % 2],
                                sentence=Sentence(doc="d", segment=f"{i}.1", korean="문장", surface=f"{n}-단어"))
                store.set_status(engine, profile, f"{n}-단어{i % 10}", "noun", "learning")
            store.delete_word(engine, profile, f"{n}-단어0", "noun")
        except BaseException as e:  # surfaced below; a thread's exception is otherwise lost
            errors.append(e)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for n in range(8):
        saved = store.words(engine, f"b-concurrent-{n:02d}-000000")
        assert sorted(w.lemma for w in saved) == sorted(f"{n}-단어{i}" for i in range(1, 10))
        assert {w.status for w in saved} == {WordStatus.LEARNING}
        assert all(len(w.sentences) in (1, 2) for w in saved)


def test_only_dari_learner_talks_to_the_database():
    """ruff's banned-api fence cannot reach dari/ui (exempt as a whole for streamlit): check here."""
    import re
    from pathlib import Path

    import dari

    package = Path(dari.__file__).parent
    offenders = [str(p.relative_to(package)) for p in package.rglob("*.py")
                 if "learner" not in p.relative_to(package).parts[:1]
                 and re.search(r"^\s*(from|import)\s+(sqlalchemy|alembic|psycopg)\b", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []
