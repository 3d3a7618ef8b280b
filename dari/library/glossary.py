"""The glossary: Korean terms of the articles, found in Korean and English text.

The glossary is a PO catalog, ``locales/en/LC_MESSAGES/glossary.po``, one entry per term::

    # The note: one short English paragraph, may span several lines.
    #. category: technical
    #. romanization: ekochaembeo
    #. variants: 에코 챔버
    msgctxt "glossary"
    msgid "에코챔버"
    msgstr "echo chamber; echo chambers"

Korean writes the same term with and without spaces (자연어처리 / 자연어 처리) and glues
particles and endings to it (에코 챔버란, 넘사벽에), so a term is not a token and plain
substring search misses it. Matching therefore runs on a *folded* copy of the text (NFC,
case-folded) while skipping horizontal spaces, and only at the start of a word; the
particle needs no rule because it follows the term. Offsets always refer to the text as
given, even when that text was decomposed (NFD).

Everything here is pure Python; the indexes are built once in :func:`build_glossary`
(the UI caches the :class:`Glossary`), so finding the terms of a segment is a single
pass over it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from dari.library.catalog import read_catalog
from dari.models import Category, ContentError, Document, GlossaryEntry, Occurrence
from dari.text import nfc

CONTEXT = "glossary"  # the msgctxt of every glossary entry
MAX_QUERY = 100  # characters of a glossary search: a 2 MB query cost ~4 s of CPU a rerun
SEPARATOR = ";"  # between English equivalents, and between variants
KEYS = ("category", "romanization", "variants")  # the "#." lines an entry may carry

# Spaces a term may gain or lose inside it. Line breaks are not among them: a term never
# spans two lines. Zero-width space and BOM are there because web text uses them as spaces.
_SPACES = frozenset(" \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                    "\u2009\u200a\u202f\u205f\u3000\u200b\ufeff")
# A term may start only where a word starts: not after a letter or digit (Hangul, Latin,
# any script) nor after a combining mark that belongs to the previous letter.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u302e\u302f\u3099\u309a"
_WORD_START = r"(?<![^\W_])(?<![" + _MARKS + "])"
_TERMINAL = ""  # key of the trie slot holding the term that ends at a node ("" is never a character)


def _is_latin_alnum(ch: str) -> bool:
    """Latin letters and digits: the characters that continue a Latin word (AI, M1)."""
    return ch.isalnum() and (ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" or "\uff10" <= ch <= "\uff5a")


def _fold_chars(text: str) -> str:
    """The comparison form of a piece of text: NFC, case-folded (casefold may decompose, so NFC again)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def term_key(term: str) -> str:
    """What a Korean term is matched as: folded, without spaces. ``term_key("AI 칩") == "ai칩"``."""
    return "".join(ch for ch in _fold_chars(term) if ch not in _SPACES)


@dataclass(frozen=True)
class _Folded:
    """A text in comparison form, with the way back to the text as given.

    ``text`` is NFC and case-folded. When the given text already was NFC and casefold
    kept its length, position i of ``text`` is position i of the original (``starts`` is
    None). Otherwise each folded character knows the [start, end) of the original cluster
    it came from (a decomposed syllable ᄀ+ᅡ+ᆨ folds to 각 and maps back to all three
    jamo), and ``aligned[i]`` says whether a cluster begins at i: a match may only begin
    and end on such boundaries, so it never cuts a syllable.
    """

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None
    aligned: bytes | None = None

    def span(self, i: int, j: int) -> tuple[int, int] | None:
        """Original offsets of folded [i, j), or None if that range cuts a cluster."""
        if self.starts is None or self.ends is None or self.aligned is None:
            return i, j
        if not self.aligned[i] or (j < len(self.text) and not self.aligned[j]):
            return None
        return self.starts[i], self.ends[j - 1]


def _fold(text: str) -> _Folded:
    if unicodedata.is_normalized("NFC", text):
        folded = text.casefold()
        if len(folded) == len(text):  # casefold maps each character to one or more: equal length means 1:1
            return _Folded(folded)
    # Slow path (decomposed input, or ß-like case folding): split into clusters that
    # normalise on their own, i.e. a character joins the cluster before it when it
    # is a combining mark or when NFC would compose or reorder it with that cluster.
    starts: list[int] = []
    ends: list[int] = []
    aligned = bytearray()
    out: list[str] = []

    def close(a: int, b: int) -> None:
        piece = _fold_chars(text[a:b])
        for k, ch in enumerate(piece):
            out.append(ch)
            starts.append(a)
            ends.append(b)
            aligned.append(1 if k == 0 else 0)

    begin = 0
    for i in range(1, len(text)):
        ch = text[i]
        cluster = text[begin:i]
        joins = unicodedata.combining(ch) != 0 or (
            unicodedata.normalize("NFC", cluster + ch) != unicodedata.normalize("NFC", cluster) + ch
        )
        if not joins:
            close(begin, i)
            begin = i
    if text:
        close(begin, len(text))
    return _Folded("".join(out), tuple(starts), tuple(ends), bytes(aligned))


@dataclass(frozen=True, eq=False)
class KoreanMatcher:
    """All Korean spellings of all terms, as one trie over their keys.

    ``trie`` maps a character to the next node; a node's ``""`` slot holds
    ``(headword, latin_end)`` when a spelling ends there. ``word_starts`` finds the
    positions where a spelling may begin (a word start whose character begins some
    spelling), so the Python loop only runs where a term is possible.
    """

    trie: dict
    word_starts: re.Pattern[str]

    @classmethod
    def build(cls, spellings: Mapping[str, str]) -> KoreanMatcher:
        """``spellings`` maps a term key (see :func:`term_key`) to its headword."""
        root: dict = {}
        for key, headword in spellings.items():
            node = root
            for ch in key:
                node = node.setdefault(ch, {})
            node[_TERMINAL] = (headword, _is_latin_alnum(key[-1]))
        firsts = "".join(re.escape(ch) for ch in sorted(k for k in root if k != _TERMINAL))
        pattern = _WORD_START + "[" + firsts + "]" if firsts else r"(?!)"
        return cls(trie=root, word_starts=re.compile(pattern))

    def candidates(self, folded: str) -> list[tuple[int, int, int, str]]:
        """Every spelling that starts at a word start: (length, start, end, headword), folded offsets.

        Spaces are skipped while walking the trie, so 에코 챔버 and 에코챔버 are the same
        walk; the match ends after its last character, never on a space.
        """
        found = []
        n = len(folded)
        spaces = _SPACES
        combining = unicodedata.combining
        for m in self.word_starts.finditer(folded):
            node = self.trie
            j = m.start()
            depth = 0
            while j < n:
                ch = folded[j]
                if ch in spaces:
                    j += 1
                    continue
                node = node.get(ch)
                if node is None:
                    break
                j += 1
                depth += 1
                hit = node.get(_TERMINAL)
                if hit is None:
                    continue
                if j < n:
                    after = folded[j]
                    # A combining mark NFC could not fold in makes the last letter another
                    # grapheme (글́): no match ends between a letter and its mark. And a term
                    # ending in a Latin letter or digit (AI) must not run on into more Latin
                    # (AIR): a particle after a term is Hangul, never Latin.
                    if combining(after) or (hit[1] and _is_latin_alnum(after)):
                        continue
                found.append((depth, m.start(), j, hit[0]))
        return found


@dataclass(frozen=True)
class _SearchFields:
    """One entry's searchable strings, folded once: (kind, key); kind 0 = Korean, 1 = English, 2 = romanization."""

    entry: GlossaryEntry
    keys: tuple[tuple[int, str], ...]
    words: str  # every key, one per line: for multi-word queries matching in any order


@dataclass(frozen=True, eq=False)
class Glossary:
    """A loaded glossary with its indexes. Build it with :func:`load_glossary` or :func:`build_glossary`.

    Read-only and shared (the UI caches one instance for every user): the mappings are
    read-only views. Compared and hashed by identity.
    """

    entries: tuple[GlossaryEntry, ...]
    by_headword: Mapping[str, GlossaryEntry]
    matcher: KoreanMatcher
    english_patterns: Mapping[str, re.Pattern[str]]  # headword -> its English equivalents
    search_fields: tuple[_SearchFields, ...]
    source: str = "<glossary>"

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)


# ---------------------------------------------------------------------------------------
# Loading


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(SEPARATOR) if part.strip())


def load_glossary(path: Path) -> Glossary:
    """Read and check a glossary PO file. Any malformed entry raises ContentError naming the file and line.

    Obsolete (``#~``) and fuzzy entries are skipped, as msgfmt skips them: a fuzzy
    entry is a draft the translator has not confirmed.
    """
    po = read_catalog(path)
    source = str(path)
    entries: list[GlossaryEntry] = []
    lines: list[int] = []
    for e in po:
        if e.obsolete or "fuzzy" in e.flags:
            continue
        line = e.linenum
        headword = e.msgid.strip()
        where = f"entry {headword!r}"
        if e.msgctxt != CONTEXT:
            raise ContentError(source, line, f"{where}: expected msgctxt {CONTEXT!r}, got {e.msgctxt!r}")
        if not headword:
            raise ContentError(source, line, "an entry has an empty msgid (the Korean headword)")
        meta: dict[str, str] = {}
        for raw in nfc(e.comment or "").split("\n"):
            if not raw.strip():
                continue
            key, colon, value = raw.partition(":")
            key = key.strip().lower()
            if not colon or key not in KEYS:
                raise ContentError(
                    source, line, f"{where}: unknown comment line '#. {raw.strip()}' "
                    f"(expected '#. key: value' with key one of {', '.join(KEYS)})",
                )
            if key in meta:
                raise ContentError(source, line, f"{where}: '#. {key}:' given twice")
            meta[key] = value.strip()
        try:
            category = Category(meta.get("category", ""))
        except ValueError:
            raise ContentError(
                source, line, f"{where}: category {meta.get('category')!r} is not one of "
                f"{', '.join(c.value for c in Category)}",
            ) from None
        romanization = meta.get("romanization", "")
        if not romanization:
            raise ContentError(source, line, f"{where}: no '#. romanization:' line")
        english = _split_list(e.msgstr)
        if not english:
            raise ContentError(source, line, f"{where}: no English (msgstr is empty)")
        entries.append(GlossaryEntry(
            headword=headword,
            variants=tuple(dict.fromkeys(_split_list(meta.get("variants", "")))),
            english=english,
            romanization=romanization,
            category=category,
            note=" ".join(part.strip() for part in nfc(e.tcomment or "").split("\n") if part.strip()),
        ))
        lines.append(line)
    return build_glossary(entries, source=source, lines=lines)


def build_glossary(
    entries: Iterable[GlossaryEntry], *, source: str = "<glossary>", lines: Sequence[int] | None = None,
) -> Glossary:
    """Index entries for matching and search. Raises ContentError when two entries claim one spelling.

    Spellings are compared by :func:`term_key`, so 에코챔버 and 에코 챔버 are one spelling:
    a variant that only differs from its own headword by spacing is harmless (and kept
    for display), but if it belongs to two entries no one could say which term was meant.
    """
    entries = tuple(entries)
    owners: dict[str, int] = {}  # term key -> index of the entry that spells it so
    for k, entry in enumerate(entries):
        line = lines[k] if lines is not None else None
        for n, spelling in enumerate((entry.headword, *entry.variants)):
            kind = "headword" if n == 0 else "variant"
            key = term_key(spelling)
            if not key or any(ch.isspace() for ch in key):
                raise ContentError(source, line, f"{kind} {spelling!r} is empty or spans lines")
            other = owners.setdefault(key, k)
            if other != k:
                first = entries[other]
                at = f" (line {lines[other]})" if lines is not None else ""
                what = "the headword" if term_key(first.headword) == key else "a variant"
                raise ContentError(
                    source, line,
                    f"{kind} {spelling!r} of entry {entry.headword!r} duplicates {what} of entry "
                    f"{first.headword!r}{at} (spacing and case are ignored)",
                )
    spellings = {key: entries[k].headword for key, k in owners.items()}
    return Glossary(
        entries=entries,
        by_headword=MappingProxyType({e.headword: e for e in entries}),
        matcher=KoreanMatcher.build(spellings),
        english_patterns=MappingProxyType({e.headword: english_pattern(e.english) for e in entries}),
        search_fields=tuple(_search_fields(e) for e in entries),
        source=source,
    )


# ---------------------------------------------------------------------------------------
# Korean side


def _longest_first(candidates: list[tuple], size: int) -> list[tuple[int, int, str]]:
    """Keep non-overlapping candidates, longest first, then leftmost; return them in text order.

    A candidate is (length, start, end, headword, *tie-breakers); the tie-breakers,
    smallest first, decide between equally long candidates at one start.

    With 구글 and 구글 클라우드 both found at one place, 구글 클라우드 wins. A shorter
    candidate survives if it does not touch a winner: with AB, ABC and CDEF over
    "ABCDEF", CDEF wins, ABC loses (it shares C), and AB is kept.
    """
    if len(candidates) <= 1:
        return [(s, e, h) for _, s, e, h, *_ in candidates]
    taken = bytearray(size)
    kept = []
    for _length, s, e, headword, *_ in sorted(candidates, key=lambda c: (-c[0], c[1], *c[4:])):
        if taken.find(1, s, e) == -1:
            taken[s:e] = b"\x01" * (e - s)
            kept.append((s, e, headword))
    kept.sort()
    return kept


def find_occurrences(text: str, glossary: Glossary) -> list[Occurrence]:
    """Every glossary term in a Korean text, in text order, never overlapping.

    Found whatever the spacing (자연어 처리 for 자연어처리), with particles attached (the
    span of 엣지 컴퓨팅에서 covers 엣지 컴퓨팅 only), in either Latin case, and in
    decomposed text; never inside a longer word (파라미터 is not in 하이퍼파라미터).
    ``text[o.start:o.end] == o.surface`` for the text as given.
    """
    folded = _fold(text)
    candidates = glossary.matcher.candidates(folded.text)
    if folded.starts is None:  # the text was NFC already: folded offsets are the text's offsets
        return [Occurrence(term=h, start=s, end=e, surface=text[s:e])
                for s, e, h in _longest_first(candidates, len(text))]
    found = []
    for s, e, headword in _longest_first([c for c in candidates if folded.span(c[1], c[2])], len(folded.text)):
        a, b = folded.span(s, e) or (s, e)  # never None: filtered above
        found.append(Occurrence(term=headword, start=a, end=b, surface=text[a:b]))
    return found


def occurrences_in_document(doc: Document, glossary: Glossary) -> dict[str, list[Occurrence]]:
    """Segment id -> the glossary terms in its Korean text. Segments without any are left out."""
    result = {}
    for seg in doc.segments:
        found = find_occurrences(seg.ko, glossary)
        if found:
            result[seg.id] = found
    return result


# ---------------------------------------------------------------------------------------
# English side


def english_pattern(equivalents: Iterable[str]) -> re.Pattern[str]:
    """A regex for English equivalents: case-insensitive whole words, longest first.

    Words may be separated by any spaces or a hyphen (self-driving / self driving). A
    translation should read as English, not be bent to the glossary's dictionary form, so
    a word written in lower case may take any regular inflection (acquire -> acquires,
    acquired, acquiring; cram -> crammed; chip -> chips; study -> studies), and a few
    common irregular verbs any of their forms (buy -> bought, is -> was, hold -> held),
    wherever it stands in the phrase (hold a candle to -> held a candle to). A
    capitalised word or acronym is a name: only the last word takes a plural ending
    (Googles, not Googled). A possessive is not part of the match (Musk's -> Musk), as a
    particle is not part of a Korean match. The group ``e<k>`` that matched tells which
    equivalent it was (``e0``: the preferred one).
    """
    return _english_regex(tuple(equivalents))


# Irregular verbs an English equivalent may use (weight class is king -> was king). Each
# row is one verb; a word in any of its forms matches all of them.
_IRREGULAR = (
    ("be", "is", "are", "was", "were", "been", "being", "am"),
    ("have", "has", "had", "having"),
    ("do", "does", "did", "done", "doing"),
    ("go", "goes", "went", "gone", "going"),
    ("buy", "buys", "bought", "buying"),
    ("hold", "holds", "held", "holding"),
    ("take", "takes", "took", "taken", "taking"),
    ("make", "makes", "made", "making"),
    ("put", "puts", "putting"),
    ("get", "gets", "got", "gotten", "getting"),
    ("win", "wins", "won", "winning"),
    ("grow", "grows", "grew", "grown", "growing"),
    ("run", "runs", "ran", "running"),
    ("bring", "brings", "brought", "bringing"),
    ("think", "thinks", "thought", "thinking"),
)
_IRREGULAR_FORMS = {form: row for row in _IRREGULAR for form in row}
_VOWELS = "aeiou"


def _inflections(word: str) -> tuple[str, ...]:
    """The forms a lower-case English word may take: itself, -s/-es, -ed, -ing, spelled as English spells them."""
    if word in _IRREGULAR_FORMS:
        return _IRREGULAR_FORMS[word]
    if len(word) < 3 or not word.isalpha() or not word.isascii():
        return (word,)
    forms = [word]
    if word.endswith("e") and not word.endswith("ee"):  # acquire: acquires, acquired, acquiring
        forms += [word + "s", word + "d", word[:-1] + "ing"]
    elif word[-1] == "y" and word[-2] not in _VOWELS:  # study: studies, studied, studying
        forms += [word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    elif word.endswith(("s", "x", "z", "ch", "sh")):  # push: pushes, pushed, pushing
        forms += [word + "es", word + "ed", word + "ing"]
    else:
        forms += [word + "s", word + "es", word + "ed", word + "ing"]  # echo: echoes
        # consonant-vowel-consonant doubles its last letter: cram -> crammed, chip -> chipping
        if word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS and word[-3] not in _VOWELS:
            forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    return tuple(forms)


def _word_regex(word: str, last: bool) -> str:
    if word.islower():
        return "(?:" + "|".join(re.escape(f) for f in sorted(set(_inflections(word)), key=lambda f: (-len(f), f))) + ")"
    if not last:
        return re.escape(word)
    if re.search(r"[^aeiou]y$", word, re.IGNORECASE):
        return re.escape(word[:-1]) + "(?:y|ies)"
    return re.escape(word) + "(?:e?s)?"


@lru_cache(maxsize=4096)  # find_english gets an entry, not a Glossary: do not rebuild its regex per call
def _english_regex(equivalents: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = []
    ranked = dict.fromkeys(nfc(e).strip() for e in equivalents)
    for rank, equivalent in sorted(enumerate(ranked), key=lambda r: (-len(r[1]), r[0])):
        words = [w for w in re.split(r"[\s\-\u2010\u2011]+", equivalent) if w]
        if not words:
            continue
        body = r"[\s\-\u2010\u2011]+".join(_word_regex(w, k == len(words) - 1) for k, w in enumerate(words))
        alternatives.append(f"(?P<e{rank}>{body})")
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def find_english(text: str, entry: GlossaryEntry) -> list[tuple[int, int]]:
    """Where an entry's English equivalents occur in a text: (start, end) pairs, end exclusive."""
    return [m.span() for m in english_pattern(entry.english).finditer(text)]


def find_english_occurrences(text: str, terms: Iterable[str], glossary: Glossary) -> list[Occurrence]:
    """The English of the given terms (headwords) in an aligned English segment.

    ``Occurrence.term`` is the Korean headword, so a Korean occurrence and its English
    light up together. Where equivalents of two terms overlap (Google / Google Cloud),
    the longest wins, then the leftmost. Where two terms claim the very same words, the
    term whose *preferred* English it is wins: "Tensor Processing Unit" goes to
    텐서 프로세서 유닛 (its first equivalent) rather than TPU (its second), then the
    term given first. Raises KeyError for a term not in the glossary.
    """
    candidates = []
    for order, headword in enumerate(dict.fromkeys(terms)):
        pattern = glossary.english_patterns[headword]
        candidates += [(m.end() - m.start(), m.start(), m.end(), headword, int(m.lastgroup[1:]), order)
                       for m in pattern.finditer(text)]
    return [Occurrence(term=h, start=s, end=e, surface=text[s:e])
            for s, e, h in _longest_first(candidates, len(text))]


# ---------------------------------------------------------------------------------------
# Search (the glossary panel)


def _search_key(text: str) -> str:
    """Folded, without spaces, hyphens or apostrophes: "Echo-Chamber" and "echo chamber" agree."""
    return "".join(ch for ch in _fold_chars(text) if not ch.isspace() and ch not in "-'’.\u2010\u2011")


def _search_fields(entry: GlossaryEntry) -> _SearchFields:
    # Kinds rank ties: Korean, then the preferred English, then other English, then romanization,
    # so "echo chamber" finds 에코챔버 (its preferred English) before 반향실 (an alternative).
    keys = [(0, _search_key(entry.headword)), *((0, _search_key(v)) for v in entry.variants),
            *((1 if i == 0 else 2, _search_key(en)) for i, en in enumerate(entry.english)),
            (3, _search_key(entry.romanization))]
    keys = list(dict.fromkeys(keys))
    return _SearchFields(entry=entry, keys=tuple(keys), words="\n".join(key for _, key in keys))


def search_entries(query: str, glossary: Glossary, category: Category | None = None) -> list[GlossaryEntry]:
    """Entries matching a query typed in the glossary panel, best first.

    The query is compared with the headword, variants, English and romanization,
    ignoring case, spaces and hyphens: 자연어 and "jayeon" find 자연어처리 (prefix),
    "edge comp" finds 엣지 컴퓨팅, "Echo Chamber" finds 에코챔버 (exact). Ranking: exact,
    then prefix, then substring, then all query words found somewhere in the entry in
    any order; within a rank, Korean fields before the preferred English before other English
    before romanization, then
    the closest in length, then by headword. An empty query lists every entry (of the
    category, if given) by headword.
    """
    pool = [f for f in glossary.search_fields if category is None or f.entry.category == category]
    query = query[:MAX_QUERY]
    q = _search_key(query)
    if not q:
        return sorted((f.entry for f in pool), key=lambda e: e.headword)
    words = [_search_key(w) for w in _fold_chars(query).split()]
    ranked = []
    for f in pool:
        best = None
        for kind, key in f.keys:
            if key == q:
                rank = 0
            elif key.startswith(q):
                rank = 1
            elif q in key:
                rank = 2
            else:
                continue
            score = (rank, kind, len(key) - len(q))
            if best is None or score < best:
                best = score
        if best is None and len(words) > 1 and all(w in f.words for w in words):
            best = (3, 0, 0)
        if best is not None:
            ranked.append((best, f.entry.headword, f.entry))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [entry for _, _, entry in ranked]
