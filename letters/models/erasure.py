"""Make a delete real where the database allows it (DESIGN.md, "Shredding")."""

import logging

from django.db import connection, transaction

logger = logging.getLogger(__name__)


def erase_freed_space(*tables: str) -> None:
    """Once the delete is committed, push these tables' deleted rows out of where copies linger.

    SQLite runs with secure_delete, so freed pages are zeroed in the main file; the checkpoint
    then empties the WAL, which still holds earlier images of those pages. PostgreSQL only marks
    rows dead: VACUUM frees them for reuse, though it does not zero them (see the README).
    Both need the transaction to be over (VACUUM refuses to run inside one), hence on_commit.
    """
    transaction.on_commit(lambda: _erase(tables))


def _erase(tables: tuple[str, ...]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _frames, _done = cursor.fetchone()
            if busy:  # a reader held an old snapshot for longer than the database timeout
                logger.warning("The write-ahead log could not be emptied after a shred.")
        elif connection.vendor == "postgresql":
            cursor.execute(f"VACUUM {', '.join(map(connection.ops.quote_name, tables))}")
