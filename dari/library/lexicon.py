"""Dari's own learner's dictionary: short English glosses of Korean dictionary forms.

One PO catalog, ``locales/en/LC_MESSAGES/lexicon.po``, read through dari.library.catalog
(the only polib import)::

    #. Business and media talk: "negative buzz", not acoustic noise.
    msgctxt "noun"
    msgid "노이즈"
    msgstr "controversy; drama; negative buzz; noise"

* ``msgctxt`` is the part of speech, named as the analysis files name it (noun, verb,
  adjective, adverb, determiner, pronoun, bound noun, ...: dari.language.morphology).
* ``msgid`` is the dictionary form (썩다, 인수, 그냥), as the word card shows it.
* ``msgstr`` is the glosses separated by "; ", the main sense first.
* ``#.`` lines are a usage note (register, slang, false friends).

Why PO: the same tools and review flow as the translations (msgfmt --check, Poedit,
the Translate view); a maintainer adds a word by adding four lines. An entry without
English (empty msgstr) or marked fuzzy is not shown: it is a word waiting for a gloss.

Lookups are tolerant, because Kiwi's part of speech for one lemma varies with context:
a noun used with the copula ("noun + copula") is the noun; a lemma glossed as a noun is
found when Kiwi calls it a bound noun or a pronoun (and back); verb and adjective stand
in for each other (있다 is either to Kiwi), and so do adverb and conjunctive adverb.
Auxiliary verbs are only glossed as auxiliaries: 버리다 after a verb is not "to throw away".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from dari.library.catalog import read_catalog
from dari.models import ContentError

SEPARATOR = "; "
COPULA = " + copula"
# The parts of speech an entry may have (msgctxt), as dari.language.morphology names them.
PARTS_OF_SPEECH = frozenset({
    "noun", "bound noun", "pronoun", "number", "verb", "adjective", "auxiliary verb", "negative copula",
    "adverb", "conjunctive adverb", "determiner", "interjection", "prefix", "root",
})
# Which other parts of speech stand in when a lemma is not glossed under Kiwi's (in order).
_STAND_INS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "noun": ("bound noun", "pronoun", "number"),
    "bound noun": ("noun", "pronoun"),
    "pronoun": ("noun", "bound noun"),
    "number": ("noun", "bound noun"),
    "verb": ("adjective",),
    "adjective": ("verb",),
    "adverb": ("conjunctive adverb",),
    "conjunctive adverb": ("adverb",),
    "root": ("noun",),
})


def base_pos(pos: str) -> str:
    """The part of speech without the copula: "noun + copula" -> "noun"."""
    return pos.removesuffix(COPULA).strip()


@dataclass(frozen=True)
class LexiconEntry:
    lemma: str
    pos: str
    glosses: tuple[str, ...]  # main sense first
    note: str = ""
    line: int | None = None  # in the PO file, for messages


@dataclass(frozen=True)
class Lexicon:
    """Glosses by (dictionary form, part of speech). Built once per file version; never mutated."""

    entries: Mapping[tuple[str, str], LexiconEntry]
    path: str = ""

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[LexiconEntry]:
        return iter(self.entries.values())

    def entry(self, lemma: str, pos: str) -> LexiconEntry | None:
        """The entry for a word as the analysis names it, with the stand-ins described above."""
        pos = base_pos(pos)
        for candidate in (pos, *_STAND_INS.get(pos, ())):
            found = self.entries.get((lemma, candidate))
            if found is not None:
                return found
        return None

    def meaning(self, lemma: str, pos: str) -> tuple[str, ...]:
        """The English glosses of a word, main sense first; () when the lexicon has none."""
        found = self.entry(lemma, pos)
        return found.glosses if found else ()

    def note(self, lemma: str, pos: str) -> str:
        found = self.entry(lemma, pos)
        return found.note if found else ""


EMPTY = Lexicon(MappingProxyType({}))


def _check_gloss(path: str, line: int | None, lemma: str, msgstr: str) -> tuple[str, ...]:
    glosses = tuple(g.strip() for g in msgstr.split(";"))
    if any(not g for g in glosses):
        raise ContentError(path, line, f"{lemma}: empty gloss in {msgstr!r}; glosses are separated by \"; \"")
    if any("\n" in g for g in glosses):
        raise ContentError(path, line, f"{lemma}: a gloss spans lines; keep glosses on one line")
    return glosses


def load_lexicon(path: Path) -> Lexicon:
    """Read lexicon.po. A malformed file or entry raises ContentError naming the file and line."""
    po = read_catalog(path)
    where = str(path)
    entries: dict[tuple[str, str], LexiconEntry] = {}
    for e in po:
        if e.obsolete or not e.msgid:
            continue
        line = getattr(e, "linenum", None)
        lemma = e.msgid.strip()
        if not e.msgctxt:
            raise ContentError(where, line, f"{lemma}: no msgctxt; it names the part of speech "
                                            f"({', '.join(sorted(PARTS_OF_SPEECH))})")
        pos = e.msgctxt.strip()
        if pos not in PARTS_OF_SPEECH:
            raise ContentError(where, line, f"{lemma}: unknown part of speech {pos!r}; expected one of "
                                            f"{', '.join(sorted(PARTS_OF_SPEECH))}")
        if lemma != e.msgid or any(ch.isspace() and ch != " " for ch in lemma):
            raise ContentError(where, line, f"{e.msgid!r}: a dictionary form has no surrounding or inner "
                                            "whitespace other than single spaces")
        if (lemma, pos) in entries:
            first = entries[lemma, pos].line
            raise ContentError(where, line, f"{lemma} ({pos}) is already on line {first}")
        if not e.msgstr.strip() or "fuzzy" in e.flags:
            continue  # waiting for a gloss, or for review
        glosses = _check_gloss(where, line, lemma, e.msgstr)
        note = " ".join(n.strip() for n in (e.comment or "").splitlines() if n.strip())
        entries[lemma, pos] = LexiconEntry(lemma, pos, glosses, note, line)
    return Lexicon(MappingProxyType(entries), where)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_entry(lemma: str, pos: str, glosses: tuple[str, ...] | list[str], note: str = "") -> str:
    """One entry as PO text (what a maintainer would type), for tools that add entries."""
    if pos not in PARTS_OF_SPEECH:
        raise ValueError(f"unknown part of speech {pos!r}")
    if not lemma.strip() or not glosses or any(not g.strip() or ";" in g for g in glosses):
        raise ValueError(f"bad entry {lemma!r}: {glosses!r}")
    lines = [f"#. {note.strip()}"] if note.strip() else []
    lines += [f"msgctxt {_quote(pos)}", f"msgid {_quote(lemma.strip())}",
              f"msgstr {_quote(SEPARATOR.join(g.strip() for g in glosses))}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# The gloss in the English translation (the card lights up the English word it matches)

# Irregular forms of common English verbs (and a few participles used as adjectives, such
# as "rotten"): base -> other forms. Regular -s/-ed/-ing forms are made by rule.
_IRREGULAR: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "be": ("is", "are", "was", "were", "been", "being", "am"), "have": ("has", "had", "having"),
    "do": ("does", "did", "done", "doing"), "go": ("goes", "went", "gone", "going"),
    "buy": ("bought",), "bring": ("brought",), "think": ("thought",), "seek": ("sought",),
    "teach": ("taught",), "catch": ("caught",), "fight": ("fought",), "see": ("saw", "seen"),
    "come": ("came",), "become": ("became",), "get": ("got", "gotten", "getting"), "give": ("gave", "given"),
    "take": ("took", "taken"), "make": ("made",), "say": ("said",), "tell": ("told",), "know": ("knew", "known"),
    "grow": ("grew", "grown"), "throw": ("threw", "thrown"), "show": ("showed", "shown"), "fly": ("flew", "flown"),
    "draw": ("drew", "drawn"), "write": ("wrote", "written"), "ride": ("rode", "ridden"), "rise": ("rose", "risen"),
    "drive": ("drove", "driven"), "eat": ("ate", "eaten"), "fall": ("fell", "fallen"), "beat": ("beaten",),
    "break": ("broke", "broken"), "speak": ("spoke", "spoken"), "choose": ("chose", "chosen"),
    "forget": ("forgot", "forgotten"), "hide": ("hid", "hidden"), "bite": ("bit", "bitten"),
    "wake": ("woke", "woken"), "wear": ("wore", "worn"), "tear": ("tore", "torn"), "swear": ("swore", "sworn"),
    "bear": ("bore", "born", "borne"), "begin": ("began", "begun"), "sing": ("sang", "sung"),
    "drink": ("drank", "drunk"), "swim": ("swam", "swum"), "run": ("ran",), "sit": ("sat",), "win": ("won",),
    "find": ("found",), "hold": ("held",), "stand": ("stood",), "understand": ("understood",),
    "lead": ("led",), "feel": ("felt",), "keep": ("kept",), "sleep": ("slept",), "leave": ("left",),
    "meet": ("met",), "send": ("sent",), "spend": ("spent",), "build": ("built",), "lose": ("lost",),
    "mean": ("meant",), "hear": ("heard",), "pay": ("paid",), "lay": ("laid",), "sell": ("sold",),
    "stick": ("stuck",), "strike": ("struck",), "hang": ("hung",), "shoot": ("shot",), "light": ("lit",),
    "put": (), "set": (), "cut": (), "hit": (), "let": (), "cost": (), "hurt": (), "shut": (), "spread": (),
    "read": (), "quit": (), "burst": (), "bet": (), "rot": ("rotten",), "lie": ("lay", "lain", "lying"),
    "die": ("dying",), "dig": ("dug",), "feed": ("fed",), "flee": ("fled",), "freeze": ("froze", "frozen"),
    "shine": ("shone",), "shake": ("shook", "shaken"), "steal": ("stole", "stolen"), "blow": ("blew", "blown"),
})
_VOWELS = set("aeiou")
_SKIP_WORDS = frozenset({"to", "be", "a", "an", "the", "one's", "oneself", "someone", "something", "sb", "sth"})


@lru_cache(maxsize=16384)
def _word_forms(word: str) -> frozenset[str]:
    """A word with its regular inflections (plural, 3rd person, -ed, -ing, comparative) and irregular ones."""
    w = word.lower()
    forms = {w, *_IRREGULAR.get(w, ())}
    if not w.isalpha() or len(w) < 2:
        return frozenset(forms)
    if w.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(w + "es")
    elif w.endswith("y") and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w[:-1] + "ier", w[:-1] + "iest"}
    else:
        forms.add(w + "s")
    if w.endswith("e"):
        forms |= {w + "d", w[:-1] + "ing", w + "r", w + "st"}
    else:
        forms |= {w + "ed", w + "ing", w + "er", w + "est"}
        # Short words ending consonant-vowel-consonant double the consonant: stop -> stopped.
        if len(w) <= 4 and w[-1] not in _VOWELS | set("wxy") and w[-2] in _VOWELS and w[-3:-2] not in _VOWELS:
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    forms.add(w + "'s")
    return frozenset(forms)


@lru_cache(maxsize=16384)
def gloss_phrases(gloss: str) -> tuple[tuple[str, ...], ...]:
    """The words of a gloss that an English translation would contain, as alternatives.

    Parenthesised parts are dropped ("to be corrupt (fig.)" -> "corrupt"), and so are the
    infinitive "to", "to be", articles and placeholders (one's, someone)."""
    text = re.sub(r"\([^)]*\)", " ", gloss)
    words = _ENGLISH_WORD.findall(text)
    content = [w for w in words if w.lower() not in _SKIP_WORDS]
    if not content:
        return ()
    return (tuple(w.lower() for w in content),)


_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@lru_cache(maxsize=4096)
def _english_words(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((m.start(), m.end(), m.group().lower()) for m in _ENGLISH_WORD.finditer(text))


def find_gloss(english: str, glosses: tuple[str, ...] | list[str]) -> tuple[int, int] | None:
    """[start, end) of the first gloss (in the lexicon's order: main sense first) that the
    English sentence contains, in any inflected form; None if none does.

    >>> find_gloss("Right now, social media (SNS) is rotten", ("to rot", "to go bad"))
    (33, 39)
    >>> find_gloss("Musk went as far as acquiring Twitter.", ("to acquire", "to take over"))
    (20, 29)
    """
    if not english:
        return None
    tokens = _english_words(english)
    for gloss in glosses:
        for words in gloss_phrases(gloss):
            n = len(words)
            lowered = list(words)
            head, tail = _word_forms(lowered[0]), _word_forms(lowered[-1])
            for i in range(len(tokens) - n + 1):
                window = [t[2] for t in tokens[i:i + n]]
                # Inflect the first word (verbs: "took over") or the last (nouns: "search engines").
                if (window[0] in head and window[1:] == lowered[1:]) or \
                        (window[-1] in tail and window[:-1] == lowered[:-1]):
                    return tokens[i][0], tokens[i + n - 1][1]
    return None
