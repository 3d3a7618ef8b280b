"""The Words page: the reader's saved words. Search, filter by status and document, edit a
word's meaning, note and status, delete it; the sentences it was saved from link back to
the text. Export (.apkg, CSV, the profile as JSON) and import of a profile.

Every write happens in a widget callback, so a rerun never repeats it; a failed write
turns saving off for the session (dari.ui.learner.failed) and says so.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

import streamlit as st

from dari.learner import export, store
from dari.learner.schema import WordStatus
from dari.learner.store import SavedWord, StoreError
from dari.render import literal, render_message, render_saved_sentences
from dari.ui import data, learner
from dari.ui.interface import interface_language

SHOWN = 100  # words listed at once; search or filter to reach the rest
_NOTICE = "words_notice"  # session state: (kind, text) shown once after a callback


def word_key(lemma: str, pos: str) -> str:
    """A word's widget-key suffix: stable across reruns and orderings, safe in a key."""
    return hashlib.sha1(f"{lemma}\x1f{pos}".encode()).hexdigest()[:12]


def titles() -> dict[str, str]:
    out = {}
    for slug in data.documents():
        loaded = data.load(slug)
        out[slug] = loaded.doc.title if loaded.doc else slug
    return out


def link_back(doc: str, block: int) -> str:
    params = {"doc": doc}
    if block:
        params["p"] = str(block)
    if st.query_params.get("ui"):
        params["ui"] = st.query_params["ui"]
    return "/?" + urlencode(params)


def _write(me: learner.Learner, t, action, *args, done: str | None = None, **kwargs) -> None:
    try:
        action(me.engine, me.profile, *args, **kwargs)
        if done:
            st.session_state[_NOTICE] = ("info", done)
    except StoreError as e:
        learner.failed(str(e))
        st.session_state[_NOTICE] = ("error", t("learner.saving_off", reason=str(e)))


def _save_edits(me, t, w: SavedWord, k: str) -> None:
    status = st.session_state.get(f"w-status-{k}") or w.status.value
    _write(me, t, store.edit_word, w.lemma, w.pos, meaning=st.session_state.get(f"w-meaning-{k}", ""),
           note=st.session_state.get(f"w-note-{k}", ""))
    if status != w.status.value:
        _write(me, t, store.set_status, w.lemma, w.pos, status)
    st.session_state[_NOTICE] = ("info", t("words.saved", word=w.lemma))


def _import(me, t) -> None:
    upload = st.session_state.get("words_import")
    if upload is None:
        return
    try:
        result = store.import_profile(me.engine, me.profile, json.loads(upload.getvalue().decode("utf-8-sig")))
    except (ValueError, UnicodeDecodeError) as e:  # json.JSONDecodeError is a ValueError
        st.session_state[_NOTICE] = ("error", t("words.import_bad", name=upload.name, error=str(e)))
        return
    except StoreError as e:
        learner.failed(str(e))
        st.session_state[_NOTICE] = ("error", t("learner.saving_off", reason=str(e)))
        return
    st.session_state[_NOTICE] = ("info", t("words.imported", added=result.added, updated=result.updated,
                                           unchanged=result.unchanged))


def status_label(t, status: WordStatus | str) -> str:
    return t(f"status.{WordStatus(status).value}")


def _word(me, t, w: SavedWord, names: dict[str, str]) -> None:
    k = word_key(w.lemma, w.pos)
    meaning = w.meaning or data.meaning_of(w.lemma, w.pos)  # the reader's own, else the lexicon's
    label = f"{w.lemma} · {w.pos} · {status_label(t, w.status)}" + (f" — {meaning}" if meaning else "")
    with st.expander(learner.literal(label)):
        sentences = [(s.korean, s.surface, s.english, link_back(s.doc, s.block),
                      f"{names.get(s.doc, s.doc)} ¶{s.block}" if s.block else names.get(s.doc, s.doc))
                     for s in w.sentences]
        st.html(render_saved_sentences(sentences, t))
        with st.form(key=f"w-form-{k}", border=False):
            st.segmented_control(literal(t("words.status")), options=[s.value for s in WordStatus], default=w.status.value,
                                 format_func=lambda s: literal(status_label(t, s)), key=f"w-status-{k}")
            st.text_input(literal(t("words.meaning")), value=w.meaning or "", key=f"w-meaning-{k}",
                          placeholder=data.meaning_of(w.lemma, w.pos) or literal(t("words.meaning_placeholder")))
            st.text_area(literal(t("words.note")), value=w.note or "", key=f"w-note-{k}", height=68)
            st.form_submit_button(literal(t("words.save")), on_click=_save_edits, args=(me, t, w, k))
        st.button(literal(t("words.delete")), key=f"w-delete-{k}", icon=":material/delete:",
                  on_click=_write, args=(me, t, store.delete_word, w.lemma, w.pos),
                  kwargs={"done": t("words.deleted", word=w.lemma)})


def _exports(me, t, names: dict[str, str]) -> None:
    engine, profile = me.engine, me.profile

    # Callables: each download is made from the database when it is clicked, so it is
    # never stale and never a media file that has expired (no 404 after a rerun).
    def apkg() -> bytes:
        return export.apkg_bytes(export.rows(store.words(engine, profile), names, data.meaning_of))

    def table() -> bytes:
        return export.csv_bytes(export.rows(store.words(engine, profile), names, data.meaning_of))

    def profile_json() -> bytes:
        return json.dumps(store.export_profile(engine, profile), ensure_ascii=False, indent=1).encode("utf-8")

    st.subheader(literal(t("words.export")))
    a, b, c = st.columns(3)
    a.download_button(literal(t("words.export_apkg")), data=apkg, file_name="dari-words.apkg",
                      mime="application/octet-stream", key="words_apkg", on_click="ignore", icon=":material/style:")
    b.download_button(literal(t("words.export_csv")), data=table, file_name="dari-words.csv", mime="text/csv",
                      key="words_csv", on_click="ignore", icon=":material/table:")
    c.download_button(literal(t("words.export_profile")), data=profile_json, file_name="dari-profile.json",
                      mime="application/json", key="words_profile", on_click="ignore", icon=":material/person:")
    st.caption(literal(t("words.export_help")))
    st.file_uploader(literal(t("words.import")), type=["json"], key="words_import", help=literal(t("words.import_help")))
    st.button(literal(t("words.import_button")), key="words_import_go", on_click=_import, args=(me, t),
              disabled=st.session_state.get("words_import") is None)


def main() -> None:
    t = data.ui_strings(interface_language())
    st.title(literal(t("nav.words")))
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.html(render_message(notice[0], notice[1]))
    learner.page_css()
    me = learner.for_page(t)
    if me is None:
        return
    names = titles()
    left, middle, right = st.columns([2, 2, 1.4])
    search = left.text_input(literal(t("words.search")), key="words_q", placeholder="썩다 · rot")
    status = middle.segmented_control(literal(t("words.status")), options=[s.value for s in WordStatus],
                                      format_func=lambda s: literal(status_label(t, s)), key="words_status")
    doc = right.selectbox(literal(t("words.document")), options=["", *names], format_func=lambda s: literal(names.get(s, t("words.all"))),
                          key="words_doc")
    try:
        total = store.count_words(me.engine, me.profile)
        found = store.words(me.engine, me.profile, search=search, status=status, doc=doc or None, limit=SHOWN + 1)
    except StoreError as e:
        learner.failed(str(e))
        st.html(render_message("error", t("learner.saving_off", reason=str(e))))
        return
    if not total:
        st.html(render_message("info", t("words.none")))
    else:
        shown = found[:SHOWN]
        st.caption(literal(t("words.count", n=len(shown), total=total) + (" " + t("words.more") if len(found) > SHOWN else "")))
        for w in shown:
            _word(me, t, w, names)
    _exports(me, t, names)
