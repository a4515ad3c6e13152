"""Autosave: the version check, the size limit, Unicode kept exactly, NUL refused."""

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from letters.models import Letter
from tests.conftest import write_letter


def autosave(client, letter, version, body="", title="", recipient=""):
    return client.post(
        reverse("autosave", args=[letter.id]),
        json.dumps({"body": body, "title": title, "recipient": recipient, "version": version}),
        content_type="application/json",
        headers={"Accept": "application/json"},
    )


def stored(alice, letter):
    return Letter.objects.get(id=letter.id).read(alice.user_key)


def test_it_saves_and_moves_the_version_on(alice_client, alice):
    letter = write_letter(alice, body="one")
    response = autosave(alice_client, letter, letter.version, "one two three", "t", "Sam")
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == letter.version + 1
    assert data["words"] == 3
    assert set(data) == {"version", "saved_at", "saved_iso", "words"}
    assert stored(alice, letter).__dict__ == {
        "body": "one two three",
        "title": "t",
        "recipient": "Sam",
    }


def test_a_second_save_from_the_same_version_gets_409_and_the_first_is_kept(alice_client, alice):
    letter = write_letter(alice, body="start")
    first = autosave(alice_client, letter, letter.version, "from tab one")
    second = autosave(alice_client, letter, letter.version, "from tab two")
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json() == {
        "error": "stale",
        "saved": {"body": "from tab one", "title": "", "recipient": ""},
        "version": letter.version + 1,
    }
    assert stored(alice, letter).body == "from tab one"


def test_it_refuses_a_letter_over_the_limit(alice_client, alice, settings):
    settings.UNSENT_MAX_LETTER_CHARS = 100_000
    letter = write_letter(alice, body="kept")
    response = autosave(alice_client, letter, letter.version, "x" * 100_001)
    assert response.status_code == 400
    assert response.json()["error"].startswith(
        "Your words are still here on this page. This letter is longer than 100,000 "
        "characters, the most one letter can hold, so it isn't saved yet"
    )
    assert stored(alice, letter).body == "kept"
    assert autosave(alice_client, letter, letter.version, "x" * 100_000).status_code == 200


def test_the_default_limit_is_at_least_100000_characters(settings):
    assert settings.UNSENT_MAX_LETTER_CHARS >= 100_000


def test_it_refuses_nul_bytes_with_a_message(alice_client, alice):
    letter = write_letter(alice, body="kept")
    response = autosave(alice_client, letter, letter.version, "before\x00after")
    assert response.status_code == 400
    assert response.json()["error"].startswith("Your words are still here on this page. ")
    assert "NUL" in response.json()["error"]
    assert stored(alice, letter).body == "kept"


def test_it_refuses_garbled_json(alice_client, alice):
    letter = write_letter(alice, body="kept")
    response = alice_client.post(
        reverse("autosave", args=[letter.id]), b"\xff\xfe{", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": "Your words are still here on this page. "
        "They reached us garbled, so nothing was saved yet: try again."
    }
    assert stored(alice, letter).body == "kept"


def test_it_refuses_to_save_a_sealed_letter(alice_client, alice):
    letter = write_letter(alice, body="sealed words")
    letter.seal()
    response = autosave(alice_client, letter, letter.version, "changed")
    assert response.status_code == 409
    assert response.json() == {
        "error": "Your words are still here on this page. "
        "This letter is sealed, so it can't be changed any more."
    }
    assert stored(alice, letter).body == "sealed words"


UNICODE = [
    "emoji 👩🏽‍❤️‍👨🏻 and flags 🇵🇹",
    "مرحبا، لم أرسل هذه الرسالة أبداً",
    "e\u0301 a\u0308 combining marks, and \u200d zero width joiner",
    "tabs\tand\nnew lines\n\n  and leading spaces",
    "\U0010fffd private use and \U0001d518\U0001d52b",
]


@pytest.mark.parametrize("body", UNICODE)
def test_it_keeps_any_unicode_exactly(alice_client, alice, body):
    letter = write_letter(alice)
    assert autosave(alice_client, letter, letter.version, body, title=body[:50]).status_code == 200
    text = stored(alice, letter)
    assert text.body.encode("utf-8") == body.encode("utf-8")
    assert text.title == body[:50]


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\r"))
)
def test_any_text_round_trips(alice_client, alice, body):
    letter = write_letter(alice)
    assert autosave(alice_client, letter, letter.version, body).status_code == 200
    assert stored(alice, letter).body == body


def test_it_rejects_get(alice_client, alice):
    letter = write_letter(alice)
    assert alice_client.get(reverse("autosave", args=[letter.id])).status_code == 405


def test_it_reads_the_letter_once_to_change_it(alice_client, alice):
    """One read of the letter, the one that locks it, not one before it as well."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    letter = write_letter(alice, body="first")
    url = reverse("autosave", args=[letter.id])
    with CaptureQueriesContext(connection) as captured:
        response = alice_client.post(
            url,
            json.dumps({"body": "second", "title": "", "recipient": "", "version": letter.version}),
            content_type="application/json",
        )
    assert response.status_code == 200
    reads = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "letters_letter"' in q["sql"]
    ]
    assert len(reads) == 1
