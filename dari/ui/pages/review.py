"""The Review page: the saved words due today, one card at a time, scheduled by FSRS.

Front: the Korean sentence the word was saved from, the word marked, its romanization on
demand. Back: the dictionary form, the meaning, the particles and endings (from the
document's stored analysis), the sentence's human English. Again / Hard / Good / Easy,
also on keys 1-4 (dari/ui/review.js; space or Enter shows the answer).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dari.learner import store
from dari.learner.store import SavedWord, Sentence, StoreError
from dari.models import ContentError
from dari.render import literal, render_message, render_review_back, render_review_front
from dari.ui import data, learner
from dari.ui.interface import interface_language

HERE = Path(__file__).resolve().parent.parent
KEYS = "review_keys"
SHOWN = "review_shown"  # session state: the word (lemma|pos) whose answer is showing
RATINGS = (("again", 1), ("hard", 2), ("good", 3), ("easy", 4))


@st.cache_resource(show_spinner=False)
def _keys_component():
    return st.components.v2.component("dari_review_keys", html="", js=(HERE / "review.js").read_text(encoding="utf-8"))


def _declared() -> None:
    """Trigger names are declared by their callbacks; main() reads the values."""


def word_id(w: SavedWord) -> str:
    return f"{w.lemma}|{w.pos}"


def analysed(sentence: Sentence):
    """The stored analysis of the saved form in its sentence (dari.language.lookup's file),
    or None when the document, its analysis or the sentence has changed since."""
    try:
        loaded = data.load(sentence.doc)
    except KeyError:
        return None
    try:
        words = loaded.analysis.load([sentence.korean]).words.get(sentence.korean, ())
    except ContentError:  # a broken stored analysis: the card goes without particles and endings
        return None
    for found in words:
        if found.analysis.surface == sentence.surface:
            return found.analysis
    return None


def _rate(me: learner.Learner, t, w: SavedWord, rating: int) -> None:
    try:
        store.review(me.engine, me.profile, w.lemma, w.pos, rating)
    except StoreError as e:
        learner.failed(str(e))
        st.session_state["review_error"] = t("learner.saving_off", reason=str(e))
    except KeyError:
        pass  # deleted on another tab in the meantime
    st.session_state.pop(SHOWN, None)


def _reveal(w: SavedWord) -> None:
    st.session_state[SHOWN] = word_id(w)


def main() -> None:
    t = data.ui_strings(interface_language())
    st.title(literal(t("nav.review")))
    learner.page_css()
    me = learner.for_page(t)
    if me is None:
        return
    if st.session_state.get("review_error"):
        st.html(render_message("error", st.session_state.pop("review_error")))
    try:
        waiting = store.due_count(me.engine, me.profile)
        cards = store.due(me.engine, me.profile, limit=1)
    except StoreError as e:
        learner.failed(str(e))
        st.html(render_message("error", t("learner.saving_off", reason=str(e))))
        return

    # A key pressed in the browser (review.js) arrives as a one-shot trigger naming its word.
    keys = st.session_state.get(KEYS) or {}
    if cards:
        w = cards[0]
        rated = keys.get("rate")
        if isinstance(rated, dict) and rated.get("word") == word_id(w) and rated.get("rating") in (1, 2, 3, 4):
            _rate(me, t, w, rated["rating"])
            st.rerun()
        revealed = keys.get("reveal")
        if isinstance(revealed, dict) and revealed.get("word") == word_id(w):
            _reveal(w)

    if not cards:
        st.html(render_message("info", t("review.done")))
        return
    w = cards[0]
    st.caption(literal(t("review.due", n=waiting)))
    sentence = w.sentences[0] if w.sentences else Sentence(doc="", segment="", korean=w.lemma, surface=w.lemma)
    analysis = analysed(sentence) if sentence.doc else None
    romanization = sentence.romanization or (analysis.romanization if analysis else "")
    show_rom = st.toggle(literal(t("review.romanization")), key="review_rom")
    st.html(render_review_front(sentence.korean, sentence.surface, romanization, show_rom))
    shown = st.session_state.get(SHOWN) == word_id(w)
    _keys_component()(key=KEYS, data={"word": word_id(w), "shown": shown}, default={},
                      on_rate_change=_declared, on_reveal_change=_declared)
    if not shown:
        st.button(literal(t("review.show")), key="review_show", on_click=_reveal, args=(w,), type="primary")
        st.caption(literal(t("review.keys_help")))
        return
    morphemes = [(m.form, m.tag, m.gloss) for m in analysis.morphemes] if analysis else []
    st.html(render_review_back(w.lemma, w.pos, w.meaning or data.meaning_of(w.lemma, w.pos), morphemes, sentence.english, t))
    columns = st.columns(4)
    for column, (name, value) in zip(columns, RATINGS, strict=True):
        column.button(literal(f"{value} · {t(f'review.{name}')}"), key=f"review_{name}", on_click=_rate,
                      args=(me, t, w, value), width="stretch")
