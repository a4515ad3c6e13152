"""Unsent's benchmark: `make bench` (the README's Performance section).

Makes a throwaway SQLite database in a temporary folder, signs up a writer and fills their
account with 10,000 encrypted letters (bench/seed.py), serves the app with gunicorn on loopback
(2 x cores + 1 workers), drives each row with locust (bench/locustfile.py: headless, five users,
a bounded time, loopback only), then prints the table, checks it against the issue's targets and
writes it as JSON to bench-results/. Exits 1 when a target is missed.

The floor is the home page of a visitor who is not logged in: a real Django view through every
middleware, which the seed step checks makes no database query. The app has no health-check view;
a static file (served by whitenoise before any view) is measured as well, for reference.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from harness import (
    SEARCHES,
    WARMUP,
    bench_env,
    client_of,
    free_port,
    machine,
    manage,
    peak_worker_rss,
    run_row,
    run_script,
    say,
    search_hits,
    start_gunicorn,
    stop,
    workers,
    write_results,
    writer_session,
)

USERS = 5
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
KB = 1000
MB = 1000 * 1000

# label, locust user class, users at once, seconds, target (kind, limit). Every row has five
# writers at once (one per worker), except one search: its target is a writer's search, and five
# searches of 10,000 letters at once share two cores five ways; both are shown.
# Pages are held to their server CPU per request as a multiple of the floor's in the same run
# ("cpu"): unlike times, that hardly moves when something else is running on the machine. The
# times are shown beside it. Search is held to its CPU per request in ms ("cpu ms"), a login to
# its p95 ("ms").
ROWS = [
    ("floor", "Floor", USERS, SECONDS, None),
    ("static file", "StaticFile", USERS, SECONDS, None),
    ("desk", "Desk", USERS, SECONDS, ("cpu", 5)),
    ("archive", "Archive", USERS, SECONDS, ("cpu", 5)),
    ("reading view", "Reading", USERS, SECONDS, ("cpu", 5)),
    ("editor", "Editor", USERS, SECONDS, ("cpu", 5)),
    ("autosave", "Autosave", USERS, SECONDS, ("cpu", 4)),
    ("search, 1 writer", "Search", 1, SECONDS + 5, ("cpu ms", 250)),
    ("search, 5 at once", "Search", USERS, SECONDS + 5, None),
    ("login, 5 at once", "Login", USERS, SECONDS + 10, ("ms", 1000)),
    ("prompt library", "PromptLibrary", USERS, SECONDS, ("cpu", 5)),
]
# BENCH_ROWS="desk,search" runs only the rows whose names start so (and the floor), to check one
# change quickly.
ONLY = {name.strip() for name in os.environ.get("BENCH_ROWS", "").split(",") if name.strip()}
TARGET_DESK_BYTES = 120 * KB
TARGET_WORKER_RSS = 200 * MB


def first_desk_visit(base: str, session: dict) -> dict:
    """The bytes a first visit to the desk transfers: the page and what it loads, as served."""
    client = client_of(session)
    headers = {"Accept-Encoding": "br, gzip"}

    def fetch(url: str) -> dict:
        response = client.get(base + url, headers=headers, stream=True, timeout=30)
        response.raise_for_status()
        raw = response.raw.read(decode_content=False)
        encoding = response.headers.get("Content-Encoding", "identity")
        return {"url": url, "bytes": len(raw), "encoding": encoding}

    files = [fetch("/desk/")]
    page = client.get(base + "/desk/", timeout=30).text
    assets = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', page)
    assets += re.findall(r'<script src="([^"]+)"', page)
    files += [fetch(url) for url in dict.fromkeys(assets)]
    return {"bytes": sum(f["bytes"] for f in files), "files": files}


def judge(results: dict) -> list[str]:
    """The targets missed, each in a line."""
    floor = next(r for r in results["rows"] if r["row"] == "floor")
    missed = []
    targets = {label: target for label, _cls, _users, _s, target in ROWS}
    for row in results["rows"]:
        label, target = row["row"], targets[row["row"]]
        row["ratio"] = round(row["p95"] / floor["p95"], 2) if row["p95"] and floor["p95"] else None
        cpu, floor_cpu = row["cpu_ms_per_request"], floor["cpu_ms_per_request"]
        row["cpu_ratio"] = round(cpu / floor_cpu, 2) if cpu and floor_cpu else None
        row["target"] = None
        if row["errors"]:
            missed.append(f"{label}: {row['errors']} errors (target: none)")
        if target is None:
            continue
        kind, limit = target
        value, row["target"] = {
            "cpu": (row["cpu_ratio"], f"CPU ≤ {limit}x floor's"),
            "cpu ms": (cpu, f"CPU < {limit} ms"),
            "ms": (row["p95"], f"p95 < {limit} ms"),
        }[kind]
        row["met"] = value is not None and (value <= limit if kind == "cpu" else value < limit)
        if not row["met"]:
            missed.append(f"{label}: {value} against {row['target']}")
    if results["first_desk_visit"]["bytes"] >= TARGET_DESK_BYTES:
        missed.append(f"first desk visit: {results['first_desk_visit']['bytes']} bytes")
    if max(results["worker_peak_rss"]) >= TARGET_WORKER_RSS:
        missed.append(f"worker peak memory: {max(results['worker_peak_rss'])} bytes")
    return missed


def table(results: dict) -> str:
    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    lines = [
        "| row | req/s | p50 ms | p95 ms | p99 ms | errors | p95 ÷ floor's | server CPU ms/req "
        "| CPU ÷ floor's | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in results["rows"]:
        verdict = "" if row["target"] is None else (" met" if row["met"] else " **missed**")
        lines.append(
            f"| {row['row']} | {row['rps']:.1f} | {ms(row['p50'])} | {ms(row['p95'])} "
            f"| {ms(row['p99'])} | {row['errors']} | {ms(row['ratio'])} "
            f"| {ms(row['cpu_ms_per_request'])} | {ms(row['cpu_ratio'])} "
            f"| {row['target'] or '-'}{verdict} |"
        )
    visit = results["first_desk_visit"]["bytes"]
    peak = max(results["worker_peak_rss"])
    start, end = results["load_average_at_start"][0], results["machine"]["load_average"][0]
    lines += [
        "",
        f"First visit to the desk (HTML + CSS + JS + icon, as served with br/gzip): "
        f"{visit / KB:.1f} KB (target < {TARGET_DESK_BYTES // KB} KB)"
        f"{'' if visit < TARGET_DESK_BYTES else ' **missed**'}",
        f"Peak memory (RSS) of one worker: {peak / MB:.0f} MB "
        f"(target < {TARGET_WORKER_RSS // MB} MB){'' if peak < TARGET_WORKER_RSS else ' **missed**'}",
        f"Load average (1 min) at the start and the end: {start:.1f}, {end:.1f}",
    ]
    return "\n".join(lines)


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="unsent-bench-"))
    env = bench_env(folder)
    load_at_start = os.getloadavg()
    if load_at_start[0] > 1:
        say(f"the machine is busy (load {os.getloadavg()[0]:.1f}): times will be higher than idle")
    server = None
    started = time.monotonic()
    try:
        say(f"throwaway database in {folder}")
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        say("signing up writers and writing 10,000 letters (real encryption)…")
        seed = run_script(env, "bench/seed.py")
        if seed["floor_queries"] != 0:
            raise SystemExit(f"the floor page made {seed['floor_queries']} queries, not 0")
        say(
            f"seeded in {seed['seconds']} s: {seed['by_status']}, {seed['time_locked']} time-locked"
        )
        port = free_port()
        server = start_gunicorn(env, port, folder / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        say(f"gunicorn on {base} with {workers()} workers")

        drafts = seed["draft_ids"]
        sessions = {
            "writer": [writer_session(base, seed, draft) for draft in drafts[:USERS]],
            "drafts": drafts[USERS:],
            "readable": seed["readable_ids"],
            "login_writers": seed["extra_writers"],
            "password": seed["password"],
            "searches": SEARCHES,
        }
        sessions_file = folder / "sessions.json"
        sessions_file.write_text(json.dumps(sessions))
        visit = first_desk_visit(base, sessions["writer"][0])
        hits = search_hits(base, sessions["writer"][0], SEARCHES)

        rows = []
        for row in ROWS:
            if ONLY and row[0] != "floor" and not row[0].startswith(tuple(ONLY)):
                continue
            say(f"{row[0]}: {row[2]} users for {row[3]} s…")
            rows.append(run_row(row, base, sessions_file, folder, server))
        results = {
            "machine": machine(),
            "load_average_at_start": load_at_start,
            "setup": {
                "workers": workers(),
                "users": USERS,
                "warmup_seconds": WARMUP,
                "letters": seed["letters"],
                "by_status": seed["by_status"],
                "time_locked": seed["time_locked"],
                "stored_body_bytes": seed["stored_body_bytes"],
                "search_hits": hits,
                "floor": "GET / as a visitor not logged in (0 queries)",
            },
            "rows": rows,
            "first_desk_visit": visit,
            "worker_peak_rss": peak_worker_rss(server),
        }
    finally:
        stop(server)
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)

    missed = judge(results)
    results["missed"] = missed
    results["seconds"] = round(time.monotonic() - started)
    latest = write_results(results, "bench")
    info = results["machine"]
    print()
    load = ", ".join(f"{x:.1f}" for x in info["load_average"])
    print(
        f"{info['date']} · {info['cpu']} · {info['cores']} cores · commit {info['commit']}"
        f" · load average at the end {load}"
    )
    print(table(results))
    print()
    say(f"written to {latest} in {results['seconds']} s")
    for line in missed:
        say(f"MISSED {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
