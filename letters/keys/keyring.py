"""The user key while the writer is logged in: held split between the session and a cookie.

Glue between letters.keys.crypto and Django's settings, sessions and cookies. The key slots
that keep the user key between logins are the profile's (letters.models.profile); the README's
"How the encryption works" and docs/architecture.md tell the key's whole life.
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from letters.keys import crypto

SESSION_KEY_FIELD = "unsent_user_key"
SESSION_CODE_FIELD = "unsent_pending_recovery_code"
# Set by the quick exit, until the writer comes back on purpose: while it is set, a page that
# would ask for the password shows the quick exit's neutral page, so that Back tells nothing.
SESSION_AWAY_FIELD = "unsent_away"


def current_params() -> crypto.KdfParams:
    try:
        params = crypto.KdfParams.parse(settings.UNSENT_KDF)
    except ValueError as error:
        raise ImproperlyConfigured(f"UNSENT_KDF: {error}") from None
    if params.is_below(crypto.FLOOR):
        raise ImproperlyConfigured(f"UNSENT_KDF is below the floor {crypto.FLOOR}")
    return params


# The split key --------------------------------------------------------------------------------
# The session (in the database) holds the user key wrapped under a random session key; the
# browser holds that session key in its own cookie. Neither half opens anything alone.


def _session_aad(request: HttpRequest, kind: str) -> bytes:
    return crypto.associated_data(kind, request.user.pk, "session")


def _encode(blob: bytes) -> str:
    return base64.urlsafe_b64encode(blob).decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


def hold(request: HttpRequest, user_key: bytes) -> None:
    """Keep the user key for this login: wrapped in the session, its key in a cookie."""
    session_key = crypto.new_key()
    blob = crypto.wrap_key(session_key, user_key, _session_aad(request, "session.user_key"))
    request.session[SESSION_KEY_FIELD] = _encode(blob)
    request.session.pop(SESSION_CODE_FIELD, None)
    request.session.pop(SESSION_AWAY_FIELD, None)
    request.key_cookie = session_key  # written by KeyringMiddleware
    request.user_key = user_key


def forget(request: HttpRequest) -> None:
    """Lock the writer's keys: drop the session's half (KeyringMiddleware deletes the cookie)."""
    if hasattr(request, "session"):
        request.session.pop(SESSION_KEY_FIELD, None)
        request.session.pop(SESSION_CODE_FIELD, None)
    request.user_key = None


def step_away(request: HttpRequest) -> None:
    """Lock the keys for the quick exit, and hide that anything is here until they come back."""
    forget(request)
    if request.user.is_authenticated:
        request.session[SESSION_AWAY_FIELD] = True


def is_away(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_AWAY_FIELD))


def come_back(request: HttpRequest) -> None:
    """The writer opened Unsent on purpose (its home or unlock page): ask for the password again."""
    request.session.pop(SESSION_AWAY_FIELD, None)


def _cookie_key(request: HttpRequest) -> bytes | None:
    if new := getattr(request, "key_cookie", None):
        return new
    try:
        key = _decode(request.COOKIES.get(settings.UNSENT_KEY_COOKIE, ""))
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == crypto.KEY_SIZE else None


def _open_from_session(request: HttpRequest, field: str, kind: str) -> bytes | None:
    cookie_key = _cookie_key(request)
    stored = request.session.get(field)
    if cookie_key is None or not stored:
        return None
    try:
        return crypto.decrypt(cookie_key, _decode(stored), _session_aad(request, kind))
    except (crypto.DecryptionError, binascii.Error, ValueError):
        return None


def held_key(request: HttpRequest) -> bytes | None:
    """The user key of this login, or None when the cookie is missing or does not fit."""
    key = _open_from_session(request, SESSION_KEY_FIELD, "session.user_key")
    return key if key is not None and len(key) == crypto.KEY_SIZE else None


def hold_recovery_code(request: HttpRequest, code: str) -> None:
    """Keep a new recovery code until the writer confirms they saved it, split like the key."""
    cookie_key = _cookie_key(request)
    blob = crypto.encrypt_text(cookie_key, code, _session_aad(request, "session.recovery_code"))
    request.session[SESSION_CODE_FIELD] = _encode(blob)


def pending_recovery_code(request: HttpRequest) -> str | None:
    code = _open_from_session(request, SESSION_CODE_FIELD, "session.recovery_code")
    return code.decode("ascii") if code is not None else None


def recovery_code_pending(request: HttpRequest) -> bool:
    """Whether a new recovery code waits for the writer to say they saved it."""
    return SESSION_CODE_FIELD in request.session


def drop_recovery_code(request: HttpRequest) -> None:
    request.session.pop(SESSION_CODE_FIELD, None)


def seal_in_session(request: HttpRequest, field: str, text: str) -> None:
    """Keep a small value for this login, split like the key: the session alone can't read it."""
    cookie_key = _cookie_key(request)
    if cookie_key is not None:
        blob = crypto.encrypt_text(cookie_key, text, _session_aad(request, f"session.{field}"))
        request.session[field] = _encode(blob)


def open_in_session(request: HttpRequest, field: str) -> str | None:
    """A value kept by seal_in_session, or None."""
    value = _open_from_session(request, field, f"session.{field}")
    return value.decode("utf-8") if value is not None else None
