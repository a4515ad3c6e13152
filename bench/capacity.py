"""The capacity row: how many writers typing at once one server holds.

Each writer opens the editor of a draft of their own, then saves it every 2 to 3 seconds, and
about one time in five looks at the desk or reads the letter instead (bench/locustfile.py,
Typist). The number of writers doubles from 5 until a step fails, then the gap between the last
step held and the first one failed is halved a few times. A step holds when no request fails
and the p95 of every request after the arrival is under 150 ms. A step that does not hold is run
once more before it counts: on a machine shared with other work, one burst of someone else's
should not decide the row (both tries are kept).
"""

from __future__ import annotations

import os
import resource
import time

from harness import Run, run_locust, say, summary, workers_cpu

TARGET_P95_MS = 150
TARGET_WRITERS = 500
SECONDS = int(os.environ.get("BENCH_CAPACITY_SECONDS", "45"))
# The writers arrive over the first ARRIVAL seconds, each after 0 to 3 s more and a first
# editor page; the steps' times start after it, their errors from the start.
ARRIVAL = 10
WARMUP = ARRIVAL + 5
FIRST = 5
BISECTIONS = 4


def load() -> float:
    return round(os.getloadavg()[0], 2)


def children_cpu() -> float:
    """CPU seconds of the bench's finished child processes (here: the load generator)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def server_cpu(run: Run) -> float:
    return workers_cpu(run.server) + run.database_cpu()


def step(writers: int, run: Run) -> dict:
    """One step: this many writers typing for SECONDS; its figures and whether it held."""
    files = run.files(f"capacity-{writers}", run.typists())
    at_start, cpu_before, client_before = load(), server_cpu(run), children_cpu()
    found = run_locust(run.base, ["Typist"], writers, SECONDS, files, rate=writers / ARRIVAL)
    time.sleep(1)  # let requests cut off at the end finish before the next step
    cpu = server_cpu(run) - cpu_before
    figures = summary(found, SECONDS, warmup=WARMUP)
    saves = [s for s in found["samples"] if s[0] == "autosave"]
    autosave = summary({"samples": saves}, SECONDS, warmup=WARMUP)
    served = len(found["samples"])
    result = {
        "writers": writers,
        **figures,
        "autosave_p95": autosave["p95"],
        # A writer saves every 2.5 s on average: below that rate, the server (or the load
        # generator, on the same two cores) did not keep up.
        "offered_rps": round(writers / 2.5, 1),
        "server_cpu_ms_per_request": round(1000 * cpu / served, 2) if served else None,
        # The workers' and the database's (PostgreSQL's processes; SQLite's is the workers').
        "server_cpu_share": round(cpu / SECONDS / (os.cpu_count() or 1), 2),
        "server_cpu_ms_per_writer_second": round(1000 * cpu / SECONDS / writers, 3),
        "load_generator_cpu_share": round(
            (children_cpu() - client_before) / SECONDS / (os.cpu_count() or 1), 2
        ),
        "load": [at_start, load()],
    }
    result["held"] = bool(
        figures["p95"] is not None and figures["p95"] < TARGET_P95_MS and not figures["errors"]
    )
    verdict = "held" if result["held"] else "not held"
    say(
        f"  {writers} writers: p95 {figures['p95']} ms, {figures['errors']} errors, "
        f"{figures['rps']} req/s: {verdict} (load {result['load'][0]} to {result['load'][1]})"
    )
    return result


def tried(writers: int, run: Run) -> list[dict]:
    """The step, and a second try of it if the first did not hold."""
    tries = [step(writers, run)]
    if not tries[0]["held"]:
        tries.append(step(writers, run))
    return tries


def capacity(run: Run) -> dict:
    """Step the writers up to one a draft of the typists' account; the largest number held."""
    most = len(run.sessions["typists"]["drafts"])
    steps, held, failed = [], 0, None
    writers = min(FIRST, most)
    while True:
        steps += tried(writers, run)
        if not steps[-1]["held"]:
            failed = writers
            break
        held = writers
        if writers >= most:
            break
        writers = min(writers * 2, most)
    for _ in range(BISECTIONS if failed else 0):
        writers = (held + failed) // 2
        if failed - held <= max(FIRST, held // 10):
            break
        steps += tried(writers, run)
        held, failed = (writers, failed) if steps[-1]["held"] else (held, writers)
    # The server's own work per writer, steady whatever else runs on the machine: how many
    # writers would fill every core with it (an upper bound: times rise well before that).
    # Taken from the largest step held, where the server kept up with every writer.
    largest = max([s for s in steps if s["held"]] or steps, key=lambda s: s["writers"])
    per_writer = largest["server_cpu_ms_per_writer_second"]
    return {
        "row": "capacity",
        "writers_filling_cores": int(1000 * (os.cpu_count() or 1) / per_writer)
        if per_writer
        else None,
        "server_cpu_ms_per_writer_second": per_writer,
        "from_step": largest["writers"],
        "writers_held": held,
        "first_not_held": failed,
        "most_tried": most,
        "target": f"≥ {TARGET_WRITERS} writers, p95 < {TARGET_P95_MS} ms, no errors",
        "met": held >= TARGET_WRITERS,
        "steps": steps,
    }
