"""Adding a text through the page in Chromium: paste the Korean (and its English), wait for the
worker, read the new text side by side, click a word and see its card. The server runs with
DARI_LIBRARY in a temporary directory, so the user's library starts empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from article_text import article_texts
from live_app import LiveApp
from reader_page import BLOCK, wait_for_idle, wait_for_param

pytestmark = pytest.mark.browser

IMPORT_TIMEOUT = 180_000  # ms: Kiwi starts in the worker (~5 s), then splits and analyses
CARD = "aside.dari-card"


@pytest.fixture(scope="module")
def adding(chromium_path, tmp_path_factory) -> LiveApp:
    library = tmp_path_factory.mktemp("user-library")
    with LiveApp(env={"DARI_LIBRARY": str(library)}) as live:
        live.library = library
        yield live
    from dari.library.importing import import_lock
    from dari.library.shelf import Library

    with import_lock(Library.at(library)):  # no import is left running into a removed directory
        pass


def add_text(page, url: str, korean: str, *, title: str = "", english: str = "", english_title: str = "") -> None:
    # From the front page through the navigation, as a reader does (opening /add directly makes
    # Streamlit's client probe /add/_stcore/... first: two 404s in the console).
    page.goto(url)
    page.locator(BLOCK).first.wait_for(state="visible", timeout=30_000)
    # A first visit reruns once when the browser's profile id arrives (dari.ui.profile): a
    # click during that rerun can be lost, so wait for quiet and try a second time.
    wait_for_idle(page, 500)
    form = page.get_by_test_id("stForm")
    for attempt in range(2):
        page.get_by_role("link", name="Add a text").click()
        try:
            form.wait_for(timeout=15_000)
            break
        except Exception:
            if attempt:
                raise
            wait_for_idle(page, 500)
    page.get_by_test_id("stForm").get_by_label("Title", exact=True).fill(title)
    page.get_by_test_id("stForm").get_by_label("Source", exact=True).fill("Dari's browser test")
    areas = page.get_by_test_id("stForm").get_by_label("Paste the text")
    areas.nth(0).fill(korean)
    if english:
        page.get_by_label("English title").fill(english_title)
        areas.nth(1).fill(english)
    page.get_by_role("button", name="Add the text").click()


def test_a_korean_text_is_added_and_read_with_word_cards(adding, desktop):
    korean, _, _, _ = article_texts(blocks=4)
    add_text(desktop, adding.url, korean, title="브라우저 시험 글")
    desktop.get_by_test_id("stProgress").first.wait_for(timeout=30_000)  # progress while it runs
    wait_for_param(desktop, "doc", "beuraujeo-siheom-geul", timeout=IMPORT_TIMEOUT)
    desktop.locator(BLOCK).first.wait_for(state="visible", timeout=30_000)
    assert "브라우저 시험 글" in desktop.locator(".dari-title").inner_text()
    first_en = desktop.locator("section#dari-p-1 .dari-en .dari-missing").first
    assert first_en.inner_text().startswith("[not translated yet]")  # never the Korean
    # each untranslated sentence links to its own segment in the Translate view
    cell_link = first_en.locator("a.dari-translate-link")
    assert cell_link.get_attribute("href") == "translate?doc=beuraujeo-siheom-geul&seg=1.1"
    desktop.locator(".dari-ko .dari-w", has_text="썩었다").click()
    card = desktop.locator(CARD)
    assert card.is_visible()
    assert card.locator(".dari-card-title").inner_text() == "썩었다"
    assert "썩다" in card.inner_text()
    translate = desktop.locator('[data-testid="stSidebar"] a.dari-translate-link')  # and the sidebar, for the text
    assert translate.get_attribute("href") == "translate?doc=beuraujeo-siheom-geul"
    assert (Path(adding.library) / "content" / "beuraujeo-siheom-geul.txt").is_file()


def test_a_text_and_its_english_are_added_and_read_side_by_side(adding, desktop):
    korean, english, _, english_title = article_texts(blocks=6)
    add_text(desktop, adding.url, korean, title="영어와 함께", english=english, english_title=english_title)
    wait_for_param(desktop, "doc", "yeongeowa-hamkke", timeout=IMPORT_TIMEOUT)
    desktop.locator(BLOCK).first.wait_for(state="visible", timeout=30_000)
    first = desktop.locator("section#dari-p-1")
    ko_box, en_box = first.locator(".dari-ko").bounding_box(), first.locator(".dari-en").bounding_box()
    assert en_box["x"] > ko_box["x"] + ko_box["width"] - 1  # side by side
    assert "Musk" in first.locator(".dari-en").inner_text()
    # Aligned English is fuzzy until a person confirms it: marked for review, never hidden.
    assert desktop.locator("section#dari-p-1 .dari-en .dari-fuzzy").count() >= 1
    desktop.locator("section#dari-p-3 .dari-ko .dari-seg").first.hover()
    desktop.locator(".dari-ko .dari-w", has_text="썩었다").click()
    assert desktop.locator(CARD).is_visible()
