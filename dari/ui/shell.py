"""The app's frame: navigation between pages, the interface language picker, the page-wide CSS.

``app.py`` calls :func:`main`. Every page is a module of dari.ui.pages with a ``main()``.
"""

from __future__ import annotations

import streamlit as st

from dari.render import render_message
from dari.ui import data, learner, profile
from dari.ui.interface import PAGE_CSS, interface_language, sidebar_language
from dari.ui.pages import entry


def pages(t, due: int | None = None) -> list:
    """The pages in navigation order; the first is the default (the URL ``/``).
    ``due``: how many words are due for review, shown beside the Review page's name.

    No icons: Streamlit makes the open page's Material icon the tab's favicon, fetched from
    fonts.gstatic.com (a request to a third party, and an error offline). The tab's 🌉 is
    drawn by dari/ui/profile.js (see app.py)."""
    review_title = t("nav.review") + (f" · {due}" if due else "")
    return [
        st.Page(entry("read"), title=t("nav.read"), url_path="read", default=True),
        st.Page(entry("add"), title=t("nav.add"), url_path="add"),
        st.Page(entry("translate"), title=t("nav.translate"), url_path="translate"),
        st.Page(entry("words"), title=t("nav.words"), url_path="words"),
        st.Page(entry("review"), title=review_title, url_path="review"),
    ]


def _due_count(me: learner.Learner) -> int | None:
    """One indexed count per rerun (dari.learner.store.due_count); None when saving is off."""
    if not me.ready:
        return None
    from dari.learner.store import StoreError, due_count

    try:
        return due_count(me.engine, me.profile)
    except StoreError as e:
        learner.failed(str(e))
        return None


def main() -> None:
    lang = interface_language()
    t = data.ui_strings(lang)
    me = learner.current(reading=True)  # for the due count: a fresh id has nothing due
    navigation = st.navigation(pages(t, _due_count(me)))
    with st.sidebar:
        sidebar_language(lang)
        profile.mount()
    st.markdown(f"<style>{PAGE_CSS}</style>", unsafe_allow_html=True)
    for problem in t.problems:  # a broken ui.po: the page speaks built-in English and says why
        st.html(render_message("warning", f"{t('error.broken_strings')} {problem}"))
    if me.problem:
        st.html(render_message("warning", t("learner.saving_off", reason=me.problem)))
    st.session_state[learner.PROBLEM_SHOWN] = me.problem
    navigation.run()
