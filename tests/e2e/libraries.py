"""Fixture libraries for DARI_CONTENT_DIR / DARI_LOCALES_DIR: a ``content/`` and a ``locales/``
directory the app can be pointed at.

* :func:`copy_library` completes a stored one (tests/e2e/data/hostile, the security test).
* :func:`repeat_article` makes the article N times longer with every segment still unique:
  copy k of each Korean segment and of its English ends in `` (k)``, and the stored word
  analysis, keyed by Korean text, is copied under the new keys (offsets still hold: the
  marker is appended). A long document then costs what a real one of that length would:
  no cache or dictionary lookup collapses the copies into one.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

from dari.language.lookup import SUFFIX as ANALYSIS_SUFFIX
from dari.language.lookup import format_analysis
from dari.library.catalog import catalog_path, new_catalog, read_catalog, write_catalog
from dari.library.content import load_document, save_document
from dari.models import Block, Document, Segment

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "musk-twitter-ai"


def with_interface(target: Path) -> Path:
    """Add the real interface catalogs (ui.po) to a library, so the page reads as it does in use."""
    for lang in ("en", "ko"):
        path = catalog_path(target / "locales", lang, "ui")
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(catalog_path(ROOT / "locales", lang, "ui"), path)
    return target


def copy_library(source: Path, target: Path) -> Path:
    """A copy of a fixture library (e.g. tests/e2e/data/hostile), made complete with the interface."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    return with_interface(target)


def repeat_article(target: Path, copies: int, slug: str | None = None) -> Path:
    """A library whose one document is the article ``copies`` times over, with its English,
    the real glossary and (if the article has one) its word analysis. Returns ``target``."""
    slug = slug or f"{ARTICLE}-x{copies}"
    source_content, source_locales = ROOT / "content", ROOT / "locales"
    article = load_document(source_content, ARTICLE)
    title = f"{article.title} ×{copies}"

    def marked(text: str, k: int) -> str:
        return f"{text} ({k})"

    blocks: list[Block] = []
    for k in range(1, copies + 1):
        for b in article.blocks:
            n = len(blocks) + 1
            blocks.append(Block(n, b.kind, tuple(Segment(f"{n}.{i}", marked(s.ko, k))
                                                 for i, s in enumerate(b.segments, start=1))))
    with_interface(target)
    (target / "content").mkdir(exist_ok=True)
    # The glossary and the lexicon too: a long document's page has its term marks and word meanings.
    for domain in ("glossary", "lexicon"):
        shutil.copyfile(catalog_path(source_locales, "en", domain), catalog_path(target / "locales", "en", domain))
    save_document(target / "content", Document(slug, title, article.source, tuple(blocks)))

    po = read_catalog(catalog_path(source_locales, "en", ARTICLE))
    out = new_catalog("en", f"dari {slug}")
    live = [e for e in po if not e.obsolete and e.msgctxt is None and e.msgid]
    for e in live:
        if e.msgid == article.title:
            entry = copy.copy(e)
            entry.msgid, entry.msgstr = title, f"{e.msgstr} ×{copies}" if e.msgstr else ""
            out.append(entry)
    for k in range(1, copies + 1):
        for e in live:
            if e.msgid != article.title:
                entry = copy.copy(e)
                entry.msgid, entry.msgstr = marked(e.msgid, k), marked(e.msgstr, k) if e.msgstr else ""
                out.append(entry)
    write_catalog(out, catalog_path(target / "locales", "en", slug))

    analysis = source_content / f"{ARTICLE}{ANALYSIS_SUFFIX}"
    if analysis.is_file():
        data = json.loads(analysis.read_text(encoding="utf-8"))
        segments = {}
        for text, entry in data["segments"].items():
            if text == article.title:
                segments[title] = {**entry, "romanization": f"{entry['romanization']} ×{copies}"}
                continue
            for k in range(1, copies + 1):
                segments[marked(text, k)] = {**entry, "romanization": marked(entry["romanization"], k)}
        data["segments"] = segments
        (target / "content" / f"{slug}{ANALYSIS_SUFFIX}").write_text(format_analysis(data), encoding="utf-8")
    return target
