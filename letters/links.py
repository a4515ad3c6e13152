"""Links to the app's pages, worked out once per process rather than once per link.

Django's reverse() walks the URL patterns every time it is called: about 20 µs a link, and the
editor has a dozen (issue 7). A letter's links differ only in its id, so each name is reversed
once, with a placeholder id, and the letter's id is put in its place.
"""

import functools
import uuid
from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

PLACEHOLDER = str(uuid.UUID(int=0))


@functools.lru_cache(maxsize=256)  # bounded: the script prefix comes with each request
def _pattern(name: str, urlconf: str, prefix: str, with_letter: bool = True) -> str:
    # The URL conf and script prefix are part of the key: they are what reverse() depends on.
    return reverse(name, args=[PLACEHOLDER] if with_letter else [], urlconf=urlconf)


def page_url(name: str) -> str:
    """reverse(name) for a URL without arguments, looked up once per process."""
    return _pattern(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), False)


def letter_url(name: str, letter_id: uuid.UUID | str) -> str:
    """reverse(name, args=[letter_id]) for a URL whose only argument is a letter's id."""
    return letter_link(name)(letter_id)


def letter_link(name: str) -> Callable[[uuid.UUID | str], str]:
    """letter_url(name, ...) for many letters, as for a list: the pattern is looked up once."""
    pattern = _pattern(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return lambda letter_id: pattern.replace(PLACEHOLDER, str(letter_id))
