"""The browser's profile id, as a components-v2 component with no visible output.

Without sign-in, each browser is one reader: ``profile.js`` keeps a random id in
localStorage and reports it (state ``id``); it also sets a cookie, so on a later visit the
server knows the id on its first run. Mounted on every page by dari.ui.shell.

An id the browser has just made is reported as ``fresh``: nothing can be stored under it
yet, so the Read page need not open the database for it (dari.ui.learner.current).
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
KEY = "dari_profile"
KNOWN = "dari_profile_id"  # the id once reported, kept in plain session state
USED = "dari_profile_used"  # this session has opened the database for its id: it is not fresh any more
FRESH_SINCE = "dari_profile_fresh_since"
# Another tab of this browser shares the id and may save under it: after this long, a fresh
# id is read from the database like any other (the library's known shares refresh as often).
FRESH_SECONDS = 60.0


@st.cache_resource(show_spinner=False)
def _component():
    return st.components.v2.component("dari_profile", html="", js=(HERE / "profile.js").read_text(encoding="utf-8"))


def _declared() -> None:
    """The state name is declared by its callback; dari.ui.learner reads the value."""


def browser_profile() -> str | None:
    """The id this browser reported, or None before its first report."""
    from dari.learner.config import valid_profile_id

    value = (st.session_state.get(KEY) or {}).get("id")
    if valid_profile_id(value):
        st.session_state[KNOWN] = value
        return value
    # A component's reported state is widget state: keep the id in plain session state
    # too, so a run where the widget reports nothing (a page switch) still knows it.
    if st.session_state.get(KNOWN):
        return st.session_state[KNOWN]
    # A returning browser sent its cookie with the connection (profile.js sets it).
    try:
        cookie = st.context.cookies.get("dari_profile")
    except Exception:  # no browser context (bare mode)
        cookie = None
    if valid_profile_id(cookie):
        st.session_state[KNOWN] = cookie
        return cookie
    return None


def browser_profile_fresh() -> bool:
    """Whether this browser made its id on this visit, less than FRESH_SECONDS ago, and the
    session has not used the database for it since: then nothing is stored under the id."""
    if (st.session_state.get(KEY) or {}).get("fresh") is not True or st.session_state.get(USED):
        return False
    since = st.session_state.setdefault(FRESH_SINCE, time.monotonic())
    if time.monotonic() - since < FRESH_SECONDS:
        return True
    st.session_state[USED] = True
    return False


def mark_used() -> None:
    st.session_state[USED] = True


def mount() -> None:
    _component()(key=KEY, data={"known": browser_profile()}, default={}, on_id_change=_declared,
                 on_fresh_change=_declared)
