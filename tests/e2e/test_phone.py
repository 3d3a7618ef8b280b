"""The reader on a phone, upright (390x844) and on its side (844x390), and on a desktop
where a point applies there too: the toolbar after scrolling, the bottom sheet, tooltips
inside the viewport, tap targets, the sidebar, and taps that only light a sentence."""

from __future__ import annotations

import pytest
from live_app import DESKTOP, PHONE
from reader_page import (
    LANDSCAPE,
    close_page,
    new_page,
    open_reader,
    scroll_main,
    top_element_is,
    wait_for_idle,
)

pytestmark = pytest.mark.browser

SCREENS = {"desktop": DESKTOP, "phone": PHONE, "landscape": LANDSCAPE}
CARD = "aside.dari-card"


@pytest.fixture(params=list(SCREENS))
def any_screen(request, chromium):
    page = new_page(chromium, SCREENS[request.param])
    page.screen_name = request.param
    yield page
    close_page(page)


@pytest.fixture(params=["phone", "landscape"])
def handheld(request, chromium):
    page = new_page(chromium, SCREENS[request.param])
    page.screen_name = request.param
    yield page
    close_page(page)


def _rect(page, selector: str) -> dict:
    return page.evaluate(
        "(s) => { const b = document.querySelector(s).getBoundingClientRect();"
        " return {top: b.top, bottom: b.bottom, left: b.left, right: b.right, width: b.width, height: b.height}; }",
        selector)


def test_the_toolbar_stays_reachable_after_scrolling(app, any_screen):
    page = any_screen
    open_reader(page, app.url, view="stacked")
    scroll_main(page, 2500)
    page.wait_for_timeout(200)
    header = _rect(page, '[data-testid="stHeader"]')
    bar = _rect(page, ".dari-toolbar")
    assert bar["top"] >= header["bottom"] - 1, f"Streamlit's header ({header}) covers the toolbar ({bar})"
    for view in ("side", "stacked", "ko"):
        button = f"button.dari-view[data-view={view}]"
        page.locator(button).scroll_into_view_if_needed()  # the phone's toolbar scrolls sideways
        assert top_element_is(page, button), f"{button} is covered after scrolling"
    page.locator("button.dari-view[data-view=ko]").click()
    assert "dari-view-ko" in page.locator("div.dari-root").get_attribute("class")


def _tap_word(page, text: str) -> None:
    word = page.locator(".dari-ko .dari-w", has_text=text).first
    word.tap()
    word.tap()  # the first tap lights the sentence; the second opens the word


def test_a_word_card_is_a_bottom_sheet_that_keeps_the_sentence_and_its_english_in_view(app, handheld):
    page = handheld
    open_reader(page, app.url, view="stacked" if page.screen_name == "phone" else "side")
    wait_for_idle(page, 300)
    word = page.locator(".dari-ko .dari-w", has_text="썩었다").first
    # Put the sentence low on the screen, where a sheet would cover it.
    seg = word.evaluate("(n) => n.closest('.dari-seg').dataset.seg")
    page.evaluate("""(seg) => { const m = document.querySelector('[data-testid=stMain]');
        const n = document.querySelector(`.dari-ko .dari-seg[data-seg="${seg}"]`);
        m.scrollTop += n.getBoundingClientRect().top - window.innerHeight + 60; }""", seg)
    page.wait_for_timeout(200)
    _tap_word(page, "썩었다")
    card = page.locator(CARD)
    card.wait_for(state="visible")
    page.wait_for_timeout(300)
    sheet = _rect(page, CARD)
    height = page.viewport_size["height"]
    assert abs(sheet["bottom"] - height) <= 1, "the card is not at the bottom of the screen"
    bar = _rect(page, ".dari-toolbar")
    for lang in ("ko", "en"):
        box = _rect(page, f'.dari-{lang} .dari-seg[data-seg="{seg}"]')
        assert box["top"] >= bar["bottom"] - 1, f"the {lang} sentence went under the toolbar: {box}, {bar}"
        if page.screen_name == "phone":  # on its side the sheet is at the right; upright it is the whole width
            assert box["bottom"] <= sheet["top"] + 1, f"the sheet {sheet} covers the {lang} sentence {box}"
        else:
            assert box["top"] < sheet["top"], f"the sheet {sheet} covers the {lang} sentence {box}"
    # A tap outside (here on Streamlit's header) closes it; so does Escape.
    page.touchscreen.tap(page.viewport_size["width"] / 2, 20)
    assert card.is_hidden()
    _tap_word(page, "썩었다")
    card.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert card.is_hidden()


def test_a_term_card_is_a_bottom_sheet_too(app, chromium):
    page = new_page(chromium, PHONE)
    try:
        open_reader(page, app.url, view="stacked")
        term = page.locator('.dari-en .dari-term[data-term="에코챔버"]').first
        term.tap()
        term.tap()
        card = page.locator(CARD)
        card.wait_for(state="visible")
        assert card.get_attribute("data-kind") == "term"
        page.wait_for_timeout(300)
        sheet = _rect(page, CARD)
        assert abs(sheet["bottom"] - PHONE["height"]) <= 1 and sheet["width"] == PHONE["width"]
        box = term.bounding_box()
        assert box["y"] + box["height"] <= sheet["top"] + 1
    finally:
        close_page(page)


def test_tooltips_stay_inside_the_viewport(app, any_screen):
    page = any_screen
    open_reader(page, app.url, view="side")
    notes = page.locator(".dari-en button.dari-note")
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    for i in range(min(notes.count(), 6)):
        note = notes.nth(i)
        note.scroll_into_view_if_needed()
        if page.screen_name == "desktop":
            note.hover()
        else:
            note.tap()
        tip = page.locator("div.dari-tip")
        assert tip.is_visible()
        b = tip.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= width + 0.5, f"note {i}: tooltip {b} leaves the screen sideways"
        assert b["y"] >= 0 and b["y"] + b["height"] <= height + 0.5, f"note {i}: tooltip {b} leaves the screen"


def test_tap_targets_are_at_least_24_px(app, chromium):
    for viewport in (PHONE, DESKTOP):
        page = new_page(chromium, viewport)
        try:
            open_reader(page, app.url, view="stacked", study="1")
            page.locator("section#dari-p-1").hover()
            sizes = page.evaluate("""() => ['.dari-en button.dari-note', 'a.dari-plink', 'button.dari-reveal',
                    'button.dari-card-close', '.dari-toolbar button'].map((s) => {
                const n = document.querySelector(s); if (!n) return [s, null];
                const b = n.getBoundingClientRect(); return [s, b.width, b.height]; })""")
            small = [s for s in sizes if s[1] is not None and (s[1] < 24 or s[2] < 24)]
            assert small == [], f"{viewport}: targets under 24x24 px: {small}"
            assert all(s[1] is not None for s in sizes if s[0] != "button.dari-card-close")
        finally:
            close_page(page)


def test_landscape_opens_with_the_sidebar_closed(app, chromium):
    page = new_page(chromium, LANDSCAPE)
    try:
        open_reader(page, app.url)
        page.wait_for_timeout(800)
        sidebar = _rect(page, '[data-testid="stSidebar"]')
        assert sidebar["right"] <= 1 or sidebar["width"] <= 1, f"the sidebar is open over the text: {sidebar}"
        text = _rect(page, "section#dari-p-1 > .dari-ko")
        assert text["left"] < 60
    finally:
        close_page(page)


def test_on_a_phone_the_sidebar_closes_after_a_pick(app, handheld):
    page = handheld
    open_reader(page, app.url)
    page.wait_for_timeout(500)
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    pick = sidebar.locator("label").filter(has_text="한국어")
    pick.wait_for(state="visible")
    pick.click()
    page.wait_for_function("() => document.querySelector('button.dari-view[data-view=side]').textContent === '나란히'")
    page.wait_for_function("""() => { const b = document.querySelector('[data-testid=stSidebar]').getBoundingClientRect();
        return b.right <= 1 || b.width <= 1; }""", timeout=5_000)


def test_a_tap_that_lights_a_sentence_does_not_look_a_word_up(app, chromium):
    page = new_page(chromium, PHONE)
    try:
        open_reader(page, app.url, view="stacked")
        wait_for_idle(page, 300)
        word = page.locator(".dari-ko .dari-w", has_text="썩었다").first
        seg = word.evaluate("(n) => n.closest('.dari-seg').dataset.seg")
        word.tap()
        assert "dari-hl" in page.locator(f'.dari-en .dari-seg[data-seg="{seg}"]').get_attribute("class")
        assert page.locator(CARD).is_hidden()
        wait_for_idle(page, 400)
        assert page.locator(CARD).is_hidden()  # still no card after the server's rerun: nothing looked up
        # A tap on a word of the sentence now lit opens its card (from which it can be saved).
        word.tap()
        assert page.locator(CARD).is_visible()
        page.locator(f"{CARD} button.dari-status-learning").wait_for(state="visible", timeout=10_000)
    finally:
        close_page(page)
