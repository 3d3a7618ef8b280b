"""The floor: the least a Streamlit page can do to show the same document and switch views.

Precomputed HTML of the page (dari.reading.build_page, the reader's own markup and CSS)
in one st.html, and a st.segmented_control that switches the view by a server round
trip: each switch reruns this script and sends the whole HTML again. No component, no
glossary, no cards. scripts/bench_e2e.py measures the reader against it in the same run.

    DARI_FLOOR_PAGE=page.json streamlit run scripts/bench/floor_app.py

page.json holds {"html": ..., "css": ...} (written by scripts/bench_e2e.py).
"""

import json
import os
from pathlib import Path

import streamlit as st

VIEWS = ["side", "stacked", "ko", "en"]


@st.cache_resource
def page(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


st.set_page_config(page_title="floor", layout="wide")
content = page(os.environ["DARI_FLOOR_PAGE"])
view = st.segmented_control("View", VIEWS, default="side", key="view") or "side"
st.html(f'<style>{content["css"]}</style><div class="dari-root dari-view-{view}">{content["html"]}</div>')
