"""The urge to reach out: when a visit to its page counts, and the weeks it has thinned over."""

from __future__ import annotations

import datetime

from letters.models import UrgeMoment

# Opening the urge page again within this long counts as the same urge.
SAME_URGE = datetime.timedelta(minutes=10)
WEEKS = (("This week", 0), ("Last week", 1), ("Two weeks ago", 2), ("Three weeks ago", 3))


def count_urge(owner: object, now: datetime.datetime) -> None:
    """Keep the time of this urge, unless it is the one the writer just came here with."""
    latest = UrgeMoment.objects.filter(owner=owner).order_by("-at").first()
    if latest is None or now - latest.at > SAME_URGE:
        UrgeMoment.objects.create(owner=owner, at=now)


def weekly_counts(owner: object, now: datetime.datetime) -> list[tuple[str, int]]:
    """How many urges each of the last four weeks held, this week first."""
    week = datetime.timedelta(weeks=1)
    times = UrgeMoment.objects.filter(owner=owner, at__gte=now - len(WEEKS) * week)
    backs = [(now - at) // week for at in times.values_list("at", flat=True)]
    return [(label, backs.count(back)) for label, back in WEEKS]
