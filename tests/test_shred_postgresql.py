"""Shredding on PostgreSQL: the rows are deleted and the request returns; autovacuum, set by
migration 0009 to vacuum at the first dead row, frees them on its next round (the README, "How
the encryption works"). SQLite's shred is tested on the raw files in test_at_rest.py."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.models import (
    CardText,
    CareCard,
    CheckIn,
    ContactMark,
    Letter,
    MarginNote,
    Profile,
    QuietDate,
    Shred,
    UrgeMoment,
)
from tests.conftest import log_in, make_writer, write_letter

pytestmark = [
    # Autovacuum sees only committed deletes.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="autovacuum is PostgreSQL's"),
]

# bin/test starts its cluster with autovacuum_naptime=1 (a minute by default): rounds every
# second, so a few rounds fit in this.
ROUNDS_WITHIN_SECONDS = 30


def row_storage(table: str, ctid: str) -> int:
    """The bytes a row's line pointer still points at in its heap page (0 once freed)."""
    block, offset = (int(part) for part in ctid.strip("()").split(","))
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        if cursor.fetchone()[0] <= block:
            return 0  # the vacuum gave the emptied page back: nothing of the row is left
        cursor.execute(
            "SELECT lp_len FROM heap_page_items(get_raw_page(%s, %s)) WHERE lp = %s",
            [table, block, offset],
        )
        found = cursor.fetchone()
    return found[0] if found else 0


def ctid_of(model: type, pk: object) -> str:
    with connection.cursor() as cursor:
        table, key = model._meta.db_table, model._meta.pk.column
        cursor.execute(f"SELECT ctid::text FROM {table} WHERE {key} = %s", [pk])  # noqa: S608 - our names
        return cursor.fetchone()[0]


def wait_until_freed(table: str, ctid: str) -> int:
    deadline = time.monotonic() + ROUNDS_WITHIN_SECONDS
    while (left := row_storage(table, ctid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


TABLES = [
    model._meta.db_table
    for model in (
        Letter,
        MarginNote,
        CareCard,
        CheckIn,
        QuietDate,
        ContactMark,
        UrgeMoment,
        Profile,
    )
]


def test_the_tables_of_what_writers_write_vacuum_at_their_first_dead_row():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s) ORDER BY relname",
            [list(TABLES)],
        )
        options = dict(cursor.fetchall())
    expected = ["autovacuum_vacuum_threshold=0", "autovacuum_vacuum_scale_factor=0"]
    assert options == dict.fromkeys(TABLES, expected)


def test_a_shred_runs_no_vacuum_and_autovacuum_frees_its_rows(client):
    writer = make_writer("erin")
    letter = write_letter(writer, body="the last thing I never said")
    kept = write_letter(writer, body="this one stays")
    log_in(client, writer)
    ctid = ctid_of(Letter, letter.id)
    assert row_storage(Letter._meta.db_table, ctid) > 0

    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("shred", args=[letter.id]), {"confirm": "shred"})

    assert response.status_code == 302
    assert response.url == reverse("shredded")
    assert [q["sql"] for q in queries if "VACUUM" in q["sql"].upper()] == []
    assert list(Letter.objects.filter(owner=writer.user).values_list("id", flat=True)) == [kept.id]
    assert Shred.objects.filter(owner=writer.user).count() == 1
    assert wait_until_freed(Letter._meta.db_table, ctid) == 0


def test_a_removed_card_runs_no_vacuum_and_autovacuum_frees_its_row(client):
    writer = make_writer("gail")
    CareCard.keep(writer.user, writer.user_key, CardText(people="someone to call"))
    log_in(client, writer)
    ctid = ctid_of(CareCard, writer.user.pk)
    assert row_storage(CareCard._meta.db_table, ctid) > 0

    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("remove_care_card"))

    assert [q["sql"] for q in queries if "VACUUM" in q["sql"].upper()] == []
    assert not CareCard.objects.filter(owner=writer.user).exists()
    assert wait_until_freed(CareCard._meta.db_table, ctid) == 0
