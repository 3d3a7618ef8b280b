"""The Read page: sidebar (library, looked-up words) and the reader (with its glossary panel).

State lives in the URL: ``doc``, ``view``, ``ui``, ``study``, ``roman``, ``marks``,
``p`` (paragraph), ``term`` (glossary entry) and ``page``. The reader component reports
changes made in the browser; :func:`_sync` copies them into ``st.query_params``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import fields

import streamlit as st

from dari.reading import Settings, parse_settings
from dari.render import render_message, render_table
from dari.ui import data
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

    Back and Forward are the exception: then the URL is what the reader asked for, and
    the settings the reader reported before are stale until it reports again."""
    reported = st.session_state.get(KEY) or {}
    settings = reported.get("settings") or {}
    if _history_navigation():
        st.session_state["reader_stale"] = settings
        return
    if settings and settings == st.session_state.get("reader_stale"):
        settings = {}  # not reported again since Back: the URL wins
    else:
        st.session_state.pop("reader_stale", None)
    # Applied on every run, not only when changed: a rerun can start from a URL that
    # predates the previous run's writes (the browser sends its URL with each rerun).
    paragraph = reported.get("paragraph") if isinstance(reported.get("paragraph"), int) else None
    term = reported.get("term") if isinstance(reported.get("term"), str) else None
    current = {k: st.query_params[k] for k in st.query_params}
    new = wanted_params(current, settings, paragraph, term)
    if new != current:
        st.query_params.from_dict(new)


def _open_document(slug: str, slugs: list[str]) -> None:
    if slug not in slugs:
        return
    st.query_params["doc"] = slug
    for name in ("p", "term", "page"):
        st.query_params.pop(name, None)
    st.session_state.pop(KEY, None)  # revealed sentences belong to the document they were in


def sidebar_library(settings: Settings, t, slugs: list[str]) -> None:
    st.subheader(t("sidebar.library"))
    titles, captions = {}, {}
    for slug in slugs:
        loaded = data.load(slug)
        titles[slug] = loaded.doc.title if loaded.doc else f"⚠ {slug}"
        counts = data.progress(slug)
        captions[slug] = t("library.progress", done=counts[0], total=counts[1]) if counts else ""
    key = f"library-{settings.doc}"
    st.radio(
        t("sidebar.library"), options=slugs, format_func=lambda s: titles.get(s, s),
        captions=[captions[s] for s in slugs],
        index=slugs.index(settings.doc) if settings.doc in slugs else 0,
        key=key, label_visibility="collapsed",
        on_change=lambda: _open_document(st.session_state[key], slugs),
    )


def main() -> None:
    sync_browser_state()
    slugs = data.documents()
    settings, rejected = parse_settings(dict(st.query_params), slugs, browser_language())
    t = data.ui_strings(settings.ui)

    if rejected is not None:
        st.html(render_message("warning", t("error.unknown_document", doc=rejected)))
        st.query_params.pop("doc", None)
    if not slugs:
        st.html(render_message("error", t("error.no_documents")))
        return

    _glossary, glossary_problem = data.glossary()
    with st.sidebar:
        # The glossary list and its search live in the reader (search as you type, in the browser).
        sidebar_library(settings, t, slugs)

    loaded = data.load(settings.doc)
    for key, detail in loaded.problems:
        st.html(render_message("error", f"{t(key)} {detail}"))
    if glossary_problem:
        st.html(render_message("warning", f"{t('error.broken_glossary')} {glossary_problem}"))
    if loaded.doc is None:
        return

    page = data.page(settings)
    terms = page.content["terms"]
    known = set(terms) | {e["headword"] for e in page.content.get("glossary", ())}
    if settings.term and settings.term not in known:
        st.html(render_message("info", t("error.unknown_term", term=settings.term)))
    component_state = st.session_state.get(KEY) or {}
    reader(page.with_live({
        "state": {"view": settings.view, "study": settings.study, "roman": settings.roman,
                  "marks": settings.marks,
                  "revealed": list((component_state.get("settings") or {}).get("revealed") or [])},
        "view_in_url": "view" in st.query_params,
        "focus": settings.p,
        "open_term": settings.term if settings.term in known else None,
    }))
    _record_lookup(page.content, settings)
    with st.sidebar:
        sidebar_lookups(t)


def _record_lookup(payload: dict, settings: Settings) -> None:
    """A word click arrives as a one-shot trigger; keep it in this session's word list."""
    event = (st.session_state.get(KEY) or {}).get("word")
    if not isinstance(event, dict):
        return
    index = event.get("index")
    words = payload["words"]
    if not isinstance(index, int) or not 0 <= index < len(words):
        return
    surface, lemma, pos, romanization, *_ = words[index]
    lookups = st.session_state.setdefault("lookups", [])
    entry = {"word": surface, "lemma": lemma, "pos": pos, "romanization": romanization, "doc": settings.doc}
    if entry not in lookups:
        lookups.insert(0, entry)


def sidebar_lookups(t) -> None:
    lookups = st.session_state.get("lookups") or []
    if not lookups:
        return
    st.subheader(t("sidebar.lookups"))
    header = [t("card.word"), t("card.dictionary_form"), t("card.romanization"), t("card.pos")]
    rows = [[x["word"], x["lemma"], x["romanization"], x["pos"]] for x in lookups]
    # An HTML table rather than st.dataframe, which would pull pandas (~80 MB) into the server.
    st.html(render_table(header, rows, css_class="dari-lookups"))
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    st.download_button(t("sidebar.lookups_download"), data=out.getvalue(), file_name="dari-words.csv",
                       mime="text/csv", key="lookups_download")
