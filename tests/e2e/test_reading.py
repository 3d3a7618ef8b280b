"""The reading page in Chromium, on a desktop (1280x900) and a phone (390x844) screen:
layout, sentence highlight, study mode, interface language and deep links."""

from __future__ import annotations

import time

import pytest
from reader_page import block_boxes, box, open_reader, param, uncovered_at, wait_for_idle, wait_for_param

pytestmark = pytest.mark.browser

ROOT_SEL = "div.dari-root"
TOLERANCE = 1.0  # px: sub-pixel layout rounding


def on_first_screen(blocks, height: float):
    return [b for b in blocks if b[2][0] < height and b[2][2] > 0]


def test_korean_and_english_side_by_side_start_on_the_same_line(app, screen):
    open_reader(screen, app.url, view="side")
    assert "dari-view-side" in screen.locator(ROOT_SEL).get_attribute("class")
    height = screen.viewport_size["height"]
    blocks = block_boxes(screen)
    assert len(blocks) == 21
    first = on_first_screen(blocks, height)
    assert first, "no block on the first screen"
    for number, _kind, ko, en in blocks:
        ko_top, ko_left, _, ko_right = ko
        en_top, en_left, _, _ = en
        assert abs(ko_top - en_top) <= TOLERANCE, f"block {number}: Korean starts at {ko_top}, English at {en_top}"
        assert ko_right <= en_left + TOLERANCE, f"block {number}: Korean {ko} is not left of English {en}"
        assert ko_left < en_left


def test_the_title_pairs_korean_with_english(app, desktop):
    open_reader(desktop, app.url)
    ko = desktop.locator(".dari-title > .dari-ko")
    en = desktop.locator(".dari-title > .dari-en")
    assert ko.get_attribute("lang") == "ko" and en.get_attribute("lang") == "en"
    assert "일론 머스크는 왜 트위터를 샀을까" in ko.inner_text()
    assert "Why Did Elon Musk Buy Twitter" in en.inner_text()
    assert abs(box(ko)["y"] - box(en)["y"]) <= TOLERANCE


def test_stacked_on_a_phone_puts_each_korean_paragraph_above_its_english(app, phone):
    open_reader(phone, app.url, view="stacked")
    assert "dari-view-stacked" in phone.locator(ROOT_SEL).get_attribute("class")
    blocks = block_boxes(phone)
    first = on_first_screen(blocks, phone.viewport_size["height"])
    assert first, "no block on the first screen"
    for number, _kind, ko, en in blocks:
        assert en[0] >= ko[2] - TOLERANCE, f"block {number}: English {en} does not start below Korean {ko}"
        assert abs(ko[1] - en[1]) <= TOLERANCE, f"block {number}: left edges {ko[1]} and {en[1]} differ"
    # A phone must never need horizontal scrolling to read.
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]


def test_a_phone_without_a_view_in_the_url_reads_stacked_and_says_so_in_the_url(app, phone):
    open_reader(phone, app.url)
    assert "dari-view-stacked" in phone.locator(ROOT_SEL).get_attribute("class")
    assert phone.locator("button.dari-view[data-view=stacked]").get_attribute("aria-pressed") == "true"
    wait_for_param(phone, "view", "stacked")


def test_a_view_switch_applies_at_once_and_reaches_the_url(app, desktop):
    open_reader(desktop, app.url)
    desktop.locator("button.dari-view[data-view=stacked]").click()
    root = desktop.locator(ROOT_SEL)
    assert "dari-view-stacked" in root.get_attribute("class")
    assert "dari-view-side" not in root.get_attribute("class")
    wait_for_param(desktop, "view", "stacked")
    desktop.locator("button.dari-view[data-view=en]").click()
    wait_for_param(desktop, "view", "en")
    assert desktop.locator("section#dari-p-2 > .dari-ko").is_hidden()
    assert desktop.locator("section#dari-p-2 > .dari-en").is_visible()
    # Back to the default: the parameter leaves the URL, the view stays what was chosen.
    desktop.locator("button.dari-view[data-view=side]").click()
    wait_for_param(desktop, "view", None)
    assert "dari-view-side" in root.get_attribute("class")


def _segment_pair(page, seg: str):
    return (page.locator(f'.dari-ko .dari-seg[data-seg="{seg}"]'), page.locator(f'.dari-en .dari-seg[data-seg="{seg}"]'))


def _highlighted(page) -> list[tuple[str, str]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.dari-seg.dari-hl'))
        .map((n) => [n.closest('.dari-ko') ? 'ko' : 'en', n.dataset.seg])""")


def test_two_quick_changes_are_both_kept(app, desktop):
    """Regression: a view switch then study 0-20 ms later lost the view on the server (the
    URL never had it, and the page could fall back to the old view). Seen first as a lost
    study toggle among twenty concurrent readers whose browser was starved for CPU."""
    open_reader(desktop, app.url)
    lost = []
    view, study = "side", False
    for gap in (0, 5, 10, 15, 20, 0, 5, 10, 15, 20):
        wait_for_idle(desktop, 300)
        # Not "en": study mode is off (its button disabled) in the English-only view.
        view, study = ("stacked" if view != "stacked" else "ko"), not study
        desktop.evaluate("""async ([view, gap]) => {
            document.querySelector(`button.dari-view[data-view=${view}]`).click();
            if (gap) await new Promise((r) => setTimeout(r, gap));
            document.querySelector('button.dari-toggle[data-toggle=study]').click();
        }""", [view, gap])
        wait_for_idle(desktop, 500)
        shown = desktop.locator(ROOT_SEL).get_attribute("class")
        got = (param(desktop, "view"), param(desktop, "study"), f"dari-view-{view}" in shown, ("dari-study" in shown))
        if got != (view, "1" if study else None, True, study):
            lost.append(f"{gap} ms apart: URL view={got[0]} study={got[1]}, page shows {shown}")
    assert lost == []


def test_hovering_a_korean_sentence_highlights_its_english(app, desktop):
    open_reader(desktop, app.url)
    ko, en = _segment_pair(desktop, "1.2")
    ko.hover()
    assert "dari-hl" in en.get_attribute("class")
    assert sorted(_highlighted(desktop)) == [["en", "1.2"], ["ko", "1.2"]]
    # Moving on moves the highlight: one pair at a time.
    _segment_pair(desktop, "3.1")[1].hover()
    assert sorted(_highlighted(desktop)) == [["en", "3.1"], ["ko", "3.1"]]


def test_tapping_a_korean_sentence_on_a_phone_highlights_its_english(app, phone):
    open_reader(phone, app.url, view="stacked")
    ko, en = _segment_pair(phone, "1.3")
    ko.tap()
    assert "dari-hl" in en.get_attribute("class")
    assert sorted(_highlighted(phone)) == [["en", "1.3"], ["ko", "1.3"]]


def _color(locator) -> str:
    return locator.evaluate("(n) => getComputedStyle(n).color")


def test_study_mode_hides_english_until_a_sentence_or_paragraph_is_revealed(app, screen):
    open_reader(screen, app.url, view="side")
    screen.locator("button.dari-toggle[data-toggle=study]").click()
    assert "dari-study" in screen.locator(ROOT_SEL).get_attribute("class")
    _, hidden = _segment_pair(screen, "1.1")
    _, other = _segment_pair(screen, "1.2")
    assert _color(hidden) == "rgba(0, 0, 0, 0)"
    assert _color(other) == "rgba(0, 0, 0, 0)"

    hidden.click()
    assert "dari-revealed" in hidden.get_attribute("class")
    assert _color(hidden) != "rgba(0, 0, 0, 0)"
    assert _color(other) == "rgba(0, 0, 0, 0)", "revealing one sentence revealed another"

    block = screen.locator("section#dari-p-3")
    block.locator("button.dari-reveal").click()
    english = block.locator(".dari-en .dari-seg")
    assert english.count() >= 2
    for i in range(english.count()):
        assert _color(english.nth(i)) != "rgba(0, 0, 0, 0)"
    wait_for_param(screen, "study", "1")

    # A server round trip (a view switch) keeps what this reader revealed.
    screen.locator("button.dari-view[data-view=stacked]").click()
    wait_for_param(screen, "view", "stacked")
    screen.locator("button.dari-view[data-view=side]").click()
    wait_for_param(screen, "view", None)
    assert "dari-revealed" in hidden.get_attribute("class")
    assert _color(other) == "rgba(0, 0, 0, 0)"


def test_quick_reveals_are_all_kept(app, desktop):
    """Regression: a rerun that left the server before the latest reveal brought back the
    server's older revealed list, which the component adopted; the next reveal then sent
    that older list plus one, and the sentences in between were lost for good."""
    open_reader(desktop, app.url, study="1")
    # 24 taps 70 ms apart: a learner tapping through sentences, each tap quicker than a round trip.
    tapped = desktop.evaluate("""async () => {
        const segs = Array.from(document.querySelectorAll('.dari-block .dari-en .dari-seg')).slice(0, 24);
        for (const s of segs) { s.click(); await new Promise((r) => setTimeout(r, 70)); }
        return segs.map((s) => s.dataset.seg);
    }""")
    desktop.locator("button.dari-view[data-view=stacked]").click()
    wait_for_param(desktop, "view", "stacked")
    desktop.wait_for_timeout(500)
    revealed = desktop.evaluate(
        "() => Array.from(document.querySelectorAll('.dari-en .dari-seg.dari-revealed')).map((n) => n.dataset.seg)")
    assert sorted(set(tapped) - set(revealed)) == []


def test_study_mode_from_the_url(app, desktop):
    open_reader(desktop, app.url, study="1")
    assert "dari-study" in desktop.locator(ROOT_SEL).get_attribute("class")
    assert desktop.locator("button.dari-toggle[data-toggle=study]").get_attribute("aria-pressed") == "true"
    assert _color(_segment_pair(desktop, "2.1")[1]) == "rgba(0, 0, 0, 0)"


def _reopened(chromium, page):
    """The page's current URL opened in a fresh English-language browser context."""
    context = chromium.new_context(locale="en-US", viewport=page.viewport_size)
    return open_reader(context.new_page(), page.evaluate("location.href")), context


def test_switching_the_interface_to_korean(app, desktop, chromium):
    open_reader(desktop, app.url)
    side = desktop.locator("button.dari-view[data-view=side]")
    assert side.inner_text() == "Side by side"
    desktop.locator('[data-testid="stSidebar"] label').filter(has_text="한국어").click()
    desktop.wait_for_function("() => document.querySelector('button.dari-view[data-view=side]').textContent === '나란히'")
    assert desktop.locator("button.dari-view[data-view=stacked]").inner_text() == "위아래"
    assert desktop.locator("button.dari-toggle[data-toggle=study]").inner_text() == "학습"
    # The document itself does not change language, only the interface.
    assert "일론 머스크가 결국 트위터를 가졌는데" in desktop.locator("section#dari-p-1 .dari-ko").inner_text()
    # The URL reopens the Korean interface, even in a browser that prefers English.
    desktop.wait_for_function("() => new URLSearchParams(location.search).has('ui')")
    again, context = _reopened(chromium, desktop)
    try:
        assert again.locator("button.dari-view[data-view=side]").inner_text() == "나란히"
    finally:
        context.close()


def test_a_ui_link_stays_in_the_url(app, desktop, chromium):
    """Regression: a widget bound to ?ui= writes its label (ui=한국어), so the documented
    ?ui=ko was invalid to it and dropped from the URL on the first run."""
    open_reader(desktop, app.url, ui="ko")
    assert desktop.locator("button.dari-view[data-view=side]").inner_text() == "나란히"
    desktop.locator("button.dari-view[data-view=stacked]").click()
    wait_for_param(desktop, "view", "stacked")
    assert param(desktop, "ui") == "ko"


def test_a_korean_browser_gets_the_korean_interface(app, chromium):
    context = chromium.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    try:
        page = open_reader(context.new_page(), app.url)
        assert page.locator("button.dari-view[data-view=side]").inner_text() == "나란히"
    finally:
        context.close()


def test_a_deep_link_restores_the_view_and_scrolls_to_the_paragraph(app, screen):
    # On a phone the sticky toolbar wraps to two lines (89 px); it once covered the
    # linked paragraph's first line.
    open_reader(screen, app.url, view="stacked", p="12")
    root = screen.locator(ROOT_SEL)
    assert "dari-view-stacked" in root.get_attribute("class")
    target = "section#dari-p-12 > .dari-ko"
    screen.wait_for_function(
        """(sel) => { const b = document.querySelector(sel).getBoundingClientRect();
                      return b.top >= 0 && b.top < window.innerHeight; }""", arg=target, timeout=10_000)
    assert param(screen, "p") == "12"
    # The reader settles its scroll once the toolbar's height is known (and again if a rerun
    # adds a notice above it): wait for the settled state rather than sample one instant.
    deadline = time.monotonic() + 5
    while not uncovered_at(screen, target) and time.monotonic() < deadline:
        screen.wait_for_timeout(100)
    assert uncovered_at(screen, target), "the linked paragraph's first line is hidden under something: " + str(
        screen.evaluate("""(sel) => { const b = document.querySelector(sel).getBoundingClientRect();
            const hit = document.elementFromPoint(b.left + 4, b.top + 6);
            return [b.top, b.left, hit && hit.outerHTML.slice(0, 160), window.innerHeight]; }""", target))
