"""The "Add a text" page: a Korean text (pasted or uploaded), optionally its English, into
the user's library; and the user's texts, renamed or deleted.

The page never runs Kiwi. It checks the input (dari.library.importing.prepare: encoding,
size, empty text, title), queues a job for the worker process (dari.worker) and polls its
status file in a fragment; when the job is done it opens the new text in the reader.
Every message is rendered by dari.render (escaped); every user text in a widget label
goes through ``literal`` (labels are Markdown).
"""

from __future__ import annotations

import streamlit as st

from dari.library.importing import SIZE_LIMIT, ImportRefused, prepare
from dari.library.shelf import ShelfError, delete, rename
from dari.render import literal, render_message
from dari.ui import data
from dari.ui.interface import interface_language
from dari.ui.pages import read
from dari.worker import job_status, submit

JOB_KEY = "add_job"  # session state: the job this session is waiting for
DONE_KEY = "add_done"  # session state: the slug of a finished import, to open in the reader
POLL_SECONDS = 0.5
LIMIT = f"{SIZE_LIMIT // (1024 * 1024)} MB"
# The browser refuses bigger uploads before they reach the server's memory; between the two
# limits the import's own message says the limit.
UPLOAD_MB = SIZE_LIMIT // (1024 * 1024) + 1


def worker_missing() -> list[str]:
    """The import worker's packages that are not installed (looked up, never imported here)."""
    from importlib.util import find_spec

    return [name for name in WORKER_PACKAGES if find_spec(name) is None]


WORKER_PACKAGES = ("kiwipiepy", "kiwipiepy_model", "ko_pron")


def _user_library():
    return data.shelf().user


def _input(pasted: str, uploaded, pasted_name: str) -> tuple[bytes | None, str]:
    """An upload wins over pasted text; bytes are passed on as they came (the import decodes)."""
    if uploaded is not None:
        return uploaded.getvalue(), uploaded.name
    if pasted and pasted.strip():
        return pasted.encode("utf-8"), pasted_name
    return None, pasted_name


def _form(t) -> None:
    with st.form("add_form", border=False):
        title = st.text_input(literal(t("add.field_title")), max_chars=200, help=literal(t("add.field_title_help")))
        source = st.text_input(literal(t("add.field_source")), max_chars=200, help=literal(t("add.field_source_help")))
        st.markdown(f"**{literal(t('add.korean'))}**")
        korean_text = st.text_area(literal(t("add.paste")), height=200, key="add_korean_text",
                                   placeholder="일론 머스크가 결국 트위터를 가졌는데 …")
        korean_file = st.file_uploader(literal(t("add.upload")), type=["txt", "md"], key="add_korean_file",
                                       max_upload_size=UPLOAD_MB)
        st.markdown(f"**{literal(t('add.english'))}**")
        st.caption(literal(t("add.english_help")))
        english_title = st.text_input(literal(t("add.field_english_title")), max_chars=200)
        english_text = st.text_area(literal(t("add.paste")), height=150, key="add_english_text")
        english_file = st.file_uploader(literal(t("add.upload")), type=["txt", "md"], key="add_english_file",
                                        max_upload_size=UPLOAD_MB)
        submitted = st.form_submit_button(literal(t("add.submit")), type="primary")
    if not submitted:
        return
    korean, korean_name = _input(korean_text, korean_file, t("add.pasted_korean"))
    english, english_name = _input(english_text, english_file, t("add.pasted_english"))
    if korean is None:
        st.html(render_message("error", t("add.no_text")))
        return
    try:
        prepared = prepare(korean, korean_name, title=title, source=source, english=english,
                           english_name=english_name, english_title=english_title)
    except ImportRefused as e:
        st.html(render_message("error", t("add.refused", reason=str(e))))
        return
    library = _user_library()
    try:
        job_id = submit(library, korean, korean_name=korean_name, title=title, source=source,
                        english=english, english_name=english_name, english_title=english_title)
    except OSError as e:
        st.html(render_message("error", t("add.cannot_queue", reason=f"{library.jobs_dir}: {e.strerror or e}")))
        return
    st.session_state[JOB_KEY] = {"id": job_id, "notices": list(prepared.notices),
                                 "english": english is not None}
    st.rerun()


@st.fragment(run_every=POLL_SECONDS)
def _progress(t) -> None:
    job = st.session_state.get(JOB_KEY)
    if not job:
        return
    status = job_status(_user_library(), job["id"])
    stage = status.get("stage", "queued")
    for notice in job.get("notices", []):
        st.html(render_message("info", notice))
    if stage == "done" and status.get("slug") in data.documents():
        # Switching pages from inside a fragment run sometimes left the page blank: hand
        # over to a full run, which switches (see main).
        st.session_state.pop(JOB_KEY, None)
        st.session_state[DONE_KEY] = status["slug"]
        st.rerun(scope="app")
    if status.get("finished"):
        st.html(render_message("error", t("add.failed", reason=status.get("error") or stage)))
        if st.button(literal(t("add.again")), key="add_again"):
            st.session_state.pop(JOB_KEY, None)
            st.rerun(scope="app")
        return
    label = t(f"add.stage.{stage}") if stage in STAGES else stage
    message = status.get("message") or ""
    if stage == "queued" and status.get("ahead"):
        message = t("add.ahead", n=status["ahead"])
    st.progress(min(max(float(status.get("fraction") or 0.0), 0.0), 1.0),
                text=literal(f"{label}: {message}" if message else label))


STAGES = ("queued", "starting", "reading", "splitting", "aligning", "analysing", "writing")


def _your_texts(t) -> None:
    st.subheader(literal(t("add.yours")))
    listing = data.listing()
    mine = [e for e in listing.entries.values() if e.writable]
    if not mine:
        st.caption(literal(t("add.yours_none")))
        return
    for entry in mine:
        loaded = data.load(entry.slug)
        title = loaded.doc.title if loaded.doc else entry.slug
        with st.expander(literal(title)):
            st.caption(literal(f"{entry.slug} · {t('add.yours_source', source=loaded.doc.source)}"
                               if loaded.doc and loaded.doc.source else entry.slug))
            new_title = st.text_input(literal(t("add.field_title")), value=title, key=f"rename-{entry.slug}", max_chars=200)
            left, right = st.columns(2)
            if left.button(literal(t("add.rename")), key=f"rename-go-{entry.slug}"):
                _rename(t, entry.slug, new_title)
            confirm_key = f"delete-confirm-{entry.slug}"
            if not st.session_state.get(confirm_key):
                if right.button(literal(t("add.delete")), key=f"delete-{entry.slug}"):
                    st.session_state[confirm_key] = True
                    st.rerun()
            else:
                st.html(render_message("warning", t("add.delete_confirm", title=title)))
                yes, no = st.columns(2)
                if yes.button(literal(t("add.delete_yes")), key=f"delete-yes-{entry.slug}", type="primary"):
                    st.session_state.pop(confirm_key, None)
                    _delete(t, entry.slug)
                if no.button(literal(t("add.delete_no")), key=f"delete-no-{entry.slug}"):
                    st.session_state.pop(confirm_key, None)
                    st.rerun()


def _rename(t, slug: str, title: str) -> None:
    from dari.library.importing import library_lock
    from dari.models import ContentError

    try:
        entry = data.entry(slug)
        with library_lock(entry.library):
            rename(entry, title)
    except (ShelfError, ContentError, KeyError, OSError) as e:
        st.session_state["add_message"] = ("error", t("add.rename_failed", reason=str(e)))
    else:
        st.session_state["add_message"] = ("info", t("add.renamed", title=title.strip()))
    st.rerun()


def _delete(t, slug: str) -> None:
    from dari.library.importing import library_lock

    try:
        entry = data.entry(slug)
        with library_lock(entry.library):
            where = delete(entry)
    except (ShelfError, KeyError, OSError) as e:
        st.session_state["add_message"] = ("error", t("add.delete_failed", reason=str(e)))
    else:
        st.session_state["add_message"] = ("info", t("add.deleted", where=str(where)))
    st.rerun()


def main() -> None:
    done = st.session_state.pop(DONE_KEY, None)
    if done in data.documents():
        params = {"doc": done}
        if st.query_params.get("ui"):
            params["ui"] = st.query_params["ui"]
        st.switch_page(st.Page(read.main, url_path="read"), query_params=params)
    t = data.ui_strings(interface_language())
    st.title(literal(t("add.heading")))
    st.html(render_message("info", t("add.intro", limit=LIMIT)))
    note = st.session_state.pop("add_message", None)
    if note:
        st.html(render_message(*note))
    missing = worker_missing()
    if st.session_state.get(JOB_KEY):
        _progress(t)
    elif missing:
        st.html(render_message("error", t("add.worker_missing", packages=", ".join(missing))))
    else:
        _form(t)
    _your_texts(t)
