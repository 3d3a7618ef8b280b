"""The grammar table (dari/data/grammar.tsv) and the glosses of the word card.

Which morphemes count as grammar (and so need a row of their own): tags starting with J
(particles), E (endings), XS/XP (derivational suffixes and prefixes), and VCP, VCN, VX (the
copula, its negative, auxiliary verbs). Everything else is content, glossed by its part of
speech. Coverage is checked against the stored analysis of the real content, not Kiwi.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dari import CONTENT_DIR
from dari.language.grammar import GRAMMAR_PATH, gloss, is_grammatical, load_grammar, parse_grammar, tag_gloss
from dari.models import ContentError

HEADER = "forms\ttags\tgloss\texample\n"


def _stored_morphemes() -> list[tuple[str, str, str, str]]:
    """(form, tag, word, file) of every morpheme in content/*.analysis.json."""
    out = []
    for path in sorted(CONTENT_DIR.glob("*.analysis.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for segment, entry in data["segments"].items():
            for word in entry["words"]:
                surface = segment[word["start"]:word["end"]]
                out += [(form, tag, surface, path.name) for form, tag in word["morphemes"]]
    return out


def test_the_table_parses_and_is_big_enough():
    table = load_grammar()
    assert len(table) >= 80
    assert all(row.gloss for row in table)


def test_every_particle_and_ending_of_the_content_has_its_own_row():
    stored = _stored_morphemes()
    assert stored, "no content/*.analysis.json: run python -m dari analyse"
    table = load_grammar()
    grammatical = {(form, tag): (word, file) for form, tag, word, file in stored if is_grammatical(tag)}
    assert len(grammatical) > 50  # the article has ~100 distinct ones: the test looks at real data
    missing = [f"{form}/{tag} (in {word}, {file})" for (form, tag), (word, file) in sorted(grammatical.items())
               if table.row(form, tag) is None]
    assert not missing, f"add rows to {GRAMMAR_PATH}: " + "; ".join(missing)


def test_each_example_really_shows_its_form():
    """An example is a word of the article whose analysis contains a (form, tag) of its row."""
    in_words: dict[str, set[tuple[str, str]]] = {}
    for form, tag, word, _ in _stored_morphemes():
        in_words.setdefault(word, set()).add((form, tag.split("-")[0]))
    wrong = []
    for row in load_grammar():
        if row.example and not in_words.get(row.example, set()) & {(f, t) for f in row.forms for t in row.tags}:
            wrong.append(f"line {row.line}: {row.example} has no {'/'.join(row.forms)} {' '.join(row.tags)}")
    assert not wrong, wrong


@pytest.mark.parametrize("form, tag, expected", [
    ("는", "JX", "topic or contrast particle: as for, speaking of"),
    ("은", "JX", "topic or contrast particle: as for, speaking of"),  # allomorphs share a row
    ("ㄴ", "JX", "topic or contrast particle: as for, speaking of"),
    ("가", "JKS", "subject particle"),
    ("를", "JKO", "object particle"),
    ("었", "EP", "past tense"),
    ("았", "EP", "past tense"),
    ("면서", "EC", "while; at the same time"),
    ("이", "VCP", "copula: is, am, are (이다, glued to a noun)"),
    ("가", "VX", "auxiliary: keeps on, gradually (어 가다)"),
    ("하", "XSV", "verb suffix: does (turns a noun into a verb: 인수 -> 인수하다)"),
    ("하", "XSA", "adjective suffix: is (turns a noun into an adjective: 필요 -> 필요하다)"),
    # not in the table: the gloss of the tag class
    ("읍시다", "EF", "sentence-final ending"),
    ("더니", "EC", "connective ending"),
    # content morphemes: their part of speech (Kiwi's -I/-R irregularity marks are ignored)
    ("인수", "NNG", "noun"),
    ("듣", "VV-I", "verb stem"),
    ("쉽", "VA-I", "adjective stem"),
    ("AI", "SL", "Latin letters"),
])
def test_gloss(form, tag, expected):
    assert gloss(form, tag) == expected


def test_tag_gloss_of_an_unknown_tag():
    assert tag_gloss("JKS") == "subject particle"
    assert tag_gloss("USER0") == "morpheme"


@pytest.mark.parametrize("tag, grammatical", [
    ("JKS", True), ("JX", True), ("EC", True), ("EF", True), ("ETM", True), ("VCP", True), ("VCN", True),
    ("VX", True), ("XSV", True), ("XSN", True), ("XPN", True),
    ("NNG", False), ("VV", False), ("VV-I", False), ("MAG", False), ("SL", False), ("Z_CODA", False),
])
def test_which_tags_are_grammar(tag, grammatical):
    assert is_grammatical(tag) is grammatical


@pytest.mark.parametrize("body, line, message", [
    ("는\tJX\n", 2, "expected 3 to 5 tab-separated columns"),
    ("는\tJX\ttopic\tex\t보조사\textra\n", 2, "expected 3 to 5"),
    ("은/는\tJQ\ttopic\n", 2, "unknown tag 'JQ'"),
    ("은//는\tJX\ttopic\n", 2, "empty form"),
    ("는\t\ttopic\n", 2, "no tag"),
    ("는\tJX\t \n", 2, "empty gloss"),
    ("은/는\tJX\ttopic\n# a comment\n\n는\tJX\tagain\n", 5, "는/JX is already on line 2"),
])
def test_a_bad_row_is_reported_with_its_line(body, line, message):
    with pytest.raises(ContentError, match=message) as e:
        parse_grammar(HEADER + body, "grammar.tsv")
    assert (e.value.problem.path, e.value.problem.line) == ("grammar.tsv", line)


def test_the_header_is_required():
    with pytest.raises(ContentError, match="expected the header") as e:
        parse_grammar("는\tJX\ttopic\n", "grammar.tsv")
    assert e.value.problem.line == 1
    with pytest.raises(ContentError, match="no header"):
        parse_grammar("# only comments\n", "grammar.tsv")


def test_a_missing_table_is_reported(tmp_path: Path):
    with pytest.raises(ContentError, match="missing") as e:
        load_grammar(tmp_path / "grammar.tsv")
    assert e.value.problem.path == str(tmp_path / "grammar.tsv")


def test_rows_keep_their_example_and_line():
    table = parse_grammar(HEADER + "# c\n은/는/ㄴ\tJX\ttopic\t머스크는\n이/가\tJKS JKC\tsubject\n", "t.tsv")
    row = table.row("ㄴ", "JX")
    assert row is not None and (row.forms, row.example, row.line) == (("은", "는", "ㄴ"), "머스크는", 3)
    assert table.row("가", "JKC") is table.row("이", "JKS")
    assert table.row("가", "JKO") is None


def test_every_row_has_a_korean_gloss():
    """The card in Korean (?ui=ko) glosses grammar in Korean school-grammar terms."""
    table = load_grammar(GRAMMAR_PATH)
    assert len(table) == 112
    missing = [f"line {row.line}: {'/'.join(row.forms)}" for row in table if not row.gloss_ko]
    assert not missing
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in row.gloss_ko) for row in table)


def test_korean_glosses_and_part_of_speech_names():
    from dari.language.grammar import gloss_ko, pos_label

    assert gloss_ko("가", "JKS") == "주격 조사"
    assert gloss_ko("었", "EP") == "과거 시제 선어말 어미"
    assert gloss_ko("썩", "VV") == "동사 어간"  # content: the tag's Korean name
    assert pos_label("noun + copula", "ko") == "명사 + 서술격 조사"
    assert pos_label("adverb", "ko") == "부사"
    assert pos_label("noun + copula", "en") == "noun + copula"


def test_a_korean_gloss_column_is_read():
    table = parse_grammar("forms\ttags\tgloss\texample\tgloss_ko\n는\tJX\ttopic\t머스크는\t보조사\n", "t.tsv")
    assert table.row("는", "JX").gloss_ko == "보조사"
