"""Autosave: the version check, the size limit, Unicode kept exactly, bad input refused."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from letters.models import Letter
from tests.conftest import PASSWORD, write_letter


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


@pytest.mark.parametrize(
    ("field", "what"), [("title", "A title"), ("recipient", "The name after “Dear”")]
)
def test_a_title_or_name_is_counted_in_characters_and_refused_in_words_when_over(
    alice_client, alice, field, what
):
    letter = write_letter(alice, body="kept")
    response = autosave(alice_client, letter, letter.version, "kept", **{field: "🌊" * 201})
    assert response.status_code == 400
    assert response.json() == {
        "error": f"{what} can hold up to 200 characters and this one has 201. Shorten it a "
        "little and save again; the rest of your words are still here."
    }
    saved = autosave(alice_client, letter, letter.version, "kept", **{field: "🌊" * 200})
    assert saved.status_code == 200
    assert getattr(stored(alice, letter), field) == "🌊" * 200


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
        "error": "Your words are still here on this page. They reached us garbled, so nothing "
        "was saved yet: press Save to try again."
    }
    assert stored(alice, letter).body == "kept"


@pytest.mark.parametrize(
    "sent",
    [
        {"body": {"a": 1}, "title": "", "recipient": "", "version": 1},
        {"body": "words", "title": [], "recipient": "", "version": 1},
        {"body": "words", "title": "", "recipient": None, "version": 1},
        {"body": "words", "title": "", "recipient": "", "version": True},
        ["words"],
    ],
)
def test_it_refuses_json_that_is_not_a_save_of_texts(alice_client, alice, sent):
    letter = write_letter(alice, body="kept")
    response = alice_client.post(
        reverse("autosave", args=[letter.id]), json.dumps(sent), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith(
        "Your words are still here on this page. They reached us garbled"
    )
    assert stored(alice, letter).__dict__ == {"body": "kept", "title": "", "recipient": ""}


BROKEN_CHARACTER = (
    "Your words are still here on this page. Your letter holds a broken character we can't "
    "keep (half of an emoji or a symbol), often from something pasted in: remove it and save "
    "again."
)


@pytest.mark.parametrize("field", ["body", "title", "recipient"])
@pytest.mark.parametrize("half", ["\ud800", "\udfff"])
def test_it_refuses_half_an_emoji_in_any_field_with_a_message(alice_client, alice, field, half):
    letter = write_letter(alice, body="kept")
    # json.dumps writes it as JSON.stringify does in a browser: as the escape \ud800.
    response = autosave(alice_client, letter, letter.version, **{field: f"a{half}b"})
    assert response.status_code == 400
    assert response.json() == {"error": BROKEN_CHARACTER}
    assert stored(alice, letter).__dict__ == {"body": "kept", "title": "", "recipient": ""}


def test_a_whole_emoji_written_as_two_escapes_is_kept(alice_client, alice):
    letter = write_letter(alice, body="kept")
    assert json.dumps("a\U0001f600b") == '"a\\ud83d\\ude00b"'  # as autosave() sends it
    response = autosave(alice_client, letter, letter.version, "a\U0001f600b")
    assert response.status_code == 200
    assert stored(alice, letter).body == "a\U0001f600b"


def test_it_refuses_json_nested_too_deep_to_read(alice_client, alice):
    letter = write_letter(alice, body="kept")
    response = alice_client.post(
        reverse("autosave", args=[letter.id]), "[" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith(
        "Your words are still here on this page. They reached us garbled"
    )
    assert stored(alice, letter).body == "kept"


@pytest.mark.parametrize("encode", ["multipart", "urlencoded"])
def test_it_refuses_a_save_posted_as_a_form_with_a_message(alice, encode):
    # With CSRF checked as in production: the check reads a multipart body as it arrives.
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    client.post(
        reverse("login"),
        {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    token = client.cookies["csrftoken"].value
    letter = write_letter(alice, body="kept")
    fields = {"body": "changed", "title": "", "recipient": "", "version": letter.version}
    url = reverse("autosave", args=[letter.id])
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    if encode == "multipart":
        response = client.post(url, fields, headers=headers)
    else:
        form = f"body=changed&title=&recipient=&version={letter.version}"
        response = client.post(
            url, form, content_type="application/x-www-form-urlencoded", headers=headers
        )
    assert response.status_code == 415
    assert response.json() == {
        "error": "Your words are still here on this page. This save reached us in a shape we "
        "don't read, so nothing was saved: copy them, reload the page and paste them back."
    }
    assert stored(alice, letter).body == "kept"


def test_it_refuses_to_save_a_sealed_letter_and_offers_a_new_one(alice_client, alice):
    letter = write_letter(alice, body="sealed words")
    letter.seal()
    response = autosave(alice_client, letter, letter.version, "changed")
    assert response.status_code == 409
    assert response.json() == {
        "error": "Your words are still here on this page. This letter was sealed, perhaps in "
        "another tab, so they can't go into it: keep them as a new letter and nothing is lost.",
        "keep_as_new": True,
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


def test_after_logging_in_again_a_stale_token_is_refused_and_the_new_one_saves(alice, client):
    """The editor's way back after a login elsewhere: its old token is refused (403), it asks
    for the current one, and the save goes through with it."""
    checked = Client(enforce_csrf_checks=True)

    def log_in():
        token = checked.get(reverse("login")).context["csrf_token"]
        form = {"username": alice.user.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        assert checked.post(reverse("login"), form).status_code == 302

    log_in()
    letter = write_letter(alice, body="one")
    old_token = checked.get(reverse("form_token")).json()["token"]
    checked.post(reverse("logout"), {"csrfmiddlewaretoken": old_token})
    log_in()

    def save(token):
        return checked.post(
            reverse("autosave", args=[letter.id]),
            json.dumps(
                {"body": "one two", "title": "", "recipient": "", "version": letter.version}
            ),
            content_type="application/json",
            headers={"Accept": "application/json", "X-CSRFToken": token},
        )

    assert save(old_token).status_code == 403
    answer = checked.get(reverse("form_token"))
    assert answer["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert save(answer.json()["token"]).status_code == 200
    assert stored(alice, letter).body == "one two"


def test_the_saved_version_is_a_number_and_nothing_of_the_words(alice_client, alice, bob):
    letter = write_letter(alice, body="the words themselves", title="A title")
    answer = alice_client.get(reverse("saved_version", args=[letter.id]))
    assert answer.status_code == 200
    assert answer.json() == {"version": Letter.objects.get(id=letter.id).version}
    assert answer["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    # Someone else's letter is not there for this writer.
    bobs = write_letter(bob)
    assert alice_client.get(reverse("saved_version", args=[bobs.id])).status_code == 404
    assert alice_client.post(reverse("saved_version", args=[letter.id])).status_code == 405
