"""The help page, open to everyone."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from letters.guidance import helplines
from letters.models import Profile


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """Numbers to call, for anyone, logged in or not, with the writer's country first.

    It needs no key and decrypts nothing, so it works on a locked or paused login too.
    """
    chosen = ""
    if request.user.is_authenticated:
        mine = Profile.objects.filter(user=request.user).values_list("help_country", flat=True)
        chosen = mine.first() or ""
    context = {"countries": helplines.countries(first=chosen), "chosen": chosen}
    return render(request, "care/help.html", context)
