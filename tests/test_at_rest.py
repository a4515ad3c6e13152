"""Encrypted at rest: the raw database files never hold a letter's words, and a shred leaves
nothing of the letter behind in them."""

import json
import logging
import uuid
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.urls import reverse

from letters.models import Letter, Shred
from tests.conftest import log_in, make_writer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="reads the raw SQLite files; PostgreSQL has its own"
    ),
]

MARKERS = {
    "body": "BODYMARK-7f3a-the-rain-on-the-window",
    "title": "TITLEMARK-91cc",
    "recipient": "NAMEMARK-Samantha",
}


def raw_database_bytes() -> bytes:
    """The SQLite file with its WAL and shared-memory files, as a thief would copy them."""
    name = Path(connection.settings_dict["NAME"])
    return b"".join(
        path.read_bytes()
        for path in (name, Path(f"{name}-wal"), Path(f"{name}-shm"))
        if path.exists()
    )


def autosave(client, letter_id, version, **fields):
    return client.post(
        reverse("autosave", args=[letter_id]),
        json.dumps({"body": "", "title": "", "recipient": "", **fields, "version": version}),
        content_type="application/json",
    )


def stored_blobs(letter_id) -> list[bytes]:
    row = Letter.objects.filter(id=letter_id).values(*Letter.SECRET_FIELDS, "wrapped_key").get()
    return [bytes(value) for value in row.values()]


def start_letter(client, writer):
    client.post(reverse("new_letter"))
    return Letter.objects.filter(owner=writer.user).latest("created")


def test_no_marker_reaches_the_database_files(client):
    writer = make_writer("erin")
    log_in(client, writer)
    client.post(reverse("default_recipient"), {"recipient": "DEFAULTNAME-Jo"})
    letter = start_letter(client, writer)
    response = autosave(client, letter.id, letter.version, **MARKERS)
    assert response.status_code == 200
    assert Letter.objects.get(id=letter.id).read(writer.user_key).body == MARKERS["body"]
    raw = raw_database_bytes()
    for marker in [*MARKERS.values(), "DEFAULTNAME-Jo"]:
        assert marker.encode() not in raw, marker
        assert marker.encode("utf-16-le") not in raw, marker


def test_a_shred_leaves_no_byte_of_the_letter_in_the_files(client):
    writer = make_writer("finn")
    log_in(client, writer)
    letter = start_letter(client, writer)
    ever_stored = set(stored_blobs(letter.id))
    version = letter.version
    for n in range(5):
        response = autosave(client, letter.id, version, body=f"version {n} " * 200, title=f"t{n}")
        version = response.json()["version"]
        ever_stored.update(stored_blobs(letter.id))
    assert len(ever_stored) >= 5 * 4
    response = client.post(reverse("shred", args=[letter.id]), {"confirm": "shred"})
    assert response.url == reverse("shredded")
    raw = raw_database_bytes()
    found = [blob[:8].hex() for blob in ever_stored if blob in raw]
    assert found == []
    assert list(
        Shred.objects.filter(owner=writer.user).values_list("owner__username", flat=True)
    ) == ["finn"]
    assert client.get(reverse("read", args=[letter.id])).status_code == 404


def test_deleting_the_account_leaves_no_byte_of_its_letters_or_keys(client):
    from letters.models import Profile

    writer = make_writer("gus")
    log_in(client, writer)
    letters = [start_letter(client, writer) for _ in range(3)]
    for letter in letters:
        autosave(client, letter.id, letter.version, body="words " * 300, title="t")
    blobs = [blob for letter in letters for blob in stored_blobs(letter.id)]
    profile = Profile.objects.get(user=writer.user)
    blobs += [bytes(profile.password_wrapped_key), bytes(profile.recovery_wrapped_key)]
    response = client.post(
        reverse("delete_account"), {"password": writer.password, "confirm": "on"}
    )
    assert response.url == reverse("account_deleted")
    raw = raw_database_bytes()
    assert [blob[:8].hex() for blob in blobs if blob in raw] == []


def test_a_password_typed_into_a_failed_change_or_the_username_field_is_kept_nowhere(
    client, caplog
):
    caplog.set_level(logging.DEBUG)
    mark = uuid.uuid4().hex[:12]
    new_password = f"NEWPASS-{mark}-lanterns-over-still-water"
    typed_as_username = f"ASUSER-{mark}-a-password-in-the-wrong-box"
    writer = make_writer("hana")
    log_in(client, writer)

    wrong = {"password": "not my password", "new_password1": new_password}
    failed = client.post(reverse("password_change"), {**wrong, "new_password2": new_password})
    assert "That password doesn&#x27;t match." in failed.content.decode()
    # The second, right try makes the new password the writer's current one.
    right = {"password": writer.password, "new_password1": new_password}
    changed = client.post(reverse("password_change"), {**right, "new_password2": new_password})
    assert changed.url == reverse("desk")
    client.post(reverse("logout"))
    login = {"username": typed_as_username, "password": new_password}
    assert client.post(reverse("login"), login).status_code == 200

    assert AccessAttempt.objects.count() == 2  # both failures were counted, and kept
    failures = [r for r in caplog.records if r.getMessage().startswith("AXES: New login failure")]
    assert len(failures) == 2  # and logged
    raw = raw_database_bytes()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (new_password, typed_as_username):
        assert secret.encode() not in raw, secret[:6]
        assert secret not in logged, secret[:6]
    assert mark not in logged
    assert mark.encode() not in raw


def test_a_passkey_login_leaves_no_prf_output_or_key_in_the_files_or_the_logs(client, caplog):
    from letters.keys import crypto
    from letters.keys.passkeys import decode, encode
    from letters.models import Passkey
    from tests.passkey_authenticator import SoftPasskey, add_passkey, options_for

    caplog.set_level(logging.DEBUG)
    writer = make_writer("ines")
    log_in(client, writer)
    passkey = SoftPasskey()
    add_passkey(client, writer.password, passkey)
    client.post(reverse("logout"))
    fields = passkey.answer(options_for(client, "login"))
    assert client.post(reverse("login_with_passkey"), fields).url == reverse("desk")
    client.post(reverse("logout"))
    # A failed try too, carrying the right PRF output: axes counts it and keeps no form data.
    refused = passkey.answer(options_for(client, "login"), sign_count=0)
    assert client.post(reverse("login_with_passkey"), refused).status_code == 400
    assert AccessAttempt.objects.count() == 1

    prf = decode(fields["prf"])
    derived = crypto.derive_passkey_key(prf, bytes(Passkey.objects.get().salt))
    raw = raw_database_bytes()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (prf, derived, writer.user_key):
        assert secret not in raw
        for text in (encode(secret), secret.hex()):
            assert text.encode() not in raw
            assert text not in logged
