"""Benchmark of word lookups: the reading path (stored analysis) against Kiwi on demand.

    python scripts/bench_lookup.py [--runs 5]

Prints one table. The reading path must answer a click within 300 ms, the very first one
after the process starts included, and must never hold Kiwi; the baseline rows measure
the alternative (starting Kiwi to analyse the clicked word's sentence) in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "musk-twitter-ai"
SENTENCE = "지금 SNS는 썩었다"

# Each child prints one JSON line: its own timings (s) and resident memory (MiB).
_MEMORY = """
def rss_mib():
    with open("/proc/self/status") as f:
        fields = dict(line.split(":", 1) for line in f)
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}
"""

READER = _MEMORY + f"""
import json, sys, time
t0 = time.perf_counter()
from dari import CONTENT_DIR
from dari.language.lookup import load_analysis, word_at
t1 = time.perf_counter()
analysis = load_analysis(CONTENT_DIR, {SLUG!r})
t2 = time.perf_counter()
word = word_at(analysis, {SENTENCE!r}, 8)
t3 = time.perf_counter()
assert word.analysis.lemma == "썩다"
assert "kiwipiepy" not in sys.modules and "ko_pron" not in sys.modules
print(json.dumps({{"import": t1 - t0, "load": t2 - t1, "click": t3 - t2, "total": t3 - t0, **rss_mib()}}))
"""

KIWI_ON_DEMAND = _MEMORY + f"""
import json, time
t0 = time.perf_counter()
from dari.language.lookup import lookup
word = lookup("썩었다", {SENTENCE!r})
t1 = time.perf_counter()
assert word.lemma == "썩다"
print(json.dumps({{"total": t1 - t0, **rss_mib()}}))
"""

NOTHING = _MEMORY + """
import json
print(json.dumps(rss_mib()))
"""


def child(code: str) -> tuple[dict, float]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1]), time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per measurement (median)")
    args = parser.parse_args()

    from dari import CONTENT_DIR
    from dari.language.lookup import analysis_path, load_analysis, word_at

    rows: list[tuple[str, str]] = []
    size = analysis_path(CONTENT_DIR, SLUG).stat().st_size
    rows.append(("analysis file", f"{size / 1024:9.1f} KiB"))

    # Reading path, cold: a fresh Python process imports, loads and answers one click.
    bare = [child(NOTHING) for _ in range(args.runs)]
    readers = [child(READER) for _ in range(args.runs)]
    rows.append(("python start-up, nothing imported (wall)", ms(median([w for _, w in bare]))))
    rows.append(("cold: import dari.language.lookup", ms(median([r["import"] for r, _ in readers]))))
    rows.append(("cold: load_analysis (first call)", ms(median([r["load"] for r, _ in readers]))))
    rows.append(("cold: first click, word_at", f"{median([r['click'] for r, _ in readers]) * 1e6:9.1f} µs"))
    rows.append(("cold: import + load + first click", ms(median([r["total"] for r, _ in readers]))))
    rows.append(("cold: whole process incl. start-up (wall)", ms(median([w for _, w in readers]))))

    # Reading path, warm: in this process.
    load_analysis(CONTENT_DIR, SLUG)
    loads = []
    for _ in range(20):
        t = time.perf_counter()
        analysis = load_analysis(CONTENT_DIR, SLUG)
        loads.append(time.perf_counter() - t)
    rows.append(("warm: load_analysis (median of 20)", ms(median(loads))))
    rng = random.Random(1)
    texts = list(analysis.words)
    clicks = [(t, rng.randrange(len(t))) for t in (rng.choice(texts) for _ in range(5000))]
    times = []
    for text, offset in clicks:
        t = time.perf_counter()
        word_at(analysis, text, offset)
        times.append(time.perf_counter() - t)
    rows.append(("warm: one click, word_at (median of 5000)", f"{median(times) * 1e6:9.1f} µs"))
    rows.append(("warm: one click, word_at (max of 5000)", f"{max(times) * 1e6:9.1f} µs"))

    # Baseline: Kiwi started on demand to analyse the clicked word in its sentence.
    kiwis = [child(KIWI_ON_DEMAND) for _ in range(min(args.runs, 3))]
    rows.append(("baseline: first click with Kiwi on demand", ms(median([r["total"] for r, _ in kiwis]))))
    cli = []
    for _ in range(min(args.runs, 3)):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dari", "lookup", "썩었다", "--sentence", SENTENCE, "--json"],
                       cwd=ROOT, capture_output=True, check=True)
        cli.append(time.perf_counter() - started)
    rows.append(("CLI: python -m dari lookup --json (wall)", ms(median(cli))))

    # Memory of a fresh process.
    rows.append(("RSS: python, nothing imported", f"{median([r['VmRSS'] for r, _ in bare]):9.1f} MiB"))
    rows.append(("RSS: after load_analysis", f"{median([r['VmRSS'] for r, _ in readers]):9.1f} MiB"))
    rows.append(("RSS: after Kiwi + one analysis (baseline)", f"{median([r['VmRSS'] for r, _ in kiwis]):9.1f} MiB"))
    rows.append(("peak RSS: after Kiwi + one analysis", f"{median([r['VmHWM'] for r, _ in kiwis]):9.1f} MiB"))

    width = max(len(name) for name, _ in rows)
    print(f"word lookup benchmark ({args.runs} fresh processes per cold row, {len(texts)} texts, "
          f"{sum(len(w) for w in analysis.words.values())} words)")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    first_click = median([r["total"] for r, _ in readers])
    verdict = "within" if first_click < 0.3 else "OVER"
    print(f"first click after start: {first_click * 1000:.0f} ms, {verdict} the 300 ms budget; "
          f"Kiwi on demand would take {median([r['total'] for r, _ in kiwis]) / first_click:.0f}x as long")
    return 0


if __name__ == "__main__":
    sys.exit(main())
