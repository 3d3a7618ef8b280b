"""Accuracy and speed of the sentence aligner, beside two baselines measured in the same run.

    python scripts/bench_align.py [--size N]

Cases (the Korean is always the bundled article, its segments as sentences, its blocks as
paragraphs; the title is left out):

- ``article``: its English (the msgstr of each segment, in order) flattened back into plain
  text, one paragraph per block, paragraphs separated by blank lines;
- ``no-breaks``: the same English with every paragraph break removed (one line);
- ``hard``: ``tests/data/align/hard.json``, an English version that merges and splits
  sentences differently from the Korean, drops one sentence and adds one;
- two more, beyond the issue's: ``lines``, the article's English one segment per line with no
  blank line (so every line is an English paragraph that the Korean does not have), and
  ``hard-no-breaks``, the hard English on one line.

**Accuracy.** The gold comes from the English as it was built: a list of gold chunks, each the
English of one or more Korean segments (the msgstr of a segment; in the hard case, the
English of a bead, or of none for the added sentence). The English text is split with
``split_english``; a chunk's gold English sentences are the sentences that overlap it, and
chunks that share a sentence (a boundary the splitter could not see) form one gold bead with
the union of their sentences. A Korean segment is **correct** when the set of English
sentences of the bead that holds it equals the gold set of its gold bead (the empty set for a
dropped sentence). Accuracy = correct Korean segments / all Korean segments.

Baselines: ``position`` gives Korean sentence i the English sentence i (none past the end);
``nltk`` is ``nltk.translate.gale_church.align_blocks`` at its defaults, on character lengths
(len of each sentence), over the whole text as one block (it cannot use paragraphs whose
counts differ).

**Speed.** ``--size`` Korean sentences (default 2,000) against as many English ones, made by
repeating the article's aligned pairs with perturbations (some English sentences merged, some
dropped, as many added, numbers changed), aligned with the glossary; the best of 3 runs, wall
and CPU seconds (target: under 2 s). NLTK searches the full square, so it is timed beside
ours on ``--nltk-size`` sentences (default 400) rather than 2,000. Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dari import CONTENT_DIR, LOCALES_DIR  # noqa: E402
from dari.library.align import Alignment, align, english_sentence_spans  # noqa: E402
from dari.library.catalog import catalog_path, read_catalog, translations  # noqa: E402
from dari.library.content import load_document  # noqa: E402
from dari.library.glossary import load_glossary  # noqa: E402

HARD = ROOT / "tests" / "data" / "align" / "hard.json"
SLUG = "musk-twitter-ai"


@dataclass(frozen=True)
class Case:
    """A Korean text, an English text, and the gold: which English sentences each Korean segment gets."""

    name: str
    ko: list[list[str]]  # paragraphs of sentences
    ko_ids: list[str]  # segment id of each flattened Korean sentence
    en_text: str
    gold: list[frozenset[int]]  # per Korean sentence: the English sentence indexes of its gold bead
    en: list[list[str]]  # split_english(en_text)
    gold_beads: list[tuple[tuple[int, ...], frozenset[int]]]  # (Korean sentences, English sentences)


def article() -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """(Korean paragraphs, their segment ids, the English msgstr of each segment) of the bundled article."""
    doc = load_document(CONTENT_DIR, SLUG)
    table = translations(read_catalog(catalog_path(LOCALES_DIR, "en", SLUG)))
    ko = [[s.ko for s in b.segments] for b in doc.blocks]
    ids = [[s.id for s in b.segments] for b in doc.blocks]
    en = [[table[s.ko].en for s in b.segments] for b in doc.blocks]
    return ko, ids, en


def build_case(name: str, ko: list[list[str]], ko_ids: list[list[str]],
               chunks: list[list[tuple[tuple[str, ...], str]]], paragraph_sep: str) -> Case:
    """``chunks``: English paragraphs of (Korean ids, English) in order; ids may be empty (added English)."""
    flat_ids = [i for par in ko_ids for i in par]
    index = {sid: k for k, sid in enumerate(flat_ids)}
    parts: list[str] = []
    spans: list[tuple[tuple[int, ...], int, int]] = []
    at = 0
    for p, par in enumerate(chunks):
        if p:
            parts.append(paragraph_sep)
            at += len(paragraph_sep)
        for c, (ids, english) in enumerate(par):
            if c:
                parts.append(" ")
                at += 1
            spans.append((tuple(index[i] for i in ids), at, at + len(english)))
            parts.append(english)
            at += len(english)
    text = "".join(parts)
    sentence_spans = [sp for par in english_sentence_spans(text) for sp in par]
    en = [[text[a:b] for a, b in par] for par in english_sentence_spans(text)]
    # each chunk's sentences; chunks sharing a sentence merge into one gold bead
    beads: list[tuple[set[int], set[int]]] = []
    for kos, a, b in spans:
        sents = {k for k, (s, e) in enumerate(sentence_spans) if s < b and e > a} if b > a else set()
        if beads and sents & beads[-1][1]:
            beads[-1][0].update(kos)
            beads[-1][1].update(sents)
        else:
            beads.append((set(kos), sents))
    gold: list[frozenset[int] | None] = [None] * len(flat_ids)
    for kos, sents in beads:
        for k in kos:
            gold[k] = frozenset(sents)
    missing = [flat_ids[k] for k, g in enumerate(gold) if g is None]
    if missing:
        raise ValueError(f"{name}: Korean segments without gold: {missing}")
    return Case(name, ko, flat_ids, text, gold, en,  # type: ignore[arg-type]
                [(tuple(sorted(k)), frozenset(s)) for k, s in beads])


def article_cases() -> list[Case]:
    ko, ids, en = article()
    chunks = [[((sid,), english) for sid, english in zip(pids, pen, strict=True)] for pids, pen in zip(ids, en, strict=True)]
    hard = json.loads(HARD.read_text(encoding="utf-8"))
    hard_chunks = [[(tuple(item["ko"]), item["en"]) for item in par] for par in hard["paragraphs"]]
    lines = [[chunk] for par in chunks for chunk in par]  # one segment's English per line, no blank line
    return [
        build_case("article", ko, ids, chunks, "\n\n"),
        build_case("no-breaks", ko, ids, chunks, " "),
        build_case("hard", ko, ids, hard_chunks, "\n\n"),
        build_case("lines", ko, ids, lines, "\n"),
        build_case("hard-no-breaks", ko, ids, hard_chunks, " "),
    ]


def accuracy_of(case: Case, english_of: list[frozenset[int]]) -> float:
    """Share of Korean segments whose predicted English sentences equal their gold bead's."""
    right = sum(1 for k, gold in enumerate(case.gold) if english_of[k] == gold)
    return right / len(case.gold)


def english_of_alignment(result: Alignment, n: int) -> list[frozenset[int]]:
    out: list[frozenset[int]] = [frozenset()] * n
    for bead in result.beads:
        for k in bead.ko:
            out[k] = frozenset(bead.en)
    return out


def position_baseline(case: Case) -> list[frozenset[int]]:
    m = sum(len(p) for p in case.en)
    return [frozenset({k}) if k < m else frozenset() for k in range(len(case.gold))]


def nltk_baseline(case: Case) -> list[frozenset[int]]:
    from nltk.translate.gale_church import align_blocks

    ko = [s for par in case.ko for s in par]
    en = [s for par in case.en for s in par]
    pairs = align_blocks([len(s) for s in ko], [len(s) for s in en])
    # group pairs into beads: Korean sentences linked through shared English sentences
    english: dict[int, set[int]] = {}
    for i, j in pairs:
        english.setdefault(i, set()).add(j)
    korean_of: dict[int, set[int]] = {}
    for i, js in english.items():
        for j in js:
            korean_of.setdefault(j, set()).add(i)
    out: list[frozenset[int]] = []
    for i in range(len(ko)):
        group = {i}
        sents: set[int] = set()
        frontier = [i]
        while frontier:
            x = frontier.pop()
            for j in english.get(x, ()):
                if j not in sents:
                    sents.add(j)
                    for y in korean_of[j]:
                        if y not in group:
                            group.add(y)
                            frontier.append(y)
        out.append(frozenset(sents))
    return out


def glossary():
    return load_glossary(LOCALES_DIR / "en" / "LC_MESSAGES" / "glossary.po")


def big_case(size: int, seed: int = 7) -> tuple[list[list[str]], list[list[str]]]:
    """``size`` Korean and ``size`` English sentences: the article's pairs in random order, in
    paragraphs of 2-6, with about 3% of English sentences merged into the one before, 2%
    dropped, and as many added (a copy of a random English sentence) to make up the count;
    counters in both languages get a new number so repeats differ."""
    rng = random.Random(seed)
    ko, _, en = article()
    pairs = [(k, e) for pk, pe in zip(ko, en, strict=True) for k, e in zip(pk, pe, strict=True)]
    ko_pars: list[list[str]] = []
    en_pars: list[list[str]] = []
    count_ko = 0
    while count_ko < size:
        kp: list[str] = []
        ep: list[str] = []
        for _ in range(min(rng.randint(2, 6), size - count_ko)):
            k, e = pairs[rng.randrange(len(pairs))]
            n = rng.randint(2, 99)
            k, e = k.replace("3개", f"{n}개"), e.replace(" 3 ", f" {n} ")
            kp.append(k)
            roll = rng.random()
            if roll < 0.03 and ep:
                ep[-1] = ep[-1] + " " + e  # merged into the previous English sentence
            elif roll > 0.98:
                pass  # dropped
            else:
                ep.append(e)
        count_ko += len(kp)
        ko_pars.append(kp)
        en_pars.append(ep)
    count_en = sum(map(len, en_pars))
    while count_en < size:  # additions, spread over the text
        par = en_pars[rng.randrange(len(en_pars))]
        par.insert(rng.randint(0, len(par)), pairs[rng.randrange(len(pairs))][1])
        count_en += 1
    en_pars = [p for p in en_pars if p]
    return ko_pars, en_pars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000, help="sentences on each side for the timing")
    parser.add_argument("--nltk-size", type=int, default=400,
                        help="sentences on each side for timing NLTK against ours (its search is the full square)")
    args = parser.parse_args()
    gl = glossary()
    print(f"{'case':<15} {'segments':>8} {'ours':>7} {'position':>9} {'nltk':>7}   beads not 1-1 (gold)")
    for case in article_cases():
        result = align(case.ko, case.en, glossary=gl)
        ours = accuracy_of(case, english_of_alignment(result, len(case.gold)))
        pos = accuracy_of(case, position_baseline(case))
        nl = accuracy_of(case, nltk_baseline(case))
        not11 = sum(1 for k, e in case.gold_beads if (len(k), len(e)) != (1, 1))
        print(f"{case.name:<15} {len(case.gold):>8} {ours:>7.1%} {pos:>9.1%} {nl:>7.1%}   "
              f"{not11}/{len(case.gold_beads)} = {not11 / len(case.gold_beads):.0%}"
              f"   confidence {result.confidence:.2f}, related {result.related}")
    ko, en = big_case(args.size)
    n, m = sum(map(len, ko)), sum(map(len, en))
    times, cpu = [], []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = align(ko, en, glossary=gl)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    start = time.perf_counter()
    positions = [(i, i) for i in range(min(n, m))]
    position_time = time.perf_counter() - start
    print(f"\n{n} x {m} sentences: ours {min(times):.2f} s wall, {min(cpu):.2f} s CPU (best of 3; band {result.band}, "
          f"confidence {result.confidence:.2f}); position baseline {position_time * 1000:.2f} ms "
          f"({len(positions)} pairs)")
    from nltk.translate.gale_church import align_blocks

    ko, en = big_case(args.nltk_size)
    flat_ko, flat_en = [s for p in ko for s in p], [s for p in en for s in p]
    start = time.perf_counter()
    align(ko, en, glossary=gl)
    ours_small = time.perf_counter() - start
    start = time.perf_counter()
    align_blocks([len(s) for s in flat_ko], [len(s) for s in flat_en])
    nltk_small = time.perf_counter() - start
    print(f"{len(flat_ko)} x {len(flat_en)} sentences: ours {ours_small:.2f} s, nltk align_blocks {nltk_small:.2f} s")


if __name__ == "__main__":
    main()
