"""The small facts the desk shows beside the letters, read in one statement.

The desk shows a writer's settings, whether today is a quiet date, the days without contact,
the urge line and the shred count. Asked one by one through the ORM these were six queries,
and building each cost Django about 0.2 ms, far more than the database spent answering it;
together they were a fifth of the desk (issue 7). One hand-written statement of scalar
subqueries answers them all in a few dozen microseconds, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection

from letters import charts, clock
from letters.models import Profile
from letters.no_contact import NoContactCount

# The urge line compares the last four weeks with the four before.
URGE_PERIOD = datetime.timedelta(days=28)


@dataclass(frozen=True)
class DeskFacts:
    shows_on_this_day: bool
    series_started_on: datetime.date | None
    quiet_day: bool
    no_contact: NoContactCount | None
    urges_halved: bool
    shred_count: int


# Scalar subqueries, each over one writer's rows through an index on their owner. "on" is
# quoted because it is a keyword in SQL.
FACTS_SQL = """
    SELECT p.shows_on_this_day, p.series_started_on,
      EXISTS (SELECT 1 FROM letters_quietdate
              WHERE owner_id = %(owner)s AND month = %(month)s AND day = %(day)s),
      (SELECT "on" FROM letters_contactmark
       WHERE owner_id = %(owner)s ORDER BY "on" DESC, created DESC LIMIT 1),
      (SELECT COUNT(*) FROM letters_urgemoment
       WHERE owner_id = %(owner)s AND at >= %(month_ago)s),
      (SELECT COUNT(*) FROM letters_urgemoment
       WHERE owner_id = %(owner)s AND at >= %(two_months_ago)s AND at < %(month_ago)s),
      (SELECT COUNT(*) FROM letters_shred WHERE owner_id = %(owner)s)
    FROM letters_profile p
    WHERE p.user_id = %(owner)s
"""


def _date(value: object) -> datetime.date | None:
    """A date as the database gives it back: SQLite answers a subquery's date as text."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def facts_for(owner_id: int, today: datetime.date) -> DeskFacts:
    now = clock.now()
    month_ago, two_months_ago = now - URGE_PERIOD, now - 2 * URGE_PERIOD
    params = {
        "owner": owner_id,
        "month": today.month,
        "day": today.day,
        "month_ago": connection.ops.adapt_datetimefield_value(month_ago),
        "two_months_ago": connection.ops.adapt_datetimefield_value(two_months_ago),
    }
    with connection.cursor() as cursor:
        cursor.execute(FACTS_SQL, params)
        row = cursor.fetchone()
    if row is None:
        raise Profile.DoesNotExist(owner_id)
    shows, started, quiet, contact_on, urges_recent, urges_before, shreds = row
    contact_on = _date(contact_on)
    return DeskFacts(
        shows_on_this_day=bool(shows),
        series_started_on=_date(started),
        quiet_day=bool(quiet),
        no_contact=NoContactCount.from_day(contact_on, today) if contact_on else None,
        urges_halved=charts.halved(urges_recent, urges_before),
        shred_count=shreds,
    )
