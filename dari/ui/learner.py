"""The Streamlit side of the learner's store: which database, whose data, and what to say
when saving is off.

The database is ``st.connection("dari", type="sql")``: its URL from ``DARI_DATABASE_URL``,
else Streamlit secrets (``[connections.dari] url = ...``), else a SQLite file in the data
directory (dari.learner.store.default_sqlite_path). Whose data: the signed-in user's
(``st.user``, when ``st.login`` is configured), else this browser's profile id
(dari.ui.profile). When the database cannot be used, :func:`current` says why, pages keep
reading, and nothing is written.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import streamlit as st

from dari.learner import config
from dari.learner.config import StoreError, WordStatus
from dari.render import literal, render_message
from dari.ui.profile import browser_profile, browser_profile_fresh, mark_used


def _store():
    """dari.learner.store, imported when a run first needs the database: it loads SQLAlchemy,
    which a first page for a new browser (no profile yet) does without (dari.learner.config)."""
    from dari.learner import store

    return store


RETRY_SECONDS = 30.0  # a session that found the database down tries again after this long
_FAILED = "dari_store_failed"  # session state: (monotonic time, reason)
PROBLEM_SHOWN = "dari_store_problem_shown"  # what the shell said about the store on this run


@dataclass(frozen=True)
class Learner:
    """The store as this session sees it. ``engine`` is None when saving is off
    (``problem`` says why), not ready yet (no profile reported so far) or not needed yet
    (``fresh``: a browser id made on this visit, with nothing stored under it)."""

    engine: object | None
    profile: str | None
    problem: str | None = None
    signed_in: bool = False
    fresh: bool = False

    @property
    def ready(self) -> bool:
        return self.engine is not None and self.profile is not None


def database_url() -> str:
    if os.environ.get("DARI_DATABASE_URL"):
        return os.environ["DARI_DATABASE_URL"]
    try:
        url = st.secrets["connections"]["dari"]["url"]
        if isinstance(url, str) and url:
            return url
    except (KeyError, FileNotFoundError, AttributeError, TypeError):
        pass
    except Exception:  # StreamlitSecretNotFoundError and parse errors of secrets.toml
        pass
    return config.sqlite_url(config.default_sqlite_path())


@st.cache_resource(show_spinner=False)
def _prepared(url: str):
    """One prepared Engine per URL and process (schema upgraded once). A failure raises,
    and st.cache_resource does not cache exceptions, so a later run tries again."""
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    conn = st.connection("dari", type="sql", url=url, **config.engine_options(url))
    _store().prepare(conn.engine)
    return conn.engine


def _engine() -> tuple[object | None, str | None]:
    failed = st.session_state.get(_FAILED)
    if failed and time.monotonic() - failed[0] < RETRY_SECONDS:
        return None, failed[1]
    try:
        engine = _prepared(database_url())
    except (StoreError, OSError) as e:
        st.session_state[_FAILED] = (time.monotonic(), str(e))
        return None, str(e)
    except Exception as e:  # a bad URL, a missing driver: reading must go on
        reason = f"the database is not configured correctly ({e.__class__.__name__}: {e})"
        st.session_state[_FAILED] = (time.monotonic(), reason)
        return None, reason
    st.session_state.pop(_FAILED, None)
    return engine, None


def _signed_in_subject() -> str | None:
    try:
        if st.user.is_logged_in:
            subject = st.user.get("sub") or st.user.get("email")
            return str(subject) if subject else None
    except Exception:  # auth not configured
        return None
    return None


def current(reading: bool = False) -> Learner:
    """The store for this run. Cheap: the engine is cached, the profile comes from
    session state; the profile row itself is created on first write.

    A new browser's first run has no profile yet: its id arrives with the next rerun
    (dari.ui.profile), and nothing can be read or written for it before. That run does
    not open the database at all, so a first page never waits for SQLAlchemy. Nor does
    a run that only ``reading`` for a ``fresh`` id (made on this visit): there is nothing
    to read for it. Its first write opens the database (:func:`writer`)."""
    subject = _signed_in_subject()
    profile = config.subject_profile_id(subject) if subject else browser_profile()
    if profile is None or (reading and not subject and browser_profile_fresh()):
        failed = st.session_state.get(_FAILED)
        recent = failed and time.monotonic() - failed[0] < RETRY_SECONDS
        return Learner(None, profile, failed[1] if recent else None, fresh=profile is not None)
    if not subject and browser_profile_fresh():
        mark_used()  # from now on this session reads what it stores
    engine, problem = _engine()
    if engine is not None and subject and not st.session_state.get("dari_subject_known"):
        try:
            _store().ensure_profile(engine, profile, subject=subject)
            st.session_state["dari_subject_known"] = True
        except StoreError as e:
            return Learner(None, profile, str(e), True)
    return Learner(engine, profile, problem, bool(subject))


def writer(me: Learner) -> Learner:
    """``me``, with the database opened if it was left closed for a fresh id: about to write."""
    return current() if me.fresh and me.engine is None else me


def for_page(t) -> Learner | None:
    """The store for a page that lists the reader's own data (Words, Review): opened now,
    fresh id or not. None, after saying why, when it cannot be used yet: "Saving is off"
    (unless the shell, which left the database closed for a fresh id, said so on this run)
    or, before the browser's profile is known, "Loading your words"."""
    me = current()
    if me.problem:
        if st.session_state.get(PROBLEM_SHOWN) != me.problem:
            st.html(render_message("warning", t("learner.saving_off", reason=me.problem)))
        return None
    if me.profile is None or me.engine is None:  # the database opens once the browser's profile is known
        st.html(render_message("info", t("learner.loading")))
        return None
    return me


def failed(reason: str) -> None:
    """A write failed mid-session: stop saving for RETRY_SECONDS and let the page say so."""
    st.session_state[_FAILED] = (time.monotonic(), reason)


CSS = """
.dari-saved { list-style: none; padding: 0; margin: 0 0 .6rem; }
.dari-saved li { padding: .35rem 0; border-bottom: 1px solid rgb(128 128 128 / .2); word-break: keep-all; }
.dari-saved-ko { font-size: 1.05rem; }
.dari-saved-en { opacity: .8; font-size: .92rem; }
.dari-saved-link { font-size: .8rem; }
.dari-saved mark, .dari-review-ko mark { background: #ffe9a8; color: inherit; padding: 0 .1em; border-radius: .2em; }
.dari-review-front { font-size: 1.6rem; line-height: 1.6; word-break: keep-all; margin: .8rem 0; }
.dari-review-rom { font-size: 1rem; opacity: .7; }
.dari-review-back { border-top: 1px solid rgb(128 128 128 / .3); padding-top: .6rem; margin-bottom: .8rem; }
.dari-review-lemma { font-size: 1.5rem; font-weight: 700; }
.dari-review-pos { font-size: .9rem; font-weight: 400; opacity: .65; }
.dari-review-meaning { font-size: 1.15rem; margin: .2rem 0 .5rem; }
.dari-review-meaning.dari-none { opacity: .65; font-size: .95rem; }
.dari-review-en { margin-top: .5rem; font-style: italic; }
.dari-review-back .dari-morphs { list-style: none; padding: 0; margin: .2rem 0; }
.dari-review-back .dari-morph-tag { opacity: .55; font-size: .8rem; }
"""


def page_css() -> None:
    st.markdown(f"<style>{CSS}</style>", unsafe_allow_html=True)


# ---- the Read page: saving from the word card, statuses in the text, position --------------

VERSION = "dari_learner_version"  # bumped on each write of this session: invalidates its caches
TINT = "learner_tint"
SAVE_ERROR = "learner_save_error"


def _bump() -> None:
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def page_keys(words: list) -> list[tuple[str, str]]:
    """The distinct (lemma, pos) of a page payload's word rows ([surface, lemma, pos, ...])."""
    return list(dict.fromkeys((row[1], row[2]) for row in words if row[1]))


def _sentence(loaded, seg_id: str, surface: str, romanization: str):
    """The saved word's sentence: Korean from the document, English from its catalog."""
    doc = loaded.doc
    if seg_id == "title":
        korean, block = doc.title, 0
    else:
        segment = next((s for s in doc.segments if s.id == seg_id), None)
        if segment is None:
            return None
        korean, block = segment.ko, int(seg_id.split(".", 1)[0])
    tr = loaded.table.get(korean)
    return _store().Sentence(doc=doc.slug, segment=seg_id, korean=korean, english=tr.en if tr else "",
                          surface=surface, block=block, romanization=romanization)


CHANGES = "learner"  # the reader's state key: {"changes": [{seq, lemma, pos, surface, rom, status, doc, seg}]}
APPLIED = "learner_seq"  # session state: the highest change seq written


def _valid_change(c: object, documents: set[str]) -> bool:
    return (isinstance(c, dict) and type(c.get("seq")) is int and 0 <= c["seq"] < 2**53
            and c.get("status") in _STATUS_VALUES
            and all(isinstance(c.get(k), str) and 0 < len(c[k]) <= 200 for k in ("lemma", "surface"))
            and isinstance(c.get("pos"), str) and len(c["pos"]) <= 80 and c.get("doc") in documents)


_STATUS_VALUES = {s.value for s in WordStatus}
MAX_CHANGES = 500  # pending status changes one report may carry (the browser resends until confirmed)


def apply_changes(me: Learner, reported: object) -> bool:
    """Write the statuses chosen on word cards. They come as reader *state* (not a one-shot
    trigger, which a rerun interrupted by the next click loses), each with an increasing
    ``seq``: a change is written once, in order, and one refused (profile not known yet,
    database down) stays in the browser's state and is written by a later rerun.
    The sentence is looked up here from the document and segment id, never taken from the browser."""
    changes = (reported or {}).get("changes") if isinstance(reported, dict) else None
    if not isinstance(changes, list) or not changes:
        return False
    me = writer(me)
    if not me.ready:
        return False
    changes = changes[-MAX_CHANGES:]  # the browser is not trusted with the server's time
    from dari.ui import data

    documents = set(data.documents())
    applied = st.session_state.get(APPLIED, 0)
    wrote = False
    for c in sorted((c for c in changes if _valid_change(c, documents)), key=lambda c: c["seq"]):
        if c["seq"] <= applied:
            continue
        loaded = data.load(c["doc"])
        seg = c.get("seg")
        sentence = (_sentence(loaded, seg, c["surface"], str(c.get("rom") or ""))
                    if loaded.doc is not None and isinstance(seg, str) else None)
        try:
            _store().save_word(me.engine, me.profile, c["lemma"], c["pos"], status=c["status"], sentence=sentence)
        except (StoreError, ValueError) as e:
            if isinstance(e, StoreError):
                failed(str(e))
                st.session_state[SAVE_ERROR] = str(e)
                return wrote
            # a malformed change is skipped, not retried forever
        applied = c["seq"]
        st.session_state[APPLIED] = applied
        wrote = True
    if wrote:
        _bump()
    return wrote


def statuses_live(me: Learner, words: list) -> dict:
    """What the reader needs to tint words: ``{"statuses": {"lemma|pos": status}, "tint", "saving"}``."""
    found: dict[str, str] = {}
    if me.ready:
        try:
            found = {f"{k[0]}|{k[1]}": v.value for k, v in _store().statuses(me.engine, me.profile, page_keys(words)).items()}
        except StoreError as e:
            failed(str(e))
            me = Learner(None, me.profile, str(e))
    # "saving" is about the database, not the profile: on a first visit the browser's id
    # arrives one rerun after the page (and the database is opened then), and a card
    # opened meanwhile must still offer to save.
    return {"statuses": found, "tint": bool(st.session_state.get(TINT, False)), "saving": me.problem is None}


def remember_position(me: Learner, doc: str, block: int | None) -> None:
    """The paragraph last read: written when it changes (a ¶ link, a page turn, a scroll report)."""
    if not block or not (me.ready or me.fresh):
        return
    seen = st.session_state.setdefault("learner_positions", {})
    if seen.get(doc) == block:
        return
    me = writer(me)
    if not me.ready:
        return
    try:
        _store().set_position(me.engine, me.profile, doc, int(block))
        seen[doc] = block
        _bump()
    except (StoreError, ValueError) as e:
        failed(str(e))


def saved_position(me: Learner, doc: str) -> int | None:
    if not me.ready:
        return None
    try:
        return _store().position(me.engine, me.profile, doc)
    except StoreError:
        return None


def library_marks(me: Learner, slugs: list[str]) -> dict[str, tuple[float | None, int | None]]:
    """Each document's (known share, last paragraph read) for the library list, cached for
    this session until it writes (or for a minute: another tab may have written)."""
    if not me.ready:
        return {}
    from dari.ui import data

    stamp = (st.session_state.get(VERSION, 0), int(time.monotonic() // 60), me.profile)
    cached = st.session_state.get("learner_shares")
    if cached and cached[0] == stamp:
        return cached[1]
    marks = {}
    try:
        places = _store().positions(me.engine, me.profile)
        for slug in slugs:
            keys = data.lemmas(slug)
            share = _store().known_share(me.engine, me.profile, keys) if keys else None
            if share is not None or places.get(slug):
                marks[slug] = (share, places.get(slug))
    except StoreError as e:
        failed(str(e))
        return {}
    st.session_state["learner_shares"] = (stamp, marks)
    return marks


def mark_rest_known(me: Learner, words: list) -> None:
    me = writer(me)
    if not me.ready:
        return
    try:
        n = _store().mark_known(me.engine, me.profile, page_keys(words))
        st.session_state["learner_marked"] = n
        _bump()
    except StoreError as e:
        failed(str(e))
        st.session_state[SAVE_ERROR] = str(e)


def read_sidebar(me: Learner, t, words: list) -> None:
    """Replaces the old looked-up-words list: a link to the Words page, the tint toggle
    and "mark the rest of this page as known"."""
    st.markdown(f"<style>{READ_CSS}</style>", unsafe_allow_html=True)
    st.subheader(literal(t("sidebar.your_words")))
    st.page_link(_words_page(), label=literal(t("learner.open_words")), icon=":material/bookmarks:")
    st.toggle(literal(t("learner.tint")), key=TINT, help=literal(t("learner.tint_help")))
    if (me.ready or me.fresh) and words:
        st.button(literal(t("learner.mark_rest")), key="learner_mark_rest", help=literal(t("learner.mark_rest_help")),
                  on_click=mark_rest_known, args=(me, words))
    marked = st.session_state.pop("learner_marked", None)
    if marked is not None:
        st.caption(literal(t("learner.marked", n=marked)))


def _words_page():
    """The Words page object registered by dari.ui.shell (page_link needs the same one)."""
    from dari.ui.pages import entry

    return st.Page(entry("words"), url_path="words")


# The reader component is not style-isolated, so page CSS reaches its word spans.
# Tinted (toggle): unknown words stand out most (LingQ's blue), New and Learning in
# warmer tones, Known and Ignored plain.
READ_CSS = """
.dari-root.dari-tint .dari-w[data-st="unknown"] { background: rgb(66 133 244 / .16); }
.dari-root.dari-tint .dari-w[data-st="new"] { background: rgb(255 193 7 / .38); }
.dari-root.dari-tint .dari-w[data-st="learning"] { background: rgb(255 152 0 / .22); }
.dari-root.dari-tint .dari-w[data-st="known"], .dari-root.dari-tint .dari-w[data-st="ignored"] { background: none; }
.dari-statuses { display: flex; flex-wrap: wrap; gap: .3rem; margin: .2rem 0 .5rem; }
.dari-status { font: inherit; font-size: .85rem; padding: .15rem .55rem; border-radius: 1rem; cursor: pointer;
  border: 1px solid rgb(128 128 128 / .45); background: transparent; color: inherit; }
.dari-status[aria-pressed="true"] { background: var(--dari-accent, #d6336c); border-color: transparent; color: #fff; }
"""
