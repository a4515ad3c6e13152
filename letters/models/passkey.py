"""A writer's passkeys: how to check each one, and the user key wrapped under its PRF output.

Each passkey is a third kind of key slot, beside the password's and the recovery code's on the
profile: the user key wrapped under a key derived from what the passkey's authenticator gives
for the WebAuthn PRF extension (crypto.derive_passkey_key). That output is never stored.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from letters import clock
from letters.keys import crypto


class PasskeyQuerySet(models.QuerySet):
    def owned_by(self, user: object) -> PasskeyQuerySet:
        return self.filter(owner=user)


class Passkey(models.Model):
    """A passkey that logs its writer in and opens their letters."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys"
    )
    # The credential's id as the browser sends it (base64url); WebAuthn allows 1,023 bytes.
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()  # COSE, as the authenticator gave it at registration
    sign_count = models.PositiveBigIntegerField(default=0)
    # The WebAuthn user handle the authenticator keeps: random, so it says nothing of the writer.
    user_handle = models.BinaryField()
    salt = models.BinaryField()
    wrapped_key = models.BinaryField()
    # What the writer calls it ("my phone"), encrypted under the user key.
    name = models.BinaryField()
    created = models.DateTimeField(default=clock.now)
    last_used = models.DateTimeField(null=True, blank=True)

    objects = PasskeyQuerySet.as_manager()

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return f"Passkey of user {self.owner_id}"

    @classmethod
    def enrol(
        cls,
        owner: object,
        user_key: bytes,
        *,
        credential_id: str,
        public_key: bytes,
        sign_count: int,
        user_handle: bytes,
        prf_output: bytes,
        name: str,
    ) -> Passkey:
        """Keep a new passkey with the user key wrapped under its PRF output."""
        passkey = cls(
            owner=owner,
            credential_id=credential_id,
            public_key=public_key,
            sign_count=sign_count,
            user_handle=user_handle,
            salt=crypto.new_salt(),
        )
        passkey.wrapped_key = crypto.wrap_key(
            crypto.derive_passkey_key(prf_output, passkey.salt), user_key, passkey._slot_aad()
        )
        passkey.name = crypto.encrypt_text(user_key, name, passkey._name_aad())
        passkey.save()
        return passkey

    def _slot_aad(self) -> bytes:
        # The credential and the writer: a slot copied to another of either does not open.
        return crypto.associated_data("user.key.passkey", self.owner_id, self.credential_id)

    def _name_aad(self) -> bytes:
        return crypto.associated_data("passkey.name", self.owner_id, self.id)

    def open_with_prf(self, prf_output: bytes) -> bytes:
        """Return the user key, or raise crypto.DecryptionError (ValueError for a short output)."""
        key = crypto.derive_passkey_key(prf_output, bytes(self.salt))
        return crypto.unwrap_key(key, self.wrapped_key, self._slot_aad())

    def record_use(self, sign_count: int) -> None:
        """Keep the authenticator's new signature count (checked at the next use) and the day."""
        self.sign_count = sign_count
        self.last_used = clock.now()
        self.save(update_fields=["sign_count", "last_used"])

    def read_name(self, user_key: bytes) -> str:
        try:
            return crypto.decrypt_text(user_key, self.name, self._name_aad())
        except crypto.DecryptionError:
            return ""

    def rename(self, user_key: bytes, name: str) -> None:
        self.name = crypto.encrypt_text(user_key, name, self._name_aad())
        self.save(update_fields=["name"])
