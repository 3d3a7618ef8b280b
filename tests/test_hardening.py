"""Issue 8: one bad file never takes Dari down, no maintainer command loses a translator's
work, no markup becomes an element, no URL or browser state wedges the page, and nothing
outside the library is read. Each test here failed on the code before the fix."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import streamlit as st
from apptest_helpers import library_radio
from streamlit.testing.v1 import AppTest

from dari import ROOT
from dari.i18n import load_strings
from dari.i18n_builtin import STRINGS as BUILTIN
from dari.language.lookup import parse_analysis
from dari.learner.export import spreadsheet_safe
from dari.library.catalog import (
    catalog_path,
    format_catalog,
    new_catalog,
    parse_catalog,
    read_catalog,
    translations,
    write_catalog,
)
from dari.library.content import list_documents, load_document
from dari.library.glossary import MAX_QUERY, load_glossary, search_entries
from dari.models import ContentError, Status
from dari.reading import parse_browser_state, parse_settings
from dari.render import literal
from dari.text import OutsideRoot, read_text
from dari.ui import data as ui_data

APP = str(ROOT / "app.py")
ARTICLE = "musk-twitter-ai"


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def run(params: dict | None = None, state: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if state is not None:
        for k, v in state.items():
            at.session_state[k] = v
        at.run()
    assert not at.exception, at.exception
    return at


def _messages(at: AppTest) -> str:
    return "\n".join(h.value for h in [*at.main, *at.sidebar] if type(h).__name__ == "Html")


def _reader(at: AppTest) -> dict:
    """The reader's payload, with ``text``: its HTML without tags (spans cut words and terms)."""
    for el in at.main:
        proto = getattr(el, "proto", None)
        if proto is not None and getattr(proto, "component_name", "") == "dari_reader":
            payload = json.loads(proto.bytes)
            payload["text"] = re.sub(r"<[^>]+>", "", payload["html"])
            return payload
    raise AssertionError("the reader component is not on the page")


@pytest.fixture
def real_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the real content/ and locales/, with the page pointed at it."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    monkeypatch.setattr(ui_data, "CONTENT_DIR", tmp_path / "content")
    monkeypatch.setattr(ui_data, "LOCALES_DIR", tmp_path / "locales")
    monkeypatch.setattr(ui_data, "GLOSSARY_PATH", catalog_path(tmp_path / "locales", "en", "glossary"))
    return tmp_path


# ---------------------------------------------------------------------------------------
# 1. A broken file costs only what it feeds


def _second_document(root: Path, slug: str = "second") -> None:
    (root / "content" / f"{slug}.txt").write_text("title: 둘째 문서\n\n두 번째 문장이다.\n", encoding="utf-8")


@pytest.mark.parametrize("body", [
    "[" * 100_000 + "]" * 100_000,  # nested too deeply for json
    '{"format": 1, "segments": {"x": {"romanization": "", "words": [{"start": true, "end": 1, "lemma": "", '
    '"pos": "", "romanization": "", "morphemes": []}]}}}',
    '{"format": true, "segments": {}}',
    '{"format": 1, "segments": {"가": {"romanization": 5, "words": []}}}',
    '{"format": 1, "segments": {"가": {"romanization": "", "words": [{"start": 0, "end": ' + "9" * 5000 + ', '
    '"lemma": "", "pos": "", "romanization": "", "morphemes": []}]}}}',
    '\ufeff{"format": 1}',
], ids=["deep-nesting", "bool-offset", "bool-format", "number-for-text", "huge-integer", "bom"])
def test_malformed_analysis_is_a_content_error(body):
    with pytest.raises(ContentError) as e:
        parse_analysis(body, "x.analysis.json")
    assert e.value.problem.path == "x.analysis.json"


def test_a_broken_analysis_costs_only_that_documents_word_cards(real_copy):
    _second_document(real_copy)
    (real_copy / "content" / f"{ARTICLE}.analysis.json").write_text("[" * 100_000, encoding="utf-8")
    at = run({"doc": ARTICLE})
    assert "analysis.json" in _messages(at)
    payload = _reader(at)
    assert payload["words"] == [] and "일론 머스크가" in payload["text"]  # readable, no word cards
    assert "Elon Musk" in payload["text"]  # the English is still there
    other = run({"doc": "second"})  # every other document is untouched
    assert "analysis.json" not in _messages(other)
    assert len(library_radio(other).options) == 2


def test_a_broken_english_ui_catalog_falls_back_to_built_in_strings(real_copy):
    catalog_path(real_copy / "locales", "en", "ui").write_text('msgid "view.side"\nmsgstr "Side', encoding="utf-8")
    at = run({"ui": "en"})
    text = _messages(at)
    assert "built-in English" in text and "ui.po:2" in text
    assert _reader(at)["labels"]["view.side"] == BUILTIN["view.side"]


def test_a_broken_korean_ui_catalog_falls_back_to_english(real_copy):
    catalog_path(real_copy / "locales", "ko", "ui").write_bytes(b"\xff\xfe\x00garbage")
    at = run({"ui": "ko"})
    assert "ko/LC_MESSAGES/ui.po" in _messages(at)
    assert _reader(at)["labels"]["view.side"] == BUILTIN["view.side"]


@pytest.mark.parametrize("translation", ["{n", "{count} of {total}", "{0}", "{n!z}", "{n.real.x}"])
def test_a_translated_string_with_broken_placeholders_never_raises(tmp_path, translation):
    locales = tmp_path / "locales"
    for lang in ("en", "ko"):
        path = catalog_path(locales, lang, "ui")
        path.parent.mkdir(parents=True)
        po = new_catalog(lang, "ui")
        text = translation if lang == "ko" else "{n} of {total} entries"
        po.append(polib.POEntry(msgid="glossary.count", msgstr=text))
        write_catalog(po, path)
    strings = load_strings(locales, "ko")
    assert strings("glossary.count", n=3, total=9)  # never raises; a sensible string comes out
    assert strings.problems == ()


def test_built_in_strings_equal_the_english_catalog():
    """Regenerate with `python scripts/update_builtin_strings.py` when this fails."""
    table = translations(read_catalog(catalog_path(ROOT / "locales", "en", "ui")))
    assert BUILTIN == {k: t.en for k, t in table.items() if t.status is Status.TRANSLATED}


def test_a_broken_glossary_means_no_marks_and_a_message(real_copy):
    catalog_path(real_copy / "locales", "en", "glossary").write_text(
        'msgctxt "glossary"\nmsgid "에코챔버"\nmsgstr "echo\n', encoding="utf-8")
    at = run({"doc": ARTICLE})
    assert "glossary.po:3" in _messages(at)
    payload = _reader(at)
    assert payload["terms"] == {} and "dari-term" not in payload["html"]


# ---------------------------------------------------------------------------------------
# 2. No maintainer command loses a translator's work


def _library(tmp_path: Path, sentences: list[str], po_text: str | None = None) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "doc.txt").write_text("title: 제목\n\n" + "\n".join(sentences) + "\n", encoding="utf-8")
    if po_text is not None:
        path = catalog_path(tmp_path / "locales", "en", "doc")
        path.parent.mkdir(parents=True)
        path.write_text(po_text, encoding="utf-8")
    return tmp_path


def _update(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dari", "--content", str(root / "content"), "--locales", str(root / "locales"),
         "update", "doc"], capture_output=True, text=True, cwd=ROOT, timeout=60)


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_notes_survive_an_entry_going_obsolete_and_coming_back(tmp_path):
    root = _library(tmp_path, ["첫 문장이다.", "둘째 문장이다."], HEADER + (
        '#. a translator note\n#. and a second one\n#, fuzzy\n#| msgid "옛 문장이다."\n'
        'msgid "둘째 문장이다."\nmsgstr "The second sentence."\n'))
    assert _update(root).returncode == 0  # the sentence is still there
    (root / "content" / "doc.txt").write_text("title: 제목\n\n첫 문장이다.\n", encoding="utf-8")
    assert _update(root).returncode == 0  # gone: obsolete
    po_path = catalog_path(root / "locales", "en", "doc")
    assert "#. a translator note" in po_path.read_text(encoding="utf-8")
    (root / "content" / "doc.txt").write_text("title: 제목\n\n첫 문장이다.\n둘째 문장이다.\n", encoding="utf-8")
    assert _update(root).returncode == 0  # back
    entry = next(e for e in read_catalog(po_path) if e.msgid == "둘째 문장이다.")
    assert not entry.obsolete and entry.msgstr == "The second sentence."
    assert entry.comment == "a translator note\nand a second one"
    assert entry.flags == ["fuzzy"] and entry.previous_msgid == "옛 문장이다."


@pytest.mark.parametrize(("po_body", "line", "message"), [
    ('msgid "첫 문장이다."\nmsgstr "One."\n\nmsgid "첫 문장이다."\nmsgstr "Another."\n', 8, "duplicate msgid"),
    ('msgid "첫 문장이다."\nmsgstr "The first sentenc\n', 6, "unterminated"),
    ('msgid "첫 문장이다.\\n"\nmsgstr "One."\n', 6, "msgfmt --check rejects it"),
    ('msgid "첫 문장이다."\nmsgstr "One \\q."\n', 6, "msgfmt --check rejects it"),
], ids=["duplicate-msgid", "missing-closing-quote", "newline-mismatch", "invalid-escape"])
def test_update_refuses_a_catalog_msgfmt_rejects(tmp_path, po_body, line, message):
    root = _library(tmp_path, ["첫 문장이다."], HEADER + po_body)
    path = catalog_path(root / "locales", "en", "doc")
    before = path.read_bytes()
    result = _update(root)
    assert result.returncode == 1
    assert f"doc.po:{line}: " in result.stderr and message in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before
    if shutil.which("msgfmt"):  # agrees with GNU gettext
        assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True).returncode != 0


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1c", "\x1e", "\x0b", "\x0c"])
def test_a_sentence_with_a_line_separator_reads_back_as_the_same_msgid(tmp_path, separator):
    sentence = f"첫 문장{separator}이다."
    root = _library(tmp_path, [sentence])
    assert _update(root).returncode == 0
    po = read_catalog(catalog_path(root / "locales", "en", "doc"))
    assert sentence in translations(po)
    assert [e.msgid for e in po if e.msgid != "제목"] == [sentence]


def test_write_refuses_a_catalog_that_would_not_read_back(tmp_path):
    path = tmp_path / "x.po"
    po = new_catalog("en", "t")
    po.append(polib.POEntry(msgid="가", msgstr="A"))
    write_catalog(po, path)
    before = path.read_bytes()
    po[0].flags = ["fuzzy, c-format"]  # one flag that reads back as two
    with pytest.raises(ContentError, match="would read back differently"):
        write_catalog(po, path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".x.po.*"))  # no temporary file left behind


def test_the_bundled_catalogs_are_written_byte_for_byte_as_they_are():
    for path in sorted((ROOT / "locales").rglob("*.po")):
        assert format_catalog(read_catalog(path)) == path.read_text(encoding="utf-8"), path


# ---------------------------------------------------------------------------------------
# 3. Markup in labels


@pytest.mark.parametrize("text", [
    "**x** ![i](http://host/t.png)", "[link](javascript:alert(1))", "<img src=x onerror=alert(1)>",
    ":red[빨강] :smile: :material/home:", "$x^2$", "# heading", "- item", "1. item", "`code`", "a\nb\u2028c",
    "&lt;b&gt;", "~~strike~~", "| a | b |",
])
def test_literal_escapes_every_markdown_construct(text):
    out = literal(text)
    assert "\n" not in out and "\u2028" not in out
    # Removing the escapes (and the word joiners after colons) gives the text back.
    assert re.sub(r"\\(.)", r"\1", out).replace("\u2060", "") == re.sub(r"[\n\u2028]", " ", text)
    for special in "*[]()<>`$#&|~!:":
        assert all(out[i - 1] == "\\" for i, ch in enumerate(out) if ch == special)


def test_library_and_glossary_labels_reach_streamlit_escaped(real_copy):
    (real_copy / "content" / "marked.txt").write_text(
        "title: **굵게** ![i](http://127.0.0.1:9/t.png)\n\n본문이다.\n", encoding="utf-8")
    at = run({"doc": "marked"})
    label = next(o for o in library_radio(at).options if "굵게" in o)  # AppTest gives the formatted labels
    assert label.startswith("\\*\\*굵게\\*\\*") and "\\!\\[i\\]" in label


# ---------------------------------------------------------------------------------------
# 4. URL parameters and browser state


@pytest.mark.parametrize("params", [{"p": "²"}, {"page": "①"}, {"p": "٣"}, {"page": "9" * 50}, {"p": "-1"},
                                    {"page": "0"}, {"term": "x" * 10_000}, {"doc": "가" * 10_000}])
def test_malformed_numbers_in_the_url_never_crash_the_page(params):
    at = run(params)
    assert "일론 머스크가" in _reader(at)["text"]


def test_parse_settings_reads_only_ascii_numbers():
    settings, _ = parse_settings({"p": "²", "page": "①"}, ["a"])
    assert settings.p is None and settings.page == 1
    settings, _ = parse_settings({"p": " 7 ", "page": "3"}, ["a"])
    assert settings.p == 7 and settings.page == 3


@pytest.mark.parametrize("reported", [
    "not an object", 42, ["a"], {"settings": "x"}, {"settings": {"view": ["side"]}},
    {"settings": {"study": "yes"}}, {"settings": {"page": True}}, {"settings": {"page": 10**30}},
    {"settings": {"revealed": ["1.1"] * 100_000}}, {"settings": {"revealed": [{"a": [[[]]]}]}},
    {"paragraph": "3"}, {"term": ["x"]}, {"word": {"index": "1"}},
], ids=lambda r: repr(r)[:40])
def test_a_malformed_browser_state_is_reset_with_a_message(reported):
    at = run(state={"reader": reported})
    assert "could not use" in _messages(at)
    assert "일론 머스크가" in _reader(at)["text"]
    at.run()  # and the next run is clean: the state does not stick
    assert not at.exception and "could not use" not in _messages(at)


def test_a_deeply_nested_browser_state_is_refused_without_recursing():
    nested: object = []
    for _ in range(100_000):
        nested = [nested]
    state, problem = parse_browser_state({"settings": {"revealed": nested}})
    assert problem and state.settings == {}


def test_glossary_queries_are_capped():
    glossary = load_glossary(catalog_path(ROOT / "locales", "en", "glossary"))
    huge = "에코" + "챔" * 2_000_000
    assert search_entries(huge, glossary) == search_entries(huge[:MAX_QUERY], glossary)


# ---------------------------------------------------------------------------------------
# 5. Nothing outside the library


def test_a_symlinked_document_is_never_listed_nor_read(real_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("title: SECRET LINE\n\n비밀.\n", encoding="utf-8")
    (real_copy / "content" / "leak.txt").symlink_to(outside)
    assert "leak" not in list_documents(real_copy / "content")
    with pytest.raises(KeyError):
        load_document(real_copy / "content", "leak")
    at = run({"doc": "leak"})
    assert "SECRET" not in _messages(at) and all("SECRET" not in str(o) for o in library_radio(at).options)


def test_a_symlinked_catalog_is_refused(real_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "x.po"
    outside.write_text(HEADER + 'msgid "일론 머스크가 결국"\nmsgstr "LEAKED"\n', encoding="utf-8")
    path = catalog_path(real_copy / "locales", "en", ARTICLE)
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(ContentError, match="symbolic link"):
        read_catalog(path, real_copy / "locales")
    at = run({"doc": ARTICLE})
    assert "symbolic link" in _messages(at) and "LEAKED" not in _reader(at)["html"]


def test_a_file_reached_through_a_symlinked_directory_is_outside_the_root(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.txt").write_text("x", encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    (root / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutsideRoot):
        read_text(root / "sub" / "a.txt", root)


def test_po_content_that_is_a_path_is_parsed_as_content_never_opened(tmp_path):
    real = tmp_path / "real.po"
    real.write_text(HEADER + 'msgid "가"\nmsgstr "SHOULD NOT BE READ"\n', encoding="utf-8")
    try:
        po = parse_catalog(str(real), "looks-like-a-path.po")
    except ContentError:
        return  # refused as content: fine
    assert all(e.msgstr != "SHOULD NOT BE READ" for e in po)


# ---------------------------------------------------------------------------------------
# 7. Spreadsheet formulas


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+82", "'+82"), ("-ㄴ다", "'-ㄴ다"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("＝1", "'＝1"), ("썩다", "썩다"), ("", ""), (None, ""), ("a=b", "a=b"),
])
def test_spreadsheet_cells_never_run_as_formulas(cell, safe):
    assert spreadsheet_safe(cell) == safe
