"""A bounded, seeded fuzzing pass (issue 8): the loaders, `update`, parse_settings and the
browser state. Every loader either returns or raises ContentError naming its file: never
another exception. `update` never loses a translation, a note, a flag or a previous msgid.

Seeded (derandomize) and bounded so CI spends well under a minute here; run with
``HYPOTHESIS_PROFILE=long`` for a deeper local pass.
"""

from __future__ import annotations

import os
import string

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dari.i18n import load_strings
from dari.language.grammar import parse_grammar
from dari.language.lookup import parse_analysis, parse_dictionaries
from dari.library.catalog import (
    catalog_path,
    new_catalog,
    parse_catalog,
    read_catalog,
    update_catalog,
    write_catalog,
)
from dari.library.content import parse_document
from dari.library.glossary import load_glossary
from dari.models import ContentError
from dari.reading import parse_browser_state, parse_settings
from dari.text import decode, nfc

settings.register_profile("ci", derandomize=True, deadline=None, max_examples=150,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", deadline=None, max_examples=5000,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Text that stresses the formats: Hangul (composed and not), quotes, backslashes, PO
# keywords, JSON and Markdown punctuation, and every line and paragraph separator.
SEPARATORS = "\n\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"
# \u1100\u1161\u11a8 is 각 decomposed (NFD), written as escapes so this file itself stays NFC.
ALPHABET = st.sampled_from(list("가나다한국어에코챔버\u1100\u1161\u11a8 \t\"\\#~|:.,{}[]<>&%$'msgidtrxe0123456789") + list(SEPARATORS))
nasty_text = st.text(alphabet=ALPHABET, max_size=40) | st.text(max_size=30)
po_keywords = st.sampled_from(['msgid "', 'msgstr "', 'msgctxt "', '#. ', '#, fuzzy', '#| msgid "', '#~ msgid "',
                               '#~| msgid "', '"', 'msgid_plural "', 'msgstr[0] "', "\n", '"\n', "\\", "\\n"])
po_like = st.lists(po_keywords | nasty_text, max_size=30).map("".join)


def _only_content_errors(call, *args, **kwargs) -> None:
    try:
        call(*args, **kwargs)
    except ContentError as e:
        assert e.problem.path  # names the file
    except RecursionError:
        pytest.fail("recursed on hostile input")


@given(po_like)
def test_parse_catalog_fails_only_with_content_errors(text):
    _only_content_errors(parse_catalog, text, "fuzz.po")


@given(st.binary(max_size=300) | po_like.map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_reading_any_bytes_as_a_catalog_glossary_or_strings(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("po")
    for lang, domain in (("en", "glossary"), ("en", "ui"), ("ko", "ui")):
        path = catalog_path(root, lang, domain)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    _only_content_errors(read_catalog, catalog_path(root, "en", "ui"))
    _only_content_errors(load_glossary, catalog_path(root, "en", "glossary"))
    strings = load_strings(root, "ko")  # never raises at all
    assert strings("glossary.count", n=1, total=2)


header = st.lists(st.sampled_from(["title: ", "source: ", "x", "#", "# ", "\\#", ":", "제목"]) | nasty_text,
                  max_size=6).map("".join)


@given(header, st.lists(nasty_text, max_size=8))
def test_parse_document_fails_only_with_content_errors(head, lines):
    _only_content_errors(parse_document, head + "\n".join(lines), slug="fuzz", path="fuzz.txt")


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | nasty_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(nasty_text | st.sampled_from(
        ["format", "segments", "words", "romanization", "start", "end", "lemma", "pos", "morphemes"]), inner,
        max_size=5),
    max_leaves=30,
)


@given(json_value)
def test_parse_analysis_fails_only_with_content_errors(value):
    import json

    doc = {"format": 1, "segments": {"가나다": {"romanization": "ganada", "words": value}}}
    for candidate in (value, doc, {"format": 1, "segments": value}):
        try:
            text = json.dumps(candidate, ensure_ascii=False)
        except (ValueError, TypeError):
            continue
        _only_content_errors(parse_analysis, text, "fuzz.analysis.json")


@given(st.binary(max_size=200))
def test_decode_either_decodes_or_names_the_offset(data):
    try:
        text = decode(data, "fuzz.txt")
    except UnicodeDecodeError as e:
        assert "fuzz.txt" in e.reason and "byte offset" in e.reason
    else:
        assert text == nfc(text)


@given(st.lists(nasty_text, max_size=12).map("\n".join))
def test_grammar_and_dictionary_tables_fail_only_with_content_errors(text):
    _only_content_errors(parse_grammar, "forms\ttags\tgloss\texample\n" + text, "grammar.tsv")
    _only_content_errors(parse_dictionaries, text, "dictionaries.toml")


params = st.dictionaries(
    st.sampled_from(["doc", "view", "ui", "study", "roman", "marks", "p", "term", "page", "x"]),
    nasty_text | st.text(alphabet=string.digits + "²³①٣໓ -+.", max_size=12), max_size=9)


@given(params)
def test_parse_settings_accepts_any_parameters(query):
    settings_, rejected = parse_settings(query, ["musk-twitter-ai", "other"], "en")
    assert settings_.doc in ("musk-twitter-ai", "other")
    assert settings_.p is None or 0 < settings_.p < 10**6
    assert 0 < settings_.page < 10**6


@given(json_value | st.dictionaries(st.sampled_from(["settings", "word", "term", "paragraph"]),
                                    json_value | st.dictionaries(st.sampled_from(
                                        ["view", "study", "roman", "marks", "page", "revealed"]), json_value)))
def test_parse_browser_state_accepts_anything(reported):
    state, problem = parse_browser_state(reported)
    assert set(state.settings) <= {"view", "study", "roman", "marks", "page", "revealed"}
    assert problem is None or isinstance(problem, str)


# ---------------------------------------------------------------------------------------
# update never loses text

sentence = st.text(alphabet=ALPHABET, min_size=1, max_size=25).map(nfc).filter(lambda s: s.strip() == s and s)
note = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=30) \
    .map(lambda s: nfc(s).strip()).filter(bool)
entry = st.tuples(sentence, st.text(max_size=25).map(nfc), st.lists(note, max_size=2), st.booleans(),
                  st.none() | sentence)


def _written(po: polib.POFile) -> set[tuple]:
    """What a translator wrote: (msgid, msgstr, notes, fuzzy, previous msgid) of every entry."""
    return {(e.msgid, e.msgstr, e.comment, "fuzzy" in e.flags, e.previous_msgid) for e in po if e.msgstr or e.comment}


@given(st.lists(entry, max_size=8, unique_by=lambda e: e[0]), st.lists(sentence, max_size=8),
       st.lists(sentence, max_size=8))
def test_update_never_loses_a_translation(tmp_path_factory, entries, first, second):
    path = tmp_path_factory.mktemp("update") / "doc.po"
    po = new_catalog("en", "fuzz")
    for msgid, msgstr, notes, fuzzy, previous in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, comment="\n".join(notes),
                                flags=["fuzzy"] if fuzzy and msgstr else [], previous_msgid=previous))
    write_catalog(po, path)
    original = _written(read_catalog(path))
    for texts in (first, second, first):  # random edits: sentences come, go and come back
        po = read_catalog(path)
        update_catalog(po, texts)
        write_catalog(po, path)
        after = read_catalog(path)
        live = {e.msgid for e in after if not e.obsolete}
        assert set(texts) <= live
        written = {(e.msgid, e.msgstr, e.comment, "fuzzy" in e.flags, e.previous_msgid) for e in after}
        # every original entry is still there with all it held (new fuzzy copies may be added)
        assert original <= written
