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


# Every ASCII punctuation character may be backslash-escaped in CommonMark, and each of
# these can start Markdown or one of Streamlit's extensions in a label: emphasis, code,
# links and images ([x](u), ![i](u)), HTML, entities (&lt;), colour and icon directives
# (:red[x], :material/home:), LaTeX ($x$), tables (|) and lists (-, +, 1.).
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$&=^\"'%@/])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")


def literal(text: object) -> str:
    """Text for a Streamlit widget label, caption or heading, shown exactly as written.

    Streamlit renders labels as Markdown, so a document title ``**x** ![i](http://h/t.png)``
    would become bold text and a remote image that every reader's browser fetches. Each
    Markdown-special character is backslash-escaped (CommonMark shows it literally), a
    colon is followed by an invisible word joiner (U+2060) so that ``:smile:``, ``:red[x]``
    and GFM autolinks (``http://...``, which a backslash does not stop) stay text, and
    line breaks become spaces (a label is one line).

    >>> print(literal("**bold** [link](u)"))
    \\*\\*bold\\*\\* \\[link\\]\\(u\\)
    """
    flat = _LINE_BREAKS.sub(" ", str(text))
    return _MARKDOWN_SPECIALS.sub(r"\\\1", flat).replace(":", ":\u2060")


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
    echo: int | None = None  # a word's meaning matched in the aligned English: both sides carry the id


def spans(text_len: int, words: Iterable[tuple[int, int, int]], terms: Iterable[tuple[int, int, str, int]],
          echoes: Iterable[tuple[int, int, int]] = ()) -> list[Span]:
    """Cut ``[0, text_len)`` at every word and term boundary.

    Words and terms may cross each other (엣지 컴퓨팅에서 is two words, one term plus a
    particle), so neither can nest in the other; cutting at all boundaries gives pieces
    that each belong to at most one word and one term.

    >>> [(s.start, s.end, s.word, s.term) for s in spans(9, [(0, 2, 0), (3, 9, 1)], [(0, 6, "t", 0)])]
    [(0, 2, 0, 't'), (2, 3, None, 't'), (3, 6, 1, 't'), (6, 9, 1, None)]
    """
    words, terms, echoes = list(words), list(terms), list(echoes)
    cuts = sorted({0, text_len, *(w[0] for w in words), *(w[1] for w in words),
                   *(t[0] for t in terms), *(t[1] for t in terms), *(e[0] for e in echoes), *(e[1] for e in echoes)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b or b > text_len:
            continue
        word = next((w[2] for w in words if w[0] <= a < w[1]), None)
        term = next((t for t in terms if t[0] <= a < t[1]), None)
        echo = next((e[2] for e in echoes if e[0] <= a < e[1]), None)
        out.append(Span(a, b, word, term[2] if term else None, term[3] if term else None, echo))
    return out


def render_text(text: str, pieces: Sequence[Span]) -> str:
    out = []
    for p in pieces:
        body = esc(text[p.start:p.end])
        if p.word is None and p.term is None and p.echo is None:
            out.append(body)
            continue
        classes = " ".join(c for c, on in (("dari-w", p.word is not None), ("dari-term", p.term is not None)) if on)
        out.append(f'<span{attrs(class_=classes or None, data_w=p.word, data_term=p.term, data_occ=p.occurrence, data_echo=p.echo)}>'
                   f'{body}</span>')
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
    # (start, end, echo id): a Korean word and the English word its meaning matched (dari.reading)
    ko_echoes: tuple[tuple[int, int, int], ...] = ()
    en_echoes: tuple[tuple[int, int, int], ...] = ()


def _say(lang: str, strings: Mapping[str, str]) -> str:
    # Reached with Ctrl/Alt + arrows from its sentence (the reader is one tab stop).
    return (f'<button type="button" class="dari-say"{attrs(data_say=lang, aria_label=_t(strings, f"say.{lang}"))}'
            ' tabindex="-1"><span aria-hidden="true">🔊</span></button>')


def _segment_ko(s: SegmentView, strings: Mapping[str, str]) -> str:
    body = render_text(s.ko, spans(len(s.ko), s.words, s.ko_terms, s.ko_echoes))
    rom = f'<span class="dari-rom" lang="ko-Latn">{esc(s.romanization)}</span>' if s.romanization else ""
    anchor = "dari-s-" + s.id.replace(".", "-")
    return (f'<span{attrs(class_="dari-seg", id=anchor, data_seg=s.id)}>'
            f'<span class="dari-txt">{body}</span>{_say("ko", strings)}{rom}</span>')


def _segment_en(s: SegmentView, strings: Mapping[str, str], translate: str | None = None) -> str:
    """``translate``: the Translate view's URL for this document; an untranslated sentence
    links to its own segment there."""
    t = s.translation
    if t.status is Status.UNTRANSLATED:
        link = ""
        if translate is not None:
            href = f"{translate}&seg={s.id}"
            link = f' <a{attrs(class_="dari-translate-link", href=href)}>{esc(strings["segment.translate"])}</a>'
        return (f'<span{attrs(class_="dari-seg dari-missing", data_seg=s.id)}>'
                f'{esc(strings["segment.untranslated"])}{link}</span>')
    body = render_text(t.en, spans(len(t.en), (), s.en_terms, s.en_echoes))
    badge = ""
    status_class = "dari-seg"
    if t.status is Status.FUZZY:
        status_class += " dari-fuzzy"
        badge = f'<span class="dari-badge" title="{esc(strings["segment.fuzzy_help"])}">{esc(strings["segment.fuzzy"])}</span> '
        if t.doubtful:  # automatic alignment unsure: say so louder than "needs review"
            status_class += " dari-doubtful"
            badge = (f'<span class="dari-badge dari-badge-doubtful" title="{esc(strings["segment.doubtful_help"])}">'
                     f'{esc(strings["segment.doubtful"])}</span> ')
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


def render_block(block: Block, segments: Sequence[SegmentView], strings: Mapping[str, str],
                 translate: str | None = None) -> str:
    ko = " ".join(_segment_ko(s, strings) for s in segments)
    en = " ".join(_segment_en(s, strings, translate) for s in segments)
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


# --- The Translate view (dari/ui/pages/translate.py) -----------------------------------------------


def render_diff(old: str, new: str) -> str:
    """What changed from ``old`` to ``new``, character by character (Korean has no spaces to
    lean on inside a word): removed text in <del>, added text in <ins>, every piece escaped."""
    import difflib

    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(esc(new[b1:b2]))
            continue
        if a2 > a1:
            out.append(f'<del class="dari-del">{esc(old[a1:a2])}</del>')
        if b2 > b1:
            out.append(f'<ins class="dari-ins">{esc(new[b1:b2])}</ins>')
    return f'<span class="dari-diff" lang="ko">{"".join(out)}</span>'


def render_findings(findings: Iterable, strings: Mapping[str, str], link: str | None = None) -> str:
    """QA findings (objects with ``severity``, ``check``, ``message`` and ``segment``) as a list;
    with ``link`` (a URL prefix such as ``?doc=x&seg=``) each names and links its segment."""
    items = []
    for f in findings:
        severity = f.severity if f.severity in ("error", "warning", "info") else "info"
        where = ""
        if link is not None:
            where = f'<a class="dari-finding-seg" href="{esc(link + f.segment)}">{esc(f.segment)}</a> '
        items.append(f'<li class="dari-finding dari-finding-{severity}">{where}'
                     f'<span class="dari-finding-check">{esc(f.check)}</span> {esc(f.message)}</li>')
    if not items:
        return ""
    return f'<ul class="dari-findings" aria-label="{esc(strings["translate.findings"])}">{"".join(items)}</ul>'


def render_translate_segment(
    segment_id: str,
    ko: str,
    status: Status,
    terms: Sequence[tuple[str, str]],  # (Korean as found, English equivalents)
    previous: str | None,  # the Korean the fuzzy English was written for
    findings: Sequence,
    strings: Mapping[str, str],
    english: str | None = None,  # shown as text when the view is read-only
    notes: Sequence[str] = (),  # translator notes, shown as text (when not being edited)
) -> str:
    """One segment's card above its editing form: Korean, status, glossary terms, the change
    of a fuzzy entry's Korean, findings. Every text escaped."""
    anchor = "dari-t-" + segment_id.replace(".", "-")
    status_label = esc(strings[f"translate.status.{status.value}"])
    head = (f'<div class="dari-t-head"><a class="dari-t-id" href="#{anchor}">{esc(segment_id)}</a> '
            f'<span class="dari-t-status dari-t-{status.value}">{status_label}</span></div>')
    body = f'<p class="dari-t-ko" lang="ko">{esc(ko)}</p>'
    if previous is not None and previous != ko:
        body += (f'<p class="dari-t-prev"><span class="dari-t-label">{esc(strings["translate.previous"])}</span> '
                 f'{render_diff(previous, ko)}</p>')
    if english is not None:
        shown = esc(english) if english else f'<em>{esc(strings["segment.untranslated"])}</em>'
        body += f'<p class="dari-t-en" lang="en">{shown}</p>'
    if notes:
        items = "".join(f"<li>{esc(n)}</li>" for n in notes)
        body += (f'<div class="dari-t-notes"><span class="dari-t-label">{esc(strings["translate.notes_shown"])}</span>'
                 f'<ul>{items}</ul></div>')
    if terms:
        chips = "".join(f'<li><span lang="ko">{esc(k)}</span> → <span lang="en">{esc(e)}</span></li>'
                        for k, e in terms)
        body += (f'<div class="dari-t-terms"><span class="dari-t-label">{esc(strings["translate.terms"])}</span>'
                 f'<ul>{chips}</ul></div>')
    body += render_findings(findings, strings)
    return f'<div{attrs(class_="dari-t-seg", id=anchor, data_seg=segment_id)}>{head}{body}</div>'


def render_conflict(mine: Translation, theirs: Translation, strings: Mapping[str, str]) -> str:
    """A save refused because the entry changed on disk: both versions, side by side."""
    def side(label_key: str, t: Translation) -> str:
        notes = "".join(f"<li>{esc(n)}</li>" for n in t.notes)
        fuzzy = f' <span class="dari-t-fuzzy">{esc(strings["translate.status.fuzzy"])}</span>' if t.status is Status.FUZZY else ""
        return (f'<div class="dari-conflict-side"><div class="dari-t-label">{esc(strings[label_key])}{fuzzy}</div>'
                f'<p lang="en">{esc(t.en) or "<em>" + esc(strings["segment.untranslated"]) + "</em>"}</p>'
                f'{"<ul>" + notes + "</ul>" if notes else ""}</div>')

    return (f'<div class="dari-conflict" role="alert"><p>{esc(strings["translate.conflict"])}</p>'
            f'{side("translate.conflict_mine", mine)}{side("translate.conflict_theirs", theirs)}</div>')


def render_link(href: str, text: str, css_class: str = "") -> str:
    """A same-tab link (href built by the caller from checked values); text escaped."""
    return f'<a{attrs(href=href, class_=css_class or None, target="_self")}>{esc(text)}</a>'
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
