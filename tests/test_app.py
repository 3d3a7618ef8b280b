"""The page through Streamlit's AppTest: views, interface language, the URL, bad input."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import streamlit as st
from apptest_helpers import library_radio, reader_payload, run_app
from streamlit.testing.v1 import AppTest

from dari import ROOT
from dari.models import Category
from dari.ui import data as ui_data

APP = str(ROOT / "app.py")
_reader, run = reader_payload, run_app


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def _messages(at: AppTest) -> str:
    return "\n".join(h.value for h in at.main if type(h).__name__ == "Html")


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_resource.clear()  # dari.ui.data caches with cache_resource only
    yield


def test_default_page_shows_the_article_side_by_side():
    at = run()
    payload = _reader(at)
    assert payload["state"]["view"] == "side"
    html = payload["html"]
    assert "일론 머스크가 결국 트위터를 가졌는데" in _text(html)
    assert 'lang="ko"' in html and 'lang="en"' in html
    assert html.count('class="dari-block') == 21
    assert "[not translated yet]" not in html


@pytest.mark.parametrize("view", ["side", "stacked", "ko", "en"])
def test_each_view_from_the_url(view):
    payload = _reader(run({"view": view}))
    assert payload["state"]["view"] == view
    assert payload["view_in_url"] is True


def test_study_romanization_and_marks_from_the_url():
    state = _reader(run({"study": "1", "roman": "1", "marks": "0"}))["state"]
    assert state["study"] is True and state["roman"] is True and state["marks"] is False


def test_a_view_switch_in_the_browser_reaches_the_url():
    at = run()
    at.session_state["reader"] = {"settings": {"view": "stacked"}}
    at.run()
    assert at.query_params["view"] == "stacked"
    assert _reader(at)["state"]["view"] == "stacked"
    at.session_state["reader"] = {"settings": {"view": "side"}}
    at.run()
    assert "view" not in at.query_params  # the default keeps the URL clean


def test_study_reveals_are_kept_across_reruns():
    at = run({"study": "1"})
    at.session_state["reader"] = {"settings": {"study": True, "revealed": ["1.1", "3.2"]}}
    at.run()
    assert _reader(at)["state"]["revealed"] == ["1.1", "3.2"]


def test_interface_language_switch():
    at = run({"ui": "en"})
    assert _reader(at)["labels"]["view.side"] == "Side by side"
    assert any(h.value == "Library" for h in at.sidebar.subheader)
    at.radio(key="ui_pick").set_value("ko").run()
    assert not at.exception
    assert _reader(at)["labels"]["view.side"] == "나란히"
    assert any(h.value == "서재" for h in at.sidebar.subheader)
    assert "나란히" in _reader(at)["html"]
    assert at.query_params["ui"] == "ko"  # the documented form, not the widget's label


def test_korean_interface_from_the_url():
    at = run({"ui": "ko"})
    assert _reader(at)["labels"]["toggle.study"] == "학습"


def test_paragraph_deep_link_and_term():
    payload = _reader(run({"p": "7", "term": "에코챔버"}))
    assert payload["focus"] == 7
    assert payload["open_term"] == "에코챔버"


@pytest.mark.parametrize("doc", ["nope", "../../etc/passwd", "<script>alert(1)</script>"])
def test_unknown_document_is_a_friendly_message(doc):
    at = run({"doc": doc})
    text = _messages(at)
    assert "There is no document called" in text
    assert "<script>" not in text and "&lt;script&gt;" in text if "<" in doc else doc in text
    assert "일론 머스크가" in _text(_reader(at)["html"])  # the library still opens


def test_a_broken_document_does_not_take_the_reader_down(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "broken.txt").write_text("title: 망가진 문서\nthis is not a header\n\n본문.\n", encoding="utf-8")
    monkeypatch.setattr(ui_data, "CONTENT_DIR", content)
    at = run({"doc": "broken"})
    text = _messages(at)
    assert "broken.txt:2" in text and "could not be opened" in text
    at = run({"doc": "musk-twitter-ai"})
    assert "일론 머스크가" in _text(_reader(at)["html"])
    assert any("broken" in str(o) or "⚠" in str(o) for o in library_radio(at).options)


def test_a_broken_catalog_shows_the_korean_marked_untranslated(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", locales)
    (locales / "en/LC_MESSAGES/musk-twitter-ai.po").write_text('msgid "x"\nmsgstr "y"\nmsgstr "z"\n', encoding="utf-8")
    monkeypatch.setattr(ui_data, "LOCALES_DIR", locales)
    at = run()
    assert "musk-twitter-ai.po" in _messages(at)
    html = _reader(at)["html"]
    assert "일론 머스크가" in _text(html) and "[not translated yet]" in html


def test_rerun_reuses_the_page_payload():
    at = run()
    first = _reader(at)["html"]
    at.run()
    assert _reader(at)["html"] == first


def test_reading_never_loads_kiwi():
    """The page must run without the ~530 MB Kiwi model: check in a fresh interpreter."""
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({APP!r}, default_timeout=30)\n"
        "at.query_params['term'] = '에코챔버'\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "print(sorted(m for m in sys.modules if m.startswith(('kiwipiepy', 'ko_pron'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_reader_carries_the_whole_glossary_for_its_own_panel():
    """The glossary list and search moved into the reader (tests/e2e/test_glossary_ui.py
    types into it); the sidebar keeps no glossary widgets."""
    at = run()
    assert not [w for w in at.sidebar.text_input if w.key == "glossary_q"]
    glossary = _reader(at)["glossary"]
    assert len(glossary) >= 50
    assert {e["category_key"] for e in glossary} <= {c.value for c in Category}
    echo = next(e for e in glossary if e["headword"] == "에코챔버")
    assert echo["english"][0] == "echo chamber" and echo["romanization"] == "ekochaembeo" and echo["count"] == 2
    assert "occurrences" not in echo  # those travel once, with the document's terms


def test_the_reader_card_data_for_a_term_lists_every_occurrence():
    payload = _reader(run({"term": "자연어처리"}))
    term = payload["terms"]["자연어처리"]
    assert term["english"][0].lower().startswith("natural language processing")
    assert sorted(o[2] for o in term["occurrences"]) == ["자연어 처리", "자연어 처리", "자연어처리"]


def test_a_simulated_save_from_the_word_card_keeps_the_word_and_its_sentence(tmp_path, monkeypatch):
    """The sidebar's looked-up list became the Words page: a save from the card is stored."""
    from dari.learner import store

    monkeypatch.setenv("DARI_DATA", str(tmp_path))
    at = run()
    payload = _reader(at)
    index = next(i for i, w in enumerate(payload["words"]) if w[0] == "썩었다")
    surface, lemma, pos, romanization, morphemes, _glossary, links, *_meaning = payload["words"][index]
    assert (lemma, romanization) == ("썩다", "sseogeotda")
    assert [m[0] for m in morphemes] == ["썩", "었", "다"] and "past" in morphemes[1][2]
    assert [name for name, _ in links][:1] == ["Naver Korean-English Dictionary"]
    seg = next(s.id for s in ui_data.load("musk-twitter-ai").doc.segments if "썩었다" in s.ko)
    profile = "b-0123456789abcdef0123456789"
    at.session_state["dari_profile"] = {"id": profile}
    at.run()
    at.session_state["reader"] = {"learner": {"changes": [  # what reader.js reports (state, not a trigger)
        {"seq": 1, "lemma": lemma, "pos": pos, "surface": surface, "rom": romanization, "status": "learning",
         "doc": "musk-twitter-ai", "seg": seg}]}}
    at.run()
    assert not at.exception, at.exception
    engine = store.connect(store.sqlite_url(tmp_path / store.FILE_NAME))
    saved = store.word(engine, profile, "썩다", pos)
    assert saved.status.value == "learning" and saved.sentences[0].surface == "썩었다"
    assert "썩었다" in saved.sentences[0].korean and saved.sentences[0].english
    assert _reader(at)["learner"]["statuses"] == {f"썩다|{pos}": "learning"}
    engine.dispose()
