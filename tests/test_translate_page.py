"""The Translate page through AppTest, over a writable copy of the test library: edit and save,
confirm, conflicts between sessions, alignment buttons, and who may edit what."""

from __future__ import annotations

import json

import polib
import pytest
import streamlit as st
from apptest_helpers import library_radio
from streamlit.testing.v1 import AppTest

from dari.library.catalog import catalog_path
from dari.library.content import load_document
from dari.models import Segment
from dari.ui import data as ui_data
from dari.ui.pages import translate
from tests.e2e.libraries import with_interface


def _app():
    from dari.ui.pages import translate

    translate.main()


@pytest.fixture
def lib(library, monkeypatch):
    with_interface(library)
    monkeypatch.setattr(ui_data, "CONTENT_DIR", library / "content")
    monkeypatch.setattr(ui_data, "LOCALES_DIR", library / "locales")
    monkeypatch.delenv("DARI_EDIT_BUNDLED", raising=False)
    monkeypatch.delenv("DARI_LIBRARY", raising=False)
    st.cache_resource.clear()
    yield library
    st.cache_resource.clear()


@pytest.fixture
def editing_on(monkeypatch):
    monkeypatch.setenv("DARI_EDIT_BUNDLED", "1")


def run(params: dict | None = None) -> AppTest:
    at = AppTest.from_function(_app, default_timeout=30)
    at.query_params.update(params or {"doc": "tiny"})
    at.run()
    assert not at.exception, at.exception
    return at


def key(seg_id: str, ko: str, slug: str = "tiny") -> str:
    return translate._key(slug, Segment(seg_id, ko))


def po_entry(lib, ko: str) -> polib.POEntry:
    po = polib.pofile(str(catalog_path(lib / "locales", "en", "tiny")))
    return next(e for e in po if e.msgid == ko and not e.obsolete)


def html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.main if type(h).__name__ == "Html")


def plain(label: str) -> str:
    """A label as shown: without render.literal's Markdown escapes and word joiners."""
    return label.replace("\\", "").replace("\u2060", "")


def focus(at: AppTest) -> str | None:
    for el in at.main:
        proto = getattr(el, "proto", None)
        if proto is not None and getattr(proto, "component_name", "") == "dari_focus":
            return json.loads(proto.json)["key"]
    return None


LAST = ("3.1", "마지막 문장.")  # untranslated in the fixture
FUZZY = ("1.2", "자연어를 처리한다.")
FIRST = ("1.1", "에코 챔버란 반향실이다.")


def test_bundled_documents_are_read_only_without_the_switch(lib):
    at = run()
    assert not at.text_area
    page = html(at)
    assert "DARI_EDIT_BUNDLED=1" in page
    assert "An echo chamber is a reverberation room." in page  # the English shown as text
    assert "마지막 문장." in page and "untranslated" in page


def test_with_the_switch_the_english_is_editable_and_saved_to_the_po_file(lib, editing_on):
    at = run()
    k = key(*LAST)
    at.button(key=f"notes-open-{k}").click().run()
    at.text_area(key=f"en-{k}").set_value("The last sentence.")
    at.text_area(key=f"notes-{k}").set_value("first note\nsecond note")
    at.button(key=f"save-{k}").click().run()
    assert not at.exception
    entry = po_entry(lib, "마지막 문장.")
    assert entry.msgstr == "The last sentence."
    assert entry.comment == "first note\nsecond note"
    assert "fuzzy" not in entry.flags
    assert "Saved." in html(at)


def test_user_texts_are_editable_without_the_switch(lib, monkeypatch, tmp_path):
    if hasattr(ui_data, "LIBRARY_DIR"):  # the user library (branch importer): tiny is the user's text
        bundled = with_interface(tmp_path / "bundled")
        (bundled / "content").mkdir()
        monkeypatch.setattr(ui_data, "CONTENT_DIR", bundled / "content")
        monkeypatch.setattr(ui_data, "LOCALES_DIR", bundled / "locales")
        monkeypatch.setattr(ui_data, "LIBRARY_DIR", lib)
    else:  # before it: a document under DARI_LIBRARY is the user's
        monkeypatch.setenv("DARI_LIBRARY", str(lib))
    at = run()
    k = key(*LAST)
    at.text_area(key=f"en-{k}").set_value("Mine.")
    at.button(key=f"save-{k}").click().run()
    assert po_entry(lib, LAST[1]).msgstr == "Mine."


def test_confirm_clears_the_fuzzy_flag_and_save_keeps_it(lib, editing_on):
    at = run()
    k = key(*FUZZY)
    at.text_area(key=f"en-{k}").set_value("It processes natural language.")
    at.button(key=f"save-{k}").click().run()
    entry = po_entry(lib, FUZZY[1])
    assert entry.msgstr == "It processes natural language." and "fuzzy" in entry.flags
    at.button(key=f"confirm-{k}").click().run()
    assert not at.exception
    entry = po_entry(lib, FUZZY[1])
    assert "fuzzy" not in entry.flags and entry.msgstr == "It processes natural language."


def test_save_and_next_saves_and_moves_to_the_next_segment_needing_work(lib, editing_on):
    at = run()
    k = key(*FUZZY)
    at.button(key=f"next-{k}").click().run()  # the first button: what Ctrl+Enter submits
    assert not at.exception
    assert "fuzzy" not in po_entry(lib, FUZZY[1]).flags  # confirmed
    assert focus(at) == f"en-{key(*LAST)}"  # 2.1 is translated, 3.1 is not


def test_a_save_over_an_entry_changed_on_disk_is_a_conflict_not_an_overwrite(lib, editing_on):
    at = run()
    k = key(*FIRST)
    # Another session saves the same entry after this one opened it.
    path = catalog_path(lib / "locales", "en", "tiny")
    po = polib.pofile(str(path))
    next(e for e in po if e.msgid == FIRST[1]).msgstr = "Theirs: an echo chamber."
    po.save(str(path))
    at.text_area(key=f"en-{k}").set_value("Mine: an echo chamber.")
    at.button(key=f"save-{k}").click().run()
    assert not at.exception
    assert po_entry(lib, FIRST[1]).msgstr == "Theirs: an echo chamber."  # not overwritten
    page = html(at)
    assert "dari-conflict" in page and "Mine: an echo chamber." in page and "Theirs: an echo chamber." in page
    at.button(key=f"keep-{k}").click().run()
    assert po_entry(lib, FIRST[1]).msgstr == "Mine: an echo chamber."
    assert "dari-conflict" not in html(at)


def test_two_sessions_saving_the_same_entry_never_lose_an_edit(lib, editing_on):
    a, b = run(), run()
    k = key(*LAST)
    a.text_area(key=f"en-{k}").set_value("From A.")
    a.button(key=f"save-{k}").click().run()
    b.text_area(key=f"en-{k}").set_value("From B.")
    b.button(key=f"save-{k}").click().run()
    assert po_entry(lib, LAST[1]).msgstr == "From A."
    assert "From A." in html(b) and "From B." in html(b)  # B sees both and picks
    b.button(key=f"theirs-{k}").click().run()
    assert b.text_area(key=f"en-{k}").value == "From A."


def test_join_button_changes_the_document_and_the_catalog_together(lib, editing_on):
    at = run()
    at.button(key=f"align-open-{key(*FIRST)}").click().run()
    at.button(key=f"join-{key(*FIRST)}").click().run()
    assert not at.exception
    doc = load_document(lib / "content", "tiny")
    joined = "에코 챔버란 반향실이다. 자연어를 처리한다."
    assert doc.blocks[0].segments[0].ko == joined
    entry = po_entry(lib, joined)
    assert entry.msgstr.startswith("An echo chamber is a reverberation room. It processes")
    assert at.text_area(key=f"en-{key('1.1', joined)}").value == entry.msgstr


def test_split_and_move_buttons(lib, editing_on):
    at = run()
    at.button(key=f"align-open-{key(*FIRST)}").click().run()
    at.button(key=f"join-{key(*FIRST)}").click().run()
    joined = "에코 챔버란 반향실이다. 자연어를 처리한다."
    k = key("1.1", joined)
    at.button(key=f"align-open-{k}").click().run()
    at.selectbox(key=f"split-ko-{k}").set_value(len("에코 챔버란 반향실이다."))
    at.button(key=f"split-{k}").click().run()
    assert not at.exception
    doc = load_document(lib / "content", "tiny")
    assert [s.ko for s in doc.blocks[0].segments] == [FIRST[1], FUZZY[1]]
    assert po_entry(lib, FIRST[1]).msgstr.endswith("natural language (old).")  # whole English kept first
    at.button(key=f"align-open-{key(*FIRST)}").click().run()
    at.button(key=f"last-{key(*FIRST)}").click().run()
    assert po_entry(lib, FIRST[1]).msgstr == "An echo chamber is a reverberation room."
    assert po_entry(lib, FUZZY[1]).msgstr == "It processes natural language (old)."


def test_read_only_refuses_saves_even_from_a_stale_form(lib, editing_on, monkeypatch):
    at = run()
    k = key(*LAST)
    monkeypatch.delenv("DARI_EDIT_BUNDLED")
    at.text_area(key=f"en-{k}").set_value("Sneaky.")
    at.button(key=f"save-{k}").click().run()
    assert po_entry(lib, LAST[1]).msgstr == ""


def test_filter_pages_and_fuzzy_diff(lib, editing_on):
    path = catalog_path(lib / "locales", "en", "tiny")
    po = polib.pofile(str(path))
    next(e for e in po if e.msgid == FUZZY[1]).previous_msgid = "자연어를 처리했다."
    po.save(str(path))
    at = run()
    page = html(at)
    assert '<del class="dari-del">했</del><ins class="dari-ins">한</ins>' in page
    assert "에코 챔버" in page and "echo chamber" in page  # glossary terms of the fixture glossary
    at.segmented_control(key="translate-filter").set_value("untranslated").run()
    assert [ta.key for ta in at.text_area if ta.key.startswith("en-")] == [f"en-{key(*LAST)}"]
    at.segmented_control(key="translate-filter").set_value("fuzzy").run()
    assert [ta.key for ta in at.text_area if ta.key.startswith("en-")] == [f"en-{key(*FUZZY)}"]


def test_an_unknown_document_is_refused_with_a_message(lib):
    at = run({"doc": "../../etc/passwd"})
    assert "../../etc/passwd" in html(at)
    assert "작은 문서" in at.header[0].value  # falls back to the first document


def test_the_header_shows_the_translation_status(lib):
    at = run()
    assert "Translation: 60% · 1 fuzzy · 1 untranslated" in [plain(c.value) for c in at.caption]


def test_with_the_user_library_branch_its_entries_decide_where_and_whether(lib, monkeypatch):
    """dari.ui.data.entry (branch importer) names a text's library; a writable one is editable."""
    from types import SimpleNamespace

    def entry(slug):
        library = SimpleNamespace(name="user", content_dir=lib / "content", locales_dir=lib / "locales")
        files = (catalog_path(lib / "locales", "en", slug), lib / "content" / f"{slug}.analysis.json",
                 lib / "content" / f"{slug}.txt")
        return SimpleNamespace(library=library, catalog_path=files[0], analysis_path=files[1], text_path=files[2],
                               files=files, writable=True)

    monkeypatch.setattr(ui_data, "entry", entry, raising=False)
    at = run()
    k = key(*LAST)
    at.text_area(key=f"en-{k}").set_value("Yours.")
    at.button(key=f"save-{k}").click().run()
    assert po_entry(lib, LAST[1]).msgstr == "Yours."


def test_the_read_sidebar_labels_the_status_as_the_translations(lib):
    from dari import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["doc"] = "tiny"
    at.run()
    assert not at.exception
    captions = [plain(c) for c in library_radio(at).proto.captions]
    assert captions == ["Translation: 60% · 1 fuzzy · 1 untranslated"]


def test_the_korean_interface_has_every_string(lib, editing_on):
    at = run({"doc": "tiny", "ui": "ko"})
    shown = [html(at), *(c.value for c in at.caption), *(b.label for b in at.button),
             *(ta.label for ta in at.text_area), at.header[0].value]
    assert not [s for s in shown if "translate." in s or "library." in s]
    assert "번역: 60% · 검토 필요 1 · 미번역 1" in [plain(c.value) for c in at.caption]
    assert "저장하고 다음으로" in [b.label for b in at.button]


def test_a_findings_link_opens_its_segment(lib, editing_on):
    at = run({"doc": "tiny", "seg": "3.1"})
    assert focus(at) == f"en-{key(*LAST)}"
    assert '?doc=tiny&amp;seg=3.1' in html(at)  # the findings list links each finding to its segment


def _long_library(lib, n: int = 45) -> list[str]:
    kos = [f"문장 {i}번이다." for i in range(1, n + 1)]
    (lib / "content" / "long.txt").write_text("title: 긴 문서\n\n" + "\n".join(kos) + "\n", encoding="utf-8")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="긴 문서", msgstr="A long document"))
    for i, ko in enumerate(kos, start=1):
        po.append(polib.POEntry(msgid=ko, msgstr="" if i in (3, 30) else f"Sentence {i}."))
    po.save(str(catalog_path(lib / "locales", "en", "long")))
    return kos


def test_long_documents_are_paginated_and_save_and_next_turns_the_page(lib, editing_on):
    kos = _long_library(lib)
    at = run({"doc": "long"})
    fields = [ta.key for ta in at.text_area if ta.key.startswith("en-")]
    assert len(fields) == 20  # the title first (its English is translated like a sentence)
    assert fields[:2] == [f"en-{key('title', '긴 문서', 'long')}", f"en-{key('1.1', kos[0], 'long')}"]
    k3 = key("1.3", kos[2], "long")
    at.text_area(key=f"en-{k3}").set_value("Sentence 3.")
    at.button(key=f"next-{k3}").click().run()
    assert not at.exception
    assert at.selectbox(key="translate-page").value == 2  # 1.30 is on the second page
    assert focus(at) == f"en-{key('1.30', kos[29], 'long')}"
    assert f"en-{key('1.30', kos[29], 'long')}" in [ta.key for ta in at.text_area]
    at.selectbox(key="translate-page").set_value(3).run()
    assert [ta.key for ta in at.text_area if ta.key.startswith("en-")] == [
        f"en-{key(f'1.{i}', kos[i - 1], 'long')}" for i in range(40, 46)]


def test_hostile_text_is_escaped_in_the_translate_view(tmp_path, monkeypatch):
    from pathlib import Path

    from tests.e2e.libraries import copy_library

    library = copy_library(Path(__file__).parent / "e2e" / "data" / "hostile", tmp_path / "hostile")
    monkeypatch.setattr(ui_data, "CONTENT_DIR", library / "content")
    monkeypatch.setattr(ui_data, "LOCALES_DIR", library / "locales")
    monkeypatch.setenv("DARI_EDIT_BUNDLED", "1")
    st.cache_resource.clear()
    slug = ui_data.documents()[0]
    at = run({"doc": slug})
    page = html(at)
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page
    assert "<script" not in page and "<img" not in page and 'href="javascript' not in page
    st.cache_resource.clear()


def test_the_title_is_translated_like_a_sentence(lib, editing_on):
    at = run()
    k = key("title", "작은 문서")
    at.text_area(key=f"en-{k}").set_value("A tiny document")
    at.button(key=f"save-{k}").click().run()
    assert po_entry(lib, "작은 문서").msgstr == "A tiny document"
    assert not at.button(key=f"save-{k}").disabled and not [b for b in at.button if b.key == f"join-{k}"]


def test_decomposed_input_is_saved_composed_and_a_second_save_is_no_conflict(lib, editing_on):
    import unicodedata

    at = run()
    k = key(*LAST)
    at.button(key=f"notes-open-{k}").click().run()
    at.text_area(key=f"notes-{k}").set_value(unicodedata.normalize("NFD", "한국어 메모"))
    at.button(key=f"save-{k}").click().run()
    assert po_entry(lib, LAST[1]).comment == "한국어 메모"
    at.text_area(key=f"en-{k}").set_value("The last sentence.")
    at.button(key=f"save-{k}").click().run()
    assert "dari-conflict" not in html(at)
    assert po_entry(lib, LAST[1]).msgstr == "The last sentence."


def test_qa_findings_show_under_their_segment_and_in_the_filter(lib, editing_on):
    path = catalog_path(lib / "locales", "en", "tiny")
    po = polib.pofile(str(path))
    next(e for e in po if e.msgid == "제목입니다").msgstr = "This is a 제목"
    po.save(str(path))
    at = run()
    assert "hangul" in html(at)  # dari.library.qa.check_segment, as `python -m dari check` runs it
    at.segmented_control(key="translate-filter").set_value("findings").run()
    shown = [ta.key for ta in at.text_area if ta.key.startswith("en-")]
    assert f"en-{key('2.1', '제목입니다')}" in shown
    assert f"en-{key(*FIRST)}" not in shown  # translated and clean


def test_notes_are_shown_and_kept_when_only_the_english_is_edited(lib, editing_on):
    at = run()
    assert "The Korean says &quot;reverberation room&quot;." in html(at)
    k = key(*FIRST)
    at.text_area(key=f"en-{k}").set_value("An echo chamber is a room that echoes.")
    at.button(key=f"save-{k}").click().run()
    entry = po_entry(lib, FIRST[1])
    assert entry.msgstr == "An echo chamber is a room that echoes."
    assert entry.comment == 'The Korean says "reverberation room".'


def test_the_translate_page_never_loads_kiwi():
    """Findings and alignment fixes run in the server: none of them may pull in the Kiwi model."""
    import subprocess
    import sys

    from dari import ROOT

    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from dari.library import editing\n"
        "editing.split_english('One. Two.')\n"
        "at = AppTest.from_string('from dari.ui.pages import translate\\ntranslate.main()', default_timeout=60)\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "assert any('dari-t-seg' in h.value for h in at.main if type(h).__name__ == 'Html')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('kiwipiepy', 'ko_pron'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_keep_mine_after_a_conflict_keeps_the_notes_the_other_session_wrote(lib, editing_on):
    a, b = run(), run()
    k = key(*FIRST)
    b.button(key=f"notes-open-{k}").click().run()
    b.text_area(key=f"notes-{k}").set_value("B's note")
    b.button(key=f"save-{k}").click().run()
    a.text_area(key=f"en-{k}").set_value("A's English.")
    a.button(key=f"save-{k}").click().run()
    assert "dari-conflict" in html(a)
    a.button(key=f"keep-{k}").click().run()
    entry = po_entry(lib, FIRST[1])
    assert entry.msgstr == "A's English." and entry.comment == "B's note"


def test_checking_the_files_shows_what_dari_check_finds_beyond_the_segments(lib, editing_on):
    path = catalog_path(lib / "locales", "en", "tiny")
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid="사라진 문장.", msgstr="A vanished sentence.", obsolete=True))
    po.save(str(path))
    at = run()
    at.button(key="translate-check-files").click().run()
    assert not at.exception
    page = html(at)
    assert "obsolete" in page and "사라진 문장." in page
