"""PO file syntax, checked the way GNU ``msgfmt --check`` checks it, in pure Python.

polib is lenient where gettext is strict: it reads a msgstr with a missing closing quote
one character short, keeps the later of two duplicate msgids, and splits lines where
Python's ``str.splitlines`` does (U+2028, U+0085, form feed...) rather than at newlines
only. ``python -m dari update`` must refuse to merge from such a file, and
``python -m dari check`` must say where the file is broken, so this module re-implements
gettext's reader: the lexer of ``po-lex.c``, the grammar of ``po-gram-gen.y`` with bison's
error recovery (so that one defect gives the errors msgfmt gives, not a cascade), and the
checks ``msgfmt --check-format --check-header --check-domain`` makes afterwards (duplicate
definitions, header, plural forms, leading and trailing newlines, c-format, python-format
and python-brace-format directives). Line numbers follow msgfmt's own conventions:

- a lexical error is reported where the lexer stands (an unterminated string: the line
  after it, because the newline has been read);
- a duplicate is reported at its ``msgid`` line;
- checks of a whole message (newlines, formats, plural forms) at its ``msgstr`` line.

:func:`polib_hazards` reports what msgfmt accepts but polib would not read back as
gettext reads it. ``tests/test_po_syntax.py`` runs the real msgfmt beside this module
over every fixture in ``tests/data/po`` and fails if they disagree.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from dari.models import Problem

# ---------------------------------------------------------------------------------------
# Lexer (po-lex.c)


class T(Enum):
    COMMENT = "comment"
    DOMAIN = "domain"
    MSGID = "msgid"
    MSGID_PLURAL = "msgid_plural"
    MSGSTR = "msgstr"
    MSGCTXT = "msgctxt"
    PREV_MSGID = "#| msgid"
    PREV_MSGID_PLURAL = "#| msgid_plural"
    PREV_MSGCTXT = "#| msgctxt"
    STRING = "string"
    PREV_STRING = "#| string"
    LBRACKET = "["
    RBRACKET = "]"
    NUMBER = "number"
    NAME = "name"  # an unknown keyword
    JUNK = "junk"
    EOF = "end of file"


_KEYWORDS = {"domain": T.DOMAIN, "msgid": T.MSGID, "msgid_plural": T.MSGID_PLURAL,
             "msgstr": T.MSGSTR, "msgctxt": T.MSGCTXT}
_PREV_KEYWORDS = {"msgid": T.PREV_MSGID, "msgid_plural": T.PREV_MSGID_PLURAL, "msgctxt": T.PREV_MSGCTXT}
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
                   "\\": "\\", '"': '"'}
_KEYWORD_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
_KEYWORD_CHARS = _KEYWORD_START | frozenset("0123456789")
_DIGITS = frozenset("0123456789")
_OCTAL = frozenset("01234567")
_HEX = frozenset("0123456789abcdefABCDEF")
_BLANKS = frozenset(" \t\r\f\v")  # whitespace between tokens, besides the newline
_PLAIN_RUN = re.compile(r'[^"\\\n\x00]*')
_WHITESPACE_RUN = re.compile(r"[ \t\r\f\v\n]*")
_KEYWORD_RUN = re.compile(r"[A-Za-z0-9_$]*")


@dataclass(frozen=True)
class Token:
    kind: T
    value: str  # a string's decoded text, a comment's text after '#', a keyword, a number
    line: int  # where the lexer stood when the token was complete (msgfmt's position)
    obsolete: bool = False  # on a "#~" line


@dataclass
class _Lexer:
    text: str
    path: str
    problems: list[Problem] = field(default_factory=list)
    hazards: list[Problem] = field(default_factory=list)
    i: int = 0
    line: int = 1
    obsolete: bool = False
    previous: bool = False
    string_lines: set[int] = field(default_factory=set)

    saved: tuple[int, int] = (0, 1)

    def getc(self) -> str:
        """The next character; a backslash-newline pair is skipped anywhere, as po-lex.c does."""
        self.saved = (self.i, self.line)
        while True:
            if self.i >= len(self.text):
                return ""
            ch = self.text[self.i]
            self.i += 1
            if ch == "\n":
                self.line += 1
            elif ch == "\\" and self.text.startswith("\n", self.i):
                self.hazard("backslash at the end of a line: gettext joins the two lines, polib does not")
                self.i += 1
                self.line += 1
                continue
            return ch

    def ungetc(self, ch: str) -> None:
        """Undo the getc just made (one level is all the lexer needs)."""
        self.i, self.line = self.saved

    def error(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, line or self.line, message))

    def hazard(self, message: str, line: int | None = None) -> None:
        self.hazards.append(Problem(self.path, line or self.line, message))

    def escape(self, out: bytearray) -> None:
        """After a backslash inside a string (po-lex.c control_sequence)."""
        ch = self.getc()
        if ch in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[ch].encode()
            if ch == "a":
                self.hazard("escape \\a: polib does not decode it (reads a backslash and 'a')")
            return
        if ch in _OCTAL:
            value, digits = int(ch), 1
            while digits < 3:
                nxt = self.getc()
                if nxt not in _OCTAL or not nxt:
                    self.ungetc(nxt)
                    break
                value, digits = value * 8 + int(nxt), digits + 1
            out.append(value & 0xFF)
            self.hazard("octal escape: polib does not decode it (reads the backslash and digits)")
            return
        if ch == "x":
            nxt = self.getc()
            if nxt and nxt in _HEX:
                value = 0
                while nxt and nxt in _HEX:
                    value = value * 16 + int(nxt, 16)
                    nxt = self.getc()
                self.ungetc(nxt)
                out.append(value & 0xFF)
                self.hazard("hexadecimal escape: polib does not decode it (reads the backslash and digits)")
                return
            self.ungetc(nxt)
            self.error("invalid control sequence")
            out += b" "
            return
        self.ungetc(ch)
        self.error("invalid control sequence")
        out += b" "

    def string(self) -> Token:
        out = bytearray()
        start_line = self.line
        text = self.text
        while True:
            m = _PLAIN_RUN.match(text, self.i)  # fast path: a run of ordinary characters
            if m.end() > self.i:
                out += m.group().encode("utf-8", "surrogatepass")
                self.i = m.end()
            ch = self.getc()
            if not ch:
                self.error("end-of-file within string")
                break
            if ch == "\n":
                self.error(f"end-of-line within string (the string on line {start_line} has no closing quote)")
                break
            if ch == '"':
                break
            if ch == "\\":
                self.escape(out)
                continue
            if ch == "\x00":
                self.hazard("a NUL character: a compiled .mo catalog ends the string there")
            out += ch.encode("utf-8", "surrogatepass")
        value = out.decode("utf-8", "replace")
        if "\x04" in value:
            self.error("context separator <EOT> within string")
        if start_line in self.string_lines:
            self.hazard("two strings on one line: polib cannot read this", start_line)
        self.string_lines.add(start_line)
        kind = T.PREV_STRING if self.previous else T.STRING
        return Token(kind, value, self.line, self.obsolete)

    def tokens(self) -> Iterator[Token]:
        text = self.text
        while True:
            m = _WHITESPACE_RUN.match(text, self.i)  # fast path over blanks and newlines
            if m.end() > self.i:
                newlines = m.group().count("\n")
                if newlines:
                    self.line += newlines
                    self.obsolete = self.previous = False
                self.i = m.end()
            ch = self.getc()
            if not ch:
                yield Token(T.EOF, "", self.line)
                return
            if ch == "\n":
                self.obsolete = self.previous = False
                continue
            if ch in _BLANKS:
                continue
            if ch == "#":
                nxt = self.getc()
                if nxt == "~":
                    self.obsolete = True
                    after = self.getc()
                    if after == "|":
                        self.previous = True
                    else:
                        self.ungetc(after)
                    continue
                if nxt == "|":
                    self.previous = True
                    continue
                body = []
                end = self.text.find("\n", self.i)
                end = len(self.text) if end < 0 else end
                # Fast path: the rest of the line, unless it ends in a backslash (a continuation).
                if nxt and nxt != "\n" and self.text[end - 1] != "\\":
                    body.append(nxt + self.text[self.i:end])
                    self.i = end
                    nxt = self.getc()
                while nxt and nxt != "\n":
                    body.append(nxt)
                    nxt = self.getc()
                # The newline that ends a comment is consumed, so msgfmt places the token
                # (and a syntax error at it) on the next line.
                obsolete, self.obsolete = self.obsolete, False
                yield Token(T.COMMENT, "".join(body), self.line, obsolete)
                continue
            if ch == '"':
                yield self.string()
                continue
            if ch in _KEYWORD_START:
                m = _KEYWORD_RUN.match(text, self.i)
                word = [ch, m.group()]
                self.i = m.end()
                nxt = self.getc()
                while nxt and nxt in _KEYWORD_CHARS:  # after a backslash-newline only
                    word.append(nxt)
                    nxt = self.getc()
                self.ungetc(nxt)
                name = "".join(word)
                kind = (_PREV_KEYWORDS if self.previous else _KEYWORDS).get(name)
                if kind is None:
                    self.error(f'keyword "{name}" unknown')
                    kind = T.NAME
                elif nxt == '"':
                    self.hazard(f"no space between {name} and its string: polib cannot read this")
                yield Token(kind, name, self.line, self.obsolete)
                continue
            if ch in _DIGITS:
                digits = [ch]
                nxt = self.getc()
                while nxt and nxt in _DIGITS:
                    digits.append(nxt)
                    nxt = self.getc()
                self.ungetc(nxt)
                yield Token(T.NUMBER, "".join(digits), self.line, self.obsolete)
                continue
            if ch == "[":
                yield Token(T.LBRACKET, ch, self.line, self.obsolete)
                continue
            if ch == "]":
                yield Token(T.RBRACKET, ch, self.line, self.obsolete)
                continue
            yield Token(T.JUNK, ch, self.line, self.obsolete)


# ---------------------------------------------------------------------------------------
# Parser (po-gram-gen.y, with bison's error recovery)


@dataclass(frozen=True)
class PoEntry:
    """One message as gettext reads it."""

    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstr: tuple[str, ...]  # one string, or one per plural form
    flags: tuple[str, ...]
    comments: tuple[str, ...]  # every comment line before the entry, text after '#'
    obsolete: bool
    msgid_line: int
    msgstr_line: int  # where msgfmt reports checks of the whole message
    previous_msgid: str | None = None
    previous_msgctxt: str | None = None

    @property
    def is_header(self) -> bool:
        return self.msgctxt is None and self.msgid == ""

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and self.msgstr[0] != ""


_MIXED_OBSOLETE = "inconsistent use of #~ (part of the entry is obsolete, part is not)"
_ITEM_START = frozenset({T.COMMENT, T.DOMAIN, T.MSGID, T.MSGCTXT, T.PREV_MSGID, T.PREV_MSGCTXT})


class _SyntaxError(Exception):
    def __init__(self, token: Token):
        self.token = token


@dataclass
class _Parser:
    tokens: Iterator[Token]
    path: str
    problems: list[Problem]
    entries: list[PoEntry] = field(default_factory=list)
    domains: list[tuple[str, int]] = field(default_factory=list)
    lookahead: Token | None = None
    errstatus: int = 0  # bison's yyerrstatus: no new syntax error is reported until 3 tokens shifted
    comments: list[Token] = field(default_factory=list)
    plural_counter: int = 0

    def peek(self) -> Token:
        if self.lookahead is None:
            self.lookahead = next(self.tokens)
        return self.lookahead

    def shift(self) -> Token:
        token = self.peek()
        self.lookahead = None
        if self.errstatus:
            self.errstatus -= 1
        return token

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def strings(self, kind: T) -> tuple[str, list[Token]]:
        """One or more strings: a string_list. Raises _SyntaxError if there is none."""
        if self.peek().kind is not kind:
            raise _SyntaxError(self.peek())
        parts = [self.shift()]
        while self.peek().kind is kind:
            parts.append(self.shift())
            if parts[-1].obsolete != parts[0].obsolete:  # string_list: each string against the first
                self.error(parts[-1].line, _MIXED_OBSOLETE)
        return "".join(t.value for t in parts), parts[:1]

    def run(self) -> None:
        while True:
            token = self.peek()
            if token.kind is T.EOF:
                return
            try:
                if token.kind not in _ITEM_START:
                    raise _SyntaxError(token)
                if token.kind is T.COMMENT:
                    self.comments.append(self.shift())
                elif token.kind is T.DOMAIN:
                    keyword = self.shift()
                    name, _ = self.strings(T.STRING)
                    self.domains.append((name, keyword.line))
                else:
                    self.message()
            except _SyntaxError as e:
                if not self.recover(e.token):
                    return

    def recover(self, token: Token) -> bool:
        """Bison: report unless recovering, drop the partial item, discard the lookahead if the
        previous error was just recovered from. False when the parse is over."""
        if self.errstatus == 0:
            self.error(token.line, f"syntax error (unexpected {token.kind.value})")
        elif self.errstatus == 3:
            if token.kind is T.EOF:
                return False
            self.lookahead = None  # discarded
        self.errstatus = 3
        self.comments = []
        return True

    def same_obsolete(self, first: Token, other: Token) -> None:
        """po-gram-gen.y check_obsolete: a part of a rule against the rule's first part."""
        if first.obsolete != other.obsolete:
            self.error(other.line, _MIXED_OBSOLETE)

    def message(self) -> None:
        """One message, checking #~ consistency rule by rule as the grammar's actions do."""
        prev_ctxt = prev_id = None
        prev: Token | None = None
        if self.peek().kind in (T.PREV_MSGID, T.PREV_MSGCTXT):
            if self.peek().kind is T.PREV_MSGCTXT:
                keyword = self.shift()
                prev_ctxt, (lst,) = self.strings(T.PREV_STRING)
                if self.peek().kind is not T.PREV_MSGID:
                    raise _SyntaxError(self.peek())
                prev = self.shift()
                self.same_obsolete(keyword, lst)
                self.same_obsolete(keyword, prev)
            else:
                prev = self.shift()
            prev_id, (lst,) = self.strings(T.PREV_STRING)
            self.same_obsolete(prev, lst)
            if self.peek().kind is T.PREV_MSGID_PLURAL:
                plural_keyword = self.shift()
                _, (plural_list,) = self.strings(T.PREV_STRING)
                self.same_obsolete(plural_keyword, plural_list)
                self.same_obsolete(prev, plural_keyword)
            if self.peek().kind not in (T.MSGID, T.MSGCTXT):
                raise _SyntaxError(self.peek())
        msgctxt = None
        if self.peek().kind is T.MSGCTXT:
            keyword = self.shift()
            msgctxt, (lst,) = self.strings(T.STRING)
            if self.peek().kind is not T.MSGID:
                raise _SyntaxError(self.peek())
            intro = self.shift()
            self.same_obsolete(keyword, lst)
            self.same_obsolete(keyword, intro)
        else:
            intro = self.shift()  # MSGID
        if prev is not None:
            self.same_obsolete(prev, intro)
        msgid, (id_list,) = self.strings(T.STRING)
        msgid_plural = None
        msgstrs: list[str] = []
        msgstr_line = intro.line
        missing = None
        rest: list[Token] = [id_list]  # what the message rule compares with its intro
        if self.peek().kind is T.MSGID_PLURAL:
            plural_keyword = self.shift()
            msgid_plural, (lst,) = self.strings(T.STRING)
            self.same_obsolete(plural_keyword, lst)
            self.plural_counter = 0
            rest.append(plural_keyword)
            if self.peek().kind is T.MSGSTR:
                first_form = self.plural_forms(msgstrs)
                msgstr_line = first_form.line
                rest.append(first_form)
            else:
                missing = "missing 'msgstr[]' section"
        elif self.peek().kind is T.MSGSTR:
            keyword = self.shift()
            msgstr_line = keyword.line
            if self.peek().kind is T.LBRACKET:
                self.plural_forms(msgstrs, keyword)
                missing = "missing 'msgid_plural' section"
                rest.append(keyword)
            else:
                text, (lst,) = self.strings(T.STRING)
                msgstrs.append(text)
                rest += [keyword, lst]
        else:
            missing = "missing 'msgstr' section"
        for part in rest:
            self.same_obsolete(intro, part)
        if missing:
            self.error(intro.line, missing)
            self.comments = []
            return
        comments = tuple(c.value for c in self.comments)
        flags = tuple(f.strip() for c in comments if c.startswith(",") for f in c[1:].split(",") if f.strip())
        self.comments = []
        self.entries.append(PoEntry(
            msgctxt=msgctxt, msgid=msgid, msgid_plural=msgid_plural, msgstr=tuple(msgstrs), flags=flags,
            comments=comments, obsolete=intro.obsolete, msgid_line=intro.line, msgstr_line=msgstr_line,
            previous_msgid=prev_id, previous_msgctxt=prev_ctxt,
        ))

    def plural_form(self, keyword: Token, msgstrs: list[str]) -> None:
        """``[ N ] strings`` after a msgstr keyword already shifted."""
        parts = []
        for kind in (T.LBRACKET, T.NUMBER, T.RBRACKET):
            if self.peek().kind is not kind:
                raise _SyntaxError(self.peek())
            parts.append(self.shift())
        text, (lst,) = self.strings(T.STRING)
        for part in (*parts, lst):
            self.same_obsolete(keyword, part)
        # The counter is reset by msgid_plural only, as in po-gram-gen.y.
        if int(parts[1].value) != self.plural_counter:
            self.error(keyword.line, "first plural form has nonzero index" if self.plural_counter == 0
                       else "plural form has wrong index")
        self.plural_counter += 1
        msgstrs.append(text)

    def plural_forms(self, msgstrs: list[str], first: Token | None = None) -> Token:
        """A pluralform_list; ``first`` is its msgstr keyword if already shifted. Returns that keyword."""
        if first is None:
            first = self.shift()
        self.plural_form(first, msgstrs)
        while self.peek().kind is T.MSGSTR:
            keyword = self.shift()
            self.plural_form(keyword, msgstrs)
            self.same_obsolete(first, keyword)
        return first


@dataclass(frozen=True)
class ParsedPo:
    entries: tuple[PoEntry, ...]
    problems: tuple[Problem, ...]  # what msgfmt --check reports as errors
    hazards: tuple[Problem, ...]  # what msgfmt accepts but polib would not read back the same


def parse_po(text: str, path: str = "<po>", data: bytes | None = None) -> ParsedPo:
    """Read PO text as GNU gettext reads it, collecting every error msgfmt --check reports.

    ``data``, the file's bytes when there is a file, lets the charset of the header be
    checked against the bytes (a CP949 file that claims UTF-8, a BOM).
    """
    lexer = _Lexer(text, path)
    parser = _Parser(lexer.tokens(), path, lexer.problems)
    parser.run()
    problems = lexer.problems
    entries = tuple(parser.entries)
    for name, line in parser.domains:
        problems.append(Problem(path, line, f"'domain {name}' directive ignored (msgfmt -o writes one domain)"))
    _check_duplicates(entries, path, problems)
    header = _check_header(entries, path, problems, text, data)
    # msgfmt checks messages only when the file read without error (plural forms,
    # newlines and formats of a half-read catalog would report noise).
    if not problems:
        kept = [e for e in entries if not e.obsolete and e.translated and (not e.fuzzy or e.is_header)]
        _check_plurals(kept, header, path, problems)
        for e in kept:
            if not e.is_header:
                _check_newlines(e, path, problems)
                _check_formats(e, path, problems)
    hazards = lexer.hazards + _line_separator_hazards(text, path)
    # (header problems above are reported even after read errors, as msgfmt does)
    if data is not None and data.startswith(codecs.BOM_UTF8) and not text.startswith("\ufeff"):
        problems.append(Problem(path, 1, "syntax error (a byte order mark: msgfmt reads it as junk)"))
    return ParsedPo(entries, tuple(sorted(problems, key=_order)), tuple(sorted(set(hazards), key=_order)))


def _order(p: Problem) -> tuple[int, str]:
    return (p.line or 0, p.message)


def check_po_syntax(text: str, path: str, data: bytes | None = None) -> list[Problem]:
    """Everything that makes a PO file unsafe to read: msgfmt --check's errors, then what
    polib would read differently from gettext. Empty for a good file."""
    parsed = parse_po(text, path, data)
    return [*parsed.problems, *parsed.hazards]


def po_file_text(data: bytes) -> str:
    """A PO file's bytes as text, with its line endings and normalisation untouched (unlike
    dari.text.decode, which turns a lone CR into a newline: the checker must see the CR
    polib would trip on). UTF-8 with or without BOM; anything else as CP949, then UTF-8 with
    replacement characters, so that checking never fails on decoding."""
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    for codec in ("utf-8", "cp949"):
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    return body.decode("utf-8", "replace")


def check_po_file(path: Path) -> list[Problem]:
    """:func:`check_po_syntax` of a file on disk (its bytes checked against its charset too).
    An unreadable file is one problem, not an exception."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return [Problem(str(path), None, f"cannot read: {e.strerror or e}")]
    return check_po_syntax(po_file_text(data), str(path), data)


def msgfmt_errors(text: str, path: str, data: bytes | None = None) -> list[Problem]:
    """Only what ``msgfmt --check`` calls an error (the part tests compare with msgfmt)."""
    return list(parse_po(text, path, data).problems)


def polib_hazards(text: str, path: str) -> list[Problem]:
    return list(parse_po(text, path).hazards)


# ---------------------------------------------------------------------------------------
# Checks after reading (read-catalog.c, msgfmt.c, msgl-check.c)


def _check_duplicates(entries: Sequence[PoEntry], path: str, problems: list[Problem]) -> None:
    # Obsolete, fuzzy and untranslated entries count too, as they do for msgfmt.
    seen: dict[tuple[str | None, str], PoEntry] = {}
    for e in entries:
        key = (e.msgctxt, e.msgid)
        first = seen.setdefault(key, e)
        if first is not e:
            what = "the header" if e.is_header else "msgid"
            problems.append(Problem(
                path, e.msgid_line,
                f"duplicate message definition: {what} {e.msgid!r}"
                + (f" (msgctxt {e.msgctxt!r})" if e.msgctxt is not None else "")
                + f" is already defined at line {first.msgid_line}",
            ))


def _header_fields(entry: PoEntry) -> dict[str, str]:
    fields = {}
    for line in entry.msgstr[0].split("\n") if entry.msgstr else []:
        name, sep, value = line.partition(":")
        if sep and name.strip() and name.strip() not in fields:
            fields[name.strip()] = value.strip()
    return fields


_CHARSET = re.compile(r"charset=([^\s;]+)", re.IGNORECASE)


def _check_header(entries: Sequence[PoEntry], path: str, problems: list[Problem], text: str,
                  data: bytes | None) -> PoEntry | None:
    header = next((e for e in entries if e.is_header and not e.obsolete and e.translated), None)
    if header is None:
        problems.append(Problem(path, None, "PO file header missing or invalid (no translated msgid \"\" entry)"))
        return None
    m = _CHARSET.search(_header_fields(header).get("Content-Type", ""))
    if not m:
        return header
    charset = m.group(1)
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        return header  # msgfmt only warns about a charset it does not know
    if codec not in ("utf-8", "ascii"):
        return header  # msgfmt converts other charsets through iconv; not re-checked here
    if data is not None:
        body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
        for n, raw in enumerate(body.split(b"\n"), 1):
            try:
                raw.decode(codec)
            except UnicodeDecodeError:
                problems.append(Problem(path, n, f"invalid multibyte sequence for the header's charset {charset}"))
    elif codec == "ascii":
        for n, line in enumerate(text.split("\n"), 1):
            try:
                line.encode(codec)
            except UnicodeEncodeError:
                problems.append(Problem(path, n, f"invalid multibyte sequence for the header's charset {charset}"))
    return header


def _check_newlines(e: PoEntry, path: str, problems: list[Problem]) -> None:
    if e.msgid == "":
        return
    if e.msgid_plural is not None:
        names = ["msgid_plural", *(f"msgstr[{j}]" for j in range(len(e.msgstr)))]
        others = [e.msgid_plural]
    else:
        names, others = ["msgstr"], []
    others += list(e.msgstr)
    starts = e.msgid.startswith("\n")
    for name, other in zip(names, others, strict=True):
        if other.startswith("\n") != starts:
            problems.append(Problem(path, e.msgstr_line, f"'msgid' and '{name}' entries do not both begin with '\\n'"))
    ends = e.msgid.endswith("\n")
    for name, other in zip(names, others, strict=True):
        if (other != "" and other.endswith("\n")) != ends:
            problems.append(Problem(path, e.msgstr_line, f"'msgid' and '{name}' entries do not both end with '\\n'"))


# --- plural forms --------------------------------------------------------------------------

_PLURAL_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[<>?:!+\-*/%()]))")


class _PluralSyntax(ValueError):
    pass


def parse_plural(expression: str):
    """The C expression of a Plural-Forms header as a Python function of n (gettext's plural.y)."""
    toks: list[str] = []
    pos = 0
    expression = expression.strip()
    while pos < len(expression):
        m = _PLURAL_TOKEN.match(expression, pos)
        if not m or m.end() == pos:
            if expression[pos:].strip() == "":
                break
            raise _PluralSyntax(expression[pos:])
        toks.append(m.group(1) or m.group(2) or m.group(3))
        pos = m.end()
    k = 0

    def peek() -> str | None:
        return toks[k] if k < len(toks) else None

    def take(expected: str | None = None) -> str:
        nonlocal k
        tok = peek()
        if tok is None or (expected is not None and tok != expected):
            raise _PluralSyntax(f"expected {expected or 'more'}")
        k += 1
        return tok

    binary = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]

    def ternary():
        cond = level(0)
        if peek() == "?":
            take("?")
            a = ternary()
            take(":")
            b = ternary()
            return lambda n: a(n) if cond(n) else b(n)
        return cond

    def level(i: int):
        if i == len(binary):
            return unary()
        left = level(i + 1)
        while peek() in binary[i]:
            op = take()
            right = level(i + 1)
            left = _binop(op, left, right)
        return left

    def unary():
        tok = peek()
        if tok == "!":
            take()
            inner = unary()
            return lambda n: int(not inner(n))
        if tok == "(":
            take()
            inner = ternary()
            take(")")
            return inner
        if tok == "n":
            take()
            return lambda n: n
        if tok is not None and tok.isdigit():
            take()
            value = int(tok)
            return lambda n: value
        raise _PluralSyntax(f"unexpected {tok!r}")

    result = ternary()
    if peek() is not None:
        raise _PluralSyntax(f"unexpected {peek()!r}")
    return result


def _binop(op: str, a, b):
    def div(x: int, y: int) -> int:
        if y == 0:
            raise ZeroDivisionError
        return x // y

    def mod(x: int, y: int) -> int:
        if y == 0:
            raise ZeroDivisionError
        return x % y

    ops = {
        "||": lambda n: int(bool(a(n)) or bool(b(n))), "&&": lambda n: int(bool(a(n)) and bool(b(n))),
        "==": lambda n: int(a(n) == b(n)), "!=": lambda n: int(a(n) != b(n)),
        "<": lambda n: int(a(n) < b(n)), ">": lambda n: int(a(n) > b(n)),
        "<=": lambda n: int(a(n) <= b(n)), ">=": lambda n: int(a(n) >= b(n)),
        "+": lambda n: a(n) + b(n), "-": lambda n: a(n) - b(n), "*": lambda n: a(n) * b(n),
        "/": lambda n: div(a(n), b(n)), "%": lambda n: mod(a(n), b(n)),
    }
    return ops[op]


def _check_plurals(kept: Sequence[PoEntry], header: PoEntry | None, path: str, problems: list[Problem]) -> None:
    """msgl-check.c check_plural: the header's nplurals= and plural= are found anywhere in it."""
    plural = [e for e in kept if e.msgid_plural is not None]
    text = header.msgstr[0] if header is not None else ""
    at_plural = text.find("plural=")
    at_nplurals = text.find("nplurals=")
    if plural and (at_plural < 0 or at_nplurals < 0):
        missing = " and ".join(name for name, at in (("plural=EXPRESSION", at_plural),
                                                      ("nplurals=INTEGER", at_nplurals)) if at < 0)
        problems.append(Problem(path, plural[0].msgstr_line, "message catalog has plural form translations, "
                                f"but the header lacks {missing} (Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;)"))
    if header is None or at_plural < 0 or at_nplurals < 0:
        return
    raw = re.match(r"\s*(\d*)", text[at_nplurals + 9:]).group(1)
    before = len(problems)
    nplurals = int(raw) if raw.isascii() and raw else 0
    if not raw or not raw.isascii():
        problems.append(Problem(path, header.msgstr_line, "invalid nplurals value"))
    expression = re.split(r"[;\n]", text[at_plural + 7:], maxsplit=1)[0]
    try:
        formula = parse_plural(expression)
    except _PluralSyntax:
        problems.append(Problem(path, header.msgstr_line, "invalid plural expression"))
        return
    if len(problems) > before:
        return
    try:
        values = [formula(n) for n in range(1000)]
    except ZeroDivisionError:
        problems.append(Problem(path, header.msgstr_line, "plural expression can produce division by zero"))
        return
    if min(values) < 0:
        problems.append(Problem(path, header.msgstr_line, "plural expression can produce negative values"))
        return
    if max(values) >= nplurals:
        problems.append(Problem(path, header.msgstr_line, f"nplurals = {nplurals} but plural expression can "
                                f"produce values as large as {max(values)}"))
        return
    for e in plural:
        if len(e.msgstr) != nplurals:
            problems.append(Problem(path, header.msgstr_line, f"nplurals = {nplurals}, but the message at line "
                                    f"{e.msgstr_line} has {len(e.msgstr)} plural form(s)"))
            break  # msgfmt reports the first such message


# --- format strings (format-c.c, format-python.c, format-python-brace.c) -------------------------


class _BadFormat(ValueError):
    pass


_C_DIRECTIVE = re.compile(
    r"%(?:(?P<pct>%)|(?:(?P<num>[1-9]\d*)\$)?(?P<flags>[-+ #0']*)(?P<width>\*(?:[1-9]\d*\$)?|\d+)?"
    r"(?:\.(?P<prec>\*(?:[1-9]\d*\$)?|\d*))?(?P<len>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conv>[diouxXeEfFgGaAcCsSpn]))"
)


def _c_format(s: str) -> list[tuple[int, str]]:
    """(argument number, type) of each argument a C format string consumes."""
    args: list[tuple[int, str]] = []
    numbered = unnumbered = False
    pos = 0
    while True:
        k = s.find("%", pos)
        if k < 0:
            break
        m = _C_DIRECTIVE.match(s, k)
        if not m:
            raise _BadFormat("The string ends in the middle of a directive." if "%" not in s[k + 1:] and
                             not re.search(r"[diouxXeEfFgGaAcCsSpn%]", s[k + 1:]) else "invalid directive")
        pos = m.end()
        if m.group("pct"):
            continue
        if m.group("num"):
            numbered = True
            index = int(m.group("num"))
        else:
            unnumbered = True
            index = len(args) + 1
        for part in (m.group("width"), m.group("prec")):
            if part and part.startswith("*"):
                args.append((index, "int"))
                index += 1
        conv, length = m.group("conv"), m.group("len") or ""
        kind = {"d": "int", "i": "int", "o": "uint", "u": "uint", "x": "uint", "X": "uint", "c": "char",
                "C": "wchar", "s": "string", "S": "wstring", "p": "pointer", "n": "count"}.get(conv, "double")
        args.append((index, length + kind))
    if numbered and unnumbered:
        raise _BadFormat("mixes numbered and unnumbered arguments")
    return args


def _c_signature(s: str) -> list[str]:
    by_number: dict[int, str] = {}
    for number, kind in _c_format(s):
        by_number.setdefault(number, kind)
    return [by_number[k] for k in sorted(by_number)]


_PY_DIRECTIVE = re.compile(
    r"%(?:(?P<pct>%)|(?:\((?P<name>[^)]*)\))?(?P<flags>[-+ #0]*)(?P<width>\*|\d+)?(?:\.(?P<prec>\*|\d+))?"
    r"[hlL]?(?P<conv>[diouxXeEfFgGcrsa]))"
)
_PY_TYPES = {"c": "char", "r": "string", "s": "string", "a": "string", "e": "float", "E": "float",
             "f": "float", "F": "float", "g": "float", "G": "float"}


def _python_format(s: str) -> tuple[dict[str, str], list[str]]:
    named: dict[str, str] = {}
    unnamed: list[str] = []
    pos = 0
    while True:
        k = s.find("%", pos)
        if k < 0:
            break
        m = _PY_DIRECTIVE.match(s, k)
        if not m:
            raise _BadFormat("The string ends in the middle of a directive.")
        pos = m.end()
        if m.group("pct"):
            continue
        kind = _PY_TYPES.get(m.group("conv"), "int")
        if m.group("name") is not None:
            if m.group("width") == "*" or m.group("prec") == "*":
                raise _BadFormat("a named directive takes no * width or precision")
            old = named.setdefault(m.group("name"), kind)
            if old != kind:
                raise _BadFormat(f"argument {m.group('name')!r} used with two types")
        else:
            unnamed += ["int"] * ((m.group("width") == "*") + (m.group("prec") == "*"))
            unnamed.append(kind)
    if named and unnamed:
        raise _BadFormat("mixes named and unnamed directives")
    return named, unnamed


_BRACE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+")


def _python_brace_format(s: str) -> set[str]:
    names: set[str] = set()
    k, n = 0, len(s)
    while k < n:
        ch = s[k]
        if ch == "{":
            if s.startswith("{{", k):
                k += 2
                continue
            m = _BRACE_NAME.match(s, k + 1)
            if not m:
                raise _BadFormat("a directive has no argument name")
            j = m.end()
            while j < n and (s[j] == "." or s[j] == "["):
                if s[j] == ".":
                    m2 = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(s, j + 1)
                    if not m2:
                        raise _BadFormat("bad attribute")
                    j = m2.end()
                else:
                    close = s.find("]", j)
                    if close < 0:
                        raise _BadFormat("unterminated index")
                    j = close + 1
            if j < n and s[j] in "!:":
                # msgfmt 0.21 compares a directive with its conversion and format spec,
                # so {x:>3} and {x} are different arguments.
                close = s.find("}", j)
                if close < 0:
                    raise _BadFormat("unterminated directive")
                names.add(s[m.start():close])
                k = close + 1
                continue
            if j < n and s[j] == "}":
                names.add(s[m.start():j])
                k = j + 1
                continue
            raise _BadFormat("unterminated directive")
        if ch == "}":
            if s.startswith("}}", k):
                k += 2
                continue
            raise _BadFormat("a single '}'")
        k += 1
    return names


def _check_formats(e: PoEntry, path: str, problems: list[Problem]) -> None:
    if e.msgid_plural is not None:
        return  # plural messages: format directives are not compared here (not used in Dari's catalogs)
    msgstr = e.msgstr[0]

    def report(message: str) -> None:
        problems.append(Problem(path, e.msgstr_line, message))

    if "c-format" in e.flags:
        try:
            source = _c_signature(e.msgid)
        except _BadFormat:
            source = None
        if source is not None:
            try:
                target = _c_signature(msgstr)
            except _BadFormat as bad:
                report(f"'msgstr' is not a valid C format string, unlike 'msgid'. Reason: {bad}")
            else:
                if len(source) != len(target):
                    report("number of format specifications in 'msgid' and 'msgstr' does not match")
                else:
                    for i, (a, b) in enumerate(zip(source, target, strict=True), 1):
                        if a != b:
                            report(f"format specifications in 'msgid' and 'msgstr' for argument {i} are not the same")
                            break
    if "python-format" in e.flags:
        try:
            source_py = _python_format(e.msgid)
        except _BadFormat:
            source_py = None
        if source_py is not None:
            try:
                target_py = _python_format(msgstr)
            except _BadFormat as bad:
                report(f"'msgstr' is not a valid Python format string, unlike 'msgid'. Reason: {bad}")
            else:
                (named1, unnamed1), (named2, unnamed2) = source_py, target_py
                if named1 and unnamed2:
                    report("format specifications in 'msgid' expect a mapping, those in 'msgstr' expect a tuple")
                elif unnamed1 and named2:
                    report("format specifications in 'msgid' expect a tuple, those in 'msgstr' expect a mapping")
                elif named1 or named2:
                    for name in sorted(set(named1) | set(named2)):
                        if name not in named2:
                            report(f"a format specification for argument {name!r} doesn't exist in 'msgstr'")
                            break
                        if name not in named1:
                            report(f"a format specification for argument {name!r}, as in 'msgstr', "
                                   "doesn't exist in 'msgid'")
                            break
                        if named1[name] != named2[name]:
                            report(f"format specifications in 'msgid' and 'msgstr' for argument {name!r} "
                                   "are not the same")
                            break
                elif len(unnamed1) != len(unnamed2):
                    report("number of format specifications in 'msgid' and 'msgstr' does not match")
                else:
                    for i, (a, b) in enumerate(zip(unnamed1, unnamed2, strict=True), 1):
                        if a != b:
                            report(f"format specifications in 'msgid' and 'msgstr' for argument {i} are not the same")
                            break
    if "python-brace-format" in e.flags:
        try:
            source_b = _python_brace_format(e.msgid)
        except _BadFormat:
            source_b = None
        if source_b is not None:
            try:
                target_b = _python_brace_format(msgstr)
            except _BadFormat as bad:
                report(f"'msgstr' is not a valid Python brace format string, unlike 'msgid'. Reason: {bad}")
            else:
                for name in sorted(source_b | target_b):
                    if name not in target_b:
                        report(f"a format specification for argument {name!r} doesn't exist in 'msgstr'")
                        break
                    if name not in source_b:
                        report(f"a format specification for argument {name!r} doesn't exist in 'msgid'")
                        break


# --- what polib reads differently -----------------------------------------------------------

# str.splitlines() breaks lines at these; a PO file breaks lines at "\n" only. polib splits
# PO *content* with splitlines(), so one of these anywhere (in a string or a comment)
# makes polib see a line that is not there.
_SPLITLINES_ONLY = {"\v": "vertical tab", "\f": "form feed", "\x1c": "U+001C", "\x1d": "U+001D",
                    "\x1e": "U+001E", "\x85": "U+0085 (next line)", "\u2028": "U+2028 (line separator)",
                    "\u2029": "U+2029 (paragraph separator)"}
_SPLITLINES_CHARS = re.compile("[" + "".join(_SPLITLINES_ONLY) + "]")
_SPLITLINES_RE = re.compile("[" + "".join(_SPLITLINES_ONLY) + "]|\r(?!\n)")


def _line_separator_hazards(text: str, path: str) -> list[Problem]:
    found: list[Problem] = []
    if not _SPLITLINES_CHARS.search(text) and text.count("\r") == text.count("\r\n"):
        return found
    for m in _SPLITLINES_RE.finditer(text):
        n = text.count("\n", 0, m.start()) + 1
        what = _SPLITLINES_ONLY.get(m.group(), "a carriage return not followed by a newline")
        found.append(Problem(path, n, f"raw {what}: gettext keeps it, but polib splits the line there "
                                          "and reads a different text (write it escaped, or remove it)"))
    return found
