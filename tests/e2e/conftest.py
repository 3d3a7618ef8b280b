"""Browser fixtures: one Streamlit server per library and one Chromium per session.

Every test gets a fresh browser context (its own cookies, its own Streamlit session),
which is cheap; servers and the browser are shared, which is not. A failing test leaves
a screenshot of each open page in test-results/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_app import CHROMIUM, DESKTOP, PHONE, ROOT, LiveApp, launch_chromium
from reader_page import PageErrors

RESULTS = ROOT / "test-results"
_BROWSER = pytest.StashKey[object]()


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium. Missing under CI=true is a failure (CI must run these tests);
    missing on a developer machine is a skip that says how to install it."""
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"{CHROMIUM} is missing: apt-get install chromium fonts-nanum (or run bash scripts/test.sh)"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium(chromium_path, request) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        request.config.stash[_BROWSER] = browser
        try:
            yield browser
        finally:
            request.config.stash[_BROWSER] = None
            browser.close()


@pytest.fixture(scope="session")
def app(chromium_path) -> Iterator[LiveApp]:
    """The reader on the real library (content/ and locales/)."""
    with LiveApp() as live:
        yield live


def _watched_page(context) -> Iterator[object]:
    """A page whose errors fail the test: uncaught exceptions, console errors, dialogs
    and Streamlit exception boxes. ``page.errors`` holds them for tests that look closer."""
    page = context.new_page()
    page.errors = PageErrors.watch(page)
    try:
        yield page
        problems = page.errors.all(page)
        assert not problems, "the page reported errors:\n" + "\n".join(problems)
    finally:
        context.close()


@pytest.fixture
def desktop(chromium):
    """A fresh 1280x900 page, in its own context (its own Streamlit session)."""
    yield from _watched_page(chromium.new_context(viewport=DESKTOP, locale="en-US"))


@pytest.fixture
def phone(chromium):
    """A fresh 390x844 touch page, in its own context (its own Streamlit session)."""
    yield from _watched_page(chromium.new_context(viewport=PHONE, locale="en-US", has_touch=True,
                                                  is_mobile=True, device_scale_factor=2))


@pytest.fixture(params=["desktop", "phone"])
def screen(request):
    """Both screens, one after the other: ``screen`` is a page of either size."""
    return request.getfixturevalue(request.param)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    if report.failed and report.when in ("setup", "call"):
        _screenshot_open_pages(item)
    return report


def _screenshot_open_pages(item: pytest.Item) -> None:
    browser = item.config.stash.get(_BROWSER, None)
    if browser is None:
        return
    RESULTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("::", 1)[-1])
    shots = []
    for c, context in enumerate(browser.contexts):
        for p, page in enumerate(context.pages):
            path = RESULTS / f"{name}-{c}-{p}.png"
            try:
                page.screenshot(path=str(path), full_page=False, timeout=5000)
                shots.append(str(path.relative_to(ROOT)))
            except Exception as e:  # a crashed page must not hide the test's own failure
                shots.append(f"(no screenshot of context {c} page {p}: {e})")
    if shots:
        item.add_report_section("call", "screenshots", "\n".join(shots))
