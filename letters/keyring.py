"""The writer's keys: made at sign-up, opened at login, held split while logged in.

Glue between letters.crypto and Django's users, sessions and cookies (DESIGN.md, "Encrypted
at rest" and "Holding the key while logged in").
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from letters import crypto
from letters.models import Profile

SESSION_KEY_FIELD = "unsent_user_key"
SESSION_CODE_FIELD = "unsent_pending_recovery_code"


def current_params() -> crypto.KdfParams:
    try:
        params = crypto.KdfParams.parse(settings.UNSENT_KDF)
    except ValueError as error:
        raise ImproperlyConfigured(f"UNSENT_KDF: {error}") from None
    if params.is_below(crypto.FLOOR):
        raise ImproperlyConfigured(f"UNSENT_KDF is below the floor {crypto.FLOOR}")
    return params


def _password_aad(user_id: int, params: str) -> bytes:
    return crypto.associated_data("user.key.password", user_id, user_id, params)


def _recovery_aad(user_id: int) -> bytes:
    return crypto.associated_data("user.key.recovery", user_id, user_id)


def wrap_under_password(profile: Profile, user_key: bytes, password: str) -> None:
    """Wrap the user key under a password, with a new salt and today's parameters."""
    params = current_params()
    salt = crypto.new_salt()
    password_key = crypto.derive_password_key(password, salt, params)
    profile.kdf_params = str(params)
    profile.password_salt = salt
    profile.password_wrapped_key = crypto.wrap_key(
        password_key, user_key, _password_aad(profile.user_id, str(params))
    )


def wrap_under_new_recovery_code(profile: Profile, user_key: bytes) -> str:
    """Wrap the user key under a fresh recovery code; return the code, to be shown once."""
    code = crypto.new_recovery_code()
    salt = crypto.new_salt()
    recovery_key = crypto.derive_recovery_key(code, salt)
    profile.recovery_salt = salt
    profile.recovery_wrapped_key = crypto.wrap_key(
        recovery_key, user_key, _recovery_aad(profile.user_id)
    )
    return code


def create_keys(user: object, password: str) -> tuple[bytes, str]:
    """Make and store a new writer's user key; return it and their recovery code."""
    user_key = crypto.new_key()
    profile = Profile(user=user)
    wrap_under_password(profile, user_key, password)
    code = wrap_under_new_recovery_code(profile, user_key)
    profile.save()
    return user_key, code


def set_password(user: object, user_key: bytes, password: str) -> Profile:
    """Set a new password and rewrap the user key under it; run inside a transaction."""
    user.set_password(password)
    user.save(update_fields=["password"])
    profile = Profile.objects.select_for_update().get(user=user)
    wrap_under_password(profile, user_key, password)
    profile.save(update_fields=["kdf_params", "password_salt", "password_wrapped_key"])
    return profile


def open_with_password(profile: Profile, password: str) -> bytes:
    """Return the user key, or raise crypto.DecryptionError."""
    params = crypto.KdfParams.parse(profile.kdf_params)
    password_key = crypto.derive_password_key(password, bytes(profile.password_salt), params)
    return crypto.unwrap_key(
        password_key, profile.password_wrapped_key, _password_aad(profile.user_id, str(params))
    )


def open_with_recovery_code(profile: Profile, code: str) -> bytes:
    """Return the user key, or raise crypto.DecryptionError (or ValueError for a non-code)."""
    recovery_key = crypto.derive_recovery_key(code, bytes(profile.recovery_salt))
    return crypto.unwrap_key(
        recovery_key, profile.recovery_wrapped_key, _recovery_aad(profile.user_id)
    )


def has_weak_params(profile: Profile) -> bool:
    return crypto.KdfParams.parse(profile.kdf_params).is_below(current_params())


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
    request.key_cookie = session_key  # written by KeyringMiddleware
    request.user_key = user_key


def forget(request: HttpRequest) -> None:
    """Lock the writer's keys: drop the session's half (KeyringMiddleware deletes the cookie)."""
    if hasattr(request, "session"):
        request.session.pop(SESSION_KEY_FIELD, None)
        request.session.pop(SESSION_CODE_FIELD, None)
    request.user_key = None


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


def drop_recovery_code(request: HttpRequest) -> None:
    request.session.pop(SESSION_CODE_FIELD, None)


# The writer's usual "Dear …" ---------------------------------------------------------------------


def _recipient_aad(profile: Profile) -> bytes:
    return crypto.associated_data("profile.recipient", profile.user_id, profile.user_id)


def default_recipient(profile: Profile, user_key: bytes) -> str:
    """The name new letters start with, or "" (also when it does not open)."""
    if not profile.default_recipient:
        return ""
    try:
        return crypto.decrypt_text(user_key, profile.default_recipient, _recipient_aad(profile))
    except crypto.DecryptionError:
        return ""


def set_default_recipient(profile: Profile, user_key: bytes, name: str) -> None:
    profile.default_recipient = (
        crypto.encrypt_text(user_key, name, _recipient_aad(profile)) if name else None
    )
    profile.save(update_fields=["default_recipient"])
