"""The interface's own words, in Korean or English, from ``locales/<lang>/LC_MESSAGES/ui.po``.

msgids are stable keys (``view.side``), not English sentences, so the English wording can
change without touching the Korean catalog; a test checks both catalogs have every key.
"""

from __future__ import annotations

from pathlib import Path

from dari.library.catalog import catalog_path, read_catalog, translations
from dari.models import Status

DOMAIN = "ui"
FALLBACK = "en"


class Strings(dict):
    """key -> text for one interface language. ``strings("k", n=3)`` formats."""

    lang: str = FALLBACK

    def __call__(self, key: str, **values: object) -> str:
        return self[key].format(**values) if values else self[key]

    def __missing__(self, key: str) -> str:
        return key  # a missing key shows itself rather than crashing the page; the tests catch it


def load_strings(locales_dir: Path, lang: str) -> Strings:
    """The interface strings of ``lang``, falling back to English entry by entry."""
    merged = Strings()
    for code in dict.fromkeys([FALLBACK, lang]):
        table = translations(read_catalog(catalog_path(locales_dir, code, DOMAIN)))
        merged.update({k: t.en for k, t in table.items() if t.status is Status.TRANSLATED})
    merged.lang = lang
    return merged
