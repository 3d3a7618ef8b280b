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

from dari.models import UNTRANSLATED, ContentError, Status, Translation
from dari.text import nfc, read_text, write_atomic

FUZZY_CUTOFF = 0.6  # how alike an old and a new Korean sentence must be to carry the English over
_LINE = re.compile(r"line (\d+)")


def catalog_path(locales_dir: Path, lang: str, domain: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def read_catalog(path: Path) -> polib.POFile:
    """Parse a PO file; a broken one raises ContentError naming the file and line.

    polib treats a string that is not an existing path as PO *content*, so the
    existence check comes first.
    """
    if not path.is_file():
        raise ContentError(str(path), None, "no such PO file")
    try:
        text = read_text(path)
    except UnicodeDecodeError as e:
        raise ContentError(str(path), None, e.reason) from None
    try:
        po = polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError) as e:
        m = _LINE.search(str(e))
        raise ContentError(str(path), int(m.group(1)) if m else None, f"not a valid PO file: {e}") from None
    for entry in po:
        entry.msgid, entry.msgstr = nfc(entry.msgid), nfc(entry.msgstr)
        if entry.msgctxt:
            entry.msgctxt = nfc(entry.msgctxt)
    return po


def write_catalog(po: polib.POFile, path: Path) -> None:
    """Atomic: a crash mid-write leaves the previous catalog in place."""
    write_atomic(path, po.__unicode__())


def new_catalog(lang: str, project: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=78)
    po.metadata = {
        "Project-Id-Version": project,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


def entry_translation(entry: polib.POEntry) -> Translation:
    notes = tuple(n.strip() for n in (entry.comment or "").split("\n") if n.strip())
    if not entry.msgstr.strip():
        return Translation("", Status.UNTRANSLATED, notes)
    status = Status.FUZZY if "fuzzy" in entry.flags else Status.TRANSLATED
    return Translation(entry.msgstr, status, notes)


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
    obsolete = {e.msgid: e for e in po if e.obsolete and e.msgctxt is None}
    wanted = set(texts)
    leaving = [e for k, e in live.items() if k not in wanted]
    donors = {e.msgid: e for e in [*leaving, *obsolete.values()] if e.msgstr}
    ordered, kept, added, fuzzy = [], 0, 0, 0
    for ko in texts:
        if ko in live:
            ordered.append(live[ko])
            kept += 1
            continue
        if ko in obsolete:  # came back: revive with its English
            entry = obsolete.pop(ko)
            entry.obsolete = False
            ordered.append(entry)
            kept += 1
            continue
        entry = polib.POEntry(msgid=ko, msgstr="")
        match = difflib.get_close_matches(ko, list(donors), n=1, cutoff=FUZZY_CUTOFF)
        if match:
            donor = donors[match[0]]
            entry.msgstr = donor.msgstr
            entry.comment = donor.comment
            entry.previous_msgid = donor.msgid
            entry.flags.append("fuzzy")
            fuzzy += 1
        added += 1
        ordered.append(entry)
    for entry in leaving:
        entry.obsolete = True
    others = [e for e in po if e.msgctxt is not None and not e.obsolete]
    tail = [*leaving, *(e for e in po if e.obsolete and e not in leaving)]
    po[:] = [*ordered, *others, *tail]
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
