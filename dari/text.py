"""Text on the way in: bytes to NFC str, whatever encoding and normalisation it came in."""

from __future__ import annotations

import codecs
import os
import tempfile
import unicodedata
from pathlib import Path


def nfc(text: str) -> str:
    """Compose decomposed Hangul (NFD, as macOS file systems and some editors write it)."""
    return unicodedata.normalize("NFC", text)


def decode(data: bytes, path: str = "<bytes>") -> str:
    """Decode a Korean text file: UTF-8 (with or without BOM), UTF-16 with BOM, or CP949/EUC-KR.

    CP949 is a superset of EUC-KR, so one codec covers both. The result is NFC with
    Unix line endings.

    >>> decode("한국어".encode("cp949"))
    '한국어'
    """
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("cp949")
            except UnicodeDecodeError:
                raise UnicodeDecodeError(
                    "utf-8", data, utf8_error.start, utf8_error.end,
                    f"{path}: neither UTF-8 nor CP949/EUC-KR (byte offset {utf8_error.start})",
                ) from None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def read_text(path: Path) -> str:
    return decode(path.read_bytes(), str(path))


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text so that a reader sees either the old file or the new one, never half.

    The temporary file sits in the same directory, so the final rename stays on one file system.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp creates 0600; give the file the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
