"""Taking your letters with you: every letter in one zip, for this browser only.

The zip holds one Markdown file per letter, for people, and letters.json (portability.format),
for another Unsent. Time-locked letters stay locked: an export holds their dates and state,
never their words.
"""

from __future__ import annotations

import datetime
import json
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from letters import clock
from letters.guidance import prompts
from letters.models import CareCard, CheckIn, Feeling, Letter
from letters.portability import card as card_format
from letters.portability.format import (
    FEELING_LABELS,
    FORMAT,
    JSON_NAME,
    MOMENTS,
    VERSION,
    CheckInRecord,
    Entry,
    Note,
    iso,
    to_json,
)

# Letters read at once: memory holds a chunk of them, whatever the size of the account.
CHUNK_LETTERS = 200


def check_all_open(user: object, user_key: bytes, chunk: int = CHUNK_LETTERS) -> None:
    """Raise crypto.DecryptionError if any letter (or its feelings or notes), or the card, won't open.

    Run before the zip starts: once the first bytes are on their way, a failure could only cut
    the download short, so every letter is opened once beforehand (opening is quick; packing
    the zip is what takes the time).
    """
    for letter in _letters(user, chunk):
        entry_of(letter, user_key)
    _card(user, user_key)


def stream(
    user: object,
    user_key: bytes,
    chunk: int = CHUNK_LETTERS,
    language: str | None = None,
    zone: datetime.tzinfo | None = None,
) -> Iterator[bytes]:
    """Every letter of the writer's as a zip, a piece at a time, with memory flat in their number.

    A zip cannot hold two files open for writing, so the letters are read twice: once for the
    Markdown files, once for letters.json, which is written a letter at a time. The Markdown
    files are in the language given (the page's), else the writer's, and their times in the
    time zone given (the page's), else the server's; letters.json has no words of Unsent's and
    ISO dates, for any Unsent.
    """
    # The response is streamed after the view has returned, when the request's language and
    # time zone may no longer be the active ones: each Markdown file is written with them named.
    language = language or user.profile.language or settings.LANGUAGE_CODE
    zone = zone or timezone.get_default_timezone()
    pieces = _Pieces()
    with zipfile.ZipFile(pieces, "w", zipfile.ZIP_DEFLATED) as archive:
        names: set[str] = set()
        for letter in _letters(user, chunk):
            entry = entry_of(letter, user_key)
            with translation.override(language), timezone.override(zone):
                name = file_name(entry, letter.id.hex[:8])
                if name in names:  # two letters a day whose ids start alike: very rare
                    name = file_name(entry, letter.id.hex)
                names.add(name)
                _write(archive, name, to_markdown(entry), entry.updated)
            yield pieces.take()
        now = timezone.now()
        head = {"format": FORMAT, "version": VERSION, "exported_at": iso(now)}
        with translation.override(language), timezone.override(zone):
            if card := _card(user, user_key):
                head["card"] = card_format.to_json(card)
                markdown = card_format.to_markdown(card)
                _write(archive, card_format.MARKDOWN_NAME, markdown, clock.start_of(card.updated))
            json_info = _info(JSON_NAME, now)
        with archive.open(json_info, "w", force_zip64=True) as json_file:
            json_file.write(json.dumps(head, ensure_ascii=False, indent=2)[:-2].encode())
            json_file.write(b',\n  "letters": [')
            separator = b"\n    "
            for letter in _letters(user, chunk):
                # One line a letter: json's C encoder, where an indented entry takes its slower
                # Python one.
                entry = json.dumps(to_json(entry_of(letter, user_key)), ensure_ascii=False)
                json_file.write(separator + entry.encode())
                separator = b",\n    "
                yield pieces.take()
            json_file.write(b"\n  ]\n}\n")
    yield pieces.take()


def _card(user: object, user_key: bytes) -> card_format.CardEntry | None:
    """The writer's card for when it gets bad, opened, or None when they have none."""
    card = CareCard.objects.filter(owner=user).first()
    return card_format.CardEntry(card.updated, card.open(user_key)) if card else None


def _letters(user: object, chunk: int) -> Iterator[Letter]:
    """The writer's letters, oldest first, a chunk at a time with their feelings and notes.

    Feelings and notes come as plain lists (to_attr): a related manager builds a query object
    on every access, which cost more than the rest of reading the letters.
    """
    letters = Letter.objects.owned_by(user).prefetch_related(
        Prefetch("checkins", to_attr="checkin_list"), Prefetch("notes", to_attr="note_list")
    )
    return letters.in_chunks("created", "id", size=chunk)


class _Pieces:
    """Where the zip writes: it keeps what was written until the response takes it."""

    def __init__(self) -> None:
        self._written: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._written.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        taken = b"".join(self._written)
        self._written.clear()
        return taken


ZIP_FIRST_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_LAST_DATE = (2107, 12, 31, 23, 59, 58)  # a zip keeps seconds in steps of two


def _write(archive: zipfile.ZipFile, name: str, text: str, when: datetime.datetime) -> None:
    archive.writestr(_info(name, when), text.encode("utf-8"))


def _info(name: str, when: datetime.datetime) -> zipfile.ZipInfo:
    # A zip dates a file from 1980 to 2107 only; a letter dated outside (from an older import)
    # still exports, dated at the nearest end.
    date_time = timezone.localtime(when).timetuple()[:6]
    date_time = min(max(date_time, ZIP_FIRST_DATE), ZIP_LAST_DATE)
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16  # unzipped, readable by the writer only
    return info


def export_name(day: datetime.date) -> str:
    # Not the app's name: a Downloads list is one more place someone might look.
    return f"letters-{day.isoformat()}.zip"


def file_name(entry: Entry, letter_id: str) -> str:
    return f"{timezone.localdate(entry.created).isoformat()}-{entry.status}-{letter_id}.md"


def entry_of(letter: Letter, user_key: bytes) -> Entry:
    """What an export holds of a letter: for a time-locked one, only its dates and state.

    The letter comes from _letters, with its check-ins and notes in checkin_list and note_list.
    """
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
    feelings = {c.moment: CheckInRecord(c.at, c.feeling(user_key)) for c in letter.checkin_list}
    notes = tuple(Note(n.created, *n.open(user_key)) for n in letter.note_list)
    return Entry(
        **dates,
        prompt_slug=letter.read_prompt(user_key),
        text=letter.read(user_key),
        feelings={m: feelings[m] for m in MOMENTS if m in feelings},
        notes=notes,
    )


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{date_format(local, moment_format())} {local.tzname()}"


def _day(day: datetime.date) -> str:
    """A day (only the day of a note is kept)."""
    return date_format(day, day_format())


def moment_format() -> str:
    """How a Markdown file writes a moment, in Django's date format letters."""
    # Translators: how an export's Markdown files write a date and time, in the letters of
    # Django's date filter (https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date).
    # "Y-m-d H:i" is 2026-11-28 21:03; the time zone follows it.
    return pgettext("date format", "Y-m-d H:i")


def day_format() -> str:
    """How a Markdown file writes a day, in Django's date format letters."""
    # Translators: how an export's Markdown files write a day, in the letters of Django's date
    # filter; "Y-m-d" is 2026-11-28.
    return pgettext("date format", "Y-m-d")


def _strength(strength: int | None) -> str:
    return _("%(strength)d out of 10") % {"strength": strength}


def _feeling_line(feeling: Feeling) -> str:
    # The labels are lazy translations (models.FEELINGS): str() gives them in the export's language.
    names = ", ".join(str(FEELING_LABELS.get(name, name)) for name in feeling.names)
    if names and feeling.strength is not None:
        return f"{names} ({_strength(feeling.strength)})"
    if feeling.strength is not None:
        return _strength(feeling.strength)
    return names or pgettext("a feelings check-in", "skipped")


def _feelings(moment: str) -> str:
    if moment == CheckIn.Moment.BEFORE:
        return _("Feelings before writing: %(feelings)s")
    return _("Feelings after writing: %(feelings)s")


def _line(words: str, **values: str) -> str:
    """A line of the header, as an item of a Markdown list."""
    return f"- {words % values}"


def to_markdown(entry: Entry) -> str:
    """The letter for people: a short header, then the title, "Dear …" and the words.

    In the active language: its words, and its dates as the language writes them.
    """
    header = [
        _line(_("Written: %(when)s"), when=_when(entry.created)),
        _line(_("Last changed: %(when)s"), when=_when(entry.updated)),
        _line(_("State: %(state)s"), state=Letter.Status(entry.status).label),
    ]
    if entry.sealed_at:
        header.append(_line(_("Sealed: %(when)s"), when=_when(entry.sealed_at)))
    if entry.archived_at:
        header.append(_line(_("Archived: %(when)s"), when=_when(entry.archived_at)))
    if entry.opens_on:
        header.append(_line(_("Opens on: %(day)s"), day=_day(entry.opens_on)))
    if entry.text is None:
        locked = _(
            "Sealed until %(day)s. You chose to let this letter wait, so its words stay locked "
            "and are not in this export. Once it opens, export again to take them with you."
        ) % {"day": date_format(entry.opens_on, "DATE_FORMAT")}
        return "\n".join(header) + f"\n\n---\n\n{locked}\n"
    if entry.prompt_slug:
        prompt = prompts.get(entry.prompt_slug)
        text = f"“{prompt.text}” " if prompt else ""
        header.append(_line(_("Prompt: %(prompt)s"), prompt=f"{text}({entry.prompt_slug})"))
    for moment in MOMENTS:
        if record := entry.feelings.get(moment):
            header.append(_line(_feelings(moment), feelings=_feeling_line(record.feeling)))
    if entry.notes:
        header.append(_line(_("Notes in the margin:")))
        for note in entry.notes:
            strength = f" ({_strength(note.strength)})" if note.strength is not None else ""
            text = note.text.replace("\n", "\n    ")
            header.append(f"  - {_day(note.created)}{strength}: {text}")
    title = entry.text.title or pgettext("a letter with no title", "Untitled")
    parts = ["\n".join(header), "---", f"# {title}"]
    if entry.text.recipient:
        parts.append(_("Dear %(name)s,") % {"name": entry.text.recipient})
    parts.append(entry.text.body)
    return "\n\n".join(parts) + "\n"
