"""Count failures of Dari's loaders and merge on seeded random input: the issue 8 table.

Runs the same seeded inputs against whichever Dari is importable, so a checkout of an
older commit can be measured beside the current one:

    python scripts/fuzz_probes.py                      # this checkout
    python scripts/fuzz_probes.py --root /tmp/old      # another checkout (old module layout too)

A failure is: an exception other than ContentError from a loader (it would reach the
page as a traceback), a catalog text that parses "successfully" but differently from
what GNU msgfmt reads (unterminated strings, duplicates, separators), or a translation,
note, flag or previous msgid that `update` loses.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
import tempfile
from pathlib import Path

SEPARATORS = "\n\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"
PIECES = list("가나다한국어에코챔버 \t\"\\#~|:.,{}[]<>&%$'") + list(SEPARATORS) + [
    'msgid "', 'msgstr "', 'msgctxt "', "#. ", "#, fuzzy", '#| msgid "', '#~ msgid "', '"', "\n", '"\n']


def text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, n)))


def sentence(rng: random.Random) -> str:
    s = "".join(rng.choice("가나다한국어 \"\\#:.\u2028\x85") for _ in range(rng.randint(1, 12))).strip()
    return s or "가"


def load(root: Path):
    sys.path.insert(0, str(root))
    names = {}
    for short, new, old in [("catalog", "dari.library.catalog", "dari.catalog"),
                            ("lookup", "dari.language.lookup", "dari.lookup"),
                            ("content", "dari.library.content", "dari.content"),
                            ("reading", "dari.reading", "dari.reading"),
                            ("models", "dari.models", "dari.models")]:
        try:
            names[short] = importlib.import_module(new)
        except ImportError:
            names[short] = importlib.import_module(old)
    return names


def probe_analysis(m, rng, n):
    failures = 0
    for _ in range(n):
        depth = rng.choice([1, 10, 5000, 100_000])
        kind = rng.randrange(5)
        if kind == 0:
            body = "[" * depth + "]" * depth
        elif kind == 1:
            body = json.dumps({"format": rng.choice([1, True, "1"]), "segments": {"가": {
                "romanization": rng.choice(["", 5, None]), "words": [{"start": rng.choice([0, True, -1, 1.5]),
                                                                      "end": 1, "lemma": "", "pos": "",
                                                                      "romanization": "", "morphemes": []}]}}})
        elif kind == 2:
            body = '{"format": 1, "segments": {"가": {"romanization": "", "words": [{"start": 0, "end": ' \
                   + "9" * rng.choice([10, 5000]) + ', "lemma": "", "pos": "", "romanization": "", "morphemes": []}]}}}'
        elif kind == 3:
            body = text(rng, 40)
        else:
            body = json.dumps({"format": 1, "segments": [text(rng, 5)]})
        try:
            m["lookup"].parse_analysis(body, "fuzz.analysis.json")
        except m["models"].ContentError:
            pass
        except Exception:
            failures += 1
    return failures


def probe_catalog(m, rng, n):
    """Texts msgfmt rejects or reads differently must not parse silently."""
    failures = 0
    parse = getattr(m["catalog"], "parse_catalog", None)
    for _ in range(n):
        kind = rng.randrange(4)
        body = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        if kind == 0:  # unterminated string
            body += f'msgid "가"\nmsgstr "{sentence(rng).replace(chr(34), "").replace(chr(92), "")}\n'
        elif kind == 1:  # duplicate msgid
            body += 'msgid "가"\nmsgstr "a"\n\nmsgid "가"\nmsgstr "b"\n'
        elif kind == 2:  # content that is a path to a real PO file
            body = str(Path(__file__).resolve().parent.parent / "locales/en/LC_MESSAGES/ui.po")
        else:
            body += text(rng, 30)
        try:
            if parse is not None:
                parse(body, "fuzz.po")
            else:  # the old reader: polib.pofile on the content
                import polib
                polib.pofile(body, wrapwidth=78)
        except m["models"].ContentError:
            continue
        except (OSError, ValueError):
            if parse is None:
                continue  # old code turned these into ContentError in read_catalog
            failures += 1
            continue
        except Exception:
            failures += 1
            continue
        if kind in (0, 1, 2):  # accepted something msgfmt rejects, or read a path
            failures += 1
    return failures


def _written(e) -> tuple:
    """What a translator wrote in an entry. Note lines are compared trimmed: a PO comment
    line has no trailing white space in any reader (U+2028 and U+0085 count as such)."""
    notes = tuple(line.strip() for line in (e.comment or "").split("\n") if line.strip())
    return e.msgid, e.msgstr, notes, tuple(e.flags), e.previous_msgid


def probe_update(m, rng, n):
    """Entries (with notes, flags, previous msgids) through random edits: count what is lost."""
    import polib

    cat = m["catalog"]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            path = Path(tmp) / f"{i}.po"
            po = cat.new_catalog("en", "fuzz")
            pool = list(dict.fromkeys(sentence(rng) for _ in range(8)))
            for s in pool[:4]:
                po.append(polib.POEntry(msgid=s, msgstr="EN " + s, comment="note " + s[:3], flags=["fuzzy"],
                                        previous_msgid="old " + s))
            if rng.random() < 0.3:  # a duplicate that a keyed merge would swallow
                po.append(polib.POEntry(msgid=pool[0], msgstr="second translation"))
            want = {_written(e) for e in po}
            try:
                cat.write_catalog(po, path)
                for _ in range(3):
                    po = cat.read_catalog(path)
                    cat.update_catalog(po, rng.sample(pool, rng.randint(0, len(pool))))
                    cat.write_catalog(po, path)
                got = {_written(e) for e in cat.read_catalog(path)}
            except m["models"].ContentError:
                continue  # refused, file untouched: nothing lost
            except Exception:
                failures += 1
                continue
            if not want <= got:
                failures += 1
    return failures


def probe_settings(m, rng, n):
    failures = 0
    weird = ["²", "①", "٣", "໓", "9" * 40, "-1", "0", " 3 ", "1e3", "", "x" * 500]
    for _ in range(n):
        params = {k: rng.choice(weird + [text(rng, 8)]) for k in rng.sample(["p", "page", "term", "doc", "view"], 3)}
        try:
            settings, _ = m["reading"].parse_settings(params, ["a"], "en")
            if settings.p is not None:
                int(str(settings.p))
        except Exception:
            failures += 1
    return failures


def probe_symlink(m, rng, n):
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        secret = Path(tmp) / "secret.txt"
        secret.write_text("title: SECRET\n\n비밀.\n", encoding="utf-8")
        for i in range(n):
            (content / f"link{i}.txt").symlink_to(secret)
        failures = sum(1 for s in m["content"].list_documents(content) if s.startswith("link"))
    return failures


PROBES = [
    ("analysis loader (deep nesting, wrong types, huge numbers, junk)", probe_analysis, 200),
    ("catalog reader (unterminated, duplicate, path-as-content, junk)", probe_catalog, 200),
    ("update (notes, flags, previous msgids, duplicates through edits)", probe_update, 100),
    ("parse_settings (Unicode digits, huge, empty, junk)", probe_settings, 500),
    ("library listing (symlinked documents)", probe_symlink, 20),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    modules = load(args.root)
    print(f"{'probe':<68} {'inputs':>6} {'failures':>8}")
    for name, probe, n in PROBES:
        failures = probe(modules, random.Random(args.seed), n)
        print(f"{name:<68} {n:>6} {failures:>8}")


if __name__ == "__main__":
    main()
