"""The import worker: texts added in the page are imported here, outside the reading server.

Kiwi costs ~530 MB and seconds to start, and the reading server must never load it. So the
page only checks the input (dari.library.importing.prepare, no Kiwi), queues a job and
starts ``python -m dari worker``; that process drains the queue one job at a time, each
job in its own child ``python -m dari import ... --progress-file`` (so Kiwi's memory is
returned after every import, and a child that dies is seen with its exit code). The page
polls the job's status file.

Files, all in ``<library>/jobs/``::

    queue/<created_ns>-<id>.json   a job waiting: title, source, the names the files had
    inputs/<id>/korean, english    the bytes as uploaded or pasted (removed after the job)
    status/<id>.json               stage, fraction, message, slug or error; written atomically
    drain.lock                     held by the one worker draining the queue
    import.lock, library.lock      held by an import (dari.library.importing): one at a time
    worker.log                     the children's output (tracebacks go here, never to the page)

All are file locks (fcntl.flock): with several replicas on one shared library volume,
one worker at a time drains the queue, whichever replica started it. A job whose status
is not final while no process holds the drain or import lock was stopped (killed, the
machine restarted): :func:`job_status` says so, and the library is as it was (the next
import's recovery removes what the killed one had staged).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from dari.library.importing import file_lock, import_lock, library_lock, recover
from dari.library.shelf import Library
from dari.text import write_atomic

DRAIN_LOCK = "drain.lock"
JOB_ID = re.compile(r"[0-9a-f]{32}")
FINAL = ("done", "refused", "failed")
STALE_QUEUED = 5.0  # seconds a queued job may wait before the page starts another worker
NICE = 10  # the worker's niceness increment
KEEP_STATUS = 7 * 24 * 3600.0  # status files older than this are removed when a worker starts


class StatusFile:
    """A job's progress as one JSON object, replaced atomically on every update."""

    def __init__(self, path: Path):
        self.path = path

    def read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def update(self, **fields) -> dict:
        """Merge ``fields`` in; a new stage's start time goes into ``times`` (for the log and
        scripts/bench_import.py: where an import's time goes)."""
        current = self.read()
        now = time.time()
        data = current | fields | {"updated": now}
        if "stage" in fields and fields["stage"] != current.get("stage"):
            data["times"] = {**current.get("times", {}), fields["stage"]: now}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False))
        return data


@dataclass(frozen=True)
class Jobs:
    """The queue of one library."""

    library: Library

    @property
    def root(self) -> Path:
        return self.library.jobs_dir

    def status_file(self, job_id: str) -> StatusFile:
        if not isinstance(job_id, str) or not JOB_ID.fullmatch(job_id):
            raise KeyError(job_id)
        return StatusFile(self.root / "status" / f"{job_id}.json")

    def inputs(self, job_id: str) -> Path:
        if not JOB_ID.fullmatch(job_id):
            raise KeyError(job_id)
        return self.root / "inputs" / job_id

    def queued(self) -> list[Path]:
        queue = self.root / "queue"
        if not queue.is_dir():
            return []
        return sorted(p for p in queue.glob("*.json") if p.is_file() and not p.is_symlink())

    def busy(self, lock: str) -> bool:
        """Does some process hold this lock? (Probed without waiting.)"""
        if lock == IMPORT:
            context = import_lock(self.library, blocking=False)
        else:
            context = file_lock(self.root / lock, blocking=False)
        with context as got:
            return not got


IMPORT = "import.lock"


def enqueue(library: Library, korean: bytes, *, korean_name: str, title: str = "", source: str = "",
            english: bytes | None = None, english_name: str = "", english_title: str = "") -> str:
    """Queue an import; returns the job id. The input was checked with ``prepare`` already."""
    jobs = Jobs(library)
    job_id = os.urandom(16).hex()
    inputs = jobs.inputs(job_id)
    inputs.mkdir(parents=True)
    (inputs / "korean").write_bytes(korean)
    if english is not None:
        (inputs / "english").write_bytes(english)
    jobs.status_file(job_id).update(stage="queued", fraction=0.0, message="waiting for the worker",
                                    created=time.time(), finished=False)
    job = {"id": job_id, "title": title, "source": source, "english_title": english_title,
           "korean_name": korean_name, "english_name": english_name, "english": english is not None}
    write_atomic(jobs.root / "queue" / f"{time.time_ns()}-{job_id}.json", json.dumps(job, ensure_ascii=False))
    return job_id


def start_worker(library: Library) -> subprocess.Popen:
    """Start ``python -m dari worker`` in its own session (it outlives a server restart)."""
    jobs = Jobs(library)
    jobs.root.mkdir(parents=True, exist_ok=True)
    with (jobs.root / "worker.log").open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "dari", "worker", "--library", str(library.root)],
            cwd=Path(__file__).resolve().parent.parent, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            start_new_session=True,
        )


def submit(library: Library, korean: bytes, **job) -> str:
    job_id = enqueue(library, korean, **job)
    start_worker(library)
    return job_id


def queue_position(library: Library, job_id: str) -> int:
    """How many jobs wait ahead of this one (0: it is next or running)."""
    names = [p.name.split("-", 1)[1][:-5] for p in Jobs(library).queued()]
    return names.index(job_id) if job_id in names else 0


def job_status(library: Library, job_id: str) -> dict:
    """The job's status, with a stopped job (no process left to finish it) made final."""
    jobs = Jobs(library)
    status = jobs.status_file(job_id)
    data = status.read()
    if not data:
        return {"stage": "failed", "finished": True, "error": "this import is unknown (its status file is gone)"}
    if data.get("finished"):
        return data
    waiting = any(p.name.endswith(f"-{job_id}.json") for p in jobs.queued())
    young = time.time() - data.get("updated", 0) <= STALE_QUEUED
    if data.get("stage") == "queued" and (waiting or young):  # young: its queue file is being written
        if waiting and not young and not jobs.busy(DRAIN_LOCK):
            status.update(message="waiting for the worker (restarted)")
            start_worker(library)
        return data | {"ahead": queue_position(library, job_id)}
    if not jobs.busy(DRAIN_LOCK) and not jobs.busy(IMPORT):
        data = status.read()  # the worker may have finished between the two reads
        if not data.get("finished"):
            data = status.update(stage="failed", finished=True,
                                 error="the import stopped unexpectedly (its worker is gone); nothing was added")
    return data


# ---------------------------------------------------------------------------------------
# The worker process


def _log(message: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} worker {os.getpid()}: {message}", flush=True)


def _command(library: Library, job: dict, inputs: Path, status: Path) -> list[str]:
    cmd = [sys.executable, "-m", "dari", "import", str(inputs / "korean"), f"--library={library.root}",
           f"--progress-file={status}", f"--input-name={job.get('korean_name') or 'the text'}",
           f"--title={job.get('title') or ''}", f"--source={job.get('source') or ''}",
           f"--english-title={job.get('english_title') or ''}"]
    if job.get("english"):
        cmd += [f"--english={inputs / 'english'}", f"--english-name={job.get('english_name') or 'the English'}"]
    return cmd


def run_job(library: Library, path: Path) -> str:
    """Run one queued job in a child process; returns its final stage."""
    jobs = Jobs(library)
    try:
        job = json.loads(path.read_text(encoding="utf-8"))
        job_id = job["id"]
        status = jobs.status_file(job_id)
    except (OSError, ValueError, KeyError, TypeError):
        _log(f"dropping an unreadable job file {path.name}")
        path.unlink(missing_ok=True)
        return "failed"
    path.unlink()
    inputs = jobs.inputs(job_id)
    status.update(stage="starting", fraction=0.0, message="starting the import (loading Kiwi)", worker=os.getpid())
    _log(f"job {job_id}: starting")
    try:
        child = subprocess.run(_command(library, job, inputs, status.path), stdin=subprocess.DEVNULL,
                               cwd=Path(__file__).resolve().parent.parent)
        rc = child.returncode
    finally:
        shutil.rmtree(inputs, ignore_errors=True)
    data = status.read()
    if not data.get("finished"):
        with import_lock(library), library_lock(library):
            recovered = recover(library)
        finished_anyway = any(r.startswith("finished an interrupted import") for r in recovered)
        what = ("the text was completed on recovery: find it in the library" if finished_anyway
                else "nothing was added")
        data = status.update(stage="failed", finished=True,
                             error=f"the import stopped unexpectedly (exit {rc}); {what}")
    _log(f"job {job_id}: {data.get('stage')} (exit {rc}) {data.get('error') or data.get('slug') or ''}")
    return data["stage"]


def _tidy(jobs: Jobs) -> None:
    status_dir = jobs.root / "status"
    if status_dir.is_dir():
        for p in status_dir.glob("*.json"):
            try:
                if time.time() - p.stat().st_mtime > KEEP_STATUS:
                    p.unlink()
            except OSError:
                pass


def drain(library: Library, *, wait_for_lock: float = 2.0) -> int:
    """Run queued jobs one at a time until the queue is empty. Another worker holding the
    drain lock drains it instead (this one exits 0). Checked again after letting go of
    the lock, so a job queued at that moment is not stranded."""
    jobs = Jobs(library)
    jobs.root.mkdir(parents=True, exist_ok=True)
    # Below the reading server in the CPU queue (the import children inherit it): on a small
    # machine Kiwi would otherwise take the cores readers' reruns need.
    try:
        os.nice(NICE)
    except OSError:
        pass
    deadline = time.monotonic() + wait_for_lock
    while True:
        with file_lock(jobs.root / DRAIN_LOCK, blocking=False) as got:
            if got:
                _tidy(jobs)
                while queued := jobs.queued():
                    run_job(library, queued[0])
                deadline = time.monotonic() + wait_for_lock
        if not jobs.queued():
            return 0
        if not got and time.monotonic() > deadline:
            return 0  # the worker holding the lock will see the job
        time.sleep(0.1)
