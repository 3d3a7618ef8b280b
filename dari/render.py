"""The one place HTML is made. Every piece of text that reaches the page passes through
:func:`esc` here: Korean, English, notes, titles, file names and URL parameters alike.

The browser script (dari/ui/reader.js) never parses strings as HTML: cards it builds
from JSON data use ``textContent``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dari.models import Block, BlockKind, Document, GlossaryEntry, Status, Translation


def esc(text: object) -> str:
    """Escape text for an HTML element body or a double-quoted attribute."""
    return html.escape(str(text), quote=True)


def attrs(**values: object) -> str:
    """`` name="value"`` pairs, escaped; None drops the attribute; ``data_x`` becomes ``data-x``."""
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{esc(v)}"' for name, v in values.items() if v is not None
    )


def _t(strings: Mapping[str, str], key: str) -> str:
    """An interface string; a missing key shows itself (as dari.i18n.Strings does)."""
    return strings[key] if key in strings else key


@dataclass(frozen=True)
class Span:
    """A stretch of a segment's text: part of a word (index into the page's word table)
    and/or of a glossary occurrence (index into the page's occurrence list)."""

    start: int
    end: int
    word: int | None = None
    term: str | None = None
    occurrence: int | None = None


def spans(text_len: int, words: Iterable[tuple[int, int, int]], terms: Iterable[tuple[int, int, str, int]]) -> list[Span]:
    """Cut ``[0, text_len)`` at every word and term boundary.

    Words and terms may cross each other (엣지 컴퓨팅에서 is two words, one term plus a
    particle), so neither can nest in the other; cutting at all boundaries gives pieces
    that each belong to at most one word and one term.

    >>> [(s.start, s.end, s.word, s.term) for s in spans(9, [(0, 2, 0), (3, 9, 1)], [(0, 6, "t", 0)])]
    [(0, 2, 0, 't'), (2, 3, None, 't'), (3, 6, 1, 't'), (6, 9, 1, None)]
    """
    words, terms = list(words), list(terms)
    cuts = sorted({0, text_len, *(w[0] for w in words), *(w[1] for w in words),
                   *(t[0] for t in terms), *(t[1] for t in terms)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b or b > text_len:
            continue
        word = next((w[2] for w in words if w[0] <= a < w[1]), None)
        term = next((t for t in terms if t[0] <= a < t[1]), None)
        out.append(Span(a, b, word, term[2] if term else None, term[3] if term else None))
    return out


def render_text(text: str, pieces: Sequence[Span]) -> str:
    out = []
    for p in pieces:
        body = esc(text[p.start:p.end])
        if p.word is None and p.term is None:
            out.append(body)
            continue
        classes = " ".join(c for c, on in (("dari-w", p.word is not None), ("dari-term", p.term is not None)) if on)
        out.append(f'<span{attrs(class_=classes, data_w=p.word, data_term=p.term, data_occ=p.occurrence)}>{body}</span>')
    return "".join(out)


@dataclass(frozen=True)
class SegmentView:
    """Everything the page shows for one segment, already resolved by dari.reading."""

    id: str
    ko: str
    translation: Translation
    words: tuple[tuple[int, int, int], ...] = ()  # (start, end, index into the page's word table)
    ko_terms: tuple[tuple[int, int, str, int], ...] = ()  # (start, end, headword, occurrence index)
    en_terms: tuple[tuple[int, int, str, int], ...] = ()
    romanization: str = ""


def _say(lang: str, strings: Mapping[str, str]) -> str:
    # Reached with Ctrl/Alt + arrows from its sentence (the reader is one tab stop).
    return (f'<button type="button" class="dari-say"{attrs(data_say=lang, aria_label=_t(strings, f"say.{lang}"))}'
            ' tabindex="-1"><span aria-hidden="true">🔊</span></button>')


def _segment_ko(s: SegmentView, strings: Mapping[str, str]) -> str:
    body = render_text(s.ko, spans(len(s.ko), s.words, s.ko_terms))
    rom = f'<span class="dari-rom" lang="ko-Latn">{esc(s.romanization)}</span>' if s.romanization else ""
    anchor = "dari-s-" + s.id.replace(".", "-")
    return (f'<span{attrs(class_="dari-seg", id=anchor, data_seg=s.id)}>'
            f'<span class="dari-txt">{body}</span>{_say("ko", strings)}{rom}</span>')


def _segment_en(s: SegmentView, strings: Mapping[str, str]) -> str:
    t = s.translation
    if t.status is Status.UNTRANSLATED:
        return (f'<span{attrs(class_="dari-seg dari-missing", data_seg=s.id)}>'
                f'{esc(strings["segment.untranslated"])}</span>')
    body = render_text(t.en, spans(len(t.en), (), s.en_terms))
    badge = ""
    status_class = "dari-seg"
    if t.status is Status.FUZZY:
        status_class += " dari-fuzzy"
        badge = f'<span class="dari-badge" title="{esc(strings["segment.fuzzy_help"])}">{esc(strings["segment.fuzzy"])}</span> '
    # A note is a button: a 24 px tap target, reachable by keyboard, its text in its name.
    label = _t(strings, "note.label")
    notes = "".join(
        f'<button type="button"{attrs(class_="dari-note", data_note=n, tabindex="-1")}>'
        f'<span aria-hidden="true">†</span><span class="dari-sr">{esc(label)}: {esc(n)}</span></button>'
        for n in t.notes
    )
    # Said to screen readers instead of the English while study mode hides it.
    hidden = f'<span class="dari-sr dari-hidden-label" hidden>{esc(_t(strings, "study.hidden_sr"))}</span>'
    return (f'<span{attrs(class_=status_class, data_seg=s.id)}>{badge}'
            f'<span class="dari-txt">{body}</span>{notes}{_say("en", strings)}{hidden}</span>')


def render_block(block: Block, segments: Sequence[SegmentView], strings: Mapping[str, str]) -> str:
    ko = " ".join(_segment_ko(s, strings) for s in segments)
    en = " ".join(_segment_en(s, strings) for s in segments)
    n = block.number
    heading = block.kind is BlockKind.HEADING
    tag = "h2" if heading else "p"
    kind = "dari-heading" if heading else "dari-para"
    # The paragraph's own controls, in a row under it: reveal (study mode), read aloud, link.
    reveal = "" if heading else (
        f'<button type="button" class="dari-reveal"{attrs(data_reveal=n, aria_pressed="false", tabindex="-1")}'
        f' data-show="{esc(strings["study.reveal_paragraph"])}" data-hide="{esc(_t(strings, "study.hide_paragraph"))}">'
        f'{esc(strings["study.reveal_paragraph"])}</button>')
    play = (f'<button type="button" class="dari-play"{attrs(data_play=n, tabindex="-1")}>'
            f'<span aria-hidden="true">▶</span> {esc(_t(strings, "say.paragraph"))}</button>')
    link = (f'<a class="dari-plink" href="?p={n}" data-p="{n}" tabindex="-1"'
            f' aria-label="{esc(strings["paragraph.link"])} {n}">¶</a>')
    return (f'<section{attrs(class_=f"dari-block {kind}", id=f"dari-p-{n}", data_block=n)}>'
            f'<{tag} class="dari-ko" lang="ko">{ko}</{tag}>'
            f'<{tag} class="dari-en" lang="en">{en}</{tag}>'
            f'<div class="dari-tools">{reveal}{play}{link}</div></section>')


# A source line names where a text came from for a reader; an importer's note of the file it
# was read from ("imported from shared/seed/000_x.txt") is for maintainers, not for the page.
_PATH = re.compile(r"(?<![\w:/])(?:\.{0,2}/)?(?:[\w.-]+/)+[\w.-]+|\b[\w-]+\.(?:txt|json|po|md|csv|tsv)\b")


def public_source(source: str) -> str:
    """The human part of a document's source line: clauses naming a file path are dropped.

    >>> public_source("Korean blog post (author unknown), imported from shared/seed/000_fa.txt; the title was added")
    'Korean blog post (author unknown); the title was added'
    >>> public_source("https://blog.naver.com/some/post, 2023")
    'https://blog.naver.com/some/post, 2023'
    """
    def has_path(clause: str) -> bool:
        without_urls = re.sub(r"https?://\S+", "", clause)
        return bool(_PATH.search(without_urls))

    kept = []
    for clause in source.split(";"):
        parts = [p for p in clause.split(",") if not has_path(p)]
        text = ",".join(parts).strip()
        if text:
            kept.append(text)
    return "; ".join(kept)


def render_header(doc: Document, title: SegmentView, strings: Mapping[str, str]) -> str:
    en = _segment_en(title, strings)
    source = public_source(doc.source) if doc.source else ""
    line = f'<p class="dari-source">{esc(strings["document.source"])}: {esc(source)}</p>' if source else ""
    return (f'<header class="dari-header"><h1 class="dari-title">'
            f'<span class="dari-ko" lang="ko">{esc(title.ko)}</span>'
            f'<span class="dari-en" lang="en">{en}</span></h1>{line}</header>')


VIEWS = ("side", "stacked", "ko", "en")  # the first is the default
TOGGLES = ("study", "roman", "marks")


def render_toolbar(strings: Mapping[str, str]) -> str:
    t = lambda key: esc(_t(strings, key))  # noqa: E731
    views = "".join(
        f'<button type="button" class="dari-view"{attrs(data_view=v, aria_pressed="false")}>{esc(strings[f"view.{v}"])}</button>'
        for v in VIEWS
    )
    toggles = "".join(
        f'<button type="button" class="dari-toggle"{attrs(data_toggle=t_, aria_pressed="false", title=strings[f"toggle.{t_}_help"])}>'
        f'{esc(strings[f"toggle.{t_}"])}</button>'
        for t_ in TOGGLES
    )
    study = (f'<span class="dari-study-tools" role="group" aria-label="{esc(strings["toggle.study"])}">'
             f'<button type="button" class="dari-reveal-all">{t("study.reveal_all")}</button>'
             f'<button type="button" class="dari-hide-all">{t("study.hide_all")}</button></span>'
             f'<span class="dari-sr" id="dari-study-off">{t("study.no_english_view")}</span>')
    comfort = (f'<span class="dari-comfort" role="group" aria-label="{t("size.label")}">'
               f'<button type="button" class="dari-size" data-size="-1" aria-label="{t("size.smaller")}" title="{t("size.smaller")}">A−</button>'
               f'<button type="button" class="dari-size" data-size="1" aria-label="{t("size.larger")}" title="{t("size.larger")}">A+</button>'
               f'<button type="button" class="dari-theme" title="{t("theme.label")}"'
               f' data-auto="{t("theme.auto")}" data-light="{t("theme.light")}" data-dark="{t("theme.dark")}">{t("theme.auto")}</button>'
               f'</span>')
    speed = (f'<label class="dari-speed"><span>{t("say.speed")}</span> <select class="dari-rate">'
             '<option value="0.75">0.75×</option><option value="1" selected>1×</option>'
             '<option value="1.25">1.25×</option></select></label>')
    glossary = (f'<button type="button" class="dari-gloss-open" aria-expanded="false" aria-controls="dari-gloss">'
                f'{t("sidebar.glossary")}</button>')
    categories = "".join(
        f'<button type="button" class="dari-gloss-cat"{attrs(data_cat=c, aria_pressed="false")}>{t(f"category.{c}")}</button>'
        for c in ("technical", "company", "person", "slang", "grammar")
    )
    panel = (f'<section class="dari-gloss" id="dari-gloss" hidden aria-label="{t("sidebar.glossary")}">'
             f'<div class="dari-gloss-head"><label class="dari-gloss-label">{t("glossary.search")}'
             f'<input type="search" class="dari-gloss-q" autocomplete="off" spellcheck="false"'
             f' placeholder="에코챔버 · echo · ekochaembeo" aria-describedby="dari-gloss-help"></label>'
             f'<button type="button" class="dari-gloss-close" aria-label="{t("card.close")}">×</button></div>'
             f'<p class="dari-gloss-help" id="dari-gloss-help">{t("glossary.search_help")}</p>'
             f'<div class="dari-gloss-cats" role="group" aria-label="{t("glossary.category")}">{categories}</div>'
             f'<p class="dari-gloss-count" aria-live="polite" data-count="{t("glossary.count")}"></p>'
             f'<ul class="dari-gloss-list" aria-label="{t("glossary.results")}"></ul></section>')
    hint = (f'<p class="dari-hint" hidden><span>{t("hint.text")}</span>'
            f'<button type="button" class="dari-hint-close" aria-label="{t("hint.close")}">×</button></p>')
    return (f'<nav class="dari-toolbar" aria-label="{esc(strings["toolbar.label"])}">'
            f'<span class="dari-views" role="group" aria-label="{esc(strings["toolbar.view"])}">{views}</span>'
            f'<span class="dari-toggles" role="group" aria-label="{esc(strings["toolbar.label"])}">{toggles}</span>'
            f'{glossary}{study}{comfort}{speed}</nav>{panel}{hint}'
            f'<p class="dari-sr" id="dari-keys">{t("keys.help")}</p>')


def render_pager(page: int, pages: int, strings: Mapping[str, str]) -> str:
    if pages <= 1:
        return ""
    t = lambda key: esc(_t(strings, key))  # noqa: E731
    links = "".join(
        f'<button type="button" class="dari-page"{attrs(data_page=i, aria_current="page" if i == page else None, aria_label=_t(strings, "pager.page").format(n=i))}>{i}</button>'
        for i in range(1, pages + 1)
    )
    prev = (f'<button type="button" class="dari-page dari-prev" data-page="{page - 1}">‹ {t("pager.previous")}</button>'
            if page > 1 else "")
    nxt = (f'<button type="button" class="dari-page dari-next" data-page="{page + 1}">{t("pager.next")} ›</button>'
           if page < pages else "")
    return f'<nav class="dari-pager" aria-label="{esc(strings["pager.label"])}">{prev}{links}{nxt}</nav>'


def render_problems(problems: Iterable[str]) -> str:
    items = "".join(f"<li><code>{esc(p)}</code></li>" for p in problems)
    return f'<ul class="dari-problems">{items}</ul>' if items else ""


def render_message(kind: str, text: str) -> str:
    """A notice for the reader (unknown document, broken file): text only, escaped."""
    kind = kind if kind in ("info", "warning", "error") else "info"
    return f'<div class="dari-msg dari-msg-{kind}" role="alert">{esc(text)}</div>'


def render_glossary_entry(entry: GlossaryEntry, count: int, strings: Mapping[str, str]) -> str:
    """A glossary entry for the side panel: every field escaped."""
    def row(label_key: str, value: str, lang: str | None = None) -> str:
        if not value:
            return ""
        return (f'<div class="dari-entry-row"><span class="dari-entry-label">{esc(strings[label_key])}</span> '
                f'<span{attrs(lang=lang)}>{esc(value)}</span></div>')

    where = strings["glossary.in_document"].format(n=count) if count else strings["glossary.not_in_document"]
    return (
        f'<div class="dari-entry" data-term="{esc(entry.headword)}">'
        f'<div class="dari-entry-head" lang="ko">{esc(entry.headword)}</div>'
        + row("card.romanization", entry.romanization)
        + row("card.english", "; ".join(entry.english), "en")
        + row("card.category", strings[f"category.{entry.category.value}"])
        + row("card.variants", ", ".join(entry.variants), "ko")
        + f'<p class="dari-entry-note">{esc(entry.note)}</p>'
        + f'<div class="dari-entry-where">{esc(where)}</div></div>'
    )


def render_table(header: Sequence[str], rows: Iterable[Sequence[object]], css_class: str = "") -> str:
    """A plain table; every cell escaped."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table{attrs(class_=css_class or None)}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
