"""What every view needs: a login with its key open, the writer's own letter (or the new one
its page may make), a safe way back."""

import uuid
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from letters.models import Letter

LOGGED_OUT_SEND = _(
    "You were logged out while you were away, so what you just sent wasn't saved. Log in and "
    "you'll be back on that page; anything you had typed there will need writing again."
)
# Says nothing of why the letters locked: someone who left by the quick exit may not be alone.
LOCKED_SEND = _(
    "Your letters had locked, so what you just sent wasn't saved. Unlock them and you'll be back "
    "on that page; anything you had typed there will need writing again."
)


def safe_next(request: HttpRequest, candidate: str | None, default: str = "desk") -> str:
    """A same-site path to go back to, or the named default."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


def _page_to_return_to(request: HttpRequest) -> str:
    # After unlocking, a GET goes back to itself; a POST cannot be replayed, so it goes back to
    # the page that sent it.
    if request.method == "GET":
        return request.get_full_path()
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc == request.get_host():
        return safe_next(request, referer.path)
    return reverse("desk")


def _back_in_through(page: str) -> str:
    """The editor's way back in: a tab of its own, which then says the letter saves itself in
    the first."""
    return f"{reverse(page)}?{urlencode({'next': reverse('back_in')})}"


def wants_json(request: HttpRequest) -> bool:
    """The editor's own requests (its saves): they hear "not saved" as JSON, never a page."""
    return request.headers.get("Accept") == "application/json"


def _ask_to_log_in(request: HttpRequest) -> HttpResponse:
    # The editor's autosave must hear "not saved", not follow a redirect to a page.
    if wants_json(request):
        login_url = _back_in_through("login")
        return JsonResponse({"error": "logged out", "login_url": login_url}, status=401)
    if request.method == "POST":
        # What was sent cannot be kept without a login; it is said plainly, and the login
        # leads back to the page it was sent from, not to a button's address.
        messages.info(request, LOGGED_OUT_SEND)
    return redirect_to_login(_page_to_return_to(request))


def logged_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require a login (the key may be locked); otherwise ask for one, and say if what was sent
    was not kept (as at the end of a login's lifetime, SessionLifetimeMiddleware)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return _ask_to_log_in(request)
        return view(request, *args, **kwargs)

    return wrapper


def unlocked(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require a login whose user key is open; otherwise ask for the password, losing nothing."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return _ask_to_log_in(request)
        if request.user_key is None:
            if wants_json(request):
                unlock_url = _back_in_through("unlock")
                return JsonResponse({"error": "locked", "unlock_url": unlock_url}, status=401)
            if request.method == "POST":
                messages.info(request, LOCKED_SEND)
            unlock_url = reverse("unlock") + "?" + urlencode({"next": _page_to_return_to(request)})
            return redirect(unlock_url)
        return view(request, *args, **kwargs)

    return wrapper


def get_letter(
    request: HttpRequest, letter_id: uuid.UUID | str, *, for_update: bool = False
) -> Letter:
    """The current writer's letter, or 404: a stranger cannot tell whether it exists.

    for_update locks its row until the transaction ends: for a view about to change it.
    """
    try:
        letter_id = uuid.UUID(str(letter_id))
    except ValueError:
        raise Http404("not a letter id") from None
    letters = Letter.objects.owned_by(request.user)
    return get_object_or_404(letters.select_for_update() if for_update else letters, id=letter_id)


def posted(request: HttpRequest) -> object:
    """The form data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


# What a new letter's page carries until its first save makes it: the id it will have, the
# prompt it began from and whose it is, signed so that only this writer's page can make it.
NEW_LETTER_SALT = "unsent.writing.new_letter"


def new_letter_token(request: HttpRequest, letter_id: uuid.UUID, prompt_slug: str) -> str:
    issued = {"id": str(letter_id), "by": request.user.pk, "prompt": prompt_slug}
    return signing.dumps(issued, salt=NEW_LETTER_SALT)


def issued_prompt(request: HttpRequest, letter_id: uuid.UUID, token: object) -> str | None:
    """The prompt of the new letter this page was given, or None if the token is not for it."""
    try:
        issued = signing.loads(str(token), salt=NEW_LETTER_SALT)
    except signing.BadSignature:
        return None
    if issued.get("id") != str(letter_id) or issued.get("by") != request.user.pk:
        return None
    return str(issued.get("prompt", ""))


def make_if_new(request: HttpRequest, letter_id: uuid.UUID, prompt_slug: str) -> bool:
    """Make the new letter's empty row, inside the caller's transaction, unless it is there."""
    if Letter.objects.filter(id=letter_id).exists():
        return False
    try:
        with transaction.atomic():
            Letter.start(
                request.user, request.user_key, prompt_slug=prompt_slug, letter_id=letter_id
            )
    except IntegrityError:
        return False  # made a moment ago by the same page's other request: save into it
    return True
