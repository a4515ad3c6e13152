"""What every benchmark run shares: a throwaway database's environment, gunicorn, logins, locust.

bench/run.py (the standard table) and bench/scale.py (capacity and growth) both use it. Locust
keeps every request to the microsecond (bench/locustfile.py); the figures are computed here.
"""

# The benchmark runs its own tools (manage.py, gunicorn, locust, lscpu, git) with fixed arguments.
# ruff: noqa: S603, S607

from __future__ import annotations

import contextlib
import datetime
import html
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
WARMUP = 3
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# What the search rows ask for, from rare to common words (hits are in the JSON).
SEARCHES = ["lighthouse", "birthday cake", "forgive", "rain", "jumper sunday"]
# The documented production line's timeout (README, "Running in production"): an export of
# tens of thousands of letters takes longer than gunicorn's default 30 seconds.
GUNICORN_TIMEOUT = 120


@dataclass
class Run:
    """One database's server, its seed and the sessions the bench opened on it."""

    base: str
    folder: Path
    server: subprocess.Popen
    seed: dict
    sessions: dict  # "searchers" by size, "typists", "shredders", "importer"
    # CPU seconds the database's own processes have used (PostgreSQL's; SQLite's work is done
    # in the workers), to count with the workers' as the server's.
    database_cpu: Callable[[], float] = lambda: 0.0

    def sessions_file(self, name: str, content: dict) -> Path:
        path = self.folder / f"sessions-{name}.json"
        path.write_text(json.dumps(content))
        return path

    def files(self, name: str, content: dict) -> tuple[Path, Path, Path]:
        at = len(list(self.folder.glob("samples-*")))
        return (
            self.sessions_file(name, content),
            self.folder / f"samples-{name}-{at}.json",
            self.folder / f"locust-{name}-{at}.log",
        )

    def typists(self) -> dict:
        return {"typists": self.sessions["typists"]}


def say(message: str) -> None:
    print(f"bench: {message}", flush=True)


def bench_env(folder: Path) -> dict:
    """The environment of a throwaway database in folder (SQLite unless DATABASE_URL is added)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "UNSENT_KDF", "DEBUG", "UNSENT_CLOCK_SHIFT_DAYS")
    }
    return env | {
        "SQLITE_PATH": str(folder / "unsent.sqlite3"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "UNSENT_HTTPS": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def run_script(env: dict, script: str) -> dict:
    """Run a seeding script of bench/ and return the JSON it prints."""
    result = subprocess.run(
        [PY, script], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"{script} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    command = [
        *(PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"),
        *("--workers", str(workers()), "--timeout", str(GUNICORN_TIMEOUT)),
        *("--log-level", "warning"),
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200:
                return server
        except requests.RequestException:
            pass  # not listening yet, or its workers still starting on a busy machine
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped: see {log}")
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def log_in(base: str, username: str, password: str) -> requests.Session:
    """Log in through the real login form; the session then holds both cookies."""
    session = requests.Session()
    form = session.get(f"{base}/login/", timeout=30)
    token = CSRF_INPUT.search(form.text).group(1)
    data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    answer = session.post(f"{base}/login/", data=data, allow_redirects=False, timeout=60)
    if answer.status_code != 302 or not answer.headers["Location"].endswith("/desk/"):
        raise SystemExit(f"login of {username} failed: {answer.status_code}")
    return session


def signed_in(base: str, username: str, password: str) -> dict:
    """A logged-in session's cookies and a CSRF token, for locust or for requests."""
    session = log_in(base, username, password)
    page = session.get(f"{base}/account/export/", timeout=30).text
    return {"cookies": session.cookies.get_dict(), "csrf": CSRF_INPUT.search(page).group(1)}


def client_of(session: dict) -> requests.Session:
    client = requests.Session()
    client.cookies.update(session["cookies"])
    return client


def writer_session(base: str, seed: dict, draft: str) -> dict:
    """A logged-in session of the writer, with the draft it autosaves and its CSRF token."""
    session = log_in(base, seed["writer"], seed["password"])
    page = session.get(f"{base}/letters/{draft}/edit/", timeout=30).text
    body = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.DOTALL).group(1)
    return {
        "cookies": session.cookies.get_dict(),
        "csrf": CSRF_INPUT.search(page).group(1),
        "draft": draft,
        "version": int(re.search(r'name="version" value="(\d+)"', page).group(1)),
        "text": html.unescape(body),
    }


def search_hits(base: str, session: dict, queries: list[str]) -> dict:
    """How many letters each benchmark query finds (for the record)."""
    client = client_of(session)
    hits = {}
    for q in queries:
        page = client.post(
            f"{base}/search/", data={"q": q, "csrfmiddlewaretoken": session["csrf"]}, timeout=60
        ).text
        found = re.search(r"([\d,]+) letters? found", page)
        hits[q] = int(found.group(1).replace(",", "")) if found else None
    return hits


def workers_cpu(server: subprocess.Popen) -> float:
    """CPU seconds the gunicorn workers have used so far."""
    total = 0.0
    for worker in psutil.Process(server.pid).children():
        times = worker.cpu_times()
        total += times.user + times.system
    return total


def locust_command(base: str, classes: list[str], users: int, seconds: int, rate: float) -> list:
    return [
        *(PY, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"),
        *("--users", str(users), "--spawn-rate", str(rate), "--run-time", f"{seconds}s"),
        *("--host", base, "--only-summary", "--loglevel", "ERROR", *classes),
    ]


def locust_env(sessions_file: Path, samples_file: Path) -> dict:
    return {**os.environ, "BENCH_SESSIONS": str(sessions_file), "BENCH_SAMPLES": str(samples_file)}


def read_samples(samples_file: Path, log: Path) -> dict:
    """{"started": monotonic time of the start, "samples": [(name, at, ms, error), ...]}."""
    if not samples_file.exists():
        raise SystemExit(f"locust wrote no samples: see {log}")
    return json.loads(samples_file.read_text())


def run_locust(
    base: str,
    classes: list[str],
    users: int,
    seconds: int,
    files: tuple[Path, Path, Path],
    rate: float | None = None,
) -> dict:
    """Run locust to the end; files are the sessions it reads, its samples and its log."""
    sessions_file, samples_file, log = files
    command = locust_command(base, classes, users, seconds, rate or users)
    with log.open("w") as out:
        subprocess.run(
            command,
            cwd=ROOT,
            env=locust_env(sessions_file, samples_file),
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    return read_samples(samples_file, log)


@contextlib.contextmanager
def locust_in_background(
    base: str, classes: list[str], users: int, files: tuple[Path, Path, Path]
) -> Iterator[dict]:
    """Locust running while the block runs; the dict it yields gets "samples" at the end."""
    sessions_file, samples_file, log = files
    command = locust_command(base, classes, users, 3600, users)
    found: dict = {}
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=locust_env(sessions_file, samples_file),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield found
        finally:
            stop(process)  # locust writes its samples as it quits
    found |= read_samples(samples_file, log)


def figures(times: list[float]) -> dict:
    times = sorted(times)
    return {
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "max": round(times[-1], 2) if times else None,
    }


def percentile(times: list[float], p: int) -> float | None:
    """Nearest-rank percentile of sorted times, in milliseconds."""
    if not times:
        return None
    rank = max(1, -(-len(times) * p // 100))
    return round(times[rank - 1], 2)


def summary(found: dict, seconds: float, warmup: float = WARMUP) -> dict:
    """Requests, rate, times and errors of a run; times after the warm-up, every error."""
    served = [s for s in found["samples"] if not s[0].startswith("setup")]
    timed = [ms for _name, at, ms, error in served if at >= warmup and not error]
    counted = sum(1 for _name, at, _ms, _error in served if at >= warmup)
    errors = [error for _name, _at, _ms, error in found["samples"] if error]
    return {
        "requests": counted,
        "rps": round(counted / (seconds - warmup), 1),
        **figures(timed),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
    }


def run_row(
    row: tuple, base: str, sessions_file: Path, folder: Path, server: subprocess.Popen
) -> dict:
    """One row of a table: locust with one user class for a bounded time, and the server's CPU."""
    label, user_class, users, seconds, _target = row
    name = f"{user_class}-{users}-{len(list(folder.glob('samples-*')))}"
    files = (sessions_file, folder / f"samples-{name}.json", folder / f"locust-{name}.log")
    cpu_before = workers_cpu(server)
    found = run_locust(base, [user_class], users, seconds, files)
    time.sleep(1)  # let requests cut off at the end of the row finish before the next one
    cpu = workers_cpu(server) - cpu_before
    served = [s for s in found["samples"] if not s[0].startswith("setup")]
    return {
        "row": label,
        "users": users,
        **summary(found, seconds),
        # Server CPU (all workers, user + system) per request of the row, warm-up included:
        # steadier than times when something else runs on the machine.
        "cpu_ms_per_request": round(1000 * cpu / len(served), 2) if served else None,
    }


def peak_worker_rss(server: subprocess.Popen) -> list[int]:
    """Each worker's peak resident memory (VmHWM), in bytes."""
    peaks = []
    for worker in psutil.Process(server.pid).children():
        status = Path(f"/proc/{worker.pid}/status").read_text()
        kib = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
        peaks.append(kib * 1024)
    return peaks


def machine() -> dict:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    git = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    model = re.search(r"Model name:\s+(.+)", lscpu)
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "lscpu": lscpu.splitlines()[:10],
        "memory_bytes": psutil.virtual_memory().total,
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
        "commit": git.stdout.strip(),
    }


def write_results(results: dict, prefix: str) -> str:
    """Write bench-results/<prefix>-<time>.json and its latest copy; return the latest's path.

    BENCH_OUT names another folder, for trial runs that should not replace the record.
    """
    out = Path(os.environ.get("BENCH_OUT") or ROOT / "bench-results")
    out.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    latest = "latest.json" if prefix == "bench" else f"{prefix}-latest.json"
    for name in (f"{prefix}-{stamp}.json", latest):
        (out / name).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return str(out / latest)
