"""Accessibility in Chromium: axe-core (0 serious or critical violations in every view, at
both widths, in both interface languages and both themes), the keyboard (one tab stop,
arrows, Enter, Escape), screen-reader labels, study mode's hidden English, <html lang>."""

from __future__ import annotations

import pytest
from live_app import DESKTOP, PHONE
from reader_page import (
    axe_violations,
    close_page,
    new_page,
    open_reader,
    wait_for_idle,
)

pytestmark = pytest.mark.browser

VIEWS = {
    "side": {"view": "side"},
    "stacked": {"view": "stacked"},
    "ko": {"view": "ko"},
    "en": {"view": "en"},
    "study": {"view": "side", "study": "1"},
}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.mark.parametrize("ui", ["en", "ko"])
@pytest.mark.parametrize("size", list(SIZES))
def test_axe_finds_no_serious_violation_in_any_view(app, chromium, size, ui):
    page = new_page(chromium, SIZES[size])
    try:
        found = {}
        for name, params in VIEWS.items():
            open_reader(page, app.url, ui=ui, **params)
            wait_for_idle(page, 300)
            found[name] = axe_violations(page)
            if name == "side":  # further down the page too
                page.locator("section#dari-p-12").scroll_into_view_if_needed()
                found[name] += axe_violations(page)
        assert {k: v for k, v in found.items() if v} == {}
    finally:
        close_page(page)


@pytest.mark.parametrize("size", list(SIZES))
def test_axe_finds_no_serious_violation_in_the_dark_with_a_card_open(app, chromium, size):
    page = new_page(chromium, SIZES[size], color_scheme="dark")
    try:
        for params in ({"view": "side"}, {"view": "stacked", "study": "1"}, {"view": "en"}):
            open_reader(page, app.url, **params)
            wait_for_idle(page, 300)
            assert "dari-dark" in page.locator(".dari-host").get_attribute("class")
            assert axe_violations(page) == [], params
        open_reader(page, app.url, view="side")
        page.locator(".dari-ko .dari-w", has_text="썩었다").click()
        page.locator(".dari-ko .dari-w", has_text="썩었다").click()  # on a touch screen the first tap lights the sentence
        page.locator("aside.dari-card").wait_for(state="visible")
        assert axe_violations(page) == []
        # The glossary panel, open with a search typed.
        page.keyboard.press("Escape")
        page.locator("button.dari-gloss-open").click()
        page.locator("input.dari-gloss-q").fill("에코")
        page.locator("button.dari-gloss-item").first.wait_for(state="visible")
        assert axe_violations(page) == []
    finally:
        close_page(page)


def test_html_lang_follows_the_interface_language(app, desktop):
    open_reader(desktop, app.url, ui="ko")
    assert desktop.evaluate("document.documentElement.lang") == "ko"
    open_reader(desktop, app.url, ui="en")
    assert desktop.evaluate("document.documentElement.lang") == "en"


def test_read_aloud_and_reveal_buttons_carry_real_labels(app, desktop):
    open_reader(desktop, app.url, study="1")
    say = desktop.locator(".dari-ko .dari-say").first
    assert say.get_attribute("aria-label") == "Listen to this sentence in Korean"
    assert desktop.locator(".dari-en .dari-say").first.get_attribute("aria-label") == "Listen to this sentence in English"
    assert desktop.locator(".dari-say[aria-label='▶']").count() == 0
    reveal = desktop.locator("section#dari-p-1 button.dari-reveal")
    assert reveal.inner_text() == "Show English"
    # A translator's note is a button whose name says what it is and what it says.
    note = desktop.locator("section#dari-p-1 .dari-en button.dari-note").first
    name = note.evaluate("(n) => n.textContent")
    assert name.startswith("†Translator's note: ") and len(name) > 30
    open_reader(desktop, app.url, ui="ko")
    assert desktop.locator(".dari-ko .dari-say").first.get_attribute("aria-label") == "이 문장을 한국어로 듣기"


def _tab_stops_in_text(page) -> int:
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '.dari-root .dari-header *, .dari-root .dari-body *')).filter((n) => n.tabIndex >= 0
        && n.getAttribute('tabindex') !== '-1' && !n.disabled).length""")


def _focused(page) -> dict:
    return page.evaluate("""() => { const a = document.activeElement;
        return { seg: a.closest('.dari-seg') ? a.closest('.dari-seg').dataset.seg : null,
                 lang: a.closest('.dari-ko') ? 'ko' : a.closest('.dari-en') ? 'en' : null,
                 cls: a.className, text: a.textContent, w: a.dataset.w ?? null,
                 outline: getComputedStyle(a).outlineStyle, outlineWidth: getComputedStyle(a).outlineWidth }; }""")


def _tab_into_text(page) -> None:
    page.locator("button.dari-view[data-view=side]").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.dari-header, .dari-body')"):
            return
    raise AssertionError("Tab never reached the text")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_text_is_one_tab_stop_and_arrows_move_inside(app, chromium, size):
    page = new_page(chromium, SIZES[size])
    try:
        open_reader(page, app.url, view="stacked")
        assert _tab_stops_in_text(page) == 1
        _tab_into_text(page)
        first = _focused(page)
        assert first["seg"] == "title" and first["outline"] != "none"
        # One more Tab leaves the text (it is one stop, not hundreds).
        page.keyboard.press("Tab")
        assert not page.evaluate("() => !!document.activeElement.closest('.dari-body')")
        page.keyboard.press("Shift+Tab")
        assert _focused(page)["seg"] == "title"
        page.keyboard.press("ArrowDown")  # from the (English) title to the first sentence
        now = _focused(page)
        assert (now["seg"], now["lang"]) == ("1.1", "ko")
        assert now["outline"] != "none" and now["outlineWidth"] != "0px"
        page.keyboard.press("ArrowDown")
        assert _focused(page)["seg"] == "1.2"
        page.keyboard.press("ArrowUp")
        assert _focused(page)["seg"] == "1.1"
        # Still one tab stop, now on the sentence the reader left off.
        assert _tab_stops_in_text(page) == 1
        # Words: Ctrl+Right, Alt+Right; Enter opens the card; Escape closes it, focus returns.
        page.keyboard.press("Control+ArrowRight")
        word = _focused(page)
        assert word["w"] is not None and word["seg"] == "1.1" and word["text"] == "일론"
        page.keyboard.press("Alt+ArrowRight")
        second = _focused(page)
        assert second["w"] is not None and second["w"] != word["w"]
        page.keyboard.press("Enter")
        card = page.locator("aside.dari-card")
        assert card.is_visible() and card.get_attribute("data-kind") == "word"
        # 머스크가 is cut in two spans (the term 일론 머스크, then 가): focus is on the first.
        assert card.locator(".dari-card-title").inner_text().startswith(second["text"])
        page.keyboard.press("Escape")
        assert card.is_hidden()
        assert _focused(page)["w"] == second["w"]
    finally:
        close_page(page)


def test_keyboard_reaches_the_paragraph_buttons_and_reveals_in_study_mode(app, desktop):
    open_reader(desktop, app.url, view="stacked", study="1")
    _tab_into_text(desktop)
    for _ in range(15):  # the title, 5 Korean and 5 English sentences, then the button
        desktop.keyboard.press("ArrowDown")
        if "dari-reveal" in _focused(desktop)["cls"]:
            break
    assert "dari-reveal" in _focused(desktop)["cls"], "the paragraph's Show English button is not reachable"
    desktop.keyboard.press("Enter")
    segs = desktop.locator("section#dari-p-1 .dari-en .dari-seg")
    assert all("dari-revealed" in c for c in segs.evaluate_all("(ns) => ns.map((n) => n.className)"))
    # Enter on a sentence toggles its own English.
    desktop.keyboard.press("Home")
    desktop.keyboard.press("ArrowDown")
    assert _focused(desktop)["seg"] == "1.1"
    desktop.keyboard.press("ArrowDown")  # 1.2 ...
    while _focused(desktop)["lang"] != "en":
        desktop.keyboard.press("ArrowDown")
    seg = _focused(desktop)["seg"]
    desktop.keyboard.press("Enter")
    assert "dari-revealed" not in desktop.locator(f'.dari-en .dari-seg[data-seg="{seg}"]').get_attribute("class")


def test_hidden_english_is_hidden_from_screen_readers_and_its_terms_say_nothing(app, desktop):
    open_reader(desktop, app.url, study="1")
    seg = desktop.locator('.dari-en .dari-seg[data-seg="3.2"]')
    assert seg.locator(".dari-txt").get_attribute("aria-hidden") == "true"
    assert seg.locator(".dari-hidden-label").is_hidden() is False or seg.locator(".dari-hidden-label").get_attribute("hidden") is None
    assert "English hidden" in seg.locator(".dari-hidden-label").text_content()
    # The accessibility tree says "English hidden", never the English.
    snapshot = desktop.locator("section#dari-p-3 .dari-en").aria_snapshot()
    assert "echo chamber" not in snapshot and "English hidden" in snapshot
    # Hovering a term in hidden English shows no tooltip (it would give the English away).
    seg.locator(".dari-term").first.hover(force=True)
    assert desktop.locator("div.dari-tip").is_hidden()
    seg.click()
    assert seg.locator(".dari-txt").get_attribute("aria-hidden") is None
    assert "echo chamber" in desktop.locator("section#dari-p-3 .dari-en").aria_snapshot()
    seg.locator(".dari-term").first.hover()
    assert desktop.locator("div.dari-tip").is_visible()
