"""A disk cache of derived data: what the reader computes from a library's files, kept
so that a new server process does not compute it again.

A reader's first page used to cost its whole document: the text, every catalog entry,
the analysis index and every glossary occurrence, to show one page of 40 paragraphs
(a 100x article: 1.6 s and 138 MB, against 0.18 s and 59 MB for the same page shown as
precomputed HTML). A page's component payload is JSON already; it is written here once
and read back by every later process, like Python's ``__pycache__`` or gettext's ``.mo``.

Keys are digests of everything the value is made of: the source files' paths, sizes and
modification times, and the code that makes it (every file of the dari package, by size
and modification time). So an edited file or a changed program is a miss, never a stale
hit. Values are JSON bytes: reading one cannot run code, and a damaged file is a miss.

The directory is the program's own (:func:`directory`), never a library's. The cache is best effort: a directory that cannot be written, a full disk or a file that
does not parse costs the time to compute the value, never the page. Writes are atomic
(dari.text.write_atomic). Files are never read through a symbolic link.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from functools import cache
from pathlib import Path

from dari.text import read_bytes, write_atomic

MAX_FILES = 512  # about one file per page and language seen; the oldest go first
STALE_TMP_SECONDS = 600  # a temporary file this old is a killed writer's, not one in progress
SUFFIX = ".json"


def directory(env=os.environ) -> Path:
    """``$DARI_CACHE``, else ``$XDG_CACHE_HOME/dari``, else ``~/.cache/dari``.

    Never inside a library: a library is input (filled by hand, or a shared volume) and
    everything read from it is escaped, while a cached payload is HTML that reader.js
    inserts as it is. Like ``__pycache__``, the cache is as trusted as the program, so it
    lives where only the program writes."""
    if env.get("DARI_CACHE"):
        return Path(env["DARI_CACHE"])
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dari"


def stamp(path: Path) -> tuple:
    """What identifies a source file's content: its path, size, modification and change
    times and inode (an atomic write makes a new inode, even within one mtime tick)."""
    try:
        st = os.stat(path)
    except OSError:
        return (str(path), None, None, None, None)
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@cache
def code_version() -> str:
    """A digest of the dari package's files, names and contents (~0.7 MB, a few ms), once
    per process: a changed program never reads what an older one derived, even where a
    build gives every file the same modification time."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(f"{path.relative_to(package)}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(kind: str, *parts) -> str:
    """The cache key of a value of ``kind`` made from ``parts`` (strings, numbers,
    stamps, nested tuples): a file name, ``kind`` first so the directory reads well."""
    digest = hashlib.sha256(json.dumps([code_version(), *parts], ensure_ascii=False, default=str).encode())
    return f"{kind}-{digest.hexdigest()[:32]}"


def read(name: str, where: Path | None = None) -> bytes | None:
    """The stored bytes of a key, or None (missing, unreadable, a link). The caller parses
    them, once, and takes a ValueError (a damaged file) for a miss: see :func:`load`."""
    where = where or directory()
    try:
        return read_bytes(where / (name + SUFFIX), where)
    except OSError:
        return None


def load(name: str, where: Path | None = None) -> tuple[bytes, object] | None:
    """(bytes, parsed JSON) of a key, or None: missing, unreadable, a link, or not JSON.
    Callers still check the value's shape: a file is only as good as what wrote it."""
    data = read(name, where)
    if data is None:
        return None
    try:
        return data, json.loads(data)
    except (ValueError, RecursionError):
        return None


def write(name: str, data: bytes | str, where: Path | None = None) -> bool:
    """Store JSON (bytes or text) under a key, atomically; False when it could not be
    stored (a text that is not UTF-8-encodable, such as a lone surrogate, included)."""
    where = where or directory()
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        write_atomic(where / (name + SUFFIX), text, verify=lambda written: json.loads(written))
    except (OSError, ValueError):
        return False
    _prune(where)
    return True


def _prune(where: Path) -> None:
    """Keep the MAX_FILES newest values, and remove the temporary files of writers killed
    mid-write (write_atomic's ``.<name>.*.tmp``) once they are STALE_TMP_SECONDS old."""
    try:
        entries = [(e.stat(follow_symlinks=False).st_mtime_ns, e.name, e.path) for e in os.scandir(where)
                   if e.is_file(follow_symlinks=False)]
    except OSError:
        return
    stale = time.time_ns() - STALE_TMP_SECONDS * 10**9
    values = sorted((m, path) for m, name, path in entries if name.endswith(SUFFIX))
    doomed = [path for _, path in values[:max(0, len(values) - MAX_FILES)]]
    doomed += [path for m, name, path in entries if name.startswith(".") and name.endswith(".tmp") and m < stale]
    for path in doomed:
        try:
            os.unlink(path)
        except OSError:
            pass
