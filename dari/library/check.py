"""Validation of the real content/ and locales/, for `python -m dari check` and the tests."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from dari.library.catalog import catalog_path, check_document_catalog, read_catalog
from dari.library.content import list_documents, load_document
from dari.models import ContentError


def _not_nfc(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if unicodedata.is_normalized("NFC", text):
        return []
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if not unicodedata.is_normalized("NFC", ln))
    return [f"{path}:{line}: text is not NFC"]


def check_all(content_dir: Path, locales_dir: Path) -> list[str]:
    problems: list[str] = []
    for slug in list_documents(content_dir):
        try:
            doc = load_document(content_dir, slug)
        except ContentError as e:
            problems.append(str(e))
            continue
        problems += _not_nfc(content_dir / f"{slug}.txt")
        path = catalog_path(locales_dir, "en", slug)
        try:
            po = read_catalog(path)
        except ContentError as e:
            problems.append(str(e))
            continue
        problems += _not_nfc(path)
        problems += check_document_catalog(po, doc.texts, str(path))
    return problems
