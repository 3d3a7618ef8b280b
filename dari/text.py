"""Text on the way in: bytes to NFC str, whatever encoding and normalisation it came in."""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path


def nfc(text: str) -> str:
    """Compose decomposed Hangul (NFD, as macOS file systems and some editors write it)."""
    return unicodedata.normalize("NFC", text)


ENCODINGS_TRIED = "UTF-8, UTF-8 with BOM, UTF-16 with BOM (or without, detected), CP949/EUC-KR"


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of BOM-less UTF-16, judged by where the zero bytes fall.

    Text with any ASCII in it (spaces, digits, line breaks) has a zero byte in every
    ASCII code unit, nearly all on one side: odd offsets for little-endian, even for
    big-endian (a few Hangul syllables, U+AC00 가, U+B000 냐 ..., put one on the other side).
    UTF-8 and CP949 never hold zero bytes in text, so this cannot mistake them.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    enough = max(1, len(data) // 40)  # a space or a line break every 20 characters, at least
    if odd >= enough and odd > 4 * even:
        return "utf-16-le"
    if even >= enough and even > 4 * odd:
        return "utf-16-be"
    return None


def _failure(data: bytes, path: str, codec: str, offset: int, more: str = "") -> UnicodeDecodeError:
    return UnicodeDecodeError(
        "utf-8", data, offset, min(offset + 1, len(data)),
        f"{path}: not in any supported encoding (tried {ENCODINGS_TRIED}): "
        f"byte offset {offset} is not {codec}{more}",
    )


def decode(data: bytes, path: str = "<bytes>") -> str:
    """Decode a Korean text file: UTF-8 (with or without BOM), UTF-16 (with BOM, or without
    one when the zero bytes make it plain), or CP949/EUC-KR.

    CP949 is a superset of EUC-KR, so one codec covers both. The result is NFC with
    Unix line endings. A failure's reason names every encoding tried and the byte offset.

    >>> decode("한국어".encode("cp949"))
    '한국어'
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError as e:
            raise _failure(data, path, "UTF-8 (it starts with a UTF-8 BOM)", e.start + 3) from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise _failure(data, path, "UTF-16 (it starts with a UTF-16 BOM)", e.start) from None
    else:
        utf16 = _utf16_without_bom(data)
        try:
            text = data.decode(utf16 or "utf-8")
        except UnicodeDecodeError as first_error:
            if utf16:
                raise _failure(data, path, utf16.upper(), first_error.start) from None
            try:
                text = data.decode("cp949")
            except UnicodeDecodeError as cp949_error:
                raise _failure(data, path, "UTF-8", first_error.start,
                               f", byte offset {cp949_error.start} is not CP949/EUC-KR") from None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


class OutsideRoot(OSError):
    """A path that is, or passes through, a symbolic link, or lies outside the directory it must stay in."""


def check_within(path: Path, root: Path | None = None) -> Path:
    """``path`` itself, if it is no symlink and (given ``root``) resolves inside ``root``.

    Libraries are read from directories a person fills by hand, or from a shared volume:
    a symlink there could show any file of the server to every reader. So no file is
    read through a link, and nothing outside the library root is read at all.
    """
    if path.is_symlink():
        raise OutsideRoot(f"{path}: is a symbolic link; Dari does not follow links in a library")
    if root is not None:
        resolved, top = path.resolve(), root.resolve()
        if not resolved.is_relative_to(top):
            raise OutsideRoot(f"{path}: lies outside {root} (through a link); not read")
    return path


def read_bytes(path: Path, root: Path | None = None, limit: int | None = None) -> bytes:
    """The bytes of a regular file, never through a symlink (O_NOFOLLOW) nor outside ``root``.

    ``limit`` refuses files larger than that many bytes (a "document" of several GB must
    not be read into the server's memory).
    """
    check_within(path, root)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == 40:  # ELOOP: the last component became a link after the check
            raise OutsideRoot(f"{path}: is a symbolic link; Dari does not follow links in a library") from None
        raise
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise IsADirectoryError(f"{path}: not a regular file")
        data = f.read(limit + 1) if limit is not None else f.read()
    if limit is not None and len(data) > limit:
        raise FileTooLarge(f"{path}: larger than {limit:,} bytes")
    return data


class FileTooLarge(OSError):
    pass


def read_text(path: Path, root: Path | None = None) -> str:
    return decode(read_bytes(path, root), str(path))


def write_atomic(path: Path, text: str, verify: Callable[[str], None] | None = None) -> None:
    """Write UTF-8 text so that a reader sees either the old file or the new one, never half.

    The temporary file sits in the same directory, so the final rename stays on one file
    system. With ``verify``, the temporary file is read back and handed to it before the
    rename: if it raises, the old file stays as it was and the error propagates. That is
    how a catalog that would not read back identically is refused (dari.library.catalog).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        raise OutsideRoot(f"{path}: is a symbolic link; Dari does not write through links")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if verify is not None:
            verify(Path(tmp).read_bytes().decode("utf-8"))
        # mkstemp creates 0600; give the file the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        _fsync_directory(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (a crash right after must not bring the old file back)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
