"""Benchmarks of the learner's memory, each beside a baseline measured in the same run.

1. ``recolour``: in Chromium, a status chosen on a word's card -> every form of the word
   recoloured (click -> attribute set -> next frame), beside the reader's own in-browser
   view switch (the established one-frame operation); then whether the write is in the
   database once the rerun it caused has finished (durable by the end of the next rerun).
2. ``concurrent``: N sessions (threads, one profile each) saving, re-statusing, editing
   and deleting words for S seconds against one store, SQLite and PostgreSQL. Each keeps
   its own model of what it wrote; at the end every profile's rows are compared with its
   model (lost writes) and checked for words of other profiles (leaks). Baseline: one
   session alone for the same time (ops/s).
3. ``rerun``: AppTest reruns of the Read page (median) for a profile with 10,000 saved
   words beside the same profile with none (target: at most 1.3x).

   2b (with ``concurrent`` or alone as ``browsers``): a few Chromium sessions on one
   server saving words from cards at once; then the same checks against the database.

    python scripts/bench_learner.py [recolour] [concurrent] [browsers] [rerun] [--seconds 60] [--sessions 20] [--runs 30]

Prints numbers; asserts nothing. Needs Chromium for 1 and PostgreSQL (tests/learner_db.py
starts a throwaway cluster) for the PostgreSQL half of 2.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "e2e")]

from dari.learner import store  # noqa: E402
from dari.learner.store import Sentence, StoreError  # noqa: E402

STATUSES = ["new", "learning", "known", "ignored"]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


# ---- 1. recolour in the browser ---------------------------------------------------------

CLICK_TO_FRAME = """
async ([selector, attr, wanted]) => {
  const target = document.querySelector(selector);
  const t0 = performance.now();
  target.click();
  const changed = performance.now();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return { handler_ms: changed - t0, frame_ms: performance.now() - t0 };
}
"""


def bench_recolour(repeats: int) -> None:
    from live_app import LiveApp, launch_chromium
    from playwright.sync_api import sync_playwright
    from reader_page import open_reader, wait_for_idle

    data = Path(tempfile.mkdtemp(prefix="dari-bench-"))
    profile = "b-bench0bench0bench0bench0"
    with LiveApp(env={"DARI_DATA": str(data)}) as app, sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        context.add_init_script(f"localStorage.setItem('dari.profile', {profile!r});")
        page = context.new_page()
        open_reader(page, app.url)
        wait_for_idle(page, 500)
        engine = store.connect(store.sqlite_url(data / store.FILE_NAME))
        words = page.evaluate("() => [...new Set([...document.querySelectorAll('.dari-ko .dari-w')]"
                              ".map(n => n.dataset.w))].slice(0, 200)")
        status_ms, handler_ms, view_ms, durable, checked = [], [], [], 0, 0
        clicked: dict[tuple[str, str], str] = {}
        views = ["stacked", "side"]
        for i in range(repeats):
            index = words[(i * 7) % len(words)]
            page.locator(f'.dari-ko .dari-w[data-w="{index}"]').first.click()
            status = STATUSES[i % 4]
            r = page.evaluate(CLICK_TO_FRAME, [f"aside.dari-card button.dari-status-{status}", "data-st", status])
            assert page.locator(f'.dari-ko .dari-w[data-w="{index}"]').first.get_attribute("data-st") == status
            status_ms.append(r["frame_ms"])
            handler_ms.append(r["handler_ms"])
            # The card's first two rows: dictionary form and part of speech.
            lemma, pos = page.locator("aside.dari-card .dari-card-row .dari-card-value").all_inner_texts()[:2]
            clicked[(lemma, pos)] = status
            # The rerun the trigger caused has echoed the status back (reader.js: data-unsaved="0");
            # the server writes before it echoes, so the database must have it now.
            page.wait_for_function("() => document.querySelector('.dari-root').dataset.unsaved === '0'",
                                   timeout=30_000)
            checked += 1
            w = store.word(engine, profile, lemma, pos)
            durable += int(w is not None and w.status.value == status)
            v = page.evaluate(CLICK_TO_FRAME, [f'button.dari-view[data-view="{views[i % 2]}"]', "", ""])
            view_ms.append(v["frame_ms"])
            wait_for_idle(page, 200)
        wait_for_idle(page, 1000)
        lost = sum(1 for (lemma, pos), status in clicked.items()
                   if (w := store.word(engine, profile, lemma, pos)) is None or w.status.value != status)
        engine.dispose()
        browser.close()
    print("\n== 1. status change -> recoloured text (Chromium, click -> next frame painted) ==")
    print(f"  status change   median {statistics.median(status_ms):6.1f} ms   p90 {pct(status_ms, .9):6.1f} ms   "
          f"(n={len(status_ms)}, target < 50 ms)")
    print(f"  (of which the click handler, recolouring every form: median {statistics.median(handler_ms):.1f} ms)")
    print(f"  baseline: view  median {statistics.median(view_ms):6.1f} ms   p90 {pct(view_ms, .9):6.1f} ms   "
          "(the reader's in-browser view switch)")
    print(f"  durable when the next rerun has echoed it: {durable}/{checked} writes found in the database;"
          f" at the end {lost} of {len(clicked)} words differ from the last status clicked")


# ---- 2. concurrent sessions --------------------------------------------------------------


class Session(threading.Thread):
    """One reader hammering the store, keeping a model of what it wrote."""

    def __init__(self, engine, n: int, seconds: float, seed: int):
        super().__init__(daemon=True)
        self.engine, self.seconds = engine, seconds
        self.profile = f"b-bench-session-{n:04d}-{seed:06d}"
        self.rng = random.Random(seed * 1000 + n)
        self.model: dict[tuple[str, str], dict] = {}
        self.ops = self.errors = 0
        self.error_samples: list[str] = []

    def run(self) -> None:
        deadline = time.monotonic() + self.seconds
        vocab = [(f"{self.profile[-11:]}단어{i}", "noun") for i in range(60)]
        while time.monotonic() < deadline:
            lemma, pos = self.rng.choice(vocab)
            op = self.rng.random()
            try:
                if op < 0.45 or (lemma, pos) not in self.model:
                    status = self.rng.choice(STATUSES)
                    seg = str(self.rng.randint(1, 30))
                    store.save_word(self.engine, self.profile, lemma, pos, status=status,
                                    sentence=Sentence(doc="bench", segment=seg, korean=f"문장 {seg}", surface=lemma))
                    entry = self.model.setdefault((lemma, pos), {"note": None, "segments": set()})
                    entry["status"] = status
                    entry["segments"].add(seg)
                elif op < 0.75:
                    status = self.rng.choice(STATUSES)
                    assert store.set_status(self.engine, self.profile, lemma, pos, status)
                    self.model[(lemma, pos)]["status"] = status
                elif op < 0.92:
                    note = f"note {self.rng.randint(0, 10**6)}"
                    assert store.edit_word(self.engine, self.profile, lemma, pos, note=note)
                    self.model[(lemma, pos)]["note"] = note
                else:
                    assert store.delete_word(self.engine, self.profile, lemma, pos)
                    del self.model[(lemma, pos)]
                self.ops += 1
            except StoreError as e:  # a refused write is reported, never silently lost
                self.errors += 1
                if len(self.error_samples) < 3:
                    self.error_samples.append(str(e))

    def verify(self, engine) -> tuple[int, int]:
        """(lost or wrong writes, words of other profiles seen)."""
        saved = {w.key: w for w in store.words(engine, self.profile)}
        lost = 0
        for key, want in self.model.items():
            got = saved.get(key)
            if (got is None or got.status.value != want["status"] or got.note != want["note"]
                    or {s.segment for s in got.sentences} != want["segments"]):
                lost += 1
        lost += sum(1 for key in saved if key not in self.model)  # a delete that did not stick
        leaks = sum(1 for lemma, _ in saved if not lemma.startswith(self.profile[-11:]))
        return lost, leaks


def run_sessions(engine, sessions: int, seconds: float, seed: int) -> dict:
    threads = [Session(engine, n, seconds, seed) for n in range(sessions)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    lost = leaks = 0
    for t in threads:
        a, b = t.verify(engine)
        lost, leaks = lost + a, leaks + b
    return {"ops": sum(t.ops for t in threads), "errors": sum(t.errors for t in threads), "lost": lost,
            "leaks": leaks, "seconds": elapsed, "samples": [s for t in threads for s in t.error_samples][:3]}


def bench_concurrent(sessions: int, seconds: float) -> None:
    from contextlib import ExitStack

    print(f"\n== 2. {sessions} concurrent sessions for {seconds:.0f} s, each its own profile ==")
    with ExitStack() as stack:
        urls = {"sqlite": store.sqlite_url(Path(tempfile.mkdtemp(prefix="dari-bench-")) / store.FILE_NAME)}
        try:
            from learner_db import pg_bindir, postgres_cluster

            if pg_bindir() is not None:
                urls["postgresql"] = stack.enter_context(postgres_cluster())
        except Exception as e:  # report, keep going with SQLite
            print(f"  (no PostgreSQL: {e})")
        for name, url in urls.items():
            engine = store.connect(url)
            if name == "postgresql":
                engine.dispose()
                from sqlalchemy import create_engine

                engine = create_engine(url, pool_size=sessions + 2, max_overflow=0)
            alone = run_sessions(engine, 1, min(seconds, 10), seed=1)
            many = run_sessions(engine, sessions, seconds, seed=2)
            print(f"  {name:10s} {sessions} sessions: {many['ops']:7d} ops ({many['ops'] / many['seconds']:6.0f}/s), "
                  f"refused {many['errors']}, lost {many['lost']}, seen by another {many['leaks']}")
            print(f"  {'':10s} baseline, 1 session: {alone['ops'] / alone['seconds']:6.0f} ops/s, lost {alone['lost']}")
            for s in many["samples"]:
                print(f"  {'':10s} refused: {s}")
            engine.dispose()


# ---- 3. rerun time with 10,000 saved words -----------------------------------------------


def bench_rerun(runs: int, saved: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="dari-bench-"))
    os.environ["DARI_DATA"] = str(data)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    empty, full = "b-bench-empty-000000000000", "b-bench-full-0000000000000"
    engine = store.connect(store.sqlite_url(data / store.FILE_NAME))
    # The full profile: every word of the article (known/learning mixed), then filler up to `saved`.
    from dari import CONTENT_DIR
    from dari.language.lookup import load_analysis

    analysis = load_analysis(CONTENT_DIR, "musk-twitter-ai")
    article = list(dict.fromkeys((w.analysis.lemma, w.analysis.pos) for ws in analysis.words.values() for w in ws))
    store.mark_known(engine, full, article)
    for lemma, pos in article[::5]:
        store.save_word(engine, full, lemma, pos, status="learning",
                        sentence=Sentence(doc="musk-twitter-ai", segment="1.1", korean="문장", surface=lemma))
    filler = [(f"채움{i}", "noun") for i in range(max(0, saved - len(article)))]
    store.mark_known(engine, full, filler)
    total = store.count_words(engine, full)
    engine.dispose()

    st.cache_resource.clear()

    def session(profile: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.session_state["dari_profile"] = {"id": profile}
        at.run()
        return at

    def rerun(at: AppTest, view: str) -> float:
        at.session_state["reader"] = {"settings": {"view": view}}
        t0 = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - t0) * 1000
        if at.exception:
            sys.exit(f"the script raised: {at.exception}")
        return elapsed

    def tinted(at: AppTest) -> int:
        reader = next(e for e in at.main if getattr(getattr(e, "proto", None), "component_name", "") == "dari_reader")
        return len(json.loads(reader.proto.bytes)["learner"]["statuses"])

    # Both sessions in one process, reruns interleaved one by one, so a noisy neighbour
    # on the machine slows both alike.
    sessions = {empty: session(empty), full: session(full)}
    times: dict[str, list[float]] = {empty: [], full: []}
    for i in range(runs):
        for profile in (empty, full) if i % 2 else (full, empty):
            times[profile].append(rerun(sessions[profile], ("stacked", "side")[i % 2]))
    b, f = statistics.median(times[empty]), statistics.median(times[full])
    print(f"\n== 3. Read page rerun (AppTest, median of {runs} interleaved reruns) ==")
    print(f"  baseline, no saved words        {b:6.1f} ms   p90 {pct(times[empty], .9):6.1f} ms"
          f"   (page words with a status: {tinted(sessions[empty])})")
    print(f"  {total:,} saved words             {f:6.1f} ms   p90 {pct(times[full], .9):6.1f} ms"
          f"   ratio {f / b:4.2f}x (target <= 1.3x)   (page words with a status: {tinted(sessions[full])})")


# ---- 2b. the same in browsers, smaller ----------------------------------------------------


async def _browser_reader(browser, url: str, profile: str, n: int, words: int, start) -> dict:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    await context.add_init_script(f"localStorage.setItem('dari.profile', {profile!r});")
    page = await context.new_page()
    await page.goto(url)
    await page.locator(".dari-root section.dari-block").first.wait_for(state="visible", timeout=60_000)
    await page.wait_for_timeout(1500)
    await start.wait()
    rng = random.Random(n)
    clicked: dict[tuple[str, str], str] = {}
    indexes = await page.evaluate("() => [...new Set([...document.querySelectorAll('.dari-ko .dari-w')]"
                                  ".map(n => n.dataset.w))]")
    for index in rng.sample(indexes, words):
        await page.locator(f'.dari-ko .dari-w[data-w="{index}"]').first.click()
        status = rng.choice(STATUSES)
        await page.locator(f"aside.dari-card button.dari-status-{status}").click()
        lemma, pos = (await page.locator("aside.dari-card .dari-card-row .dari-card-value").all_inner_texts())[:2]
        clicked[(lemma, pos)] = status
        await page.wait_for_timeout(rng.randint(50, 400))
    try:
        await page.wait_for_function("() => document.querySelector('.dari-root').dataset.unsaved === '0'",
                                     timeout=120_000)
    except Exception:
        unsaved = await page.evaluate("() => document.querySelector('.dari-root').dataset.unsaved")
        notes = await page.locator(".dari-msg").all_inner_texts()
        print(f"  session {n}: {unsaved} changes never echoed by the server {notes}")
    await context.close()
    return clicked


def bench_browsers(sessions: int, words: int) -> None:
    import asyncio

    from live_app import CHROMIUM, CHROMIUM_ARGS, LiveApp
    from playwright.async_api import async_playwright

    data = Path(tempfile.mkdtemp(prefix="dari-bench-"))

    async def run(url: str) -> list[dict]:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            start = asyncio.Barrier(sessions)
            try:
                return await asyncio.gather(*(
                    _browser_reader(browser, url, f"b-browser-bench-{n:04d}-0000", n, words, start)
                    for n in range(sessions)))
            finally:
                await browser.close()

    with LiveApp(env={"DARI_DATA": str(data)}) as app:
        t0 = time.monotonic()
        results = asyncio.run(run(app.url))
        elapsed = time.monotonic() - t0
    engine = store.connect(store.sqlite_url(data / store.FILE_NAME))
    lost = leaks = 0
    for n, clicked in enumerate(results):
        saved = {w.key: w.status.value for w in store.words(engine, f"b-browser-bench-{n:04d}-0000")}
        lost += sum(1 for key, status in clicked.items() if saved.get(key) != status)
        leaks += sum(1 for key in saved if key not in clicked)
    engine.dispose()
    print(f"\n== 2b. {sessions} browsers on one server at once, {words} words each ({elapsed:.0f} s) ==")
    print(f"  {sum(len(c) for c in results)} words saved from cards: lost {lost}, seen by another {leaks}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("parts", nargs="*", default=["recolour", "concurrent", "rerun"])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--saved", type=int, default=10_000)
    parser.add_argument("--browsers", type=int, default=5, help="browser sessions for the smaller check (2b)")
    parser.add_argument("--words", type=int, default=8, help="words each browser session saves (2b)")
    args = parser.parse_args()
    if "rerun" in args.parts:
        bench_rerun(args.runs, args.saved)
    if "concurrent" in args.parts:
        bench_concurrent(args.sessions, args.seconds)
    if "browsers" in args.parts or "concurrent" in args.parts:
        bench_browsers(args.browsers, args.words)
    if "recolour" in args.parts:
        bench_recolour(args.repeats)


if __name__ == "__main__":
    main()
