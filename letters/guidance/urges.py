"""The urge to reach out: when a visit to its page counts, and the weeks it has thinned over.

Only the day of an urge is stored. The time of the writer's last visit, which tells whether a
visit is the same urge again, is kept sealed in their login's session (keyring.seal_in_session).
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from letters import clock
from letters.models import UrgeMoment

# Opening the urge page again within this long counts as the same urge.
SAME_URGE = datetime.timedelta(minutes=10)
WEEKS = (
    (_("This week"), 0),
    (_("Last week"), 1),
    (_("Two weeks ago"), 2),
    (_("Three weeks ago"), 3),
)


def count_urge(owner: object, now: datetime.datetime, last: datetime.datetime | None) -> bool:
    """Keep the day of this urge, unless it is the one the writer just came here with (last:
    their visit before this one in this login, or None). Whether it was a new one."""
    if last is None or now - last > SAME_URGE:
        UrgeMoment.objects.create(owner=owner, at=clock.today())
        return True
    return False


def weekly_counts(owner: object, today: datetime.date) -> list[tuple[str, int]]:
    """How many urges each of the last four weeks held (today and the six days before, and so
    on), this week first."""
    since = today - datetime.timedelta(days=len(WEEKS) * 7 - 1)
    urges = UrgeMoment.objects.filter(owner=owner, at__gte=since).values_list("at", flat=True)
    # A day after today (kept east of where the writer is now) counts in this week.
    backs = [max(0, (today - day).days) // 7 for day in urges]
    return [(label, backs.count(back)) for label, back in WEEKS]
