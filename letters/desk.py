"""What the desk offers besides the letters: prompts, the seven mornings, counts, old letters."""

import datetime

from django.db.models import Count, Q
from django.http import HttpRequest

from letters import charts, clock, no_contact, prompts, rows
from letters.feelings import QuietDate
from letters.models import LetterQuerySet, Profile, UrgeMoment


def gather(
    request: HttpRequest, profile: Profile, mine: LetterQuerySet, today: datetime.date
) -> dict:
    return {
        **prompt_and_series(request, profile, mine, today),
        **old_letters(request, profile, mine, today),
        "no_contact": no_contact.count_for(request.user, today),
        "quiet_line": quiet_line(request.user),
    }


def prompt_and_series(
    request: HttpRequest, profile: Profile, mine: LetterQuerySet, today: datetime.date
) -> dict:
    """The prompt of the day (skipping last week's answers) and this morning of the series."""
    week_ago = clock.now() - datetime.timedelta(days=7)
    recent = set(mine.filter(created__gte=week_ago).values_list("prompt_slug", flat=True))
    try:
        another = max(0, int(request.GET.get("another", 0)))
    except ValueError:
        another = 0
    started = profile.series_started_on
    morning = None
    if started:
        series_slugs = [p.slug for p in prompts.library().series]
        answered = mine.filter(prompt_slug__in=series_slugs).written_since(started)
        morning = prompts.series_morning(set(answered.values_list("prompt_slug", flat=True)))
    return {
        "prompt_of_the_day": prompts.prompt_of_the_day(request.user.pk, today, recent, another),
        "another": another + 1,
        "series_started": started,
        "series_morning": morning,
    }


def old_letters(
    request: HttpRequest, profile: Profile, mine: LetterQuerySet, today: datetime.date
) -> dict:
    """Letters from this day a month and a year ago, unless turned off or today is quiet."""
    quiet = QuietDate.objects.filter(owner=request.user, month=today.month, day=today.day)
    if quiet.exists():
        return {"quiet_day": True, "on_this_day": []}
    if not profile.shows_on_this_day:
        return {"quiet_day": False, "on_this_day": []}
    letters = rows.rows(rows.on_this_day(mine, today), request.user_key)
    return {"quiet_day": False, "on_this_day": letters}


def quiet_line(user: object) -> str:
    """One quiet, true line from Looking back, or nothing."""
    now = clock.now()
    month_ago, two_months_ago = now - datetime.timedelta(days=28), now - datetime.timedelta(days=56)
    urges = UrgeMoment.objects.filter(owner=user, at__gte=two_months_ago).aggregate(
        recent=Count("pk", filter=Q(at__gte=month_ago)),
        before=Count("pk", filter=Q(at__lt=month_ago)),
    )
    if charts.halved(urges["recent"], urges["before"]):
        return "Your urges to reach out have halved since last month."
    return ""
