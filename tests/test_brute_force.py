"""django-axes: five failures for a username from an address, then a 15-minute pause."""

import datetime

from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import PASSWORD


def fail(client, username="alice", times=1):
    for _ in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "wrong guess"})
    return response


def test_a_lockout_is_logged(client, alice, caplog):
    import logging

    caplog.set_level(logging.WARNING)
    fail(client, times=5)
    locked = [
        r
        for r in caplog.records
        if r.name.startswith("axes") and "locking out" in r.getMessage().lower()
    ]
    assert len(locked) == 1
    assert locked[0].levelno == logging.WARNING


def test_five_failures_pause_logins_and_say_when_to_try_again(client, alice):
    assert fail(client, times=4).status_code == 200
    response = fail(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "You can try again in 15 minutes." in page
    # Even the right password waits out the pause.
    right = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert right.status_code == 429


def test_the_pause_ends_after_fifteen_minutes(client, alice, settings):
    fail(client, times=5)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_a_success_resets_the_count(client, alice):
    fail(client, times=4)
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    client.post(reverse("logout"))
    assert fail(client, times=4).status_code == 200


def test_it_counts_username_and_address_together(client, alice, bob):
    fail(client, "alice", times=5)
    # Another writer from the same address is not paused.
    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302


def test_unlock_failures_count_too(alice_client, settings):
    from django.conf import settings as s

    del alice_client.cookies[s.UNSENT_KEY_COOKIE]
    for _ in range(5):
        response = alice_client.post(reverse("unlock"), {"password": "wrong guess"})
    assert response.status_code == 429


def test_sign_up_says_the_same_for_a_taken_username(client, alice):
    response = client.post(
        reverse("signup"),
        {"username": "alice", "password1": "x" * 14, "password2": "x" * 14, "understood": "on"},
    )
    assert (
        "That username can&#x27;t be used. Please choose another one." in response.content.decode()
    )
