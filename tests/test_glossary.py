"""The glossary engine: loading glossary.po, Korean and English matching, search, `python -m dari terms`."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from dari import CONTENT_DIR
from dari.__main__ import main
from dari.library.content import load_document
from dari.library.glossary import (
    build_glossary,
    find_english,
    find_english_occurrences,
    find_occurrences,
    load_glossary,
    occurrences_in_document,
    search_entries,
    term_key,
)
from dari.models import Category, ContentError, GlossaryEntry

SMALL = Path(__file__).parent / "data" / "glossary-small.po"


@pytest.fixture(scope="module")
def small():
    return load_glossary(SMALL)


def marked(text: str, glossary) -> str:
    """The text with every occurrence in brackets: "[에코 챔버]란 반향실"."""
    out, at = [], 0
    for o in find_occurrences(text, glossary):
        assert text[o.start:o.end] == o.surface
        out += [text[at:o.start], "[", o.surface, "]"]
        at = o.end
    return "".join(out + [text[at:]])


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# --- loading ---------------------------------------------------------------------------


def test_small_fixture_loads_every_field(small):
    assert len(small.entries) == 14
    echo = small.by_headword["에코챔버"]
    assert echo == GlossaryEntry(
        headword="에코챔버",
        variants=("에코 챔버",),  # listed twice in the file: kept once
        english=("echo chamber", "echo chambers"),
        romanization="ekochaembeo",
        category=Category.TECHNICAL,
        note="A media environment where people hear only opinions that echo their own, "
        "so those views seem to be all there is.",
    )
    assert small.by_headword["일론 머스크"].variants == ("일론머스크",)
    assert small.by_headword["넘사벽"].category is Category.SLANG
    assert small.by_headword["AI칩"].variants == ()
    assert [e.headword for e in small.entries][:3] == ["에코챔버", "자연어처리", "엣지 컴퓨팅"]  # file order


def test_by_headword_is_read_only(small):
    with pytest.raises(TypeError):
        small.by_headword["새"] = small.entries[0]


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
GOOD = """# Google.
#. category: company
#. romanization: gugeul
msgctxt "glossary"
msgid "구글"
msgstr "Google"

"""  # lines 5-11 of a file that starts with HEADER


def entry(headword="테슬라", english="Tesla", comments=("category: company", "romanization: teseulla"),
          note="The car company.", context="glossary") -> str:
    lines = [f"# {note}", *(f"#. {c}" for c in comments), f'msgctxt "{context}"',
             f'msgid "{headword}"', f'msgstr "{english}"', ""]
    return "\n".join(lines) + "\n"


MALFORMED = [
    # (id, the entry after a good one, what the message says)
    ("unknown category", entry(comments=("category: vehicle", "romanization: teseulla")),
     "category 'vehicle' is not one of technical, company, person, slang, grammar"),
    ("no category", entry(comments=("romanization: teseulla",)), "category"),
    ("no romanization", entry(comments=("category: company",)), "no '#. romanization:' line"),
    ("empty msgstr", entry(english=""), "no English (msgstr is empty)"),
    ("only separators in msgstr", entry(english=" ; "), "no English"),
    ("unknown comment key", entry(comments=("category: company", "romanisation: teseulla")),
     "unknown comment line '#. romanisation: teseulla'"),
    ("key given twice", entry(comments=("category: company", "category: person", "romanization: t")),
     "'#. category:' given twice"),
    ("headword on two lines", entry(headword="테슬\\n라"), "headword '테슬\\n라' is empty or spans lines"),
    ("wrong msgctxt", entry(context="ui"), "expected msgctxt 'glossary'"),
    ("duplicate headword", entry(headword="구글", english="Google"), "duplicate msgid '구글' (first defined on line 5)"),
    ("duplicate headword by spacing", entry(headword="구 글", english="Google"), "duplicates the headword"),
    ("variant equal to another headword",
     entry(headword="구글 검색", comments=("category: company", "romanization: g", "variants: 구글")),
     "variant '구글' of entry '구글 검색' duplicates the headword of entry '구글'"),
]


@pytest.mark.parametrize("body, message", [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_entry_names_file_and_line(tmp_path, body, message):
    path = tmp_path / "glossary.po"
    path.write_text(HEADER + GOOD + body, encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_glossary(path)
    assert e.value.problem.path == str(path)
    assert e.value.problem.line == 12  # the bad entry starts after the header (4 lines) and GOOD (7)
    assert message in str(e.value)
    assert str(e.value).startswith(f"{path}:12: ")


def test_variant_claimed_by_two_entries(tmp_path):
    path = tmp_path / "glossary.po"
    path.write_text(HEADER + entry(headword="로보틱스", comments=("category: technical", "romanization: r",
                                                               "variants: 로봇틱스"))
                    + entry(headword="로봇 공학", comments=("category: technical", "romanization: r",
                                                         "variants: 로봇틱스")), encoding="utf-8")
    with pytest.raises(ContentError, match=r"glossary.po:13: variant '로봇틱스' of entry '로봇 공학' duplicates "
                                           r"a variant of entry '로보틱스' \(line 5\)"):
        load_glossary(path)


def test_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "glossary.po"
    path.write_text(HEADER + GOOD + 'msgctxt "glossary"\nmsgid "테슬라\nmsgstr "Tesla"\n', encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_glossary(path)
    assert e.value.problem.path == str(path)
    assert e.value.problem.line is not None and e.value.problem.line >= 12


def test_missing_file_is_a_content_error(tmp_path):
    with pytest.raises(ContentError, match="no such PO file"):
        load_glossary(tmp_path / "glossary.po")


def test_fuzzy_and_obsolete_entries_are_skipped(tmp_path):
    path = tmp_path / "glossary.po"
    fuzzy = entry().replace('msgctxt', '#, fuzzy\nmsgctxt', 1)
    obsolete = '#~ msgctxt "glossary"\n#~ msgid "웨이모"\n#~ msgstr "Waymo"\n'
    path.write_text(HEADER + GOOD + fuzzy + obsolete, encoding="utf-8")
    assert [e.headword for e in load_glossary(path).entries] == ["구글"]


def test_decomposed_file_is_read_as_nfc(tmp_path):
    path = tmp_path / "glossary.po"
    path.write_text(nfd(HEADER + entry(comments=("category: company", "romanization: t", "variants: 테 슬라"))),
                    encoding="utf-8")
    e = load_glossary(path).entries[0]
    assert (e.headword, e.variants) == ("테슬라", ("테 슬라",))
    assert unicodedata.is_normalized("NFC", e.variants[0])


# --- Korean side -----------------------------------------------------------------------

MATCHING = [
    # (id, text, the text with every occurrence in brackets)
    ("joined as headword", "왜냐하면, 에코챔버 효과가", "왜냐하면, [에코챔버] 효과가"),
    ("spaced variant", "에코 챔버 효과", "[에코 챔버] 효과"),
    ("space not in any spelling", "자연어 처리 기술", "[자연어 처리] 기술"),
    ("headword spaced, text joined", "엣지컴퓨팅 기기", "[엣지컴퓨팅] 기기"),
    ("several spaces", "에코   챔버", "[에코   챔버]"),
    ("tab and no-break space", "일론\t머스크 일론\u00a0머스크", "[일론\t머스크] [일론\u00a0머스크]"),
    ("particle 란", "에코 챔버란 반향실인데", "[에코 챔버]란 반향실인데"),
    ("particle 에서", "엣지 컴퓨팅에서 이렇게", "[엣지 컴퓨팅]에서 이렇게"),
    ("particle 에", "넘사벽에 부딪침", "[넘사벽]에 부딪침"),
    ("particle 의 after longest", "구글 클라우드의 독자적 규격", "[구글 클라우드]의 독자적 규격"),
    ("listed variant 일론머스크", "# 일론머스크 트위터 인수 목적", "# [일론머스크] 트위터 인수 목적"),
    ("listed variant 로봇틱스", "또 다른 분야인 로봇틱스 일론의", "또 다른 분야인 [로봇틱스] 일론의"),
    ("Latin upper case", "AI칩을 개발", "[AI칩]을 개발"),
    ("Latin mixed case", "이 Ai칩 기술이", "이 [Ai칩] 기술이"),
    ("Latin lower case, spaced", "ai 칩 시장", "[ai 칩] 시장"),
    ("not inside 하이퍼파라미터", "하이퍼파라미터 튜닝", "하이퍼파라미터 튜닝"),
    ("next to 하이퍼파라미터", "하이퍼파라미터와 파라미터", "하이퍼파라미터와 [파라미터]"),
    ("not after a Latin letter", "xAI칩 tesla테슬라", "xAI칩 tesla테슬라"),
    ("not after a digit", "2구글", "2구글"),
    ("after punctuation", "(구글), '테슬라'·웨이모", "([구글]), '[테슬라]'·[웨이모]"),
    ("longest wins", "구글 클라우드", "[구글 클라우드]"),
    ("longest wins, joined", "구글클라우드", "[구글클라우드]"),
    ("shorter where the longer is not", "구글의 클라우드", "[구글]의 클라우드"),
    ("followed by a word: a particle is", "AI칩셋은", "[AI칩]셋은"),
    ("trailing space not in the span", "일론 머스크 트윗", "[일론 머스크] 트윗"),
    ("no match across a line break", "에코\n챔버 자연어\n처리", "에코\n챔버 자연어\n처리"),
    ("no match across punctuation", "에코. 챔버, 자연어, 처리", "에코. 챔버, 자연어, 처리"),
    ("many in a row", "구글 테슬라 빅테크", "[구글] [테슬라] [빅테크]"),
    ("empty text", "", ""),
    ("no Korean", "Elon Musk bought Twitter.", "Elon Musk bought Twitter."),
]


@pytest.mark.parametrize("text, expected", [m[1:] for m in MATCHING], ids=[m[0] for m in MATCHING])
def test_find_occurrences(small, text, expected):
    assert marked(text, small) == expected


def test_occurrence_names_the_headword(small):
    found = find_occurrences("일론머스크와 로봇틱스, 자연어 처리, ai칩", small)
    assert [o.term for o in found] == ["일론 머스크", "로보틱스", "자연어처리", "AI칩"]
    assert [(o.start, o.end) for o in found] == [(0, 5), (7, 11), (13, 19), (21, 24)]


@pytest.mark.parametrize(
    "text",
    ["에코 챔버란 반향실", "엣지 컴퓨팅에서 넘사벽에", "하이퍼파라미터와 파라미터", "구글 클라우드의 구글",
     "일론머스크 트위터", "Ai칩 기술"],
)
def test_decomposed_text_maps_back_to_the_text_as_given(small, text):
    given = nfd(text)
    assert given != text
    found = find_occurrences(given, small)
    assert [o.term for o in found] == [o.term for o in find_occurrences(text, small)]
    for o in found:
        assert given[o.start:o.end] == o.surface
        # Whole syllables: each side of the span composes on its own to the NFC text.
        assert nfc(given[:o.start]) + nfc(o.surface) + nfc(given[o.end:]) == text


def test_half_decomposed_text(small):
    # One decomposed syllable (챔 as ᄎ ᅢ ᆷ) inside otherwise composed text.
    given = "왜냐하면 에코" + nfd("챔") + "버란 넘사벽"
    found = find_occurrences(given, small)
    assert [(o.term, o.surface) for o in found] == [("에코챔버", "에코" + nfd("챔") + "버"), ("넘사벽", "넘사벽")]
    assert found[1].start == len(given) - 3


def test_case_folding_that_changes_length(small):
    # ß folds to "ss": the folded text is longer than the given one, offsets still fit.
    given = "Straße 구글 ẞ 테슬라"
    assert [(o.surface, o.start) for o in find_occurrences(given, small)] == [("구글", 7), ("테슬라", 12)]


def test_match_never_ends_inside_a_cluster(small):
    # A combining mark that NFC cannot fold into 글 makes 글́ a different grapheme: the
    # match would have to end between the syllable and its mark, so there is none.
    given = "구글\u0301 구글"
    assert [(o.surface, o.start) for o in find_occurrences(given, small)] == [("구글", 4)]


def test_term_ending_in_latin_does_not_run_into_latin():
    glossary = build_glossary([
        GlossaryEntry("TPU", (), ("TPU",), "tipiyu", Category.TECHNICAL, ""),
        GlossaryEntry("M1칩", (), ("M1 chip",), "em won chip", Category.COMPANY, ""),
    ])
    assert [o.surface for o in find_occurrences("TPU는 TPUX 아닌 tpu, M1칩 M10칩", glossary)] == ["TPU", "tpu", "M1칩"]


def test_term_key():
    assert term_key("AI 칩") == term_key("ai칩") == "ai칩"
    assert term_key(nfd("에코 챔버")) == "에코챔버"


def test_occurrences_in_document(small):
    doc = load_document(CONTENT_DIR, "musk-twitter-ai")
    found = occurrences_in_document(doc, small)
    assert all(found.values())  # segments without terms are left out
    for seg_id, occurrences in found.items():
        ko = doc.segment(seg_id).ko
        assert occurrences == find_occurrences(ko, small)
        assert all(ko[o.start:o.end] == o.surface for o in occurrences)
    assert [o.surface for o in found["3.3"]] == ["에코 챔버"]


# --- English side ----------------------------------------------------------------------

ENGLISH = [
    # (id, headword, text, spans found)
    ("plain", "에코챔버", "an echo chamber.", ["echo chamber"]),
    ("plural listed", "에코챔버", "echo chambers everywhere", ["echo chambers"]),
    ("case", "에코챔버", "ECHO Chamber", ["ECHO Chamber"]),
    ("spacing", "에코챔버", "echo\n  chamber", ["echo\n  chamber"]),
    ("whole words only", "에코챔버", "echo chamberlain, the echo chamber", ["echo chamber"]),
    ("possessive not in the span", "일론 머스크", "Elon Musk's plan", ["Elon Musk"]),
    ("plural s added", "파라미터", "1.6 trillion parameters", ["parameters"]),
    ("plural es added", "구글", "two Googles", ["Googles"]),
    ("hyphen or space", "자율주행", "self-driving and self driving cars", ["self-driving", "self driving"]),
    ("longest first", "빅테크", "tech giants and Big Tech", ["tech giants", "Big Tech"]),
    ("not in a longer word", "테슬라", "Teslas, Teslarati", ["Teslas"]),
    ("acronym", "자연어처리", "NLP and natural language processing", ["NLP", "natural language processing"]),
]


@pytest.mark.parametrize("headword, text, expected", [e[1:] for e in ENGLISH], ids=[e[0] for e in ENGLISH])
def test_find_english(small, headword, text, expected):
    assert [text[s:e] for s, e in find_english(text, small.by_headword[headword])] == expected


def test_find_english_plural_in_ies():
    e = GlossaryEntry("빅테크", (), ("tech company",), "bikteku", Category.COMPANY, "")
    text = "tech companies and a tech company"
    assert [text[s:t] for s, t in find_english(text, e)] == ["tech companies", "tech company"]


INFLECTED = [
    # (id, equivalents, text, spans found)
    ("noun and verb listed, verb inflected", ("acquisition", "acquire"),
     "the acquisition: he acquired it, acquires, is acquiring", ["acquisition", "acquired", "acquires", "acquiring"]),
    ("final consonant doubled", ("cram",), "crams, crammed, cramming", ["crams", "crammed", "cramming"]),
    ("plural of the last word", ("AI chip",), "AI chips and an AI chip", ["AI chips", "AI chip"]),
    ("consonant + y", ("study",), "studies, studied, studying", ["studies", "studied", "studying"]),
    ("o takes -es", ("echo chamber",), "echoes chamber", ["echoes chamber"]),
    ("irregular verb first", ("hold a candle to",), "nobody held a candle to it", ["held a candle to"]),
    ("irregular verb inside", ("weight class is king",), "weight class was king", ["weight class was king"]),
    ("irregular past", ("buy",), "he bought it", ["bought"]),
    ("still whole words", ("cram",), "cramp, cramps, acram", []),
    ("a name takes a plural only", ("Google",), "Googles, Googled", ["Googles"]),
    ("a name inside a phrase is fixed", ("Big Tech",), "Bigs Tech, Big Techs", ["Big Techs"]),
]


@pytest.mark.parametrize("equivalents, text, expected", [e[1:] for e in INFLECTED], ids=[e[0] for e in INFLECTED])
def test_find_english_accepts_inflected_forms(equivalents, text, expected):
    e = GlossaryEntry("말", (), equivalents, "mal", Category.TECHNICAL, "")
    assert [text[s:t] for s, t in find_english(text, e)] == expected


def test_find_english_occurrences(small):
    text = "Google Cloud's TPU: Google, Elon Musk and Tesla."
    found = find_english_occurrences(text, ["구글", "구글 클라우드", "일론 머스크"], small)
    assert [(o.term, o.surface) for o in found] == [
        ("구글 클라우드", "Google Cloud"), ("구글", "Google"), ("일론 머스크", "Elon Musk"),
    ]  # Tesla is not asked for
    assert all(text[o.start:o.end] == o.surface for o in found)


def test_same_words_go_to_the_term_whose_preferred_english_they_are():
    glossary = build_glossary([
        GlossaryEntry("TPU", (), ("TPU", "Tensor Processing Unit"), "tipiyu", Category.COMPANY, ""),
        GlossaryEntry("텐서 프로세서 유닛", (), ("Tensor Processing Unit",), "tenseo", Category.TECHNICAL, ""),
        GlossaryEntry("칩", (), ("chip",), "chip", Category.TECHNICAL, ""),
        GlossaryEntry("칩셋", (), ("chip",), "chipset", Category.TECHNICAL, ""),
    ])
    text = "Google's TPU, the Tensor Processing Unit, a chip"
    for terms in (["TPU", "텐서 프로세서 유닛"], ["텐서 프로세서 유닛", "TPU"]):
        found = find_english_occurrences(text, terms, glossary)
        assert [(o.term, o.surface) for o in found] == [("TPU", "TPU"), ("텐서 프로세서 유닛", "Tensor Processing Unit")]
    # Preferred by both: the term given first.
    assert [o.term for o in find_english_occurrences(text, ["칩셋", "칩"], glossary)] == ["칩셋"]
    assert [o.term for o in find_english_occurrences(text, ["칩", "칩셋"], glossary)] == ["칩"]


def test_find_english_occurrences_unknown_term(small):
    with pytest.raises(KeyError):
        find_english_occurrences("Google", ["없는 말"], small)


# --- search ----------------------------------------------------------------------------

SEARCH = [
    # (id, query, category, the first results)
    ("Korean prefix", "자연어", None, ["자연어처리"]),
    ("Korean, spaced", "자연어 처리", None, ["자연어처리"]),
    ("variant", "로봇틱스", None, ["로보틱스"]),
    ("English, partial words", "edge comp", None, ["엣지 컴퓨팅"]),
    ("English, case and spacing", "Echo Chamber", None, ["에코챔버"]),
    ("English, hyphen", "self driving", None, ["자율주행"]),
    ("romanization prefix", "jayeon", None, ["자연어처리"]),
    ("romanization, spaced", "illon meo", None, ["일론 머스크"]),
    ("exact before prefix", "구글", None, ["구글", "구글 클라우드"]),
    ("exact English before prefix", "google", None, ["구글", "구글 클라우드"]),
    ("substring", "클라우드", None, ["구글 클라우드"]),
    ("words in any order", "cloud google", None, ["구글 클라우드"]),
    ("category filter", "", Category.PERSON, ["일론 머스크"]),
    ("category filter on a query", "구글", Category.TECHNICAL, []),
    ("nothing", "quantum", None, []),
]


@pytest.mark.parametrize("query, category, expected", [s[1:] for s in SEARCH], ids=[s[0] for s in SEARCH])
def test_search_entries(small, query, category, expected):
    assert [e.headword for e in search_entries(query, small, category)] == expected


def test_search_ranks_korean_before_english_before_romanization():
    glossary = build_glossary([
        GlossaryEntry("바다", (), ("sea",), "bada", Category.SLANG, ""),
        GlossaryEntry("배드애스", (), ("badass",), "baedeuaeseu", Category.SLANG, ""),
        GlossaryEntry("BADA랩", (), ("Bada Lab",), "bada raep", Category.COMPANY, ""),
    ])
    # "bad" is a prefix of a Korean headword, an English word and a romanization; the
    # romanization is the closest in length, yet ranks last.
    assert [e.headword for e in search_entries("bad", glossary)] == ["BADA랩", "배드애스", "바다"]
    # Exact beats prefix whatever the field.
    assert [e.headword for e in search_entries("bada", glossary)][0] == "바다"


def test_empty_query_lists_all_by_headword(small):
    everything = search_entries("  ", small)
    assert [e.headword for e in everything] == sorted(e.headword for e in small.entries)
    assert len(everything) == 14


# --- command line ----------------------------------------------------------------------


@pytest.fixture
def locales(tmp_path):
    target = tmp_path / "en" / "LC_MESSAGES" / "glossary.po"
    target.parent.mkdir(parents=True)
    target.write_bytes(SMALL.read_bytes())
    return tmp_path


def test_cli_terms_json(locales, capsys, small):
    assert main(["--locales", str(locales), "terms", "musk-twitter-ai", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    doc = load_document(CONTENT_DIR, "musk-twitter-ai")
    assert rows and all(set(r) == {"term", "segment", "surface", "start", "end"} for r in rows)
    for r in rows:
        assert doc.segment(r["segment"]).ko[r["start"]:r["end"]] == r["surface"]
        assert r["term"] in small.by_headword
    assert {"term": "에코챔버", "segment": "3.3", "surface": "에코 챔버", "start": 0, "end": 5} in rows
    assert len(rows) == sum(len(v) for v in occurrences_in_document(doc, small).values())


def test_cli_terms_table(locales, capsys):
    assert main(["--locales", str(locales), "terms", "musk-twitter-ai"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["segment", "term", "surface", "offsets"]
    assert "3.3      에코챔버       에코 챔버      0-5" in out
    assert out[-1].endswith("segment(s)") and out[-1].split()[0].isdigit()


def test_cli_terms_unknown_document(locales, capsys):
    assert main(["--locales", str(locales), "terms", "no-such-article"]) == 2
    err = capsys.readouterr().err
    assert "no-such-article" in err and "known documents: musk-twitter-ai" in err


def test_cli_terms_broken_glossary(tmp_path, capsys):
    path = tmp_path / "en" / "LC_MESSAGES" / "glossary.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + entry(english=""), encoding="utf-8")
    assert main(["--locales", str(tmp_path), "terms", "musk-twitter-ai"]) == 1
    assert f"{path}:5:" in capsys.readouterr().err
