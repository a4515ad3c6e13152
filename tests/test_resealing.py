"""What older versions left readable is sealed on the writer's next visit (models/resealing.py),
and migration 0011 keeps only the day of urges, check-ins and margin notes."""

import datetime
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters import clock
from letters.guidance import prompts
from letters.http.middleware import RESEALED
from letters.keys import crypto
from letters.models import (
    CheckIn,
    ContactMark,
    Feeling,
    Letter,
    MarginNote,
    Profile,
    Quiet,
    QuietDate,
    resealing,
)
from tests.conftest import log_in, make_writer, write_letter

SLUG = prompts.library().in_theme("rejection")[0].slug
PADDED_SHORT = crypto.HEADER_SIZE + crypto.SHORT_TEXT + crypto.TAG_SIZE


def as_before(writer, *, title: str = "An old title") -> Letter:
    """The writer's rows as versions before 0011 stored them: a letter from a prompt in clear,
    with its title, check-in and note sealed at their exact length, a quiet date and two days
    of contact in clear, a usual "Dear" name sealed at its length."""
    letter = write_letter(writer, body="written long ago", title=title)
    key, owner = letter.key(writer.user_key), writer.user.pk
    letter.seal()
    Letter.objects.filter(id=letter.id).update(
        prompt=None,
        prompt_tag=None,
        prompt_slug=SLUG,
        title=crypto.encrypt_text(key, title, Letter.aad("title", owner, letter.id)),
    )
    checkin = CheckIn(owner=writer.user, letter=letter, moment="before")
    checkin.sealed = crypto.encrypt_text(
        writer.user_key,
        json.dumps({"names": ["hurt"], "strength": 6}),
        crypto.associated_data("checkin", owner, checkin.id),
    )
    checkin.save()
    note = MarginNote(letter=letter, position=1)
    note.sealed = crypto.encrypt_text(
        key,
        json.dumps({"text": "OLDNOTE day 9", "strength": None}),
        crypto.associated_data("letter.note", owner, note.id),
    )
    note.save()
    today = clock.today()
    quiet = QuietDate(owner=writer.user, month=today.month, day=today.day)
    quiet.label = crypto.encrypt_text(
        writer.user_key, "OLDLABEL", crypto.associated_data("quiet_date.label", owner, quiet.id)
    )
    quiet.save()
    for days_ago, is_reset, note_text in ((40, False, ""), (12, True, "OLDCONTACTNOTE")):
        mark = ContactMark(owner=writer.user, is_reset=is_reset, created=clock.now())
        mark.on = today - datetime.timedelta(days=days_ago)
        if note_text:
            aad = crypto.associated_data("contact.note", owner, mark.id)
            mark.note = crypto.encrypt_text(writer.user_key, note_text, aad)
        mark.save()
    profile = Profile.objects.get(user=writer.user)
    profile.default_recipient = crypto.encrypt_text(
        writer.user_key, "Sam", crypto.associated_data("profile.recipient", owner, owner)
    )
    profile.sealed_as = 1
    profile.save()
    return letter


def assert_sealed_as_now(writer, letter: Letter) -> None:
    letter = Letter.objects.get(id=letter.id)
    assert (letter.prompt_slug, letter.read_prompt(writer.user_key)) == ("", SLUG)
    assert bytes(letter.prompt_tag) == Letter.prompt_tagger(writer.user_key)(SLUG)
    assert letter.read(writer.user_key).title == "An old title"
    assert len(letter.title) == len(letter.recipient) == PADDED_SHORT
    [note] = MarginNote.objects.filter(letter=letter)
    assert note.open(writer.user_key) == ("OLDNOTE day 9", None)
    assert note.sealed[0] == crypto.PADDED_VERSION
    [checkin] = CheckIn.objects.filter(letter=letter)
    assert checkin.feeling(writer.user_key) == Feeling(("hurt",), 6)
    assert checkin.sealed[0] == crypto.PADDED_VERSION
    today = clock.today()
    [quiet] = QuietDate.objects.filter(owner=writer.user)
    assert (quiet.month, quiet.day, quiet.label) == (None, None, None)
    assert quiet.open(writer.user_key) == Quiet(today.month, today.day, "OLDLABEL")
    marks = ContactMark.objects.filter(owner=writer.user)
    assert {(m.on, m.is_reset, m.created, m.note) for m in marks} == {(None, None, None, None)}
    history, unreadable = marks.opened(writer.user_key)
    assert [(c.on, c.is_reset, c.note) for c in history] == [
        (today - datetime.timedelta(days=12), True, "OLDCONTACTNOTE"),
        (today - datetime.timedelta(days=40), False, ""),
    ]
    assert unreadable == 0
    profile = Profile.objects.get(user=writer.user)
    assert profile.sealed_as == 2
    assert profile.contact_since(writer.user_key) == today - datetime.timedelta(days=12)
    assert profile.read_default_recipient(writer.user_key) == "Sam"
    assert len(profile.default_recipient) == PADDED_SHORT


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the raw SQLite files")
def test_a_writers_older_rows_are_sealed_at_their_next_login(client):
    from tests.test_at_rest import still_in_files

    writer = make_writer("olive")
    letter = as_before(writer)
    log_in(client, writer)
    assert_sealed_as_now(writer, letter)
    # Every feature reads the sealed rows: the quiet day, the count, the theme filter.
    desk = client.get(reverse("desk")).content.decode()
    assert "A day to go gently" in desk
    assert "<strong>12</strong> days without contact" in desk
    letter.archive()
    archive = client.get(reverse("archive") + "?theme=rejection").content.decode()
    assert "An old title" in archive
    # Nothing of what was in clear is left in the files, not even in the write-ahead log, once
    # the erasure has had its window (as after a shred).
    day_of_contact = (clock.today() - datetime.timedelta(days=12)).isoformat()
    assert still_in_files([SLUG.encode(), day_of_contact.encode()]) == []


def test_a_login_that_began_before_the_upgrade_is_sealed_on_its_next_request(client, alice):
    log_in(client, alice)
    letter = as_before(alice)
    session = client.session
    del session[RESEALED]
    session.save()
    desk = client.get(reverse("desk")).content.decode()
    assert "A day to go gently" in desk
    assert_sealed_as_now(alice, letter)
    assert client.session[RESEALED] is True


def test_an_unlock_seals_too(client, alice, settings):
    log_in(client, alice)
    letter = as_before(alice)
    session = client.session
    del session[RESEALED]
    session.save()
    client.cookies.pop(settings.UNSENT_KEY_COOKIE)  # the key cookie is gone: unlock again
    response = client.post(reverse("unlock"), {"password": alice.password, "next": "/desk/"})
    assert response.status_code == 302
    assert_sealed_as_now(alice, letter)


def test_a_login_asks_once_and_a_writer_is_sealed_once(client, alice):
    log_in(client, alice)
    as_before(alice)
    # This login has asked already: its next requests do not look again.
    client.get(reverse("desk"))
    assert Profile.objects.get(user=alice.user).sealed_as == 1
    resealing.reseal_older_rows(alice.user, alice.user_key)
    with CaptureQueriesContext(connection) as done_already:
        resealing.reseal_older_rows(alice.user, alice.user_key)
    assert len(done_already.captured_queries) == 1


def test_a_new_writer_has_nothing_to_seal(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "pia",
            "password1": "a-long-quiet-river",
            "password2": "a-long-quiet-river",
            "understood": "on",
        },
    )
    assert response.status_code == 302
    assert Profile.objects.get(user__username="pia").sealed_as == 2


def test_a_letter_sealed_as_now_keeps_its_prompt(alice):
    kept = as_before(alice)
    newer = write_letter(alice, body="from a prompt, sealed as now", prompt_slug="anger")
    resealing.reseal_older_rows(alice.user, alice.user_key)
    assert_sealed_as_now(alice, kept)
    assert Letter.objects.get(id=newer.id).read_prompt(alice.user_key) == "anger"


def test_a_row_that_does_not_open_is_left_and_the_rest_are_sealed(alice):
    kept = as_before(alice)
    broken = write_letter(alice, body="its key is gone")
    Letter.objects.filter(id=broken.id).update(
        prompt_slug="anger", wrapped_key=bytes(crypto.EMPTY_SIZE + crypto.KEY_SIZE)
    )
    resealing.reseal_older_rows(alice.user, alice.user_key)
    assert_sealed_as_now(alice, kept)
    assert Letter.objects.get(id=broken.id).prompt_slug == "anger"


def test_more_letters_than_a_batch_are_all_sealed(alice, monkeypatch):
    monkeypatch.setattr(resealing, "BATCH", 2)
    letters = [write_letter(alice, body=f"letter {n}", prompt_slug=SLUG) for n in range(5)]
    Letter.objects.filter(owner=alice.user).update(prompt=None, prompt_tag=None, prompt_slug=SLUG)
    Profile.objects.filter(user=alice.user).update(sealed_as=1)
    resealing.reseal_older_rows(alice.user, alice.user_key)
    stored = Letter.objects.filter(id__in=[letter.id for letter in letters])
    assert [(s.prompt_slug, s.read_prompt(alice.user_key)) for s in stored] == [("", SLUG)] * 5


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_only_days_and_the_order_of_notes(settings):
    from axes.models import AccessLog

    settings.TIME_ZONE = "UTC"
    before, after = (
        ("letters", "0010_letter_search_chunks_index"),
        ("letters", "0011_sealed_at_rest"),
    )
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    user = old.get_model("auth", "User").objects.create(username="quinn")
    old.get_model("letters", "Profile").objects.create(user=user, kdf_params="x")
    letter = old.get_model("letters", "Letter").objects.create(owner=user, wrapped_key=b"k")
    at = datetime.datetime(2026, 3, 4, 14, 3, 7, tzinfo=datetime.UTC)
    old.get_model("letters", "UrgeMoment").objects.create(owner=user, at=at)
    old.get_model("letters", "CheckIn").objects.create(
        owner=user, letter=letter, moment="before", at=at, sealed=b"s"
    )
    note = old.get_model("letters", "MarginNote")
    for hour, text in ((22, b"second"), (8, b"first")):
        note.objects.create(letter=letter, created=at.replace(hour=hour), sealed=text)
    AccessLog.objects.create(username="quinn", ip_address="198.51.100.7", user_agent="x")

    executor = MigrationExecutor(connection)
    executor.migrate([after])
    # The models as they stood after it: later migrations add columns the tables lack here.
    new = executor.loader.project_state([after]).apps
    day = datetime.datetime(2026, 3, 4, tzinfo=datetime.UTC)
    assert list(new.get_model("letters", "UrgeMoment").objects.values_list("at", flat=True)) == [
        day
    ]
    assert list(new.get_model("letters", "CheckIn").objects.values_list("at", flat=True)) == [day]
    notes = new.get_model("letters", "MarginNote").objects.filter(letter_id=letter.id)
    assert [(n.created, n.position, bytes(n.sealed)) for n in notes.order_by("position")] == [
        (day, 1, b"first"),
        (day, 2, b"second"),
    ]
    assert AccessLog.objects.count() == 0
    # A writer already here is sealed as before until their next visit; a new one as now.
    assert new.get_model("letters", "Profile").objects.get(user_id=user.pk).sealed_as == 1
    assert Profile._meta.get_field("sealed_as").default == 2
    # On to the latest schema, for the tests that come after.
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
