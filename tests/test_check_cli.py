"""``python -m dari check``: every file the reader reads, every encoding it accepts, never a crash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dari import CONTENT_DIR, LOCALES_DIR
from dari.__main__ import main
from dari.library.check import check, check_all
from dari.library.qa import ERROR, Finding

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
KEYS = {"file", "line", "segment", "check", "severity", "message"}


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """tests/data/library plus the real glossary and both ui.po files: a complete small library."""
    root = tmp_path / "lib"
    shutil.copytree(DATA / "library", root)
    for rel in ("en/LC_MESSAGES/glossary.po", "en/LC_MESSAGES/ui.po", "ko/LC_MESSAGES/ui.po"):
        (root / "locales" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(LOCALES_DIR / rel, root / "locales" / rel)
    return root


def run(root: Path, *args: str, capsys, environ: dict[str, str] | None = None) -> tuple[int, list[dict]]:
    """main() in-process with --json; returns (exit code, findings)."""
    old = os.environ.pop("DARI_LIBRARY", None)
    if environ:
        os.environ.update(environ)
    try:
        code = main(["--content", str(root / "content"), "--locales", str(root / "locales"), "check", "--json",
                     *args])
    finally:
        for k in environ or {}:
            os.environ.pop(k, None)
        if old is not None:
            os.environ["DARI_LIBRARY"] = old
    out = capsys.readouterr().out
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert all(set(r) == KEYS for r in rows)
    return code, rows


def errors(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["severity"] == "error"]


def test_bundled_library_has_no_errors_from_the_real_command() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DARI_LIBRARY"}
    r = subprocess.run([sys.executable, "-m", "dari", "check", "--json"], cwd=ROOT, capture_output=True,
                       text=True, env=env, timeout=120)
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert r.returncode == 0, r.stdout + r.stderr
    assert errors(rows) == []
    r = subprocess.run([sys.executable, "-m", "dari", "check"], cwd=ROOT, capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 0 and r.stdout.rstrip().endswith("0 error(s), 0 warning(s)"), r.stdout


def test_check_all_of_the_bundled_library_is_empty() -> None:
    assert check_all(CONTENT_DIR, LOCALES_DIR) == []


def test_small_library_warnings_only_exit_zero(lib: Path, capsys) -> None:
    code, rows = run(lib, capsys=capsys)
    assert code == 0
    got = {(r["check"], r["segment"], r["line"]) for r in rows}
    assert ("fuzzy", "1.2", 14) in got and ("untranslated", "3.1", 20) in got
    assert all(r["file"].endswith(("tiny.po", "tiny.analysis.json")) for r in rows)


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")


TINY_PO = "locales/en/LC_MESSAGES/tiny.po"


def po_with(lib: Path, old: str, new: str) -> None:
    path = lib / TINY_PO
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (what, how to break the library, expected (file suffix, line, check)) — each must exit 1.
def _unterminated(lib: Path) -> None:
    po_with(lib, 'msgstr "A small document"', 'msgstr "A small document')


def _duplicate(lib: Path) -> None:
    po_with(lib, 'msgid "제목입니다"', 'msgid "작은 문서"\nmsgstr "again"\n\nmsgid "제목입니다"')


def _line_separator(lib: Path) -> None:
    po_with(lib, 'msgstr "This is a heading"', 'msgstr "This is\u2028a heading"')


def _undecodable_content(lib: Path) -> None:
    write(lib / "content/tiny.txt", b"title: \xff\xfe\xfa\n\n\x80\x81\n")


def _bad_header(lib: Path) -> None:
    write(lib / "content/tiny.txt", "title: 작은 문서\nthis is not a header\n\n문장.\n")


def _bad_json(lib: Path) -> None:
    write(lib / "content/tiny.analysis.json", '{"format": 1,\n "segments": {\n  "x": [}\n}\n')


def _deep_json(lib: Path) -> None:
    write(lib / "content/tiny.analysis.json", "[" * 100_000 + "]" * 100_000)


def _bad_glossary(lib: Path) -> None:
    path = lib / "locales/en/LC_MESSAGES/glossary.po"
    text = path.read_text(encoding="utf-8")
    write(path, text.replace("#. category: ", "#. categorie: ", 1))


def _ui_placeholder(lib: Path) -> None:
    path = lib / "locales/ko/LC_MESSAGES/ui.po"
    text = path.read_text(encoding="utf-8")
    assert "{total}" in text
    write(path, text.replace("{total}", "{totl}", 1))


def _broken_ui(lib: Path) -> None:
    path = lib / "locales/en/LC_MESSAGES/ui.po"
    write(path, path.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "unterminated\n')


def _symlink_out(lib: Path) -> None:
    outside = lib.parent / "secret.txt"
    outside.write_text("title: secret\n\n비밀.\n", encoding="utf-8")
    (lib / "content/leak.txt").symlink_to(outside)


BROKEN = [
    ("unterminated msgstr", _unterminated, (TINY_PO, 8, "po-syntax")),  # msgfmt: the line after
    ("duplicate msgid", _duplicate, (TINY_PO, 17, "po-syntax")),
    ("U+2028 in a msgstr", _line_separator, (TINY_PO, 18, "polib-hazard")),
    ("undecodable content", _undecodable_content, ("content/tiny.txt", 1, "encoding")),
    ("content header", _bad_header, ("content/tiny.txt", 2, "file")),
    ("analysis JSON", _bad_json, ("content/tiny.analysis.json", 3, "file")),
    ("analysis nested too deeply", _deep_json, ("content/tiny.analysis.json", None, "file")),
    ("glossary entry", _bad_glossary, ("locales/en/LC_MESSAGES/glossary.po", None, "file")),
    ("ui.po placeholder", _ui_placeholder, ("locales/ko/LC_MESSAGES/ui.po", None, "ui-placeholders")),
    ("ui.po syntax", _broken_ui, ("locales/en/LC_MESSAGES/ui.po", None, "po-syntax")),
    ("symlink out of the library", _symlink_out, ("content/leak.txt", None, "file")),
]


@pytest.mark.parametrize(("what", "breaks", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_broken_file_is_an_error_naming_file_and_line(lib: Path, capsys, what, breaks, expected) -> None:
    breaks(lib)
    code, rows = run(lib, capsys=capsys)
    assert code == 1, rows
    suffix, line, check_name = expected
    hits = [r for r in errors(rows) if r["file"].endswith(suffix) and r["check"] == check_name]
    assert hits, f"{what}: {errors(rows)}"
    if line is not None:
        assert line in {r["line"] for r in hits}, hits
    else:
        assert all(r["line"] is None or r["line"] > 0 for r in hits)


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "cp949"])
def test_content_in_any_encoding_the_reader_accepts(lib: Path, capsys, codec: str) -> None:
    path = lib / "content/tiny.txt"
    write(path, path.read_text(encoding="utf-8").encode(codec))
    code, rows = run(lib, capsys=capsys)
    assert code == 0 and errors(rows) == []
    assert {r["check"] for r in rows} == {"fuzzy", "untranslated", "analysis"}


def test_nfd_content_is_a_warning(lib: Path, capsys) -> None:
    import unicodedata

    path = lib / "content/tiny.txt"
    write(path, unicodedata.normalize("NFD", path.read_text(encoding="utf-8")))
    code, rows = run(lib, capsys=capsys)
    assert code == 0
    assert any(r["check"] == "encoding" and r["severity"] == "warning" and r["line"] == 1 for r in rows)


def test_translation_warnings_name_segment_and_line(lib: Path, capsys) -> None:
    po_with(lib, 'msgstr "This is a heading"', 'msgstr "This is heading 2"')
    po_with(lib, 'msgstr "An echo chamber is a reverberation room."', 'msgstr "A bubble is a room"')
    code, rows = run(lib, capsys=capsys)
    assert code == 0
    got = {(r["check"], r["segment"], r["line"]) for r in rows}
    assert ("numbers", "2.1", 17) in got
    assert ("endpunc", "1.1", 10) in got
    assert ("glossary", "1.1", 10) in got  # 에코 챔버 -> echo chamber is missing


def test_a_note_explains_a_glossary_choice(lib: Path, capsys) -> None:
    po_with(lib, '#. The Korean says "reverberation room".',
            '#. 에코 챔버 is rendered "bubble": the usual English idiom.')
    po_with(lib, 'msgstr "An echo chamber is a reverberation room."', 'msgstr "A bubble is a reverberation room."')
    _, rows = run(lib, capsys=capsys)
    assert not [r for r in rows if r["check"] == "glossary"]


def test_missing_and_stale_entries(lib: Path, capsys) -> None:
    po_with(lib, 'msgid "제목입니다"', 'msgid "제목이었습니다"')
    _, rows = run(lib, capsys=capsys)
    got = {(r["check"], r["segment"]) for r in rows}
    assert ("untranslated", "2.1") in got and ("stale", None) in got


def test_obsolete_entries_are_warnings(lib: Path, capsys) -> None:
    path = lib / TINY_PO
    write(path, path.read_text(encoding="utf-8") + '\n#~ msgid "사라진 문장"\n#~ msgstr "A vanished sentence"\n')
    code, rows = run(lib, capsys=capsys)
    assert code == 0 and ("obsolete", 23) in {(r["check"], r["line"]) for r in rows}


def test_ui_keys_missing_in_korean_is_a_warning(lib: Path, capsys) -> None:
    path = lib / "locales/ko/LC_MESSAGES/ui.po"
    text = path.read_text(encoding="utf-8")
    start = text.index('msgid "app.tagline"')
    end = text.index("\n\n", start)
    write(path, text[:start] + text[end + 2:])
    code, rows = run(lib, capsys=capsys)
    assert code == 0
    assert any(r["check"] == "ui-keys" and "app.tagline" in r["message"] for r in rows)


def test_user_library_from_dari_library(lib: Path, tmp_path: Path, capsys) -> None:
    user = tmp_path / "user"
    write(user / "content/mine.txt", "title: 내 글\n\n첫 문장이다.\n")
    write(user / "locales/en/LC_MESSAGES/mine.po",
          'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "내 글"\nmsgstr "My text\n')
    code, rows = run(lib, capsys=capsys, environ={"DARI_LIBRARY": str(user)})
    assert code == 1
    assert any(r["file"] == str(user / "locales/en/LC_MESSAGES/mine.po") and r["line"] == 6 for r in errors(rows))
    code, rows = run(lib, "mine", capsys=capsys, environ={"DARI_LIBRARY": str(user)})
    assert code == 1 and {Path(r["file"]).name for r in rows} <= {"mine.po", "mine.analysis.json"}


def test_documents_can_be_named(lib: Path, capsys) -> None:
    code, rows = run(lib, "tiny", capsys=capsys)
    assert code == 0 and rows
    assert main(["--content", str(lib / "content"), "--locales", str(lib / "locales"), "check", "nope"]) == 2


def test_text_output_ends_with_a_count(lib: Path, capsys) -> None:
    _unterminated(lib)
    assert main(["--content", str(lib / "content"), "--locales", str(lib / "locales"), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("1 error(s)") or out[-1].split()[0].isdigit()
    assert any(line.startswith(str(lib / TINY_PO) + ":8:") and "error: po-syntax" in line for line in out)


# --- fuzz: random bytes in every file the reader reads ---------------------------------------

TARGETS = ["content/tiny.txt", TINY_PO, "content/tiny.analysis.json", "locales/en/LC_MESSAGES/glossary.po",
           "locales/en/LC_MESSAGES/ui.po", "locales/ko/LC_MESSAGES/ui.po"]


def _apply(lib: Path, target: str, payload: bytes | None, cut: int) -> None:
    path = lib / target
    original = path.read_bytes() if path.exists() else b""
    mode, _, extra = (payload or b"random|").partition(b"|")
    if mode == b"truncate":
        path.write_bytes(original[: cut % (len(original) + 1)])
    elif mode == b"splice":
        k = cut % (len(original) + 1)
        path.write_bytes(original[:k] + extra + original[k:])
    elif mode == b"encode":
        text = original.decode("utf-8", "replace")
        path.write_bytes(text.encode(["utf-16", "cp949", "utf-8-sig"][cut % 3], "replace") + extra)
    else:
        path.write_bytes(extra if payload else b"")


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(TARGETS),
                                  st.sampled_from([b"truncate|", b"splice|", b"encode|", b"random|"]),
                                  st.binary(max_size=60), st.integers(0, 10_000)), min_size=1, max_size=3))
def test_fuzz_check_never_crashes(lib: Path, changes) -> None:
    work = lib.parent / "fuzz"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(lib, work)
    for target, mode, extra, cut in changes:
        _apply(work, target, mode + extra, cut)
    findings = check(work / "content", work / "locales", environ={})
    assert all(isinstance(f, Finding) for f in findings)
    for f in findings:
        assert f.file and (f.line is None or f.line >= 1)
    if any(mode == b"random|" and target.endswith(".po") for target, mode, _, _ in changes):
        assert any(f.severity == ERROR for f in findings)


def test_a_fuzzy_header_is_a_warning(lib: Path, capsys) -> None:
    path = lib / TINY_PO
    write(path, "#, fuzzy\n" + path.read_text(encoding="utf-8"))
    code, rows = run(lib, capsys=capsys)
    assert code == 0 and ("fuzzy", 2, None) in {(r["check"], r["line"], r["segment"]) for r in rows}


def test_check_document_for_the_translate_view(lib: Path) -> None:
    from dari.library.check import Library, check_document
    from dari.library.glossary import load_glossary

    glossary = load_glossary(lib / "locales/en/LC_MESSAGES/glossary.po")
    po_with(lib, 'msgstr "An echo chamber is a reverberation room."', 'msgstr "A bubble is a room."')
    found = check_document(Library("user", lib / "content", lib / "locales"), "tiny", glossary)
    assert ("glossary", "1.1") in {(f.check, f.segment) for f in found}
    assert all(f.file.endswith(("tiny.po", "tiny.analysis.json", "tiny.txt")) for f in found)


def test_a_missing_user_library_is_a_warning(lib: Path, tmp_path: Path, capsys) -> None:
    code, rows = run(lib, capsys=capsys, environ={"DARI_LIBRARY": str(tmp_path / "nowhere")})
    assert code == 0 and any(r["file"] == str(tmp_path / "nowhere") for r in rows)
