"""Guided prompts, the seven mornings, the urge to reach out and the no-contact count."""

import datetime
import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters import clock
from letters.forms.letters import ContactForm
from letters.guidance import no_contact, prompts, urges
from letters.http import moments
from letters.http.access import get_letter, posted, unlocked
from letters.keys import keyring
from letters.models import ContactKept, ContactMark, Letter
from letters.pages import mornings as mornings_page

# Where a login keeps the time of its last visit to the urge page, sealed (guidance.urges).
LAST_URGE_FIELD = "unsent_last_urge"


@require_GET
@unlocked
def prompt_library(request: HttpRequest) -> HttpResponse:
    library = prompts.library()
    themes = [(theme, library.in_library(theme.slug)) for theme in library.themes]
    chosen = request.GET.get("theme")
    if chosen:
        themes = [(theme, items) for theme, items in themes if theme.slug == chosen]
        if not themes:
            raise Http404("no such theme")
    context = {"themes": themes, "chosen": chosen, "all_themes": library.themes}
    return render(request, "prompts/library.html", context)


@require_POST
@unlocked
def start_series(request: HttpRequest) -> HttpResponse:
    """Start the seven mornings, or start them again from the first."""
    request.user.profile.start_series(clock.today())
    moments.mark_series_started(request)
    messages.success(request, gettext("The seven mornings begin. Here is the first one."))
    return redirect("desk")


@require_GET
@unlocked
def seven_mornings(request: HttpRequest) -> HttpResponse:
    """The seven answers side by side, as the series promises at its end."""
    began = request.user.profile.series_began()
    mornings = mornings_page.side_by_side(request.user, request.user_key, began) if began else []
    return render(request, "prompts/seven_mornings.html", {"mornings": mornings})


@require_http_methods(["GET", "POST"])
@unlocked
def urge(request: HttpRequest) -> HttpResponse:
    """For the moment the writer wants to text their ex: reasons, a pause, then write instead.

    The visit is counted by the page's script with a POST, once it is really on screen: a
    browser may fetch a page ahead of time (a prefetch), and that is no urge.
    """
    if request.method == "POST":
        now, last = clock.now(), keyring.open_in_session(request, LAST_URGE_FIELD)
        keyring.seal_in_session(request, LAST_URGE_FIELD, now.isoformat())
        last_visit = datetime.datetime.fromisoformat(last) if last else None
        # Created: the page adds this visit to the week's count it shows.
        counted = urges.count_urge(request.user, now, last_visit)
        return HttpResponse(status=201 if counted else 204)
    context = {
        "urge": prompts.library().urge,
        "letter": _letter_from(request),
        "urge_prompt": prompts.URGE_SLUG,
        "sent_prompt": prompts.SENT_SLUG,
        "counts": urges.weekly_counts(request.user, clock.today()),
        "no_contact": no_contact.count_for(request.user, request.user_key, clock.today()),
    }
    return render(request, "prompts/urge.html", context)


def _letter_from(request: HttpRequest) -> Letter | None:
    """The letter the writer came from, to offer sealing it; none if it has gone since (shredded
    in another tab, say) or the link is broken: this page is for the worst moment, and it shows."""
    try:
        return get_letter(request, request.GET["letter"]) if "letter" in request.GET else None
    except Http404:
        return None


@require_POST
@unlocked
def forget_contact(request: HttpRequest, mark_id: uuid.UUID) -> HttpResponse:
    """Take one day out of the no-contact history."""
    if not request.user.profile.forget_contact(request.user_key, mark_id):
        raise Http404
    messages.success(request, gettext("That day is gone from your history."))
    return redirect("no_contact")


@sensitive_post_parameters("note")
@require_http_methods(["GET", "POST"])
@unlocked
def no_contact_view(request: HttpRequest) -> HttpResponse:
    form = ContactForm(posted(request), initial={"on": clock.today()})
    if form.is_valid():
        data = form.cleaned_data
        kept = request.user.profile.record_contact(request.user_key, data["on"], data["note"])
        said = {
            ContactKept.STARTED: gettext("Your count has started."),
            ContactKept.RESTARTED: gettext(
                "The count starts again from that day. Every day before it still counts."
            ),
            ContactKept.EARLIER: gettext(
                "That day is in your history now. Your count still runs from your latest day "
                "of contact."
            ),
        }
        messages.success(request, said[kept])
        return redirect("no_contact")
    history, unreadable = ContactMark.objects.filter(owner=request.user).opened(request.user_key)
    context = {
        "form": form,
        "count": no_contact.count_for(request.user, request.user_key, clock.today()),
        "longest": no_contact.longest_stretch([c.on for c in history], clock.today()),
        "milestones": no_contact.MILESTONES,
        "history": history,
        "unreadable": unreadable,
    }
    return render(request, "prompts/no_contact.html", context)
