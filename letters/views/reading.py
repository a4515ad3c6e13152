"""The desk, the archive, search and the quiet reading view."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from letters import clock, crypto, letter_reads, prompts, rows, summaries
from letters import desk as desk_guidance
from letters.forms.feelings import MarginNoteForm
from letters.forms.letters import SearchForm
from letters.models import Letter, LetterText
from letters.views.helpers import get_letter, posted, unlocked

PER_PAGE = 20


def _listing(request: HttpRequest, statuses: tuple[str, ...]) -> dict:
    """A page of letters, filtered by the theme of their prompt if one is chosen."""
    theme = request.GET.get("theme", "")
    slugs = [p.slug for p in prompts.library().in_theme(theme)] if theme else None

    def fetch(start: int, count: int) -> list[summaries.Summary]:
        return summaries.newest_first(
            request.user.pk, statuses, prompt_slugs=slugs, start=start, count=count
        )

    page = rows.page_of(fetch, request.GET.get("page"), PER_PAGE)
    return {
        "page": page,
        "rows": rows.rows(page.letters, request.user_key),
        "themes": prompts.library().themes,
        "chosen_theme": theme,
    }


@require_GET
@unlocked
def desk(request: HttpRequest) -> HttpResponse:
    context = {
        **_listing(request, summaries.ON_DESK),
        **desk_guidance.gather(request, clock.today()),
    }
    return render(request, "letters/desk.html", context)


@require_GET
@unlocked
def archive_list(request: HttpRequest) -> HttpResponse:
    return render(request, "letters/archive.html", _listing(request, summaries.ARCHIVED))


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
    return reading(request, letter, text, None if letter.is_draft else MarginNoteForm())


def reading(
    request: HttpRequest,
    letter: Letter,
    text: LetterText,
    note_form: MarginNoteForm | None,
    status: int = 200,
) -> HttpResponse:
    """The quiet reading view, with a margin note form (a refused note keeps its words)."""
    context = {
        "letter": letter,
        "text": text,
        "prompt": prompts.get(letter.prompt_slug),
        "notes": _notes(letter, request.user_key),
        "note_form": note_form,
    }
    return render(request, "letters/read.html", context, status=status)


def _notes(letter: Letter, user_key: bytes) -> list[tuple]:
    notes = []
    for note in letter_reads.margin_notes(letter):
        try:
            notes.append((note, *note.open(user_key)))
        except crypto.DecryptionError:
            notes.append((note, "This note can't be opened.", None))
    return notes


# Search is a POST so the words searched for never sit in a URL, a server log or the history.
@require_http_methods(["GET", "POST"])
@unlocked
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(posted(request))
    page = None
    if form.is_valid():
        mine = Letter.objects.owned_by(request.user)
        hits = rows.search(mine, request.user_key, form.cleaned_data["q"], clock.today())
        page = Paginator(hits, PER_PAGE).get_page(form.cleaned_data["page"])
        page.object_list = rows.with_details(page.object_list, mine)
    return render(request, "letters/search.html", {"form": form, "page": page})
