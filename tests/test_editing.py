"""Alignment fixes (dari.library.editing): each operation on a real PO file, and the property that
no sequence of them loses or duplicates a character of either text or a translator note."""

from __future__ import annotations

import re

import polib
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dari.library import editing
from dari.library.catalog import catalog_path, entry_texts, new_catalog, read_catalog, write_catalog
from dari.library.content import format_document, load_document, parse_document
from dari.library.editing import EditError
from dari.models import Block, BlockKind, Document, Segment


def _doc(*blocks: list[str], title: str = "제목") -> Document:
    return Document("doc", title, "", tuple(
        Block(n, BlockKind.PARAGRAPH, tuple(Segment(f"{n}.{k}", ko) for k, ko in enumerate(b, start=1)))
        for n, b in enumerate(blocks, start=1)
    ))


def _po(pairs: dict[str, str | tuple]) -> polib.POFile:
    po = new_catalog("en", "test")
    for ko, value in pairs.items():
        en, flags, notes = (value, [], "") if isinstance(value, str) else value
        po.append(polib.POEntry(msgid=ko, msgstr=en, flags=list(flags), comment=notes))
    return po


def _live(po) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if not e.obsolete}


def _obsolete(po) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if e.obsolete}


def test_join_joins_korean_english_and_notes_and_obsoletes_the_parts():
    doc = _doc(["가는 말이 고와야.", "오는 말이 곱다."])
    po = _po({"제목": "Title", "가는 말이 고와야.": ("Speak kindly.", [], "note a"),
              "오는 말이 곱다.": ("Be spoken to kindly.", ["fuzzy"], "note b")})
    new = editing.join_with_next(doc, po, "1.1")
    assert [s.ko for s in new.segments] == ["가는 말이 고와야. 오는 말이 곱다."]
    assert new.segments[0].id == "1.1"
    entry = _live(po)["가는 말이 고와야. 오는 말이 곱다."]
    assert entry.msgstr == "Speak kindly. Be spoken to kindly."
    assert entry.comment == "note a\nnote b"
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid is None  # both parts' English was written for exactly this Korean
    assert set(_obsolete(po)) == {"가는 말이 고와야.", "오는 말이 곱다."}
    assert _obsolete(po)["오는 말이 곱다."].msgstr == "Be spoken to kindly."


def test_join_with_one_untranslated_part_is_fuzzy_and_remembers_the_korean_it_had():
    doc = _doc(["하나다.", "둘이다."])
    po = _po({"제목": "T", "하나다.": "One.", "둘이다.": ""})
    editing.join_with_next(doc, po, "1.1")
    entry = _live(po)["하나다. 둘이다."]
    assert entry.msgstr == "One." and "fuzzy" in entry.flags and entry.previous_msgid == "하나다."


def test_join_refuses_the_last_segment_of_a_paragraph():
    doc = _doc(["하나다."], ["둘이다."])
    po = _po({"제목": "T", "하나다.": "One.", "둘이다.": "Two."})
    before = str(po)
    with pytest.raises(EditError, match="last of its paragraph"):
        editing.join_with_next(doc, po, "1.1")
    assert str(po) == before


def test_split_korean_and_english_at_offsets():
    doc = _doc(["비가 온다. 바람이 분다."])
    po = _po({"제목": "T", "비가 온다. 바람이 분다.": ("It rains. The wind blows.", [], "weather")})
    ko_cut = editing.split_points("비가 온다. 바람이 분다.")
    en_cut = editing.english_split_points("It rains. The wind blows.")
    assert ko_cut == [6] and en_cut == [9]
    new = editing.split_segment(doc, po, "1.1", ko_cut[0], en_cut[0])
    assert [(s.id, s.ko) for s in new.segments] == [("1.1", "비가 온다."), ("1.2", "바람이 분다.")]
    live = _live(po)
    assert live["비가 온다."].msgstr == "It rains." and live["비가 온다."].comment == "weather"
    assert live["바람이 분다."].msgstr == "The wind blows." and "fuzzy" not in live["바람이 분다."].flags
    assert _obsolete(po)["비가 온다. 바람이 분다."].msgstr == "It rains. The wind blows."


def test_split_without_an_english_offset_keeps_the_english_on_the_first_part_for_review():
    doc = _doc(["비가 온다. 바람이 분다."])
    po = _po({"제목": "T", "비가 온다. 바람이 분다.": "It rains. The wind blows."})
    editing.split_segment(doc, po, "1.1", 6)
    live = _live(po)
    assert live["비가 온다."].msgstr == "It rains. The wind blows."
    assert "fuzzy" in live["비가 온다."].flags and live["비가 온다."].previous_msgid == "비가 온다. 바람이 분다."
    assert live["바람이 분다."].msgstr == ""


def test_split_refuses_an_empty_half():
    doc = _doc(["비가 온다."])
    po = _po({"제목": "T", "비가 온다.": "It rains."})
    with pytest.raises(EditError):
        editing.split_segment(doc, po, "1.1", 0)


def test_move_the_first_english_sentence_to_the_previous_segment_across_paragraphs():
    doc = _doc(["하나다."], ["둘이다."])
    po = _po({"제목": "T", "하나다.": "", "둘이다.": "One. Two."})
    new = editing.move_first_sentence_to_previous(doc, po, "2.1")
    assert new == doc
    live = _live(po)
    assert live["하나다."].msgstr == "One." and "fuzzy" in live["하나다."].flags  # arrived by alignment
    assert live["둘이다."].msgstr == "Two." and "fuzzy" not in live["둘이다."].flags
    assert not _obsolete(po)


def test_move_the_last_english_sentence_to_the_next_segment():
    doc = _doc(["하나다.", "둘이다."])
    po = _po({"제목": "T", "하나다.": "One. Mr. Two said so.", "둘이다.": "Three."})
    editing.move_last_sentence_to_next(doc, po, "1.1")
    live = _live(po)
    assert live["하나다."].msgstr == "One."
    assert live["둘이다."].msgstr == "Mr. Two said so. Three."


def test_a_change_to_a_shared_translation_is_refused():
    doc = _doc(["같다.", "다르다.", "같다."])
    po = _po({"제목": "T", "같다.": "Same. Really.", "다르다.": "Other."})
    before = str(po)
    with pytest.raises(EditError, match="shared"):
        editing.move_last_sentence_to_next(doc, po, "1.1")
    assert str(po) == before


def test_joining_a_shared_sentence_keeps_its_entry_for_the_other_occurrence():
    doc = _doc(["같다.", "다르다.", "같다."])
    po = _po({"제목": "T", "같다.": "Same.", "다르다.": "Other."})
    editing.join_with_next(doc, po, "1.1")
    live = _live(po)
    assert set(live) == {"제목", "같다. 다르다.", "같다."}
    assert set(_obsolete(po)) == {"다르다."}


def test_an_obsolete_entry_revived_by_an_operation_keeps_its_old_english():
    doc = _doc(["하나다.", "둘이다."])
    po = _po({"제목": "T", "하나다.": "One.", "둘이다.": "Two.", "하나다. 둘이다.": "Old."})
    po[-1].obsolete = True
    editing.join_with_next(doc, po, "1.1")
    entry = _live(po)["하나다. 둘이다."]
    assert entry.msgstr == "One. Two." and "earlier English: Old." in entry.tcomment


def test_english_sentences():
    assert editing.split_english("It costs $1.6 trillion. Dr. Kim agreed! Really? yes, e.g. this.") == [
        "It costs $1.6 trillion.", "Dr. Kim agreed!", "Really? yes, e.g. this."]
    assert editing.split_english("He said “no.” Then he left.") == ["He said “no.”", "Then he left."]


def test_save_writes_both_files_so_they_read_back_consistent(library):
    content, locales = library / "content", library / "locales"
    doc = load_document(content, "tiny")
    path = catalog_path(locales, "en", "tiny")
    po = read_catalog(path)
    new = editing.join_with_next(doc, po, "1.1")
    editing.save(content, path, doc, new, po)
    back, po_back = load_document(content, "tiny"), read_catalog(path)
    assert [s.ko for s in back.segments] == [s.ko for s in new.segments]
    assert set(entry_texts(po_back)) == set(back.texts)
    joined = entry_texts(po_back)["에코 챔버란 반향실이다. 자연어를 처리한다."]
    assert joined.msgstr == "An echo chamber is a reverberation room. It processes natural language (old)."
    assert joined.fuzzy and joined.notes == ('The Korean says "reverberation room".',)


# --- the property ---------------------------------------------------------------------------------

SYLLABLES = "가나다라마바사아자차"
ko_sentence = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.text(SYLLABLES, min_size=1, max_size=3), min_size=1, max_size=3),
    st.sampled_from(["다.", "요?", "음", "!", ""]),
)
en_sentence = st.builds(
    lambda words, end: " ".join(words).capitalize() + end,
    st.lists(st.sampled_from(["one", "two", "Mr.", "e.g.", "rain", "3.5"]), min_size=1, max_size=3),
    st.sampled_from([".", "!", "?", ""]),
)
segment = st.tuples(
    st.lists(ko_sentence, min_size=1, max_size=3).map(" ".join),
    st.lists(en_sentence, min_size=0, max_size=3).map(" ".join),
    st.booleans(),
    st.lists(st.sampled_from(["note x", "note y", "a longer note"]), max_size=2, unique=True),
)
documents = st.lists(st.lists(segment, min_size=1, max_size=4), min_size=1, max_size=4)
operations = st.lists(
    st.tuples(st.sampled_from(["join", "split", "split-en", "split-en-anywhere", "first-to-previous", "last-to-next"]),
              st.integers(0, 20), st.integers(0, 60), st.integers(0, 60)),
    max_size=12,
)


def _build(blocks) -> tuple[Document, polib.POFile]:
    doc = _doc(*[[ko for ko, *_ in b] for b in blocks])
    po = new_catalog("en", "test")
    po.append(polib.POEntry(msgid=doc.title, msgstr="Title"))
    seen = {doc.title}
    for b in blocks:
        for ko, en, fuzzy, notes in b:
            if ko in seen:  # the same Korean twice shares its first entry
                continue
            seen.add(ko)
            po.append(polib.POEntry(msgid=ko, msgstr=en, flags=["fuzzy"] if fuzzy and en else [],
                                    comment="\n".join(notes)))
    return doc, po


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _texts(doc: Document, po) -> tuple[str, str]:
    table = entry_texts(po)
    return (_squeeze("".join(s.ko for s in doc.segments)),
            _squeeze("".join(table[s.ko].msgstr for s in doc.segments)))


def _notes(doc: Document, po) -> set[str]:
    """Every note on a live entry (a note shared by two entries, or by a joined entry and the
    other occurrence of its Korean, counts once)."""
    table = entry_texts(po)
    return {n for s in doc.segments for n in table[s.ko].notes}


def _check_consistent(doc: Document, po) -> None:
    live = [e.msgid for e in po if not e.obsolete]
    assert sorted(live) == sorted(set(doc.texts)), "every text has exactly one live entry, and no other"
    obsolete = [e.msgid for e in po if e.obsolete]
    assert len(obsolete) == len(set(obsolete))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, operations)
def test_no_sequence_of_operations_loses_or_duplicates_a_character(blocks, ops):
    doc, po = _build(blocks)
    ko0, en0 = _texts(doc, po)
    notes0 = _notes(doc, po)
    english_ever = {e.msgstr for e in po if e.msgstr}
    for op, n, ko_off, en_off in ops:
        seg = doc.segments[n % len(doc.segments)]
        before = str(po)
        try:
            if op == "join":
                doc = editing.join_with_next(doc, po, seg.id)
            elif op.startswith("split"):
                points = editing.split_points(seg.ko)
                if not points:
                    continue
                en = entry_texts(po)[seg.ko].msgstr
                en_points = [0, *editing.english_split_points(en), len(en)]
                en_cut = {"split": None, "split-en": en_points[en_off % len(en_points)],
                          "split-en-anywhere": en_off % (len(en) + 1)}[op]
                ko_cut = ko_off % len(seg.ko) if op == "split-en-anywhere" else points[ko_off % len(points)]
                doc = editing.split_segment(doc, po, seg.id, ko_cut, en_cut)
            elif op == "first-to-previous":
                doc = editing.move_first_sentence_to_previous(doc, po, seg.id)
            else:
                doc = editing.move_last_sentence_to_next(doc, po, seg.id)
            event(f"{op} done")
        except EditError:
            event(f"{op} refused")
            assert str(po) == before, "a refused operation changes nothing"
        _check_consistent(doc, po)
        assert _texts(doc, po) == (ko0, en0)
        assert _notes(doc, po) == notes0
        english_ever |= {e.msgstr for e in po if e.msgstr}
    # Everything written round-trips through the files.
    assert parse_document(format_document(doc), slug=doc.slug) == doc
    assert entry_texts(polib.pofile(str(po))) == entry_texts(po)


def test_the_property_also_holds_through_real_files(library):
    content, locales = library / "content", library / "locales"
    path = catalog_path(locales, "en", "tiny")
    doc, po = load_document(content, "tiny"), read_catalog(path)
    ko0, en0 = _texts(doc, po)
    for step in (lambda d, p: editing.join_with_next(d, p, "1.1"),
                 lambda d, p: editing.split_segment(d, p, "1.1", editing.split_points(d.segments[0].ko)[0]),
                 lambda d, p: editing.move_last_sentence_to_next(d, p, "1.1")):
        new = step(doc, po)
        editing.save(content, path, doc, new, po)
        doc, po = load_document(content, "tiny"), read_catalog(path)
        _check_consistent(doc, po)
        assert _texts(doc, po) == (ko0, en0)
    write_catalog(po, path)


# --- saving from the page -------------------------------------------------------------------------


def test_save_entry_refuses_a_save_over_a_changed_entry(library):
    path = catalog_path(library / "locales", "en", "tiny")
    base = entry_texts(read_catalog(path))["마지막 문장."]
    first = editing.EntryText("First.", False, ())
    assert editing.save_entry(path, "tiny", "마지막 문장.", base, first) is None
    disk = editing.save_entry(path, "tiny", "마지막 문장.", base, editing.EntryText("Second.", False, ()))
    assert disk is not None and disk.msgstr == "First."
    assert entry_texts(read_catalog(path))["마지막 문장."].msgstr == "First."


def test_concurrent_saves_of_one_entry_let_exactly_one_through(library):
    import threading

    path = catalog_path(library / "locales", "en", "tiny")
    base = entry_texts(read_catalog(path))["마지막 문장."]
    results: list = [None] * 8
    start = threading.Barrier(8)

    def save(i: int) -> None:
        start.wait()
        results[i] = editing.save_entry(path, "tiny", "마지막 문장.", base, editing.EntryText(f"Version {i}.", False, ()))

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    winners = [i for i, r in enumerate(results) if r is None]
    assert len(winners) == 1
    saved = entry_texts(read_catalog(path))["마지막 문장."].msgstr
    assert saved == f"Version {winners[0]}."
    assert all(r.msgstr == saved for r in results if r is not None)  # the losers are shown the winner


def test_apply_operation_refuses_a_segment_that_changed_since_the_page_was_shown(library):
    content, path = library / "content", catalog_path(library / "locales", "en", "tiny")
    before = (content / "tiny.txt").read_bytes(), path.read_bytes()
    with pytest.raises(EditError, match="changed since"):
        editing.apply_operation(content, path, "tiny", "1.1", "something else", editing.join_with_next)
    assert ((content / "tiny.txt").read_bytes(), path.read_bytes()) == before
    new = editing.apply_operation(content, path, "tiny", "1.1", "에코 챔버란 반향실이다.", editing.join_with_next)
    assert load_document(content, "tiny") == new


def test_merge_entry_keeps_what_only_the_other_side_changed():
    base = editing.EntryText("Old.", True, ("old note",), "예전")
    mine = editing.EntryText("Mine.", False, ("old note",))  # I rewrote and confirmed
    theirs = editing.EntryText("Old.", True, ("their note",), "예전")  # they changed the note
    assert editing.merge_entry(base, mine, theirs) == editing.EntryText("Mine.", False, ("their note",))
    both = editing.EntryText("Theirs.", True, ("old note",), "예전")
    assert editing.merge_entry(base, mine, both).msgstr == "Mine."  # both changed it: mine wins in "keep mine"
