"""A throwaway PostgreSQL cluster for the scale rows, started as bin/test starts one.

Owned by the postgres user when the bench runs as root, listening only on a Unix socket in a
temporary folder, stopped and deleted however the run ends. Unlike the test suite's, it keeps
PostgreSQL's defaults (fsync on, autovacuum every minute, 128 MB of shared buffers), as a
server someone set up and left alone would have them; SQLite in the bench keeps its
synchronous=FULL too.
"""

# The benchmark runs PostgreSQL's own tools with fixed arguments.
# ruff: noqa: S603

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psutil


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: [int(part) for part in path.parent.name.split(".") if part.isdigit()],
    )
    return found[-1] if found else None


@contextlib.contextmanager
def cluster() -> Iterator[dict]:
    """A running cluster with an empty database: {"url": DATABASE_URL, "bin", "socket"}."""
    pg_bin = binaries()
    if pg_bin is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="unsent-bench-pg-"))
    as_pg = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data, log = folder / "data", folder / "log"

    def run(*command: str) -> None:
        subprocess.run([*as_pg, *command], check=True, capture_output=True)

    try:
        run(str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust")
        options = f"-c listen_addresses='' -k {folder}"
        run(str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start")
        run(str(pg_bin / "createdb"), "-h", str(folder), "-U", "postgres", "unsent")
        yield {
            "url": f"postgres://postgres@/unsent?host={folder}",
            "bin": pg_bin,
            "socket": folder,
            "version": pg_bin.parent.name,
        }
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            run(str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def sql(pg: dict, statement: str) -> str:
    """Run one statement with psql as the bench's superuser; return what it prints."""
    command = [str(pg["bin"] / "psql"), "-h", str(pg["socket"]), "-U", "postgres", "unsent"]
    result = subprocess.run(
        [*command, "-At", "-c", statement], check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def settle(pg: dict) -> None:
    """What a database that has been in use a while has: its tables vacuumed and analysed."""
    sql(pg, "VACUUM ANALYZE")


def cpu(pg: dict) -> float:
    """CPU seconds the cluster's processes have used: the postmaster, its backends and helpers,
    and those of them that have already ended."""
    pid = int((pg["socket"] / "data" / "postmaster.pid").read_text().split()[0])
    postmaster = psutil.Process(pid)
    own = postmaster.cpu_times()
    total = own.user + own.system + own.children_user + own.children_system
    for child in postmaster.children():
        with contextlib.suppress(psutil.NoSuchProcess):
            times = child.cpu_times()
            total += times.user + times.system
    return total


def size(pg: dict) -> int:
    return int(sql(pg, "SELECT pg_database_size('unsent')"))
