"""Search over a writer's own letters: each decrypted once, on the server, for its writer."""

from __future__ import annotations

import datetime
import re
import unicodedata
import uuid
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from letters.keys import crypto
from letters.models import Letter, LetterQuerySet
from letters.pages import lists

# Search compares text folded alike on both sides. casefold() folds case fully ("STRASSE" finds
# "straße"); NFKD splits letters from their accents and compatibility forms ("ﬁ" is "fi"); then
# the accents of the Latin, Greek and Cyrillic alphabets (one Unicode block) are dropped, so that
# "istanbul" finds "İstanbul", whose casefold is "i" and a combining dot, and "cafe" finds "café"
# as typed on a phone without accents. Marks of other scripts (Devanagari vowel signs, Thai tone
# marks) make a different word, so they stay.
_ACCENTS = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Text as search compares it.

    The whole text is folded at once, in C: letters are long, and search folds every one.
    This is the text folded character by character (_folded_char), in the same order except
    where NFKD puts a run of marks in their canonical order, so the lengths agree.
    """
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKD", text.casefold())
    encoded = folded.encode("utf-8", "surrogatepass")
    # In UTF-8, bytes CC and CD only ever lead the characters U+0300 to U+037F, in two bytes.
    accents = encoded.count(b"\xcc")
    if accents == len(encoded) - len(folded) and b"\xcd" not in encoded:
        # Every character beyond ASCII is an accent (Latin-script text): drop those bytes.
        return encoded.decode("ascii", "ignore")
    return _ACCENTS.sub("", folded) if accents or b"\xcd" in encoded else folded


@lru_cache(maxsize=20_000)  # more characters than a writer's languages use
def _folded_char(char: str) -> str:
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", char.casefold()))


def _original_index(text: str, folded_at: int) -> int:
    """The index in text of the character whose folded form holds fold(text)[folded_at]."""
    if text.isascii():
        return folded_at
    # Nearly every character folds to one: start at the same index, and walk the few steps
    # that a "ß" (two) or a lone accent (none) before it moved the match.
    index = min(folded_at, len(text))
    size = len(fold(text[:index]))
    while size > folded_at:
        index -= 1
        size -= len(_folded_char(text[index]))
    while size + len(_folded_char(text[index])) <= folded_at:
        size += len(_folded_char(text[index]))
        index += 1
    return index


def _spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    """Where in text the pattern (of folded words) matches text's folded form."""
    sizes = [len(_folded_char(char)) for char in text]
    owner = [index for index, size in enumerate(sizes) for _ in range(size)]
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(fold(text)):
        start, end = owner[match.start()], owner[match.end() - 1] + 1
        while end < len(text) and not sizes[end]:  # a letter's accents stay with it
            end += 1
        if spans and start < spans[-1][1]:  # two matches inside one character, as in "ß"
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


class SearchHit(NamedTuple):
    """A letter that matched: plain text kept, marked up only for the page on screen.

    Its state, date and (untitled) name are filled in by with_details, only for the page shown,
    as turning every stored date into a datetime would cost more than the page. A search can
    find most of a writer's letters, and a tuple is the cheapest thing to make for each.
    """

    id: uuid.UUID
    raw_title: str
    raw_snippet: str
    pattern: re.Pattern  # the folded words searched for
    status: str = ""
    created: datetime.datetime | None = None
    untitled_name: str = ""  # "Untitled · to …", as lists name a letter with no title

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
# Letters read by one query of a search: a larger chunk costs fewer queries to build and run
# (two for each chunk), and holds more letters in memory at once: a few megabytes of ordinary
# letters, and up to a few hundred of letters at the longest a letter can be.
SEARCH_CHUNK = 1000


def _marked(text: str, pattern: re.Pattern) -> SafeString:
    """Escape text and wrap each match in <mark>."""
    parts, last = [], 0
    for start, end in _spans(text, pattern):
        parts += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    parts.append(escape(text[last:]))
    # Every piece of the writer's text above is escaped; only our <mark> tags are not.
    return mark_safe("".join(parts))  # noqa: S308


def _snippet(body: str, first: int) -> str:
    """A few lines of body around the first match (at index first, or -1 for none)."""
    start = max(0, first - SNIPPET_CONTEXT)
    piece = body[start : start + 2 * SNIPPET_CONTEXT + 40]
    return ("…" if start else "") + piece + ("…" if start + len(piece) < len(body) else "")


def _first_match(folded_title: str, folded_body: str, words: list[str]) -> int | None:
    """Where in the folded body the first of the words is (-1 when only the title holds them),
    or None when a word is in neither: whether a letter matches and where, in one pass."""
    first = -1
    for word in words:
        at = folded_body.find(word)
        if at < 0:
            if word not in folded_title:
                return None
        elif first < 0 or at < first:
            first = at
    return first


def _opened(
    writer: crypto.Opener,
    owner_id: int,
    wrapped_key: bytes,
    title_blob: bytes,
    body_blob: bytes,
    letter_id: uuid.UUID,
) -> tuple[str, str] | None:
    """A letter's title and body, opened with its own key, or None when it does not open."""
    key_aad, body_aad, title_aad = Letter.searched_aads(owner_id, letter_id)
    try:
        letter = crypto.Opener(writer.open_key(wrapped_key, key_aad))
        body = letter.open_text(body_blob, body_aad)
        # An unpadded envelope of this size holds no title (a letter not saved since titles
        # were padded); a padded one must be opened to tell.
        if len(title_blob) == crypto.EMPTY_SIZE:
            return "", body
        return letter.open_text(title_blob, title_aad), body
    except crypto.DecryptionError:
        return None


def search(
    letters: LetterQuerySet, user_key: bytes, query: str, today: datetime.date
) -> list[SearchHit]:
    """Letters whose title or body holds every word of the query, newest first.

    Each letter is decrypted once, on the server, for its own writer; time-locked letters are
    not opened, and ones that do not open are left out. This runs over every letter, so it
    reads plain rows, compares folded text (see fold), and leaves the marking up of matches to
    the page that shows them (SearchHit.title and .snippet).
    """
    words = [word for word in (fold(part) for part in query.split()) if word]
    if not words:
        return []
    longest_first = sorted(set(words), key=len, reverse=True)
    any_word = re.compile("|".join(re.escape(word) for word in longest_first))
    rows = letters.readable(today).newest_first_in_chunks(
        "owner_id", "wrapped_key", "title", "body", size=SEARCH_CHUNK
    )
    writer = crypto.Opener(user_key)
    hits = []
    for owner_id, wrapped_key, title_blob, body_blob, letter_id in rows:
        opened = _opened(writer, owner_id, wrapped_key, title_blob, body_blob, letter_id)
        if opened is None:
            continue
        title, body = opened
        first = _first_match(fold(title), fold(body), words)
        if first is not None:
            at = -1 if first < 0 else _original_index(body, first)
            hits.append(SearchHit(letter_id, title, _snippet(body, at), any_word))
    return hits


def with_details(
    hits: Iterable[SearchHit], letters: LetterQuerySet, user_key: bytes
) -> list[SearchHit]:
    """The same hits with their state and date, in one query for all of them, and each
    untitled one named by who it is to, as lists name it unless the writer chose first lines
    (search shows the lines around the words found instead)."""
    hits = list(hits)
    fields = ("id", "owner_id", "status", "created", "wrapped_key", "recipient")
    found = {
        letter.id: letter for letter in letters.filter(id__in=[h.id for h in hits]).only(*fields)
    }
    detailed = []
    for hit in hits:
        letter = found.get(hit.id)
        if letter is None:  # shredded since the search ran
            continue
        name = "" if hit.raw_title else lists.untitled(_recipient(letter, user_key))
        detailed.append(
            hit._replace(status=letter.status, created=letter.created, untitled_name=name)
        )
    return detailed


def _recipient(letter: Letter, user_key: bytes) -> str:
    try:
        return next(letter.read_in_turn(user_key, "recipient"))
    except crypto.DecryptionError:
        return ""
