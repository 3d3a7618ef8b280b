"""Dari's lexicon (locales/en/LC_MESSAGES/lexicon.po): format, loader, coverage, and meanings
on the word card (payload, English echo, lookup --json, the card in Korean)."""

from __future__ import annotations

import html as htmllib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dari import CONTENT_DIR, LOCALES_DIR, ROOT
from dari.i18n import load_strings
from dari.language.lookup import load_analysis
from dari.library.catalog import catalog_path, read_catalog, translations
from dari.library.content import list_documents, load_document
from dari.library.glossary import find_english_occurrences, find_occurrences, load_glossary
from dari.library.lexicon import (
    EMPTY,
    PARTS_OF_SPEECH,
    base_pos,
    find_gloss,
    format_entry,
    gloss_phrases,
    load_lexicon,
)
from dari.models import ContentError
from dari.reading import Matchers, Settings, build_page, document_occurrences

LEXICON_PATH = catalog_path(LOCALES_DIR, "en", "lexicon")
CANDIDATES = ROOT / "scripts" / "data" / "lexicon-candidates.tsv"
SKIPPED = ROOT / "scripts" / "data" / "lexicon-skipped.tsv"
SLUG = "musk-twitter-ai"
# Out of the lexicon's scope: numbers (1.6조, 3개), Latin (AI, TSMC), symbols and the like.
# They have no dictionary meaning to write; the card shows their analysis and links.
OUT_OF_SCOPE = frozenset({
    "number", "foreign word", "symbol", "Chinese characters", "web address", "email address", "hashtag",
    "mention", "emoji", "punctuation", "particle", "ending", "other",
})
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(LEXICON_PATH)


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(catalog_path(LOCALES_DIR, "en", "glossary"))


def _names(glossary) -> set[str]:
    return {e.headword for e in glossary} | {v for e in glossary for v in e.variants}


# ---------------------------------------------------------------------------------------
# Format and loader


def test_the_real_lexicon_loads_and_is_well_formed(lexicon):
    assert len(lexicon) > 3000
    for e in lexicon:
        assert e.pos in PARTS_OF_SPEECH
        assert e.glosses and all(g.strip() == g and g for g in e.glosses), e
        assert all(len(g) <= 80 for g in e.glosses), e  # short glosses, not definitions


def test_msgfmt_accepts_the_lexicon():
    done = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(LEXICON_PATH)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_entries_and_tolerant_lookups(tmp_path: Path):
    path = tmp_path / "lexicon.po"
    path.write_text(HEADER + format_entry("노이즈", "noun", ["controversy", "noise"], "False friend.")
                    + "\n" + format_entry("있다", "adjective", ["to be", "to have"])
                    + "\n" + format_entry("때문", "bound noun", ["because of"])
                    + "\n" + format_entry("버리다", "verb", ["to throw away"]), encoding="utf-8")
    lex = load_lexicon(path)
    assert lex.meaning("노이즈", "noun") == ("controversy", "noise")
    assert lex.note("노이즈", "noun") == "False friend."
    assert lex.meaning("노이즈", "noun + copula") == ("controversy", "noise")  # 노이즈다
    assert lex.meaning("노이즈", "bound noun") == ("controversy", "noise")  # Kiwi varies
    assert lex.meaning("때문", "noun") == ("because of",)
    assert lex.meaning("있다", "verb") == ("to be", "to have")  # verb/adjective stand in for each other
    assert lex.meaning("버리다", "auxiliary verb") == ()  # an auxiliary is not the main verb
    assert lex.meaning("없는말", "noun") == ()
    assert EMPTY.meaning("노이즈", "noun") == ()


@pytest.mark.parametrize("body, line, message", [
    ('msgctxt "nun"\nmsgid "노이즈"\nmsgstr "noise"\n', 5, "unknown part of speech 'nun'"),
    ('msgid "노이즈"\nmsgstr "noise"\n', 5, "no msgctxt"),
    ('msgctxt "noun"\nmsgid "노이즈"\nmsgstr "controversy;; noise"\n', 5, "empty gloss"),
    ('msgctxt "noun"\nmsgid "노이즈"\nmsgstr "noise"\n\nmsgctxt "noun"\nmsgid "노이즈"\nmsgstr "din"\n', 9,
     r"duplicate msgid '노이즈' \(first defined on line 5\)"),
    ('msgctxt "noun"\nmsgid "노이즈"\nbogus "noise"\n', 7, "not a valid PO file"),
])
def test_a_malformed_entry_is_reported_with_file_and_line(tmp_path: Path, body, line, message):
    path = tmp_path / "lexicon.po"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(ContentError, match=message) as e:
        load_lexicon(path)
    assert e.value.problem.path == str(path)
    if line is not None:
        assert e.value.problem.line == line


def test_untranslated_and_fuzzy_entries_are_words_waiting_for_a_gloss(tmp_path: Path):
    path = tmp_path / "lexicon.po"
    path.write_text(HEADER + 'msgctxt "noun"\nmsgid "노이즈"\nmsgstr ""\n\n'
                    '#, fuzzy\nmsgctxt "noun"\nmsgid "에코"\nmsgstr "echo"\n', encoding="utf-8")
    lex = load_lexicon(path)
    assert lex.meaning("노이즈", "noun") == () and lex.meaning("에코", "noun") == ()


# ---------------------------------------------------------------------------------------
# Coverage


def _document_lemmas() -> set[tuple[str, str]]:
    found = set()
    for slug in list_documents(CONTENT_DIR):
        for words in load_analysis(CONTENT_DIR, slug).words.values():
            for w in words:
                pos = base_pos(w.analysis.pos)
                if pos not in OUT_OF_SCOPE:
                    found.add((w.analysis.lemma, pos))
    return found


def test_every_content_word_of_every_bundled_document_has_a_meaning(lexicon, glossary):
    """Nouns, verbs, adjectives, adverbs, determiners (and pronouns, bound nouns, interjections,
    auxiliaries): 100%. Names count when their dictionary form is a glossary headword or variant."""
    lemmas = _document_lemmas()
    names = _names(glossary)
    assert len(lemmas) > 400
    missing = sorted((lemma, pos) for lemma, pos in lemmas if not lexicon.meaning(lemma, pos) and lemma not in names)
    assert not missing, f"{len(missing)} of {len(lemmas)} without a meaning: {missing[:20]}"


def _candidates() -> list[tuple[str, str]]:
    rows = [ln.split("\t") for ln in CANDIDATES.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return [(r[0], r[1]) for r in rows]


def _skipped() -> dict[tuple[str, str], str]:
    rows = [ln.split("\t") for ln in SKIPPED.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {(r[0], r[1]): r[2] for r in rows}


def test_the_3000_most_frequent_lemmas_have_meanings(lexicon, glossary):
    """wordfreq's Korean list lemmatised by Kiwi (scripts/lexicon_candidates.py). Pieces its
    tokenizer cut out of longer words (르, 츠, the stem 먹 of 먹다) are listed with a reason
    in lexicon-skipped.tsv; every other lemma of the top of the list is glossed."""
    names = _names(glossary)
    skipped = _skipped()
    assert all(reason.strip() for reason in skipped.values())
    words = [c for c in _candidates() if c not in skipped]
    top = words[:3000]
    missing = [c for c in top if not lexicon.meaning(*c) and c[0] not in names]
    assert not missing, missing[:20]
    # The skipped ones really are rare exceptions, not a way around writing glosses.
    assert len([c for c in _candidates()[:3000] if c in skipped]) < 150


# ---------------------------------------------------------------------------------------
# The English echo


@pytest.mark.parametrize("english, glosses, expected", [
    ("Right now, social media (SNS) is rotten", ("to rot", "to go bad"), "rotten"),
    ("Musk went as far as acquiring Twitter.", ("to acquire", "to take over"), "acquiring"),
    ("It was bought last year.", ("to buy",), "bought"),
    ("Two search engines compete.", ("search engine",), "search engines"),
    ("Prices are rising fast.", ("to rise", "to go up"), "rising"),
    ("The companies stopped.", ("company",), "companies"),
    ("He stopped there.", ("to stop",), "stopped"),
    ("It stagnates in a closed room.", ("to pool", "to stagnate"), "stagnates"),
    ("Nothing here.", ("to rot",), None),
    ("A rotary engine.", ("to rot",), None),  # whole words only
])
def test_find_gloss(english, glosses, expected):
    found = find_gloss(english, glosses)
    assert (english[found[0]:found[1]] if found else None) == expected


def test_gloss_phrases_drop_infinitive_articles_and_parentheses():
    assert gloss_phrases("to be corrupt (fig.)") == (("corrupt",),)
    assert gloss_phrases("to take over") == (("take", "over"),)
    assert gloss_phrases("(counter for things)") == ()


def _page(ui: str = "en", lexicon=None) -> dict:
    doc = load_document(CONTENT_DIR, SLUG)
    table = translations(read_catalog(catalog_path(LOCALES_DIR, "en", SLUG)))
    g = load_glossary(catalog_path(LOCALES_DIR, "en", "glossary"))
    matchers = Matchers(entries=g.by_headword, find_en=lambda text, terms: find_english_occurrences(text, terms, g))
    occurrences = document_occurrences(doc, lambda text: find_occurrences(text, g))
    return build_page(doc, table, load_analysis(CONTENT_DIR, SLUG), matchers, occurrences,
                      Settings(doc=SLUG, ui=ui), load_strings(LOCALES_DIR, ui),
                      lexicon=load_lexicon(LEXICON_PATH) if lexicon is None else lexicon)


def _echo_pairs(payload: dict) -> dict[str, set[str]]:
    """Korean surface -> the English words its echo id lights, read back from the HTML."""
    html = payload["html"]
    english: dict[str, str] = {}
    for m in re.finditer(r'<span([^>]*)data-echo="(\d+)"[^>]*>([^<]*)</span>', html):
        if "dari-w" not in m.group(1):  # Korean words carry dari-w; the English stretches do not
            english[m.group(2)] = english.get(m.group(2), "") + htmllib.unescape(m.group(3))
    pairs: dict[str, set[str]] = {}
    for m in re.finditer(r'<span class="dari-w[^"]*"[^>]*data-w="(\d+)"[^>]*data-echo="(\d+)"', html):
        surface = payload["words"][int(m.group(1))][0]
        pairs.setdefault(surface, set()).add(english.get(m.group(2), ""))
    return pairs


def test_page_words_carry_their_meaning():
    payload = _page()
    rows = {w[0]: w for w in payload["words"]}
    assert rows["썩었다"][7][:3] == ["to rot", "to go bad", "to be rotten"]
    assert rows["노이즈를"][7][0] == "controversy" and "False friend" in rows["노이즈를"][8]
    assert rows["인수는"][7][0] == "acquisition"
    assert rows["테슬라가"][7] == ["Tesla"]  # a name: the glossary's English
    assert all(len(w) == 9 for w in payload["words"])


def test_the_english_word_the_meaning_matches_is_marked_with_the_korean_word():
    pairs = _echo_pairs(_page())
    assert pairs["썩었다"] == {"rotten"}
    assert "acquisition" in pairs["인수는"]
    assert "acquiring" in pairs["인수하기에"]
    assert "shareholders" in pairs["주주들을"]
    assert "criticizing" in pairs["비판한"]  # 비판하다 "to criticize": an -ing form
    assert "고여가는" not in pairs  # "gone stagnant": an adjective, not a form of "to stagnate"


def test_without_a_lexicon_the_page_still_builds_with_empty_meanings():
    payload = _page(lexicon=EMPTY)
    rows = {w[0]: w for w in payload["words"]}
    assert rows["썩었다"][7] == []
    assert "썩었다" not in _echo_pairs(payload)


def test_the_card_in_korean_names_parts_of_speech_and_grammar_in_korean():
    rows = {w[0]: w for w in _page("ko")["words"]}
    assert rows["썩었다"][2] == "동사"
    assert [m[2] for m in rows["썩었다"][4]] == ["동사 어간", "과거 시제 선어말 어미", "평서형 종결 어미 (해라체, 글말)"]
    assert rows["머스크가"][4][-1][2] == "주격 조사"
    assert rows["진심인"][2] == "명사 + 서술격 조사"
    assert rows["썩었다"][7][0] == "to rot"  # the meaning stays English: it is an English lexicon
    en = {w[0]: w for w in _page("en")["words"]}
    assert en["썩었다"][2] == "verb" and "past" in en["썩었다"][4][1][2]


def test_ui_strings_for_the_meaning_exist_in_both_languages():
    for lang in ("en", "ko"):
        strings = load_strings(LOCALES_DIR, lang)
        for key in ("card.meaning", "card.no_meaning", "card.no_meaning_hint", "card.lexicon_broken"):
            assert key in strings, (lang, key)
    assert load_strings(LOCALES_DIR, "ko")["card.no_meaning"].startswith("아직")


def test_a_broken_lexicon_costs_only_the_meanings(tmp_path: Path, monkeypatch):
    """The UI loader returns an empty lexicon and the problem (with its line) for the card."""
    import streamlit as st

    from dari.ui import data as ui_data

    broken = tmp_path / "lexicon.po"
    broken.write_text(HEADER + 'msgctxt "nun"\nmsgid "노이즈"\nmsgstr "noise"\n', encoding="utf-8")
    monkeypatch.setattr(ui_data, "LEXICON_PATH", broken)
    st.cache_resource.clear()
    lex, problem = ui_data.lexicon()
    assert len(lex) == 0 and f"{broken}:5" in problem and "unknown part of speech" in problem
    st.cache_resource.clear()


# ---------------------------------------------------------------------------------------
# The command line


@pytest.mark.kiwi
def test_lookup_json_gives_the_meaning(kiwi):
    from dari.__main__ import main

    out = subprocess.run(
        [sys.executable, "-m", "dari", "lookup", "썩었다", "--sentence", "지금 SNS는 썩었다", "--json"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    ).stdout
    word = json.loads(out)
    assert word["lemma"] == "썩다" and word["meaning"][:2] == ["to rot", "to go bad"]
    assert main is not None


@pytest.mark.kiwi
def test_lookup_meaning_in_process(kiwi, capsys, tmp_path: Path):
    """In-process (Kiwi already loaded): text output, and an empty list for a word without one."""
    from dari.__main__ import main

    assert main(["lookup", "인수하기에", "--sentence", "결국 일론 머스크는 트위터를 인수하기에 이른다."]) == 0
    assert "meaning: to acquire; to take over" in capsys.readouterr().out
    locales = tmp_path / "locales"
    (locales / "en" / "LC_MESSAGES").mkdir(parents=True)
    assert main(["--locales", str(locales), "lookup", "썩었다", "--sentence", "지금 SNS는 썩었다", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["meaning"] == []


# ---------------------------------------------------------------------------------------
# The page through Streamlit (AppTest)


def _app_payload(params: dict) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    for el in at.main:
        proto = getattr(el, "proto", None)
        if proto is not None and getattr(proto, "component_name", "") == "dari_reader":
            return json.loads(proto.bytes)
    raise AssertionError("the reader component is not on the page")


def test_the_app_sends_meanings_and_korean_card_strings_with_ui_ko():
    payload = _app_payload({"ui": "ko"})
    rows = {w[0]: w for w in payload["words"]}
    assert rows["썩었다"][2] == "동사" and rows["썩었다"][7][0] == "to rot"
    assert rows["머스크가"][4][-1][2] == "주격 조사"
    assert payload["labels"]["card.meaning"] == "뜻"
    assert payload["labels"]["card.no_meaning"].startswith("아직")
    assert payload["lexicon_problem"] is None
    assert 'data-echo="' in payload["html"]


def test_the_app_in_english_keeps_english_labels():
    payload = _app_payload({"ui": "en"})
    rows = {w[0]: w for w in payload["words"]}
    assert rows["썩었다"][2] == "verb" and rows["머스크가"][4][-1][2] == "subject particle"
    assert payload["labels"]["card.no_meaning"] == "No meaning in Dari's lexicon yet."
