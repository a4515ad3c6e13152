"""A page's cost does not grow with the number of letters (issue 7).

The desk and archive are covered in test_desk.py, search's queries in test_search.py; these add
the reading view and the editor, and that a search opens each letter once.
"""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.keys import crypto
from tests.conftest import many_letters, write_letter


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["read", "edit"])
def test_a_letter_costs_the_same_among_10_or_1000(alice_client, alice, name):
    letter = write_letter(alice, body="the one I open")
    many_letters(alice, 10, status="sealed")
    few = queries_for(alice_client, reverse(name, args=[letter.id]))
    many_letters(alice, 990, status="sealed")
    assert queries_for(alice_client, reverse(name, args=[letter.id])) == few


def test_the_reading_view_decrypts_only_its_letter(alice_client, alice, monkeypatch):
    letter = write_letter(alice, body="the one I open", title="Mine")
    many_letters(alice, 30)
    kinds = Counter()
    real = crypto.associated_data
    monkeypatch.setattr(
        crypto, "associated_data", lambda kind, *a: kinds.update([kind]) or real(kind, *a)
    )
    assert alice_client.get(reverse("read", args=[letter.id])).status_code == 200
    assert kinds["letter.key"] == 1
    assert kinds["letter.body"] == 1


def test_a_search_opens_each_letter_once(alice_client, alice, monkeypatch):
    many_letters(alice, 40)
    kinds = Counter()
    real = crypto.associated_data_each  # which associated_data() makes its one kind with
    monkeypatch.setattr(
        crypto, "associated_data_each", lambda named, *a: kinds.update(named) or real(named, *a)
    )
    page = alice_client.post(reverse("search"), {"q": "number"}).content.decode()
    assert "40 letters found" in page
    assert kinds["letter.body"] == kinds["letter.title"] == 40
    # The key once more for each of the page's 20 letters, untitled, to open who it is to.
    assert kinds["letter.key"] == 40 + 20
    assert kinds["letter.recipient"] == 20


def test_a_page_reads_the_writer_with_their_profile_in_one_query(alice_client):
    """Every page reads the profile (its language first of all): with the user, not after."""
    with CaptureQueriesContext(connection) as captured:
        assert alice_client.get(reverse("prompts")).status_code == 200
    read = [query["sql"].split(" FROM ")[1].split()[0] for query in captured.captured_queries]
    assert read == ['"django_session"', '"auth_user"']
    assert '"letters_profile"' in captured.captured_queries[1]["sql"]
