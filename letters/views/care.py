"""The help page, open to everyone, and the writer's own card for when it gets bad."""

from dataclasses import asdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from letters.forms.care import CareCardForm
from letters.guidance import helplines
from letters.http.access import posted, unlocked
from letters.keys import crypto, keyring
from letters.models import CARD_PARTS, CardText, CareCard, Profile

CARD_FIELDS = tuple(name for name, _label in CARD_PARTS)


@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    """Numbers to call, for anyone, logged in or not, with the writer's country first.

    It needs no key and decrypts nothing, so it works on a locked or paused login too. After a
    quick exit (away) it is the one page still shown, and it names nothing of Unsent's.
    """
    chosen = ""
    if request.user.is_authenticated:
        mine = Profile.objects.filter(user=request.user).values_list("help_country", flat=True)
        chosen = mine.first() or ""
    context = {
        "countries": helplines.countries(first=chosen),
        "chosen": chosen,
        "away": keyring.is_away(request),
    }
    return render(request, "care/help.html", context)


def _open_card(request: HttpRequest) -> tuple[CareCard | None, CardText | None]:
    """The writer's card and its answers; answers None when there is none or it won't open."""
    card = CareCard.objects.filter(owner=request.user).first()
    if card is None:
        return None, None
    try:
        return card, card.open(request.user_key)
    except crypto.DecryptionError:
        return card, None


@require_GET
@unlocked
def care_card(request: HttpRequest) -> HttpResponse:
    card, text = _open_card(request)
    return render(request, "care/card.html", {"card": card, "text": text})


@sensitive_post_parameters(*CARD_FIELDS)
@require_http_methods(["GET", "POST"])
@unlocked
def edit_care_card(request: HttpRequest) -> HttpResponse:
    card, text = _open_card(request)
    form = CareCardForm(posted(request), initial=asdict(text) if text else {})
    if form.is_valid():
        answers = form.card()
        if answers.is_empty:
            if card:
                card.shred()
            messages.success(request, gettext("Your card is empty, so nothing of it is kept."))
        else:
            CareCard.keep(request.user, request.user_key, answers)
            messages.success(request, gettext("Your card is saved. Only you can open it."))
        return redirect("care_card")
    status = 400 if form.is_bound else 200
    return render(request, "care/card_edit.html", {"form": form, "card": card}, status=status)


@require_POST
@unlocked
def remove_care_card(request: HttpRequest) -> HttpResponse:
    card = CareCard.objects.filter(owner=request.user).first()
    if card:
        card.shred()
    messages.success(
        request, gettext("Your card is gone. You can write a new one whenever you like.")
    )
    return redirect("help")
