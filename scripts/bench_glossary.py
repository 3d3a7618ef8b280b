"""Benchmark of Korean glossary matching against a naive baseline measured in the same run.

    python scripts/bench_glossary.py [--runs N] [--chars N] [--entries N]

(a) the real glossary over the article, warm, median of many runs (target: under 5 ms);
(b) a generated glossary of 5,000 entries (the real ones plus unique synthetic Hangul terms)
    over about a million characters of Korean (the article repeated with variations:
    terms re-spaced, synthetic terms spliced in) (target: under 1 s).

The baseline is what matching would be without the engine: for every headword and
variant, ``str.find`` in a loop over the space-free, case-folded text. It is a lower
bound: it maps nothing back to the original offsets, ignores word starts and lets
terms overlap. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dari import CONTENT_DIR, LOCALES_DIR  # noqa: E402
from dari.library.catalog import catalog_path  # noqa: E402
from dari.library.content import load_document  # noqa: E402
from dari.library.glossary import (  # noqa: E402
    build_glossary,
    find_occurrences,
    load_glossary,
    occurrences_in_document,
    term_key,
)
from dari.models import Category, GlossaryEntry  # noqa: E402


def naive(texts: list[str], keys: list[str]) -> int:
    """Count every spelling in the space-free text with str.find: no offsets back, no rules."""
    found = 0
    for text in texts:
        flat = text.replace(" ", "").casefold()
        for key in keys:
            i = flat.find(key)
            while i != -1:
                found += 1
                i = flat.find(key, i + 1)
    return found


def timed(fn, runs: int) -> tuple[float, object]:
    """Median wall time in seconds over ``runs`` calls (after one warm-up call) and the last result."""
    result = fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def synthetic_entries(n: int, taken: set[str], rng: random.Random) -> list[GlossaryEntry]:
    """n unique made-up Hangul terms of 2-5 syllables, a fifth of them with a space inside."""
    entries = []
    keys = set(taken)
    while len(entries) < n:
        word = "".join(chr(rng.randrange(0xAC00, 0xD7A4)) for _ in range(rng.randint(2, 5)))
        if len(word) >= 4 and rng.random() < 0.2:
            cut = rng.randint(1, len(word) - 1)
            word = word[:cut] + " " + word[cut:]
        if term_key(word) in keys:
            continue
        keys.add(term_key(word))
        entries.append(GlossaryEntry(word, (), (f"term {len(entries)}",), "x", Category.TECHNICAL, ""))
    return entries


def varied_article(segments: list[str], spellings: list[str], chars: int, rng: random.Random) -> str:
    """The article repeated until ``chars`` characters, each copy varied: multi-word spellings lose
    or gain spaces, and synthetic terms with a particle replace some words."""
    out: list[str] = []
    size = 0
    particles = ["", "은", "이", "를", "에서", "의"]
    while size < chars:
        for seg in segments:
            words = seg.split(" ")
            for k in range(len(words)):
                if rng.random() < 0.08:
                    words[k] = rng.choice(spellings) + rng.choice(particles)
            line = " ".join(words)
            if rng.random() < 0.5:
                line = line.replace("일론 머스크", "일론머스크").replace("엣지 컴퓨팅", "엣지컴퓨팅")
            else:
                line = line.replace("자연어처리", "자연어 처리").replace("에코챔버", "에코 챔버")
            out.append(line)
            size += len(line) + 1
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="runs for (a); (b) uses a tenth, at least 3")
    parser.add_argument("--chars", type=int, default=1_000_000, help="size of the text in (b)")
    parser.add_argument("--entries", type=int, default=5_000, help="size of the glossary in (b)")
    args = parser.parse_args()
    rng = random.Random(20221027)

    path = catalog_path(LOCALES_DIR, "en", "glossary")
    t = time.perf_counter()
    real = load_glossary(path)
    load_s = time.perf_counter() - t
    doc = load_document(CONTENT_DIR, "musk-twitter-ai")
    segments = [s.ko for s in doc.segments]
    article = "\n".join(segments)
    real_keys = sorted({term_key(s) for e in real.entries for s in (e.headword, *e.variants)})

    rows = []  # (case, what, seconds, found)

    def row(case, what, seconds, found):
        rows.append((case, what, seconds, found))

    s, r = timed(lambda: occurrences_in_document(doc, real), args.runs)
    row("a", "engine, per segment (occurrences_in_document)", s, sum(len(v) for v in r.values()))
    engine_a = s
    s, r = timed(lambda: find_occurrences(article, real), args.runs)
    row("a", "engine, whole article as one string", s, len(r))
    nfd_article = unicodedata.normalize("NFD", article)
    s, r = timed(lambda: find_occurrences(nfd_article, real), max(3, args.runs // 10))
    row("a", "engine, whole article decomposed (NFD)", s, len(r))
    s, r = timed(lambda: naive(segments, real_keys), args.runs)
    row("a", "naive str.find per spelling, per segment", s, r)
    naive_a = s

    t = time.perf_counter()
    synthetic = synthetic_entries(args.entries - len(real.entries), set(real_keys), rng)
    big = build_glossary([*real.entries, *synthetic])
    build_s = time.perf_counter() - t
    big_keys = sorted({term_key(s) for e in big.entries for s in (e.headword, *e.variants)})
    text = varied_article(segments, [e.headword for e in synthetic], args.chars, rng)
    lines = text.split("\n")
    runs_b = max(3, args.runs // 10)
    s, r = timed(lambda: find_occurrences(text, big), runs_b)
    row("b", "engine, whole text as one string", s, len(r))
    engine_b = s
    s, r = timed(lambda: sum(len(find_occurrences(line, big)) for line in lines), runs_b)
    row("b", "engine, line by line", s, r)
    s, r = timed(lambda: naive([text], big_keys), 3)
    row("b", "naive str.find per spelling", s, r)
    naive_b = s

    print(f"Python {sys.version.split()[0]}; real glossary: {len(real.entries)} entries, "
          f"{len(real_keys)} spellings, loaded in {load_s * 1000:.1f} ms")
    print(f"(a) article: {len(segments)} segments, {len(article):,} characters; median of {args.runs} runs")
    print(f"(b) {len(big.entries):,} entries ({len(big_keys):,} spellings, indexed in {build_s * 1000:.0f} ms) "
          f"over {len(text):,} characters ({len(text.encode()) / 1e6:.2f} MB UTF-8); median of {runs_b} runs, "
          f"naive of 3")
    print()
    print(f"{'case':<5}{'what':<50}{'time':>12}{'found':>10}")
    for case, what, seconds, found in rows:
        shown = f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"
        print(f"{case:<5}{what:<50}{shown:>12}{found:>10,}")
    print()
    print(f"(a) engine / naive = {engine_a / naive_a:.2f}  (target: engine under 5 ms)")
    print(f"(b) naive / engine = {naive_b / engine_b:.1f}x faster  (target: engine under 1 s)")
    print("The naive counts are higher: they include terms inside longer words and terms inside longer terms.")


if __name__ == "__main__":
    main()
