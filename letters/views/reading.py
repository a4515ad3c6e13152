"""The desk, the archive, search and the quiet reading view."""

import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from letters import clock, crypto, no_contact, prompts, rows
from letters.forms.letters import SearchForm
from letters.models import Letter, LetterQuerySet, Profile, Shred
from letters.views.helpers import get_letter, posted, unlocked

PER_PAGE = 20


def _listing(request: HttpRequest, letters: LetterQuerySet) -> dict:
    """A page of letters, filtered by the theme of their prompt if one is chosen."""
    theme = request.GET.get("theme", "")
    if theme:
        letters = letters.filter(
            prompt_slug__in=[p.slug for p in prompts.library().in_theme(theme)]
        )
    page = Paginator(letters.newest_first(), PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "rows": rows.rows(page, request.user_key),
        "themes": prompts.library().themes,
        "chosen_theme": theme,
    }


@require_GET
@unlocked
def desk(request: HttpRequest) -> HttpResponse:
    mine = Letter.objects.owned_by(request.user).summaries()
    today = clock.today()
    context = {
        **_listing(request, mine.on_desk()),
        **guidance_for_desk(request, mine, today),
        "on_this_day": rows.rows(rows.on_this_day(mine, today), request.user_key),
        "shred_count": Shred.objects.filter(owner=request.user).count(),
    }
    return render(request, "letters/desk.html", context)


def guidance_for_desk(request: HttpRequest, mine: LetterQuerySet, today: datetime.date) -> dict:
    """The prompt of the day, the seven mornings and the no-contact count."""
    week_ago = clock.now() - datetime.timedelta(days=7)
    recent = set(mine.filter(created__gte=week_ago).values_list("prompt_slug", flat=True))
    try:
        another = max(0, int(request.GET.get("another", 0)))
    except ValueError:
        another = 0
    started = Profile.objects.filter(user=request.user).values_list("series_started_on", flat=True)[
        0
    ]
    morning = None
    if started:
        series_slugs = [p.slug for p in prompts.library().series]
        answered = mine.filter(prompt_slug__in=series_slugs, created__date__gte=started)
        morning = prompts.series_morning(set(answered.values_list("prompt_slug", flat=True)))
    return {
        "prompt_of_the_day": prompts.prompt_of_the_day(request.user.pk, today, recent, another),
        "another": another + 1,
        "series_started": started,
        "series_morning": morning,
        "no_contact": no_contact.count_for(request.user, today),
    }


@require_GET
@unlocked
def archive_list(request: HttpRequest) -> HttpResponse:
    mine = Letter.objects.owned_by(request.user).summaries()
    return render(request, "letters/archive.html", _listing(request, mine.archived()))


@require_GET
@unlocked
def read(request: HttpRequest, letter_id: str) -> HttpResponse:
    letter = get_letter(request, letter_id)
    if letter.is_time_locked:
        return render(request, "letters/locked.html", {"letter": letter}, status=403)
    try:
        text = letter.read(request.user_key)
    except crypto.DecryptionError:
        return render(request, "letters/unreadable.html", {"letter": letter}, status=422)
    context = {"letter": letter, "text": text, "prompt": prompts.get(letter.prompt_slug)}
    return render(request, "letters/read.html", context)


# Search is a POST so the words searched for never sit in a URL, a server log or the history.
@require_http_methods(["GET", "POST"])
@unlocked
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(posted(request))
    page = None
    if form.is_valid():
        mine = Letter.objects.owned_by(request.user)
        hits = rows.search(mine, request.user_key, form.cleaned_data["q"])
        page = Paginator(hits, PER_PAGE).get_page(form.cleaned_data["page"])
    return render(request, "letters/search.html", {"form": form, "page": page})
