"""The reading surface as a Streamlit components-v2 component (no build step, no iframe)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
KEY = "reader"
STATE = ("view", "study", "roman", "marks", "page", "revealed")
TRIGGERS = ("word", "term", "paragraph")


@st.cache_resource(show_spinner=False)
def _component():
    return st.components.v2.component(
        "dari_reader",
        css=(HERE / "reader.css").read_text(encoding="utf-8"),
        js=(HERE / "reader.js").read_text(encoding="utf-8"),
        # Not a shadow root: #dari-p-N anchors and page-level scrolling must reach it.
        isolate_styles=False,
    )


def reader(data: dict, on_change: Callable[[str], None], key: str = KEY):
    """Mount the reader. ``on_change(name)`` runs before the rerun when the browser
    reports a state change or an event (``name`` is one of STATE or TRIGGERS)."""
    callbacks = {f"on_{name}_change": (lambda n=name: on_change(n)) for name in (*STATE, *TRIGGERS)}
    return _component()(key=key, data=data, default={"revealed": []}, **callbacks)
