"""Letters, their lifecycle, and the record of what their writer has shredded.

Every secret is an envelope from letters.keys.crypto; only owner, dates, state, the prompt's
slug and sizes are stored in clear.
"""

from __future__ import annotations

import datetime
import functools
import operator
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction

from letters import clock
from letters.keys import crypto
from letters.models import erasure


class LifecycleError(Exception):
    """A change of state the lifecycle does not allow; the message is for the writer."""


class LetterQuerySet(models.QuerySet):
    def owned_by(self, user: object) -> LetterQuerySet:
        return self.filter(owner=user)

    def on_desk(self) -> LetterQuerySet:
        return self.filter(status__in=[Letter.Status.DRAFT, Letter.Status.SEALED])

    def archived(self) -> LetterQuerySet:
        return self.filter(status=Letter.Status.ARCHIVED)

    def from_prompts(self, slugs: list[str] | None) -> LetterQuerySet:
        """Only letters written from these prompts (a theme); all of them for None."""
        return self if slugs is None else self.filter(prompt_slug__in=slugs)

    def newest_first(self) -> LetterQuerySet:
        return self.order_by("-updated", "-created")

    def readable(self, today: datetime.date) -> LetterQuerySet:
        """Leave out letters still closed today (the rule is Letter.locked_on's)."""
        return self.exclude(models.Q(opens_on__gt=today) & ~models.Q(status=Letter.Status.DRAFT))

    def written_on(self, days: list[datetime.date]) -> LetterQuerySet:
        """Letters created on any of these local days, newest first.

        Ranges of time rather than a date function, so the (owner, created) index answers.
        """
        if not days:
            return self.none()
        one_day = datetime.timedelta(days=1)
        starts = [clock.start_of(day) for day in days]
        ranges = [models.Q(created__gte=start, created__lt=start + one_day) for start in starts]
        return self.filter(functools.reduce(operator.or_, ranges)).order_by("-created")

    def written_since(self, since: datetime.datetime) -> LetterQuerySet:
        return self.filter(created__gte=since)

    def prompts_answered_since(self, since: datetime.datetime) -> set[str]:
        return set(self.written_since(since).values_list("prompt_slug", flat=True))

    def summaries(self) -> LetterQuerySet:
        """Only what a list shows of each letter: its state, dates, size and sealed line."""
        return self.only(
            "id",
            "owner_id",
            "status",
            "created",
            "opens_on",
            "word_count",
            "wrapped_key",
            "excerpt",
        )


@dataclass(frozen=True)
class LetterText:
    body: str
    title: str
    recipient: str


EXCERPT_CHARS = 140


def excerpt_of(body: str) -> str:
    """The first line with words in it, cut short for lists."""
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return first if len(first) <= EXCERPT_CHARS else first[: EXCERPT_CHARS - 1].rstrip() + "…"


def count_words(body: str) -> int:
    return len(body.split())


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SEALED = "sealed", "Sealed"
        ARCHIVED = "archived", "Archived"

    SECRET_FIELDS = ("body", "title", "recipient", "excerpt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letters"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created = models.DateTimeField(default=clock.now)
    updated = models.DateTimeField(default=clock.now)
    sealed_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    opens_on = models.DateField(null=True, blank=True)
    prompt_slug = models.SlugField(max_length=80, blank=True)
    version = models.PositiveIntegerField(default=1)
    word_count = models.PositiveIntegerField(default=0)
    # The letter key, wrapped by the writer's user key. Destroying it destroys the letter.
    wrapped_key = models.BinaryField()
    body = models.BinaryField()
    title = models.BinaryField()
    recipient = models.BinaryField()
    excerpt = models.BinaryField()

    objects = LetterQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "sealed", "archived"]),
                name="letter_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status", "-updated", "-created"]),
            models.Index(fields=["owner", "created"]),
            # Search reads every letter newest first: in this order, not sorted afterwards
            # with their bodies (which made SQLite copy all of them into a sorter).
            models.Index(fields=["owner", "-updated", "-created"]),
        ]

    def __str__(self) -> str:
        return f"Letter {self.id} ({self.status})"

    # Encryption ---------------------------------------------------------------------------

    def _aad(self, kind: str) -> bytes:
        return self.aad(kind, self.owner_id, self.id)

    @staticmethod
    def aad(kind: str, owner_id: int, letter_id: uuid.UUID | str) -> bytes:
        """What a letter's blob is bound to: its kind, its owner and its letter."""
        return crypto.associated_data(f"letter.{kind}", owner_id, letter_id)

    def key(self, user_key: bytes) -> bytes:
        """The letter's own key, for what is sealed with the letter (its margin notes)."""
        return crypto.unwrap_key(user_key, self.wrapped_key, self._aad("key"))

    def _decrypt(self, key: bytes, field: str) -> str:
        return crypto.decrypt_text(key, getattr(self, field), self._aad(field))

    @classmethod
    def compose(
        cls, owner: object, user_key: bytes, text: LetterText, *, prompt_slug: str = ""
    ) -> Letter:
        """Make an unsaved draft holding text, under a key of its own."""
        letter = cls(owner=owner, prompt_slug=prompt_slug)
        letter_key = crypto.new_key()
        letter.wrapped_key = crypto.wrap_key(user_key, letter_key, letter._aad("key"))
        letter._encrypt_text(letter_key, text)
        return letter

    @classmethod
    def start(
        cls, owner: object, user_key: bytes, *, recipient: str = "", prompt_slug: str = ""
    ) -> Letter:
        """Create an empty draft."""
        text = LetterText(body="", title="", recipient=recipient)
        letter = cls.compose(owner, user_key, text, prompt_slug=prompt_slug)
        letter.save()
        return letter

    def _encrypt_text(self, letter_key: bytes, text: LetterText) -> None:
        values = {**text.__dict__, "excerpt": text.title or excerpt_of(text.body)}
        for field in self.SECRET_FIELDS:
            setattr(self, field, crypto.encrypt_text(letter_key, values[field], self._aad(field)))
        self.word_count = count_words(text.body)

    def read(self, user_key: bytes) -> LetterText:
        """Decrypt the whole letter; raises crypto.DecryptionError if it does not open."""
        return LetterText(*self.read_fields(user_key, "body", "title", "recipient"))

    def read_fields(self, user_key: bytes, *fields: str) -> list[str]:
        key = self.key(user_key)
        return [self._decrypt(key, field) for field in fields]

    def read_excerpt(self, user_key: bytes) -> str:
        """Decrypt just the line lists show: the title, or else the first line."""
        return self._decrypt(self.key(user_key), "excerpt")

    # Lifecycle ----------------------------------------------------------------------------

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_time_locked(self) -> bool:
        """Sealed until a date that has not come yet: not even its writer may read it."""
        return self.locked_on(clock.today())

    def locked_on(self, today: datetime.date) -> bool:
        """Whether the letter is still closed on that day (LetterQuerySet.readable's rule)."""
        return not self.is_draft and self.opens_on is not None and self.opens_on > today

    def revise(self, user_key: bytes, text: LetterText, base_version: int) -> None:
        """Save a new text over the draft it was based on. Lock the row before calling."""
        if not self.is_draft:
            raise LifecycleError("This letter is sealed, so it can't be changed any more.")
        if base_version != self.version:
            raise StaleDraft(self)
        key = self.key(user_key)
        # Never save over a letter that does not open: raises crypto.DecryptionError first.
        for field in self.SECRET_FIELDS:
            self._decrypt(key, field)
        self._encrypt_text(key, text)
        self.version += 1
        self.updated = clock.now()
        self.save(update_fields=[*self.SECRET_FIELDS, "word_count", "version", "updated"])

    def seal(self, opens_on: datetime.date | None = None) -> None:
        if not self.is_draft:
            raise LifecycleError("This letter is already sealed.")
        if opens_on is not None and opens_on <= clock.today():
            raise LifecycleError("The day it opens needs to be after today.")
        self.status = self.Status.SEALED
        self.sealed_at = self.updated = clock.now()
        self.opens_on = opens_on
        self.save(update_fields=["status", "sealed_at", "updated", "opens_on"])

    def archive(self) -> None:
        """Tuck the letter away; a draft is sealed first, since archived letters never change."""
        if self.status == self.Status.ARCHIVED:
            raise LifecycleError("This letter is already in the archive.")
        if self.is_draft:
            self.seal()
        self.status = self.Status.ARCHIVED
        self.archived_at = clock.now()
        self.save(update_fields=["status", "archived_at"])

    def restore(self) -> None:
        if self.status != self.Status.ARCHIVED:
            raise LifecycleError("Only a letter in the archive can be brought back.")
        self.status = self.Status.SEALED
        self.archived_at = None
        self.updated = clock.now()
        self.save(update_fields=["status", "archived_at", "updated"])

    def shred(self) -> Shred:
        """Destroy the letter: its row, key and every ciphertext; keep only the date.

        Run outside any open transaction so the erasure below sees the committed delete.
        """
        with transaction.atomic():
            # Two shreds at once (two tabs): only the one that deletes the row records a date.
            deleted, _ = Letter.objects.filter(pk=self.pk).delete()
            if not deleted:
                raise LifecycleError("This letter is already gone.")
            shred = Shred.objects.create(owner_id=self.owner_id, shredded_on=clock.today())
        erasure.erase_freed_space(Letter._meta.db_table)
        return shred


class StaleDraft(Exception):
    """A save based on an older version: another tab saved in between."""

    def __init__(self, letter: Letter) -> None:
        super().__init__("stale draft")
        self.letter = letter


class Shred(models.Model):
    """What stays of a shredded letter: whose it was and the day it went."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shreds"
    )
    shredded_on = models.DateField()

    def __str__(self) -> str:
        return f"Shredded on {self.shredded_on}"
