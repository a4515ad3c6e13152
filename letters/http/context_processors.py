from django.http import HttpRequest

THEMES = ("auto", "light", "dark")


def theme(request: HttpRequest) -> dict[str, str]:
    """The writer's light/dark choice, kept in a plain cookie (it says nothing about them)."""
    chosen = request.COOKIES.get("theme", "auto")
    return {"theme": chosen if chosen in THEMES else "auto"}
