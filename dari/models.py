"""The domain: documents made of blocks made of segments, and what is known about them.

Everything here is a frozen dataclass with no I/O, so any layer can import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Segment:
    """One sentence: the unit of alignment.

    ``id`` is positional ("3.2" = block 3, segment 2). It names a place on the page
    (anchors, the command line); translations are keyed by the Korean text instead,
    so that inserting a sentence never disturbs another sentence's translation.
    """

    id: str
    ko: str
    line: int = field(default=0, compare=False)  # 1-based line in the content file, for messages


@dataclass(frozen=True)
class Block:
    number: int  # 1-based over headings and paragraphs alike; "?p=N" points here
    kind: BlockKind
    segments: tuple[Segment, ...]

    @property
    def ko(self) -> str:
        return " ".join(s.ko for s in self.segments)


@dataclass(frozen=True)
class Document:
    slug: str  # the file name without ".txt": the document's id in URLs and PO file names
    title: str  # Korean title
    source: str
    blocks: tuple[Block, ...]
    meta: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(s for b in self.blocks for s in b.segments)

    @property
    def texts(self) -> tuple[str, ...]:
        """Every Korean text a reader sees (title first, then the segments), each once:
        what needs an English translation and a word analysis."""
        return tuple(dict.fromkeys([self.title, *(s.ko for s in self.segments)]))

    def segment(self, segment_id: str) -> Segment:
        for s in self.segments:
            if s.id == segment_id:
                return s
        raise KeyError(segment_id)


class Status(StrEnum):
    TRANSLATED = "translated"
    FUZZY = "fuzzy"  # the Korean changed since this English was written
    UNTRANSLATED = "untranslated"


@dataclass(frozen=True)
class Translation:
    """The English of one Korean text, as the catalog has it."""

    en: str  # empty when untranslated
    status: Status
    notes: tuple[str, ...] = ()  # translator notes (PO "#." comments) for readers
    # How sure the automatic sentence alignment was of this English (a "# alignment
    # confidence: 0.83" translator comment, written at import), None for a human's English.
    confidence: float | None = None

    @property
    def doubtful(self) -> bool:
        """Machine-aligned English still awaiting review whose alignment was unsure."""
        return self.status is Status.FUZZY and self.confidence is not None and self.confidence < LOW_CONFIDENCE

    @property
    def shown(self) -> bool:
        return self.status is Status.TRANSLATED


UNTRANSLATED = Translation("", Status.UNTRANSLATED)
LOW_CONFIDENCE = 0.8  # an aligned bead below this is marked on the page for a person to check


@dataclass(frozen=True)
class Problem:
    """Something wrong with a file: shown to maintainers and readers, never raised at them."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ContentError(ValueError):
    """A file that cannot be read as what it claims to be. Carries the path and line."""

    def __init__(self, path: str, line: int | None, message: str):
        self.problem = Problem(path, line, message)
        super().__init__(str(self.problem))


class Category(StrEnum):
    TECHNICAL = "technical"  # technical term
    COMPANY = "company"  # company or product
    PERSON = "person"
    SLANG = "slang"  # slang or idiom
    GRAMMAR = "grammar"  # grammar or style


@dataclass(frozen=True)
class GlossaryEntry:
    headword: str  # Korean, NFC, as the article spells it most often
    variants: tuple[str, ...]  # other Korean spellings and spacings (로봇틱스, 일론머스크)
    english: tuple[str, ...]  # the English equivalents the translation uses; first is preferred
    romanization: str
    category: Category
    note: str  # short English explanation in the context of the article


@dataclass(frozen=True)
class Occurrence:
    """A glossary term found in a text. ``text[start:end] == surface`` always holds."""

    term: str  # the entry's headword
    start: int
    end: int  # exclusive
    surface: str


@dataclass(frozen=True)
class Morpheme:
    form: str
    tag: str  # Sejong tag as Kiwi gives it (NNG, JKS, EP, EF, ...)
    gloss: str  # plain English: "subject particle", "past tense", "noun"


@dataclass(frozen=True)
class WordAnalysis:
    """What the lookup card shows for one word (eojeol) analysed in its sentence."""

    surface: str
    lemma: str  # dictionary form: 썩었다 -> 썩다
    pos: str  # part of speech in plain words
    romanization: str
    morphemes: tuple[Morpheme, ...]
    glossary: str | None = None  # headword of the glossary entry the word holds, if any
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Word:
    """A word of a segment: offsets into the segment's Korean text, end exclusive."""

    start: int
    end: int
    analysis: WordAnalysis


@dataclass(frozen=True)
class DocumentAnalysis:
    """Word analyses of a document, computed ahead of time with Kiwi and stored as JSON.

    Keyed by the segment's Korean text (like the PO catalogs), so inserting a sentence
    never invalidates the others. Reading loads this; it never loads Kiwi.
    """

    words: dict[str, tuple[Word, ...]] = field(default_factory=dict)  # segment Korean -> its words
    romanization: dict[str, str] = field(default_factory=dict)  # segment Korean -> RR of the sentence

    def __bool__(self) -> bool:
        return bool(self.words)
