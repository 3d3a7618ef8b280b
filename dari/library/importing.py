"""Bringing a text into a library: checks, sentence splitting, alignment with an English
version, the word analysis, and one transaction that puts the files in place.

Two halves, kept apart because Kiwi costs ~530 MB and seconds to start:

* :func:`prepare` decodes and checks everything that needs no Kiwi (encoding, size,
  empty or debris-only text, title and source). The page runs it before queueing a job,
  so a refusal shows at once; the import command runs it again.
* :func:`run_import` splits sentences (Kiwi), aligns the English, analyses every word
  and commits. It runs in the worker's subprocess (``python -m dari import``), never in
  the reading server: this module imports no Kiwi at load time.

The transaction. Every file (text, PO, analysis) is written into
``<library>/.staging/<slug>-<random>/`` in the library's own layout; once all are
written and read back, a ``COMMIT`` marker is written there, then the files are renamed
into place (PO and analysis first, the text last: a text is listed only once its
companions are there) and the staging directory is removed. :func:`recover`, run at the
start of every import under the import lock, finishes a staging directory that has the
marker and deletes one that has none. So a killed import leaves the library as it was,
or completes it; never half a text. Temporary files left by an interrupted atomic write
are removed at the same time.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dari.library.content import DEBRIS, format_document, is_slug, looks_like_heading, parse_document
from dari.library.shelf import LIBRARY_LOCK, Library, Shelf, finish_deletes
from dari.models import LOW_CONFIDENCE, Block, BlockKind, Document, Segment  # below LOW_CONFIDENCE: have it checked
from dari.text import decode, nfc, write_atomic

SIZE_LIMIT = 2 * 1024 * 1024  # bytes per file: 2 MB, about 680,000 Hangul syllables in UTF-8
MAX_LINE = 200  # characters of a title or source line
IMPORT_LOCK = "import.lock"  # one import at a time per library (held while it builds and commits)
COMMIT = "COMMIT"
CONFIDENCE_NOTE = "alignment confidence: {:.2f}"
LOW_NOTE = "low alignment confidence: check that this English belongs here"
MOVED_NOTE = "alignment: English with no Korean counterpart was appended here: {}"

# Characters that end a line somewhere (str.splitlines splits on all of these).
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_MD_HEADING = re.compile(r"#{1,6}\s+")
_MD_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})")


class ImportRefused(ValueError):
    """An input that is not imported: the one-line message says what and why; nothing is written."""


Progress = Callable[[str, float, str], None]


def _no_progress(stage: str, fraction: float, message: str) -> None:
    pass


# ---------------------------------------------------------------------------------------
# Checks that need no Kiwi


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def check_size(size: int, name: str) -> None:
    if size > SIZE_LIMIT:
        raise ImportRefused(f"{name} is {_mb(size)}; the limit is {_mb(SIZE_LIMIT)} per text")


def decode_input(data: bytes, name: str) -> str:
    """Bytes of an uploaded or given file -> NFC text, refusing what is not a text."""
    check_size(len(data), name)
    try:
        text = decode(data, name)
    except UnicodeDecodeError as e:
        raise ImportRefused(e.reason) from None
    text = text.lstrip("\ufeff")
    bad = _CONTROL.search(text)
    if bad:
        raise ImportRefused(f"{name}: holds the control character U+{ord(bad.group()):04X} at character "
                            f"{bad.start()}: not a plain text file")
    return text.replace("\t", " ")


def clean_line(value: str, what: str) -> tuple[str, str | None]:
    """A title or source as one plain line: line breaks refused, markup flattened.

    Returns the cleaned value and a notice when something was flattened. Markup here means
    HTML tags and Markdown links and images (what a page could turn into an element or a
    fetch); other characters stay as typed, since every page shows them literally.
    """
    value = nfc(value)
    broken = next((ch for ch in value if ch in LINE_BREAKS), None)
    if broken is not None:
        raise ImportRefused(f"the {what} holds a line break (U+{ord(broken):04X}); give it on one line")
    bad = _CONTROL.search(value)
    if bad:
        raise ImportRefused(f"the {what} holds the control character U+{ord(bad.group()):04X}")
    flat = _MD_IMAGE.sub(r"\1", value)
    flat = _MD_LINK.sub(r"\1", flat)
    flat = _MD_AUTOLINK.sub(r"\1", flat)
    flat = _HTML_TAG.sub("", flat)
    flat = " ".join(flat.replace("\t", " ").split())
    if len(flat) > MAX_LINE:
        raise ImportRefused(f"the {what} is {len(flat)} characters long; the limit is {MAX_LINE}")
    notice = None
    if flat != " ".join(value.split()):
        notice = f"the {what} held markup (HTML tags or Markdown links), flattened to plain text: {flat!r}"
    return flat, notice


def _flatten_markdown(line: str) -> tuple[str, bool]:
    """One Markdown line -> (plain text, is it a heading)."""
    heading = _MD_HEADING.match(line)
    if heading:
        line = line[heading.end():].rstrip("#").strip()
    line = _MD_IMAGE.sub(r"\1", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _HTML_TAG.sub("", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    line = re.sub(r"^(?:[-*+]|>)\s+", "", line)
    return " ".join(line.split()), bool(heading)


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: bool


def paragraphs(text: str, *, markdown: bool = False) -> tuple[list[Paragraph], list[str]]:
    """The paragraphs of a plain text (one a line, blank lines ignored) and the trailing page
    debris dropped ("댓글0"). Markdown (.md) loses its markup; ``#`` lines are headings."""
    out: list[Paragraph] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        if markdown:
            if _MD_RULE.fullmatch(line):
                continue
            line, heading = _flatten_markdown(line)
            if not line:
                continue
        elif (marker := _MD_HEADING.match(line)) and line.startswith("# "):
            line, heading = line[marker.end():].strip(), True  # the content format's own heading mark
        else:
            heading = looks_like_heading(line)
        out.append(Paragraph(line, heading or looks_like_heading(line)))
    dropped = []
    while out and DEBRIS.fullmatch(out[-1].text):
        dropped.append(out.pop().text)
    return out, dropped[::-1]


@dataclass(frozen=True)
class Prepared:
    """A checked request: what the Kiwi half needs, and the notices for the person."""

    korean: tuple[Paragraph, ...]
    english: str | None  # the English version's plain text (paragraphs one a line)
    title: str
    source: str
    english_title: str
    slug: str | None
    notices: tuple[str, ...] = ()


def _derived_title(first: str) -> str:
    if len(first) <= 60:
        return first
    cut = first[:60].rsplit(" ", 1)[0]
    return (cut or first[:60]) + "…"


def prepare(
    korean: bytes,
    korean_name: str = "the text",
    *,
    title: str = "",
    source: str = "",
    english: bytes | None = None,
    english_name: str = "the English",
    english_title: str = "",
    slug: str | None = None,
) -> Prepared:
    """Decode and check a request; :class:`ImportRefused` names the first problem found."""
    notices: list[str] = []
    text = decode_input(korean, korean_name)
    markdown = korean_name.lower().endswith((".md", ".markdown"))
    if not text.strip():
        raise ImportRefused(f"{korean_name} is empty (or only white space): nothing to import")
    found, dropped = paragraphs(text, markdown=markdown)
    if not found:
        raise ImportRefused(f"{korean_name} holds only page debris ({', '.join(dropped)}): nothing to import")
    if dropped:
        notices.append(f"dropped page debris at the end: {', '.join(dropped)}")
    if not any("\uac00" <= ch <= "\ud7a3" for p in found for ch in p.text):
        raise ImportRefused(f"{korean_name} holds no Korean (no Hangul syllable): is it the right file?")

    title, notice = clean_line(title, "title")
    notices += [notice] if notice else []
    if not title:
        title = _derived_title(found[0].text)
        notices.append(f"no title given: using the first line, {title!r}")
    source, notice = clean_line(source, "source")
    notices += [notice] if notice else []
    english_title, notice = clean_line(english_title, "English title")
    notices += [notice] if notice else []

    en_text = None
    if english is not None:
        en_text = decode_input(english, english_name)
        en_found, _ = paragraphs(en_text, markdown=english_name.lower().endswith((".md", ".markdown")))
        if not en_found:
            raise ImportRefused(f"{english_name} is empty (or only white space): give the English or leave it out")
        en_text = "\n".join(p.text for p in en_found)
    if slug is not None and not is_slug(slug):
        raise ImportRefused(f"{slug!r} is not a valid document name (a-z, 0-9 and '-', at most 64)")
    return Prepared(tuple(found), en_text, title, source, english_title, slug, tuple(notices))


# ---------------------------------------------------------------------------------------
# Slugs: ASCII, unique, from the title when none is given

_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_MEDIALS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "eu", "ui", "i"]
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "p", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t"]


def transliterate(text: str) -> str:
    """Hangul syllables letter by letter in Revised Romanization's letters (not its sound
    changes: that needs ko-pron), Latin letters and digits kept: enough for a file name."""
    out = []
    for ch in nfc(text):
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_INITIALS[code // 588] + _MEDIALS[code % 588 // 28] + _FINALS[code % 28])
        else:
            ascii_ = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode().lower()
            out.append(ascii_ if ascii_.isalnum() else " ")
    return "".join(out)


def make_slug(title: str, shelf: Shelf, *, today: str | None = None) -> str:
    """A new document name from a title: ASCII words joined by '-', at most 48 characters,
    made unique with -2, -3 ...; ``text-<date>`` when the title gives no letters."""
    words = transliterate(title).split()
    base = ""
    for w in words:
        if len(base) + len(w) + 1 > 48:
            break
        base = f"{base}-{w}" if base else w
    base = re.sub(r"[^a-z0-9-]", "", base).strip("-")[:48].strip("-")
    if not base or not is_slug(base):
        base = f"text-{today or time.strftime('%Y%m%d', time.gmtime())}"
    slug, n = base, 1
    while shelf.taken(slug) or not is_slug(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


# ---------------------------------------------------------------------------------------
# Building the document, its catalog and analysis (the Kiwi half)


@dataclass(frozen=True)
class English:
    """What one segment's msgstr becomes."""

    text: str
    confidence: float | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Built:
    doc: Document
    english: dict[str, English]  # Korean text (title or segment) -> its English
    analysis: str  # the analysis file's text
    notices: tuple[str, ...]
    confidence: float | None = None  # the alignment's overall confidence


def split_paragraphs(found: Sequence[Paragraph], split_sentences: Callable[[str], list[str]],
                     progress: Progress = _no_progress) -> list[list[str]]:
    """Each paragraph's sentences (a heading is one). Kiwi's split is kept only where the
    sentences joined by single spaces give the paragraph back: the Korean is never altered."""
    out = []
    for k, p in enumerate(found):
        if p.heading:
            out.append([p.text])
        else:
            parts = [s.strip() for s in split_sentences(p.text) if s.strip()]
            out.append(parts if parts and " ".join(parts) == p.text else [p.text])
        if k % 20 == 0:
            progress("splitting", k / max(1, len(found)), f"splitting sentences: paragraph {k + 1} of {len(found)}")
    return out


@dataclass(frozen=True)
class Unit:
    """A run of Korean sentences that becomes one segment, and its English."""

    sentences: tuple[int, ...]  # indices into the flat list of Korean sentences
    english: English | None


def units_of(sentence_count: int, beads: Sequence, en_sentences: Sequence[str],
             low: float = LOW_CONFIDENCE) -> tuple[list[Unit], list[str]]:
    """Beads -> segments. Korean sentences sharing a bead become one segment with that bead's
    English; English of a 0-1 bead goes to the previous segment (the next, at the start),
    said in a note, so no English is lost."""
    units: list[Unit] = []
    notices: list[str] = []
    pending: list[str] = []  # English with no Korean before the first unit
    covered: set[int] = set()
    for bead in beads:
        en = " ".join(en_sentences[i] for i in bead.en)
        ko = tuple(sorted(bead.ko))
        if not ko:
            if not en:
                continue
            if units and units[-1].english is not None:
                last = units[-1]
                merged = English(f"{last.english.text} {en}".strip(), last.english.confidence,
                                 (*last.english.notes, MOVED_NOTE.format(en)))
                units[-1] = Unit(last.sentences, merged)
            elif units:
                last = units[-1]
                units[-1] = Unit(last.sentences, English(en, bead.confidence, (MOVED_NOTE.format(en),)))
            else:
                pending.append(en)
            notices.append(f"English with no Korean counterpart kept with a neighbouring sentence: {en[:60]!r}")
            continue
        covered.update(ko)
        notes = [CONFIDENCE_NOTE.format(bead.confidence)] if en else []
        if en and bead.confidence < low:
            notes.append(LOW_NOTE)
        if pending and en:
            moved = " ".join(pending)
            en = f"{moved} {en}"
            notes.append(MOVED_NOTE.format(moved))
            pending = []
        units.append(Unit(ko, English(en, bead.confidence, tuple(notes)) if en else None))
    missing = sorted(set(range(sentence_count)) - covered)
    if missing:
        raise ImportRefused(f"the alignment left Korean sentences {missing[:5]} out: refusing to drop text")
    if pending and units:  # no Korean sentence had English to join: keep it on the first segment
        moved = " ".join(pending)
        units[0] = Unit(units[0].sentences, English(moved, None, (MOVED_NOTE.format(moved),)))
    units.sort(key=lambda u: u.sentences[0])
    return units, notices


def build_document(slug: str, prepared: Prepared, sentences: list[list[str]],
                   units: Sequence[Unit] | None) -> tuple[Document, dict[str, English]]:
    """The Document: paragraphs as blocks, units as segments. A unit whose Korean crosses a
    paragraph boundary joins those paragraphs into one block (a segment lives in one block)."""
    flat = [(k, s) for k, ps in enumerate(sentences) for s in ps]
    if units is None:
        units = [Unit((i,), None) for i in range(len(flat))]
    groups: list[list[Unit]] = []
    last_paragraph = None
    for u in units:
        first, last = flat[u.sentences[0]][0], flat[u.sentences[-1]][0]
        if groups and first == last_paragraph:
            groups[-1].append(u)
        else:
            groups.append([u])
        last_paragraph = last
    blocks, english = [], {}
    for number, group in enumerate(groups, start=1):
        first_paragraph = flat[group[0].sentences[0]][0]
        heading = prepared.korean[first_paragraph].heading and len(group) == 1 and len(group[0].sentences) == 1
        segments = []
        for k, u in enumerate(group, start=1):
            ko = " ".join(flat[i][1] for i in u.sentences)
            segments.append(Segment(id=f"{number}.{k}", ko=ko))
            if u.english is not None:
                if ko in english and english[ko].text != u.english.text:
                    # The same Korean twice shares one entry: keep the first English, note the other.
                    first = english[ko]
                    english[ko] = English(first.text, first.confidence,
                                          (*first.notes, f"also aligned elsewhere with: {u.english.text}"))
                else:
                    english.setdefault(ko, u.english)
        blocks.append(Block(number=number, kind=BlockKind.HEADING if heading else BlockKind.PARAGRAPH,
                            segments=tuple(segments)))
    doc = Document(slug=slug, title=prepared.title, source=prepared.source, blocks=tuple(blocks))
    if prepared.english_title:
        english[doc.title] = English(prepared.english_title)
    return doc, english


def align_english(sentences: list[list[str]], english: str, glossary_path: Path | None,
                  progress: Progress = _no_progress) -> tuple[list[Unit], list[str], float]:
    """Align the English version with the Korean sentences (dari.library.align)."""
    try:
        from dari.library.align import LOW_CONFIDENCE as low
        from dari.library.align import align, split_english
    except ImportError:
        raise ImportRefused("this build of Dari cannot align an English version (dari.library.align is "
                            "missing); import the Korean alone") from None
    progress("aligning", 0.0, "splitting the English into sentences")
    en_paragraphs = split_english(english)
    glossary = None
    if glossary_path is not None and glossary_path.is_file():
        from dari.library.glossary import load_glossary

        glossary = load_glossary(glossary_path)
    progress("aligning", 0.3, "aligning the English with the Korean, sentence by sentence")
    result = align(sentences, en_paragraphs, glossary=glossary)
    if not result.related:
        raise ImportRefused(
            f"the English does not look like a translation of the Korean (alignment confidence "
            f"{result.confidence:.2f}); nothing was imported: check the files, or import the Korean alone")
    en_flat = [s for p in en_paragraphs for s in p]
    units, notices = units_of(sum(len(p) for p in sentences), result.beads, en_flat, low)
    marked = sum(1 for u in units if u.english and u.english.confidence is not None and u.english.confidence < low)
    notices.append(f"aligned {len(en_flat)} English sentences with {len(units)} segments "
                   f"(overall confidence {result.confidence:.2f}; {marked} marked for review)")
    return units, notices, result.confidence


def analyse(doc: Document, progress: Progress = _no_progress) -> str:
    """The analysis file's text (dari.language.lookup's format), segment by segment for progress."""
    from dari.language.lookup import FORMAT, analyse_segment, format_analysis, tools

    texts = doc.texts
    segments = {}
    for k, text in enumerate(texts):
        segments[text] = analyse_segment(text)
        if k % 10 == 0:
            progress("analysing", k / len(texts), f"analysing words: sentence {k + 1} of {len(texts)}")
    return format_analysis({"format": FORMAT, "segments": segments, "tools": tools()})


def build(slug: str, prepared: Prepared, *, split_sentences: Callable[[str], list[str]],
          glossary_path: Path | None = None, progress: Progress = _no_progress) -> Built:
    progress("splitting", 0.0, "splitting sentences")
    sentences = split_paragraphs(prepared.korean, split_sentences, progress)
    units, notices, confidence = None, [], None
    if prepared.english is not None:
        units, notices, confidence = align_english(sentences, prepared.english, glossary_path, progress)
    doc, english = build_document(slug, prepared, sentences, units)
    progress("analysing", 0.0, "analysing words")
    analysis = analyse(doc, progress)
    return Built(doc, english, analysis, (*prepared.notices, *notices), confidence)


def catalog_text(built: Built) -> str:
    """The PO file: an entry per Korean text; aligned English fuzzy, with its confidence noted."""
    from dari.library.catalog import format_catalog, new_catalog, update_catalog

    po = new_catalog("en", f"dari {built.doc.slug}")
    update_catalog(po, built.doc.texts)
    for entry in po:
        en = built.english.get(entry.msgid)
        if en is None:
            continue
        entry.msgstr = en.text
        if en.confidence is not None:
            entry.flags.append("fuzzy")  # machine-aligned: a person confirms it
        if en.notes:
            # Translator comments ("# "), not reader notes ("#."): how the English was aligned
            # is for whoever confirms it; the reader marks doubtful beads from the confidence.
            entry.tcomment = "\n".join(en.notes)
    return format_catalog(po)


# ---------------------------------------------------------------------------------------
# Locks and the transaction


@contextmanager
def file_lock(path: Path, *, blocking: bool = True) -> Iterator[bool]:
    """fcntl.flock on ``path`` (created if missing). Yields False when not blocking and busy.
    On a shared volume the lock is the volume's: all replicas see one lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def library_lock(library: Library, *, blocking: bool = True):
    return file_lock(library.jobs_dir / LIBRARY_LOCK, blocking=blocking)


def import_lock(library: Library, *, blocking: bool = True):
    return file_lock(library.jobs_dir / IMPORT_LOCK, blocking=blocking)


def _targets(library: Library, slug: str) -> list[tuple[str, Path]]:
    """(path inside staging, final path): the PO and analysis first, the text last."""
    root = library.root
    final = [library.catalog_path(slug), library.content_dir / f"{slug}.analysis.json",
             library.content_dir / f"{slug}.txt"]
    return [(str(p.relative_to(root)), p) for p in final]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _finish(stage: Path, library: Library) -> None:
    plan = json.loads((stage / COMMIT).read_text(encoding="utf-8"))
    for relative, final in _targets(library, plan["slug"]):
        staged = stage / relative
        if staged.is_file() and not staged.is_symlink():
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
            _fsync_dir(final.parent)
    shutil.rmtree(stage)


def _tmp_files(library: Library) -> Iterator[Path]:
    for directory in (library.content_dir, library.locales_dir / "en" / "LC_MESSAGES"):
        if directory.is_dir() and not directory.is_symlink():
            # write_atomic's temporary files: .<name>.<random>.tmp
            yield from (p for p in directory.glob(".*.tmp") if p.is_file() and not p.is_symlink())


def recover(library: Library) -> list[str]:
    """Finish or roll back what a killed import or delete left; remove temporary files.
    Run under the import lock (no other import is staging) and the library lock."""
    done = finish_deletes(library)
    staging = library.staging_dir
    if staging.is_dir() and not staging.is_symlink():
        for stage in sorted(staging.iterdir()):
            if stage.is_symlink() or not stage.is_dir():
                stage.unlink()
                continue
            if (stage / COMMIT).is_file():
                _finish(stage, library)
                done.append(f"finished an interrupted import ({stage.name})")
            else:
                shutil.rmtree(stage)
                done.append(f"removed an unfinished import ({stage.name}); the library is as it was")
    for tmp in _tmp_files(library):
        tmp.unlink()
        done.append(f"removed the temporary file {tmp}")
    return done


def stage(library: Library, built: Built, po_text: str) -> Path:
    """Write every file into a fresh staging directory and read each back."""
    library.staging_dir.mkdir(parents=True, exist_ok=True)
    where = library.staging_dir / f"{built.doc.slug}-{secrets.token_hex(4)}"
    where.mkdir()
    text = format_document(built.doc)
    if parse_document(text, slug=built.doc.slug) != built.doc:
        raise ImportRefused("the document would not read back as written (please report this text)")
    try:
        for (relative, _), body in zip(_targets(library, built.doc.slug), (po_text, built.analysis, text),
                                       strict=True):
            write_atomic(where / relative, body)
        from dari.library.catalog import read_catalog, translations

        table = translations(read_catalog(where / _targets(library, built.doc.slug)[0][0]))
        for ko, en in built.english.items():
            if table.get(ko) is None or table[ko].en != en.text:
                raise ImportRefused(f"the catalog would not read back the English of {ko[:40]!r} "
                                    "(please report this text)")
    except BaseException:
        shutil.rmtree(where, ignore_errors=True)
        raise
    return where


def commit(library: Library, where: Path, slug: str, shelf: Shelf) -> None:
    """Mark the staging complete, then rename its files into place. Under the library lock."""
    if shelf.taken(slug):
        shutil.rmtree(where)
        raise ImportRefused(f"the name {slug!r} was taken while this text was imported; import it again")
    write_atomic(where / COMMIT, json.dumps({"slug": slug}))
    _fsync_dir(where)
    _finish(where, library)


@dataclass(frozen=True)
class Result:
    slug: str
    doc: Document
    notices: tuple[str, ...] = field(default_factory=tuple)
    confidence: float | None = None


def run_import(prepared: Prepared, library: Library, shelf: Shelf, *,
               split_sentences: Callable[[str], list[str]] | None = None,
               glossary_path: Path | None = None, progress: Progress = _no_progress,
               wait: bool = True) -> Result:
    """Import a prepared text into ``library``: one import at a time (the import lock), the
    leftovers of a killed one recovered first, then build, stage and commit."""
    if library.root is None or not library.writable:
        raise ImportRefused(f"the {library.name} library cannot be written")
    if split_sentences is None:
        from dari.language.morphology import split_sentences
    with import_lock(library, blocking=wait) as locked:
        if not locked:
            raise ImportRefused("another import into this library is running")
        with library_lock(library):
            recovered = recover(library)
        if prepared.slug is not None:
            if shelf.taken(prepared.slug):
                raise ImportRefused(f"the name {prepared.slug!r} is taken: choose another --slug")
            slug = prepared.slug
        else:
            slug = make_slug(prepared.title, shelf)
        built = build(slug, prepared, split_sentences=split_sentences, glossary_path=glossary_path,
                      progress=progress)
        progress("writing", 0.9, "writing the files")
        po_text = catalog_text(built)
        where = stage(library, built, po_text)
        with library_lock(library):
            commit(library, where, slug, shelf)
    return Result(slug, built.doc, (*recovered, *built.notices), built.confidence)
