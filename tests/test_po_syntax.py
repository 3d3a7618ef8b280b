"""dari.library.po_syntax against the real GNU msgfmt.

Every fixture in tests/data/po is run through both ``msgfmt --check`` and our checker:
broken/ (one defect each, named after it) must be rejected by both, with the same line
numbers; good/ accepted by both; hazard/ accepted by msgfmt, but reported by us because
polib would not read it as gettext does. A seeded hypothesis pass mutates good files and
compares the two on every mutant.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dari.library.po_syntax import (
    check_po_file,
    check_po_syntax,
    msgfmt_errors,
    parse_po,
    po_file_text,
    polib_hazards,
)

ROOT = Path(__file__).resolve().parent.parent
PO = Path(__file__).resolve().parent / "data" / "po"
BROKEN = sorted((PO / "broken").glob("*.po"))
GOOD = sorted((PO / "good").glob("*.po"))
HAZARD = sorted((PO / "hazard").glob("*.po"))
REAL = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))

# "file.po:12: message" or "file.po:12:7: message"; warnings and the "...this is the
# location of the first definition" continuation lines are not errors of their own.
_ERROR_LINE = re.compile(r"^.*?\.po:(\d+)(?::\d+)?: (?!warning)(?!\.\.\.)(.*)$")


@pytest.fixture(scope="session")
def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("msgfmt (GNU gettext) is not installed; CI must compare with it")
        pytest.skip("msgfmt (GNU gettext) is not installed")
    return path


def run_msgfmt(msgfmt: str, path: Path) -> tuple[bool, set[int], str]:
    """(accepted, the lines msgfmt reports errors at, its stderr). One file per call:
    msgfmt given several files merges them and reports duplicates across them."""
    r = subprocess.run([msgfmt, "--check-format", "--check-header", "--check-domain", "-o", os.devnull,
                        str(path)], capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
    lines = {int(m.group(1)) for ln in r.stderr.splitlines() if (m := _ERROR_LINE.match(ln))}
    return r.returncode == 0, lines, r.stderr


def ours(path: Path) -> tuple[str, bytes]:
    data = path.read_bytes()
    return po_file_text(data), data


def test_fixtures_exist() -> None:
    assert len(BROKEN) >= 40 and len(GOOD) >= 10 and len(HAZARD) >= 10
    assert REAL, "no PO files in locales/"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_rejected_by_both_at_the_same_lines(msgfmt: str, path: Path) -> None:
    accepted, lines, stderr = run_msgfmt(msgfmt, path)
    assert not accepted, f"msgfmt accepts {path.name}: the fixture does not show its defect"
    text, data = ours(path)
    problems = msgfmt_errors(text, str(path), data)
    assert problems, f"we accept {path.name}, msgfmt says:\n{stderr}"
    assert {p.line for p in problems if p.line} == lines, f"msgfmt:\n{stderr}\nours: {problems}"
    assert all(p.path == str(path) for p in problems)
    assert check_po_syntax(text, str(path), data)[: len(problems)] == problems


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_fixture_accepted_by_both(msgfmt: str, path: Path) -> None:
    accepted, _, stderr = run_msgfmt(msgfmt, path)
    assert accepted, stderr
    text, data = ours(path)
    assert check_po_syntax(text, str(path), data) == []


@pytest.mark.parametrize("path", HAZARD, ids=lambda p: p.stem)
def test_hazard_accepted_by_msgfmt_but_reported(msgfmt: str, path: Path) -> None:
    """msgfmt is right to accept these; polib is not, so update must refuse them."""
    accepted, _, stderr = run_msgfmt(msgfmt, path)
    assert accepted, stderr
    text, data = ours(path)
    assert msgfmt_errors(text, str(path), data) == []
    hazards = polib_hazards(text, str(path))
    assert hazards and all(p.line for p in hazards)
    assert check_po_syntax(text, str(path), data) == hazards


@pytest.mark.parametrize("path", REAL, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_real_catalogs_are_clean(msgfmt: str, path: Path) -> None:
    accepted, _, stderr = run_msgfmt(msgfmt, path)
    assert accepted, stderr
    assert check_po_file(path) == []


def test_unterminated_msgstr_is_reported_like_msgfmt() -> None:
    """The defect polib hides (it reads the msgstr one character short)."""
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "가"\nmsgstr "abc\n'
    (problem,) = msgfmt_errors(text, "x.po")
    assert problem.line == 6  # msgfmt reports the line after: it has read the newline
    assert "end-of-line within string" in problem.message


def test_duplicate_names_the_first_definition() -> None:
    text = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "가"\nmsgstr "a"\n\nmsgid "가"\nmsgstr "b"\n')
    (problem,) = msgfmt_errors(text, "x.po")
    assert (problem.line, "line 4" in problem.message) == (7, True)


def test_parse_reads_what_gettext_reads() -> None:
    text = (PO / "good" / "document-catalog.po").read_text(encoding="utf-8")
    parsed = parse_po(text, "doc.po")
    by_id = {e.msgid: e for e in parsed.entries}
    long = by_id["일론 머스크가 결국 트위터를 가졌는데, 트위터를 인수하면서 엄청난 노이즈들이 발생해 주주들은 일론을 당연히 욕해도 된다."]
    assert long.msgstr[0].startswith("In the end, Elon Musk") and long.msgstr[0].endswith("bash Elon.")
    assert long.comments[0].startswith(". 노이즈")
    fuzzy = by_id["정말 생각없이 트위터를 샀을까?"]
    assert fuzzy.fuzzy and fuzzy.previous_msgid == "정말 생각없이 트위터를 샀을까"
    assert by_id["지금 SNS는 썩었음"].obsolete and not by_id["지금 SNS는 썩었다"].translated
    assert parsed.entries[0].is_header


def test_bytes_are_checked_against_the_declared_charset() -> None:
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "가"\nmsgstr "b"\n'
    assert msgfmt_errors(text, "x.po", text.encode("utf-8")) == []
    (problem,) = msgfmt_errors(text, "x.po", text.encode("cp949"))
    assert problem.line == 4 and "UTF-8" in problem.message


# --- differential fuzzing: mutants of good files, msgfmt and us must agree ------------------

_PIECES = ['"', "\\", "msgid ", "msgstr ", "msgctxt ", "#~ ", "#| ", "#, fuzzy", 'msgid_plural "x"',
           "msgstr[0] ", "[", "]", "1", "\\n", "\n", " ", "x", "#", '""', "\\q", "\\004", "\u2028"]
_BASES = [p.read_text(encoding="utf-8") for p in GOOD if p.stem != "crlf-line-endings"]


@st.composite
def mutants(draw) -> str:
    lines = draw(st.sampled_from(_BASES)).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        k = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "drop-char"]))
        if op == "delete" and len(lines) > 1:
            del lines[k]
        elif op == "duplicate":
            lines.insert(k, lines[draw(st.integers(0, len(lines) - 1))])
        else:
            line = lines[k]
            c = draw(st.integers(0, len(line)))
            if op == "drop-char":
                lines[k] = line[:c] + line[c + 1:]
            else:
                lines[k] = line[:c] + draw(st.sampled_from(_PIECES)) + line[c:]
    return "\n".join(lines)


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutants())
def test_agrees_with_msgfmt_on_mutated_files(msgfmt: str, tmp_path_factory: pytest.TempPathFactory,
                                             text: str) -> None:
    path = tmp_path_factory.mktemp("mutant") / "m.po"
    path.write_text(text, encoding="utf-8", newline="")
    accepted, lines, stderr = run_msgfmt(msgfmt, path)
    problems = msgfmt_errors(text, str(path), text.encode("utf-8"))
    assert accepted == (not problems), f"msgfmt:\n{stderr}\nours: {problems}\n---\n{text}"
    assert {p.line for p in problems if p.line} == lines, f"msgfmt:\n{stderr}\nours: {problems}\n---\n{text}"


# --- polib: agrees on good files, disagrees on hazards (why they are reported) -----------------


def _polib_view(text: str) -> list[tuple] | None:
    import polib

    try:
        po = polib.pofile(text)  # as dari.library.catalog reads: content, not a path
    except (OSError, ValueError):
        return None
    view = []
    for e in po:
        forms = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if e.msgid_plural else (e.msgstr,)
        view.append((e.msgctxt, e.msgid, e.msgid_plural or None, forms, bool(e.obsolete)))
    return view


def _our_view(text: str) -> list[tuple]:
    return [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.obsolete)
            for e in parse_po(text).entries if not e.is_header]


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_polib_reads_good_files_as_gettext_does(path: Path) -> None:
    text = po_file_text(path.read_bytes())
    assert _polib_view(text) == _our_view(text)


@pytest.mark.parametrize("path", HAZARD, ids=lambda p: p.stem)
def test_polib_misreads_hazards(path: Path) -> None:
    text = po_file_text(path.read_bytes())
    assert _polib_view(text) != _our_view(text)


def test_a_raw_nul_is_a_hazard_for_gettext() -> None:
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "가"\nmsgstr "a\x00b"\n'
    assert msgfmt_errors(text, "x.po") == []  # msgfmt accepts it ...
    (hazard,) = polib_hazards(text, "x.po")  # ... and the .mo would hold "a" only
    assert hazard.line == 5 and "NUL" in hazard.message
