"""Revised Romanization (RR) of Korean, following pronunciation: 같이 gachi, 신라 silla,
독립문 dongnimmun, 좋다 jota. A wrapper around ko-pron, the only module that imports it.

ko-pron romanizes Hangul and turns everything else into spaces, so only runs of Hangul
syllables are given to it; Latin letters, digits and punctuation stay as written
(AI칩 -> AIchip, 1.6조 -> 1.6jo).

One correction (measured on the article, where ko-pron got 8 words wrong): ko-pron writes
ㄱ/ㄷ/ㅂ followed by ㅎ as kh/th/ph everywhere, but RR keeps that h only inside nouns
(역할 yeokhal, 집현전 Jiphyeonjeon); elsewhere the two merge into an aspirate, as spoken:
생각하면 saenggakamyeon, 시작했다 sijakaetda, 잡혀 japyeo, 넓히다 neolpida, and ㄷ+히
becomes 치 (닫힌 dachin, 굳히다 guchida). So a junction is respelled before ko-pron sees
it (생각하면 -> 생가카면) unless the caller says both syllables belong to a noun.
Whether a syllable is part of a noun is morphology: the caller passes noun spans from
Kiwi's analysis (dari.language.morphology.NOMINAL_TAGS); :func:`romanize_noun` is for headwords.

Not corrected: ㄴ insertion (솜이불 somnibul comes out somibul) and ㄹ->ㄴ after ㄴ in
Sino-Korean compounds (의견란 uigyeonnan comes out uigyeollan); both need a dictionary.
ko-pron's optional RR hyphen for ambiguous syllables is kept (인공지능 in-gongjineung).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata

_HANGUL_RUN = re.compile("[가-힣]+")
_FIRST_SYLLABLE = 0xAC00

# Jamo indexes inside a precomposed syllable: (initial * 21 + vowel) * 28 + final.
_I_HIEUT = 18
_V_I = 20  # ㅣ
# final consonant -> (final it leaves behind, aspirate it makes of the next ㅎ, the aspirate before ㅣ)
_ASPIRATION = {
    1: (0, 15, 15),  # ㄱ + ㅎ -> ㅋ
    2: (0, 15, 15),  # ㄲ
    24: (0, 15, 15),  # ㅋ
    7: (0, 16, 14),  # ㄷ + ㅎ -> ㅌ, but ㄷ + 히 -> 치 (palatalization: 닫히다 [다치다])
    25: (0, 16, 14),  # ㅌ
    19: (0, 16, 16),  # ㅅ (sounds ㄷ): 못하다 [모타다]
    20: (0, 16, 16),  # ㅆ
    17: (0, 17, 17),  # ㅂ + ㅎ -> ㅍ
    26: (0, 17, 17),  # ㅍ
    11: (8, 17, 17),  # ㄼ + ㅎ -> ㄹ + ㅍ: 넓히다 [널피다]
}


def _jamo(syllable: str) -> tuple[int, int, int]:
    code = ord(syllable) - _FIRST_SYLLABLE
    return code // 588, (code % 588) // 28, code % 28


def _syllable(initial: int, vowel: int, final: int) -> str:
    return chr(_FIRST_SYLLABLE + (initial * 21 + vowel) * 28 + final)


def respell_aspiration(run: str, keep: Iterable[int] = ()) -> str:
    """Spell out the aspiration of ㄱ/ㄷ/ㅂ + ㅎ junctions (생각하면 -> 생가카면), except
    before the syllable indexes in ``keep`` (junctions inside a noun: 역할 stays)."""
    keep = set(keep)
    chars = list(run)
    for i in range(1, len(chars)):
        initial, vowel, final = _jamo(chars[i])
        p_initial, p_vowel, p_final = _jamo(chars[i - 1])
        if initial != _I_HIEUT or p_final not in _ASPIRATION or i in keep:
            continue
        left, aspirate, before_i = _ASPIRATION[p_final]
        chars[i - 1] = _syllable(p_initial, p_vowel, left)
        chars[i] = _syllable(before_i if vowel == _V_I else aspirate, vowel, final)
    return "".join(chars)


def version() -> str:
    """ko-pron's version, recorded in generated files (from package metadata, ko-pron not imported)."""
    return metadata.version("ko-pron")


@lru_cache(maxsize=4096)
def _ko_pron(run: str) -> str:
    from ko_pron import romanise

    return romanise(run, "rr")


def romanize(text: str, nouns: Iterable[tuple[int, int]] = ()) -> str:
    """RR of a word or phrase; non-Hangul is kept as written.

    ``nouns`` are [start, end) spans of ``text`` that are nouns (체언); a ㄱ/ㄷ/ㅂ + ㅎ
    junction whose two syllables both lie in noun spans keeps its h.

    >>> romanize("생각한"), romanize("역할을", nouns=[(0, 2)])
    ('saenggakan', 'yeokhareul')
    """
    in_noun = set()
    for start, end in nouns:
        in_noun.update(range(start, end))
    out = []
    pos = 0
    for m in _HANGUL_RUN.finditer(text):
        out.append(text[pos:m.start()])
        keep = [i - m.start() for i in range(m.start() + 1, m.end()) if i in in_noun and i - 1 in in_noun]
        out.append(_ko_pron(respell_aspiration(m.group(), keep)))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def romanize_noun(text: str) -> str:
    """RR of a noun or noun phrase, such as a glossary headword: 역할 -> yeokhal."""
    return romanize(text, nouns=[(0, len(text))])
