"""SQLite writers take turns through a lock file beside the database (config/sqlite)."""

import contextlib
import datetime
import fcntl
import threading
from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction

from letters.models import Shred
from tests.conftest import make_writer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the lock file is SQLite's"),
]

DAY = datetime.date(2026, 11, 26)


def lock_path() -> Path:
    return Path(f"{connection.settings_dict['NAME']}.lock")


def turn_is_free() -> bool:
    """Whether another process could start writing now (a non-blocking try for the lock)."""
    with lock_path().open("a") as other:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(other, fcntl.LOCK_UN)
        return True


@contextlib.contextmanager
def another_writer_holds_the_turn(monkeypatch, timeout: float = 0.2):
    """Hold the lock as another process would, with a short database timeout meanwhile."""
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", timeout)
    with lock_path().open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(other, fcntl.LOCK_UN)


def test_a_transaction_holds_the_turn_until_it_commits():
    writer = make_writer("carol")
    assert turn_is_free() is True
    with transaction.atomic():
        Shred.objects.create(owner=writer.user, shredded_on=DAY)
        assert turn_is_free() is False
    assert turn_is_free() is True
    assert Shred.objects.filter(owner=writer.user).count() == 1


def test_an_inner_block_does_not_give_up_the_turn():
    writer = make_writer("carol")
    with transaction.atomic():
        with transaction.atomic():
            Shred.objects.create(owner=writer.user, shredded_on=DAY)
        assert turn_is_free() is False
        Shred.objects.create(owner=writer.user, shredded_on=DAY)
    assert turn_is_free() is True
    assert Shred.objects.filter(owner=writer.user).count() == 2


def test_a_transaction_gives_up_the_turn_when_it_rolls_back():
    writer = make_writer("carol")
    with pytest.raises(RuntimeError), transaction.atomic():
        Shred.objects.create(owner=writer.user, shredded_on=DAY)
        raise RuntimeError("the save fails")
    assert turn_is_free() is True
    assert Shred.objects.filter(owner=writer.user).count() == 0


def test_closing_the_connection_gives_up_the_turn():
    writer = make_writer("carol")
    with transaction.atomic():
        Shred.objects.create(owner=writer.user, shredded_on=DAY)
        connection.close()
        assert turn_is_free() is True
    assert Shred.objects.filter(owner=writer.user).count() == 0


def test_a_write_outside_a_transaction_waits_for_its_turn(monkeypatch):
    writer = make_writer("carol")
    with another_writer_holds_the_turn(monkeypatch):
        with pytest.raises(OperationalError, match="database is locked"):
            Shred.objects.create(owner=writer.user, shredded_on=DAY)
        with pytest.raises(OperationalError, match="database is locked"), transaction.atomic():
            Shred.objects.create(owner=writer.user, shredded_on=DAY)
        assert Shred.objects.count() == 0  # reading needs no turn
    Shred.objects.create(owner=writer.user, shredded_on=DAY)
    assert Shred.objects.count() == 1


def test_a_writer_in_a_thread_also_gives_up_after_the_timeout(monkeypatch):
    writer = make_writer("carol")
    errors = []

    def write() -> None:
        # A thread has its own connection; this one cannot use an alarm, so it polls.
        connection.settings_dict["OPTIONS"]["timeout"] = 0.2
        try:
            Shred.objects.create(owner=writer.user, shredded_on=DAY)
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connection.close()

    with another_writer_holds_the_turn(monkeypatch):
        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        thread.join(timeout=10)
    assert errors == ["database is locked"]
    assert Shred.objects.count() == 0


def test_reads_do_not_wait_for_the_turn():
    writer = make_writer("carol")
    Shred.objects.create(owner=writer.user, shredded_on=DAY)
    counted = []

    def read() -> None:
        counted.append(Shred.objects.count())  # on this thread's own connection
        connection.close()

    with transaction.atomic():  # this connection holds the turn
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout=10)
    assert counted == [1]


def test_waiting_for_the_turn_gives_back_an_alarm_set_before_it(tmp_path):
    """Whoever had SIGALRM before (handler and time left) has it again after the wait."""
    import signal

    from config.sqlite.base import _wait_blocking

    def theirs(_signum, _frame):
        raise AssertionError("not yet")

    previous = signal.signal(signal.SIGALRM, theirs)
    signal.setitimer(signal.ITIMER_REAL, 30)
    lock = (tmp_path / "free.lock").open("w")
    try:
        _wait_blocking(lock.fileno(), 5)
        left, _interval = signal.getitimer(signal.ITIMER_REAL)
        assert signal.getsignal(signal.SIGALRM) is theirs
        assert 29 < left <= 30
    finally:
        lock.close()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
