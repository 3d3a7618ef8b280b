"""dari.library.qa: every check with a failing and a passing example."""

from __future__ import annotations

from pathlib import Path

import pytest

from dari.library.glossary import build_glossary, load_glossary
from dari.library.qa import (
    CHECKS,
    ERROR,
    WARNING,
    check_glossary,
    check_placeholders,
    check_segment,
    english_has,
    same_lemma,
)
from dari.models import Category, GlossaryEntry, Status

DATA = Path(__file__).resolve().parent / "data"


def entry(headword: str, *english: str, variants: tuple[str, ...] = ()) -> GlossaryEntry:
    return GlossaryEntry(headword=headword, variants=variants, english=english, romanization="",
                         category=Category.TECHNICAL, note="")


GLOSSARY = build_glossary([
    entry("인수", "acquisition", "takeover"),
    entry("에코챔버", "echo chamber", variants=("에코 챔버",)),
    entry("때려박은", "cram"),
    entry("넘사벽", "insurmountable wall", "in a league of its own"),
    entry("일론 머스크", "Elon Musk", variants=("일론머스크",)),
])

# (check, Korean, failing English, passing English). Each failing English must raise the
# check and each passing English must not; the Korean is the same for both.
CASES = [
    ("untranslated", "지금 SNS는 썩었다.", "", "Right now, SNS is rotten."),
    ("numbers", "2,000억 달러를 투자했다.", "It invested 20 billion dollars.", "It invested 200 billion dollars."),
    ("numbers", "2,000억 달러를 투자했다.", "It invested $2 trillion.", "It invested $200 billion."),
    ("numbers", "2,000억 달러를 투자했다.", "It invested $2bn.", "It invested $200bn."),
    ("numbers", "시장은 1.6조 규모다.", "The market is worth 1.6 billion.", "The market is worth 1.6 trillion."),
    ("numbers", "300억 달러 가치", "worth 300 billion dollars", "worth 30 billion dollars"),
    ("numbers", "점유율은 45%다.", "Its share is 54%.", "Its share is 45 percent."),
    ("numbers", "7나노 공정", "a 5 nm process", "a 7 nm process"),
    ("numbers", "2022년에 샀다.", "He bought it in 2021.", "He bought it in 2022."),
    ("numbers", "구글이 1위다.", "Google is No. 2.", "Google is No. 1."),
    ("numbers", "구글이 1위다.", "Google is second.", "Google is first."),
    ("numbers", "칩 3개를 샀다.", "He bought four chips.", "He bought three chips."),
    ("numbers", "만 명이 왔다.", "A thousand people came.", "Ten thousand people came."),
    ("numbers", "AI 칩", "AI chip 2", "AI chip"),
    ("glossary", "트위터 인수는 끝났다.", "The deal is done.", "The acquisition of Twitter is done."),
    ("glossary", "트위터를 인수했다.", "He bought Twitter.", "He acquired Twitter."),
    ("glossary", "에코 챔버에 갇혔다.", "They were stuck in a bubble.", "They were stuck in echo chambers."),
    ("glossary", "칩에 때려박은 엔진", "the engine packed into the chip", "the engine crammed into the chip"),
    ("glossary", "칩에 때려박은 엔진", "the engine packed into the chip", "Apple crams the engine into the chip"),
    ("glossary", "일론머스크가 말했다.", "Musk said so.", "Elon Musk said so."),
    ("hangul", "지금 SNS는 썩었다", "Right now, SNS는 rotten", "Right now, SNS is rotten"),
    ("unchanged", "지금 SNS는 썩었다", "지금 SNS는 썩었다", "Right now, SNS is rotten"),
    ("xmltags", "<b>중요</b>하다.", "It is important.", "It is <b>important</b>."),
    ("xmltags", "A&amp;B 회사", "A&B company", "A&amp;B company"),
    ("variables", "{done}/{total} 문장 번역됨", "{done} sentences translated", "{done} of {total} sentences translated"),
    ("variables", "%s 문장", "sentences", "%s sentences"),
    ("variables", "%(n)d개", "%(count)d items", "%(n)d items"),
    ("brackets", "소셜 미디어(SNS)는 썩었다.", "Social media (SNS is rotten.", "Social media (SNS) is rotten."),
    ("brackets", "[속보] 인수 완료", "]Breaking[ acquisition done", "[Breaking] acquisition done"),
    ("quotes", '그는 "썩었다"고 말했다.', 'He said it was "rotten.', 'He said it was "rotten."'),
    ("quotes", "그는 “썩었다”고 말했다.", "He said it was “rotten.", "He said it was “rotten.”"),
    ("endpunc", "트위터를 샀다.", "He bought Twitter", "He bought Twitter."),
    ("endpunc", "근데 개인적으로 이런 의문이 들었음", "But personally, a question came to mind",
     "But personally, a question came to mind."),
    ("endpunc", "명목상의 목적은 변화시키겠다는 것임.", "The stated goal is change", "The stated goal is change."),
    ("endpunc", "정말 생각없이 트위터를 샀을까?", "Did he really buy Twitter without thinking.",
     "Did he really buy Twitter without thinking?"),
    ("endpunc", "그렇게 됐어요.", "So it went", "So it went…"),
    ("endpunc", '그는 "썩었다."', 'He said "rotten', 'He said "rotten."'),
    ("doubledpunct", "트위터를 샀다.", "He bought Twitter..", "He bought Twitter..."),
    ("doubledpunct", "트위터를 샀다.", "He bought it,, Twitter.", "He bought it, Twitter."),
    ("doubledpunct", "트위터를 샀다!", "He bought Twitter!!", "He bought Twitter!"),
    ("doublespacing", "트위터를 샀다.", "He bought  Twitter.", "He bought Twitter."),
    ("doublewords", "트위터를 샀다.", "He bought the the company.", "He bought the company."),
    ("puncspacing", "트위터를 샀다.", "He bought Twitter , finally.", "He bought Twitter, finally."),
    ("puncspacing", "트위터를 샀다.", "He bought Twitter,finally.", "He bought Twitter, finally."),
    ("whitespace", "트위터를 샀다.", " He bought Twitter.", "He bought Twitter."),
    ("whitespace", "트위터를 샀다.", "He bought Twitter. ", "He bought Twitter."),
    ("newlines", "트위터를 샀다.", "He bought\nTwitter.", "He bought Twitter."),
    ("puncspacing", "그렇다. 그래서 샀다.", "So it is.Therefore he bought it.", "So it is. Therefore he bought it."),
    ("escapes", "경로는 C:\\data 이다.", "The path is C:data.", "The path is C:\\data."),
    ("purepunc", "…", "Ellipsis", "…"),
    ("compendiumconflicts", "트위터를 샀다.", "#-#-#-#-#  a.po  #-#-#-#-#\nHe bought it.", "He bought Twitter."),
    ("urls", "https://example.com/a 참고", "see the site", "see https://example.com/a"),
    ("urls", "문의는 dari@example.com 으로", "write to us", "write to dari@example.com"),
    ("acronyms", "TPU를 만들었다.", "It made a tensor chip.", "It made a TPU."),
    ("acronyms", "오픈 AI는 부딪침.", "Open something ran into it.", "OpenAI ran into it."),
    ("acronyms", "애플의 M1칩이다.", "It is Apple's M2 chip.", "It is Apple's M1 chip."),
    ("acronyms", "A100을 쓴다.", "It uses the A10.", "It uses the A100."),
]


def checks_of(ko: str, en: str, **kw) -> set[str]:
    return {f.check for f in check_segment(ko, en, glossary=GLOSSARY, **kw)}


@pytest.mark.parametrize(("check", "ko", "bad", "good"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_check_fails_and_passes(check: str, ko: str, bad: str, good: str) -> None:
    status = Status.UNTRANSLATED if not bad else Status.TRANSLATED
    assert check in checks_of(ko, bad, status=status), f"{check} missed: {ko!r} -> {bad!r}"
    assert check not in checks_of(ko, good), f"{check} wrongly raised: {ko!r} -> {good!r}"


def test_every_segment_check_has_a_case() -> None:
    file_level = {"po-syntax", "polib-hazard", "obsolete", "stale", "encoding", "file", "ui-keys",
                  "ui-placeholders", "fuzzy"}
    assert set(CHECKS) - file_level <= {c[0] for c in CASES}


@pytest.mark.parametrize("en", [
    "The acquisition of Twitter was expensive.",
    "He acquired Twitter.",
    "The takeover is done.",
])
def test_inflected_glossary_english_counts_as_present(en: str) -> None:
    assert check_glossary("트위터 인수", en, GLOSSARY) == []


def test_a_note_explaining_the_choice_counts() -> None:
    en = "They were stuck in a bubble."
    assert check_glossary("에코 챔버에 갇혔다.", en, GLOSSARY)
    assert check_glossary("에코 챔버에 갇혔다.", en, GLOSSARY,
                          ["에코챔버 (echo chamber) is rendered 'bubble' here, the usual English idiom."]) == []
    assert check_glossary("에코 챔버에 갇혔다.", en, GLOSSARY, ["An unrelated note."])


@pytest.mark.parametrize(("a", "b", "same"), [
    ("acquisition", "acquired", True), ("crams", "crammed", True), ("investor", "investment", True),
    ("chips", "chip", True), ("bought", "buy", False), ("cram", "crime", False), ("Twitter", "twitter", True),
])
def test_same_lemma(a: str, b: str, same: bool) -> None:
    assert same_lemma(a, b) is same


def test_multiword_equivalent_matches_in_order_only() -> None:
    assert english_has("stuck in echo chambers", "echo chamber")
    assert not english_has("the chamber's echo", "echo chamber")


def test_fuzzy_is_reported_and_still_checked() -> None:
    found = check_segment("트위터를 샀다.", "He bought Twitter", status=Status.FUZZY)
    assert [f.check for f in found] == ["fuzzy", "endpunc"]
    assert all(f.severity == WARNING for f in found)


def test_untranslated_gets_nothing_else() -> None:
    assert [f.check for f in check_segment("2,000억 달러", "", status=Status.UNTRANSLATED)] == ["untranslated"]


def test_headings_need_no_full_stop() -> None:
    assert "endpunc" not in checks_of("AI 기술에 진심임", "Dead Serious About AI", heading=True)
    assert "endpunc" in checks_of("AI 기술에 진심임", "Dead Serious About AI")


def test_a_percent_glued_to_a_particle_is_not_a_placeholder() -> None:
    """pofilter's printf check calls "45%가" a variable; it is 45 percent + subject particle."""
    assert check_placeholders("점유율 45%가 넘는다", "a share above 45%") == []
    assert check_placeholders("50% 할인", "50% discount") == []


def test_placeholder_severity_can_be_error() -> None:
    (f,) = check_placeholders("{n}개", "items", severity=ERROR)
    assert (f.check, f.severity) == ("variables", ERROR)


def test_finding_placement_and_json() -> None:
    (f,) = check_segment("트위터를 샀다.", "He bought Twitter")
    placed = f.at("locales/en/LC_MESSAGES/x.po", 12, "3.2")
    assert placed.as_json() == {"file": "locales/en/LC_MESSAGES/x.po", "line": 12, "segment": "3.2",
                                "check": "endpunc", "severity": "warning", "message": f.message}
    assert str(placed).startswith("locales/en/LC_MESSAGES/x.po:12: [3.2] warning: endpunc:")


def test_the_real_glossary_finds_terms_with_particles() -> None:
    glossary = load_glossary(Path(__file__).resolve().parent.parent / "locales/en/LC_MESSAGES/glossary.po")
    found = check_glossary("일론머스크가 트위터를 인수하면서", "Musk bought the site.", glossary)
    terms = {f.message.split("'")[1] for f in found}
    assert {"트위터"} <= terms


@pytest.mark.parametrize(("a", "b"), [
    ("acquisitions", "acquire"), ("acquiring", "acquisition"), ("processing", "processor"), ("companies", "company"),
    ("investing", "investors"), ("cramming", "crams"), ("dubbing", "dubbed"),
])
def test_more_inflections(a: str, b: str) -> None:
    assert same_lemma(a, b)


@pytest.mark.parametrize(("a", "b"), [("chip", "chief"), ("market", "marker"), ("data", "date"), ("rot", "rotate")])
def test_different_words_stay_different(a: str, b: str) -> None:
    assert not same_lemma(a, b)


def test_qa_does_not_import_nltk() -> None:
    import subprocess
    import sys

    code = "import sys, dari.library.qa as q; q.same_lemma('crams', 'crammed'); print('nltk' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "False", r.stderr


def test_an_acronym_that_is_a_glossary_term_may_be_rendered_by_its_english() -> None:
    """SNS is the everyday Korean word for social media: the glossary's English covers it."""
    glossary = load_glossary(Path(__file__).resolve().parent.parent / "locales/en/LC_MESSAGES/glossary.po")
    ko = "지금 SNS는 썩었다"
    assert "acronyms" in {f.check for f in check_segment(ko, "Social media today is rotten.")}  # without the glossary
    assert not {f.check for f in check_segment(ko, "Social media today is rotten.", glossary=glossary)} & \
        {"acronyms", "glossary"}
    found = {f.check for f in check_segment(ko, "The press today is rotten.", glossary=glossary)}
    assert {"acronyms", "glossary"} <= found  # neither SNS nor its English: both still say so
