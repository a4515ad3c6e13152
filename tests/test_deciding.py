"""Seal, archive, restore and shred through their pages."""

import datetime

from django.urls import reverse

from letters import clock
from letters.models import Letter, Shred
from tests.conftest import write_letter


def status_of(letter):
    return Letter.objects.get(id=letter.id).status


def test_the_seal_page_says_it_is_for_good(alice_client, alice):
    letter = write_letter(alice)
    page = alice_client.get(reverse("seal", args=[letter.id])).content.decode()
    assert "Sealing is for good" in page
    assert 'type="date"' in page


def test_it_seals_without_a_date(alice_client, alice):
    letter = write_letter(alice)
    response = alice_client.post(reverse("seal", args=[letter.id]), {"opens_on": ""})
    assert response.url == reverse("read", args=[letter.id])
    assert status_of(letter) == "sealed"


def test_it_seals_until_a_date(alice_client, alice):
    letter = write_letter(alice)
    opens_on = clock.today() + datetime.timedelta(days=31)
    alice_client.post(reverse("seal", args=[letter.id]), {"opens_on": opens_on.isoformat()})
    assert Letter.objects.get(id=letter.id).opens_on == opens_on


def test_it_refuses_a_past_or_malformed_date_and_keeps_the_draft(alice_client, alice):
    letter = write_letter(alice)
    for value, message in [
        ((clock.today() - datetime.timedelta(days=1)).isoformat(), "Choose a day after today"),
        ("31/02/2027", "Enter a valid date."),
    ]:
        response = alice_client.post(reverse("seal", args=[letter.id]), {"opens_on": value})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert status_of(letter) == "draft"


def test_sealing_a_sealed_letter_says_so(alice_client, alice):
    letter = write_letter(alice)
    letter.seal()
    response = alice_client.post(reverse("seal", args=[letter.id]), {}, follow=True)
    assert "This letter is already sealed." in response.content.decode()


def test_the_archive_page_warns_a_draft_is_sealed_first(alice_client, alice):
    letter = write_letter(alice)
    assert (
        "seals it first"
        in alice_client.get(reverse("archive_letter", args=[letter.id])).content.decode()
    )


def test_it_archives_and_restores(alice_client, alice):
    letter = write_letter(alice, body="tuck me away")
    assert alice_client.post(reverse("archive_letter", args=[letter.id])).url == reverse("desk")
    assert status_of(letter) == "archived"
    assert "tuck me away" in alice_client.get(reverse("archive")).content.decode()
    assert "tuck me away" not in alice_client.get(reverse("desk")).content.decode()
    alice_client.post(reverse("restore", args=[letter.id]))
    assert status_of(letter) == "sealed"
    assert "tuck me away" in alice_client.get(reverse("desk")).content.decode()


def test_restoring_a_letter_not_in_the_archive_says_so(alice_client, alice):
    letter = write_letter(alice)
    response = alice_client.post(reverse("restore", args=[letter.id]), follow=True)
    assert "Only a letter in the archive can be brought back." in response.content.decode()
    assert status_of(letter) == "draft"


def test_restore_rejects_get(alice_client, alice):
    letter = write_letter(alice)
    assert alice_client.get(reverse("restore", args=[letter.id])).status_code == 405


def test_shred_needs_the_word(alice_client, alice):
    letter = write_letter(alice)
    response = alice_client.post(reverse("shred", args=[letter.id]), {"confirm": "yes"})
    assert response.status_code == 400
    assert "Type shred (just that word)" in response.content.decode()
    assert Letter.objects.filter(id=letter.id).exists()


def test_it_shreds_and_shows_a_kind_receipt(alice_client, alice):
    first, second = write_letter(alice), write_letter(alice)
    first.shred()
    response = alice_client.post(reverse("shred", args=[second.id]), {"confirm": " Shred "})
    assert response.url == reverse("shredded")
    page = alice_client.get(reverse("shredded")).content.decode()
    assert "Gone. You let that go." in page
    assert "That&#x27;s 2 letters you&#x27;ve let go of so far." in page or (
        "That's 2 letters you've let go of so far." in page
    )
    assert (
        "<p>Letting go of words you wrote can feel like relief, or like a loss, or both at once."
    ) in page
    assert "Every saved version of it." in page
    assert "Backups of this server made before now" in page
    assert not Letter.objects.filter(id=second.id).exists()
    assert Shred.objects.filter(owner=alice.user).count() == 2


def test_a_time_locked_letter_can_be_shredded_unread(alice_client, alice):
    letter = write_letter(alice)
    letter.seal(clock.today() + datetime.timedelta(days=9))
    assert alice_client.get(reverse("shred", args=[letter.id])).status_code == 200
    alice_client.post(reverse("shred", args=[letter.id]), {"confirm": "shred"})
    assert not Letter.objects.filter(id=letter.id).exists()


def test_seal_archive_shred_reject_put(alice_client, alice):
    letter = write_letter(alice)
    for name in ("seal", "archive_letter", "shred"):
        assert alice_client.put(reverse(name, args=[letter.id])).status_code == 405


def test_shredding_twice_at_once_records_one_date(alice):
    letter = write_letter(alice)
    same_letter = Letter.objects.get(id=letter.id)
    letter.shred()
    import pytest

    from letters.models import LifecycleError

    with pytest.raises(LifecycleError, match="already gone"):
        same_letter.shred()
    assert Shred.objects.filter(owner=alice.user).count() == 1
