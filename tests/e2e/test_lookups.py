"""Glossary terms and word lookups in Chromium: the note on hover, the entry with its
occurrences on click, a word's card from the stored analysis, and long documents' pages."""

from __future__ import annotations

import pytest
from libraries import repeat_article
from live_app import LiveApp
from reader_page import open_reader, param, wait_for_idle, wait_for_param

pytestmark = pytest.mark.browser

ECHO = "에코챔버"
# From the entry's note in locales/en/LC_MESSAGES/glossary.po.
ECHO_NOTE = "a closed space where people hear only opinions like their own"
CARD = "aside.dari-card"


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const b = document.querySelector(sel).getBoundingClientRect();
                      return b.top >= 0 && b.bottom <= window.innerHeight; }""", selector)


def test_hovering_a_term_shows_its_note(app, desktop):
    open_reader(desktop, app.url)
    tip = desktop.locator("div.dari-tip")
    assert tip.is_hidden()
    desktop.locator(f'.dari-ko .dari-term[data-term="{ECHO}"]').first.hover()
    assert tip.is_visible()
    assert ECHO_NOTE in tip.inner_text()
    assert "echo chamber" in tip.inner_text()
    # The English side carries the same term and the same note.
    desktop.locator("section#dari-p-1 .dari-ko").hover()
    assert tip.is_hidden()
    desktop.locator(f'.dari-en .dari-term[data-term="{ECHO}"]').first.hover()
    assert tip.is_visible() and ECHO_NOTE in tip.inner_text()


def test_a_translator_note_shows_on_hover(app, desktop):
    open_reader(desktop, app.url)
    note = desktop.locator("section#dari-p-1 .dari-en button.dari-note").first
    note.hover()
    tip = desktop.locator("div.dari-tip")
    assert tip.is_visible()
    assert tip.inner_text() == note.get_attribute("data-note")
    assert "노이즈" in tip.inner_text()  # the first note of the article explains 노이즈 (noise)


def test_clicking_a_term_opens_its_entry_and_an_occurrence_scrolls_to_it(app, screen):
    open_reader(screen, app.url, view="side")
    screen.locator(f'.dari-en .dari-term[data-term="{ECHO}"]').first.click()
    card = screen.locator(CARD)
    assert card.is_visible()
    assert card.get_attribute("data-kind") == "term"
    assert card.locator(".dari-card-title").inner_text().startswith(f"{ECHO} · echo chamber")
    assert ECHO_NOTE in card.inner_text()
    occurrences = card.locator("ol.dari-occ li")
    # 에코챔버 and its spaced spelling 에코 챔버, both in paragraph 3.
    assert occurrences.all_inner_texts() == [f"{ECHO} ¶3", "에코 챔버 ¶3"]
    wait_for_param(screen, "term", ECHO)

    # Read on to the end, then jump back through the card.
    screen.locator("section#dari-p-21").scroll_into_view_if_needed()
    last = occurrences.last.locator("a")
    target = "#" + last.get_attribute("href").split("#", 1)[1]
    assert not in_viewport(screen, target)
    last.click()
    screen.wait_for_function(
        """(sel) => { const b = document.querySelector(sel).getBoundingClientRect();
                      return b.top >= 0 && b.bottom <= window.innerHeight; }""", arg=target, timeout=5_000)
    seg = screen.locator(target).get_attribute("data-seg")
    assert "dari-hl" in screen.locator(target).get_attribute("class")
    assert "dari-hl" in screen.locator(f'.dari-en .dari-seg[data-seg="{seg}"]').get_attribute("class")

    screen.locator(f"{CARD} .dari-card-close").click()
    assert card.is_hidden()


def test_a_term_link_opens_the_entry(app, desktop):
    open_reader(desktop, app.url, term=ECHO)
    card = desktop.locator(CARD)
    card.wait_for(state="visible", timeout=5_000)
    assert card.get_attribute("data-kind") == "term"
    assert ECHO_NOTE in card.inner_text()


def test_clicking_a_word_shows_its_dictionary_form_and_romanization(app, screen):
    open_reader(screen, app.url, view="side")
    word = screen.locator(".dari-ko .dari-w", has_text="썩었다")
    assert word.count() == 1, "no word 썩었다: is content/musk-twitter-ai.analysis.json missing?"
    word.click()
    card = screen.locator(CARD)
    assert card.is_visible()
    assert card.get_attribute("data-kind") == "word"
    assert card.locator(".dari-card-title").inner_text() == "썩었다"
    rows = dict(zip(card.locator(":scope > .dari-card-row > .dari-card-label").all_inner_texts(),
                    card.locator(":scope > .dari-card-row > .dari-card-value").all_inner_texts(), strict=True))
    assert rows["Dictionary form"] == "썩다"
    assert rows["Romanization"] == "sseogeotda"
    assert rows["Part of speech"] == "verb"
    assert card.locator(".dari-morphs .dari-morph-form").all_inner_texts() == ["썩", "었", "다"]
    for href in card.locator(".dari-links a").evaluate_all("(as) => as.map((a) => a.href)"):
        assert href.startswith("https://") and "%EC%8D%A9%EB%8B%A4" in href  # 썩다, URL-encoded


def test_a_word_that_is_a_glossary_term_shows_both(app, desktop):
    open_reader(desktop, app.url)
    desktop.locator(f'.dari-ko .dari-w.dari-term[data-term="{ECHO}"]').first.click()
    card = desktop.locator(CARD)
    assert card.get_attribute("data-kind") == "word"
    assert card.locator(f'section.dari-card-term[data-term="{ECHO}"]').is_visible()
    assert ECHO_NOTE in card.inner_text()


def test_a_late_rerun_does_not_replace_the_card_the_reader_opened_since(app, desktop):
    """Regression: a term opened by a click was not remembered as opened, so the server's
    echo of ?term= opened it again, over the word card opened in the meantime."""
    open_reader(desktop, app.url)
    # Both clicks in one task: the second lands before the first one's rerun can come back,
    # as it does for any reader whose round trip is slower than their next click.
    desktop.evaluate("""() => {
        document.querySelector('.dari-en .dari-term[data-term="에코챔버"]').click();
        Array.from(document.querySelectorAll('.dari-ko .dari-w')).find((n) => n.textContent === '썩었다').click();
    }""")
    card = desktop.locator(CARD)
    assert card.get_attribute("data-kind") == "word"
    wait_for_param(desktop, "term", ECHO)
    desktop.wait_for_timeout(500)  # any further rerun of the word's trigger
    assert card.get_attribute("data-kind") == "word"
    assert card.locator(".dari-card-title").inner_text() == "썩었다"


def test_a_closed_term_card_stays_closed(app, desktop):
    """Regression: closing a term card left ?term= in the URL, and the next rerun (any view
    switch) opened the card again."""
    open_reader(desktop, app.url)
    desktop.locator(f'.dari-en .dari-term[data-term="{ECHO}"]').first.click()
    wait_for_param(desktop, "term", ECHO)
    card = desktop.locator(CARD)
    card.locator(".dari-card-close").click()
    assert card.is_hidden()
    wait_for_param(desktop, "term", None)  # the URL no longer reopens it either
    desktop.locator("button.dari-view[data-view=stacked]").click()
    wait_for_param(desktop, "view", "stacked")
    desktop.wait_for_timeout(300)
    assert card.is_hidden()


def test_only_the_word_whose_card_is_open_is_outlined(app, desktop):
    open_reader(desktop, app.url)
    desktop.locator(".dari-ko .dari-w", has_text="썩었다").click()
    desktop.locator(".dari-ko .dari-w", has_text="효과가").click()
    assert desktop.locator(".dari-picked").all_inner_texts() == ["효과가"]
    desktop.locator("aside.dari-card button.dari-card-close").click()
    assert desktop.locator(".dari-picked").count() == 0


def test_a_word_saved_from_its_card_is_coloured_at_once_and_on_the_words_page(app, desktop):
    """The sidebar's looked-up list became the Words page (dari/ui/pages/words.py)."""
    open_reader(desktop, app.url)
    sidebar = desktop.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Open the Words page").wait_for(state="visible", timeout=10_000)
    word = desktop.locator(".dari-ko .dari-w", has_text="썩었다").first
    word.click()
    desktop.locator(f"{CARD} button.dari-status-learning").click()
    assert word.get_attribute("data-st") == "learning"  # recoloured in the browser, no round trip
    wait_for_idle(desktop, 500)
    # Through the navigation: a direct /words load makes Streamlit probe /words/_stcore/* (404s).
    desktop.locator('[data-testid="stSidebarNav"] a', has_text="Words").click()
    desktop.get_by_text("썩다 · verb · Learning").wait_for(state="visible", timeout=15_000)


# ---- a long document: pages of 40 blocks ------------------------------------------------


@pytest.fixture(scope="session")
def long_app(chromium_path, tmp_path_factory):
    """The article three times over (63 blocks, two pages), on its own server."""
    library = repeat_article(tmp_path_factory.mktemp("long"), 3)
    with LiveApp(content_dir=library / "content", locales_dir=library / "locales") as live:
        yield live


def test_a_long_document_is_paged_and_the_pager_moves_on(long_app, desktop):
    open_reader(desktop, long_app.url)
    blocks = desktop.locator("section.dari-block")
    assert blocks.count() == 40
    assert blocks.first.get_attribute("id") == "dari-p-1"
    desktop.locator(".dari-pager").first.locator("button.dari-page[aria-label='Page 2']").click()
    desktop.wait_for_function("() => document.querySelector('section.dari-block').id === 'dari-p-41'")
    assert blocks.count() == 23
    wait_for_param(desktop, "page", "2")


def test_a_paragraph_link_on_another_page_opens_that_page(long_app, desktop):
    open_reader(desktop, long_app.url, p="45")
    assert desktop.locator("section.dari-block").first.get_attribute("id") == "dari-p-41"
    desktop.wait_for_function(
        """() => { const b = document.querySelector('#dari-p-45').getBoundingClientRect();
                   return b.top >= 0 && b.top < window.innerHeight; }""", timeout=10_000)
    assert param(desktop, "page") is None or param(desktop, "page") == "2"


def test_an_occurrence_on_another_page_opens_that_page_at_the_occurrence(long_app, desktop):
    """Regression: the page switched, but nothing scrolled to the occurrence."""
    open_reader(desktop, long_app.url, term=ECHO)
    card = desktop.locator(CARD)
    card.wait_for(state="visible", timeout=5_000)
    occurrences = card.locator("ol.dari-occ li")
    assert occurrences.all_inner_texts()[-2:] == [f"{ECHO} ¶45", "에코 챔버 ¶45"]
    occurrences.last.locator("a").click()
    wait_for_param(desktop, "page", "2")
    desktop.wait_for_function("() => !!document.querySelector('#dari-p-45')")
    desktop.wait_for_function(
        """() => { const s = document.querySelector('#dari-p-45 .dari-ko .dari-seg.dari-hl');
                   if (!s) return false;
                   const b = s.getBoundingClientRect(); return b.top >= 0 && b.bottom <= window.innerHeight; }""",
        timeout=5_000)
