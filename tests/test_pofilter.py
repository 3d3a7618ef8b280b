"""Our translation checks against translate-toolkit's pofilter.

Every pofilter check is either *applicable* to Korean-English prose, with the checks of
ours that cover it, or *not applicable*, with the reason (the README's "Translation
checks" table says the same). For every applicable check, whatever pofilter reports on
the fixtures and on the real document catalogs must be reported by one of our checks
too, unless it is one of the false positives pofilter makes on Korean (a particle glued
to an acronym, 45%가 read as printf, 2,000억 as a different number...), each recognised
by a predicate here, never by a list of strings.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from dari.language.numbers import compare_quantities
from dari.library.qa import CHECKS, check_segment
from dari.models import Status

ROOT = Path(__file__).resolve().parent.parent
QA = Path(__file__).resolve().parent / "data" / "qa"
FIXTURES = QA / "pofilter-fixtures.po"
FALSE_POSITIVES = QA / "pofilter-korean-false-positives.po"
# Document catalogs: msgid is the Korean sentence. (ui.po's msgids are keys and the
# glossary's msgstr a list of equivalents, so pofilter's source/target comparisons do not
# apply to them; our ui-keys, ui-placeholders and the glossary loader check those.)
# The lexicon's msgstr is a list of glosses of a dictionary form, not a translation either.
REAL = sorted(p for p in (ROOT / "locales" / "en" / "LC_MESSAGES").glob("*.po")
              if p.stem not in ("ui", "glossary", "lexicon"))

APPLICABLE: dict[str, tuple[str, ...]] = {
    "numbers": ("numbers",),
    "brackets": ("brackets", "variables"),  # a lost {placeholder} also unbalances braces
    "doublequoting": ("quotes",),
    "doublespacing": ("doublespacing",),
    "doublewords": ("doublewords",),
    "endpunc": ("endpunc", "doubledpunct"),
    "escapes": ("escapes",),
    "newlines": ("newlines",),
    "tabs": ("whitespace",),
    "startwhitespace": ("whitespace",),
    "endwhitespace": ("whitespace",),
    "printf": ("variables",),
    "pythonbraceformat": ("variables",),
    "xmltags": ("xmltags",),
    "untranslated": ("untranslated",),
    "blank": ("untranslated",),
    "isfuzzy": ("fuzzy",),
    "unchanged": ("unchanged",),
    "urls": ("urls",),
    "emails": ("urls",),
    "acronyms": ("acronyms",),
    "puncspacing": ("puncspacing",),
    "purepunc": ("purepunc",),
    "compendiumconflicts": ("compendiumconflicts",),
}

NOT_APPLICABLE: dict[str, str] = {
    "accelerators": "keyboard accelerators (&File, _File) belong to software menus, not prose",
    "kdecomments": "KDE's _: comments exist only in KDE catalogs",
    "options": "command-line options (--help) are software strings",
    "filepaths": "file paths are software strings; a path in prose is checked by escapes",
    "functions": "function names (open()) are software strings",
    "credits": "translator-credit entries exist only in software catalogs",
    "variables": "with the default configuration it matches no variable syntax; printf and "
                 "pythonbraceformat cover ours",
    "musttranslatewords": "needs a configured word list; our glossary check does this, with Korean matching",
    "notranslatewords": "needs a configured word list; our glossary check does this, with Korean matching",
    "validchars": "needs a configured character set",
    "spellcheck": "needs enchant and an English dictionary (not installed); not a Korean-English check",
    "startcaps": "Korean has no letter case: every sentence 'differs in capitalisation'",
    "simplecaps": "Korean has no letter case",
    "sentencecount": "one Korean sentence is often two English ones (or the reverse); alignment is by segment",
    "long": "length ratios assume scripts of similar density; Hangul packs a syllable per character",
    "short": "length ratios assume scripts of similar density; Hangul packs a syllable per character",
    "startpunc": "Korean and English order a sentence differently; brackets and quotes are checked for balance",
    "singlequoting": "English apostrophes (it's, Musk's) make every count differ",
    "simpleplurals": "'file(s)' plurals are a software-string convention",
    "nplurals": "document catalogs have no plural forms; msgfmt's plural checks run in po-syntax",
    "hassuggestion": "suggestions are an XLIFF/Pootle feature; PO has none",
    "isreview": "review states are an XLIFF feature; PO marks review as fuzzy (isfuzzy)",
}


def pofilter_checks() -> set[str]:
    r = subprocess.run([sys.executable, "-m", "translate.filters.pofilter", "--listfilters"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return {line.split()[0] for line in r.stdout.splitlines() if line.strip()}


@dataclass(frozen=True)
class Flag:
    check: str
    message: str


def run_pofilter(path: Path, tmp_path: Path) -> dict[tuple[str | None, str], list[Flag]]:
    """(msgctxt, msgid) -> pofilter's findings of the applicable checks, fuzzy entries included."""
    out = tmp_path / f"{path.stem}.pofilter.po"
    args = [a for check in APPLICABLE for a in ("-t", check)]
    r = subprocess.run([sys.executable, "-m", "translate.filters.pofilter", "--progress=none", *args,
                        str(path), str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    flags: dict[tuple[str | None, str], list[Flag]] = {}
    if not out.exists():
        return flags
    for e in polib.pofile(str(out)):
        for line in e.tcomment.split("\n"):
            m = re.match(r"\(pofilter\) (\w+): (.*)", line.strip())
            if m:
                flags.setdefault((e.msgctxt, e.msgid), []).append(Flag(m.group(1), m.group(2)))
    return flags


def ours(e: polib.POEntry) -> set[str]:
    status = Status.FUZZY if "fuzzy" in e.flags else Status.TRANSLATED
    if not e.msgstr.strip():
        status = Status.UNTRANSLATED
    return {f.check for f in check_segment(e.msgid, e.msgstr, status=status)}


# --- pofilter's false positives on Korean, each recognised by what causes it -----------------

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def korean_false_positive(flag: Flag, ko: str, en: str) -> str | None:
    """Why pofilter's finding is wrong for this Korean-English pair, or None if it is not
    one of the known kinds (then our checks must have caught it)."""
    if flag.check == "acronyms":
        words = [w.strip() for w in flag.message.split(":", 1)[-1].split(",")]
        if words and all(_HANGUL.search(w) for w in words) and not ({"acronyms"} & check_of(ko, en)):
            return "a particle glued to the acronym (AI칩을) is read as part of it"
    if flag.check in ("printf", "puncspacing") and re.search(r"%[\uac00-\ud7a3]", ko) \
            and "variables" not in check_of(ko, en):
        return "45%가 / 45%나: a percent sign and a particle, not a printf directive"
    if flag.check == "numbers" and compare_quantities(ko, en) == ([], []) and re.search(r"\d", ko):
        return "Korean number units (만, 억, 조) and counters: our numbers check compares the values"
    if flag.check == "brackets" and flag.message.startswith("Added") and "brackets" not in check_of(ko, en):
        return "the English adds a balanced explanation in parentheses (SNS -> social media (SNS))"
    if flag.check == "puncspacing" and re.search(r"[)\]%}][\uac00-\ud7a3]", ko):
        return "Korean glues particles to closing brackets and placeholders ((SNS)는, {n}개)"
    if flag.check == "endpunc" and re.search(r"[.!?…][\"'”’)\]]$", en.rstrip()) \
            and "endpunc" not in check_of(ko, en):
        return "English puts the full stop inside the closing quote or bracket"
    if flag.check == "endpunc" and re.search(r"(?<![.])(?:\.|\.\.\.|…)$", en.rstrip()) \
            and re.search(r"(?:[\uac00-\ud7a3]|\.\.)$", ko.rstrip()) and "endpunc" not in check_of(ko, en):
        return ("a casual Korean sentence drops its full stop (썩었다), types '..', or trails off (였는데): "
                "the English closes it with a full stop or an ellipsis")
    return None


def check_of(ko: str, en: str) -> set[str]:
    return {f.check for f in check_segment(ko, en)}


# --- tests ----------------------------------------------------------------------------------


def test_every_pofilter_check_is_classified() -> None:
    available = pofilter_checks()
    assert set(APPLICABLE) | set(NOT_APPLICABLE) == available
    assert not set(APPLICABLE) & set(NOT_APPLICABLE)
    assert {c for covered in APPLICABLE.values() for c in covered} <= set(CHECKS)


def _entries(path: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(path)) if e.msgid]


def _role(e: polib.POEntry) -> tuple[str, str] | None:
    m = re.match(r"(expect|pass|beyond|pofilter): (\w+)", e.tcomment or "")
    return (m.group(1), m.group(2)) if m else None


def test_fixtures_cover_every_applicable_check() -> None:
    roles = {_role(e) for e in _entries(FIXTURES)}
    for check in APPLICABLE:
        assert ("expect", check) in roles or ("beyond", check) in roles, check


def test_fixtures_expectations(tmp_path: Path) -> None:
    flags = run_pofilter(FIXTURES, tmp_path)
    for e in _entries(FIXTURES):
        role = _role(e)
        assert role, e.msgctxt
        kind, check = role
        theirs = {f.check for f in flags.get((e.msgctxt, e.msgid), [])}
        mine = ours(e)
        covered = set(APPLICABLE[check])
        if kind == "expect":
            assert check in theirs, f"pofilter's {check} misses {e.msgctxt}: the fixture does not show it"
            assert mine & covered, f"{e.msgctxt}: pofilter {check} catches it, ours ({covered}) does not"
        elif kind == "beyond":
            assert check not in theirs and mine & covered, e.msgctxt
        else:
            assert not mine & covered, f"{e.msgctxt}: a correct translation is reported by {mine & covered}"


@pytest.mark.parametrize("path", [FIXTURES, FALSE_POSITIVES, *REAL], ids=lambda p: p.name)
def test_we_catch_what_pofilter_catches(path: Path, tmp_path: Path) -> None:
    flags = run_pofilter(path, tmp_path)
    entries = {(e.msgctxt, e.msgid): e for e in _entries(path)}
    unexplained = []
    for key, found in flags.items():
        e = entries[key]
        mine = ours(e)
        for flag in found:
            if mine & set(APPLICABLE[flag.check]):
                continue
            if korean_false_positive(flag, e.msgid, e.msgstr) is None:
                unexplained.append((e.msgctxt or e.msgid[:40], flag))
    assert unexplained == []


def test_pofilter_false_positives_on_korean_are_accepted_by_us(tmp_path: Path) -> None:
    """Correct translations that pofilter reports (or would, for its not-applicable checks)."""
    flags = run_pofilter(FALSE_POSITIVES, tmp_path)
    for e in _entries(FALSE_POSITIVES):
        _, check = _role(e) or ("", "")
        assert ours(e) == set(), (e.msgid, ours(e))
        if check in APPLICABLE:
            found = [f for f in flags.get((e.msgctxt, e.msgid), []) if f.check == check]
            assert found, f"pofilter no longer reports {e.msgid!r} under {check}"
            assert all(korean_false_positive(f, e.msgid, e.msgstr) for f in found)
        else:
            assert check in NOT_APPLICABLE


def test_the_real_catalogs_give_pofilter_findings_we_explain(tmp_path: Path) -> None:
    """pofilter does report things on the bundled article; each is explained above."""
    assert REAL
    total = sum(len(v) for p in REAL for v in run_pofilter(p, tmp_path).values())
    assert total > 0
