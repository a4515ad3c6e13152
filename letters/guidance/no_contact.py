"""Counting days without contact, and the milestones the articles name."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from letters.models import ContactMark

# One week; one month, the articles' minimum; two months, where they say most people feel it.
MILESTONES = (
    (7, "One week"),
    (30, "One month"),
    (60, "Two months"),
)


@dataclass(frozen=True)
class NoContactCount:
    since: datetime.date
    days: int

    @classmethod
    def from_day(cls, since: datetime.date, today: datetime.date) -> NoContactCount:
        """The count from the latest contact the writer recorded (never below zero)."""
        return cls(since=since, days=max(0, (today - since).days))

    @property
    def reached(self) -> list[str]:
        return [label for days, label in MILESTONES if self.days >= days]

    @property
    def next_milestone(self) -> tuple[int, str] | None:
        """Days still to go and the name of the next milestone, if one is left."""
        return next(
            ((days - self.days, label) for days, label in MILESTONES if self.days < days), None
        )


def count_for(owner: object, today: datetime.date) -> NoContactCount | None:
    """Days since the latest contact the writer recorded, or None if they never set one."""
    latest = ContactMark.objects.filter(owner=owner).first()
    if latest is None:
        return None
    return NoContactCount.from_day(latest.on, today)
