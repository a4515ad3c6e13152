"""Passwords a guesser tries first are refused, with the reason and a passphrase suggested."""

import gzip

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from letters.keys.validators import COMMON_PASSWORDS
from letters.models import Profile
from tests.conftest import PASSWORD

REPEATS = "This password uses the same few characters, or the same piece, over and over"
SEQUENCE = "This password follows a simple sequence, like 1234… or qwerty…"
LEAKED = "This password is one of the passwords that have leaked from other websites"
ADVICE = (
    "so it would be among the first a guesser tries. Four or more ordinary words strung "
    "together, ones that someone close to you would not think of, are easy to remember and far "
    "harder to guess."
)
GUESSABLE = [
    (" " * 12, REPEATS),
    ("aaaaaaaaaaaa", REPEATS),
    ("ababababababab", REPEATS),
    ("aabbccddaabbccdd", REPEATS),
    ("lanternlanternlantern", REPEATS),
    ("123456789012", SEQUENCE),
    ("987654321098", SEQUENCE),
    ("abcdefghijkl", SEQUENCE),
    ("ZYXWVUTSRQPO", SEQUENCE),
    ("qwertyuiopas", SEQUENCE),
    ("azertyuiopqsdf", SEQUENCE),
    ("!@#$%^&*()_+", SEQUENCE),
    ("135791357913", SEQUENCE),
    ("password1234", LEAKED),
    ("1q2w3e4r5t6y", LEAKED),
    ("Sonyericsson", LEAKED),
    ("iloveyouforever", LEAKED),
]


def sign_up(client, password):
    return client.post(
        reverse("signup"),
        {"username": "dana", "password1": password, "password2": password, "understood": "on"},
    )


@pytest.mark.parametrize(("password", "why"), GUESSABLE)
def test_it_refuses_a_password_a_guesser_tries_first(password, why):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert refused.value.messages == [f"{why}, {ADVICE}"]


@pytest.mark.parametrize(("password", "why"), GUESSABLE[::4])
def test_sign_up_refuses_it_and_says_why(client, db, password, why):
    page = sign_up(client, password).content.decode()
    assert f"{why}, {ADVICE}" in page
    assert not get_user_model().objects.filter(username="dana").exists()


def test_a_password_change_refuses_it_and_keeps_the_old_password(alice_client, alice):
    response = alice_client.post(
        reverse("password_change"),
        {"password": PASSWORD, "new_password1": "qwertyuiopas", "new_password2": "qwertyuiopas"},
    )
    assert f"{SEQUENCE}, {ADVICE}" in response.content.decode()
    assert Profile.objects.get(user=alice.user).open_with_password(PASSWORD)


@pytest.mark.parametrize(
    "password",
    ["lanterns over still water", "kettle-orchard-tuesday-gull", "Bramble & the 3 lost herons"],
)
def test_a_passphrase_of_ordinary_words_passes(client, db, password):
    validate_password(password)
    assert sign_up(client, password).url == reverse("recovery_code")


def test_the_list_holds_the_long_passwords_among_a_million_leaked():
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        passwords = [line.rstrip("\n") for line in lines]
    assert len(passwords) == 44_021
    assert len(set(passwords)) == len(passwords)
    assert min(len(password) for password in passwords) == 12
    assert all(password == password.lower().strip() for password in passwords)
