"""Feelings check-ins, the writer's settings and quiet dates, Looking back."""

import datetime
import uuid

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters import clock
from letters.forms.feelings import CheckInForm, HowNowForm, QuietDateForm, SettingsForm
from letters.guidance import helplines
from letters.http import care
from letters.http.access import get_letter, issued_prompt, make_if_new, posted, unlocked
from letters.http.middleware import chosen_language
from letters.keys import crypto
from letters.models import CheckIn, Feeling, Passkey, Profile, Quiet, QuietDate
from letters.pages import looking_back as looking_back_page

# Said on leaving the editor with "Done for now", a moment that used to pass in silence.
DONE_FOR_NOW = gettext_lazy(
    "Your letter is kept just as you left it, and only you can read it. Putting it into words "
    "takes something: go gently for the rest of the day."
)


@require_POST
@unlocked
def check_in(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    """The one-tap check-in as a letter starts; "skip" keeps an empty one so it asks no more.

    On a new letter's page the check-in makes the letter first, as its first save would: the
    editor's script saves before it sends the check-in, and without scripts the page's token
    (access.new_letter_token) comes with it.
    """
    with transaction.atomic():
        prompt_slug = issued_prompt(request, letter_id, request.POST.get("start", ""))
        if prompt_slug is not None:
            make_if_new(request, letter_id, prompt_slug)
        letter = get_letter(request, letter_id)
        form = CheckInForm(request.POST)
        if "skip" in request.POST:
            CheckIn.record(letter, request.user_key, CheckIn.Moment.BEFORE, Feeling((), None))
        elif form.is_valid():
            CheckIn.record(letter, request.user_key, CheckIn.Moment.BEFORE, form.feeling())
            care.after_check_in(request, form.feeling())
    return redirect("edit", letter_id=letter.id)


@require_http_methods(["GET", "POST"])
@unlocked
def how_now(request: HttpRequest, letter_id: uuid.UUID) -> HttpResponse:
    """Leaving the editor: how strong are the feelings now? Asked once, never required."""
    letter = get_letter(request, letter_id)
    if not request.user.profile.asks_check_in(letter, CheckIn.Moment.AFTER):
        messages.success(request, DONE_FOR_NOW)
        return redirect("desk")
    form = HowNowForm(posted(request))
    if form.is_valid():
        if "skip" not in request.POST:
            CheckIn.record(letter, request.user_key, CheckIn.Moment.AFTER, form.feeling())
            care.after_check_in(request, form.feeling())
        messages.success(request, DONE_FOR_NOW)
        return redirect("desk")
    return render(request, "feelings/how_now.html", {"letter": letter, "form": form})


@require_http_methods(["GET", "POST"])
@unlocked
def settings_view(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(posted(request), initial=_preferences(request), **_choices(request))
    if form.is_valid():
        Profile.objects.filter(user=request.user).update(**form.cleaned_data)
        # Said in the language the next page is in, chosen by the middleware's own rule.
        request.user.profile.language = form.cleaned_data["language"]
        chosen = chosen_language(request) or translation.get_language_from_request(request)
        with translation.override(chosen):
            messages.success(request, gettext("Saved."))
        return redirect("settings")
    return _settings_page(request, form, QuietDateForm())


def _preferences(request: HttpRequest) -> dict:
    profile = request.user.profile
    return {
        "asks_feelings": profile.asks_feelings,
        "shows_on_this_day": profile.shows_on_this_day,
        "shows_first_lines": profile.shows_first_lines,
        "help_country": profile.help_country,
        "language": profile.language,
        "idle_lock_minutes": profile.idle_lock_minutes,
    }


def _choices(request: HttpRequest) -> dict:
    """What the settings form offers: the help page's countries, a shorter lock with a passkey."""
    return {
        "countries": [(country.code, country.name) for country in helplines.countries()],
        "has_passkey": Passkey.objects.owned_by(request.user).exists(),
    }


def _settings_page(
    request: HttpRequest, form: SettingsForm, quiet_form: QuietDateForm, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "quiet_form": quiet_form,
        "quiet_dates": _quiet_dates(request.user, request.user_key),
    }
    return render(request, "feelings/settings.html", context, status=status)


def _quiet_dates(owner: object, user_key: bytes) -> list[tuple]:
    """(quiet date, label, day) in the order of the year; ones that do not open come last,
    with no day, so that they can still be removed."""
    opened, unreadable = [], []
    for quiet_date in QuietDate.objects.filter(owner=owner):
        try:
            quiet = quiet_date.open(user_key)
        except crypto.DecryptionError:
            unreadable.append((quiet_date, "", None))
            continue
        # A leap year, so that 29 February can be shown too.
        opened.append((quiet_date, quiet.label, datetime.date(2000, quiet.month, quiet.day)))
    return sorted(opened, key=lambda found: found[2]) + unreadable


@sensitive_post_parameters("label")
@require_POST
@unlocked
def add_quiet_date(request: HttpRequest) -> HttpResponse:
    form = QuietDateForm(request.POST)
    if not form.is_valid():
        # Shown again with the day and label as they were typed, and what to change.
        preferences = SettingsForm(initial=_preferences(request), **_choices(request))
        return _settings_page(request, preferences, form, status=400)
    quiet = QuietDate(owner=request.user)
    quiet.seal(request.user_key, Quiet(*form.month_day(), form.cleaned_data["label"]))
    quiet.save()
    messages.success(request, gettext("On that day your desk will be gentle with you."))
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
