"""The letters a list shows, read with hand-written SQL.

The desk and the archive read a page of letters on every visit, and the desk also the letters
written on this day a month and a year ago. Through the ORM, building each of these queries
and a model for each letter cost about 0.6 ms, ten times what the database took to answer
(issue 7). These statements ask for just the columns a row shows, and give back plain values.
Letters are still written, and read anywhere else, through the ORM (letters/models.py).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from letters import clock, crypto
from letters.models import Letter

ON_DESK = (Letter.Status.DRAFT.value, Letter.Status.SEALED.value)
ARCHIVED = (Letter.Status.ARCHIVED.value,)
COLUMNS = "id, owner_id, status, created, opens_on, word_count, wrapped_key, excerpt"


@dataclass(frozen=True, slots=True)
class Summary:
    """One letter as a list shows it: its state and dates, and its line still sealed."""

    id: uuid.UUID
    owner_id: int
    status: str
    created: datetime.datetime
    opens_on: datetime.date | None
    word_count: int
    wrapped_key: bytes
    excerpt: bytes

    @property
    def is_draft(self) -> bool:
        return self.status == Letter.Status.DRAFT

    def is_locked_on(self, today: datetime.date) -> bool:
        """As Letter.is_time_locked, for a list that looks up today once."""
        return Letter.locked_on(self.status, self.opens_on, today)

    def read_excerpt(self, user_key: bytes) -> str:
        """As Letter.read_excerpt: the title, or else the first line."""
        key = crypto.unwrap_key(
            user_key, self.wrapped_key, Letter.aad("key", self.owner_id, self.id)
        )
        return crypto.decrypt_text(key, self.excerpt, Letter.aad("excerpt", self.owner_id, self.id))


def _summary(row: tuple) -> Summary:
    """A row as SQLite or PostgreSQL gives it back, in the types the ORM would have made."""
    letter_id, owner_id, status, created, opens_on, word_count, wrapped_key, excerpt = row
    if created.tzinfo is None:  # SQLite keeps UTC without saying so (USE_TZ)
        created = created.replace(tzinfo=datetime.UTC)
    return Summary(
        id=letter_id if isinstance(letter_id, uuid.UUID) else uuid.UUID(hex=letter_id),
        owner_id=owner_id,
        status=status,
        created=created,
        opens_on=opens_on,
        word_count=word_count,
        wrapped_key=bytes(wrapped_key),  # PostgreSQL gives blobs as memoryview
        excerpt=bytes(excerpt),
    )


def _fetch(sql: str, params: Sequence[object]) -> list[Summary]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_summary(row) for row in cursor.fetchall()]


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


def newest_first(
    owner_id: int,
    statuses: Sequence[str],
    *,
    prompt_slugs: Sequence[str] | None,
    start: int,
    count: int,
) -> list[Summary]:
    """The writer's letters in these states, last changed first, from start on.

    prompt_slugs, when given, keeps only letters written from those prompts (a theme).
    Read through the (owner, status, -updated, -created) index.
    """
    if prompt_slugs is not None and not prompt_slugs:
        return []
    theme = f"AND prompt_slug IN ({_placeholders(prompt_slugs)})" if prompt_slugs else ""
    sql = (
        f"SELECT {COLUMNS} FROM letters_letter"  # noqa: S608 - only placeholders are added
        f" WHERE owner_id = %s AND status IN ({_placeholders(statuses)}) {theme}"
        " ORDER BY updated DESC, created DESC LIMIT %s OFFSET %s"
    )
    return _fetch(sql, [owner_id, *statuses, *(prompt_slugs or []), count, start])


def written_on(owner_id: int, days: Sequence[datetime.date], limit: int) -> list[Summary]:
    """The writer's letters created on any of these local days, newest first.

    Ranges of time rather than a date function, so the (owner, created) index answers.
    """
    if not days:
        return []
    adapt = connection.ops.adapt_datetimefield_value
    ranges, params = [], [owner_id]
    for day in days:
        start = clock.start_of(day)
        ranges.append("(created >= %s AND created < %s)")
        params += [adapt(start), adapt(start + datetime.timedelta(days=1))]
    sql = (
        f"SELECT {COLUMNS} FROM letters_letter"  # noqa: S608 - only placeholders are added
        f" WHERE owner_id = %s AND ({' OR '.join(ranges)})"
        " ORDER BY created DESC LIMIT %s"
    )
    return _fetch(sql, [*params, limit])


def prompts_answered(
    owner_id: int, since: datetime.datetime, among: Sequence[str] | None = None
) -> set[str]:
    """The prompts of the writer's letters created since then (only those among, if given)."""
    if among is not None and not among:
        return set()
    only = f"AND prompt_slug IN ({_placeholders(among)})" if among else ""
    sql = (
        "SELECT DISTINCT prompt_slug FROM letters_letter"  # noqa: S608 - only placeholders
        f" WHERE owner_id = %s AND created >= %s {only}"
    )
    params = [owner_id, connection.ops.adapt_datetimefield_value(since), *(among or [])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {slug for (slug,) in cursor.fetchall()}
