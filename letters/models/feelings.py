"""Feelings before and after writing, margin notes and quiet dates: all encrypted.

Check-ins and quiet dates are sealed under the writer's user key; a margin note under its
letter's key, so that it goes when the letter is shredded, like everything else of it. A
check-in and a note keep only the day they were made in clear, never the hour.
"""

from __future__ import annotations

import calendar
import datetime
import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from letters import clock
from letters.keys import crypto
from letters.models.letter import Letter

# Drawn from the feelings the articles name after a breakup, and the heavier ones a breakup
# can bring, whoever ended it.
FEELINGS = (
    ("hurt", _("Hurt")),
    ("sad", _("Sad")),
    ("rejected", _("Rejected")),
    ("angry", _("Angry")),
    ("anxious", _("Anxious")),
    ("lonely", _("Lonely")),
    ("missing", _("Missing them")),
    ("doubting", _("Doubting myself")),
    ("ashamed", _("Ashamed")),
    ("guilty", _("Guilty")),
    ("overwhelmed", _("Overwhelmed")),
    ("hopeless", _("Hopeless")),
    ("hopeful", _("Hopeful")),
    ("relieved", _("Relieved")),
    ("calm", _("Calm")),
    ("numb", _("Numb")),
)
# The top of the strength scale: "as strong as it gets".
STRONGEST = 10


@dataclass(frozen=True)
class Feeling:
    names: tuple[str, ...]
    strength: int | None

    @property
    def is_heaviest(self) -> bool:
        """The writer tapped the strongest strength, or Hopeless: the help page is offered.

        Only the writer's own taps decide it, never anything they wrote.
        """
        return self.strength == STRONGEST or "hopeless" in self.names


class CheckIn(models.Model):
    """How the writer felt when starting a letter (before) or on leaving it (after).

    `at` is the writer's day, not the moment: Looking back averages by week.
    """

    class Moment(models.TextChoices):
        BEFORE = "before", _("Before writing")
        AFTER = "after", _("After writing")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="checkins")
    moment = models.CharField(max_length=6, choices=Moment)
    at = models.DateField(default=clock.today)
    sealed = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "moment"], name="one_checkin_per_moment"),
            models.CheckConstraint(
                condition=models.Q(moment__in=["before", "after"]), name="checkin_moment_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.moment} at {self.at:%Y-%m-%d}"

    def _aad(self) -> bytes:
        return crypto.associated_data("checkin", self.owner_id, self.id)

    @classmethod
    def record(cls, letter: Letter, user_key: bytes, moment: str, feeling: Feeling) -> None:
        """Keep a check-in, once per letter and moment."""
        checkin = cls(owner_id=letter.owner_id, letter=letter, moment=moment)
        checkin.seal_feeling(user_key, feeling)
        try:
            with transaction.atomic():
                checkin.save()
        except IntegrityError:
            pass  # another tab answered first; one check-in per moment is kept

    def seal_feeling(self, user_key: bytes, feeling: Feeling) -> None:
        data = {"names": list(feeling.names), "strength": feeling.strength}
        self.sealed = crypto.encrypt_text(
            user_key, json.dumps(data), self._aad(), pad_to=crypto.NOTE_TEXT
        )

    def feeling(self, user_key: bytes) -> Feeling:
        data = json.loads(crypto.decrypt_text(user_key, self.sealed, self._aad()))
        return Feeling(tuple(data["names"]), data["strength"])


class MarginNote(models.Model):
    """A short dated note beside a sealed or archived letter, which itself stays unchanged.

    `created` is the writer's day, as the note shows its date only; `position` keeps a
    letter's notes in the order they were added, whatever day each carries.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="notes")
    created = models.DateField(default=clock.today)
    position = models.PositiveIntegerField(default=0)
    sealed = models.BinaryField()

    class Meta:
        ordering = ["position", "created"]

    def __str__(self) -> str:
        return f"Note of {self.created:%Y-%m-%d}"

    @classmethod
    def after_the_others(cls, letter: Letter) -> MarginNote:
        """A new note of today, placed after the letter's other notes."""
        return cls(letter=letter, position=cls.objects.filter(letter=letter).count() + 1)

    def _aad(self) -> bytes:
        return crypto.associated_data("letter.note", self.letter.owner_id, self.id)

    def seal_text(self, user_key: bytes, text: str, strength: int | None) -> None:
        key = self.letter.key(user_key)
        data = json.dumps({"text": text, "strength": strength})
        self.sealed = crypto.encrypt_text(key, data, self._aad(), pad_to=crypto.NOTE_TEXT)

    def open(self, user_key: bytes) -> tuple[str, int | None]:
        data = json.loads(crypto.decrypt_text(self.letter.key(user_key), self.sealed, self._aad()))
        return data["text"], data["strength"]


@dataclass(frozen=True)
class Quiet:
    """A quiet date, once opened."""

    month: int
    day: int
    label: str


class QuietDate(models.Model):
    """A day of the year (an anniversary, their birthday) when the desk shows no old letters.

    The day and its label are sealed together under the writer's user key. `day_tag`, a blind
    index of the day under that key, lets the desk ask the database whether today is one
    without the day being stored.
    """

    # The context of the writer's blind index of days (QuietDate.tag_for).
    DAY_TAG = b"unsent|quiet_date.day_tag"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    sealed = models.BinaryField(null=True, blank=True)
    day_tag = models.BinaryField(null=True, blank=True)
    # Before migration 0011 the month and day were kept in clear and the label sealed on its
    # own. models/resealing.py moves them into `sealed` on the writer's next visit and empties
    # them; nothing else writes them.
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    day = models.PositiveSmallIntegerField(null=True, blank=True)
    label = models.BinaryField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Quiet date {self.id}"

    @classmethod
    def tag_for(cls, user_key: bytes, month: int, day: int) -> bytes:
        return crypto.blind_index(user_key, cls.DAY_TAG)(f"{month:02}-{day:02}")

    @classmethod
    def tags_on(cls, user_key: bytes, day: datetime.date) -> list[bytes]:
        """The tags of the quiet dates that fall on this day: its own, and on 28 February of a
        year without a 29th, the 29th's too (as clock.years_on moves that day)."""
        days = [(day.month, day.day)]
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            days.append((2, 29))
        return [cls.tag_for(user_key, month, of) for month, of in days]

    def _aad(self, kind: str) -> bytes:
        return crypto.associated_data(f"quiet_date.{kind}", self.owner_id, self.id)

    def seal(self, user_key: bytes, quiet: Quiet) -> None:
        data = json.dumps({"month": quiet.month, "day": quiet.day, "label": quiet.label})
        self.sealed = crypto.encrypt_text(
            user_key, data, self._aad("sealed"), pad_to=crypto.SHORT_TEXT
        )
        self.day_tag = self.tag_for(user_key, quiet.month, quiet.day)

    def open(self, user_key: bytes) -> Quiet:
        """The day and label; raises crypto.DecryptionError if they won't open."""
        data = json.loads(crypto.decrypt_text(user_key, self.sealed, self._aad("sealed")))
        return Quiet(data["month"], data["day"], data["label"])
