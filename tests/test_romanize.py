"""Revised Romanization through ko-pron, with the aspiration correction (see dari/language/romanize.py).

Expected values follow the standard pronunciation (표준 발음법) as RR does, checked by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dari.language.romanize import respell_aspiration, romanize, romanize_noun

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("text, expected", [
    # the platform note's words: ko-pron alone gets these right
    ("같이", "gachi"), ("자연어", "jayeoneo"), ("신라", "silla"), ("독립문", "dongnimmun"), ("좋다", "jota"),
    ("썩었다", "sseogeotda"), ("고여가는", "goyeoganeun"), ("인수하면서", "insuhamyeonseo"),
    ("부딪침", "buditchim"),  # [부딛침]: the ㄷ is written t, as in 맞춤 matchum
    ("맞춤", "matchum"), ("많다", "manta"), ("않을까", "aneulkka"), ("밝히길", "balkigil"), ("끝이라고", "kkeuchirago"),
    ("값인", "gapsin"), ("의문이", "uimuni"), ("뽑는다", "ppomneunda"), ("관련된", "gwallyeondoen"),
    # ko-pron writes kh/th/ph here; RR merges ㄱ/ㄷ/ㅂ + ㅎ outside nouns (the correction)
    ("생각하면", "saenggakamyeon"), ("생각함", "saenggakam"), ("시작했다", "sijakaetda"), ("짐작할", "jimjakal"),
    ("욕해도", "yokaedo"), ("계속해서", "gyesokaeseo"), ("착하다", "chakada"), ("막히다", "makida"),
    ("잡혀", "japyeo"), ("넓히다", "neolpida"), ("밟히다", "balpida"), ("못하다", "motada"),
    ("깨끗하다", "kkaekkeutada"),
    ("닫힌", "dachin"), ("굳히다", "guchida"), ("묻히다", "muchida"),  # ㄷ + 히 is also palatalized
    ("맞히다", "machida"), ("앉히다", "anchida"),  # ko-pron already right: untouched
    # non-Hangul stays as written
    ("AI칩을", "AIchibeul"), ("1.6조", "1.6jo"), ("85%가", "85%ga"), ("2,000억", "2,000eok"),
    ("썩었다.", "sseogeotda."), ("같이 가자", "gachi gaja"), ("ㅋㅋ웃겨", "ㅋㅋutgyeo"), ("", ""), ("Siri", "Siri"),
])
def test_romanize(text, expected):
    assert romanize(text) == expected


@pytest.mark.parametrize("text, nouns, expected", [
    ("역할", [(0, 2)], "yeokhal"),  # the h stays inside a noun
    ("역할을", [(0, 2)], "yeokhareul"),
    ("역할을", [], "yeokareul"),  # the same syllables read as a verb would merge
    ("집현전", [(0, 3)], "jiphyeonjeon"),
    ("입학하다", [(0, 2)], "iphakada"),  # noun 입학 keeps h; its junction with the verb suffix 하 merges
    ("묵호", [(0, 1), (1, 2)], "mukho"),  # two noun morphemes: still inside a noun compound
])
def test_nouns_keep_the_h(text, nouns, expected):
    assert romanize(text, nouns) == expected


def test_romanize_noun():
    assert romanize_noun("역할") == "yeokhal"
    assert romanize_noun("급행") == "geuphaeng"


def test_respell_aspiration():
    assert respell_aspiration("생각하면") == "생가카면"
    assert respell_aspiration("닫힌") == "다친"
    assert respell_aspiration("넓히다") == "널피다"
    assert respell_aspiration("역할", keep=[1]) == "역할"
    assert respell_aspiration("신하") == "신하"  # ㄴ + ㅎ: nothing to merge


HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)


@given(st.text(HANGUL, min_size=1, max_size=6))
def test_any_hangul_romanizes_to_latin_letters(text):
    out = romanize(text)
    assert re.fullmatch(r"[a-z-]+", out), (text, out)
    assert romanize_noun(text)  # and never raises with noun spans either


@given(st.text(st.sampled_from(list("가각닭 AI1.,?%ㅋ-'\"")), max_size=12))
def test_non_hangul_is_kept_in_place(text):
    """Latin, digits, punctuation and jamo come out unchanged and in order; Hangul becomes a-z (and RR's -)."""
    assert re.sub("[가-힣-]", "", text) == re.sub("[a-z-]", "", romanize(text))


def test_only_dari_romanize_imports_ko_pron():
    importers = sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "dari").rglob("*.py")
        if re.search(r"^\s*(import ko_pron|from ko_pron)", p.read_text(encoding="utf-8"), re.M)
    )
    assert importers == ["dari/language/romanize.py"]
