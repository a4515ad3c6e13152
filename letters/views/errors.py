"""Pages for requests that never reach a view: Django calls these itself."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

TOO_MUCH = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request refused before any view: more than a form can send at once or too many fields,
    or one that can't be read at all (a broken upload, a host name this server doesn't answer
    to, which would otherwise send whoever looks into it after the wrong cause).

    It must not read the request's form, which is what was refused.
    """
    template = "400.html" if isinstance(exception, TOO_MUCH) else "400_unreadable.html"
    return render(request, template, status=400)
