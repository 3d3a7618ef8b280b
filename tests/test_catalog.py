"""PO catalogs through polib: reading, merging a changed document, atomic writes."""

from __future__ import annotations

import polib
import pytest

from dari.library.catalog import (
    check_document_catalog,
    new_catalog,
    read_catalog,
    translations,
    update_catalog,
    write_catalog,
)
from dari.models import ContentError, Status


def _catalog(pairs):
    po = new_catalog("en", "test")
    for ko, en in pairs:
        po.append(polib.POEntry(msgid=ko, msgstr=en))
    return po


def test_statuses_and_notes(library):
    table = translations(read_catalog(library / "locales/en/LC_MESSAGES/tiny.po"))
    assert table["에코 챔버란 반향실이다."].status is Status.TRANSLATED
    assert table["에코 챔버란 반향실이다."].notes == ('The Korean says "reverberation room".',)
    assert table["자연어를 처리한다."].status is Status.FUZZY
    assert table["마지막 문장."].status is Status.UNTRANSLATED


def test_missing_file_is_reported_not_parsed_as_content(tmp_path):
    with pytest.raises(ContentError, match="no such PO file"):
        read_catalog(tmp_path / "missing.po")


def test_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "가"\nmsgstr "a"\nmsgstr "again"\n', encoding="utf-8")
    with pytest.raises(ContentError) as e:
        read_catalog(path)
    assert e.value.problem.path == str(path)
    assert e.value.problem.line is not None


def test_editing_one_sentence_disturbs_no_other_translation():
    po = _catalog([("하나.", "One."), ("트위터가 너무 비쌌다.", "Twitter was too expensive."), ("셋.", "Three.")])
    edited = "트위터가 너무너무 비쌌다."
    report = update_catalog(po, ["하나.", "완전히 새로운 문장.", edited, "셋."])
    table = translations(po)
    assert table["하나."].en == "One." and table["셋."].en == "Three."
    assert table["하나."].status is table["셋."].status is Status.TRANSLATED
    # the edited sentence keeps its old English as a fuzzy suggestion
    assert table[edited].en == "Twitter was too expensive." and table[edited].status is Status.FUZZY
    assert table["완전히 새로운 문장."].status is Status.UNTRANSLATED
    assert report.added == 2 and report.fuzzy == 1 and report.obsoleted == 1
    # never dropped: the old entry is kept as obsolete
    assert [e.msgstr for e in po if e.obsolete] == ["Twitter was too expensive."]
    assert [e.msgid for e in po if not e.obsolete] == ["하나.", "완전히 새로운 문장.", edited, "셋."]


def test_a_sentence_that_comes_back_gets_its_english_back():
    po = _catalog([("하나.", "One."), ("둘.", "Two.")])
    update_catalog(po, ["하나."])
    update_catalog(po, ["하나.", "둘."])
    assert translations(po)["둘."].en == "Two."
    assert translations(po)["둘."].status is Status.TRANSLATED


def test_check_reports_missing_untranslated_fuzzy_and_stale():
    po = _catalog([("하나.", "One."), ("둘.", ""), ("옛.", "Old.")])
    po[0].flags.append("fuzzy")
    problems = check_document_catalog(po, ["하나.", "둘.", "셋."], "x.po")
    text = "\n".join(problems)
    assert "fuzzy: '하나.'" in text and "untranslated: '둘.'" in text
    assert "no entry for '셋.'" in text and "stale entry" in text and "'옛.'" in text


def test_round_trip_is_byte_identical(tmp_path, library):
    source = library / "locales/en/LC_MESSAGES/tiny.po"
    out = tmp_path / "out.po"
    write_catalog(read_catalog(source), out)
    again = tmp_path / "again.po"
    write_catalog(read_catalog(out), again)
    assert out.read_bytes() == again.read_bytes()
