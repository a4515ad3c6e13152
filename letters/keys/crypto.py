"""The crypto core: envelopes, key derivation, key wrapping and recovery codes.

Pure functions over bytes. Keys are passed in; nothing here knows about Django, users or
sessions, so it can be reasoned about and tested on its own.

Envelope layout: one version byte, a 12-byte random nonce, then AES-256-GCM ciphertext and tag.
The version byte is authenticated too (it is part of the associated data), so it cannot be
swapped for another without the tag failing. Version 1 seals the plaintext as it is; version 2
first pads it to a multiple of a bucket, so that the envelope's size tells only roughly how
long the text is (a title of two letters and one of forty look the same).
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = 1
PADDED_VERSION = 2
KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
SALT_SIZE = 16
HEADER_SIZE = 1 + NONCE_SIZE
# The size of an envelope around nothing: an empty text.
EMPTY_SIZE = HEADER_SIZE + TAG_SIZE
# Buckets for padded envelopes: short texts (titles, names, labels, a prompt's name) mostly fit
# the first; notes and the first line of a letter mostly fit the second.
SHORT_TEXT = 64
NOTE_TEXT = 256
# Padding: a marker byte, then zeros up to the bucket (ISO/IEC 7816-4), so any text unpads.
PAD_MARKER = b"\x80"


class DecryptionError(Exception):
    """An envelope did not open: wrong key, wrong associated data, or altered bytes."""


class WeakParameters(ValueError):
    """Key derivation parameters below the floor were asked for."""


def new_key() -> bytes:
    """Return a fresh random 256-bit key."""
    return os.urandom(KEY_SIZE)


def new_salt() -> bytes:
    return os.urandom(SALT_SIZE)


def associated_data(kind: str, owner: object, obj: object, extra: str = "") -> bytes:
    """Name what a blob is and whom it belongs to, so it cannot be moved elsewhere."""
    return associated_data_each((kind,), owner, obj, extra)[0]


def associated_data_each(
    kinds: tuple[str, ...], owner: object, obj: object, extra: str = ""
) -> list[bytes]:
    """associated_data() of several kinds of blob of one object, made at once: search names
    three blobs of every letter it opens."""
    tail = f"|{owner}|{obj}|{extra}"
    if tail.count("|") != 3 or "|" in "".join(kinds):  # a part held a "|" of its own
        raise ValueError("associated data parts may not contain '|'")
    return [f"unsent|{kind}{tail}".encode() for kind in kinds]


def pad(plaintext: bytes, bucket: int) -> bytes:
    """Lengthen plaintext to the next multiple of bucket (always adding at least the marker)."""
    if bucket < 1:
        raise ValueError("a bucket holds at least one byte")
    marked = plaintext + PAD_MARKER
    return marked + bytes(-len(marked) % bucket)


def unpad(padded: bytes) -> bytes:
    """Undo pad(); raise DecryptionError when the padding is not pad()'s.

    The marker is found in place rather than the zeros stripped off first: search unpads every
    letter's body, and each copy of it costs.
    """
    marker = padded.rfind(PAD_MARKER)
    if marker < 0 or padded.count(0, marker + 1) != len(padded) - marker - 1:
        raise DecryptionError("envelope padding is wrong")
    return padded[:marker]


def encrypt(key: bytes, plaintext: bytes, aad: bytes, *, pad_to: int = 0) -> bytes:
    """Seal plaintext under key, bound to aad, with a fresh random nonce.

    With pad_to, the plaintext is first padded to a multiple of that many bytes (version 2).
    """
    version = VERSION
    if pad_to:
        version, plaintext = PADDED_VERSION, pad(plaintext, pad_to)
    header = bytes([version]) + os.urandom(NONCE_SIZE)
    return header + AESGCM(key).encrypt(header[1:], plaintext, header[:1] + aad)


class Opener:
    """Opens envelopes sealed under one key.

    The key's cipher is set up once, for every envelope opened with it: a walk over many
    letters (search) keeps one for the writer's key and one for each letter's.
    """

    __slots__ = ("_cipher",)

    def __init__(self, key: bytes) -> None:
        try:
            self._cipher = AESGCM(key)
        except ValueError as error:  # not 128, 192 or 256 bits
            raise DecryptionError("not a key") from error

    def open(self, blob: bytes, aad: bytes) -> bytes:
        """Open an envelope made by encrypt(), or raise DecryptionError."""
        if blob is None:  # a row with nothing sealed in it yet
            raise DecryptionError("no envelope")
        blob = bytes(blob)
        if len(blob) < HEADER_SIZE + TAG_SIZE or blob[0] not in (VERSION, PADDED_VERSION):
            raise DecryptionError("unknown envelope")
        try:
            plaintext = self._cipher.decrypt(
                blob[1:HEADER_SIZE], blob[HEADER_SIZE:], blob[:1] + aad
            )
        except (InvalidTag, ValueError) as error:
            raise DecryptionError("envelope does not open") from error
        return unpad(plaintext) if blob[0] == PADDED_VERSION else plaintext

    def open_text(self, blob: bytes, aad: bytes) -> str:
        return self.open(blob, aad).decode("utf-8")

    def open_key(self, wrapped: bytes, aad: bytes) -> bytes:
        """Unwrap a key wrapped under this one (wrap_key)."""
        key = self.open(wrapped, aad)
        if len(key) != KEY_SIZE:
            raise DecryptionError("wrapped key has the wrong size")
        return key


def decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """Open an envelope made by encrypt(), or raise DecryptionError. Never returns raw bytes."""
    return Opener(key).open(blob, aad)


def encrypt_text(key: bytes, text: str, aad: bytes, *, pad_to: int = 0) -> bytes:
    return encrypt(key, text.encode("utf-8"), aad, pad_to=pad_to)


def decrypt_text(key: bytes, blob: bytes, aad: bytes) -> str:
    return Opener(key).open_text(blob, aad)


def blind_index(key: bytes, context: bytes) -> Callable[[str], bytes]:
    """Return a function that tags values, for finding rows by a value that is stored sealed.

    The same value gives the same tag under the same key and context, so the database can
    match it; without the key a tag cannot be told from random bytes, even for a value from a
    short list. The tagging key is derived from key, never the key itself.
    """
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=None, info=b"unsent blind index")
    keyed = hmac.new(hkdf.derive(key), context + b"|", "sha256")

    def tag(value: str) -> bytes:
        one = keyed.copy()
        one.update(value.encode("utf-8"))
        return one.digest()

    return tag


# Wrapping a key is sealing it like any other secret; the names say which is which.
wrap_key = encrypt


def unwrap_key(wrapping_key: bytes, wrapped: bytes, aad: bytes) -> bytes:
    return Opener(wrapping_key).open_key(wrapped, aad)


@dataclass(frozen=True, order=True)
class KdfParams:
    """Argon2id cost: memory in KiB, iterations and lanes."""

    memory_kib: int
    iterations: int
    lanes: int

    def __str__(self) -> str:
        return f"argon2id:m={self.memory_kib},t={self.iterations},p={self.lanes}"

    @classmethod
    def parse(cls, text: str) -> KdfParams:
        """Read parameters written by str(); raise ValueError on anything else."""
        name, _, rest = text.partition(":")
        fields = dict(part.split("=", 1) for part in rest.split(",") if "=" in part)
        if name != "argon2id" or set(fields) != {"m", "t", "p"}:
            raise ValueError(f"not Argon2id parameters: {text!r}")
        return cls(int(fields["m"]), int(fields["t"]), int(fields["p"]))

    def is_below(self, other: KdfParams) -> bool:
        return (
            self.memory_kib < other.memory_kib
            or self.iterations < other.iterations
            or self.lanes < other.lanes
        )


# OWASP's minimum for Argon2id; nothing weaker is ever used or accepted from storage.
FLOOR = KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1)
DEFAULT = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=1)


def derive_password_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    """Stretch a password into a 256-bit key with Argon2id."""
    if params.is_below(FLOOR):
        raise WeakParameters(f"{params} is below the floor {FLOOR}")
    if len(salt) < SALT_SIZE:
        raise ValueError("salt too short")
    kdf = Argon2id(
        salt=salt,
        length=KEY_SIZE,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(password.encode("utf-8"))


# Recovery codes: 28 symbols of Crockford's base32 (140 bits), shown as 7 groups of 4.
# The alphabet leaves out I, L, O and U so a code copied by hand cannot be misread.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_LENGTH = 28
RECOVERY_GROUP = 4
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def new_recovery_code() -> str:
    symbols = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return format_recovery_code(symbols)


def format_recovery_code(symbols: str) -> str:
    return "-".join(symbols[i : i + RECOVERY_GROUP] for i in range(0, len(symbols), RECOVERY_GROUP))


def normalize_recovery_code(text: str) -> str:
    """Accept a code as a person types it: any case, spaces or dashes, O for 0, I or L for 1."""
    symbols = "".join(_READ_AS.get(c, c) for c in text.upper() if c not in " -\t\n")
    if len(symbols) != RECOVERY_LENGTH or any(c not in RECOVERY_ALPHABET for c in symbols):
        raise ValueError("not a recovery code")
    return format_recovery_code(symbols)


def derive_recovery_key(code: str, salt: bytes) -> bytes:
    """Turn a recovery code into a key.

    The code carries 140 random bits, so a fast KDF is enough: there is nothing to stretch.
    """
    symbols = normalize_recovery_code(code).replace("-", "")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=b"unsent recovery")
    return hkdf.derive(symbols.encode("ascii"))


# Passkeys: the WebAuthn PRF extension gives 32 bytes that only the authenticator can make
# again, and only after the writer has unlocked it (a fingerprint, a face, a PIN).
PRF_SIZE = 32


def derive_passkey_key(prf_output: bytes, salt: bytes) -> bytes:
    """Turn a passkey's PRF output into the key of its slot.

    The output is already random and as long as a key, so, as for a recovery code, a fast KDF
    is enough. The slot's own salt and this label keep the key apart from anything else the
    same output might ever be used for.
    """
    if len(prf_output) != PRF_SIZE:
        raise ValueError("a PRF output has 32 bytes")
    if len(salt) < SALT_SIZE:
        raise ValueError("salt too short")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=b"unsent passkey")
    return hkdf.derive(prf_output)
