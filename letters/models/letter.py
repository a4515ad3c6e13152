"""Letters, their lifecycle, and the record of what their writer has shredded.

Every secret is an envelope from letters.keys.crypto; what stays in clear, and why, is listed
in the README ("What the encryption protects against") and held by tests/test_at_rest.py.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext, pgettext_lazy

from letters import clock
from letters.keys import crypto
from letters.models import erasure
from letters.models.letter_queries import LetterQuerySet


class LifecycleError(Exception):
    """A change of state the lifecycle does not allow; the message is for the writer."""


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
    """Count the words of a letter as runs of text between spaces (kept as word_count).

    For languages written with spaces between words the editor counts the same (static/js/
    editor.js). Chinese, Japanese and Thai are written without them: for those this is the
    number of space-separated runs (a sentence, or a whole paragraph, counts as one), not of
    words, while the editor splits such runs into words with the browser's Intl.Segmenter.
    This count is what the lists (the desk, the archive, search) show beside each letter, and
    what the editor shows until its script runs.
    """
    return len(body.split())


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("the state of a letter", "Draft")
        SEALED = "sealed", pgettext_lazy("the state of a letter", "Sealed")
        ARCHIVED = "archived", pgettext_lazy("the state of a letter", "Archived")

    SECRET_FIELDS = ("body", "title", "recipient", "excerpt")
    # Padded so that an envelope's size does not tell the length of a title, a name or a first
    # line (crypto.pad). A body is not: its word count is kept in clear anyway.
    PADDING = {
        "title": crypto.SHORT_TEXT,
        "recipient": crypto.SHORT_TEXT,
        "excerpt": crypto.NOTE_TEXT,
    }
    # The context of the writer's blind index of prompts (Letter.prompt_tags).
    PROMPT_TAG = b"unsent|letter.prompt_tag"

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
    # The prompt the letter began from, sealed under its key; None when it began from none.
    prompt = models.BinaryField(null=True, blank=True)
    # A blind index of that prompt under the writer's user key, so that a theme's letters and
    # the prompts answered lately can be asked of the database without the prompt being stored.
    prompt_tag = models.BinaryField(null=True, blank=True)
    # Before migration 0011 the prompt's name was kept here in clear. models/resealing.py moves
    # it into `prompt` on the writer's next visit and empties this; nothing else writes it.
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
            # Search reads every letter newest first, a chunk at a time from where the last
            # ended: in this order, not sorted afterwards with their bodies (which made SQLite
            # copy them into a sorter); the id settles letters saved at the same moment. The
            # state and opening day come after the order, so where a chunk of the letters that
            # can be read today ends is found in the index alone, not in each letter's row.
            models.Index(fields=["owner", "-updated", "-created", "-id", "status", "opens_on"]),
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

    @staticmethod
    def searched_aads(owner_id: int, letter_id: uuid.UUID | str) -> list[bytes]:
        """aad() of a letter's key, body and title, made at once: search opens all three."""
        kinds = ("letter.key", "letter.body", "letter.title")
        return crypto.associated_data_each(kinds, owner_id, letter_id)

    def key(self, user_key: bytes) -> bytes:
        """The letter's own key, for what is sealed with the letter (its margin notes)."""
        return crypto.unwrap_key(user_key, self.wrapped_key, self._aad("key"))

    def _decrypt(self, key: bytes, field: str) -> str:
        return crypto.decrypt_text(key, getattr(self, field), self._aad(field))

    @classmethod
    def compose(
        cls,
        owner: object,
        user_key: bytes,
        text: LetterText,
        *,
        prompt_slug: str = "",
        letter_id: uuid.UUID | None = None,
    ) -> Letter:
        """Make an unsaved draft holding text, under a key of its own (and an id, if given)."""
        letter = cls(owner=owner, id=letter_id or uuid.uuid4())
        letter_key = crypto.new_key()
        letter.wrapped_key = crypto.wrap_key(user_key, letter_key, letter._aad("key"))
        letter._encrypt_text(letter_key, text)
        letter.seal_prompt(user_key, letter_key, prompt_slug)
        return letter

    @classmethod
    def start(
        cls,
        owner: object,
        user_key: bytes,
        *,
        recipient: str = "",
        prompt_slug: str = "",
        letter_id: uuid.UUID | None = None,
    ) -> Letter:
        """Create an empty draft."""
        text = LetterText(body="", title="", recipient=recipient)
        letter = cls.compose(owner, user_key, text, prompt_slug=prompt_slug, letter_id=letter_id)
        letter.save()
        return letter

    def _encrypt_text(self, letter_key: bytes, text: LetterText) -> None:
        values = {**text.__dict__, "excerpt": text.title or excerpt_of(text.body)}
        for field in self.SECRET_FIELDS:
            blob = crypto.encrypt_text(
                letter_key, values[field], self._aad(field), pad_to=self.PADDING.get(field, 0)
            )
            setattr(self, field, blob)
        self.word_count = count_words(text.body)

    # The prompt it began from ----------------------------------------------------------------

    @classmethod
    def prompt_tagger(cls, user_key: bytes) -> Callable[[str], bytes]:
        """The writer's blind index of prompts: the same prompt, the same tag, for them only."""
        return crypto.blind_index(user_key, cls.PROMPT_TAG)

    @classmethod
    def prompt_tags(cls, user_key: bytes, slugs: Iterable[str]) -> dict[bytes, str]:
        """Each prompt's tag for this writer, to ask for letters by it and to read one back."""
        tag = cls.prompt_tagger(user_key)
        return {tag(slug): slug for slug in slugs}

    def seal_prompt(self, user_key: bytes, letter_key: bytes, slug: str) -> None:
        if not slug:
            self.prompt = self.prompt_tag = None
            return
        self.prompt = crypto.encrypt_text(
            letter_key, slug, self._aad("prompt"), pad_to=crypto.SHORT_TEXT
        )
        self.prompt_tag = self.prompt_tagger(user_key)(slug)

    def read_prompt(self, user_key: bytes) -> str:
        """The prompt the letter began from, or "" (also when it does not open: the prompt is
        a kindness beside the letter, never worth an error page)."""
        if not self.prompt:
            return ""
        try:
            return self._decrypt(self.key(user_key), "prompt")
        except crypto.DecryptionError:
            return ""

    def read(self, user_key: bytes) -> LetterText:
        """Decrypt the whole letter; raises crypto.DecryptionError if it does not open."""
        return LetterText(*self.read_fields(user_key, "body", "title", "recipient"))

    def read_fields(self, user_key: bytes, *fields: str) -> list[str]:
        return list(self.read_in_turn(user_key, *fields))

    def read_in_turn(self, user_key: bytes, *fields: str) -> Iterator[str]:
        """These fields decrypted in turn, each only when it is asked for (the key once)."""
        key = self.key(user_key)
        return (self._decrypt(key, field) for field in fields)

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

    SEALED_YEARS_AT_MOST = 10

    @classmethod
    def latest_opening(cls, today: datetime.date) -> datetime.date:
        """The furthest day a letter may stay sealed until: ten years on, so that a slip of the
        year (2207 for 2027) cannot lock a letter for life, to be shredded unread."""
        return clock.years_on(today, cls.SEALED_YEARS_AT_MOST)

    def revise(self, user_key: bytes, text: LetterText, base_version: int) -> None:
        """Save a new text over the draft it was based on. Lock the row before calling."""
        if not self.is_draft:
            raise LifecycleError(gettext("This letter is sealed, so it can't be changed any more."))
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
            raise LifecycleError(gettext("This letter is already sealed."))
        if opens_on is not None and opens_on <= clock.today():
            raise LifecycleError(gettext("The day it opens needs to be after today."))
        self.status = self.Status.SEALED
        self.sealed_at = self.updated = clock.now()
        self.opens_on = opens_on
        self.save(update_fields=["status", "sealed_at", "updated", "opens_on"])

    def archive(self) -> None:
        """Tuck the letter away; a draft is sealed first, since archived letters never change."""
        if self.status == self.Status.ARCHIVED:
            raise LifecycleError(gettext("This letter is already in the archive."))
        if self.is_draft:
            self.seal()
        self.status = self.Status.ARCHIVED
        self.archived_at = clock.now()
        self.save(update_fields=["status", "archived_at"])

    def restore(self) -> None:
        if self.status != self.Status.ARCHIVED:
            raise LifecycleError(gettext("Only a letter in the archive can be brought back."))
        self.status = self.Status.SEALED
        self.archived_at = None
        self.updated = clock.now()
        self.save(update_fields=["status", "archived_at", "updated"])

    def shred(self) -> Shred:
        """Destroy the letter: its row, key and every ciphertext; keep only the date.

        The erasure of the freed space starts once the delete is committed.
        """
        with transaction.atomic():
            # Two shreds at once (two tabs): only the one that deletes the row records a date.
            deleted, _ = Letter.objects.filter(pk=self.pk).delete()
            if not deleted:
                raise LifecycleError(gettext("This letter is already gone."))
            shred = Shred.objects.create(owner_id=self.owner_id, shredded_on=clock.today())
        erasure.erase_freed_space()
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
