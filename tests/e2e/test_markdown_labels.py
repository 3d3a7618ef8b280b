"""Markup in widget labels stays text (issue 8, item 3).

Streamlit renders widget labels and captions as Markdown. A user's text whose title,
glossary headword and English, and word analysis carry Markdown (bold, images, links,
colour directives, emoji shortcodes) must show all of it literally in Chromium, on every
page (Read with its library and glossary, Add's list of your texts, Translate, Words with
the saved word, Review): no element is made from it and no image or link URL is ever
fetched. A local HTTP server counts fetches of the URLs the payloads name.
"""

from __future__ import annotations

import http.server
import json
import threading

import pytest
from libraries import with_interface
from live_app import LiveApp, free_port
from reader_page import open_reader, wait_for_idle

pytestmark = pytest.mark.browser


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def trap():
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="module")
def marked_app(chromium_path, tmp_path_factory, trap):
    root = with_interface(tmp_path_factory.mktemp("marked"))  # the bundled side: interface and glossary
    (root / "content").mkdir()
    user = tmp_path_factory.mktemp("library")  # the user's library holds the text: every page lists it
    (user / "content").mkdir()
    title = f"**굵은 제목** ![i]({trap}/title.png) [링크]({trap}/link) :red[빨강] :smile:"
    (user / "content" / "marked.txt").write_text(
        f"title: {title}\nsource: ![s]({trap}/source.png)\n\n표시 단어다.\n", encoding="utf-8")
    segment = "표시 단어다."
    (user / "content" / "marked.analysis.json").write_text(json.dumps({
        "format": 1, "tools": {},
        "segments": {
            segment: {"romanization": "pyosi daneoda", "words": [
                {"start": 0, "end": 2, "lemma": f"**표시** ![w]({trap}/word.png)", "pos": "noun",
                 "romanization": f"[r]({trap}/rom)", "morphemes": [["표시", "NNG"]]},
            ]},
            title: {"romanization": "", "words": []},
        },
    }, ensure_ascii=False), encoding="utf-8")
    glossary = root / "locales" / "en" / "LC_MESSAGES" / "glossary.po"
    glossary.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f"# A note with ![n]({trap}/note.png)\n#. category: technical\n#. romanization: pyosi\n"
        f'msgctxt "glossary"\nmsgid "표시"\nmsgstr "**mark** ![g]({trap}/gloss.png)"\n', encoding="utf-8")
    env = {"DARI_LIBRARY": str(user), "DARI_DATA": str(tmp_path_factory.mktemp("data"))}
    with LiveApp(content_dir=root / "content", locales_dir=root / "locales", env=env) as live:
        yield live


def _page_markup(page, trap: str) -> dict:
    """Images, links and bold text made from the payloads anywhere on the page, and its text."""
    return page.evaluate("""(trap) => ({
        images: Array.from(document.querySelectorAll('img')).map((i) => i.src).filter((s) => s.startsWith(trap)),
        links: Array.from(document.querySelectorAll('a[href]')).map((a) => a.href).filter((h) => h.startsWith(trap)),
        bold: Array.from(document.querySelectorAll('[data-testid="stMain"] strong, [data-testid="stSidebar"] strong'))
              .map((b) => b.textContent).filter((t) => /제목|mark|표시/.test(t)),
        text: document.body.innerText.replaceAll('\\u2060', ''),
    })""", trap)


def _sidebar_markup(page, trap: str) -> dict:
    return page.evaluate("""(trap) => {
        const side = document.querySelector('[data-testid="stSidebar"]');
        return {
            images: Array.from(document.querySelectorAll('img')).map((i) => i.src).filter((s) => s.startsWith(trap)),
            links: Array.from(document.querySelectorAll('a[href]')).map((a) => a.href).filter((h) => h.startsWith(trap)),
            bold: Array.from(side.querySelectorAll('strong, b')).map((b) => b.textContent)
                  .filter((t) => /제목|mark|표시/.test(t)),
            // literal() puts a word joiner after each colon (it stops GFM autolinks and
            // :shortcodes:); it is invisible, so compare without it
            text: side.innerText.replaceAll('\u2060', ''),
        };
    }""", trap)


def test_titles_glossary_and_word_list_show_markdown_as_text(marked_app, desktop, trap):
    requests: list[str] = []
    desktop.on("request", lambda r: requests.append(r.url))
    open_reader(desktop, marked_app.url, doc="marked")
    wait_for_idle(desktop)
    found = _sidebar_markup(desktop, trap)
    assert found["images"] == [] and found["links"] == [] and found["bold"] == []
    assert "**굵은 제목**" in found["text"] and f"![i]({trap}/title.png)" in found["text"]
    assert ":red[빨강]" in found["text"] and ":smile:" in found["text"]
    desktop.locator("button.dari-gloss-open").click()  # the glossary panel, in the reader
    desktop.locator("section.dari-gloss button.dari-gloss-item").first.wait_for(state="visible", timeout=10_000)
    found = _page_markup(desktop, trap)
    assert f"**mark** ![g]({trap}/gloss.png)" in found["text"]
    assert found["images"] == [] and found["links"] == [] and found["bold"] == []
    desktop.keyboard.press("Escape")

    desktop.locator(".dari-ko .dari-w").first.click()  # a word: saved from its card, it goes to the Words page
    desktop.locator("aside.dari-card button.dari-status-learning").click()
    wait_for_idle(desktop, 500)
    # Through the sidebar's navigation, as a reader goes (a typed /words URL makes Streamlit
    # probe /words/_stcore/..., which 404s in the console).
    for name, shows in (("Words", "**표시** ![w]"), ("Add a text", "**굵은 제목**"), ("Translate", "**굵은 제목**"),
                        ("Review", None)):
        desktop.locator('[data-testid="stSidebarNav"] a', has_text=name).first.click()
        desktop.wait_for_function("(n) => decodeURIComponent(location.pathname).length > 1", arg=name, timeout=15_000)
        wait_for_idle(desktop, 800)
        path = name
        found = _page_markup(desktop, trap)
        assert found["images"] == [] and found["links"] == [] and found["bold"] == [], (path, found)
        if shows:
            assert shows in found["text"], (path, found["text"][:500])
    assert [u for u in requests if u.startswith(trap)] == []
    assert _Counter.hits == []
