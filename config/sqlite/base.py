"""SQLite, with writers taking turns through a lock file rather than SQLite's busy polling.

A writer that finds the database locked sleeps and tries again (after 1, 2, 5, 10, 15 ms and
so on, up to 100 ms), so with a few autosaves at once some wait far longer than the writes
ahead of them take (the README's Performance section has the figures). Here every write first takes an exclusive lock on a file beside the
database: a transaction (Django begins each one with BEGIN IMMEDIATE) holds it until it
commits or rolls back, a write outside a transaction (a plain save()) for its one statement.
A waiting writer sleeps until the lock is let go, and the kernel wakes it at once (in threads,
which cannot set an alarm to end the wait, it tries again every millisecond). A writer that
cannot get the lock within the database's timeout gets "database is locked", as it would from
SQLite. Reads never take it: in WAL mode they do not wait for writers.

The lock is per open file, so a connection must not be carried across a fork: gunicorn's
--preload is fine as long as nothing queries the database while the app loads.

The database and its -wal and -shm files are readable by their owner only, as the secret key,
the lock file and backups are: see keep_private().
"""

import contextlib
import fcntl
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from django.db import OperationalError
from django.db.backends.sqlite3 import base

RETRY_SECONDS = 0.001
OWNER_ONLY = 0o600

log = logging.getLogger(__name__)
# setitimer(0) would cancel a timer, so a previous alarm whose time is up is given this.
MIN_ALARM = 0.000_001


class TurnTakingCursorWrapper(base.SQLiteCursorWrapper):
    """Takes the writers' turn for a statement that writes outside a transaction."""

    database = None  # the DatabaseWrapper, set when the cursor is made

    def execute(self, query: str, params: object = None) -> object:
        with self._turn_for(query):
            return super().execute(query, params)

    def executemany(self, query: str, param_list: object) -> object:
        with self._turn_for(query):
            return super().executemany(query, param_list)

    def _turn_for(self, query: str) -> contextlib.AbstractContextManager:
        reads = query.lstrip()[:6].upper() == "SELECT"
        if reads or self.database is None or self.database.has_turn:
            return contextlib.nullcontext()  # a transaction took the turn when it began
        return self.database.turn()


class DatabaseWrapper(base.DatabaseWrapper):
    _turn_fd = None  # the lock file, opened once per connection
    has_turn = False

    def get_new_connection(self, conn_params: dict) -> object:
        name = str(self.settings_dict["NAME"])
        if not self.is_in_memory_db() and not name.startswith("file:"):
            keep_private(Path(name))
        return super().get_new_connection(conn_params)

    def create_cursor(self, name: str | None = None) -> TurnTakingCursorWrapper:
        cursor = self.connection.cursor(factory=TurnTakingCursorWrapper)
        cursor.database = self
        return cursor

    def _start_transaction_under_autocommit(self) -> None:
        self._take_turn()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_turn()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._end_turn()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._end_turn()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._end_turn()
            if self._turn_fd is not None:
                os.close(self._turn_fd)
                self._turn_fd = None

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        self._take_turn()
        try:
            yield
        finally:
            self._end_turn()

    def _take_turn(self) -> None:
        if self.is_in_memory_db():
            return
        if self._turn_fd is None:
            # Read-only is enough to lock, and works whoever created the file.
            path = f"{self.settings_dict['NAME']}.lock"
            self._turn_fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o600)
        timeout = self.settings_dict["OPTIONS"].get("timeout", 5)
        if threading.current_thread() is threading.main_thread():
            _wait_blocking(self._turn_fd, timeout)
        else:
            _wait_polling(self._turn_fd, timeout)
        self.has_turn = True

    def _end_turn(self) -> None:
        if self.has_turn:
            fcntl.flock(self._turn_fd, fcntl.LOCK_UN)
            self.has_turn = False


def keep_private(database: Path) -> None:
    """Create the database readable by its owner only, and put right files older runs left open.

    SQLite gives the -wal and -shm files the mode of the database file, whatever the umask, so
    creating the database 0600 before SQLite does is enough for all three. Letters in them are
    encrypted, but who writes, when and how much is not, and is no other local account's business.
    """
    try:
        os.close(os.open(database, os.O_RDONLY | os.O_CREAT, OWNER_ONLY))
    except FileNotFoundError:
        return  # no such folder: SQLite says so in its own words
    fixed = []
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(OWNER_ONLY)
                fixed.append(str(path))
        except FileNotFoundError:
            continue  # no -wal or -shm yet: SQLite will make them as private as the database
        except OSError as error:
            log.warning(
                "%s can be read by other accounts and could not be changed: %s", path, error
            )
    if fixed:
        log.warning(
            "%s could be read by other accounts on this machine; now only by its owner (0600).",
            ", ".join(fixed),
        )


def _wait_blocking(fd: int, timeout: float) -> None:
    """Sleep until the lock is let go (the kernel wakes us then), for at most timeout seconds.

    An alarm ends the wait, and only the main thread can have one: gunicorn's workers and
    manage.py commands take this way. Whoever had the alarm before gets it back afterwards,
    with the handler and the time it had left (at once, if that time ran out while we waited).
    """

    def give_up(_signum: int, _frame: object) -> None:
        raise OperationalError("database is locked")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, give_up)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if previous_delay:
            left = max(previous_delay - (time.monotonic() - started), MIN_ALARM)
            signal.setitimer(signal.ITIMER_REAL, left, previous_interval)


def _wait_polling(fd: int, timeout: float) -> None:
    """Try every millisecond until timeout (threads, as under runserver, cannot have an alarm)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise OperationalError("database is locked") from None
            time.sleep(RETRY_SECONDS)
