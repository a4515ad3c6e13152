"""The desk, the archive, search and the quiet reading view with its margin notes."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters import clock
from letters.forms.feelings import MarginNoteForm
from letters.forms.letters import SearchForm
from letters.guidance import prompts
from letters.http import moments
from letters.http.access import get_letter, posted, unlocked
from letters.keys import crypto, keyring
from letters.models import Letter, LetterText, MarginNote
from letters.pages import desk as desk_page
from letters.pages import lists
from letters.pages import search as searching


@require_GET
@unlocked
def desk(request: HttpRequest) -> HttpResponse:
    mine = Letter.objects.owned_by(request.user)
    asked = request.GET
    context = {
        **desk_page.listing(
            mine.on_desk(),
            request.user_key,
            asked.get("page"),
            asked.get("theme", ""),
            asked.get("state", ""),
            first_lines=request.user.profile.shows_first_lines,
        ),
        **desk_page.gather(request.user, request.user_key, clock.today(), asked.get("another", 0)),
        # The fold of prompts opens for another prompt, or on the first of the seven mornings.
        "guidance_open": "another" in asked or moments.series_just_started(request),
        "recovery_code_pending": keyring.recovery_code_pending(request),
    }
    return render(request, "letters/desk.html", context)


@require_GET
@unlocked
def archive_list(request: HttpRequest) -> HttpResponse:
    mine = Letter.objects.owned_by(request.user)
    context = desk_page.listing(
        mine.archived(),
        request.user_key,
        request.GET.get("page"),
        request.GET.get("theme", ""),
        first_lines=request.user.profile.shows_first_lines,
    )
    return render(request, "letters/archive.html", context)


@require_GET
@unlocked
def read(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    letter = get_letter(request, letter_id)
    moment = {"letter": letter, "just_sealed": moments.just_sealed(request, letter)}
    if letter.is_time_locked:
        return render(request, "letters/locked.html", moment, status=403)
    try:
        text = letter.read(request.user_key)
    except crypto.DecryptionError:
        return render(request, "letters/unreadable.html", {"letter": letter}, status=422)
    # On the day it is sealed, a letter is left to rest: no note asked for yet.
    resting = letter.is_draft or moments.sealed_on(letter, clock.today())
    return reading(request, letter, text, None if resting else MarginNoteForm(), extra=moment)


def reading(
    request: HttpRequest,
    letter: Letter,
    text: LetterText,
    note_form: MarginNoteForm | None,
    status: int = 200,
    extra: dict | None = None,
) -> HttpResponse:
    """The quiet reading view, with a margin note form (a refused note keeps its words)."""
    prompt = prompts.get(letter.read_prompt(request.user_key))
    context = {
        "letter": letter,
        "text": text,
        "prompt": prompt,
        "prompt_theme": prompts.theme_of(prompt),
        "notes": _notes(letter, request.user_key),
        "note_form": note_form,
        **(extra or {}),
    }
    return render(request, "letters/read.html", context, status=status)


def _notes(letter: Letter, user_key: bytes) -> list[tuple]:
    notes = []
    for note in letter.notes.all():
        try:
            notes.append((note, *note.open(user_key)))
        except crypto.DecryptionError:
            notes.append((note, gettext("This note can't be opened."), None))
    return notes


# Search is a POST so the words searched for never sit in a URL, a server log or the history.
@require_http_methods(["GET", "POST"])
@unlocked
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(posted(request))
    page = None
    if form.is_valid():
        mine = Letter.objects.owned_by(request.user)
        hits = searching.search(mine, request.user_key, form.cleaned_data["q"], clock.today())
        page = Paginator(hits, lists.PER_PAGE).get_page(form.cleaned_data["page"])
        page.object_list = searching.with_details(page.object_list, mine, request.user_key)
    return render(request, "letters/search.html", {"form": form, "page": page})


@sensitive_post_parameters("text")
@require_POST
@unlocked
def add_note(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    letter = get_letter(request, letter_id)
    if letter.is_draft or letter.is_time_locked:
        messages.error(request, gettext("Notes go beside sealed letters you can read."))
        return redirect("read", letter_id=letter.id)
    if moments.sealed_on(letter, clock.today()):  # the reading view offers no note today
        messages.info(
            request, gettext("Sealed today, it rests: notes can go beside it from tomorrow.")
        )
        return redirect("read", letter_id=letter.id)
    form = MarginNoteForm(request.POST)
    if not form.is_valid():
        try:
            text = letter.read(request.user_key)
        except crypto.DecryptionError:
            return render(request, "letters/unreadable.html", {"letter": letter}, status=422)
        # Shown again with the words as they were typed and what to change.
        return reading(request, letter, text, form, status=400)
    note = MarginNote.after_the_others(letter)
    note.seal_text(request.user_key, form.cleaned_data["text"], form.cleaned_data["strength"])
    note.save()
    return redirect("read", letter_id=letter.id)
