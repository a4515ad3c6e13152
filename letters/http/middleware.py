import base64
import functools
import time
import zoneinfo
from collections.abc import Callable
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from letters.http import access
from letters.keys import keyring
from letters.models import resealing

LOGIN_AT = "unsent_login_at"
SEEN_AT = "unsent_seen_at"
# Set in a login's session once what older versions left readable is sealed (models/resealing).
RESEALED = "unsent_resealed"
# A visitor's choice of language from the footer, until they log in (then it is the profile's).
CHOSEN_LANGUAGE = "unsent_language"
# How often a request in use pushes the idle timeout back (by saving the session).
REFRESH_SECONDS = 60
# The browser's time zone, as unsent.js names it.
ZONE_COOKIE = "zone"


# Browser features Unsent has no use for, switched off for its pages and anything in them.
# Only features Chromium knows, which warns of any other. (The recovery code page copies with the
# clipboard, which needs no permission to write; passkeys need publickey-credentials-get and
# -create, left to their default: this site only, never a frame of another.)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        *("accelerometer", "autoplay", "browsing-topics", "camera"),
        *("display-capture", "encrypted-media", "fullscreen", "geolocation", "gyroscope"),
        *("hid", "idle-detection", "local-fonts", "magnetometer", "microphone", "midi"),
        *("payment", "picture-in-picture", "screen-wake-lock"),
        *("serial", "usb", "window-management", "xr-spatial-tracking"),
    )
)


@functools.cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class TimeZoneMiddleware:
    """Dates in the writer's own time zone: "today", the day a letter was written, "in a week".

    At night east or west of the server, its day is not the writer's, and a day of last contact
    that is today for them would be refused as one to come. The browser names its zone in a
    cookie (unsent.js); without one (scripts off), dates are the server's TIME_ZONE. Only a name
    from the time zone database is taken.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = request.COOKIES.get(ZONE_COOKIE, "")
        if zone in _known_zones():
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Keep private pages out of every cache; switch off the browser features Unsent never uses.

    A page is private when the writer is logged in (even a 404 shows an account is open) or
    when it holds a form (with a CSRF token, and with what was typed when it comes back with an
    error). No browser, proxy or shared computer keeps such a page for the back button to show.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Rendering a CSRF token (as every form does) marks the request so.
        has_form = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        if request.user.is_authenticated or has_form:
            add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class KeyringMiddleware:
    """Open the writer's user key for each request, and keep the key cookie in step.

    request.user_key is the key when the session and the cookie together open it, else None
    (the views then ask the writer to unlock). A cookie without a login is deleted. The first
    time a login holds the key, what older versions left readable is sealed (models/resealing).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user_key = keyring.held_key(request) if request.user.is_authenticated else None
        request.key_cookie = None
        held = request.user_key is not None
        if held:
            self._reseal_once(request)  # for a login that began before the upgrade
        response = self.get_response(request)
        if request.key_cookie is not None and request.user_key is not None:
            self._reseal_once(request)  # the key was opened just now: a login or an unlock

        name = settings.UNSENT_KEY_COOKIE
        logged_in = request.user.is_authenticated and keyring.SESSION_KEY_FIELD in request.session
        if request.key_cookie is not None:
            self._set(response, base64.urlsafe_b64encode(request.key_cookie).decode())
        elif held and logged_in:
            # Keep the cookie alive for as long as the session is (the idle timeout).
            self._set(response, request.COOKIES[name])
        elif name in request.COOKIES and not logged_in:
            response.delete_cookie(name, samesite="Strict")
        return response

    @staticmethod
    def _reseal_once(request: HttpRequest) -> None:
        if not request.session.get(RESEALED):
            resealing.reseal_older_rows(request.user, request.user_key)
            request.session[RESEALED] = True

    @staticmethod
    def _set(response: HttpResponse, value: str) -> None:
        response.set_cookie(
            settings.UNSENT_KEY_COOKIE,
            value,
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.HTTPS,
            httponly=True,
            samesite="Strict",
        )


class ChosenLanguageMiddleware:
    """Pages in the language the writer chose, over the browser's (LocaleMiddleware's guess).

    A writer's choice is kept on their profile (Settings, or the footer's chooser); a visitor's
    in their session until they log in. Neither is a cookie of its own. Nothing chosen: the
    browser's Accept-Language, as LocaleMiddleware already activated it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = chosen_language(request)
        if chosen in dict(settings.LANGUAGES):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


def chosen_language(request: HttpRequest) -> str:
    """The language the writer (or visitor) chose, or "" to follow their browser."""
    if request.user.is_authenticated:
        try:
            chosen = request.user.profile.language
        except ObjectDoesNotExist:  # an administrator made without keys has no profile
            chosen = ""
        if chosen:
            return chosen
    return request.session.get(CHOSEN_LANGUAGE, "")


class SessionLifetimeMiddleware:
    """End a login after SESSION_MAX_HOURS, however active; keep an active one from idling out.

    Django ends a session SESSION_COOKIE_AGE after it was last saved; saving it once a minute
    while the writer is active restarts that idle timeout without a write on every request.
    A writer with a passkey may choose to have their letters lock sooner (Profile's
    idle_lock_minutes): the key is forgotten, the login stays, and the unlock page asks.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(LOGIN_AT, time.time())
            now = time.time()
            if now - started > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                # On to the view as a visitor's request: a page that needs a login asks for one
                # and comes back after it, and a form or a save sent just now hears that it was
                # not kept (http/access.py, unlocked), as after the idle timeout.
                if request.method != "POST":
                    messages.info(
                        request, gettext("For your privacy, you were logged out. Log in again.")
                    )
                return self.get_response(request)
            idle = now - request.session.get(SEEN_AT, 0)
            if idle > REFRESH_SECONDS:
                self._lock_if_away(request, idle)
                request.session[SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _lock_if_away(request: HttpRequest, idle: float) -> None:
        # SEEN_AT is at most a minute older than the last request, so the lock never comes
        # before the writer's minutes have passed, and at most a minute after.
        if keyring.SESSION_KEY_FIELD not in request.session:
            return
        # A login that holds a key is a writer's, with a profile; the view reads the same one.
        minutes = request.user.profile.idle_lock_minutes
        if minutes and idle > minutes * 60 + REFRESH_SECONDS:
            keyring.forget(request)


class RejectInvalidUtf8Middleware:
    """Refuse form data that is not UTF-8, instead of letting Django replace the bad bytes.

    A browser never sends such data; a refused request changes nothing and says why.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            try:
                parse_qsl(request.body.decode("ascii"), encoding="utf-8", errors="strict")
            except UnicodeDecodeError:
                return render(request, "400_encoding.html", status=400)
        return self.get_response(request)


class FormAddressMiddleware:
    """A form's address opened as a page (from the history, or a copied link) gets a page of
    ours, which says nothing was changed, rather than the browser's bare "HTTP ERROR 405"."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and request.method == "GET" and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response["Allow"]
            return page
        return response


# After a quick exit, the pages that still answer: the ways back in (which end the exit), the
# help the recipe links to, the exit itself, and what a browser fetches on its own.
OPEN_WHILE_AWAY = frozenset(
    {
        *("home", "login", "login_with_passkey", "passkey_options", "recover"),
        *("unlock", "unlock_with_passkey", "logout", "quick_exit", "help"),
        *("manifest", "service_worker", "offline"),
    }
)


class AwayMiddleware:
    """Until a writer who left by the quick exit comes back on purpose, every other page they
    were on shows the same recipe: Back and a reload tell nothing of Unsent, and neither does a
    form sent again from the history (a search's results), which does nothing. An editor still
    open in another tab is answered as before (its saves are JSON): its words wait there for the
    writer to unlock."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *_view: object) -> HttpResponse | None:
        if (
            request.resolver_match.url_name not in OPEN_WHILE_AWAY
            and not access.wants_json(request)
            and keyring.is_away(request)  # only ever set in a login's session
        ):
            return render(request, "quick_exit.html")
        return None
