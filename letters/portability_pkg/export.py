"""Taking your letters with you: export to a zip, import from one (issue 8).

The zip holds one Markdown file per letter, for people, and letters.json (export_format), for
another Unsent. Import reads letters.json only, checks all of it before writing anything, and
re-encrypts every letter under the importing writer's keys. Time-locked letters stay locked: an
export holds their dates and state, never their words, so they cannot be imported until they open.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone

from letters.export_format import (
    FEELING_LABELS,
    FORMAT,
    JSON_NAME,
    MOMENTS,
    VERSION,
    CheckInRecord,
    Entry,
    Note,
    iso,
    letters_in,
    read_export,
    to_json,
)
from letters.guidance import prompts
from letters.keys import crypto
from letters.models import CheckIn, Feeling, Letter, MarginNote, Profile


@dataclass(frozen=True)
class ImportReport:
    imported: int
    already_here: int
    still_locked: int

    def lines(self) -> list[str]:
        """What happened, in the words the import page shows."""
        if self.imported == 1:
            lines = ["Imported 1 letter, with its dates, state, prompt, feelings and notes."]
        elif self.imported:
            lines = [
                f"Imported {self.imported} letters, with their dates, states, prompts, "
                "feelings and notes."
            ]
        else:
            lines = ["No new letters were imported."]
        if self.already_here:
            lines.append(
                f"Skipped {_letters(self.already_here)} already here: the same words, "
                "written at the same moment."
            )
        if self.still_locked:
            one = self.still_locked == 1
            lines.append(
                f"Skipped {_letters(self.still_locked)} still sealed until a later day when "
                "exported, so the words were not in the file. "
                f"Once {'it opens' if one else 'they open'}, export again from where you wrote "
                f"{'it' if one else 'them'} and import that file."
            )
        return lines


def _letters(count: int) -> str:
    return f"{count} letter" if count == 1 else f"{count} letters"


# Export -----------------------------------------------------------------------------------------


def export_letters(user: object, user_key: bytes) -> bytes:
    """Every letter of the writer's as a zip; raises crypto.DecryptionError if one won't open."""
    letters = (
        Letter.objects.owned_by(user)
        .order_by("created", "id")
        .prefetch_related("checkins", "notes")
    )
    buffer = io.BytesIO()
    names: set[str] = set()
    entries = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for letter in letters:
            entry = entry_of(letter, user_key)
            entries.append(to_json(entry))
            name = file_name(entry, letter.id.hex[:8])
            if name in names:  # two letters a day whose ids start alike: very rare
                name = file_name(entry, letter.id.hex)
            names.add(name)
            _write(archive, name, to_markdown(entry), entry.updated)
        data = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": iso(timezone.now()),
            "letters": entries,
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        _write(archive, JSON_NAME, text, timezone.now())
    return buffer.getvalue()


ZIP_FIRST_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_LAST_DATE = (2107, 12, 31, 23, 59, 58)  # a zip keeps seconds in steps of two


def _write(archive: zipfile.ZipFile, name: str, text: str, when: datetime.datetime) -> None:
    # A zip dates a file from 1980 to 2107 only; a letter dated outside (from an older import)
    # still exports, dated at the nearest end.
    date_time = timezone.localtime(when).timetuple()[:6]
    date_time = min(max(date_time, ZIP_FIRST_DATE), ZIP_LAST_DATE)
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16  # unzipped, readable by the writer only
    archive.writestr(info, text.encode("utf-8"))


def export_name(day: datetime.date) -> str:
    return f"unsent-letters-{day.isoformat()}.zip"


def file_name(entry: Entry, letter_id: str) -> str:
    return f"{timezone.localdate(entry.created).isoformat()}-{entry.status}-{letter_id}.md"


def entry_of(letter: Letter, user_key: bytes) -> Entry:
    """What an export holds of a letter: for a time-locked one, only its dates and state."""
    dates = {
        "created": letter.created,
        "updated": letter.updated,
        "status": letter.status,
        "sealed_at": letter.sealed_at,
        "archived_at": letter.archived_at,
        "opens_on": letter.opens_on,
    }
    if letter.is_time_locked:
        return Entry(**dates)
    feelings = {c.moment: CheckInRecord(c.at, c.feeling(user_key)) for c in letter.checkins.all()}
    notes = tuple(Note(n.created, *n.open(user_key)) for n in letter.notes.all())
    return Entry(
        **dates,
        prompt_slug=letter.prompt_slug,
        text=letter.read(user_key),
        feelings={m: feelings[m] for m in MOMENTS if m in feelings},
        notes=notes,
    )


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def _strength(strength: int | None) -> str:
    return f"{strength} out of 10"


def _feeling_line(feeling: Feeling) -> str:
    names = ", ".join(FEELING_LABELS.get(name, name) for name in feeling.names)
    if names and feeling.strength is not None:
        return f"{names} ({_strength(feeling.strength)})"
    if feeling.strength is not None:
        return _strength(feeling.strength)
    return names or "skipped"


def to_markdown(entry: Entry) -> str:
    """The letter for people: a short header, then the title, "Dear …" and the words."""
    header = [
        f"- Written: {_when(entry.created)}",
        f"- Last changed: {_when(entry.updated)}",
        f"- State: {Letter.Status(entry.status).label}",
    ]
    if entry.sealed_at:
        header.append(f"- Sealed: {_when(entry.sealed_at)}")
    if entry.archived_at:
        header.append(f"- Archived: {_when(entry.archived_at)}")
    if entry.opens_on:
        header.append(f"- Opens on: {entry.opens_on.isoformat()}")
    if entry.text is None:
        day = entry.opens_on
        return (
            "\n".join(header) + "\n\n---\n\n"
            f"Sealed until {day.day} {day:%B %Y}. You chose to let this letter wait, so its "
            "words stay locked and are not in this export. Once it opens, export again to "
            "take them with you.\n"
        )
    if entry.prompt_slug:
        prompt = prompts.get(entry.prompt_slug)
        text = f"“{prompt.text}” " if prompt else ""
        header.append(f"- Prompt: {text}({entry.prompt_slug})")
    for moment, label in CheckIn.Moment.choices:
        if record := entry.feelings.get(moment):
            header.append(f"- Feelings {label.lower()}: {_feeling_line(record.feeling)}")
    if entry.notes:
        header.append("- Notes in the margin:")
        for note in entry.notes:
            strength = f" ({_strength(note.strength)})" if note.strength is not None else ""
            text = note.text.replace("\n", "\n    ")
            header.append(f"  - {_when(note.created)}{strength}: {text}")
    parts = ["\n".join(header), "---", f"# {entry.text.title or 'Untitled'}"]
    if entry.text.recipient:
        parts.append(f"Dear {entry.text.recipient},")
    parts.append(entry.text.body)
    return "\n\n".join(parts) + "\n"


# Import -----------------------------------------------------------------------------------------


def import_letters(user: object, user_key: bytes, export: bytes | BinaryIO) -> ImportReport:
    """Check a whole export (zip or letters.json), then restore its letters; raises ExportFileError."""
    export = io.BytesIO(export) if isinstance(export, bytes) else export
    read_export(export)
    return restore_letters(user, user_key, export)


# Letters written to the database at once: enough to keep the queries few, few enough that a
# batch of the longest letters stays a few megabytes.
BATCH_LETTERS = 200
BATCH_CHARS = 4_000_000


def restore_letters(user: object, user_key: bytes, export: BinaryIO) -> ImportReport:
    """Re-create the letters of a checked export under the writer's keys, all or none.

    The file is read again a batch of letters at a time, so memory holds a batch, not the file.
    A letter already here is one with the same moment of writing and the same words: importing
    a file twice adds nothing, while a letter changed since its export comes in beside it.
    """
    imported = already_here = still_locked = 0
    with transaction.atomic():
        # One import at a time per writer, so two at once cannot both miss the other's letters.
        Profile.objects.select_for_update().get(user=user)
        for batch in _batches(letters_in(export)):
            readable = [entry for entry in batch if entry.text is not None]
            still_locked += len(batch) - len(readable)
            # Earlier batches are in the database by now, so a letter twice in the file is found.
            seen = _letters_here(user, user_key, {entry.created for entry in readable})
            new = []
            for entry in readable:
                if (entry.created, entry.text.body) not in seen:
                    seen.add((entry.created, entry.text.body))
                    new.append(entry)
            _create(user, user_key, new)
            imported += len(new)
            already_here += len(readable) - len(new)
    return ImportReport(imported, already_here, still_locked)


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


def _create(user: object, user_key: bytes, entries: list[Entry]) -> None:
    letters, checkins, notes = [], [], []
    for entry in entries:
        letter = Letter.compose(user, user_key, entry.text, prompt_slug=entry.prompt_slug)
        # Restoring stored state, not a change of state: the lifecycle methods would stamp
        # today's dates, so the exported ones are set before the letter is first saved.
        letter.status, letter.opens_on = entry.status, entry.opens_on
        letter.created, letter.updated = entry.created, entry.updated
        letter.sealed_at, letter.archived_at = entry.sealed_at, entry.archived_at
        letters.append(letter)
        for moment, record in entry.feelings.items():
            checkin = CheckIn(owner=user, letter=letter, moment=moment, at=record.at)
            checkin.seal_feeling(user_key, record.feeling)
            checkins.append(checkin)
        for note in entry.notes:
            margin_note = MarginNote(letter=letter, created=note.created)
            margin_note.seal_text(user_key, note.text, note.strength)
            notes.append(margin_note)
    Letter.objects.bulk_create(letters)
    CheckIn.objects.bulk_create(checkins)
    MarginNote.objects.bulk_create(notes)


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
