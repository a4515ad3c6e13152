"""What the guidance pages keep: the days of urges to reach out, and days of contact."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import models

from letters import clock
from letters.keys import crypto


class UrgeMoment(models.Model):
    """A day the writer opened the urge-to-reach-out page. Only the day: never the hour or text.

    `at` is the writer's day, not the moment: the charts count urges by week.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urges"
    )
    at = models.DateField(default=clock.today)

    class Meta:
        indexes = [models.Index(fields=["owner", "-at"])]

    def __str__(self) -> str:
        return f"Urge on {self.at:%Y-%m-%d}"


@dataclass(frozen=True)
class Contact:
    """What a contact mark says, once opened."""

    on: datetime.date
    is_reset: bool
    at: datetime.datetime  # when the writer recorded it, to keep the history in order
    note: str = ""
    mark_id: uuid.UUID | None = None  # the ContactMark it was opened from


class ContactMarkQuerySet(models.QuerySet):
    def opened(self, user_key: bytes) -> tuple[list[Contact], int]:
        """The days of contact that open, latest first, and how many did not open.

        Their days are sealed, so they are put in order once opened. The earliest is where the
        count began and every later one a fresh start, whatever each was when recorded: a day
        taken out of the history, or an earlier one added later, changes which is first.
        """
        opened, unreadable = [], 0
        for mark in self:
            try:
                opened.append(mark.open(user_key))
            except crypto.DecryptionError:
                unreadable += 1
        latest_first = sorted(opened, key=lambda c: (c.on, c.at), reverse=True)
        history = [replace(contact, is_reset=True) for contact in latest_first[:-1]]
        return history + [replace(c, is_reset=False) for c in latest_first[-1:]], unreadable


class ContactMark(models.Model):
    """A day of contact with the ex: the first one the writer sets, then each honest reset.

    The day, whether it was a reset, when it was recorded and the optional note (what happened,
    how it felt) are sealed together under the writer's user key. The count runs from the
    latest day, kept sealed on the profile (Profile.record_contact).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_marks"
    )
    sealed = models.BinaryField(null=True, blank=True)
    # Before migration 0011 the day, the kind and the time were kept in clear and the note
    # sealed on its own. models/resealing.py moves them into `sealed` on the writer's next
    # visit and empties these; nothing else writes them.
    on = models.DateField(null=True, blank=True)
    is_reset = models.BooleanField(null=True, blank=True)
    created = models.DateTimeField(null=True, blank=True)
    note = models.BinaryField(null=True, blank=True)

    objects = ContactMarkQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Contact mark {self.id}"

    def _aad(self, kind: str) -> bytes:
        return crypto.associated_data(f"contact.{kind}", self.owner_id, self.id)

    def seal(self, user_key: bytes, contact: Contact) -> None:
        data = {
            "on": contact.on.isoformat(),
            "reset": contact.is_reset,
            "at": contact.at.isoformat(),
            "note": contact.note,
        }
        self.sealed = crypto.encrypt_text(
            user_key, json.dumps(data), self._aad("sealed"), pad_to=crypto.NOTE_TEXT
        )

    def open(self, user_key: bytes) -> Contact:
        """The day, its kind and note; raises crypto.DecryptionError if they won't open."""
        data = json.loads(crypto.decrypt_text(user_key, self.sealed, self._aad("sealed")))
        return Contact(
            on=datetime.date.fromisoformat(data["on"]),
            is_reset=data["reset"],
            at=datetime.datetime.fromisoformat(data["at"]),
            note=data["note"],
            mark_id=self.id,
        )
