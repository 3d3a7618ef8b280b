"""The Words and Review pages, the profile and the saving-off notice, through AppTest."""

from __future__ import annotations

import json
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dari import ROOT
from dari.learner import store
from dari.learner.schema import WordStatus
from dari.learner.store import Sentence

APP = str(ROOT / "app.py")
ME = "b-0123456789abcdef0123456789"
OTHER = "b-ffffffffffffffffffffffffff"
DOC = "musk-twitter-ai"
SENT = Sentence(doc=DOC, segment="1.1", block=1, korean="지금 SNS는 썩었다", english="Social media is rotten now.",
                surface="썩었다", romanization="sseogeotda")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DARI_DATA", str(tmp_path))
    monkeypatch.delenv("DARI_DATABASE_URL", raising=False)
    st.cache_resource.clear()
    yield tmp_path
    st.cache_resource.clear()


@pytest.fixture
def engine(data_dir):
    eng = store.connect(store.sqlite_url(data_dir / store.FILE_NAME))
    yield eng
    eng.dispose()


def start(profile: str | None = ME, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    if profile:
        at.session_state["dari_profile"] = {"id": profile}  # what profile.js reports
        at.run()
        assert not at.exception, at.exception
    return at


def open_page(at: AppTest, url_path: str) -> AppTest:
    """AppTest.switch_page wants a file; our pages are callables registered by url_path."""
    at._page_hash = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path)
    at.run()
    assert not at.exception, at.exception
    return at


def unescape(label: str) -> str:
    """A label as the reader sees it: without render.literal's backslashes and word joiners."""
    return re.sub(r"\\(.)", r"\1", label).replace("\u2060", "")


def html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.main if type(h).__name__ == "Html")


def text(at: AppTest) -> str:
    return re.sub(r"<[^>]+>", "", html(at))


def nav_titles(at: AppTest) -> list[str]:
    return [info.get("page_name") for info in at._registered_pages.values()]


def test_words_page_lists_only_this_profiles_words_with_their_sentences(engine):
    store.save_word(engine, ME, "썩다", "verb", sentence=SENT)
    store.save_word(engine, OTHER, "고이다", "verb")
    at = open_page(start(), "words")
    labels = [unescape(e.label) for e in at.main.expander]
    assert len(labels) == 1 and labels[0].startswith("썩다 · verb · New — to rot")  # the lexicon's meaning
    assert "지금 SNS는 <mark>썩었다</mark>" in html(at) and "Social media is rotten now." in html(at)
    assert f'href="/?doc={DOC}&amp;p=1"' in html(at)
    other = open_page(start(OTHER), "words")
    assert [unescape(e.label).split(" — ")[0] for e in other.main.expander] == ["고이다 · verb · New"]


def test_words_page_edits_searches_filters_and_deletes(engine):
    from dari.ui.pages.words import word_key

    store.save_word(engine, ME, "썩다", "verb", sentence=SENT)
    store.save_word(engine, ME, "물", "noun", status="known")
    at = open_page(start(), "words")
    k = word_key("썩다", "verb")
    at.text_input(key=f"w-meaning-{k}").input("to rot")
    at.text_area(key=f"w-note-{k}").input("of food and of institutions")
    at.button_group(key=f"w-status-{k}").set_value("learning")
    submit = next(b for b in at.main.button if b.proto.is_form_submitter and b.proto.form_id == f"w-form-{k}")
    submit.click().run()
    assert not at.exception, at.exception
    w = store.word(engine, ME, "썩다", "verb")
    assert (w.meaning, w.note, w.status) == ("to rot", "of food and of institutions", WordStatus.LEARNING)
    assert "Saved 썩다." in text(at)

    def listed() -> list[str]:
        return [e.label.split(" · ")[0] for e in at.main.expander]

    at.text_input(key="words_q").input("ROT").run()
    assert listed() == ["썩다"]
    at.text_input(key="words_q").input("").run()
    at.button_group(key="words_status").set_value("known").run()
    assert listed() == ["물"]
    at.button_group(key="words_status").set_value(None).run()
    at.selectbox(key="words_doc").set_value(DOC).run()
    assert listed() == ["썩다"]
    at.selectbox(key="words_doc").set_value("").run()
    assert sorted(listed()) == ["물", "썩다"]
    at.button(key=f"w-delete-{word_key('물', 'noun')}").click().run()
    assert store.word(engine, ME, "물", "noun") is None and store.word(engine, ME, "썩다", "verb") is not None
    assert "Deleted 물." in text(at) and listed() == ["썩다"]


def test_words_page_offers_three_exports_and_an_import(engine):
    store.save_word(engine, ME, "썩다", "verb", sentence=SENT)
    at = open_page(start(), "words")
    downloads = [e for e in at.main if type(e).__name__ == "DownloadButton"]
    # labels go through render.literal (Markdown escaped); each file is made when clicked
    # (deferred), so no link to a file made by an earlier rerun can 404
    assert [unescape(d.proto.label) for d in downloads] == ["Anki deck (.apkg)", "Spreadsheet (CSV)", "Profile (JSON)"]
    assert all(d.proto.deferred_file_id and not d.proto.url for d in downloads)
    assert at.button(key="words_import_go").disabled  # nothing chosen yet


def test_review_page_grades_the_due_word_and_the_sidebar_counts_it(engine):
    store.save_word(engine, ME, "썩다", "verb", sentence=SENT)
    store.save_word(engine, ME, "물", "noun", status="known")
    at = start()
    assert "Review · 1" in nav_titles(at)
    open_page(at, "review")
    assert "지금 SNS는 <mark>썩었다</mark>" in html(at)
    assert "sseogeotda" not in html(at)
    at.toggle(key="review_rom").set_value(True).run()
    assert "sseogeotda" in html(at)
    at.button(key="review_show").click().run()
    back = html(at)
    assert "썩다" in back and "past tense" in back and "Social media is rotten now." in back  # analysis morphemes
    at.button(key="review_easy").click().run()
    assert not at.exception
    assert store.due_count(engine, ME) == 0
    assert store.word(engine, ME, "썩다", "verb").status is WordStatus.LEARNING
    assert "Nothing is due" in text(at)
    assert "Review" in nav_titles(at) and "Review · 1" not in nav_titles(at)


def test_review_keys_grade_only_the_word_they_name(engine):
    store.save_word(engine, ME, "썩다", "verb", sentence=SENT)
    at = open_page(start(), "review")
    at.session_state["review_keys"] = {"reveal": {"word": "썩다|verb"}}
    at.run()
    assert any(b.key == "review_good" for b in at.main.button)
    at.session_state["review_keys"] = {"rate": {"rating": 4, "word": "다른|noun"}}  # a stale key press
    at.run()
    assert store.due_count(engine, ME) == 1
    at.session_state["review_keys"] = {"rate": {"rating": 4, "word": "썩다|verb"}}
    at.run()
    assert not at.exception, at.exception
    assert store.due_count(engine, ME) == 0


def test_signed_out_pages_wait_for_the_browser_profile(data_dir):
    at = open_page(start(profile=None), "words")
    assert "Loading your words" in text(at)
    comp = [e for e in at.sidebar if type(e).__name__ == "UnknownElement"]
    assert comp, "the profile component is mounted in the sidebar"


def test_an_invalid_profile_id_is_not_accepted(data_dir):
    at = open_page(start(profile="../../etc"), "words")
    assert "Loading your words" in text(at)


@pytest.mark.parametrize("how", ["corrupt", "unreachable"])
def test_reading_goes_on_when_the_database_is_unusable(data_dir, monkeypatch, how):
    if how == "corrupt":
        path = data_dir / "broken.sqlite3"
        path.write_bytes(b"not a database at all\n" * 100)
        before = path.read_bytes()
        monkeypatch.setenv("DARI_DATABASE_URL", store.sqlite_url(path))
    else:
        from learner_db import _free_port

        monkeypatch.setenv("DARI_DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{_free_port()}/dari")
    at = start()
    notice = text(at)
    assert "Saving is off" in notice and "nothing already saved has been changed" in notice
    reader = [e for e in at.main if getattr(getattr(e, "proto", None), "component_name", "") == "dari_reader"]
    assert reader and "일론 머스크" in json.loads(reader[0].proto.bytes)["html"]
    open_page(at, "words")
    assert "Saving is off" in text(at)
    if how == "corrupt":
        assert path.read_bytes() == before


def _reader_data(at: AppTest) -> dict:
    el = next(e for e in at.main if getattr(getattr(e, "proto", None), "component_name", "") == "dari_reader")
    return json.loads(el.proto.bytes)


def test_mark_the_rest_known_and_tint(engine):
    at = start()
    words = _reader_data(at)["words"]
    first = words[0]
    store.save_word(engine, ME, first[1], first[2], status="learning")
    assert _reader_data(at)["learner"]["tint"] is False
    at.toggle(key="learner_tint").set_value(True).run()
    assert _reader_data(at)["learner"]["tint"] is True
    at.button(key="learner_mark_rest").click().run()
    assert not at.exception, at.exception
    live = _reader_data(at)["learner"]["statuses"]
    keys = {f"{w[1]}|{w[2]}" for w in words if w[1]}
    assert set(live) == keys
    assert live[f"{first[1]}|{first[2]}"] == "learning"  # a saved word keeps its status
    assert {v for k, v in live.items() if k != f"{first[1]}|{first[2]}"} == {"known"}
    assert "words marked as known" in " ".join(c.value for c in at.sidebar.caption)
    # The library shows the known share (every word of the article's one page, less the learning one).
    assert re.search(r"\d+% known", unescape(" ".join(c for r in at.sidebar.radio for c in r.proto.captions)))


def test_the_reading_place_is_kept_and_offered_back(engine):
    at = start()
    at.session_state["reader"] = {"settings": {}, "place": 7}  # what reader.js reports after scrolling
    at.run()
    assert store.position(engine, ME, DOC) == 7
    at.run()  # the library (drawn before the reader reports) shows it from the next rerun
    assert "read to ¶7" in " ".join(str(r.proto.captions) for r in at.sidebar.radio)
    again = start()  # a new visit, same browser profile
    resume = again.button(key="learner_resume_go")
    assert resume.label == "Resume at paragraph 7"
    resume.click().run()
    assert again.query_params["p"] == "7"


def test_a_locked_database_keeps_reading_and_says_saving_is_off(engine, data_dir, monkeypatch):
    import sqlite3

    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 200)
    store.save_word(engine, ME, "썩다", "verb", status="known")
    at = start()
    words = _reader_data(at)["words"]
    index = next(i for i, w in enumerate(words) if w[1] != "썩다")
    st.cache_resource.clear()  # a fresh engine with the short busy timeout
    at = start()
    locker = sqlite3.connect(data_dir / store.FILE_NAME, timeout=0, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        at.session_state["reader"] = {"learner": {"changes": [_change(1, words[index], "learning")]}}
        at.run()
        assert not at.exception, at.exception
        assert "Saving is off" in text(at) and "locked" in text(at)
        assert _reader_data(at)["html"]  # still reading
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert [w.lemma for w in store.words(engine, ME)] == ["썩다"]
    assert store.word(engine, ME, "썩다", "verb").status is WordStatus.KNOWN


def _change(seq: int, word: list, status: str, seg: str = "1.1") -> dict:
    return {"seq": seq, "lemma": word[1], "pos": word[2], "surface": word[0], "rom": word[3], "status": status,
            "doc": DOC, "seg": seg}


def test_a_save_before_the_browser_profile_arrives_is_written_once_it_does(engine):
    at = start(profile=None)
    words = _reader_data(at)["words"]
    assert _reader_data(at)["learner"]["saving"] is True  # the card offers to save already
    changes = {"changes": [_change(1, words[0], "learning")]}
    at.session_state["reader"] = {"learner": changes}
    at.run()
    assert store.words(engine, ME) == []
    at.session_state["reader"] = {"learner": changes}  # the browser's state still holds it
    at.session_state["dari_profile"] = {"id": ME}
    at.run()
    assert not at.exception, at.exception
    assert store.word(engine, ME, words[0][1], words[0][2]).status is WordStatus.LEARNING


def test_changes_are_written_once_and_in_order(engine):
    at = start()
    words = _reader_data(at)["words"]
    w = words[0]
    at.session_state["reader"] = {"learner": {"changes": [_change(20, w, "known"), _change(10, w, "new")]}}
    at.run()
    assert store.word(engine, ME, w[1], w[2]).status is WordStatus.KNOWN  # seq order, not list order
    assert store.word(engine, ME, w[1], w[2]).sentences[0].segment == "1.1"
    store.set_status(engine, ME, w[1], w[2], "ignored")  # e.g. on the Words page, in another tab
    at.session_state["reader"] = {"learner": {"changes": [_change(20, w, "known")]}}  # resent, already written
    at.run()
    assert store.word(engine, ME, w[1], w[2]).status is WordStatus.IGNORED
    # A change naming a document outside the library is refused.
    at.session_state["reader"] = {"learner": {"changes": [dict(_change(30, words[1], "known"), doc="../etc")]}}
    at.run()
    assert store.word(engine, ME, words[1][1], words[1][2]) is None


def test_a_word_without_its_own_meaning_takes_the_lexicons_on_the_page_the_card_and_the_export(engine):
    """An exported card is never blank when Dari knows the word: the reader's meaning wins,
    else the lexicon's glosses (names: the glossary's English)."""
    from dari.learner import export
    from dari.ui import data

    store.save_word(engine, ME, "썩다", "verb", sentence=SENT)
    store.save_word(engine, ME, "테슬라", "noun", sentence=SENT)
    store.save_word(engine, ME, "물", "noun", sentence=SENT)
    store.edit_word(engine, ME, "물", "noun", meaning="my own: water")
    rows = {r.lemma: r for r in export.rows(store.words(engine, ME), {}, data.meaning_of)}
    assert rows["썩다"].meaning.startswith("to rot")
    assert rows["테슬라"].meaning == "Tesla"
    assert rows["물"].meaning == "my own: water"
    at = open_page(start(), "words")
    assert "썩다 · verb · New — to rot" in unescape(" ".join(e.proto.label for e in at.main.expander))
    assert b"to rot" in export.csv_bytes(export.rows(store.words(engine, ME), {}, data.meaning_of))


def test_a_signed_in_readers_words_belong_to_the_account_on_any_browser(engine, monkeypatch):
    """With st.login configured, st.user's subject decides whose words these are: two
    browsers with different profile ids see the same words. (The OpenID exchange itself
    needs a provider, which this machine has not; st.user is stood in for here.)"""
    from dari.ui import learner as ui_learner

    monkeypatch.setattr(ui_learner, "_signed_in_subject", lambda: "oidc|reader-42")
    account = store.subject_profile_id("oidc|reader-42")
    store.ensure_profile(engine, account, subject="oidc|reader-42")
    store.save_word(engine, account, "썩다", "verb", sentence=SENT)
    store.save_word(engine, ME, "고이다", "verb")  # this browser's own anonymous profile
    for browser in (ME, OTHER):
        at = open_page(start(browser), "words")
        labels = [unescape(e.label).split(" — ")[0] for e in at.main.expander]
        assert labels == ["썩다 · verb · New"], (browser, labels)


def test_a_fresh_browser_id_leaves_the_database_closed_until_its_first_save(data_dir):
    """profile.js reports "fresh" with an id it has just made: nothing can be stored under
    it, so reading opens no database (no SQLite file appears) until a status is chosen."""
    at = start(profile=None)
    at.session_state["dari_profile"] = {"id": ME, "fresh": True}
    at.run()
    assert not at.exception, at.exception
    payload = _reader_data(at)
    assert payload["learner"] == {"statuses": {}, "tint": False, "saving": True}
    assert not (data_dir / store.FILE_NAME).exists()
    assert at.sidebar.button(key="learner_mark_rest")  # still offered
    words = payload["words"]
    at.session_state["reader"] = {"learner": {"changes": [_change(1, words[0], "learning")]}}
    at.run()
    assert not at.exception, at.exception
    engine = store.connect(store.sqlite_url(data_dir / store.FILE_NAME))
    try:
        assert store.word(engine, ME, words[0][1], words[0][2]).status is WordStatus.LEARNING
        at.session_state["reader"] = {}
        at.run()  # the id is no longer fresh: what it saved is read back and tinted
        assert _reader_data(at)["learner"]["statuses"] == {f"{words[0][1]}|{words[0][2]}": "learning"}
    finally:
        engine.dispose()


def test_a_fresh_id_on_the_words_page_opens_the_database_and_stops_being_fresh(data_dir):
    at = start(profile=None)
    at.session_state["dari_profile"] = {"id": ME, "fresh": True}
    at.run()
    assert not (data_dir / store.FILE_NAME).exists()
    open_page(at, "words")
    assert (data_dir / store.FILE_NAME).exists() and "Loading your words" not in text(at)


def test_a_fresh_id_is_read_from_the_database_after_a_minute(data_dir, monkeypatch):
    """Another tab of the same browser shares the id and may have saved under it meanwhile."""
    import time as real_time

    from dari.ui import profile

    at = start(profile=None)
    at.session_state["dari_profile"] = {"id": ME, "fresh": True}
    at.run()
    assert not (data_dir / store.FILE_NAME).exists()
    engine = store.connect(store.sqlite_url(data_dir / store.FILE_NAME))  # the other tab saves
    try:
        store.save_word(engine, ME, "썩다", "verb", status="known")
        clock = real_time.monotonic() + profile.FRESH_SECONDS + 1
        monkeypatch.setattr(profile.time, "monotonic", lambda: clock)
        at.run()
        assert not at.exception, at.exception
        assert _reader_data(at)["learner"]["statuses"] == {"썩다|verb": "known"}
    finally:
        engine.dispose()


def test_a_database_that_fails_for_a_fresh_id_is_reported_on_the_words_page(data_dir):
    (data_dir / store.FILE_NAME).write_bytes(b"this is not a database, it is a text file")
    at = start(profile=None)
    at.session_state["dari_profile"] = {"id": ME, "fresh": True}
    at.run()
    assert "Saving is off" not in text(at)  # reading needed no database
    open_page(at, "words")
    assert "Saving is off" in text(at)
