"""The glossary in the reader, in Chromium: the first-time hint (dismissed for good),
marks coloured by category, one card per term wherever it is opened, and the glossary
panel's search as you type (inflected forms, plurals, a typo; Korean collation)."""

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


def test_one_term_opens_one_card_from_korean_english_or_the_glossary_panel(app, desktop):
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
    _search(desktop, ECHO)
    desktop.locator(f'button.dari-gloss-item[data-term="{ECHO}"]').click()
    wait_for_param(desktop, "term", ECHO)
    desktop.locator("aside.dari-card").wait_for(state="visible", timeout=10_000)
    wait_for_idle(desktop, 300)
    assert desktop.locator("aside.dari-card").get_attribute("data-kind") == "term"
    assert _cards_with_the_note(desktop) == 1


def _search(page, query: str) -> list[str]:
    """Open the glossary panel (if closed), type ``query``; the headwords listed, in order."""
    panel = page.locator("section.dari-gloss")
    if panel.is_hidden():
        page.locator("button.dari-gloss-open").click()
    box = panel.locator("input.dari-gloss-q")
    box.fill("")
    box.press_sequentially(query, delay=5)
    return panel.locator("button.dari-gloss-item").evaluate_all("(bs) => bs.map((b) => b.dataset.term)")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("edge comp", "엣지 컴퓨팅"), ("자연어 처리", "자연어처리"), ("Echo Chamber", "에코챔버"),
     ("ekochaem", "에코챔버"), ("넘사", "넘사벽"), ("트위터를", "트위터"), ("에코챔버란", "에코챔버"),
     ("echo chambers", "에코챔버"), ("ekochambeo", "에코챔버"), ("ehco chamber", "에코챔버")],
    ids=["english-partial", "korean-spacing", "english-case", "romanization", "korean-partial",
         "inflected-object", "inflected-topic", "plural", "typo-romanization", "typo-english"],
)
def test_the_glossary_panel_filters_as_you_type(app, desktop, query, expected):
    open_reader(desktop, app.url)
    found = _search(desktop, query)
    assert found and found[0] == expected, found[:5]


def test_the_glossary_panel_lists_in_korean_order_filters_by_category_and_opens_one_card(app, screen):
    open_reader(screen, app.url)
    wait_for_idle(screen, 300)
    every = _search(screen, "")
    assert len(every) >= 50
    in_order = screen.evaluate("(hs) => hs.every((h, i) => i === 0 || new Intl.Collator('ko').compare(hs[i - 1], h) <= 0)", every)
    assert in_order
    assert "of" in screen.locator(".dari-gloss-count").inner_text() and str(len(every)) in screen.locator(".dari-gloss-count").inner_text()
    screen.locator("button.dari-gloss-cat[data-cat=person]").click()
    people = screen.locator("button.dari-gloss-item").evaluate_all("(bs) => bs.map((b) => b.dataset.cat)")
    assert people and set(people) == {"person"} and len(people) < len(every)
    screen.locator("button.dari-gloss-cat[data-cat=person]").click()  # off again
    _search(screen, "에코챔버란")
    screen.locator(f'button.dari-gloss-item[data-term="{ECHO}"]').click()
    card = screen.locator("aside.dari-card")
    card.wait_for(state="visible")
    assert card.get_attribute("data-kind") == "term" and _cards_with_the_note(screen) == 1
    wait_for_param(screen, "term", ECHO)
    screen.keyboard.press("Escape")
    assert card.is_hidden()
