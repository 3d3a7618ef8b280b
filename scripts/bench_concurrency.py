"""Twenty readers at once on one server, for a minute: errors, isolation and latency.

Each reader is a browser context (its own Streamlit session) on one or two Chromium
processes, switching views, toggling study mode and revealing sentences with short
pauses (tests/e2e/readers.py). The run stops after --seconds; then every reader checks
that its page shows its own view, study mode, URL and revealed sentences. Prints a
report; asserts nothing (tests/e2e/test_concurrency.py is the short test that does).

    python scripts/bench_concurrency.py [--sessions 20] [--seconds 60] [--browsers 1]

Alongside, one reader alone for the same time gives the latency baseline of this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]

from live_app import LiveApp  # noqa: E402
from readers import Run, read_together  # noqa: E402
from timing import percentile  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (its children are not counted)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def summary(label: str, run: Run) -> list[str]:
    loads = sorted(r.load_s for r in run.readers if r.load_s is not None)
    lines = [f"{label}: {len(run.readers)} session(s), {run.seconds:.0f} s in all, "
             f"{sum(r.actions for r in run.readers)} actions"]
    if loads:
        lines.append(f"  {'first paragraph after opening':<30} n={len(loads):<5} p50 {percentile(loads, 50):7.1f} s    "
                     f"max {max(loads):7.1f} s")
    for kind, name in (("dom_ms", "click -> page shows it"), ("server_ms", "click -> server rerun in URL")):
        values = run.latencies(kind)
        if values:
            lines.append(f"  {name:<30} n={len(values):<5} p50 {percentile(values, 50):7.1f} ms   "
                         f"p95 {percentile(values, 95):7.1f} ms   max {max(values):7.1f} ms")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--browsers", type=int, default=1, choices=[1, 2])
    parser.add_argument("--baseline-seconds", type=float, default=20, help="one reader alone first (0: skip)")
    args = parser.parse_args()

    with LiveApp() as live:
        baseline = None
        if args.baseline_seconds > 0:
            baseline = asyncio.run(read_together(live.url, 1, args.baseline_seconds, seed=7))
        cpu_before, started, busy_before = cpu_seconds(live.process.pid), time.monotonic(), machine_busy()
        run = asyncio.run(read_together(live.url, args.sessions, args.seconds, browsers=args.browsers))
        cpu = cpu_seconds(live.process.pid) - cpu_before
        wall = time.monotonic() - started
        busy_after = machine_busy()
        machine = (busy_after[0] - busy_before[0]) / max(1, busy_after[1] - busy_before[1])
        rss = live.rss_kib() / 1024

    print(f"one server (127.0.0.1), {args.browsers} Chromium, {os.cpu_count()} CPUs")
    if baseline is not None:
        print("\n".join(summary("alone", baseline)))
    print("\n".join(summary("together", run)))
    print(f"  server CPU {cpu:.1f} s in {wall:.0f} s ({100 * cpu / wall:.0f}% of one core), RSS after {rss:.0f} MB; "
          f"all {os.cpu_count()} CPUs {100 * machine:.0f}% busy (the rest: Chromium and the driver)")
    lost = run.lost
    print(f"  errors: {len(run.errors)}   state not its own: {len(run.mismatches)}   "
          f"revealed sentences lost: {len(lost)} of {sum(len(r.revealed) for r in run.readers)}")
    for line in [*run.errors, *run.mismatches][:40]:
        print(f"    {line}")
    for line in lost[:20]:
        print(f"    lost: {line}")


if __name__ == "__main__":
    main()
