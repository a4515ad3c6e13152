"""Feelings check-ins, the writer's settings and quiet dates, Looking back."""

import datetime
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters import clock
from letters.forms.feelings import CheckInForm, HowNowForm, QuietDateForm, SettingsForm
from letters.http.access import get_letter, posted, unlocked
from letters.keys import crypto
from letters.models import CheckIn, Feeling, Passkey, Profile, QuietDate
from letters.pages import looking_back as looking_back_page


@require_POST
@unlocked
def check_in(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    """The one-tap check-in as a letter starts; "skip" keeps an empty one so it asks no more."""
    letter = get_letter(request, letter_id)
    form = CheckInForm(request.POST)
    if "skip" in request.POST:
        CheckIn.record(letter, request.user_key, CheckIn.Moment.BEFORE, Feeling((), None))
    elif form.is_valid():
        CheckIn.record(letter, request.user_key, CheckIn.Moment.BEFORE, form.feeling())
    return redirect("edit", letter_id=letter.id)


@require_http_methods(["GET", "POST"])
@unlocked
def how_now(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    """Leaving the editor: how strong are the feelings now? Asked once, never required."""
    letter = get_letter(request, letter_id)
    if not request.user.profile.asks_check_in(letter, CheckIn.Moment.AFTER):
        return redirect("desk")
    form = HowNowForm(posted(request))
    if form.is_valid():
        if "skip" not in request.POST:
            CheckIn.record(letter, request.user_key, CheckIn.Moment.AFTER, form.feeling())
        return redirect("desk")
    return render(request, "feelings/how_now.html", {"letter": letter, "form": form})


@require_http_methods(["GET", "POST"])
@unlocked
def settings_view(request: HttpRequest) -> HttpResponse:
    profile = request.user.profile
    initial = {
        "asks_feelings": profile.asks_feelings,
        "shows_on_this_day": profile.shows_on_this_day,
        "idle_lock_minutes": profile.idle_lock_minutes,
    }
    has_passkey = Passkey.objects.owned_by(request.user).exists()
    form = SettingsForm(posted(request), initial=initial, has_passkey=has_passkey)
    if form.is_valid():
        Profile.objects.filter(user=request.user).update(**form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("settings")
    quiet = [
        # A leap year, so that 29 February can be shown too.
        (d, _label(d, request.user_key), datetime.date(2000, d.month, d.day))
        for d in QuietDate.objects.filter(owner=request.user)
    ]
    context = {"form": form, "quiet_form": QuietDateForm(), "quiet_dates": quiet}
    return render(request, "feelings/settings.html", context)


def _label(quiet_date: QuietDate, user_key: bytes) -> str:
    try:
        return quiet_date.open_label(user_key)
    except crypto.DecryptionError:
        return ""


@sensitive_post_parameters("label")
@require_POST
@unlocked
def add_quiet_date(request: HttpRequest) -> HttpResponse:
    form = QuietDateForm(request.POST)
    if form.is_valid():
        month, day = form.month_day()
        quiet = QuietDate(owner=request.user, month=month, day=day)
        quiet.seal_label(request.user_key, form.cleaned_data["label"])
        quiet.save()
        messages.success(request, "On that day your desk will be gentle with you.")
    else:
        messages.error(request, "Please choose a day for it.")
    return redirect("settings")


@require_POST
@unlocked
def remove_quiet_date(request: HttpRequest, quiet_id: uuid.UUID) -> HttpResponse:
    get_object_or_404(QuietDate, id=quiet_id, owner=request.user).delete()
    return redirect("settings")


@require_GET
@unlocked
def looking_back(request: HttpRequest) -> HttpResponse:
    context = looking_back_page.gather(request.user, request.user_key, clock.today())
    return render(request, "feelings/looking_back.html", context)
