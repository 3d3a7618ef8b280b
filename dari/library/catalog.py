"""Gettext PO catalogs, read and written with polib (the only module that imports it).

Document catalogs live at ``locales/<lang>/LC_MESSAGES/<slug>.po``. Each entry's msgid is
one Korean segment (or the title, or a heading) exactly as in ``content/``; its msgstr is
the English. Keying on the source text, as po4a and Sphinx's gettext builder do, means
that editing or inserting one sentence touches only that sentence's entry.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

from dari.models import UNTRANSLATED, ContentError, Problem, Status, Translation
from dari.text import nfc, read_text, write_atomic

WRAP = 78  # polib's and msgcat's line width; the bundled files were written with it
FUZZY_CUTOFF = 0.6  # how alike an old and a new Korean sentence must be to carry the English over
_LINE = re.compile(r"line (\d+)")


def catalog_path(locales_dir: Path, lang: str, domain: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"


# A quoted string on one line of a PO file: an optional keyword, then "..." with escapes.
_STRING_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"')
_STRING_START = re.compile(r'(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\b|"')


def _syntax_problems(lines: list[str], path: str) -> list[Problem]:
    """What polib would silently misread: strings without their closing quote.

    polib strips the last character of ``msgstr "abc`` as if it were the quote and
    reads "ab"; msgfmt calls it "end-of-line within string". Comment lines are free text.
    """
    problems = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        for prefix in ("#~| ", "#| ", "#~ "):
            if line.startswith(prefix):
                line = line[len(prefix):].strip()
                break
        else:
            if line.startswith("#") or not line:
                continue
        if _STRING_START.match(line) and not _STRING_LINE.fullmatch(line):
            problems.append(Problem(path, number, f"unterminated or malformed string: {raw.strip()[:80]!r}"))
    return problems


def _duplicates(po: polib.POFile, path: str) -> list[Problem]:
    """Two live entries with one msgctxt + msgid: msgfmt refuses the file, and a merge
    keyed on the msgid would keep only one of the two translations."""
    seen: dict[tuple, int] = {}
    problems = []
    for e in po:
        if e.obsolete:
            continue
        key = (e.msgctxt, e.msgid)
        if key in seen:
            problems.append(Problem(path, e.linenum, f"duplicate msgid {e.msgid[:60]!r} (first defined on line "
                                                     f"{seen[key]}): merge the two translations by hand"))
        else:
            seen[key] = e.linenum
    return problems


def parse_catalog(text: str, path: str = "<catalog>") -> polib.POFile:
    """Parse PO *content* (never a path: polib takes a string as either, and would open
    a file named by the content). Raises ContentError naming the file and line for a
    syntax error polib reports, an unterminated string, or a duplicate msgid.

    Lines are split on "\n" only: polib's own ``str.splitlines`` also splits inside
    strings at U+2028, U+0085 and other separators, and the msgid read back differs.
    """
    lines = text.split("\n")
    problems = _syntax_problems(lines, path)
    if problems:
        raise ContentError(path, problems[0].line, problems[0].message)
    # polib drops the previous msgid of an obsolete entry ("#~| msgid"); it reads "#| ".
    view = [("#| " + ln.lstrip()[4:]) if ln.lstrip().startswith("#~| ") else ln for ln in lines]
    try:
        parser = polib._POFileParser("")  # "" is no file: the lines are handed over below
        parser.fhandle = view
        po = parser.parse()
    except (OSError, ValueError, IndexError, KeyError, TypeError, AttributeError) as e:
        m = _LINE.search(str(e))
        raise ContentError(path, int(m.group(1)) if m else None, f"not a valid PO file: {e}") from None
    po.wrapwidth = WRAP
    for entry in po:
        entry.msgid, entry.msgstr = nfc(entry.msgid), nfc(entry.msgstr)
        if entry.msgctxt:
            entry.msgctxt = nfc(entry.msgctxt)
        if entry.previous_msgid:
            entry.previous_msgid = nfc(entry.previous_msgid)
        entry.comment, entry.tcomment = nfc(entry.comment or ""), nfc(entry.tcomment or "")
        entry.msgstr_plural = {k: nfc(v) for k, v in entry.msgstr_plural.items()}
    problems = _duplicates(po, path)
    if problems:
        raise ContentError(path, problems[0].line, problems[0].message)
    return po


def read_catalog(path: Path, root: Path | None = None) -> polib.POFile:
    """Read and parse a PO file; a broken one raises ContentError naming the file and line.

    Never through a symlink, and (given ``root``, the locales directory) never outside it.
    """
    try:
        text = read_text(path, root)
    except FileNotFoundError:
        raise ContentError(str(path), None, "no such PO file") from None
    except UnicodeDecodeError as e:
        raise ContentError(str(path), None, e.reason) from None
    except OSError as e:
        raise ContentError(str(path), None, str(e).removeprefix(f"{path}: ")) from None
    return parse_catalog(text, str(path))


def _lines(prefix: str, value: str) -> list[str]:
    # One comment line per line of the value, never re-wrapped: polib wraps long notes,
    # and a wrapped note reads back as two notes.
    return [f"{prefix}{line}" if line else prefix.rstrip() for line in value.split("\n")] if value else []


def format_entry(entry: polib.POEntry, wrapwidth: int = WRAP) -> str:
    """One entry as PO text: polib's layout for the strings, ours for everything around them.

    Unlike polib, an obsolete entry keeps its extracted comments (#.) and its previous
    msgid (written ``#~| msgid``, as msgmerge does): a sentence that goes away and comes
    back must come back with its notes.
    """
    out = [*_lines("# ", entry.tcomment or ""), *_lines("#. ", entry.comment or "")]
    if entry.occurrences and not entry.obsolete:
        out.append("#: " + " ".join(f"{f}:{n}" if n else f for f, n in entry.occurrences))
    if entry.flags:
        out.append("#, " + ", ".join(entry.flags))
    prefix = "#~| " if entry.obsolete else "#| "
    for name in ("previous_msgctxt", "previous_msgid", "previous_msgid_plural"):
        value = getattr(entry, name)
        if value is not None:
            out += entry._str_field(name, prefix, "", value, wrapwidth)
    out.append(polib._BaseEntry.__unicode__(entry, wrapwidth))
    return "\n".join(out)


def format_catalog(po: polib.POFile) -> str:
    """The whole file: header comment, metadata, live entries in order, then obsolete ones."""
    head = "".join("#\n" if not h else (f"#{h}\n" if h[:1] in ",:" else f"# {h}\n") for h in po.header.split("\n"))
    entries = [po.metadata_as_entry().__unicode__(WRAP)]
    entries += [format_entry(e) for e in po if not e.obsolete]
    entries += [format_entry(e) for e in po if e.obsolete]
    return head + "\n".join(entries)


def _comment_lines(value: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (value or "").split("\n") if line.strip())


def entry_fingerprint(e: polib.POEntry) -> tuple:
    """Everything a translator wrote in an entry, in a comparable form."""
    return (e.obsolete, e.msgctxt, e.msgid, e.msgid_plural or "", e.msgstr,
            tuple(sorted(e.msgstr_plural.items())), tuple(e.flags),
            _comment_lines(e.comment), _comment_lines(e.tcomment),
            e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural)


def catalog_fingerprint(po: polib.POFile) -> tuple:
    ordered = [e for e in po if not e.obsolete] + [e for e in po if e.obsolete]
    return tuple(sorted(po.metadata.items())), tuple(entry_fingerprint(e) for e in ordered)


def write_catalog(po: polib.POFile, path: Path) -> None:
    """Write a catalog atomically, and only if it reads back exactly as it is in memory.

    Write a temporary file, re-read it with :func:`parse_catalog`, compare every entry
    (strings, flags, notes, previous msgids), then rename. A catalog whose text would
    not survive the round trip raises ContentError naming the first entry that differs;
    the file on disk is left as it was.
    """
    expected = catalog_fingerprint(po)

    def verify(text: str) -> None:
        got = catalog_fingerprint(parse_catalog(text, str(path)))
        if got == expected:
            return
        if got[0] != expected[0]:
            raise ContentError(str(path), None, "refused to write: the header would not read back identically")
        for k, (a, b) in enumerate(zip(expected[1], got[1], strict=False)):
            if a != b:
                line = 1 + text.count("\n", 0, _entry_offset(text, k + 1))
                raise ContentError(str(path), line, f"refused to write: entry {a[2][:60]!r} would read back "
                                                     "differently; nothing was written")
        raise ContentError(str(path), None, "refused to write: entries would be lost; nothing was written")

    write_atomic(path, format_catalog(po), verify=verify)


def _entry_offset(text: str, k: int) -> int:
    """Roughly where the k-th entry (after the header) starts: after the k-th blank line."""
    at = 0
    for _ in range(k):
        found = text.find("\n\n", at)
        if found < 0:
            return at
        at = found + 2
    return at


def new_catalog(lang: str, project: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP)
    po.metadata = {
        "Project-Id-Version": project,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


ALIGNMENT_NOTE = re.compile(r"alignment confidence: ([01](?:\.[0-9]+)?)")


def alignment_confidence(entry: polib.POEntry) -> float | None:
    """The confidence an import's sentence alignment gave this English, from the translator
    comment it wrote (``# alignment confidence: 0.83``); None for English a person wrote."""
    for line in (entry.tcomment or "").split("\n"):
        m = ALIGNMENT_NOTE.fullmatch(line.strip())
        if m:
            return float(m.group(1))
    return None


def entry_translation(entry: polib.POEntry) -> Translation:
    notes = tuple(n.strip() for n in (entry.comment or "").split("\n") if n.strip())
    if not entry.msgstr.strip():
        return Translation("", Status.UNTRANSLATED, notes)
    status = Status.FUZZY if "fuzzy" in entry.flags else Status.TRANSLATED
    return Translation(entry.msgstr, status, notes, alignment_confidence(entry))


def translations(po: polib.POFile, context: str | None = None) -> dict[str, Translation]:
    """msgid -> Translation for the live (not obsolete) entries of one context. Built once:
    ``POFile.find`` is a linear scan."""
    return {
        e.msgid: entry_translation(e)
        for e in po
        if not e.obsolete and e.msgctxt == context
    }


def translate(table: dict[str, Translation], ko: str) -> Translation:
    return table.get(ko, UNTRANSLATED)


@dataclass(frozen=True)
class MergeReport:
    kept: int
    added: int
    fuzzy: int  # added, with the English of a similar old sentence carried over for review
    obsoleted: int


def update_catalog(po: polib.POFile, texts: Iterable[str]) -> MergeReport:
    """Bring a document catalog in line with the document, as msgmerge does.

    Entries are never dropped: an entry whose Korean is gone becomes obsolete (``#~``)
    and keeps its English; a new sentence similar to an old one gets that English as a
    fuzzy suggestion. The live entries are put in reading order.
    """
    texts = list(dict.fromkeys(texts))
    live = {e.msgid: e for e in po if not e.obsolete and e.msgctxt is None}
    # Several obsolete entries may share a msgid (a sentence that left twice): keep them all.
    obsolete: dict[str, list[polib.POEntry]] = {}
    for e in po:
        if e.obsolete and e.msgctxt is None:
            obsolete.setdefault(e.msgid, []).append(e)
    wanted = set(texts)
    leaving = [e for k, e in live.items() if k not in wanted]
    donors = {e.msgid: e for e in [*leaving, *(e for group in obsolete.values() for e in group)] if e.msgstr}
    ordered, kept, added, fuzzy = [], 0, 0, 0
    revived: set[int] = set()
    for ko in texts:
        if ko in live:
            ordered.append(live[ko])
            kept += 1
            continue
        if obsolete.get(ko):  # came back: revive with its English, notes and flags
            entry = obsolete[ko].pop(0)
            entry.obsolete = False
            revived.add(id(entry))
            ordered.append(entry)
            kept += 1
            continue
        entry = polib.POEntry(msgid=ko, msgstr="")
        match = difflib.get_close_matches(ko, list(donors), n=1, cutoff=FUZZY_CUTOFF)
        if match:
            donor = donors[match[0]]
            entry.msgstr = donor.msgstr
            entry.comment = donor.comment
            entry.tcomment = donor.tcomment
            entry.previous_msgid = donor.msgid
            entry.flags.append("fuzzy")
            fuzzy += 1
        added += 1
        ordered.append(entry)
    for entry in leaving:
        entry.obsolete = True
    leaving_ids = {id(e) for e in leaving}
    others = [e for e in po if e.msgctxt is not None and not e.obsolete]
    tail = [*leaving, *(e for e in po if e.obsolete and id(e) not in leaving_ids and id(e) not in revived)]
    before = len(po)
    po[:] = [*ordered, *others, *tail]
    assert len(po) == before + added, "update_catalog must never drop an entry"
    return MergeReport(kept=kept, added=added, fuzzy=fuzzy, obsoleted=len(leaving))


def check_document_catalog(po: polib.POFile, texts: Iterable[str], path: str) -> list[str]:
    """What keeps a document catalog from being complete: missing, untranslated, fuzzy, stale."""
    texts = list(texts)
    table = translations(po)
    problems = []
    for ko in texts:
        t = table.get(ko)
        if t is None:
            problems.append(f"{path}: no entry for {ko!r}")
        elif t.status is not Status.TRANSLATED:
            problems.append(f"{path}: {t.status.value}: {ko!r}")
    for ko in set(table) - set(texts):
        problems.append(f"{path}: stale entry (not in the document; run `python -m dari update`): {ko!r}")
    return problems


# --- Entry-level reads and writes for the Translate view and dari.library.editing -----------------
# They work on our own EntryText, so no module outside this one needs polib to edit a catalog.


@dataclass(frozen=True)
class EntryText:
    """What a translator wrote for one Korean text: the part of a PO entry that editing reads and writes."""

    msgstr: str = ""
    fuzzy: bool = False
    notes: tuple[str, ...] = ()  # extracted comments ("#."), one per line: the notes readers see
    previous_msgid: str | None = None  # "#| msgid": the Korean the English was written for (fuzzy only)

    @property
    def fingerprint(self) -> str:
        """Changes whenever the English, the fuzzy flag or the notes change: how a save notices
        that another session wrote the entry after this one read it."""
        import hashlib

        raw = "\x00".join([self.msgstr, "fuzzy" if self.fuzzy else "", *self.notes])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _entry_text(entry: polib.POEntry) -> EntryText:
    notes = tuple(n.strip() for n in (entry.comment or "").split("\n") if n.strip())
    return EntryText(entry.msgstr, "fuzzy" in entry.flags, notes, entry.previous_msgid)


def entry_texts(po: polib.POFile) -> dict[str, EntryText]:
    """msgid -> EntryText for the live entries without a msgctxt (a document catalog's)."""
    return {e.msgid: _entry_text(e) for e in po if not e.obsolete and e.msgctxt is None and e.msgid}


def put_entry(po: polib.POFile, msgid: str, text: EntryText) -> None:
    """Make ``text`` the live entry of ``msgid``: update it, revive an obsolete one, or append one.

    Flags other than fuzzy are kept. A revived obsolete entry whose old English differs keeps that
    English in a translator comment ("#"), so nothing a translator wrote is lost.
    """
    live = next((e for e in po if not e.obsolete and e.msgctxt is None and e.msgid == msgid), None)
    if live is None:
        live = next((e for e in po if e.obsolete and e.msgctxt is None and e.msgid == msgid), None)
        if live is not None:
            live.obsolete = False
            if live.msgstr.strip() and live.msgstr != text.msgstr:
                live.tcomment = "\n".join(x for x in (live.tcomment, f"earlier English: {live.msgstr}") if x)
        else:
            live = polib.POEntry(msgid=msgid, msgstr="")
            po.append(live)
    live.msgstr = text.msgstr
    live.comment = "\n".join(text.notes)
    live.flags = [f for f in live.flags if f != "fuzzy"] + (["fuzzy"] if text.fuzzy and text.msgstr else [])
    live.previous_msgid = text.previous_msgid if "fuzzy" in live.flags else None


def retire_entry(po: polib.POFile, msgid: str) -> None:
    """Make the live entry of ``msgid`` obsolete (``#~``), keeping its English and notes.

    An older obsolete entry of the same msgid is folded into it (its English into a translator
    comment, its notes appended) rather than left as a duplicate msgfmt would reject.
    """
    live = next((e for e in po if not e.obsolete and e.msgctxt is None and e.msgid == msgid), None)
    if live is None:
        return
    for old in [e for e in po if e.obsolete and e.msgctxt is None and e.msgid == msgid]:
        if old.msgstr.strip() and old.msgstr != live.msgstr:
            live.tcomment = "\n".join(x for x in (live.tcomment, f"earlier English: {old.msgstr}") if x)
        extra = [n for n in (old.comment or "").split("\n") if n.strip() and n not in (live.comment or "").split("\n")]
        if extra:
            live.comment = "\n".join(x for x in (live.comment, *extra) if x)
        po.remove(old)
    live.obsolete = True


def order_entries(po: polib.POFile, texts: Iterable[str]) -> None:
    """Put the live document entries in the order of ``texts`` (reading order); others keep theirs."""
    rank = {k: i for i, k in enumerate(dict.fromkeys(texts))}
    live = [e for e in po if not e.obsolete and e.msgctxt is None]
    live.sort(key=lambda e: rank.get(e.msgid, len(rank)))
    rest = [e for e in po if e.obsolete or e.msgctxt is not None]
    po[:] = [*live, *rest]
