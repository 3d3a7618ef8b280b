"""Shared fixtures. Browser fixtures live in tests/e2e/conftest.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A writable copy of tests/data/library: content/ and locales/ with one small document."""
    target = tmp_path / "library"
    shutil.copytree(DATA / "library", target)
    return target


@pytest.fixture(scope="session")
def kiwi():
    """Kiwi, loaded once for the whole session (~5 s, ~530 MB): dari.language.morphology keeps one
    instance per process, and the first analysis initialises the model. Tests that use it
    are marked ``kiwi``. Returns dari.language.morphology.tokenize."""
    from dari.language.morphology import tokenize

    tokenize("한국어")
    return tokenize


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL cluster for the session (tests/learner_db.py). Missing
    PostgreSQL fails under CI=true and skips elsewhere, saying how to install it."""
    import os

    from learner_db import pg_bindir, postgres_cluster

    if pg_bindir() is None:
        message = "PostgreSQL is missing: apt-get install postgresql (or run bash scripts/test.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with postgres_cluster() as url:
        yield url


@pytest.fixture(autouse=True, scope="session")
def _learner_data(tmp_path_factory):
    """Saved words of every test run (AppTest and servers alike) go to a temp dir, never
    into the checkout's library/dari.sqlite3. A test that needs its own sets DARI_DATA."""
    import os

    if "DARI_DATA" not in os.environ:
        os.environ["DARI_DATA"] = str(tmp_path_factory.mktemp("dari-data"))
    yield


@pytest.fixture(autouse=True)
def _derived_cache(tmp_path_factory, monkeypatch):
    """Each test gets an empty disk cache of derived data (dari.derived), as the tests that
    clear st.cache_resource expect: a page built by an earlier test is never served from disk.
    Servers a test starts inherit it through the environment."""
    monkeypatch.setenv("DARI_CACHE", str(tmp_path_factory.mktemp("derived")))
