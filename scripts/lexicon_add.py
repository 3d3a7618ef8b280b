"""Append hand-written glosses to the lexicon, one compact line per word (a writing aid).

    .venv/bin/python scripts/lexicon_add.py < batch.txt

Each line: ``lemma | pos | gloss; gloss; ... | usage note (optional)``, where pos is a
part of speech of dari.library.lexicon or a short form (n, bn, pron, v, adj, aux, adv,
cadv, det, int, neg). A gloss of ``-`` means "not a word to gloss" (a fragment that
wordfreq's tokenizer cut out of a longer word, 르 or 츠): it goes to
scripts/data/lexicon-skipped.tsv with the note as the reason, so the coverage test can
tell a skipped candidate from a forgotten one. Entries already in the lexicon are refused,
and the file is re-read through dari.library.lexicon.load_lexicon after writing.

The glosses themselves are written by a person; this script only formats them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dari import LOCALES_DIR  # noqa: E402
from dari.library.catalog import catalog_path  # noqa: E402
from dari.library.lexicon import PARTS_OF_SPEECH, format_entry, load_lexicon  # noqa: E402
from dari.text import nfc, write_atomic  # noqa: E402

LEXICON_PATH = catalog_path(LOCALES_DIR, "en", "lexicon")
SKIPPED_PATH = ROOT / "scripts" / "data" / "lexicon-skipped.tsv"
SHORT = {"n": "noun", "bn": "bound noun", "pron": "pronoun", "v": "verb", "adj": "adjective",
         "aux": "auxiliary verb", "adv": "adverb", "cadv": "conjunctive adverb", "det": "determiner",
         "int": "interjection", "neg": "negative copula", "num": "number"}
HEADER = """# Dari's lexicon: English glosses of Korean dictionary forms, for the word card.
# msgctxt: part of speech (as in content/*.analysis.json); msgid: dictionary form;
# msgstr: glosses separated by "; ", main sense first; "#." lines: usage note.
# Written by hand for learners. See dari/library/lexicon.py.
msgid ""
msgstr ""
"Project-Id-Version: dari lexicon\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def skipped() -> set[tuple[str, str]]:
    if not SKIPPED_PATH.exists():
        return set()
    rows = [ln.split("\t") for ln in SKIPPED_PATH.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {(r[0], r[1]) for r in rows}


def main() -> int:
    text = LEXICON_PATH.read_text(encoding="utf-8") if LEXICON_PATH.exists() else HEADER
    have = {(e.lemma, e.pos) for e in load_lexicon(LEXICON_PATH)} if LEXICON_PATH.exists() else set()
    skip_text = SKIPPED_PATH.read_text(encoding="utf-8") if SKIPPED_PATH.exists() else \
        "# lemma\tpos\twhy it is not glossed (a candidate of lexicon-candidates.tsv that is not a word)\n"
    gone = skipped()
    added = skips = 0
    problems = []
    for number, raw in enumerate(sys.stdin.read().splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in nfc(raw).split("|")]
        if len(cells) not in (3, 4):
            problems.append(f"line {number}: expected 3 or 4 '|'-separated cells: {raw!r}")
            continue
        lemma, pos, glosses = cells[:3]
        note = cells[3] if len(cells) == 4 else ""
        pos = SHORT.get(pos, pos)
        if pos not in PARTS_OF_SPEECH:
            problems.append(f"line {number}: unknown part of speech {pos!r}")
            continue
        if glosses == "-":
            if (lemma, pos) not in gone:
                skip_text += f"{lemma}\t{pos}\t{note}\n"
                gone.add((lemma, pos))
                skips += 1
            continue
        if (lemma, pos) in have:
            problems.append(f"line {number}: {lemma} ({pos}) is already in the lexicon")
            continue
        text += "\n" + format_entry(lemma, pos, [g.strip() for g in glosses.split(";")], note)
        have.add((lemma, pos))
        added += 1
    write_atomic(LEXICON_PATH, text)
    write_atomic(SKIPPED_PATH, skip_text)
    lexicon = load_lexicon(LEXICON_PATH)
    print(f"added {added}, skipped {skips}; the lexicon has {len(lexicon)} entries")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
