"""One object of letters.json as an import reads it: each field checked, and an error for the
writer that says where in the file the problem is (portability.format reads the whole file)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from letters import clock

# The years a zip file can date its files in; a later date would stop every export.
FIRST_YEAR, LAST_YEAR = 1980, 2107


class ExportFileError(Exception):
    """A file that cannot be imported; the message is for the writer."""


def nothing_imported(problem: str) -> str:
    """What is wrong with the file, and that nothing came of it."""
    nothing = _("Nothing was imported.")
    return f"{problem} {nothing}"


def _day_kept_at(moment: datetime.datetime) -> datetime.date:
    """The day a version-1 file gave as a moment: the first moment of that day in the zone of
    the server that made it. In this server's zone (a file from here, or from a server set
    alike) that is midnight, and the day is exact. From a server in another zone, midnight
    there falls between eleven hours after the day's start in UTC and thirteen hours before
    it, so thirteen hours on is within that day in UTC: every zone from UTC-10:45 to UTC+13
    (Hawaii to New Zealand's summer), though not Samoa's -11 nor Kiribati's +14. Any other
    time, in a file made by hand, is read in this server's zone."""
    here = timezone.localtime(moment, timezone.get_default_timezone())
    if here.time() == datetime.time.min:
        return here.date()
    utc = moment.astimezone(datetime.UTC)
    if (utc.second, utc.microsecond) == (0, 0) and utc.minute % 15 == 0:
        return (utc + datetime.timedelta(hours=13)).date()
    return here.date()


class Fields:
    """Read one object of letters.json, with an error naming where the problem is."""

    def __init__(self, data: object, where: str) -> None:
        self.data = data
        self.where = where

    def a(self, name: str) -> str:
        """The field's name with "a" or "an" before it (each language says it its own way)."""
        if name[0] in "aeiou":
            return pgettext("a field of the file, named", "an %(field)s") % {"field": repr(name)}
        return pgettext("a field of the file, named", "a %(field)s") % {"field": repr(name)}

    def error(self, problem: str, **values: object) -> ExportFileError:
        """The problem is a sentence with %(where)s for this place in the file."""
        return ExportFileError(nothing_imported(problem % {"where": self.where, **values}))

    def inside(self, data: object, what: str) -> Fields:
        if not isinstance(data, dict):
            raise self.error(_("%(where)s has %(what)s that can't be read."), what=what)
        return Fields(data, f"{self.where} ({what})")

    def exactly(self, *names: str) -> None:
        if missing := [name for name in names if name not in self.data]:
            raise self.error(_("%(where)s has no %(field)s."), field=repr(missing[0]))
        if extra := sorted(set(self.data) - set(names)):
            unknown = _("%(where)s has a field this Unsent doesn't know: %(field)s.")
            raise self.error(unknown, field=repr(extra[0][:40]))

    def text(self, name: str, limit: int) -> str:
        value = self.data[name]
        if not isinstance(value, str):
            raise self.error(_("%(where)s has %(a_field)s that isn't text."), a_field=self.a(name))
        if len(value) > limit:
            raise self.error(
                _(
                    "%(where)s has %(a_field)s longer than %(limit)s characters, the most it "
                    "can hold."
                ),
                a_field=self.a(name),
                limit=number_format(limit, force_grouping=True),
            )
        if "\x00" in value:
            raise self.error(
                _(
                    "%(where)s has a NUL byte in its %(field)s, an invisible character Unsent "
                    "can't keep."
                ),
                field=repr(name),
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            invalid = _("%(where)s has %(a_field)s that isn't valid text.")
            raise self.error(invalid, a_field=self.a(name)) from None
        return value

    def moment(self, name: str, *, optional: bool = False) -> datetime.datetime | None:
        value = self.data[name]
        if value is None and optional:
            return None
        try:
            moment = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            moment = None
        # Aware, and in years that a zip file can hold (and so every time zone).
        if moment is None or moment.tzinfo is None or moment.year < FIRST_YEAR:
            raise self.error(
                _(
                    "%(where)s has %(a_field)s that isn't a date and time with a time zone, "
                    "from 1980 on."
                ),
                a_field=self.a(name),
            )
        if moment.year > LAST_YEAR or moment.astimezone(datetime.UTC).year > LAST_YEAR:
            raise self.error(
                _("%(where)s has %(a_field)s after %(year)d, later than an export can keep."),
                a_field=self.a(name),
                year=LAST_YEAR,
            )
        # A day's grace, for the clock of the server that made the export.
        if moment > clock.now() + datetime.timedelta(days=1):
            raise self.error(
                _("%(where)s has %(a_field)s that hasn't come yet."), a_field=self.a(name)
            )
        return moment.astimezone(datetime.UTC)

    def day(self, name: str) -> datetime.date | None:
        value = self.data[name]
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            not_a_day = _("%(where)s has %(a_field)s that isn't a date.")
            raise self.error(not_a_day, a_field=self.a(name)) from None

    def kept_day(self, name: str) -> datetime.date:
        """A day kept without its hour (a check-in's, a note's, the card's): a date, or in a file
        from before days were kept as dates (format version 1), a moment (_day_kept_at)."""
        value = self.data[name]
        if not isinstance(value, str) or ":" in value:  # a moment has a time
            return _day_kept_at(self.moment(name))
        day = self.day(name)
        if day.year < FIRST_YEAR:
            raise self.error(
                _("%(where)s has %(a_field)s before %(year)d, earlier than an export can keep."),
                a_field=self.a(name),
                year=FIRST_YEAR,
            )
        if day.year > LAST_YEAR:
            raise self.error(
                _("%(where)s has %(a_field)s after %(year)d, later than an export can keep."),
                a_field=self.a(name),
                year=LAST_YEAR,
            )
        # Two days' grace: where the file was made may be a day ahead of UTC, and the writer
        # here a day behind it (Kiritimati and Pago Pago are two dates apart for an hour a day).
        if day > clock.today() + datetime.timedelta(days=2):
            raise self.error(
                _("%(where)s has %(a_field)s that hasn't come yet."), a_field=self.a(name)
            )
        return day

    def strength(self, name: str) -> int | None:
        value = self.data[name]
        if value is not None and (type(value) is not int or not 0 <= value <= 10):
            raise self.error(
                _("%(where)s has %(a_field)s that isn't a whole number from 0 to 10."),
                a_field=self.a(name),
            )
        return value
