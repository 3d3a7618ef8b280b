"""Many readers at once on one server: each a browser context (its own Streamlit session)
that switches views, toggles study mode and reveals sentences for a while, keeping its
own account of what it did. Afterwards each page must show its own account (view, study,
URL) and no sentence it did not reveal itself: a session that saw another's state would
differ. Revealed sentences the page lost are counted apart: that is a race inside one
session (a stale rerun; test_reading.py::test_quick_reveals_are_all_kept), not a leak.

Runs on Playwright's async API so that the sessions really overlap; used by
tests/e2e/test_concurrency.py (short) and scripts/bench_concurrency.py (60 s).
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from dataclasses import dataclass, field

from live_app import DESKTOP, launch_chromium
from reader_page import BLOCK, LOAD_TIMEOUT
from timing import in_url, shown, timed_click_async

VIEWS = ("side", "stacked", "ko", "en")


@dataclass
class Reader:
    """One session's own account of what it did, and what it measured."""

    number: int
    view: str = "side"
    study: bool = False
    revealed: set[str] = field(default_factory=set)
    actions: int = 0
    load_s: float | None = None  # navigation -> first paragraph visible
    dom_ms: list[float] = field(default_factory=list)  # click -> the page shows it
    server_ms: list[float] = field(default_factory=list)  # click -> the server's rerun wrote the URL
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)  # state that is not what this reader did
    lost: list[str] = field(default_factory=list)  # sentences it revealed that the page no longer shows


def _param(view: str) -> str | None:
    return None if view == "side" else view


async def _act(page, reader: Reader, rng: random.Random) -> None:
    # Study mode is off, its button disabled, in the English-only view (reader.js studyOn).
    choices = ["view", "study"] if reader.view != "en" else ["view"]
    if reader.study and reader.view in ("side", "stacked"):
        choices += ["reveal", "reveal", "reveal_paragraph"]
    action = rng.choice(choices)
    if action == "view":
        view = rng.choice([v for v in VIEWS if v != reader.view])
        timed = await timed_click_async(page, f"button.dari-view[data-view={view}]",
                                        [shown(f"div.dari-root.dari-view-{view}"), in_url("view", _param(view))])
        reader.view = view
    elif action == "study":
        study = not reader.study
        root = "div.dari-root.dari-study" if study else "div.dari-root:not(.dari-study)"
        timed = await timed_click_async(page, "button.dari-toggle[data-toggle=study]",
                                        [shown(root), in_url("study", "1" if study else None)])
        reader.study = study
    else:
        hidden = await page.eval_on_selector_all(
            ".dari-block .dari-en .dari-seg:not(.dari-revealed):not(.dari-missing)",
            "(ns) => ns.map((n) => [n.dataset.seg, n.closest('section').classList.contains('dari-para')])")
        if not hidden:
            return
        seg, in_paragraph = rng.choice(hidden)
        if action == "reveal" or not in_paragraph:  # headings have no reveal button
            target = page.locator(f'.dari-en .dari-seg[data-seg="{seg}"]')
            ids = [seg]
        else:
            block = seg.split(".")[0]
            target = page.locator(f"section#dari-p-{block} button.dari-reveal")
            ids = await page.eval_on_selector_all(
                f"section#dari-p-{block} .dari-en .dari-seg", "(ns) => ns.map((n) => n.dataset.seg)")
        # A reveal changes no URL parameter: its server leg is not visible here.
        timed = await timed_click_async(page, target, [shown(f'.dari-en .dari-seg.dari-revealed[data-seg="{seg}"]')])
        reader.revealed.update(ids)
    reader.actions += 1
    if not timed.ok:
        reader.errors.append(f"{action}: the page never showed it ({timed.times})")
        return
    reader.dom_ms.append(timed.times[0])
    if len(timed.times) > 1:
        reader.server_ms.append(timed.times[1])


async def _check(page, reader: Reader) -> None:
    """Compare what the page shows (after one more server round trip, so the server's
    copy of the state is what the page applies) with the reader's own account."""
    # One more view switch and back: the server re-sends this session's state (its
    # revealed set included) and the component applies it over the local one.
    other = "stacked" if reader.view != "stacked" else "en"
    for view in (other, reader.view):
        await page.locator(f"button.dari-view[data-view={view}]").click()
        await page.wait_for_function("(v) => new URLSearchParams(location.search).get('view') === v",
                                     arg=_param(view), timeout=20_000)
    await page.wait_for_timeout(300)
    shown_state = await page.evaluate("""() => {
        const root = document.querySelector('div.dari-root');
        const q = new URLSearchParams(location.search);
        return {
          view: root.dataset.view,
          study: root.classList.contains('dari-study'),
          revealed: Array.from(root.querySelectorAll('.dari-en .dari-seg.dari-revealed')).map((n) => n.dataset.seg),
          pressed: Array.from(root.querySelectorAll('button.dari-view[aria-pressed=true]')).map((b) => b.dataset.view),
          urlView: q.get('view'), urlStudy: q.get('study'),
        };
    }""")
    expected = {
        "view": reader.view, "study": reader.study and reader.view != "en", "pressed": [reader.view],
        "urlView": _param(reader.view), "urlStudy": "1" if reader.study else None,
    }
    for key, want in expected.items():
        if shown_state[key] != want:
            reader.mismatches.append(f"reader {reader.number}: {key} is {shown_state[key]!r}, it did {want!r}")
    revealed = set(shown_state["revealed"])
    foreign = revealed - reader.revealed
    if foreign:
        reader.mismatches.append(f"reader {reader.number}: shows sentences it never revealed: {sorted(foreign)}")
    reader.lost = sorted(reader.revealed - revealed)


def _watch(page, reader: Reader) -> None:
    page.on("pageerror", lambda e: reader.errors.append(f"page error: {e}"))
    page.on("console", lambda m: reader.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("dialog", lambda d: reader.errors.append(f"dialog: {d.message}"))


async def _session(browser, url: str, reader: Reader, seconds: float, seed: int, start: asyncio.Barrier) -> None:
    """Open the page, wait until every reader has theirs, read for ``seconds``, check."""
    context = await browser.new_context(viewport=DESKTOP, locale="en-US")
    page = None
    try:
        page = await context.new_page()
        _watch(page, reader)
        began = time.monotonic()
        # Twenty pages opening at once on two cores take most of a minute: be patient.
        await page.goto(url, timeout=LOAD_TIMEOUT * 4)
        await page.locator(BLOCK).first.wait_for(state="visible", timeout=LOAD_TIMEOUT * 4)
        reader.load_s = time.monotonic() - began
    except Exception as e:
        reader.errors.append(f"page did not load: {type(e).__name__}: {e}")
        page = None
    await start.wait()  # everyone reads at the same time, whoever loaded last
    try:
        if page is None:
            return
        rng = random.Random(seed)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await _act(page, reader, rng)
            await page.wait_for_timeout(rng.uniform(50, 400))  # a reader's pause between actions
        await _check(page, reader)
        shown_errors = await page.locator('[data-testid="stException"]').all_inner_texts()
        reader.errors += [f"streamlit exception: {t}" for t in shown_errors]
    except Exception as e:  # one broken session is a finding, not the end of the run
        reader.errors.append(f"session failed: {type(e).__name__}: {e}")
    finally:
        await context.close()


@dataclass(frozen=True)
class Run:
    readers: tuple[Reader, ...]
    seconds: float

    @property
    def errors(self) -> list[str]:
        return [f"reader {r.number}: {e}" for r in self.readers for e in r.errors]

    @property
    def mismatches(self) -> list[str]:
        return [m for r in self.readers for m in r.mismatches]

    @property
    def lost(self) -> list[str]:
        return [f"reader {r.number}: {seg}" for r in self.readers for seg in r.lost]

    def latencies(self, kind: str) -> list[float]:
        return sorted(t for r in self.readers for t in getattr(r, kind))


async def read_together(url: str, sessions: int, seconds: float, browsers: int = 1, seed: int = 1) -> Run:
    """``sessions`` readers open ``url`` at once, then read for ``seconds`` together (then
    each checks its state). ``Run.seconds`` counts the loading and the checks too."""
    from playwright.async_api import async_playwright

    readers = tuple(Reader(i) for i in range(sessions))
    async with async_playwright() as pw:
        opened = [await launch_chromium(pw) for _ in range(browsers)]
        try:
            start = asyncio.Barrier(sessions)
            began = time.monotonic()
            await asyncio.gather(*(
                _session(opened[r.number % browsers], url, r, seconds, seed * 1000 + r.number, start)
                for r in readers))
            return Run(readers, time.monotonic() - began)
        finally:
            for b in opened:
                await b.close()


def read_together_in_thread(url: str, sessions: int, seconds: float, browsers: int = 1, seed: int = 1) -> Run:
    """:func:`read_together` from synchronous code that may already run Playwright's sync
    API (pytest): in a thread of its own, with its own event loop."""
    result: list[Run] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(asyncio.run(read_together(url, sessions, seconds, browsers, seed)))
        except BaseException as e:
            failure.append(e)

    thread = threading.Thread(target=run, name="readers")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]
