"""Hostile text runs nothing: a library (tests/e2e/data/hostile) whose Korean, English, title,
source, translator notes, glossary notes and word analysis are script, event-handler and
javascript: payloads. In Chromium nothing runs (no dialog, no console message, the
``window.__pwned`` flag never set) and every payload reads as the text it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from libraries import copy_library
from live_app import LiveApp
from reader_page import open_reader, wait_for_param

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
IMG_ALERT = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">x</a>'
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"


@pytest.fixture(scope="session")
def hostile_app(chromium_path, tmp_path_factory):
    library = copy_library(HOSTILE, tmp_path_factory.mktemp("hostile"))
    with LiveApp(content_dir=library / "content", locales_dir=library / "locales") as live:
        yield live


def assert_nothing_ran(page) -> None:
    """No payload became markup or ran: checked in the DOM and in what the page reported."""
    found = page.evaluate("""() => ({
        pwned: window.__pwned === undefined ? null : String(window.__pwned),
        images: Array.from(document.querySelectorAll('img')).map((i) => i.getAttribute('src'))
                  .filter((s) => s === 'x'),
        handlers: Array.from(document.querySelectorAll('[onerror], [onload], [onclick]')).map((n) => n.outerHTML),
        jsLinks: Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href'))
                  .filter((h) => /^\\s*javascript:/i.test(h)),
        scripts: Array.from(document.querySelectorAll('script')).map((s) => s.textContent)
                  .filter((t) => t.includes('alert(1)')),
    })""")
    assert found == {"pwned": None, "images": [], "handlers": [], "jsLinks": [], "scripts": []}
    errors = page.errors
    assert errors.dialogs == []
    assert errors.page_errors == []
    assert [m for m in errors.console_all if "alert" in m or "pwned" in m] == []


def test_hostile_text_shows_as_text_and_runs_nothing(hostile_app, desktop):
    open_reader(desktop, hostile_app.url, roman="1")
    root = desktop.locator("div.dari-root")
    text = root.inner_text()
    for payload in (SCRIPT, IMG, LINK, IMG_ALERT):
        assert payload in text, f"{payload!r} is not shown as text"
    assert f"해커의 문서 {SCRIPT}" in desktop.locator(".dari-title .dari-ko").inner_text()
    assert f"The hacker's document {SCRIPT}" in desktop.locator(".dari-title .dari-en").inner_text()
    assert IMG in desktop.locator(".dari-source").inner_text() and LINK in desktop.locator(".dari-source").inner_text()
    assert f"제목 {IMG_ALERT}" in desktop.locator("section#dari-p-2 .dari-ko").inner_text()
    assert """The last sentence is & "quotes" 'quote'.""" in desktop.locator("section#dari-p-3 .dari-en").inner_text()
    # The sentence romanization (roman=1) comes from the analysis file.
    assert f"haekeoga {SCRIPT} {IMG}" in desktop.locator(".dari-rom").first.inner_text()
    assert_nothing_ran(desktop)


def test_hostile_notes_in_tooltips_and_cards_are_text(hostile_app, desktop):
    open_reader(desktop, hostile_app.url)
    tip = desktop.locator("div.dari-tip")

    desktop.locator("section#dari-p-1 .dari-en button.dari-note").first.hover()
    assert tip.is_visible() and tip.inner_text() == f"{SCRIPT} in a translator note"
    desktop.locator("section#dari-p-1 .dari-en button.dari-note").nth(1).hover()
    assert tip.inner_text() == f"{IMG} {LINK}"

    desktop.locator('.dari-en .dari-term[data-term="해커"]').first.hover()
    assert tip.is_visible()
    assert SCRIPT in tip.inner_text() and IMG in tip.inner_text() and LINK in tip.inner_text()

    # A term card: note, romanization and English equivalents, all as text.
    desktop.locator('.dari-en .dari-term[data-term="그림"]').first.click()
    card = desktop.locator("aside.dari-card")
    assert card.get_attribute("data-kind") == "term"
    assert IMG_ALERT in card.inner_text()
    assert f"{IMG}; picture" in card.inner_text()
    wait_for_param(desktop, "term", "그림")  # the term's rerun has landed (see test_lookups' card race)
    desktop.locator('.dari-en .dari-term[data-term="해커"]').first.click()
    assert f"haekeo {IMG}" in card.inner_text()
    wait_for_param(desktop, "term", "해커")  # as above

    # A word card from the hostile analysis: lemma, part of speech, romanization, morphemes.
    desktop.locator(".dari-ko .dari-w").first.click()
    assert card.get_attribute("data-kind") == "word"
    rows = dict(zip(card.locator(":scope > .dari-card-row > .dari-card-label").all_inner_texts(),
                    card.locator(":scope > .dari-card-row > .dari-card-value").all_inner_texts(), strict=True))
    assert rows["Dictionary form"] == IMG
    assert rows["Part of speech"] == SCRIPT
    assert rows["Romanization"] == LINK
    assert card.locator(".dari-morph-form").first.inner_text() == SCRIPT
    for href in card.locator("a").evaluate_all("(as) => as.map((a) => a.getAttribute('href'))"):
        assert href.startswith(("https://", "#")), href
    desktop.wait_for_timeout(300)  # let the word's rerun (the sidebar list) land
    assert_nothing_ran(desktop)


def test_hostile_sidebar_labels_are_text(hostile_app, desktop):
    open_reader(desktop, hostile_app.url)
    sidebar = desktop.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("해커의 문서", exact=False).first.wait_for()
    text = sidebar.inner_text()
    assert "해커의 문서" in text and "alert(1)" in text
    # The glossary list (in the reader's panel) shows each entry's first English equivalent, as text.
    desktop.locator("button.dari-gloss-open").click()
    item = desktop.locator('button.dari-gloss-item[data-term="그림"]')
    assert item.locator(".dari-gloss-en").text_content() == IMG
    assert item.locator("img").count() == 0
    item.click()
    assert IMG in desktop.locator("aside.dari-card").text_content()
    assert_nothing_ran(desktop)


@pytest.mark.parametrize("name, value, shown", [
    ("doc", SCRIPT, SCRIPT),
    ("doc", IMG, IMG),
    ("term", IMG, IMG),
    ("term", LINK, LINK),
])
def test_hostile_url_parameters_are_quoted_as_text(hostile_app, desktop, name, value, shown):
    open_reader(desktop, hostile_app.url, **{name: value})
    message = desktop.locator(".dari-msg")
    message.first.wait_for()
    assert shown in message.first.inner_text()
    assert_nothing_ran(desktop)
