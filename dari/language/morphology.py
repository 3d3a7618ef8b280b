"""Kiwi (kiwipiepy), the Korean morphological analyser: the only module that imports it.

Kiwi takes 4-6 s and ~530 MB to start, so nothing on the reading path calls Kiwi: it runs
when a document is imported (sentence splitting) and when its word analyses are built
ahead of time (``python -m dari analyse``). This module returns plain str and our own
types, never kiwipiepy objects; importing it does not load Kiwi (only calling does).

Besides the Kiwi adapter it holds the rules that turn Kiwi's morphemes into the words a
reader clicks (:func:`parse_words`). Those rules are pure functions over :class:`Token`,
so they are tested without Kiwi.

What a word is
    A word is an eojeol, a run of text between spaces, as the reader sees it, without
    the punctuation around it: "구글." is the word 구글, "2,000억" and "1.6조" stay whole.

Which morpheme is the head
    A Korean word is content followed by grammar (트위터+를, 썩+었+다). The morphemes are
    cut into *content runs* at particles, endings, the copula and the plural 들. The
    **first** content run is the head: what follows an ending is an auxiliary verb
    (고이+어 **가**+는 -> 고이다), a bound construction (비비+ㄹ **만하**+ㄴ -> 비비다), or a
    Kiwi mis-split (85%+**가**/VV). Two lexical verbs joined by 어/아 are one compound
    verb (때리+어+박+은 -> 때려박다). A particle *before* any content is a mis-split
    (도조를 -> 도/JX 조/NNG 를): it is folded into the head. Korean is head-final, so
    the **last** morpheme of the run gives the part of speech (인수+하 is a verb, 넘+사+벽
    a noun) unless the run is all digits and counters ("number") or all Latin ("foreign word").

The dictionary form (lemma)
    The head run as written, with its last morpheme in base form: 노이즈(들이) -> 노이즈,
    넘사벽(에) -> 넘사벽 however Kiwi cut it, 그걸 -> 그거. A verb or adjective gets 다:
    썩었다 -> 썩다, 인수하면서 -> 인수하다, 앞다투어 -> 앞다투다. A noun with the copula
    (진심인, 것임) keeps the noun as its dictionary form (진심, 것) and says "noun + copula":
    dictionaries list 진심, not 진심이다, and the card shows the copula among the morphemes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from dari.language.grammar import base_tag
from dari.text import nfc


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, as exact slices of it (NFC first: Kiwi garbles NFD)."""
    text = nfc(text)
    return [text[s.start:s.end] for s in _kiwi().split_into_sents(text)]


@dataclass(frozen=True)
class Token:
    """One morpheme as Kiwi found it. ``start``/``end`` are offsets into the analysed text.

    Contracted morphemes share characters (가졌 = 가지/VV [16:18] + 었/EP [17:18]), and an
    elided copula is empty (머스크다: 이/VCP [27:27]), so ``text[start:end]`` is not
    always ``form``.
    """

    form: str
    tag: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Kiwi's morphemes of a text, best analysis. Analyse whole sentences: context decides
    (비빌 alone is a noun to Kiwi; in "비빌 수 있는" it is 비비다).

    Endings come in compatibility jamo (ㄴ, ㄹ, ㅁ, ㄴ다), as a reader writes them.
    The text must be NFC (offsets refer to it as given).
    """
    return [Token(t.form, t.tag, t.start, t.end) for t in _kiwi().tokenize(text, compatible_jamo=True)]


def versions() -> dict[str, str]:
    """The analyser's versions, recorded in generated files (read from package metadata, Kiwi not loaded)."""
    return {name: metadata.version(name) for name in ("kiwipiepy", "kiwipiepy_model")}


# ---------------------------------------------------------------------------------------
# Words and their heads (pure)

# Punctuation peeled off a word's ends; what stays inside (2,000억, 1.6조) and % (85%) is kept.
_CLOSING = set(".,?!…:;·~\"'")
_OPENING = set("\"'")


def _peel(ch: str, closing: bool) -> bool:
    category = unicodedata.category(ch)
    if closing:
        return ch in _CLOSING or category in ("Pe", "Pf")
    return ch in _OPENING or category in ("Ps", "Pi")


def word_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each word of a text: whitespace-separated, surrounding punctuation
    peeled off. Tokens that are only punctuation ("...", "—") are not words.

    >>> text = "첫 번째로, 트위터가 (너무) 비쌌다..."
    >>> [text[s:e] for s, e in word_spans(text)]
    ['첫', '번째로', '트위터가', '너무', '비쌌다']
    """
    spans = []
    for m in re.finditer(r"\S+", text):
        start, end = m.start(), m.end()
        while start < end and _peel(text[start], closing=False):
            start += 1
        while end > start and _peel(text[end - 1], closing=True):
            end -= 1
        if any(ch.isalnum() for ch in text[start:end]):
            spans.append((start, end))
    return spans


PREDICATE_TAGS = frozenset({"VV", "VA", "VX", "VCN", "XSV", "XSA"})
# Nouns, pronouns and numerals (체언): Revised Romanization keeps the h of ㄱ/ㄷ/ㅂ+ㅎ inside them.
NOMINAL_TAGS = frozenset({"NNG", "NNP", "NNB", "NP", "NR", "XSN", "XPN"})
_NUMBER_TAGS = frozenset({"SN", "NR", "NNB", "SW", "SP"})
_POS = {
    "NNG": "noun", "NNP": "noun", "XSN": "noun", "NNB": "bound noun", "NP": "pronoun", "NR": "number",
    "SN": "number", "MAG": "adverb", "MAJ": "conjunctive adverb", "MM": "determiner", "IC": "interjection",
    "SL": "foreign word", "SH": "Chinese characters", "SW": "symbol", "XR": "root", "XPN": "prefix",
    "VV": "verb", "XSV": "verb", "VA": "adjective", "XSA": "adjective", "VX": "auxiliary verb",
    "VCN": "negative copula", "VCP": "copula", "W_URL": "web address", "W_EMAIL": "email address",
    "W_HASHTAG": "hashtag", "W_MENTION": "mention", "W_SERIAL": "number", "W_EMOJI": "emoji",
}


def is_function(token: Token) -> bool:
    """Particles, endings, the copula and the plural 들: the grammar around a word's content."""
    tag = base_tag(token.tag)
    return (
        tag.startswith(("J", "E"))
        or tag in ("VCP", "Z_CODA", "Z_SIOT")
        or (tag == "XSN" and token.form == "들")
    )


def part_of_speech(tag: str) -> str:
    """A tag in plain words: NNG -> "noun", EC -> "ending"."""
    tag = base_tag(tag)
    if tag in _POS:
        return _POS[tag]
    if tag.startswith("J"):
        return "particle"
    if tag.startswith("E"):
        return "ending"
    if tag.startswith("S"):
        return "punctuation"
    return "other"


@dataclass(frozen=True)
class ParsedWord:
    """A word of a text with its head resolved. ``tokens`` are all its morphemes, in order."""

    start: int
    end: int
    lemma: str
    pos: str
    tokens: tuple[Token, ...]


def _word_tokens(text: str, start: int, end: int, tokens: Sequence[Token]) -> list[Token]:
    """The morphemes inside [start, end), cut to it.

    Kiwi's dictionary has multi-word entries ("자연어 처리"/NNP over a space); such a token
    is cut at the word boundary, each piece keeping the tag.
    """
    out = []
    for t in tokens:
        if t.start == t.end:
            if start <= t.start < end or (t.start == end and out):
                out.append(t)
            continue
        if t.end <= start or t.start >= end:
            continue
        if start <= t.start and t.end <= end:
            out.append(t)
            continue
        s, e = max(t.start, start), min(t.end, end)
        piece = text[s:e]
        if text[t.start:t.end] != t.form:  # a normalised form we cannot cut: take the text
            form = piece
        else:
            form = t.form[s - t.start:e - t.start]
        out.append(Token(form.strip(), t.tag, s, e))
    return out


# What may stand right before a verb or adjective stem inside one content run: a noun, an
# adverb or a root it derives from (앞+다투다, 잘+하다, 막대+하다). After anything else
# (85%+가/VV) the stem starts a run of its own.
_STEM_PREFIX_TAGS = frozenset({"NNG", "NNP", "NNB", "NP", "MAG", "XR", "XPN", "XSN"})


def _runs(tokens: Sequence[Token]) -> list[list[int]]:
    """Indexes of the content runs; leading function morphemes join the first run."""
    runs: list[list[int]] = []
    current: list[int] = []
    leading: list[int] = []
    for i, t in enumerate(tokens):
        if is_function(t):
            if current:
                runs.append(current)
                current = []
            elif not runs:
                leading.append(i)
            continue
        tag = base_tag(t.tag)
        if (current and tag in PREDICATE_TAGS and not tag.startswith("XS")
                and base_tag(tokens[current[-1]].tag) not in _STEM_PREFIX_TAGS):
            runs.append(current)
            current = []
        current.append(i)
    if current:
        runs.append(current)
    if runs and leading and leading[-1] < runs[0][0]:
        runs[0] = leading + runs[0]
    return runs


def _head_run(tokens: Sequence[Token]) -> list[int] | None:
    runs = _runs(tokens)
    if not runs:
        return None
    head = runs[0]
    # V-어 V: two lexical verbs joined by the connective 어/아 are one compound verb (때려박다).
    for nxt in runs[1:]:
        between = list(range(head[-1] + 1, nxt[0]))
        if (
            base_tag(tokens[head[-1]].tag) == "VV"
            and base_tag(tokens[nxt[0]].tag) == "VV"
            and len(between) == 1
            and tokens[between[0]].tag == "EC"
            and tokens[between[0]].form in ("어", "아", "여")
        ):
            head = head + between + nxt
        else:
            break
    return head


def _run_pos(run: Sequence[Token]) -> str:
    tags = [base_tag(t.tag) for t in run]
    if any(t in ("SN", "NR") for t in tags) and all(t in _NUMBER_TAGS for t in tags):
        return "number"  # 1.6조, 2,000억, 3개, 85%
    if all(t in ("SL", "SN") for t in tags) and "SL" in tags:
        return "foreign word"  # AI, M1, a100
    if tags[-1] in ("NR", "NNB", "SN") and any(t in ("NNG", "NNP", "XSN") for t in tags[:-1]):
        return "noun"  # a compound that ends in a numeral or bound noun: 칩+셋, 추산+중
    return part_of_speech(tags[-1])


def head_of(text: str, start: int, end: int, tokens: Sequence[Token]) -> tuple[str, str]:
    """(lemma, part of speech) of the word text[start:end] whose morphemes are ``tokens``."""
    indexes = _head_run(tokens)
    if indexes is None:  # only grammar: a lone particle or ending
        return text[start:end], part_of_speech(tokens[0].tag) if tokens else "other"
    run = [tokens[i] for i in indexes]
    last = run[-1]
    # The run as written up to its last morpheme, which is taken in base form (그걸 -> 그거),
    # unless Kiwi only added a space to it (자연어처리 is "자연어 처리"/NNP): keep the writer's spelling.
    written = text[last.start:last.end]
    base = written if written and last.form.replace(" ", "") == written else last.form
    lemma = text[run[0].start:max(run[0].start, last.start)] + base
    pos = _run_pos(run)
    if base_tag(last.tag) in PREDICATE_TAGS:
        return lemma + "다", pos
    if any(base_tag(t.tag) == "VCP" for t in tokens[indexes[-1] + 1:]):
        pos += " + copula"
    return lemma, pos


def parse_words(text: str, tokens: Sequence[Token]) -> list[ParsedWord]:
    """Every word of ``text`` with its morphemes (from ``tokens``, Kiwi's analysis of the
    whole ``text``), dictionary form and part of speech."""
    words = []
    for start, end in word_spans(text):
        mine = _word_tokens(text, start, end, tokens)
        lemma, pos = head_of(text, start, end, mine)
        words.append(ParsedWord(start, end, lemma, pos, tuple(mine)))
    return words


def analyse_text(text: str) -> list[ParsedWord]:
    """Kiwi's analysis of a sentence, as words (see :func:`parse_words`)."""
    return parse_words(text, tokenize(text))
