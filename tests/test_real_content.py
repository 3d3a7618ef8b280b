"""The real library: content/ and locales/ as shipped must be complete and valid."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata

import pytest

from dari import CONTENT_DIR, LOCALES_DIR, ROOT
from dari.library.catalog import catalog_path, read_catalog, translations, write_catalog
from dari.library.check import check_all
from dari.library.content import list_documents, load_document
from dari.library.glossary import load_glossary
from dari.models import BlockKind, Category, Status
from dari.render import TOGGLES, VIEWS

PO_FILES = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po"))


def test_library_is_valid_and_completely_translated():
    assert check_all(CONTENT_DIR, LOCALES_DIR) == []


def test_the_article_has_its_shape():
    doc = load_document(CONTENT_DIR, "musk-twitter-ai")
    headings = [b.ko for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings == ["AI 기술에 진심인 일론머스크", "일론머스크 트위터 인수 목적", "AI 시장을 지켜봐야 하는 이유"]
    assert sum(b.kind is BlockKind.PARAGRAPH for b in doc.blocks) == 18
    assert len(doc.segments) == 71


def test_the_article_is_the_seed_verbatim_without_debris():
    seed = ROOT.parent / "shared" / "seed" / "000_fa01b1b525a4a0e8.txt"
    if not seed.exists():
        pytest.skip("shared/seed is not beside this checkout")
    lines = [ln for ln in seed.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert lines[-1] == "댓글0"
    doc = load_document(CONTENT_DIR, "musk-twitter-ai")
    assert [b.ko for b in doc.blocks] == [unicodedata.normalize("NFC", ln) for ln in lines[:-1]]


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(LOCALES_DIR)))
def test_msgfmt_accepts_every_catalog(path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt is missing: install gettext (scripts/test.sh does)")
    result = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", [*PO_FILES, *sorted(CONTENT_DIR.glob("*.txt"))], ids=lambda p: p.name)
def test_all_text_is_nfc(path):
    assert unicodedata.is_normalized("NFC", path.read_text(encoding="utf-8"))


def _used_ui_keys() -> set[str]:
    keys = set()
    for path in [*(ROOT / "dari").rglob("*.py"), *(ROOT / "dari").rglob("*.js")]:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r'(?:\bt|strings|L)(?:\(|\[)"([a-z_]+\.[a-z_]+)"', text))
        keys |= set(re.findall(r'\bt\(\s*"([a-z_]+\.[a-z_]+)"', text))
    keys |= {f"view.{v}" for v in VIEWS}
    keys |= {f"toggle.{t}" for t in TOGGLES} | {f"toggle.{t}_help" for t in TOGGLES}
    keys |= {f"category.{c.value}" for c in Category}
    return keys


def test_interface_catalogs_cover_every_key_in_both_languages():
    en = translations(read_catalog(LOCALES_DIR / "en/LC_MESSAGES/ui.po"))
    ko = translations(read_catalog(LOCALES_DIR / "ko/LC_MESSAGES/ui.po"))
    assert set(en) == set(ko)
    assert all(t.status is Status.TRANSLATED for t in [*en.values(), *ko.values()])
    missing = _used_ui_keys() - set(en)
    assert not missing, f"keys used in code but not in ui.po: {sorted(missing)}"
    # placeholders agree between languages
    for key in en:
        assert set(re.findall(r"{\w+}", en[key].en)) == set(re.findall(r"{\w+}", ko[key].en)), key


def test_every_document_is_listed():
    assert "musk-twitter-ai" in list_documents(CONTENT_DIR)


def _article_english():
    doc = load_document(CONTENT_DIR, "musk-twitter-ai")
    table = translations(read_catalog(LOCALES_DIR / "en/LC_MESSAGES/musk-twitter-ai.po"))
    return doc, table


def test_every_paragraph_sentence_of_the_english_ends_in_punctuation():
    # Segments of a paragraph are shown run together: one without its full stop makes the
    # paragraph read "...is rotten The reason...". Headings stand alone and need none.
    doc, table = _article_english()
    unended = [(seg.id, table[seg.ko].en) for block in doc.blocks if block.kind is BlockKind.PARAGRAPH
               for seg in block.segments if not re.search(r"[.!?:…][\"')’”]?$", table[seg.ko].en)]
    assert unended == []


def test_the_english_writes_an_ellipsis_with_three_dots():
    doc, table = _article_english()
    assert [s.id for s in doc.segments if re.search(r"(?<!\.)\.\.(?!\.)", table[s.ko].en)] == []


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(LOCALES_DIR)))
def test_every_translator_note_survives_a_write(path, tmp_path):
    # Each "#." line is a note of its own. polib would wrap a line longer than 78 columns
    # into two notes; dari.library.catalog.write_catalog writes notes unwrapped, and this
    # keeps it so for every real catalog.
    po = read_catalog(path)
    write_catalog(po, tmp_path / path.name)
    notes = [(e.msgid, e.comment) for e in po]
    assert [(e.msgid, e.comment) for e in read_catalog(tmp_path / path.name)] == notes


def test_fact_checks_are_labelled_as_such():
    _, table = _article_english()
    notes = [n for t in table.values() for n in t.notes]
    assert [n for n in notes if n.startswith("Check:")] == []
    assert sum(n.startswith("Fact check:") for n in notes) >= 10


def test_glossary_notes_keep_their_hyphens_whole():
    # polib wraps a long "#" note at a hyphen ("co-" / "founded") and the loader joins the
    # lines with a space, so a hyphenated word at a line end would read "co- founded".
    glossary = load_glossary(catalog_path(LOCALES_DIR, "en", "glossary"))
    assert [e.headword for e in glossary if re.search(r"\w- \w", e.note)] == []
