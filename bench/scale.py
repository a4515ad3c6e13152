"""Unsent's long benchmark: `make bench-scale` (the README's Performance section).

For each database (SQLite, then PostgreSQL when one is installed, in a throwaway cluster of
bench/postgres.py), it seeds a throwaway database (bench/seed_scale.py), serves it with gunicorn
as bench/run.py does, and runs the capacity row (bench/capacity.py) and the growth rows
(bench/growth.py). It prints their tables, writes them to bench-results/scale-latest.json and a
dated copy, and exits 1 when a target is missed.

BENCH_ROWS="capacity,search" runs only the rows whose names start so; BENCH_DATABASES="sqlite"
or "postgresql" only one database. The sizes can be made small for a trial run:
BENCH_SEARCH_LETTERS (1000,10000,30000), BENCH_TABLE_LETTERS (500000), BENCH_TYPIST_DRAFTS
(3000, the most writers the capacity row may step up to), BENCH_SHRED_LETTERS (400 a shredder),
BENCH_CAPACITY_SECONDS (45 a step) and BENCH_GROWTH_SECONDS (20 a row).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import capacity
import growth
import postgres
from harness import (
    Run,
    bench_env,
    free_port,
    machine,
    manage,
    run_script,
    say,
    signed_in,
    start_gunicorn,
    stop,
    workers,
    write_results,
)

TYPIST_SESSIONS = 10
ONLY = {name.strip() for name in os.environ.get("BENCH_ROWS", "").split(",") if name.strip()}
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")


def chosen(name: str) -> bool:
    return not ONLY or any(name.startswith(prefix) for prefix in ONLY)


def open_sessions(base: str, seed: dict) -> dict:
    """Log in (the real form) as each writer the rows need: the typists' account ten times."""
    password = seed["password"]
    typist = [signed_in(base, seed["typist"], password) for _ in range(TYPIST_SESSIONS)]
    return {
        "typists": {"sessions": typist, "drafts": seed["typist_drafts"]},
        "searchers": {
            size: signed_in(base, name, password) for size, name in seed["searchers"].items()
        },
        "shredders": [
            signed_in(base, shredder["name"], password) | {"letters": shredder["letters"]}
            for shredder in seed["shredders"]
        ],
        "importer": signed_in(base, seed["importer"], password),
    }


@contextlib.contextmanager
def database(kind: str, folder: Path) -> dict:
    """The environment of a throwaway database of this kind, and how to measure its size."""
    env = bench_env(folder)
    if kind == "sqlite":
        path = Path(env["SQLITE_PATH"])
        yield {
            "env": env,
            "size": lambda: sum(f.stat().st_size for f in path.parent.glob(f"{path.name}*")),
            "settle": lambda: None,
            "cpu": lambda: 0.0,
            "version": "SQLite",
        }
        return
    with postgres.cluster() as pg:
        yield {
            "env": env | {"DATABASE_URL": pg["url"]},
            "size": lambda: postgres.size(pg),
            "settle": lambda: postgres.settle(pg),
            "cpu": lambda: postgres.cpu(pg),
            "version": f"PostgreSQL {pg['version']}",
        }


def bench_database(kind: str, folder: Path) -> dict:
    with database(kind, folder) as db:
        env = db["env"]
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        say(f"{db['version']}: seeding writers, letters and the table (real encryption)…")
        seed = run_script(env, "bench/seed_scale.py")
        db["settle"]()
        say(
            f"seeded {seed['letters']:,} letters ({seed['real_letters']:,} real) in {seed['seconds']} s"
        )
        server = None
        try:
            port = free_port()
            server = start_gunicorn(env, port, folder / f"gunicorn-{kind}.log")
            base = f"http://127.0.0.1:{port}"
            sessions = open_sessions(base, seed)
            run = Run(base, folder, server, seed, sessions, database_cpu=db["cpu"])
            found = {
                "database": db["version"],
                "letters": seed["letters"],
                "real_letters": seed["real_letters"],
                "letters_by_searched_writer": seed["by_writer"],
                "database_bytes": db["size"](),
                "seed_seconds": seed["seconds"],
                "rows": [],
            }
            if chosen("capacity"):
                say(
                    f"capacity: writers typing at once, from {capacity.FIRST}, {capacity.SECONDS} s a step…"
                )
                found["capacity"] = capacity.capacity(run)
            for name, rows in growth.ROWS:
                if chosen(name):
                    say(f"{name}…")
                    found["rows"] += rows(run)
                    say(f"  {found['rows'][-1]['shown']}")
            return found
        finally:
            stop(server)


def tables(results: dict) -> str:
    lines = [
        "| database | writers held | at that step | next step | load | server CPU a writer | writers that fill the cores |",
        "| --- | ---: | --- | --- | --- | ---: | ---: |",
    ]
    for db in results["databases"]:
        if "capacity" not in db:
            continue
        found = db["capacity"]
        steps = {step["writers"]: step for step in found["steps"]}
        held, failed = steps.get(found["writers_held"]), steps.get(found["first_not_held"])

        def step_line(step: dict | None) -> str:
            if step is None:
                return "-"
            return f"{step['writers']} writers, {step['rps']} req/s, p95 {step['p95']} ms, {step['errors']} errors"

        load = ", ".join(f"{s['load'][0]:.1f}→{s['load'][1]:.1f}" for s in (held, failed) if s)
        lines.append(
            f"| {db['database']} | {found['writers_held']} | {step_line(held)} | {step_line(failed)} "
            f"| {load} | {found['server_cpu_ms_per_writer_second']} ms/s "
            f"| {found['writers_filling_cores']} (from {found['from_step']} writers) |"
        )
    lines += ["", "| row | database | figures | target | load |", "| --- | --- | --- | --- | --- |"]
    for db in results["databases"]:
        for row in db["rows"]:
            verdict = "" if row["met"] is None else (" met" if row["met"] else " **missed**")
            load = f"{row['load'][0]:.1f}→{row['load'][1]:.1f}"
            lines.append(
                f"| {row['row']} | {db['database']} | {row['shown']} | {row['target'] or '-'}{verdict} | {load} |"
            )
    return "\n".join(lines)


def missed(results: dict) -> list[str]:
    found = []
    for db in results["databases"]:
        rows = db["rows"] + ([db["capacity"]] if "capacity" in db else [])
        found += [
            f"{db['database']}, {row['row']}: {row['target']}"
            for row in rows
            if row["met"] is False
        ]
    return found


def main() -> int:
    started, load_at_start = time.monotonic(), os.getloadavg()
    if load_at_start[0] > 1:
        say(f"the machine is busy (load {load_at_start[0]:.1f}): times will be higher than idle")
    kinds = [kind for kind in DATABASES if kind != "postgresql" or postgres.binaries()]
    if "postgresql" in DATABASES and "postgresql" not in kinds:
        say("PostgreSQL is not installed: SQLite only (apt-get install postgresql for both)")
    results = {"load_average_at_start": load_at_start, "workers": workers(), "databases": []}
    manage(bench_env(Path(tempfile.gettempdir())), "collectstatic", "--noinput", "--verbosity", "0")
    for kind in kinds:
        folder = Path(tempfile.mkdtemp(prefix="unsent-bench-"))
        try:
            results["databases"].append(bench_database(kind, folder))
        finally:
            if not os.environ.get("BENCH_KEEP"):
                shutil.rmtree(folder, ignore_errors=True)
    results |= {"machine": machine(), "seconds": round(time.monotonic() - started)}
    results["missed"] = missed(results)
    latest = write_results(results, "scale")
    info = results["machine"]
    print()
    print(f"{info['date']} · {info['cpu']} · {info['cores']} cores · commit {info['commit']}")
    print(tables(results))
    print()
    say(
        f"load average (1 min) {load_at_start[0]:.1f} at the start, {info['load_average'][0]:.1f} at the end"
    )
    say(f"written to {latest} in {results['seconds']} s")
    for line in results["missed"]:
        say(f"MISSED {line}")
    return 1 if results["missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
