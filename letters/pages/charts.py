"""The "Looking back" pictures: weekly numbers, and the bars that draw them as SVG.

The numbers are computed here from plain lists of dates and values, so they can be checked
against known data; the view gathers (and decrypts) what goes in.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

MAX_WEEKS = 26
MIN_WEEKS_FOR_A_TREND = 3
WIDTH, HEIGHT, TOP, BOTTOM = 640, 180, 12, 24


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
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    text: str


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    summary: str
    weeks: list[datetime.date]
    series: list[Series]
    marks: tuple[int, ...] = ()  # indexes of weeks with a reset

    @property
    def top_value(self) -> float:
        return max([v for s in self.series for v in s.values if v is not None] + [1])

    @property
    def bars(self) -> list[Bar]:
        slot = WIDTH / max(len(self.weeks), 1)
        width = slot * 0.8 / len(self.series)
        scale = (HEIGHT - TOP - BOTTOM) / self.top_value
        bars = []
        for i, week in enumerate(self.weeks):
            for j, series in enumerate(self.series):
                value = series.values[i]
                if value is None:
                    continue
                height = max(value * scale, 1 if value else 0)
                bars.append(
                    Bar(
                        x=round(i * slot + slot * 0.1 + j * width, 1),
                        y=round(HEIGHT - BOTTOM - height, 1),
                        width=round(width, 1),
                        height=round(height, 1),
                        css=series.name,
                        text=f"{series.label}, week of {week:%-d %b}: {value}",
                    )
                )
        return bars

    @property
    def reset_marks(self) -> list[float]:
        slot = WIDTH / max(len(self.weeks), 1)
        return [round(i * slot + slot / 2, 1) for i in self.marks]

    @property
    def rows(self) -> list[tuple[datetime.date, list]]:
        return [(week, [s.values[i] for s in self.series]) for i, week in enumerate(self.weeks)]


def enough_for_a_trend(weeks: list[datetime.date]) -> bool:
    return len(weeks) >= MIN_WEEKS_FOR_A_TREND


def halved(recent: int, before: int) -> bool:
    """True when a count has at least halved from one period to the next."""
    return before >= 2 and recent * 2 <= before
