"""What the desk offers besides the letters: prompts, the seven mornings, counts, old letters."""

import datetime

from django.http import HttpRequest

from letters import clock, prompts, rows, summaries
from letters.desk_facts import DeskFacts, facts_for

URGES_HALVED = "Your urges to reach out have halved since last month."


def gather(request: HttpRequest, today: datetime.date) -> dict:
    facts = facts_for(request.user.pk, today)
    return {
        **prompt_and_series(request, facts, today),
        **old_letters(request, facts, today),
        "no_contact": facts.no_contact,
        "quiet_line": URGES_HALVED if facts.urges_halved else "",
        "shred_count": facts.shred_count,
    }


def prompt_and_series(request: HttpRequest, facts: DeskFacts, today: datetime.date) -> dict:
    """The prompt of the day (skipping last week's answers) and this morning of the series."""
    week_ago = clock.now() - datetime.timedelta(days=7)
    recent = summaries.prompts_answered(request.user.pk, week_ago)
    try:
        another = max(0, int(request.GET.get("another", 0)))
    except ValueError:
        another = 0
    started = facts.series_started_on
    morning = None
    if started:
        series_slugs = [p.slug for p in prompts.library().series]
        answered = summaries.prompts_answered(
            request.user.pk, clock.start_of(started), among=series_slugs
        )
        morning = prompts.series_morning(answered)
    return {
        "prompt_of_the_day": prompts.prompt_of_the_day(request.user.pk, today, recent, another),
        "another": another + 1,
        "series_started": started,
        "series_morning": morning,
    }


def old_letters(request: HttpRequest, facts: DeskFacts, today: datetime.date) -> dict:
    """Letters from this day a month and a year ago, unless turned off or today is quiet."""
    if facts.quiet_day:
        return {"quiet_day": True, "on_this_day": []}
    if not facts.shows_on_this_day:
        return {"quiet_day": False, "on_this_day": []}
    letters = rows.rows(rows.on_this_day(request.user.pk, today), request.user_key)
    return {"quiet_day": False, "on_this_day": letters}
