"""The app's clock, in one place so tests can move it.

Time-locked letters open on a date; the browser tests move the clock forward with the
test-only setting UNSENT_CLOCK_SHIFT_DAYS rather than waiting a month.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.UNSENT_CLOCK_SHIFT_DAYS)


def today() -> datetime.date:
    return timezone.localdate(now())


def start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of a local day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def day_of(moment: datetime.datetime) -> datetime.datetime:
    """The first moment of the local day a moment falls on.

    What is kept of a time whose hour nobody needs (an urge, a check-in, a margin note), so
    that a copy of the database shows the day but not the hour.
    """
    return start_of(timezone.localdate(moment))


def start_of_today() -> datetime.datetime:
    return day_of(now())


def years_on(day: datetime.date, years: int) -> datetime.date:
    """The same day so many years on (or back, for a negative count); 28 February for 29."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
