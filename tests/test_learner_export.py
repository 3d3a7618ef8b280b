"""Anki and CSV export: open the real .apkg (a zip holding SQLite) and the real CSV bytes."""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile

import pytest

from dari.learner import export, store
from dari.learner.export import FIELDS, spreadsheet_safe
from dari.learner.store import Sentence

ALICE = "alice-browser-0000001"


@pytest.fixture
def engine(tmp_path):
    eng = store.connect(store.sqlite_url(tmp_path / "dari.sqlite3"))
    store.save_word(eng, ALICE, "썩다", "verb", sentence=Sentence(
        doc="article", segment="3.2", block=3, korean="지금 SNS는 썩었다", english="Social media is rotten now.",
        surface="썩었다", romanization="sseogeotda"), meaning="to rot")
    store.save_word(eng, ALICE, "=cmd", "noun", sentence=Sentence(
        doc="article", segment="4.1", block=4, korean="<script>=cmd</script> 이다", english="@SUM(A1)",
        surface="=cmd"))
    yield eng
    eng.dispose()


def _notes(apkg: bytes, tmp_path) -> list[tuple[str, list[str]]]:
    with zipfile.ZipFile(io.BytesIO(apkg)) as z:
        name = next(n for n in z.namelist() if n.startswith("collection.anki2"))
        (tmp_path / "c.db").write_bytes(z.read(name))
    with sqlite3.connect(tmp_path / "c.db") as db:
        return [(guid, flds.split("\x1f")) for guid, flds in db.execute("SELECT guid, flds FROM notes ORDER BY id")]


def test_apkg_holds_one_note_per_word_with_stable_guids(engine, tmp_path):
    rows = export.rows(store.words(engine, ALICE), titles={"article": "SNS는 썩었다"},
                       meaning_of=lambda lemma, pos: "a command" if lemma == "=cmd" else "")
    notes = _notes(export.apkg_bytes(rows), tmp_path)
    by_lemma = {fields[1]: (guid, fields) for guid, fields in notes}
    guid, fields = by_lemma["썩다"]
    assert dict(zip(FIELDS, fields, strict=True)) == {
        "Word": "썩었다", "Dictionary form": "썩다", "Meaning": "to rot", "Romanization": "sseogeotda",
        "Korean sentence": "지금 SNS는 <b>썩었다</b>", "English sentence": "Social media is rotten now.",
        "Source": "SNS는 썩었다 ¶3"}
    assert guid == export.note_guid("썩다", "verb")
    # Content is escaped (Anki fields are HTML); the lexicon fills a missing meaning.
    _, other = by_lemma["=cmd"]
    assert other[4] == "&lt;script&gt;<b>=cmd</b>&lt;/script&gt; 이다" and other[2] == "a command"
    # Exporting again, after more sentences, gives the same GUIDs: Anki updates, never duplicates.
    store.save_word(engine, ALICE, "썩다", "verb", sentence=Sentence(doc="article", segment="9.1", korean="썩은", surface="썩은"))
    again = _notes(export.apkg_bytes(export.rows(store.words(engine, ALICE))), tmp_path)
    assert sorted(g for g, _ in again) == sorted(g for g, _ in notes)
    assert len({g for g, _ in notes}) == 2


def test_csv_is_utf8_with_bom_and_never_a_formula(engine):
    data = export.csv_bytes(export.rows(store.words(engine, ALICE)))
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == list(FIELDS)
    cmd = next(r for r in table[1:] if r[1].endswith("=cmd"))
    assert cmd[0] == "'=cmd" and cmd[1] == "'=cmd" and cmd[5] == "'@SUM(A1)"
    rot = next(r for r in table[1:] if r[1] == "썩다")
    assert rot[4] == "지금 SNS는 썩었다"  # plain text in CSV


@pytest.mark.parametrize("cell, expected", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("＝1", "'＝1"), ("썩다", "썩다"), ("a=b", "a=b"), ("", ""), (None, ""), (3, "3"),
])
def test_spreadsheet_safe(cell, expected):
    assert spreadsheet_safe(cell) == expected
