"""The app's pages, one module each with a ``main()``: read, add, translate, words, review.

:func:`entry` hands st.Page a page's ``main`` without importing its module: a module is
imported when its page first runs. The Words and Review pages import SQLAlchemy, FSRS and
genanki, which the Read page's first run must not wait for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

PAGES = ("read", "add", "translate", "words", "review")


def entry(name: str) -> Callable[[], None]:
    """A callable that imports ``dari.ui.pages.<name>`` and runs its ``main()``."""
    if name not in PAGES:
        raise ValueError(f"no page {name!r}")

    def run() -> None:
        importlib.import_module(f"{__name__}.{name}").main()

    run.__name__ = run.__qualname__ = name
    return run
