"""The interface's own words, in Korean or English, from ``locales/<lang>/LC_MESSAGES/ui.po``.

msgids are stable keys (``view.side``), not English sentences, so the English wording can
change without touching the Korean catalog; a test checks both catalogs have every key.

A broken catalog costs only its own words: a broken Korean ui.po falls back to English,
and a broken English one to the built-in copy in dari/i18n_builtin.py (kept equal to
locales/en/LC_MESSAGES/ui.po by a test; regenerate it with scripts/update_builtin_strings.py).
Either way :attr:`Strings.problems` says what went wrong, for the page to show.
"""

from __future__ import annotations

from pathlib import Path

from dari.i18n_builtin import STRINGS as BUILTIN
from dari.library.catalog import catalog_path, read_catalog, translations
from dari.models import ContentError, Status

DOMAIN = "ui"
FALLBACK = "en"


class Strings(dict):
    """key -> text for one interface language. ``strings("k", n=3)`` formats.

    A translation whose placeholders do not fit (``{n`` or ``{count}`` for ``{n}``) never
    raises: the built-in English is used for that call instead, and the problem recorded.
    """

    lang: str = FALLBACK
    problems: tuple[str, ...] = ()

    def __call__(self, key: str, **values: object) -> str:
        text = self[key]
        if not values:
            return text
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError, AttributeError):
            try:
                return BUILTIN.get(key, key).format(**values)
            except (KeyError, IndexError, ValueError, AttributeError):
                return BUILTIN.get(key, key)

    def __missing__(self, key: str) -> str:
        # A key missing from the catalogs shows its built-in English, else itself; the tests catch both.
        return BUILTIN.get(key, key)


def load_strings(locales_dir: Path, lang: str) -> Strings:
    """The interface strings of ``lang``, falling back to English entry by entry, and to
    the built-in English when a catalog is missing or broken (never raises)."""
    merged = Strings(BUILTIN)
    problems = []
    for code in dict.fromkeys([FALLBACK, lang]):
        try:
            table = translations(read_catalog(catalog_path(locales_dir, code, DOMAIN), locales_dir))
        except ContentError as e:
            problems.append(str(e))
            continue
        merged.update({k: t.en for k, t in table.items()
                       if t.status is Status.TRANSLATED and isinstance(k, str)})
    merged.lang = lang
    merged.problems = tuple(problems)
    return merged
