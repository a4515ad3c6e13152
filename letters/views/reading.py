"""The desk, the archive, search and the quiet reading view."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from letters import clock, crypto, rows
from letters.forms.letters import SearchForm
from letters.models import Letter, Shred
from letters.views.helpers import get_letter, posted, unlocked

PER_PAGE = 20


@require_GET
@unlocked
def desk(request: HttpRequest) -> HttpResponse:
    mine = Letter.objects.owned_by(request.user).summaries()
    page = Paginator(mine.on_desk().newest_first(), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": rows.rows(page, request.user_key),
        "on_this_day": rows.rows(rows.on_this_day(mine, clock.today()), request.user_key),
        "shred_count": Shred.objects.filter(owner=request.user).count(),
    }
    return render(request, "letters/desk.html", context)


@require_GET
@unlocked
def archive_list(request: HttpRequest) -> HttpResponse:
    mine = Letter.objects.owned_by(request.user).summaries()
    page = Paginator(mine.archived().newest_first(), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": rows.rows(page, request.user_key)}
    return render(request, "letters/archive.html", context)


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
    return render(request, "letters/read.html", {"letter": letter, "text": text})


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
