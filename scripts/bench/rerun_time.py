"""Server time per rerun, through Streamlit's AppTest: the script run a browser event causes,
without the network and the browser. Run as a child process by scripts/bench_e2e.py, so
that DARI_CONTENT_DIR / DARI_LOCALES_DIR (read when dari is imported) can differ per library.

    python scripts/bench/rerun_time.py reader|floor [--runs 20]

Prints one JSON object: milliseconds of the first run and of each later rerun.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
VIEWS = ["side", "stacked", "ko", "en"]


def timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        sys.exit(f"the script raised: {at.exception}")
    return elapsed


def timed_with(at: AppTest, reported: dict) -> float:
    at.session_state["reader"] = reported
    return timed(at)


def reader_reruns(runs: int) -> dict:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    first = timed(at)
    # What the component reports, as the browser would: a view switch, then a word click.
    views = [timed_with(at, {"settings": {"view": VIEWS[(i + 1) % len(VIEWS)]}}) for i in range(runs)]
    words = [timed_with(at, {"settings": {"view": "side"}, "word": {"index": i % 5, "surface": ""}}) for i in range(runs)]
    return {"first_ms": first, "view_ms": views, "word_ms": words}


def floor_reruns(runs: int) -> dict:
    at = AppTest.from_file(str(ROOT / "scripts" / "bench" / "floor_app.py"), default_timeout=120)
    first = timed(at)
    views = []
    for i in range(runs):
        at.segmented_control(key="view").set_value(VIEWS[(i + 1) % len(VIEWS)])
        views.append(timed(at))
    return {"first_ms": first, "view_ms": views}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("app", choices=["reader", "floor"])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    result = reader_reruns(args.runs) if args.app == "reader" else floor_reruns(args.runs)
    result["median_view_ms"] = statistics.median(result["view_ms"])
    if "word_ms" in result:
        result["median_word_ms"] = statistics.median(result["word_ms"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
