"""Where the learner's store is and whose data it holds: what a caller needs before, or
without, loading SQLAlchemy.

The reader's first run for a new browser has no profile yet (dari.ui.profile reports it
one rerun later), so it never needs the database; importing SQLAlchemy and Alembic for
it cost ~0.4 s and ~30 MB of that first page. dari.learner.store re-exports all of this.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

FILE_NAME = "dari.sqlite3"
BUSY_TIMEOUT_MS = 5000
PROFILE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# The newest migration in dari/learner/migrations/versions (a test compares it with
# Alembic's head): a database already there is checked without importing Alembic.
HEAD_REVISION = "0002"


class StoreError(RuntimeError):
    """The database cannot be used right now; ``str()`` says why in one sentence."""


class WordStatus(StrEnum):
    NEW = "new"
    LEARNING = "learning"
    KNOWN = "known"
    IGNORED = "ignored"


def default_sqlite_path(env: Mapping[str, str] = os.environ) -> Path:
    """``$DARI_DATA/dari.sqlite3``, else ``<DARI_LIBRARY or ROOT/library>/dari.sqlite3``."""
    from dari import ROOT

    if env.get("DARI_DATA"):
        return Path(env["DARI_DATA"]) / FILE_NAME
    return Path(env.get("DARI_LIBRARY") or ROOT / "library") / FILE_NAME


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def engine_options(url: str, busy_timeout_ms: int | None = None) -> dict[str, Any]:
    """``create_engine`` keyword arguments for a URL (``st.connection`` passes them through)."""
    busy_timeout_ms = busy_timeout_ms or BUSY_TIMEOUT_MS
    if url.startswith("sqlite"):
        # The sqlite3 module's own wait for a lock, in seconds; the PRAGMA below covers
        # connections that bypass it. check_same_thread=False: Streamlit runs sessions
        # on several threads and the pool hands connections between them.
        return {"connect_args": {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10, "connect_args": {"connect_timeout": 5}}


def subject_profile_id(subject: str) -> str:
    """A signed-in user's profile id: derived from the OIDC subject, so every replica
    finds the same profile without a lookup race."""
    return "u-" + hashlib.sha256(subject.encode("utf-8")).hexdigest()[:40]


def valid_profile_id(value: object) -> bool:
    return isinstance(value, str) and bool(PROFILE_ID.match(value))
