"""The letter's lifecycle: draft → sealed → archived ⇄ sealed, and shredded from anywhere."""

import datetime

import pytest

from letters import clock
from letters.models import Letter, LetterText, LifecycleError, Shred, StaleDraft
from tests.conftest import write_letter

Status = Letter.Status


def text(body="new words"):
    return LetterText(body=body, title="", recipient="")


def test_it_seals_a_draft(alice):
    letter = write_letter(alice)
    letter.seal()
    letter.refresh_from_db()
    assert letter.status == Status.SEALED
    assert letter.sealed_at is not None
    assert letter.opens_on is None


def test_it_seals_until_a_future_date(alice):
    letter = write_letter(alice)
    opens_on = clock.today() + datetime.timedelta(days=30)
    letter.seal(opens_on)
    letter.refresh_from_db()
    assert letter.opens_on == opens_on
    assert letter.is_time_locked is True


@pytest.mark.parametrize("days", [0, -1])
def test_it_refuses_an_opening_date_that_is_not_in_the_future(alice, days):
    letter = write_letter(alice)
    with pytest.raises(LifecycleError, match="after today"):
        letter.seal(clock.today() + datetime.timedelta(days=days))
    letter.refresh_from_db()
    assert letter.status == Status.DRAFT


def test_it_refuses_to_seal_twice(alice):
    letter = write_letter(alice)
    letter.seal()
    with pytest.raises(LifecycleError, match="already sealed"):
        letter.seal()


def test_a_sealed_letter_refuses_edits(alice):
    letter = write_letter(alice, body="as it was")
    letter.seal()
    with pytest.raises(LifecycleError, match="can't be changed"):
        letter.revise(alice.user_key, text(), letter.version)
    assert Letter.objects.get(id=letter.id).read(alice.user_key).body == "as it was"


def test_archiving_a_draft_seals_it_first(alice):
    letter = write_letter(alice)
    letter.archive()
    letter.refresh_from_db()
    assert letter.status == Status.ARCHIVED
    assert letter.sealed_at is not None and letter.archived_at is not None


def test_it_archives_a_sealed_letter_and_restores_it(alice):
    letter = write_letter(alice)
    letter.seal()
    letter.archive()
    letter.restore()
    letter.refresh_from_db()
    assert letter.status == Status.SEALED
    assert letter.archived_at is None


def test_it_refuses_to_archive_twice(alice):
    letter = write_letter(alice)
    letter.archive()
    with pytest.raises(LifecycleError, match="already in the archive"):
        letter.archive()


@pytest.mark.parametrize("seal", [False, True])
def test_it_refuses_to_restore_what_is_not_archived(alice, seal):
    letter = write_letter(alice)
    if seal:
        letter.seal()
    with pytest.raises(LifecycleError, match="Only a letter in the archive"):
        letter.restore()


@pytest.mark.parametrize("state", ["draft", "sealed", "archived", "time-locked"])
def test_it_shreds_from_any_state(alice, state):
    letter = write_letter(alice)
    if state == "sealed":
        letter.seal()
    elif state == "archived":
        letter.archive()
    elif state == "time-locked":
        letter.seal(clock.today() + datetime.timedelta(days=3))
    shred = letter.shred()
    assert not Letter.objects.filter(id=letter.id).exists()
    assert list(Shred.objects.filter(owner=alice.user).values_list("shredded_on", flat=True)) == [
        clock.today()
    ]
    assert shred.shredded_on == clock.today()


def test_a_time_locked_letter_opens_on_its_day(alice, settings):
    letter = write_letter(alice)
    letter.seal(clock.today() + datetime.timedelta(days=2))
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    assert letter.is_time_locked is True
    settings.UNSENT_CLOCK_SHIFT_DAYS = 2
    assert letter.is_time_locked is False


def test_a_revision_based_on_an_old_version_is_stale(alice):
    letter = write_letter(alice, body="first")
    base = letter.version
    letter.revise(alice.user_key, text("second"), base)
    with pytest.raises(StaleDraft):
        letter.revise(alice.user_key, text("third"), base)
    assert Letter.objects.get(id=letter.id).read(alice.user_key).body == "second"


def test_the_status_is_constrained_in_the_database(alice):
    from django.db import IntegrityError, transaction

    letter = write_letter(alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(id=letter.id).update(status="sent")
