"""Saved words out of Dari: an Anki package (.apkg, genanki) and a CSV with the same fields.

One row per saved word, from the first sentence it was saved from. Anki notes get a GUID
derived from the dictionary form and part of speech only, so importing a newer export
updates the notes already in Anki instead of duplicating them.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import genanki

from dari.learner.store import SavedWord
from dari.render import esc, render_marked

FIELDS = ("Word", "Dictionary form", "Meaning", "Romanization", "Korean sentence", "English sentence", "Source")
# Hard-coded, as genanki asks: the same ids every export, so Anki sees one note type and one deck.
MODEL_ID = 1607392319
DECK_ID = 2059400110
DECK_NAME = "Dari · Korean words"

MODEL = genanki.Model(
    MODEL_ID,
    "Dari word in context",
    fields=[{"name": f} for f in FIELDS],
    templates=[{
        "name": "Korean → meaning",
        "qfmt": '<div class="ko">{{Korean sentence}}</div><div class="word">{{Word}}</div>',
        "afmt": ('{{FrontSide}}<hr id="answer"><div class="lemma">{{Dictionary form}}</div>'
                 '<div class="meaning">{{Meaning}}</div><div class="rom">{{Romanization}}</div>'
                 '<div class="en">{{English sentence}}</div><div class="source">{{Source}}</div>'),
    }],
    css=(".card { font-family: 'Nanum Gothic', 'Noto Sans KR', sans-serif; font-size: 20px; text-align: center; }"
         " .ko { font-size: 26px; } .ko b { color: #b3261e; } .word { opacity: .6; } .lemma { font-size: 28px; }"
         " .rom, .source { opacity: .6; font-size: 16px; } .en { margin-top: .6em; }"),
)


@dataclass(frozen=True)
class Row:
    """One exported word: the seven fields, as plain text (the .apkg escapes and bolds)."""

    word: str
    lemma: str
    meaning: str
    romanization: str
    korean: str
    english: str
    source: str
    pos: str = ""

    def cells(self) -> tuple[str, ...]:
        return (self.word, self.lemma, self.meaning, self.romanization, self.korean, self.english, self.source)


def rows(words: Iterable[SavedWord], titles: Mapping[str, str] | None = None,
         meaning_of: Callable[[str, str], str] | None = None) -> list[Row]:
    """The export rows. ``titles``: document slug -> title for the Source field;
    ``meaning_of``: the lexicon's gloss for a word with no meaning of its own."""
    titles = titles or {}
    out = []
    for w in words:
        first = w.sentences[0] if w.sentences else None
        meaning = w.meaning or (meaning_of(w.lemma, w.pos) if meaning_of else "") or ""
        source = ""
        if first is not None:
            source = titles.get(first.doc, first.doc) + (f" ¶{first.block}" if first.block else "")
        out.append(Row(word=first.surface if first else w.lemma, lemma=w.lemma, meaning=meaning,
                       romanization=first.romanization if first else "", korean=first.korean if first else "",
                       english=first.english if first else "", source=source, pos=w.pos))
    return out


def note_guid(lemma: str, pos: str) -> str:
    return genanki.guid_for(lemma, pos)


def apkg_bytes(export_rows: Iterable[Row]) -> bytes:
    """An Anki package of the rows, as bytes (genanki writes files only: via a temp file)."""
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for r in export_rows:
        fields = [esc(r.word), esc(r.lemma), esc(r.meaning), esc(r.romanization),
                  render_marked(r.korean, r.word, "b"), esc(r.english), esc(r.source)]
        deck.add_note(genanki.Note(model=MODEL, fields=fields, guid=note_guid(r.lemma, r.pos), tags=["dari"]))
    with tempfile.TemporaryDirectory(prefix="dari-apkg-") as tmp:
        path = Path(tmp) / "dari.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()


# Full-width ＝＋－＠ too: some spreadsheets read them as formula signs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def spreadsheet_safe(cell: object) -> str:
    """A cell a spreadsheet shows as text, never runs: one starting with =, +, -, @, a tab
    or a line break gets a leading apostrophe (OWASP's advice for CSV injection).

    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> spreadsheet_safe("썩다")
    '썩다'
    """
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(export_rows: Iterable[Row]) -> bytes:
    """UTF-8 with a BOM (so Excel reads Hangul), a header row, every cell spreadsheet_safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for r in export_rows:
        writer.writerow([spreadsheet_safe(c) for c in r.cells()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
