"""Make a delete real on disk where the database allows it, without making anyone wait.

SQLite runs with secure_delete, so a delete zeroes the freed space in the main file; the
write-ahead log still holds earlier images of those pages until it is checkpointed and
truncated. A truncating checkpoint has to wait until no reader holds an older snapshot, and it
holds back every writer while it waits: run in a request, one long search would stall every
writer's saves. So a shred only starts a passive checkpoint, which waits for no one, and one
thread per process truncates the log once no reader holds it, trying again after a short wait.

PostgreSQL only marks deleted rows dead. Its own autovacuum frees them: migration 0009 tells it
to vacuum the tables of letters, notes and cards as soon as they hold any dead row, rather than after a
fifth of the table. Nothing runs in the request. (The README, "How the encryption works", says
how soon each database lets go of the bytes, and what neither of them does.)
"""

import atexit
import logging
import threading
import time

from django.db import DatabaseError, connection, transaction

logger = logging.getLogger(__name__)

# How long the log may keep a shredded letter's old pages while readers hold them (the README's
# window), how often to try again, and how long one try may hold back the writers.
ERASE_WITHIN_SECONDS = 60
RETRY_SECONDS = 0.25
WAIT_FOR_READERS_MS = 20


def erase_freed_space() -> None:
    """Once the delete is committed, start pushing the deleted rows out of the database files."""
    if connection.vendor == "sqlite":
        transaction.on_commit(_after_commit)


def _after_commit() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
    truncator.wanted()


class WalTruncator:
    """One thread per process that empties SQLite's write-ahead log when no reader holds it."""

    def __init__(self) -> None:
        self._wanted = threading.Event()
        self._pending = False
        self._start = threading.Lock()
        self._thread: threading.Thread | None = None

    def wanted(self) -> None:
        self._pending = True
        self._wanted.set()
        with self._start:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="unsent-wal-truncator", daemon=True
                )
                self._thread.start()
                atexit.register(self._last_try)

    @property
    def busy(self) -> bool:
        """Whether this process still owes an erasure (waiting, under way, or given up on)."""
        return self._pending

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            try:
                done = self._until_done(time.monotonic() + ERASE_WITHIN_SECONDS)
            finally:
                # No connection held while idle: an idle one kept the log's old index in this
                # process after other processes had emptied it, and the next write failed.
                connection.close()
            if done and not self._wanted.is_set():
                self._pending = False

    def _until_done(self, deadline: float) -> bool:
        while not self._try():
            if time.monotonic() >= deadline:
                logger.warning("The write-ahead log could not be emptied after a shred.")
                return False
            time.sleep(RETRY_SECONDS)
        return True

    def _last_try(self) -> None:
        """A worker that stops (gunicorn recycles them) makes one more try on its way out."""
        if self._pending:
            self._try()

    def _try(self) -> bool:
        try:
            return self._truncate()
        except DatabaseError:  # locked for longer than the database's timeout: try again
            return False

    @staticmethod
    def _truncate() -> bool:
        """One try, holding the writers back for at most WAIT_FOR_READERS_MS; True when done."""
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {WAIT_FOR_READERS_MS}")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _frames, _done = cursor.fetchone()
        return not busy


truncator = WalTruncator()
