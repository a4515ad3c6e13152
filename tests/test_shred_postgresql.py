"""Shredding on PostgreSQL: the row is deleted, then the letter table is vacuumed (DESIGN.md,
"Shredding"). SQLite's shred is tested on the raw files in test_at_rest.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.models import CardText, CareCard, Letter, Shred
from tests.conftest import log_in, make_writer, write_letter

pytestmark = [
    # VACUUM cannot run inside a transaction, so a shred vacuums only once it has committed.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's"),
]


def vacuum_stats(table: str = Letter._meta.db_table) -> tuple[int, object]:
    """A table's manual VACUUM count and time, fresh rather than this session's cached
    snapshot."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT vacuum_count, last_vacuum FROM pg_stat_user_tables WHERE relname = %s",
            [table],
        )
        return cursor.fetchone()


def test_a_shred_vacuums_the_letter_table(client):
    writer = make_writer("erin")
    letter = write_letter(writer, body="the last thing I never said")
    kept = write_letter(writer, body="this one stays")
    log_in(client, writer)
    count_before, last_before = vacuum_stats()

    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("shred", args=[letter.id]), {"confirm": "shred"})

    assert response.status_code == 302
    assert response.url == reverse("shredded")
    assert 'VACUUM "letters_letter"' in [query["sql"] for query in queries]
    count_after, last_after = vacuum_stats()
    assert count_after == count_before + 1
    assert last_before is None or last_after > last_before
    assert list(Letter.objects.filter(owner=writer.user).values_list("id", flat=True)) == [kept.id]
    assert Shred.objects.filter(owner=writer.user).count() == 1


def test_a_shred_outside_a_view_vacuums_too():
    writer = make_writer("erin")
    letter = write_letter(writer)
    count_before, _ = vacuum_stats()

    letter.shred()

    assert vacuum_stats()[0] == count_before + 1
    assert Letter.objects.filter(id=letter.id).exists() is False


def test_deleting_an_account_vacuums_the_letter_and_card_tables(client):
    writer = make_writer("finn")
    write_letter(writer)
    CareCard.keep(writer.user, writer.user_key, CardText(people="someone to call"))
    log_in(client, writer)
    card_table = CareCard._meta.db_table
    before = vacuum_stats()[0], vacuum_stats(card_table)[0]

    response = client.post(
        reverse("delete_account"), {"password": writer.password, "confirm": "on"}
    )

    assert response.url == reverse("account_deleted")
    assert (vacuum_stats()[0], vacuum_stats(card_table)[0]) == (before[0] + 1, before[1] + 1)
    assert not CareCard.objects.filter(owner_id=writer.user.pk).exists()


def test_removing_the_card_vacuums_its_table(client):
    writer = make_writer("gail")
    CareCard.keep(writer.user, writer.user_key, CardText(people="someone to call"))
    log_in(client, writer)
    before = vacuum_stats(CareCard._meta.db_table)[0]

    client.post(reverse("remove_care_card"))

    assert vacuum_stats(CareCard._meta.db_table)[0] == before + 1
