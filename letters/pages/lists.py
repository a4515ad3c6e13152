"""What lists of letters show: a line of each, decrypted only for the page on screen."""

from __future__ import annotations

import datetime
import functools
import math
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypedDict

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from letters import clock
from letters.keys import crypto
from letters.models import Letter

PER_PAGE = 20
ON_THIS_DAY_MAX = 5


class LetterRow(TypedDict):
    """What a list shows of one letter, worked out once in Python so the template only writes.

    A dict, not an object: a template looks a name up in a dict first, and an object makes it
    fail that try for every name of every row.
    """

    status: str
    status_label: str
    url: str  # drafts open in the editor, the rest in the reading view
    line: str  # the title, or "Untitled · to …"; empty when locked or unreadable
    written_on: str  # the day it was written, as YYYY-MM-DD for <time datetime>
    written: str  # the same day, as shown
    words: str
    opens: str  # the day a sealed letter opens (or opened), as shown; else ""
    locked: bool
    unreadable: bool
    shred_url: str  # for a letter still closed, else ""


def _link(name: str) -> Callable[[uuid.UUID], str]:
    """reverse(name, args=[id]) for every letter of a list, with the URL patterns walked once."""
    placeholder = str(uuid.UUID(int=0))
    pattern = reverse(name, args=[placeholder])
    return lambda letter_id: pattern.replace(placeholder, str(letter_id))


def rows(
    letters: Iterable[Letter], user_key: bytes, *, first_lines: bool = False
) -> list[LetterRow]:
    """The rows of a list; today, the time zone, the links and the states' names are looked up
    once per list.

    An untitled letter is named by who it is to, unless the writer chose to see first lines.
    """
    today, zone = clock.today(), timezone.get_current_timezone()
    to_edit, to_read, to_shred = _link("edit"), _link("read"), _link("shred")
    # Letters come a few to a day, and formatting a day is a good part of a row.
    label_of_day = functools.cache(day_label)
    labels = dict(Letter.Status.choices)
    # The excerpt is the title, or else the first line: read only for writers who want it.
    named_by = ("excerpt" if first_lines else "title", "recipient")
    made = []
    for letter in letters:
        locked, line, unreadable = letter.locked_on(today), "", False
        if not locked:
            try:
                line = name_of(letter.read_in_turn(user_key, *named_by))
            except crypto.DecryptionError:
                unreadable = True
        written_on = letter.created.astimezone(zone).date()
        count = letter.word_count
        row = LetterRow(
            status=letter.status,
            status_label=labels[letter.status],
            url=(to_edit if letter.is_draft else to_read)(letter.id),
            line=line,
            written_on=written_on.isoformat(),
            written=label_of_day(written_on),
            words=ngettext("%(count)s word", "%(count)s words", count) % {"count": count},
            opens=label_of_day(letter.opens_on, long=locked) if letter.opens_on else "",
            locked=locked,
            unreadable=unreadable,
            shred_url=to_shred(letter.id) if locked else "",
        )
        made.append(row)
    return made


def name_of(fields: Iterator[str]) -> str:
    """How a list names a letter, from its title (or first line) and who it is to, read in
    turn: by its title, never its words, which a glance over a shoulder could read; those are
    for the reading view. Who it is to is read only for a letter without a title."""
    title = next(fields)
    return title or untitled(next(fields))


def untitled(recipient: str) -> str:
    """How a list (and a search) names a letter with no title: by who it is to, if anyone."""
    if recipient:
        # Translators: how a list names a letter with no title, by who it is to.
        return gettext("Untitled · to %(recipient)s") % {"recipient": recipient}
    return gettext("Untitled")


def day_label(day: datetime.date, *, long: bool = False) -> str:
    """A day as the app shows it, in the page's language: 3 Mar 2026, or 3 March 2026."""
    return date_format(day, "DATE_FORMAT" if long else "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class Page:
    """One page of a list, found without counting the list.

    A COUNT(*) reads an index entry for every letter, so "page 2 of 480" would make each visit
    to the desk slower as the writer's letters grow; one row more than a page tells whether
    there is an older page.
    """

    number: int
    letters: list[Letter]
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


MAX_PAGE = 1_000_000


def page_of(letters: QuerySet, number: object, per_page: int = PER_PAGE) -> Page:
    """The page asked for (a number from the URL), or the first page if there is no such page."""
    try:
        number = max(1, int(str(number)))
    except ValueError:
        number = 1
    if number > MAX_PAGE:  # beyond any writer's letters, and an OFFSET the database refuses
        number = 1
    start = (number - 1) * per_page
    found = list(letters[start : start + per_page + 1])
    if not found and number > 1:
        # Past the end (an old bookmark, or letters let go since): the last page there is. Only
        # here is the list counted.
        number = max(1, math.ceil(letters.count() / per_page))
        start = (number - 1) * per_page
        found = list(letters[start : start + per_page + 1])
    return Page(number, found[:per_page], has_next=len(found) > per_page)


def months_back(day: datetime.date, months: int) -> datetime.date | None:
    """The same day of the month, some months before; None where it does not exist."""
    month_index = day.year * 12 + day.month - 1 - months
    try:
        return day.replace(year=month_index // 12, month=month_index % 12 + 1)
    except ValueError:
        return None


def on_this_day(owner: object, today: datetime.date) -> list[Letter]:
    """Letters written on this day a month ago and a year ago, newest first."""
    days = [d for d in (months_back(today, 1), months_back(today, 12)) if d is not None]
    letters = Letter.objects.written_on(owner, days).summaries()
    return list(letters[:ON_THIS_DAY_MAX])
