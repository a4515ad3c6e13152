"""The seven mornings side by side: each morning's question beside the writer's answer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from letters.guidance import prompts
from letters.keys import crypto
from letters.models import Letter
from letters.pages.lists import day_label


@dataclass(frozen=True)
class Morning:
    day: int
    question: str
    answer: str = ""  # the letter's words, when there is one that can be read
    url: str = ""  # the letter, in the editor while a draft, else in the reading view
    closed_until: str = ""  # sealed until a day still to come: its words stay closed
    unreadable: bool = False


def side_by_side(user: object, user_key: bytes, began: datetime.datetime) -> list[Morning]:
    """The seven mornings in order, each with the first letter written to it since the start."""
    series = prompts.library().series
    # Letters keep their prompt sealed: each is found, and told apart, by the writer's tag of it.
    named = Letter.prompt_tags(user_key, (prompt.slug for prompt in series))
    letters = (
        Letter.objects.owned_by(user)
        .from_prompts(list(named))
        .written_since(began)
        .order_by("created")
    )
    first: dict[str, Letter] = {}
    for letter in letters:
        first.setdefault(named[bytes(letter.prompt_tag)], letter)
    return [_morning(prompt, first.get(prompt.slug), user_key) for prompt in series]


def _morning(prompt: prompts.Prompt, letter: Letter | None, user_key: bytes) -> Morning:
    if letter is None:
        return Morning(prompt.day, prompt.text)
    url = reverse("edit" if letter.is_draft else "read", args=[letter.id])
    if letter.is_time_locked:
        closed = day_label(letter.opens_on, long=True)
        return Morning(prompt.day, prompt.text, url=url, closed_until=closed)
    try:
        (body,) = letter.read_fields(user_key, "body")
    except crypto.DecryptionError:
        return Morning(prompt.day, prompt.text, url=url, unreadable=True)
    return Morning(prompt.day, prompt.text, answer=body, url=url)
