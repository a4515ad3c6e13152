"""The crypto core on its own: envelopes, key derivation, wrapping and recovery codes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letters.keys import crypto

KEY = bytes(range(32))
AAD = crypto.associated_data("letter.body", 7, "3f2c")


def test_it_round_trips():
    blob = crypto.encrypt(KEY, b"I miss you", AAD)
    assert crypto.decrypt(KEY, blob, AAD) == b"I miss you"


def test_the_envelope_has_version_nonce_ciphertext_and_tag():
    blob = crypto.encrypt(KEY, b"abc", AAD)
    assert blob[0] == crypto.VERSION
    assert len(blob) == 1 + 12 + 3 + 16


def test_text_round_trips_any_unicode():
    text = "مرحبا 👋🏽 e\u0301 \u200f naïve"
    assert crypto.decrypt_text(KEY, crypto.encrypt_text(KEY, text, AAD), AAD) == text


@pytest.mark.parametrize(
    "position",
    [0, 1, 12, 13, -16, -1],
    ids=["version", "nonce-start", "nonce-end", "ciphertext", "tag-start", "tag-end"],
)
def test_it_refuses_a_flipped_byte(position):
    blob = bytearray(crypto.encrypt(KEY, b"secret words", AAD))
    blob[position] ^= 0x01
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(KEY, bytes(blob), AAD)


def test_it_refuses_a_truncated_blob():
    blob = crypto.encrypt(KEY, b"secret", AAD)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(KEY, blob[:20], AAD)


def test_nothing_is_not_an_envelope():
    with pytest.raises(crypto.DecryptionError, match="no envelope"):
        crypto.decrypt(KEY, None, AAD)


def test_it_refuses_an_unknown_version():
    blob = crypto.encrypt(KEY, b"secret", AAD)
    with pytest.raises(crypto.DecryptionError, match="unknown envelope"):
        crypto.decrypt(KEY, bytes([3]) + blob[1:], AAD)


@pytest.mark.parametrize("pad_to", [0, 64], ids=["exact-as-padded", "padded-as-exact"])
def test_it_refuses_an_envelope_relabelled_as_the_other_version(pad_to):
    blob = crypto.encrypt(KEY, b"secret", AAD, pad_to=pad_to)
    other = crypto.VERSION if blob[0] == crypto.PADDED_VERSION else crypto.PADDED_VERSION
    with pytest.raises(crypto.DecryptionError, match="does not open"):
        crypto.decrypt(KEY, bytes([other]) + blob[1:], AAD)


# Padded envelopes ---------------------------------------------------------------------------


def test_a_padded_envelope_hides_the_length_within_its_bucket():
    sizes = {len(crypto.encrypt_text(KEY, "x" * n, AAD, pad_to=64)) for n in range(64)}
    assert sizes == {crypto.HEADER_SIZE + 64 + crypto.TAG_SIZE}


def test_a_padded_envelope_grows_one_bucket_at_a_time():
    sizes = [len(crypto.encrypt(KEY, bytes(n), AAD, pad_to=64)) for n in (63, 64, 127, 128)]
    overhead = crypto.HEADER_SIZE + crypto.TAG_SIZE
    assert sizes == [overhead + 64, overhead + 128, overhead + 128, overhead + 192]


def test_a_padded_envelope_says_so_in_its_version_byte():
    assert crypto.encrypt(KEY, b"abc", AAD, pad_to=64)[0] == crypto.PADDED_VERSION == 2
    assert crypto.encrypt(KEY, b"abc", AAD)[0] == crypto.VERSION == 1


@pytest.mark.parametrize("text", ["", "Sam", "ends in nothing\0\0", "é" * 40, "x" * 63])
def test_a_padded_text_round_trips_exactly(text):
    blob = crypto.encrypt_text(KEY, text, AAD, pad_to=64)
    assert crypto.decrypt_text(KEY, blob, AAD) == text


def test_an_envelope_made_before_padding_still_opens():
    # "Dear Sam" sealed by the code before version 2 existed, with this key and aad and the
    # nonce 00 01 … 0b.
    made_then = bytes.fromhex(
        "01000102030405060708090a0b0367b769e5b6a37607cee7ba64358bb79afa9b18d36ac8b1"
    )
    assert crypto.decrypt_text(KEY, made_then, AAD) == "Dear Sam"


@pytest.mark.parametrize(
    "padded",
    [
        b"no marker" + bytes(55),
        b"a marker, then not only zeros\x80\x00\x01" + bytes(31),
    ],
)
def test_it_refuses_a_padded_envelope_whose_padding_is_not_its_own(padded):
    # Sealed as version 2 with the right key, but not padded as pad() pads.
    nonce = bytes(12)
    sealed = crypto.AESGCM(KEY).encrypt(nonce, padded, b"\x02" + AAD)
    with pytest.raises(crypto.DecryptionError, match="padding"):
        crypto.decrypt(KEY, b"\x02" + nonce + sealed, AAD)


def test_a_bucket_holds_at_least_a_byte():
    with pytest.raises(ValueError):
        crypto.pad(b"abc", 0)


@given(st.binary(max_size=600), st.sampled_from([1, 16, 64, 256]))
def test_any_bytes_round_trip_padded(plaintext, bucket):
    blob = crypto.encrypt(KEY, plaintext, AAD, pad_to=bucket)
    assert crypto.decrypt(KEY, blob, AAD) == plaintext
    assert (len(blob) - crypto.HEADER_SIZE - crypto.TAG_SIZE) % bucket == 0


# Blind indexes ------------------------------------------------------------------------------

CONTEXT = crypto.associated_data("quiet_date.day", 7, 7)


def test_a_blind_index_gives_the_same_tag_for_the_same_value():
    assert crypto.blind_index(KEY, CONTEXT)("02-14") == crypto.blind_index(KEY, CONTEXT)("02-14")
    assert len(crypto.blind_index(KEY, CONTEXT)("02-14")) == 32


def test_a_blind_index_differs_by_value_key_and_context():
    tag = crypto.blind_index(KEY, CONTEXT)("02-14")
    assert tag != crypto.blind_index(KEY, CONTEXT)("02-15")
    assert tag != crypto.blind_index(bytes(32), CONTEXT)("02-14")
    other = crypto.associated_data("quiet_date.day", 8, 8)
    assert tag != crypto.blind_index(KEY, other)("02-14")


def test_a_blind_index_is_not_a_plain_hash_of_the_key_or_value():
    import hashlib
    import hmac

    tag = crypto.blind_index(KEY, CONTEXT)("02-14")
    assert tag != hmac.digest(KEY, CONTEXT + b"|02-14", "sha256")
    assert tag != hashlib.sha256(CONTEXT + b"|02-14").digest()


def test_it_refuses_the_wrong_key():
    blob = crypto.encrypt(KEY, b"secret", AAD)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bytes(32), blob, AAD)


@pytest.mark.parametrize(
    "other",
    [
        crypto.associated_data("letter.body", 8, "3f2c"),
        crypto.associated_data("letter.body", 7, "3f2d"),
        crypto.associated_data("letter.title", 7, "3f2c"),
    ],
    ids=["other-owner", "other-object", "other-kind"],
)
def test_it_refuses_another_owner_object_or_kind(other):
    blob = crypto.encrypt(KEY, b"secret", AAD)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(KEY, blob, other)


@pytest.mark.parametrize(
    ("kind", "owner", "obj", "extra"),
    [
        ("letter|body", 7, "x", ""),
        ("letter.body", "7|", "x", ""),
        ("letter.body", 7, "x|", ""),
        ("letter.body", 7, "x", "|y"),
    ],
)
def test_associated_data_parts_cannot_be_confused(kind, owner, obj, extra):
    with pytest.raises(ValueError):
        crypto.associated_data(kind, owner, obj, extra)
    with pytest.raises(ValueError):
        crypto.associated_data_each(("letter.key", kind), owner, obj, extra)


def test_associated_data_of_several_kinds_at_once_is_each_kinds_own():
    kinds = ("letter.key", "letter.body", "letter.title")
    assert crypto.associated_data_each(kinds, 7, "3f2c") == [
        b"unsent|letter.key|7|3f2c|",
        b"unsent|letter.body|7|3f2c|",
        b"unsent|letter.title|7|3f2c|",
    ]
    assert crypto.associated_data("letter.body", 7, "3f2c", "x") == b"unsent|letter.body|7|3f2c|x"


def test_10000_encryptions_never_repeat_a_nonce():
    nonces = {crypto.encrypt(KEY, b"x", AAD)[1:13] for _ in range(10_000)}
    assert len(nonces) == 10_000


@given(st.binary(max_size=4096), st.binary(max_size=64))
def test_any_bytes_round_trip(plaintext, aad):
    assert crypto.decrypt(KEY, crypto.encrypt(KEY, plaintext, aad), aad) == plaintext


def test_password_key_is_deterministic_for_salt_and_params():
    salt = bytes(16)
    one = crypto.derive_password_key("long password here", salt, crypto.FLOOR)
    assert one == crypto.derive_password_key("long password here", salt, crypto.FLOOR)
    assert one != crypto.derive_password_key("long password herE", salt, crypto.FLOOR)
    assert one != crypto.derive_password_key(
        "long password here", bytes([1]) + bytes(15), crypto.FLOOR
    )
    assert len(one) == 32


@pytest.mark.parametrize(
    "params",
    [
        crypto.KdfParams(memory_kib=19 * 1024 - 1, iterations=2, lanes=1),
        crypto.KdfParams(memory_kib=64 * 1024, iterations=1, lanes=1),
        crypto.KdfParams(memory_kib=64 * 1024, iterations=3, lanes=0),
    ],
)
def test_it_refuses_parameters_below_the_floor(params):
    with pytest.raises(crypto.WeakParameters):
        crypto.derive_password_key("long password here", bytes(16), params)


def test_params_round_trip_through_text():
    assert str(crypto.DEFAULT) == "argon2id:m=65536,t=3,p=1"
    assert crypto.KdfParams.parse("argon2id:m=65536,t=3,p=1") == crypto.DEFAULT


@pytest.mark.parametrize("text", ["scrypt:m=1,t=1,p=1", "argon2id:m=1,t=1", "nonsense"])
def test_it_refuses_unknown_params(text):
    with pytest.raises(ValueError):
        crypto.KdfParams.parse(text)


def test_wrapped_key_opens_only_with_its_wrapping_key_and_aad():
    inner = crypto.new_key()
    aad = crypto.associated_data("letter.key", 1, "a")
    wrapped = crypto.wrap_key(KEY, inner, aad)
    assert crypto.unwrap_key(KEY, wrapped, aad) == inner
    with pytest.raises(crypto.DecryptionError):
        crypto.unwrap_key(crypto.new_key(), wrapped, aad)
    with pytest.raises(crypto.DecryptionError):
        crypto.unwrap_key(KEY, wrapped, crypto.associated_data("letter.key", 2, "a"))


def test_recovery_code_has_seven_groups_of_four_and_140_bits():
    code = crypto.new_recovery_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4] * 7
    assert all(c in crypto.RECOVERY_ALPHABET for c in "".join(groups))
    assert len(crypto.RECOVERY_ALPHABET) ** crypto.RECOVERY_LENGTH >= 2**140


def test_recovery_codes_differ():
    assert len({crypto.new_recovery_code() for _ in range(1000)}) == 1000


def test_recovery_code_is_read_as_a_person_types_it():
    assert crypto.normalize_recovery_code(" abcd efgh-jkmn pqrs tvwx yz01 2345 ") == (
        "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345"
    )
    assert crypto.normalize_recovery_code("oool" * 7) == "0001-" * 6 + "0001"


@pytest.mark.parametrize("text", ["", "ABCD-EFGH", "U" * 28, "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23456"])
def test_it_refuses_what_is_not_a_recovery_code(text):
    with pytest.raises(ValueError):
        crypto.normalize_recovery_code(text)


def test_recovery_key_depends_on_code_and_salt():
    code = crypto.new_recovery_code()
    salt = crypto.new_salt()
    key = crypto.derive_recovery_key(code, salt)
    assert key == crypto.derive_recovery_key(code.lower().replace("-", " "), salt)
    assert key != crypto.derive_recovery_key(code, crypto.new_salt())
    assert key != crypto.derive_recovery_key(crypto.new_recovery_code(), salt)


def test_a_passkey_key_comes_from_its_prf_output_and_salt():
    salt, other_salt = bytes(16), bytes([1]) * 16
    key = crypto.derive_passkey_key(KEY, salt)
    assert len(key) == crypto.KEY_SIZE
    assert key == crypto.derive_passkey_key(KEY, salt)
    assert key != crypto.derive_passkey_key(KEY, other_salt)
    assert key != crypto.derive_passkey_key(bytes(32), salt)
    assert key != KEY


@pytest.mark.parametrize("size", [0, 16, 31, 33, 64])
def test_a_passkey_key_needs_a_prf_output_of_32_bytes(size):
    with pytest.raises(ValueError):
        crypto.derive_passkey_key(bytes(size), bytes(16))
