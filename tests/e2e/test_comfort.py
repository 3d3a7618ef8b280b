"""Reading comfort in Chromium: the dark theme (following the system, switchable,
remembered), text size, English headings, pages, paragraph links, study mode's hide
again / reveal all / hide all, the English-only view, read-aloud speed and paragraphs,
and a source line without file paths."""

from __future__ import annotations

import pytest
from libraries import repeat_article
from live_app import DESKTOP, PHONE, LiveApp
from reader_page import close_page, new_page, open_reader, param, scroll_main, wait_for_idle

pytestmark = pytest.mark.browser

SIZES = {"desktop": DESKTOP, "phone": PHONE}
TRANSPARENT = "rgba(0, 0, 0, 0)"


def _bg(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("(n) => getComputedStyle(n).backgroundColor")


def _color(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("(n) => getComputedStyle(n).color")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_theme_follows_the_system_and_a_switch_is_remembered(app, chromium, size):
    page = new_page(chromium, SIZES[size], color_scheme="dark")
    try:
        open_reader(page, app.url)
        assert "dari-dark" in page.locator(".dari-host").get_attribute("class")
        assert _bg(page, "div.dari-root") == "rgb(14, 17, 23)"
        assert _bg(page, ".stApp") == "rgb(14, 17, 23)"  # Streamlit follows the system too (config.toml)
        theme = page.locator("button.dari-theme")
        assert "Auto" in theme.inner_text()
        theme.click()  # auto -> dark (the same here)
        theme.click()  # dark -> light, against the system
        assert "Light" in theme.inner_text()
        assert "dari-dark" not in page.locator(".dari-host").get_attribute("class")
        assert _bg(page, "div.dari-root") == "rgb(255, 255, 255)"
        assert _bg(page, ".stApp") == "rgb(255, 255, 255)"  # the page around the reader follows the switch
        page.reload()
        page.locator("section.dari-block").first.wait_for()
        assert "Light" in page.locator("button.dari-theme").inner_text()
        assert "dari-dark" not in page.locator(".dari-host").get_attribute("class")
    finally:
        close_page(page)
    light = new_page(chromium, SIZES[size], color_scheme="light")
    try:
        open_reader(light, app.url)
        assert "dari-dark" not in light.locator(".dari-host").get_attribute("class")
        light.locator("button.dari-theme").click()  # auto -> dark
        assert "dari-dark" in light.locator(".dari-host").get_attribute("class")
        assert _bg(light, ".stApp") == "rgb(14, 17, 23)"
    finally:
        close_page(light)


def _font_px(page) -> float:
    return page.locator("section#dari-p-1 > p.dari-ko").evaluate("(n) => parseFloat(getComputedStyle(n).fontSize)")


def test_text_size_has_steps_and_is_remembered(app, screen):
    open_reader(screen, app.url)
    sizes = [_font_px(screen)]
    bigger = screen.locator("button.dari-size[data-size='1']")
    smaller = screen.locator("button.dari-size[data-size='-1']")
    while bigger.is_enabled():
        bigger.click()
        sizes.append(_font_px(screen))
    while smaller.is_enabled():
        smaller.click()
        sizes.append(_font_px(screen))
    distinct = sorted(set(sizes))
    assert len(distinct) >= 3, sizes
    bigger.click()
    bigger.click()
    chosen = _font_px(screen)
    screen.reload()
    screen.locator("section.dari-block").first.wait_for()
    assert _font_px(screen) == chosen


def test_english_headings_are_not_grey_in_the_english_view(app, desktop):
    open_reader(desktop, app.url, view="en")
    assert _color(desktop, ".dari-heading > h2.dari-en") == _color(desktop, ".dari-para > p.dari-en")
    open_reader(desktop, app.url, view="side")
    assert _color(desktop, ".dari-heading > h2.dari-en") != _color(desktop, ".dari-para > p.dari-en")


def test_the_paragraph_link_carries_the_whole_reading_url(app, screen, chromium):
    open_reader(screen, app.url, view="stacked", study="1")
    href = screen.locator("section#dari-p-5 a.dari-plink").get_attribute("href")
    assert href.startswith("http://") and "doc=musk-twitter-ai" in href
    assert "view=stacked" in href and "study=1" in href and "p=5" in href
    screen.locator("button.dari-toggle[data-toggle=roman]").click()
    assert "roman=1" in screen.locator("section#dari-p-5 a.dari-plink").get_attribute("href")
    context = chromium.new_context(viewport=screen.viewport_size, locale="en-US")
    try:
        again = context.new_page()
        open_reader(again, screen.locator("section#dari-p-5 a.dari-plink").get_attribute("href"))
        root = again.locator("div.dari-root").get_attribute("class")
        assert "dari-view-stacked" in root and "dari-study" in root and "dari-roman-on" in root
        again.wait_for_function("""() => { const b = document.querySelector('#dari-p-5').getBoundingClientRect();
            return b.top >= 0 && b.top < window.innerHeight; }""", timeout=10_000)
    finally:
        context.close()


def _revealed(page) -> set[str]:
    return set(page.evaluate(
        "() => Array.from(document.querySelectorAll('.dari-en .dari-seg.dari-revealed')).map((n) => n.dataset.seg)"))


def test_study_mode_hides_again_and_reveals_or_hides_all(app, screen):
    open_reader(screen, app.url, view="stacked", study="1")
    seg = screen.locator('.dari-en .dari-seg[data-seg="1.2"]')
    seg.click()
    assert "1.2" in _revealed(screen)
    seg.click()
    assert "1.2" not in _revealed(screen) and _color(screen, '.dari-en .dari-seg[data-seg="1.2"]') == TRANSPARENT
    button = screen.locator("section#dari-p-3 button.dari-reveal")
    button.click()
    assert button.inner_text() == "Hide English" and button.get_attribute("aria-pressed") == "true"
    button.click()
    assert button.inner_text() == "Show English" and not any(s.startswith("3.") for s in _revealed(screen))
    screen.locator("button.dari-reveal-all").scroll_into_view_if_needed()
    screen.locator("button.dari-reveal-all").click()
    everything = _revealed(screen)
    assert len(everything) == screen.locator(".dari-body .dari-en .dari-seg:not(.dari-missing)").count() > 50
    wait_for_idle(screen, 300)
    screen.locator("button.dari-hide-all").click()
    assert _revealed(screen) == set()
    wait_for_idle(screen, 300)
    assert _revealed(screen) == set()  # the server's echo did not bring them back


def test_study_is_off_and_explained_in_the_english_view(app, desktop):
    open_reader(desktop, app.url, view="en", study="1")
    button = desktop.locator("button.dari-toggle[data-toggle=study]")
    assert button.is_disabled()
    explained = desktop.locator("#" + button.get_attribute("aria-describedby")).text_content()
    assert "English-only" in explained
    assert _color(desktop, '.dari-en .dari-seg[data-seg="1.1"]') != TRANSPARENT
    desktop.locator("button.dari-view[data-view=side]").click()
    assert button.is_enabled()
    assert _color(desktop, '.dari-en .dari-seg[data-seg="1.1"]') == TRANSPARENT  # study is still on


FAKE_SPEECH = """(() => {
  const voices = [{lang: 'ko-KR', name: 'Fake Korean'}, {lang: 'en-US', name: 'Fake English'}];
  window.__spoken = [];
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.rate = 1; } };
  const synth = { getVoices: () => voices, addEventListener() {},
    speak: (u) => { window.__spoken.push([u.text, u.rate, u.lang]); if (u.onstart) u.onstart(); },
    cancel: () => { window.__spoken = []; } };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
})()"""


def test_read_aloud_has_a_speed_and_plays_a_whole_paragraph(app, chromium):
    for viewport in (DESKTOP, PHONE):
        page = new_page(chromium, viewport)
        page.context.add_init_script(FAKE_SPEECH)
        try:
            open_reader(page, app.url, view="stacked")
            rate = page.locator("select.dari-rate")
            assert rate.is_visible()
            assert [o for o in rate.locator("option").all_inner_texts()][:2] == ["0.75×", "1×"]
            rate.select_option("0.75")
            play = page.locator("section#dari-p-1 button.dari-play")
            play.scroll_into_view_if_needed()
            play.click()
            spoken = page.evaluate("window.__spoken")
            korean = page.locator("section#dari-p-1 .dari-ko .dari-seg .dari-txt").all_text_contents()
            assert [s[0] for s in spoken] == korean and len(korean) == 5
            assert {s[1] for s in spoken} == {0.75} and {s[2] for s in spoken} == {"ko-KR"}
            # The choice is remembered; one sentence's button reads that sentence alone.
            page.reload()
            page.locator("section.dari-block").first.wait_for()
            assert page.locator("select.dari-rate").input_value() == "0.75"
            page.locator('.dari-ko .dari-seg[data-seg="2.1"]').hover()
            page.locator('.dari-ko .dari-seg[data-seg="2.1"] button.dari-say').click()
            assert page.evaluate("window.__spoken") == [[korean_2_1(page), 0.75, "ko-KR"]]
        finally:
            close_page(page)


def korean_2_1(page) -> str:
    return page.locator('.dari-ko .dari-seg[data-seg="2.1"] .dari-txt').text_content()


def test_the_source_line_shows_no_file_path(app, desktop):
    open_reader(desktop, app.url)
    source = desktop.locator(".dari-source").inner_text()
    assert "Korean blog post" in source and "Dari editors" in source
    assert "shared/" not in source and ".txt" not in source and "/" not in source


@pytest.fixture(scope="module")
def long_app(chromium_path, tmp_path_factory):
    library = repeat_article(tmp_path_factory.mktemp("long-comfort"), 3)
    with LiveApp(content_dir=library / "content", locales_dir=library / "locales") as live:
        yield live


def test_a_new_page_starts_at_its_first_paragraph_with_previous_and_next(long_app, screen):
    open_reader(screen, long_app.url)
    pager = screen.locator(".dari-pager").last
    assert pager.locator("button.dari-prev").count() == 0
    pager.scroll_into_view_if_needed()
    pager.locator("button.dari-next").click()
    screen.wait_for_function("() => document.querySelector('section.dari-block').id === 'dari-p-41'")
    screen.wait_for_function("""() => { const b = document.querySelector('#dari-p-41').getBoundingClientRect();
        return b.top >= 0 && b.top < window.innerHeight / 2; }""", timeout=10_000)
    assert param(screen, "page") == "2" or screen.evaluate("location.search").find("page=2") >= 0
    pager = screen.locator(".dari-pager").first
    assert pager.locator("button.dari-next").count() == 0
    scroll_main(screen, 99999)
    screen.locator(".dari-pager").last.locator("button.dari-prev").click()
    screen.wait_for_function("() => document.querySelector('section.dari-block').id === 'dari-p-1'")
    screen.wait_for_function("""() => { const b = document.querySelector('#dari-p-1').getBoundingClientRect();
        return b.top >= 0 && b.top < window.innerHeight / 2; }""", timeout=10_000)
