"""Loading a stored analysis page by page (dari.language.lookup.AnalysisIndex): the same
words as parsing the whole file, whatever the file's layout, with errors kept to the
segment that has them."""

from __future__ import annotations

import json

import pytest

from dari import CONTENT_DIR
from dari.language.lookup import format_analysis, index_analysis, load_analysis, open_analysis, parse_analysis
from dari.models import ContentError

ARTICLE = "musk-twitter-ai"


def test_the_index_loads_what_the_full_parse_loads():
    full = load_analysis(CONTENT_DIR, ARTICLE)
    index = open_analysis(CONTENT_DIR, ARTICLE)
    assert index.parsed is None and len(index) == len(full.words)  # the written layout is indexed, not parsed
    some = list(full.words)[3:9]
    part = index.load(some)
    assert part.words == {k: full.words[k] for k in some}
    assert part.romanization == {k: full.romanization[k] for k in some}
    assert index.load(["not a segment of the file"]).words == {}


def _file(segments: dict) -> str:
    return format_analysis({"format": 1, "segments": segments, "tools": {}})


WORD = {"start": 0, "end": 2, "lemma": "한국", "pos": "noun", "romanization": "hanguk", "morphemes": [["한국", "NNP"]]}


def test_keys_with_quotes_backslashes_and_braces_are_indexed():
    keys = ['한국 "인용"', "한국\\역슬래시", "한국 {중괄호} },", "한국\n줄바꿈"]
    text = _file({k: {"romanization": "r", "words": [WORD]} for k in keys})
    index = index_analysis(text.encode(), "x.analysis.json")
    assert index.parsed is None and set(index.spans) == set(keys)
    assert index.load(keys).words == parse_analysis(text, "x.analysis.json").words


def test_a_file_in_another_layout_is_parsed_whole_and_reads_the_same():
    data = {"format": 1, "segments": {"한국이다": {"romanization": "r", "words": [WORD]}}, "tools": {}}
    compact = json.dumps(data, ensure_ascii=False)
    index = index_analysis(compact.encode(), "x.analysis.json")
    assert index.parsed is not None
    assert index.load(["한국이다"]).words == parse_analysis(compact, "x.analysis.json").words


def test_a_broken_segment_is_reported_with_its_line_when_its_page_loads():
    good = {"romanization": "r", "words": [WORD]}
    text = _file({"가 문장": good, "나 문장": {"romanization": "r", "words": [{**WORD, "start": True}]}})
    index = index_analysis(text.encode(), "x.analysis.json")
    assert index.load(["가 문장"]).words  # the healthy segment still loads
    with pytest.raises(ContentError) as e:
        index.load(["나 문장"])
    assert e.value.problem.line == text.split("\n").index('  "나 문장": {') + 1


@pytest.mark.parametrize("body", [b'{\n "format": 2,\n "segments": {\n }\n}', b"\xff\xfe", b"[" * 50_000])
def test_a_wrong_format_or_encoding_is_refused_at_once(body):
    with pytest.raises(ContentError):
        index_analysis(body, "x.analysis.json")


def test_lemmas_without_parsing_equal_the_parsed_words():
    full = load_analysis(CONTENT_DIR, ARTICLE)
    want = {(w.analysis.lemma, w.analysis.pos) for ws in full.words.values() for w in ws if w.analysis.lemma}
    index = open_analysis(CONTENT_DIR, ARTICLE)
    assert set(index.lemmas()) == want and len(index.lemmas()) == len(want)
    compact = index_analysis(json.dumps({"format": 1, "segments": {"한국이다": {"romanization": "r", "words": [WORD]}}},
                                        ensure_ascii=False).encode(), "x.analysis.json")
    assert compact.lemmas() == (("한국", "noun"),)  # the parsed-whole fallback gives the same
