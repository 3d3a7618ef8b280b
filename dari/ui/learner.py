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
import re
import time
from dataclasses import dataclass

import streamlit as st

from dari.learner import store
from dari.learner.store import StoreError
from dari.ui.profile import browser_profile

RETRY_SECONDS = 30.0  # a session that found the database down tries again after this long
_FAILED = "dari_store_failed"  # session state: (monotonic time, reason)


@dataclass(frozen=True)
class Learner:
    """The store as this session sees it. ``engine`` is None when saving is off
    (``problem`` says why) or not ready yet (no profile reported so far)."""

    engine: object | None
    profile: str | None
    problem: str | None = None
    signed_in: bool = False

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
    return store.sqlite_url(store.default_sqlite_path())


@st.cache_resource(show_spinner=False)
def _prepared(url: str):
    """One prepared Engine per URL and process (schema upgraded once). A failure raises,
    and st.cache_resource does not cache exceptions, so a later run tries again."""
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    conn = st.connection("dari", type="sql", url=url, **store.engine_options(url))
    store.prepare(conn.engine)
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


def current() -> Learner:
    """The store for this run. Cheap: the engine is cached, the profile comes from
    session state; the profile row itself is created on first write."""
    engine, problem = _engine()
    subject = _signed_in_subject()
    profile = store.subject_profile_id(subject) if subject else browser_profile()
    if engine is not None and subject and not st.session_state.get("dari_subject_known"):
        try:
            store.ensure_profile(engine, profile, subject=subject)
            st.session_state["dari_subject_known"] = True
        except StoreError as e:
            return Learner(None, profile, str(e), True)
    return Learner(engine, profile, problem, bool(subject))


def failed(reason: str) -> None:
    """A write failed mid-session: stop saving for RETRY_SECONDS and let the page say so."""
    st.session_state[_FAILED] = (time.monotonic(), reason)


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def literal(text: str) -> str:
    """Text shown as itself in a widget label (labels are Markdown)."""
    from dari import render

    own = getattr(render, "literal", None)
    return own(text) if own else _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


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
