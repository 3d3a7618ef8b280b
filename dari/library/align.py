"""Sentence alignment of a Korean text with its English translation.

The method is Gale and Church's (1993), as hunalign refines it: a dynamic programme over the
two sequences of sentences that chooses *beads* (1-1, 1-2, 2-1, 2-2, 1-0, 0-1 sentences)
minimising a cost made of

- **lengths**, calibrated for Korean against English. English has ``EN_PER_KO`` = 2.47
  non-space characters per Korean non-space character in the bundled article (its title and
  71 segments), with variance ``VARIANCE`` = 6.04 per Korean character (Gale and Church's s^2: the
  squared deviation ``(l_en - c*l_ko)^2`` regressed on ``l_ko``). Spaces are not counted
  because Korean spacing varies (자연어처리 / 자연어 처리). ``tests/test_align.py`` recomputes
  both from the article.
- **anchors** that survive translation: numbers with Korean units (2,000억 = 200 billion, via
  :mod:`dari.language.numbers`), Latin-script words and acronyms (TSMC, M1, A100, CEO,
  compared case-insensitively) and glossary terms with their English equivalents (names are in
  the glossary). A bead gains for each anchor found on both sides and pays for each found on
  one side only.
- **paragraphs**: a bead never crosses a Korean paragraph break; where the English has
  paragraphs too, a Korean break that does not meet an English one (or a bead that crosses
  an English break) costs ``PARAGRAPH_PENALTY``. Where the English has none, the Korean
  paragraphs give it its structure (:attr:`Alignment.en_paragraph_of`).

The search is banded, not the full n*m square: row i (Korean sentences before the cut) only
considers English cuts within ``band`` of where the cumulative lengths say it should be. With
``band=None`` it starts narrow and doubles the band while the best path touches its edge, so
a text with long insertions still aligns, and 2,000 x 2,000 sentences take well under 2 s.

Confidence is a posterior: the same programme run forward and backward with log-sum-exp
instead of min gives the probability, over all alignments weighted by exp(-cost), that a
bead is part of the alignment. Whether two texts are translations at all is a different
question (a length-only model aligns anything with something): :attr:`Alignment.related`
asks whether the anchors agree along the path far more than they would by chance.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dari.language.numbers import LOOSE_UNITS, english_quantities, korean_quantities
from dari.models import LOW_CONFIDENCE as _LOW_CONFIDENCE

if TYPE_CHECKING:
    from dari.library.glossary import Glossary

__all__ = ["LOW_CONFIDENCE", "Alignment", "Bead", "align", "english_sentence_spans", "split_english"]

# ---------------------------------------------------------------------------------------
# English sentences

# Abbreviations that never end a sentence before a capital (Mr. Smith, Dr. Kim, e.g. The).
_TITLES = frozenset(
    "mr mrs ms dr prof st mt sr jr gen gov sen rep rev lt col capt sgt messrs mme mlle fr vs cf e.g i.e etc al"
    .split())
# Abbreviations that may end a sentence: they end one only before a word that usually starts one.
_MAY_END = frozenset("inc ltd co corp llc plc bros u.s u.k u.n e.u a.m p.m".split())
# ... and those that never end one before a number (No. 1, Vol. 2, p. 12, Jan. 5).
_BEFORE_NUMBER = frozenset(
    "no nos nr vol vols p pp fig figs art ch sec jan feb mar apr jun jul aug sep sept oct nov dec".split())
_STARTERS = frozenset(
    "The A An But And So If It Its This That These Those There Then Now In On At As For When While Since "
    "Because However Yet Still Even Not With After Before Although Though We They He She You Our Their His "
    "Her What Why How Who Where Of Once Next Also Meanwhile Instead Besides Moreover Finally First Second "
    "Third Last".split())
_CLOSERS = "\"'”’)]}»›"
_OPENERS = "\"'“‘([{«‹"
_END = re.compile(r"[.?!…]+[" + re.escape(_CLOSERS) + r"]*(?=\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_WORDS = re.compile(r"\S+")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs: separated by blank lines; without any blank line, each non-empty line is one."""
    if _BLANK_LINE.search(text):
        spans, start = [], 0
        for m in _BLANK_LINE.finditer(text):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(text)))
    else:
        spans, start = [], 0
        for line in text.split("\n"):
            spans.append((start, start + len(line)))
            start += len(line) + 1
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[0] < s[1]]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _ends_sentence(text: str, start: int, end: int, m: re.Match[str]) -> bool:
    """Whether the punctuation matched at m ends a sentence (its paragraph is text[start:end])."""
    after = m.end()
    while after < end and text[after].isspace():
        after += 1
    if after >= end:
        return True
    nxt = text[after]
    punct = m.group().rstrip(_CLOSERS)
    if nxt.islower():
        return False  # "e.g. the", "... and so on", "i.e. a"
    if punct != ".":
        return True  # ? ! … .. and the like before a capital, digit, quote or another script
    before = _WORD_BEFORE.search(text, start, m.start())
    word = before.group(1).lower().rstrip(".") if before else ""
    if not word:
        return True
    following = _WORDS.match(text, after, end)
    next_word = following.group().strip(_OPENERS + _CLOSERS + ",;:") if following else ""
    if word in _TITLES:
        return False
    if len(word) == 1 and before and before.group(1).isupper():
        return False  # an initial: J. K. Rowling
    if word in _BEFORE_NUMBER and nxt.isdigit():
        return False  # No. 1
    if word in _MAY_END or (len(word) > 2 and "." in word):  # U.S., Ph.D.: an abbreviation with dots
        return next_word in _STARTERS
    return True


def _lost_break(words: list[re.Match[str]], k: int) -> bool:
    """Whether a line break was lost before word k (no punctuation marks the boundary).

    A heading or a last line without a full stop runs into the next sentence when the text's
    line breaks are gone: "… is rotten The reason is …", "… Acquiring Twitter If Tesla, …".
    A sentence-starting function word, capitalised, right after a lower-case word without
    punctuation and followed by a lower-case word (sentence case on both sides) marks it.
    Headings in title case are :func:`_heading_ends`'s.
    """
    word = words[k].group()
    if word.rstrip(",;:") not in _STARTERS:
        return False  # also not after an opening quote: 'she wrote “It works.”' is quoted speech
    prev = words[k - 1].group()
    if not prev[-1].isalnum():
        return False  # "Musk, The" or "(SNS) The": punctuation already says something
    following = words[k + 1].group() if k + 1 < len(words) else ""
    if prev[0].islower() and following[:1].islower():
        return True
    return False


def _title_run(words: list[re.Match[str]], first: int, k: int) -> bool:
    """Whether words[first:k] look like a title-case heading: 3+ words, every long word capitalised."""
    run = [w.group() for w in words[first:k]]
    if len(run) < 3 or not run[-1][-1].isalnum():
        return False
    long_words = [w for w in run if len(w.strip(_OPENERS + _CLOSERS + ",:;'’s")) > 3]
    return bool(long_words) and all(w[0].isupper() or w[0].isdigit() for w in long_words)


def _heading_ends(words: list[re.Match[str]], first: int, k: int) -> bool:
    """Whether a title-case heading (words[first:k]) ran into a sentence starting at word k:
    a starter word, then sentence case again within four words ("… Acquiring Twitter If Tesla,
    already strong …"; but not "The Rise and Fall of The Roman Empire")."""
    word = words[k].group().strip(_OPENERS + ",;:")
    if not word[:1].isupper() or not _title_run(words, first, k):
        return False
    following = [w.group().strip(_OPENERS + _CLOSERS + ",;:") for w in words[k + 1:k + 5]]
    lower = sum(1 for w in following if len(w) > 3 and w[0].islower())
    # After a starter (If, The) one lower-case word shows sentence case is back; after any
    # other capitalised word ("… AI Technology Social media today is rotten") two must.
    if word in _STARTERS:
        return lower >= 1
    return lower >= 2 and bool(following) and following[0][:1].islower()  # the first lower-case word is next


_ANSWERED = re.compile(r"(?:Why|How|The reason|Reason)\?")
_ANSWER = re.compile(r"Because\b|Simple[:.]|It's simple")


def _sentence_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    cuts = []  # offsets where a sentence ends (exclusive)
    for m in _END.finditer(text, a, b):
        if _ends_sentence(text, a, b, m):
            cuts.append(m.end())
    # lost line breaks: inside each piece, before a starter word
    pieces = []
    start = a
    for cut in [*cuts, b]:
        s, e = _strip(text, start, cut)
        if s < e:
            pieces.append((s, e))
        start = cut
    spans = []
    for s, e in pieces:
        words = list(_WORDS.finditer(text, s, e))
        first = 0
        piece_start = s
        for k in range(1, len(words)):
            if _lost_break(words, k) or _heading_ends(words, first, k):
                spans.append(_strip(text, piece_start, words[k].start()))
                piece_start = words[k].start()
                first = k
        spans.append(_strip(text, piece_start, e))
    spans = [sp for sp in spans if sp[0] < sp[1]]
    # "Why? Because …": a one-word question answered by the next sentence is one unit,
    # the English of one Korean sentence (왜냐하면 …, 이유는 … 때문).
    merged: list[tuple[int, int]] = []
    for sp in spans:
        if merged and _ANSWERED.fullmatch(text[merged[-1][0]:merged[-1][1]]) and _ANSWER.match(text, sp[0]):
            merged[-1] = (merged[-1][0], sp[1])
        else:
            merged.append(sp)
    return merged


def english_sentence_spans(text: str) -> list[list[tuple[int, int]]]:
    """Like :func:`split_english`, as (start, end) offsets into ``text``."""
    return [_sentence_spans(text, a, b) for a, b in _paragraph_spans(text)]


def split_english(text: str) -> list[list[str]]:
    """Paragraphs of sentences of an English text.

    Paragraphs are separated by blank lines; a text without any blank line has one paragraph
    per non-empty line. A sentence ends at . ? ! … (with any closing quotes or brackets after
    it) before white space and a capital, digit, quote or another script; not after titles
    (Mr., Dr., e.g., i.e.), initials (J. K.), No./Vol./p. before a number, and not after
    abbreviations such as Inc. or U.S. unless a word that starts sentences follows.
    Decimals (1.6) and dotted names (Node.js) have no space after the dot and never split.
    A boundary whose line break was lost (a heading with no full stop, run into the next
    sentence) is recovered as :func:`_lost_break` describes.

    Every sentence is ``text[start:end]`` for some offsets, stripped; only white space between
    sentences is left out.
    """
    return [[text[s:e] for s, e in par] for par in english_sentence_spans(text)]


# ---------------------------------------------------------------------------------------
# The model

EN_PER_KO = 2.47  # English non-space characters per Korean one (bundled article: title + 71 segments)
VARIANCE = 6.04  # variance of English length per Korean character (ditto)

# -log prior of each bead type (Korean sentences, English sentences). Korean writers string
# clauses into long sentences that translators split, so 1-2 is as likely as 2-1.
BEADS = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1))
PRIOR = {
    (1, 1): -math.log(0.86), (1, 2): -math.log(0.05), (2, 1): -math.log(0.05),
    (2, 2): -math.log(0.01), (1, 0): -math.log(0.015), (0, 1): -math.log(0.015),
}
START_BAND = 24  # English sentences either side of the diagonal, before any widening
PARAGRAPH_PENALTY = 2.5  # nats, for a Korean paragraph break the English does not share (and vice versa)
# Anchor weights in nats: (gain when on both sides, cost when only in the Korean, cost when only in the English)
ANCHOR_WEIGHTS = {"n": (2.5, 1.5, 1.5), "l": (1.5, 0.8, 0.3), "g": (1.0, 0.4, 0.2)}
_INF = float("inf")


def _length_cost(l_ko, l_en):
    """-log P(length difference) as Gale and Church define it (-log 2(1 - Phi(|delta|))), with the
    Korean calibration. Works on numbers and on numpy arrays of English lengths.

    ``erfc`` comes from Numerical Recipes' Chebyshev fit (relative error under 1.2e-7), taken
    in log form so that a hopeless pair costs a large finite number instead of underflowing.
    """
    l_en = np.asarray(l_en, dtype=float)
    mean = (l_ko + l_en / EN_PER_KO) / 2
    safe = np.where(mean > 0, mean, 1.0)
    z = np.abs(l_ko * EN_PER_KO - l_en) / np.sqrt(VARIANCE * safe) / math.sqrt(2)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    cost = -(np.log(t) + poly)  # -log erfc(z), and 2 * sf(delta) = erfc(delta / sqrt 2)
    return np.where(mean > 0, cost, 0.0)


def _nonspace(text: str) -> int:
    return len(text) - len(_SPACE.findall(text))


_SPACE = re.compile(r"\s")
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*|[0-9]+[A-Za-z][A-Za-z0-9]*")
_EN_TOKEN = re.compile(r"[A-Za-z0-9]+")


def _number_keys(quantities) -> Counter:
    return Counter(("n", q.value, "loose" if q.unit in LOOSE_UNITS else q.unit) for q in quantities if not q.weak)


@dataclass(frozen=True)
class Bead:
    """Korean sentences aligned with English sentences (indexes into the flattened lists)."""

    ko: tuple[int, ...]  # consecutive, may be empty (a 0-1 bead: English with no Korean)
    en: tuple[int, ...]  # consecutive, may be empty (a 1-0 bead: Korean left untranslated)
    confidence: float  # 0..1: the posterior probability of this bead (below LOW_CONFIDENCE: have it checked)

    @property
    def kind(self) -> str:
        return f"{len(self.ko)}-{len(self.en)}"


@dataclass(frozen=True)
class Alignment:
    """The beads of two texts, in order; every Korean and English sentence is in exactly one.

    ``ko_paragraph_starts``: the flattened index of the first sentence of each Korean
    paragraph (``(0, 3, 5)`` = paragraphs of 3, 2, ... sentences).
    ``en_paragraph_of``: for each English sentence, the index of the Korean paragraph it
    belongs to by the alignment. This is the English's paragraph structure recovered from the
    Korean (the English had none, or had different ones); an English sentence of a 0-1 bead
    goes with the paragraph of the bead before it, or of the bead after it where the English
    itself starts a paragraph there or nothing comes before.
    ``related`` is False when the texts are clearly not translations of each other;
    ``confidence`` is then low too.
    """

    beads: tuple[Bead, ...]
    confidence: float
    related: bool
    ko_paragraph_starts: tuple[int, ...]
    en_paragraph_of: tuple[int, ...]
    band: int = 0  # the half-width of the band the search used (after any widening)
    anchor_agreement: float = 0.0  # share of the Korean anchors found in their bead's English (0..1)

    def english_paragraphs(self) -> list[list[int]]:
        """English sentence indexes grouped into the recovered paragraphs."""
        out: list[list[int]] = []
        last = None
        for j, p in enumerate(self.en_paragraph_of):
            if p != last:
                out.append([])
                last = p
            out[-1].append(j)
        return out


def _korean_keys(sentences: list[str], glossary: Glossary | None) -> list[Counter]:
    keys = []
    for s in sentences:
        c = _number_keys(korean_quantities(s))
        for tok in _LATIN_TOKEN.findall(s):
            if len(tok) >= 2 or any(ch.isdigit() for ch in tok):
                c[("l", tok.casefold())] += 1
        keys.append(c)
    if glossary is not None:
        from dari.library.glossary import find_occurrences

        joined = "\n".join(sentences)
        starts = _starts(sentences)
        for occ in find_occurrences(joined, glossary):
            keys[bisect_right(starts, occ.start) - 1][("g", occ.term)] += 1
    return keys


def _starts(sentences: list[str]) -> list[int]:
    starts, at = [], 0
    for s in sentences:
        starts.append(at)
        at += len(s) + 1
    return starts


def _english_keys(sentences: list[str], latin: set[str], terms: set[str], glossary: Glossary | None) -> list[Counter]:
    """Anchor keys per English sentence: numbers, the Korean side's Latin words, and the English
    of the glossary terms the Korean side has. A term's regex only runs on the sentences that hold
    the first word of one of its equivalents (a word index built in the same pass)."""
    keys = []
    words: dict[str, set[int]] = {}
    for j, s in enumerate(sentences):
        c = _number_keys(english_quantities(s))
        for tok in _EN_TOKEN.findall(s):
            folded = tok.casefold()
            words.setdefault(folded, set()).add(j)
            if folded in latin:
                c[("l", folded)] += 1
        keys.append(c)
    if glossary is None:
        return keys
    for term in terms:
        entry = glossary.by_headword.get(term)
        pattern = glossary.english_patterns.get(term)
        if entry is None or pattern is None:
            continue
        candidates: set[int] = set()
        for equivalent in entry.english:
            first = _EN_TOKEN.findall(equivalent)
            if not first:
                continue
            w = first[0].casefold()
            for form in (w, w + "s", w + "es", w[:-1] + "ies"):
                candidates |= words.get(form, set())
        for j in candidates:
            found = len(pattern.findall(sentences[j]))
            if found:
                keys[j][("g", term)] += found
    return keys


def _gain(key: tuple) -> float:
    """What a shared anchor saves: its gain plus the two costs it would have had unmatched."""
    w = ANCHOR_WEIGHTS[key[0]]
    return w[0] + w[1] + w[2]


_PAD = 2  # English arrays are padded on the left so that "the b sentences before cut j" never goes negative
_STEPS = BEADS[:5]  # the bead types that take Korean sentences; 0-1 runs along a row
_STEP_KO = np.array([a for a, _ in _STEPS])
_STEP_EN = np.array([b for _, b in _STEPS])
_STEP_PRIOR = np.array([PRIOR[s] for s in _STEPS])
# A sentence left out or added costs its prior only: Gale and Church's length term for it
# (English length against nothing) grows with the sentence, so a long added sentence would
# rather be glued to a neighbour as a 1-2 than stand alone.
_STEP_HAS_LENGTH = np.array([1.0 if a and b else 0.0 for a, b in _STEPS])


@dataclass
class _Model:
    """Everything the search needs, computed once per pair of texts."""

    n: int
    m: int
    kc: np.ndarray  # cumulative Korean lengths, n + 1
    ecp: np.ndarray  # cumulative English lengths, m + 1, padded: ec[j] = ecp[j + _PAD]
    kbreak: list[bool]  # per Korean cut 0..n: a paragraph starts here (or the text ends)
    ebreak: np.ndarray  # per English cut 0..m, 0/1
    en_structured: bool  # the English has paragraphs of its own
    k_single: list[Counter]  # anchor keys per Korean sentence
    kcost_arrays: list[np.ndarray]  # [a-1][i]: what the Korean anchors of sentences i..i+a-1 cost if none is matched
    span_triples: list[tuple[np.ndarray, np.ndarray, np.ndarray]]  # [a-1]: (span start, shared key row, count), by start
    ecost: np.ndarray  # (3, m + 1): [b][j] what the anchors of the b English sentences before cut j cost
    counts: np.ndarray  # (shared keys, m + _PAD): count of each shared key per English sentence (padded)
    gains: np.ndarray  # per shared key
    e_keys: list[Counter]
    c01: np.ndarray  # per English cut j >= 1: the cost of English sentence j - 1 alone (a 0-1 bead)


def _model(ko: Sequence[Sequence[str]], en: Sequence[Sequence[str]], glossary: Glossary | None) -> _Model:
    ko_sentences = [s for par in ko for s in par]
    en_sentences = [s for par in en for s in par]
    n, m = len(ko_sentences), len(en_sentences)
    kbreak = [False] * (n + 1)
    at = 0
    for par in ko:
        if par:
            kbreak[at] = True
            at += len(par)
    kbreak[n] = True
    ebreak = np.zeros(m + 1)
    at = 0
    for par in en:
        if par:
            ebreak[at] = 1.0
            at += len(par)
    ebreak[m] = 1.0
    kc = np.concatenate([[0.0], np.cumsum([_nonspace(s) for s in ko_sentences])])
    ec = np.concatenate([[0.0], np.cumsum([_nonspace(s) for s in en_sentences])])
    kkeys = _korean_keys(ko_sentences, glossary)
    latin = {k[1] for c in kkeys for k in c if k[0] == "l"}
    terms = {k[1] for c in kkeys for k in c if k[0] == "g"}
    ekeys = _english_keys(en_sentences, latin, terms, glossary)

    def cost(c: Counter, side: int) -> float:
        return sum(count * ANCHOR_WEIGHTS[k[0]][side] for k, count in c.items())

    # keys found on both sides are the only ones that can be matched: one row of counts each
    in_english = set().union(*ekeys) if ekeys else set()
    shared = sorted({key for c in kkeys for key in c if key in in_english}, key=repr)
    row_of = {key: r for r, key in enumerate(shared)}
    counts = np.zeros((len(shared), m + _PAD))
    for j, c in enumerate(ekeys):
        for key, count in c.items():
            r = row_of.get(key)
            if r is not None:
                counts[r, j + _PAD] = count

    def triples(spans: list[Counter]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        found = [(i, row_of[key], count) for i, c in enumerate(spans) for key, count in c.items() if key in row_of]
        return (np.array([t[0] for t in found], dtype=int), np.array([t[1] for t in found], dtype=int),
                np.array([t[2] for t in found], dtype=float))

    pairs = [kkeys[i] + kkeys[i + 1] for i in range(n - 1)]
    e_single = np.array([cost(c, 2) for c in ekeys])
    ecost = np.zeros((3, m + 1))
    ecost[1, 1:] = e_single
    ecost[2, 2:] = e_single[:-1] + e_single[1:]
    c01 = np.full(m + 1, _INF)
    c01[1:] = PRIOR[(0, 1)] + e_single
    return _Model(
        n=n, m=m, kc=kc, ecp=np.concatenate([np.zeros(_PAD), ec]), kbreak=kbreak, ebreak=ebreak,
        en_structured=sum(1 for p in en if p) > 1, k_single=kkeys,
        span_triples=[triples(kkeys), triples(pairs)],
        kcost_arrays=[np.array([cost(c, 1) for c in kkeys]), np.array([cost(c, 1) for c in pairs] or [0.0])],
        ecost=ecost, counts=counts, gains=np.array([_gain(key) for key in shared]), e_keys=ekeys, c01=c01,
    )


@dataclass
class _Search:
    lo: list[int]  # row i holds English cuts lo[i]..hi[i]
    hi: list[int]
    cost: list[np.ndarray]  # best (Viterbi) cost to reach each cut
    soft: list[np.ndarray]  # soft-min cost over all paths to it (forward)
    back: list[np.ndarray]  # index into BEADS of the best move into it
    moves: list[np.ndarray]  # (6, width): cost of each bead type ending here (inf where impossible)


def _band(model: _Model, width: int) -> tuple[list[int], list[int]]:
    """Row i's English cuts: within ``width`` of where the cumulative lengths put cut i."""
    n, m = model.n, model.m
    ec = model.ecp[_PAD:]
    if model.kc[-1] > 0 and ec[-1] > 0:
        centers = np.searchsorted(ec, model.kc * (ec[-1] / model.kc[-1]), side="left")
    else:
        centers = np.round(np.arange(n + 1) * (m / max(n, 1)))
    centers = np.clip(centers, 0, m).astype(int)
    lo = np.clip(centers - width, 0, m)
    hi = np.clip(centers + width, 0, m)
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # a row never starts after the next one does
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m
    # connected: each row starts no later than the previous one ends, so that a path always
    # exists (0-1 beads walk along a row, 1-1 and 1-0 beads step down)
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    return [int(x) for x in lo], [int(x) for x in hi]


def _gather(rows: list[np.ndarray], lo: list[int], hi: list[int], r: int, src: np.ndarray) -> np.ndarray:
    """Row r's values at English cuts ``src`` (any shape), inf outside its band."""
    valid = (src >= lo[r]) & (src <= hi[r])
    return np.where(valid, rows[r].take(src - lo[r], mode="clip"), _INF)


_BLOCK = 256  # rows of bead costs computed at once (bounds memory when the band is wide)


def _step_costs(model: _Model, lo: np.ndarray, hi: np.ndarray, i0: int, i1: int) -> np.ndarray:
    """(rows i0..i1-1, 5, width): the cost of each Korean-bearing bead type ending at cut (i, lo[i] + q),
    inf where the bead is impossible (not enough sentences, across a Korean paragraph break, or
    outside the row's band). All rows of the block at once, in a few array operations."""
    rows = np.arange(i0, i1)
    width = int((hi[i0:i1] - lo[i0:i1]).max()) + 1
    js = lo[i0:i1, None] + np.arange(width)[None, :]  # (r, w)
    inside = js <= hi[i0:i1, None]
    js = np.minimum(js, model.m)
    src = js[:, None, :] - _STEP_EN[None, :, None]  # (r, 5, w): the English cut each bead starts from
    ecp = model.ecp
    l_en = ecp[js + _PAD][:, None, :] - ecp[np.maximum(src, -_PAD) + _PAD]
    start = rows[:, None] - _STEP_KO[None, :]  # (r, 5): the Korean cut each bead starts from
    l_ko = model.kc[rows][:, None] - model.kc[np.maximum(start, 0)]
    c = _STEP_PRIOR[None, :, None] + _length_cost(l_ko[:, :, None], l_en) * _STEP_HAS_LENGTH[None, :, None]
    c += model.ecost[_STEP_EN[None, :, None], js[:, None, :]]
    kx = np.zeros((len(rows), 5))
    for t, a in enumerate(_STEP_KO):
        ok = start[:, t] >= 0
        kx[ok, t] = model.kcost_arrays[a - 1][start[ok, t]]
    c += kx[:, :, None]
    if model.en_structured:
        kb = np.array(model.kbreak, dtype=float)[rows]
        c += PARAGRAPH_PENALTY * np.abs(kb[:, None] - model.ebreak[js])[:, None, :]
        c[:, [1, 3]] += PARAGRAPH_PENALTY * model.ebreak[np.maximum(js - 1, 0)][:, None, :]  # 1-2, 2-2 across an English break
    # shared anchors: subtract what each saves (one row per Korean span and key)
    for a, (t1, t2) in ((1, (0, 1)), (2, (2, 3))):
        span_rows, keys, counts = model.span_triples[a - 1]
        lo_i, hi_i = np.searchsorted(span_rows, [i0 - a, i1 - a])
        if lo_i == hi_i or not len(model.counts):
            continue
        target = span_rows[lo_i:hi_i] + a - i0  # block row of each triple
        key = keys[lo_i:hi_i]
        ck = counts[lo_i:hi_i, None]
        cols = np.minimum(lo[target + i0][:, None] + np.arange(width + 1)[None, :], model.counts.shape[1] - 1)
        got = model.counts[key[:, None], cols]  # padded columns: sentence lo + q - 2
        one = got[:, 1:]
        two = one + got[:, :-1]
        gain = model.gains[key][:, None]
        np.add.at(c, (target, np.full(len(target), t1)), -gain * np.minimum(ck, one))
        np.add.at(c, (target, np.full(len(target), t2)), -gain * np.minimum(ck, two))
    c[src < 0] = _INF
    c[start < 0] = _INF
    pair_ok = np.array([i >= 2 and not model.kbreak[i - 1] for i in rows])
    c[~pair_ok, 2:4] = _INF  # a bead never crosses a Korean paragraph break
    c[np.broadcast_to(~inside[:, None, :], c.shape)] = _INF
    return c


def _forward(model: _Model, lo: list[int], hi: list[int]) -> _Search:
    n = model.n
    cost: list[np.ndarray] = []
    soft: list[np.ndarray] = []
    back: list[np.ndarray] = []
    moves: list[np.ndarray] = []
    lo_arr, hi_arr = np.array(lo), np.array(hi)
    block_start = block_end = 0
    block = np.empty(0)
    for i in range(n + 1):
        li, hi_i = lo[i], hi[i]
        js = np.arange(li, hi_i + 1)
        w = len(js)
        row_moves = np.full((6, w), _INF)
        if i == 0:
            best = np.where(js == 0, 0.0, _INF)
            best_t = np.full(w, 5, dtype=np.int8)
            x_soft = best.copy()
        else:
            if i >= block_end:
                block_start, block_end = i, min(n + 1, i + _BLOCK)
                block = _step_costs(model, lo_arr, hi_arr, block_start, block_end)
            c = block[i - block_start, :, :w]
            row_moves[:5] = c
            src = js[None, :] - _STEP_EN[:, None]
            prev = np.full((5, w), _INF)
            prev_soft = np.full((5, w), _INF)
            for a, ts in ((1, [0, 1, 4]), (2, [2, 3])):
                if i - a < 0:
                    continue
                prev[ts] = _gather(cost, lo, hi, i - a, src[ts])
                prev_soft[ts] = _gather(soft, lo, hi, i - a, src[ts])
            total = prev + c
            best_t = np.argmin(total, axis=0).astype(np.int8)
            best = total[best_t, np.arange(w)]
            with np.errstate(invalid="ignore"):
                x_soft = -np.logaddexp.reduce(-(prev_soft + c), axis=0)
        # 0-1 beads run along the row: D[j] = min(X[j], D[j-1] + c01[j]), in closed form
        c01 = model.c01[li:hi_i + 1].copy()
        c01[0] = _INF  # the cut before the row's first is not in the band
        row_moves[5] = c01
        steps = np.concatenate([[0.0], np.cumsum(c01[1:])])
        with np.errstate(invalid="ignore"):
            row_cost = steps + np.minimum.accumulate(best - steps)
            row_soft = steps - np.logaddexp.accumulate(-(x_soft - steps))
        row_back = np.where(row_cost < best - 1e-9, 5, best_t).astype(np.int8)
        cost.append(row_cost)
        soft.append(row_soft)
        back.append(row_back)
        moves.append(row_moves)
    return _Search(lo, hi, cost, soft, back, moves)


def _backward(model: _Model, search: _Search) -> list[np.ndarray]:
    """Soft-min cost from each cut to the end, over the same band and the same bead costs."""
    n, m = model.n, model.m
    lo, hi = search.lo, search.hi
    out: list[np.ndarray] = [np.empty(0)] * (n + 1)
    for i in range(n, -1, -1):
        js = np.arange(lo[i], hi[i] + 1)
        w = len(js)
        terms = np.full((6, w), _INF)
        if i == n:
            terms[5] = np.where(js == m, 0.0, _INF)
        for a, ts in ((1, [0, 1, 4]), (2, [2, 3])):
            ni = i + a
            if ni > n:
                continue
            dst = js[None, :] + _STEP_EN[ts][:, None]
            valid = (dst >= lo[ni]) & (dst <= hi[ni])
            idx = np.minimum(np.maximum(dst - lo[ni], 0), len(out[ni]) - 1)
            step = np.take_along_axis(search.moves[ni][ts], idx, axis=1)
            terms[ts] = np.where(valid, step + out[ni][idx], _INF)
        with np.errstate(invalid="ignore"):
            y = -np.logaddexp.reduce(-terms, axis=0)
        # 0-1 beads from cut j to j + 1 within the row, in closed form, in reverse
        step = np.append(search.moves[i][5][1:], _INF)
        y_r, step_r = y[::-1], step[::-1]
        steps = np.concatenate([[0.0], np.cumsum(step_r[1:])])
        with np.errstate(invalid="ignore"):
            g_r = steps - np.logaddexp.accumulate(-(y_r - steps))
        out[i] = g_r[::-1]
    return out


def _path(search: _Search, n: int, m: int) -> list[tuple[tuple[int, int], tuple[int, int], int]] | None:
    """The best path as (from cut, to cut, bead type) in text order, or None if the end is unreachable."""
    if not math.isfinite(search.cost[n][m - search.lo[n]]):
        return None
    out = []
    i, j = n, m
    while i or j:
        t = int(search.back[i][j - search.lo[i]])
        a, b = BEADS[t]
        out.append(((i - a, j - b), (i, j), t))
        i, j = i - a, j - b
    out.reverse()
    return out


def _touches(search: _Search, path, m: int) -> bool:
    """Whether the path runs along an edge of the band that is not an edge of the text."""
    for _, (i, j), _ in path:
        if (j == search.lo[i] and search.lo[i] > 0) or (j == search.hi[i] and search.hi[i] < m):
            return True
    return False


def align(
    ko: Sequence[Sequence[str]],
    en: Sequence[Sequence[str]],
    *,
    glossary: Glossary | None = None,
    band: int | None = None,
) -> Alignment:
    """Align Korean paragraphs of sentences with English paragraphs of sentences.

    ``band`` fixes the half-width of the search band (English sentences either side of the
    length diagonal); None starts at ``START_BAND`` and doubles it while the best path
    touches an edge of the band.
    """
    model = _model(ko, en, glossary)
    n, m = model.n, model.m
    ko_starts = tuple(i for i in range(n) if model.kbreak[i])
    if n == 0 or m == 0:
        beads = tuple(Bead((i,), (), 0.0) for i in range(n)) + tuple(Bead((), (j,), 0.0) for j in range(m))
        return Alignment(beads, 0.0, False, ko_starts, tuple(0 for _ in range(m)))
    width = max(1, band) if band is not None else START_BAND
    while True:
        lo, hi = _band(model, width)
        search = _forward(model, lo, hi)
        path = _path(search, n, m)
        if band is not None or width >= max(n, m) or (path is not None and not _touches(search, path, m)):
            break
        width *= 2
    if path is None:
        raise AssertionError("no alignment path: every cut has a 0-1 or 1-0 way on")
    backward = _backward(model, search)
    total = float(search.soft[n][m - search.lo[n]])
    beads = []
    for (pi, pj), (i, j), t in path:
        c = float(search.moves[i][t][j - search.lo[i]])
        f = float(search.soft[pi][pj - search.lo[pi]])
        g = float(backward[i][j - search.lo[i]])
        posterior = math.exp(min(0.0, -(f + c + g - total)))
        beads.append(Bead(tuple(range(pi, i)), tuple(range(pj, j)), round(posterior, 4)))
    agreement, chance, anchored = _agreement(beads, model.k_single, model.e_keys)
    related, confidence = _judge(beads, agreement, chance, anchored, n, m)
    return Alignment(
        beads=tuple(beads),
        confidence=confidence,
        related=related,
        ko_paragraph_starts=ko_starts,
        en_paragraph_of=_english_paragraph_of(beads, model.kbreak, model.ebreak, model.en_structured, m),
        band=width,
        anchor_agreement=round(agreement, 4),
    )


def _agreement(beads: list[Bead], kkeys: list[Counter], ekeys: list[Counter]) -> tuple[float, float, float]:
    """(share of Korean anchor weight matched in its bead, the share expected by chance, total weight).

    Chance is what the same Korean would match against English beads half the text away: for a
    translation the first is far above the second; for a shuffled or unrelated English both are low.
    """
    def bead_counts(bead: Bead) -> tuple[Counter, Counter]:
        k: Counter = Counter()
        for i in bead.ko:
            k.update(kkeys[i])
        e: Counter = Counter()
        for j in bead.en:
            e.update(ekeys[j])
        return k, e

    counted = [bead_counts(b) for b in beads]
    total = matched = shifted = 0.0
    half = len(counted) // 2
    for x, (k, e) in enumerate(counted):
        if not k:
            continue
        _, e_far = counted[(x + half) % len(counted)] if half else (None, Counter())
        for key, count in k.items():
            w = ANCHOR_WEIGHTS[key[0]][0]
            total += w * count
            matched += w * min(count, e.get(key, 0))
            shifted += w * min(count, e_far.get(key, 0))
    if total == 0:
        return 0.0, 0.0, 0.0
    return matched / total, shifted / total, total


# With fewer anchors than this (in nats of anchor weight) the anchors cannot say whether two
# texts are translations; the alignment's own confidence decides instead.
MIN_EVIDENCE = 10.0
# A bead below this confidence deserves a person's look. On the bundled article's three cases
# (with and without the glossary and the Korean's digits and Latin letters) every wrong bead
# scored 0.28-0.77, and 90% of the right ones above 0.78.
LOW_CONFIDENCE = _LOW_CONFIDENCE  # dari.models: one threshold for the aligner, the import and the page


def _judge(beads: list[Bead], agreement: float, chance: float, anchored: float, n: int, m: int) -> tuple[bool, float]:
    """Whether the texts are translations of each other, and the overall confidence (0..1).

    The confidence is the mean bead posterior over Korean sentences, times the share of
    sentences that found a partner, times (where there are anchors) how well the anchors agree.
    Related: with anchors, when they agree along the path well above chance (what the same
    Korean would match in English half the text away); without, when few sentences were left
    alone and the confidence is fair (a shuffled or unrelated English leaves many alone and
    makes the posteriors flat).
    """
    weights = [max(1, len(b.ko)) for b in beads if b.ko]
    posterior = sum(b.confidence * max(1, len(b.ko)) for b in beads if b.ko) / max(1, sum(weights))
    skipped = sum(len(b.ko) for b in beads if not b.en) + sum(len(b.en) for b in beads if not b.ko)
    skip_rate = skipped / (n + m)
    confidence = posterior * (1.0 - skip_rate)
    if anchored >= MIN_EVIDENCE:
        confidence *= min(1.0, agreement / 0.6)
        related = agreement >= 0.35 and agreement - chance >= 0.2 and skip_rate < 0.5
    else:
        confidence *= 1.0 - skip_rate
        related = skip_rate < 0.25 and confidence >= 0.5
    if not related:
        confidence = min(confidence, 0.2)
    return related, round(confidence, 4)


def _english_paragraph_of(beads: list[Bead], kbreak: list[bool], ebreak: list[bool], en_structured: bool,
                          m: int) -> tuple[int, ...]:
    out = [0] * m
    paragraph_at = []  # paragraph index of each Korean-bearing bead
    par = -1
    for b in beads:
        if b.ko:
            if kbreak[b.ko[0]]:
                par += 1
            paragraph_at.append(max(par, 0))
        else:
            paragraph_at.append(None)
    for x, b in enumerate(beads):
        p = paragraph_at[x]
        if p is None:
            before = next((paragraph_at[y] for y in range(x - 1, -1, -1) if paragraph_at[y] is not None), None)
            after = next((paragraph_at[y] for y in range(x + 1, len(beads)) if paragraph_at[y] is not None), None)
            if before is None or (en_structured and after is not None and ebreak[b.en[0]] and after != before):
                p = after if after is not None else 0
            else:
                p = before
        for j in b.en:
            out[j] = p
    return tuple(out)
