"""The command line: ``python -m dari COMMAND``. Run ``python -m dari --help``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dari import CONTENT_DIR, LOCALES_DIR


def _import_target(root: Path):
    """The library an import writes to, and the shelf whose slugs it must not take."""
    from dari import LIBRARY_DIR
    from dari.library.shelf import Library, Shelf, default_shelf

    shelf = default_shelf()
    target = Library.at(root)
    if target.content_dir.resolve() == shelf.bundled.content_dir.resolve():
        # `--library .`: a maintainer adding to the bundled texts.
        target = Library("bundled", target.content_dir, target.locales_dir, writable=True, root=root)
        return target, Shelf(target, Library.at(LIBRARY_DIR))
    return target, Shelf(shelf.bundled, target)


def cmd_import(args: argparse.Namespace) -> int:
    """Refusals exit 2 with one line on stderr and write nothing; see dari.library.importing."""
    import os
    import traceback

    from dari import LIBRARY_DIR
    from dari.library.catalog import catalog_path
    from dari.library.importing import SIZE_LIMIT, ImportRefused, check_size, prepare, run_import
    from dari.worker import StatusFile

    status = StatusFile(Path(args.progress_file)) if args.progress_file else None

    def progress(stage: str, fraction: float, message: str) -> None:
        if status is not None:
            status.update(stage=stage, fraction=round(fraction, 3), message=message)

    def read(path: str, what: str) -> bytes:
        try:
            with open(path, "rb") as f:
                check_size(os.fstat(f.fileno()).st_size, path)
                return f.read(SIZE_LIMIT + 1)
        except OSError as e:
            raise ImportRefused(f"cannot read the {what} {path}: {e.strerror}") from None

    korean_name = args.input_name or args.file
    english_name = args.english_name or args.english
    try:
        if status is not None:
            status.update(importer=os.getpid())
        progress("reading", 0.0, "reading the text")
        prepared = prepare(
            read(args.file, "text"), korean_name, title=args.title or "", source=args.source or "",
            english=read(args.english, "English") if args.english else None, english_name=english_name or "",
            english_title=args.english_title or "", slug=args.slug,
        )
        library, shelf = _import_target(Path(args.library) if args.library else LIBRARY_DIR)
        result = run_import(prepared, library, shelf, progress=progress,
                            glossary_path=catalog_path(args.locales, "en", "glossary"))
    except ImportRefused as e:
        message = " ".join(str(e).split())
        print(f"error: {message}", file=sys.stderr)
        if status is not None:
            status.update(stage="refused", error=message, finished=True)
        return 2
    except Exception as e:  # the page shows a message, the log keeps the traceback
        traceback.print_exc()
        if status is not None:
            status.update(stage="failed", error=f"the import failed: {type(e).__name__}: {e}", finished=True)
        return 1
    doc = result.doc
    for notice in result.notices:
        print(f"note: {notice}")
    print(f"imported {doc.slug!r} into {library.root}: {len(doc.blocks)} blocks, {len(doc.segments)} segments")
    if status is not None:
        status.update(stage="done", fraction=1.0, message="done", slug=doc.slug, notices=list(result.notices),
                      finished=True)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from dari import LIBRARY_DIR
    from dari.library.shelf import Library
    from dari.worker import drain

    return drain(Library.at(Path(args.library) if args.library else LIBRARY_DIR))


def cmd_update(args: argparse.Namespace) -> int:
    """Merge each document's catalog with its text. Refuses (exit 1, file and line named,
    nothing written) a document or catalog that does not parse cleanly, and a catalog
    that would not read back identically."""
    from dari.library.catalog import catalog_path, new_catalog, read_catalog, update_catalog, write_catalog
    from dari.library.content import list_documents, load_document
    from dari.library.po_syntax import msgfmt_errors, po_file_text
    from dari.models import ContentError

    known = list_documents(args.content)
    unknown = [d for d in args.documents if d not in known]
    if unknown:
        print(f"error: no document {unknown[0]!r}; known documents: {', '.join(known) or '(none)'}", file=sys.stderr)
        return 2
    failed = 0
    for slug in args.documents or known:
        path = catalog_path(args.locales, "en", slug)
        try:
            doc = load_document(args.content, slug)
            if path.exists() or path.is_symlink():
                po = read_catalog(path, args.locales)  # refuses links, unterminated strings, duplicates
                data = path.read_bytes()
                rejected = msgfmt_errors(po_file_text(data), str(path), data)  # and all msgfmt --check refuses
                if rejected:
                    raise ContentError(rejected[0].path, rejected[0].line, f"msgfmt --check rejects it: "
                                                                           f"{rejected[0].message}")
            else:
                po = new_catalog("en", f"dari {slug}")
            report = update_catalog(po, doc.texts)
            write_catalog(po, path)
        except ContentError as e:
            print(f"error: {e} (not merged; {path} is unchanged)", file=sys.stderr)
            failed += 1
            continue
        print(f"{path}: {report}")
    return 1 if failed else 0


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from dari.library.check import check, known_slugs
    from dari.library.qa import ERROR

    unknown = [s for s in args.documents if s not in known_slugs(args.content, args.locales)]
    if unknown:
        known = ", ".join(sorted(known_slugs(args.content, args.locales))) or "(none)"
        print(f"error: no document {unknown[0]!r}; known documents: {known}", file=sys.stderr)
        return 2
    findings = check(args.content, args.locales, args.documents or None)
    errors = sum(f.severity == ERROR for f in findings)
    for f in findings:
        print(json.dumps(f.as_json(), ensure_ascii=False) if args.json else f)
    if not args.json:
        print(f"{errors} error(s), {len(findings) - errors} warning(s)")
    return 1 if errors else 0


def cmd_terms(args: argparse.Namespace) -> int:
    import json
    import unicodedata

    from dari.library.catalog import catalog_path
    from dari.library.content import list_documents, load_document
    from dari.library.glossary import load_glossary, occurrences_in_document
    from dari.models import ContentError

    known = list_documents(args.content)
    if args.document not in known:
        print(f"error: no document {args.document!r}; known documents: {', '.join(known) or '(none)'}",
              file=sys.stderr)
        return 2
    try:
        glossary = load_glossary(catalog_path(args.locales, "en", "glossary"))
        doc = load_document(args.content, args.document)
    except ContentError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    found = occurrences_in_document(doc, glossary)
    rows = [(seg_id, o) for seg_id, occurrences in found.items() for o in occurrences]
    if args.json:
        for seg_id, o in rows:
            print(json.dumps({"term": o.term, "segment": seg_id, "surface": o.surface, "start": o.start,
                              "end": o.end}, ensure_ascii=False))
        return 0

    def width(s: str) -> int:  # Hangul takes two columns in a terminal
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)

    table = [("segment", "term", "surface", "offsets")]
    table += [(seg_id, o.term, o.surface, f"{o.start}-{o.end}") for seg_id, o in rows]
    widths = [max(width(r[i]) for r in table) for i in range(3)]
    for r in table:
        print("  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(r[:3])) + "  " + r[3])
    print(f"{len(rows)} occurrence(s) of {len({o.term for _, o in rows})} term(s) in {len(found)} segment(s)")
    return 0


def cmd_analyse(args: argparse.Namespace) -> int:
    import time

    from dari.language.lookup import load_analysis, write_analysis
    from dari.library.content import list_documents, load_document
    from dari.models import ContentError

    known = list_documents(args.content)
    unknown = [d for d in args.documents if d not in known]
    if unknown:
        print(f"error: no document {unknown[0]!r}; known documents: {', '.join(known) or '(none)'}", file=sys.stderr)
        return 2
    for slug in args.documents or known:
        started = time.perf_counter()
        try:
            path = write_analysis(args.content, load_document(args.content, slug))
            analysis = load_analysis(args.content, slug)  # read back: the file must load as the page loads it
        except ContentError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        words = sum(len(w) for w in analysis.words.values())
        print(f"wrote {path}: {len(analysis.words)} texts, {words} words in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    import json

    from dari.language.lookup import load_dictionaries, lookup
    from dari.library.catalog import catalog_path
    from dari.models import ContentError

    find_terms = None
    glossary = None
    glossary_path = catalog_path(args.locales, "en", "glossary")
    try:
        if glossary_path.exists():
            from dari.library.glossary import find_occurrences, load_glossary

            glossary = load_glossary(glossary_path)
            find_terms = lambda text: find_occurrences(text, glossary)  # noqa: E731
        word = lookup(args.word, args.sentence, find_terms=find_terms)
    except ContentError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    # The meaning, as the page's card gives it (dari.reading.word_meaning). A broken lexicon
    # costs only the meaning: the analysis is still printed.
    from dari.library.lexicon import EMPTY, load_lexicon
    from dari.reading import word_meaning

    lexicon_path = catalog_path(args.locales, "en", "lexicon")
    lexicon = EMPTY
    if lexicon_path.exists():
        try:
            lexicon = load_lexicon(lexicon_path)
        except ContentError as e:
            print(f"warning: no meanings: {e}", file=sys.stderr)
    meaning, note = word_meaning(word, word.glossary, lexicon, glossary.by_headword if glossary else {})
    if args.json:
        print(json.dumps({
            "surface": word.surface, "lemma": word.lemma, "pos": word.pos, "romanization": word.romanization,
            "morphemes": [{"form": m.form, "tag": m.tag, "gloss": m.gloss} for m in word.morphemes],
            "glossary": word.glossary, "links": list(word.links), "meaning": list(meaning),
        }, ensure_ascii=False))
        return 0
    print(f"{word.surface}  [{word.romanization}]")
    print(f"meaning: {'; '.join(meaning) if meaning else '(not in the lexicon yet: add it to ' + str(lexicon_path) + ')'}")
    if note:
        print(f"  note: {note}")
    print(f"dictionary form: {word.lemma} ({word.pos})")
    width = max(len(m.form) for m in word.morphemes) if word.morphemes else 0
    for m in word.morphemes:
        print(f"  {m.form}{'  ' * (width - len(m.form))}  {m.tag:<6} {m.gloss}")
    print(f"glossary: {word.glossary or '(not in the glossary)'}")
    for d, url in zip(load_dictionaries(), word.links, strict=True):
        print(f"{d.name}: {url}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dari", description=__doc__)
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help=argparse.SUPPRESS)
    parser.add_argument("--locales", type=Path, default=LOCALES_DIR, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("import", help="add a Korean text (and its English) to the user's library: "
                                      "splits sentences and analyses words with Kiwi, aligns the English")
    p.add_argument("file", help="the Korean text: one paragraph a line (.txt or .md; UTF-8, UTF-16, CP949)")
    p.add_argument("--slug", help="document name: a-z, 0-9 and '-' (default: made from the title)")
    p.add_argument("--title", help="Korean title (default: the first line)")
    p.add_argument("--source", help="where the text comes from")
    p.add_argument("--english", metavar="EN_FILE", help="its English version, aligned sentence by sentence")
    p.add_argument("--english-title", help="the title in English")
    p.add_argument("--library", metavar="DIR",
                   help="library root holding content/ and locales/ (default: $DARI_LIBRARY or library/; "
                        "'.' adds to the bundled texts)")
    p.add_argument("--progress-file", help="write progress as JSON here (the worker's status file)")
    p.add_argument("--input-name", help=argparse.SUPPRESS)  # the name the person gave the file
    p.add_argument("--english-name", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("worker", help="import the texts queued by the page, one at a time (see dari/worker.py)")
    p.add_argument("--library", metavar="DIR", help="library root (default: $DARI_LIBRARY or library/)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("update", help="merge the English PO catalogs with content/ (like msgmerge)")
    p.add_argument("documents", nargs="*")
    p.set_defaults(func=cmd_update)

    p = sub.add_parser("check", help="check every file the reader reads and every translation "
                                     "(exit 1 on an error; warnings alone exit 0)")
    p.add_argument("documents", nargs="*", help="document names (default: the whole library)")
    p.add_argument("--json", action="store_true", help="one JSON object per finding per line")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("terms", help="list the glossary terms found in a document's Korean text")
    p.add_argument("document", help="a document name, as in content/<name>.txt")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_terms)

    p = sub.add_parser("analyse", help="analyse every word of documents with Kiwi, for the word cards "
                                       "(writes content/<name>.analysis.json)")
    p.add_argument("documents", nargs="*", help="document names (default: all)")
    p.set_defaults(func=cmd_analyse)

    p = sub.add_parser("lookup", help="analyse one Korean word: dictionary form, morphemes, romanization, links")
    p.add_argument("word")
    p.add_argument("--sentence", help="the sentence the word stands in (the analysis depends on it)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_lookup)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `python -m dari terms doc | head`: the reader left, not an error
        sys.stderr.close()
        sys.exit(0)
