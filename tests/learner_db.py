"""A throwaway PostgreSQL cluster for the learner tests and benchmarks.

``initdb`` into a temp dir, ``pg_ctl start`` on a free loopback port with its socket in that
dir, a database, a URL; stopped and deleted afterwards. Nothing is shared with a system
cluster. As root (CI) the server runs as the ``postgres`` user via runuser, because
PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def pg_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<major>/bin with initdb, or the one on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yields a SQLAlchemy URL (postgresql+psycopg://...) of a fresh, empty database."""
    bindir = pg_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
    base = Path(tempfile.mkdtemp(prefix="dari-pg-"))
    data, log = base / "data", base / "server.log"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    try:
        subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                        "-E", "UTF8", "--locale", "C", "--no-sync"]),
                       check=True, capture_output=True)
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                                        "-o", options, "start"]), check=True, capture_output=True)
        try:
            subprocess.run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "dari"],
                           check=True, capture_output=True)
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/dari"
        finally:
            subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                           capture_output=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """A new empty database on the cluster of ``url``; returns its URL."""
    from sqlalchemy import create_engine, text

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.rsplit("/", 1)[0] + "/" + name
