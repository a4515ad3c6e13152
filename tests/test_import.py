"""Import: an export comes into another account the same, byte for byte, under its keys."""

import datetime
import io
import json
import subprocess
import zipfile
import zoneinfo
from pathlib import Path

import hypothesis
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from letters import clock
from letters.keys import crypto
from letters.models import CheckIn, Feeling, Letter, LetterText, MarginNote
from letters.portability import export, restore
from letters.portability import format as export_format
from letters.portability.format import CUT_SHORT, DAMAGED_ZIP, WRONG_FILE
from tests.conftest import PASSWORD, import_letters, log_in, make_writer, write_letter
from tests.test_export import known_letter, time_locked_letter, unzip

REPORT_5 = "Imported 5 letters, with their dates, states, prompts, feelings and notes."
LOCKED_1 = (
    "Skipped 1 letter still sealed until a later day when exported, so the words were not in "
    "the file. Once it opens, export again from where you wrote it and import that file."
)


@pytest.fixture(autouse=True)
def utc(settings):
    settings.TIME_ZONE = "UTC"


def alices_letters(alice) -> list[Letter]:
    """One of each: archived with everything, odd text, sealed, restored, empty, time-locked."""
    archived = known_letter(alice)
    odd = write_letter(
        alice,
        body="Line one\r\nLine two  \n\n\t— ünïcödé 💌 \u200b",
        title='"Quotes" & <tags>',
        recipient="Ça va, Zoë",
        prompt_slug="urge-instead",
    )
    checkin = CheckIn(owner=alice.user, letter=odd, moment="before")
    checkin.seal_feeling(alice.user_key, Feeling((), None))
    checkin.save()
    sealed = write_letter(alice, body="sealed, nothing more")
    sealed.seal()
    restored = write_letter(alice, body="back on the desk")
    restored.archive()
    restored.restore()
    empty = Letter.start(alice.user, alice.user_key)
    locked = time_locked_letter(alice)
    return [archived, odd, sealed, restored, empty, locked]


def everything(writer) -> list[tuple]:
    """Every readable letter of the writer's, decrypted with its feelings and notes, in order."""
    rows = []
    letters = Letter.objects.owned_by(writer.user).order_by("created", "updated")
    for letter in letters.prefetch_related("checkins", "notes"):
        if letter.is_time_locked:
            continue
        text = letter.read(writer.user_key)
        rows.append(
            (
                letter.created,
                letter.updated,
                letter.status,
                letter.sealed_at,
                letter.archived_at,
                letter.opens_on,
                letter.read_prompt(writer.user_key),
                letter.word_count,
                text.body.encode(),
                text.title.encode(),
                text.recipient.encode(),
                sorted((c.moment, c.at, c.feeling(writer.user_key)) for c in letter.checkins.all()),
                [(n.created, *n.open(writer.user_key)) for n in letter.notes.all()],
            )
        )
    return rows


def exported(client: Client) -> bytes:
    response = client.post(reverse("export_letters"), {"password": PASSWORD})
    assert response["Content-Type"] == "application/zip"
    return b"".join(response.streaming_content)


def upload(client: Client, content: bytes, name: str = "unsent-letters-2026-11-24.zip"):
    return client.post(reverse("import_letters"), {"file": SimpleUploadedFile(name, content)})


def shown(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_it_shows_the_form(alice_client):
    response = alice_client.get(reverse("import_letters"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".zip,.json,application/zip,application/json"' in page


def test_an_export_comes_into_another_account_byte_for_byte(alice_client, alice, bob_client, bob):
    originals = alices_letters(alice)
    response = upload(bob_client, exported(alice_client))
    assert response.status_code == 302
    assert response.url == reverse("import_letters")
    assert shown(bob_client.get(response.url)) == [REPORT_5, LOCKED_1]
    assert everything(bob) == everything(alice)
    assert len(everything(bob)) == 5
    imported = Letter.objects.owned_by(bob.user)
    assert not set(imported.values_list("id", flat=True)) & {letter.id for letter in originals}
    assert CheckIn.objects.filter(owner=bob.user).count() == 3
    assert MarginNote.objects.filter(letter__owner=bob.user).count() == 2


def test_imported_letters_are_encrypted_under_the_importers_keys(alice, bob):
    alices_letters(alice)
    import_letters(bob.user, bob.user_key, export_of(alice))
    for letter in Letter.objects.owned_by(bob.user):
        letter.read(bob.user_key)
        with pytest.raises(crypto.DecryptionError):
            letter.read(alice.user_key)
        for checkin in letter.checkins.all():
            assert checkin.owner_id == bob.user.pk
            checkin.feeling(bob.user_key)


def export_of(writer) -> bytes:
    return b"".join(export.stream(writer.user, writer.user_key))


def test_importing_the_same_file_twice_adds_nothing(alice, bob):
    alices_letters(alice)
    archive = export_of(alice)
    import_letters(bob.user, bob.user_key, archive)
    before = everything(bob)
    report = import_letters(bob.user, bob.user_key, archive)
    assert report == restore.ImportReport(imported=0, already_here=5, still_locked=1)
    assert report.lines() == [
        "No new letters were imported.",
        "Skipped 5 letters already here: the same words, written at the same moment.",
        LOCKED_1,
    ]
    assert everything(bob) == before


def test_importing_into_the_same_account_adds_nothing(alice):
    alices_letters(alice)
    before = everything(alice)
    report = import_letters(alice.user, alice.user_key, export_of(alice))
    assert report == restore.ImportReport(imported=0, already_here=5, still_locked=1)
    assert everything(alice) == before


def test_a_draft_changed_since_its_export_comes_in_beside_it(alice):
    draft = write_letter(alice, body="first words")
    archive = export_of(alice)
    draft.revise(alice.user_key, LetterText("new words", "", ""), base_version=draft.version)
    report = import_letters(alice.user, alice.user_key, archive)
    assert report == restore.ImportReport(imported=1, already_here=0, still_locked=0)
    bodies = sorted(letter.read(alice.user_key).body for letter in Letter.objects.all())
    assert bodies == ["first words", "new words"]


def test_the_same_letter_twice_in_one_file_comes_in_once(bob):
    letter = a_letter()
    report = import_letters(bob.user, bob.user_key, a_file(letter, letter))
    assert report == restore.ImportReport(imported=1, already_here=1, still_locked=0)
    assert report.lines() == [
        "Imported 1 letter, with its dates, state, prompt, feelings and notes.",
        "Skipped 1 letter already here: the same words, written at the same moment.",
    ]


def test_letters_json_alone_can_be_imported(alice_client, alice, bob_client, bob):
    known_letter(alice)
    letters_json = unzip(exported(alice_client))["letters.json"].encode()
    response = upload(bob_client, letters_json, name="letters.json")
    assert response.status_code == 302
    assert everything(bob) == everything(alice)


def test_a_zip_made_again_from_the_unzipped_folder_can_be_imported(alice, bob):
    known_letter(alice)
    files = unzip(export_of(alice))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"unsent-letters-2026-11-24/{name}", text)
        archive.writestr("__MACOSX/unsent-letters-2026-11-24/._letters.json", "junk")
    import_letters(bob.user, bob.user_key, buffer.getvalue())
    assert everything(bob) == everything(alice)


def test_dates_in_any_time_zone_mean_the_same_moment(bob):
    letter = a_letter(created="2025-03-14T23:03:05+02:00", updated="2025-03-14T21:40:00Z")
    import_letters(bob.user, bob.user_key, a_file(letter))
    imported = Letter.objects.get(owner=bob.user)
    assert imported.created == datetime.datetime(2025, 3, 14, 21, 3, 5, tzinfo=datetime.UTC)
    assert imported.updated == datetime.datetime(2025, 3, 14, 21, 40, tzinfo=datetime.UTC)


def test_an_older_files_check_in_or_note_keeps_the_day_its_server_kept(bob, settings):
    """Format version 1 gave these days as moments: the day's start in the server's zone."""
    settings.TIME_ZONE = "America/New_York"
    # Midnight in New York (04:00 UTC in May): a file from a server set as this one.
    notes = [NOTE | {"text": "later", "created": "2025-05-02T04:00:00+00:00"}, NOTE]
    letter = a_letter(**SEALED, feelings={"before": FEELING}, notes=notes)
    import_letters(bob.user, bob.user_key, a_file(letter))
    # 21:02 UTC, a time made by hand, is 17:02 in New York: its day here.
    assert list(CheckIn.objects.values_list("at", flat=True)) == [datetime.date(2025, 3, 14)]
    kept = MarginNote.objects.filter(letter__owner=bob.user)
    assert [(n.created, n.position, n.open(bob.user_key)[0]) for n in kept] == [
        (datetime.date(2025, 5, 2), 1, "later"),
        (datetime.date(2025, 5, 2), 2, "day 47"),
    ]


@pytest.mark.parametrize(
    ("exported_in", "kept", "day"),
    [
        # Review s37 M4: each the first moment of 1 November where the file was made.
        ("Australia/Sydney", "2026-10-31T13:00:00+00:00", datetime.date(2026, 11, 1)),
        ("America/Los_Angeles", "2026-11-01T07:00:00+00:00", datetime.date(2026, 11, 1)),
        ("Asia/Kolkata", "2026-10-31T18:30:00+00:00", datetime.date(2026, 11, 1)),
        ("Pacific/Honolulu", "2026-11-01T10:00:00+00:00", datetime.date(2026, 11, 1)),
        ("Pacific/Auckland", "2026-10-31T11:00:00+00:00", datetime.date(2026, 11, 1)),
    ],
)
def test_an_older_files_day_from_a_server_in_another_zone_stays_its_day(
    bob, settings, exported_in, kept, day
):
    """A version-1 file from a server in another zone: its days come into a UTC one unmoved."""
    start = datetime.datetime.combine(day, datetime.time.min, zoneinfo.ZoneInfo(exported_in))
    assert start == datetime.datetime.fromisoformat(kept)  # the case is what that server wrote
    settings.TIME_ZONE = "UTC"
    letter = a_letter(**SEALED, notes=[NOTE | {"created": kept}])
    import_letters(bob.user, bob.user_key, a_file(letter))
    assert list(MarginNote.objects.values_list("created", flat=True)) == [day]


def test_a_files_check_in_or_note_is_kept_as_the_date_it_gives(bob, settings):
    """Format version 2 gives these days as dates, kept as given whatever the zone."""
    settings.TIME_ZONE = "Pacific/Auckland"
    notes = [NOTE | {"created": "2025-05-02"}]
    feelings = {"before": FEELING | {"at": "2025-03-14"}}
    letter = a_letter(**SEALED, feelings=feelings, notes=notes)
    import_letters(bob.user, bob.user_key, a_file(letter, version=2))
    assert list(CheckIn.objects.values_list("at", flat=True)) == [datetime.date(2025, 3, 14)]
    assert list(MarginNote.objects.values_list("created", flat=True)) == [datetime.date(2025, 5, 2)]


def test_a_day_two_dates_ahead_is_taken_as_one_made_across_the_date_line(bob):
    """Kiritimati can be two dates ahead of a writer in Pago Pago; three ahead is no day yet."""
    two_ahead = (clock.today() + datetime.timedelta(days=2)).isoformat()
    letter = a_letter(**SEALED, notes=[NOTE | {"created": two_ahead}])
    import_letters(bob.user, bob.user_key, a_file(letter, version=2))
    assert [day.isoformat() for day in MarginNote.objects.values_list("created", flat=True)] == [
        two_ahead
    ]
    three_ahead = (clock.today() + datetime.timedelta(days=3)).isoformat()
    letter = a_letter(**SEALED, notes=[NOTE | {"created": three_ahead}])
    with pytest.raises(export_format.ExportFileError):
        export_format.read_export(a_file(letter, version=2))


def test_a_letter_of_the_last_moment_a_zip_can_date_comes_in_and_goes_out_again(bob, settings):
    last = "2107-12-31T23:59:59.999999+00:00"
    # The last moment has come: no moment of a file may be still to come.
    settings.UNSENT_CLOCK_SHIFT_DAYS = (datetime.date(2108, 1, 1) - datetime.date.today()).days
    import_letters(bob.user, bob.user_key, a_file(a_letter(updated=last)))
    assert Letter.objects.get(owner=bob.user).updated == datetime.datetime.fromisoformat(last)
    files = unzip(export_of(bob))
    assert json.loads(files["letters.json"])["letters"][0]["updated"] == last


def test_an_empty_export_imports_nothing(bob):
    report = import_letters(bob.user, bob.user_key, a_file())
    assert report.lines() == ["No new letters were imported."]


# Files that are refused -------------------------------------------------------------------------


def a_letter(**changes) -> dict:
    return {
        "created": "2025-03-14T21:03:05.123456+00:00",
        "updated": "2025-03-14T21:40:00+00:00",
        "status": "draft",
        "sealed_at": None,
        "archived_at": None,
        "opens_on": None,
        "time_locked": False,
        "prompt_slug": "",
        "prompt_text": "",
        "title": "",
        "recipient": "",
        "body": "hello",
        "feelings": {},
        "notes": [],
    } | changes


def a_file(*letters, **changes) -> bytes:
    document = {
        "format": "unsent-letters",
        "version": 1,
        "exported_at": "2026-11-24T06:00:00+00:00",
        "letters": list(letters),
    } | changes
    return json.dumps(document).encode()


def zipped(**files: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


SEALED = {"status": "sealed", "sealed_at": "2025-03-15T08:00:00+00:00"}
NOTE = {"created": "2025-05-02T07:15:00+00:00", "text": "day 47", "strength": 2}
FEELING = {"at": "2025-03-14T21:02:00+00:00", "names": ["hurt"], "strength": 8}

REFUSED = [
    (b"hello there", WRONG_FILE),
    (b"PK\x03\x04 not really a zip", DAMAGED_ZIP),
    # A download that stopped early: inside a letter, between two, before the file's end, and a
    # zip without its end.
    (a_file(a_letter(body="cut")).split(b"cut")[0], CUT_SHORT),
    (a_file(a_letter(), a_letter()).rsplit(b"}, {", 1)[0] + b"}, ", CUT_SHORT),
    (a_file(a_letter())[:-1], CUT_SHORT),
    (zipped(**{"letters.json": a_file(a_letter())})[:-30], DAMAGED_ZIP),
    (zipped(**{"notes.txt": b"hi"}), WRONG_FILE),
    (zipped(**{"letters.json": a_file(), "old/letters.json": a_file()}), WRONG_FILE),
    (b"\xff\xfe not utf-8", WRONG_FILE),
    (b"[1, 2, 3]", WRONG_FILE),
    (a_file(format="something-else"), WRONG_FILE),
    (b'{"format": "unsent-letters", "version": NaN}', WRONG_FILE),
    (
        a_file(version="1"),
        "This export doesn't say its format version. Nothing was imported.",
    ),
    (
        a_file(version=3),
        "This export is in format version 3, and this Unsent reads version 2. It may come "
        "from a newer Unsent: update this one, then import the file again. Nothing was imported.",
    ),
    (
        a_file(letters={}),
        "The file has no list of letters. Nothing was imported.",
    ),
    (
        a_file(extra=1),
        "The file has a field this Unsent doesn't know: 'extra'. Nothing was imported.",
    ),
    (
        a_file(a_letter(status="shredded")),
        "Letter 1 in the file has a 'status' Unsent doesn't know: 'shredded'. Nothing was "
        "imported.",
    ),
    (
        a_file(a_letter(), a_letter(created="2025-03-14T21:03:05")),
        "Letter 2 in the file has a 'created' that isn't a date and time with a time zone, "
        "from 1980 on. Nothing was imported.",
    ),
    (
        a_file(a_letter(updated="1975-03-14T21:03:05+00:00")),
        "Letter 1 in the file has an 'updated' that isn't a date and time with a time zone, "
        "from 1980 on. Nothing was imported.",
    ),
    (
        a_file(a_letter(), a_letter(updated="2108-01-01T00:00:00+00:00")),
        "Letter 2 in the file has an 'updated' after 2107, later than an export can keep. "
        "Nothing was imported.",
    ),
    (
        a_file(a_letter(created="2107-12-31T23:30:00-01:00")),
        "Letter 1 in the file has a 'created' after 2107, later than an export can keep. "
        "Nothing was imported.",
    ),
    (
        a_file(a_letter(**SEALED, notes=[NOTE | {"created": "9999-12-31T23:59:59-05:00"}])),
        "Letter 1 in the file (a margin note) has a 'created' after 2107, later than an export "
        "can keep. Nothing was imported.",
    ),
    (
        a_file(exported_at="2200-01-01T00:00:00+00:00"),
        "The file has an 'exported_at' after 2107, later than an export can keep. Nothing was "
        "imported.",
    ),
    (
        a_file(a_letter(created="2100-01-01T00:00:00+00:00")),
        "Letter 1 in the file has a 'created' that hasn't come yet. Nothing was imported.",
    ),
    (
        a_file(a_letter(**SEALED, notes=[NOTE | {"created": "2100-01-01T00:00:00+00:00"}])),
        "Letter 1 in the file (a margin note) has a 'created' that hasn't come yet. Nothing was "
        "imported.",
    ),
    (
        a_file(a_letter(**SEALED, notes=[NOTE | {"created": "2100-01-01"}]), version=2),
        "Letter 1 in the file (a margin note) has a 'created' that hasn't come yet. Nothing was "
        "imported.",
    ),
    (
        a_file(a_letter(**SEALED, notes=[NOTE | {"created": "1970-01-01"}]), version=2),
        "Letter 1 in the file (a margin note) has a 'created' before 1980, earlier than an "
        "export can keep. Nothing was imported.",
    ),
    (
        a_file(a_letter(**SEALED, notes=[NOTE | {"created": "2025-5-2"}]), version=2),
        "Letter 1 in the file (a margin note) has a 'created' that isn't a date. Nothing was "
        "imported.",
    ),
    (
        a_file(version=0),
        "This export says it is in format version 0, which no Unsent has made. Nothing was "
        "imported.",
    ),
    (
        a_file(a_letter(**SEALED, notes=[NOTE | {"created": "2025-13-01"}]), version=2),
        "Letter 1 in the file (a margin note) has a 'created' that isn't a date. Nothing was "
        "imported.",
    ),
    (
        a_file(a_letter(**SEALED, opens_on="2207-03-01")),
        "Letter 1 in the file is sealed until a day more than ten years from now; a letter can "
        "stay sealed for ten years at most. Nothing was imported.",
    ),
    (
        a_file(a_letter(**SEALED, opens_on="soon")),
        "Letter 1 in the file has an 'opens_on' that isn't a date. Nothing was imported.",
    ),
    (
        a_file(a_letter(body="x" * 11)),
        "Letter 1 in the file has a 'body' longer than 10 characters, the most it can hold. "
        "Nothing was imported.",
    ),
    (
        a_file(a_letter(body="a\x00b")),
        "Letter 1 in the file has a NUL byte in its 'body', an invisible character Unsent "
        "can't keep. Nothing was imported.",
    ),
    (
        a_file(a_letter(title="\ud83d")),
        "Letter 1 in the file has a 'title' that isn't valid text. Nothing was imported.",
    ),
    (
        a_file(a_letter(recipient=7)),
        "Letter 1 in the file has a 'recipient' that isn't text. Nothing was imported.",
    ),
    (
        a_file({k: v for k, v in a_letter().items() if k != "body"}),
        "Letter 1 in the file has no 'body'. Nothing was imported.",
    ),
    (
        a_file(a_letter(words=3)),
        "Letter 1 in the file has a field this Unsent doesn't know: 'words'. Nothing was imported.",
    ),
    (
        a_file(a_letter(prompt_slug="not a slug!")),
        "Letter 1 in the file has a 'prompt_slug' that isn't a prompt's name. Nothing was "
        "imported.",
    ),
    (
        a_file(a_letter(time_locked="no")),
        "Letter 1 in the file doesn't say whether it is time-locked ('time_locked'). Nothing "
        "was imported.",
    ),
    (
        a_file(a_letter(sealed_at="2025-03-15T08:00:00+00:00")),
        "Letter 1 in the file is a draft with the dates of a sealed letter. Nothing was imported.",
    ),
    (
        a_file(a_letter(status="archived", sealed_at="2025-03-15T08:00:00+00:00")),
        "Letter 1 in the file has an 'archived_at' that doesn't fit its 'status'. Nothing was "
        "imported.",
    ),
    (
        a_file(a_letter(status="sealed")),
        "Letter 1 in the file is sealed but has no 'sealed_at'. Nothing was imported.",
    ),
    (
        a_file(a_letter(notes=[NOTE])),
        "Letter 1 in the file has 'notes' that aren't a list of notes beside a sealed letter. "
        "Nothing was imported.",
    ),
    (
        a_file(a_letter(**SEALED, notes=[NOTE | {"strength": 11}])),
        "Letter 1 in the file (a margin note) has a 'strength' that isn't a whole number "
        "from 0 to 10. Nothing was imported.",
    ),
    (
        a_file(a_letter(**SEALED, notes=[NOTE | {"text": "y" * 1001}])),
        "Letter 1 in the file (a margin note) has a 'text' longer than 1,000 characters, "
        "the most it can hold. Nothing was imported.",
    ),
    (
        a_file(a_letter(feelings={"during": FEELING})),
        "Letter 1 in the file has 'feelings' other than before and after writing. Nothing "
        "was imported.",
    ),
    (
        a_file(a_letter(feelings={"before": FEELING | {"names": ["joyful"]}})),
        "Letter 1 in the file (feelings before writing) names feelings Unsent doesn't know: "
        "['joyful']. Nothing was imported.",
    ),
    (
        a_file(a_letter(feelings={"before": FEELING | {"names": [{"hurt": 1}]}})),
        "Letter 1 in the file (feelings before writing) names feelings Unsent doesn't know: "
        "[{'hurt': 1}]. Nothing was imported.",
    ),
    (
        a_file(a_letter(feelings={"after": FEELING | {"strength": True}})),
        "Letter 1 in the file (feelings after writing) has a 'strength' that isn't a whole "
        "number from 0 to 10. Nothing was imported.",
    ),
    (
        a_file(a_letter(feelings={"after": "calm"})),
        "Letter 1 in the file has feelings after writing that can't be read. Nothing was imported.",
    ),
    (
        a_file(a_letter(status="sealed", time_locked=True)),
        "Letter 1 in the file is time-locked, so it can't carry words, but it has a 'body'. "
        "Nothing was imported.",
    ),
]


@pytest.mark.parametrize(("content", "message"), REFUSED)
def test_a_bad_file_is_refused_and_nothing_is_imported(bob_client, bob, settings, content, message):
    settings.UNSENT_MAX_LETTER_CHARS = 10
    response = upload(bob_client, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert Letter.objects.count() == 0


def test_a_file_over_the_limit_is_refused(bob_client, monkeypatch):
    monkeypatch.setattr(export_format, "MAX_UPLOAD_BYTES", 1024 * 1024)
    response = upload(bob_client, b" " * (1024 * 1024 + 1) + a_file(a_letter()))
    assert response.context["form"].errors["file"] == [
        "This file is larger than 1 MB, more than an export of letters should be. "
        "Nothing was imported."
    ]
    assert Letter.objects.count() == 0


def test_a_zip_that_unpacks_too_large_is_refused(bob, monkeypatch):
    monkeypatch.setattr(export_format, "MAX_JSON_BYTES", 100)
    content = zipped(**{"letters.json": a_file(a_letter())})
    with pytest.raises(export_format.ExportFileError) as refused:
        import_letters(bob.user, bob.user_key, content)
    assert str(refused.value) == (
        "The letters.json in this zip is too large to import. Nothing was imported."
    )


def test_no_file_is_refused(bob_client):
    response = bob_client.post(reverse("import_letters"))
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Please choose a file first."]


def test_a_failure_while_writing_leaves_nothing_half_imported(alice, bob, monkeypatch):
    alices_letters(alice)
    archive = export_of(alice)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(MarginNote.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        import_letters(bob.user, bob.user_key, archive)
    assert Letter.objects.owned_by(bob.user).count() == 0
    assert CheckIn.objects.filter(owner=bob.user).count() == 0


def test_a_letter_exported_locked_is_not_imported_even_after_its_day(alice, bob, settings):
    time_locked_letter(alice)
    archive = export_of(alice)
    settings.UNSENT_CLOCK_SHIFT_DAYS = 60
    report = import_letters(bob.user, bob.user_key, archive)
    assert report == restore.ImportReport(imported=0, already_here=0, still_locked=1)
    assert Letter.objects.owned_by(bob.user).count() == 0


# Who may import, and how -------------------------------------------------------------------------


def test_an_import_touches_no_one_elses_letters(alice, bob_client, bob):
    letter = write_letter(alice, body="only alice may read this")
    upload(bob_client, a_file(a_letter()))
    assert list(Letter.objects.owned_by(alice.user)) == [letter]
    assert Letter.objects.get(id=letter.id).read(alice.user_key).body == "only alice may read this"
    assert Letter.objects.owned_by(bob.user).count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_needs_a_login(db, method):
    response = getattr(Client(), method)(reverse("import_letters"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Letter.objects.count() == 0


def test_a_locked_key_asks_for_the_password_to_unlock(alice_client, settings):
    alice_client.cookies.pop(settings.UNSENT_KEY_COOKIE)
    response = alice_client.get(reverse("import_letters"))
    assert response.url == reverse("unlock") + "?next=%2Faccount%2Fimport%2F"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_it_rejects_other_methods(alice_client, method):
    assert getattr(alice_client, method)(reverse("import_letters")).status_code == 405


def test_the_account_page_links_to_both(alice_client):
    page = alice_client.get(reverse("account")).content.decode()
    assert f'href="{reverse("export_letters")}"' in page
    assert f'href="{reverse("import_letters")}"' in page


def test_the_pages_are_valid_html(alice_client, alice, tmp_path):
    vnu = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"
    if not vnu.exists():
        pytest.fail("The Nu Html Checker is missing: run `npm ci`")
    pages = {
        "export": alice_client.get(reverse("export_letters")),
        "export-refused": alice_client.post(reverse("export_letters"), {"password": "no"}),
        "import": alice_client.get(reverse("import_letters")),
        "import-refused": upload(alice_client, b"hello"),
        "import-report": alice_client.get(upload(alice_client, a_file(a_letter(), a_letter())).url),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    result = subprocess.run(
        ["java", "-jar", str(vnu), "--errors-only", "--format", "json", *tmp_path.iterdir()],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []


def test_a_fresh_writer_can_take_letters_back_again(alice, alice_client):
    """There and back: alice → carol → alice's fresh account, still the same letters."""
    alices_letters(alice)
    carol = make_writer("carol")
    import_letters(carol.user, carol.user_key, export_of(alice))
    dana = make_writer("dana")
    import_letters(dana.user, dana.user_key, export_of(carol))
    assert everything(dana) == everything(alice)
    assert log_in(Client(), dana).get(reverse("desk")).status_code == 200


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@hypothesis.settings(max_examples=200, deadline=None)
@given(field=st.sampled_from([*sorted(a_letter()), "extra"]), value=json_values)
def test_any_value_in_any_field_is_read_or_refused_never_a_crash(field, value):
    try:
        export_format.read_export(a_file(a_letter(**{field: value})))
    except export_format.ExportFileError as error:
        assert str(error).endswith("Nothing was imported.")


def test_a_file_from_a_clock_a_day_ahead_still_comes_in(bob):
    ahead = clock.now() + datetime.timedelta(hours=23)
    import_letters(bob.user, bob.user_key, a_file(a_letter(created=ahead.isoformat())))
    assert Letter.objects.get(owner=bob.user).created == ahead


def test_a_letter_sealed_until_ten_years_on_comes_in(bob):
    furthest = Letter.latest_opening(clock.today())
    import_letters(bob.user, bob.user_key, a_file(a_letter(**SEALED, opens_on=str(furthest))))
    assert Letter.objects.get(owner=bob.user).opens_on == furthest


def test_an_empty_file_is_refused_with_what_to_choose(bob_client):
    response = upload(bob_client, b"")
    assert response.context["form"].errors["file"] == [
        "This file is empty. Choose the zip file Unsent gave you, or the letters.json inside it."
    ]
