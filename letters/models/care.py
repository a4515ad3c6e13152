"""The writer's own card for when it gets bad: what they notice, what helps, who to call.

One card per writer, its four answers sealed together under the user key, like a check-in.
It goes with the account, and can be taken away alone.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from letters import clock
from letters.keys import crypto
from letters.models import erasure

# The card's parts, with the words the card page, its form and the export give them.
CARD_PARTS = (
    ("warning_signs", _("Signs that it's getting bad")),
    ("what_helps", _("What helps, even a little")),
    ("people", _("People I can call")),
    ("line", _("A line I can call")),
)
MAX_CARD_CHARS = 2000  # for each part


@dataclass(frozen=True)
class CardText:
    warning_signs: str = ""
    what_helps: str = ""
    people: str = ""
    line: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    def parts(self) -> list[tuple[str, str]]:
        """(label, answer) for each part, in the card's order."""
        return [(label, getattr(self, name)) for name, label in CARD_PARTS]


def _aad(owner_id: int) -> bytes:
    return crypto.associated_data("care.card", owner_id, owner_id)


class CareCard(models.Model):
    """The "when it gets bad" card under the help page, for the writer alone."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="care_card",
    )
    updated = models.DateField(default=clock.today)
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"Card of user {self.owner_id}"

    @classmethod
    def keep(
        cls,
        user: object,
        user_key: bytes,
        text: CardText,
        updated: datetime.date | None = None,
    ) -> CareCard:
        """Seal the card's answers and keep them in place of any earlier card.

        updated is the day of the card's answers: today, or an imported card's own. Only the
        day is kept, as for check-ins and notes: not the hour of a bad night.
        """
        sealed = crypto.encrypt_text(user_key, json.dumps(asdict(text)), _aad(user.pk))
        # Two tabs saving a first card at once: one creates it, the other then updates it.
        card, _ = cls.objects.update_or_create(
            owner=user, defaults={"updated": updated or clock.today(), "sealed": sealed}
        )
        return card

    def open(self, user_key: bytes) -> CardText:
        """The card's answers; raises crypto.DecryptionError if it won't open."""
        return CardText(
            **json.loads(crypto.decrypt_text(user_key, self.sealed, _aad(self.owner_id)))
        )

    def shred(self) -> None:
        """Destroy the card, and push its bytes out of the database's files once it is gone."""
        CareCard.objects.filter(pk=self.pk).delete()
        erasure.erase_freed_space()
