"""Meanings on the word card in Chromium: the meaning first, the English word it matches
lit up with the Korean word, the card without a meaning, and the card in Korean."""

from __future__ import annotations

import pytest
from reader_page import open_reader

pytestmark = pytest.mark.browser

CARD = "aside.dari-card"


def test_the_meaning_comes_first_and_its_english_word_lights_up(app, desktop):
    open_reader(desktop, app.url, view="side")
    word = desktop.locator(".dari-ko .dari-w", has_text="썩었다")
    word.click()
    card = desktop.locator(CARD)
    assert card.is_visible()
    # The meaning sits right under the word, before the dictionary form.
    first = card.locator(":scope > :nth-child(2)")
    assert "dari-card-meaning" in first.get_attribute("class")
    assert first.inner_text().startswith("to rot; to go bad")
    lit = desktop.locator(".dari-en .dari-echo")
    assert lit.all_inner_texts() == ["rotten"]
    assert "dari-echo" in word.get_attribute("class")
    # Another word moves the light; closing the card puts it out.
    desktop.locator(".dari-ko .dari-w", has_text="주주들을").click()
    assert "shareholders" in " ".join(desktop.locator(".dari-en .dari-echo").all_inner_texts())
    assert "rotten" not in desktop.locator(".dari-en .dari-echo").all_inner_texts()
    desktop.locator(f"{CARD} .dari-card-close").click()
    assert desktop.locator(".dari-echo").count() == 0


def test_a_word_without_a_meaning_says_so_and_keeps_its_links(app, desktop):
    open_reader(desktop, app.url, view="side")
    desktop.locator(".dari-ko .dari-w", has_text="1.6조").first.click()
    card = desktop.locator(CARD)
    assert "No meaning in Dari's lexicon yet." in card.inner_text()
    assert "lexicon.po" in card.locator(".dari-meaning-hint").inner_text()
    assert card.locator(".dari-links a").count() >= 1


def test_the_card_is_korean_with_the_interface_in_korean(app, desktop):
    open_reader(desktop, app.url, view="side", ui="ko")
    desktop.locator(".dari-ko .dari-w", has_text="썩었다").click()
    card = desktop.locator(CARD)
    text = card.inner_text()
    assert "동사" in text and "과거 시제 선어말 어미" in text
    assert "to rot" in card.locator(".dari-meaning").inner_text()
    assert "past tense" not in text
