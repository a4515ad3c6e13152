"""What lists of letters show: a line of each, decrypted only for the page on screen."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from letters import crypto
from letters.models import Letter, LetterQuerySet


@dataclass(frozen=True)
class LetterRow:
    letter: Letter
    line: str  # the title or first line; empty when locked or unreadable
    unreadable: bool = False

    @classmethod
    def of(cls, letter: Letter, user_key: bytes) -> LetterRow:
        if letter.is_time_locked:
            return cls(letter, "")
        try:
            return cls(letter, letter.read_excerpt(user_key))
        except crypto.DecryptionError:
            return cls(letter, "", unreadable=True)


def rows(letters: Iterable[Letter], user_key: bytes) -> list[LetterRow]:
    return [LetterRow.of(letter, user_key) for letter in letters]


def months_back(day: datetime.date, months: int) -> datetime.date | None:
    """The same day of the month, some months before; None where it does not exist."""
    month_index = day.year * 12 + day.month - 1 - months
    try:
        return day.replace(year=month_index // 12, month=month_index % 12 + 1)
    except ValueError:
        return None


def on_this_day(letters: LetterQuerySet, today: datetime.date) -> LetterQuerySet:
    days = [d for d in (months_back(today, 1), months_back(today, 12)) if d is not None]
    return letters.written_on(*days).order_by("-created")


@dataclass(frozen=True)
class SearchHit:
    letter: Letter
    title: SafeString
    snippet: SafeString


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


def search(letters: LetterQuerySet, user_key: bytes, query: str) -> list[SearchHit]:
    """Letters whose title or body holds every word of the query, newest first.

    Each letter is decrypted once, on the server, for its own writer; time-locked letters are
    not opened, and ones that do not open are left out.
    """
    words = query.split()
    if not words:
        return []
    patterns = [re.compile(re.escape(word), re.IGNORECASE) for word in words]
    any_word = re.compile("|".join(p.pattern for p in patterns), re.IGNORECASE)
    hits = []
    for letter in letters.newest_first().defer("recipient", "excerpt").iterator(chunk_size=200):
        if letter.is_time_locked:
            continue
        try:
            body, title = letter.read_fields(user_key, "body", "title")
        except crypto.DecryptionError:
            continue
        if all(p.search(title) or p.search(body) for p in patterns):
            first = any_word.search(body)
            start = max(0, first.start() - SNIPPET_CONTEXT) if first else 0
            piece = body[start : start + 2 * SNIPPET_CONTEXT + 40]
            snippet = (
                ("…" if start else "") + piece + ("…" if start + len(piece) < len(body) else "")
            )
            hits.append(SearchHit(letter, _marked(title, any_word), _marked(snippet, any_word)))
    return hits
