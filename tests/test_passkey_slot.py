"""The passkey slot on its own, with the real crypto: it opens with its PRF output and only
for its own writer and credential."""

import pytest

from letters.keys import crypto
from letters.models import Passkey
from tests.conftest import enrol_passkey

PRF = bytes(range(32))


def enrol(writer, credential_id: str = "Y3JlZGVudGlhbC1vbmU", prf: bytes = PRF) -> Passkey:
    return enrol_passkey(writer, credential_id, prf)


def test_the_slot_round_trips(alice):
    passkey = Passkey.objects.get(id=enrol(alice).id)
    assert passkey.open_with_prf(PRF) == alice.user_key


def test_it_does_not_open_with_another_prf_output(alice):
    passkey = enrol(alice)
    with pytest.raises(crypto.DecryptionError):
        passkey.open_with_prf(bytes(32))


def test_it_refuses_a_prf_output_of_the_wrong_size(alice):
    with pytest.raises(ValueError):
        enrol(alice).open_with_prf(PRF[:16])


def test_a_slot_moved_to_another_writer_does_not_open(alice, bob):
    passkey = enrol(alice)
    Passkey.objects.filter(id=passkey.id).update(owner=bob.user)
    with pytest.raises(crypto.DecryptionError):
        Passkey.objects.get(id=passkey.id).open_with_prf(PRF)


def test_a_slot_moved_to_another_credential_does_not_open(alice):
    mine, other = enrol(alice), enrol(alice, credential_id="b3RoZXI")
    Passkey.objects.filter(id=other.id).update(salt=mine.salt, wrapped_key=mine.wrapped_key)
    with pytest.raises(crypto.DecryptionError):
        Passkey.objects.get(id=other.id).open_with_prf(PRF)


def test_each_slot_has_its_own_salt_so_one_output_makes_different_keys(alice):
    first, second = enrol(alice), enrol(alice, credential_id="c2Vjb25k")
    assert bytes(first.salt) != bytes(second.salt)
    assert crypto.derive_passkey_key(PRF, first.salt) != crypto.derive_passkey_key(PRF, second.salt)


def test_the_name_is_kept_encrypted_and_reads_back(alice):
    passkey = enrol(alice)
    assert b"my phone" not in bytes(passkey.name)
    assert Passkey.objects.get(id=passkey.id).read_name(alice.user_key) == "my phone"


def test_a_password_change_and_a_recovery_leave_the_slot_opening(alice):
    passkey = enrol(alice)
    profile = alice.user.profile
    profile.set_password(alice.user_key, "another-long-password-entirely")
    profile.wrap_under_new_recovery_code(alice.user_key)
    profile.save()
    assert Passkey.objects.get(id=passkey.id).open_with_prf(PRF) == alice.user_key


def test_removing_the_last_passkey_takes_the_shorter_idle_lock_with_it(alice):
    first, second = enrol(alice), enrol(alice, credential_id="c2Vjb25k")
    profile = alice.user.profile
    profile.idle_lock_minutes = 5
    profile.save()
    profile.remove_passkey(first)
    assert alice.user.profile.__class__.objects.get(user=alice.user).idle_lock_minutes == 5
    profile.remove_passkey(second)
    assert alice.user.profile.__class__.objects.get(user=alice.user).idle_lock_minutes is None
    assert Passkey.objects.count() == 0
