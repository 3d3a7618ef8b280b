"""The content format: one plain-text file per document in ``content/``.

A document file looks like this (see ARCHITECTURE.md)::

    title: 일론 머스크는 왜 트위터를 샀을까
    source: Korean blog post, imported from shared/seed/000_fa01b1b525a4a0e8.txt

    일론 머스크가 결국 트위터를 가졌는데, ... 욕해도 된다.
    근데 개인적으로 이런 의문이 들었음.

    # AI 기술에 진심인 일론머스크

    지금 SNS는 썩었다

A header of ``key: value`` lines ends at the first blank line. After it, blocks are
separated by blank lines; a block whose first line starts with ``# `` is a heading.
Each line of a block is one segment (sentence), and the block's text is its segments
joined by single spaces. Merge or split a segment by joining or breaking a line.
A segment that really starts with ``#`` is written ``\\#``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from dari.models import Block, BlockKind, ContentError, Document, Segment
from dari.text import nfc, read_text, write_atomic

SUFFIX = ".txt"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
HEADER_LINE = re.compile(r"([a-z][a-z_-]*):\s*(.*)")
REQUIRED_KEYS = ("title",)
# Page debris a blog export leaves at the end: "댓글0" (0 comments), "공감3" (3 likes).
DEBRIS = re.compile(r"(댓글|공감|좋아요|구독)\s*\d+")


def is_slug(name: object) -> bool:
    return isinstance(name, str) and SLUG.fullmatch(name) is not None


def list_documents(content_dir: Path) -> list[str]:
    """The slugs of every document file in ``content_dir``, sorted.

    Only regular files named ``<slug>.txt`` count: a symlink (to /etc/passwd, or to a
    file of another library) is never listed, so it is never read or shown.
    """
    if not content_dir.is_dir() or content_dir.is_symlink():
        return []
    found = []
    for p in content_dir.iterdir():
        if p.suffix != SUFFIX or not is_slug(p.stem) or p.is_symlink():
            continue
        if p.is_file():
            found.append(p.stem)
    return sorted(found)


def document_path(content_dir: Path, slug: str) -> Path:
    """The file of a document, refusing anything that is not a listed slug.

    The check is against the directory listing, not the string alone, so no URL
    parameter ever reaches the file system as a path.
    """
    if not is_slug(slug) or slug not in list_documents(content_dir):
        raise KeyError(slug)
    return content_dir / f"{slug}{SUFFIX}"


def load_document(content_dir: Path, slug: str) -> Document:
    path = document_path(content_dir, slug)
    try:
        text = read_text(path, content_dir)
    except UnicodeDecodeError as e:
        raise ContentError(str(path), None, e.reason) from None
    except OSError as e:
        raise ContentError(str(path), None, str(e).removeprefix(f"{path}: ")) from None
    return parse_document(text, slug=slug, path=str(path))


def parse_document(text: str, *, slug: str, path: str = "<text>") -> Document:
    text = nfc(text.replace("\r\n", "\n").lstrip("\ufeff"))
    lines = text.split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip():
        m = HEADER_LINE.fullmatch(lines[i].strip())
        if not m:
            raise ContentError(
                path, i + 1,
                f"expected a header line 'key: value' (or a blank line ending the header), got {lines[i]!r}",
            )
        meta[m.group(1)] = m.group(2).strip()
        i += 1
    for key in REQUIRED_KEYS:
        if not meta.get(key):
            raise ContentError(path, 1, f"the header has no '{key}:' line")

    blocks: list[Block] = []
    current: list[tuple[int, str]] = []

    def close_block() -> None:
        if not current:
            return
        number = len(blocks) + 1
        first_line = current[0][1]
        kind = BlockKind.HEADING if first_line.startswith("# ") else BlockKind.PARAGRAPH
        segments = []
        for k, (line_no, raw) in enumerate(current, start=1):
            ko = raw[2:] if (k == 1 and kind is BlockKind.HEADING) else raw
            ko = ko.strip()
            if ko.startswith("\\#"):
                ko = ko[1:]
            if not ko:
                raise ContentError(path, line_no, "empty heading")
            segments.append(Segment(id=f"{number}.{k}", ko=ko, line=line_no))
        blocks.append(Block(number=number, kind=kind, segments=tuple(segments)))
        current.clear()

    for line_no, raw in enumerate(lines[i:], start=i + 1):
        if raw.strip():
            if raw.lstrip().startswith("#") and not raw.lstrip().startswith("# ") and not current:
                raise ContentError(path, line_no, "a heading is '# ' followed by text; write '\\#' for a literal '#'")
            current.append((line_no, raw.strip()))
        else:
            close_block()
    close_block()
    if not blocks:
        raise ContentError(path, None, "the document has no text after its header")
    return Document(
        slug=slug,
        title=meta["title"],
        source=meta.get("source", ""),
        blocks=tuple(blocks),
        meta=meta,
    )


def format_document(doc: Document) -> str:
    """The inverse of :func:`parse_document`: ``parse(format(d)) == d``."""
    header = {"title": doc.title, "source": doc.source}
    header.update((k, v) for k, v in doc.meta.items() if k not in header)
    out = [f"{k}: {v}" for k, v in header.items() if v]
    for block in doc.blocks:
        out.append("")
        for k, seg in enumerate(block.segments):
            line = "\\" + seg.ko if seg.ko.startswith("#") else seg.ko
            if k == 0 and block.kind is BlockKind.HEADING:
                line = "# " + line
            out.append(line)
    return "\n".join(out) + "\n"


def save_document(content_dir: Path, doc: Document) -> Path:
    if not is_slug(doc.slug):
        raise ValueError(f"not a valid document name: {doc.slug!r} (use a-z, 0-9 and '-')")
    path = content_dir / f"{doc.slug}{SUFFIX}"
    write_atomic(path, format_document(doc))
    return path


def looks_like_heading(line: str) -> bool:
    """A short line with no sentence-final punctuation or ending: a blog section heading."""
    return len(line) <= 30 and not re.search(r"[.?!…]$|(다|요|음|임|함|됨)$", line)


def import_text(
    raw: str,
    *,
    slug: str,
    title: str,
    source: str,
    split_sentences: Callable[[str], Iterable[str]],
) -> tuple[Document, list[str]]:
    """Turn a plain Korean text (one paragraph per line) into a Document.

    ``split_sentences`` comes from the morphology layer (Kiwi); it is called here, once,
    when a document is brought in, and the result is stored: reading never re-splits.
    Returns the document and a list of what was dropped, for the maintainer to see.
    """
    lines = [ln.strip() for ln in nfc(raw.lstrip("\ufeff")).splitlines()]
    lines = [ln for ln in lines if ln]
    dropped = []
    while lines and DEBRIS.fullmatch(lines[-1]):
        dropped.append(lines.pop())
    blocks = []
    for number, line in enumerate(lines, start=1):
        if looks_like_heading(line):
            kind, parts = BlockKind.HEADING, [line]
        else:
            kind, parts = BlockKind.PARAGRAPH, [p for p in split_sentences(line) if p.strip()]
            if " ".join(parts) != line:
                # Kiwi split where there was no single space: keep the paragraph whole
                # rather than alter the Korean.
                parts = [line]
        segments = tuple(
            Segment(id=f"{number}.{k}", ko=p, line=0) for k, p in enumerate(parts, start=1)
        )
        blocks.append(Block(number=number, kind=kind, segments=segments))
    return Document(slug=slug, title=nfc(title), source=source, blocks=tuple(blocks)), dropped
