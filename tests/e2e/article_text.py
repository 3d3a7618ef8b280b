"""The bundled article as a person would paste it: its Korean one paragraph a line (headings
as they stand), and its English flattened back into plain paragraphs, one a line. What the
Add page's browser test and scripts/bench_import.py import."""

from __future__ import annotations

from pathlib import Path

from dari.library.catalog import catalog_path, read_catalog, translations
from dari.library.content import load_document
from dari.models import BlockKind

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "musk-twitter-ai"


def article_texts(blocks: int | None = None) -> tuple[str, str, str, str]:
    """(Korean, English, Korean title, English title) of the first ``blocks`` blocks (all: None)."""
    doc = load_document(ROOT / "content", ARTICLE)
    table = translations(read_catalog(catalog_path(ROOT / "locales", "en", ARTICLE)))
    ko, en = [], []
    for block in doc.blocks[:blocks]:
        prefix = "# " if block.kind is BlockKind.HEADING else ""
        ko.append(prefix + block.ko)
        en.append(" ".join(table[s.ko].en for s in block.segments if s.ko in table and table[s.ko].en))
    title_en = table[doc.title].en if doc.title in table else ""
    return "\n".join(ko) + "\n", "\n".join(e for e in en if e) + "\n", doc.title, title_en
