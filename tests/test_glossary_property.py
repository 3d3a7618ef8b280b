"""Properties of Korean matching on arbitrary text: offsets slice back, never cut a syllable,
never overlap, and a term is found however it is spaced, cased or normalised."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dari.library.glossary import find_occurrences, load_glossary

GLOSSARY = load_glossary(Path(__file__).parent / "data" / "glossary-small.po")
SPELLINGS = sorted({s for e in GLOSSARY.entries for s in (e.headword, *e.variants)})
HEADWORD = {s: e.headword for e in GLOSSARY.entries for s in (e.headword, *e.variants)}
PARTICLES = ["", "은", "는", "이", "가", "을", "를", "에", "에서", "의", "란", "도", "와"]


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


syllables = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
jamo = st.one_of(
    st.characters(min_codepoint=0x1100, max_codepoint=0x1112),  # leading consonants
    st.characters(min_codepoint=0x1161, max_codepoint=0x1175),  # vowels
    st.characters(min_codepoint=0x11A8, max_codepoint=0x11C2),  # trailing consonants
    st.characters(min_codepoint=0x3131, max_codepoint=0x318E),  # compatibility jamo (ㅋㅋ)
)
latin = st.sampled_from("abcxyzAIXÀéß019")
spaces = st.sampled_from([" ", " ", "  ", "\t", "\u00a0", "\n"])
punctuation = st.sampled_from(list(".,!?()'\"·…-"))
terms = st.sampled_from(SPELLINGS)
nfd_terms = terms.map(nfd)
pieces = st.one_of(syllables, jamo, latin, spaces, punctuation, terms, nfd_terms,
                   syllables.map(nfd), st.just("\u0301"))
texts = st.lists(pieces, max_size=40).map("".join)


def check_invariants(text: str) -> list:
    found = find_occurrences(text, GLOSSARY)
    whole = nfc(text)
    for o in found:
        assert text[o.start:o.end] == o.surface
        assert o.surface and o.term in GLOSSARY.by_headword
        # Not inside a cluster: the parts on either side of each offset compose on their own
        # to the same text, so no offset falls between the jamo of one syllable.
        for cut in (o.start, o.end):
            assert nfc(text[:cut]) + nfc(text[cut:]) == whole, (text, o)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    return found


@settings(max_examples=400, deadline=None)
@given(texts)
def test_offsets_slice_back_never_cut_a_syllable_never_overlap(text):
    check_invariants(text)


@st.composite
def spliced(draw):
    """Random text, then a term with spaces inserted anywhere between its characters,
    in random Latin case, maybe decomposed, with a particle, between sentence breaks."""
    spelling = draw(terms)
    out = []
    for k, ch in enumerate(spelling):
        if k and ch != " ":
            out.append(draw(st.sampled_from(["", "", " ", "  ", "\u00a0"])))
        if ch == " ":
            out.append(draw(st.sampled_from(["", " ", "   "])))
        else:
            out.append(ch.swapcase() if ch.isascii() and draw(st.booleans()) else ch)
    term = "".join(out)
    if draw(st.booleans()):
        term = nfd(term)
    before = draw(texts) + draw(st.sampled_from([". ", "\n", "! ", "("]))
    after = draw(st.sampled_from(PARTICLES)) + draw(st.sampled_from([". ", "\n", ")"])) + draw(texts)
    return before + term + after, len(before), len(before) + len(term), HEADWORD[spelling]


@settings(max_examples=400, deadline=None)
@given(spliced())
def test_term_found_whatever_the_spacing_case_and_normalisation(case):
    text, start, end, headword = case
    found = check_invariants(text)
    assert any((o.start, o.end, o.term) == (start, end, headword) for o in found), (text, found)
