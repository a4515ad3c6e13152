import datetime
import sqlite3

import pytest
from django.db import connection
from django.urls import reverse

from letters import clock
from letters.guidance import no_contact
from letters.models import ContactMark
from tests.conftest import log_in, make_writer


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
    assert no_contact.count_for(alice.user, clock.today()).reached == []
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    count = no_contact.count_for(alice.user, clock.today())
    assert (count.days, count.reached, count.next_milestone) == (7, ["One week"], (23, "One month"))


def test_a_reset_starts_again_and_keeps_the_history(alice_client, alice):
    alice_client.post(reverse("no_contact"), {"on": days_ago(20)})
    alice_client.post(
        reverse("no_contact"), {"on": days_ago(2), "note": "They called. I answered."}
    )
    count = no_contact.count_for(alice.user, clock.today())
    assert count.days == 2
    page = alice_client.get(reverse("no_contact")).content.decode()
    assert "They called. I answered." in page
    assert "contact, and a fresh start" in page and "where the count began" in page
    assert [m.is_reset for m in ContactMark.objects.filter(owner=alice.user)] == [True, False]


def test_a_future_date_is_refused(alice_client, alice):
    tomorrow = (clock.today() + datetime.timedelta(days=1)).isoformat()
    response = alice_client.post(reverse("no_contact"), {"on": tomorrow})
    assert "That day hasn&#x27;t come yet." in response.content.decode() or (
        "That day hasn't come yet." in response.content.decode()
    )
    assert ContactMark.objects.count() == 0


def test_history_is_the_writers_own(alice_client, alice, bob):
    bob_client = log_in(type(alice_client)(), bob)
    bob_client.post(reverse("no_contact"), {"on": days_ago(3), "note": "bob's private note"})
    assert "bob&#x27;s private note" not in alice_client.get(reverse("no_contact")).content.decode()
    assert no_contact.count_for(alice.user, clock.today()) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the raw SQLite file")
def test_the_note_is_never_stored_in_clear(client):
    writer = make_writer("gale")
    log_in(client, writer)
    client.post(reverse("no_contact"), {"on": days_ago(1), "note": "NOTEMARKER-we-talked"})
    mark = ContactMark.objects.get(owner=writer.user)
    assert mark.read_note(writer.user_key) == "NOTEMARKER-we-talked"
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
