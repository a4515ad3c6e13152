"""The letter pages' hand-written SQL (letters/letter_reads.py) gives what the ORM has,
on SQLite and PostgreSQL (bin/test runs the suite on both)."""

import datetime
import uuid

from django.utils import timezone

from letters import letter_reads
from letters.feelings import CheckIn, Feeling, MarginNote
from letters.models import Letter, Profile
from tests.conftest import write_letter


def test_a_writer_gets_their_own_letter_whole(alice):
    letter = write_letter(alice, body="all of it", title="Mine")
    found = letter_reads.owned_letter(alice.user.pk, letter.id)
    stored = Letter.objects.get(id=letter.id)
    assert found.id == letter.id and found.owner_id == alice.user.pk
    assert found.created == stored.created and found.version == stored.version
    assert found.read(alice.user_key).title == "Mine"
    assert found.read(alice.user_key).body == "all of it"


def test_a_letter_is_nobody_elses(alice, bob):
    letter = write_letter(alice, body="alice's")
    assert letter_reads.owned_letter(bob.user.pk, letter.id) is None
    assert letter_reads.owned_letter(alice.user.pk, uuid.uuid4()) is None


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
    found = letter_reads.margin_notes(Letter.objects.get(id=letter.id))
    assert [n.open(alice.user_key) for n in found] == [("first", None), ("later", None)]


def test_the_check_in_is_offered_until_there_is_one_or_it_is_turned_off(alice):
    letter = write_letter(alice, body="starting")
    assert letter_reads.asks_before(alice.user.pk, letter) is True
    after = CheckIn(owner=alice.user, letter=letter, moment="after")
    after.seal_feeling(alice.user_key, Feeling(("calm",), 3))
    after.save()
    assert letter_reads.asks_before(alice.user.pk, letter) is True  # only "before" counts
    before = CheckIn(owner=alice.user, letter=letter, moment="before")
    before.seal_feeling(alice.user_key, Feeling(("hurt",), 7))
    before.save()
    assert letter_reads.asks_before(alice.user.pk, letter) is False
    fresh = write_letter(alice, body="another")
    assert letter_reads.asks_before(alice.user.pk, fresh) is True  # each letter its own
    Profile.objects.filter(user=alice.user).update(asks_feelings=False)
    assert letter_reads.asks_before(alice.user.pk, fresh) is False
