"""URL parameters and the page payload, without Streamlit."""

from __future__ import annotations

from collections import defaultdict

import pytest

from dari.library.catalog import read_catalog, translations
from dari.library.content import load_document
from dari.models import DocumentAnalysis
from dari.reading import Matchers, Settings, build_page, page_count, parse_settings

DOCS = ["musk-twitter-ai", "tiny"]


@pytest.mark.parametrize(
    ("query", "expected", "rejected"),
    [
        ({}, Settings(doc="musk-twitter-ai"), None),
        ({"doc": "tiny", "view": "stacked", "ui": "ko"}, Settings(doc="tiny", view="stacked", ui="ko"), None),
        ({"view": "en", "study": "1", "roman": "true", "marks": "0"},
         Settings(doc="musk-twitter-ai", view="en", study=True, roman=True, marks=False), None),
        ({"view": "sideways", "ui": "fr"}, Settings(doc="musk-twitter-ai"), None),
        ({"doc": "../../etc/passwd"}, Settings(doc="musk-twitter-ai"), "../../etc/passwd"),
        ({"doc": "nope"}, Settings(doc="musk-twitter-ai"), "nope"),
        ({"p": "5"}, Settings(doc="musk-twitter-ai", p=5, page=1), None),
        ({"p": "85"}, Settings(doc="musk-twitter-ai", p=85, page=3), None),
        ({"p": "-3", "page": "x"}, Settings(doc="musk-twitter-ai"), None),
        ({"term": "에코챔버"}, Settings(doc="musk-twitter-ai", term="에코챔버"), None),
    ],
    ids=["defaults", "doc-view-ui", "toggles", "bad-values-fall-back", "traversal", "unknown-doc",
         "paragraph", "paragraph-on-page-3", "bad-numbers", "term"],
)
def test_parse_settings(query, expected, rejected):
    assert parse_settings(query, DOCS) == (expected, rejected)


def test_browser_language_is_the_default_interface():
    assert parse_settings({}, DOCS, default_ui="ko")[0].ui == "ko"
    assert parse_settings({"ui": "en"}, DOCS, default_ui="ko")[0].ui == "en"


def test_page_payload_for_the_fixture(library):
    doc = load_document(library / "content", "tiny")
    table = translations(read_catalog(library / "locales/en/LC_MESSAGES/tiny.po"))
    strings = {"segment.untranslated": "[untranslated]"}
    payload = build_page(doc, table, DocumentAnalysis(), Matchers(), {}, Settings(doc="tiny"),
                         defaultdict(str, strings))
    html = payload["html"]
    assert payload["pages"] == 1 and payload["terms"] == {} and payload["words"] == []
    assert html.count('class="dari-block') == 3
    assert "A small document" in html and "An echo chamber is a reverberation room." in html
    assert "[untranslated]" in html  # 마지막 문장. has no English
    assert 'id="dari-p-3"' in html
    assert page_count(doc) == 1
