"""The learner's memory across real servers: two Streamlit replicas on one PostgreSQL
database (what scaling out looks like), and a status change in Chromium."""

from __future__ import annotations

import pytest
from live_app import LiveApp
from reader_page import open_reader, wait_for_idle

pytestmark = pytest.mark.browser

PROFILE = "b-5eed5eed5eed5eed5eed5eed"
CARD = "aside.dari-card"


def _context_with_profile(chromium, profile: str):
    """A browser whose localStorage already holds this profile id (as on a second visit)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.add_init_script(f"window.localStorage.setItem('dari.profile', {profile!r});")
    return context


@pytest.fixture(scope="module")
def replicas(chromium_path, postgres_url):
    from learner_db import create_database

    url = create_database(postgres_url, "replicas")
    with LiveApp(env={"DARI_DATABASE_URL": url}) as one, LiveApp(env={"DARI_DATABASE_URL": url}) as two:
        yield one, two


def test_a_word_saved_through_one_server_is_seen_through_the_other(replicas, chromium):
    one, two = replicas
    assert one.port != two.port and one.process.pid != two.process.pid
    first = _context_with_profile(chromium, PROFILE)
    second = _context_with_profile(chromium, PROFILE)
    try:
        a = first.new_page()
        open_reader(a, one.url)
        wait_for_idle(a, 500)
        word = a.locator(".dari-ko .dari-w", has_text="썩었다").first
        word.click()
        a.locator(f"{CARD} button.dari-status-learning").click()
        wait_for_idle(a, 500)

        b = second.new_page()
        b.goto(two.url + "words")
        b.get_by_text("썩다 · verb · Learning").wait_for(state="visible", timeout=20_000)
        b.get_by_text("썩다 · verb · Learning").click()  # open the expander: the sentence came along
        b.locator("mark", has_text="썩었다").first.wait_for(state="visible", timeout=10_000)

        # And back: Known through the second server shows on the first server's page.
        open_reader(b, two.url, doc="musk-twitter-ai")
        wait_for_idle(b, 500)
        b.locator(".dari-ko .dari-w", has_text="썩었다").first.click()
        b.locator(f"{CARD} button.dari-status-known").click()
        wait_for_idle(b, 500)
        a.reload()
        a.locator(".dari-ko .dari-w", has_text="썩었다").first.wait_for(state="visible", timeout=30_000)
        a.wait_for_function(
            "() => [...document.querySelectorAll('.dari-ko .dari-w')].some("
            "n => n.textContent === '썩었다' && n.dataset.st === 'known')", timeout=20_000)
    finally:
        first.close()
        second.close()


def test_another_browser_sees_none_of_these_words(replicas, chromium):
    one, _ = replicas
    stranger = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        page = stranger.new_page()
        page.goto(one.url + "words")
        page.get_by_text("No saved words yet").wait_for(state="visible", timeout=20_000)
        assert page.get_by_text("썩다 · verb").count() == 0
        # Its own fresh profile id was made and kept.
        made = page.evaluate("() => localStorage.getItem('dari.profile')")
        assert made and made != PROFILE and made.startswith("b-")
    finally:
        stranger.close()


def test_review_answers_on_the_keyboard(app, chromium):
    """Space shows the answer and 3 grades it Good, through the keys component (review.js)."""
    context = _context_with_profile(chromium, "b-keyboard0keyboard0keyb")
    try:
        page = context.new_page()
        open_reader(page, app.url)
        page.locator(".dari-ko .dari-w", has_text="썩었다").first.click()
        page.locator(f"{CARD} button.dari-status-new").click()
        wait_for_idle(page, 500)
        page.locator('[data-testid="stSidebarNav"] a', has_text="Review").click()
        page.locator(".dari-review-ko mark", has_text="썩었다").wait_for(state="visible", timeout=15_000)
        page.keyboard.press("Space")
        page.locator(".dari-review-back").wait_for(state="visible", timeout=15_000)
        assert "past tense" in page.locator(".dari-review-back").inner_text()
        page.keyboard.press("3")
        # Good on a new card: the next learning step is 10 minutes away, inside the 20-minute
        # look-ahead, so the card is shown again, front side up.
        page.locator(".dari-review-back").wait_for(state="detached", timeout=15_000)
        page.get_by_role("button", name="Show answer").wait_for(state="visible", timeout=15_000)
        page.keyboard.press("Space")
        page.locator(".dari-review-back").wait_for(state="visible", timeout=15_000)
        page.keyboard.press("3")
        page.get_by_text("Nothing is due").wait_for(state="visible", timeout=15_000)
    finally:
        context.close()
