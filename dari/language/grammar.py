"""Plain-English glosses of Korean morphemes for the word card: 는/JX "topic particle",
었/EP "past tense", 인수/NNG "noun".

Particles, endings, the copula, auxiliary verbs and affixes are looked up in a curated
table, ``dari/data/grammar.tsv`` (one row per meaning; allomorphs such as 은/는/ㄴ share a
row). Content morphemes (nouns, verb stems, adverbs) are glossed by their part of speech:
their meaning is what the dictionary links are for. A grammatical form missing from the
table still gets a gloss from its tag class ("connective ending"); the tests make sure
every one found in the real content has a row of its own.

Pure Python and cheap: the reading path calls :func:`gloss` when it loads a document's
analysis, so the table can be edited without re-running Kiwi.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from dari import DATA_DIR
from dari.models import ContentError
from dari.text import nfc

GRAMMAR_PATH = DATA_DIR / "grammar.tsv"
HEADER = ("forms", "tags", "gloss", "example")

# The tags whose morphemes are grammar, not content: particles (J*), endings (E*), the
# copula and its negative, auxiliary verbs, and derivational affixes. Each such morpheme
# in the real content must have a row in the table (tests/test_grammar.py).
GRAMMAR_TAG_PREFIXES = ("J", "E", "XS", "XP")
GRAMMAR_TAGS = frozenset({"VCP", "VCN", "VX"})

# Fallback glosses by tag: the whole Sejong tag set as Kiwi uses it.
TAG_GLOSSES: Mapping[str, str] = MappingProxyType({
    "NNG": "noun", "NNP": "proper noun", "NNB": "bound noun", "NR": "numeral", "NP": "pronoun",
    "VV": "verb stem", "VA": "adjective stem", "VX": "auxiliary verb", "VCP": "copula: is",
    "VCN": "negative copula: is not", "MM": "determiner", "MAG": "adverb", "MAJ": "conjunctive adverb",
    "IC": "interjection", "JKS": "subject particle", "JKC": "complement particle",
    "JKG": "possessive particle", "JKO": "object particle", "JKB": "adverbial particle",
    "JKV": "vocative particle", "JKQ": "quotation particle", "JX": "auxiliary particle",
    "JC": "conjunctive particle", "EP": "pre-final ending (tense, honorific)", "EF": "sentence-final ending",
    "EC": "connective ending", "ETN": "nominalizing ending", "ETM": "modifier (adnominal) ending",
    "XPN": "prefix", "XSN": "noun suffix", "XSV": "verb suffix", "XSA": "adjective suffix",
    "XSM": "adverb suffix", "XR": "root", "SF": "punctuation", "SP": "punctuation", "SS": "quotation mark or bracket",
    "SSO": "opening bracket", "SSC": "closing bracket", "SE": "ellipsis", "SO": "hyphen or tilde",
    "SW": "symbol", "SL": "Latin letters", "SH": "Chinese characters", "SN": "number", "SB": "list marker",
    "UN": "unknown", "W_URL": "web address", "W_EMAIL": "email address", "W_HASHTAG": "hashtag",
    "W_MENTION": "mention", "W_SERIAL": "serial number", "W_EMOJI": "emoji",
    "Z_CODA": "extra final consonant (casual spelling)", "Z_SIOT": "linking ㅅ (saisiot)",
})


def base_tag(tag: str) -> str:
    """The tag without Kiwi's regular/irregular mark: VV-I -> VV."""
    return tag.split("-", 1)[0]


def is_grammatical(tag: str) -> bool:
    """Whether a morpheme with this tag is grammar (needs a row in the table) rather than content."""
    tag = base_tag(tag)
    return tag.startswith(GRAMMAR_TAG_PREFIXES) or tag in GRAMMAR_TAGS


@dataclass(frozen=True)
class GrammarRow:
    forms: tuple[str, ...]
    tags: tuple[str, ...]
    gloss: str
    example: str
    line: int  # in the table file, for messages


@dataclass(frozen=True)
class GrammarTable:
    rows: tuple[GrammarRow, ...]
    index: Mapping[tuple[str, str], GrammarRow]  # (form, tag) -> row

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[GrammarRow]:
        return iter(self.rows)

    def row(self, form: str, tag: str) -> GrammarRow | None:
        return self.index.get((form, base_tag(tag)))


def parse_grammar(text: str, path: str = "<grammar>") -> GrammarTable:
    """Parse the TSV table; a bad row raises ContentError with its line."""
    rows: list[GrammarRow] = []
    index: dict[tuple[str, str], GrammarRow] = {}
    header_seen = False
    for number, raw in enumerate(nfc(text).splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != HEADER:
                raise ContentError(path, number, f"expected the header {' / '.join(HEADER)} (tab-separated), got {raw!r}")
            header_seen = True
            continue
        if len(cells) not in (3, 4):
            raise ContentError(path, number, f"expected 3 or 4 tab-separated columns ({', '.join(HEADER)}), "
                                             f"got {len(cells)}: {raw!r}")
        forms = tuple(f.strip() for f in cells[0].split("/"))
        tags = tuple(cells[1].split())
        gloss = cells[2].strip()
        example = cells[3].strip() if len(cells) == 4 else ""
        if not all(forms):
            raise ContentError(path, number, f"empty form in {cells[0]!r} (allomorphs are separated by '/')")
        if not tags:
            raise ContentError(path, number, "no tag")
        unknown = [t for t in tags if t not in TAG_GLOSSES]
        if unknown:
            raise ContentError(path, number, f"unknown tag {unknown[0]!r}; tags are Sejong tags as Kiwi uses them "
                                             "(JKS, JX, EC, EF, ETM, ...)")
        if not gloss:
            raise ContentError(path, number, "empty gloss")
        row = GrammarRow(forms, tags, gloss, example, number)
        for form in forms:
            for tag in tags:
                if (form, tag) in index:
                    raise ContentError(path, number, f"{form}/{tag} is already on line {index[form, tag].line}")
                index[form, tag] = row
        rows.append(row)
    if not header_seen:
        raise ContentError(path, None, f"no header line {' / '.join(HEADER)}")
    return GrammarTable(tuple(rows), MappingProxyType(index))


def load_grammar(path: Path = GRAMMAR_PATH) -> GrammarTable:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(str(path), None, "the grammar table is missing") from None
    except UnicodeDecodeError as e:
        raise ContentError(str(path), None, f"not UTF-8 ({e.reason})") from None
    return parse_grammar(text, str(path))


@lru_cache(maxsize=1)
def _table() -> GrammarTable:
    return load_grammar()


def tag_gloss(tag: str) -> str:
    """The gloss of a tag class: EC -> "connective ending"."""
    return TAG_GLOSSES.get(base_tag(tag), "morpheme")


def gloss(form: str, tag: str) -> str:
    """Plain English for one morpheme: the table's row, else the gloss of its tag."""
    row = _table().row(form, tag)
    return row.gloss if row else tag_gloss(tag)
