"""The disk cache of derived data (dari.derived) and the reader's first page: a new process
shows a page from it without loading the document, never a stale page, and the first run
for a new browser loads neither SQLAlchemy nor Streamlit's emoji table."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import streamlit as st
from apptest_helpers import library_radio, reader_payload, run_app

from dari import ROOT, derived
from dari.library.catalog import catalog_path, read_catalog, write_catalog
from dari.ui import data as ui_data

APP = str(ROOT / "app.py")
SLUG = "musk-twitter-ai"


_reader, run = reader_payload, run_app


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """The bundled library copied, so a test can edit its files."""
    content, locales = tmp_path / "content", tmp_path / "locales"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "locales", locales)
    monkeypatch.setattr(ui_data, "CONTENT_DIR", content)
    monkeypatch.setattr(ui_data, "LOCALES_DIR", locales)
    monkeypatch.setattr(ui_data, "GLOSSARY_PATH", catalog_path(locales, "en", "glossary"))
    monkeypatch.setattr(ui_data, "LEXICON_PATH", catalog_path(locales, "en", "lexicon"))
    st.cache_resource.clear()
    yield content, locales
    st.cache_resource.clear()


def _new_process() -> None:
    """What a new server process starts with: no in-memory cache."""
    st.cache_resource.clear()


def test_a_new_process_shows_the_page_without_loading_the_document(copy, monkeypatch):
    first = _reader(run())
    assert list(derived.directory().glob("page-*.json")) and list(derived.directory().glob("summary-*.json"))
    _new_process()

    def refuse(slug):
        raise AssertionError(f"the whole document {slug} was loaded for its first page")

    monkeypatch.setattr(ui_data, "load", refuse)
    at = run()
    assert _reader(at)["html"] == first["html"] and _reader(at)["words"] == first["words"]
    captions = [c for r in at.sidebar.radio if str(r.key).startswith("library-") for c in r.proto.captions]
    plain = [re.sub(r"\\(.)", r"\1", c).replace("\u2060", "") for c in captions]  # render.literal undone
    assert plain == ["Translation: 100%"]  # the summary came from disk too


def test_an_edited_catalog_is_never_served_from_the_old_page(copy):
    content, locales = copy
    before = _reader(run())["html"]
    path = catalog_path(locales, "en", SLUG)
    po = read_catalog(path)
    entry = next(e for e in po if e.msgstr and not e.obsolete and e.msgid.startswith("일론 머스크가"))
    entry.msgstr = "A sentence changed on disk."
    write_catalog(po, path)
    _new_process()
    after = _reader(run())["html"]
    assert "A sentence changed on disk." in re.sub(r"<[^>]+>", "", after) and after != before


def test_a_changed_glossary_or_ui_catalog_is_a_miss_too(copy):
    content, locales = copy
    run()
    names = {p.name for p in derived.directory().glob("page-*.json")}
    ui = catalog_path(locales, "en", "ui")
    ui.write_text(ui.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _new_process()
    run()
    assert len({p.name for p in derived.directory().glob("page-*.json")} - names) == 1


def test_a_damaged_cache_file_is_rebuilt(copy):
    first = _reader(run())["html"]
    for path in derived.directory().glob("*.json"):
        path.write_bytes(b'{"html": "<p>half a pa')
    _new_process()
    assert _reader(run())["html"] == first


def test_a_cache_file_that_is_a_symlink_is_not_followed(tmp_path):
    where = tmp_path / "cache"
    where.mkdir()
    secret = tmp_path / "elsewhere.json"
    secret.write_text('{"secret": 1}', encoding="utf-8")
    name = derived.key("page", "doc")
    (where / f"{name}.json").symlink_to(secret)
    assert derived.read(name, where) is None and derived.load(name, where) is None
    assert derived.write(name, b'{"fresh": 1}', where) is False  # never written through the link
    assert secret.read_text(encoding="utf-8") == '{"secret": 1}'


def test_the_cache_lives_outside_every_library(tmp_path):
    """A library is input and everything from it is escaped; a cached page is HTML as it is shown."""
    assert derived.directory({"DARI_CACHE": "/srv/cache"}) == Path("/srv/cache")
    assert derived.directory({"XDG_CACHE_HOME": "/x", "DARI_LIBRARY": "/lib", "DARI_DATA": "/data"}) == Path("/x/dari")
    assert derived.directory({"DARI_LIBRARY": "/lib", "DARI_DATA": "/data"}) == Path.home() / ".cache" / "dari"


def test_keys_follow_every_part_and_the_source_files(tmp_path):
    f = tmp_path / "a.po"
    f.write_text("one", encoding="utf-8")
    k1 = derived.key("page", "doc", 1, derived.stamp(f))
    assert k1 == derived.key("page", "doc", 1, derived.stamp(f))
    assert k1 != derived.key("page", "doc", 2, derived.stamp(f))
    f.write_text("two!", encoding="utf-8")
    assert k1 != derived.key("page", "doc", 1, derived.stamp(f))
    assert derived.stamp(tmp_path / "missing") == (str(tmp_path / "missing"), None, None, None, None)


def test_the_cache_stays_bounded_and_refuses_what_is_not_json(tmp_path, monkeypatch):
    monkeypatch.setattr(derived, "MAX_FILES", 5)
    where = tmp_path / "cache"
    for i in range(8):
        assert derived.write(f"page-{i}", json.dumps({"i": i}).encode(), where)
        os.utime(where / f"page-{i}.json", ns=(i * 10**9, i * 10**9))
    derived.write("page-last", b"{}", where)
    left = sorted(p.name for p in where.glob("*.json"))
    assert len(left) == 5 and "page-0.json" not in left and "page-last.json" in left
    assert derived.write("page-bad", b"not json", where) is False
    assert not (where / "page-bad.json").exists() and not list(where.glob(".*.tmp"))


def test_an_unwritable_cache_costs_only_time(copy, monkeypatch, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the directory should be", encoding="utf-8")
    monkeypatch.setenv("DARI_CACHE", str(blocked / "cache"))
    assert "일론 머스크가" in re.sub(r"<[^>]+>", "", _reader(run())["html"])


FIRST_RUN = textwrap.dedent("""
    import json, sys
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(sys.argv[1], default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    first = {m: m in sys.modules for m in ("sqlalchemy", "alembic", "streamlit.emojis", "fsrs", "genanki")}
    profile = {"id": "test-profile-0123456789"}  # what profile.js reports
    if sys.argv[2] == "fresh":
        at.session_state["dari_profile"] = profile | {"fresh": True}  # an id profile.js has just made
        at.run()
        assert not at.exception, at.exception
        first["fresh id"] = "sqlalchemy" in sys.modules
    at.session_state["dari_profile"] = profile
    at.run()
    assert not at.exception, at.exception
    after = {m: m in sys.modules for m in ("sqlalchemy", "alembic")}
    print(json.dumps({"first": first, "after": after}))
""")


def test_a_new_browsers_first_page_loads_no_database_code(tmp_path):
    """The first run has no profile yet (it arrives with the next rerun), so it must not
    wait for SQLAlchemy, nor must the run where a just-made ("fresh") id arrives. A known
    id opens the store: created by Alembic the first time, then found at head without it."""
    env = os.environ | {"DARI_DATA": str(tmp_path / "data")}
    script = tmp_path / "first_run.py"
    script.write_text(FIRST_RUN, encoding="utf-8")
    done = [subprocess.run([sys.executable, str(script), APP, kind], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=120) for kind in ("fresh", "returning")]
    for d in done:
        assert d.returncode == 0, d.stderr[-2000:]
    created, reopened = (json.loads(d.stdout.strip().splitlines()[-1]) for d in done)
    assert created["first"] == {"sqlalchemy": False, "alembic": False, "streamlit.emojis": False,
                                "fsrs": False, "genanki": False, "fresh id": False}
    assert not any(reopened["first"].values())
    assert created["after"] == {"sqlalchemy": True, "alembic": True}  # a new database: Alembic creates it
    assert reopened["after"] == {"sqlalchemy": True, "alembic": False}  # at head: checked without Alembic
    assert (tmp_path / "data" / "dari.sqlite3").is_file()


def test_the_head_revision_constant_is_alembics():
    from dari.learner.config import HEAD_REVISION
    from dari.learner.store import head_revision

    assert HEAD_REVISION == head_revision()


def test_a_changed_glossary_changes_the_served_page(copy):
    content, locales = copy
    first = _reader(run())
    glossary = catalog_path(locales, "en", "glossary")
    po = read_catalog(glossary)
    entry = next(e for e in po if e.msgid == "에코챔버")
    entry.msgstr = "echo chamber; filter bubble of doom"
    write_catalog(po, glossary)
    _new_process()
    after = _reader(run())
    assert after["terms"]["에코챔버"]["english"] != first["terms"]["에코챔버"]["english"]
    assert "filter bubble of doom" in after["terms"]["에코챔버"]["english"]


@pytest.mark.parametrize("stored", [
    b'{"ok": true, "title": "x", "progress": "abc", "problems": []}',  # progress not three numbers
    b'{"ok": true, "title": 3, "progress": null, "problems": []}',
    b'[' * 100_000 + b']' * 100_000,  # deep enough for a RecursionError
    b'{"html": "<p>", "words": [], "terms": {}}\n',  # a page payload with_live could not splice
    b'{"html": 1, "words": [], "terms": {}}',
])
def test_a_cache_file_of_the_wrong_shape_is_a_miss(copy, stored):
    first = _reader(run())
    for path in derived.directory().glob("*.json"):
        path.write_bytes(stored)
    _new_process()
    at = run()
    assert _reader(at)["html"] == first["html"]
    assert library_radio(at).options  # the library list (from the summary) is intact


def test_a_killed_writers_temporary_file_is_removed_once_stale(tmp_path):
    old, fresh = tmp_path / ".page-a.json.x1.tmp", tmp_path / ".page-b.json.x2.tmp"
    for f in (old, fresh):
        f.write_text('{"half', encoding="utf-8")
    long_ago = (time.time() - derived.STALE_TMP_SECONDS - 5) * 10**9
    os.utime(old, ns=(int(long_ago), int(long_ago)))
    assert derived.write("page-c", b"{}", tmp_path)
    assert not old.exists() and fresh.exists()  # one in progress is left alone
    assert derived.load("page-c", tmp_path) == (b"{}", {})


def test_an_unencodable_value_is_not_stored(tmp_path):
    assert derived.write("lemmas-x", '[["\ud800", "noun"]]', tmp_path) is False
    assert not list(tmp_path.glob("*.json")) and not list(tmp_path.glob(".*.tmp"))


def test_the_code_version_follows_file_contents_not_times(tmp_path, monkeypatch):
    package = tmp_path / "dari"
    package.mkdir()
    (package / "a.py").write_text("LIMIT = 100\n", encoding="utf-8")
    fake = package / "derived.py"
    fake.write_text("", encoding="utf-8")
    monkeypatch.setattr(derived, "__file__", str(fake))
    derived.code_version.cache_clear()
    try:
        before = derived.code_version()
        stat = (package / "a.py").stat()
        (package / "a.py").write_text("LIMIT = 200\n", encoding="utf-8")  # same length, same mtime
        os.utime(package / "a.py", ns=(stat.st_atime_ns, stat.st_mtime_ns))
        derived.code_version.cache_clear()
        assert derived.code_version() != before
    finally:
        derived.code_version.cache_clear()
