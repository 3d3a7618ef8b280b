"""Alignment fixes: join, split, and move an English sentence between segments.

Each operation takes a Document and its catalog (a POFile from dari.library.catalog) and
returns the new Document; the catalog is changed in place through catalog.put_entry and
catalog.retire_entry, so this module never touches polib. An operation either succeeds
whole or raises EditError before changing anything.

What holds after every operation (tests/test_editing.py proves it over random sequences):

* every Korean text of the document has exactly one live PO entry, and no live entry is left
  without a text: the entries of texts that disappeared become obsolete (``#~``), never dropped;
* no character is lost or duplicated: the Korean of all segments, and their English, read in
  order with whitespace ignored, is what it was; every translator note is still there.

Design choices where the issue is silent:

* A join stays inside a paragraph (block); joining across paragraphs would change the page's
  structure, which is an edit of the document, not of the alignment.
* A split of the Korean at an offset either splits the English at an offset too, or leaves the
  whole English on the first part, marked fuzzy, with the second part untranslated: the view
  then shows the first part "needs review" until a translator moves the rest.
* English moves cross paragraph boundaries: a sentence in the wrong paragraph is the typical
  misalignment of an imported translation.
* The entry of a Korean text that occurs twice is shared (one translation), so an operation
  that would change a shared entry's English is refused: it would change the other occurrence too.
* A joined entry is fuzzy if either part was, or if only one part had English (the English then
  covers only part of the Korean). An entry that receives a moved sentence while untranslated
  becomes fuzzy: the English arrived by alignment, not written for this Korean.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from dari.library.catalog import (
    EntryText,
    entry_texts,
    new_catalog,
    order_entries,
    put_entry,
    read_catalog,
    retire_entry,
    write_catalog,
)
from dari.library.content import load_document, save_document
from dari.models import Block, Document, Segment


class EditError(ValueError):
    """An operation that cannot be done as asked; nothing was changed."""


def english_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each English sentence of ``text``, in order, paragraphs flattened:
    dari.library.align's splitter (titles, initials, abbreviations, decimals, lost line breaks)."""
    from dari.library.align import english_sentence_spans  # numpy: loaded on first use, not at import

    return [span for paragraph in english_sentence_spans(text) for span in paragraph]


def split_english(text: str) -> list[str]:
    """The sentences of an English text, each an exact slice of it."""
    return [text[a:b] for a, b in english_spans(text)]


_KO_SENTENCE_END = re.compile(r"(?:[.?!…~。」”’)]|[다요음임함됨죠까네군지]|ㅋ|ㅎ)(?=\s)")


def split_points(ko: str) -> list[int]:
    """Offsets where a Korean segment can be split: after a sentence-final mark or ending
    followed by a space. Falls back to every space when the segment has no such boundary."""
    points = [m.end() for m in _KO_SENTENCE_END.finditer(ko)]
    if not points:
        points = [m.start() for m in re.finditer(r"\s+", ko)]
    return [p for p in points if ko[:p].strip() and ko[p:].strip()]


def english_split_points(en: str) -> list[int]:
    """Offsets between the English sentences (for splitting the English with the Korean)."""
    return [end for _, end in english_spans(en)[:-1]]


@dataclass(frozen=True)
class Position:
    block: int  # index into doc.blocks
    index: int  # index into that block's segments
    flat: int  # index into doc.segments


def locate(doc: Document, segment_id: str) -> Position:
    flat = 0
    for b, block in enumerate(doc.blocks):
        for i, seg in enumerate(block.segments):
            if seg.id == segment_id:
                return Position(b, i, flat)
            flat += 1
    raise EditError(f"no segment {segment_id!r} in {doc.slug}")


def _with_block(doc: Document, b: int, kos: list[str]) -> Document:
    """The document with block ``b``'s segments replaced by ``kos`` (renumbered)."""
    old = doc.blocks[b]
    segments = tuple(Segment(f"{old.number}.{k}", ko) for k, ko in enumerate(kos, start=1))
    blocks = list(doc.blocks)
    blocks[b] = Block(old.number, old.kind, segments)
    return replace(doc, blocks=tuple(blocks))


def _uses(doc: Document) -> Counter:
    return Counter([doc.title, *(s.ko for s in doc.segments)])


def _commit(doc: Document, new: Document, po, writes: dict[str, EntryText]) -> Document:
    """Check, then write the entries and retire those whose Korean is gone."""
    uses = _uses(new)
    for ko in writes:
        if uses[ko] != 1:
            raise EditError(
                f"the sentence {ko!r} would occur {uses[ko]} times in the document; "
                "its translation is shared, so this change would alter the other occurrence too"
            )
    for ko, text in writes.items():
        put_entry(po, ko, text)
    gone = set(_uses(doc)) - set(uses)
    for ko in gone:
        retire_entry(po, ko)
    order_entries(po, new.texts)
    return new


def _text_of(po, ko: str) -> EntryText:
    return entry_texts(po).get(ko, EntryText())


def _spaced(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


def join_with_next(doc: Document, po, segment_id: str) -> Document:
    """Join a segment with the next one of its paragraph: Korean and English each joined with
    a space, notes of both kept, fuzzy if either was (or only one had English)."""
    pos = locate(doc, segment_id)
    block = doc.blocks[pos.block]
    if pos.index + 1 >= len(block.segments):
        raise EditError(f"segment {segment_id} is the last of its paragraph: nothing to join it with")
    a, b = block.segments[pos.index], block.segments[pos.index + 1]
    ta, tb = _text_of(po, a.ko), _text_of(po, b.ko)
    en = _spaced(ta.msgstr, tb.msgstr)
    partial = bool(ta.msgstr.strip()) != bool(tb.msgstr.strip())
    fuzzy = bool(en) and (ta.fuzzy or tb.fuzzy or partial)

    def written_for(seg: Segment, t: EntryText) -> str:
        if not t.msgstr.strip():
            return ""
        return t.previous_msgid if t.fuzzy and t.previous_msgid else seg.ko

    previous = _spaced(written_for(a, ta), written_for(b, tb)) if fuzzy else None
    joined = f"{a.ko} {b.ko}"
    kos = [s.ko for s in block.segments]
    kos[pos.index:pos.index + 2] = [joined]
    new = _with_block(doc, pos.block, kos)
    previous = previous if previous and previous != joined else None  # "#| msgid" equal to the msgid says nothing
    return _commit(doc, new, po, {joined: EntryText(en, fuzzy, tuple(dict.fromkeys(ta.notes + tb.notes)), previous)})


def split_segment(doc: Document, po, segment_id: str, ko_offset: int, en_offset: int | None = None) -> Document:
    """Split a segment's Korean at ``ko_offset`` (spaces at the cut are dropped: segments of a
    paragraph are joined by one). The English is split at ``en_offset``, or, when None, stays
    whole on the first part (marked fuzzy) and the second part is untranslated. Notes stay on
    the first part."""
    pos = locate(doc, segment_id)
    seg = doc.blocks[pos.block].segments[pos.index]
    left, right = seg.ko[:ko_offset].rstrip(), seg.ko[ko_offset:].lstrip()
    if not 0 < ko_offset < len(seg.ko) or not left or not right:
        raise EditError(f"offset {ko_offset} does not split {seg.ko!r} into two non-empty parts")
    t = _text_of(po, seg.ko)
    previous = t.previous_msgid if t.fuzzy and t.previous_msgid else seg.ko
    if en_offset is None:
        en1, en2 = t.msgstr.strip(), ""
        first = EntryText(en1, bool(en1), t.notes, previous if en1 else None)
        second = EntryText()
    else:
        if not 0 <= en_offset <= len(t.msgstr):
            raise EditError(f"offset {en_offset} is outside the English ({len(t.msgstr)} characters)")
        en1, en2 = t.msgstr[:en_offset].strip(), t.msgstr[en_offset:].strip()
        keep = t.previous_msgid if t.fuzzy else None
        first = EntryText(en1, t.fuzzy and bool(en1), t.notes, keep)
        second = EntryText(en2, t.fuzzy and bool(en2), (), keep)
    if left == right:
        raise EditError(f"both halves would be {left!r}: one Korean text has one translation")
    kos = [s.ko for s in doc.blocks[pos.block].segments]
    kos[pos.index:pos.index + 1] = [left, right]
    new = _with_block(doc, pos.block, kos)
    return _commit(doc, new, po, {left: first, right: second})


def _received(t: EntryText, en: str) -> EntryText:
    """An entry that receives a moved sentence: untranslated ones become fuzzy (see the module doc)."""
    return replace(t, msgstr=en, fuzzy=t.fuzzy or not t.msgstr.strip())


def _given(t: EntryText, en: str) -> EntryText:
    return replace(t, msgstr=en, fuzzy=t.fuzzy and bool(en), previous_msgid=t.previous_msgid if en else None)


def _neighbours(doc: Document, po, segment_id: str, step: int):
    """For moving an English sentence between a segment and its neighbour ``step`` away
    (-1: the previous, +1: the next): both segments, their entries' texts and the English
    sentence spans of the segment, or EditError when there is nothing to move."""
    pos = locate(doc, segment_id)
    if not 0 <= pos.flat + step < len(doc.segments):
        where, which = ("first", "previous") if step < 0 else ("last", "next")
        raise EditError(f"segment {segment_id} is the {where}: there is no {which} segment")
    seg, other = doc.segments[pos.flat], doc.segments[pos.flat + step]
    t, to = _text_of(po, seg.ko), _text_of(po, other.ko)
    spans = english_spans(t.msgstr)
    if not spans:
        raise EditError(f"segment {segment_id} has no English to move")
    if seg.ko == other.ko:
        raise EditError("the two segments have the same Korean and so share one translation")
    return seg, other, t, to, spans


def move_first_sentence_to_previous(doc: Document, po, segment_id: str) -> Document:
    """Move the first English sentence of a segment to the end of the previous segment's English."""
    seg, prev, t, tp, spans = _neighbours(doc, po, segment_id, -1)
    a, b = spans[0]
    moved, rest = t.msgstr[a:b], t.msgstr[b:]
    return _commit(doc, doc, po, {prev.ko: _received(tp, _spaced(tp.msgstr, moved)), seg.ko: _given(t, rest.strip())})


def move_last_sentence_to_next(doc: Document, po, segment_id: str) -> Document:
    """Move the last English sentence of a segment to the start of the next segment's English."""
    seg, nxt, t, tn, spans = _neighbours(doc, po, segment_id, +1)
    a, b = spans[-1]
    moved, rest = t.msgstr[a:b], t.msgstr[:a]
    return _commit(doc, doc, po, {nxt.ko: _received(tn, _spaced(moved, tn.msgstr)), seg.ko: _given(t, rest.strip())})


def save(content_dir: Path, po_path: Path, old: Document, new: Document, po) -> None:
    """Write an operation's result: the catalog first, then the document (each atomic).

    In between, a reader sees the old document with its old entries obsolete, so those
    sentences show as untranslated for a moment; a crash there loses nothing (the English is
    in the obsolete entries, and ``python -m dari update`` revives them). The document is not
    written when the operation did not change it (a move).
    """
    write_catalog(po, po_path)
    if new != old:
        save_document(content_dir, new)


# --- Saving from the Translate view -----------------------------------------------------------------
# The Streamlit server runs every browser session as a thread of one process: a lock per catalog
# makes "read, compare, write" one step, so two sessions saving at once cannot both pass the check.

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def catalog_lock(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path.resolve(), threading.Lock())


def _read_or_new(po_path: Path, slug: str):
    return read_catalog(po_path) if po_path.is_file() else new_catalog("en", f"dari {slug}")


def save_entry(po_path: Path, slug: str, ko: str, base: EntryText, mine: EntryText) -> EntryText | None:
    """Write ``mine`` as the entry of ``ko`` unless the entry on disk is no longer ``base``
    (what the form was opened with). Returns None when saved, else the entry as it is on disk
    now: a conflict for the translator to settle, never an overwrite."""
    with catalog_lock(po_path):
        po = _read_or_new(po_path, slug)
        disk = entry_texts(po).get(ko, EntryText())
        if disk.fingerprint != base.fingerprint:
            return disk
        if disk == mine:
            return None
        put_entry(po, ko, mine)
        write_catalog(po, po_path)
        return None


def merge_entry(base: EntryText, mine: EntryText, theirs: EntryText) -> EntryText:
    """My edit on top of theirs, field by field: what I did not change (English, notes, the
    fuzzy flag) is taken from theirs. "Keep mine" in a conflict writes this, so keeping my
    English never throws away the notes someone else wrote meanwhile."""
    msgstr = mine.msgstr if mine.msgstr != base.msgstr else theirs.msgstr
    notes = mine.notes if mine.notes != base.notes else theirs.notes
    fuzzy = mine.fuzzy if mine.fuzzy != base.fuzzy else theirs.fuzzy
    previous = (mine if mine.fuzzy == fuzzy else theirs).previous_msgid if fuzzy else None
    return EntryText(msgstr, fuzzy and bool(msgstr.strip()), notes, previous)


def apply_operation(
    content_dir: Path,
    po_path: Path,
    slug: str,
    segment_id: str,
    expected_ko: str,
    operation: Callable[..., Document],
    *args: object,
) -> Document:
    """Run an alignment operation on the files as they are now, and save the result.

    The segment must still hold the Korean the translator saw (another session may have
    joined or split since): otherwise EditError, and nothing is written.
    """
    with catalog_lock(po_path):
        doc = load_document(content_dir, slug)
        po = _read_or_new(po_path, slug)
        try:
            current = doc.segment(segment_id).ko
        except KeyError:
            current = None
        if current != expected_ko:
            raise EditError(f"segment {segment_id} changed since the page was shown; look again")
        new = operation(doc, po, segment_id, *args)
        save(content_dir, po_path, doc, new, po)
        return new
