"""Escaping happens in dari/render.py, for every piece of text."""

from __future__ import annotations

import re

import pytest

from dari.models import Block, BlockKind, Document, Segment, Status, Translation
from dari.render import SegmentView, esc, render_block, render_header, render_message, spans

EVIL = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<a href=\"javascript:alert(1)\">x</a>",
    "\" onmouseover=\"alert(1)",
    "a & b < c > d ' e",
]
STRINGS = {"segment.untranslated": "[untranslated]", "segment.fuzzy": "needs review",
           "segment.fuzzy_help": "changed", "study.reveal_paragraph": "Show", "paragraph.link": "Link",
           "document.source": "Source"}


def _no_live_markup(html: str) -> None:
    assert "<script" not in html and "<img" not in html and "<a href=\"javascript" not in html
    # every attribute value is a single quoted run with no raw quote inside
    for value in re.findall(r'="([^"]*)"', html):
        assert "<" not in value and ">" not in value


@pytest.mark.parametrize("text", EVIL)
def test_esc(text):
    out = esc(text)
    assert "<" not in out and ">" not in out and '"' not in out
    assert out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&") == text


@pytest.mark.parametrize("text", EVIL)
def test_block_escapes_korean_english_notes_and_terms(text):
    seg = SegmentView(
        id="1.1", ko=f"가 {text} 나",
        translation=Translation(f"A {text} B", Status.TRANSLATED, notes=(text,)),
        words=((0, 1, 0),), ko_terms=((2, 2 + len(text), text, 0),), en_terms=((2, 2 + len(text), text, -1),),
        romanization=text,
    )
    block = Block(1, BlockKind.PARAGRAPH, (Segment("1.1", seg.ko),))
    html = render_block(block, [seg], STRINGS)
    _no_live_markup(html)
    assert esc(text) in html


@pytest.mark.parametrize("text", EVIL)
def test_header_and_messages_escape(text):
    doc = Document(slug="x", title=text, source=text, blocks=())
    title = SegmentView(id="title", ko=text, translation=Translation(text, Status.TRANSLATED))
    _no_live_markup(render_header(doc, title, STRINGS))
    _no_live_markup(render_message("warning", text))
    assert esc(text) in render_message("warning", text)


def test_lang_attributes_and_untranslated_marker():
    seg = SegmentView(id="1.1", ko="문장.", translation=Translation("", Status.UNTRANSLATED))
    html = render_block(Block(1, BlockKind.PARAGRAPH, (Segment("1.1", "문장."),)), [seg], STRINGS)
    assert '<p class="dari-ko" lang="ko">' in html and '<p class="dari-en" lang="en">' in html
    assert "[untranslated]" in html and "dari-missing" in html
    assert html.count("문장.") == 1  # the Korean is never passed off as English


def test_fuzzy_english_is_shown_marked():
    seg = SegmentView(id="1.1", ko="문장.", translation=Translation("Old English.", Status.FUZZY))
    html = render_block(Block(1, BlockKind.PARAGRAPH, (Segment("1.1", "문장."),)), [seg], STRINGS)
    assert "Old English." in html and "dari-fuzzy" in html and "needs review" in html


def test_spans_cut_crossing_words_and_terms():
    # "엣지 컴퓨팅에서": words [0,2) [3,9); term 엣지 컴퓨팅 [0,6)
    pieces = spans(9, [(0, 2, 0), (3, 9, 1)], [(0, 6, "엣지 컴퓨팅", 0)])
    assert [(p.start, p.end, p.word, p.term) for p in pieces] == [
        (0, 2, 0, "엣지 컴퓨팅"), (2, 3, None, "엣지 컴퓨팅"), (3, 6, 1, "엣지 컴퓨팅"), (6, 9, 1, None)]


@pytest.mark.parametrize("text", EVIL)
def test_tables_and_glossary_entries_escape(text):
    from dari.models import Category, GlossaryEntry
    from dari.render import render_glossary_entry, render_table

    _no_live_markup(render_table([text], [[text, text]], css_class="x"))
    entry = GlossaryEntry(headword=text, variants=(text,), english=(text,), romanization=text,
                          category=Category.SLANG, note=text)
    strings = {**STRINGS, "card.romanization": "R", "card.english": "E", "card.category": "C",
               "card.variants": "V", "category.slang": "S", "glossary.in_document": "{n}x",
               "glossary.not_in_document": "no"}
    html = render_glossary_entry(entry, 2, strings)
    _no_live_markup(html)
    assert html.count(esc(text)) >= 5


def test_doubtful_machine_aligned_english_is_marked_louder_than_fuzzy():
    from dari.i18n_builtin import STRINGS
    from dari.models import Segment, Status, Translation
    from dari.render import SegmentView, render_block

    block = Block(1, BlockKind.PARAGRAPH, (Segment("1.1", "가"), Segment("1.2", "나"), Segment("1.3", "다")))
    views = [SegmentView("1.1", "가", Translation("A.", Status.FUZZY, confidence=0.42)),
             SegmentView("1.2", "나", Translation("B.", Status.FUZZY, confidence=0.97)),
             SegmentView("1.3", "다", Translation("C.", Status.TRANSLATED, confidence=0.42))]  # confirmed by a person
    html = render_block(block, views, STRINGS)
    assert html.count("dari-doubtful") == 1 and STRINGS["segment.doubtful"] in html
    assert html.count(STRINGS["segment.fuzzy"]) == 1  # 1.2: fuzzy, aligned with confidence


def test_an_untranslated_sentence_links_to_its_segment_in_the_translate_view():
    from dari.i18n_builtin import STRINGS
    from dari.models import UNTRANSLATED

    block = Block(2, BlockKind.PARAGRAPH, (Segment("2.1", "가"), Segment("2.2", "나")))
    views = [SegmentView("2.1", "가", UNTRANSLATED), SegmentView("2.2", "나", Translation("B.", Status.TRANSLATED))]
    html = render_block(block, views, STRINGS, translate="translate?doc=my-post")
    assert html.count('class="dari-translate-link"') == 1
    assert 'href="translate?doc=my-post&amp;seg=2.1"' in html  # escaped once, in one place
    assert STRINGS["segment.untranslated"] in html and "가</span>" not in html.split('lang="en"')[1]  # never the Korean


def test_the_source_line_drops_file_paths_but_keeps_urls_and_words():
    from dari.render import public_source

    seed = ("Korean blog post (author unknown), imported from shared/seed/000_fa01b1b525a4a0e8.txt; "
            "the title was added by the Dari editors")
    assert public_source(seed) == "Korean blog post (author unknown); the title was added by the Dari editors"
    assert public_source("https://blog.naver.com/user/223 (2023)") == "https://blog.naver.com/user/223 (2023)"
    assert public_source("from ./notes/post.md") == ""
    assert public_source("a text, C:/Users/x/post.txt, 2024") == "a text, 2024"
    doc = Document(slug="x", title="제목", source=seed, blocks=())
    html = render_header(doc, SegmentView(id="title", ko="제목", translation=Translation("Title", Status.TRANSLATED)), STRINGS)
    assert "shared/seed" not in html and ".txt" not in html and "Dari editors" in html


def test_the_pager_has_previous_and_next_only_where_they_lead_somewhere():
    from dari.render import render_pager

    strings = {"pager.label": "Pages", "pager.previous": "Previous", "pager.next": "Next", "pager.page": "Page {n}"}
    first, middle, last = (render_pager(p, 3, strings) for p in (1, 2, 3))
    assert "dari-prev" not in first and 'class="dari-page dari-next" data-page="2"' in first
    assert 'data-page="1">‹ Previous' in middle and 'data-page="3">Next ›' in middle
    assert "dari-next" not in last and 'aria-current="page"' in last
    assert render_pager(1, 1, strings) == ""


def test_notes_are_labelled_buttons_and_read_aloud_buttons_have_names():
    seg = SegmentView(id="1.1", ko="문장.", translation=Translation("A sentence.", Status.TRANSLATED, notes=("a note",)))
    strings = STRINGS | {"note.label": "Translator's note", "say.ko": "Listen in Korean", "say.en": "Listen in English"}
    html = render_block(Block(1, BlockKind.PARAGRAPH, (Segment("1.1", "문장."),)), [seg], strings)
    assert '<button type="button" class="dari-note" data-note="a note" tabindex="-1">' in html
    assert "Translator&#x27;s note: a note" in html
    assert 'aria-label="Listen in Korean"' in html and 'aria-label="Listen in English"' in html
    assert 'aria-label="▶"' not in html
