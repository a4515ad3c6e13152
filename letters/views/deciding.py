"""What becomes of a letter: sealed, archived and restored, or shredded. Never sent."""

import uuid

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters.forms.feelings import HowNowForm
from letters.forms.letters import SealForm, ShredForm
from letters.http import care, moments
from letters.http.access import get_letter, posted, unlocked
from letters.keys import crypto
from letters.models import CheckIn, Letter, LetterText, LifecycleError, Shred, excerpt_of


@require_http_methods(["GET", "POST"])
@unlocked
def seal(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    since = request.user.profile.contact_since(request.user_key)
    form = SealForm(posted(request), contact_since=since)
    how_now = HowNowForm(posted(request))
    if form.is_valid() and how_now.is_valid():
        try:
            with transaction.atomic():
                letter = get_letter(request, letter_id, for_update=True)
                letter.seal(form.cleaned_data["opens_on"])
                _record_how_now(request, letter, how_now)
        except LifecycleError as error:
            messages.error(request, str(error))
        else:
            moments.mark_sealed(request, letter)  # the reading view closes the envelope
        return redirect("read", letter_id=letter_id)
    letter = get_letter(request, letter_id)
    if not letter.is_draft:  # by Back, or from an old tab: no choice here would do anything
        messages.info(request, gettext("This letter is already sealed."))
        return redirect("read", letter_id=letter_id)
    context = {"letter": letter, "form": form, "how_now": _how_now_form(request, letter, how_now)}
    context["named"] = _named(request, letter)
    return render(request, "letters/seal.html", context, status=400 if form.is_bound else 200)


def _named(request: HttpRequest, letter: Letter) -> tuple[str, str] | None:
    """The letter's title and first line, so the writer knows which one they are sealing."""
    if letter.is_time_locked:
        return None
    try:
        title, body = letter.read_fields(request.user_key, "title", "body")
    except crypto.DecryptionError:
        return None
    return title, excerpt_of(body)


@require_http_methods(["GET", "POST"])
@unlocked
def archive(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    how_now = HowNowForm(posted(request))
    if request.method == "GET" or not how_now.is_valid():
        letter = get_letter(request, letter_id)
        context = {"letter": letter, "how_now": _how_now_form(request, letter, how_now)}
        return render(request, "letters/archive_confirm.html", context)
    try:
        with transaction.atomic():
            letter = get_letter(request, letter_id, for_update=True)
            letter.archive()
            _record_how_now(request, letter, how_now)
    except LifecycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, gettext("Tucked away in the archive. It's there whenever you want it.")
        )
    return redirect("desk")


def _how_now_form(request: HttpRequest, letter: Letter, form: HowNowForm) -> HowNowForm | None:
    """Ask once more how strong the feelings are, if the writer wants to be asked at all."""
    return form if request.user.profile.asks_check_in(letter, CheckIn.Moment.AFTER) else None


def _record_how_now(request: HttpRequest, letter: Letter, form: HowNowForm) -> None:
    if form.cleaned_data.get("strength") is not None:
        CheckIn.record(letter, request.user_key, CheckIn.Moment.AFTER, form.feeling())
        care.after_check_in(request, form.feeling())


@require_POST
@unlocked
def restore(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    try:
        with transaction.atomic():
            get_letter(request, letter_id, for_update=True).restore()
    except LifecycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Back on your desk."))
    return redirect("read", letter_id=letter_id)


@require_http_methods(["GET", "POST"])
@unlocked
def shred(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    letter = get_letter(request, letter_id)
    form = ShredForm(posted(request))
    if form.is_valid():
        try:
            letter.shred()
        except LifecycleError as error:
            messages.info(request, str(error))
        return redirect("shredded")
    context = {"letter": letter, "form": form, "text": _last_look(request, letter)}
    return render(request, "letters/shred.html", context, status=400 if form.is_bound else 200)


def _last_look(request: HttpRequest, letter: Letter) -> LetterText | None:
    """The letter as it is, to see once more before it goes; None if it is closed or broken."""
    if letter.is_time_locked:
        return None
    try:
        return letter.read(request.user_key)
    except crypto.DecryptionError:
        return None


@require_GET
@unlocked
def shredded(request: HttpRequest) -> HttpResponse:
    count = Shred.objects.filter(owner=request.user).count()
    return render(request, "letters/shredded.html", {"count": count})


@require_GET
@unlocked
def send(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    """The "Send" button never sends: it leads to the page for the urge to reach out."""
    letter = get_letter(request, letter_id)
    return redirect(f"{reverse('urge')}?letter={letter.id}")
