"""The "Looking back" pictures: weekly numbers, and the rows of bars that draw them.

The numbers are computed here from plain lists of dates and values, so they can be checked
against known data; the view gathers (and decrypts) what goes in.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import pgettext

MAX_WEEKS = 26
MIN_WEEKS_FOR_A_TREND = 3
BAR_ROOM = 75  # per cent of a cell the longest bar fills; its number sits after it
MIN_BAR = 0.5  # a value above nought always shows a sliver of bar
STRENGTH_TOP = 10  # feelings are tapped from 0 to 10: their bars are drawn to that scale


def week_of(day: datetime.date) -> datetime.date:
    """The Monday that starts day's week."""
    return day - datetime.timedelta(days=day.weekday())


def weeks_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    start = max(week_of(first), week_of(last) - datetime.timedelta(weeks=MAX_WEEKS - 1))
    count = (week_of(last) - start).days // 7 + 1
    return [start + datetime.timedelta(weeks=n) for n in range(count)]


def counts(days: Iterable[datetime.date], weeks: list[datetime.date]) -> list[int]:
    totals = dict.fromkeys(weeks, 0)
    for day in days:
        if week_of(day) in totals:
            totals[week_of(day)] += 1
    return [totals[week] for week in weeks]


def averages(
    pairs: Iterable[tuple[datetime.date, int]], weeks: list[datetime.date]
) -> list[float | None]:
    """The mean value per week, one decimal; None for a week with nothing."""
    sums: dict[datetime.date, list[int]] = {week: [] for week in weeks}
    for day, value in pairs:
        if week_of(day) in sums:
            sums[week_of(day)].append(value)
    return [round(sum(v) / len(v), 1) if v else None for v in (sums[w] for w in weeks)]


def no_contact_days(
    contacts: list[datetime.date], weeks: list[datetime.date], today: datetime.date
) -> list[int | None]:
    """Days without contact at the end of each week (or today, for this week)."""
    values = []
    for week in weeks:
        end = min(week + datetime.timedelta(days=6), today)
        before = [day for day in contacts if day <= end]
        values.append((end - max(before)).days if before else None)
    return values


@dataclass(frozen=True)
class Series:
    name: str  # also the CSS class of its bars
    label: str
    values: list


@dataclass(frozen=True)
class Cell:
    """One week's value of one series, and the share of the row its bar takes (per cent)."""

    css: str
    label: str
    value: float | None
    width: float


@dataclass(frozen=True)
class Row:
    week: datetime.date
    label: str
    cells: list[Cell]
    reset: bool


def top_of(*series_values: list) -> float:
    """The largest value in these lists (at least 1): the top of a scale they share."""
    return max([v for values in series_values for v in values if v is not None] + [1])


def week_labels(weeks: list[datetime.date]) -> list[str]:
    """Label weeks "2 Nov", with the year on the first week and the first week of a new year."""
    # The lists' short date with its year; without it, an order the translator gives (Django
    # has no short day-and-month format of its own).
    without_year = pgettext(
        "a week in the Looking back charts: Django date format characters, day and short month",
        "j M",
    )
    labels, year = [], None
    for week in weeks:
        shown = without_year if week.year == year else "SHORT_DATE_FORMAT"
        labels.append(date_format(week, shown))
        year = week.year
    return labels


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    summary: str
    weeks: list[datetime.date]
    series: list[Series]
    marks: tuple[int, ...] = ()  # indexes of weeks with a reset
    # What a full bar stands for. Charts of the same kind of number share it (page gather), so
    # a bar of 3 is as long in each; without it, a chart is drawn to its own largest value.
    scale: float | None = None

    @property
    def keyed(self) -> bool:
        """More than one series: each bar is named, and has its colour in a key."""
        return len(self.series) > 1

    @property
    def top_value(self) -> float:
        return self.scale or top_of(*(s.values for s in self.series))

    @property
    def rows(self) -> list[Row]:
        top = self.top_value
        rows = []
        for i, (week, label) in enumerate(zip(self.weeks, week_labels(self.weeks), strict=True)):
            cells = [
                Cell(s.name, s.label, s.values[i], bar_width(s.values[i], top)) for s in self.series
            ]
            rows.append(Row(week, label, cells, i in self.marks))
        return rows


def bar_width(value: float | None, top: float) -> float:
    """The bar's share of its cell, in per cent; the longest keeps room beside it for its number."""
    if not value:
        return 0.0
    return round(max(value / top * BAR_ROOM, MIN_BAR), 1)


def enough_for_a_trend(weeks: list[datetime.date]) -> bool:
    return len(weeks) >= MIN_WEEKS_FOR_A_TREND


def halved(recent: int, before: int) -> bool:
    """True when a count has at least halved from one period to the next."""
    return before >= 2 and recent * 2 <= before
