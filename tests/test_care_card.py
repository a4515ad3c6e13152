"""The card for when it gets bad: the writer's own, sealed under their key, gone with their
account, and carried by an export and back by an import."""

import datetime
import io
import json
import logging
import uuid
import zipfile

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.views.debug import ExceptionReporter

from letters.keys import crypto
from letters.models import CardText, CareCard
from letters.portability import export as exporting
from letters.portability import format as export_format
from letters.portability import restore
from tests.conftest import (
    PASSWORD,
    import_letters,
    log_in,
    make_writer,
    raw_database_bytes,
    still_in_files,
)

CARD = {
    "warning_signs": "I stop answering messages.\nI lie awake past three.",
    "what_helps": "A walk by the canal. The blue blanket.",
    "people": "Maya 07700 900123\nMum",
    "line": "Samaritans 116 123",
}


def save(client: Client, **answers: str):
    return client.post(reverse("edit_care_card"), answers)


def the_card(writer) -> CardText:
    return CareCard.objects.get(owner=writer.user).open(writer.user_key)


def test_it_offers_to_write_a_card_when_there_is_none(alice_client):
    page = alice_client.get(reverse("care_card")).content.decode()
    assert "Write your card" in page
    assert f'href="{reverse("edit_care_card")}"' in page


def test_it_keeps_the_card_and_shows_it_back(alice_client, alice):
    response = save(alice_client, **CARD)
    assert response.url == reverse("care_card")
    assert the_card(alice) == CardText(**CARD)
    page = alice_client.get(reverse("care_card")).content.decode()
    assert "<dt>People I can call</dt><dd>Maya 07700 900123\nMum</dd>" in page
    assert "Your card is saved. Only you can open it." in page
    form = alice_client.get(reverse("edit_care_card")).content.decode()
    assert "A walk by the canal. The blue blanket.</textarea>" in form


def test_a_part_left_empty_shows_as_a_dash(alice_client, alice):
    save(alice_client, line="988")
    page = alice_client.get(reverse("care_card")).content.decode()
    assert "<dt>What helps, even a little</dt><dd>—</dd>" in page
    assert the_card(alice) == CardText(line="988")


def test_saving_it_again_replaces_it(alice_client, alice):
    save(alice_client, **CARD)
    save(alice_client, what_helps="Tea.")
    assert CareCard.objects.filter(owner=alice.user).count() == 1
    assert the_card(alice) == CardText(what_helps="Tea.")


def test_saving_it_empty_keeps_nothing(alice_client, alice):
    save(alice_client, **CARD)
    response = save(alice_client, warning_signs="  ", people="")
    assert response.url == reverse("care_card")
    assert not CareCard.objects.filter(owner=alice.user).exists()


def test_a_part_too_long_is_refused_and_nothing_typed_is_lost(alice_client, alice):
    long = "a" * 2001
    response = save(alice_client, what_helps=long, people="Maya")
    assert response.status_code == 400
    page = response.content.decode()
    assert "holds up to 2000 characters and has 2001" in page
    assert f"\n{long}</textarea>" in page and "\nMaya</textarea>" in page
    assert not CareCard.objects.filter(owner=alice.user).exists()


def test_it_can_be_removed(alice_client, alice):
    save(alice_client, **CARD)
    response = alice_client.post(reverse("remove_care_card"))
    assert response.url == reverse("help")
    assert not CareCard.objects.filter(owner=alice.user).exists()


def test_removing_rejects_get(alice_client, alice):
    save(alice_client, **CARD)
    assert alice_client.get(reverse("remove_care_card")).status_code == 405
    assert CareCard.objects.filter(owner=alice.user).exists()


def test_each_writer_sees_only_their_own_card(alice_client, alice, bob_client, bob):
    save(alice_client, **CARD)
    page = bob_client.get(reverse("care_card")).content.decode()
    assert "Maya" not in page and "Write your card" in page
    assert "Maya" not in bob_client.get(reverse("edit_care_card")).content.decode()
    bob_client.post(reverse("remove_care_card"))
    assert the_card(alice) == CardText(**CARD)


@pytest.mark.parametrize("name", ["care_card", "edit_care_card", "remove_care_card"])
def test_it_needs_a_login_with_the_key_open(client, alice, name):
    method = "post" if name == "remove_care_card" else "get"
    assert getattr(client, method)(reverse(name)).url.startswith(reverse("login"))
    log_in(client, alice)
    client.cookies.pop(settings.UNSENT_KEY_COOKIE)
    assert getattr(client, method)(reverse(name)).url.startswith(reverse("unlock"))


def test_a_card_that_will_not_open_says_so_and_can_be_written_again(alice_client, alice, bob):
    CareCard.keep(alice.user, bob.user_key, CardText(people="someone"))
    page = alice_client.get(reverse("care_card")).content.decode()
    assert "Your card didn't open with your key" in page
    save(alice_client, people="Maya")
    assert the_card(alice) == CardText(people="Maya")


def test_it_is_sealed_under_the_writers_key_bound_to_them(alice, bob):
    CareCard.keep(alice.user, alice.user_key, CardText(**CARD))
    sealed = bytes(CareCard.objects.get(owner=alice.user).sealed)
    assert b"Maya" not in sealed and b"canal" not in sealed
    with pytest.raises(crypto.DecryptionError):
        CareCard(owner=alice.user, sealed=sealed).open(bob.user_key)
    # Moved to another writer's row, it no longer opens even with the right key.
    with pytest.raises(crypto.DecryptionError):
        CareCard(owner=bob.user, sealed=sealed).open(alice.user_key)


def test_deleting_the_account_takes_the_card(alice_client, alice):
    save(alice_client, **CARD)
    alice_client.post(reverse("delete_account"), {"password": PASSWORD, "confirm": "on"})
    assert not CareCard.objects.filter(owner_id=alice.user.pk).exists()


# Export and import ---------------------------------------------------------------------------


def test_the_export_carries_the_card(alice):
    CareCard.keep(
        alice.user,
        alice.user_key,
        CardText(**CARD),
        updated=datetime.date(2026, 10, 3),
    )
    with zipfile.ZipFile(io.BytesIO(b"".join(exporting.stream(alice.user, alice.user_key)))) as z:
        data = json.loads(z.read("letters.json"))
        markdown = z.read("when-it-gets-bad.md").decode()
    assert list(data) == ["format", "version", "exported_at", "card", "letters"]
    # Only the day was kept: not the hour of a bad night.
    assert data["card"] == {"updated": "2026-10-03", **CARD}
    assert markdown.startswith("# When it gets bad\n\n- Last changed: 2026-10-03\n\n")
    assert "## People I can call\n\nMaya 07700 900123\nMum\n\n## A line I can call" in markdown


def test_an_export_without_a_card_has_none(alice):
    with zipfile.ZipFile(io.BytesIO(b"".join(exporting.stream(alice.user, alice.user_key)))) as z:
        assert "card" not in json.loads(z.read("letters.json"))
        assert "when-it-gets-bad.md" not in z.namelist()


def test_an_import_brings_the_card_back_under_the_importers_key(alice, bob):
    updated = datetime.date(2026, 10, 3)
    CareCard.keep(alice.user, alice.user_key, CardText(**CARD), updated=updated)
    report = import_letters(
        bob.user, bob.user_key, b"".join(exporting.stream(alice.user, alice.user_key))
    )
    assert report.card == restore.CARD_RESTORED
    assert "Your card for when it gets bad came back too." in report.lines()
    card = CareCard.objects.get(owner=bob.user)
    assert (card.open(bob.user_key), card.updated) == (CardText(**CARD), updated)
    with pytest.raises(crypto.DecryptionError):
        card.open(alice.user_key)


def test_an_import_never_overwrites_a_card_already_here(alice, bob):
    CareCard.keep(alice.user, alice.user_key, CardText(**CARD))
    CareCard.keep(bob.user, bob.user_key, CardText(what_helps="Tea."))
    report = import_letters(
        bob.user, bob.user_key, b"".join(exporting.stream(alice.user, alice.user_key))
    )
    assert report.card == restore.CARD_KEPT_OURS
    assert report.lines()[-1].startswith("The file's card for when it gets bad was not brought in")
    assert CareCard.objects.get(owner=bob.user).open(bob.user_key) == CardText(what_helps="Tea.")


def test_importing_the_same_card_again_says_nothing_of_it(alice):
    CareCard.keep(alice.user, alice.user_key, CardText(**CARD))
    report = import_letters(
        alice.user, alice.user_key, b"".join(exporting.stream(alice.user, alice.user_key))
    )
    assert report == restore.ImportReport(imported=0, already_here=0, still_locked=0, card="")
    assert report.lines() == ["No new letters were imported."]


def a_file(**card_fields) -> bytes:
    card = {"updated": "2026-10-03T22:15:00+00:00", **CARD} | card_fields
    document = {
        "format": "unsent-letters",
        "version": 1,
        "exported_at": "2026-11-24T06:00:00+00:00",
        "card": card,
        "letters": [],
    }
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("version", "updated", "zone", "day"),
    [
        # Version 1 gave the day's start as a moment, in the exporting server's zone.
        (1, "2026-10-03T00:00:00+00:00", "UTC", datetime.date(2026, 10, 3)),
        (1, "2026-10-02T23:00:00+00:00", "Europe/Paris", datetime.date(2026, 10, 3)),
        # Version 2 gives the date, kept as it is whatever the zone.
        (2, "2026-10-03", "America/Los_Angeles", datetime.date(2026, 10, 3)),
    ],
)
def test_a_files_card_keeps_its_day(settings, version, updated, zone, day):
    settings.TIME_ZONE = zone
    document = json.loads(a_file(updated=updated)) | {"version": version}
    [card] = export_format.items_in(json.dumps(document).encode())
    assert card.updated == day


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"people": 5},
            "The card for when it gets bad in the file has a 'people' that isn't text.",
        ),
        (
            {"line": "x" * 2001},
            "The card for when it gets bad in the file has a 'line' longer than 2,000 characters",
        ),
        (
            {"phone": "1"},
            "The card for when it gets bad in the file has a field this Unsent doesn't know: "
            "'phone'.",
        ),
        (
            {"updated": "yesterday"},
            "The card for when it gets bad in the file has an 'updated' that isn't a date",
        ),
    ],
)
def test_a_wrong_card_in_a_file_is_refused_whole(bob, changes, message):
    with pytest.raises(export_format.ExportFileError) as refused:
        export_format.read_export(a_file(**changes))
    assert str(refused.value).startswith(message)
    assert str(refused.value).endswith("Nothing was imported.")
    assert not CareCard.objects.filter(owner=bob.user).exists()


def test_a_card_that_is_not_an_object_is_refused(bob):
    document = json.loads(a_file())
    document["card"] = ["not", "a", "card"]
    with pytest.raises(export_format.ExportFileError) as refused:
        export_format.read_export(json.dumps(document).encode())
    assert str(refused.value) == (
        "The card for when it gets bad in the file can't be read. Nothing was imported."
    )


# At rest, in the database's own files ------------------------------------------------------


# As tests/test_at_rest.py: committed for real, and read from the SQLite files themselves.
committed = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads the raw SQLite files; PostgreSQL has its own"
)


@committed
@sqlite_only
def test_no_word_of_the_card_reaches_the_database_files(client):
    writer = make_writer("iris")
    log_in(client, writer)
    markers = {name: f"CARDMARK-{name}-7c1e" for name in CARD}
    assert save(client, **markers).status_code == 302
    assert the_card(writer) == CardText(**markers)
    raw = raw_database_bytes()
    for marker in markers.values():
        assert marker.encode() not in raw, marker
        assert marker.encode("utf-16-le") not in raw, marker


@committed
@sqlite_only
def test_deleting_the_account_leaves_no_byte_of_the_card_in_the_files(client):
    writer = make_writer("jude")
    log_in(client, writer)
    save(client, **CARD)
    sealed = bytes(CareCard.objects.get(owner=writer.user).sealed)
    assert sealed in raw_database_bytes()
    response = client.post(
        reverse("delete_account"), {"password": writer.password, "confirm": "on"}
    )
    assert response.url == reverse("account_deleted")
    assert still_in_files([sealed]) == []


@committed
@sqlite_only
def test_removing_the_card_leaves_no_byte_of_it_in_the_files(client):
    writer = make_writer("kit")
    log_in(client, writer)
    save(client, **CARD)
    sealed = bytes(CareCard.objects.get(owner=writer.user).sealed)
    client.post(reverse("remove_care_card"))
    assert still_in_files([sealed]) == []


def test_the_cards_words_reach_no_log_and_no_error_report(alice, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    mark = f"CARDWORDS-{uuid.uuid4().hex[:10]}"
    client = log_in(Client(raise_request_exception=False), alice)
    assert save(client, people=mark, line="x" * 2001).status_code == 400

    def explode(*args, **kwargs):
        raise RuntimeError("forced failure")

    # The card fails to save, inside its view: the 500 page and the error report hold no word.
    monkeypatch.setattr(CareCard, "keep", explode)
    failed = save(client, warning_signs=mark, people=mark)
    assert failed.status_code == 500
    record = next(r for r in reversed(caplog.records) if r.exc_info)
    reporter = ExceptionReporter(record.request, *record.exc_info)
    report = reporter.get_traceback_text() + reporter.get_traceback_html()
    assert "forced failure" in report  # the report is real, and was searched
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for where, text in (("logs", logged), ("report", report), ("page", failed.content.decode())):
        assert mark not in text, where
