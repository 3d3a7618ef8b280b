"""What a test does with the reading page: open it, wait for the server, read boxes and errors.

Selectors follow the DOM contract of dari/ui/reader.js and dari/render.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

BLOCK = ".dari-root section.dari-block"
LOAD_TIMEOUT = 30_000  # ms; a cold server's first page takes 2-4 s here


def open_reader(page, base_url: str, **params: str):
    """Go to the reader with these query parameters and wait for its first block."""
    query = urlencode(params)
    page.goto(base_url + (f"?{query}" if query else ""))
    page.locator(BLOCK).first.wait_for(state="visible", timeout=LOAD_TIMEOUT)
    return page


def wait_for_param(page, name: str, value: str | None, timeout: float = 15_000) -> None:
    """Wait until the URL's query parameter ``name`` is ``value`` (None: absent), that is
    until the server has run with what the browser reported."""
    page.wait_for_function(
        "([n, v]) => new URLSearchParams(location.search).get(n) === v", arg=[name, value], timeout=timeout
    )


IDLE_JS = """
(quietMs) => new Promise((resolve) => {
  const app = document.querySelector('[data-test-script-state]');
  let since = performance.now();
  const tick = () => {
    if (app.getAttribute('data-test-script-state') !== 'notRunning') since = performance.now();
    if (performance.now() - since >= quietMs) return resolve(true);
    requestAnimationFrame(tick);
  };
  tick();
})
"""


def wait_for_idle(page, quiet_ms: int = 200) -> None:
    """Wait until Streamlit has run no script for ``quiet_ms``: every rerun the last action
    caused (a term click causes two) has reached the page."""
    page.evaluate(IDLE_JS, quiet_ms)


def param(page, name: str) -> str | None:
    return page.evaluate("(n) => new URLSearchParams(location.search).get(n)", name)


def box(locator) -> dict:
    """The element's box in CSS pixels relative to the viewport."""
    b = locator.bounding_box()
    assert b is not None, f"{locator} is not rendered"
    return b


# The layout of every block in one round trip: [number, kind, ko box, en box] with boxes
# as [top, left, bottom, right] relative to the viewport.
BLOCK_BOXES_JS = """
() => Array.from(document.querySelectorAll('.dari-root section.dari-block')).map((s) => {
  const r = (e) => { const b = e.getBoundingClientRect(); return [b.top, b.left, b.bottom, b.right]; };
  return [Number(s.dataset.block), s.classList.contains('dari-heading') ? 'heading' : 'para',
          r(s.querySelector(':scope > .dari-ko')), r(s.querySelector(':scope > .dari-en'))];
})
"""


def block_boxes(page) -> list[tuple[int, str, list[float], list[float]]]:
    return [tuple(b) for b in page.evaluate(BLOCK_BOXES_JS)]


def uncovered_at(page, selector: str) -> bool:
    """Whether the first line of ``selector`` is what the reader sees there: the element
    at a point just inside its top-left corner belongs to it (not to a sticky toolbar)."""
    return page.evaluate(
        """(sel) => {
          const e = document.querySelector(sel);
          const b = e.getBoundingClientRect();
          if (b.top < 0 || b.top >= window.innerHeight) return false;
          const hit = document.elementFromPoint(b.left + 4, b.top + 6);
          return !!hit && e.contains(hit);
        }""",
        selector,
    )


@dataclass
class PageErrors:
    """Everything that went wrong in a page: uncaught exceptions, console errors,
    dialogs (alert/confirm/prompt, dismissed at once), and Streamlit's exception boxes."""

    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    console_all: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @classmethod
    def watch(cls, page) -> PageErrors:
        errors = cls()
        page.on("pageerror", lambda e: errors.page_errors.append(str(e)))
        page.on("console", errors._console)
        page.on("dialog", errors._dialog)
        return errors

    def _console(self, message) -> None:
        self.console_all.append(f"{message.type}: {message.text}")
        if message.type == "error":
            self.console_errors.append(message.text)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def all(self, page=None) -> list[str]:
        shown = []
        if page is not None:
            shown = [f"streamlit exception: {t}" for t in page.locator('[data-testid="stException"]').all_inner_texts()]
        return ([f"page error: {e}" for e in self.page_errors] + [f"console error: {e}" for e in self.console_errors]
                + [f"dialog: {d}" for d in self.dialogs] + shown)


# ---- accessibility and phone helpers (tests/e2e/test_accessibility.py, test_phone.py, ...) ----

LANDSCAPE = {"width": 844, "height": 390}
SERIOUS = ("serious", "critical")


def axe_violations(page, impacts=SERIOUS) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line per
    offending node: ``rule (impact) target: message``."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    lines = []
    for v in results.response["violations"]:
        if v["impact"] not in impacts:
            continue
        for node in v["nodes"]:
            checks = (node.get("any") or []) + (node.get("all") or []) + (node.get("none") or [])
            message = checks[0]["message"] if checks else v["help"]
            lines.append(f"{v['id']} ({v['impact']}) {', '.join(map(str, node['target']))}: {message}")
    return lines


def scroll_main(page, y: float) -> None:
    """Scroll Streamlit's main area (the page's scroller, not the window) to ``y``."""
    page.evaluate("(y) => { document.querySelector('[data-testid=stMain]').scrollTop = y; }", y)


def main_scroll_top(page) -> float:
    return page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop")


def top_element_is(page, selector: str) -> bool:
    """Whether the element the reader sees at the centre of ``selector`` belongs to it
    (nothing, e.g. Streamlit's header, covers it)."""
    return page.evaluate(
        """(sel) => { const e = document.querySelector(sel); const b = e.getBoundingClientRect();
                      const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
                      return !!hit && e.contains(hit); }""", selector)


def new_page(chromium, viewport, **options):
    """A fresh page of this size in its own context; phones (narrow or short) get touch."""
    phone = viewport["width"] < 900 or viewport["height"] < 500
    defaults = {"locale": "en-US", "has_touch": phone, "is_mobile": phone}
    context = chromium.new_context(viewport=viewport, **(defaults | options))
    page = context.new_page()
    page.errors = PageErrors.watch(page)
    return page


def close_page(page) -> None:
    problems = page.errors.all(page)
    page.context.close()
    assert not problems, "the page reported errors:\n" + "\n".join(problems)
