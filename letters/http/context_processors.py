from django.http import HttpRequest

from letters.http.middleware import is_away

THEMES = ("auto", "light", "dark")


def theme(request: HttpRequest) -> dict[str, str]:
    """The writer's light/dark choice, kept in a plain cookie (it says nothing about them)."""
    chosen = request.COOKIES.get("theme", "auto")
    return {"theme": chosen if chosen in THEMES else "auto"}


def away(request: HttpRequest) -> dict[str, bool]:
    """Whether the writer left by the quick exit: the help page, still open to them, then
    shows no name, icon or menu of Unsent's."""
    return {"away": is_away(request)}
