"""The growth rows: what grows with a writer's letters or with the table, and whether one
writer's long request holds back everyone else's saves.

Each row is a function of the run (harness.Run) that returns its rows as dicts: the figures, the load
average (1 minute) at its start and end, a line for the table ("shown") and its target.
Where other writers' saves are measured, ten writers save a draft every 0.25 to 0.5 s
(bench/locustfile.py, Saver) and the figures are of the saves in flight while the request ran.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import requests
from harness import (
    GUNICORN_TIMEOUT,
    SEARCHES,
    Run,
    client_of,
    figures,
    locust_in_background,
    run_locust,
    run_row,
    say,
    search_hits,
    summary,
)

MB = 1000 * 1000
SECONDS = int(os.environ.get("BENCH_GROWTH_SECONDS", "20"))
SAVERS = 10
SAVERS_SETTLE = 6  # seconds for the savers to open their drafts before the request starts
SEARCH_CPU_MS = {10_000: 250, 30_000: 750}
SHRED_P95_MS = 100
SAVES_P99_MS = 100
PEAK_BYTES = 250 * MB
DELETION_SAVES_MAX_MS = 200


def load() -> float:
    return round(os.getloadavg()[0], 2)


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def judged(row: dict, target: str | None, met: bool | None) -> dict:
    return row | {"target": target, "met": met}


def sizes(run: Run) -> list[int]:
    return sorted(int(size) for size in run.seed["searchers"])


def search(run: Run) -> list[dict]:
    """One writer searching their letters back to back, at each size."""
    rows = []
    for size in sizes(run):
        session = run.sessions["searchers"][str(size)]
        file = run.sessions_file(f"search{size}", {"writer": [session], "searches": SEARCHES})
        at_start = load()
        row = run_row((f"search, {size:,} letters", "Search", 1, SECONDS, None), *_at(run, file))
        row |= {"letters": size, "hits": search_hits(run.base, session, SEARCHES[3:4])}
        row["load"] = [at_start, load()]
        row["shown"] = (
            f"server CPU {ms(row['cpu_ms_per_request'])} ms a search, p50 {ms(row['p50'])} ms, "
            f"p95 {ms(row['p95'])} ms, {row['errors']} errors"
        )
        limit = SEARCH_CPU_MS.get(size)
        cpu = row["cpu_ms_per_request"]
        target = f"CPU < {limit} ms" if limit else None
        rows.append(judged(row, target, None if not limit else bool(cpu and cpu < limit)))
    return rows


def _at(run: Run, file: Path) -> tuple:
    return run.base, file, run.folder, run.server


def shred(run: Run) -> list[dict]:
    """Ten writers shredding at once, back to back, on the whole table."""
    file = run.sessions_file("shred", {"shredders": run.sessions["shredders"][:10]})
    label = f"shred, 10 writers at once, {run.seed['letters']:,} letters in the table"
    at_start = load()
    row = run_row((label, "Shredder", 10, SECONDS, None), *_at(run, file))
    row["load"] = [at_start, load()]
    row["shown"] = (
        f"{row['requests']} shreds, p50 {ms(row['p50'])} ms, p95 {ms(row['p95'])} ms, "
        f"p99 {ms(row['p99'])} ms, {row['errors']} errors"
    )
    met = bool(row["p95"] is not None and row["p95"] < SHRED_P95_MS and not row["errors"])
    return [judged(row, f"p95 < {SHRED_P95_MS} ms", met)]


def saves_alone(run: Run) -> list[dict]:
    """The ten saving writers on their own: what the other rows' saves compare with."""
    file = run.sessions_file("saves", run.typists())
    at_start = load()
    row = run_row(
        (f"{SAVERS} writers saving, alone", "Saver", SAVERS, SECONDS, None), *_at(run, file)
    )
    row["load"] = [at_start, load()]
    row["shown"] = _saves_line(row)
    return [judged(row, None, None)]


def _saves_line(figures: dict) -> str:
    return (
        f"saves p50 {ms(figures['p50'])} ms, p99 {ms(figures['p99'])} ms, "
        f"max {ms(figures['max'])} ms, {figures['errors']} errors"
    )


def shred_during_search(run: Run) -> list[dict]:
    """One writer searching their largest account back to back, one shredding every second or
    so, and ten saving: the shreds' and the saves' times."""
    largest = str(sizes(run)[-1])
    content = {
        "writer": [run.sessions["searchers"][largest]],
        "searches": SEARCHES,
        "shredders": run.sessions["shredders"][10:],
        **run.typists(),
    }
    files = run.files("during", content)
    at_start = load()
    found = run_locust(
        run.base, ["LongSearch", "PacedShredder", "Saver"], SAVERS + 2, SECONDS, files
    )
    time.sleep(1)
    by_name = {
        name: summary({"samples": [s for s in found["samples"] if s[0] == name]}, SECONDS)
        for name in ("search", "shred", "autosave")
    }
    row = {"row": f"a shred and saves during searches of {int(largest):,} letters", **by_name}
    row["load"] = [at_start, load()]
    saves, shreds, searches = by_name["autosave"], by_name["shred"], by_name["search"]
    row["shown"] = (
        f"{_saves_line(saves)}; shreds ({shreds['requests']}) p99 {ms(shreds['p99'])} ms; "
        f"searches ({searches['requests']}) p95 {ms(searches['p95'])} ms"
    )
    worst = max(saves["p99"] or 0, shreds["p99"] or 0)
    errors = saves["errors"] + shreds["errors"] + searches["errors"]
    met = bool(saves["p99"] and shreds["p99"] and worst < SAVES_P99_MS and not errors)
    return [judged(row, f"saves and shreds p99 < {SAVES_P99_MS} ms", met)]


@contextlib.contextmanager
def saves_meanwhile(run: Run) -> Iterator[dict]:
    """Ten writers saving while the block runs; the dict gets the figures of the saves in flight
    between the block's "start" and "end" (monotonic times it sets)."""
    window: dict = {}
    with locust_in_background(
        run.base, ["Saver"], SAVERS, run.files("meanwhile", run.typists())
    ) as found:
        time.sleep(SAVERS_SETTLE)
        yield window
        time.sleep(1)
    in_flight, errors = [], 0
    for name, at, took, error in found["samples"]:
        end = found["started"] + at
        if name == "autosave" and end - took / 1000 < window["end"] and end > window["start"]:
            in_flight.append(took)
            errors += bool(error)
    window["saves"] = {"saves": len(in_flight), **figures(in_flight), "errors": errors}


def worker_memory(server: subprocess.Popen) -> dict[int, dict]:
    """Each worker's resident memory now and at its peak since the last reset, in bytes."""
    found = {}
    for worker in psutil.Process(server.pid).children():
        status = Path(f"/proc/{worker.pid}/status").read_text()
        kib = {
            key: int(re.search(rf"{key}:\s+(\d+) kB", status).group(1))
            for key in ("VmRSS", "VmHWM")
        }
        found[worker.pid] = {"rss": kib["VmRSS"] * 1024, "peak": kib["VmHWM"] * 1024}
    return found


def reset_peaks(server: subprocess.Popen) -> dict[int, dict]:
    """Start each worker's peak (VmHWM) again from its memory now (Linux's clear_refs 5)."""
    for worker in psutil.Process(server.pid).children():
        Path(f"/proc/{worker.pid}/clear_refs").write_text("5")
    return worker_memory(server)


def timed(run: Run, label: str, request: Callable[[], dict]) -> dict:
    """Run one request with ten writers saving meanwhile: its time, the peak memory of the worker
    that served it (the one whose peak rose most), and the saves' times."""
    at_start = load()
    before = reset_peaks(run.server)
    with saves_meanwhile(run) as window:
        window["start"] = time.monotonic()
        answer = request()
        window["end"] = time.monotonic()
    after = worker_memory(run.server)
    rise = {pid: after[pid]["peak"] - before[pid]["rss"] for pid in after if pid in before}
    served_by = max(rise, key=rise.get) if rise and set(after) == set(before) else None
    return {
        "row": label,
        "seconds": round(window["end"] - window["start"], 1),
        **answer,
        "worker_rss_before": before[served_by]["rss"] if served_by else None,
        "worker_peak": after[served_by]["peak"] if served_by else None,
        "workers_replaced": set(after) != set(before),
        "others_saves": window["saves"],
        "load": [at_start, load()],
    }


def _memory_line(row: dict) -> str:
    peak, before = row["worker_peak"], row["worker_rss_before"]
    worker = (
        "a worker was replaced"
        if peak is None
        else f"worker peak {peak / MB:.0f} MB (from {before / MB:.0f} MB)"
    )
    return f"{row['seconds']} s, {worker}; others' {_saves_line(row['others_saves'])}"


def export_import(run: Run) -> list[dict]:
    """The largest account exported over HTTP, then that file imported into an empty one."""
    largest = sizes(run)[-1]
    exporter, importer = run.sessions["searchers"][str(largest)], run.sessions["importer"]
    path = run.folder / "export.zip"

    def export() -> dict:
        data = {"password": run.seed["password"], "csrfmiddlewaretoken": exporter["csrf"]}
        sent = 0
        try:
            with (
                client_of(exporter).post(
                    f"{run.base}/account/export/",
                    data=data,
                    stream=True,
                    timeout=GUNICORN_TIMEOUT + 30,
                ) as answer,
                path.open("wb") as out,
            ):
                for chunk in answer.iter_content(1 << 20):
                    sent += out.write(chunk)
            ok = answer.status_code == 200 and answer.headers["Content-Type"] == "application/zip"
            return {"status": answer.status_code, "bytes": sent, "ok": ok}
        except requests.RequestException as error:
            return {"status": None, "bytes": sent, "ok": False, "error": str(error)[:200]}

    def restore() -> dict:
        client = client_of(importer)
        try:
            with path.open("rb") as upload:
                answer = client.post(
                    f"{run.base}/account/import/",
                    data={"csrfmiddlewaretoken": importer["csrf"]},
                    files={"file": ("unsent-export.zip", upload, "application/zip")},
                    allow_redirects=False,
                    timeout=GUNICORN_TIMEOUT + 30,
                )
        except requests.RequestException as error:
            return {"status": None, "imported": None, "ok": False, "error": str(error)[:200]}
        page = client.get(f"{run.base}/account/import/", timeout=60).text
        found = re.search(r"Imported ([\d,]+) letters?", page)
        imported = int(found.group(1).replace(",", "")) if found else None
        skipped = [html.unescape(line) for line in re.findall(r"Skipped [^<.:]+", page)]
        return {
            "status": answer.status_code,
            "imported": imported,
            "skipped": skipped,
            "ok": answer.status_code == 302,
        }

    rows = []
    say(f"  exporting {largest:,} letters…")
    row = timed(run, f"export of {largest:,} letters over HTTP", export)
    row["shown"] = f"{row['bytes'] / MB:.0f} MB zip in {_memory_line(row)}"
    rows.append(row)
    if row["ok"]:
        say(f"  importing {largest:,} letters…")
        row = timed(run, f"import of {largest:,} letters over HTTP", restore)
        row["shown"] = f"{ms(row['imported'])} letters in {_memory_line(row)}"
        rows.append(row)
    target = f"worker peak < {PEAK_BYTES // MB} MB"
    return [
        judged(r, target, bool(r["ok"] and r["worker_peak"] and r["worker_peak"] < PEAK_BYTES))
        for r in rows
    ]


def deletion(run: Run) -> list[dict]:
    """The account of the middle size deleted, with ten other writers saving meanwhile."""
    size = sizes(run)[len(sizes(run)) // 2]
    session = run.sessions["searchers"][str(size)]

    def delete() -> dict:
        data = {
            "password": run.seed["password"],
            "confirm": "on",
            "csrfmiddlewaretoken": session["csrf"],
        }
        answer = client_of(session).post(
            f"{run.base}/account/delete/",
            data=data,
            allow_redirects=False,
            timeout=GUNICORN_TIMEOUT + 30,
        )
        gone = answer.headers.get("Location", "").endswith("/account/deleted/")
        return {"status": answer.status_code, "ok": answer.status_code == 302 and gone}

    say(f"  deleting an account of {size:,} letters…")
    row = timed(run, f"account deletion, {size:,} letters", delete)
    row["shown"] = f"{row['seconds']} s; others' {_saves_line(row['others_saves'])}"
    saves = row["others_saves"]
    met = bool(
        row["ok"]
        and saves["max"] is not None
        and saves["max"] < DELETION_SAVES_MAX_MS
        and not saves["errors"]
    )
    return [judged(row, f"others' saves max < {DELETION_SAVES_MAX_MS} ms", met)]


# In this order: the account deletion takes away one of the searched accounts.
ROWS = [
    ("search", search),
    ("shred, 10 writers", shred),
    ("saves alone", saves_alone),
    ("shred during search", shred_during_search),
    ("export and import", export_import),
    ("account deletion", deletion),
]
