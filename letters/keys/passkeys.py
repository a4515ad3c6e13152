"""The WebAuthn ceremonies of a passkey, checked by py_webauthn, as Unsent needs them.

Glue between py_webauthn and Django's settings and sessions, like keyring.py for the split
key. Each ceremony's challenge is random, kept in the session that asked for it, and taken out
(so used at most once) when the answer comes back. The relying party's id and origin come from
settings; user verification (a fingerprint, a face, a PIN) is required every time.

Every passkey is asked the same PRF question (PRF_INPUT): a login without a username cannot
name the credential before the writer has chosen it, so it cannot ask each one its own (the
PRF extension's evalByCredential needs that list). Each slot still has its own random salt in
the step from the answer to a key (crypto.derive_passkey_key).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field

import webauthn
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from webauthn.helpers import options_to_json_dict
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from letters.keys import crypto

PRF_INPUT = hashlib.sha256(b"unsent: open my letters").digest()
SESSION_CHALLENGE_FIELD = "unsent_passkey_challenge"
# A challenge not answered within this long is refused: the browser gives up after a minute.
CHALLENGE_SECONDS = 300
TIMEOUT_MS = 60_000
RP_NAME = "Unsent"


class PasskeyError(Exception):
    """A passkey's answer was not accepted: the words say why, for the writer."""


@dataclass(frozen=True)
class Registered:
    credential_id: str
    public_key: bytes
    sign_count: int
    user_handle: bytes


@dataclass(frozen=True)
class Assertion:
    """An answer from navigator.credentials.get(), read but not yet checked, with the
    challenge it must answer and the PRF output that came with it (never shown by repr)."""

    credential_id: str
    user_handle: bytes | None
    data: dict
    challenge: bytes = field(repr=False)
    prf: bytes | None = field(repr=False)


def encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# Challenges -----------------------------------------------------------------------------------


def _issue(request: HttpRequest, purpose: str, **more: str) -> bytes:
    """A fresh challenge for this session and purpose; it replaces any earlier one."""
    challenge = secrets.token_bytes(32)
    request.session[SESSION_CHALLENGE_FIELD] = {
        **more,
        "purpose": purpose,
        "challenge": encode(challenge),
        "at": time.time(),
    }
    return challenge


def _take(request: HttpRequest, purpose: str) -> dict:
    """The session's challenge for this purpose, removed so it cannot be answered twice."""
    issued = request.session.pop(SESSION_CHALLENGE_FIELD, None)
    if (
        not isinstance(issued, dict)
        or issued.get("purpose") != purpose
        or time.time() - issued.get("at", 0) > CHALLENGE_SECONDS
    ):
        raise PasskeyError(_("That took a little too long. Please try your passkey again."))
    return issued


# Registration ---------------------------------------------------------------------------------


def registration_options(request: HttpRequest, username: str, existing: list[str]) -> dict:
    """What navigator.credentials.create() needs, as JSON, with the PRF question.

    The user handle the authenticator keeps is random, so it says nothing of the writer.
    """
    user_handle = secrets.token_bytes(32)
    options = webauthn.generate_registration_options(
        rp_id=settings.WEBAUTHN_RP_ID,
        rp_name=RP_NAME,
        user_name=username,
        user_id=user_handle,
        challenge=_issue(request, "register", user_handle=encode(user_handle)),
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        # The same authenticator twice would only give a second way in of the same strength.
        exclude_credentials=[PublicKeyCredentialDescriptor(id=decode(c)) for c in existing],
    )
    return {**options_to_json_dict(options), "extensions": _prf_question()}


def verify_registration(request: HttpRequest, credential: str) -> Registered:
    """Check a new passkey's answer to this session's registration challenge."""
    issued = _take(request, "register")
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=decode(issued["challenge"]),
            expected_rp_id=settings.WEBAUTHN_RP_ID,
            expected_origin=settings.WEBAUTHN_ORIGIN,
            require_user_verification=True,
        )
    # The library reads untrusted bytes (JSON, base64, CBOR, keys); whatever it trips on, the
    # answer is the same: not accepted.
    except Exception:
        raise PasskeyError(_("That passkey couldn't be added. Please try again.")) from None
    return Registered(
        credential_id=encode(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        user_handle=decode(issued["user_handle"]),
    )


# Login and unlock -----------------------------------------------------------------------------


def login_options(request: HttpRequest, purpose: str, allowed: list[str]) -> dict:
    """What navigator.credentials.get() needs, as JSON. No list of passkeys for a login: the
    browser offers every passkey it holds for Unsent, so no username is needed."""
    options = webauthn.generate_authentication_options(
        rp_id=settings.WEBAUTHN_RP_ID,
        challenge=_issue(request, purpose),
        timeout=TIMEOUT_MS,
        allow_credentials=[PublicKeyCredentialDescriptor(id=decode(c)) for c in allowed],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return {**options_to_json_dict(options), "extensions": _prf_question()}


def read_assertion(request: HttpRequest, purpose: str, text: str, prf: str) -> Assertion:
    """Read which passkey answered, and take the session's challenge whatever the answer holds.

    Nothing is checked yet (PasskeyBackend does that); nonsense is a PasskeyError.
    """
    challenge = decode(_take(request, purpose)["challenge"])
    try:
        data = json.loads(text)
        credential_id = data["rawId"]
        handle = data["response"].get("userHandle")
        decode(credential_id)
        return Assertion(
            credential_id, decode(handle) if handle else None, data, challenge, read_prf(prf)
        )
    except (ValueError, TypeError, KeyError, AttributeError, binascii.Error):
        raise PasskeyError(
            _("That passkey's answer didn't arrive whole. Please try again.")
        ) from None


def verify_assertion(assertion: Assertion, public_key: bytes, sign_count: int) -> int:
    """Check a passkey's answer to its challenge; return the passkey's new signature count.

    A count that did not go up means the passkey may have been copied, and is refused.
    """
    try:
        verified = webauthn.verify_authentication_response(
            credential=assertion.data,
            expected_challenge=assertion.challenge,
            expected_rp_id=settings.WEBAUTHN_RP_ID,
            expected_origin=settings.WEBAUTHN_ORIGIN,
            credential_public_key=public_key,
            credential_current_sign_count=sign_count,
            require_user_verification=True,
        )
    except Exception:  # as for registration: any failure to check is a refusal
        raise PasskeyError(_("That passkey didn't work here. Please try again.")) from None
    return verified.new_sign_count


# The PRF ---------------------------------------------------------------------------------------


def _prf_question() -> dict:
    return {"prf": {"eval": {"first": encode(PRF_INPUT)}}}


def read_prf(text: str) -> bytes | None:
    """The PRF output the browser passed on, or None when there is none of the right size."""
    try:
        output = decode(text)
    except (ValueError, binascii.Error):
        return None
    return output if len(output) == crypto.PRF_SIZE else None
