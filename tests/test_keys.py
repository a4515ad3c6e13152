"""The writer's key hierarchy, with the real database and real Argon2id."""

import sqlite3

import pytest
from django.conf import settings
from django.db import connection

from letters.keys import crypto, keyring
from letters.models import Letter, Profile
from tests.conftest import PASSWORD, make_writer, write_letter


def profile_of(writer):
    return Profile.objects.get(user=writer.user)


def test_sign_up_key_opens_with_the_password(alice):
    assert profile_of(alice).open_with_password(PASSWORD) == alice.user_key


def test_sign_up_key_opens_with_the_recovery_code(alice):
    assert profile_of(alice).open_with_recovery_code(alice.recovery_code) == alice.user_key


@pytest.mark.parametrize("wrong", ["a-quiet-river-under-glasS", "", "a-quiet-river-under-glass "])
def test_it_opens_with_nothing_else(alice, wrong):
    with pytest.raises(crypto.DecryptionError):
        profile_of(alice).open_with_password(wrong)


def test_another_recovery_code_does_not_open_it(alice):
    with pytest.raises(crypto.DecryptionError):
        profile_of(alice).open_with_recovery_code(crypto.new_recovery_code())


def test_another_writers_password_wrap_does_not_open_it(alice, bob):
    alices, bobs = profile_of(alice), profile_of(bob)
    # Same password; bob's wrapped key moved onto alice's row fails its authenticated data.
    alices.password_wrapped_key = bobs.password_wrapped_key
    alices.password_salt = bobs.password_salt
    with pytest.raises(crypto.DecryptionError):
        alices.open_with_password(PASSWORD)


def test_stored_params_are_bound_to_the_wrapped_key(alice):
    profile = profile_of(alice)
    profile.kdf_params = "argon2id:m=19456,t=3,p=1"
    with pytest.raises(crypto.DecryptionError):
        profile.open_with_password(PASSWORD)


def test_params_below_the_floor_in_storage_are_refused(alice):
    profile = profile_of(alice)
    profile.kdf_params = "argon2id:m=1024,t=1,p=1"
    with pytest.raises(crypto.WeakParameters):
        profile.open_with_password(PASSWORD)


def test_keys_are_made_with_the_configured_params(alice):
    assert profile_of(alice).kdf_params == str(crypto.FLOOR)


def test_weak_configuration_is_refused(settings):
    settings.UNSENT_KDF = "argon2id:m=1024,t=1,p=1"
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        keyring.current_params()


def raw_rows(sql: str) -> list[tuple[bytes, ...]]:
    """Rows as a thief with a copy of the database reads them: SQLite's file, or plain SQL."""
    if connection.vendor == "sqlite":
        connection.close()
        raw = sqlite3.connect(settings.DATABASES["default"]["TEST"]["NAME"])
        rows = raw.execute(sql).fetchall()
        raw.close()
        return rows
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(bytes(value) for value in row) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_a_stolen_database_and_secret_key_open_nothing():
    """Read the raw rows from the database and try every key the server could know."""
    writer = make_writer("carol")
    write_letter(writer, body="MARKER-stolen-row", title="t", recipient="r")
    wrapped_user_keys = raw_rows(
        "select password_wrapped_key, recovery_wrapped_key from letters_profile"
    )[0]
    letter_rows = raw_rows("select wrapped_key, body, title, recipient from letters_letter")
    assert b"MARKER" not in b"".join(b"".join(row) for row in letter_rows)
    # Everything an attacker holds besides the password: SECRET_KEY and its derivatives.
    candidates = [settings.SECRET_KEY.encode()[:32].ljust(32, b"\0"), bytes(32)]
    from django.utils.crypto import salted_hmac

    candidates.append(salted_hmac("unsent", "key", algorithm="sha256").digest())
    for key in candidates:
        for blob in (*wrapped_user_keys, *letter_rows[0]):
            with pytest.raises(crypto.DecryptionError):
                crypto.decrypt(key, blob, b"")
            with pytest.raises(crypto.DecryptionError):
                crypto.decrypt(
                    key,
                    blob,
                    crypto.associated_data(
                        "user.key.password", writer.user.pk, writer.user.pk, str(crypto.FLOOR)
                    ),
                )


def test_password_change_and_recovery_keep_every_letter_opening(alice):
    letters = [write_letter(alice, body=f"letter {n}") for n in range(3)]
    profile = profile_of(alice)
    profile.wrap_under_password(alice.user_key, "a brand new password here")
    code = profile.wrap_under_new_recovery_code(alice.user_key)
    profile.save()
    profile.refresh_from_db()
    user_key = profile.open_with_recovery_code(code)
    assert profile.open_with_password("a brand new password here") == user_key
    assert [Letter.objects.get(id=x.id).read(user_key).body for x in letters] == [
        "letter 0",
        "letter 1",
        "letter 2",
    ]
    with pytest.raises(crypto.DecryptionError):
        profile.open_with_recovery_code(alice.recovery_code)
