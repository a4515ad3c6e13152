"""django-axes: five failures for a username from an address, or fifty from anywhere, then a
15-minute pause; the address is read behind trusted proxies only (letters/keys/lockout.py)."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


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


# Behind a reverse proxy (UNSENT_TRUSTED_PROXIES): every request comes from the proxy's address.
PROXY = "10.0.0.2"


def fail_from(client, address, times=1, username="alice", forwarded=None):
    """Failures from a client whose address the proxy adds to X-Forwarded-For."""
    header = forwarded if forwarded is not None else address
    for _ in range(times):
        response = client.post(
            reverse("login"),
            {"username": username, "password": "wrong guess"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=header,
        )
    return response


def log_in_from(client, address):
    return client.post(
        reverse("login"),
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def addresses_counted() -> list[str]:
    return sorted(AccessAttempt.objects.values_list("ip_address", flat=True))


def test_without_trusted_proxies_x_forwarded_for_is_not_believed(client, alice):
    for n in range(4):
        assert fail_from(client, f"198.51.100.{n}").status_code == 200
    assert fail_from(client, "198.51.100.9").status_code == 429
    assert addresses_counted() == [PROXY]


def test_behind_a_trusted_proxy_a_guesser_cannot_pause_the_writer(client, alice, settings):
    settings.UNSENT_TRUSTED_PROXIES = 1
    assert fail_from(client, "198.51.100.7", times=5).status_code == 429
    assert log_in_from(client, "203.0.113.9").status_code == 302
    assert addresses_counted() == ["198.51.100.7"]


def test_behind_a_trusted_proxy_an_address_made_up_by_the_client_is_not_believed(
    client, alice, settings
):
    settings.UNSENT_TRUSTED_PROXIES = 1
    for n in range(4):
        made_up = f"192.0.2.{n}, 198.51.100.7"  # the client's own header, then the proxy's entry
        assert fail_from(client, "", forwarded=made_up).status_code == 200
    assert fail_from(client, "", forwarded="192.0.2.99, 198.51.100.7").status_code == 429
    assert addresses_counted() == ["198.51.100.7"]


def test_behind_two_trusted_proxies_the_writer_is_second_from_the_right(client, alice, settings):
    settings.UNSENT_TRUSTED_PROXIES = 2
    fail_from(client, "", forwarded="192.0.2.1, 198.51.100.7, 10.0.0.1")
    assert addresses_counted() == ["198.51.100.7"]


@pytest.mark.parametrize(
    ("proxies", "forwarded"), [(2, "198.51.100.7"), (1, "not an address"), (1, "")]
)
def test_a_short_or_garbled_header_counts_the_proxy_address(
    client, alice, settings, proxies, forwarded
):
    settings.UNSENT_TRUSTED_PROXIES = proxies
    fail_from(client, "", forwarded=forwarded)
    assert addresses_counted() == [PROXY]


def test_a_username_tried_from_many_addresses_is_paused_everywhere(client, alice, settings):
    settings.UNSENT_TRUSTED_PROXIES = 1
    # Nine addresses, five tries each: each address is paused, the writer is not.
    for n in range(9):
        assert fail_from(client, f"198.51.100.{n}", times=5).status_code == 429
    assert log_in_from(client, "203.0.113.9").status_code == 302
    client.post(reverse("logout"))
    # The fiftieth try, from a tenth address, pauses the username from anywhere.
    assert fail_from(client, "198.51.100.10", times=4).status_code == 200
    assert fail_from(client, "198.51.100.10").status_code == 429
    assert log_in_from(client, "203.0.113.9").status_code == 429
    assert "You can try again in 15 minutes." in log_in_from(client, "203.0.113.9").content.decode()


def test_a_bad_number_of_proxies_gets_a_clear_error():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={"UNSENT_TRUSTED_PROXIES": "-1", "SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "ImproperlyConfigured: UNSENT_TRUSTED_PROXIES must be 0 or more" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_form_data_kept_by_older_versions_is_forgotten_on_migrate():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    MigrationExecutor(connection).migrate([("letters", "0005_letter_newest_first_index")])
    try:
        AccessAttempt.objects.create(
            username="alice",
            ip_address="198.51.100.7",
            user_agent="a browser",
            http_accept="*/*",
            path_info="/account/password/",
            get_data="",
            post_data="new_password1=kept-in-clear\nnew_password2=kept-in-clear",
            failures_since_start=1,
        )
        MigrationExecutor(connection).migrate([("letters", "0006_forget_axes_post_data")])
        assert AccessAttempt.objects.count() == 0
    finally:
        # Back to the newest schema, for the tests after this one.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_pause_begins_with_the_letters_being_safe_and_blames_no_one(client, alice):
    fail(client, times=4)
    page = fail(client).content.decode()
    under_heading = page.split("</h1>", 1)[1].lstrip()
    assert under_heading.startswith("<p>Your letters are safe, just as you left them.")
    assert "wrong password" not in page


def test_five_wrong_passwords_asked_again_while_logged_in_warn_then_pause_and_lead_back(
    alice_client, alice
):
    """Asked again for the password (to export), wrong tries count as at login: each says so
    first, and the pause says the writer is still in, with their letters open, and leads back."""
    for _ in range(4):
        page = alice_client.post(
            reverse("export_letters"), {"password": "wrong guess"}
        ).content.decode()
    assert (
        "That password doesn&#x27;t match. Please try again. After 5 tries that don&#x27;t match, logging in pauses for 15 minutes, to keep your letters safe."
        in page
    )
    response = alice_client.post(reverse("export_letters"), {"password": "wrong guess"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "You're still logged in, and your letters are open." in page
    assert "You can try your password again in 15 minutes." in page
    assert f'<a href="{reverse("desk")}">Back to your desk</a>' in page
    assert "Your letters are safe, just as you left them." not in page
    assert alice_client.get(reverse("desk")).status_code == 200


def test_the_pause_after_unlock_tries_does_not_say_the_letters_are_open(alice_client):
    from django.conf import settings as s

    del alice_client.cookies[s.UNSENT_KEY_COOKIE]
    for _ in range(5):
        response = alice_client.post(reverse("unlock"), {"password": "wrong guess"})
    page = response.content.decode()
    assert "Your letters are safe, just as you left them." in page
    assert "your letters are open" not in page
