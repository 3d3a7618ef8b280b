"""Assembles what the reading page shows: pure functions from loaded data to the
component's payload (HTML made by dari.render, plus JSON tables for the cards).

No Streamlit here, so the whole page can be built and inspected in tests.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from dari.library.lexicon import Lexicon

# Page building imports the grammar tables, lookups and the lexicon's helpers where it runs
# (build_page, _word_row): a page served from the disk cache (dari.derived) needs only
# Settings, parse_settings and PagePayload from here, and a first page should not wait
# for the rest.

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


# Parts of speech whose meaning is looked for in the English sentence: content words. A
# determiner's "this" or a bound noun's "thing" would light up a word in almost every sentence.
ECHO_POS = frozenset({"noun", "verb", "adjective", "adverb"})


def word_meaning(a: WordAnalysis, glossary: str | None, lexicon: Lexicon,
                 entries: Mapping[str, GlossaryEntry]) -> tuple[tuple[str, ...], str]:
    """(glosses, usage note) of a word: the lexicon's, else, for a name or term whose
    dictionary form is a glossary headword or variant, the glossary's English."""
    found = lexicon.entry(a.lemma, a.pos)
    if found:
        return found.glosses, found.note
    entry = entries.get(glossary) if glossary else None
    if entry and (a.lemma == entry.headword or a.lemma in entry.variants):
        return entry.english, ""
    return (), ""


def _word_row(a: WordAnalysis, glossary: str | None, link_names: Sequence[str],
              meaning: tuple[str, ...] = (), note: str = "", ui: str = "en") -> list:
    """One row of the page's word table. With the interface in Korean the part of speech
    and the morpheme glosses are Korean; the meaning is English (it is an English lexicon)."""
    from dari.language.grammar import gloss_ko, pos_label

    links = [[name, url] for name, url in zip(link_names, a.links, strict=False)]
    if ui == "ko":
        morphemes = [[m.form, m.tag, gloss_ko(m.form, m.tag)] for m in a.morphemes]
    else:
        morphemes = [[m.form, m.tag, m.gloss] for m in a.morphemes]
    return [a.surface, a.lemma, pos_label(a.pos, ui), a.romanization, morphemes, glossary, links,
            list(meaning), note]


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
    lexicon: Lexicon | None = None,
) -> dict:
    """The component payload for one page of a document.

    Returns ``{"html", "words", "terms", "page", "pages", ...}``; ``words`` and
    ``terms`` are what the browser shows in cards, referenced from the HTML by index
    (``data-w``) and headword (``data-term``). A word row is
    ``[surface, lemma, pos, romanization, morphemes, glossary, links, meaning, note]``.

    Where a word's meaning (a gloss, in any inflected form) occurs in the segment's
    English, the Korean word and that English stretch carry the same ``data-echo`` id in
    the HTML, so the card can light both up. Computed here, once per cached page.
    """
    from dari.language.lookup import glossary_term
    from dari.library.lexicon import EMPTY, base_pos, find_gloss

    lexicon = EMPTY if lexicon is None else lexicon
    pages = page_count(doc)
    page = min(max(settings.page, 1), pages)
    first = (page - 1) * BLOCKS_PER_PAGE
    blocks = doc.blocks[first:first + BLOCKS_PER_PAGE]

    word_rows: list[list] = []
    word_index: dict[tuple, int] = {}
    terms: dict[str, dict] = {}
    occurrence_count = 0
    echo_count = 0
    meanings: dict[tuple, tuple[tuple[str, ...], str]] = {}

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
        nonlocal occurrence_count, echo_count
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
        ko_echoes: list[tuple[int, int, int]] = []
        en_echo_ids: dict[tuple[int, int], int] = {}  # one id per English stretch, shared by its Korean words
        for w in analysis.words.get(ko, ()):
            glossary = glossary_term(ko_occ, w.start, w.end)  # the same rule as `python -m dari lookup`
            key = (w.analysis, glossary)
            if key not in meanings:
                meanings[key] = word_meaning(w.analysis, glossary, lexicon, matchers.entries)
            meaning, note = meanings[key]
            if key not in word_index:
                word_index[key] = len(word_rows)
                word_rows.append(_word_row(w.analysis, glossary, link_names, meaning, note, settings.ui))
            words.append((w.start, w.end, word_index[key]))
            if t.en and meaning and base_pos(w.analysis.pos) in ECHO_POS:
                found = find_gloss(t.en, meaning)
                if found:
                    if found not in en_echo_ids:
                        en_echo_ids[found] = echo_count
                        echo_count += 1
                    ko_echoes.append((w.start, w.end, en_echo_ids[found]))
        en_echoes = tuple((s, e, i) for (s, e), i in sorted(en_echo_ids.items()))
        return SegmentView(id=seg_id, ko=ko, translation=t, words=tuple(words), ko_terms=tuple(ko_terms),
                           en_terms=tuple(en_terms), romanization=analysis.romanization.get(ko, ""),
                           ko_echoes=tuple(ko_echoes), en_echoes=en_echoes)

    header = render_header(doc, view_of("title", doc.title), strings)
    body = "".join(
        render_block(b, [view_of(s.id, s.ko) for s in b.segments], strings, translate=f"translate?doc={doc.slug}")
        for b in blocks
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


def _flag(value: object, default: bool) -> bool:
    if not isinstance(value, str):
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


MAX_NUMBER = 10**6  # no document has a million blocks or pages
MAX_TERM = 100  # characters of a ?term= headword (the longest real one has 12)
_ASCII_NUMBER = re.compile(r"[0-9]{1,7}")


def _positive_int(value: object) -> int | None:
    """A URL number: ASCII digits only (``str.isdigit`` also accepts ², ① and Thai digits,
    which ``int()`` then rejects or reads), between 1 and MAX_NUMBER."""
    if not isinstance(value, str) or not _ASCII_NUMBER.fullmatch(value.strip()):
        return None
    n = int(value.strip())
    return n if 0 < n < MAX_NUMBER else None


def parse_settings(params: Mapping[str, str], documents: Sequence[str], default_ui: str = "en") -> tuple[Settings, str | None]:
    """Validate URL query parameters. Returns the settings and the rejected document name,
    if the URL asked for one that is not in the library (the page says so kindly).

    Unknown values fall back to defaults; nothing here touches the file system, and the
    document name is only ever compared with the library's listing.
    """
    wanted = params.get("doc")
    if wanted is not None and (not isinstance(wanted, str) or len(wanted) > 200):
        wanted = "?"  # reported as an unknown document, never echoed at length
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
    if not isinstance(term, str) or len(term) > MAX_TERM:
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


# ---------------------------------------------------------------------------------------
# What the browser reports


MAX_REVEALED = 20_000  # sentence ids a study session can have revealed (the 100x article has 7,100)
_SEGMENT_ID = re.compile(r"title|[0-9]{1,7}\.[0-9]{1,7}")
_BOOLEAN_SETTINGS = ("study", "roman", "marks")


@dataclass(frozen=True)
class BrowserState:
    """The reader component's reported state, validated: only known keys, right types, bounded sizes."""

    settings: Mapping[str, object] = field(default_factory=dict)
    paragraph: int | None = None
    term: str | None = None
    word: int | None = None


def parse_browser_state(reported: object) -> tuple[BrowserState, str | None]:
    """Validate what the browser sent. Returns the usable state and, when anything had to
    be thrown away, a short description of it (the page resets the state and says so).

    The browser is not trusted: a modified client can send a string instead of an object,
    a wrong type, or a huge or deeply nested value. Nothing here recurses into it.

    >>> parse_browser_state({"settings": {"view": "en", "study": True}})[0].settings
    {'view': 'en', 'study': True}
    >>> parse_browser_state("nonsense")[1]
    'the reader state is not an object'
    """
    if reported is None:
        return BrowserState(), None
    if not isinstance(reported, Mapping):
        return BrowserState(), "the reader state is not an object"
    problems: list[str] = []
    raw = reported.get("settings")
    settings: dict[str, object] = {}
    if raw is not None and not isinstance(raw, Mapping):
        problems.append("settings is not an object")
        raw = None
    for name, value in (raw or {}).items():
        if name == "view":
            if value in VIEWS:
                settings[name] = value
            else:
                problems.append("unknown view")
        elif name in _BOOLEAN_SETTINGS:
            if type(value) is bool:
                settings[name] = value
            else:
                problems.append(f"{name} is not true or false")
        elif name == "page":
            if type(value) is int and 0 < value < MAX_NUMBER:
                settings[name] = value
            else:
                problems.append("page is not a page number")
        elif name == "revealed":
            if (isinstance(value, list) and len(value) <= MAX_REVEALED
                    and all(isinstance(v, str) and _SEGMENT_ID.fullmatch(v) for v in value)):
                settings[name] = list(value)
            else:
                problems.append("revealed is not a list of sentence ids")
        else:
            problems.append("unknown setting")
    paragraph = reported.get("paragraph")
    if paragraph is not None and not (type(paragraph) is int and 0 < paragraph < MAX_NUMBER):
        problems.append("paragraph is not a paragraph number")
        paragraph = None
    term = reported.get("term")
    if term is not None and not (isinstance(term, str) and len(term) <= MAX_TERM):
        problems.append("term is not a glossary headword")
        term = None
    word = None
    event = reported.get("word")
    if isinstance(event, Mapping) and type(event.get("index")) is int and 0 <= event["index"] < MAX_NUMBER:
        word = event["index"]
    elif event is not None:
        problems.append("word is not a word event")
    state = BrowserState(settings=settings, paragraph=paragraph, term=term, word=word)
    return state, ("; ".join(dict.fromkeys(problems)) or None)
