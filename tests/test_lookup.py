"""Word lookups: dictionary form, part of speech and romanization of words of the article
in their sentences, the stored analysis and how it is read, links, and the command line.

The WORDS table was checked by hand. Romanization is Revised Romanization of the standard
pronunciation: 썩었다 sseogeotda, 같은 [가튼] gateun, 닫힌 [다친] dachin, 생각하면
[생가카면] saenggakamyeon (aspiration is written in verbs), 역할을 yeokhareul (but kept as
h inside a noun). 부딪침 is buditchim, not budichim: the standard pronunciation of
부딪치다 is [부딛치다] (National Institute of Korean Language), and RR writes that ㄷ as t
(compare 맞춤 matchum). 시장이야말로 keeps ko-pron's optional RR hyphen (sijang-iyamallo).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dari import CONTENT_DIR
from dari.__main__ import main
from dari.language.lookup import (
    DICTIONARIES_PATH,
    Dictionary,
    analysis_path,
    format_analysis,
    glossary_term,
    load_analysis,
    load_dictionaries,
    locate_word,
    lookup,
    parse_analysis,
    parse_dictionaries,
    word_at,
)
from dari.language.morphology import Token, head_of, parse_words, word_spans
from dari.models import ContentError, DocumentAnalysis, Occurrence

ROOT = Path(__file__).resolve().parent.parent
SLUG = "musk-twitter-ai"

S_FIRST = "일론 머스크가 결국 트위터를 가졌는데, 트위터를 인수하면서 엄청난 노이즈들이 발생해 주주들은 일론을 당연히 욕해도 된다."
S_ECHO = "에코 챔버란 반향실인데 에코가 메아리쳐서 다시 돌아오는 것처럼 닫힌 방에서 같은 뜻을 가진 사람들의 얘기만 계속 듣다 보면 그게 전부라고 여긴다는 것이다."
S_GOAL = "일론 머스크가 밝히길 명목상의 목적은 소셜 미디어의 메커니즘을 변화시키겠다는 것임."
S_NLP = ("먼저 첫 번째로, 자연어처리 컴퓨터가 쓰는 게 아닌 우리가 사용하는 언어인 자연어를 처리하는 기술인데 Siri나 요즘 흔한 "
         "유튜브 AI 더빙 그 다음 자동 번역 등을 넘어 이제는 글을 스스로 완성해 소설까지 쓰는 게 바로 자연어 처리 기술이다.")
S_VISION = "그리고 비전기술 이건 테슬라가 가장 잘하는 기술인데 쉽게 풀면, 자율주행에 필요한 시각과 관련된 기술이라고 보면 된다."
S_PARAM = "AI관련 출판지수 1위, 초거대 AI 변수 값인 파라미터 역시 1.6조 개로 압도적인 수치를 자랑하는 구글."
S_WAYMO = ("그런데 또 구글에서 출시한 자율주행 플랫폼인 웨이모는 2018년 2,000억 달러였는데 2021년 기업 가치가 300억 달러로 "
           "무려 85%가 떨어진 걸로 지금 추산중이다.")
S_WALL = "어쨌건 일론 머스크가 운영하는 오픈 AI는 막대한 언어 데이터량을 가진 구글이라는 거대한 진짜 넘사벽에 부딪침."
S_CAMERA = ("하지만 이제 AI 기술의 발전으로 3개의 카메라에서 사진을 수십 장 찍고 그걸 이제 인공지능으로 합성 후 보정을 하기 "
            "때문에 비빌 수 있는 결과물을 뽑는다.")
S_RACE = "이러한 점만 보더라도 왜 모든 빅테크들이 앞다투어 AI칩을 개발하는지 좀 이해가 된다."
S_CHIP = ("CPU와 GPU를 하나로 뭉치고 거기다가 메모리 반도체를 얹은 다음에 뉴럴 엔진이라는 독자적 NPU 그러니까 인공지능 AI "
          "칩을 한 칩 안에 때려박은 엄청난 효율적인 칩이 탄생함.")
S_DOJO = "도조의 컴파일러 성능은 엄청난데 테슬라 맞춤형 칩셋으로 효율은 더욱 더 뛰어나졌음."
S_SPEED = ("물론 독점 체제 없이 계속 경쟁할 수도 있으나 그래도 시장은 일론 머스크 트윗 날리는 속도마냥 팍팍 늘어나니까 "
           "어떻게든 이 기술에 대해서 알고 공부해야 된다.")

WORDS = [
    # word, sentence, dictionary form, part of speech, romanization
    ("썩었다", "지금 SNS는 썩었다", "썩다", "verb", "sseogeotda"),
    ("고여가는", "결국 진보는 더 진보대로 보수는 더 보수대로 혹은 가짜 뉴스는 더욱 가짜 뉴스를 생산하며 고여가는 그런 SNS를 비판한 것임.",
     "고이다", "verb", "goyeoganeun"),
    ("부딪침", S_WALL, "부딪치다", "verb", "buditchim"),
    ("인수하면서", S_FIRST, "인수하다", "verb", "insuhamyeonseo"),
    ("비빌", S_CAMERA, "비비다", "verb", "bibil"),
    ("자연어를", S_NLP, "자연어", "noun", "jayeoneoreul"),
    ("에코챔버", "왜냐하면, 에코챔버 효과가 너무 크다는 것이다.", "에코챔버", "noun", "ekochaembeo"),
    ("챔버란", S_ECHO, "챔버", "noun + copula", "chaembeoran"),
    ("넘사벽에", S_WALL, "넘사벽", "noun", "neomsabyeoge"),
    ("때려박은", S_CHIP, "때려박다", "verb", "ttaeryeobageun"),
    ("진심인", "AI 기술에 진심인 일론머스크", "진심", "noun + copula", "jinsimin"),
    ("변화시키겠다는", S_GOAL, "변화시키다", "verb", "byeonhwasikigetdaneun"),
    ("것임", S_GOAL, "것", "bound noun + copula", "geosim"),
    ("밝히길", S_GOAL, "밝히다", "verb", "balkigil"),
    ("같은", S_ECHO, "같다", "adjective", "gateun"),
    ("닫힌", S_ECHO, "닫히다", "verb", "dachin"),
    ("반향실인데", S_ECHO, "반향실", "noun + copula", "banhyangsirinde"),
    ("메아리쳐서", S_ECHO, "메아리치다", "verb", "mearichyeoseo"),
    ("욕해도", S_FIRST, "욕하다", "verb", "yokaedo"),
    ("가졌는데", S_FIRST, "가지다", "verb", "gajyeonneunde"),
    ("엄청난", S_FIRST, "엄청나다", "adjective", "eomcheongnan"),
    ("노이즈들이", S_FIRST, "노이즈", "noun", "noijeudeuri"),
    ("들었음", "근데 개인적으로 이런 의문이 들었음.", "들다", "verb", "deureosseum"),
    ("개인적으로", "근데 개인적으로 이런 의문이 들었음.", "개인적", "noun", "gaeinjeogeuro"),
    ("숨겨져", "일론의 트위터에는 어떤 의미가 숨겨져 있을까?", "숨기다", "verb", "sumgyeojyeo"),
    ("일론의", "일론의 트위터에는 어떤 의미가 숨겨져 있을까?", "일론", "noun", "illonui"),
    ("계속해서", "이제 진짜 AI의 발전 속도가 빠르다는 걸 느끼는데 많은 빅테크 기업들이 AI기업을 인수하고 AI바탕의 서비스를 계속해서 출시하고 있다.",
     "계속하다", "verb", "gyesokaeseo"),
    ("자연어처리", S_NLP, "자연어처리", "noun", "jayeoneocheori"),
    ("Siri나", S_NLP, "Siri", "foreign word", "Sirina"),
    ("쉽게", S_VISION, "쉽다", "adjective", "swipge"),
    ("잘하는", S_VISION, "잘하다", "verb", "jalhaneun"),
    ("관련된", S_VISION, "관련되다", "verb", "gwallyeondoen"),
    ("생각하면", "또 다른 분야인 로봇틱스 일론의 휴머노이드를 생각하면 됨.", "생각하다", "verb", "saenggakamyeon"),
    ("짐작할", "이유는 다들 짐작할 수 있다.", "짐작하다", "verb", "jimjakal"),
    ("값인", S_PARAM, "값", "noun", "gapsin"),
    ("1.6조", S_PARAM, "1.6조", "number", "1.6jo"),
    ("2,000억", S_WAYMO, "2,000억", "number", "2,000eok"),
    ("85%가", S_WAYMO, "85%", "number", "85%ga"),
    ("점유율마저", "모바일 OS 역시 그렇고 마지막으로, 애드센스 광고 점유율마저 구글이 1등...", "점유율", "noun", "jeomyuyulmajeo"),
    ("비빌만한", "검색엔진 역시 비빌만한 상대가 없다.", "비비다", "verb", "bibilmanhan"),
    ("아님", "그런데 사실 인공지능 1위 기업은 테슬라가 아님.", "아니다", "negative copula", "anim"),
    ("생각함", "당연히 받아야 될 비판이라고 생각함.", "생각하다", "verb", "saenggakam"),
    ("그걸", S_CAMERA, "그거", "pronoun", "geugeol"),
    ("뽑는다", S_CAMERA, "뽑다", "verb", "ppomneunda"),
    ("앞다투어", S_RACE, "앞다투다", "verb", "apdatueo"),
    ("AI칩을", S_RACE, "AI칩", "noun", "AIchibeul"),
    ("역할을", "두뇌 역할을 하는 AP부분에 AI 칩 기술들이 적용이 되었는데 예를 들어 작은 아이폰에 렌즈 3개가 커다란 일반 카메라의 성능과 비빈다는지 이해하기 힘들거다.",
     "역할", "noun", "yeokhareul"),
    ("시작했다", "그런데 이 시장 역시 테슬라가 또 끼기 시작했다.", "시작하다", "verb", "sijakaetda"),
    ("도조를", "테슬라의 슈퍼컴퓨터 도조를 구성하는 D1칩.", "도조", "noun", "dojoreul"),
    ("맞춤형", S_DOJO, "맞춤형", "noun", "matchumhyeong"),
    ("뛰어나졌음", S_DOJO, "뛰어나다", "adjective", "ttwieonajyeosseum"),
    ("들어본", "그리고 많이들 들어본 애플의 M1칩 이거 진짜 반도체계 혁신이라고 불리고 있다.", "듣다", "verb", "deureobon"),
    ("시장이야말로", "무한한 잠재력을 지닌 AI칩 시장이야말로 거의 연 33% 성장할 것으로 보여지고 있다.", "시장", "noun", "sijang-iyamallo"),
    ("끝이라고", "이유는 AI 시장 먹으면 게임 끝이라고 보기 때문.", "끝", "noun + copula", "kkeuchirago"),
    ("속도마냥", S_SPEED, "속도", "noun", "sokdomanyang"),
    ("어떻게든", S_SPEED, "어떻다", "adjective", "eotteokedeun"),
    ("있다", "말 그대로 언어를 활용한 데이터 싸움에서 압도하고 있다.", "있다", "auxiliary verb", "itda"),
]


def _id(row: tuple) -> str:
    return row[0]


# ---------------------------------------------------------------------------------------
# The hand-checked table, against Kiwi and against the stored file


@pytest.mark.kiwi
@pytest.mark.parametrize("word, sentence, lemma, pos, romanization", WORDS, ids=[_id(r) for r in WORDS])
def test_lookup_in_its_sentence(kiwi, word, sentence, lemma, pos, romanization):
    found = lookup(word, sentence)
    assert (found.surface, found.lemma, found.pos, found.romanization) == (word, lemma, pos, romanization)


@pytest.mark.parametrize("word, sentence, lemma, pos, romanization", WORDS, ids=[_id(r) for r in WORDS])
def test_stored_analysis_gives_the_same_card(word, sentence, lemma, pos, romanization):
    analysis = load_analysis(CONTENT_DIR, SLUG)
    start, end = locate_word(word, sentence)
    stored = word_at(analysis, sentence, start)
    assert stored is not None and (stored.start, stored.end) == (start, end)
    a = stored.analysis
    assert (a.surface, a.lemma, a.pos, a.romanization) == (word, lemma, pos, romanization)


def test_the_table_is_big_enough_and_from_the_article():
    article = (CONTENT_DIR / f"{SLUG}.txt").read_text(encoding="utf-8")
    assert len(WORDS) >= 40
    for word, sentence, *_ in WORDS:
        assert sentence in article.splitlines() or f"# {sentence}" in article.splitlines(), sentence
        locate_word(word, sentence)  # raises if it is not one of the sentence's words


@pytest.mark.kiwi
def test_context_decides_what_a_word_is(kiwi):
    """비빌 alone is a noun to Kiwi; in its sentence it is 비비다. That is why documents are analysed whole."""
    assert lookup("비빌").lemma != "비비다"
    assert lookup("비빌", S_CAMERA).lemma == "비비다"


@pytest.mark.kiwi
def test_morphemes_carry_glosses(kiwi):
    found = lookup("썩었다", "지금 SNS는 썩었다")
    assert [(m.form, m.tag) for m in found.morphemes] == [("썩", "VV"), ("었", "EP"), ("다", "EF")]
    assert [m.gloss for m in found.morphemes] == ["verb stem", "past tense", "plain statement ending (written style)"]
    assert found.links[0] == "https://en.dict.naver.com/#/search?query=%EC%8D%A9%EB%8B%A4"


@pytest.mark.kiwi
def test_lookup_of_a_word_not_in_the_sentence_is_an_error(kiwi):
    with pytest.raises(ValueError, match="not a word of the sentence"):
        lookup("트위터", "지금 SNS는 썩었다")


@pytest.mark.kiwi
def test_lookup_fills_the_glossary_headword_from_the_matcher(kiwi):
    def find_terms(text: str) -> list[Occurrence]:
        start = text.index("넘사벽")
        return [Occurrence("넘사벽", start, start + 3, "넘사벽")]

    assert lookup("넘사벽에", S_WALL, find_terms=find_terms).glossary == "넘사벽"
    assert lookup("부딪침", S_WALL, find_terms=find_terms).glossary is None


# ---------------------------------------------------------------------------------------
# Words and heads, without Kiwi (tokens written by hand as Kiwi gives them)


@pytest.mark.parametrize("text, words", [
    ("첫 번째로, 트위터가 (너무) 비쌌다...", ["첫", "번째로", "트위터가", "너무", "비쌌다"]),
    ("파라미터 역시 1.6조 개로 무려 85%가 2,000억", ["파라미터", "역시", "1.6조", "개로", "무려", "85%가", "2,000억"]),
    ("“인용”이라고 했다 ... — 끝!", ["인용”이라고", "했다", "끝"]),
    ("Shit론 머스크...", ["Shit론", "머스크"]),
    ("  ", []),
])
def test_word_spans_peel_punctuation_but_keep_it_inside(text, words):
    spans = word_spans(text)
    assert [text[s:e] for s, e in spans] == words
    assert all(0 <= s < e <= len(text) for s, e in spans)


def T(form: str, tag: str, start: int, end: int) -> Token:
    return Token(form, tag, start, end)


@pytest.mark.parametrize("text, tokens, lemma, pos", [
    # a particle before any content is a mis-split: folded into the head (도조, not 조)
    ("도조를", [T("도", "JX", 0, 1), T("조", "NNG", 1, 2), T("를", "JKO", 2, 3)], "도조", "noun"),
    # a verb stem after a number starts a run of its own: the head is 85%
    ("85%가", [T("85", "SN", 0, 2), T("%", "SW", 2, 3), T("가", "VV", 3, 4), T("어", "EC", 3, 4)], "85%", "number"),
    # V-어 V is one compound verb, written as spoken up to the last stem
    ("때려박은", [T("때리", "VV", 0, 2), T("어", "EC", 1, 2), T("박", "VV", 2, 3), T("은", "ETM", 3, 4)],
     "때려박다", "verb"),
    # an auxiliary verb after the main verb is not the head
    ("고여가는", [T("고이", "VV", 0, 2), T("어", "EC", 1, 2), T("가", "VX", 2, 3), T("는", "ETM", 3, 4)],
     "고이다", "verb"),
    # Kiwi's multi-word entry adds a space; the writer's spelling is kept
    ("자연어처리", [T("자연어 처리", "NNP", 0, 5)], "자연어처리", "noun"),
    # a contracted particle: the last morpheme is taken in its base form
    ("그걸", [T("그거", "NP", 0, 2), T("ㄹ", "JKO", 1, 2)], "그거", "pronoun"),
    # noun + copula keeps the noun as dictionary form, even when the copula is elided
    ("머스크다", [T("머스크", "NNP", 0, 3), T("이", "VCP", 3, 3), T("다", "EF", 3, 4)], "머스크", "noun + copula"),
    # the plural 들 is grammar, not part of the noun
    ("노이즈들이", [T("노이즈", "NNG", 0, 3), T("들", "XSN", 3, 4), T("이", "JKS", 4, 5)], "노이즈", "noun"),
    # derivational suffixes are part of the head: a noun + 하 is a verb, + 적 a noun
    ("인수하면서", [T("인수", "NNG", 0, 2), T("하", "XSV", 2, 3), T("면서", "EC", 3, 5)], "인수하다", "verb"),
    ("개인적으로", [T("개인", "NNG", 0, 2), T("적", "XSN", 2, 3), T("으로", "JKB", 3, 5)], "개인적", "noun"),
    # a compound ending in a numeral is still a noun
    ("칩셋이라고", [T("칩", "NNG", 0, 1), T("셋", "NR", 1, 2), T("이", "VCP", 2, 3), T("라고", "EC", 3, 5)],
     "칩셋", "noun + copula"),
    ("M1칩", [T("M", "SL", 0, 1), T("1", "SN", 1, 2), T("칩", "NNG", 2, 3)], "M1칩", "noun"),
    ("a100", [T("a", "SL", 0, 1), T("100", "SN", 1, 4)], "a100", "foreign word"),
    ("아님", [T("아니", "VCN", 0, 2), T("ㅁ", "ETN", 1, 2)], "아니다", "negative copula"),
    # only grammar: the word itself
    ("는", [T("는", "JX", 0, 1)], "는", "particle"),
])
def test_head_and_dictionary_form(text, tokens, lemma, pos):
    assert head_of(text, 0, len(text), tokens) == (lemma, pos)


def test_a_token_across_a_space_is_cut_at_the_word_boundary():
    text = "자연어 처리까지"
    words = parse_words(text, [T("자연어 처리", "NNP", 0, 6), T("까지", "JX", 6, 8)])
    assert [(text[w.start:w.end], w.lemma, [(t.form, t.tag) for t in w.tokens]) for w in words] == [
        ("자연어", "자연어", [("자연어", "NNP")]),
        ("처리까지", "처리", [("처리", "NNP"), ("까지", "JX")]),
    ]


# ---------------------------------------------------------------------------------------
# The stored file and the reading path


def test_reading_never_loads_kiwi_or_ko_pron():
    code = (
        "import sys\n"
        "from dari import CONTENT_DIR\n"
        "from dari.language.lookup import load_analysis, word_at\n"
        f"a = load_analysis(CONTENT_DIR, {SLUG!r})\n"
        "w = word_at(a, '지금 SNS는 썩었다', 8)\n"
        "assert w.analysis.lemma == '썩다', w\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('kiwipiepy', 'ko_pron', 'streamlit', 'polib'))\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_load_analysis_of_a_document_never_analysed_is_empty(tmp_path):
    analysis = load_analysis(tmp_path, "nothing-here")
    assert analysis == DocumentAnalysis() and not analysis


def test_analysis_path_refuses_what_is_not_a_document_name(tmp_path):
    assert analysis_path(tmp_path, "musk-twitter-ai") == tmp_path / "musk-twitter-ai.analysis.json"
    for bad in ("../etc/passwd", "A", "", "x/y"):
        with pytest.raises(KeyError):
            analysis_path(tmp_path, bad)


def _stored(segment: str, words: list) -> dict:
    return {"format": 1, "segments": {segment: {"romanization": "", "words": words}}, "tools": {}}


GOOD_WORD = {"start": 8, "end": 11, "lemma": "썩다", "pos": "verb", "romanization": "sseogeotda",
             "morphemes": [["썩", "VV"], ["었", "EP"], ["다", "EF"]]}


def test_a_stored_analysis_round_trips(tmp_path):
    text = format_analysis(_stored("지금 SNS는 썩었다", [GOOD_WORD]))
    assert json.loads(text) == _stored("지금 SNS는 썩었다", [GOOD_WORD])
    assert format_analysis(json.loads(text)) == text  # same data, same bytes
    (tmp_path / "doc.analysis.json").write_text(text, encoding="utf-8")
    a = load_analysis(tmp_path, "doc")
    word = word_at(a, "지금 SNS는 썩었다", 9)
    assert word is not None and word.analysis.surface == "썩었다"
    assert [m.gloss for m in word.analysis.morphemes][1] == "past tense"
    assert word.analysis.glossary is None
    assert word_at(a, "지금 SNS는 썩었다", 7) is None  # the space
    assert word_at(a, "another sentence", 0) is None


def test_broken_json_is_reported_with_path_and_line(tmp_path):
    path = tmp_path / "doc.analysis.json"
    path.write_text('{\n "format": 1,\n "segments": {,\n}\n', encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_analysis(tmp_path, "doc")
    assert e.value.problem.path == str(path) and e.value.problem.line == 3
    assert str(path) in str(e.value) and "not valid JSON" in str(e.value)


@pytest.mark.parametrize("data, message", [
    ({"format": 99, "segments": {}}, "unsupported analysis format 99"),
    ([1, 2], "unsupported analysis format"),
    ({"format": 1}, "no \"segments\""),
    (_stored("지금 SNS는 썩었다", [{**GOOD_WORD, "end": 40}]), "do not fit the segment"),
    (_stored("지금 SNS는 썩었다", [GOOD_WORD, GOOD_WORD]), "do not fit the segment"),  # overlapping
    (_stored("지금 SNS는 썩었다", [{k: v for k, v in GOOD_WORD.items() if k != "pos"}]), "exactly the keys"),
    (_stored("지금 SNS는 썩었다", [{**GOOD_WORD, "morphemes": [["썩"]]}]), "[form, tag] pairs"),
    ({"format": 1, "segments": {"지금": []}}, "needs \"romanization\""),
])
def test_malformed_analysis_is_a_content_error_naming_the_file(tmp_path, data, message):
    path = tmp_path / "doc.analysis.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(message)) as e:
        load_analysis(tmp_path, "doc")
    assert e.value.problem.path == str(path)


def test_a_bad_segment_is_reported_at_its_line():
    text = format_analysis({"format": 1, "tools": {}, "segments": {
        "가나": {"romanization": "gana", "words": []},
        "지금 SNS는 썩었다": {"romanization": "", "words": [{**GOOD_WORD, "end": 99}]},
    }})
    with pytest.raises(ContentError) as e:
        parse_analysis(text, "x.json")
    assert e.value.problem.line == text.splitlines().index('  "지금 SNS는 썩었다": {') + 1


# ---------------------------------------------------------------------------------------
# Dictionary links


def test_the_shipped_dictionaries():
    names = [d.name for d in load_dictionaries()]
    assert len(names) >= 3 and any("Naver" in n for n in names) and any("Wiktionary" in n for n in names)
    assert any("krdict.korean.go.kr" in d.url for d in load_dictionaries())


def test_a_link_is_the_url_encoded_dictionary_form():
    d = Dictionary("Wiktionary", "https://en.wiktionary.org/wiki/{query}")
    assert d.link("썩다") == "https://en.wiktionary.org/wiki/%EC%8D%A9%EB%8B%A4"
    assert d.link("a/b c&d") == "https://en.wiktionary.org/wiki/a%2Fb%20c%26d"


def test_changing_the_dictionary_file_changes_links_without_reanalysis(tmp_path, monkeypatch):
    custom = tmp_path / "dictionaries.toml"
    custom.write_text('[[dictionary]]\nname = "Daum"\nurl = "https://dic.daum.net/search.do?q={query}"\n',
                      encoding="utf-8")
    monkeypatch.setattr("dari.language.lookup.DICTIONARIES_PATH", custom)
    word = word_at(load_analysis(CONTENT_DIR, SLUG), "지금 SNS는 썩었다", 8)
    assert word is not None
    assert word.analysis.links == ("https://dic.daum.net/search.do?q=%EC%8D%A9%EB%8B%A4",)


@pytest.mark.parametrize("toml, message, line", [
    ('[[dictionary]\nname = "x"\n', "not valid TOML", 1),
    ('[[dictionary]]\nname = "x"\nurl = "https://example.org/search"\n', "has no {query}", 3),
    ('[[dictionary]]\nname = "x"\nurl = "http://example.org/{query}"\n', "only https", 3),
    ('[[dictionary]]\nname = "x"\nurl = "javascript:alert({query})"\n', "only https", 3),
    ('[[dictionary]]\nname = ""\nurl = "https://example.org/{query}"\n', "non-empty name", 3),
    ('[[dictionary]]\nname = "x"\nurl = "https://example.org/{query}"\ncolour = "red"\n', "unknown key", None),
    ('title = "x"\n', "unknown key", None),
    ("", "no [[dictionary]]", None),
])
def test_bad_dictionary_file_is_a_content_error(toml, message, line):
    with pytest.raises(ContentError, match=re.escape(message)) as e:
        parse_dictionaries(toml, "dictionaries.toml")
    assert e.value.problem.path == "dictionaries.toml"
    assert e.value.problem.line == line


def test_default_dictionary_path_is_the_data_file():
    assert DICTIONARIES_PATH.name == "dictionaries.toml" and DICTIONARIES_PATH.is_file()


# ---------------------------------------------------------------------------------------
# Locating a word, and which glossary term it holds


def test_locate_word_ignores_punctuation_and_finds_the_first():
    assert locate_word("썩었다.", "지금 SNS는 썩었다") == (8, 11)
    assert locate_word("트위터를", S_FIRST) == (11, 15)
    with pytest.raises(ValueError, match="not a word of the sentence"):
        locate_word("트위터", S_FIRST)  # a part of a word is not a word
    with pytest.raises(ValueError, match="not one word"):
        locate_word("지금 SNS는", "지금 SNS는 썩었다")


def test_glossary_term_is_the_occurrence_overlapping_the_word_most():
    occ = [Occurrence("에코챔버", 0, 5, "에코 챔버"), Occurrence("반향실", 7, 10, "반향실")]
    assert glossary_term(occ, 3, 6) == "에코챔버"  # 챔버란 holds part of 에코 챔버
    assert glossary_term(occ, 7, 12) == "반향실"
    assert glossary_term(occ, 13, 15) is None
    assert glossary_term([Occurrence("a", 0, 2, "ab"), Occurrence("b", 2, 5, "cde")], 1, 5) == "b"
    assert glossary_term([], 0, 3) is None


# ---------------------------------------------------------------------------------------
# The command line


@pytest.mark.kiwi
def test_cli_lookup_json(kiwi, capsys):
    assert main(["lookup", "넘사벽에", "--sentence", S_WALL, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"surface", "lemma", "pos", "romanization", "morphemes", "glossary", "links"} <= set(out)
    assert (out["surface"], out["lemma"], out["romanization"]) == ("넘사벽에", "넘사벽", "neomsabyeoge")
    assert out["morphemes"][-1] == {"form": "에", "tag": "JKB", "gloss": "at, in, on, to (place, time, target)"}
    assert all(set(m) == {"form", "tag", "gloss"} for m in out["morphemes"])
    assert len(out["links"]) == len(load_dictionaries()) and all(u.startswith("https://") for u in out["links"])
    if (ROOT / "locales/en/LC_MESSAGES/glossary.po").exists():
        assert out["glossary"] == "넘사벽"


@pytest.mark.kiwi
def test_cli_lookup_human_readable(kiwi, capsys):
    assert main(["lookup", "썩었다", "--sentence", "지금 SNS는 썩었다"]) == 0
    out = capsys.readouterr().out
    assert "썩었다  [sseogeotda]" in out and "dictionary form: 썩다 (verb)" in out
    assert "past tense" in out and "https://en.wiktionary.org/wiki/%EC%8D%A9%EB%8B%A4" in out


@pytest.mark.kiwi
def test_cli_lookup_of_a_missing_word_fails_clearly(kiwi, capsys):
    assert main(["lookup", "구글", "--sentence", "지금 SNS는 썩었다"]) == 2
    assert "not a word of the sentence" in capsys.readouterr().err


@pytest.mark.kiwi
def test_cli_analyse_writes_a_file_the_reader_loads(kiwi, library, capsys):
    assert main(["--content", str(library / "content"), "analyse"]) == 0
    assert "tiny.analysis.json" in capsys.readouterr().out
    analysis = load_analysis(library / "content", "tiny")
    assert set(analysis.words) == {"작은 문서", "에코 챔버란 반향실이다.", "자연어를 처리한다.", "제목입니다", "마지막 문장."}
    word = word_at(analysis, "자연어를 처리한다.", 5)
    assert word is not None and (word.analysis.surface, word.analysis.lemma) == ("처리한다", "처리하다")
    assert analysis.romanization["마지막 문장."] == "majimak munjang."


def test_cli_analyse_unknown_document(library, capsys):
    assert main(["--content", str(library / "content"), "analyse", "no-such-doc"]) == 2
    assert "no document 'no-such-doc'" in capsys.readouterr().err
