"""What becomes of a letter: sealed, archived and restored, or shredded. Never sent."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters.forms.letters import SealForm, ShredForm
from letters.models import LifecycleError, Shred
from letters.views.helpers import get_letter, posted, unlocked


@require_http_methods(["GET", "POST"])
@unlocked
def seal(request: HttpRequest, letter_id: str) -> HttpResponse:
    letter = get_letter(request, letter_id)
    form = SealForm(posted(request))
    if form.is_valid():
        try:
            with transaction.atomic():
                get_letter(request, letter_id, for_update=True).seal(form.cleaned_data["opens_on"])
        except LifecycleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Sealed. It will stay exactly as you left it.")
        return redirect("read", letter_id=letter.id)
    return render(request, "letters/seal.html", {"letter": letter, "form": form})


@require_http_methods(["GET", "POST"])
@unlocked
def archive(request: HttpRequest, letter_id: str) -> HttpResponse:
    letter = get_letter(request, letter_id)
    if request.method == "GET":
        return render(request, "letters/archive_confirm.html", {"letter": letter})
    try:
        with transaction.atomic():
            get_letter(request, letter_id, for_update=True).archive()
    except LifecycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Tucked away in the archive. It's there whenever you want it.")
    return redirect("desk")


@require_POST
@unlocked
def restore(request: HttpRequest, letter_id: str) -> HttpResponse:
    try:
        with transaction.atomic():
            get_letter(request, letter_id, for_update=True).restore()
    except LifecycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Back on your desk.")
    return redirect("read", letter_id=letter_id)


@require_http_methods(["GET", "POST"])
@unlocked
def shred(request: HttpRequest, letter_id: str) -> HttpResponse:
    letter = get_letter(request, letter_id)
    form = ShredForm(posted(request))
    if form.is_valid():
        letter.shred()
        return redirect("shredded")
    return render(request, "letters/shred.html", {"letter": letter, "form": form})


@require_GET
@unlocked
def shredded(request: HttpRequest) -> HttpResponse:
    count = Shred.objects.filter(owner=request.user).count()
    return render(request, "letters/shredded.html", {"count": count})


@require_GET
@unlocked
def send(request: HttpRequest, letter_id: str) -> HttpResponse:
    """The "Send" button never sends: it leads to the page for the urge to reach out."""
    letter = get_letter(request, letter_id)
    return redirect(f"{reverse('urge')}?letter={letter.id}")
