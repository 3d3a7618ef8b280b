"""Assembles what the reading page shows: pure functions from loaded data to the
component's payload (HTML made by dari.render, plus JSON tables for the cards).

No Streamlit here, so the whole page can be built and inspected in tests.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from dari.language.lookup import glossary_term
from dari.library.catalog import translate
from dari.models import Document, DocumentAnalysis, GlossaryEntry, Occurrence, Translation, WordAnalysis
from dari.render import (
    VIEWS,
    SegmentView,
    render_block,
    render_header,
    render_pager,
    render_toolbar,
)

UI_LANGS = ("en", "ko")
BLOCKS_PER_PAGE = 40  # the article has 21 blocks; a 100x document becomes ~53 pages
# A card lists this many occurrences of a term (and says how many there are): every
# occurrence of every term of a 100x document was 583 KiB of each rerun's payload.
MAX_LISTED_OCCURRENCES = 100


@dataclass(frozen=True)
class Settings:
    """Where the reader is and how it reads: the URL's query parameters, validated."""

    doc: str
    view: str = "side"
    ui: str = "en"
    study: bool = False
    roman: bool = False
    marks: bool = True
    p: int | None = None  # paragraph (block number) to scroll to
    term: str | None = None  # glossary headword to open
    page: int = 1


@dataclass(frozen=True)
class Matchers:
    """The glossary functions the page needs, passed in so this module stays pure."""

    entries: Mapping[str, GlossaryEntry] = field(default_factory=dict)
    find_en: Callable[[str, Sequence[str]], list[Occurrence]] = lambda text, terms: []


def page_count(doc: Document) -> int:
    return max(1, math.ceil(len(doc.blocks) / BLOCKS_PER_PAGE))


def page_of_block(number: int) -> int:
    return (number - 1) // BLOCKS_PER_PAGE + 1


def _word_row(a: WordAnalysis, glossary: str | None, link_names: Sequence[str]) -> list:
    links = [[name, url] for name, url in zip(link_names, a.links, strict=False)]
    return [a.surface, a.lemma, a.pos, a.romanization,
            [[m.form, m.tag, m.gloss] for m in a.morphemes], glossary, links]


def _entry_row(e: GlossaryEntry, category_label: str) -> dict:
    return {"headword": e.headword, "english": list(e.english), "romanization": e.romanization,
            "category": category_label, "category_key": e.category.value, "note": e.note, "variants": list(e.variants), "occurrences": [], "count": 0}


def document_occurrences(doc: Document, find_ko: Callable[[str], list[Occurrence]]) -> dict[str, list[Occurrence]]:
    """Korean-side glossary occurrences of a whole document, by segment id ("title" for the title).
    Computed once per document and cached by the UI; a page only renders its own share."""
    found = {"title": find_ko(doc.title)}
    for s in doc.segments:
        found[s.id] = find_ko(s.ko)
    return found


def build_page(
    doc: Document,
    table: Mapping[str, Translation],
    analysis: DocumentAnalysis,
    matchers: Matchers,
    occurrences: Mapping[str, list[Occurrence]],
    settings: Settings,
    strings: Mapping[str, str],
    link_names: Sequence[str] = (),
) -> dict:
    """The component payload for one page of a document.

    Returns ``{"html", "words", "terms", "page", "pages", ...}``; ``words`` and
    ``terms`` are what the browser shows in cards, referenced from the HTML by index
    (``data-w``) and headword (``data-term``).
    """
    pages = page_count(doc)
    page = min(max(settings.page, 1), pages)
    first = (page - 1) * BLOCKS_PER_PAGE
    blocks = doc.blocks[first:first + BLOCKS_PER_PAGE]

    word_rows: list[list] = []
    word_index: dict[tuple, int] = {}
    terms: dict[str, dict] = {}
    occurrence_count = 0

    # Every entry that occurs anywhere in the document, with all its occurrences, so a
    # card can list and link them even when they sit on another page.
    block_of = {s.id: b.number for b in doc.blocks for s in b.segments} | {"title": 0}
    for seg_id, found in occurrences.items():
        for o in found:
            if o.term not in terms:
                entry = matchers.entries[o.term]
                terms[o.term] = _entry_row(entry, strings.get(f"category.{entry.category.value}", entry.category.value))
            row = terms[o.term]
            row["count"] += 1
            if len(row["occurrences"]) < MAX_LISTED_OCCURRENCES:
                row["occurrences"].append([seg_id, block_of[seg_id], o.surface])

    def view_of(seg_id: str, ko: str) -> SegmentView:
        nonlocal occurrence_count
        t = translate(table, ko)
        ko_occ = occurrences.get(seg_id, [])
        ko_terms = []
        for o in ko_occ:
            ko_terms.append((o.start, o.end, o.term, occurrence_count))
            occurrence_count += 1
        en_terms = []
        if t.en and ko_occ:
            for o in matchers.find_en(t.en, [o.term for o in ko_occ]):
                en_terms.append((o.start, o.end, o.term, -1))
        words = []
        for w in analysis.words.get(ko, ()):
            glossary = glossary_term(ko_occ, w.start, w.end)  # the same rule as `python -m dari lookup`
            key = (w.analysis, glossary)
            if key not in word_index:
                word_index[key] = len(word_rows)
                word_rows.append(_word_row(w.analysis, glossary, link_names))
            words.append((w.start, w.end, word_index[key]))
        return SegmentView(id=seg_id, ko=ko, translation=t, words=tuple(words), ko_terms=tuple(ko_terms),
                           en_terms=tuple(en_terms), romanization=analysis.romanization.get(ko, ""))

    header = render_header(doc, view_of("title", doc.title), strings)
    body = "".join(
        render_block(b, [view_of(s.id, s.ko) for s in b.segments], strings) for b in blocks
    )
    html = (render_toolbar(strings) + header + render_pager(page, pages, strings)
            + f'<div class="dari-body">{body}</div>' + render_pager(page, pages, strings))
    # The whole glossary, for the reader's own glossary panel (search and filter in the
    # browser): a card for an entry this document does not use comes from here.
    glossary = []
    for e in matchers.entries.values():
        row = _entry_row(e, strings.get(f"category.{e.category.value}", e.category.value))
        row["count"] = terms[e.headword]["count"] if e.headword in terms else 0
        del row["occurrences"]
        glossary.append(row)
    return {
        "html": html,
        "words": word_rows,
        "glossary": glossary,
        "terms": terms,
        "page": page,
        "pages": pages,
        "has_analysis": bool(analysis),
        "ui": settings.ui,  # the component sets <html lang> from it
    }


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _positive_int(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    n = int(value)
    return n if 0 < n < 10**6 else None


def parse_settings(params: Mapping[str, str], documents: Sequence[str], default_ui: str = "en") -> tuple[Settings, str | None]:
    """Validate URL query parameters. Returns the settings and the rejected document name,
    if the URL asked for one that is not in the library (the page says so kindly).

    Unknown values fall back to defaults; nothing here touches the file system, and the
    document name is only ever compared with the library's listing.
    """
    wanted = params.get("doc")
    rejected = None
    if wanted is not None and wanted in documents:
        doc = wanted
    else:
        rejected = wanted
        doc = documents[0] if documents else ""
    view = params.get("view") if params.get("view") in VIEWS else "side"
    ui = params.get("ui") if params.get("ui") in UI_LANGS else default_ui
    p = _positive_int(params.get("p"))
    page = _positive_int(params.get("page"))
    if p is not None and page is None:
        page = page_of_block(p)
    term = params.get("term") or None
    if term is not None and len(term) > 100:
        term = None
    return Settings(
        doc=doc, view=view, ui=ui,
        study=_flag(params.get("study"), False),
        roman=_flag(params.get("roman"), False),
        marks=_flag(params.get("marks"), True),
        p=p, term=term, page=page or 1,
    ), rejected


@dataclass(frozen=True)
class PagePayload:
    """A page's component data, encoded once.

    ``content`` is what :func:`build_page` returns; ``encoded`` is it as UTF-8 JSON.
    Each rerun adds only the reader's live state (:meth:`with_live`): handing Streamlit a
    dict made it JSON-encode the whole payload twice per rerun and import pandas to look
    for dataframes in it; bytes are forwarded as they are.
    """

    content: Mapping
    encoded: bytes

    @classmethod
    def of(cls, content: Mapping) -> PagePayload:
        return cls(content, json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode())

    def with_live(self, live: Mapping) -> bytes:
        """The content plus this run's keys, spliced as one JSON object.

        >>> PagePayload.of({"html": "<p>"}).with_live({"view": "side"})
        b'{"html":"<p>","view":"side"}'
        """
        if not live:
            return self.encoded
        extra = json.dumps(live, ensure_ascii=False, separators=(",", ":")).encode()
        return self.encoded[:-1] + b"," + extra[1:]
