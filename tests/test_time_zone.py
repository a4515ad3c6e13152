"""Days are the writer's: today is today where the writer is (their browser names its time
zone, else the server's is used), and days are kept as dates, read alike in every zone."""

import datetime
import importlib
import zoneinfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from letters import clock
from letters.guidance import prompts, urges
from letters.models import ContactMark, Letter, MarginNote, UrgeMoment
from letters.pages import looking_back
from tests.conftest import seal_a_day_ago, write_letter

# Twenty-five hours apart, so on different days at every moment: when it is today in the first,
# it is yesterday in the second.
AHEAD, BEHIND = "Pacific/Kiritimati", "Pacific/Pago_Pago"


def today_in(zone: str) -> datetime.date:
    return datetime.datetime.now(zoneinfo.ZoneInfo(zone)).date()


def test_the_writers_today_is_a_day_of_last_contact_where_they_are(alice_client, alice):
    their_today = today_in(AHEAD).isoformat()
    alice_client.cookies["zone"] = BEHIND
    refused = alice_client.post(reverse("no_contact"), {"on": their_today}).content.decode()
    assert "That day hasn&#x27;t come yet." in refused
    assert ContactMark.objects.count() == 0

    alice_client.cookies["zone"] = AHEAD
    response = alice_client.post(reverse("no_contact"), {"on": their_today})
    assert response.status_code == 302
    assert ContactMark.objects.count() == 1


def test_the_day_a_letter_was_written_is_the_writers_day(alice_client, alice):
    letter = write_letter(alice)
    evening_in_london = datetime.datetime(2026, 11, 29, 18, 10, tzinfo=datetime.UTC)
    Letter.objects.filter(id=letter.id).update(
        status=Letter.Status.ARCHIVED, created=evening_in_london, updated=evening_in_london
    )
    alice_client.cookies["zone"] = "Australia/Sydney"  # 05:10 the next morning there
    sydney = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert "Written Monday 30 November 2026" in sydney
    del alice_client.cookies["zone"]  # scripts off: the server's time zone, UTC here
    server = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert "Written Sunday 29 November 2026" in server


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../../etc/passwd", "UTC; path=/", ""])
def test_a_zone_that_is_not_one_is_the_servers(alice_client, alice, zone):
    letter = write_letter(alice)
    evening = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=datetime.UTC)
    Letter.objects.filter(id=letter.id).update(
        status=Letter.Status.ARCHIVED, created=evening, updated=evening
    )
    alice_client.cookies["zone"] = zone
    page = alice_client.get(reverse("read", args=[letter.id]))
    assert page.status_code == 200
    assert "Written Sunday 29 November 2026" in page.content.decode()


def test_a_note_has_the_writers_day_and_keeps_it_read_from_anywhere(alice_client, alice):
    letter = seal_a_day_ago(write_letter(alice, body="as it was"))
    alice_client.cookies["zone"] = AHEAD
    alice_client.post(reverse("add_note", args=[letter.id]), {"text": "from the far east"})
    day = today_in(AHEAD)
    assert list(MarginNote.objects.values_list("created", flat=True)) == [day]
    # A day behind, the note still says the day it was written on.
    alice_client.cookies["zone"] = BEHIND
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert f'<time datetime="{day.isoformat()}">' in page


def test_an_urge_is_kept_on_the_writers_day_and_counted_this_week_anywhere(alice_client, alice):
    alice_client.cookies["zone"] = AHEAD
    alice_client.post(reverse("urge"))
    assert list(UrgeMoment.objects.values_list("at", flat=True)) == [today_in(AHEAD)]
    # Read where it is still yesterday (a flight west), the urge is this week's, not lost.
    counts = urges.weekly_counts(alice.user, today_in(BEHIND))
    assert [count for _, count in counts] == [1, 0, 0, 0]


def test_looking_back_counts_an_urge_kept_a_day_ahead_in_this_week(alice):
    """Kept in Kiritimati, read in Pago Pago: the urge page counts it this week, and so does
    Looking back, rather than in a week still to come."""
    UrgeMoment.objects.create(owner=alice.user, at=clock.today() + datetime.timedelta(days=1))
    page = looking_back.gather(alice.user, alice.user_key, clock.today())
    [urge_chart] = [chart for chart in page["charts"] if chart.slug == "urges"]
    assert sum(urge_chart.series[0].values) == 1
    assert urge_chart.series[0].values[-1] == 1


def test_notes_keep_the_order_they_were_added_in_whatever_day_each_carries(alice_client, alice):
    """Added from Kiritimati, then from a laptop in Pago Pago: the second carries the earlier
    date, and still comes second."""
    letter = seal_a_day_ago(write_letter(alice, body="as it was"))
    alice_client.cookies["zone"] = AHEAD
    alice_client.post(reverse("add_note", args=[letter.id]), {"text": "NOTE-FIRST"})
    alice_client.cookies["zone"] = BEHIND
    alice_client.post(reverse("add_note", args=[letter.id]), {"text": "NOTE-SECOND"})
    days = list(MarginNote.objects.filter(letter=letter).values_list("created", flat=True))
    assert days == [today_in(AHEAD), today_in(BEHIND)]
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert page.index("NOTE-FIRST") < page.index("NOTE-SECOND")


def test_a_morning_written_far_east_still_counts_read_a_day_later_far_west(
    alice_client, alice, settings
):
    """Review s37 M1: the series began in Kiritimati and morning one was written there; the
    next day in Pago Pago (the same date) it is still written, and still side by side."""
    alice_client.cookies["zone"] = AHEAD
    alice_client.post(reverse("start_series"))
    first = prompts.library().series[0]
    write_letter(alice, body="the first answer", prompt_slug=first.slug)
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    alice_client.cookies["zone"] = BEHIND
    desk = alice_client.get(reverse("desk")).content.decode()
    assert "This morning's letter is written." in desk
    assert "Morning 1 of 7" not in desk
    mornings = alice_client.get(reverse("seven_mornings")).content.decode()
    assert '<div class="morning-answer">the first answer</div>' in mornings


BEFORE = ("letters", "0015_search_index_holds_state")
AFTER = ("letters", "0016_days_are_dates")


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_day_as_the_date_the_server_showed(settings, monkeypatch):
    # Days were kept as the first moment of the day in the server's zone: in Sydney, 3 March
    # began at 13:00 UTC on 2 March, and is still 3 March once kept as a date.
    settings.TIME_ZONE = "Australia/Sydney"
    # Batches of two, so three urges take two.
    monkeypatch.setattr(
        importlib.import_module("letters.migrations.0016_days_are_dates"), "BATCH", 2
    )
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    user = old.get_model("auth", "User").objects.create(username="quinn")
    letter = old.get_model("letters", "Letter").objects.create(owner=user, wrapped_key=b"k")
    start = datetime.datetime(2026, 3, 2, 13, tzinfo=datetime.UTC)  # 3 March in Sydney
    later = datetime.datetime(2026, 3, 9, 13, tzinfo=datetime.UTC)  # 10 March
    old.get_model("letters", "UrgeMoment").objects.create(owner=user, at=start)
    old.get_model("letters", "UrgeMoment").objects.create(owner=user, at=later)
    old.get_model("letters", "UrgeMoment").objects.create(owner=user, at=later)
    old.get_model("letters", "CheckIn").objects.create(
        owner=user, letter=letter, moment="before", at=start, sealed=b"s"
    )
    old.get_model("letters", "MarginNote").objects.create(
        letter=letter, created=later, position=1, sealed=b"n"
    )
    old.get_model("letters", "CareCard").objects.create(owner=user, updated=start, sealed=b"c")

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    third, tenth = datetime.date(2026, 3, 3), datetime.date(2026, 3, 10)
    urges = new.get_model("letters", "UrgeMoment").objects.order_by("at")
    assert list(urges.values_list("at", flat=True)) == [third, tenth, tenth]
    assert list(new.get_model("letters", "CheckIn").objects.values_list("at", flat=True)) == [third]
    notes = new.get_model("letters", "MarginNote").objects.values_list("created", "sealed")
    assert [(day, bytes(sealed)) for day, sealed in notes] == [(tenth, b"n")]
    assert new.get_model("letters", "CareCard").objects.get(owner_id=user.pk).updated == third

    # And back: each day is again its first moment in the server's zone.
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    urges = old.get_model("letters", "UrgeMoment").objects.order_by("at")
    assert list(urges.values_list("at", flat=True)) == [start, later, later]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
