"""Bringing letters back from an export: re-encrypted under the importing writer's keys.

Only letters.json is read, and all of it is checked (portability.format) before anything is
written. Letters still time-locked when exported hold no words, so they cannot come back yet.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction
from django.utils.translation import gettext, ngettext

from letters.keys import crypto
from letters.models import CareCard, CheckIn, Letter, MarginNote, Profile
from letters.portability.card import MARKDOWN_NAME, CardEntry
from letters.portability.format import Entry, items_in

# What became of the card for when it gets bad in an import.
CARD_RESTORED = "restored"
CARD_KEPT_OURS = "kept ours"


@dataclass(frozen=True)
class ImportReport:
    imported: int
    already_here: int
    still_locked: int
    card: str = ""  # CARD_RESTORED, CARD_KEPT_OURS, or "" (none in the file, or the same)

    def lines(self) -> list[str]:
        """What happened, in the words the import page shows."""
        if self.imported:
            lines = [
                ngettext(
                    "Imported %(count)d letter, with its dates, state, prompt, feelings and notes.",
                    "Imported %(count)d letters, with their dates, states, prompts, feelings and "
                    "notes.",
                    self.imported,
                )
                % {"count": self.imported}
            ]
        else:
            lines = [gettext("No new letters were imported.")]
        if self.already_here:
            skipped = ngettext(
                "Skipped %(count)d letter already here: the same words, written at the same "
                "moment.",
                "Skipped %(count)d letters already here: the same words, written at the same "
                "moment.",
                self.already_here,
            )
            lines.append(skipped % {"count": self.already_here})
        if self.still_locked:
            skipped = ngettext(
                "Skipped %(count)d letter still sealed until a later day when exported, so the "
                "words were not in the file. Once it opens, export again from where you wrote it "
                "and import that file.",
                "Skipped %(count)d letters still sealed until a later day when exported, so the "
                "words were not in the file. Once they open, export again from where you wrote "
                "them and import that file.",
                self.still_locked,
            )
            lines.append(skipped % {"count": self.still_locked})
        if self.card == CARD_RESTORED:
            lines.append(gettext("Your card for when it gets bad came back too."))
        elif self.card == CARD_KEPT_OURS:
            lines.append(
                gettext(
                    "The file's card for when it gets bad was not brought in: you have a "
                    "different one here, and it stays as it is. The zip holds the other as "
                    "%(file)s."
                )
                % {"file": MARKDOWN_NAME}
            )
        return lines


# Letters written to the database at once: enough to keep the queries few, few enough that a
# batch of the longest letters stays a few megabytes.
BATCH_LETTERS = 200
BATCH_CHARS = 4_000_000


def restore_letters(user: object, user_key: bytes, export: BinaryIO) -> ImportReport:
    """Re-create the letters of a checked export under the writer's keys, a batch at a time.

    The file is read again a batch of letters at a time, so memory holds a batch, not the file.
    Each batch is encrypted first and then written in a short transaction of its own, so other
    writers wait for one batch at most, never for the whole import. An import cut short (the
    server stopping) keeps the batches already written, and the same file imported again adds
    only the rest: a letter already here is one with the same moment of writing and the same
    words, while a letter changed since its export comes in beside it.
    """
    imported = already_here = still_locked = 0
    cards: list[CardEntry] = []

    def letters() -> Iterator[Entry]:
        for item in items_in(export):
            if isinstance(item, CardEntry):
                cards.append(item)  # at most one: format refuses a second
            else:
                yield item

    for batch in _batches(letters()):
        readable = [entry for entry in batch if entry.text is not None]
        still_locked += len(batch) - len(readable)
        sealed = [_sealed(user, user_key, entry) for entry in readable]
        with transaction.atomic():
            # One batch at a time per writer, so two imports at once cannot both miss the
            # other's letters; earlier batches are in by now, so a letter twice in the file is
            # found too.
            Profile.objects.select_for_update().get(user=user)
            seen = _letters_here(user, user_key, {entry.created for entry in readable})
            new = []
            for entry, rows in zip(readable, sealed, strict=True):
                if (entry.created, entry.text.body) not in seen:
                    seen.add((entry.created, entry.text.body))
                    new.append(rows)
            _save(new)
        imported += len(new)
        already_here += len(readable) - len(new)
    card = _restore_card(user, user_key, cards[0]) if cards else ""
    return ImportReport(imported, already_here, still_locked, card)


def _restore_card(user: object, user_key: bytes, card: CardEntry) -> str:
    """The file's card, unless the writer has one here already: theirs is never overwritten."""
    with transaction.atomic():
        Profile.objects.select_for_update().get(user=user)
        ours = CareCard.objects.filter(owner=user).first()
        if ours is None:
            CareCard.keep(user, user_key, card.text, updated=card.updated)
            return CARD_RESTORED
    try:
        same = ours.open(user_key) == card.text
    except crypto.DecryptionError:
        same = False
    return "" if same else CARD_KEPT_OURS


def _batches(entries: Iterator[Entry]) -> Iterator[list[Entry]]:
    batch, chars = [], 0
    for entry in entries:
        batch.append(entry)
        if entry.text is not None:
            chars += len(entry.text.body) + sum(len(note.text) for note in entry.notes)
        if len(batch) == BATCH_LETTERS or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


@dataclass(frozen=True)
class _Sealed:
    """A letter of the export, encrypted under the writer's keys and ready to be saved."""

    letter: Letter
    checkins: list[CheckIn]
    notes: list[MarginNote]


def _sealed(user: object, user_key: bytes, entry: Entry) -> _Sealed:
    letter = Letter.compose(user, user_key, entry.text, prompt_slug=entry.prompt_slug)
    # Restoring stored state, not a change of state: the lifecycle methods would stamp today's
    # dates, so the exported ones are set before the letter is first saved.
    letter.status, letter.opens_on = entry.status, entry.opens_on
    letter.created, letter.updated = entry.created, entry.updated
    letter.sealed_at, letter.archived_at = entry.sealed_at, entry.archived_at
    checkins = []
    for moment, record in entry.feelings.items():
        checkin = CheckIn(owner=user, letter=letter, moment=moment, at=record.at)
        checkin.seal_feeling(user_key, record.feeling)
        checkins.append(checkin)
    notes = []
    for position, note in enumerate(entry.notes, start=1):
        margin_note = MarginNote(letter=letter, created=note.created, position=position)
        margin_note.seal_text(user_key, note.text, note.strength)
        notes.append(margin_note)
    return _Sealed(letter, checkins, notes)


def _save(sealed: list[_Sealed]) -> None:
    Letter.objects.bulk_create([rows.letter for rows in sealed])
    CheckIn.objects.bulk_create([checkin for rows in sealed for checkin in rows.checkins])
    MarginNote.objects.bulk_create([note for rows in sealed for note in rows.notes])


def _letters_here(
    user: object, user_key: bytes, moments: set[datetime.datetime]
) -> set[tuple[datetime.datetime, str]]:
    """(created, body) of the writer's letters written at any of these moments."""
    found = set()
    moments = sorted(moments)
    for start in range(0, len(moments), 500):
        same_moment = Letter.objects.owned_by(user).filter(created__in=moments[start : start + 500])
        for letter in same_moment.only("id", "owner_id", "created", "wrapped_key", "body"):
            try:
                found.add((letter.created, letter.read_fields(user_key, "body")[0]))
            except crypto.DecryptionError:
                continue  # a letter that won't open can't be told apart; import beside it
    return found
