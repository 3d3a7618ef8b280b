"""A translator in Chromium: type the English of an untranslated sentence in the Translate view,
press Ctrl+Enter, land on the next segment that needs work, and read the sentence in the reader."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polib
import pytest
from libraries import copy_library
from live_app import LiveApp
from reader_page import LOAD_TIMEOUT, open_reader, wait_for_idle

pytestmark = pytest.mark.browser

LIBRARY = Path(__file__).resolve().parents[1] / "data" / "library"


def _key(seg_id: str, ko: str, slug: str = "tiny") -> str:
    """dari.ui.pages.translate._key, without importing Streamlit code into the test process."""
    return hashlib.sha1(f"{slug}\x00{seg_id}\x00{ko}".encode()).hexdigest()[:12]


@pytest.fixture
def editable_app(chromium_path, tmp_path):
    library = copy_library(LIBRARY, tmp_path / "library")
    with LiveApp(content_dir=library / "content", locales_dir=library / "locales",
                 env={"DARI_EDIT_BUNDLED": "1"}) as live:
        yield live, library


def test_translate_a_sentence_and_read_it(editable_app, desktop):
    live, library = editable_app
    # Through the navigation, as a translator would: opening /translate directly makes
    # Streamlit's frontend probe /translate/_stcore/* first (two 404s in the console).
    open_reader(desktop, live.url, doc="tiny")
    desktop.locator('[data-testid="stSidebarNavLink"]', has_text="Translate").click()
    field = desktop.locator(f".st-key-en-{_key('3.1', '마지막 문장.')} textarea")
    field.wait_for(state="visible", timeout=LOAD_TIMEOUT)
    field.click()
    field.fill("The last sentence.")
    field.press("Control+Enter")  # the form's first button: save (and confirm) and go on

    po_path = library / "locales" / "en" / "LC_MESSAGES" / "tiny.po"
    desktop.wait_for_function("() => document.body.innerText.includes('Saved.')", timeout=LOAD_TIMEOUT)
    entry = next(e for e in polib.pofile(str(po_path)) if e.msgid == "마지막 문장.")
    assert entry.msgstr == "The last sentence." and "fuzzy" not in entry.flags

    # The next segment needing work (wrapping round: 1.2 is fuzzy) has the keyboard now.
    next_key = _key("1.2", "자연어를 처리한다.")
    desktop.wait_for_function(
        "(k) => document.activeElement && document.activeElement.closest(`.st-key-en-${k}`) !== null",
        arg=next_key, timeout=LOAD_TIMEOUT)

    open_reader(desktop, live.url, doc="tiny")
    wait_for_idle(desktop)
    last = desktop.locator("section#dari-p-3 .dari-en").inner_text()
    assert "The last sentence." in last and "not translated yet" not in last
