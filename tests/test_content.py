"""The content format, the file listing and text decoding."""

from __future__ import annotations

import unicodedata

import pytest

from dari.library.content import (
    document_path,
    format_document,
    import_text,
    list_documents,
    load_document,
    parse_document,
)
from dari.models import BlockKind, ContentError
from dari.text import decode, write_atomic

SAMPLE = """title: 제목
source: somewhere

첫 문장이다.
둘째 문장이다.

# 소제목

\\#해시로 시작하는 문장.
"""


def test_parse_blocks_segments_and_ids():
    doc = parse_document(SAMPLE, slug="sample")
    assert doc.title == "제목" and doc.source == "somewhere"
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert [s.id for s in doc.segments] == ["1.1", "1.2", "2.1", "3.1"]
    assert doc.blocks[0].ko == "첫 문장이다. 둘째 문장이다."
    assert doc.segments[3].ko == "#해시로 시작하는 문장."
    assert doc.segments[0].line == 4  # for messages


def test_format_is_the_inverse_of_parse():
    doc = parse_document(SAMPLE, slug="sample")
    assert format_document(doc) == SAMPLE
    assert parse_document(format_document(doc), slug="sample") == doc


@pytest.mark.parametrize(
    ("name", "text", "line", "fragment"),
    [
        ("no title", "source: x\n\n문장.\n", 1, "no 'title:'"),
        ("bad header", "title: t\nnot a header\n\n문장.\n", 2, "key: value"),
        ("empty body", "title: t\n", None, "no text"),
        ("bare hash", "title: t\n\n#소제목\n", 3, "heading"),
    ],
)
def test_parse_errors_name_the_line(name, text, line, fragment):
    with pytest.raises(ContentError) as e:
        parse_document(text, slug="x", path="content/x.txt")
    assert e.value.problem.line == line
    assert e.value.problem.path == "content/x.txt"
    assert fragment in str(e.value)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf-8", "title: 한국어\n\n문장.\n".encode()),
        ("utf-8 with BOM", b"\xef\xbb\xbf" + "title: 한국어\n\n문장.\n".encode()),
        ("cp949", "title: 한국어\n\n문장.\n".encode("cp949")),
        ("euc-kr", "title: 한국어\n\n문장.\n".encode("euc-kr")),
        ("utf-16", "title: 한국어\n\n문장.\n".encode("utf-16")),
        ("nfd", unicodedata.normalize("NFD", "title: 한국어\n\n문장.\n").encode()),
        ("crlf", "title: 한국어\r\n\r\n문장.\r\n".encode()),
    ],
)
def test_every_encoding_loads_as_nfc(tmp_path, name, data):
    (tmp_path / "doc.txt").write_bytes(data)
    doc = load_document(tmp_path, "doc")
    assert doc.title == "한국어"
    assert doc.segments[0].ko == "문장."
    assert unicodedata.is_normalized("NFC", doc.title)


def test_undecodable_bytes_name_the_file(tmp_path):
    (tmp_path / "doc.txt").write_bytes(b"title: \xff\xfe\xfa\n\n\x80\x80\n")
    with pytest.raises(ContentError, match="doc.txt"):
        load_document(tmp_path, "doc")


def test_decode_doctest_example():
    assert decode("한국어".encode("cp949")) == "한국어"


@pytest.mark.parametrize("slug", ["../etc/passwd", "/etc/passwd", "..", "tiny.txt", "TINY", "", "ti ny", "missing"])
def test_only_listed_documents_resolve(library, slug):
    (library.parent / "etc").mkdir()
    with pytest.raises(KeyError):
        document_path(library / "content", slug)


def test_listing(library):
    content = library / "content"
    (content / "Not A Slug.txt").write_text("title: x\n\ny\n", encoding="utf-8")
    (content / "notes.md").write_text("ignored", encoding="utf-8")
    assert list_documents(content) == ["tiny"]
    assert list_documents(library / "nowhere") == []


def test_import_drops_debris_and_keeps_korean_verbatim():
    raw = "\ufeff첫째 문장임. 둘째 문장이다\n짧은 제목\n셋째 돔.\n댓글0\n"
    doc, dropped = import_text(raw, slug="x", title="제목", source="s",
                               split_sentences=lambda text: text.split(". "))
    assert dropped == ["댓글0"]
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert doc.blocks[0].ko == "첫째 문장임. 둘째 문장이다"  # the splitter dropped ". "? then it is kept whole
    assert doc.blocks[2].ko == "셋째 돔."


def test_write_atomic_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "sub" / "file.txt"
    write_atomic(target, "하나")
    write_atomic(target, "둘")
    assert target.read_text(encoding="utf-8") == "둘"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]
