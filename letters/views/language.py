"""The language of the pages: the footer's chooser."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from letters.forms.accounts import LanguageForm
from letters.http.access import safe_next
from letters.http.middleware import CHOSEN_LANGUAGE
from letters.models import Profile


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """Keep the chosen language (a writer's on their profile, a visitor's in their session)
    and go back to the page it was chosen on."""
    form = LanguageForm(request.POST)
    if form.is_valid():
        chosen = form.cleaned_data["language"]
        if request.user.is_authenticated:
            Profile.objects.filter(user=request.user).update(language=chosen)
        request.session[CHOSEN_LANGUAGE] = chosen
    return redirect(safe_next(request, form.data.get("next"), default="home"))
