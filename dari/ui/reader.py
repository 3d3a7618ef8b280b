"""The reading surface as a Streamlit components-v2 component (no build step, no iframe)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
KEY = "reader"
STATE = ("settings", "learner")  # settings: {"view", ...}, always sent whole; learner: dari.ui.learner.CHANGES
TRIGGERS = ("word", "term", "paragraph", "place")  # place: the reading position (dari.ui.learner)


@st.cache_resource(show_spinner=False)
def _component():
    return st.components.v2.component(
        "dari_reader",
        css=(HERE / "reader.css").read_text(encoding="utf-8"),
        js=(HERE / "reader.js").read_text(encoding="utf-8"),
        # Not a shadow root: #dari-p-N anchors and page-level scrolling must reach it.
        isolate_styles=False,
    )


def _declared() -> None:
    """Callbacks declare the component's state and trigger names; the page reads the
    values itself at the top of each run (dari.ui.pages.read.sync_browser_state)."""


def reader(data: bytes, key: str = KEY):
    """Mount the reader with its JSON payload (dari.reading.PagePayload.with_live);
    its reported state is ``st.session_state[key]``."""
    callbacks = {f"on_{name}_change": _declared for name in (*STATE, *TRIGGERS)}
    return _component()(key=key, data=data, default={"settings": {}}, **callbacks)
