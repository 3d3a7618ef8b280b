"""Interaction latency measured inside the page: from the click event to the DOM (or URL)
showing its effect, plus the next animation frame (the frame that paints it).

The clock starts at the click event's own timestamp, so Playwright's actionability
checks and the driver's round trips are not counted; it stops in a MutationObserver
(for the DOM) or a requestAnimationFrame poll (for the URL, which changes through
history.replaceState and fires no event). Used by the concurrency test and both benchmarks,
with the sync and the async Playwright API alike.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

# Defines window.__dariArm(expects, timeoutMs) -> Promise<[ms | null, ...]> once per page.
# An expectation is {selector, text?} (an element matching selector, whose textContent
# contains text, exists) or {param, value} (the URL query parameter has that value;
# value null: absent). Each resolves once, after the next click, when it first holds.
ARM_JS = """
(() => {
  if (window.__dariArm) return;
  const holds = (x) => {
    if (x.param !== undefined) return new URLSearchParams(location.search).get(x.param) === x.value;
    const found = document.querySelectorAll(x.selector);
    if (x.text === undefined || x.text === null) return found.length > 0;
    return Array.from(found).some((n) => n.textContent.includes(x.text));
  };
  window.__dariArm = (expects, timeoutMs) => new Promise((resolve) => {
    let clickAt = null;
    const times = expects.map(() => null);
    let left = expects.length, finished = false;
    document.addEventListener("click", (e) => { clickAt = e.timeStamp; probe(); }, { capture: true, once: true });
    const finish = () => { finished = true; observer.disconnect(); resolve(times); };
    const probe = () => {
      if (finished || clickAt === null) return;
      expects.forEach((x, i) => {
        if (times[i] !== null || !holds(x)) return;
        times[i] = -1;  // seen; the time is taken at the frame that paints it
        requestAnimationFrame(() => {
          times[i] = performance.now() - clickAt;
          if (--left === 0) finish();
        });
      });
    };
    const observer = new MutationObserver(probe);
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    const tick = () => { if (!finished) { probe(); requestAnimationFrame(tick); } };
    requestAnimationFrame(tick);
    setTimeout(() => { if (!finished) { times.forEach((t, i) => { if (t === -1 || t === null) times[i] = null; }); finish(); } }, timeoutMs);
  });
})()
"""

START_JS = "([expects, timeoutMs]) => { window.__dariWait = window.__dariArm(expects, timeoutMs); }"
RESULT_JS = "() => window.__dariWait"
TIMEOUT_MS = 20_000


def shown(selector: str, text: str | None = None) -> dict:
    """Expect an element matching ``selector`` (containing ``text``, if given)."""
    return {"selector": selector, "text": text}


def in_url(name: str, value: str | None) -> dict:
    """Expect the URL query parameter ``name`` to be ``value`` (None: absent)."""
    return {"param": name, "value": value}


@dataclass(frozen=True)
class Timed:
    """Milliseconds from the click to each expectation holding (None: it never did)."""

    times: tuple[float | None, ...]

    @property
    def ok(self) -> bool:
        return all(t is not None for t in self.times)


def timed_click(page, target, expects: list[dict], timeout_ms: int = TIMEOUT_MS) -> Timed:
    """Click ``target`` (a selector or a Locator) and time ``expects`` (sync API)."""
    page.evaluate(ARM_JS)
    page.evaluate(START_JS, [expects, timeout_ms])
    (page.locator(target) if isinstance(target, str) else target).click()
    return Timed(tuple(page.evaluate(RESULT_JS)))


async def timed_click_async(page, target, expects: list[dict], timeout_ms: int = TIMEOUT_MS) -> Timed:
    """Click ``target`` (a selector or a Locator) and time ``expects`` (async API)."""
    await page.evaluate(ARM_JS)
    await page.evaluate(START_JS, [expects, timeout_ms])
    await (page.locator(target) if isinstance(target, str) else target).click()
    return Timed(tuple(await page.evaluate(RESULT_JS)))


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (1-99) of sorted ``values``, interpolated as statistics.quantiles'
    'inclusive' method does (so p50 is the median)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[max(0, min(98, round(q) - 1))]
