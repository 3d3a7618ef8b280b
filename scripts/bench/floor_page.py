"""The floor's page: the reader's first page of a document as static HTML, with its CSS.

    python scripts/bench/floor_page.py SLUG OUT.json

Computed once, before the floor starts, so the floor does no work per request. Run as a
child process by scripts/bench_e2e.py: DARI_CONTENT_DIR / DARI_LOCALES_DIR, read when
dari is imported, choose the library.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dari import CONTENT_DIR, LOCALES_DIR, ROOT  # noqa: E402
from dari.i18n import load_strings  # noqa: E402
from dari.language.lookup import load_analysis  # noqa: E402
from dari.library.catalog import catalog_path, read_catalog, translations  # noqa: E402
from dari.library.content import load_document  # noqa: E402
from dari.library.glossary import find_english_occurrences, find_occurrences, load_glossary  # noqa: E402
from dari.reading import Matchers, Settings, build_page, document_occurrences  # noqa: E402


def first_page(slug: str) -> dict:
    doc = load_document(CONTENT_DIR, slug)
    glossary = load_glossary(catalog_path(LOCALES_DIR, "en", "glossary"))
    payload = build_page(
        doc,
        translations(read_catalog(catalog_path(LOCALES_DIR, "en", slug))),
        load_analysis(CONTENT_DIR, slug),
        Matchers(glossary.by_headword, lambda text, terms: find_english_occurrences(text, terms, glossary)),
        document_occurrences(doc, lambda text: find_occurrences(text, glossary)),
        Settings(doc=slug),
        load_strings(LOCALES_DIR, "en"),
    )
    css = (ROOT / "dari" / "ui" / "reader.css").read_text(encoding="utf-8")
    return {"html": payload["html"], "css": css}


if __name__ == "__main__":
    slug, out = sys.argv[1], Path(sys.argv[2])
    out.write_text(json.dumps(first_page(slug)), encoding="utf-8")
