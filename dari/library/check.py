"""``python -m dari check``: every file the reader reads, checked, never crashed on.

A library is a content directory and a locales directory: the bundled one (content/,
locales/) and, when ``DARI_LIBRARY`` is set, the user's (``$DARI_LIBRARY/content`` and
``$DARI_LIBRARY/locales``). For each it checks:

- each document (content/<slug>.txt) in whatever encoding the reader accepts (UTF-8, BOM,
  UTF-16, CP949), its PO catalog (syntax as msgfmt --check sees it, what polib would
  misread, then every segment through :func:`dari.library.qa.check_segment`), and its
  analysis file (content/<slug>.analysis.json);
- the glossary (locales/en/LC_MESSAGES/glossary.po) and the interface catalogs
  (locales/*/LC_MESSAGES/ui.po: same keys, same ``{placeholders}``);
- the data files the reader loads (dari/data/dictionaries.toml, grammar.tsv).

A loader that fails is a finding (severity error) naming the file and line, whether it
raised ContentError as it should or crashed with anything else; the latter is marked
"the loader crashed" so that it can be fixed where it belongs.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from dari import DATA_DIR
from dari.library.po_syntax import PoEntry, parse_po, po_file_text
from dari.library.qa import ERROR, WARNING, Finding, check_segment, placeholders
from dari.models import BlockKind, ContentError, Document, Status
from dari.text import decode

R = TypeVar("R")


@dataclass(frozen=True)
class Library:
    """Where a library's files are; ``name`` says which library a finding is about."""

    name: str
    content: Path
    locales: Path


def libraries(content_dir: Path, locales_dir: Path, environ: dict[str, str] | None = None) -> list[Library]:
    """The bundled library, then the user's if ``DARI_LIBRARY`` names one."""
    env = os.environ if environ is None else environ
    found = [Library("bundled", content_dir, locales_dir)]
    user = env.get("DARI_LIBRARY")
    if user:
        root = Path(user)
        found.append(Library("user", root / "content", root / "locales"))
    return found


def _po_path(locales: Path, lang: str, domain: str) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{domain}.po"


def _error(path: Path | str, line: int | None, check: str, message: str, segment: str | None = None) -> Finding:
    return Finding(str(path), line, segment, check, ERROR, message)


def _warning(path: Path | str, line: int | None, check: str, message: str, segment: str | None = None) -> Finding:
    return Finding(str(path), line, segment, check, WARNING, message)


def _guarded(path: Path, load: Callable[[], R], findings: list[Finding], what: str) -> R | None:
    """Run a loader; its failure becomes a finding. ContentError is the loader's own report;
    anything else means the loader crashed on this input (a bug to fix in the loader)."""
    try:
        return load()
    except ContentError as e:
        findings.append(_error(e.problem.path or path, e.problem.line, "file", e.problem.message))
    except RecursionError:
        findings.append(_error(path, None, "file", f"the {what} loader crashed: nested too deeply"))
    except Exception as e:  # noqa: BLE001 - check must never crash; the crash is the finding
        findings.append(_error(path, None, "file", f"the {what} loader crashed: {type(e).__name__}: {e}"))
    return None


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _read_bytes(path: Path, findings: list[Finding], root: Path) -> bytes | None:
    """A file's bytes, refusing a symlink that leads out of its directory."""
    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                findings.append(_error(path, None, "file", f"a symlink out of the library (to {target}); "
                                                           "the reader does not follow it"))
                return None
        return path.read_bytes()
    except OSError as e:
        findings.append(_error(path, None, "file", f"cannot read: {e.strerror or e}"))
        return None


def _decoded(path: Path, data: bytes, findings: list[Finding]) -> str | None:
    """Content text as the reader decodes it; undecodable or non-NFC text is a finding."""
    try:
        text = decode(data, str(path))
    except UnicodeDecodeError as e:
        findings.append(_error(path, _line_of_offset(data, e.start), "encoding",
                               f"neither UTF-8 (with or without BOM), UTF-16 nor CP949 (byte {e.start})"))
        return None
    raw = None
    for codec in ("utf-8-sig", "utf-16"):
        try:
            raw = data.decode(codec)
            break
        except UnicodeDecodeError:
            continue
    if raw is not None and not unicodedata.is_normalized("NFC", raw):
        line = next((i for i, ln in enumerate(raw.split("\n"), 1) if not unicodedata.is_normalized("NFC", ln)), None)
        findings.append(_warning(path, line, "encoding", "text is not NFC (the reader composes it; "
                                                         "other tools may not)"))
    return text


# ---------------------------------------------------------------------------------------
# PO catalogs


@dataclass(frozen=True)
class _Catalog:
    path: Path
    entries: tuple[PoEntry, ...]
    loaded: bool  # polib (the reader) could load it


def _check_po(path: Path, findings: list[Finding], root: Path) -> _Catalog | None:
    """Syntax (msgfmt's errors and polib's hazards), then whether the reader's loader agrees."""
    data = _read_bytes(path, findings, root)
    if data is None:
        return None
    text = po_file_text(data)
    parsed = parse_po(text, str(path), data)
    findings += [_error(path, p.line, "po-syntax", p.message) for p in parsed.problems]
    findings += [_error(path, p.line, "polib-hazard", p.message) for p in parsed.hazards]
    if not unicodedata.is_normalized("NFC", text):
        line = next((i for i, ln in enumerate(text.split("\n"), 1) if not unicodedata.is_normalized("NFC", ln)), None)
        findings.append(_warning(path, line, "encoding", "text is not NFC"))
    header = next((e for e in parsed.entries if e.is_header and not e.obsolete), None)
    if header is not None and header.fuzzy:
        findings.append(_warning(path, header.msgid_line, "fuzzy", "the header is marked fuzzy (msgfmt uses it "
                                 "anyway; older tools ignore it): remove the flag"))
    from dari.library.catalog import read_catalog

    po = _guarded(path, lambda: read_catalog(path), findings, "PO catalog")
    if po is not None and not parsed.problems and not parsed.hazards:
        _compare_with_polib(path, parsed.entries, po, findings)
    return _Catalog(path, parsed.entries, po is not None)


def _compare_with_polib(path: Path, ours: Sequence[PoEntry], po, findings: list[Finding]) -> None:
    """The reader's view (polib) of each entry against gettext's (ours): a difference loses text."""
    theirs = {}
    for e in po:
        forms = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if e.msgid_plural else (e.msgstr,)
        theirs[(e.msgctxt, e.msgid, bool(e.obsolete))] = forms
    for e in ours:
        if e.is_header:
            continue
        ctxt = unicodedata.normalize("NFC", e.msgctxt) if e.msgctxt is not None else None
        key = (ctxt, unicodedata.normalize("NFC", e.msgid), e.obsolete)
        got = theirs.get(key)
        want = tuple(unicodedata.normalize("NFC", s) for s in e.msgstr)
        if got is None:
            findings.append(_error(path, e.msgid_line, "polib-hazard", f"polib does not read the entry {e.msgid!r}"))
        elif tuple(unicodedata.normalize("NFC", s) for s in got) != want:
            findings.append(_error(path, e.msgid_line, "polib-hazard",
                                   f"polib reads the translation of {e.msgid!r} differently from gettext"))


def _notes(entry: PoEntry) -> tuple[str, ...]:
    return tuple(c[1:].strip() for c in entry.comments if c.startswith(".") and c[1:].strip())


def _status(entry: PoEntry) -> Status:
    if not entry.msgstr or not entry.msgstr[0].strip():
        return Status.UNTRANSLATED
    return Status.FUZZY if entry.fuzzy else Status.TRANSLATED


# ---------------------------------------------------------------------------------------
# Documents


def _check_document(lib: Library, slug: str, glossary, findings: list[Finding]) -> None:
    path = lib.content / f"{slug}.txt"
    data = _read_bytes(path, findings, lib.content)
    if data is None:
        return
    text = _decoded(path, data, findings)
    if text is None:
        return
    from dari.library.content import parse_document

    doc = _guarded(path, lambda: parse_document(text, slug=slug, path=str(path)), findings, "document")
    if doc is None:
        return
    _check_translation(lib, doc, glossary, findings)
    _check_analysis(lib, doc, findings)


def _texts(doc: Document) -> list[tuple[str, str, int, bool]]:
    """(segment id, Korean, content line, is heading) for every text a reader sees, each once."""
    seen: dict[str, tuple[str, str, int, bool]] = {doc.title: ("title", doc.title, 1, True)}
    for block in doc.blocks:
        for seg in block.segments:
            seen.setdefault(seg.ko, (seg.id, seg.ko, seg.line, block.kind is BlockKind.HEADING))
    return list(seen.values())


def _check_translation(lib: Library, doc: Document, glossary, findings: list[Finding]) -> None:
    path = _po_path(lib.locales, "en", doc.slug)
    texts = _texts(doc)
    if not path.exists() and not path.is_symlink():
        findings.append(_warning(path, None, "untranslated", f"no PO file: all {len(texts)} texts of "
                                 f"{doc.slug} are untranslated (run python -m dari update {doc.slug})"))
        return
    catalog = _check_po(path, findings, lib.locales)
    if catalog is None:
        return
    live = {}
    for e in catalog.entries:
        if e.msgctxt is None and not e.is_header:
            if e.obsolete:
                findings.append(_warning(path, e.msgid_line, "obsolete",
                                         f"obsolete entry {e.msgid!r} (kept for its English; delete it if unneeded)"))
            else:
                live.setdefault(unicodedata.normalize("NFC", e.msgid), e)
    wanted = set()
    for seg_id, ko, line, heading in texts:
        wanted.add(ko)
        entry = live.get(ko)
        if entry is None:
            findings.append(_warning(path, None, "untranslated", f"no entry for {ko!r} (content line {line}; "
                                     f"run python -m dari update {doc.slug})", seg_id))
            continue
        en = unicodedata.normalize("NFC", entry.msgstr[0]) if entry.msgstr else ""
        for f in check_segment(ko, en, notes=_notes(entry), glossary=glossary, status=_status(entry),
                               heading=heading):
            findings.append(f.at(str(path), entry.msgid_line, seg_id))
    for ko, entry in live.items():
        if ko not in wanted:
            findings.append(_warning(path, entry.msgid_line, "stale", f"{ko!r} is not in the document "
                                     f"(run python -m dari update {doc.slug})"))


def _check_analysis(lib: Library, doc: Document, findings: list[Finding]) -> None:
    from dari.language.lookup import parse_analysis

    path = lib.content / f"{doc.slug}.analysis.json"
    if not path.exists() and not path.is_symlink():
        findings.append(_warning(path, None, "analysis", f"no analysis: words are not clickable "
                                 f"(run python -m dari analyse {doc.slug})"))
        return
    data = _read_bytes(path, findings, lib.content)
    if data is None:
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        findings.append(_error(path, _line_of_offset(data, e.start), "encoding", f"not UTF-8 (byte {e.start})"))
        return
    analysis = _guarded(path, lambda: parse_analysis(text, str(path)), findings, "analysis")
    if analysis is None:
        return
    missing = [(seg_id, ko) for seg_id, ko, _, _ in _texts(doc) if ko not in analysis.words]
    for seg_id, ko in missing[:20]:
        findings.append(_warning(path, None, "analysis", f"{ko!r} is not analysed: its words are not clickable "
                                 f"(run python -m dari analyse {doc.slug})", seg_id))
    if len(missing) > 20:
        findings.append(_warning(path, None, "analysis", f"... and {len(missing) - 20} more texts not analysed"))


# ---------------------------------------------------------------------------------------
# Glossary, interface, data files


def _check_glossary(lib: Library, findings: list[Finding]):
    path = _po_path(lib.locales, "en", "glossary")
    if not path.exists() and not path.is_symlink():
        return None
    catalog = _check_po(path, findings, lib.locales)
    if catalog is None or not catalog.loaded:
        return None
    from dari.library.glossary import load_glossary

    return _guarded(path, lambda: load_glossary(path), findings, "glossary")


_BRACES = re.compile(r"\{[^{}]*\}")


def _check_ui(lib: Library, findings: list[Finding]) -> None:
    paths = sorted(lib.locales.glob("*/LC_MESSAGES/ui.po")) if lib.locales.is_dir() else []
    catalogs = {}
    for path in paths:
        catalog = _check_po(path, findings, lib.locales)
        if catalog is not None:
            catalogs[path.parent.parent.name] = catalog
    english = catalogs.get("en")
    if english is None:
        return
    en_keys = {e.msgid: e for e in english.entries if not e.obsolete and not e.is_header and e.msgctxt is None}
    for lang, catalog in catalogs.items():
        keys = {e.msgid: e for e in catalog.entries if not e.obsolete and not e.is_header and e.msgctxt is None}
        for key, e in keys.items():
            if _status(e) is Status.UNTRANSLATED:
                findings.append(_warning(catalog.path, e.msgid_line, "untranslated",
                                         f"interface string {key!r} has no text (falls back to English)"))
            elif _status(e) is Status.FUZZY:
                findings.append(_warning(catalog.path, e.msgid_line, "fuzzy",
                                         f"interface string {key!r} is fuzzy (not shown; falls back to English)"))
        if lang == "en":
            continue
        for key, e in en_keys.items():
            if key not in keys:
                findings.append(_warning(catalog.path, None, "ui-keys",
                                         f"{key!r} (English ui.po line {e.msgid_line}) is missing: shown in English"))
        for key, e in keys.items():
            source = en_keys.get(key)
            if source is None:
                findings.append(_warning(catalog.path, e.msgid_line, "ui-keys",
                                         f"{key!r} is not in the English ui.po (unused, or a misspelt key)"))
                continue
            if _status(e) is Status.UNTRANSLATED or not source.msgstr:
                continue
            a = placeholders(source.msgstr[0]) + _brace_names(source.msgstr[0])
            b = placeholders(e.msgstr[0]) + _brace_names(e.msgstr[0])
            if set(a) != set(b):
                findings.append(_error(catalog.path, e.msgid_line, "ui-placeholders",
                                       f"{key!r}: placeholders {sorted(set(b))} differ from the English "
                                       f"{sorted(set(a))} (line {source.msgid_line}); formatting would fail"))


def _brace_names(text: str):
    from collections import Counter

    return Counter(m.group() for m in _BRACES.finditer(text.replace("{{", "").replace("}}", "")))


def _check_data_files(findings: list[Finding]) -> None:
    from dari.language.grammar import parse_grammar
    from dari.language.lookup import parse_dictionaries

    for name, parse in (("dictionaries.toml", parse_dictionaries), ("grammar.tsv", parse_grammar)):
        path = DATA_DIR / name
        data = _read_bytes(path, findings, DATA_DIR)
        if data is None:
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            findings.append(_error(path, _line_of_offset(data, e.start), "encoding", "not UTF-8"))
            continue
        _guarded(path, lambda parse=parse, text=text, path=path: parse(text, str(path)), findings, name)


# ---------------------------------------------------------------------------------------
# The whole run


def _document_slugs(content: Path, findings: list[Finding]) -> list[str]:
    from dari.library.content import is_slug

    if not content.is_dir():
        return []
    slugs = []
    for p in sorted(content.glob("*.txt")):
        if is_slug(p.stem):
            slugs.append(p.stem)
        else:
            findings.append(_warning(p, None, "file", "not a document name (a-z, 0-9, '-'): the reader ignores it"))
    return slugs


def check_document(lib: Library, slug: str, glossary=None) -> list[Finding]:
    """The findings of one document (its text, catalog and analysis), e.g. for the Translate
    view; ``glossary`` (a loaded Glossary) enables the term check."""
    findings: list[Finding] = []
    _check_document(lib, slug, glossary, findings)
    return findings


def check_library(lib: Library, slugs: Iterable[str] | None = None, *, fallback_glossary=None) -> list[Finding]:
    """Findings for one library. ``slugs`` limits the documents (the glossary is then still
    loaded for the term check, and reported only on a full run). A library without a
    glossary of its own uses ``fallback_glossary`` (the bundled one) for the term check."""
    return _check_library(lib, slugs, fallback_glossary)[0]


def _check_library(lib: Library, slugs: Iterable[str] | None, fallback_glossary) -> tuple[list[Finding], object]:
    findings: list[Finding] = []
    listed = _document_slugs(lib.content, findings)
    library_files: list[Finding] = []
    glossary = _check_glossary(lib, library_files)
    if glossary is None and not _po_path(lib.locales, "en", "glossary").exists():
        glossary = fallback_glossary
    wanted = listed if slugs is None else [s for s in slugs if s in listed]
    for slug in wanted:
        _check_document(lib, slug, glossary, findings)
    if slugs is None:
        findings += library_files
        _check_ui(lib, findings)
        for path in sorted(lib.locales.glob("*/LC_MESSAGES/*.po")) if lib.locales.is_dir() else []:
            if path.stem in ("ui", "glossary") or (path.parent.parent.name == "en" and path.stem in listed):
                continue
            _check_po(path, findings, lib.locales)
    return findings, glossary


def check(content_dir: Path, locales_dir: Path, slugs: Sequence[str] | None = None,
          environ: dict[str, str] | None = None) -> list[Finding]:
    """Every library's findings (the bundled one, then the user's), then the data files."""
    findings: list[Finding] = []
    bundled_glossary = None
    for lib in libraries(content_dir, locales_dir, environ):
        if lib.name == "user" and not lib.content.is_dir() and not lib.locales.is_dir():
            findings.append(_warning(lib.content.parent, None, "file", "DARI_LIBRARY names a directory with "
                                     "neither content/ nor locales/: no user library is checked"))
            continue
        found, glossary = _check_library(lib, slugs or None, bundled_glossary)
        findings += found
        if lib.name == "bundled":
            bundled_glossary = glossary
    if not slugs:
        _check_data_files(findings)
    return findings


def known_slugs(content_dir: Path, locales_dir: Path, environ: dict[str, str] | None = None) -> set[str]:
    scratch: list[Finding] = []
    return {s for lib in libraries(content_dir, locales_dir, environ) for s in _document_slugs(lib.content, scratch)}


# Findings that keep a library from being complete, besides errors: what the old
# check_all reported and tests/test_real_content.py asserts there is none of.
INCOMPLETE = frozenset({"untranslated", "fuzzy", "stale"})


def check_all(content_dir: Path, locales_dir: Path) -> list[str]:
    """The bundled library's errors and incomplete translations, as lines (for the tests)."""
    return [str(f) for f in check(content_dir, locales_dir, environ={})
            if f.severity == ERROR or f.check in INCOMPLETE or (f.check == "encoding")]

