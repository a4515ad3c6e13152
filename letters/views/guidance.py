"""Guided prompts, the seven mornings, the urge to reach out and the no-contact count."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters import clock
from letters.forms.letters import ContactForm
from letters.guidance import no_contact, prompts, urges
from letters.http.access import get_letter, posted, unlocked
from letters.keys import crypto
from letters.models import ContactMark
from letters.pages import mornings as mornings_page


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
    messages.success(request, "The seven mornings begin. Here is the first one.")
    return redirect("desk")


@require_GET
@unlocked
def seven_mornings(request: HttpRequest) -> HttpResponse:
    """The seven answers side by side, as the series promises at its end."""
    started = request.user.profile.series_started_on
    mornings = (
        mornings_page.side_by_side(request.user, request.user_key, started) if started else []
    )
    return render(request, "prompts/seven_mornings.html", {"mornings": mornings})


@require_http_methods(["GET", "POST"])
@unlocked
def urge(request: HttpRequest) -> HttpResponse:
    """For the moment the writer wants to text their ex: reasons, a pause, then write instead.

    The visit is counted by the page's script with a POST, once it is really on screen: a
    browser may fetch a page ahead of time (a prefetch), and that is no urge.
    """
    if request.method == "POST":
        urges.count_urge(request.user, clock.now())
        return HttpResponse(status=204)
    letter = get_letter(request, request.GET["letter"]) if "letter" in request.GET else None
    context = {
        "urge": prompts.library().urge,
        "letter": letter,
        "urge_prompt": prompts.URGE_SLUG,
        "sent_prompt": prompts.SENT_SLUG,
        "counts": urges.weekly_counts(request.user, clock.now()),
        "no_contact": no_contact.count_for(request.user, clock.today()),
        "today": clock.today(),
    }
    return render(request, "prompts/urge.html", context)


@sensitive_post_parameters("note")
@require_http_methods(["GET", "POST"])
@unlocked
def no_contact_view(request: HttpRequest) -> HttpResponse:
    marks = list(ContactMark.objects.filter(owner=request.user))
    form = ContactForm(posted(request), initial={"on": clock.today()})
    if form.is_valid():
        with transaction.atomic():
            mark = ContactMark(owner=request.user, on=form.cleaned_data["on"], is_reset=bool(marks))
            mark.set_note(request.user_key, form.cleaned_data["note"])
            mark.save()
        messages.success(
            request,
            "The count starts again from that day. Every day before it still counts."
            if marks
            else "Your count has started.",
        )
        return redirect("no_contact")
    history = []
    for mark in marks:
        try:
            history.append((mark, mark.read_note(request.user_key), False))
        except crypto.DecryptionError:
            history.append((mark, "", True))
    context = {
        "form": form,
        "count": no_contact.count_for(request.user, clock.today()),
        "longest": no_contact.longest_stretch([mark.on for mark in marks], clock.today()),
        "milestones": no_contact.MILESTONES,
        "history": history,
    }
    return render(request, "prompts/no_contact.html", context)
