"""Counting days without contact, and the milestones the articles name.

Every day of contact is sealed under the writer's user key, and so is the day the count runs
from, kept on the profile (Profile.record_contact) so the count opens one day, not all of them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from letters.models import Profile

# One week; one month, the articles' minimum; two months, where they say most people feel it.
ONE_MONTH = 30
MILESTONES = (
    (7, _("One week")),
    (ONE_MONTH, _("One month")),
    (60, _("Two months")),
)
# What the app says once a milestone is reached: a moment that otherwise passes in silence.
# Keyed by days, not by name: a name is only known in the language of the page.
KIND_WORDS = {
    7: _("One week. Each of those days took something, and you got through every one."),
    ONE_MONTH: _("One month. That is a real stretch of time you gave yourself."),
    60: _("Two months. Whatever these weeks held, they were yours, and they count."),
}


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
    def kind_words(self) -> str:
        """A kind word for the latest milestone reached, or "" before the first."""
        reached = [days for days, _label in MILESTONES if self.days >= days]
        return KIND_WORDS[reached[-1]] if reached else ""

    @property
    def next_milestone(self) -> tuple[int, str] | None:
        """Days still to go and the name of the next milestone, if one is left."""
        return next(
            ((days - self.days, label) for days, label in MILESTONES if self.days < days), None
        )


def count_for(owner: object, user_key: bytes, today: datetime.date) -> NoContactCount | None:
    """Days since the latest contact the writer recorded, or None if they never set one."""
    since = Profile.objects.only("no_contact_since").get(user=owner).contact_since(user_key)
    return NoContactCount.from_day(since, today) if since else None


def longest_stretch(contact_days: list[datetime.date], today: datetime.date) -> int:
    """The most days between two contacts, or from the latest to today (0 with none).

    A stretch that ended in contact still happened: the no-contact page says so.
    """
    days = sorted(set(contact_days))
    if not days:
        return 0
    ends = [*days[1:], max(today, days[-1])]
    return max((end - start).days for start, end in zip(days, ends, strict=True))
