"""Loading, cached at the UI edge.

Texts come from the shelf (dari.library.shelf): the bundled library and the user's library
(``DARI_LIBRARY``), listed together; a slug is only ever looked up in that listing.
Files are cached by path and modification time, so an edited document or catalog shows
on the next rerun without a restart. A broken file becomes a message, never an exception
that takes the page down.

Everything here is ``st.cache_resource``, not ``cache_data``: the values are frozen
dataclasses and payload dicts that nobody mutates, and cache_data's per-rerun unpickled
copy of the page payload and analysis cost ~19 ms of a ~31 ms rerun. Cached values are
shared by every session: never mutate them (callers copy before adding keys).

Below that, the reading path is served from the disk cache of derived data
(dari.derived): a page's payload, a document's summary (title, translation progress,
problems) and its word list. A new server process shows a page without loading the
document it is part of; :func:`load` (the whole document) is for the pages that edit it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from dari import CONTENT_DIR, DICTIONARIES_PATH, LIBRARY_DIR, LOCALES_DIR, derived
from dari.i18n import Strings, load_strings
from dari.library.catalog import catalog_path, read_catalog, translations
from dari.library.content import load_document
from dari.library.shelf import Entry, Library, Listing, Shelf
from dari.models import ContentError, Document, DocumentAnalysis, Occurrence, Status, Translation
from dari.reading import BLOCKS_PER_PAGE, Matchers, PagePayload, Settings, build_page, document_occurrences, page_count

if TYPE_CHECKING:  # imported where a document is loaded: a page from the disk cache needs neither
    from dari.language.lookup import AnalysisIndex

GLOSSARY_PATH = catalog_path(LOCALES_DIR, "en", "glossary")
LEXICON_PATH = catalog_path(LOCALES_DIR, "en", "lexicon")


def _stamp(path: Path) -> tuple:
    """A file's identity for the in-memory caches: size, times and inode (dari.derived.stamp),
    the same the disk cache keys on, so a memory hit can never feed a disk entry stale data."""
    return derived.stamp(path)[1:]


@dataclass(frozen=True)
class Loaded:
    """A document with everything the page needs, and what went wrong loading it."""

    doc: Document | None
    table: dict[str, Translation]
    analysis: AnalysisIndex  # load(texts) parses the segments a page shows
    problems: tuple[tuple[str, str], ...]  # (message key, detail)


def shelf() -> Shelf:
    """The bundled texts (read-only here) and the user's library. Built from this module's
    CONTENT_DIR, LOCALES_DIR and LIBRARY_DIR, so a test can point them elsewhere."""
    return Shelf(Library("bundled", CONTENT_DIR, LOCALES_DIR, writable=False),
                 Library.at(LIBRARY_DIR))


@st.cache_resource(show_spinner=False, max_entries=8)
def _listing(stamp: tuple) -> Listing:
    return shelf().listing()


def listing() -> Listing:
    """Every text of both libraries, keyed by the directories' modification times (adding,
    removing or renaming a file changes them), so a text added by the worker shows at once."""
    current = shelf()
    dirs = [d for lib in current.libraries for d in (lib.content_dir, lib.locales_dir / "en" / "LC_MESSAGES")]
    if current.user is not None and current.user.root is not None:
        dirs.append(current.user.root)
    return _listing(tuple((str(d), _stamp(d)) for d in dirs))


def documents() -> list[str]:
    return listing().slugs


def entry(slug: str) -> Entry:
    """The listed text of a slug; KeyError for anything not in the library."""
    return listing().locate(slug)


@st.cache_resource(show_spinner=False, max_entries=64)
def _load(slug: str, content_dir: str, locales_dir: str, stamp: tuple) -> Loaded:
    from dari.language.lookup import AnalysisIndex, open_analysis

    problems = []
    try:
        doc = load_document(Path(content_dir), slug)
    except (ContentError, KeyError) as e:
        return Loaded(None, {}, AnalysisIndex("", b"", {}), (("error.broken_document", str(e)),))
    table: dict[str, Translation] = {}
    try:
        table = translations(read_catalog(catalog_path(Path(locales_dir), "en", slug)))
    except ContentError as e:
        problems.append(("error.broken_catalog", str(e)))
    analysis = AnalysisIndex("", b"", {})
    try:
        # Indexed, not parsed: each page parses its own segments (a 100x article's whole
        # analysis took 1.4 s and ~140 MB to show 135 of its 7,101 segments).
        analysis = open_analysis(Path(content_dir), slug)
    except ContentError as e:
        problems.append(("error.broken_analysis", str(e)))
    return Loaded(doc, table, analysis, tuple(problems))


def load(slug: str) -> Loaded:
    e = entry(slug)  # raises KeyError for anything not in the library
    return _load(slug, str(e.library.content_dir), str(e.library.locales_dir), _stamps(slug))


@st.cache_resource(show_spinner=False, max_entries=4)
def _glossary(stamp: tuple):
    from dari.library.glossary import load_glossary

    return load_glossary(GLOSSARY_PATH)


def glossary():
    """The Glossary, or (None, message) when the file is missing or broken."""
    if not GLOSSARY_PATH.is_file():
        return None, None
    try:
        return _glossary(_stamp(GLOSSARY_PATH)), None
    except ContentError as e:
        return None, str(e)


def matchers(g) -> Matchers:
    if g is None:
        return Matchers()
    from dari.library.glossary import find_english_occurrences

    return Matchers(
        entries=g.by_headword,
        find_en=lambda text, terms: find_english_occurrences(text, terms, g),
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _occurrences(slug: str, stamp: tuple, glossary_mtime: tuple) -> dict[str, list[Occurrence]]:
    g, _ = glossary()
    loaded = load(slug)
    if g is None or loaded.doc is None:
        return {}
    from dari.library.glossary import find_occurrences

    return document_occurrences(loaded.doc, lambda text: find_occurrences(text, g))


def occurrences(slug: str) -> dict[str, list[Occurrence]]:
    return _occurrences(slug, _stamps(slug), _stamp(GLOSSARY_PATH))


def _files(slug: str) -> tuple:
    """The disk cache's stamp of a document's three files (path, size, modification time)."""
    return tuple(derived.stamp(p) for p in entry(slug).files)


def _stored(kind: str, *parts) -> tuple[str, object | None]:
    """(key, value) of the disk cache; the value is None on a miss or a damaged file."""
    name = derived.key(kind, *parts)
    found = derived.load(name)
    return name, (found[1] if found is not None else None)


def _stamps(slug: str) -> tuple:
    """Where a document's three files are and their stamps: the cache key that notices
    edits (and a text moving between libraries)."""
    e = entry(slug)
    return (e.library.name, _stamp(e.text_path), _stamp(e.catalog_path), _stamp(e.analysis_path))


@st.cache_resource(show_spinner=False, max_entries=16)
def strings(lang: str, stamp: tuple) -> Strings:
    return load_strings(LOCALES_DIR, lang)


def ui_strings(lang: str) -> Strings:
    return strings(lang, tuple(_stamp(catalog_path(LOCALES_DIR, code, "ui")) for code in dict.fromkeys(("en", lang))))


@st.cache_resource(show_spinner=False, max_entries=4)
def _lexicon(stamp: tuple):
    from dari.library.lexicon import load_lexicon

    return load_lexicon(LEXICON_PATH)


def lexicon():
    """(Lexicon, problem): a missing or broken lexicon.po costs only the meanings."""
    from dari.library.lexicon import EMPTY

    if not LEXICON_PATH.is_file():
        return EMPTY, None
    try:
        return _lexicon(_stamp(LEXICON_PATH)), None
    except ContentError as e:
        return EMPTY, str(e)


def _page_sources(ui: str) -> tuple:
    """Every file besides the document's own that a page payload is made of."""
    paths = (GLOSSARY_PATH, LEXICON_PATH, DICTIONARIES_PATH,
             *(catalog_path(LOCALES_DIR, lang, "ui") for lang in dict.fromkeys(("en", ui))))
    return tuple(derived.stamp(p) for p in paths)


@st.cache_resource(show_spinner=False, max_entries=256)
def _page(slug: str, ui: str, page: int, stamp: tuple, glossary_mtime: tuple, lexicon_mtime: tuple = ()) -> PagePayload:
    name = derived.key("page", slug, ui, page, BLOCKS_PER_PAGE, _files(slug), _page_sources(ui))
    found = derived.load(name)
    if found is not None and _is_payload(*found):
        return PagePayload(found[1], found[0])
    payload = _build_page(slug, ui, page)
    derived.write(name, payload.encoded)
    return payload


def _is_payload(data: bytes, value: object) -> bool:
    """Whether a cached value is a page payload as _build_page makes it (with_live splices
    after the closing brace, and the Read page reads these keys)."""
    return (isinstance(value, dict) and data.endswith(b"}")
            and isinstance(value.get("html"), str) and isinstance(value.get("words"), list)
            and isinstance(value.get("terms"), dict))


def _build_page(slug: str, ui: str, page: int) -> PagePayload:
    loaded = load(slug)
    g, glossary_problem = glossary()
    lex, lexicon_problem = lexicon()
    strings = ui_strings(ui)
    first = (min(max(page, 1), page_count(loaded.doc)) - 1) * BLOCKS_PER_PAGE
    texts = [loaded.doc.title, *(s.ko for b in loaded.doc.blocks[first:first + BLOCKS_PER_PAGE] for s in b.segments)]
    analysis_problem = None
    try:
        analysis = loaded.analysis.load(texts)
    except ContentError as e:  # one broken segment: no word cards on this page, and a message
        analysis, analysis_problem = DocumentAnalysis(), str(e)
    content = build_page(
        loaded.doc, loaded.table, analysis, matchers(g), occurrences(slug),
        Settings(doc=slug, ui=ui, page=page), strings, _link_names(), lexicon=lex,
    )
    content.update(labels=dict(strings), blocks_per_page=BLOCKS_PER_PAGE, doc=slug, lexicon_problem=lexicon_problem,
                   analysis_problem=analysis_problem, glossary_problem=glossary_problem)
    encoded = PagePayload.of(content).encoded
    return PagePayload(json.loads(encoded), encoded)  # what a cache hit returns, to the tuple


def _link_names() -> tuple[str, ...]:
    from dari.language.lookup import load_dictionaries

    try:
        return tuple(d.name for d in load_dictionaries())
    except ContentError:
        return ()


def page(settings: Settings) -> PagePayload:
    """The component payload for the document page, rebuilt only when a file changes
    (from the disk cache when another process built it). The view, study and toggles
    are not part of it: the browser applies them."""
    return _page(settings.doc, settings.ui, settings.page, _stamps(settings.doc), _stamp(GLOSSARY_PATH),
                 _stamp(LEXICON_PATH))


@st.cache_resource(show_spinner=False, max_entries=64)
def _term_counts(slug: str, stamp: tuple, glossary_mtime: tuple) -> dict[str, int]:
    counts: dict[str, int] = {}
    for found in occurrences(slug).values():
        for o in found:
            counts[o.term] = counts.get(o.term, 0) + 1
    return counts


def term_counts(slug: str) -> dict[str, int]:
    """How often each glossary term occurs in a document (the glossary panel shows it)."""
    return _term_counts(slug, _stamps(slug), _stamp(GLOSSARY_PATH))


@dataclass(frozen=True)
class Summary:
    """What the library list and the Read page need of a document, without loading it:
    its title, its translation's (translated, total, fuzzy) texts and what went wrong
    loading it (as Loaded.problems). ``ok`` is False when the document does not load."""

    ok: bool
    title: str
    progress: tuple[int, int, int] | None
    problems: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, slug: str, loaded: Loaded) -> Summary:
        if loaded.doc is None:
            return cls(False, f"⚠ {slug}", None, loaded.problems)
        texts = loaded.doc.texts
        status = [tr.status if (tr := loaded.table.get(k)) else Status.UNTRANSLATED for k in texts]
        counts = (status.count(Status.TRANSLATED), len(texts), status.count(Status.FUZZY))
        return cls(True, loaded.doc.title, counts, loaded.problems)

    @classmethod
    def from_json(cls, value: object) -> Summary:
        """The Summary to_json wrote; ValueError for anything else (a miss, not a crash)."""
        if not isinstance(value, dict):
            raise ValueError("not an object")
        ok, title, progress, problems = (value.get(k) for k in ("ok", "title", "progress", "problems"))
        if not (isinstance(ok, bool) and isinstance(title, str) and isinstance(problems, list)):
            raise ValueError("not a summary")
        if progress is not None and not (isinstance(progress, list) and len(progress) == 3
                                         and all(type(n) is int for n in progress)):
            raise ValueError("bad progress")
        if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in problems):
            raise ValueError("bad problems")
        return cls(ok, title, tuple(progress) if progress is not None else None,
                   tuple((k, d) for k, d in problems))

    def to_json(self) -> str:
        return json.dumps({"ok": self.ok, "title": self.title, "progress": self.progress,
                           "problems": self.problems}, ensure_ascii=False)


@st.cache_resource(show_spinner=False, max_entries=256)
def _summary(slug: str, stamp: tuple) -> Summary:
    name, stored = _stored("summary", slug, _files(slug))
    if stored is not None:
        try:
            return Summary.from_json(stored)
        except ValueError:
            pass
    summary = Summary.of(slug, load(slug))
    derived.write(name, summary.to_json())
    return summary


def summary(slug: str) -> Summary:
    """A document's Summary, from the disk cache when any process has loaded it since it changed."""
    return _summary(slug, _stamps(slug))


def progress(slug: str) -> tuple[int, int, int] | None:
    """(translated, total, fuzzy) texts of a document's translation, or None when it does not load."""
    return summary(slug).progress


@st.cache_resource(show_spinner=False, max_entries=64)
def _lemmas(slug: str, stamp: tuple) -> tuple[tuple[str, str], ...]:
    name, stored = _stored("lemmas", slug, _files(slug))
    if isinstance(stored, list) and all(isinstance(k, list) and len(k) == 2 and all(isinstance(x, str) for x in k)
                                        for k in stored):
        return tuple((a, b) for a, b in stored)
    keys = load(slug).analysis.lemmas()
    derived.write(name, json.dumps(keys, ensure_ascii=False))
    return keys


def lemmas(slug: str) -> tuple[tuple[str, str], ...]:
    """Every (dictionary form, part of speech) of a document: what a reader's known share is counted over."""
    return _lemmas(slug, _stamps(slug))


def meaning_of(lemma: str, pos: str) -> str:
    """The lexicon's glosses of a saved word ("; "-joined), else the glossary's English for a
    name or term, else "": what the Words page, the Review card and the exports show when the
    reader wrote no meaning of their own (an export with blank meanings was the old problem)."""
    lex, _ = lexicon()
    glosses = lex.meaning(lemma, pos)
    if glosses:
        return "; ".join(glosses)
    g, _ = glossary()
    entry = g.by_headword.get(lemma) if g is not None else None
    return "; ".join(entry.english) if entry is not None else ""

