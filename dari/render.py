"""The one place HTML is made. Every piece of text that reaches the page passes through
:func:`esc` here: Korean, English, notes, titles, file names and URL parameters alike.

The browser script (dari/ui/reader.js) never parses strings as HTML: cards it builds
from JSON data use ``textContent``.
"""

from __future__ import annotations

import html
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


def _segment_ko(s: SegmentView) -> str:
    body = render_text(s.ko, spans(len(s.ko), s.words, s.ko_terms))
    rom = f'<span class="dari-rom" lang="ko-Latn">{esc(s.romanization)}</span>' if s.romanization else ""
    say = '<button type="button" class="dari-say" data-say="ko" aria-label="▶" tabindex="-1">🔊</button>'
    anchor = "dari-s-" + s.id.replace(".", "-")
    return (f'<span{attrs(class_="dari-seg", id=anchor, data_seg=s.id)}>'
            f'<span class="dari-txt">{body}</span>{say}{rom}</span>')


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
    notes = "".join(
        f'<sup{attrs(class_="dari-note", tabindex="0", role="note", data_note=n)}>†</sup>' for n in t.notes
    )
    say = '<button type="button" class="dari-say" data-say="en" aria-label="▶" tabindex="-1">🔊</button>'
    return (f'<span{attrs(class_=status_class, data_seg=s.id)}>{badge}'
            f'<span class="dari-txt">{body}</span>{notes}{say}</span>')


def render_block(block: Block, segments: Sequence[SegmentView], strings: Mapping[str, str]) -> str:
    ko = " ".join(_segment_ko(s) for s in segments)
    en = " ".join(_segment_en(s, strings) for s in segments)
    n = block.number
    tag = "h2" if block.kind is BlockKind.HEADING else "p"
    kind = "dari-heading" if block.kind is BlockKind.HEADING else "dari-para"
    reveal = f'<button type="button" class="dari-reveal" data-reveal="{n}">{esc(strings["study.reveal_paragraph"])}</button>'
    link = f'<a class="dari-plink" href="?p={n}" data-p="{n}" aria-label="{esc(strings["paragraph.link"])} {n}">¶</a>'
    return (f'<section{attrs(class_=f"dari-block {kind}", id=f"dari-p-{n}", data_block=n)}>'
            f'<{tag} class="dari-ko" lang="ko">{ko}</{tag}>'
            f'<{tag} class="dari-en" lang="en">{en}{reveal}</{tag}>{link}</section>')


def render_header(doc: Document, title: SegmentView, strings: Mapping[str, str]) -> str:
    en = _segment_en(title, strings)
    source = f'<p class="dari-source">{esc(strings["document.source"])}: {esc(doc.source)}</p>' if doc.source else ""
    return (f'<header class="dari-header"><h1 class="dari-title">'
            f'<span class="dari-ko" lang="ko">{esc(title.ko)}</span>'
            f'<span class="dari-en" lang="en">{en}</span></h1>{source}</header>')


VIEWS = ("side", "stacked", "ko", "en")  # the first is the default
TOGGLES = ("study", "roman", "marks")


def render_toolbar(strings: Mapping[str, str]) -> str:
    views = "".join(
        f'<button type="button" class="dari-view"{attrs(data_view=v, aria_pressed="false")}>{esc(strings[f"view.{v}"])}</button>'
        for v in VIEWS
    )
    toggles = "".join(
        f'<button type="button" class="dari-toggle"{attrs(data_toggle=t, aria_pressed="false", title=strings[f"toggle.{t}_help"])}>'
        f'{esc(strings[f"toggle.{t}"])}</button>'
        for t in TOGGLES
    )
    return (f'<nav class="dari-toolbar" aria-label="{esc(strings["toolbar.label"])}">'
            f'<span class="dari-views" role="group" aria-label="{esc(strings["toolbar.view"])}">{views}</span>'
            f'<span class="dari-toggles" role="group">{toggles}</span></nav>')


def render_pager(page: int, pages: int, strings: Mapping[str, str]) -> str:
    if pages <= 1:
        return ""
    links = "".join(
        f'<button type="button" class="dari-page"{attrs(data_page=i, aria_current="page" if i == page else None)}>{i}</button>'
        for i in range(1, pages + 1)
    )
    return f'<nav class="dari-pager" aria-label="{esc(strings["pager.label"])}">{links}</nav>'


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


# ---- the learner's words (Words and Review pages, Anki export) ---------------------------


def render_marked(text: str, surface: str, tag: str = "b") -> str:
    """A sentence with the first occurrence of ``surface`` wrapped in ``tag`` (b or mark), all escaped.

    >>> render_marked("지금 SNS는 썩었다", "썩었다")
    '지금 SNS는 <b>썩었다</b>'
    """
    tag = tag if tag in ("b", "mark", "strong") else "b"
    at = text.find(surface) if surface else -1
    if at < 0:
        return esc(text)
    return f"{esc(text[:at])}<{tag}>{esc(surface)}</{tag}>{esc(text[at + len(surface):])}"


def render_saved_sentences(sentences: Iterable[tuple[str, str, str, str, str]], strings: Mapping[str, str]) -> str:
    """The sentences a word was saved from: (Korean, marked surface, English, link, source label)."""
    items = []
    for korean, surface, english, link, source in sentences:
        en = f'<div class="dari-saved-en" lang="en">{esc(english)}</div>' if english else ""
        items.append(f'<li><div class="dari-saved-ko" lang="ko">{render_marked(korean, surface, "mark")}</div>{en}'
                     f'<a{attrs(class_="dari-saved-link", href=link, target="_self")}>{esc(source)}</a></li>')
    if not items:
        return f'<p class="dari-saved-none">{esc(strings["words.no_sentences"])}</p>'
    return f'<ul class="dari-saved">{"".join(items)}</ul>'


def render_review_front(korean: str, surface: str, romanization: str, show_romanization: bool) -> str:
    rom = f'<div class="dari-review-rom" lang="ko-Latn">{esc(romanization)}</div>' if show_romanization and romanization else ""
    return f'<div class="dari-review-front"><div class="dari-review-ko" lang="ko">{render_marked(korean, surface, "mark")}</div>{rom}</div>'


def render_review_back(lemma: str, pos: str, meaning: str, morphemes: Iterable[tuple[str, str, str]], english: str,
                       strings: Mapping[str, str]) -> str:
    """The answer side: dictionary form, meaning, particles and endings, the sentence's English."""
    parts = "".join(f'<li><span class="dari-morph-form" lang="ko">{esc(f)}</span> '
                    f'<span class="dari-morph-tag">{esc(t)}</span> <span class="dari-morph-gloss">{esc(g)}</span></li>'
                    for f, t, g in morphemes)
    meaning_html = (f'<div class="dari-review-meaning">{esc(meaning)}</div>' if meaning
                    else f'<div class="dari-review-meaning dari-none">{esc(strings["review.no_meaning"])}</div>')
    return (f'<div class="dari-review-back"><div class="dari-review-lemma" lang="ko">{esc(lemma)} '
            f'<span class="dari-review-pos">{esc(pos)}</span></div>{meaning_html}'
            + (f'<div class="dari-card-label">{esc(strings["card.morphemes"])}</div><ul class="dari-morphs">{parts}</ul>'
               if parts else "")
            + (f'<div class="dari-review-en" lang="en">{esc(english)}</div>' if english else "") + "</div>")
