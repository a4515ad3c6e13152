"""Seal, archive, restore and shred through their pages."""

import datetime
import re

import pytest
from django.urls import reverse

from letters import clock
from letters.forms.letters import a_month_on
from letters.models import Letter, Shred
from tests.conftest import record_contact, write_letter


def status_of(letter):
    return Letter.objects.get(id=letter.id).status


def test_the_seal_page_says_it_is_for_good(alice_client, alice):
    letter = write_letter(alice)
    page = alice_client.get(reverse("seal", args=[letter.id])).content.decode()
    assert "Sealing is for good" in page
    assert 'type="date"' in page


def test_the_seal_page_names_the_letter_by_its_title_and_first_line(alice_client, alice):
    letter = write_letter(alice, body="\n  The first thing I\nand the rest", title="On the bridge")
    page = alice_client.get(reverse("seal", args=[letter.id])).content.decode()
    assert '<p class="letter-title h4 mb-1">On the bridge</p>' in page
    assert '<p class="mb-0">The first thing I</p>' in page
    assert "and the rest" not in page


def test_an_untitled_letter_is_named_untitled_on_the_seal_page(alice_client, alice):
    letter = write_letter(alice, body="Only a first line")
    page = alice_client.get(reverse("seal", args=[letter.id])).content.decode()
    assert '<p class="letter-title h4 mb-1">Untitled</p>' in page
    assert '<p class="mb-0">Only a first line</p>' in page


@pytest.mark.parametrize(
    ("when", "days"),
    [("week", 7), ("month", None)],
)
def test_it_seals_until_a_shortcut_day(alice_client, alice, when, days):
    letter = write_letter(alice)
    alice_client.post(reverse("seal", args=[letter.id]), {"when": when, "opens_on": ""})
    today = clock.today()
    expected = today + datetime.timedelta(days=days) if days else a_month_on(today)
    assert Letter.objects.get(id=letter.id).opens_on == expected


def test_a_month_on_is_the_same_day_or_the_last_of_a_shorter_month():
    assert a_month_on(datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 28)
    assert a_month_on(datetime.date(2026, 12, 15)) == datetime.date(2027, 1, 15)
    assert a_month_on(datetime.date(2028, 1, 30)) == datetime.date(2028, 2, 29)


def test_it_seals_until_the_no_contact_count_reaches_thirty_days(alice_client, alice):
    since = clock.today() - datetime.timedelta(days=12)
    record_contact(alice, since)
    letter = write_letter(alice)
    page = alice_client.get(reverse("seal", args=[letter.id])).content.decode()
    reached = since + datetime.timedelta(days=30)
    assert f"30 days after my last contact, {reached.day} {reached:%B}" in page
    alice_client.post(reverse("seal", args=[letter.id]), {"when": "no_contact"})
    assert Letter.objects.get(id=letter.id).opens_on == reached


def test_a_letter_sealed_for_thirty_days_after_contact_keeps_its_day_when_the_count_restarts(
    alice_client, alice
):
    since = clock.today() - datetime.timedelta(days=12)
    record_contact(alice, since)
    letter = write_letter(alice)
    alice_client.post(reverse("seal", args=[letter.id]), {"when": "no_contact"})
    alice_client.post(reverse("no_contact"), {"on": clock.today().isoformat()})  # contact today
    assert Letter.objects.get(id=letter.id).opens_on == since + datetime.timedelta(days=30)
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert ", the day set when you sealed it, and opens by" in page


def test_the_no_contact_shortcut_is_offered_only_before_thirty_days(alice_client, alice):
    letter = write_letter(alice)
    without = alice_client.get(reverse("seal", args=[letter.id])).content.decode()
    record_contact(alice, clock.today() - datetime.timedelta(days=30))
    after = alice_client.get(reverse("seal", args=[letter.id])).content.decode()
    assert "no-contact count" not in without and "no-contact count" not in after
    response = alice_client.post(reverse("seal", args=[letter.id]), {"when": "no_contact"})
    assert response.status_code == 400
    assert status_of(letter) == "draft"


def test_a_shortcut_wins_over_a_day_typed_in_too(alice_client, alice):
    letter = write_letter(alice)
    typed = clock.today() + datetime.timedelta(days=90)
    alice_client.post(
        reverse("seal", args=[letter.id]), {"when": "week", "opens_on": typed.isoformat()}
    )
    assert Letter.objects.get(id=letter.id).opens_on == clock.today() + datetime.timedelta(7)


def test_after_sealing_the_envelope_closes_once_and_no_note_is_asked_for_that_day(
    alice_client, alice, settings
):
    letter = write_letter(alice, body="kept as it is")
    response = alice_client.post(reverse("seal", args=[letter.id]), {"when": ""}, follow=True)
    page = response.content.decode()
    assert '<div class="sealing-envelope" aria-hidden="true">' in page
    assert "Sealed. It will stay exactly as you left it." in page
    assert "kept as it is" in page
    assert 'name="text"' not in page  # no margin note form on the day of sealing
    again = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert "sealing-envelope" not in again and 'name="text"' not in again
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    tomorrow = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert '<textarea name="text"' in tomorrow


def test_sealing_until_a_day_shows_the_envelope_on_the_closed_letters_page(alice_client, alice):
    letter = write_letter(alice, body="not until then")
    response = alice_client.post(reverse("seal", args=[letter.id]), {"when": "week"}, follow=True)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Sealed. It will stay exactly as you left it." in page
    opens_on = Letter.objects.get(id=letter.id).opens_on
    day = f"{opens_on.day} {opens_on:%B %Y}"
    assert f'<h1><span aria-hidden="true">✉</span> Sealed until {day}</h1>' in page
    assert "not until then" not in page
    # Coming back before the day: not yet.
    again = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert '<h1><span aria-hidden="true">✉</span> Not yet</h1>' in again


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


def test_a_day_ten_years_on_is_the_furthest_a_letter_can_be_sealed_until(alice_client, alice):
    today = clock.today()
    furthest = Letter.latest_opening(today)
    assert (furthest.year, furthest.month) == (today.year + 10, today.month)
    too_far, letter = furthest + datetime.timedelta(days=1), write_letter(alice)
    response = alice_client.post(reverse("seal", args=[letter.id]), {"opens_on": too_far})
    assert response.status_code == 400
    assert status_of(letter) == "draft"
    alice_client.post(reverse("seal", args=[letter.id]), {"opens_on": furthest.isoformat()})
    assert Letter.objects.get(id=letter.id).opens_on == furthest


def test_ten_years_on_from_the_29th_of_february_is_the_28th():
    assert Letter.latest_opening(datetime.date(2028, 2, 29)) == datetime.date(2038, 2, 28)


def test_it_refuses_a_past_or_malformed_date_and_keeps_the_draft(alice_client, alice):
    letter = write_letter(alice)
    for value, message in [
        ((clock.today() - datetime.timedelta(days=1)).isoformat(), "Choose a day after today"),
        (
            "31/02/2027",
            "We couldn&#x27;t read that as a day. Choose one from the calendar, or type it as "
            "year-month-day.",
        ),
        ("2207-03-01", "Choose a day within the next ten years, or leave the date empty."),
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
    letter = write_letter(alice, body="tuck me away", title="tuck me away")
    assert alice_client.post(reverse("archive_letter", args=[letter.id])).url == reverse("desk")
    assert status_of(letter) == "archived"
    assert "tuck me away" in alice_client.get(reverse("archive")).content.decode()
    assert "tuck me away" not in alice_client.get(reverse("desk")).content.decode()
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert "<title>An archived letter · Unsent</title>" in page
    alice_client.post(reverse("restore", args=[letter.id]))
    assert status_of(letter) == "sealed"
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert "<title>A sealed letter · Unsent</title>" in page
    assert "tuck me away" in alice_client.get(reverse("desk")).content.decode()


def test_restoring_a_letter_not_in_the_archive_says_so(alice_client, alice):
    letter = write_letter(alice)
    response = alice_client.post(reverse("restore", args=[letter.id]), follow=True)
    assert "Only a letter in the archive can be brought back." in response.content.decode()
    assert status_of(letter) == "draft"


def test_restore_rejects_get(alice_client, alice):
    letter = write_letter(alice)
    assert alice_client.get(reverse("restore", args=[letter.id])).status_code == 405


def test_the_shred_page_shows_the_letter_one_last_time(alice_client, alice):
    letter = write_letter(alice, body="All of it,\nevery line", title="The last", recipient="Jo")
    page = alice_client.get(reverse("shred", args=[letter.id])).content.decode()
    assert "Here it is, one last time." in page
    assert '<h2 class="letter-title h4" dir="auto">The last</h2>' in page
    assert '<p class="salutation">Dear Jo,</p>' in page
    assert '<div class="letter-body" dir="auto">All of it,\nevery line</div>' in page
    assert 'data-done-url="/shredded/"' in page and "js/shred" in page


def test_the_shred_page_of_a_closed_letter_shows_no_words(alice_client, alice):
    letter = write_letter(alice, body="not yet, not even now")
    letter.seal(clock.today() + datetime.timedelta(days=9))
    page = alice_client.get(reverse("shred", args=[letter.id])).content.decode()
    assert "It will be shredded unread." in page
    assert "not yet, not even now" not in page


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
    # The details about keys and backups are folded away, not the first thing said.
    details = page.split('<details class="what-happened">')[1].split("</details>")[0]
    assert "<summary>What exactly happened?</summary>" in details
    assert "Every saved version of it." in details
    assert "Backups of this server made before now" in details
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


def test_the_seal_page_of_a_letter_already_sealed_offers_nothing_and_says_so(alice_client, alice):
    letter = write_letter(alice, body="sealed before")
    letter.seal()
    response = alice_client.get(reverse("seal", args=[letter.id]), follow=True)
    assert response.redirect_chain == [(reverse("read", args=[letter.id]), 302)]
    page = response.content.decode()
    assert "This letter is already sealed." in page
    assert "Or a day I choose" not in page


def test_the_seal_pages_date_picker_offers_only_the_days_it_takes(alice_client, alice):
    letter = write_letter(alice)
    page = alice_client.get(reverse("seal", args=[letter.id])).content.decode()
    today = clock.today()
    tomorrow = today + datetime.timedelta(days=1)
    picker = re.search(r'<input type="date" name="opens_on"[^>]*>', page).group(0)
    assert f'min="{tomorrow.isoformat()}"' in picker
    assert f'max="{Letter.latest_opening(today).isoformat()}"' in picker
