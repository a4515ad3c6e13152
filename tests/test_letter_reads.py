"""What a letter's own pages read: the writer's letter, its margin notes, the check-in."""

import datetime
import uuid

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from letters.http.access import get_letter
from letters.models import CheckIn, Feeling, Letter, MarginNote, Profile
from tests.conftest import write_letter


def request_of(writer):
    request = RequestFactory().get("/")
    request.user = writer.user
    return request


def test_a_writer_gets_their_own_letter_whole(alice):
    letter = write_letter(alice, body="all of it", title="Mine")
    found = get_letter(request_of(alice), letter.id)
    stored = Letter.objects.get(id=letter.id)
    assert found.id == letter.id and found.owner_id == alice.user.pk
    assert found.created == stored.created and found.version == stored.version
    assert found.read(alice.user_key).title == "Mine"
    assert found.read(alice.user_key).body == "all of it"


def test_a_letter_is_nobody_elses(alice, bob):
    letter = write_letter(alice, body="alice's")
    with pytest.raises(Http404):
        get_letter(request_of(bob), letter.id)
    with pytest.raises(Http404):
        get_letter(request_of(alice), uuid.uuid4())


def test_margin_notes_come_oldest_first_and_open_with_their_letters_key(alice):
    letter = write_letter(alice, body="a sealed one")
    letter.seal()
    now = timezone.now()
    for text, days_ago in (("later", 1), ("first", 3)):
        note = MarginNote(letter=letter, created=now - datetime.timedelta(days=days_ago))
        note.seal_text(alice.user_key, text, None)
        note.save()
    other = write_letter(alice, body="another")
    note = MarginNote(letter=other)
    note.seal_text(alice.user_key, "not this letter's", 4)
    note.save()
    found = Letter.objects.get(id=letter.id).notes.all()
    assert [n.open(alice.user_key) for n in found] == [("first", None), ("later", None)]


def test_the_check_in_is_offered_until_there_is_one_or_it_is_turned_off(alice):
    letter = write_letter(alice, body="starting")
    assert Profile.objects.get(user=alice.user).asks_check_in(letter, "before") is True
    after = CheckIn(owner=alice.user, letter=letter, moment="after")
    after.seal_feeling(alice.user_key, Feeling(("calm",), 3))
    after.save()
    assert (
        Profile.objects.get(user=alice.user).asks_check_in(letter, "before") is True
    )  # only "before" counts
    before = CheckIn(owner=alice.user, letter=letter, moment="before")
    before.seal_feeling(alice.user_key, Feeling(("hurt",), 7))
    before.save()
    assert Profile.objects.get(user=alice.user).asks_check_in(letter, "before") is False
    fresh = write_letter(alice, body="another")
    assert (
        Profile.objects.get(user=alice.user).asks_check_in(fresh, "before") is True
    )  # each letter its own
    Profile.objects.filter(user=alice.user).update(asks_feelings=False)
    assert Profile.objects.get(user=alice.user).asks_check_in(fresh, "before") is False
