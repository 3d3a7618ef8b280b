"""The "Add a text" page through AppTest: refusals are messages (never tracebacks), a text is
imported by the real worker subprocess and opens in the reader, rename and delete, and the
server process never loads Kiwi on the way."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import streamlit as st
from apptest_helpers import library_radio
from streamlit.testing.v1 import AppTest

from dari import ROOT
from dari.ui import data as ui_data

# The app's navigation with the Add page first, so AppTest opens it (AppTest can only switch
# to file pages); the Read page is registered under its real url_path for st.switch_page.
SCRIPT = textwrap.dedent("""
    import streamlit as st
    from dari.ui.pages import add, read
    st.navigation([st.Page(add.main, url_path="add", default=True),
                   st.Page(read.main, url_path="read")]).run()
""")
KOREAN = "일론 머스크가 결국 트위터를 가졌다. 근데 개인적으로 이런 의문이 들었음.\n지금 SNS는 썩었다\n"


@pytest.fixture
def user_library(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "lib"
    monkeypatch.setattr(ui_data, "LIBRARY_DIR", root)
    st.cache_resource.clear()
    yield root
    st.cache_resource.clear()


def page() -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def messages(at: AppTest) -> str:
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", h.value)) for h in at.main if type(h).__name__ == "Html")


def fill(at: AppTest, korean: str | None = None, *, title: str = "", source: str = "",
         upload: tuple[str, bytes] | None = None, english: str = "") -> AppTest:
    at.text_input[0].input(title)
    at.text_input[1].input(source)
    if korean is not None:
        at.text_area(key="add_korean_text").input(korean)
    if upload is not None:
        at.get("file_uploader")[0].set_value((upload[0], upload[1], "text/plain"))
    if english:
        at.text_area(key="add_english_text").input(english)
    at.button[0].click()  # the form's submit button
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_page_states_the_size_limit_up_front(user_library):
    at = page()
    assert "up to 2 MB" in messages(at)
    assert [e.value for e in at.title] == ["Add a text"]


@pytest.mark.parametrize(("korean", "title", "upload", "needle"), [
    ("", "", None, "Paste the Korean text or upload a file first"),
    ("   \n\n  ", "", None, "Paste the Korean text or upload a file first"),
    ("댓글0\n", "", None, "holds only page debris"),
    (None, "제목", ("bad.txt", b"abc \x80\xff\x80\xff"), "bad.txt: not in any supported encoding"),
    (None, "제목", ("big.txt", "가".encode() * 800_000), "the limit is 2.0 MB"),
    ("english only\n", "", None, "holds no Korean"),
], ids=["nothing", "whitespace", "debris", "encoding", "size", "not-korean"])
def test_refusals_are_messages_and_nothing_is_queued(user_library, korean, title, upload, needle):
    at = fill(page(), korean, title=title, upload=upload)
    text = messages(at)
    assert needle in text, text
    assert "Traceback" not in text
    assert not (user_library / "jobs" / "queue").exists() or not any((user_library / "jobs" / "queue").iterdir())
    assert not (user_library / "content").exists()


def test_a_title_with_markup_is_flattened_and_the_page_says_so(user_library):
    at = fill(page(), KOREAN, title="![x](http://host/t.png) 제목")
    assert "flattened to plain text: 'x 제목'" in messages(at)
    _wait_until_done(at, user_library)


def _wait_until_done(at: AppTest, user_library: Path, timeout: float = 120) -> AppTest:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(getattr(getattr(el, "proto", None), "component_name", "") == "dari_reader" for el in at.main):
            return at
        errors = [m for m in messages(at).splitlines() if m.startswith("Not added")]
        assert not errors, errors
        time.sleep(0.3)
        at.run()
        assert not at.exception, at.exception
    raise AssertionError(f"the import did not finish; status: {list((user_library / 'jobs/status').glob('*'))}")


def _reader(at: AppTest) -> dict:
    for el in at.main:
        proto = getattr(el, "proto", None)
        if proto is not None and getattr(proto, "component_name", "") == "dari_reader":
            return json.loads(proto.bytes)
    raise AssertionError("no reader")


@pytest.mark.kiwi
def test_a_text_is_imported_by_the_worker_and_opens_in_the_reader(user_library):
    at = fill(page(), KOREAN, title="머스크 이야기", source="블로그")
    # While the worker runs, the page shows progress, not the form.
    assert not at.text_area
    _wait_until_done(at, user_library)
    assert at.query_params["doc"] in ("meoseukeu-iyagi", ["meoseukeu-iyagi"])
    payload = _reader(at)
    text = re.sub(r"<[^>]+>", "", payload["html"])
    assert "지금 SNS는 썩었다" in text and "[not translated yet]" in text
    assert payload["has_analysis"] and any(w[1] == "썩다" for w in payload["words"])
    assert "translate?doc=meoseukeu-iyagi" in "".join(h.value for h in at.sidebar if type(h).__name__ == "Html")
    radio = library_radio(at)
    assert radio.options[-1] == "머스크 이야기"  # after the bundled text
    assert radio.proto.captions[-1].startswith("your text")  # user texts are marked
    assert (user_library / "content" / "meoseukeu-iyagi.txt").is_file()
    assert not list((user_library / "jobs" / "queue").glob("*.json"))


def test_a_worker_that_dies_is_reported_and_nothing_is_added(user_library, monkeypatch):
    """The job's status stops mid-import with no worker left holding its locks."""
    from dari.library.shelf import Library
    from dari.worker import Jobs, enqueue

    library = Library.at(user_library)
    job_id = enqueue(library, KOREAN.encode(), korean_name="post.txt", title="제목")
    Jobs(library).status_file(job_id).update(stage="analysing", fraction=0.4, message="sentence 3 of 9")
    for p in Jobs(library).queued():
        p.unlink()  # a worker had taken it
    at = page()
    at.session_state["add_job"] = {"id": job_id, "notices": [], "english": False}
    at.run()
    text = messages(at)
    assert "the import stopped unexpectedly" in text and "nothing was added" in text
    assert not (user_library / "content").exists()


def _user_text(root: Path) -> None:
    (root / "content").mkdir(parents=True)
    (root / "content" / "mine.txt").write_text("title: **굵은** 제목\n\n첫 문장이다.\n", encoding="utf-8")


def test_your_texts_can_be_renamed_and_deleted_with_confirmation(user_library):
    _user_text(user_library)
    at = page()
    assert at.expander[0].label == r"\*\*굵은\*\* 제목"  # shown literally, not as Markdown
    at.text_input(key="rename-mine").input("새 제목").run()
    at.button(key="rename-go-mine").click().run()
    assert "Renamed to “새 제목”" in messages(at)
    assert "title: 새 제목" in (user_library / "content" / "mine.txt").read_text(encoding="utf-8")
    at.button(key="delete-mine").click().run()
    assert "Delete “새 제목”?" in messages(at)
    assert (user_library / "content" / "mine.txt").exists()  # not before the confirmation
    at.button(key="delete-yes-mine").click().run()
    assert "Deleted" in messages(at)
    assert not (user_library / "content" / "mine.txt").exists()
    trashed = list((user_library / "trash").glob("mine-*/content/mine.txt"))
    assert len(trashed) == 1
    assert "You have not added a text yet" in "\n".join(c.value for c in at.caption)


def test_bundled_texts_are_not_offered_for_rename_or_delete(user_library):
    at = page()
    assert not at.expander
    assert not [b for b in at.button if b.key and b.key.startswith(("rename", "delete"))]


def test_the_add_page_flow_never_loads_kiwi_in_the_server_process(tmp_path):
    """Open the page, submit a text, poll it: all in a fresh interpreter, which must end
    without kiwipiepy or ko_pron imported (the worker subprocess may load them)."""
    code = textwrap.dedent(f"""
        import sys, time
        from streamlit.testing.v1 import AppTest
        from dari.ui import data
        from pathlib import Path
        data.LIBRARY_DIR = Path({str(tmp_path / 'lib')!r})
        at = AppTest.from_string({SCRIPT!r}, default_timeout=30)
        at.run()
        at.text_input[0].input("제목")
        at.text_area(key="add_korean_text").input({KOREAN!r})
        at.button[0].click()
        at.run()
        for _ in range(3):
            time.sleep(0.3)
            at.run()
        assert not at.exception, at.exception
        print(sorted(m for m in sys.modules if m.startswith(("kiwipiepy", "ko_pron"))))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    # Let the worker it started finish before tmp_path goes away.
    from dari.library.importing import import_lock
    from dari.library.shelf import Library
    from dari.worker import DRAIN_LOCK, Jobs

    jobs = Jobs(Library.at(tmp_path / "lib"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (jobs.busy(DRAIN_LOCK) or jobs.queued()):
        time.sleep(0.2)
    with import_lock(jobs.library):
        pass


def test_without_the_workers_packages_the_page_says_what_to_install(user_library, monkeypatch):
    from dari.ui.pages import add

    monkeypatch.setattr(add, "WORKER_PACKAGES", ("kiwipiepy", "no_such_package_dari"))
    at = page()
    text = messages(at)
    assert "not installed here: no_such_package_dari" in text and "requirements-worker.txt" in text
    assert not at.text_area  # no form that could only fail
