"""The Read page: sidebar (library, your words) and the reader (with its glossary panel).

State lives in the URL: ``doc``, ``view``, ``ui``, ``study``, ``roman``, ``marks``,
``p`` (paragraph), ``term`` (glossary entry) and ``page``. The reader component reports
changes made in the browser; :func:`_sync` copies them into ``st.query_params``.
"""

from __future__ import annotations

from dataclasses import fields
from urllib.parse import urlencode

import streamlit as st

from dari.reading import BLOCKS_PER_PAGE, Settings, page_of_block, parse_browser_state, parse_settings
from dari.render import literal, render_link, render_message
from dari.ui import data, learner
from dari.ui.interface import browser_language
from dari.ui.reader import KEY, reader

# The URL leaves out settings at their defaults; ui has none (it follows the browser).
DEFAULTS = {f.name: f.default for f in fields(Settings) if f.name in ("view", "study", "roman", "marks", "page")}


def _param_value(name: str, value) -> str | None:
    """The URL form of a setting; None where the URL should not carry it (the default)."""
    if value is None or value == "" or value == DEFAULTS.get(name):
        return None
    return ("1" if value else "0") if isinstance(value, bool) else str(value)


URL_SETTINGS = ("view", "study", "roman", "marks", "page")  # in the order reader.js writes them too


def wanted_params(current: dict[str, str], settings: dict, paragraph=None, term=None) -> dict[str, str]:
    """The query parameters for the reported settings (and a paragraph link or opened
    term), as one dict: written at once, so one change is one history entry.

    reader.js (urlFor) builds the very same URL and pushes it first; Streamlit then finds
    the URL already equal and adds no entry of its own."""
    new = dict(current)
    if "page" in settings and _param_value("page", settings["page"]) != current.get("page"):
        new.pop("p", None)
    for name in URL_SETTINGS:
        if name in settings:
            wanted = _param_value(name, settings[name])
            if wanted is None:
                new.pop(name, None)
            else:
                new[name] = wanted
    for name, value in (("p", paragraph), ("term", term)):
        if value is None:
            continue
        wanted = _param_value(name, value)
        if wanted is None:
            new.pop(name, None)
        else:
            new[name] = wanted
    return new


def _history_navigation() -> bool:
    """Whether this run comes from Back or Forward (the browser's URL is what to show)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx is not None and getattr(ctx, "is_history_navigation", False))


def sync_browser_state() -> None:
    """Browser -> URL. The reader reports state (view, toggles, page) and one-shot
    events (a paragraph link, an opened term); whatever changed since the last rerun
    goes into ``st.query_params``, so the URL always reopens what the reader sees.

    What the browser reports is validated first (dari.reading.parse_browser_state): a
    malformed state is dropped, with a message, rather than left to wedge the session.
    Back and Forward are the exception to "the browser wins": then the URL is what the
    reader asked for, and the settings reported before are stale until it reports again."""
    state, problem = parse_browser_state(st.session_state.get(KEY))
    if problem:
        st.session_state.pop(KEY, None)
        st.session_state["browser_state_problem"] = problem
    settings = dict(state.settings)
    if _history_navigation():
        st.session_state["reader_stale"] = settings
        return
    if settings and settings == st.session_state.get("reader_stale"):
        settings = {}  # not reported again since Back: the URL wins
    else:
        st.session_state.pop("reader_stale", None)
    # Applied on every run, not only when changed: a rerun can start from a URL that
    # predates the previous run's writes (the browser sends its URL with each rerun).
    current = {k: st.query_params[k] for k in st.query_params}
    new = wanted_params(current, settings, state.paragraph, state.term)
    if new != current:
        st.query_params.from_dict(new)


def _open_document(slug: str, slugs: list[str]) -> None:
    if slug not in slugs:
        return
    st.query_params["doc"] = slug
    for name in ("p", "term", "page"):
        st.query_params.pop(name, None)
    st.session_state.pop(KEY, None)  # revealed sentences belong to the document they were in


def translation_status(t, counts: tuple[int, int, int]) -> str:
    """"Translation: 96% · 2 fuzzy · 1 untranslated": the state of the document's English,
    worded so that no reader takes it for their own reading progress."""
    done, total, fuzzy = counts
    parts = [t("library.translation", percent=100 * done // total if total else 100)]
    if fuzzy:
        parts.append(t("library.fuzzy", n=fuzzy))
    if total - done - fuzzy:
        parts.append(t("library.untranslated", n=total - done - fuzzy))
    return " · ".join(parts)


def sidebar_library(settings: Settings, t, slugs: list[str], marks: dict | None = None) -> None:
    """Bundled and user texts in one list (user texts marked), and a way to translate
    the open text when some of it has no English yet."""
    st.subheader(literal(t("sidebar.library")))
    listing = data.listing()
    titles, captions = {}, {}
    for slug in slugs:
        summary = data.summary(slug)  # not data.load: the list must not load every document
        titles[slug] = summary.title
        counts = summary.progress
        caption = translation_status(t, counts) if counts else ""
        if slug in listing.entries and listing.entries[slug].writable:
            caption = f"{t('library.yours')} · {caption}" if caption else t("library.yours")
        known, place = (marks or {}).get(slug, (None, None))  # the reader's own: dari.ui.learner.library_marks
        if known is not None:
            caption += " · " + t("library.known", pct=round(100 * known))
        if place:
            caption += " · " + t("library.place", p=place)
        captions[slug] = literal(caption)
    key = f"library-{settings.doc}"
    st.radio(
        literal(t("sidebar.library")), options=slugs, format_func=lambda s: literal(titles.get(s, s)),
        captions=[captions[s] for s in slugs],
        index=slugs.index(settings.doc) if settings.doc in slugs else 0,
        key=key, label_visibility="collapsed",
        on_change=lambda: _open_document(st.session_state[key], slugs),
    )
    counts = data.progress(settings.doc) if settings.doc in slugs else None
    if counts and counts[0] < counts[1]:
        st.html(render_link(f"translate?{urlencode({'doc': settings.doc})}", t("library.translate"),
                            css_class="dari-translate-link"))
    for problem in listing.problems:
        st.html(render_message("warning", problem))


def main() -> None:
    sync_browser_state()
    slugs = data.documents()
    settings, rejected = parse_settings(dict(st.query_params), slugs, browser_language())
    t = data.ui_strings(settings.ui)
    problem = st.session_state.pop("browser_state_problem", None)
    if problem:
        st.html(render_message("warning", t("error.browser_state", problem=problem)))

    # The notice outlives one rerun: on a first visit the browser's profile report
    # (dari.ui.profile) reruns the page at once, after doc= has left the URL.
    shown = rejected if rejected is not None else st.session_state.pop("read_rejected", None)
    if rejected is not None:
        st.session_state["read_rejected"] = rejected
        st.query_params.pop("doc", None)
    if shown is not None:
        st.html(render_message("warning", t("error.unknown_document", doc=shown)))
    if not slugs:
        st.html(render_message("error", t("error.no_documents")))
        return

    # Only reading (no status change waiting to be written): a fresh browser id leaves the database closed.
    me = learner.current(reading=not (st.session_state.get(KEY) or {}).get(learner.CHANGES))
    with st.sidebar:
        # The glossary list and its search live in the reader (search as you type, in the browser).
        sidebar_library(settings, t, slugs, learner.library_marks(me, slugs))

    summary = data.summary(settings.doc)
    for key, detail in summary.problems:
        st.html(render_message("error", f"{t(key)} {detail}"))
    if not summary.ok:
        return

    page = data.page(settings)
    if page.content.get("glossary_problem"):
        st.html(render_message("warning", f"{t('error.broken_glossary')} {page.content['glossary_problem']}"))
    if page.content.get("analysis_problem"):  # a broken segment of the analysis: this page has no word cards
        st.html(render_message("error", f"{t('error.broken_analysis')} {page.content['analysis_problem']}"))
    terms = page.content["terms"]
    known = set(terms) | {e["headword"] for e in page.content.get("glossary", ())}
    if settings.term and settings.term not in known:
        st.html(render_message("info", t("error.unknown_term", term=settings.term)))
    component_state = st.session_state.get(KEY) or {}
    if learner.apply_changes(me, component_state.get(learner.CHANGES)):
        st.session_state.pop("learner_shares", None)
    _resume(me, settings, t)
    reader(page.with_live({
        "state": {"view": settings.view, "study": settings.study, "roman": settings.roman,
                  "marks": settings.marks,
                  "revealed": list((component_state.get("settings") or {}).get("revealed") or [])},
        "view_in_url": "view" in st.query_params,
        "focus": settings.p,
        "open_term": settings.term if settings.term in known else None,
        "learner": learner.statuses_live(me, page.content["words"]),
    }))
    if st.session_state.get(learner.SAVE_ERROR):
        st.html(render_message("error", t("learner.saving_off", reason=st.session_state.pop(learner.SAVE_ERROR))))
    with st.sidebar:
        learner.read_sidebar(me, t, page.content["words"])


def _resume(me, settings: Settings, t) -> None:
    """Remember where the reader is (a ¶ link, a scroll report, a page turn) and, on
    opening a document at its start, offer to go back to the paragraph last read."""
    place = (st.session_state.get(KEY) or {}).get("place")
    here = settings.p or (place if type(place) is int and 0 < place < 10**6 else None) or (
        (settings.page - 1) * BLOCKS_PER_PAGE + 1 if settings.page > 1 else None)
    offered = st.session_state.setdefault("learner_resume_offered", set())
    if here is None and settings.doc not in offered and me.ready:
        offered.add(settings.doc)
        block = learner.saved_position(me, settings.doc)
        if block and block > 1:
            st.session_state["learner_resume"] = (settings.doc, block)
    pending = st.session_state.get("learner_resume")
    if pending and pending[0] == settings.doc and here is None:
        st.button(literal(t("learner.resume", p=pending[1])), key="learner_resume_go", icon=":material/bookmark:",
                  on_click=_go_to, args=(pending[1],))
    else:
        st.session_state.pop("learner_resume", None)
    learner.remember_position(me, settings.doc, here)


def _go_to(block: int) -> None:
    st.session_state.pop("learner_resume", None)
    st.query_params["p"] = str(block)
    page = page_of_block(block)
    if page > 1:
        st.query_params["page"] = str(page)
    else:
        st.query_params.pop("page", None)
