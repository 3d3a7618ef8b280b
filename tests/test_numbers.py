"""Quantities in Korean and English: the equivalences the QA check and the aligner rely on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dari.language.numbers import (
    Quantity,
    compare_quantities,
    english_number,
    english_quantities,
    korean_number,
    korean_quantities,
    quantities_match,
)

D = Decimal


def only(found: list[Quantity]) -> Quantity:
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------------------------------
# Korean on its own

KOREAN = [
    # id, text, value, unit, surface
    ("man", "3만", D(30000), None, "3만"),
    ("eok", "5억", D(500000000), None, "5억"),
    ("jo", "2조", D(2 * 10**12), None, "2조"),
    ("jo-2-cheon-eok", "1조 2천억", D("1200000000000"), None, "1조 2천억"),
    ("man-5-cheon", "3만 5천", D(35000), None, "3만 5천"),
    ("man-won", "3만 5000원", D(35000), "krw", "3만 5000원"),
    ("groups", "1234억 5678만 9012", D(123456789012), None, "1234억 5678만 9012"),
    ("comma-eok-dollar", "2,000억 달러", D("200000000000"), "usd", "2,000억 달러"),
    ("decimal-jo", "1.6조 개로", D("1.6e12"), "count", "1.6조 개"),
    ("eok-dollar-particle", "300억 달러로", D("3e10"), "usd", "300억 달러"),
    ("jo-dollar", "16조 달러 수준", D("1.6e13"), "usd", "16조 달러"),
    ("percent", "무려 45%나", D(45), "percent", "45%"),
    ("percent-word", "45퍼센트", D(45), "percent", "45퍼센트"),
    ("nano", "7나노 공정", D(7), "nm", "7나노"),
    ("nm-latin", "7nm 공정", D(7), "nm", "7nm"),
    ("year", "2022년에", D(2022), "year", "2022년"),
    ("rank-wi", "1위 기업", D(1), "rank", "1위"),
    ("rank-deung", "구글이 1등...", D(1), "rank", "1등"),
    ("ordinal-first", "첫 번째로", D(1), "rank", "첫 번째"),
    ("ordinal-second", "두 번째로", D(2), "rank", "두 번째"),
    ("ordinal-digit", "3번째", D(3), "rank", "3번째"),
    ("ordinal-word", "둘째", D(2), "rank", "둘째"),
    ("count-gae", "렌즈 3개가", D(3), "count", "3개"),
    ("native-counter", "세 개", D(3), "count", "세 개"),
    ("native-tens", "열두 명", D(12), "count", "열두 명"),
    ("native-standalone", "하나로 뭉치고", D(1), "count", "하나"),
    ("native-dul", "둘이서", D(2), "count", "둘"),
    ("times-bae", "2배", D(2), "times", "2배"),
    ("times-native", "두 번", D(2), "times", "두 번"),
    ("sino-with-counter", "삼십 명", D(30), "count", "삼십 명"),
    ("sino-man-won", "오백만 원", D(5000000), "krw", "오백만 원"),
    ("sino-glued-year", "일년", D(1), "year", "일년"),
    ("dollar-sign", "$200bn", D("2e11"), "usd", "$200bn"),
    ("won-sign", "₩1,000", D(1000), "krw", "₩1,000"),
    ("won-zzari", "100원짜리", D(100), "krw", "100원"),
    ("won-starts-a-word", "3원칙", D(3), None, "3"),  # three principles, not three won
    ("wi-starts-a-word", "2위원회", D(2), None, "2"),
    ("wi-gwon", "1위권", D(1), "rank", "1위"),
]


@pytest.mark.parametrize(("text", "value", "unit", "surface"), [k[1:] for k in KOREAN], ids=[k[0] for k in KOREAN])
def test_korean_quantity(text: str, value: Decimal, unit: str | None, surface: str) -> None:
    q = only(korean_quantities(text))
    assert (q.value, q.unit, q.surface) == (value, unit, surface)
    assert text[q.start:q.end] == q.surface


NOT_KOREAN_NUMBERS = [
    ("name-m1", "애플의 M1칩"),
    ("name-a100", "엔비디아 a100 칩셋"),
    ("name-d1", "D1칩."),
    ("name-5g", "5G 통신"),
    ("piece-not-jo", "마지막 한 조각"),  # 조각 is not 조 (10^12) and not a counter
    ("han-not-counter", "한 칩 안에"),
    ("il-in-name", "일론 머스크"),
    ("i-demonstrative", "이 기술"),
    ("ibeon", "이번에"),
    ("sawon", "사원"),
    ("oil", "오일"),
    ("gugeul", "구글"),
    ("deung-etc", "자동 번역 등을"),
    ("han-il-what-was-done", "그가 한 일"),
    ("se-world", "세 상"),
]


@pytest.mark.parametrize("text", [k[1] for k in NOT_KOREAN_NUMBERS], ids=[k[0] for k in NOT_KOREAN_NUMBERS])
def test_korean_not_a_number(text: str) -> None:
    assert korean_quantities(text) == []


def test_korean_sentence_with_many_numbers_in_order() -> None:
    text = "웨이모는 2018년 2,000억 달러였는데 2021년 기업 가치가 300억 달러로 무려 85%가 떨어진"
    found = korean_quantities(text)
    assert [(q.surface, q.value, q.unit) for q in found] == [
        ("2018년", D(2018), "year"),
        ("2,000억 달러", D("2e11"), "usd"),
        ("2021년", D(2021), "year"),
        ("300억 달러", D("3e10"), "usd"),
        ("85%", D(85), "percent"),
    ]
    assert all(text[q.start:q.end] == q.surface for q in found)


def test_two_big_numbers_in_a_row_stay_two() -> None:
    assert [q.value for q in korean_quantities("2억 2018년")] == [D(2 * 10**8), D(2018)]
    assert [q.value for q in korean_quantities("1조 2조")] == [D(10**12), D(2 * 10**12)]


def test_normalised_value_has_no_exponent() -> None:
    q = only(korean_quantities("2,000억"))
    assert str(q.value) == "200000000000"
    assert str(only(korean_quantities("1.6조")).value) == "1600000000000"


# ---------------------------------------------------------------------------------------
# English on its own

ENGLISH = [
    ("billion-dollars", "200 billion dollars", D("2e11"), "usd"),
    ("dollar-sign-billion", "$200 billion", D("2e11"), "usd"),
    ("dollar-bn", "$200bn", D("2e11"), "usd"),
    ("dollar-b", "$200B", D("2e11"), "usd"),
    ("us-dollar-million", "US$5 million", D("5e6"), "usd"),
    ("hyphenated", "a 200-billion-dollar deal", D("2e11"), "usd"),
    ("trillion-decimal", "1.6 trillion", D("1.6e12"), None),
    ("billion", "30 billion", D("3e10"), None),
    ("percent-sign", "45%", D(45), "percent"),
    ("percent-word", "45 percent", D(45), "percent"),
    ("per-cent", "45 per cent", D(45), "percent"),
    ("nm", "7 nm", D(7), "nm"),
    ("nm-glued", "7nm", D(7), "nm"),
    ("nanometer", "7-nanometer", D(7), "nm"),
    ("year", "in 2022", D(2022), "year"),
    ("no-1", "the No. 1 company", D(1), "rank"),
    ("number-one", "number one", D(1), "rank"),
    ("hash-1", "#1", D(1), "rank"),
    ("first", "first", D(1), "rank"),
    ("1st", "1st", D(1), "rank"),
    ("third", "third", D(3), "rank"),
    ("three", "three", D(3), None),
    ("digit", "3 lenses", D(3), None),
    ("twenty-one", "twenty-one", D(21), None),
    ("hundred-and", "two hundred and five", D(205), None),
    ("word-scales", "one trillion two hundred billion", D("1.2e12"), None),
    ("word-scale-after", "two hundred billion dollars", D("2e11"), "usd"),
    ("dozen", "a dozen", D(12), None),
    ("a-million", "a million", D(10**6), None),
    ("thirty", "thirty", D(30), None),
    ("twice", "twice", D(2), "times"),
    ("2x", "2x faster", D(2), "times"),
    ("times", "3.5 times", D("3.5"), "times"),
    ("comma", "1,000,000", D(10**6), None),
    ("k", "5K", D(5000), None),
]


@pytest.mark.parametrize(("text", "value", "unit"), [k[1:] for k in ENGLISH], ids=[k[0] for k in ENGLISH])
def test_english_quantity(text: str, value: Decimal, unit: str | None) -> None:
    q = only(english_quantities(text))
    assert (q.value, q.unit) == (value, unit)
    assert text[q.start:q.end] == q.surface


NOT_ENGLISH_NUMBERS = [
    ("a100", "NVIDIA's A100 chipset"),
    ("a100-lower", "the a100"),
    ("m1", "Apple's M1 chip"),
    ("d1", "The D1 chip"),
    ("gpt-4", "GPT-4"),
    ("5g", "5G networks"),
    ("a-number-of", "a number of companies"),
    ("second-hand", "second-hand"),
]


@pytest.mark.parametrize("text", [k[1] for k in NOT_ENGLISH_NUMBERS], ids=[k[0] for k in NOT_ENGLISH_NUMBERS])
def test_english_not_a_number(text: str) -> None:
    assert english_quantities(text) == []


def test_one_two_is_two_numbers() -> None:
    assert [q.value for q in english_quantities("one two")] == [D(1), D(2)]


# ---------------------------------------------------------------------------------------
# Equal across the languages, both directions

EQUAL = [
    ("man", "3만", "30,000"),
    ("man-words", "3만", "thirty thousand"),
    ("eok", "1억", "100 million"),
    ("jo", "1조", "one trillion"),
    ("jo-compound", "1조 2천억", "1.2 trillion"),
    ("man-compound", "3만 5천", "35,000"),
    ("eok-dollars-words", "2,000억 달러", "200 billion dollars"),
    ("eok-dollars-sign", "2,000억 달러", "$200 billion"),
    ("eok-dollars-bn", "2,000억 달러", "$200bn"),
    ("decimal-jo", "1.6조", "1.6 trillion"),
    ("eok-30-billion", "300억", "30 billion"),
    ("percent", "45%", "45 percent"),
    ("percent-sign", "45%", "45%"),
    ("per-cent", "45%", "45 per cent"),
    ("nano-nm", "7나노", "7 nm"),
    ("nano-glued", "7나노", "7nm"),
    ("nano-hyphen", "7나노", "7-nanometer"),
    ("year-bare", "2022년", "2022"),
    ("year-in", "2022년", "in 2022"),
    ("rank-no", "1위", "No. 1"),
    ("rank-first", "1위", "first"),
    ("rank-number-one", "1위", "number one"),
    ("rank-top", "1위", "top"),
    ("count-three", "3개", "three"),
    ("count-digit", "3개", "3"),
    ("twice", "2배", "twice"),
    ("double", "2배", "double"),
    ("2x", "2배", "2x"),
    ("native-once", "두 번", "twice"),
    ("ordinal", "두 번째로", "Second,"),
    ("won", "1,000원", "₩1,000"),
    ("won-word", "5천 원", "5,000 won"),
    ("dozen", "12개", "a dozen"),
    ("native-one", "하나로", "into one"),
    ("once", "한 번", "once"),
    ("eok-cheonman-won", "1억 5천만 원", "150 million won"),
    ("euro", "5백만 유로", "€5 million"),
    ("pound", "30억 파운드", "£3bn"),
    ("percent-space", "45%", "45 %"),
    ("decade", "20대", "in their 20s"),
]


def test_dates_compare_equal() -> None:
    assert compare_quantities("2022년 3월 1일에", "on March 1, 2022") == ([], [])
    missing, extra = compare_quantities("3월 1일에", "on April 1")
    assert [q.surface for q in missing] == ["3월"] and [q.surface for q in extra] == ["April"]
    assert english_quantities("It may rain") == []  # the verb, not the month


@pytest.mark.parametrize(("ko", "en"), [k[1:] for k in EQUAL], ids=[k[0] for k in EQUAL])
def test_equal_across_languages(ko: str, en: str) -> None:
    k = only(korean_quantities(ko))
    e = only(english_quantities(en))
    assert quantities_match(k, e) and quantities_match(e, k)
    assert compare_quantities(ko, en) == ([], [])


DIFFERENT = [
    ("wrong-scale", "2,000억 달러", "20 billion dollars"),
    ("percent-vs-bare", "45%", "45"),
    ("currency", "300억 달러", "30 billion won"),
    ("rank-vs-count", "1위", "1.5"),
    ("nm-vs-percent", "7나노", "7%"),
]


@pytest.mark.parametrize(("ko", "en"), [k[1:] for k in DIFFERENT], ids=[k[0] for k in DIFFERENT])
def test_different_across_languages(ko: str, en: str) -> None:
    missing, extra = compare_quantities(ko, en)
    assert [q.surface for q in missing] == [only(korean_quantities(ko)).surface]
    assert [q.surface for q in extra] == [only(english_quantities(en)).surface]


def test_compare_reports_each_side() -> None:
    missing, extra = compare_quantities("2018년 2,000억 달러, 85%", "in 2019, 200 billion dollars, 85%")
    assert [q.surface for q in missing] == ["2018년"]
    assert [q.surface for q in extra] == ["2019"]


def test_weak_words_pair_but_are_never_reported() -> None:
    # "the one who" is a pronoun, 먼저 has no number: neither side reports anything
    assert compare_quantities("먼저 우리가 사용하는 스마트폰.", "First, the smartphones we use.") == ([], [])
    assert compare_quantities("AI에 진심인 사람", "the one who is serious about AI") == ([], [])
    # but a weak word still pairs with a real counterpart, leaving the strong one to be reported
    missing, extra = compare_quantities("1위와 3개", "the first and four")
    assert [q.surface for q in missing] == ["3개"]
    assert [q.surface for q in extra] == ["four"]


def test_multiset_counts_repeats() -> None:
    missing, extra = compare_quantities("3개와 3개", "3 and 4")
    assert [q.surface for q in missing] == ["3개"]
    assert [q.surface for q in extra] == ["4"]


def test_bundled_article_numbers_agree() -> None:
    """Every segment of the bundled article says the same numbers in its English."""
    from dari import CONTENT_DIR, LOCALES_DIR
    from dari.library.catalog import catalog_path, read_catalog, translations
    from dari.library.content import load_document

    doc = load_document(CONTENT_DIR, "musk-twitter-ai")
    table = translations(read_catalog(catalog_path(LOCALES_DIR, "en", "musk-twitter-ai")))
    mismatches = {}
    checked = 0
    for ko in doc.texts:
        en = table[ko].en
        checked += bool(korean_quantities(ko))
        missing, extra = compare_quantities(ko, en)
        if missing or extra:
            mismatches[ko] = ([q.surface for q in missing], [q.surface for q in extra])
    assert mismatches == {}
    assert checked >= 15  # the article is full of numbers: the check did look at them


# ---------------------------------------------------------------------------------------
# Round trips: a number written with Korean units, or in English words, reads back as itself

integers = st.integers(min_value=0, max_value=10**18 - 1)
fractions = st.builds(lambda m, k, e: Decimal(m).scaleb(-k) * Decimal(10) ** e,
                      st.integers(min_value=1, max_value=99999), st.integers(min_value=1, max_value=3),
                      st.sampled_from([0, 4, 8, 12]))


@settings(deadline=None)  # a slow machine is no failure: timings live in the benchmarks
@given(integers, st.booleans())
def test_korean_units_round_trip(n: int, thousands: bool) -> None:
    text = korean_number(Decimal(n), thousands=thousands)
    assert only(korean_quantities(text)).value == n, text
    assert only(korean_quantities(text + " 달러")).unit == "usd"


@settings(deadline=None)  # a slow machine is no failure: timings live in the benchmarks
@given(integers)
def test_english_words_round_trip(n: int) -> None:
    text = english_number(Decimal(n))
    assert only(english_quantities(text)).value == n, text


@settings(deadline=None)  # a slow machine is no failure: timings live in the benchmarks
@given(fractions)
def test_fractions_round_trip_both_ways(value: Decimal) -> None:
    ko = korean_number(value)
    en = english_number(value)
    assert only(korean_quantities(ko)).value == value, ko
    assert only(english_quantities(en)).value == value, en
    assert compare_quantities(ko, en) == ([], []), (ko, en)


@settings(deadline=None)  # a slow machine is no failure: timings live in the benchmarks
@given(integers)
def test_korean_and_english_forms_compare_equal(n: int) -> None:
    ko, en = korean_number(Decimal(n)) + "원", english_number(Decimal(n)) + " won"
    assert compare_quantities(ko, en) == ([], []), (ko, en)
