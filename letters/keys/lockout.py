"""Pausing password guesses (django-axes), as Unsent needs it.

Axes counts failures by username and address (settings.AXES_*). Here it is told three more
things: store nothing a writer typed, beyond a keyed digest of the username; find the writer's
address behind the operator's proxies; and pause a username tried from many addresses.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, QueryDict
from django.utils.crypto import salted_hmac


def username_key(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username as axes counts and stores it: a keyed digest, never what was typed.

    Someone who types their password into the username field would otherwise leave it in the
    database, and in the log of each failure.
    """
    username = (credentials or request.POST).get("username")
    if username is None:
        return None
    return salted_hmac("letters.lockout.username_key", username).hexdigest()


def client_address(request: HttpRequest) -> str | None:
    """The writer's address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies.

    Each of the UNSENT_TRUSTED_PROXIES proxies in front of the app adds the address it was
    reached from at the right of X-Forwarded-For, so the writer's is that many places from the
    right; anything further left came from the client and can be made up. Without proxies the
    header is not read at all, and one that is too short or not an address is not believed.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.UNSENT_TRUSTED_PROXIES
    if not proxies:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, keeping no form data and pausing a username tried too widely."""

    def user_login_failed(
        self, sender: object, credentials: dict, request: HttpRequest | None = None, **kwargs
    ) -> None:
        # Axes stores the failed request's form fields, masking only those it is told of; a
        # new password, or a password typed as the username, would be kept in clear. It has
        # no setting to store none, so it is handed a request without them.
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        form, query = request.POST, request.GET
        request.POST, request.GET = QueryDict(), QueryDict()
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        finally:
            request.POST, request.GET = form, query

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """Failures for this username from this address, or the limit once tried too widely.

        Counted by username and address, a guesser is paused after five tries but can move to
        another address; counted by username alone, anyone could pause a writer with five. So
        the username alone counts too, but only from UNSENT_USERNAME_FAILURE_LIMIT tries: a
        guesser moving between addresses is still stopped, and pausing someone else takes many.
        """
        failures = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username is None:
            return failures
        recent = AccessAttempt.objects.filter(
            username=username, attempt_time__gte=get_cool_off_threshold(request)
        )
        everywhere = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
        if everywhere >= settings.UNSENT_USERNAME_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
