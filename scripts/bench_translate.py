"""Benchmark of the Translate page's rerun against the Read page's, measured in the same run.

    python scripts/bench_translate.py [--copies N] [--runs N]

Builds a library whose one document is the article N times over (tests/e2e/libraries.py,
every segment unique), then times with AppTest (server-side script time, no browser):

* the Read page's rerun (the baseline: the page readers use all day);
* the Translate page's rerun, read-only and with DARI_EDIT_BUNDLED=1 (20 segment forms a page);
* one save through dari.library.editing.save_entry (re-read, compare, write the catalog).

Prints a table of medians; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]


def _translate_app():
    from dari.ui.pages import translate

    translate.main()


def median_rerun(at, runs: int) -> float:
    at.run()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
        assert not at.exception, at.exception
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    target = Path(tempfile.mkdtemp(prefix="dari-bench-translate-"))
    from libraries import repeat_article

    repeat_article(target, args.copies, slug="article")
    os.environ["DARI_CONTENT_DIR"] = str(target / "content")
    os.environ["DARI_LOCALES_DIR"] = str(target / "locales")
    from streamlit.testing.v1 import AppTest

    from dari.library.catalog import EntryText, catalog_path, entry_texts, read_catalog
    from dari.library.content import load_document
    from dari.library.editing import save_entry

    doc = load_document(target / "content", "article")
    print(f"document: the article x{args.copies}, {len(doc.segments)} segments; medians of {args.runs} reruns")
    rows = []
    read = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    read.query_params["doc"] = "article"
    rows.append(("Read page rerun (baseline)", median_rerun(read, args.runs)))
    for label, flag in (("Translate page rerun, read-only", None), ("Translate page rerun, editable", "1")):
        if flag:
            os.environ["DARI_EDIT_BUNDLED"] = flag
        at = AppTest.from_function(_translate_app, default_timeout=60)
        at.query_params["doc"] = "article"
        rows.append((label, median_rerun(at, args.runs)))

    path = catalog_path(target / "locales", "en", "article")
    ko = doc.segments[len(doc.segments) // 2].ko
    times = []
    for i in range(args.runs):
        base = entry_texts(read_catalog(path))[ko]
        t = time.perf_counter()
        assert save_entry(path, "article", ko, base, EntryText(f"{base.msgstr} ({i})", False, base.notes)) is None
        times.append(time.perf_counter() - t)
    rows.append((f"save one entry ({len(entry_texts(read_catalog(path)))} entries)", statistics.median(times)))
    width = max(len(r[0]) for r in rows)
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
