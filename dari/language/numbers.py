"""Quantities in Korean and English text, normalised so that a translation can be checked.

A Korean sentence and its English say the same numbers in different ways: Korean groups
digits by 10^4 (만 10^4, 억 10^8, 조 10^12), English by 10^3 (thousand, million, billion,
trillion); Korean glues counters to the number (3개, 1위, 2배, 7나노), English uses words
(three, No. 1, twice, 7 nm). Both sides are reduced to a :class:`Quantity`: a Decimal value
and a unit key, with the offsets of its surface, so the QA check (``python -m dari check``)
and the sentence aligner can compare them.

Worked examples (value, unit)::

    2,000억 달러          -> 200000000000, "usd"   = 200 billion dollars = $200 billion = $200bn
    1.6조 개              -> 1600000000000, "count" = 1.6 trillion   (never split at the ".")
    1조 2천억             -> 1200000000000, None
    3만 5천               -> 35000, None
    300억 달러            -> 30000000000, "usd"    = $30 billion
    45%                   -> 45, "percent"          = 45 percent = 45 per cent
    7나노                 -> 7, "nm"                = 7 nm = 7nm = 7-nanometer
    2022년                -> 2022, "year"           = 2022 (a bare 4-digit English number is a year)
    1위, 1등, 첫 번째      -> 1, "rank"              = No. 1 = number one = first = 1st = top
    3개, 세 개            -> 3, "count"             = three = 3
    2배, 두 번            -> 2, "times"             = twice = double = 2x = two times
    하나로                -> 1, "count"             = one
    3월 1일               -> 3 "month", 1 "day"     = March 1
    1억 5천만 원          -> 150000000, "krw"       = 150 million won = ₩150 million

Names are not numbers. A digit run glued to Latin letters is part of a name (A100, M1,
D1, GPT-4, 5G, 3D), except when the letters are a unit suffix: nm, GB (and other
measures), bn/mn/tn, K/M/B (thousand/million/billion), x (times), st/nd/rd/th (ordinals).
So "A100" and "M1칩" yield nothing, "7nm" and "$200bn" yield quantities.

Korean number *words* are read where they are unambiguous: the native 하나, 둘, 셋, 넷
standing alone (with a particle); the attributive 한, 두, 세, 네, 다섯 ... and the Sino
일, 이, 삼 ... only before a counter (세 개, 삼십 명, 일년), since 세, 이, 일 are also common
words. English number words one..nineteen, twenty..ninety, hundred, thousand, million,
billion, trillion and "a dozen" are read, as are the ordinals first..tenth, the month names
(capitalised) and the currency signs $ (US$), ₩, €, £, ¥ (달러/불, 원, 유로, 파운드, 엔 in Korean).

Some words are numbers only sometimes: English "one" is often a pronoun (the one who),
"first" an adverb, "top" a place, "second" a unit of time, "May" a verb, "once" "formerly";
Korean 한 and 하나 are often "a". These are marked ``weak``: they match a counterpart when there is one, but
:func:`compare_quantities` never reports them as missing.

Units compare strictly where a mismatch means a different fact (percent, currencies,
rank, times, measures) and loosely otherwise: a count, a year, a bare number match each
other when their values are equal (3개 = three, 2022년 = 2022).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "Quantity",
    "compare_quantities",
    "english_number",
    "english_quantities",
    "korean_number",
    "korean_quantities",
    "quantities_match",
]


@dataclass(frozen=True)
class Quantity:
    """A number found in a text: its value, its unit key and where it is."""

    value: Decimal  # normalised: 2,000억 -> Decimal("200000000000"), 1.6조 -> 1.6e12, 45% -> 45
    unit: str | None  # "percent", "nm", "usd", "krw", "year", "rank", "count", "times", ... or None
    start: int
    end: int  # end exclusive: text[start:end] == surface
    surface: str
    weak: bool = field(default=False, compare=False)  # a word that is a number only sometimes ("one", 한)


CURRENCY_SIGNS = {"$": "usd", "₩": "krw", "€": "eur", "£": "gbp", "¥": "jpy"}

# Units whose values only match the same unit. Everything else (None, count, year, month,
# day) is loose: it matches any other loose unit with the same value.
LOOSE_UNITS = frozenset({None, "count", "year", "month", "day"})


def _normal(value: Decimal) -> Decimal:
    """One spelling per value, so values print the same: integers without exponent or ".0"."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


# ---------------------------------------------------------------------------------------
# Digits shared by both languages

# 2,000 / 1.6 / 2018. A comma group must be exactly three digits (so "1,2" is two numbers).
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?")
_LATIN = re.compile(r"[A-Za-z]")
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")

# Latin letters that may be glued to a number and still make it a quantity: (multiplier, unit).
# K/M/B are case-sensitive (5K, 3M, 2B); the rest are matched in lower case.
_GLUED_CASED = {"K": (Decimal(10) ** 3, None), "M": (Decimal(10) ** 6, None), "B": (Decimal(10) ** 9, None)}
_GLUED = {
    "k": (Decimal(10) ** 3, None), "bn": (Decimal(10) ** 9, None), "mn": (Decimal(10) ** 6, None),
    "tn": (Decimal(10) ** 12, None), "trn": (Decimal(10) ** 12, None),
    "nm": (Decimal(1), "nm"), "mm": (Decimal(1), "mm"), "cm": (Decimal(1), "cm"), "km": (Decimal(1), "km"),
    "kg": (Decimal(1), "kg"), "mg": (Decimal(1), "mg"),
    "kb": (Decimal(1), "kb"), "mb": (Decimal(1), "mb"), "gb": (Decimal(1), "gb"), "tb": (Decimal(1), "tb"),
    "hz": (Decimal(1), "hz"), "khz": (Decimal(1), "khz"), "mhz": (Decimal(1), "mhz"), "ghz": (Decimal(1), "ghz"),
    "w": (Decimal(1), "w"), "kw": (Decimal(1), "kw"), "kwh": (Decimal(1), "kwh"),
    "x": (Decimal(1), "times"), "s": (Decimal(1), None),  # 2x faster; the 1990s, in their 20s
    "st": (Decimal(1), "rank"), "nd": (Decimal(1), "rank"), "rd": (Decimal(1), "rank"), "th": (Decimal(1), "rank"),
}


def _glued_suffix(letters: str) -> tuple[Decimal, str | None] | None:
    if letters in _GLUED_CASED:
        return _GLUED_CASED[letters]
    return _GLUED.get(letters.lower())


def _in_name(text: str, i: int) -> bool:
    """Whether the digit at i continues a Latin name: A100, M1, GPT-4 (a letter, or letter + hyphen, before it)."""
    if i == 0:
        return False
    before = text[i - 1]
    if _LATIN.match(before):
        return True
    return before in "-\u2010\u2011" and i >= 2 and bool(_LATIN.match(text[i - 2]))


def _scan_digits(text: str, i: int) -> tuple[Decimal, int, tuple[Decimal, str | None] | None] | None:
    """The number starting at text[i] (a digit): (value, end, glued suffix), or None when it is part
    of a name. The end is past the glued suffix when there is one."""
    m = _DIGITS.match(text, i)
    if m is None:
        return None
    value = _decimal(m.group())
    end = m.end()
    letters = _LATIN_RUN.match(text, end)
    if letters is None:
        if end < len(text) and text[end].isdigit():  # "1,2345": the comma rule stopped early
            return None
        return value, end, None
    suffix = _glued_suffix(letters.group())
    after = letters.end()
    if suffix is None or (after < len(text) and (text[after].isascii() and text[after].isalnum())):
        return None  # 5G, 3D, 7nmx: a name
    return value, after, suffix


def _skip_name(text: str, i: int) -> int:
    m = _ALNUM_RUN.match(text, i)
    return m.end() if m else i + 1


# ---------------------------------------------------------------------------------------
# Korean

_BIG = {"만": Decimal(10) ** 4, "억": Decimal(10) ** 8, "조": Decimal(10) ** 12, "경": Decimal(10) ** 16}
_SMALL = {"십": Decimal(10), "백": Decimal(100), "천": Decimal(1000)}
_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_NATIVE_STANDALONE = {"하나": 1, "둘": 2, "셋": 3, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
_ORDINAL_WORDS = {"첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4, "다섯째": 5}

# Counters and units after a Korean number, longest first: surface -> unit key.
_KO_UNITS = {
    "퍼센트": "percent", "프로": "percent", "%": "percent",
    "달러": "usd", "불": "usd", "원": "krw", "엔": "jpy", "유로": "eur", "위안": "cny", "파운드": "gbp",
    "나노미터": "nm", "나노": "nm",
    "년도": "year", "년": "year", "개월": "month", "달": "month", "월": "month", "일": "day",
    "위": "rank", "등": "rank", "번째": "rank", "째": "rank",
    "배": "times", "번": "times", "차례": "times",
    "개": "count", "명": "count", "장": "count", "대": "count", "가지": "count", "권": "count", "곳": "count",
    "건": "count", "종": "count", "마리": "count", "살": "count", "세": "count", "편": "count", "층": "count",
    "시간": "count", "분": "count", "초": "count", "주": "count", "사람": "count",
}
_KO_UNIT_RE = re.compile("|".join(re.escape(k) for k in sorted(_KO_UNITS, key=len, reverse=True)))
# A counter must end a word or be followed by a particle/ending; "등" is also "etc." but only
# after a noun, and "세" after a number word is the counter, so no extra rule is needed.
_LATIN_UNITS = re.compile(r"(?:nm|nanometers?|nanometres?)(?![A-Za-z])|GB(?![A-Za-z])")

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Particles that may follow a standalone native number (하나로, 둘이, 셋은).
_PARTICLE_START = frozenset("가이은는을를의에로와과도만랑하씩뿐밖")
# ... and the copula's forms, glued to a noun: 1위다, 1위인, 1위임, 1위입니다, 1위였다, 1위라고.
_COPULA_START = frozenset("다인임입였라")


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _word_start(text: str, i: int) -> bool:
    return i == 0 or not (_is_hangul(text[i - 1]) or text[i - 1].isalnum())


def _korean_group(text: str, i: int) -> tuple[Decimal, Decimal | None, int] | None:
    """One 만-group from i: digits with 천/백/십 (2천5백, 2,000, 1.6) then an optional big unit.
    Returns (value, big unit multiplier or None, end)."""
    total = Decimal(0)
    j = i
    seen = False
    while j < len(text) and text[j].isdigit():
        if _in_name(text, j):
            return None
        scanned = _scan_digits(text, j)
        if scanned is None or scanned[2] is not None:
            break
        n, k, _ = scanned
        if k < len(text) and text[k] in _SMALL:
            total += n * _SMALL[text[k]]
            j = k + 1
            seen = True
            continue
        total += n
        j = k
        seen = True
        break
    if not seen:
        return None
    if j < len(text) and text[j] in _BIG:
        return total, _BIG[text[j]], j + 1
    return total, None, j


def _korean_digits(text: str, i: int) -> tuple[Decimal, int] | None:
    """A number from i in Korean digits with units: 2,000억 / 1조 2천억 / 3만 5천 / 1.6조.

    After a group with a big unit, one space and a group with a smaller big unit continue the
    number (1조 2천억); so does a last group below that unit, unless a date or rank counter
    follows it (3만 5천, 3만 5000원, 1234억 5678만 9012; but 2억 2018년 is two numbers)."""
    first = _korean_group(text, i)
    if first is None:
        return None
    value, big, end = first
    if big is None:
        return value, end
    total = value * big
    while True:
        j = end + 1 if end < len(text) and text[end] == " " else end
        if j >= len(text) or not text[j].isdigit():
            break
        nxt = _korean_group(text, j)
        if nxt is None:
            break
        v, b, e = nxt
        if b is not None:
            if b >= big:
                break  # 1조 2조: two numbers
        else:
            if v >= big:
                break
            unit = _KO_UNIT_RE.match(text, e)
            if unit is not None and _KO_UNITS[unit.group()] in ("year", "rank", "month", "day"):
                break
        total += v * (b or 1)
        end = e
        if b is None:
            break
        big = b
    return total, end


def _sino_word(text: str, i: int) -> tuple[Decimal, int] | None:
    """Sino-Korean numerals in Hangul (삼십, 이천이십이, 오백만) from i."""
    total = Decimal(0)
    group = Decimal(0)
    digit: int | None = None
    j = i
    while j < len(text):
        ch = text[j]
        if ch in _SINO_DIGITS and digit is None:
            digit = _SINO_DIGITS[ch]
        elif ch in _SMALL:
            group += (digit or 1) * _SMALL[ch]
            digit = None
        elif ch in _BIG:
            group += digit or 0
            total += (group or 1) * _BIG[ch]
            group = Decimal(0)
            digit = None
        else:
            break
        j += 1
    if j == i:
        return None
    return total + group + (digit or 0), j


# Where a Korean quantity may start: a digit, a currency sign, or a word starting with a syllable
# that begins a number word. Scanning only these keeps a page of text to a few regex steps.
_KO_CANDIDATE = re.compile(r"\d|[$₩€£¥]|(?<![\uac00-\ud7a3A-Za-z0-9])[첫한두세네다여일아열스서마쉰하둘셋넷이삼사오육칠팔구십백천만]")


def korean_quantities(text: str) -> list[Quantity]:
    """Every quantity in a Korean text, in order, never overlapping."""
    found: list[Quantity] = []
    i = 0
    for m in _KO_CANDIDATE.finditer(text):
        j = m.start()
        if j < i:
            continue
        ch = text[j]
        q: Quantity | None = None
        if ch.isdigit():
            if _in_name(text, j) or (j > 0 and (text[j - 1].isdigit() or text[j - 1] in ".,")):
                i = _skip_name(text, j)
                continue
            q = _korean_number_at(text, j)
            if q is None:
                i = _skip_name(text, j)
                continue
        elif ch in CURRENCY_SIGNS:
            if j + 1 < len(text) and text[j + 1].isdigit():
                q = _english_number_at(text, j)
        else:
            q = _korean_word_at(text, j)
        if q is not None:
            found.append(q)
            i = q.end
    return found


# Counters that may stand after a space ("1.6조 개", "2,000억 달러"): not the ones that are also
# common words after a number phrase (일 work, 세 tax, 등 etc., 위 above, 대 versus, 장 chapter ...).
_SPACED_COUNTERS = frozenset(_KO_UNITS) - frozenset(
    {"일", "세", "주", "등", "위", "대", "장", "분", "초", "번", "편", "종", "건", "달", "월", "불", "살", "층"})


# Units that are also the first syllable of common words: a unit only when what follows is a
# particle, an ending, or one of the syllables listed (100원짜리, 3원씩, 1위권).
_WORD_UNITS = {"원": frozenset("짜씩대어"), "위": frozenset("권"), "등": frozenset("급분"), "배": frozenset("씩")}


def _korean_number_at(text: str, i: int) -> Quantity | None:
    scanned = _scan_digits(text, i)
    if scanned is None:
        return None
    if scanned[2] is not None:  # 7nm, 2x, 5K glued: the Latin suffix decides
        value, end, (mult, unit) = scanned
        return _quantity(text, i, end, value * mult, unit)
    parsed = _korean_digits(text, i)
    if parsed is None:
        return None
    value, end = parsed
    unit: str | None = None
    m = _KO_UNIT_RE.match(text, end)
    if m is None and end < len(text) and text[end] == " ":
        spaced = _KO_UNIT_RE.match(text, end + 1)
        if spaced and spaced.group() in _SPACED_COUNTERS:
            m = spaced
    if m is not None and m.group() in _WORD_UNITS and m.end() < len(text) and _is_hangul(text[m.end()]) \
            and text[m.end()] not in _PARTICLE_START | _COPULA_START | _WORD_UNITS[m.group()]:
        m = None  # 3원칙 (three principles), 2위원회: the syllable starts a word, it is no unit
    if m is not None:
        unit = _KO_UNITS[m.group()]
        end = m.end()
    else:
        latin = _LATIN_UNITS.match(text, end + 1 if end < len(text) and text[end] == " " else end)
        if latin:
            unit = "gb" if latin.group() == "GB" else "nm"
            end = latin.end()
    return _quantity(text, i, end, value, unit)


# Counters after a native number word (한 개, 두 번째, 세 가지). Native numbers count with 해,
# 날, 달, never 년/일/월, and 한 일 is "what was done", so those are not here.
_NATIVE_COUNTERS = {k: _KO_UNITS.get(k, "count") for k in (
    "번째", "차례", "가지", "시간", "사람", "마리", "개", "명", "번", "장", "대", "권", "곳", "살", "분", "달",
    "주", "잔", "병", "벌", "채", "배", "해", "날", "군데", "송이", "그루", "켤레")}
_NATIVE_COUNTERS["해"] = "year"
_NATIVE_COUNTERS["날"] = "day"
_NATIVE_COUNTER_RE = re.compile("|".join(sorted(_NATIVE_COUNTERS, key=len, reverse=True)))
_NATIVE_TENS = {"열": 10, "스물": 20, "서른": 30, "마흔": 40, "쉰": 50}
_NATIVE_UNITS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
_NATIVE_UNITS_LONGEST_FIRST = sorted(_NATIVE_UNITS.items(), key=lambda kv: -len(kv[0]))
# Sino numerals in Hangul: a lone digit syllable (일, 이, 사 ...) is a number only glued to one of
# these (일년, 이등, 삼층); 이번, 사원, 오일, 이분 are words. Longer numerals (삼십, 이천) and
# 백/천/만 alone take the wider list.
_SINO_SHORT_COUNTERS = ("개월", "년", "위", "등", "층")
_SINO_COUNTERS = ("퍼센트", "프로", "개월", "달러", "년", "월", "일", "원", "위", "등", "배", "명", "개", "세", "층",
                  "분", "초")
_SINO_SHORT_RE = re.compile("|".join(_SINO_SHORT_COUNTERS))
_SINO_RE = re.compile("|".join(sorted(_SINO_COUNTERS, key=len, reverse=True)))


def _native_counter(text: str, j: int) -> tuple[str | None, int]:
    """A counter right after a native number word, with or without one space."""
    for k in (j, j + 1):
        if k == j + 1 and not (j < len(text) and text[j] == " "):
            break
        m = _NATIVE_COUNTER_RE.match(text, k)
        if m:
            return _NATIVE_COUNTERS[m.group()], m.end()
    return None, j


def _korean_word_at(text: str, i: int) -> Quantity | None:
    """A number written in Hangul at a word start, or None (see the module docstring for when)."""
    for word, value in _ORDINAL_WORDS.items():  # 첫째, 둘째
        if text.startswith(word, i):
            return _quantity(text, i, i + len(word), Decimal(value), "rank")
    if text.startswith("첫", i):  # 첫 번째
        unit, end = _native_counter(text, i + 1)
        if unit == "rank":
            return _quantity(text, i, end, Decimal(1), "rank")
        return None
    # native: (열|스물|...)? (한|두|...)? + counter; 스무 is 20 before a counter
    value, j = 0, i
    for word, tens in _NATIVE_TENS.items():
        if text.startswith(word, j):
            value, j = tens, j + len(word)
            break
    if text.startswith("스무", j) and value == 0:
        value, j = 20, j + 2
    else:
        for word, units in _NATIVE_UNITS_LONGEST_FIRST:
            if text.startswith(word, j):
                value, j = value + units, j + len(word)
                break
    if value:
        unit, end = _native_counter(text, j)
        if unit is not None:
            return _quantity(text, i, end, Decimal(value), unit, weak=value == 1 and unit != "rank")
    # standalone: 하나로, 둘이, 셋은
    for word, number in _NATIVE_STANDALONE.items():
        if text.startswith(word, i):
            j = i + len(word)
            if j == len(text) or not _is_hangul(text[j]) or text[j] in _PARTICLE_START:
                if text.startswith("째", j):
                    continue
                return _quantity(text, i, j, Decimal(number), "count", weak=number == 1)
    # Sino in Hangul
    if text[i] in _SINO_DIGITS or text[i] in _SMALL or text[i] == "만":
        parsed = _sino_word(text, i)
        if parsed is None:
            return None
        value_, j = parsed
        if j - i == 1 and text[i] in _SINO_DIGITS:
            m = _SINO_SHORT_RE.match(text, j)
        else:
            m = _SINO_RE.match(text, j)
            if m is None and j < len(text) and text[j] == " ":
                m = _SINO_RE.match(text, j + 1)
                if m and m.group() in ("일", "세", "등", "위", "분", "초", "월"):
                    m = None
        if m is None:
            return None
        return _quantity(text, i, m.end(), value_, _KO_UNITS[m.group()])
    return None


def _quantity(text: str, start: int, end: int, value: Decimal, unit: str | None, *, weak: bool = False) -> Quantity:
    while end > start and text[end - 1] == " ":
        end -= 1
    return Quantity(value=_normal(value), unit=unit, start=start, end=end, surface=text[start:end], weak=weak)


# ---------------------------------------------------------------------------------------
# English

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {
    "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12, "quadrillion": Decimal(10) ** 15,
}
_SHORT_SCALES = {"k": _SCALES["thousand"], "m": _SCALES["million"], "mn": _SCALES["million"],
                 "bn": _SCALES["billion"], "b": _SCALES["billion"], "tn": _SCALES["trillion"],
                 "trn": _SCALES["trillion"]}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}
_MULTIPLES = {"once": 1, "twice": 2, "double": 2, "thrice": 3, "triple": 3, "quadruple": 4}
_MONTHS = {name: k for k, name in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
# Words that are numbers only sometimes (see the module docstring).
_WEAK_WORDS = frozenset({"one", "first", "second", "top", "double", "once"})

_WORD = re.compile(r"[A-Za-z]+")
_GAP = re.compile(r"[ \u00a0\-\u2010\u2011]")  # between the parts of one number: space or hyphen
# After a number: its unit, longest first. Group names give the key.
_EN_UNIT = re.compile(
    r"(?P<percent>%|percent(?![a-z])|per[ \u00a0]cent(?![a-z]))"
    r"|(?P<usd>(?:US[ \u00a0]|U\.S\.[ \u00a0])?dollars?(?![a-z])|USD(?![A-Za-z]))"
    r"|(?P<krw>(?:Korean[ \u00a0])?won(?![a-z])|KRW(?![A-Za-z]))"
    r"|(?P<nm>nanomet(?:er|re)s?(?![a-z])|nm(?![A-Za-z]))"
    r"|(?P<times>times(?![a-z])|fold(?![a-z]))"
    r"|(?P<year>years?(?![a-z]))"
    r"|(?P<month>months?(?![a-z]))"
    r"|(?P<day>days?(?![a-z]))",
    re.IGNORECASE,
)


def _word_at(text: str, i: int) -> re.Match[str] | None:
    if i > 0 and text[i - 1].isalnum():
        return None
    m = _WORD.match(text, i)
    if m is None or (m.end() < len(text) and text[m.end()].isdigit()):
        return None
    return m


def _after_gap(text: str, j: int) -> int:
    return j + 1 if j < len(text) and _GAP.match(text, j) else j


def _english_words(text: str, i: int) -> tuple[Decimal, int, bool] | None:
    """Number words from i: "two hundred and forty-five million", "a dozen", "a billion".
    Returns (value, end, weak)."""
    m = _word_at(text, i)
    if m is None:
        return None
    word = m.group().lower()
    if word in ("a", "an"):
        j = _after_gap(text, m.end())
        nxt = _word_at(text, j) if j > m.end() else None
        if nxt is None:
            return None
        w = nxt.group().lower()
        if w == "dozen":
            return Decimal(12), nxt.end(), False
        if w == "hundred" or w in _SCALES:
            value, end, _ = _english_words(text, j) or (Decimal(0), j, False)
            return value, end, False
        return None
    if word not in _ONES and word not in _TENS and word != "hundred" and word not in _SCALES:
        return None
    total = Decimal(0)
    current = Decimal(0)
    end = i
    j = i
    words: list[str] = []
    while True:
        m = _word_at(text, j)
        if m is None:
            break
        w = m.group().lower()
        if w in _ONES:
            if words and (words[-1] in _ONES or (words[-1] in _TENS and _ONES[w] >= 10)):
                break  # "one two" is two numbers
            current += _ONES[w]
        elif w in _TENS:
            if words and (words[-1] in _ONES or words[-1] in _TENS):
                break
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALES:
            if words and words[-1] in _SCALES and _SCALES[words[-1]] <= _SCALES[w]:
                break
            total += (current or 1) * _SCALES[w]
            current = Decimal(0)
        elif w == "and" and words and (words[-1] == "hundred" or words[-1] in _SCALES):
            k = _after_gap(text, m.end())
            nxt = _word_at(text, k) if k > m.end() else None
            if nxt is None or (nxt.group().lower() not in _ONES and nxt.group().lower() not in _TENS):
                break
            j = k
            continue
        else:
            break
        words.append(w)
        end = m.end()
        k = _after_gap(text, end)
        if k == end:
            break
        j = k
    if not words:
        return None
    weak = words == ["one"]
    return total + current, end, weak


def _english_scale(text: str, j: int) -> tuple[Decimal, int]:
    """A scale word after a digit number: " billion", "bn" glued, "-million". (multiplier, end)."""
    k = _after_gap(text, j)
    m = _word_at(text, k) if k > j else None
    if m and m.group().lower() in _SCALES:
        return _SCALES[m.group().lower()], m.end()
    return Decimal(1), j


def _english_unit(text: str, j: int) -> tuple[str | None, int]:
    if j < len(text) and text[j] == "%":
        return "percent", j + 1
    k = _after_gap(text, j)
    if k == j:
        return None, j
    m = _EN_UNIT.match(text, k)
    if m is None:
        return None, j
    return m.lastgroup, m.end()


def _english_number_at(text: str, i: int) -> Quantity | None:
    """A number at i: optional currency sign, digits or words, scale, unit."""
    start = i
    currency: str | None = None
    if text.startswith("US$", i):
        currency, i = "usd", i + 3
    elif text[i] in CURRENCY_SIGNS:
        currency, i = CURRENCY_SIGNS[text[i]], i + 1
    weak = False
    unit: str | None = None
    if i < len(text) and text[i].isdigit():
        if _in_name(text, i):
            return None
        scanned = _scan_digits(text, i)
        if scanned is None:
            return None
        value, end, glued = scanned
        plain = glued is None and "," not in text[i:end] and "." not in text[i:end]
        if glued is not None:
            mult, glued_unit = glued
            value *= mult
            unit = glued_unit
        else:
            mult, end = _english_scale(text, end)
            value *= mult
            plain = plain and mult == 1
        if unit is None:
            unit, end = _english_unit(text, end)
        if unit is None and currency is None and plain and len(text[i:end]) == 4 and 1000 <= value <= 2999:
            unit = "year"
    else:
        if currency is not None:
            return None
        words = _english_words(text, i)
        if words is None:
            return None
        value, end, weak = words
        mult, after_scale = _english_scale(text, end)  # a scale the words left: "a thousand million"
        if mult != 1:
            value, end = value * mult, after_scale
        unit, end = _english_unit(text, end)
        if unit is not None:
            weak = False  # "one percent" is a number
    if currency is not None:
        if unit is not None and unit not in CURRENCY_SIGNS.values():
            return None
        unit = currency
    return _quantity(text, start, end, value, unit, weak=weak)


_NUMBER_ONE = re.compile(
    r"(?:No\.|no\.|Nr\.|#)[ \u00a0]?(?P<digits>\d+)(?![\d,.]?\d)|(?P<number>[Nn]umber)[ \u00a0\-](?P<word>one|\d+)(?![A-Za-z0-9])")


_EN_WORDS = sorted({*_ONES, *_TENS, "hundred", *_SCALES, *_ORDINALS, *_MULTIPLES, *_MONTHS, "top", "a", "an"},
                   key=len, reverse=True)
# Where an English quantity may start (the rest of the text is skipped in one regex step).
_EN_CANDIDATE = re.compile(
    r"\d|[$₩€£¥#]|US\$|(?<![A-Za-z0-9])(?:No\.|no\.|Nr\.|[Nn]umber(?=[ \u00a0\-])|(?i:" + "|".join(_EN_WORDS) + r")(?![A-Za-z]))")


def english_quantities(text: str) -> list[Quantity]:
    """Every quantity in an English text, in order, never overlapping."""
    found: list[Quantity] = []
    i = 0
    for c in _EN_CANDIDATE.finditer(text):
        j = c.start()
        if j < i:
            continue
        ch = text[j]
        if ch in "N#n":
            m = _NUMBER_ONE.match(text, j)
            if m:
                raw = m.group("digits") or m.group("word")
                value = Decimal(1) if raw == "one" else Decimal(raw)
                found.append(_quantity(text, j, m.end(), value, "rank"))
                i = m.end()
                continue
        if ch.isdigit() or ch in CURRENCY_SIGNS or text.startswith("US$", j):
            if ch.isdigit() and (_in_name(text, j) or (j > 0 and (text[j - 1].isdigit() or text[j - 1] in ".,"))):
                i = _skip_name(text, j)
                continue
            q = _english_number_at(text, j)
            if q is None:
                i = _skip_name(text, j) if ch.isdigit() else j + 1
                continue
            found.append(q)
            i = q.end
            continue
        if not ch.isalpha():
            continue
        m = _WORD.match(text, j)
        assert m is not None
        w = m.group().lower()
        q = None
        if w in _ORDINALS and not (w == "second" and re.match(r"s|[ \u00a0\-]?hand", text[m.end():m.end() + 5])):
            q = _quantity(text, j, m.end(), Decimal(_ORDINALS[w]), "rank", weak=w in _WEAK_WORDS)
        elif w in _MONTHS and m.group()[0].isupper():
            q = _quantity(text, j, m.end(), Decimal(_MONTHS[w]), "month", weak=w == "may")
        elif w in _MULTIPLES:
            q = _quantity(text, j, m.end(), Decimal(_MULTIPLES[w]), "times", weak=w in _WEAK_WORDS)
        elif w == "top":
            if not re.match(r"[ \u00a0-]?(?:\d|ten|five|three|twenty|hundred)", text[m.end():m.end() + 8]):
                q = _quantity(text, j, m.end(), Decimal(1), "rank", weak=True)
        else:
            q = _english_number_at(text, j)
        if q is not None:
            found.append(q)
            i = q.end
        else:
            i = m.end()
    return found


# ---------------------------------------------------------------------------------------
# Comparing


def _units_match(a: str | None, b: str | None) -> bool:
    return a == b or (a in LOOSE_UNITS and b in LOOSE_UNITS)


def quantities_match(a: Quantity, b: Quantity) -> bool:
    """Same value, and units that agree (strict units exactly; loose ones with each other)."""
    return a.value == b.value and _units_match(a.unit, b.unit)


def _match(ko: list[Quantity], en: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Pair Korean with English quantities: same unit first, then loose units; strong words before weak.
    Returns the unpaired of each side."""
    left = list(ko)
    right = list(en)
    for exact in (True, False):
        for q in sorted(left, key=lambda q: q.weak):
            candidates = [r for r in right if r.value == q.value and
                          (r.unit == q.unit if exact else _units_match(r.unit, q.unit))]
            if not candidates:
                continue
            best = min(candidates, key=lambda r: r.weak)
            right.remove(best)
            left.remove(q)
    return left, right


def compare_quantities(ko: str, en: str) -> tuple[list[Quantity], list[Quantity]]:
    """(in the Korean but missing from the English, in the English but not in the Korean).

    Weak quantities (see the module docstring) pair up when they can but are never reported."""
    missing, extra = _match(korean_quantities(ko), english_quantities(en))
    return [q for q in missing if not q.weak], [q for q in extra if not q.weak]


# ---------------------------------------------------------------------------------------
# Writing numbers (the inverse, for tests and messages)


def korean_number(value: Decimal, *, thousands: bool = False) -> str:
    """A non-negative number the Korean way: 1234억 5678만 9012, or with ``thousands``
    1천2백34억 ... A fraction is written on the largest unit it fits exactly (1.6조)."""
    value = Decimal(value)
    if value < 0:
        raise ValueError(f"negative number: {value}")
    if value != value.to_integral_value():
        for big, unit in ((Decimal(10) ** 12, "조"), (Decimal(10) ** 8, "억"), (Decimal(10) ** 4, "만")):
            if value >= big:
                return f"{_plain(value / big)}{unit}"
        return _plain(value)
    n = int(value)
    if n == 0:
        return "0"
    parts = []
    for exponent, unit in ((16, "경"), (12, "조"), (8, "억"), (4, "만"), (0, "")):
        group, n = divmod(n, 10 ** exponent)
        if group:
            parts.append(f"{_thousands(group) if thousands else group}{unit}")
    return " ".join(parts)


def _thousands(group: int) -> str:
    out = []
    for size, unit in ((1000, "천"), (100, "백")):
        digit, group = divmod(group, size)
        if digit:
            out.append(f"{digit}{unit}")
    if group:
        out.append(str(group))
    return "".join(out)


def _plain(value: Decimal) -> str:
    text = format(_normal(value), "f")
    return text


def english_number(value: Decimal) -> str:
    """A non-negative number in English words ("two hundred forty-five million six"), or, with a
    fraction, digits and a scale word ("1.6 trillion")."""
    value = Decimal(value)
    if value < 0:
        raise ValueError(f"negative number: {value}")
    if value != value.to_integral_value():
        for word in ("trillion", "billion", "million", "thousand"):
            if value >= _SCALES[word]:
                return f"{_plain(value / _SCALES[word])} {word}"
        return _plain(value)
    n = int(value)
    if n == 0:
        return "zero"
    parts = []
    for word in ("quadrillion", "trillion", "billion", "million", "thousand"):
        size = int(_SCALES[word])
        group, n = divmod(n, size)
        if group:
            parts.append(f"{_hundreds(group)} {word}")
    if n:
        parts.append(_hundreds(n))
    return " ".join(parts)


def _hundreds(n: int) -> str:
    if n >= 1000:  # only above a quadrillion
        return english_number(Decimal(n))
    words = []
    hundreds, n = divmod(n, 100)
    if hundreds:
        words.append(f"{_word_of(hundreds)} hundred")
    if n:
        if n < 20:
            words.append(_word_of(n))
        else:
            tens, ones = divmod(n, 10)
            ten = next(k for k, v in _TENS.items() if v == tens * 10)
            words.append(f"{ten}-{_word_of(ones)}" if ones else ten)
    return " ".join(words)


def _word_of(n: int) -> str:
    return next(k for k, v in _ONES.items() if v == n)
