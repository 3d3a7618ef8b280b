"""Word lookups: click a Korean word, get its dictionary form, part of speech, morphemes
with plain-English glosses, romanization and dictionary links.

Two paths, kept apart because Kiwi costs 4-6 s and ~530 MB to start:

* **Ahead of time** (``python -m dari analyse``): :func:`analyse_document` runs Kiwi over
  every sentence of a document (a word is analysed in its sentence: 비빌 alone is a noun
  to Kiwi, in its sentence it is 비비다) and :func:`write_analysis` stores the result as
  ``content/<slug>.analysis.json``.
* **Reading**: :func:`load_analysis` reads that file. It never imports Kiwi or ko-pron
  (tests check this in a fresh process); glosses (dari/data/grammar.tsv) and dictionary
  links (dari/data/dictionaries.toml) are applied at load time, so editing those data
  files needs no re-analysis.

The file, ``format`` 1 (keys sorted, one word per line, so diffs are readable)::

    {
     "format": 1,
     "segments": {
      "지금 SNS는 썩었다": {
       "romanization": "jigeum SNSneun sseogeotda",
       "words": [
        {"end": 2, "lemma": "지금", "morphemes": [["지금", "MAG"]], "pos": "adverb", "romanization": "jigeum", "start": 0},
        ...
       ]
      }
     },
     "tools": {"kiwipiepy": "0.24.1", "kiwipiepy_model": "0.24.0", "ko-pron": "1.3"}
    }

Segments are keyed by their Korean text, like the PO catalogs, so inserting a sentence
leaves the others' entries valid. ``start``/``end`` are offsets into that text (end
exclusive) and ``text[start:end]`` is the word as clicked, without surrounding
punctuation; morphemes are ``[form, tag]`` with Kiwi's tags. The document title is
analysed too. How the dictionary form and part of speech are chosen: dari.language.morphology.
"""

from __future__ import annotations

import bisect
import json
import re
import tomllib
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dari import DICTIONARIES_PATH
from dari.language.grammar import gloss
from dari.library.content import is_slug
from dari.models import ContentError, Document, DocumentAnalysis, Morpheme, Occurrence, Word, WordAnalysis
from dari.text import nfc, read_bytes, write_atomic

if TYPE_CHECKING:  # not imported at run time: the reading path stays free of the analyser's modules
    from dari.language.morphology import ParsedWord

FORMAT = 1
MAX_ANALYSIS_BYTES = 256 * 2**20  # a 100x article's analysis is ~11 MB
SUFFIX = ".analysis.json"
_WORD_KEYS = frozenset({"start", "end", "lemma", "pos", "romanization", "morphemes"})


# ---------------------------------------------------------------------------------------
# Dictionary links


@dataclass(frozen=True)
class Dictionary:
    """An external dictionary: a display name and an https URL template with ``{query}``."""

    name: str
    url: str

    def link(self, lemma: str) -> str:
        return self.url.replace("{query}", urllib.parse.quote(lemma, safe=""))


def parse_dictionaries(text: str, path: str = "<dictionaries>") -> tuple[Dictionary, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"at line (\d+)", str(e))
        raise ContentError(path, int(m.group(1)) if m else None, f"not valid TOML: {e}") from None
    lines = text.splitlines()

    def line_of(value: str) -> int | None:
        return next((i for i, ln in enumerate(lines, 1) if value and value in ln), None)

    unknown = set(data) - {"dictionary"}
    if unknown:
        raise ContentError(path, None, f"unknown key {sorted(unknown)[0]!r}; expected [[dictionary]] tables")
    entries = data.get("dictionary", [])
    if not isinstance(entries, list) or not entries:
        raise ContentError(path, None, "no [[dictionary]] entries")
    out = []
    for k, entry in enumerate(entries, start=1):
        where = f"dictionary #{k}"
        extra = set(entry) - {"name", "url"}
        if extra:
            raise ContentError(path, None, f"{where}: unknown key {sorted(extra)[0]!r} (keys are name, url)")
        name, url = entry.get("name"), entry.get("url")
        if not isinstance(name, str) or not name.strip():
            raise ContentError(path, line_of(str(url)) if url else None, f"{where}: needs a non-empty name")
        if not isinstance(url, str):
            raise ContentError(path, line_of(name), f"{where} ({name}): needs a url")
        if "{query}" not in url:
            raise ContentError(path, line_of(url), f"{where} ({name}): the url has no {{query}}: {url!r}")
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "https" or not parts.netloc:
            raise ContentError(path, line_of(url), f"{where} ({name}): only https:// URLs are linked, got {url!r}")
        out.append(Dictionary(name.strip(), url))
    return tuple(out)


@lru_cache(maxsize=8)
def _dictionaries_cached(path: str, mtime_ns: int) -> tuple[Dictionary, ...]:
    return parse_dictionaries(Path(path).read_text(encoding="utf-8"), path)


def load_dictionaries(path: Path | None = None) -> tuple[Dictionary, ...]:
    """The dictionaries of the data file (default dari/data/dictionaries.toml), re-read when it changes."""
    path = path or DICTIONARIES_PATH
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise ContentError(str(path), None, "the dictionary list is missing") from None
    return _dictionaries_cached(str(path), mtime)


# ---------------------------------------------------------------------------------------
# Reading: the stored analysis


def analysis_path(content_dir: Path, slug: str) -> Path:
    """``content/<slug>.analysis.json``; refuses anything that is not a document name."""
    if not is_slug(slug):
        raise KeyError(slug)
    return content_dir / f"{slug}{SUFFIX}"


def _word_analysis(surface: str, entry: dict[str, Any], dictionaries: Sequence[Dictionary],
                   memo: dict | None = None) -> WordAnalysis:
    """``memo`` shares links and morphemes between words of one file: lemmas and
    (form, tag) pairs repeat heavily, and URL quoting dominated loading long documents."""
    memo = {} if memo is None else memo
    lemma = entry["lemma"]
    links = memo.get(lemma)
    if links is None:
        links = memo[lemma] = tuple(d.link(lemma) for d in dictionaries)
    morphemes = []
    for form, tag in entry["morphemes"]:
        m = memo.get((form, tag))
        if m is None:
            m = memo[(form, tag)] = Morpheme(form, tag, gloss(form, tag))
        morphemes.append(m)
    return WordAnalysis(
        surface=surface,
        lemma=lemma,
        pos=entry["pos"],
        romanization=entry["romanization"],
        morphemes=tuple(morphemes),
        glossary=None,
        links=links,
    )


def _line_of(text: str, key: str) -> int | None:
    at = text.find(json.dumps(key, ensure_ascii=False))
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _check_word(segment: str, entry: Any, previous_end: int) -> str | None:
    """What is wrong with one stored word, or None."""
    if not isinstance(entry, dict) or set(entry) != _WORD_KEYS:
        return f"a word must have exactly the keys {', '.join(sorted(_WORD_KEYS))}"
    start, end = entry["start"], entry["end"]
    # type() rather than isinstance(): JSON true is a bool, and bool is an int to Python.
    if not (type(start) is int and type(end) is int and previous_end <= start < end <= len(segment)):
        return f"word offsets {start}-{end} do not fit the segment (length {len(segment)}) in order"
    if not all(isinstance(entry[k], str) for k in ("lemma", "pos", "romanization")):
        return f"word {segment[start:end]!r}: lemma, pos and romanization must be strings"
    morphemes = entry["morphemes"]
    if not isinstance(morphemes, list) or not all(
        isinstance(m, list) and len(m) == 2 and all(isinstance(x, str) for x in m) for m in morphemes
    ):
        return f"word {segment[start:end]!r}: morphemes must be [form, tag] pairs"
    return None


def _segment_words(segment: str, value: Any, path: str, line: Callable[[], int | None],
                   dictionaries: Sequence[Dictionary], memo: dict) -> tuple[tuple[Word, ...], str]:
    """One stored segment, checked: its words and its sentence romanization. ``line`` finds
    the segment's line for a message (only called on an error: it searches the file)."""
    if not isinstance(value, dict) or not isinstance(value.get("words"), list) \
            or not isinstance(value.get("romanization"), str):
        raise ContentError(path, line(), f"segment {segment!r} needs \"romanization\" (text) and \"words\" (a list)")
    out = []
    previous_end = 0
    for entry in value["words"]:
        problem = _check_word(segment, entry, previous_end)
        if problem:
            raise ContentError(path, line(), f"segment {segment!r}: {problem}")
        previous_end = entry["end"]
        surface = segment[entry["start"]:entry["end"]]
        out.append(Word(entry["start"], entry["end"], _word_analysis(surface, entry, dictionaries, memo)))
    return tuple(out), value["romanization"]


def _json(text: str | bytes, path: str, line: int | None = None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        at = e.lineno if line is None else line + e.lineno - 1
        raise ContentError(path, at, f"not valid JSON: {e.msg} (column {e.colno})") from None
    except RecursionError:
        raise ContentError(path, line, "not valid analysis JSON: nested too deeply") from None
    except ValueError as e:  # e.g. an integer of more digits than Python converts
        raise ContentError(path, line, f"not valid analysis JSON: {e}") from None


def _check_format(data: Any, path: str) -> None:
    if not isinstance(data, dict) or type(data.get("format")) is not int or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise ContentError(path, None, f"unsupported analysis format {found!r} (this Dari reads {FORMAT}); "
                                       "run `python -m dari analyse` to rebuild it")


def parse_analysis(text: str, path: str = "<analysis>",
                   dictionaries: Sequence[Dictionary] = ()) -> DocumentAnalysis:
    """A stored analysis (the JSON text) as a DocumentAnalysis; ContentError if malformed."""
    data = _json(text, path)
    _check_format(data, path)
    segments = data.get("segments")
    if not isinstance(segments, dict):
        raise ContentError(path, None, "no \"segments\" object")
    words: dict[str, tuple[Word, ...]] = {}
    romanization: dict[str, str] = {}
    memo: dict = {}
    for segment, value in segments.items():
        words[segment], romanization[segment] = _segment_words(
            segment, value, path, lambda segment=segment: _line_of(text, segment), dictionaries, memo)
    return DocumentAnalysis(words=words, romanization=romanization)


@dataclass(frozen=True, eq=False)
class AnalysisIndex:
    """A stored analysis file, indexed but not parsed: :meth:`load` parses only the segments asked for.

    A page of a long document shows 40 of its blocks; parsing and validating the analysis
    of all 2,100 blocks of a 100x article took most of its first run (1.4 s) and held
    ~140 MB. The file is written by :func:`format_analysis` with one segment per run of
    lines, so the index is one pass over the lines: where each segment's object starts and
    ends. A file not in that layout (edited by hand, still valid JSON) is parsed whole,
    once, so it reads the same either way.
    """

    path: str
    data: bytes
    spans: dict[str, tuple[int, int, int]]  # segment text -> (start byte, end byte, 1-based line)
    parsed: DocumentAnalysis | None = None  # the whole file, when it is not in the indexed layout
    dictionaries: tuple[Dictionary, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.spans) or bool(self.parsed)

    def __len__(self) -> int:
        return len(self.parsed.words) if self.parsed is not None else len(self.spans)

    def lemmas(self) -> tuple[tuple[str, str], ...]:
        """Every (dictionary form, part of speech) of the document, each once, in order, without
        parsing the words: one regex pass over the stored word lines (format_analysis writes
        each word's keys sorted: ..., "lemma", "morphemes", "pos", ...). What a reader's
        known share of a document is counted over."""
        if self.parsed is not None:
            pairs = ((w.analysis.lemma, w.analysis.pos) for ws in self.parsed.words.values() for w in ws)
            return tuple(dict.fromkeys(p for p in pairs if p[0]))
        found = dict.fromkeys(
            (json.loads(m.group(1)), json.loads(m.group(2))) for m in _WORD_LEMMA.finditer(self.data))
        return tuple(k for k in found if isinstance(k[0], str) and isinstance(k[1], str) and k[0])

    def load(self, texts: Iterable[str]) -> DocumentAnalysis:
        """The analyses of these segments (those the file has); ContentError if one is malformed."""
        wanted = list(dict.fromkeys(texts))
        if self.parsed is not None:
            words = {t: self.parsed.words[t] for t in wanted if t in self.parsed.words}
            return DocumentAnalysis(words=words, romanization={t: self.parsed.romanization[t] for t in words})
        words: dict[str, tuple[Word, ...]] = {}
        romanization: dict[str, str] = {}
        memo: dict = {}
        for text in wanted:
            span = self.spans.get(text)
            if span is None:
                continue
            start, end, line = span
            value = _json(self.data[start:end], self.path, line)
            words[text], romanization[text] = _segment_words(text, value, self.path, lambda line=line: line,
                                                              self.dictionaries, memo)
        return DocumentAnalysis(words=words, romanization=romanization)


_WORD_LEMMA = re.compile(rb'"lemma": ("(?:[^"\\\n]|\\.)*"), "morphemes": \[.*?\], "pos": ("(?:[^"\\\n]|\\.)*")')
_SEGMENT_START = re.compile(rb'\n  ("(?:[^"\\\n]|\\.)*"): \{\n')
_SEGMENT_END = re.compile(rb"\n  \},?(?=\n)")
_HEAD = b'{\n "format": '


def index_analysis(data: bytes, path: str = "<analysis>",
                   dictionaries: Sequence[Dictionary] = ()) -> AnalysisIndex:
    """Index a stored analysis (see :class:`AnalysisIndex`). Checks the format and that
    the file is UTF-8; each segment is checked when it is loaded."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ContentError(path, None, f"not UTF-8 ({e.reason})") from None
    spans: dict[str, tuple[int, int, int]] = {}
    layout_ok = data.startswith(_HEAD)
    if layout_ok:
        first_line_end = data.find(b"\n", len(_HEAD))
        _check_format(_json(b"{" + data[2:first_line_end].rstrip(b",") + b"}", path, 2), path)
        newlines, counted_to = 0, 0
        for m in _SEGMENT_START.finditer(data):
            end = _SEGMENT_END.search(data, m.end() - 1)
            quoted = m.group(1)
            # Keys without escapes are their own UTF-8 bytes between the quotes: skip json.
            key = quoted[1:-1].decode("utf-8") if b"\\" not in quoted else _json(quoted, path)
            if end is None or not isinstance(key, str) or key in spans:
                layout_ok = False
                break
            newlines += data.count(b"\n", counted_to, m.start() + 1)
            counted_to = m.start() + 1
            spans[key] = (m.end() - 2, end.start() + 4, newlines + 1)  # "{" .. "}", the key's line
        layout_ok = layout_ok and (bool(spans) or b'"segments": {}' in data)
    if layout_ok:
        return AnalysisIndex(path, data, spans, None, tuple(dictionaries))
    return AnalysisIndex(path, b"", {}, parse_analysis(data.decode("utf-8"), path, dictionaries), tuple(dictionaries))


def open_analysis(content_dir: Path, slug: str) -> AnalysisIndex:
    """A document's stored analysis, indexed for loading page by page; empty if there is none.

    No Kiwi here: this is what the reading page calls.
    """
    path = analysis_path(content_dir, slug)
    try:
        data = read_bytes(path, content_dir, limit=MAX_ANALYSIS_BYTES)
    except FileNotFoundError:
        return AnalysisIndex(str(path), b"", {})
    except OSError as e:
        raise ContentError(str(path), None, str(e).removeprefix(f"{path}: ")) from None
    return index_analysis(data, str(path), load_dictionaries())


def load_analysis(content_dir: Path, slug: str) -> DocumentAnalysis:
    """The stored word analyses of a document; empty if it has not been analysed yet.

    No Kiwi here: this is what the reading page calls.
    """
    path = analysis_path(content_dir, slug)
    try:
        text = read_bytes(path, content_dir, limit=MAX_ANALYSIS_BYTES).decode("utf-8")
    except FileNotFoundError:
        return DocumentAnalysis()
    except UnicodeDecodeError as e:
        raise ContentError(str(path), None, f"not UTF-8 ({e.reason})") from None
    except OSError as e:
        raise ContentError(str(path), None, str(e).removeprefix(f"{path}: ")) from None
    return parse_analysis(text, str(path), load_dictionaries())


def word_at(analysis: DocumentAnalysis, segment_ko: str, offset: int) -> Word | None:
    """The word of a segment that covers character ``offset``, if any (None on a space or punctuation)."""
    words = analysis.words.get(segment_ko) or analysis.words.get(nfc(segment_ko)) or ()
    i = bisect.bisect_right([w.start for w in words], offset) - 1
    if i >= 0 and words[i].start <= offset < words[i].end:
        return words[i]
    return None


def glossary_term(occurrences: Iterable[Occurrence], start: int, end: int) -> str | None:
    """The glossary headword a word [start, end) holds: the term of the occurrence that
    overlaps it most (the earliest on a tie). Occurrences come from dari.library.glossary.find_occurrences."""
    best: tuple[int, int, str] | None = None
    for o in occurrences:
        overlap = min(end, o.end) - max(start, o.start)
        if overlap > 0 and (best is None or (overlap, -o.start) > best[:2]):
            best = (overlap, -o.start, o.term)
    return best[2] if best else None


# ---------------------------------------------------------------------------------------
# Ahead of time: analysing with Kiwi (imported only inside these functions)


def _word_entry(text: str, parsed: ParsedWord) -> dict[str, Any]:
    from dari.language.morphology import NOMINAL_TAGS, base_tag
    from dari.language.romanize import romanize

    start, end = parsed.start, parsed.end
    nouns = [(max(t.start, start) - start, min(t.end, end) - start)
             for t in parsed.tokens if base_tag(t.tag) in NOMINAL_TAGS]
    return {
        "start": start,
        "end": end,
        "lemma": parsed.lemma,
        "pos": parsed.pos,
        "romanization": romanize(text[start:end], nouns),
        "morphemes": [[t.form, t.tag] for t in parsed.tokens],
    }


def _sentence_romanization(text: str, entries: Sequence[dict[str, Any]]) -> str:
    """The words' romanizations with the text between them (spaces, punctuation) kept."""
    out, pos = [], 0
    for e in entries:
        out += [text[pos:e["start"]], e["romanization"]]
        pos = e["end"]
    out.append(text[pos:])
    return " ".join("".join(out).split())


def analyse_segment(text: str) -> dict[str, Any]:
    """The stored entry of one segment: its romanization and words (runs Kiwi)."""
    from dari.language.morphology import analyse_text

    text = nfc(text)
    entries = [_word_entry(text, w) for w in analyse_text(text)]
    return {"romanization": _sentence_romanization(text, entries), "words": entries}


def tools() -> dict[str, str]:
    from dari.language.morphology import versions
    from dari.language.romanize import version

    return {**versions(), "ko-pron": version()}


def analyse_document(doc: Document) -> dict[str, Any]:
    """The analysis file's content for a document (runs Kiwi on every segment and the title)."""
    return {
        "format": FORMAT,
        "segments": {text: analyse_segment(text) for text in doc.texts},
        "tools": tools(),
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def format_analysis(data: dict[str, Any]) -> str:
    """The file text: keys sorted, one word per line, UTF-8 Hangul; same data, same bytes."""
    lines = ["{", f' "format": {_dumps(data["format"])},', ' "segments": {']
    segments = sorted(data["segments"].items())
    for k, (text, entry) in enumerate(segments):
        lines += [f"  {_dumps(text)}: {{", f'   "romanization": {_dumps(entry["romanization"])},', '   "words": [']
        words = entry["words"]
        lines += [f"    {_dumps(w)}{',' if i < len(words) - 1 else ''}" for i, w in enumerate(words)]
        lines += ["   ]", "  }" + ("," if k < len(segments) - 1 else "")]
    lines += [" },", f' "tools": {_dumps(data["tools"])}', "}"]
    return "\n".join(lines) + "\n"


def write_analysis(content_dir: Path, doc: Document) -> Path:
    """Analyse a document and store the result atomically next to it."""
    path = analysis_path(content_dir, doc.slug)
    write_atomic(path, format_analysis(analyse_document(doc)))
    return path


# ---------------------------------------------------------------------------------------
# One word, on demand (the command line): Kiwi is loaded here


def locate_word(word: str, sentence: str) -> tuple[int, int]:
    """[start, end) of ``word`` among the words of ``sentence`` (first occurrence).

    Punctuation around the word is ignored on both sides ("썩었다." finds 썩었다).
    Raises ValueError if the sentence has no such word.
    """
    from dari.language.morphology import word_spans

    word, sentence = nfc(word).strip(), nfc(sentence)
    own = word_spans(word)
    if len(own) != 1:
        raise ValueError(f"{word!r} is not one word")
    target = word[own[0][0]:own[0][1]]
    spans = word_spans(sentence)
    for start, end in spans:
        if sentence[start:end] == target:
            return start, end
    words = ", ".join(sentence[s:e] for s, e in spans)
    raise ValueError(f"{target!r} is not a word of the sentence (its words: {words})")


def lookup(
    word: str,
    sentence: str | None = None,
    *,
    find_terms: Callable[[str], Iterable[Occurrence]] | None = None,
) -> WordAnalysis:
    """Analyse one word with Kiwi, where it stands in ``sentence`` if given, else alone.

    The same analysis the page shows from the stored file. ``find_terms`` (e.g.
    ``lambda text: dari.library.glossary.find_occurrences(text, glossary)``) fills in the glossary
    headword the word holds; without it ``glossary`` is None. Raises ValueError if the
    word is not one of the sentence's words.
    """
    from dari.language.morphology import analyse_text

    text = nfc(sentence if sentence is not None else word).strip()
    start, end = locate_word(word, text)
    parsed = next(w for w in analyse_text(text) if w.start == start)
    analysis = _word_analysis(text[start:end], _word_entry(text, parsed), load_dictionaries())
    if find_terms is not None:
        analysis = replace(analysis, glossary=glossary_term(find_terms(text), start, end))
    return analysis
