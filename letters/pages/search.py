"""Search over a writer's own letters: each decrypted once, on the server, for its writer."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import partial

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from letters.keys import crypto
from letters.models import Letter, LetterQuerySet


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
