"""Dates in the writer's own time zone, as their browser names it, or else the server's."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from letters.models import ContactMark, Letter
from tests.conftest import write_letter

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
