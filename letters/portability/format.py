"""letters.json: the format an export travels in, written here and read back strictly.

Reading checks every field of every letter before anything is imported, so that a wrong,
damaged or hand-edited file is refused whole, with a message that says where and why. The file
is read as a stream, a letter at a time (export_stream), so a file of any size costs the memory
of one letter; an import reads it twice, once to check it and once to write.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from letters import clock
from letters.guidance import prompts
from letters.models import FEELINGS, CheckIn, Feeling, Letter, LetterText
from letters.models.care import CARD_PARTS, MAX_CARD_CHARS, CardText
from letters.portability import stream as export_stream
from letters.portability.card import CardEntry
from letters.portability.fields import ExportFileError, Fields, nothing_imported

FORMAT = "unsent-letters"
# Version 2 keeps the day of a check-in, a note and the card as a date; version 1 kept it as
# a moment (the day's first, in the exporting server's time zone), and is read still.
VERSION = 2
READS = (1, 2)
JSON_NAME = "letters.json"
# Set from real exports: letters as long as the benchmark's (300 to 20,000 characters) make a
# letters.json of about 5 KB a letter, so 100,000 of them (MAX_LETTERS) about 500 MB, and a zip
# of a few hundred MB once compressed (less for the benchmark's repetitive words). Each limit
# leaves room above that; the import reads the file as a stream whatever its size.
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
MAX_JSON_BYTES = 1024 * 1024 * 1024
MAX_NAME_CHARS = 200  # title and "Dear …", as the editor allows
MAX_NOTE_CHARS = 1000  # as the margin note form allows
MAX_PROMPT_CHARS = 10_000
# Past this, reading a file through would keep a worker busy for minutes.
MAX_LETTERS = 100_000
FEELING_LABELS = dict(FEELINGS)
MOMENTS = (CheckIn.Moment.BEFORE, CheckIn.Moment.AFTER)
# Where in a letter a check-in is, as an error about it says.
FEELINGS_WHEN = {
    CheckIn.Moment.BEFORE: gettext_lazy("feelings before writing"),
    CheckIn.Moment.AFTER: gettext_lazy("feelings after writing"),
}

# In English here (the tests compare them); translated where they are raised.
WRONG_FILE = gettext_noop(
    "This doesn't look like an export from Unsent. Choose the zip file Unsent gave you, "
    "or the letters.json inside it. Nothing was imported."
)
CUT_SHORT = gettext_noop(
    "This file stops part way through, as if it was cut short while it was downloaded or "
    "copied. Nothing was imported. Try a fresh copy of the zip file Unsent gave you."
)
DAMAGED_ZIP = gettext_noop(
    "This zip file is damaged or incomplete, perhaps cut short while it was downloaded or "
    "copied. Nothing was imported. Try a fresh copy of the zip file Unsent gave you."
)


@dataclass(frozen=True)
class CheckInRecord:
    at: datetime.date  # only the day is kept
    feeling: Feeling


@dataclass(frozen=True)
class Note:
    created: datetime.date  # only the day is kept
    text: str
    strength: int | None


@dataclass(frozen=True)
class Entry:
    """One letter as it travels: text None means it was time-locked when exported."""

    created: datetime.datetime
    updated: datetime.datetime
    status: str
    sealed_at: datetime.datetime | None
    archived_at: datetime.datetime | None
    opens_on: datetime.date | None
    prompt_slug: str = ""
    text: LetterText | None = None
    feelings: dict[str, CheckInRecord] | None = None
    notes: tuple[Note, ...] = ()


def iso(moment: datetime.datetime | None) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat() if moment else None


def to_json(entry: Entry) -> dict:
    data = {
        "created": iso(entry.created),
        "updated": iso(entry.updated),
        "status": entry.status,
        "sealed_at": iso(entry.sealed_at),
        "archived_at": iso(entry.archived_at),
        "opens_on": entry.opens_on.isoformat() if entry.opens_on else None,
        "time_locked": entry.text is None,
    }
    if entry.text is None:
        return data
    prompt = prompts.get(entry.prompt_slug) if entry.prompt_slug else None
    return data | {
        "prompt_slug": entry.prompt_slug,
        "prompt_text": prompt.text if prompt else "",
        "title": entry.text.title,
        "recipient": entry.text.recipient,
        "body": entry.text.body,
        "feelings": {
            moment: {
                "at": record.at.isoformat(),
                "names": list(record.feeling.names),
                "strength": record.feeling.strength,
            }
            for moment, record in entry.feelings.items()
        },
        "notes": [
            {"created": n.created.isoformat(), "text": n.text, "strength": n.strength}
            for n in entry.notes
        ],
    }


# Reading ----------------------------------------------------------------------------------------


def read_export(source: bytes | BinaryIO) -> int:
    """Read a whole export through, checking every letter and keeping none: how many it holds.

    Raises ExportFileError at the first fault, so a file is refused before anything is written.
    """
    return sum(1 for _ in letters_in(source))


def letters_in(source: bytes | BinaryIO) -> Iterator[Entry]:
    """Each letter of an export, checked as it is read (see items_in)."""
    return (item for item in items_in(source) if isinstance(item, Entry))


def items_in(source: bytes | BinaryIO) -> Iterator[Entry | CardEntry]:
    """Each letter of an export (a zip, or its letters.json), and its card if it has one,
    checked as they are read.

    Only one letter is held at a time. Raises ExportFileError where the file goes wrong, which
    may be after some letters have come: read_export() checks the whole file first.
    """
    source = io.BytesIO(source) if isinstance(source, bytes) else source
    if _size(source) > MAX_UPLOAD_BYTES:
        raise ExportFileError(too_large())
    try:
        with _json_of(source) as stream:
            yield from _read(stream)
    except export_stream.CutShort:
        raise ExportFileError(_(CUT_SHORT)) from None
    except export_stream.Unreadable:
        raise ExportFileError(_(WRONG_FILE)) from None
    except (zipfile.BadZipFile, EOFError, zlib.error):
        # A zip (it begins as one) that is broken: most often a download that stopped early.
        raise ExportFileError(_(DAMAGED_ZIP)) from None
    except (RuntimeError, NotImplementedError, OSError):
        # Encrypted or unusually compressed: nothing Unsent ever writes.
        raise ExportFileError(_(WRONG_FILE)) from None


def _read(stream: BinaryIO) -> Iterator[Entry | CardEntry]:
    top: dict = {}
    count = 0
    try:
        for name, value in export_stream.walk(stream, "letters", _max_letter_chars()):
            if name is export_stream.ITEM:
                count += 1
                if count > MAX_LETTERS:
                    raise ExportFileError(too_many())
                where = _("Letter %(number)d in the file") % {"number": count}
                yield _entry(Fields(value, where))
                continue
            if name in top:
                raise ExportFileError(_(WRONG_FILE))
            top[name] = value
            if value is export_stream.LIST or name == "card":
                # Unsent writes what the file is before its letters and card, so each is read
                # knowing it.
                _check_format(top)
            if name == "card":
                yield _card(Fields(value, _("The card for when it gets bad in the file")))
    except export_stream.TooLarge as error:
        if error.item:
            what = _("Letter %(number)d in the file is larger than any letter Unsent keeps.")
        else:
            what = _("The file has a field larger than any letter Unsent keeps.")
        raise ExportFileError(nothing_imported(what % {"number": count + 1})) from None
    _check_format(top)
    fields_of_file = Fields(top, _("The file"))
    fields_of_file.exactly("format", "version", "exported_at", "letters", *(set(top) & {"card"}))
    fields_of_file.moment("exported_at")
    if top["letters"] is not export_stream.LIST:
        raise fields_of_file.error(_("%(where)s has no list of letters."))


def _check_format(top: dict) -> None:
    if top.get("format") != FORMAT:
        raise ExportFileError(_(WRONG_FILE))
    version = top.get("version")
    if type(version) is not int:
        raise ExportFileError(
            _("This export doesn't say its format version. Nothing was imported.")
        )
    if version < min(READS):
        raise ExportFileError(
            _(
                "This export says it is in format version %(version)d, which no Unsent has "
                "made. Nothing was imported."
            )
            % {"version": version}
        )
    if version not in READS:
        raise ExportFileError(
            _(
                "This export is in format version %(version)d, and this Unsent reads version "
                "%(ours)d. It may come from a newer Unsent: update this one, then import the "
                "file again. Nothing was imported."
            )
            % {"version": version, "ours": VERSION}
        )


def too_large() -> str:
    return _(
        "This file is larger than %(size)d MB, more than an export of letters should be. "
        "Nothing was imported."
    ) % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}


def too_many() -> str:
    return _(
        "This file holds more than %(count)s letters, more than Unsent imports at once. "
        "Nothing was imported."
    ) % {"count": number_format(MAX_LETTERS, force_grouping=True)}


def _max_letter_chars() -> int:
    """The longest a letter can be in letters.json, written by any JSON writer.

    Every character may be written as an escape of up to 12 characters (an emoji as two
    \\u escapes); notes in the margin have no count, so they get room for about a thousand.
    """
    return 12 * (settings.UNSENT_MAX_LETTER_CHARS + 2 * MAX_NAME_CHARS + MAX_PROMPT_CHARS) + (
        2 * 1024 * 1024
    )


def _size(source: BinaryIO) -> int:
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(0)
    return size


@contextlib.contextmanager
def _json_of(source: BinaryIO) -> Iterator[BinaryIO]:
    """letters.json from the zip, or the file itself, as a stream."""
    if source.read(2) != b"PK":
        source.seek(0)
        yield source
        return
    source.seek(0)
    with zipfile.ZipFile(source) as archive:
        found = [
            info
            for info in archive.infolist()
            if PurePosixPath(info.filename).name == JSON_NAME
            and not info.filename.startswith("__MACOSX/")
        ]
        if len(found) != 1:
            raise ExportFileError(_(WRONG_FILE))
        # zipfile unpacks no more than a file claims (and then checks it), so the claim is the
        # limit as it is read.
        if found[0].file_size > MAX_JSON_BYTES:
            raise ExportFileError(
                _("The letters.json in this zip is too large to import. Nothing was imported.")
            )
        with archive.open(found[0]) as member:
            yield member


LETTER_FIELDS = ("created", "updated", "status", "sealed_at", "archived_at", "opens_on")
TEXT_FIELDS = ("prompt_slug", "prompt_text", "title", "recipient", "body", "feelings", "notes")


def _entry(fields: Fields) -> Entry:
    if not isinstance(fields.data, dict):
        raise fields.error(_("%(where)s is not a letter."))
    locked = fields.data.get("time_locked")
    if not isinstance(locked, bool):
        raise fields.error(_("%(where)s doesn't say whether it is time-locked ('time_locked')."))
    # An export holds none of a time-locked letter's words: these were put in by hand. Its own
    # words are named first.
    if locked and (words := [name for name in ("body", *TEXT_FIELDS) if name in fields.data]):
        raise fields.error(
            _("%(where)s is time-locked, so it can't carry words, but it has %(a_field)s."),
            a_field=fields.a(words[0]),
        )
    fields.exactly(*LETTER_FIELDS, "time_locked", *(() if locked else TEXT_FIELDS))
    status = fields.data["status"]
    if status not in Letter.Status.values:
        unknown = _("%(where)s has a 'status' Unsent doesn't know: %(status)s.")
        raise fields.error(unknown, status=repr(str(status)[:20]))
    dates = {
        "created": fields.moment("created"),
        "updated": fields.moment("updated"),
        "status": status,
        "sealed_at": fields.moment("sealed_at", optional=True),
        "archived_at": fields.moment("archived_at", optional=True),
        "opens_on": fields.day("opens_on"),
    }
    _check_state(fields, dates)
    if dates["opens_on"] and dates["opens_on"] > Letter.latest_opening(clock.today()):
        raise fields.error(
            _(
                "%(where)s is sealed until a day more than ten years from now; a letter can "
                "stay sealed for ten years at most."
            )
        )
    if locked:
        if status == Letter.Status.DRAFT or dates["opens_on"] is None:
            raise fields.error(_("%(where)s is time-locked but not sealed until a day."))
        return Entry(**dates)
    slug = fields.text("prompt_slug", 80)
    fields.text("prompt_text", MAX_PROMPT_CHARS)
    if slug:
        try:
            validate_slug(slug)
        except ValidationError:
            unknown = _("%(where)s has a 'prompt_slug' that isn't a prompt's name.")
            raise fields.error(unknown) from None
    text = LetterText(
        body=fields.text("body", settings.UNSENT_MAX_LETTER_CHARS),
        title=fields.text("title", MAX_NAME_CHARS),
        recipient=fields.text("recipient", MAX_NAME_CHARS),
    )
    notes = fields.data["notes"]
    if not isinstance(notes, list) or (notes and status == Letter.Status.DRAFT):
        raise fields.error(
            _("%(where)s has 'notes' that aren't a list of notes beside a sealed letter.")
        )
    return Entry(
        **dates,
        prompt_slug=slug,
        text=text,
        feelings=_feelings(fields),
        notes=tuple(_note(fields.inside(note, _("a margin note"))) for note in notes),
    )


def _card(fields: Fields) -> CardEntry:
    if not isinstance(fields.data, dict):
        raise fields.error(_("%(where)s can't be read."))
    fields.exactly("updated", *(name for name, _ in CARD_PARTS))
    text = CardText(**{name: fields.text(name, MAX_CARD_CHARS) for name, _ in CARD_PARTS})
    return CardEntry(fields.kept_day("updated"), text)


def _check_state(fields: Fields, dates: dict) -> None:
    """Only states the lifecycle can reach: a draft has no seal, an archived letter has both."""
    status, sealed, archived = dates["status"], dates["sealed_at"], dates["archived_at"]
    if status == Letter.Status.DRAFT and (sealed or archived or dates["opens_on"]):
        raise fields.error(_("%(where)s is a draft with the dates of a sealed letter."))
    if status != Letter.Status.DRAFT and sealed is None:
        raise fields.error(_("%(where)s is sealed but has no 'sealed_at'."))
    if (status == Letter.Status.ARCHIVED) != (archived is not None):
        raise fields.error(_("%(where)s has an 'archived_at' that doesn't fit its 'status'."))


def _feelings(fields: Fields) -> dict[str, CheckInRecord]:
    feelings = fields.data["feelings"]
    if not isinstance(feelings, dict) or not set(feelings) <= set(MOMENTS):
        raise fields.error(_("%(where)s has 'feelings' other than before and after writing."))
    records = {}
    for moment in MOMENTS:
        if moment not in feelings:
            continue
        record = fields.inside(feelings[moment], FEELINGS_WHEN[moment])
        record.exactly("at", "names", "strength")
        names = record.data["names"]
        known = isinstance(names, list) and all(
            isinstance(name, str) and name in FEELING_LABELS for name in names
        )
        if not known:
            unknown = _("%(where)s names feelings Unsent doesn't know: %(names)s.")
            raise record.error(unknown, names=str(names)[:60])
        feeling = Feeling(tuple(names), record.strength("strength"))
        records[moment] = CheckInRecord(record.kept_day("at"), feeling)
    return records


def _note(fields: Fields) -> Note:
    fields.exactly("created", "text", "strength")
    return Note(
        fields.kept_day("created"),
        fields.text("text", MAX_NOTE_CHARS),
        fields.strength("strength"),
    )
