"""On PostgreSQL the queries' parameters are bound by the server: they travel beside the query
instead of being quoted into it by the worker (the README, "Running in production" and
"Capacity and growth"). The whole suite runs that way on PostgreSQL (bin/test)."""

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from letters.models import Letter
from tests.conftest import write_letter

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="how PostgreSQL's driver binds parameters"
)


def test_the_connections_cursors_bind_on_the_server(db):
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    with connection.cursor() as cursor:
        assert not isinstance(cursor.cursor, psycopg.ClientCursor)
        # A parameter the server binds keeps its type: no quoting into the query's text.
        cursor.execute("SELECT pg_typeof(%s)::text, %s", [b"\x00\x01", "it's"])
        assert cursor.fetchone() == ("bytea", "it's")


def test_an_autosave_goes_through_them(alice_client, alice):
    letter = write_letter(alice, body="the first words")
    sent = {"body": "it's later now", "title": "", "recipient": "", "version": letter.version}
    response = alice_client.post(
        reverse("autosave", args=[letter.id]), sent, content_type="application/json"
    )
    assert response.status_code == 200
    assert Letter.objects.get(id=letter.id).read(alice.user_key).body == "it's later now"
