"""content/*.analysis.json is generated (python -m dari analyse) and committed, so the
reading page never runs Kiwi. These tests make a stale file fail: every Korean text of
every document has an entry, offsets slice back to the words, and re-analysing with Kiwi
gives the stored file byte for byte.
"""

from __future__ import annotations

import json
import re

import pytest

from dari import CONTENT_DIR
from dari.language.lookup import analyse_document, analysis_path, format_analysis, load_analysis
from dari.language.morphology import word_spans
from dari.library.content import list_documents, load_document

DOCUMENTS = list_documents(CONTENT_DIR)


def test_there_is_content():
    assert DOCUMENTS


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_every_text_has_an_entry_and_nothing_else(slug):
    doc = load_document(CONTENT_DIR, slug)
    path = analysis_path(CONTENT_DIR, slug)
    assert path.exists(), f"{path} is missing: run python -m dari analyse {slug}"
    stored = set(json.loads(path.read_text(encoding="utf-8"))["segments"])
    texts = set(doc.texts)
    assert not texts - stored, f"{path} lacks {sorted(texts - stored)[:3]}: run python -m dari analyse {slug}"
    assert not stored - texts, f"{path} has stale entries {sorted(stored - texts)[:3]}: run python -m dari analyse {slug}"


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_every_word_is_there_and_slices_back(slug):
    analysis = load_analysis(CONTENT_DIR, slug)
    for text, words in analysis.words.items():
        assert [(w.start, w.end) for w in words] == word_spans(text), text
        for w in words:
            assert text[w.start:w.end] == w.analysis.surface
            assert w.analysis.lemma and w.analysis.pos and w.analysis.romanization and w.analysis.morphemes
        assert analysis.romanization[text] and not re.search("[가-힣]", analysis.romanization[text]), text


@pytest.mark.kiwi
@pytest.mark.parametrize("slug", DOCUMENTS)
def test_reanalysis_equals_the_stored_file(kiwi, slug):
    path = analysis_path(CONTENT_DIR, slug)
    fresh = format_analysis(analyse_document(load_document(CONTENT_DIR, slug)))
    assert fresh == path.read_text(encoding="utf-8"), f"{path} is stale: run python -m dari analyse {slug}"
