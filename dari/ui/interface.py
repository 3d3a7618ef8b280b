"""What every page shares: the interface language (``?ui=``, default: the browser's) and the page-wide CSS."""

from __future__ import annotations

import streamlit as st

from dari.reading import UI_LANGS

UI_LABELS = {"ko": "한국어", "en": "English"}


def browser_language() -> str:
    locale = (st.context.locale or "").lower()
    return "ko" if locale.startswith("ko") else "en"


def interface_language() -> str:
    wanted = st.query_params.get("ui")
    return wanted if wanted in UI_LANGS else browser_language()


def _pick_language() -> None:
    picked = st.session_state.get("ui_pick")
    if picked in UI_LANGS:
        st.query_params["ui"] = picked
    else:
        st.query_params.pop("ui", None)


def sidebar_language(current: str) -> None:
    # Not bind="query-params": a bound widget writes its *label* (ui=한국어) into the URL,
    # and ?ui=ko, the documented form, would be dropped as invalid.
    # A radio, not a segmented_control: a button group looks for a leading emoji in every
    # non-ASCII label, and "한국어" made it import Streamlit's emoji table (~0.12 s,
    # ~4 MB) on every server's first page.
    st.radio(
        "인터페이스 · Interface", options=list(UI_LANGS), format_func=UI_LABELS.get,
        index=list(UI_LANGS).index(current) if current in UI_LANGS else 0, horizontal=True,
        key="ui_pick", on_change=_pick_language,
    )


PAGE_CSS = """
[data-testid="stMainBlockContainer"] { max-width: 72rem; padding-top: 2.2rem; }
.dari-msg { padding: .7rem 1rem; border-radius: .5rem; margin: .3rem 0; font-size: .95rem; word-break: keep-all; }
.dari-msg-info { background: #e7f1ff; color: #0b3d91; }
.dari-msg-warning { background: #fff4d6; color: #6b4600; }
.dari-msg-error { background: #fde8e8; color: #8a1c1c; }
[data-testid="stSidebar"] { word-break: keep-all; }
.dari-lookups { width: 100%; border-collapse: collapse; font-size: .85rem; }
.dari-lookups th { text-align: left; opacity: .85; font-weight: 500; }
.dari-lookups td, .dari-lookups th { padding: .15rem .3rem; border-bottom: 1px solid rgb(128 128 128 / .2); }
.dari-entry { border: 1px solid rgb(128 128 128 / .3); border-radius: .6rem; padding: .6rem .8rem; font-size: .9rem; }
.dari-entry-head { font-size: 1.2rem; font-weight: 700; }
.dari-entry-label { opacity: .85; font-size: .8rem; margin-right: .3rem; }
.dari-entry-note { margin: .4rem 0; }
.dari-entry-where { opacity: .85; font-size: .8rem; }
.st-key-glossary_results { padding: 2px; }
@media (max-width: 640px) { [data-testid="stMainBlockContainer"] { padding-left: .8rem; padding-right: .8rem; } }
/* The reader's theme switch (reader.js) against the system's: the page around the reader
   follows it (Streamlit itself follows the system: .streamlit/config.toml). */
html[data-dari-theme="dark"] .stApp, html[data-dari-theme="dark"] [data-testid="stHeader"] { background: #0e1117; color: #e8eaed; }
html[data-dari-theme="light"] .stApp, html[data-dari-theme="light"] [data-testid="stHeader"] { background: #ffffff; color: #1f2328; }
"""
