"""Moments carried to the next page only: just after sealing, from the seal to the reading view
it leads to; just after starting the seven mornings, to the desk that shows the first."""

import datetime

from django.http import HttpRequest
from django.utils import timezone

from letters.models import Letter

JUST_SEALED = "unsent_just_sealed"
SERIES_JUST_STARTED = "unsent_series_just_started"


def mark_sealed(request: HttpRequest, letter: Letter) -> None:
    """Remember, for the next page only, that this letter was sealed a moment ago."""
    request.session[JUST_SEALED] = str(letter.id)


def just_sealed(request: HttpRequest, letter: Letter) -> bool:
    """Whether this letter was sealed a moment ago (told once: the envelope closes once)."""
    if request.session.get(JUST_SEALED) != str(letter.id):
        return False
    del request.session[JUST_SEALED]
    return True


def sealed_on(letter: Letter, today: datetime.date) -> bool:
    """Whether the letter was sealed that day: it is left alone, with no note asked for yet."""
    return letter.sealed_at is not None and timezone.localdate(letter.sealed_at) == today


def mark_series_started(request: HttpRequest) -> None:
    request.session[SERIES_JUST_STARTED] = True


def series_just_started(request: HttpRequest) -> bool:
    """Whether the seven mornings began a moment ago: the desk then opens on the first (once)."""
    return bool(request.session.pop(SERIES_JUST_STARTED, False))
