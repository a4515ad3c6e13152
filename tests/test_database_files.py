"""The SQLite database and its -wal and -shm files are readable by their owner only."""

import logging
import sqlite3
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler


@pytest.fixture(autouse=True)
def own_databases(django_db_blocker):
    """These tests open databases of their own in a temporary folder, not the test database."""
    with django_db_blocker.unblock():
        yield


def open_database(path: Path):
    """A connection through Unsent's SQLite backend, set up as in settings, that has written."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "config.sqlite",
                "NAME": path,
                "OPTIONS": {"init_command": settings.SQLITE_INIT, "transaction_mode": "IMMEDIATE"},
            }
        }
    )
    connection = handler["default"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS words (said TEXT)")
        cursor.execute("INSERT INTO words VALUES ('hello')")
    return connection


def modes(path: Path) -> dict[str, str]:
    names = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return {name.name: oct(stat.S_IMODE(name.stat().st_mode)) for name in names}


def test_a_new_database_and_its_wal_and_shm_are_readable_by_their_owner_only(tmp_path):
    path = tmp_path / "unsent.sqlite3"
    connection = open_database(path)
    try:
        assert modes(path) == {
            "unsent.sqlite3": "0o600",
            "unsent.sqlite3-wal": "0o600",
            "unsent.sqlite3-shm": "0o600",
        }
    finally:
        connection.close()


def test_an_older_database_readable_by_all_is_put_right_with_a_warning(tmp_path, caplog):
    path = tmp_path / "unsent.sqlite3"
    older = sqlite3.connect(path)  # as an older Unsent left it: made 0644, WAL files still there
    older.execute("PRAGMA journal_mode=WAL")
    older.execute("CREATE TABLE words (said TEXT)")
    older.commit()
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        name.chmod(0o644)
    caplog.set_level(logging.WARNING, logger="config.sqlite.base")

    connection = open_database(path)
    try:
        assert set(modes(path).values()) == {"0o600"}
        assert [record.getMessage() for record in caplog.records] == [
            f"{path}, {path}-wal, {path}-shm could be read by other accounts on this machine; "
            "now only by its owner (0600)."
        ]
    finally:
        connection.close()
        older.close()


def test_a_private_database_opens_again_without_a_warning(tmp_path, caplog):
    path = tmp_path / "unsent.sqlite3"
    open_database(path).close()
    caplog.set_level(logging.WARNING, logger="config.sqlite.base")
    open_database(path).close()
    assert caplog.records == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
