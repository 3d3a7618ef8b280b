"""Import into the user's library: encodings, refusals (exit code, nothing written), slugs and
path guards, the transaction under SIGKILL, rename and delete to the trash."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from dari import ROOT
from dari.library.catalog import read_catalog, translations
from dari.library.importing import (
    COMMIT,
    SIZE_LIMIT,
    ImportRefused,
    clean_line,
    make_slug,
    paragraphs,
    prepare,
    recover,
    transliterate,
)
from dari.library.shelf import Library, Shelf, ShelfError, delete, finish_deletes, rename
from dari.models import Status

KOREAN = "일론 머스크가 결국 트위터를 가졌다. 근데 개인적으로 이런 의문이 들었음.\n지금 SNS는 썩었다\n"


def cli(*args: str, library: Path, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dari", "import", *args, f"--library={library}"],
        cwd=ROOT, capture_output=True, text=True, env=dict(os.environ) | (env or {}), timeout=120,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under a library except the lock files (which exist once anything ran)."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def texts(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "content").glob("*.txt")) if (root / "content").is_dir() else []


@pytest.fixture
def user(tmp_path: Path) -> Library:
    return Library.at(tmp_path / "lib")


@pytest.fixture
def shelf(library: Path, user: Library) -> Shelf:
    return Shelf(Library("bundled", library / "content", library / "locales", writable=False), user)


# ---------------------------------------------------------------------------------------
# Encodings and normalisation (no Kiwi: prepare does the decoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "cp949", "euc-kr",
                                      "utf-16-le", "utf-16-be"])
def test_every_supported_encoding_reads_the_same_korean(encoding):
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        data = ("\ufeff" + KOREAN).encode(codec)
    else:
        data = KOREAN.encode(encoding)
    prepared = prepare(data, "post.txt", title="제목")
    assert [p.text for p in prepared.korean] == [line for line in KOREAN.splitlines()]
    assert not prepared.korean[0].text.startswith("\ufeff")


def test_nfd_becomes_nfc_in_text_and_title():
    nfd = unicodedata.normalize("NFD", KOREAN)
    assert nfd != KOREAN
    prepared = prepare(nfd.encode("utf-8"), "post.txt", title=unicodedata.normalize("NFD", "제목"))
    assert prepared.korean[0].text == KOREAN.splitlines()[0]
    assert prepared.title == "제목"


def test_an_undecodable_file_names_the_encodings_tried_and_the_offset():
    with pytest.raises(ImportRefused) as e:
        prepare(b"abc \x80\xff\x80\xff", "bad.txt", title="t")
    message = str(e.value)
    for name in ("UTF-8", "UTF-8 with BOM", "UTF-16", "CP949/EUC-KR"):
        assert name in message
    assert "bad.txt" in message and "byte offset 4" in message


@pytest.mark.parametrize(("data", "needle"), [
    (b"", "is empty"),
    (b"  \n\t\n \r\n", "is empty"),
    ("댓글0\n공감 3\n".encode(), "only page debris"),
    (b"just english here\n", "no Korean"),
    ("한국어\x00 binary".encode(), r"control character U\+0000"),
])
def test_empty_and_debris_only_texts_are_refused(data, needle):
    with pytest.raises(ImportRefused, match=needle):
        prepare(data, "x.txt", title="제목")


def test_over_the_size_limit_is_refused_and_1_mb_of_korean_is_not():
    line = "한국어 문장입니다. " * 20 + "\n"
    one_mb = (line * (1024 * 1024 // len(line.encode()) + 1)).encode()
    assert len(one_mb) > 1024 * 1024
    assert prepare(one_mb, "big.txt", title="큰 글").korean
    with pytest.raises(ImportRefused, match=r"the limit is 2\.0 MB"):
        prepare(b"a" * (SIZE_LIMIT + 1), "huge.txt", title="t")


@pytest.mark.parametrize("value", ["제목\n두 번째 줄", "제목\r", "제목\u2028", "제목\x85", "a\x0bb"])
def test_titles_and_sources_with_line_breaks_are_refused(value):
    with pytest.raises(ImportRefused, match="line break"):
        clean_line(value, "title")
    with pytest.raises(ImportRefused, match="the source holds a line break"):
        prepare(KOREAN.encode(), "x.txt", title="제목", source=value)


def test_markup_in_a_title_is_flattened_and_said():
    flat, notice = clean_line('**굵게** <b>태그</b> ![i](http://host/t.png) [링크](http://x) <script>x</script>', "title")
    assert flat == "**굵게** 태그 i 링크 x"
    assert "flattened" in notice
    assert clean_line("<조선일보> 기사", "title") == ("<조선일보> 기사", None)  # not a tag: kept


def test_an_empty_title_comes_from_the_first_line_and_is_said():
    prepared = prepare(KOREAN.encode(), "x.txt", title="  ")
    assert prepared.title == "일론 머스크가 결국 트위터를 가졌다. 근데 개인적으로 이런 의문이 들었음."
    assert any("no title given" in n for n in prepared.notices)


def test_markdown_loses_its_markup():
    found, dropped = paragraphs("# 제목이다\n\n**굵은** [링크](http://x) 문장이다.\n---\n- 항목이다\n댓글3\n", markdown=True)
    assert [(p.text, p.heading) for p in found] == [("제목이다", True), ("굵은 링크 문장이다.", False),
                                                    ("항목이다", False)]
    assert dropped == ["댓글3"]


# ---------------------------------------------------------------------------------------
# Slugs and guards


def test_slugs_are_ascii_unique_and_from_the_title(shelf: Shelf, user: Library):
    assert transliterate("일론 머스크 AI") == "ilron meoseukeu ai"
    assert make_slug("일론 머스크는 왜 트위터를 샀을까", shelf) == "ilron-meoseukeuneun-wae-teuwiteoreul-sateulkka"
    assert make_slug("!!!", shelf, today="20261201") == "text-20261201"
    assert make_slug("tiny", shelf) == "tiny-2"  # the bundled tests/data/library has tiny
    user.content_dir.mkdir(parents=True)
    (user.content_dir / "tiny-2.txt").write_text("title: x\n\n가\n", encoding="utf-8")
    assert make_slug("tiny", shelf) == "tiny-3"
    assert len(make_slug("가" * 200, shelf)) <= 64


@pytest.mark.parametrize("slug", ["../etc", "/abs", "a/b", "A", "", "-x", "x" * 65, "tiny\n"])
def test_a_slug_that_is_not_a_document_name_is_refused(slug):
    with pytest.raises(ImportRefused, match="not a valid document name"):
        prepare(KOREAN.encode(), "x.txt", title="제목", slug=slug)


def test_the_listing_is_only_compared_never_joined(shelf: Shelf, user: Library):
    listing = shelf.listing()
    assert listing.slugs == ["tiny"]
    for bad in ("../content/tiny", "/etc/passwd", "tiny/../tiny", None, 3):
        with pytest.raises(KeyError):
            listing.locate(bad)


def test_symlinks_in_the_user_library_are_never_followed(shelf: Shelf, user: Library, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("title: 비밀\n\n비밀 문장\n", encoding="utf-8")
    user.content_dir.mkdir(parents=True)
    (user.content_dir / "secret.txt").symlink_to(outside / "secret.txt")
    (user.content_dir / "mine.txt").write_text("title: 내 글\n\n내 문장\n", encoding="utf-8")
    (user.content_dir / "linked-po.txt").write_text("title: 글\n\n문장\n", encoding="utf-8")
    user.catalog_path("linked-po").parent.mkdir(parents=True)
    user.catalog_path("linked-po").symlink_to(outside / "secret.txt")
    (user.content_dir / "tiny.txt").write_text("title: 흉내\n\n문장\n", encoding="utf-8")
    listing = shelf.listing()
    assert listing.slugs == ["tiny", "linked-po", "mine"]
    assert listing.entries["tiny"].library.name == "bundled"
    problems = "\n".join(listing.problems)
    assert "secret.txt: a symbolic link" in problems
    from dari.models import ContentError

    with pytest.raises(ContentError, match="symbolic link"):  # the linked catalog is refused, the text reads
        read_catalog(listing.locate("linked-po").catalog_path)
    assert listing.locate("linked-po").load().title == "글"
    assert "taken by a bundled text" in problems
    assert shelf.taken("secret")  # a left-out link still holds its name


def test_a_symlinked_library_directory_is_never_read(shelf: Shelf, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    (outside / "content").mkdir(parents=True)
    (outside / "content" / "x.txt").write_text("title: 밖\n\n밖의 문장\n", encoding="utf-8")
    root = tmp_path / "lib2"
    root.mkdir()
    (root / "content").symlink_to(outside / "content")
    listing = Shelf(shelf.bundled, Library.at(root)).listing()
    assert listing.slugs == ["tiny"]
    assert any("a symbolic link" in p for p in listing.problems)


# ---------------------------------------------------------------------------------------
# The command: refusals exit non-zero, say one line and write nothing


@pytest.mark.parametrize(("content", "args", "needle"), [
    (b"", [], "is empty"),
    (b"   \n\n", [], "is empty"),
    ("댓글0\n".encode(), [], "only page debris"),
    (b"\x80\xff\x80\xff", [], "not in any supported encoding"),
    (KOREAN.encode(), ["--title=제목\nsource: injected"], "line break"),
    (KOREAN.encode(), ["--title=제목", "--source=a\nb"], "line break"),
    (KOREAN.encode(), ["--slug=../../etc"], "not a valid document name"),
    (KOREAN.encode(), ["--slug=tiny"], "is taken"),
    (None, [], "the limit is 2.0 MB"),  # None: a file over the size limit
], ids=["empty", "whitespace", "debris", "encoding", "title-newline", "source-newline", "slug-path", "slug-taken",
        "too-big"])
def test_every_refusal_exits_non_zero_with_one_line_and_writes_nothing(tmp_path, library, content, args, needle):
    lib = tmp_path / "lib"
    source = tmp_path / "in.txt"
    source.write_bytes(content if content is not None else "가".encode() * (SIZE_LIMIT // 3 + 10))
    env = {"DARI_CONTENT_DIR": str(library / "content"), "DARI_LOCALES_DIR": str(library / "locales")}
    before = snapshot(library)
    out = cli(str(source), *args, library=lib, env=env)
    assert out.returncode == 2, out
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], out.stderr
    assert "Traceback" not in out.stderr
    assert texts(lib) == [] and snapshot(lib) == {}
    assert snapshot(library) == before


def test_a_missing_file_is_refused(tmp_path):
    out = cli(str(tmp_path / "nope.txt"), library=tmp_path / "lib")
    assert out.returncode == 2 and "cannot read the text" in out.stderr and "Traceback" not in out.stderr


# ---------------------------------------------------------------------------------------
# A real import (Kiwi in a subprocess)


@pytest.mark.kiwi
def test_import_writes_a_readable_text_with_word_cards(tmp_path, library):
    lib = tmp_path / "lib"
    source = tmp_path / "post.txt"
    source.write_bytes((KOREAN + "댓글0\n").encode("cp949"))
    env = {"DARI_CONTENT_DIR": str(library / "content"), "DARI_LOCALES_DIR": str(library / "locales")}
    progress = tmp_path / "status.json"
    out = cli(str(source), "--title=머스크 이야기", "--source=블로그", f"--progress-file={progress}",
              library=lib, env=env)
    assert out.returncode == 0, out.stderr
    assert "dropped page debris" in out.stdout
    status = json.loads(progress.read_text(encoding="utf-8"))
    assert status["stage"] == "done" and status["finished"] and status["slug"] == "meoseukeu-iyagi"
    user = Library.at(lib)
    entry = Shelf(Library("bundled", library / "content", library / "locales", False), user).listing().locate(
        "meoseukeu-iyagi")
    doc = entry.load()
    assert doc.title == "머스크 이야기" and doc.source == "블로그"
    assert [s.ko for s in doc.segments] == ["일론 머스크가 결국 트위터를 가졌다.", "근데 개인적으로 이런 의문이 들었음.",
                                            "지금 SNS는 썩었다"]
    table = translations(read_catalog(entry.catalog_path))
    assert set(table) == set(doc.texts)
    assert all(t.status is Status.UNTRANSLATED for t in table.values())
    from dari.language.lookup import load_analysis, word_at

    analysis = load_analysis(user.content_dir, doc.slug)
    assert word_at(analysis, "지금 SNS는 썩었다", 8).analysis.lemma == "썩다"
    assert set(analysis.words) == set(doc.texts)
    assert not (lib / ".staging").exists() or not any((lib / ".staging").iterdir())


def _wait_for_stage(path: Path, stages: tuple[str, ...], timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("stage") in stages:
                return data
        except (OSError, ValueError):
            pass
        time.sleep(0.02)
    raise AssertionError(f"{path} never reached {stages}")


@pytest.mark.kiwi
def test_a_killed_import_leaves_the_library_as_it_was_and_the_next_run_cleans_up(tmp_path, library):
    lib = tmp_path / "lib"
    env = {"DARI_CONTENT_DIR": str(library / "content"), "DARI_LOCALES_DIR": str(library / "locales")}
    first = tmp_path / "first.txt"
    first.write_text(KOREAN, encoding="utf-8")
    assert cli(str(first), "--title=첫 글", library=lib, env=env).returncode == 0
    before = snapshot(lib)
    big = tmp_path / "big.txt"
    big.write_text("".join(f"{n}번째 한국어 문장입니다. 두 번째 문장이에요.\n" for n in range(1500)), encoding="utf-8")
    progress = tmp_path / "status.json"
    child = subprocess.Popen([sys.executable, "-m", "dari", "import", str(big), "--title=큰 글",
                              f"--library={lib}", f"--progress-file={progress}"],
                             cwd=ROOT, env=dict(os.environ) | env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        _wait_for_stage(progress, ("analysing",))
        time.sleep(0.5)  # well into the analysis (1,500 distinct paragraphs take seconds)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    assert texts(lib) == ["cheot-geul.txt"]
    listing = Shelf(Library("bundled", library / "content", library / "locales", False), Library.at(lib)).listing()
    assert listing.slugs == ["tiny", "cheot-geul"]
    # The next run recovers (removes what the killed one left) and imports.
    (lib / ".staging").mkdir(exist_ok=True)
    (lib / ".staging" / "keun-geul-dead").mkdir(exist_ok=True)
    (lib / "content" / ".cheot-geul.txt.abc.tmp").write_text("half", encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text("두 번째 글이다.\n", encoding="utf-8")
    out = cli(str(second), "--title=둘째", library=lib, env=env)
    assert out.returncode == 0, out.stderr
    assert "removed an unfinished import" in out.stdout and "removed the temporary file" in out.stdout
    after = snapshot(lib)
    assert {k: v for k, v in after.items() if "duljjae" not in k} == before
    assert not any((lib / ".staging").iterdir())


def test_recovery_finishes_a_committed_staging_and_rolls_back_an_uncommitted_one(tmp_path):
    user = Library.at(tmp_path / "lib")
    for name, committed in (("done-1234", True), ("half-5678", False)):
        slug = name.split("-")[0]
        stage = user.staging_dir / name
        (stage / "content").mkdir(parents=True)
        (stage / "locales/en/LC_MESSAGES").mkdir(parents=True)
        (stage / "content" / f"{slug}.txt").write_text(f"title: {slug}\n\n가나다\n", encoding="utf-8")
        (stage / f"locales/en/LC_MESSAGES/{slug}.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
        if committed:
            (stage / COMMIT).write_text(json.dumps({"slug": slug}), encoding="utf-8")
    # A commit that was killed after moving the PO but before the text:
    user.locales_dir.joinpath("en/LC_MESSAGES").mkdir(parents=True)
    os.replace(user.staging_dir / "done-1234/locales/en/LC_MESSAGES/done.po", user.catalog_path("done"))
    done = recover(user)
    assert (user.content_dir / "done.txt").is_file() and user.catalog_path("done").is_file()
    assert not (user.content_dir / "half.txt").exists() and not user.catalog_path("half").exists()
    assert list(user.staging_dir.iterdir()) == []
    assert any("finished an interrupted import" in d for d in done)
    assert any("removed an unfinished import" in d for d in done)


# ---------------------------------------------------------------------------------------
# Rename and delete


def _user_text(user: Library, slug: str = "mine") -> None:
    user.content_dir.mkdir(parents=True, exist_ok=True)
    (user.content_dir / f"{slug}.txt").write_text("title: 옛 제목\n\n첫 문장이다.\n", encoding="utf-8")
    user.catalog_path(slug).parent.mkdir(parents=True, exist_ok=True)
    user.catalog_path(slug).write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "옛 제목"\nmsgstr "Old title"\n\nmsgid "첫 문장이다."\nmsgstr "The first sentence."\n',
        encoding="utf-8")
    (user.content_dir / f"{slug}.analysis.json").write_text("{}", encoding="utf-8")


def test_rename_changes_the_title_and_keeps_every_translation(shelf: Shelf, user: Library):
    _user_text(user)
    entry = shelf.listing().locate("mine")
    doc = rename(entry, "새 제목")
    assert doc.title == "새 제목" and entry.load().title == "새 제목"
    po = read_catalog(entry.catalog_path)
    table = translations(po)
    assert table["첫 문장이다."].en == "The first sentence."
    assert "새 제목" in table
    assert any(e.obsolete and e.msgstr == "Old title" for e in po)  # never dropped
    for bad in ("두 줄\n제목", "", "  "):
        with pytest.raises(ShelfError):
            rename(entry, bad)
    with pytest.raises(ShelfError, match="read-only"):
        rename(shelf.listing().locate("tiny"), "바꾼 제목")


def test_delete_moves_every_file_to_the_trash_never_unlinks(shelf: Shelf, user: Library):
    _user_text(user)
    entry = shelf.listing().locate("mine")
    contents = {p.name: p.read_bytes() for p in entry.files}
    target = delete(entry, now=0)
    assert target == user.trash_dir / "mine-19700101-000000"
    assert "mine" not in shelf.listing().entries
    moved = {p.name: p.read_bytes() for p in target.rglob("*") if p.is_file() and p.name != "deleted.json"}
    assert moved == contents
    assert (target / "content" / "mine.txt").is_file()
    _user_text(user)
    assert delete(shelf.listing().locate("mine"), now=0) == user.trash_dir / "mine-19700101-000000-2"
    with pytest.raises(ShelfError, match="read-only"):
        delete(shelf.listing().locate("tiny"))


def test_an_interrupted_delete_is_finished(shelf: Shelf, user: Library):
    _user_text(user)
    entry = shelf.listing().locate("mine")
    target = user.trash_dir / "mine-1"
    target.mkdir(parents=True)
    moves = [[str(p.relative_to(user.root)), str(p)] for p in entry.files]
    (target / "deleting.json").write_text(json.dumps({"slug": "mine", "moves": moves}), encoding="utf-8")
    (target / "locales/en/LC_MESSAGES").mkdir(parents=True)
    os.replace(entry.catalog_path, target / "locales/en/LC_MESSAGES/mine.po")  # killed after the first move
    assert finish_deletes(user)
    assert not entry.text_path.exists() and (target / "content" / "mine.txt").is_file()
    assert (target / "deleted.json").is_file() and not (target / "deleting.json").exists()


@pytest.mark.kiwi
def test_the_worker_reports_an_import_killed_under_it_and_the_library_stays_as_it_was(tmp_path):
    from dari.worker import Jobs, enqueue, job_status

    library = Library.at(tmp_path / "lib")
    big = "".join(f"{n}번째 한국어 문장입니다. 두 번째 문장이에요.\n" for n in range(1500)).encode()
    job_id = enqueue(library, big, korean_name="big.txt", title="큰 글")
    second = enqueue(library, KOREAN.encode(), korean_name="small.txt", title="작은 글")
    worker = subprocess.Popen([sys.executable, "-m", "dari", "worker", f"--library={library.root}"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        status = _wait_for_stage(Jobs(library).status_file(job_id).path, ("analysing",))
        assert job_status(library, second)["stage"] == "queued" and job_status(library, second)["ahead"] == 0
        os.kill(status["importer"], signal.SIGKILL)
        # The worker notes the crash, then goes on with the next job.
        final = _wait_for_stage(Jobs(library).status_file(job_id).path, ("failed",))
        assert final["error"] == "the import stopped unexpectedly (exit -9); nothing was added"
        assert _wait_for_stage(Jobs(library).status_file(second).path, ("done", "failed"))["stage"] == "done"
        assert worker.wait(timeout=60) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    assert texts(library.root) == ["jakeun-geul.txt"]
    assert not library.staging_dir.exists() or not any(library.staging_dir.iterdir())
    assert not (library.jobs_dir / "inputs" / job_id).exists()


# ---------------------------------------------------------------------------------------
# With an English version: beads become segments, each with exactly one English


def test_beads_become_segments_with_one_english_each_and_no_english_is_lost():
    from dari.library.align import Bead
    from dari.library.importing import MOVED_NOTE, units_of

    en = ["E0.", "E1.", "E2.", "E3.", "E4."]
    beads = [Bead((0, 1), (0,), 0.9),  # 2-1: two Korean sentences, one segment
             Bead((2,), (1, 2), 0.95),  # 1-2
             Bead((), (3,), 0.4),  # 0-1: English with no Korean
             Bead((3,), (), 0.7),  # 1-0: Korean left untranslated
             Bead((4,), (4,), 0.3)]  # low confidence
    units, notices = units_of(5, beads, en, low=0.8)
    assert [u.sentences for u in units] == [(0, 1), (2,), (3,), (4,)]
    assert units[0].english.text == "E0." and "alignment confidence: 0.90" in units[0].english.notes
    assert units[1].english.text == "E1. E2. E3."  # the 0-1 English joins the previous segment
    assert MOVED_NOTE.format("E3.") in units[1].english.notes
    assert units[2].english is None
    assert any("check that this English belongs here" in n for n in units[3].english.notes)
    assert any("no Korean counterpart" in n for n in notices)
    # English before any Korean goes to the first segment.
    units, _ = units_of(1, [Bead((), (0,), 0.5), Bead((0,), (1,), 0.9)], ["Intro.", "E1."])
    assert units[0].english.text == "Intro. E1."
    with pytest.raises(ImportRefused, match="left Korean sentences"):
        units_of(2, [Bead((0,), (0,), 0.9)], ["E0."])


def _article(tmp_path: Path, blocks: int | None = None) -> tuple[Path, Path, str]:
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from article_text import article_texts

    korean, english, _, title_en = article_texts(blocks)
    ko, en = tmp_path / "article.txt", tmp_path / "article-en.txt"
    ko.write_text(korean, encoding="utf-8")
    en.write_text(english, encoding="utf-8")
    return ko, en, title_en


@pytest.mark.kiwi
def test_import_with_english_aligns_every_segment_as_fuzzy_with_its_confidence(tmp_path):
    from dari.library.catalog import read_catalog

    ko, en, title_en = _article(tmp_path)
    lib = tmp_path / "lib"
    out = cli(str(ko), f"--english={en}", "--title=정렬 시험", f"--english-title={title_en}", library=lib)
    assert out.returncode == 0, out.stderr
    assert "aligned" in out.stdout and "overall confidence" in out.stdout
    entry = Shelf(Library("bundled", ROOT / "content", ROOT / "locales", False), Library.at(lib)).listing().locate(
        "jeongryeol-siheom")
    doc = entry.load()
    po = read_catalog(entry.catalog_path)
    live = {e.msgid: e for e in po if not e.obsolete}
    assert set(live) == set(doc.texts)
    assert live["정렬 시험"].msgstr == title_en and "fuzzy" not in live["정렬 시험"].flags  # typed by the person
    segments = [live[s.ko] for s in doc.segments]
    assert all(e.msgstr and "fuzzy" in e.flags for e in segments)
    # the confidence is a translator comment ("# "), for whoever confirms it, not a reader's note ("#.")
    assert all(re.search(r"alignment confidence: [01]\.\d\d", e.tcomment) for e in segments)
    assert not any("alignment" in e.comment for e in segments)
    table = translations(po)
    assert all(table[s.ko].confidence is not None for s in doc.segments)
    # The article's own pairs: most segments got exactly their English.
    reference = translations(read_catalog(ROOT / "locales/en/LC_MESSAGES/musk-twitter-ai.po"))
    right = sum(1 for s in doc.segments if s.ko in reference and reference[s.ko].en == live[s.ko].msgstr)
    assert right >= 0.9 * len(doc.segments), (right, len(doc.segments))
    # No English sentence is lost: every word of the English is in some msgstr.
    english = " ".join(e.msgstr for e in live.values())
    assert all(word in english for word in en.read_text(encoding="utf-8").split())


@pytest.mark.kiwi
def test_an_english_text_that_is_not_a_translation_is_refused(tmp_path):
    ko, _, _ = _article(tmp_path)
    lib = tmp_path / "lib"
    out = cli(str(ko), f"--english={ROOT / 'tests/data/align/unrelated.en.txt'}", "--title=무관", library=lib)
    assert out.returncode == 2
    assert "does not look like a translation of the Korean" in out.stderr
    assert texts(lib) == []
