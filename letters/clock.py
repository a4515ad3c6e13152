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
    """The writer's today: in the time zone their browser names (TimeZoneMiddleware), else
    the server's."""
    return timezone.localdate(now())


def start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of a local day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def start_of_today() -> datetime.datetime:
    """The first moment of today: how days were kept before migration 0016, whose older
    migrations still name it."""
    return start_of(today())


def years_on(day: datetime.date, years: int) -> datetime.date:
    """The same day so many years on (or back, for a negative count); 28 February for 29."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
