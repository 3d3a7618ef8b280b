"""The Translate page: a translator's view of one document (``?doc=<slug>``).

For each segment: the Korean, its status, the glossary terms it holds with their English, for a
fuzzy entry the Korean the English was written for (the change highlighted), the QA findings,
and a form with the English and the translator notes. Alignment fixes (join, split, move an
English sentence) are buttons beside each segment; they go through dari.library.editing.

Saves never lose an edit made elsewhere: each form remembers the entry it was opened with
(``translate-base`` in session state: segment key -> the EntryText whose fingerprint covers English, fuzzy flag and
notes). A save whose entry on disk is no longer that base is refused and shown as a conflict
(dari.library.editing.save_entry), with both versions and a choice.

Keyboard: in a form, Ctrl+Enter submits its first button, "Save and next" ("Confirm and next"
for a fuzzy entry); the page then opens the next untranslated or fuzzy segment and a tiny
components-v2 script focuses its English field.

Rights: user texts are always editable; documents that come with the app (the bundled
``content/`` and ``locales/``) only when the server was started with ``DARI_EDIT_BUNDLED=1``.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dari.library import editing
from dari.library.catalog import EntryText, catalog_path, entry_texts, read_catalog
from dari.library.editing import EditError
from dari.library.qa import check_segment
from dari.models import BlockKind, ContentError, Document, Segment, Status, Translation
from dari.render import (
    literal,
    render_conflict,
    render_findings,
    render_link,
    render_message,
    render_translate_segment,
)
from dari.text import nfc
from dari.ui import data
from dari.ui.interface import interface_language
from dari.ui.pages.read import translation_status

PER_PAGE = 20
TITLE = "title"  # the pseudo segment id of the document's title
OPEN_NOTES, OPEN_ALIGN = "translate-notes-open", "translate-align-open"  # segment key whose panel is open
FILTERS = ("all", "untranslated", "fuzzy", "findings")
EDIT_BUNDLED = "DARI_EDIT_BUNDLED"
USER_LIBRARY = "DARI_LIBRARY"
CSS = """
.dari-t-head { display: flex; gap: .6rem; align-items: baseline; font-size: .85rem; }
.dari-t-id { opacity: .7; text-decoration: none; }
.dari-t-status { padding: .05rem .5rem; border-radius: 1rem; font-size: .78rem; }
.dari-t-translated { background: #e3f4e8; color: #1d5e32; }
.dari-t-fuzzy, .dari-t-fuzzy.dari-t-status { background: #fff4d6; color: #6b4600; }
.dari-t-untranslated { background: #fde8e8; color: #8a1c1c; }
.dari-t-ko { font-size: 1.15rem; margin: .3rem 0; word-break: keep-all; }
.dari-t-en { margin: .2rem 0; }
.dari-t-label { opacity: .65; font-size: .8rem; margin-right: .3rem; }
.dari-t-prev { font-size: .95rem; margin: .2rem 0; word-break: keep-all; }
.dari-del { background: #fde8e8; color: #8a1c1c; }
.dari-ins { background: #e3f4e8; color: #1d5e32; text-decoration: none; }
.dari-t-notes ul { margin: .1rem 0 .2rem; padding-left: 1.1rem; font-size: .9rem; }
.dari-t-terms ul { display: inline; padding: 0; margin: 0; }
.dari-t-terms li { display: inline-block; margin: 0 .6rem .2rem 0; font-size: .85rem;
  border: 1px solid rgb(128 128 128 / .3); border-radius: .4rem; padding: 0 .4rem; }
.dari-findings { margin: .3rem 0 0; padding-left: 1.1rem; font-size: .88rem; }
.dari-finding-check { font-family: monospace; opacity: .75; }
.dari-finding-error { color: #8a1c1c; }
.dari-finding-warning { color: #6b4600; }
.dari-conflict { border: 2px solid #c98a00; border-radius: .6rem; padding: .6rem .8rem; }
.dari-conflict-side { display: inline-block; vertical-align: top; width: 48%; margin-right: 2%; }
"""
FOCUS_JS = """
export default function (component) {
  const { data } = component;
  const key = data && data.key;
  if (!key) return;
  let tries = 0;
  const focus = () => {
    const field = document.querySelector(`.st-key-${CSS.escape(key)} textarea`);
    if (field) {
      field.focus();
      field.scrollIntoView({ block: "center" });
    } else if (tries++ < 40) {
      setTimeout(focus, 50);
    }
  };
  focus();
}
"""


# --- Where a document's files are, and whether this server may write them ------------------------


@dataclass(frozen=True)
class Files:
    content_dir: Path
    po_path: Path
    user: bool  # a reader's own text (always editable), not one bundled with the app
    exists: bool = True  # the document file is where we think: never write beside a wrong guess


def _within(path: Path, root: str | None) -> bool:
    if not root:
        return False
    try:
        return path.resolve().is_relative_to(Path(root).resolve())
    except OSError:
        return False


def _files(slug: str) -> Files:
    """The files of a listed document.

    INTEGRATION POINT (user library, branch `importer`): that branch gives dari.ui.data an
    ``entry(slug)`` whose library knows its directories and whether it is writable; this uses
    it when present. Without it every document is in the bundled directories, and one whose
    file lies under ``DARI_LIBRARY`` counts as the user's.
    """
    locate = getattr(data, "entry", None)
    if locate is not None:
        e = locate(slug)
        return Files(e.library.content_dir, e.catalog_path, user=e.writable, exists=e.text_path.is_file())
    content_dir = data.CONTENT_DIR
    text = content_dir / f"{slug}.txt"
    return Files(content_dir, catalog_path(data.LOCALES_DIR, "en", slug),
                 user=_within(text, os.environ.get(USER_LIBRARY)), exists=text.is_file())


def editable(files: Files) -> bool:
    return files.exists and (files.user or os.environ.get(EDIT_BUNDLED) == "1")


# --- What is on disk, cached by modification time ---------------------------------------------------


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@st.cache_resource(show_spinner=False, max_entries=32)
def _entries(path: str, stamp: int) -> dict[str, EntryText]:
    p = Path(path)
    return entry_texts(read_catalog(p)) if p.is_file() else {}


def entries(files: Files) -> dict[str, EntryText]:
    return _entries(str(files.po_path), _mtime(files.po_path))


def status_of(entry: EntryText) -> Status:
    if not entry.msgstr.strip():
        return Status.UNTRANSLATED
    return Status.FUZZY if entry.fuzzy else Status.TRANSLATED


# --- Findings ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One QA finding placed on a segment of the page (what render_findings shows and links)."""

    segment: str
    check: str
    severity: str  # error | warning | info
    message: str


# Untranslated and fuzzy are said in the interface's language; the other checks' messages are
# those of `python -m dari check` (English), so the page and the command line agree word for word.
_LOCALISED = {"untranslated": "translate.finding.untranslated", "fuzzy": "translate.finding.fuzzy"}


def findings_for(seg: Segment, entry: EntryText, t, glossary=None, heading: bool = False) -> list[Finding]:
    """The findings shown under a segment: dari.library.qa.check_segment, as the command line
    runs it (numbers with Korean units, glossary terms, punctuation, markup...)."""
    found = _checked(seg.ko, entry.msgstr, entry.notes, status_of(entry), heading, glossary)
    return [Finding(seg.id, f.check, f.severity, t(_LOCALISED[f.check]) if f.check in _LOCALISED else f.message)
            for f in found]


@functools.lru_cache(maxsize=1 << 16)
def _checked(ko: str, en: str, notes: tuple[str, ...], status: Status, heading: bool, glossary) -> tuple:
    """check_segment, remembered by its inputs (the glossary by identity: a reloaded one is a new
    object): after a save only the saved segment is checked again (~2 ms a segment)."""
    return tuple(check_segment(ko, en, notes=notes, glossary=glossary, status=status, heading=heading))


@st.cache_resource(show_spinner=False, max_entries=32)
def _all_findings(slug: str, lang: str, stamp: tuple) -> dict[str, list[Finding]]:
    """Findings of every segment of a document (the filter and the summary need them all),
    computed once per state of its files and the glossary."""
    loaded = data.load(slug)
    if loaded.doc is None:
        return {}
    table = entries(_files(slug))
    glossary, _ = data.glossary()
    t = data.ui_strings(lang)
    headings = {s.id for b in loaded.doc.blocks if b.kind is BlockKind.HEADING for s in b.segments}
    rows = [Segment(TITLE, loaded.doc.title), *loaded.doc.segments]
    return {s.id: findings_for(s, table.get(s.ko, EntryText()), t, glossary, s.id in headings or s.id == TITLE)
            for s in rows}


def _stamp(slug: str, files: Files) -> tuple:
    return (str(files.content_dir), _mtime(files.content_dir / f"{slug}.txt"), _mtime(files.po_path),
            _mtime(data.GLOSSARY_PATH))


def _check_files(slug: str) -> None:
    """What `python -m dari check SLUG` finds beyond the segments (PO syntax as msgfmt sees it,
    obsolete and stale entries, the analysis file, encodings): on request, since it re-reads
    and re-checks the whole document; kept until one of its files changes."""
    from dari.library.check import Library, check_document

    files = _files(slug)
    glossary, _ = data.glossary()
    library = Library("user" if files.user else "bundled", files.content_dir, files.po_path.parents[2])
    found = check_document(library, slug, glossary)
    st.session_state["translate-file-check"] = (slug, _stamp(slug, files), [
        Finding(f.segment or "", f.check, f.severity, f"{f.file}:{f.line}: {f.message}" if f.line else f.message)
        for f in found if f.segment is None or f.check in ("obsolete", "stale", "po-syntax", "polib-hazard")])


def all_findings(slug: str, lang: str) -> dict[str, list[Finding]]:
    return _all_findings(slug, lang, _stamp(slug, _files(slug)))


# --- Session state per segment form ------------------------------------------------------------------


def _key(slug: str, seg: Segment) -> str:
    """A widget key for a segment: document, id and Korean, so a join or split (or another
    document with the same sentence) makes new forms."""
    return hashlib.sha1(f"{slug}\x00{seg.id}\x00{seg.ko}".encode()).hexdigest()[:12]


def _bases() -> dict[str, EntryText]:
    """Segment key -> the entry its form was opened with (what a save compares the disk to)."""
    return st.session_state.setdefault("translate-base", {})


def _conflicts() -> dict[str, tuple[EntryText, EntryText]]:
    """Segment key -> (the save refused, the entry on disk), until the translator picks one."""
    return st.session_state.setdefault("translate-conflict", {})


def _prime(k: str, entry: EntryText) -> None:
    """Open a form on the entry as it is on disk, unless it is already open in this session.

    Streamlit forgets a widget's value when the widget is not drawn (another page of the
    list); the form is then opened afresh from disk."""
    ss = st.session_state
    if f"en-{k}" not in ss or k not in _bases():
        _bases()[k] = entry
        ss[f"en-{k}"] = entry.msgstr
        ss.pop(f"notes-{k}", None)


def _notes(raw: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in raw.splitlines() if line.strip())


def _as_translation(entry: EntryText) -> Translation:
    return Translation(entry.msgstr, status_of(entry), entry.notes)


def _save(slug: str, ko: str, k: str, action: str) -> None:
    """A form's button: save (keep the flag), confirm (clear fuzzy), or save and go on."""
    ss = st.session_state
    files = _files(slug)
    if not editable(files):
        return
    base: EntryText = _bases()[k]
    en = nfc(ss.get(f"en-{k}", ""))  # the catalog is read back NFC: compare like with like
    fuzzy = base.fuzzy and action == "save"
    # The notes field is drawn for one segment at a time; elsewhere the notes are the base's.
    editing_notes = ss.get(OPEN_NOTES) == k and f"notes-{k}" in ss
    notes = _notes(nfc(ss[f"notes-{k}"])) if editing_notes else base.notes
    mine = EntryText(en, fuzzy and bool(en.strip()), notes, base.previous_msgid if fuzzy else None)
    _write(slug, ko, k, base, mine)
    if action == "next" and k not in _conflicts():
        ss["translate-goto"] = ("next", ko)


def _write(slug: str, ko: str, k: str, base: EntryText, mine: EntryText) -> None:
    ss = st.session_state
    files = _files(slug)
    try:
        disk = editing.save_entry(files.po_path, slug, ko, base, mine)
    except (OSError, ContentError) as e:
        ss["translate-message"] = ("error", "translate.error_save", str(e))
        return
    if disk is None:
        _bases()[k] = mine
        _conflicts().pop(k, None)
        ss["translate-message"] = ("info", "translate.saved", "")
    else:
        # Shown as "your version": my changes on top of theirs (what I left alone is theirs).
        _conflicts()[k] = (editing.merge_entry(base, mine, disk), disk)


def _keep_mine(slug: str, ko: str, k: str) -> None:
    mine, disk = _conflicts()[k]
    _write(slug, ko, k, disk, mine)  # the translator has seen the saved version: it is the base now


def _take_theirs(k: str, disk: EntryText | None = None) -> None:
    ss = st.session_state
    if disk is None:
        _, disk = _conflicts().pop(k)
    _bases()[k] = disk
    ss[f"en-{k}"] = disk.msgstr
    if ss.get(OPEN_NOTES) == k:
        ss[f"notes-{k}"] = "\n".join(disk.notes)


def _toggle(panel: str, k: str) -> None:
    """Open (or close) a segment's notes field or alignment tools; one segment at a time."""
    ss = st.session_state
    ss[panel] = None if ss.get(panel) == k else k
    if panel == OPEN_NOTES and ss[panel] == k:
        ss[f"notes-{k}"] = "\n".join(_bases()[k].notes)


def _align(slug: str, seg_id: str, ko: str, op: str) -> None:
    ss = st.session_state
    files = _files(slug)
    if not editable(files):
        return
    operation = {
        "join": editing.join_with_next,
        "first": editing.move_first_sentence_to_previous,
        "last": editing.move_last_sentence_to_next,
        "split": editing.split_segment,
    }[op]
    args: tuple = ()
    if op == "split":
        k = _key(slug, Segment(seg_id, ko))
        args = (ss.get(f"split-ko-{k}"), ss.get(f"split-en-{k}"))
        if args[0] is None:
            return
    try:
        editing.apply_operation(files.content_dir, files.po_path, slug, seg_id, ko, operation, *args)
    except (EditError, ContentError, KeyError, OSError) as e:
        ss["translate-message"] = ("warning", "translate.align_error", str(e))
        return
    # Entries of neighbouring segments changed too: reopen every form of the document from disk.
    for name in [n for n in ss if isinstance(n, str) and n.startswith(("en-", "notes-"))]:
        del ss[name]
    _bases().clear()
    _conflicts().clear()
    ss["translate-goto"] = ("segment", seg_id)


# --- The page -----------------------------------------------------------------------------------------


def _pick_document(slugs: list[str]) -> None:
    picked = st.session_state.get("translate-doc")
    if picked in slugs:
        st.query_params["doc"] = picked
        st.session_state["translate-page"] = 1


def _focus(key: str | None) -> None:
    if not key:
        return
    st.session_state["translate-focus-n"] = st.session_state.get("translate-focus-n", 0) + 1
    _focus_component()(data={"key": f"en-{key}", "n": st.session_state["translate-focus-n"]},
                       key="translate-focus")


@st.cache_resource(show_spinner=False)
def _focus_component():
    return st.components.v2.component("dari_focus", js=FOCUS_JS, isolate_styles=False)


def _split_label(ko: str, offset: int) -> str:
    before, after = ko[:offset].rstrip(), ko[offset:].lstrip()
    return f"…{before[-18:]} | {after[:12]}…"


def _segment(doc: Document, seg: Segment, entry: EntryText, findings: list[Finding], terms, t,
             can_edit: bool, slug: str) -> None:
    k = _key(slug, seg)
    status = status_of(entry)
    previous = entry.previous_msgid if status is Status.FUZZY else None
    with st.container(key=f"seg-{k}", border=True):
        notes_open = can_edit and st.session_state.get(OPEN_NOTES) == k
        st.html(render_translate_segment(seg.id, seg.ko, status, terms, previous, findings, t,
                                         english=None if can_edit else entry.msgstr,
                                         notes=() if notes_open else entry.notes))
        if not can_edit:
            return
        _prime(k, entry)
        conflict = _conflicts().get(k)
        if conflict:
            mine, disk = conflict
            st.html(render_conflict(_as_translation(mine), _as_translation(disk), t))
            a, b = st.columns(2)
            a.button(literal(t("translate.keep_mine")), key=f"keep-{k}", on_click=_keep_mine, args=(slug, seg.ko, k))
            b.button(literal(t("translate.take_theirs")), key=f"theirs-{k}", on_click=_take_theirs, args=(k,))
        elif _bases()[k].fingerprint != entry.fingerprint:
            st.html(render_message("info", t("translate.changed")))
            st.button(literal(t("translate.reload")), key=f"reload-{k}", on_click=_take_theirs, args=(k, entry))
        with st.form(key=f"form-{k}", border=False):
            st.text_area(literal(t("translate.english")), key=f"en-{k}", height=80)
            if notes_open:
                st.text_area(literal(t("translate.notes")), key=f"notes-{k}", height=68)
            cols = st.columns(3)
            fuzzy = status is Status.FUZZY
            cols[0].form_submit_button(literal(t("translate.confirm_next" if fuzzy else "translate.save_next")),
                                       type="primary", key=f"next-{k}", on_click=_save, args=(slug, seg.ko, k, "next"))
            cols[1].form_submit_button(literal(t("translate.save")), key=f"save-{k}", on_click=_save,
                                       args=(slug, seg.ko, k, "save"))
            if fuzzy:
                cols[2].form_submit_button(literal(t("translate.confirm")), key=f"confirm-{k}", on_click=_save,
                                           args=(slug, seg.ko, k, "confirm"))
        # Notes and alignment tools open for one segment at a time: Streamlit walks the whole
        # session state for every text area and selectbox, so fewer widgets keep reruns cheap.
        cols = st.columns([1, 1, 4])
        cols[0].button(literal(t("translate.edit_notes")), key=f"notes-open-{k}", type="tertiary",
                       on_click=_toggle, args=(OPEN_NOTES, k))
        if seg.id != TITLE:
            cols[1].button(literal(t("translate.align")), key=f"align-open-{k}", type="tertiary",
                           on_click=_toggle, args=(OPEN_ALIGN, k))
            if st.session_state.get(OPEN_ALIGN) == k:
                _alignment(doc, seg, entry, t, slug, k)


def _alignment(doc: Document, seg: Segment, entry: EntryText, t, slug: str, k: str) -> None:
    pos = editing.locate(doc, seg.id)
    last_in_block = pos.index + 1 >= len(doc.blocks[pos.block].segments)
    has_en = bool(entry.msgstr.strip())
    with st.container(key=f"align-{k}", border=True):
        cols = st.columns(3)
        cols[0].button(literal(t("translate.join")), key=f"join-{k}", disabled=last_in_block, width="stretch",
                       on_click=_align, args=(slug, seg.id, seg.ko, "join"))
        cols[1].button(literal(t("translate.first_to_previous")), key=f"first-{k}", disabled=pos.flat == 0 or not has_en,
                       width="stretch", on_click=_align, args=(slug, seg.id, seg.ko, "first"))
        cols[2].button(literal(t("translate.last_to_next")), key=f"last-{k}", width="stretch",
                       disabled=pos.flat + 1 >= len(doc.segments) or not has_en,
                       on_click=_align, args=(slug, seg.id, seg.ko, "last"))
        points = editing.split_points(seg.ko)
        if not points:
            return
        cols = st.columns([2, 2, 1], vertical_alignment="bottom")
        cols[0].selectbox(literal(t("translate.split_at")), points, key=f"split-ko-{k}",
                          format_func=lambda p: literal(_split_label(seg.ko, p)))
        en_points = editing.english_split_points(entry.msgstr)
        cols[1].selectbox(literal(t("translate.split_english")), [None, *en_points], key=f"split-en-{k}",
                          format_func=lambda p: literal(t("translate.split_english_whole") if p is None
                                                        else _split_label(entry.msgstr, p)))
        cols[2].button(literal(t("translate.split")), key=f"split-{k}", type="primary", width="stretch",
                       on_click=_align, args=(slug, seg.id, seg.ko, "split"))


def _terms(seg: Segment, glossary, occurrences) -> list[tuple[str, str]]:
    if glossary is None:
        return []
    found = occurrences.get(seg.id, [])
    out = []
    for o in found:
        entry = glossary.by_headword.get(o.term)
        if entry is not None and (o.surface, "; ".join(entry.english)) not in out:
            out.append((o.surface, "; ".join(entry.english)))
    return out


def _goto(goto, segments: list[Segment], table: dict[str, EntryText]) -> str | None:
    """The segment id a finished action leads to: the next needing work, or the one named."""
    kind, value = goto
    if kind == "segment":
        return value if any(s.id == value for s in segments) else None
    after = next((i for i, s in enumerate(segments) if s.ko == value), -1)
    order = segments[after + 1:] + segments[:after + 1]
    for s in order:
        if s.ko != value and status_of(table.get(s.ko, EntryText())) is not Status.TRANSLATED:
            return s.id
    return None


def main() -> None:
    lang = interface_language()
    t = data.ui_strings(lang)
    ss = st.session_state
    st.markdown(f"<style>{CSS}</style>", unsafe_allow_html=True)
    slugs = data.documents()
    if not slugs:
        st.html(render_message("error", t("error.no_documents")))
        return
    wanted = st.query_params.get("doc")
    if wanted is not None and wanted not in slugs:
        st.html(render_message("warning", t("error.unknown_document", doc=wanted)))
    slug = wanted if wanted in slugs else slugs[0]

    loaded = data.load(slug)
    for key, detail in loaded.problems:
        st.html(render_message("error", f"{t(key)} {detail}"))
    titles = {s: (data.load(s).doc.title if data.load(s).doc else s) for s in slugs}
    ss["translate-doc"] = slug
    st.selectbox(literal(t("translate.document")), slugs, key="translate-doc", format_func=lambda s: literal(titles.get(s, s)),
                 on_change=_pick_document, args=(slugs,))
    doc = loaded.doc
    if doc is None:
        return
    files = _files(slug)
    can_edit = editable(files)
    try:
        table = entries(files)
    except ContentError as e:
        st.html(render_message("error", f"{t('error.broken_catalog')} {e}"))
        return

    st.header(literal(t("translate.title", title=doc.title)), anchor=False)
    counts = data.progress(slug)
    if counts:
        st.caption(literal(translation_status(t, counts)))
    st.html(render_link(f"read?doc={slug}", t("translate.open_reader")))
    if not can_edit:
        st.html(render_message("info", t("translate.read_only")))
    else:
        st.caption(literal(t("translate.keyboard")))
    message = ss.pop("translate-message", None)
    if message:
        kind, key, detail = message
        st.html(render_message(kind, t(key, detail=detail) if detail else t(key)))

    # The title is translated like a sentence (the reader shows its English), with no alignment.
    segments = [Segment(TITLE, doc.title), *doc.segments]
    found = all_findings(slug, lang)

    # Where a finished action (or a ?seg= link from the findings list) leads.
    target = None
    if "seg" in st.query_params:
        target = _goto(("segment", st.query_params.get("seg")), segments, table)
        st.query_params.pop("seg", None)
    if ss.get("translate-goto"):
        target = _goto(ss.pop("translate-goto"), segments, table) or target

    def shown(s: Segment) -> bool:
        wanted = ss.get("translate-filter") or "all"
        status = status_of(table.get(s.ko, EntryText()))
        return (wanted == "all" or (wanted == "findings" and found.get(s.id))
                or (wanted == status.value))

    if target is not None and not shown(next(s for s in segments if s.id == target)):
        ss["translate-filter"] = "all"
    visible = [s for s in segments if shown(s)]
    pages = max(1, -(-len(visible) // PER_PAGE))
    if target is not None:
        ss["translate-page"] = next(i for i, s in enumerate(visible) if s.id == target) // PER_PAGE + 1
    if ss.get("translate-page") not in range(1, pages + 1):
        ss["translate-page"] = 1

    listed = [f for s in segments for f in found.get(s.id, [])]
    with st.expander(literal(f"{t('translate.findings_all')} ({len(listed)})")):
        if listed:
            st.html(render_findings(listed, t, link=f"?doc={slug}&seg="))
        checked = ss.get("translate-file-check")
        if checked and checked[:2] == (slug, _stamp(slug, files)):
            st.html(render_findings(checked[2], t) or render_message("info", t("translate.files_clean")))
        else:
            st.button(literal(t("translate.check_files")), key="translate-check-files",
                      on_click=_check_files, args=(slug,))

    top = st.columns([3, 1])
    top[0].segmented_control(literal(t("translate.filter")), FILTERS, key="translate-filter",
                             format_func=lambda f: literal(t(f"translate.filter.{f}")))
    top[1].selectbox(literal(t("translate.page")), list(range(1, pages + 1)), key="translate-page",
                     format_func=lambda p: f"{p} / {pages}")
    page = ss["translate-page"]
    if not visible:
        st.html(render_message("info", t("translate.none")))
    glossary, _ = data.glossary()
    occurrences = data.occurrences(slug) if glossary is not None else {}
    for seg in visible[(page - 1) * PER_PAGE:page * PER_PAGE]:
        _segment(doc, seg, table.get(seg.ko, EntryText()), found.get(seg.id, []), _terms(seg, glossary, occurrences), t,
                 can_edit, slug)
    if target is not None and can_edit:
        _focus(_key(slug, next(s for s in segments if s.id == target)))
