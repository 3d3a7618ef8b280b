"""Where texts live: the bundled library (the repo's content/ and locales/, read-only in the
page) and the user's library (``DARI_LIBRARY``, default ``library/``), listed as one shelf.

A library root holds the same layout as the repo root::

    <root>/content/<slug>.txt              the Korean (dari.library.content's format)
    <root>/content/<slug>.analysis.json    word analyses (dari.language.lookup)
    <root>/locales/en/LC_MESSAGES/<slug>.po  the English
    <root>/trash/<slug>-<timestamp>/       deleted texts, moved here whole, never unlinked
    <root>/jobs/                           the worker's queue, status files and locks (dari.worker)
    <root>/.staging/                       imports being built (dari.library.importing)

Slugs are unique across both libraries: a user text never takes a bundled slug (such a
file is left out of the listing and reported). A slug from outside (a URL, a form) is
only ever compared with the listing; paths are built from listed slugs alone. A symlink
is never followed: a symlinked text or library directory is left out and reported, a
symlinked PO or analysis is refused by its loader (the text still reads, without it).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from dari.library.content import SUFFIX, is_slug, list_documents, load_document
from dari.models import ContentError, Document

ANALYSIS_SUFFIX = ".analysis.json"  # dari.language.lookup.SUFFIX, without importing the analyser
TRASH = "trash"
JOBS = "jobs"
STAGING = ".staging"
LIBRARY_LOCK = "library.lock"  # short: commits, recovery, rename, delete (dari.library.importing)


@dataclass(frozen=True)
class Library:
    """One source of texts: a content directory and a locales directory."""

    name: str  # "bundled" or "user": how the page marks a text
    content_dir: Path
    locales_dir: Path
    writable: bool  # may the page rename and delete its texts?
    root: Path | None = None  # the directory holding content/ and locales/ (trash/, jobs/ go here)

    @classmethod
    def at(cls, root: Path, name: str = "user", writable: bool = True) -> Library:
        return cls(name, root / "content", root / "locales", writable, root)

    def catalog_path(self, slug: str) -> Path:
        return self.locales_dir / "en" / "LC_MESSAGES" / f"{slug}.po"

    @property
    def trash_dir(self) -> Path:
        return self._own("trash_dir", TRASH)

    @property
    def jobs_dir(self) -> Path:
        return self._own("jobs_dir", JOBS)

    @property
    def staging_dir(self) -> Path:
        return self._own("staging_dir", STAGING)

    def _own(self, what: str, name: str) -> Path:
        if self.root is None:
            raise ValueError(f"the {self.name} library has no root directory for its {what}")
        return self.root / name


@dataclass(frozen=True)
class Entry:
    """A listed text: its slug and the library it is in. Paths come from here only."""

    slug: str
    library: Library

    @property
    def text_path(self) -> Path:
        return self.library.content_dir / f"{self.slug}{SUFFIX}"

    @property
    def analysis_path(self) -> Path:
        return self.library.content_dir / f"{self.slug}{ANALYSIS_SUFFIX}"

    @property
    def catalog_path(self) -> Path:
        return self.library.catalog_path(self.slug)

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file of the text (existing or not), the text itself last."""
        return (self.catalog_path, self.analysis_path, self.text_path)

    @property
    def writable(self) -> bool:
        return self.library.writable

    def load(self) -> Document:
        return load_document(self.library.content_dir, self.slug)


@dataclass(frozen=True)
class Listing:
    """Every text of the shelf, slug -> Entry in reading order, and what was left out and why."""

    entries: dict[str, Entry]
    problems: tuple[str, ...] = ()

    @property
    def slugs(self) -> list[str]:
        return list(self.entries)

    def locate(self, slug: object) -> Entry:
        """The entry of a listed slug; KeyError for anything else (never a path)."""
        if not isinstance(slug, str) or not is_slug(slug) or slug not in self.entries:
            raise KeyError(slug)
        return self.entries[slug]


def inside(path: Path, directory: Path) -> bool:
    """Is ``path`` a real entry of ``directory``: no symlink on the way, resolving inside it?"""
    try:
        return not path.is_symlink() and path.resolve().parent == directory.resolve()
    except OSError:
        return False


def _symlinked_dirs(library: Library) -> list[Path]:
    dirs = [library.content_dir, library.locales_dir, library.locales_dir / "en",
            library.locales_dir / "en" / "LC_MESSAGES"]
    if library.root is not None:
        dirs.insert(0, library.root)
    return [d for d in dirs if d.is_symlink()]


def list_library(library: Library) -> tuple[list[str], list[str]]:
    """The slugs of one library that are safe to read, and a problem line for each left out."""
    if library.name != "bundled":
        # The bundled directories are the deployment's (tests point them anywhere);
        # the user's library is data, and a symlinked directory in it is never followed.
        linked = _symlinked_dirs(library)
        if linked:
            return [], [f"{d}: a symbolic link; the {library.name} library is not read through it" for d in linked]
    slugs, problems = [], []
    if library.content_dir.is_dir() and not library.content_dir.is_symlink():
        # list_documents leaves symlinked texts out; say so, so a person knows why one is missing.
        for p in sorted(library.content_dir.glob(f"*{SUFFIX}")):
            if p.is_symlink() and is_slug(p.stem):
                problems.append(f"{p}: a symbolic link; left out (Dari does not follow links in a library)")
    for slug in list_documents(library.content_dir):
        entry = Entry(slug, library)
        if not inside(entry.text_path, library.content_dir):
            problems.append(f"{entry.text_path}: a symbolic link or outside the library; left out")
            continue
        # A symlinked PO or analysis costs only what it feeds: the loaders refuse it with a
        # message (dari.text.read_bytes), and the text still reads.
        slugs.append(slug)
    return slugs, problems


@dataclass(frozen=True)
class Shelf:
    """The bundled library and, if there is one, the user's."""

    bundled: Library
    user: Library | None = None

    @property
    def libraries(self) -> tuple[Library, ...]:
        return (self.bundled,) if self.user is None else (self.bundled, self.user)

    def listing(self) -> Listing:
        entries: dict[str, Entry] = {}
        problems: list[str] = []
        for library in self.libraries:
            slugs, left_out = list_library(library)
            problems += left_out
            for slug in slugs:
                if slug in entries:
                    problems.append(f"{Entry(slug, library).text_path}: the name {slug!r} is taken by a "
                                    f"{entries[slug].library.name} text; rename the file to read it")
                    continue
                entries[slug] = Entry(slug, library)
        return Listing(entries, tuple(problems))

    def taken(self, slug: str) -> bool:
        """Is a slug in use in any library, listed or not (a left-out symlink still holds its name)?"""
        for library in self.libraries:
            for path in (library.content_dir / f"{slug}{SUFFIX}", library.catalog_path(slug),
                         library.content_dir / f"{slug}{ANALYSIS_SUFFIX}"):
                if path.exists() or path.is_symlink():
                    return True
        return False


def default_shelf() -> Shelf:
    """The deployment's shelf: DARI_CONTENT_DIR/DARI_LOCALES_DIR (bundled) and DARI_LIBRARY."""
    from dari import CONTENT_DIR, LIBRARY_DIR, LOCALES_DIR

    return Shelf(Library("bundled", CONTENT_DIR, LOCALES_DIR, writable=False, root=None),
                 Library.at(LIBRARY_DIR))


# ---------------------------------------------------------------------------------------
# Changing the user's texts: rename (title) and delete (to the trash)


class ShelfError(ValueError):
    """A change to a text that was refused; the message says why, for the page."""


def _writable(entry: Entry) -> None:
    if not entry.writable:
        raise ShelfError(f"{entry.slug!r} is a bundled text: it is read-only here")


def delete(entry: Entry, *, now: float | None = None) -> Path:
    """Move every file of a user text to ``trash/<slug>-<timestamp>/`` (same layout inside).

    Never unlinks. A manifest written first lists the moves, so a delete interrupted
    half-way is finished by :func:`finish_deletes` (the next import or delete runs it):
    a text is never left half in the library. Call under the library lock.
    """
    _writable(entry)
    library = entry.library
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now))
    trash = library.trash_dir
    trash.mkdir(parents=True, exist_ok=True)
    target = trash / f"{entry.slug}-{stamp}"
    n = 1
    while target.exists():
        n += 1
        target = trash / f"{entry.slug}-{stamp}-{n}"
    target.mkdir()
    moves = [(str(p.relative_to(library.root)), str(p)) for p in entry.files if p.exists() and inside(p, p.parent)]
    manifest = target / "deleting.json"
    manifest.write_text(json.dumps({"slug": entry.slug, "moves": moves}, ensure_ascii=False), encoding="utf-8")
    _finish_delete(target)
    return target


def _finish_delete(target: Path) -> None:
    manifest = target / "deleting.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    root = target.parent.parent
    for relative, _ in data["moves"]:
        source = root / relative
        if not (source.exists() and inside(source, source.parent)):
            continue  # moved already
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, destination)
    os.replace(manifest, target / "deleted.json")


def finish_deletes(library: Library) -> list[str]:
    """Finish deletes a killed process left half-done; what was finished, for the log."""
    done = []
    trash = library.trash_dir
    if not trash.is_dir() or trash.is_symlink():
        return done
    for target in sorted(trash.iterdir()):
        if not target.is_symlink() and (target / "deleting.json").is_file():
            try:
                _finish_delete(target)
                done.append(f"finished deleting into {target}")
            except (OSError, ValueError, KeyError) as e:
                done.append(f"{target}: could not finish the delete: {e}")
    return done


def check_title(title: str) -> str:
    """A title fit for the document header (one line, no markup); ShelfError says why not."""
    from dari.library.importing import ImportRefused, clean_line

    try:
        cleaned, _ = clean_line(title, "title")
    except ImportRefused as e:
        raise ShelfError(str(e)) from None
    if not cleaned:
        raise ShelfError("the title is empty")
    return cleaned


def rename(entry: Entry, title: str) -> Document:
    """Give a user text a new title: the header line and the title's PO entry.

    The old title's English is kept: its entry becomes obsolete and, by the catalog
    merge, a fuzzy suggestion for the new title when the two are alike. The new title's
    word analysis waits for the next analysis (the worker runs one after a rename).
    Call under the library lock.
    """
    from dataclasses import replace

    from dari.library.catalog import new_catalog, read_catalog, update_catalog, write_catalog
    from dari.library.content import format_document

    _writable(entry)
    title = check_title(title)
    try:
        doc = entry.load()
    except (ContentError, KeyError) as e:
        raise ShelfError(f"{entry.text_path}: cannot be read, so it cannot be renamed: {e}") from None
    if title == doc.title:
        return doc
    renamed = replace(doc, title=title, meta={**doc.meta, "title": title})
    po = read_catalog(entry.catalog_path) if entry.catalog_path.is_file() else new_catalog("en", f"dari {entry.slug}")
    update_catalog(po, renamed.texts)
    from dari.text import write_atomic

    write_catalog(po, entry.catalog_path)
    write_atomic(entry.text_path, format_document(renamed))
    return renamed
