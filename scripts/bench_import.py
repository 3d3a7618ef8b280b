"""Adding a text, measured in a real browser against baselines measured in the same run.

* Click "Add the text" -> the new text readable in the reader (first block visible), for the
  bundled article's Korean alone and with its English (flattened to plain paragraphs).
  Baselines: the same import on the command line (python -m dari import: Kiwi start,
  splitting, alignment, analysis, no page) and switching to a text already in the library.
* The server's RSS (the Streamlit process alone, VmRSS, sampled every 50 ms) while an
  import runs, beside its RSS before; the worker's process tree is reported apart (it holds
  Kiwi; the server must not: under 250 MB).
* Another reader's interaction latency (view switch: click -> the server's rerun reflected
  in the URL, and click -> DOM) while an import runs, beside the same without an import.

It prints a table and asserts nothing.

    python scripts/bench_import.py [--repeats 16]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]

from article_text import ARTICLE, article_texts  # noqa: E402
from live_app import DESKTOP, LiveApp, launch_chromium, tree_rss_kib  # noqa: E402
from reader_page import BLOCK, wait_for_idle, wait_for_param  # noqa: E402
from timing import in_url, percentile, shown, timed_click  # noqa: E402

VIEW_CYCLE = ["stacked", "ko", "en", "side"]
TIMELINES: dict[str, tuple[float, float, float]] = {}  # slug -> (perf start, wall-clock click, wall-clock read)
RSS_LIMIT_MB = 250
IMPORT_TIMEOUT = 300_000


def own_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


@dataclass
class RssSampler:
    """Samples the server's own RSS and its children's trees (the worker) in a thread."""

    pid: int
    server: list[int] = field(default_factory=list)
    worker: list[int] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> RssSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.server.append(own_rss_kib(self.pid))
                self.worker.append(sum(tree_rss_kib(c) for c in children(self.pid)))
            except OSError:
                pass
            time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def cli_import(korean: Path, english: Path | None, title: str) -> float:
    with tempfile.TemporaryDirectory() as lib:
        cmd = [sys.executable, "-m", "dari", "import", str(korean), f"--title={title}", f"--library={lib}"]
        if english is not None:
            cmd.append(f"--english={english}")
        started = time.perf_counter()
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if out.returncode != 0:
            raise RuntimeError(f"import failed: {out.stderr}")
        return elapsed


def open_add_page(page, url: str) -> None:
    page.goto(url)
    page.locator(BLOCK).first.wait_for(state="visible", timeout=60_000)
    page.get_by_role("link", name="Add a text").click()
    page.get_by_test_id("stForm").wait_for(timeout=30_000)


def add_and_read(page, url: str, korean: str, english: str, title: str, slug: str,
                 during=None) -> float:
    """Fill the form, click Add, and return seconds from the click to the new text's first
    block on screen. ``during`` runs right after the click (another reader's clicks)."""
    open_add_page(page, url)
    page.get_by_test_id("stForm").get_by_label("Title", exact=True).fill(title)
    areas = page.get_by_test_id("stForm").get_by_label("Paste the text")
    areas.nth(0).fill(korean)
    if english:
        areas.nth(1).fill(english)
    button = page.get_by_role("button", name="Add the text")
    started = time.perf_counter()
    button.click()
    if during is not None:
        during()
    try:
        wait_for_param(page, "doc", slug, timeout=IMPORT_TIMEOUT)
        page.locator(BLOCK).first.wait_for(state="visible", timeout=60_000)
        TIMELINES[slug] = (started, time.time() - (time.perf_counter() - started), time.time())
    except Exception:
        shot = ROOT / "test-results" / f"bench-import-{slug}.png"
        shot.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(shot))
        print(f"{slug}: the text never showed; see {shot} (url {page.url})", file=sys.stderr)
        raise
    return time.perf_counter() - started


def view_switches(page, repeats: int) -> tuple[list[float], list[float], int]:
    dom, url, failed = [], [], 0
    for i in range(repeats):
        view = VIEW_CYCLE[i % len(VIEW_CYCLE)]
        timed = timed_click(page, f"button.dari-view[data-view={view}]",
                            [shown(f"div.dari-root.dari-view-{view}"), in_url("view", None if view == "side" else view)])
        if timed.ok:
            dom.append(timed.times[0])
            url.append(timed.times[1])
        else:
            failed += 1
        wait_for_idle(page)
    return dom, url, failed


STAGES: dict[str, list[tuple[str, float]]] = {}


def _stage_times(library: Path) -> None:
    import json

    for path in (library / "jobs" / "status").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        slug = data.get("slug")
        if slug not in TIMELINES:
            continue
        _, clicked, read_at = TIMELINES[slug]
        stages = sorted(data.get("times", {}).items(), key=lambda kv: kv[1])
        STAGES[slug] = [(stage, at - clicked) for stage, at in stages] + [("reading", read_at - clicked)]


def fmt(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"p50 {percentile(values, 50):6.0f}  p90 {percentile(values, 90):6.0f}  (n={len(values)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=16, help="view switches per condition")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    try:
        import dari.library.align  # noqa: F401

        aligned = True
    except ImportError:
        aligned = False
    korean, english, _, _ = article_texts()
    print(f"Article {ARTICLE}: {len(korean)} characters of Korean, {len(english)} of English; "
          f"{os.cpu_count()} CPUs; alignment {'available' if aligned else 'NOT available (dari.library.align missing)'}")

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        ko_file, en_file = Path(tmp) / "article.txt", Path(tmp) / "article-en.txt"
        ko_file.write_text(korean, encoding="utf-8")
        en_file.write_text(english, encoding="utf-8")
        cli_ko = cli_import(ko_file, None, "cli")
        cli_en = cli_import(ko_file, en_file, "cli") if aligned else None

        library = Path(tmp) / "library"
        with LiveApp(env={"DARI_LIBRARY": str(library)}) as app, sync_playwright() as pw:
            browser = launch_chromium(pw)
            reader = browser.new_context(viewport=DESKTOP, locale="en-US").new_page()
            adder = browser.new_context(viewport=DESKTOP, locale="en-US").new_page()
            reader.goto(app.url)
            reader.locator(BLOCK).first.wait_for(state="visible", timeout=60_000)
            wait_for_idle(reader)
            idle_rss = own_rss_kib(app.process.pid)

            # Without an import: the other reader's baseline.
            base_dom, base_url, base_failed = view_switches(reader, args.repeats)

            with RssSampler(app.process.pid) as rss_ko:
                t_ko = add_and_read(adder, app.url, korean, "", "bench ko", "bench-ko")
            t_en, rss_en = None, None
            if aligned:
                with RssSampler(app.process.pid) as rss_en:
                    t_en = add_and_read(adder, app.url, korean, english, "bench en", "bench-en")

            # Switching to a text already in the library: the floor of "click -> reading".
            adder.goto(app.url)
            adder.locator(BLOCK).first.wait_for(state="visible", timeout=60_000)
            wait_for_idle(adder)
            started = time.perf_counter()
            adder.get_by_test_id("stSidebar").get_by_text("bench ko", exact=True).click()
            wait_for_param(adder, "doc", "bench-ko")
            adder.locator(BLOCK).first.wait_for(state="visible")
            t_switch = time.perf_counter() - started

            # During an import: the other reader's clicks while the worker runs Kiwi.
            during: dict = {}

            def clicks() -> None:
                during["result"] = view_switches(reader, args.repeats)

            with RssSampler(app.process.pid) as rss_during:
                t_during = add_and_read(adder, app.url, korean, "", "bench during", "bench-during", during=clicks)
            dur_dom, dur_url, dur_failed = during["result"]
            browser.close()
            _stage_times(library)

    mb = lambda kib: f"{kib / 1024:.0f} MB"  # noqa: E731
    rows.append(("click Add -> reading, Korean only", f"{t_ko:.1f} s", f"CLI import {cli_ko:.1f} s"))
    if aligned:
        rows.append(("click Add -> reading, with English", f"{t_en:.1f} s", f"CLI import {cli_en:.1f} s"))
    else:
        rows.append(("click Add -> reading, with English", "n/a (no dari.library.align)", ""))
    rows.append(("click a library text -> reading", f"{t_switch:.2f} s", "(no import)"))
    peak = max(rss_ko.server + (rss_en.server if rss_en else []) + rss_during.server)
    rows.append(("server RSS during imports (max)", mb(peak), f"idle {mb(idle_rss)}; limit {RSS_LIMIT_MB} MB: "
                 f"{'OK' if peak < RSS_LIMIT_MB * 1024 else 'OVER'}"))
    worker_peak = max(rss_ko.worker + (rss_en.worker if rss_en else []) + rss_during.worker)
    rows.append(("worker process tree RSS (max)", mb(worker_peak), "(Kiwi lives here, not in the server)"))
    rows.append(("other reader: view switch, click -> URL (ms)", fmt(dur_url), f"no import: {fmt(base_url)}"))
    rows.append(("other reader: view switch, click -> DOM (ms)", fmt(dur_dom), f"no import: {fmt(base_dom)}"))
    rows.append(("other reader: clicks that never showed", str(dur_failed), f"no import: {base_failed}"))
    width = max(len(r[0]) for r in rows)
    print()
    for name, value, baseline in rows:
        print(f"{name:<{width}}  {value:<32} {baseline}")
    print("\nWhere the time went (seconds after the click, from the jobs' status files; for bench-during the"
          f"\nlast 'reading' ({t_during:.1f} s) is an upper bound: the driver was busy with the other reader's clicks):")
    for slug, stages in STAGES.items():
        print(f"  {slug:<13} " + "  ".join(f"{stage} {at:.1f}" for stage, at in stages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
