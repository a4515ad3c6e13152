import datetime
import sqlite3

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.formats import date_format

from letters import clock
from letters.clock import years_on
from letters.guidance import no_contact, prompts
from letters.models import ContactMark
from tests.conftest import begin_letter, log_in, make_writer


def days_ago(n):
    return (clock.today() - datetime.timedelta(days=n)).isoformat()


def test_no_date_means_no_counter(alice_client):
    assert "without contact" not in alice_client.get(reverse("desk")).content.decode()
    assert "Start counting" in alice_client.get(reverse("no_contact")).content.decode()


def test_it_counts_days_and_milestones(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(31), "note": ""})
    desk = alice_client.get(reverse("desk")).content.decode()
    assert "<strong>31</strong> days without contact</a> · One month reached" in desk
    page = alice_client.get(reverse("no_contact")).content.decode()
    assert "29 days to two months" in page


def test_counting_goes_on_across_days(alice_client, alice, settings):
    alice_client.post(reverse("no_contact"), {"on": days_ago(6)})
    assert no_contact.count_for(alice.user, alice.user_key, clock.today()).reached == []
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    count = no_contact.count_for(alice.user, alice.user_key, clock.today())
    assert (count.days, count.reached, count.next_milestone) == (7, ["One week"], (23, "One month"))


def test_a_reset_starts_again_and_keeps_the_history(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(20)})
    alice_client.post(
        reverse("no_contact"), {"on": days_ago(2), "note": "They called. I answered."}
    )
    count = no_contact.count_for(alice.user, alice.user_key, clock.today())
    assert count.days == 2
    page = alice_client.get(reverse("no_contact")).content.decode()
    assert "They called. I answered." in page
    assert "contact, and a fresh start" in page and "where the count began" in page
    history, unreadable = ContactMark.objects.filter(owner=alice.user).opened(alice.user_key)
    assert [(c.on.isoformat(), c.is_reset, c.note) for c in history] == [
        (days_ago(2), True, "They called. I answered."),
        (days_ago(20), False, ""),
    ]
    assert unreadable == 0


def test_a_future_date_is_refused(alice_client, alice):
    tomorrow = (clock.today() + datetime.timedelta(days=1)).isoformat()
    response = alice_client.post(reverse("no_contact"), {"on": tomorrow})
    assert "That day hasn&#x27;t come yet." in response.content.decode() or (
        "That day hasn't come yet." in response.content.decode()
    )
    assert ContactMark.objects.count() == 0


@pytest.mark.parametrize("day", ["0001-01-01", "1900-01-01", "0202-06-01"])
def test_a_day_more_than_a_hundred_years_back_is_refused_with_the_words_kept(
    alice_client, alice, day
):
    response = alice_client.post(reverse("no_contact"), {"on": day, "note": "A slip of the year"})
    page = response.content.decode()
    assert (
        "That day is further back than we can count from. Check the year, and choose a day in "
        "the last 100 years."
    ) in page
    assert "A slip of the year</textarea>" in page
    assert ContactMark.objects.count() == 0


def test_a_day_a_hundred_years_back_still_counts(alice_client, alice):
    day = years_on(clock.today(), -100)
    assert alice_client.post(reverse("no_contact"), {"on": day.isoformat()}).status_code == 302
    assert ContactMark.objects.count() == 1


def test_history_is_the_writers_own(alice_client, alice, bob):
    bob_client = log_in(type(alice_client)(), bob)
    bob_client.post(reverse("no_contact"), {"on": days_ago(3), "note": "bob's private note"})
    assert "bob&#x27;s private note" not in alice_client.get(reverse("no_contact")).content.decode()
    assert no_contact.count_for(alice.user, alice.user_key, clock.today()) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the raw SQLite file")
def test_the_note_is_never_stored_in_clear(client):
    writer = make_writer("gale")
    log_in(client, writer)
    client.post(reverse("no_contact"), {"on": days_ago(1), "note": "NOTEMARKER-we-talked"})
    mark = ContactMark.objects.get(owner=writer.user)
    assert mark.open(writer.user_key).note == "NOTEMARKER-we-talked"
    connection.close()
    raw = sqlite3.connect(connection.settings_dict["NAME"])
    raw.execute("PRAGMA wal_checkpoint(FULL)")
    raw.close()
    from pathlib import Path

    name = Path(connection.settings_dict["NAME"])
    data = b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists())
    assert b"NOTEMARKER" not in data


def test_it_needs_a_login(client, db):
    assert client.get(reverse("no_contact")).url.startswith(reverse("login"))


def test_it_rejects_put(alice_client):
    assert alice_client.put(reverse("no_contact")).status_code == 405


def test_the_longest_stretch_is_shown_and_those_days_still_count(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(40)})
    alice_client.post(reverse("no_contact"), {"on": days_ago(5), "note": ""})
    page = alice_client.get(reverse("no_contact")).content.decode()
    assert (
        '<p class="longest-stretch">Your longest stretch so far: <strong>35</strong> days. '
        "Those days still count.</p>"
    ) in page


def test_the_longest_stretch_is_not_repeated_while_it_is_the_current_one(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(10)})
    alice_client.post(reverse("no_contact"), {"on": days_ago(8)})
    page = alice_client.get(reverse("no_contact")).content.decode()
    assert "longest stretch" not in page


def test_the_longest_stretch_counts_between_contacts_in_any_order_and_up_to_today():
    today = datetime.date(2026, 3, 31)
    days = [datetime.date(2026, 3, 20), datetime.date(2026, 1, 1), datetime.date(2026, 2, 15)]
    assert no_contact.longest_stretch(days, today) == 45
    assert no_contact.longest_stretch([datetime.date(2026, 1, 1)], today) == 89
    assert no_contact.longest_stretch([], today) == 0


def test_starting_again_says_the_days_before_still_count(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(20)}, follow=True)
    response = alice_client.post(reverse("no_contact"), {"on": days_ago(1)}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["The count starts again from that day. Every day before it still counts."]


def test_it_says_contact_that_cannot_be_avoided_need_not_reset_anything(alice_client, alice):
    before = alice_client.get(reverse("no_contact")).content.decode()
    assert "because you share children, work together or have practical things" in before
    assert "to settle, doesn't have to count here." in before
    alice_client.post(reverse("no_contact"), {"on": days_ago(3)})
    counting = alice_client.get(reverse("no_contact")).content.decode()
    assert "because you share children, work together or have practical things" in counting
    assert "to settle, doesn't have to reset anything." in counting


def test_reaching_a_milestone_comes_with_a_kind_word(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(31)})
    words = "One month. That is a real stretch of time you gave yourself."
    for name in ("no_contact", "desk"):
        page = alice_client.get(reverse(name)).content.decode()
        assert f'<p class="milestone-words">{words}</p>' in page


def test_no_kind_word_before_the_first_milestone(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(6)})
    assert "milestone-words" not in alice_client.get(reverse("no_contact")).content.decode()
    assert no_contact.count_for(alice.user, alice.user_key, clock.today()).kind_words == ""


def month_question(client):
    page = client.get(reverse("desk")).content.decode()
    if '<section class="month-question"' not in page:
        return ""
    return page.split('<section class="month-question"')[1].split("</section>")[0]


def test_at_a_month_the_desk_asks_what_they_want_now(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(30)})
    section = month_question(alice_client)
    assert "A month on: a question for you" in section
    assert 'value="miss-me-a-month-on"' in section
    # Asked of whoever ended it, and however: not "do I still want them back?", which only one
    # story asks, nor anything that leaves the ex at the centre.
    assert "what do I want my life to hold now? Whatever your answer" in section
    assert "want them back" not in section and "my ex" not in section
    assert "and then write why." in section


def test_before_a_month_the_desk_asks_nothing(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(29)})
    assert month_question(alice_client) == ""


def test_once_answered_the_question_waits_for_the_next_month(alice_client, alice, settings):
    alice_client.post(reverse("no_contact"), {"on": days_ago(35)})
    begin_letter(alice_client, prompts.MONTH_SLUG)
    assert month_question(alice_client) == ""
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    alice_client.post(reverse("no_contact"), {"on": days_ago(0)})  # contact, the next day
    assert ContactMark.objects.filter(owner=alice.user).count() == 2
    settings.UNSENT_CLOCK_SHIFT_DAYS = 31
    log_in(alice_client, alice)  # a month on, the old login has ended
    assert 'value="miss-me-a-month-on"' in month_question(alice_client)


def test_the_month_question_is_kept_for_its_moment(alice_client):
    library = alice_client.get(reverse("prompts")).content.decode()
    assert "miss-me-a-month-on" not in library
    assert prompts.MONTH_SLUG not in [p.slug for p in prompts.library().everyday]
    assert prompts.get(prompts.MONTH_SLUG).source == (
        "How To Get Your Ex To Miss You (Without Making A Fool Of Yourself)"
    )


def test_a_day_that_does_not_open_is_said_and_the_rest_shown(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(20)})
    alice_client.post(reverse("no_contact"), {"on": days_ago(5), "note": "a text at midnight"})
    broken = ContactMark.objects.filter(owner=alice.user).first()
    ContactMark.objects.filter(id=broken.id).update(sealed=bytes(64))
    page = alice_client.get(reverse("no_contact")).content.decode()
    assert "One day in your history can't be opened." in page
    assert page.count("<li><strong>") == 1


def test_an_earlier_day_added_later_joins_the_history_and_the_count_runs_on(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(5)})
    response = alice_client.post(reverse("no_contact"), {"on": days_ago(40)}, follow=True)
    page = response.content.decode()
    assert (
        "That day is in your history now. Your count still runs from your latest day of contact."
        in page
    )
    assert "The count starts again" not in page
    assert no_contact.count_for(alice.user, alice.user_key, clock.today()).days == 5
    # The earliest day is where the count began; the later one came after it.
    history, _ = ContactMark.objects.filter(owner=alice.user).opened(alice.user_key)
    assert [(c.on.isoformat(), c.is_reset) for c in history] == [
        (days_ago(5), True),
        (days_ago(40), False),
    ]


def test_the_desk_counts_from_the_profile_without_opening_any_day_of_contact(
    alice_client, alice, monkeypatch
):
    alice_client.post(reverse("no_contact"), {"on": days_ago(40)})
    alice_client.post(reverse("no_contact"), {"on": days_ago(9), "note": "we met"})

    def refuse(self, user_key):
        raise AssertionError("the desk opened a day of contact")

    monkeypatch.setattr(ContactMark, "open", refuse)
    desk = alice_client.get(reverse("desk")).content.decode()
    assert "<strong>9</strong> days without contact" in desk


def test_a_day_set_by_mistake_can_be_taken_out_and_the_count_runs_from_the_day_left(
    alice_client, alice
):
    """A slip of the year (2016 for 2026) would stay as the longest stretch for good."""
    alice_client.post(reverse("no_contact"), {"on": years_on(clock.today(), -10).isoformat()})
    alice_client.post(reverse("no_contact"), {"on": days_ago(20)})
    page = alice_client.get(reverse("no_contact")).content.decode()
    assert "Your longest stretch so far" in page
    history, _ = ContactMark.objects.filter(owner=alice.user).opened(alice.user_key)
    slip = history[-1]
    assert slip.on == years_on(clock.today(), -10)
    remove = reverse("forget_contact", args=[slip.mark_id])
    assert f'action="{remove}"' in page

    response = alice_client.post(remove)
    assert response.url == reverse("no_contact")
    page = alice_client.get(reverse("no_contact")).content.decode()
    assert "That day is gone from your history." in page
    assert "Your longest stretch so far" not in page
    assert "<strong>20</strong> days since" in page
    assert ContactMark.objects.filter(owner=alice.user).count() == 1

    # The last day taken out too: no count, and the desk says nothing of one.
    (left,) = ContactMark.objects.filter(owner=alice.user).opened(alice.user_key)[0]
    alice_client.post(reverse("forget_contact", args=[left.mark_id]))
    assert "without contact" not in alice_client.get(reverse("desk")).content.decode()
    assert "Start counting" in alice_client.get(reverse("no_contact")).content.decode()


def test_no_one_else_can_take_out_a_day_and_a_get_changes_nothing(alice_client, alice, bob_client):
    alice_client.post(reverse("no_contact"), {"on": days_ago(3)})
    (mark,) = ContactMark.objects.filter(owner=alice.user).opened(alice.user_key)[0]
    remove = reverse("forget_contact", args=[mark.mark_id])
    assert bob_client.post(remove).status_code == 404
    assert alice_client.get(remove).status_code == 405
    assert ContactMark.objects.filter(owner=alice.user).count() == 1


def test_on_the_first_day_the_desk_and_the_page_say_day_one_not_zero_days(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(0)})
    desk = alice_client.get(reverse("desk")).content.decode()
    assert '<a href="/no-contact/">Day one of your count without contact</a>' in desk
    assert "<strong>0</strong>" not in desk
    alice_client.post(reverse("no_contact"), {"on": days_ago(1)})  # an earlier day: no change
    assert "Day one of your count" in alice_client.get(reverse("desk")).content.decode()
    # The No contact page says the same, with the day.
    page = alice_client.get(reverse("no_contact")).content.decode()
    since = date_format(clock.today(), "DATE_FORMAT")
    assert f'<p class="no-contact-days">Day one without contact: {since}</p>' in page
    assert "<strong>0</strong>" not in page


def test_with_the_first_day_taken_out_the_next_is_where_the_count_began(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(30)})
    alice_client.post(reverse("no_contact"), {"on": days_ago(10)})
    alice_client.post(reverse("no_contact"), {"on": days_ago(2)})
    history, _ = ContactMark.objects.filter(owner=alice.user).opened(alice.user_key)
    assert [c.is_reset for c in history] == [True, True, False]
    alice_client.post(reverse("forget_contact", args=[history[-1].mark_id]))
    history, _ = ContactMark.objects.filter(owner=alice.user).opened(alice.user_key)
    assert [(c.on.isoformat(), c.is_reset) for c in history] == [
        (days_ago(2), True),
        (days_ago(10), False),
    ]
    page = alice_client.get(reverse("no_contact")).content.decode()
    assert page.count("where the count began") == 1
    assert page.count("contact, and a fresh start") == 1
    assert page.index("contact, and a fresh start") < page.index("where the count began")
