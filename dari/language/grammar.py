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
HEADER_KO = (*HEADER, "gloss_ko")  # the current layout: a Korean gloss for ?ui=ko

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

# The same fallbacks in Korean school-grammar terms (학교 문법), for the card in Korean.
TAG_GLOSSES_KO: Mapping[str, str] = MappingProxyType({
    "NNG": "일반 명사", "NNP": "고유 명사", "NNB": "의존 명사", "NR": "수사", "NP": "대명사",
    "VV": "동사 어간", "VA": "형용사 어간", "VX": "보조 용언", "VCP": "서술격 조사: ~이다",
    "VCN": "부정 지정사: 아니다", "MM": "관형사", "MAG": "일반 부사", "MAJ": "접속 부사",
    "IC": "감탄사", "JKS": "주격 조사", "JKC": "보격 조사", "JKG": "관형격 조사", "JKO": "목적격 조사",
    "JKB": "부사격 조사", "JKV": "호격 조사", "JKQ": "인용격 조사", "JX": "보조사", "JC": "접속 조사",
    "EP": "선어말 어미", "EF": "종결 어미", "EC": "연결 어미", "ETN": "명사형 전성 어미",
    "ETM": "관형사형 전성 어미", "XPN": "체언 접두사", "XSN": "명사 파생 접미사", "XSV": "동사 파생 접미사",
    "XSA": "형용사 파생 접미사", "XSM": "부사 파생 접미사", "XR": "어근", "SF": "문장 부호", "SP": "문장 부호",
    "SS": "따옴표, 괄호", "SSO": "여는 괄호", "SSC": "닫는 괄호", "SE": "줄임표", "SO": "붙임표, 물결표",
    "SW": "기호", "SL": "로마자", "SH": "한자", "SN": "숫자", "SB": "목록 기호", "UN": "분석 불능",
    "W_URL": "인터넷 주소", "W_EMAIL": "전자 우편 주소", "W_HASHTAG": "해시태그", "W_MENTION": "멘션",
    "W_SERIAL": "일련번호", "W_EMOJI": "이모지", "Z_CODA": "덧붙은 받침 (구어 표기)", "Z_SIOT": "사이시옷",
})

# Parts of speech as dari.language.morphology names them, in Korean (품사 이름).
POS_KO: Mapping[str, str] = MappingProxyType({
    "noun": "명사", "bound noun": "의존 명사", "pronoun": "대명사", "number": "수사",
    "verb": "동사", "adjective": "형용사", "auxiliary verb": "보조 용언", "copula": "서술격 조사",
    "negative copula": "부정 지정사", "adverb": "부사", "conjunctive adverb": "접속 부사",
    "determiner": "관형사", "interjection": "감탄사", "particle": "조사", "ending": "어미",
    "prefix": "접두사", "root": "어근", "foreign word": "외국어", "Chinese characters": "한자",
    "symbol": "기호", "punctuation": "문장 부호", "web address": "인터넷 주소", "email address": "전자 우편 주소",
    "hashtag": "해시태그", "mention": "멘션", "emoji": "이모지", "other": "기타",
})


def pos_label(pos: str, lang: str = "en") -> str:
    """A part of speech for the card in the interface language: "noun + copula" -> "명사 + 서술격 조사"."""
    if lang != "ko":
        return pos
    return " + ".join(POS_KO.get(part.strip(), part.strip()) for part in pos.split("+"))


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
    gloss_ko: str = ""  # Korean gloss (학교 문법 terms); empty falls back to the tag's Korean gloss


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
            if tuple(c.strip() for c in cells) not in (HEADER, HEADER_KO):
                raise ContentError(path, number, f"expected the header {' / '.join(HEADER_KO)} (tab-separated), got {raw!r}")
            header_seen = True
            continue
        if len(cells) not in (3, 4, 5):
            raise ContentError(path, number, f"expected 3 to 5 tab-separated columns ({', '.join(HEADER_KO)}), "
                                             f"got {len(cells)}: {raw!r}")
        forms = tuple(f.strip() for f in cells[0].split("/"))
        tags = tuple(cells[1].split())
        gloss = cells[2].strip()
        example = cells[3].strip() if len(cells) >= 4 else ""
        gloss_ko = cells[4].strip() if len(cells) == 5 else ""
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
        row = GrammarRow(forms, tags, gloss, example, number, gloss_ko)
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


def gloss_ko(form: str, tag: str) -> str:
    """The Korean gloss of one morpheme (the card with ?ui=ko): the table's Korean column,
    else the Korean name of its tag class."""
    row = _table().row(form, tag)
    if row and row.gloss_ko:
        return row.gloss_ko
    return TAG_GLOSSES_KO.get(base_tag(tag), "형태소")
