"""The glossary in the reader, in Chromium: the first-time hint (dismissed for good),
marks coloured by category, and one card per term wherever it is opened."""

from __future__ import annotations

import pytest
from reader_page import open_reader, wait_for_idle, wait_for_param

pytestmark = pytest.mark.browser

ECHO = "에코챔버"  # category: technical
MUSK = "일론 머스크"  # category: person
ECHO_NOTE = "a closed space where people hear only opinions like their own"


def test_the_hint_says_what_marks_do_and_stays_dismissed(app, screen, chromium):
    open_reader(screen, app.url)
    hint = screen.locator("p.dari-hint")
    assert hint.is_visible()
    text = hint.inner_text()
    assert "Underline" in text and "†" in text and "click" in text
    lines = hint.locator("span").evaluate("(n) => n.getClientRects().length")
    assert lines <= (1 if screen.viewport_size["width"] >= 1000 else 3), f"{lines} lines: a hint, not a panel"
    screen.locator("button.dari-hint-close").click()
    assert hint.is_hidden()
    screen.reload()
    screen.locator("section.dari-block").first.wait_for()
    assert screen.locator("p.dari-hint").is_hidden()
    # A first-time reader (a fresh browser) sees it, in their interface language.
    context = chromium.new_context(viewport=screen.viewport_size, locale="ko-KR")
    try:
        fresh = open_reader(context.new_page(), app.url)
        assert fresh.locator("p.dari-hint").is_visible()
        assert "밑줄" in fresh.locator("p.dari-hint").inner_text()
    finally:
        context.close()


def _underline(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("(n) => getComputedStyle(n).textDecorationColor")


def test_marks_are_coloured_by_category(app, desktop):
    open_reader(desktop, app.url)
    echo = f'.dari-en .dari-term[data-term="{ECHO}"]'
    musk = f'.dari-en .dari-term[data-term="{MUSK}"]'
    assert desktop.locator(echo).first.get_attribute("data-cat") == "technical"
    assert desktop.locator(musk).first.get_attribute("data-cat") == "person"
    assert _underline(desktop, echo) != _underline(desktop, musk)
    # The same category, the same colour, in Korean and English alike.
    assert _underline(desktop, f'.dari-ko .dari-term[data-term="{ECHO}"]') == _underline(desktop, echo)
    # The card's glossary section carries the same colour.
    desktop.locator(echo).first.click()
    assert desktop.locator('aside.dari-card section.dari-card-term[data-cat="technical"]').is_visible()


def _cards_with_the_note(page) -> int:
    return page.evaluate("""(note) => Array.from(document.querySelectorAll('aside.dari-card, [data-testid=stSidebar] .dari-entry'))
        .filter((n) => !n.hidden && n.getClientRects().length > 0 && n.textContent.includes(note)).length""", ECHO_NOTE)


def test_one_term_opens_one_card_from_korean_english_or_the_sidebar(app, desktop):
    open_reader(desktop, app.url)
    wait_for_idle(desktop, 300)
    desktop.locator(f'.dari-ko .dari-term[data-term="{ECHO}"]').first.click()
    assert _cards_with_the_note(desktop) == 1
    desktop.locator(f'.dari-en .dari-term[data-term="{ECHO}"]').first.click()
    wait_for_param(desktop, "term", ECHO)
    wait_for_idle(desktop, 300)
    assert _cards_with_the_note(desktop) == 1
    desktop.locator("aside.dari-card .dari-card-close").click()
    wait_for_param(desktop, "term", None)
    wait_for_idle(desktop, 300)
    sidebar = desktop.locator('[data-testid="stSidebar"]')
    sidebar.locator("button", has_text=f"{ECHO} · echo chamber").click()
    wait_for_param(desktop, "term", ECHO)
    desktop.locator("aside.dari-card").wait_for(state="visible", timeout=10_000)
    wait_for_idle(desktop, 300)
    assert desktop.locator("aside.dari-card").get_attribute("data-kind") == "term"
    assert _cards_with_the_note(desktop) == 1
