import datetime
import json
import time

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from letters.http.middleware import LOGIN_AT
from letters.keys.backends import KeyringBackend
from letters.models import MarginNote
from tests.conftest import PASSWORD, seal_a_day_ago, write_letter


def test_the_idle_timeout_is_thirty_minutes():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60


def test_an_active_session_is_pushed_back_at_most_once_a_minute(alice_client):
    from django.contrib.sessions.models import Session

    from letters.http.middleware import SEEN_AT

    key = alice_client.session.session_key
    alice_client.get(reverse("desk"))
    first = Session.objects.get(session_key=key).expire_date
    alice_client.get(reverse("desk"))
    assert Session.objects.get(session_key=key).expire_date == first  # not saved again
    session = alice_client.session
    session[SEEN_AT] = time.time() - 61
    session.save()
    saved = Session.objects.get(session_key=key).expire_date
    alice_client.get(reverse("desk"))
    assert Session.objects.get(session_key=key).expire_date > saved


def test_login_makes_a_new_session_key(client, alice):
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    assert client.session.session_key == client.cookies["sessionid"].value


def past_its_lifetime(client, settings) -> None:
    session = client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_MAX_HOURS * 3600 - 1
    session.save()


def test_a_login_ends_after_its_absolute_lifetime_and_comes_back_to_the_page(
    alice_client, settings
):
    past_its_lifetime(alice_client, settings)
    response = alice_client.get(reverse("desk"))
    assert response.url == "/login/?next=/desk/"
    assert "_auth_user_id" not in alice_client.session
    login = alice_client.get(response.url).content.decode()
    assert "For your privacy, you were logged out. Log in again." in login


def test_a_form_sent_as_the_lifetime_ends_says_it_was_not_saved(alice_client, alice, settings):
    """The twelve hours end as a margin note is sent: the login says so, and leads back to the
    page it was sent from."""
    letter = seal_a_day_ago(write_letter(alice))
    past_its_lifetime(alice_client, settings)
    page = reverse("read", args=[letter.id])
    response = alice_client.post(
        reverse("add_note", args=[letter.id]),
        {"text": "a note at the twelfth hour"},
        headers={"Referer": f"http://testserver{page}"},
    )
    assert response["Location"] == f"/login/?next={page}"
    login = alice_client.get(response["Location"]).content.decode()
    assert "so what you just sent wasn&#x27;t saved" in login
    assert "For your privacy" not in login
    assert MarginNote.objects.count() == 0


def test_a_save_sent_as_the_lifetime_ends_hears_it_was_not_saved(alice_client, alice, settings):
    """The editor keeps the words and says "Not saved — you were logged out" (editor.js)."""
    letter = write_letter(alice, body="one")
    past_its_lifetime(alice_client, settings)
    response = alice_client.post(
        reverse("autosave", args=[letter.id]),
        json.dumps({"body": "two", "title": "", "recipient": "", "version": letter.version}),
        content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 401
    assert response.json()["error"] == "logged out"


def test_a_login_within_its_lifetime_goes_on(alice_client, settings):
    session = alice_client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_MAX_HOURS * 3600 + 60
    session.save()
    assert alice_client.get(reverse("desk")).status_code == 200


def test_a_session_past_its_idle_timeout_no_longer_logs_in(alice_client):
    key = alice_client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = alice_client.get(reverse("desk"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_writer_made_inactive_is_logged_out_at_their_next_request(alice_client, alice):
    assert alice_client.get(reverse("desk")).status_code == 200
    alice.user.is_active = False
    alice.user.save()
    response = alice_client.get(reverse("desk"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_each_request_reads_the_writer_through_keyring_backend(alice_client, alice):
    assert alice_client.session["_auth_user_backend"] == "letters.keys.backends.KeyringBackend"
    found = KeyringBackend().get_user(alice.user.pk)
    assert (found.pk, found.username, found.password) == (
        alice.user.pk,
        "alice",
        alice.user.password,
    )
    assert KeyringBackend().get_user(alice.user.pk + 1000) is None


def test_a_password_form_sent_as_the_lifetime_ends_says_it_was_not_done(
    alice_client, alice, settings
):
    """Deleting the account (a login, not the key, is what it needs): the login page says that
    nothing was done, rather than nothing at all."""
    past_its_lifetime(alice_client, settings)
    page = reverse("delete_account")
    response = alice_client.post(
        page, {"password": PASSWORD}, headers={"Referer": f"http://testserver{page}"}
    )
    assert response["Location"] == f"/login/?next={page}"
    login = alice_client.get(response["Location"]).content.decode()
    assert "so what you just sent wasn&#x27;t saved" in login
    assert get_user_model().objects.filter(pk=alice.user.pk).exists()
