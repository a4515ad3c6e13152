"""What the guidance pages keep: the times of urges to reach out, and days of contact."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from letters import clock
from letters.keys import crypto


class UrgeMoment(models.Model):
    """A time the writer opened the urge-to-reach-out page. Only the time: never any text."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urges"
    )
    at = models.DateTimeField(default=clock.now)

    class Meta:
        indexes = [models.Index(fields=["owner", "-at"])]

    def __str__(self) -> str:
        return f"Urge at {self.at:%Y-%m-%d %H:%M}"


class ContactMark(models.Model):
    """A day of contact with the ex: the first one the writer sets, then each honest reset.

    The no-contact count runs from the latest. The optional note (what happened, how it felt)
    is encrypted under the writer's user key.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_marks"
    )
    on = models.DateField()
    is_reset = models.BooleanField(default=False)
    note = models.BinaryField(null=True, blank=True)
    created = models.DateTimeField(default=clock.now)

    class Meta:
        # The latest contact first: the no-contact count runs from the first of these.
        ordering = ["-on", "-created"]

    def __str__(self) -> str:
        return f"Contact on {self.on}"

    def _aad(self) -> bytes:
        return crypto.associated_data("contact.note", self.owner_id, self.id)

    def set_note(self, user_key: bytes, note: str) -> None:
        self.note = crypto.encrypt_text(user_key, note, self._aad()) if note else None

    def read_note(self, user_key: bytes) -> str:
        """The note, or "" when there is none; raises crypto.DecryptionError if it won't open."""
        return crypto.decrypt_text(user_key, self.note, self._aad()) if self.note else ""
