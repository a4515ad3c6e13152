import gzip
import itertools
from pathlib import Path

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule, saying what works instead of only what is wrong."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is shorter than %(min_length)d character. A few words strung "
            "together make a long one that is easy to remember.",
            "This password is shorter than %(min_length)d characters. A few words strung "
            "together make a long one that is easy to remember.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "At least %(min_length)d character.",
            "At least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's rule against a password close to the username, in our words."""

    def get_error_message(self) -> str:
        return gettext(
            "This password is too close to your username. Choose one that has nothing of it."
        )

    def get_help_text(self) -> str:
        return gettext("Not close to your username.")


class MaximumLengthValidator:
    """Refuse passwords so long that hashing them would only cost the server time."""

    def __init__(self, max_length: int = 1024) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is longer than %(max_length)d character.",
                    "This password is longer than %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password can be up to %(max_length)d character long.",
            "Your password can be up to %(max_length)d characters long.",
            self.max_length,
        ) % {"max_length": self.max_length}


COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
# Rows a guesser walks along, each read round and round: digits, the alphabet, and the keyboard's
# rows (QWERTY, QWERTZ and AZERTY letters; the digits row, plain and shifted).
SEQUENCES = (
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "1234567890-=",
    "!@#$%^&*()_+",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
)
FEWEST_DIFFERENT_CHARACTERS = 5
WHAT_WORKS = _(
    "Four or more ordinary words strung together, ones that someone close to you would not think "
    "of, are easy to remember and far harder to guess."
)
# Why a password is refused, by the code of the refusal: each a whole sentence, so that every
# language can build it its own way.
GUESSABLE = {
    "password_repetitive": _(
        "This password uses the same few characters, or the same piece, over and over, so it "
        "would be among the first a guesser tries."
    ),
    "password_sequence": _(
        "This password follows a simple sequence, like 1234… or qwerty…, so it would be among "
        "the first a guesser tries."
    ),
    "password_too_common": _(
        "This password is one of the passwords that have leaked from other websites, so it "
        "would be among the first a guesser tries."
    ),
}


class GuessablePasswordValidator:
    """Refuse the passwords a guesser tries first, and say why kindly.

    A copy of the database can be attacked offline, where nothing slows the guessing but the
    password itself (README, "What the encryption protects against"). So, whatever their
    length: the same few characters or the same piece over and over; a simple sequence such as
    123456789012 or qwertyuiopas; and the 12-character-or-longer passwords among the million
    most common in leaks (data/common-passwords.md says where the list comes from).
    """

    def __init__(self, password_list_path: Path | str = COMMON_PASSWORDS) -> None:
        with gzip.open(password_list_path, "rt", encoding="utf-8") as lines:
            self.passwords = frozenset(line.strip() for line in lines)

    def validate(self, password: str, user: object = None) -> None:
        if _is_repetitive(password):
            code = "password_repetitive"
        elif _is_sequence(password):
            code = "password_sequence"
        elif password.lower().strip() in self.passwords:
            code = "password_too_common"
        else:
            return
        raise ValidationError(f"{GUESSABLE[code]} {WHAT_WORKS}", code=code)

    def get_help_text(self) -> str:
        return gettext(
            "It can't be one a guesser tries first: the same few characters over and over, a "
            "simple sequence, or a password that has leaked elsewhere."
        )


def _is_repetitive(password: str) -> bool:
    if len(set(password)) < FEWEST_DIFFERENT_CHARACTERS:
        return True
    # One piece repeated: the password turns up again inside itself, doubled, before the end.
    return (password + password).find(password, 1) < len(password)


def _is_sequence(password: str) -> bool:
    """Whether each character is the one a fixed step further along one of the SEQUENCES."""
    text = password.lower()
    for row in SEQUENCES:
        if set(text) <= set(row):
            places = [row.index(character) for character in text]
            steps = {(after - before) % len(row) for before, after in itertools.pairwise(places)}
            if len(steps) == 1 and steps != {0}:
                return True
    return False
