"""Pages for requests that never reach a view: Django calls these itself."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request refused before any view: more than a form can send at once, or too many fields.

    It must not read the request's form, which is what was refused.
    """
    return render(request, "400.html", status=400)
