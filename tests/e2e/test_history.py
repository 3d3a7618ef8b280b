"""Back and Forward in Chromium: every change of view, toggle or page is one history entry
that Back undoes and Forward redoes; nothing else (the server's echo, a phone's default
view) adds entries that Back could not undo."""

from __future__ import annotations

import pytest
from libraries import repeat_article
from live_app import LiveApp
from reader_page import open_reader, param, wait_for_idle, wait_for_param

pytestmark = pytest.mark.browser

ROOT = "div.dari-root"


def _length(page) -> int:
    return page.evaluate("history.length")


def _classes(page) -> str:
    return page.locator(ROOT).get_attribute("class")


def _settle(page) -> None:
    wait_for_idle(page, 400)


def test_back_and_forward_undo_and_redo_views_and_toggles(app, screen):
    open_reader(screen, app.url)  # a phone turns to stacked here, without an entry
    _settle(screen)
    first_view = screen.locator(ROOT).get_attribute("data-view")
    start = _length(screen)
    screen.locator("button.dari-view[data-view=ko]").click()
    wait_for_param(screen, "view", "ko")
    _settle(screen)
    screen.locator("button.dari-toggle[data-toggle=study]").click()
    wait_for_param(screen, "study", "1")
    _settle(screen)
    screen.locator("button.dari-toggle[data-toggle=roman]").click()
    wait_for_param(screen, "roman", "1")
    _settle(screen)
    # One entry per change: the server writing the same URL a moment later adds none.
    assert _length(screen) == start + 3

    screen.go_back()
    wait_for_param(screen, "roman", None)
    _settle(screen)
    assert "dari-roman-on" not in _classes(screen) and "dari-study" in _classes(screen)
    screen.go_back()
    wait_for_param(screen, "study", None)
    _settle(screen)
    assert "dari-study" not in _classes(screen) and "dari-view-ko" in _classes(screen)
    screen.go_back()
    _settle(screen)
    assert f"dari-view-{first_view}" in _classes(screen)
    assert screen.locator(f"button.dari-view[data-view={first_view}]").get_attribute("aria-pressed") == "true"
    # The server's history rerun did not put the newer state back.
    screen.wait_for_timeout(500)
    assert param(screen, "view") != "ko" and param(screen, "study") is None
    assert f"dari-view-{first_view}" in _classes(screen)

    screen.go_forward()
    wait_for_param(screen, "view", "ko")
    screen.go_forward()
    wait_for_param(screen, "study", "1")
    _settle(screen)
    assert "dari-view-ko" in _classes(screen) and "dari-study" in _classes(screen)
    assert _length(screen) == start + 3  # Back and Forward made no entries either

    # A change after Back replaces the forward entries, as anywhere on the web.
    screen.locator("button.dari-view[data-view=stacked]").click()
    wait_for_param(screen, "view", "stacked")
    _settle(screen)
    assert param(screen, "study") == "1" and param(screen, "roman") is None
    screen.go_back()
    wait_for_param(screen, "view", "ko")
    _settle(screen)
    assert "dari-view-ko" in _classes(screen)


def test_a_phone_reads_stacked_without_a_history_entry(app, phone):
    open_reader(phone, app.url)
    wait_for_param(phone, "view", "stacked")
    _settle(phone)
    # Back leaves the page (to the blank one the browser started on), rather than showing
    # side by side: the default was written with replaceState.
    phone.go_back()
    assert phone.url == "about:blank"


def test_back_closes_a_term_card_opened_since(app, desktop):
    open_reader(desktop, app.url)
    _settle(desktop)
    desktop.locator('.dari-en .dari-term[data-term="에코챔버"]').first.click()
    wait_for_param(desktop, "term", "에코챔버")
    _settle(desktop)
    card = desktop.locator("aside.dari-card")
    assert card.is_visible()
    desktop.go_back()
    wait_for_param(desktop, "term", None)
    assert card.is_hidden()
    desktop.go_forward()
    wait_for_param(desktop, "term", "에코챔버")
    card.wait_for(state="visible", timeout=5_000)


@pytest.fixture(scope="module")
def long_app(chromium_path, tmp_path_factory):
    library = repeat_article(tmp_path_factory.mktemp("long-history"), 3)
    with LiveApp(content_dir=library / "content", locales_dir=library / "locales") as live:
        yield live


def test_back_returns_to_the_previous_page_of_a_long_document(long_app, desktop):
    open_reader(desktop, long_app.url)
    _settle(desktop)
    start = _length(desktop)
    desktop.locator(".dari-pager").first.locator("button.dari-next").click()
    desktop.wait_for_function("() => document.querySelector('section.dari-block').id === 'dari-p-41'")
    wait_for_param(desktop, "page", "2")
    _settle(desktop)
    assert _length(desktop) == start + 1
    desktop.go_back()
    desktop.wait_for_function("() => document.querySelector('section.dari-block').id === 'dari-p-1'", timeout=15_000)
    assert param(desktop, "page") is None
    desktop.go_forward()
    desktop.wait_for_function("() => document.querySelector('section.dari-block').id === 'dari-p-41'", timeout=15_000)
