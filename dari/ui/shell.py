"""The app's frame: navigation between pages, the interface language picker, the page-wide CSS.

``app.py`` calls :func:`main`. Every page is a module of dari.ui.pages with a ``main()``.
"""

from __future__ import annotations

import streamlit as st

from dari.render import render_message
from dari.ui import data
from dari.ui.interface import PAGE_CSS, interface_language, sidebar_language
from dari.ui.pages import add, read, translate


def pages(t) -> list:
    """The pages in navigation order; the first is the default (the URL ``/``)."""
    return [
        st.Page(read.main, title=t("nav.read"), icon=":material/menu_book:", url_path="read", default=True),
        st.Page(add.main, title=t("nav.add"), icon=":material/note_add:", url_path="add"),
        st.Page(translate.main, title=t("nav.translate"), icon=":material/translate:", url_path="translate"),
    ]


def main() -> None:
    lang = interface_language()
    t = data.ui_strings(lang)
    navigation = st.navigation(pages(t))
    with st.sidebar:
        sidebar_language(lang)
    st.markdown(f"<style>{PAGE_CSS}</style>", unsafe_allow_html=True)
    for problem in t.problems:  # a broken ui.po: the page speaks built-in English and says why
        st.html(render_message("warning", f"{t('error.broken_strings')} {problem}"))
    navigation.run()
