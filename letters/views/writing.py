"""Start a letter, write it, autosave it, keep a conflicting text as a new draft."""

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from letters.forms.feelings import CheckInForm
from letters.forms.letters import KEPT, LetterForm
from letters.guidance import prompts
from letters.http.access import get_letter, unlocked
from letters.keys import crypto
from letters.models import CheckIn, Letter, LifecycleError, StaleDraft

LETTER_FIELDS = ("body", "title", "recipient")
UNREADABLE = (
    f"{KEPT} This letter can't be opened, so nothing was saved over it: keep them as a new letter."
)
SEALED = (
    f"{KEPT} This letter was sealed, perhaps in another tab, so they can't go into it: keep "
    "them as a new letter and nothing is lost."
)
GARBLED = f"{KEPT} They reached us garbled, so nothing was saved yet: press Save to try again."
NOT_JSON = (
    f"{KEPT} This save reached us in a shape we don't read, so nothing was saved: copy them, "
    "reload the page and paste them back."
)


@require_POST
@unlocked
def new_letter(request: HttpRequest) -> HttpResponse:
    prompt = prompts.get(request.POST.get("prompt", ""))
    letter = Letter.start(
        request.user,
        request.user_key,
        recipient=request.user.profile.read_default_recipient(request.user_key),
        prompt_slug=prompt.slug if prompt else "",
    )
    return redirect("edit", letter_id=letter.id)


@require_GET
@unlocked
def edit(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    letter = get_letter(request, letter_id)
    if not letter.is_draft:
        messages.info(request, "This letter is sealed, so it stays just as it is.")
        return redirect("read", letter_id=letter.id)
    try:
        text = letter.read(request.user_key)
    except crypto.DecryptionError:
        return render(request, "letters/unreadable.html", {"letter": letter}, status=422)
    form = LetterForm(initial={**text.__dict__, "version": letter.version})
    return _editor(request, letter, form)


def _editor(
    request: HttpRequest,
    letter: Letter,
    form: LetterForm,
    *,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    prompt = prompts.get(letter.read_prompt(request.user_key))
    context = {
        "letter": letter,
        "form": form,
        "conflict": conflict,
        "max_chars": settings.UNSENT_MAX_LETTER_CHARS,
        "prompt": prompt,
        "prompt_theme": prompts.theme_of(prompt),
        "check_in": _asks_before(request, letter),
    }
    return render(request, "letters/edit.html", context, status=status)


def _asks_before(request: HttpRequest, letter: Letter) -> CheckInForm | None:
    """The one-tap check-in, while the writer wants it and this letter has none yet."""
    asks = request.user.profile.asks_check_in(letter, CheckIn.Moment.BEFORE)
    return CheckInForm() if asks else None


def _saved_at(letter: Letter) -> str:
    return timezone.localtime(letter.updated).strftime("%H:%M")


def _saved(letter: Letter) -> dict:
    # The editor shows the time in the writer's own time zone, from the ISO timestamp.
    return {
        "version": letter.version,
        "saved_at": _saved_at(letter),
        "saved_iso": letter.updated.isoformat(),
        "words": letter.word_count,
    }


def _first_error(form: LetterForm) -> str:
    return next(iter(form.errors.values()))[0]


def _sent_json(request: HttpRequest) -> object:
    """What the editor sent; ValueError for anything that is not JSON of a sane shape."""
    try:
        return json.loads(request.body)
    except RecursionError:
        # Arrays nested thousands deep exhaust the parser; no letter is shaped like that.
        raise ValueError("nested too deeply") from None


@sensitive_variables("data", "form")
@require_POST
@unlocked
def autosave(request: HttpRequest, letter_id: uuid.UUID) -> JsonResponse:
    """Save a draft sent as JSON by the editor; 409 when another tab saved first."""
    with transaction.atomic():
        # Read once, and locked: a stranger gets 404 before anything is said of what was sent.
        letter = get_letter(request, letter_id, for_update=True)
        if request.content_type != "application/json":
            # Checked before the body is read: a multipart body was already read for its CSRF
            # token, and reading it again would fail.
            return JsonResponse({"error": NOT_JSON}, status=415)
        try:
            data = _sent_json(request)
        except ValueError:
            return JsonResponse({"error": GARBLED}, status=400)
        form = LetterForm(data if isinstance(data, dict) else {})
        if not form.is_valid():
            return JsonResponse({"error": _first_error(form)}, status=400)
        try:
            try:
                letter.revise(request.user_key, form.letter_text(), form.cleaned_data["version"])
            except StaleDraft as stale:
                saved = stale.letter.read(request.user_key)
                return JsonResponse(
                    {"error": "stale", "saved": saved.__dict__, "version": stale.letter.version},
                    status=409,
                )
        except LifecycleError:
            # Typing more will not change this: the editor stops saving and offers a new letter.
            return JsonResponse({"error": SEALED, "keep_as_new": True}, status=409)
        except crypto.DecryptionError:
            return JsonResponse({"error": UNREADABLE, "keep_as_new": True}, status=422)
    return JsonResponse(_saved(letter))


@sensitive_post_parameters(*LETTER_FIELDS)
@require_POST
@unlocked
def save(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    """The editor's plain form submit, for when scripts do not run."""
    form = LetterForm(request.POST)
    conflict = False
    if not form.is_valid():
        return _editor(request, get_letter(request, letter_id), form, status=400)
    with transaction.atomic():
        letter = get_letter(request, letter_id, for_update=True)
        try:
            letter.revise(request.user_key, form.letter_text(), form.cleaned_data["version"])
        except LifecycleError:
            conflict = True
            form.add_error(None, SEALED)
        except crypto.DecryptionError:
            conflict = True
            form.add_error(None, UNREADABLE)
        except StaleDraft:
            conflict = True
            form.add_error(
                None,
                f"{KEPT} This letter was changed in another tab: keep your text as a new "
                "letter below, or reload to see the saved one.",
            )
        else:
            messages.success(request, f"Saved at {_saved_at(letter)}.")
            return redirect("edit", letter_id=letter.id)
    return _editor(request, letter, form, conflict=conflict, status=400)


@sensitive_post_parameters(*LETTER_FIELDS)
@require_POST
@unlocked
def keep_as_new(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    """Keep the writer's text as a new draft when it conflicts with another tab's save."""
    original = get_letter(request, letter_id)
    form = LetterForm({**request.POST.dict(), "version": 1})
    if not form.is_valid():
        return _editor(request, original, form, status=400)
    letter = Letter.compose(
        request.user,
        request.user_key,
        form.letter_text(),
        prompt_slug=original.read_prompt(request.user_key),
    )
    letter.save()
    messages.success(request, "Your text is kept here as a new letter. The other one is unchanged.")
    return redirect("edit", letter_id=letter.id)
