"""Which Korean lemmas the lexicon should gloss first: wordfreq's Korean list, lemmatised by Kiwi.

    .venv/bin/python scripts/lexicon_candidates.py [--top 12000] [--out scripts/data/lexicon-candidates.tsv]

A development-time tool (wordfreq is a dev dependency, never imported by the reader).
wordfreq's Korean tokens are morpheme-like (이, 는, 하, 했, 있, 것): each token is analysed
by Kiwi alone, through the same rules the word card uses (dari.language.morphology.parse_words),
so 했 and 하 both count for 하다/verb. Counts are wordfreq's frequencies per billion words,
summed per (lemma, part of speech). Particles, endings, numbers, Latin and symbols are dropped:
the lexicon glosses content words. The output is ranked, most frequent first, and committed,
so tests can check the lexicon against it without wordfreq or Kiwi.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_OUT = ROOT / "scripts" / "data" / "lexicon-candidates.tsv"
# The parts of speech the lexicon glosses (as dari.language.morphology names them, " + copula" stripped).
CONTENT_POS = frozenset({
    "noun", "bound noun", "pronoun", "verb", "adjective", "adverb", "conjunctive adverb", "determiner",
    "interjection", "auxiliary verb",
})
_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")


def candidates(top: int) -> list[tuple[str, str, int]]:
    """(lemma, pos, count) for the content lemmas behind wordfreq's ``top`` Korean tokens, ranked."""
    from wordfreq import get_frequency_dict, top_n_list

    from dari.language.grammar import load_grammar
    from dari.language.morphology import analyse_text

    # The raw table: word_frequency() would re-tokenise Korean with MeCab, which is not installed.
    frequency = get_frequency_dict("ko")
    grammar = {form for row in load_grammar() for form in row.forms}
    counts: dict[tuple[str, str], float] = defaultdict(float)
    for token in top_n_list("ko", top):
        # A token spelled like a particle or ending (는, 을, 에서, 으로) is that morpheme in
        # wordfreq's data; Kiwi, seeing it alone, would guess a noun (을) or a verb (는 -> 늘다).
        if not _HANGUL.match(token) or token in grammar:
            continue
        words = analyse_text(token)
        if len(words) != 1:
            continue
        w = words[0]
        if len(token) == 1:
            # A lone syllable holding a contracted past or honorific (했, 됐, 왔, 셨) is a
            # verb form; alone Kiwi calls most of them nouns. With 다 added it sees the verb.
            verb = analyse_text(token + "다")
            if len(verb) == 1 and any(t.tag == "EP" for t in verb[0].tokens):
                w = verb[0]
        pos = w.pos.removesuffix(" + copula")
        if pos not in CONTENT_POS or not _HANGUL.match(w.lemma):
            continue
        if len(token) == 1 and pos == "interjection":  # 하, 어, 고: stems and endings cut off by wordfreq
            continue
        counts[(w.lemma, pos)] += frequency[token] * 1e9
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(lemma, pos, round(n)) for (lemma, pos), n in ranked]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=12000, help="how many wordfreq tokens to read")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = candidates(args.top)
    from dari.text import write_atomic

    lines = ["# lemma\tpos\tcount (wordfreq frequency per billion words, summed over the tokens Kiwi maps to it)",
             f"# made by scripts/lexicon_candidates.py --top {args.top}"]
    lines += [f"{lemma}\t{pos}\t{n}" for lemma, pos, n in rows]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out, "\n".join(lines) + "\n")
    print(f"wrote {args.out}: {len(rows)} content lemmas from the top {args.top} tokens")
    return 0


if __name__ == "__main__":
    sys.exit(main())
