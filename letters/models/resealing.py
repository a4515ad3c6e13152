"""Seal what versions before migration 0011 left readable, on the writer's next visit.

Those versions kept the prompt a letter began from, the days of quiet dates and the days of
contact in clear, and sealed titles, names, first lines, feelings and notes at their exact
length. Sealing them again needs the writer's user key, which the server never holds, so a
migration cannot do it: it is done here once per writer, the first time a login of theirs holds
the key (KeyringMiddleware: at login or unlock, or on the first request of a login that began
before the upgrade). Profile.sealed_as says which writers are done.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models, transaction

from letters.keys import crypto
from letters.models import erasure
from letters.models.feelings import CheckIn, MarginNote, Quiet, QuietDate
from letters.models.guidance import Contact, ContactMark
from letters.models.letter import Letter
from letters.models.profile import SEALED_AS, Profile

BATCH = 500
LETTER_FIELDS = ["title", "recipient", "excerpt", "prompt", "prompt_tag", "prompt_slug"]


def reseal_older_rows(user: object, user_key: bytes) -> None:
    """Seal every row an older version left readable, as this version does, all or none.

    A row that does not open with the key is left as it is.
    """
    if not Profile.objects.filter(user=user, sealed_as__lt=SEALED_AS).exists():
        return
    with transaction.atomic():
        # One at a time per writer, and their letters locked, so no autosave is written over.
        profile = Profile.objects.select_for_update().get(user=user)
        if profile.sealed_as >= SEALED_AS:
            return
        _reseal_letters(user, user_key)
        _reseal_notes(user, user_key)
        _reseal_checkins(user, user_key)
        _reseal_quiet_dates(user, user_key)
        _reseal_contact_marks(user, user_key, profile)
        if name := profile.read_default_recipient(user_key):
            profile.set_default_recipient(user_key, name)
        profile.sealed_as = SEALED_AS
        profile.save(update_fields=["sealed_as", "no_contact_since"])
        # The clear values were written over in place; push their old copies out of the files.
        erasure.erase_freed_space()


def _batches(rows: models.QuerySet) -> Iterator[list[models.Model]]:
    """The rows a batch at a time, each read after the last is written: by their id, so that
    writing a batch moves nothing still to be read (SQLite reads and writes one connection)."""
    rows = rows.order_by("pk")
    batch = list(rows[:BATCH])
    while batch:
        yield batch
        batch = list(rows.filter(pk__gt=batch[-1].pk)[:BATCH])


def _reseal_letters(user: object, user_key: bytes) -> None:
    fields = ("id", "owner_id", "wrapped_key", *LETTER_FIELDS)
    letters = Letter.objects.owned_by(user).select_for_update().only(*fields)
    for batch in _batches(letters):
        resealed = [letter for letter in batch if _resealed_letter(letter, user_key)]
        Letter.objects.bulk_update(resealed, LETTER_FIELDS)


def _resealed_letter(letter: Letter, user_key: bytes) -> bool:
    """Pad the letter's short texts and seal its prompt; False if it does not open."""
    try:
        key = letter.key(user_key)
        for field, bucket in Letter.PADDING.items():
            aad = Letter.aad(field, letter.owner_id, letter.id)
            text = crypto.decrypt_text(key, getattr(letter, field), aad)
            setattr(letter, field, crypto.encrypt_text(key, text, aad, pad_to=bucket))
    except crypto.DecryptionError:
        return False
    if letter.prompt_slug:  # else it began from no prompt, or has it sealed already
        letter.seal_prompt(user_key, key, letter.prompt_slug)
        letter.prompt_slug = ""
    return True


def _reseal_notes(user: object, user_key: bytes) -> None:
    notes = (
        MarginNote.objects.filter(letter__owner=user)
        .select_related("letter")
        .only("id", "sealed", "letter", "letter__owner", "letter__wrapped_key")
    )
    for batch in _batches(notes):
        resealed = []
        for note in batch:
            try:
                note.seal_text(user_key, *note.open(user_key))
            except crypto.DecryptionError:
                continue
            resealed.append(note)
        MarginNote.objects.bulk_update(resealed, ["sealed"])


def _reseal_checkins(user: object, user_key: bytes) -> None:
    checkins = CheckIn.objects.filter(owner=user).only("id", "owner_id", "sealed")
    for batch in _batches(checkins):
        resealed = []
        for checkin in batch:
            try:
                checkin.seal_feeling(user_key, checkin.feeling(user_key))
            except crypto.DecryptionError:
                continue
            resealed.append(checkin)
        CheckIn.objects.bulk_update(resealed, ["sealed"])


def _reseal_quiet_dates(user: object, user_key: bytes) -> None:
    for quiet_date in QuietDate.objects.filter(owner=user, month__isnull=False):
        try:
            label = _earlier_text(user_key, quiet_date.label, "quiet_date.label", quiet_date)
        except crypto.DecryptionError:
            label = ""  # the day is still worth keeping quiet
        quiet_date.seal(user_key, Quiet(quiet_date.month, quiet_date.day, label))
        quiet_date.month = quiet_date.day = quiet_date.label = None
        quiet_date.save(update_fields=["sealed", "day_tag", "month", "day", "label"])


def _reseal_contact_marks(user: object, user_key: bytes, profile: Profile) -> None:
    since = profile.contact_since(user_key)
    for mark in ContactMark.objects.filter(owner=user, on__isnull=False):
        try:
            note = _earlier_text(user_key, mark.note, "contact.note", mark)
        except crypto.DecryptionError:
            note = ""
        mark.seal(user_key, Contact(mark.on, bool(mark.is_reset), mark.created, note))
        since = max(since or mark.on, mark.on)
        mark.on = mark.is_reset = mark.created = mark.note = None
        mark.save(update_fields=["sealed", "on", "is_reset", "created", "note"])
    if since is not None:
        profile.count_contact_from(user_key, since)


def _earlier_text(user_key: bytes, sealed: bytes | None, kind: str, row: models.Model) -> str:
    """A label or note as versions before 0011 sealed it, on its own, or ""."""
    if not sealed:
        return ""
    return crypto.decrypt_text(user_key, sealed, crypto.associated_data(kind, row.owner_id, row.id))
