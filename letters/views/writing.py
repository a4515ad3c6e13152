"""Start a letter, write it, autosave it, keep a conflicting text as a new draft.

A new letter is only a page until its first save: that save makes it, so an editor left
untouched leaves nothing behind.
"""

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters.forms.feelings import CheckInForm
from letters.forms.letters import LetterForm, kept_and
from letters.guidance import prompts
from letters.http.access import (
    get_letter,
    issued_prompt,
    make_if_new,
    new_letter_token,
    unlocked,
)
from letters.keys import crypto, keyring
from letters.models import CheckIn, Letter, LetterText, LifecycleError, StaleDraft

LETTER_FIELDS = ("body", "title", "recipient")
UNREADABLE = kept_and(
    _("This letter can't be opened, so nothing was saved over it: keep them as a new letter.")
)
SEALED = kept_and(
    _(
        "This letter was sealed, perhaps in another tab, so they can't go into it: keep them as "
        "a new letter and nothing is lost."
    )
)
GARBLED = kept_and(_("They reached us garbled, so nothing was saved yet: press Save to try again."))
NOT_JSON = kept_and(
    _(
        "This save reached us in a shape we don't read, so nothing was saved: copy them, reload "
        "the page and paste them back."
    )
)
NOT_ISSUED = kept_and(
    _(
        "This page is out of date, so nothing was saved yet: copy them, open a new letter and "
        "paste them back."
    )
)
CHANGED_ELSEWHERE = kept_and(
    _(
        "This letter was changed in another tab: keep your text as a new letter below, or reload "
        "to see the saved one."
    )
)


def _new_editor(
    request: HttpRequest,
    prompt_slug: str = "",
    *,
    letter_id: uuid.UUID | None = None,
    form: LetterForm | None = None,
    status: int = 200,
) -> HttpResponse:
    letter = Letter(owner=request.user, id=letter_id or uuid.uuid4())
    if form is None:
        recipient = request.user.profile.read_default_recipient(request.user_key)
        form = LetterForm(initial={"recipient": recipient, "version": letter.version})
    token = new_letter_token(request, letter.id, prompt_slug)
    return _editor(request, letter, form, new=(token, prompt_slug), status=status)


@require_http_methods(["GET", "POST"])
@unlocked
def new_letter(request: HttpRequest) -> HttpResponse:
    """The editor for a letter not made yet; a prompt comes by POST, never in the URL."""
    prompt = prompts.get(request.POST.get("prompt", ""))
    return _new_editor(request, prompt.slug if prompt else "")


@sensitive_variables("data", "form", "token", "prompt_slug")
@sensitive_post_parameters(*LETTER_FIELDS)
@require_POST
@unlocked
def start_letter(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    """A new letter's first save, by autosave (JSON) or the plain form: it makes the letter."""
    by_script = request.content_type == "application/json"
    token = _sent_token(request) if by_script else request.POST.get("start", "")
    prompt_slug = issued_prompt(request, letter_id, token)
    if prompt_slug is None and by_script:
        return JsonResponse({"error": NOT_ISSUED}, status=400)
    if prompt_slug is None:
        form = LetterForm(request.POST)
        form.add_error(None, NOT_ISSUED)
        return _new_editor(request, form=form, status=400)  # the words, on a page that works
    with transaction.atomic():
        made = make_if_new(request, letter_id, prompt_slug)
        response = (autosave if by_script else save)(request, letter_id)
        if made and response.status_code not in (200, 302):
            # Refused words stay in the page, which says why; no empty letter is kept.
            transaction.set_rollback(True)
    if made and response.status_code not in (200, 302) and not by_script:
        form = LetterForm(request.POST)  # the letter is not made: its page is the new one
        return _new_editor(request, prompt_slug, letter_id=letter_id, form=form, status=400)
    return response


def _sent_token(request: HttpRequest) -> object:
    try:
        data = _sent_json(request)
    except ValueError:
        return ""
    return data.get("start", "")


@require_GET
@unlocked
def edit(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    letter = get_letter(request, letter_id)
    if not letter.is_draft:
        messages.info(request, gettext("This letter is sealed, so it stays just as it is."))
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
    new: tuple[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The editor; `new` is (token, prompt) for a letter its first save will make."""
    token, slug = new or ("", letter.read_prompt(request.user_key))
    prompt = prompts.get(slug)
    context = {
        "letter": letter,
        "form": form,
        "conflict": conflict,
        "max_chars": settings.UNSENT_MAX_LETTER_CHARS,
        "prompt": prompt,
        "prompt_theme": prompts.theme_of(prompt),
        "check_in": _asks_before(request, None if new else letter),
        "new_letter_token": token,
        # The header's "I want to text my ex" offers, there, to seal the letter being written
        # (a new one's id is its own from the start: once saved, it is offered too).
        "urge_from": letter.id,
    }
    return render(request, "letters/edit.html", context, status=status)


def _asks_before(request: HttpRequest, letter: Letter | None) -> CheckInForm | None:
    """The one-tap check-in, while the writer wants it and this letter (if made) has none yet."""
    profile = request.user.profile
    if letter is None:
        asks = profile.asks_feelings
    else:
        asks = profile.asks_check_in(letter, CheckIn.Moment.BEFORE)
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


def _sent_json(request: HttpRequest) -> dict:
    """What the editor sent: an object of texts and a version (a whole number); ValueError for
    anything else, which the form would otherwise store as the text of a list or an object."""
    try:
        data = json.loads(request.body)
    except RecursionError:
        # Arrays nested thousands deep exhaust the parser; no letter is shaped like that.
        raise ValueError("nested too deeply") from None
    if not isinstance(data, dict) or not all(map(_sane_field, data.items())):
        raise ValueError("not the shape of a save")
    return data


def _sane_field(item: tuple[str, object]) -> bool:
    name, value = item
    if name == "version":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


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
        form = LetterForm(data)
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
            form.add_error(None, CHANGED_ELSEWHERE)
        else:
            messages.success(request, gettext("Saved at %(time)s.") % {"time": _saved_at(letter)})
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
    messages.success(
        request, gettext("Your text is kept here as a new letter. The other one is unchanged.")
    )
    return redirect("edit", letter_id=letter.id)


@sensitive_variables("form", "kept")
@sensitive_post_parameters(*LETTER_FIELDS)
@csrf_exempt  # checked below: a page too old to save from must still leave, not show an error
@require_POST
def leave(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    """The quick exit from the editor: keep the words on the page, then lock the keys and go.

    The words come with the exit itself, so no save can arrive after the keys are locked.
    Whatever happens to them, the writer leaves at once for the neutral page.
    """
    if request.user.is_authenticated and request.user_key is not None and _csrf_ok(request):
        form = LetterForm(request.POST)
        form.is_valid()
        # A field the page already said it can't keep (a title over its limit, say) stays as
        # last saved, and every other word leaves with the exit: none waits for a fix.
        kept = {
            name: form.cleaned_data[name] for name in LETTER_FIELDS if name in form.cleaned_data
        }
        if "version" in form.cleaned_data and kept:
            _keep_on_leaving(request, letter_id, kept, form.cleaned_data["version"])
    keyring.step_away(request)
    return redirect("quick_exit")


def _csrf_ok(request: HttpRequest) -> bool:
    """Django's own CSRF check, asked rather than enforced."""
    return CsrfViewMiddleware(lambda _: HttpResponse()).process_view(request, None, (), {}) is None


@sensitive_variables("kept", "text")
def _keep_on_leaving(
    request: HttpRequest, letter_id: uuid.UUID, kept: dict[str, str], version: int
) -> None:
    """Save the fields kept; the others stay as they were saved (empty in a letter not made)."""
    key = request.user_key
    text = LetterText(**{"body": "", "title": "", "recipient": "", **kept})
    with transaction.atomic():
        prompt_slug = issued_prompt(request, letter_id, request.POST.get("start", ""))
        if prompt_slug is not None and (text.body or text.title):
            make_if_new(request, letter_id, prompt_slug)
        try:
            letter = get_letter(request, letter_id, for_update=True)
            if kept.keys() != set(LETTER_FIELDS):
                text = LetterText(**{**letter.read(key).__dict__, **kept})
            letter.revise(key, text, version)
            return
        except Http404:
            return
        except StaleDraft as stale:
            if _reads_as(stale.letter, key, text):
                return
        except (LifecycleError, crypto.DecryptionError):
            pass
        # The saved letter holds other words, or can't take these: keep them as a new one.
        Letter.compose(request.user, key, text, prompt_slug=letter.read_prompt(key)).save()


def _reads_as(letter: Letter, user_key: bytes, text: LetterText) -> bool:
    try:
        return letter.read(user_key) == text
    except crypto.DecryptionError:
        return False


@require_GET
def form_token(request: HttpRequest) -> JsonResponse:
    """The form token for pages already open, after logging in again changed it.

    Logging in gives the browser a new token; an editor opened before keeps the old one, and
    each save it sends is refused until it asks here. Anyone may have a token (every form
    holds one); only this site's pages can read the answer.
    """
    return JsonResponse({"token": get_token(request)})


@require_GET
@unlocked
def saved_version(request: HttpRequest, letter_id: uuid.UUID) -> JsonResponse:
    """The version of the letter the server holds, and nothing of its words.

    A reload mid-sentence sends the last words as the page goes; the new page's request can
    overtake them and open on the text before. The editor asks this once it has opened, and
    opens again if the server holds a newer version than the page shows.
    """
    letters = Letter.objects.owned_by(request.user).values_list("version", flat=True)
    return JsonResponse({"version": get_object_or_404(letters, id=letter_id)})
