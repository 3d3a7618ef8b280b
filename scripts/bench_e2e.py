"""The reader in a real browser, against a floor measured in the same run.

For the article and for documents 10x and 100x its length (tests/e2e/libraries.py makes
them, every segment unique), this measures the reader (app.py) and the floor
(scripts/bench/floor_app.py: the same page's HTML in one st.html, views switched by a
st.segmented_control round trip):

* cold start: server process spawned -> the first paragraph visible in Chromium;
* interactions, click -> updated DOM (+ the frame that paints it), measured in the page:
  a view switch, a glossary term click, a word click; and for the reader also click ->
  the server's rerun reflected in the URL;
* server time per rerun (AppTest, in a child process per library), and of the first run
  of a new process: with the disk cache of derived data (dari.derived) empty, as on the
  very first open of a document, and filled, as on every later server start;
* server RSS (VmRSS of the process tree) after the first page and after the interactions.

It prints a table with ratios and the targets; it asserts nothing.

    python scripts/bench_e2e.py [--repeats 20] [--cold 3] [--first 5] [--sizes 1,10,100]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]

from libraries import ARTICLE, repeat_article  # noqa: E402
from live_app import CHROMIUM, DESKTOP, LiveApp, launch_chromium  # noqa: E402
from reader_page import wait_for_idle  # noqa: E402
from timing import in_url, percentile, shown, timed_click  # noqa: E402

FLOOR = ROOT / "scripts" / "bench" / "floor_app.py"
FLOOR_PAGE = ROOT / "scripts" / "bench" / "floor_page.py"
RERUN = ROOT / "scripts" / "bench" / "rerun_time.py"
FIRST_TEXT = "section#dari-p-1 .dari-ko"
VIEW_CYCLE = ["stacked", "ko", "en", "side"]
TERMS = ["에코챔버", "트위터"]  # both on the first page of every size, on the English side too
WORD_BLOCK = "section#dari-p-3"  # 지금 SNS는 썩었다 ...
CARD = "aside.dari-card:not([hidden])"


@dataclass
class Library:
    name: str
    slug: str
    content_dir: Path | None = None  # None: the real content/ and locales/
    locales_dir: Path | None = None

    def env(self) -> dict[str, str]:
        env = {}
        if self.content_dir is not None:
            env["DARI_CONTENT_DIR"] = str(self.content_dir)
            env["DARI_LOCALES_DIR"] = str(self.locales_dir)
        return env


@dataclass
class Measured:
    cold_s: list[float] = field(default_factory=list)
    view_dom: list[float] = field(default_factory=list)
    view_url: list[float] = field(default_factory=list)
    term_dom: list[float] = field(default_factory=list)
    term_url: list[float] = field(default_factory=list)
    word_dom: list[float] = field(default_factory=list)
    cold_empty_s: float | None = None  # the first start of all, with an empty disk cache
    rss_first_kib: int = 0
    rss_after_kib: int = 0
    interactions: int = 0
    reruns: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def floor_page(library: Library, out: Path) -> Path:
    """The floor's precomputed page for this library (scripts/bench/floor_page.py)."""
    subprocess.run([sys.executable, str(FLOOR_PAGE), library.slug, str(out)], cwd=ROOT,
                   env=os.environ | library.env(), check=True)
    return out


def rerun_times(app: str, env: dict[str, str], runs: int) -> dict:
    done = subprocess.run([sys.executable, str(RERUN), app, "--runs", str(runs)], cwd=ROOT,
                          env=os.environ | env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def cold_starts(chromium, make_app, count: int, measured: Measured):
    """Start the server ``count`` times; time each to the first paragraph on screen.
    Returns the last server and its page, still open, for the interactions."""
    for i in range(count):
        live = make_app()
        live.start()
        context = chromium.new_context(viewport=DESKTOP, locale="en-US")
        page = context.new_page()
        page.goto(live.url)
        page.locator(FIRST_TEXT).wait_for(state="visible", timeout=120_000)
        measured.cold_s.append(time.perf_counter() - live.started_at)
        if i < count - 1:
            context.close()
            live.stop()
    return live, context, page


def record(measured: Measured, name: str, timed, *lists: list[float]) -> None:
    measured.interactions += 1
    for t, target in zip(timed.times, lists, strict=True):
        if t is None:
            measured.failures.append(f"{name}: never showed its effect")
        else:
            target.append(t)


def reader_interactions(page, repeats: int, measured: Measured) -> None:
    for i in range(repeats):
        view = VIEW_CYCLE[i % len(VIEW_CYCLE)]
        timed = timed_click(page, f"button.dari-view[data-view={view}]",
                            [shown(f"div.dari-root.dari-view-{view}"), in_url("view", None if view == "side" else view)])
        record(measured, f"view {view}", timed, measured.view_dom, measured.view_url)
        wait_for_idle(page)
    if view != "side":  # words and terms are clicked side by side
        timed_click(page, "button.dari-view[data-view=side]", [in_url("view", None)])
    close = page.locator(f"{CARD} .dari-card-close")
    words = page.locator(f"{WORD_BLOCK} .dari-ko .dari-w")
    surfaces = words.all_inner_texts()
    picks = [i for i, s in enumerate(surfaces) if not any(s != o and s in o for o in surfaces)][:2]
    for i in range(repeats):
        index = picks[i % len(picks)]
        timed = timed_click(page, words.nth(index), [shown(f"{CARD}[data-kind=word] .dari-card-title", surfaces[index])])
        record(measured, f"word {surfaces[index]}", timed, measured.word_dom)
        wait_for_idle(page)
        close.click()
    for i in range(repeats):
        term = TERMS[i % len(TERMS)]
        timed = timed_click(page, page.locator(f'.dari-en .dari-term[data-term="{term}"]').first,
                            [shown(f"{CARD}[data-kind=term] .dari-card-title", term), in_url("term", term)])
        record(measured, f"term {term}", timed, measured.term_dom, measured.term_url)
        wait_for_idle(page)
        close.click()
        wait_for_idle(page)  # closing a term card takes ?term= out of the URL: a rerun


def floor_interactions(page, repeats: int, measured: Measured) -> None:
    for i in range(repeats):
        view = VIEW_CYCLE[i % len(VIEW_CYCLE)]
        timed = timed_click(page, page.get_by_role("radio", name=view, exact=True),
                            [shown(f"div.dari-root.dari-view-{view}")])
        record(measured, f"floor view {view}", timed, measured.view_dom)
        wait_for_idle(page)


def measure(chromium, library: Library, app: str, args, work: Path) -> Measured:
    measured = Measured()
    if app == "reader":
        # Its own database and disk cache, both empty at the first start (never the checkout's library/).
        env = library.env() | {"DARI_DATA": str(work / f"data-{library.name}"),
                               "DARI_CACHE": str(work / f"cache-{library.name}")}
        measured.reruns["first_empty_ms"] = statistics.median(
            rerun_times(app, env | {"DARI_CACHE": str(work / f"cache-empty-{library.name}-{i}")}, 1)["first_ms"]
            for i in range(args.first))

        def make_app():
            return LiveApp(content_dir=library.content_dir, locales_dir=library.locales_dir, env=env)
    else:
        env = {"DARI_FLOOR_PAGE": str(floor_page(library, work / f"floor-{library.name}.json"))}

        def make_app():
            return LiveApp(script=FLOOR, env=env)
    live, context, page = cold_starts(chromium, make_app, args.cold + 1, measured)
    measured.cold_empty_s = measured.cold_s.pop(0)  # the reader's disk cache was empty for this one
    try:
        page.wait_for_timeout(500)  # let the first page's follow-up reruns settle
        measured.rss_first_kib = live.rss_kib()
        if app == "reader":
            reader_interactions(page, args.repeats, measured)
        else:
            floor_interactions(page, args.repeats, measured)
        page.wait_for_timeout(500)
        measured.rss_after_kib = live.rss_kib()
    finally:
        context.close()
        live.stop()
    measured.reruns.update(rerun_times(app, env, args.repeats))
    # A first run is one sample per process, and this machine's noise is +-40%: the median of several.
    firsts = [measured.reruns["first_ms"]] + [rerun_times(app, env, 1)["first_ms"] for _ in range(args.first - 1)]
    measured.reruns["first_ms"] = statistics.median(firsts)
    measured.reruns["first_all_ms"] = firsts
    return measured


# ---- report ------------------------------------------------------------------------------


def med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def p95(values: list[float]) -> float | None:
    return percentile(sorted(values), 95) if values else None


def fmt(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or not b else f"{a / b:.2f}x"


def verdict(value: float | None, limit: float | None) -> str:
    if limit is None or value is None:
        return ""
    return "ok" if value <= limit else "MISSED"


def report(name: str, reader: Measured, floor: Measured, copies: int) -> list[list[str]]:
    floor_view = med(floor.view_dom)
    interaction_limit = 150 if copies == 1 else (300 if copies == 100 else None)
    rows = []

    def row(metric, r, f, target, limit, digits=0, ratio_to=None):
        ratio_to = f if ratio_to is None else ratio_to
        rows.append([name, metric, fmt(r, digits), fmt(f, digits), ratio(r, ratio_to), target, verdict(r, limit)])

    row("cold start, s (median)", med(reader.cold_s), med(floor.cold_s), "< 3 s" if copies == 1 else "",
        3 if copies == 1 else None, digits=2)
    row("cold start, empty disk cache, s", reader.cold_empty_s, floor.cold_empty_s, "", None, digits=2)
    for metric, values in (("view switch -> DOM, ms", reader.view_dom), ("term click -> card, ms", reader.term_dom),
                           ("word click -> card, ms", reader.word_dom)):
        target = f"< {interaction_limit} ms" if interaction_limit else ""
        if copies == 1:
            target += ", <= 1.3x floor"
        value = med(values)
        limit = interaction_limit
        if copies == 1 and value is not None and floor_view:
            limit = min(interaction_limit, 1.3 * floor_view)
        row(metric, value, floor_view, target, limit)
    row("view switch -> URL (server), ms", med(reader.view_url), floor_view, "", None)
    row("term click -> URL (server), ms", med(reader.term_url), floor_view, "", None)
    row("p95 view switch -> DOM, ms", p95(reader.view_dom), p95(floor.view_dom), "", None)
    row("rerun, view (AppTest), ms", reader.reruns.get("median_view_ms"), floor.reruns.get("median_view_ms"), "", None, 1)
    row("rerun, word (AppTest), ms", reader.reruns.get("median_word_ms"), floor.reruns.get("median_view_ms"), "", None, 1)
    row(f"first run (AppTest, median of {len(reader.reruns['first_all_ms'])}), ms", reader.reruns.get("first_ms"), floor.reruns.get("first_ms"),
        "<= 2x floor" if copies == 100 else "", 2 * floor.reruns["first_ms"] if copies == 100 else None,
        ratio_to=floor.reruns.get("first_ms"))
    row("first run, empty disk cache (median), ms", reader.reruns.get("first_empty_ms"), floor.reruns.get("first_ms"), "", None)
    row("RSS after first page, MB", reader.rss_first_kib / 1024, floor.rss_first_kib / 1024,
        "< 250 MB" if copies == 1 else "< 1.5x floor" if copies == 100 else "",
        250 if copies == 1 else 1.5 * floor.rss_first_kib / 1024 if copies == 100 else None)
    row(f"RSS after {reader.interactions}/{floor.interactions} interactions, MB", reader.rss_after_kib / 1024,
        floor.rss_after_kib / 1024, "< 250 MB" if copies == 1 else "", 250 if copies == 1 else None)
    return rows


def table(rows: list[list[str]]) -> str:
    head = ["document", "metric", "reader", "floor", "ratio", "target", ""]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "  ".join(c.ljust(w) if i < 2 or i >= 5 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))  # noqa: E731
    return "\n".join([line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    from importlib.metadata import version

    chromium = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} CPUs ({cpu}), {mem / 1024 / 1024:.1f} GiB RAM, {platform.platform()}; "
            f"Python {platform.python_version()}, Streamlit {version('streamlit')}, "
            f"Playwright {version('playwright')}, {chromium}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=20, help="interactions of each kind (default 20)")
    parser.add_argument("--cold", type=int, default=3, help="cold starts per app and document (default 3)")
    parser.add_argument("--first", type=int, default=5, help="new processes timed for each first run (default 5)")
    parser.add_argument("--sizes", default="1,10,100", help="document lengths in articles (default 1,10,100)")
    parser.add_argument("--json", type=Path, help="also write every sample here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from playwright.sync_api import sync_playwright

    # As scripts/run.sh starts the reader: with dari's bytecode compiled (PYTHONDONTWRITEBYTECODE
    # may be set here, and then no process writes it).
    subprocess.run([sys.executable, "-m", "compileall", "-q", "dari", "app.py"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    print(machine(), flush=True)
    rows, samples = [], {}
    with tempfile.TemporaryDirectory(prefix="dari-bench-") as tmp, sync_playwright() as pw:
        work = Path(tmp)
        chromium = launch_chromium(pw)
        try:
            for copies in sizes:
                if copies == 1:
                    library = Library("article", ARTICLE)
                else:
                    target = repeat_article(work / f"x{copies}", copies)
                    library = Library(f"{copies}x", f"{ARTICLE}-x{copies}", target / "content", target / "locales")
                print(f"measuring {library.name} ...", file=sys.stderr, flush=True)
                reader = measure(chromium, library, "reader", args, work)
                floor = measure(chromium, library, "floor", args, work)
                for m, who in ((reader, "reader"), (floor, "floor")):
                    for f in m.failures:
                        print(f"  {library.name} {who}: {f}", file=sys.stderr)
                rows += report(library.name, reader, floor, copies)
                samples[library.name] = {"reader": reader.__dict__, "floor": floor.__dict__}
        finally:
            chromium.close()
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(samples, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
