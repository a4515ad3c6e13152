"""The guided prompts: read once per language, and chosen for a writer day by day.

prompts.toml holds the library in English, with every field; prompts.<language>.toml holds a
language's words for it, keyed by slug (guidance.languages). The slugs are shared, so a letter's
prompt shows in the reader's language, and a prompt a language lacks shows in English.
"""

from __future__ import annotations

import datetime
import random
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from letters.guidance import languages

PROMPTS_FILE = Path(__file__).with_name("prompts.toml")
SERIES = "seven-mornings"
URGE_SLUG = "urge-instead"
SENT_SLUG = "urge-already-sent"
MONTH_SLUG = "miss-me-a-month-on"
# Prompts offered only where they fit (the urge page, the desk at a month without contact).
IN_PLACE = {"urge-page", "no-contact-month"}
# The fields a language words; the others (slug, theme, series, day, talk_to, story, source) are
# the source's, so every language's library has the same prompts in the same order.
THEME_WORDS = ("name", "blurb")
PROMPT_WORDS = ("text", "why")
URGE_WORDS = ("intro", "steps", "pause", "instead", "letter_prompt", "sent", "sent_prompt")


@dataclass(frozen=True)
class Theme:
    slug: str
    name: str
    blurb: str


@dataclass(frozen=True)
class Prompt:
    slug: str
    theme: str
    text: str
    why: str
    source: str
    series: str = ""
    day: int = 0
    talk_to: bool = False  # about someone to talk to: a quiet line to the help page goes with it
    story: str = ""  # the one story of an ending it is written for ("missing-them", "ending-it")

    @property
    def reads_back(self) -> bool:
        """The series' last morning, which asks the writer to read back the mornings before it."""
        return self.series == SERIES and self.day == library().series[-1].day


@dataclass(frozen=True)
class UrgePage:
    intro: str
    steps: tuple[str, ...]
    pause: str
    instead: str
    letter_prompt: str
    sent: str
    sent_prompt: str
    source: str


@dataclass(frozen=True)
class Library:
    themes: tuple[Theme, ...]
    prompts: tuple[Prompt, ...]
    urge: UrgePage

    @property
    def by_slug(self) -> dict[str, Prompt]:
        return {prompt.slug: prompt for prompt in self.prompts}

    def in_theme(self, theme: str) -> list[Prompt]:
        return [prompt for prompt in self.prompts if prompt.theme == theme]

    def in_library(self, theme: str) -> list[Prompt]:
        """A theme's prompts as the library lists them: all but those offered in place."""
        return [prompt for prompt in self.in_theme(theme) if prompt.series not in IN_PLACE]

    @property
    def series(self) -> list[Prompt]:
        return sorted((p for p in self.prompts if p.series == SERIES), key=lambda p: p.day)

    @property
    def everyday(self) -> list[Prompt]:
        """The prompts a prompt of the day is chosen from: all but the series, and but those
        written for one story of an ending (being the one who misses them, or the one who
        ended it), which the desk cannot know and never asks; the library offers those."""
        return [prompt for prompt in self.prompts if not prompt.series and not prompt.story]


def library() -> Library:
    """The library in the language of the page (English where none is active)."""
    return _library(PROMPTS_FILE, languages.active())


@cache
def _source(path: Path) -> dict:
    """Read the English file once per process."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def _library(path: Path, language: str) -> Library:
    """Each language's library, read once per process: its words over the English source."""
    data, words = _source(path), languages.read_words(path, language)
    themes = [
        languages.reworded(theme, words.get("themes", {}).get(theme["slug"]), THEME_WORDS)
        for theme in data["themes"]
    ]
    listed = [
        languages.reworded(prompt, words.get("prompts", {}).get(prompt["slug"]), PROMPT_WORDS)
        for prompt in data["prompts"]
    ]
    urge = languages.reworded(data["urge"], words.get("urge"), URGE_WORDS)
    urge_page = UrgePage(**{**urge, "steps": tuple(urge["steps"])})
    # The letters the urge page opens are prompts too, so a letter remembers where it began.
    on_urge_page = (
        (URGE_SLUG, urge_page.letter_prompt, urge_page.instead),
        (SENT_SLUG, urge_page.sent_prompt, urge_page.sent),
    )
    urge_prompts = (
        Prompt(slug, "urge", text, why, urge_page.source, series="urge-page")
        for slug, text, why in on_urge_page
    )
    return Library(
        themes=tuple(Theme(**theme) for theme in themes),
        prompts=(*(Prompt(**prompt) for prompt in listed), *urge_prompts),
        urge=urge_page,
    )


def get(slug: str) -> Prompt | None:
    return library().by_slug.get(slug)


def theme_of(prompt: Prompt | None) -> Theme | None:
    """The theme a prompt belongs to: what a letter shows above it, not the article's title."""
    if prompt is None:
        return None
    return next((theme for theme in library().themes if theme.slug == prompt.theme), None)


def prompt_of_the_day(
    writer_id: int, day: datetime.date, recently_answered: set[str], another: int = 0
) -> Prompt:
    """The same prompt all day for a writer, the next one in their own order the next day.

    Each writer walks the prompts in an order of their own, one step a day. Prompts answered
    recently are passed over while others remain; "another" steps further along for today.
    """
    order = library().everyday
    order = random.Random(writer_id).sample(order, len(order))  # noqa: S311 - not a secret
    fresh = [p for p in order if p.slug not in recently_answered] or order
    start = day.toordinal() % len(order)
    # The first fresh prompt at or after today's place in the writer's order.
    position = next((i for i in range(len(order)) if order[(start + i) % len(order)] in fresh), 0)
    first = fresh.index(order[(start + position) % len(order)])
    return fresh[(first + another) % len(fresh)]


def series_morning(answered_since_start: set[str], day_of_series: int) -> Prompt | None:
    """The first morning not yet answered, up to this day's (the first day is 1): one a day, as
    the series asks the question each morning. None when today's is written, or all seven."""
    due = (p for p in library().series if p.day <= day_of_series)
    return next((p for p in due if p.slug not in answered_since_start), None)


def series_finished(answered_since_start: set[str]) -> bool:
    return all(p.slug in answered_since_start for p in library().series)
