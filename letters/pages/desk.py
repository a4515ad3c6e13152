"""What the desk shows: a page of letters, and beside them prompts, counts and old letters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from letters import clock
from letters.guidance import prompts
from letters.guidance.no_contact import ONE_MONTH, NoContactCount
from letters.models import Letter, LetterQuerySet
from letters.pages import charts, lists

URGES_HALVED = _("Your urges to reach out have halved since last month.")


# The desk's filters by state, as the address names them.
STATES = {"drafts": Letter.Status.DRAFT, "sealed": Letter.Status.SEALED}


def listing(
    letters: LetterQuerySet,
    user_key: bytes,
    page: object,
    theme: str,
    state: str = "",
    *,
    first_lines: bool = False,
) -> dict:
    """A page of letters, filtered by the theme of their prompt and by state if chosen.

    Letters keep their prompt sealed, so a theme is asked for by the writer's tags of its
    prompts (Letter.prompt_tags), and no letter is opened to tell.
    """
    tags = None
    if theme not in {known.slug for known in prompts.library().themes}:
        theme = ""  # an old or mistyped address: all of them
    if theme:
        slugs = (prompt.slug for prompt in prompts.library().in_theme(theme))
        tags = list(Letter.prompt_tags(user_key, slugs))
    state = state if state in STATES else ""
    if state:
        letters = letters.filter(status=STATES[state])
    found = lists.page_of(letters.from_prompts(tags).newest_first().summaries(), page)
    return {
        "page": found,
        "rows": lists.rows(found.letters, user_key, first_lines=first_lines),
        "themes": prompts.library().themes,
        "chosen_theme": theme,
        "chosen_state": state,
    }


@dataclass(frozen=True)
class DeskFacts:
    shows_on_this_day: bool
    series_started_on: datetime.date | None
    series_began: datetime.datetime | None
    quiet_day: bool
    no_contact: NoContactCount | None
    urges_halved: bool
    shred_count: int
    shows_first_lines: bool = False


def facts_for(user: object, user_key: bytes, today: datetime.date) -> DeskFacts:
    """The writer's settings and the small facts the desk shows."""
    profile = user.profile
    row = profile.desk_facts(user_key, today)
    contact_on = row.last_contact_on
    return DeskFacts(
        shows_on_this_day=profile.shows_on_this_day,
        series_started_on=profile.series_started_on,
        series_began=profile.series_began(),
        quiet_day=row.quiet_today,
        no_contact=NoContactCount.from_day(contact_on, today) if contact_on else None,
        urges_halved=charts.halved(row.urges_recent, row.urges_before),
        shred_count=row.shred_count,
        shows_first_lines=profile.shows_first_lines,
    )


def gather(user: object, user_key: bytes, today: datetime.date, another: object) -> dict:
    """Everything on the desk beside its page of letters."""
    facts = facts_for(user, user_key, today)
    return {
        **prompt_and_series(
            user, user_key, (facts.series_started_on, facts.series_began), today, another
        ),
        **old_letters(user, user_key, facts, today),
        "no_contact": facts.no_contact,
        "month_question": month_question(user, user_key, facts.no_contact),
        "quiet_line": URGES_HALVED if facts.urges_halved else "",
        "shred_count": facts.shred_count,
    }


def month_question(
    user: object, user_key: bytes, count: NoContactCount | None
) -> prompts.Prompt | None:
    """At a month without contact, the question the article asks then, until it is answered."""
    if count is None or count.days < ONE_MONTH:
        return None
    tags = list(Letter.prompt_tags(user_key, [prompts.MONTH_SLUG]))
    mine = Letter.objects.owned_by(user).from_prompts(tags)
    if mine.written_since(clock.start_of(count.since)).exists():
        return None
    return prompts.get(prompts.MONTH_SLUG)


def prompt_and_series(
    user: object,
    user_key: bytes,
    series: tuple[datetime.date | None, datetime.datetime | None],
    today: datetime.date,
    another: object,
) -> dict:
    """The prompt of the day (skipping last week's answers) and this morning of the series,
    begun on the writer's day `started`, whose first moment where they were then is `began`."""
    started, began = series
    mine = Letter.objects.owned_by(user)
    # Each prompt's tag for this writer, to read which prompts their letters began from.
    named = Letter.prompt_tags(user_key, (p.slug for p in prompts.library().prompts))
    recent = mine.prompts_answered_since(clock.now() - datetime.timedelta(days=7), named)
    try:
        another = max(0, int(str(another)))
    except ValueError:
        another = 0
    morning, finished = None, False
    if started:
        answered = mine.prompts_answered_since(began, named)
        morning = prompts.series_morning(answered, (today - started).days + 1)
        finished = prompts.series_finished(answered)
    return {
        "prompt_of_the_day": prompts.prompt_of_the_day(user.pk, today, recent, another),
        "another": another + 1,
        "series_started": started,
        "series_morning": morning,
        "series_finished": finished,
    }


def old_letters(user: object, user_key: bytes, facts: DeskFacts, today: datetime.date) -> dict:
    """Letters from this day a month and a year ago, unless turned off or today is quiet."""
    if facts.quiet_day:
        return {"quiet_day": True, "on_this_day": []}
    if not facts.shows_on_this_day:
        return {"quiet_day": False, "on_this_day": []}
    on_this_day = lists.on_this_day(user, today)
    letters = lists.rows(on_this_day, user_key, first_lines=facts.shows_first_lines)
    return {"quiet_day": False, "on_this_day": letters}
