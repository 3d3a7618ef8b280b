"""Draw a seeded random sample of lexicon entries for a person to check against the Korean.

    .venv/bin/python scripts/lexicon_spotcheck.py [--n 100] [--seed 2026]

Prints one numbered line per entry (part of speech, dictionary form, glosses, note). The
same seed always draws the same entries, so a check can be repeated and its corrections
reviewed. The result of the last check is recorded in scripts/data/lexicon-spotcheck.md.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dari import LOCALES_DIR  # noqa: E402
from dari.library.catalog import catalog_path  # noqa: E402
from dari.library.lexicon import load_lexicon  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    entries = sorted(load_lexicon(catalog_path(LOCALES_DIR, "en", "lexicon")), key=lambda e: (e.lemma, e.pos))
    sample = random.Random(args.seed).sample(entries, min(args.n, len(entries)))
    for i, e in enumerate(sample, 1):
        note = f"  # {e.note}" if e.note else ""
        print(f"{i:3}. {e.lemma} ({e.pos}): {'; '.join(e.glosses)}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
