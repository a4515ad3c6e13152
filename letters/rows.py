"""What lists of letters show: a line of each, decrypted only for the page on screen."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from letters import clock, crypto, summaries
from letters.links import letter_link
from letters.models import Letter, LetterQuerySet
from letters.summaries import Summary


@dataclass(frozen=True, slots=True)
class LetterRow:
    """What a list shows of one letter, worked out once, in Python.

    Lists are the busiest pages. Asking the template for each row's link, label and dates cost
    more than the rest of the desk put together (issue 7), so a row is plain values.
    """

    status: str
    status_label: str
    url: str  # drafts open in the editor, the rest in the reading view
    line: str  # the title or first line; empty when locked or unreadable
    written_on: datetime.date
    written: str  # the same day, as shown
    words: str
    opens: str = ""  # the day a sealed letter opens (or opened), as shown
    locked: bool = False
    unreadable: bool = False
    shred_url: str = ""


def rows(letters: Iterable[Summary], user_key: bytes) -> list[LetterRow]:
    """The rows of a list. What every row shares (today, the time zone, the link patterns)
    is looked up once: a list is the busiest thing the busiest pages show."""
    today, zone = clock.today(), timezone.get_current_timezone()
    to_edit, to_read, to_shred = letter_link("edit"), letter_link("read"), letter_link("shred")
    made = []
    for letter in letters:
        locked, line, unreadable = letter.is_locked_on(today), "", False
        if not locked:
            try:
                line = letter.read_excerpt(user_key)
            except crypto.DecryptionError:
                unreadable = True
        written_on = letter.created.astimezone(zone).date()
        count = letter.word_count
        row = LetterRow(
            status=letter.status,
            status_label=Letter.Status(letter.status).label,
            url=(to_edit if letter.is_draft else to_read)(letter.id),
            line=line,
            written_on=written_on,
            written=day_label(written_on),
            words=f"{count} word" if count == 1 else f"{count} words",
            opens=day_label(letter.opens_on, long=locked) if letter.opens_on else "",
            locked=locked,
            unreadable=unreadable,
            shred_url=to_shred(letter.id) if locked else "",
        )
        made.append(row)
    return made


def day_label(day: datetime.date, *, long: bool = False) -> str:
    """A day as the app shows it: 3 Mar 2026, or 3 March 2026 (English, as the app is)."""
    return f"{day.day} {day:%B %Y}" if long else f"{day.day} {day:%b %Y}"


@dataclass(frozen=True)
class Page:
    """One page of a list, found without counting the list.

    A COUNT(*) reads an index entry for every letter, so "page 2 of 480" would make each visit
    to the desk slower as the writer's letters grow; one row more than a page tells whether
    there is an older page.
    """

    number: int
    letters: list[Summary]
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


def page_of(fetch: Callable[[int, int], list[Summary]], number: object, per_page: int) -> Page:
    """The page asked for (a number from the URL), or the first page if there is no such page.

    fetch(start, count) gives count letters of the list from start on.
    """
    try:
        number = max(1, int(str(number)))
    except ValueError:
        number = 1
    if number > MAX_PAGE:  # beyond any writer's letters, and an OFFSET the database refuses
        number = 1
    found = fetch((number - 1) * per_page, per_page + 1)
    if not found and number > 1:
        return page_of(fetch, 1, per_page)
    return Page(number, found[:per_page], has_next=len(found) > per_page)


def months_back(day: datetime.date, months: int) -> datetime.date | None:
    """The same day of the month, some months before; None where it does not exist."""
    month_index = day.year * 12 + day.month - 1 - months
    try:
        return day.replace(year=month_index // 12, month=month_index % 12 + 1)
    except ValueError:
        return None


ON_THIS_DAY_MAX = 5


def on_this_day(owner_id: int, today: datetime.date) -> list[Summary]:
    """Letters written on this day a month ago and a year ago, newest first."""
    days = [d for d in (months_back(today, 1), months_back(today, 12)) if d is not None]
    return summaries.written_on(owner_id, days, ON_THIS_DAY_MAX)


@dataclass(frozen=True)
class SearchHit:
    """A letter that matched: plain text kept, marked up only for the page on screen.

    Its state and date are filled in (by with_details) only for the page shown: turning ten
    thousand stored dates into datetimes was a tenth of a search.
    """

    id: uuid.UUID
    raw_title: str
    raw_snippet: str
    pattern: re.Pattern
    status: str = ""
    created: datetime.datetime | None = None

    @property
    def status_label(self) -> str:
        return Letter.Status(self.status).label

    @property
    def title(self) -> SafeString:
        return _marked(self.raw_title, self.pattern)

    @property
    def snippet(self) -> SafeString:
        return _marked(self.raw_snippet, self.pattern)


SNIPPET_CONTEXT = 90


def _marked(text: str, pattern: re.Pattern) -> SafeString:
    """Escape text and wrap each match in <mark>."""
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    # Every piece of the writer's text above is escaped; only our <mark> tags are not.
    return mark_safe("".join(parts))  # noqa: S308


def _snippet(body: str, first: int) -> str:
    """A few lines of body around the first match (at index first, or -1 for none)."""
    start = max(0, first - SNIPPET_CONTEXT)
    piece = body[start : start + 2 * SNIPPET_CONTEXT + 40]
    return ("…" if start else "") + piece + ("…" if start + len(piece) < len(body) else "")


def _first_match(body: str, lowered: str, words: list[str], pattern: re.Pattern) -> int:
    if len(lowered) == len(body):  # lower-casing kept every index where it was
        return min((i for i in (lowered.find(w) for w in words) if i >= 0), default=-1)
    found = pattern.search(body)
    return found.start() if found else -1


def search(
    letters: LetterQuerySet, user_key: bytes, query: str, today: datetime.date
) -> list[SearchHit]:
    """Letters whose title or body holds every word of the query, newest first.

    Each letter is decrypted once, on the server, for its own writer; time-locked letters are
    not opened, and ones that do not open are left out. This runs over every letter, so it
    reads plain rows, compares lower-cased text, and leaves the marking up of matches to the
    page that shows them (SearchHit.title and .snippet).
    """
    words = [word.lower() for word in query.split()]
    if not words:
        return []
    any_word = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    rows = (
        letters.readable(today)
        .newest_first()
        .values_list("id", "owner_id", "wrapped_key", "title", "body")
        .iterator(chunk_size=500)
    )
    hits = []
    for letter_id, owner_id, wrapped_key, title_blob, body_blob in rows:
        aad = partial(Letter.aad, owner_id=owner_id, letter_id=str(letter_id))
        try:
            key = crypto.unwrap_key(user_key, wrapped_key, aad("key"))
            # Most letters have no title; an envelope of that size holds nothing to search.
            empty = len(title_blob) == crypto.EMPTY_SIZE
            title = "" if empty else crypto.decrypt_text(key, title_blob, aad("title"))
            body = crypto.decrypt_text(key, body_blob, aad("body"))
        except crypto.DecryptionError:
            continue
        low_title, low_body = title.lower(), body.lower()
        if all(word in low_body or word in low_title for word in words):
            first = _first_match(body, low_body, words, any_word)
            hits.append(SearchHit(letter_id, title, _snippet(body, first), any_word))
    return hits


def with_details(hits: Iterable[SearchHit], letters: LetterQuerySet) -> list[SearchHit]:
    """The same hits with their state and date, in one query for all of them."""
    hits = list(hits)
    found = letters.filter(id__in=[hit.id for hit in hits]).values_list("id", "status", "created")
    details = {letter_id: (status, created) for letter_id, status, created in found}
    return [
        replace(hit, status=details[hit.id][0], created=details[hit.id][1])
        for hit in hits
        if hit.id in details  # shredded since the search ran
    ]
