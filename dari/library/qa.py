"""Translation checks that understand Korean: pure functions over one segment's texts.

translate-toolkit's pofilter checks Korean-English as if both were European languages:
it reports 2,000억 달러 / $200 billion as different numbers, 45%가 as a printf variable,
and every Korean source as "different capitalization". These checks know better: numbers
are compared through :mod:`dari.language.numbers` (만, 억, 조, 나노, 위, 개...), glossary
terms are found in the Korean with their particles attached and in the English with
their inflections (acquisition / acquired), and a Korean sentence end is recognised by its
ending (-다. -요. -음 -임 -함 -됨) rather than by a full stop alone.

:func:`check_segment` is what the Translate view calls for the segment being edited and
what ``python -m dari check`` calls for every segment; it returns
:class:`SegmentFinding` values, which the caller places (file, line, segment id) with
:meth:`SegmentFinding.at`.

Severities: an *error* means a file cannot be read as intended, text would be lost, or
the interface would break (a placeholder the code fills in is missing); ``check`` exits
non-zero on it. A *warning* is a translation question for a person to look at.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from dari.language.numbers import compare_quantities
from dari.library.glossary import Glossary, find_english, find_occurrences
from dari.models import Status

ERROR = "error"
WARNING = "warning"

# Every check, with what it reports. The README's "Translation checks" table follows this.
CHECKS: dict[str, str] = {
    "po-syntax": "the PO file is rejected by msgfmt --check (unterminated string, duplicate msgid, ...)",
    "polib-hazard": "msgfmt accepts the PO file but polib would read it differently (U+2028, octal escapes, ...)",
    "untranslated": "a segment has no English",
    "fuzzy": "a segment's English is marked fuzzy (needs review)",
    "obsolete": "an obsolete (#~) entry, kept for its translation",
    "stale": "a live catalog entry whose Korean is not in the document (run python -m dari update)",
    "numbers": "a number of the Korean is not in the English, or the other way round (Korean units understood)",
    "glossary": "a glossary term of the Korean whose English equivalent is missing and no note explains it",
    "hangul": "Hangul left in the English",
    "unchanged": "the English is the Korean, copied",
    "xmltags": "markup (<tags>, &entities;) differs between the Korean and the English",
    "variables": "placeholders (%s, %(name)s, {name}) differ between the Korean and the English",
    "brackets": "unbalanced brackets in the English where the Korean's are balanced",
    "quotes": "unbalanced double quotes in the English where the Korean's are balanced",
    "endpunc": "the Korean ends a sentence (or a question) and the English does not",
    "doubledpunct": "doubled punctuation (.., ,,, !!) in the English where the Korean has none",
    "doublespacing": "a double space in the English where the Korean has none",
    "doublewords": "a word repeated in the English (the the)",
    "puncspacing": "a space before punctuation, or none after a comma, in the English",
    "whitespace": "leading or trailing whitespace (or tabs) differing between the Korean and the English",
    "newlines": "line breaks differ between the Korean and the English",
    "escapes": "backslashes differ between the Korean and the English",
    "purepunc": "the Korean is only punctuation and the English changed it",
    "compendiumconflicts": "msgcat conflict markers (#-#-#-#-#) left in the English",
    "urls": "a URL or e-mail address of the Korean is not in the English",
    "acronyms": "a Latin acronym or model name of the Korean (AI, TPU, M1) is not in the English",
    "encoding": "a content file is not UTF-8/BOM/UTF-16/CP949, or not NFC",
    "file": "a file the reader reads is broken (analysis, glossary, ui.po, document)",
    "ui-keys": "an interface key is in one ui.po and not the other",
    "ui-placeholders": "an interface string's {placeholders} differ between English and Korean",
}


@dataclass(frozen=True)
class Finding:
    """A check's result, placed in a file: what ``python -m dari check`` prints."""

    file: str
    line: int | None
    segment: str | None  # the segment id ("3.2"), "title", or None for a file-level finding
    check: str
    severity: str  # ERROR or WARNING
    message: str

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "segment": self.segment, "check": self.check,
                "severity": self.severity, "message": self.message}

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        seg = f" [{self.segment}]" if self.segment else ""
        return f"{where}:{seg} {self.severity}: {self.check}: {self.message}"


@dataclass(frozen=True)
class SegmentFinding:
    """A finding about one segment, not yet placed in a file."""

    check: str
    severity: str
    message: str

    def at(self, file: str, line: int | None, segment: str | None) -> Finding:
        return Finding(file, line, segment, self.check, self.severity, self.message)


def _warn(check: str, message: str) -> SegmentFinding:
    return SegmentFinding(check, WARNING, message)


# ---------------------------------------------------------------------------------------
# The segment checks


def check_segment(
    ko: str,
    en: str,
    *,
    notes: Sequence[str] = (),
    glossary: Glossary | None = None,
    status: Status = Status.TRANSLATED,
    heading: bool = False,
) -> list[SegmentFinding]:
    """Everything worth a translator's attention in one segment, in a stable order.

    ``notes`` are the entry's translator notes (``#.``): a note that names a glossary term
    counts as explaining why its usual English is not used. ``heading`` skips the
    sentence-end check (Korean headings often end in a noun form without being sentences).
    An untranslated segment gets only the ``untranslated`` finding: there is no English
    to check. A fuzzy one is checked too, so the reviewer sees what else is wrong.
    """
    if status is Status.UNTRANSLATED or not en.strip():
        return [_warn("untranslated", "no English yet")]
    found: list[SegmentFinding] = []
    if status is Status.FUZZY:
        found.append(_warn("fuzzy", "the Korean changed since this English was written; review it, then "
                                    "clear the fuzzy flag"))
    for check in _CONTENT_CHECKS:
        found += check(ko, en)
    if glossary is not None:
        found = [f for f in found if not _acronym_in_glossary(f, en, glossary)]
        found += check_glossary(ko, en, glossary, notes)
    if not heading:
        found += check_endpunc(ko, en)
    return found


def check_numbers(ko: str, en: str) -> list[SegmentFinding]:
    missing, extra = compare_quantities(ko, en)
    found = [_warn("numbers", f"{q.surface!r} ({_show(q.value)}{' ' + q.unit if q.unit else ''}) "
                              "is not in the English") for q in missing]
    found += [_warn("numbers", f"{q.surface!r} ({_show(q.value)}{' ' + q.unit if q.unit else ''}) "
                               "in the English is not in the Korean") for q in extra]
    return found


def _show(value) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]+")


def check_hangul(ko: str, en: str) -> list[SegmentFinding]:
    if _HANGUL.search(ko) and en.strip() == ko.strip():
        return [_warn("unchanged", "the English is a copy of the Korean")]
    runs = list(dict.fromkeys(m.group() for m in _HANGUL.finditer(en)))
    if runs:
        return [_warn("hangul", f"Hangul in the English: {', '.join(runs[:5])}")]
    return []


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);")


def check_markup(ko: str, en: str) -> list[SegmentFinding]:
    def kinds(text: str) -> Counter[str]:
        tags = Counter(re.sub(r"\s.*", ">", m.group()).lower() for m in _TAG.finditer(text))
        return tags + Counter(m.group() for m in _ENTITY.finditer(text))

    a, b = kinds(ko), kinds(en)
    if a == b:
        return []
    missing, extra = sorted((a - b).elements()), sorted((b - a).elements())
    parts = ([f"missing from the English: {' '.join(missing)}"] if missing else []) + (
        [f"not in the Korean: {' '.join(extra)}"] if extra else [])
    return [_warn("xmltags", "markup differs; " + "; ".join(parts))]


# printf (%s %d %5.2f %1$s %(name)s) and brace ({name} {0} {}) placeholders. No space flag:
# "50% discount" is not "% d". Korean "45%가" is not a placeholder either (가 is no conversion).
_PLACEHOLDER = re.compile(
    r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t)?[sdifFeEgGxXoucr]"
    r"(?![A-Za-z])|\{[A-Za-z_][A-Za-z0-9_]*(?:[.!:][^{}]*)?\}|\{\d*\}"
)


def placeholders(text: str) -> Counter[str]:
    """The placeholders of a text, with their counts; ``%%`` and ``{{`` are literal."""
    text = text.replace("%%", "").replace("{{", "").replace("}}", "")
    return Counter(m.group() for m in _PLACEHOLDER.finditer(text))


def check_placeholders(ko: str, en: str, severity: str = WARNING) -> list[SegmentFinding]:
    a, b = placeholders(ko), placeholders(en)
    if a == b:
        return []
    parts = []
    if a - b:
        parts.append(f"missing from the English: {' '.join(sorted((a - b).elements()))}")
    if b - a:
        parts.append(f"not in the Korean: {' '.join(sorted((b - a).elements()))}")
    return [SegmentFinding("variables", severity, "placeholders differ; " + "; ".join(parts))]


_PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "［": "］", "｛": "｝", "「": "」", "『": "』",
          "【": "】", "〈": "〉", "《": "》"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def _balanced(text: str) -> bool:
    stack = []
    for ch in text:
        if ch in _PAIRS:
            stack.append(ch)
        elif ch in _CLOSERS:
            if not stack or stack.pop() != _CLOSERS[ch]:
                return False
    return not stack


def check_brackets(ko: str, en: str) -> list[SegmentFinding]:
    if _balanced(en) or not _balanced(ko):
        return []
    counts = ", ".join(f"{o}{c} {en.count(o)}/{en.count(c)}" for o, c in _PAIRS.items() if en.count(o) != en.count(c))
    return [_warn("brackets", "unbalanced brackets in the English" + (f" ({counts})" if counts else " (order)"))]


def _quotes_balanced(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def check_quotes(ko: str, en: str) -> list[SegmentFinding]:
    if _quotes_balanced(en) or not _quotes_balanced(ko):
        return []
    return [_warn("quotes", "unbalanced double quotes in the English")]


# The Korean ends a sentence: terminal punctuation (., ?, !, …, ~), or a nominal ending
# (-음 -임 -함 -됨) that Korean writing uses as a sentence end without a full stop.
_CLOSING = "\"'”’」』)]）>»›"
_KO_PUNCT_END = re.compile(r"[.?!…~。？！]$")
_KO_NOMINAL_END = re.compile(r"[\uac00-\ud7a3][음임함됨]$")
_EN_PUNCT_END = re.compile(r"[.!?…:;。]$")


def _strip_closing(text: str) -> str:
    return text.rstrip().rstrip(_CLOSING).rstrip()


def check_endpunc(ko: str, en: str) -> list[SegmentFinding]:
    k, e = _strip_closing(ko), _strip_closing(en)
    if not k or not e:
        return []
    if not (_KO_PUNCT_END.search(k) or _KO_NOMINAL_END.search(k)):
        return []
    if not _EN_PUNCT_END.search(e):
        return [_warn("endpunc", f"the Korean ends a sentence ({k[-2:]!r}) but the English has no closing "
                                 "punctuation")]
    if k.endswith(("?", "？")) and not e.endswith("?") and e.endswith("."):
        return [_warn("endpunc", "the Korean asks a question; the English ends with a full stop")]
    return []


_DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|,,|;;|::|!!|\?\?")


def check_doubled_punctuation(ko: str, en: str) -> list[SegmentFinding]:
    found = []
    for m in dict.fromkeys(m.group() for m in _DOUBLED.finditer(en)):
        if m == ".." and _DOUBLED.search(ko) and ".." in ko:
            continue
        if m != ".." and m in ko:
            continue
        found.append(_warn("doubledpunct", f"doubled punctuation {m!r} in the English"))
    return found


def check_spacing(ko: str, en: str) -> list[SegmentFinding]:
    found = []
    if re.search(r"\S {2,}\S", en) and not re.search(r"\S {2,}\S", ko):
        found.append(_warn("doublespacing", "a double space in the English"))
    for m in re.finditer(r"(?<![\w'’])(\w+)\s+\1\b", en, re.IGNORECASE):
        if not m.group(1).isdigit():
            found.append(_warn("doublewords", f"repeated word {m.group(1)!r} in the English"))
    if re.search(r"\w\s+[,;:!?](?!\w)|\w\s+\.(?!\.|\w)", en):
        found.append(_warn("puncspacing", "a space before punctuation in the English"))
    elif re.search(r"[A-Za-z][,;][A-Za-z]|[a-z][.!?][A-Z][a-z]", en):
        found.append(_warn("puncspacing", "no space after a comma, semicolon or full stop in the English"))
    lead = (ko[: len(ko) - len(ko.lstrip())], en[: len(en) - len(en.lstrip())])
    trail = (ko[len(ko.rstrip()):], en[len(en.rstrip()):])
    if lead[0] != lead[1] or trail[0] != trail[1] or ko.count("\t") != en.count("\t"):
        found.append(_warn("whitespace", "leading/trailing whitespace or tabs differ between the Korean and "
                                         "the English"))
    if ko.count("\n") != en.count("\n"):
        found.append(_warn("newlines", f"{ko.count(chr(10))} line break(s) in the Korean, "
                                       f"{en.count(chr(10))} in the English"))
    return found


_URL = re.compile(r"\bhttps?://[^\s<>\"'）)\]]+[^\s<>\"'）)\].,;:!?]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def check_urls(ko: str, en: str) -> list[SegmentFinding]:
    return [_warn("urls", f"{u} is not in the English") for u in dict.fromkeys(_URL.findall(ko)) if u not in en]


# A Latin acronym or model name standing in Korean text (AI, TPU, SNS, M1, A100), also when a
# particle is glued to it (AI가, M1칩): two or more capitals, or capitals then digits, not
# inside a longer Latin word. dari.language.numbers leaves these names alone, so this is
# the check that notices M1 becoming M2.
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{2,}[0-9]*|[A-Z]+[0-9]+[A-Za-z0-9]*)(?![A-Za-z0-9])")


def check_acronyms(ko: str, en: str) -> list[SegmentFinding]:
    # Case-sensitive substring: 오픈 AI is OpenAI, and no ordinary English word holds "AI".
    missing = [a for a in dict.fromkeys(_ACRONYM.findall(ko)) if a not in en]
    return [_warn("acronyms", f"{a} is not in the English") for a in missing]


def _acronym_in_glossary(finding: SegmentFinding, en: str, glossary: Glossary) -> bool:
    """An acronym that is a glossary headword, rendered by one of its English equivalents
    (SNS -> "social media"): the glossary check speaks for it, the acronym is not missing."""
    if finding.check != "acronyms":
        return False
    acronym = finding.message.split(" ", 1)[0]
    pattern = glossary.english_patterns.get(acronym)
    return pattern is not None and pattern.search(en) is not None


def check_escapes(ko: str, en: str) -> list[SegmentFinding]:
    if ko.count("\\") == en.count("\\"):
        return []
    return [_warn("escapes", f"{ko.count(chr(92))} backslash(es) in the Korean, {en.count(chr(92))} in the English")]


def _pure_punctuation(text: str) -> bool:
    t = text.strip()
    return bool(t) and all(unicodedata.category(ch)[0] in "PSZ" for ch in t)


def check_purepunc(ko: str, en: str) -> list[SegmentFinding]:
    if _pure_punctuation(ko) and en.strip() != ko.strip():
        return [_warn("purepunc", "the Korean is only punctuation; keep it as it is")]
    return []


def check_conflicts(ko: str, en: str) -> list[SegmentFinding]:
    if "#-#-#-#-#" in en and "#-#-#-#-#" not in ko:
        return [_warn("compendiumconflicts", "msgcat conflict markers in the English: choose one translation")]
    return []


_CONTENT_CHECKS = (check_numbers, check_hangul, check_markup, check_placeholders, check_brackets, check_quotes,
                   check_doubled_punctuation, check_spacing, check_escapes, check_purepunc, check_conflicts,
                   check_urls, check_acronyms)


# ---------------------------------------------------------------------------------------
# Glossary terms, with English inflection

_EN_WORD = re.compile(r"[A-Za-z0-9]+")


# Inflectional and common derivational endings, longest first. Enough to bring the forms a
# translation uses to one stem (acquisitions, acquired, acquiring -> acquis-/acquir-); the
# shared-prefix rule in same_lemma does the rest. (nltk's Porter stemmer would do too, but
# costs the reader a 1.6 s import and a dependency.)
_SUFFIXES = ("izations", "ization", "ations", "ation", "itions", "ition", "ments", "ment", "ness", "ings",
             "ing", "ies", "ied", "ers", "ors", "er", "or", "ed", "es", "ly", "s", "y")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    w = word.lower()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # crammed -> cramm -> cram
    if len(w) >= 4 and w.endswith("e"):
        w = w[:-1]  # acquire -> acquir
    return w


def same_lemma(a: str, b: str) -> bool:
    """Whether two English words are forms of one word: acquisition / acquired,
    crams / crammed, investor / investment.

    Stems first (crams, crammed -> cram); where derivation changes the stem
    (acquis- / acquir-), two stems sharing a prefix of at least five letters that
    leaves at most two letters of the shorter one unmatched count as one word.
    """
    if a.lower() == b.lower():
        return True
    sa, sb = _stem(a), _stem(b)
    if sa == sb:
        return True
    common = 0
    for x, y in zip(sa, sb, strict=False):
        if x != y:
            break
        common += 1
    return common >= 5 and common >= min(len(sa), len(sb)) - 2


def english_has(text: str, equivalent: str) -> bool:
    """An English equivalent (one or more words) occurs in a text, in any inflected form."""
    wanted = _EN_WORD.findall(equivalent)
    if not wanted:
        return False
    words = _EN_WORD.findall(text)
    for i in range(len(words) - len(wanted) + 1):
        if all(same_lemma(w, words[i + k]) for k, w in enumerate(wanted)):
            return True
    return False


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace(" ", "")


def check_glossary(ko: str, en: str, glossary: Glossary, notes: Iterable[str] = ()) -> list[SegmentFinding]:
    notes_folded = _folded(" ".join(notes))
    found = []
    for term in dict.fromkeys(o.term for o in find_occurrences(ko, glossary)):
        entry = glossary.by_headword[term]
        if find_english(en, entry) or any(english_has(en, eq) for eq in entry.english):
            continue
        spellings = (entry.headword, *entry.variants, *entry.english)
        if notes_folded and any(_folded(s) in notes_folded for s in spellings if s.strip()):
            continue  # a translator note explains the choice
        found.append(_warn("glossary", f"glossary term {term!r}: none of its English ({'; '.join(entry.english)}) "
                                       "is in the English, and no note explains the choice"))
    return found
