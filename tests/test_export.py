"""Export: the password again, then every letter as one zip of Markdown files and letters.json."""

import datetime
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from letters import clock
from letters.guidance import prompts
from letters.models import CheckIn, Feeling, Letter, MarginNote
from letters.portability import export as exporting
from tests.conftest import PASSWORD, log_in, write_letter

UTC = datetime.UTC
SLUG = "rejection-where-it-hurts"
CREATED = datetime.datetime(2025, 3, 14, 21, 3, 5, 123456, tzinfo=UTC)
UPDATED = datetime.datetime(2025, 3, 14, 21, 40, tzinfo=UTC)
SEALED = datetime.datetime(2025, 3, 15, 8, 0, tzinfo=UTC)
ARCHIVED = datetime.datetime(2025, 4, 1, 9, 30, tzinfo=UTC)
# Check-ins and notes keep only their day, as the app stores them.
BEFORE_AT = AFTER_AT = datetime.date(2025, 3, 14)
NOTE_AT = datetime.date(2025, 5, 2)
LATER_NOTE_AT = datetime.date(2025, 6, 1)
BODY = "I still think of you.\n\nEvery morning, before the kettle."


@pytest.fixture(autouse=True)
def utc(settings):
    settings.TIME_ZONE = "UTC"


def known_letter(writer) -> Letter:
    """An archived letter with a prompt, feelings before and after and two margin notes."""
    letter = write_letter(writer, body=BODY, title="March", recipient="Sam", prompt_slug=SLUG)
    letter.archive()
    # Fixed dates, so the export can be compared exactly; this is test set-up, not the app.
    Letter.objects.filter(id=letter.id).update(
        created=CREATED,
        updated=UPDATED,
        sealed_at=SEALED,
        archived_at=ARCHIVED,
        opens_on=datetime.date(2025, 3, 20),
    )
    letter = Letter.objects.get(id=letter.id)
    for moment, at, feeling in (
        ("before", BEFORE_AT, Feeling(("hurt", "missing"), 8)),
        ("after", AFTER_AT, Feeling((), 3)),
    ):
        checkin = CheckIn(owner=writer.user, letter=letter, moment=moment, at=at)
        checkin.seal_feeling(writer.user_key, feeling)
        checkin.save()
    for at, text, strength in (
        (NOTE_AT, "reading this on day 47\nlighter now", 2),
        (LATER_NOTE_AT, "still here", None),
    ):
        note = MarginNote.after_the_others(letter)
        note.created = at
        note.seal_text(writer.user_key, text, strength)
        note.save()
    return letter


def time_locked_letter(writer) -> Letter:
    letter = write_letter(writer, body="words for later", title="Later", recipient="Robin")
    checkin = CheckIn(owner=writer.user, letter=letter, moment="before")
    checkin.seal_feeling(writer.user_key, Feeling(("numb",), 6))
    checkin.save()
    letter.seal(clock.today() + datetime.timedelta(days=30))
    return letter


def export(client: Client, password: str = PASSWORD):
    return client.post(reverse("export_letters"), {"password": password})


def zipped(response) -> bytes:
    """The zip as the browser receives it: a stream of pieces."""
    assert response.streaming
    return b"".join(response.streaming_content)


def unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_it_asks_for_the_password_first(alice_client):
    response = alice_client.get(reverse("export_letters"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Take your letters with you" in page
    assert 'autocomplete="current-password"' in page


def test_it_downloads_a_zip_to_this_browser_only(alice_client, alice):
    write_letter(alice)
    response = export(alice_client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    name = f"letters-{clock.today().isoformat()}.zip"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert "no-store" in response["Cache-Control"].split(", ")
    assert zipfile.ZipFile(io.BytesIO(zipped(response))).testzip() is None


def test_the_zip_holds_one_markdown_file_per_letter_and_the_json(alice_client, alice):
    archived = known_letter(alice)
    draft = write_letter(alice, body="a draft")
    files = unzip(zipped(export(alice_client)))
    today = clock.today().isoformat()
    assert sorted(files) == sorted(
        [
            f"2025-03-14-archived-{archived.id.hex[:8]}.md",
            f"{today}-draft-{draft.id.hex[:8]}.md",
            "letters.json",
        ]
    )


def test_the_markdown_of_a_letter_is_exact(alice_client, alice):
    letter = known_letter(alice)
    files = unzip(zipped(export(alice_client)))
    prompt = prompts.get(SLUG).text
    assert files[f"2025-03-14-archived-{letter.id.hex[:8]}.md"] == (
        "- Written: 2025-03-14 21:03 UTC\n"
        "- Last changed: 2025-03-14 21:40 UTC\n"
        "- State: Archived\n"
        "- Sealed: 2025-03-15 08:00 UTC\n"
        "- Archived: 2025-04-01 09:30 UTC\n"
        "- Opens on: 2025-03-20\n"
        f"- Prompt: “{prompt}” ({SLUG})\n"
        "- Feelings before writing: Hurt, Missing them (8 out of 10)\n"
        "- Feelings after writing: 3 out of 10\n"
        "- Notes in the margin:\n"
        "  - 2025-05-02 (2 out of 10): reading this on day 47\n"
        "    lighter now\n"
        "  - 2025-06-01: still here\n"
        "\n"
        "---\n"
        "\n"
        "# March\n"
        "\n"
        "Dear Sam,\n"
        "\n"
        "I still think of you.\n"
        "\n"
        "Every morning, before the kettle.\n"
    )


def test_a_plain_draft_has_a_short_header(alice_client, alice):
    draft = write_letter(alice, body="just this")
    Letter.objects.filter(id=draft.id).update(created=CREATED, updated=UPDATED)
    files = unzip(zipped(export(alice_client)))
    assert files[f"2025-03-14-draft-{draft.id.hex[:8]}.md"] == (
        "- Written: 2025-03-14 21:03 UTC\n"
        "- Last changed: 2025-03-14 21:40 UTC\n"
        "- State: Draft\n"
        "\n---\n\n# Untitled\n\njust this\n"
    )


def test_the_json_of_a_letter_is_exact(alice_client, alice):
    known_letter(alice)
    data = json.loads(unzip(zipped(export(alice_client)))["letters.json"])
    exported_at = datetime.datetime.fromisoformat(data.pop("exported_at"))
    assert abs(exported_at - clock.now()) < datetime.timedelta(minutes=1)
    assert data == {
        "format": "unsent-letters",
        "version": 2,
        "letters": [
            {
                "created": "2025-03-14T21:03:05.123456+00:00",
                "updated": "2025-03-14T21:40:00+00:00",
                "status": "archived",
                "sealed_at": "2025-03-15T08:00:00+00:00",
                "archived_at": "2025-04-01T09:30:00+00:00",
                "opens_on": "2025-03-20",
                "time_locked": False,
                "prompt_slug": SLUG,
                "prompt_text": prompts.get(SLUG).text,
                "title": "March",
                "recipient": "Sam",
                "body": BODY,
                "feelings": {
                    "before": {
                        "at": "2025-03-14",
                        "names": ["hurt", "missing"],
                        "strength": 8,
                    },
                    "after": {"at": "2025-03-14", "names": [], "strength": 3},
                },
                "notes": [
                    {
                        "created": "2025-05-02",
                        "text": "reading this on day 47\nlighter now",
                        "strength": 2,
                    },
                    {
                        "created": "2025-06-01",
                        "text": "still here",
                        "strength": None,
                    },
                ],
            }
        ],
    }


def test_a_time_locked_letter_keeps_its_words_locked(alice_client, alice):
    letter = time_locked_letter(alice)
    opens_on = letter.opens_on
    files = unzip(zipped(export(alice_client)))
    name = f"{clock.today().isoformat()}-sealed-{letter.id.hex[:8]}.md"
    assert sorted(files) == sorted([name, "letters.json"])
    letter.refresh_from_db()
    assert files[name] == (
        f"- Written: {letter.created:%Y-%m-%d %H:%M} UTC\n"
        f"- Last changed: {letter.updated:%Y-%m-%d %H:%M} UTC\n"
        "- State: Sealed\n"
        f"- Sealed: {letter.sealed_at:%Y-%m-%d %H:%M} UTC\n"
        f"- Opens on: {opens_on.isoformat()}\n"
        "\n---\n\n"
        f"Sealed until {opens_on.day} {opens_on:%B %Y}. You chose to let this letter wait, so "
        "its words stay locked and are not in this export. Once it opens, export again to take "
        "them with you.\n"
    )
    assert json.loads(files["letters.json"])["letters"] == [
        {
            "created": letter.created.isoformat(),
            "updated": letter.updated.isoformat(),
            "status": "sealed",
            "sealed_at": letter.sealed_at.isoformat(),
            "archived_at": None,
            "opens_on": opens_on.isoformat(),
            "time_locked": True,
        }
    ]
    everything = "".join(files.values())
    for secret in ("words for later", "Later", "Robin", "numb", "Numb"):
        assert secret not in everything


def test_a_letter_opens_in_the_export_once_its_day_has_come(alice_client, alice, settings):
    letter = time_locked_letter(alice)
    settings.UNSENT_CLOCK_SHIFT_DAYS = 31
    alice_client = log_in(Client(), alice)
    data = json.loads(unzip(zipped(export(alice_client)))["letters.json"])
    assert data["letters"][0]["body"] == "words for later"
    assert data["letters"][0]["feelings"]["before"]["names"] == ["numb"]
    assert Letter.objects.get(id=letter.id).status == "sealed"


def test_a_wrong_password_downloads_nothing(alice_client, alice):
    write_letter(alice, body="not for a thief")
    response = export(alice_client, password="not my password")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "That password doesn&#x27;t match. Please try again." in page
    assert "not for a thief" not in page


def test_an_empty_password_downloads_nothing(alice_client):
    response = alice_client.post(reverse("export_letters"), {})
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert (
        "Please fill in “Your password”: it can&#x27;t be left empty." in response.content.decode()
    )


def test_the_password_is_kept_out_of_error_reports(alice_client):
    response = export(alice_client)
    assert response.wsgi_request.sensitive_post_parameters == ("password",)


def test_a_stranger_exports_only_their_own_letters(bob_client, alice, bob):
    write_letter(alice, body="only alice may read this", title="private")
    files = unzip(zipped(export(bob_client)))
    assert sorted(files) == ["letters.json"]
    assert json.loads(files["letters.json"])["letters"] == []
    assert "only alice" not in files["letters.json"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_needs_a_login(db, method):
    response = getattr(Client(), method)(reverse("export_letters"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_locked_key_asks_for_the_password_to_unlock(alice_client, settings):
    alice_client.cookies.pop(settings.UNSENT_KEY_COOKIE)
    response = alice_client.get(reverse("export_letters"))
    assert response.url == reverse("unlock") + "?next=%2Faccount%2Fexport%2F"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_it_rejects_other_methods(alice_client, method):
    assert getattr(alice_client, method)(reverse("export_letters")).status_code == 405


def test_a_letter_that_does_not_open_stops_the_export(alice_client, alice):
    letter = write_letter(alice, body="fine")
    Letter.objects.filter(id=letter.id).update(body=b"\x01" + bytes(40))
    response = export(alice_client)
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "One of your letters did not open, so no export was made." in response.content.decode()


def test_the_export_costs_the_same_queries_for_2_or_12_letters(alice):
    for count in (2, 12):
        for _ in range(count // 2):
            known_letter(alice)
        with CaptureQueriesContext(connection) as queries:
            exporting.check_all_open(alice.user, alice.user_key)
            b"".join(exporting.stream(alice.user, alice.user_key))
        # Three passes (open each letter, the Markdown files, letters.json), each looking for the
        # end of a first chunk, then reading the letters, their feelings and their notes; the
        # card, when opening and when writing.
        assert len(queries) == 14, count


def test_a_large_account_is_read_a_chunk_at_a_time_and_streams(alice):
    letters = [write_letter(alice, body=f"letter {n}") for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        pieces = list(exporting.stream(alice.user, alice.user_key, chunk=2))
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "letters_letter"')]
    ends = [sql for sql in reads if '"body"' not in sql]
    rows = [sql for sql in reads if '"body"' in sql]
    # For the Markdown files and for letters.json: the end of 2 letters and those 2, twice,
    # then no end found and the last letter, each read by a query of its own.
    assert len(ends) == len(rows) == 6
    assert all(sql.endswith("LIMIT 1 OFFSET 1") for sql in ends)
    # Each chunk's rows lie between the end of the chunk before and its own end.
    bounds = [('"created" >' in sql, '"created" <' in sql) for sql in rows]
    assert bounds == [(False, True), (True, True), (True, False)] * 2
    assert len([piece for piece in pieces if piece]) > 5  # sent as it is written, not at the end
    files = unzip(b"".join(pieces))
    data = json.loads(files.pop("letters.json"))
    assert [entry["body"] for entry in data["letters"]] == [f"letter {n}" for n in range(5)]
    assert len(files) == len(letters)


@pytest.mark.parametrize(
    ("updated", "zip_date"),
    [
        (datetime.datetime(2108, 3, 1, 12, 0, tzinfo=UTC), (2107, 12, 31, 23, 59, 58)),
        (datetime.datetime(8999, 1, 1, 0, 0, tzinfo=UTC), (2107, 12, 31, 23, 59, 58)),
        (datetime.datetime(1975, 6, 1, 12, 0, tzinfo=UTC), (1980, 1, 1, 0, 0, 0)),
        (datetime.datetime(2025, 3, 14, 21, 40, 6, tzinfo=UTC), (2025, 3, 14, 21, 40, 6)),
    ],
)
def test_a_letter_dated_where_a_zip_cannot_date_a_file_still_exports(
    alice_client, alice, updated, zip_date
):
    """An older Unsent imported any year up to 8999; a zip dates files from 1980 to 2107."""
    letter = write_letter(alice, body="still mine")
    Letter.objects.filter(id=letter.id).update(created=CREATED, updated=updated)
    response = export(alice_client)
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(zipped(response))) as archive:
        info = archive.getinfo(f"2025-03-14-draft-{letter.id.hex[:8]}.md")
        assert info.date_time == zip_date
        assert (
            json.loads(archive.read("letters.json"))["letters"][0]["updated"] == updated.isoformat()
        )


def test_the_page_says_the_card_goes_with_the_letters_and_what_stays(alice_client):
    page = alice_client.get(reverse("export_letters")).content.decode()
    assert "Your card for when it gets bad goes with them, if you made one;" in page
    assert "your days without contact, quiet dates and settings stay here." in page
    assert "your letters and your card are no longer encrypted in that file" in page


def test_the_markdown_is_in_the_writers_time_zone_though_it_streams_after_the_view(
    alice_client, alice
):
    """The zip is written after the view has returned (a streaming response): the writer's
    zone is named to it, as their language is."""
    known_letter(alice)  # written 21:03 UTC on 14 March 2025: 08:03 on the 15th in Sydney
    alice_client.cookies["zone"] = "Australia/Sydney"
    response = export(alice_client)
    timezone.deactivate()  # as once another request, or none, has the thread
    files = unzip(zipped(response))
    [name] = [name for name in files if name.endswith(".md") and name != "when-it-gets-bad.md"]
    assert name.startswith("2025-03-15-archived-")
    assert "- Written: 2025-03-15 08:03 AEDT\n" in files[name]
