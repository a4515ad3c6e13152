"""A software passkey for the view tests: real WebAuthn answers, signed with a real P-256 key.

It answers as a browser and a platform authenticator together would: clientDataJSON,
authenticator data, a "none" attestation at registration, an ECDSA signature at login, and a
PRF output from its own secret. The browser tests use Chromium's virtual authenticator instead.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from letters.keys.passkeys import decode, encode

UP, UV, AT = 0x01, 0x04, 0x40


class SoftPasskey:
    def __init__(self, *, prf: bool = True, origin: str = "http://localhost:8000") -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.secret = os.urandom(32)
        self.prf = prf
        self.origin = origin
        self.sign_count = 0
        self.user_handle: bytes | None = None

    @property
    def id(self) -> str:
        return encode(self.credential_id)

    def prf_output(self, options: dict) -> str:
        if not self.prf:
            return ""
        question = decode(options["extensions"]["prf"]["eval"]["first"])
        return encode(hmac.digest(self.secret, b"WebAuthn PRF\x00" + question, "sha256"))

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        data = {"type": kind, "challenge": challenge, "origin": origin or self.origin}
        return json.dumps(data).encode()

    def _cose_key(self) -> bytes:
        numbers = self.private_key.public_key().public_numbers()
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: x, -3: y})

    def register(self, options: dict, *, origin: str | None = None, flags: int = UP | UV) -> dict:
        """The form fields of a new passkey's answer to registration options."""
        self.user_handle = decode(options["user"]["id"])
        rp_hash = hashlib.sha256(options["rp"]["id"].encode()).digest()
        attested = bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
        auth_data = rp_hash + bytes([flags | AT]) + struct.pack(">I", self.sign_count)
        auth_data += attested + self._cose_key()
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        answer = {
            "id": self.id,
            "rawId": self.id,
            "type": "public-key",
            "response": {
                "clientDataJSON": encode(client_data),
                "attestationObject": encode(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        }
        return {"credential": json.dumps(answer), "prf": self.prf_output(options)}

    def answer(
        self,
        options: dict,
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        flags: int = UP | UV,
        sign_count: int | None = None,
    ) -> dict:
        """The form fields of this passkey's answer to login options."""
        self.sign_count = self.sign_count + 1 if sign_count is None else sign_count
        rp_hash = hashlib.sha256((rp_id or options["rpId"]).encode()).digest()
        auth_data = rp_hash + bytes([flags]) + struct.pack(">I", self.sign_count)
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.private_key.sign(signed, ec.ECDSA(hashes.SHA256()))
        answer = {
            "id": self.id,
            "rawId": self.id,
            "type": "public-key",
            "response": {
                "clientDataJSON": encode(client_data),
                "authenticatorData": encode(auth_data),
                "signature": encode(signature),
                "userHandle": encode(self.user_handle or b""),
            },
            "clientExtensionResults": {},
        }
        return {"credential": json.dumps(answer), "prf": self.prf_output(options)}


def registration_options(client, password: str) -> dict:
    """Ask to add a passkey with the password, as Account → Passkeys does."""
    from django.urls import reverse

    response = client.post(reverse("passkey_start"), {"password": password})
    assert response.status_code == 200
    return response.context["options"]


def add_passkey(client, password: str, passkey: SoftPasskey, name: str = "my phone"):
    """Register the passkey through the pages; return the final response."""
    from django.urls import reverse

    fields = passkey.register(registration_options(client, password))
    return client.post(reverse("passkey_add"), {**fields, "name": name})


def options_for(client, purpose: str) -> dict:
    from django.urls import reverse

    response = client.post(reverse("passkey_options"), {"purpose": purpose})
    assert response.status_code == 200, response.content
    return response.json()


def log_in_with(client, passkey: SoftPasskey, **answer):
    """Log in with the passkey as the login page's "Use a passkey" does."""
    from django.urls import reverse

    fields = passkey.answer(options_for(client, "login"), **answer)
    return client.post(reverse("login_with_passkey"), fields)
