"""The Read page: sidebar (library, glossary, your words) and the reader.

State lives in the URL: ``doc``, ``view``, ``ui``, ``study``, ``roman``, ``marks``,
``p`` (paragraph), ``term`` (glossary entry) and ``page``. The reader component reports
changes made in the browser; :func:`_sync` copies them into ``st.query_params``.
"""

from __future__ import annotations

from dataclasses import fields
from urllib.parse import urlencode

import streamlit as st

from dari.library.glossary import MAX_QUERY
from dari.models import Category
from dari.reading import BLOCKS_PER_PAGE, Settings, page_of_block, parse_browser_state, parse_settings
from dari.render import literal, render_glossary_entry, render_link, render_message
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


def _set_param(name: str, value) -> None:
    wanted = _param_value(name, value)
    if wanted is None:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != wanted:
        st.query_params[name] = wanted


def sync_browser_state() -> None:
    """Browser -> URL. The reader reports state (view, toggles, page) and one-shot
    events (a paragraph link, an opened term); whatever changed since the last rerun
    goes into ``st.query_params``, so the URL always reopens what the reader sees."""
    state, problem = parse_browser_state(st.session_state.get(KEY))
    if problem:
        # A wedged or tampered state must not stick: forget it, say so, start clean.
        st.session_state.pop(KEY, None)
        st.session_state["browser_state_problem"] = problem
    settings = state.settings
    # Applied on every run, not only when changed: a rerun can start from a URL that
    # predates the previous run's writes (the browser sends its URL with each rerun).
    for name in ("view", "study", "roman", "marks", "page"):
        if name in settings:
            if name == "page" and _param_value("page", settings["page"]) != st.query_params.get("page"):
                st.query_params.pop("p", None)
            _set_param(name, settings[name])
    if state.paragraph is not None:
        _set_param("p", state.paragraph)
    if state.term is not None:
        _set_param("term", state.term)


def _open_document(slug: str, slugs: list[str]) -> None:
    if slug not in slugs:
        return
    st.query_params["doc"] = slug
    for name in ("p", "term", "page"):
        st.query_params.pop(name, None)
    st.session_state.pop(KEY, None)  # revealed sentences belong to the document they were in


def _open_term(headword: str | None) -> None:
    if headword:
        st.query_params["term"] = headword
    else:
        st.query_params.pop("term", None)


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
        loaded = data.load(slug)
        titles[slug] = loaded.doc.title if loaded.doc else f"⚠ {slug}"
        counts = data.progress(slug)
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


def sidebar_glossary(settings: Settings, t, glossary, counts: dict[str, int]) -> None:
    from dari.library.glossary import search_entries

    st.subheader(literal(t("sidebar.glossary")))
    query = st.text_input(literal(t("glossary.search")), key="glossary_q", help=literal(t("glossary.search_help")),
                          placeholder="에코챔버 · echo · ekochaembeo", max_chars=MAX_QUERY)
    picked = st.pills(literal(t("glossary.category")), options=list(Category),
                      format_func=lambda c: literal(t(f"category.{c.value}")), key="glossary_cat")
    results = search_entries(query if isinstance(query, str) else "", glossary, picked)
    st.caption(literal(t("glossary.count", n=len(results), total=len(glossary.entries))))
    if not results:
        st.html(render_message("info", t("glossary.none")))
    labels = {e.headword: literal(f"{e.headword} · {e.english[0]}") for e in results}
    # One widget for the whole list: a button per entry cost ~15 ms a rerun.
    with st.container(height=min(420, 40 + 30 * len(results)), border=False, key="glossary_results"):
        st.pills(
            literal(t("glossary.results")), options=list(labels), format_func=labels.get, key="glossary_pick",
            label_visibility="collapsed",
            on_change=lambda: _open_term(st.session_state.get("glossary_pick")),
        )
    entry = glossary.by_headword.get(settings.term) if settings.term else None
    if entry is not None:
        st.html(render_glossary_entry(entry, counts.get(entry.headword, 0), t))


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

    glossary, glossary_problem = data.glossary()
    me = learner.current()
    with st.sidebar:
        sidebar_library(settings, t, slugs, learner.library_marks(me, slugs))
        if glossary is not None:
            sidebar_glossary(settings, t, glossary, data.term_counts(settings.doc))

    loaded = data.load(settings.doc)
    for key, detail in loaded.problems:
        st.html(render_message("error", f"{t(key)} {detail}"))
    if glossary_problem:
        st.html(render_message("warning", f"{t('error.broken_glossary')} {glossary_problem}"))
    if loaded.doc is None:
        return

    page = data.page(settings)
    if page.content.get("analysis_problem"):  # a broken segment of the analysis: this page has no word cards
        st.html(render_message("error", f"{t('error.broken_analysis')} {page.content['analysis_problem']}"))
    terms = page.content["terms"]
    if settings.term and settings.term not in terms:
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
        "open_term": settings.term if settings.term in terms else None,
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
