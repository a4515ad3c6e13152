"""Passkeys through the views: adding one after the password, refusing one without a PRF
result, logging in and unlocking with one, and every way an answer is refused."""

import json

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from letters.forms.passkeys import NO_PRF
from letters.keys import keyring
from letters.models import Passkey, Profile
from tests.conftest import PASSWORD, enrol_passkey, log_in, write_letter
from tests.passkey_authenticator import (
    UP,
    SoftPasskey,
    add_passkey,
    log_in_with,
    options_for,
    registration_options,
)

NO_PRF_HTML = NO_PRF.replace("'", "&#x27;")


@pytest.fixture
def passkey(alice_client, alice) -> SoftPasskey:
    """A passkey of alice's, added through the pages; alice_client is then logged out."""
    passkey = SoftPasskey()
    assert add_passkey(alice_client, PASSWORD, passkey).url == reverse("passkeys")
    alice_client.post(reverse("logout"))
    return passkey


def reads_letters(client: Client, letter) -> bool:
    response = client.get(reverse("read", args=[letter.id]))
    return response.status_code == 200 and "still here" in response.content.decode()


# Adding -------------------------------------------------------------------------------------


def test_it_adds_a_passkey_after_the_password(alice_client, alice):
    response = add_passkey(alice_client, PASSWORD, SoftPasskey(), name="my phone")
    assert response.url == reverse("passkeys")
    stored = Passkey.objects.get(owner=alice.user)
    assert stored.read_name(alice.user_key) == "my phone"
    page = alice_client.get(reverse("passkeys")).content.decode()
    assert "my phone" in page
    assert "Your passkey is added." in page


def test_it_asks_the_password_before_a_passkey_is_made(alice_client):
    response = alice_client.post(reverse("passkey_start"), {"password": "not my password"})
    assert response.status_code == 200
    assert "That password doesn&#x27;t match." in response.content.decode()
    assert "options" not in response.context
    assert keyring.SESSION_KEY_FIELD in alice_client.session  # still unlocked, nothing asked


def test_the_options_ask_for_a_verified_discoverable_passkey_and_its_prf(alice_client):
    options = registration_options(alice_client, PASSWORD)
    assert options["rp"] == {"id": "localhost", "name": "Unsent"}
    assert options["user"]["name"] == "alice"
    assert options["authenticatorSelection"] == {
        "residentKey": "required",
        "requireResidentKey": True,
        "userVerification": "required",
    }
    assert set(options["extensions"]) == {"prf"}
    assert len(options["user"]["id"]) == 43  # 32 random bytes, not the writer's number


def test_it_refuses_a_passkey_without_a_prf_result_and_keeps_nothing(alice_client):
    response = add_passkey(alice_client, PASSWORD, SoftPasskey(prf=False))
    assert response.status_code == 400
    assert NO_PRF_HTML in response.content.decode()
    assert Passkey.objects.count() == 0


def test_it_refuses_a_registration_answered_twice(alice_client):
    passkey = SoftPasskey()
    fields = passkey.register(registration_options(alice_client, PASSWORD))
    assert alice_client.post(reverse("passkey_add"), fields).status_code == 302
    again = alice_client.post(reverse("passkey_add"), fields)
    assert again.status_code == 400
    assert "That took a little too long." in again.content.decode()
    assert Passkey.objects.count() == 1


def test_it_refuses_a_registration_from_another_origin(alice_client):
    passkey = SoftPasskey(origin="https://unsent.example")
    response = add_passkey(alice_client, PASSWORD, passkey)
    assert response.status_code == 400
    assert "That passkey couldn&#x27;t be added." in response.content.decode()
    assert Passkey.objects.count() == 0


def test_it_refuses_a_registration_without_user_verification(alice_client):
    fields = SoftPasskey().register(registration_options(alice_client, PASSWORD), flags=UP)
    assert alice_client.post(reverse("passkey_add"), fields).status_code == 400
    assert Passkey.objects.count() == 0


def test_the_same_authenticator_is_not_added_twice(alice_client, alice):
    passkey = SoftPasskey()
    add_passkey(alice_client, PASSWORD, passkey)
    options = registration_options(alice_client, PASSWORD)
    assert [c["id"] for c in options["excludeCredentials"]] == [passkey.id]
    response = alice_client.post(reverse("passkey_add"), passkey.register(options))
    assert "That passkey is already added." in response.content.decode()
    assert Passkey.objects.count() == 1


def test_it_renames_and_removes_a_passkey(alice_client, alice):
    add_passkey(alice_client, PASSWORD, SoftPasskey(), name="old laptop")
    stored = Passkey.objects.get()
    url = reverse("passkey_rename", args=[stored.id])
    assert alice_client.post(url, {"name": "work laptop"}).url == reverse("passkeys")
    assert Passkey.objects.get().read_name(alice.user_key) == "work laptop"
    response = alice_client.post(reverse("passkey_remove", args=[stored.id]))
    assert response.url == reverse("passkeys")
    assert Passkey.objects.count() == 0


def test_renaming_to_nothing_is_refused_and_keeps_the_name(alice_client, alice):
    add_passkey(alice_client, PASSWORD, SoftPasskey(), name="old laptop")
    stored = Passkey.objects.get()
    response = alice_client.post(reverse("passkey_rename", args=[stored.id]), {"name": "  "})
    assert response.status_code == 400
    assert "Type the new name first, then press Rename." in response.content.decode()
    assert Passkey.objects.get().read_name(alice.user_key) == "old laptop"


def test_removing_a_passkey_asks_once_more_on_its_page(alice_client):
    add_passkey(alice_client, PASSWORD, SoftPasskey(), name="old laptop")
    page = alice_client.get(reverse("passkeys")).content.decode()
    assert '<summary class="btn btn-link px-0">Remove old laptop…</summary>' in page
    assert ">Yes, remove old laptop</button>" in page


def test_a_stranger_cannot_rename_or_remove_a_passkey(alice_client, bob_client):
    add_passkey(alice_client, PASSWORD, SoftPasskey())
    stored = Passkey.objects.get()
    assert bob_client.post(reverse("passkey_remove", args=[stored.id])).status_code == 404
    rename = reverse("passkey_rename", args=[stored.id])
    assert bob_client.post(rename, {"name": "mine"}).status_code == 404
    assert Passkey.objects.count() == 1


@pytest.mark.parametrize("name", ["passkey_start", "passkey_add", "passkey_options"])
def test_it_rejects_get(alice_client, name):
    assert alice_client.get(reverse(name)).status_code == 405


def test_the_passkey_pages_need_a_login(client, db):
    assert client.get(reverse("passkeys")).url.startswith(reverse("login"))


# Logging in ---------------------------------------------------------------------------------


def test_it_logs_in_with_a_passkey_and_no_username(client, alice, passkey):
    letter = write_letter(alice, body="still here")
    response = log_in_with(client, passkey)
    assert response.url == reverse("desk")
    assert reads_letters(client, letter)
    assert Passkey.objects.get().sign_count == 1


def test_the_login_options_name_no_passkey_and_ask_for_verification(client, db):
    options = options_for(client, "login")
    assert options["allowCredentials"] == []
    assert options["userVerification"] == "required"
    assert options["rpId"] == "localhost"
    assert len(options["extensions"]["prf"]["eval"]["first"]) == 43


def test_it_goes_on_to_where_the_writer_was_going(client, alice, passkey):
    letter = write_letter(alice)
    fields = passkey.answer(options_for(client, "login"))
    target = reverse("read", args=[letter.id])
    response = client.post(reverse("login_with_passkey"), {**fields, "next": target})
    assert response.url == target


def test_it_refuses_a_replayed_challenge(client, alice, passkey):
    fields = passkey.answer(options_for(client, "login"))
    assert client.post(reverse("login_with_passkey"), fields).status_code == 302
    client.post(reverse("logout"))
    again = client.post(reverse("login_with_passkey"), fields)
    assert again.status_code == 400
    assert "That took a little too long." in again.content.decode()


def test_a_challenge_belongs_to_the_session_that_asked_for_it(client, alice, passkey):
    fields = passkey.answer(options_for(client, "login"))
    response = Client().post(reverse("login_with_passkey"), fields)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "answer",
    [
        {"origin": "https://unsent.example"},
        {"rp_id": "unsent.example"},
        {"sign_count": 0},
        {"flags": UP},  # present, but not verified by a fingerprint, face or PIN
    ],
    ids=["wrong-origin", "wrong-rp-id", "lowered-sign-count", "no-user-verification"],
)
def test_it_refuses_an_answer_that_does_not_check_out(client, alice, passkey, answer):
    log_in_with(client, passkey)  # the count is now 1
    client.post(reverse("logout"))
    response = log_in_with(client, passkey, **answer)
    assert response.status_code == 400
    assert "That passkey didn&#x27;t open your letters." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_it_refuses_a_login_without_a_prf_output_with_the_words(client, alice, passkey):
    passkey.prf = False
    response = log_in_with(client, passkey)
    assert response.status_code == 400
    assert NO_PRF_HTML in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_removed_passkey_no_longer_logs_in(client, alice, passkey):
    log_in(client, alice)
    client.post(reverse("passkey_remove", args=[Passkey.objects.get().id]))
    client.post(reverse("logout"))
    response = log_in_with(client, passkey)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_failed_passkey_logins_pause_the_writer_like_passwords(client, alice, passkey):
    log_in_with(client, passkey)
    client.post(reverse("logout"))
    for _ in range(4):
        assert log_in_with(client, passkey, sign_count=0).status_code == 400
    assert log_in_with(client, passkey, sign_count=0).status_code == 429
    # The right passkey waits out the pause too, and so does the password.
    assert log_in_with(client, passkey).status_code == 429
    password = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert password.status_code == 429


def test_a_password_change_and_a_recovery_leave_the_passkey_working(client, alice, passkey):
    log_in(client, alice)
    new = "a-new-password-for-a-new-day"
    change = {"password": PASSWORD, "new_password1": new, "new_password2": new}
    assert client.post(reverse("password_change"), change).url == reverse("desk")
    client.post(reverse("logout"))
    assert log_in_with(client, passkey).url == reverse("desk")
    client.post(reverse("logout"))
    recovered = {"username": "alice", "recovery_code": alice.recovery_code}
    recovered |= {"new_password1": new + "-again", "new_password2": new + "-again"}
    assert client.post(reverse("recover"), recovered).url == reverse("recovery_code")
    client.post(reverse("logout"))
    assert log_in_with(client, passkey).url == reverse("desk")


def test_nonsense_answers_get_a_kind_refusal(client, alice, passkey):
    options_for(client, "login")
    response = client.post(reverse("login_with_passkey"), {"credential": "{not json", "prf": "%"})
    assert response.status_code == 400
    assert "didn&#x27;t arrive whole" in response.content.decode()
    bad = client.post(reverse("passkey_options"), {"purpose": "register"})
    assert bad.status_code == 400


def test_the_prf_output_is_kept_nowhere_in_the_session(client, alice, passkey):
    fields = passkey.answer(options_for(client, "login"))
    client.post(reverse("login_with_passkey"), fields)
    session = json.dumps(dict(client.session))
    assert fields["prf"] not in session
    assert passkeys_challenge_left(client) is False


def passkeys_challenge_left(client) -> bool:
    from letters.keys.passkeys import SESSION_CHALLENGE_FIELD

    return SESSION_CHALLENGE_FIELD in client.session


# Unlocking ----------------------------------------------------------------------------------


def test_it_unlocks_with_a_passkey_and_goes_back(client, alice, passkey):
    letter = write_letter(alice, body="still here")
    log_in(client, alice)
    del client.cookies[settings.UNSENT_KEY_COOKIE]
    target = reverse("read", args=[letter.id])
    options = options_for(client, "unlock")
    assert [c["id"] for c in options["allowCredentials"]] == [passkey.id]
    fields = passkey.answer(options)
    response = client.post(reverse("unlock_with_passkey"), {**fields, "next": target})
    assert response.url == target
    assert reads_letters(client, letter)


def test_another_writers_passkey_does_not_unlock(client, alice, bob, passkey):
    log_in(client, bob)
    del client.cookies[settings.UNSENT_KEY_COOKIE]
    response = client.post(
        reverse("unlock_with_passkey"), passkey.answer(options_for(client, "unlock"))
    )
    assert response.status_code == 400
    assert client.get(reverse("desk")).url.startswith(reverse("unlock"))


def test_unlock_with_a_passkey_needs_a_login(client, db):
    assert client.post(reverse("unlock_with_passkey")).url.startswith(reverse("login"))


# The shorter idle lock --------------------------------------------------------------------


def away_for(client: Client, minutes: float) -> None:
    from letters.http.middleware import SEEN_AT

    session = client.session
    session[SEEN_AT] -= minutes * 60
    session.save()


def test_a_shorter_idle_lock_is_offered_only_with_a_passkey(alice_client, alice):
    assert "idle_lock_minutes" not in alice_client.get(reverse("settings")).context["form"].fields
    add_passkey(alice_client, PASSWORD, SoftPasskey())
    form = alice_client.get(reverse("settings")).context["form"]
    assert [value for value, _ in form.fields["idle_lock_minutes"].choices] == ["", 5, 15, 30]
    saved = alice_client.post(reverse("settings"), {"asks_feelings": "on", "idle_lock_minutes": 5})
    assert saved.url == reverse("settings")
    assert Profile.objects.get(user=alice.user).idle_lock_minutes == 5


def test_letters_lock_after_the_chosen_minutes_and_the_login_stays(alice_client, alice):
    add_passkey(alice_client, PASSWORD, SoftPasskey())
    Profile.objects.filter(user=alice.user).update(idle_lock_minutes=5)
    away_for(alice_client, 4)
    assert alice_client.get(reverse("desk")).status_code == 200
    away_for(alice_client, 7)
    response = alice_client.get(reverse("desk"))
    assert response.url == reverse("unlock") + "?next=%2Fdesk%2F"
    assert "_auth_user_id" in alice_client.session


def test_without_a_chosen_lock_letters_stay_open_while_logged_in(alice_client, alice):
    away_for(alice_client, 20)
    assert alice_client.get(reverse("desk")).status_code == 200


# What carries passkeys and what does not ----------------------------------------------------


def test_an_export_carries_no_passkey_and_an_import_adds_none(alice_client, alice):
    import io
    import zipfile

    passkey = SoftPasskey()
    add_passkey(alice_client, PASSWORD, passkey)
    write_letter(alice, body="still here")
    response = alice_client.post(reverse("export_letters"), {"password": PASSWORD})
    zipped = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(zipped))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    stored = Passkey.objects.get()
    for held in (passkey.id.encode(), bytes(stored.wrapped_key), bytes(stored.public_key)):
        assert held not in everything
    assert b"passkey" not in everything.lower()
    upload = io.BytesIO(zipped)
    upload.name = "letters.zip"
    alice_client.post(reverse("import_letters"), {"file": upload})
    assert Passkey.objects.count() == 1


def test_deleting_the_account_deletes_its_passkeys(alice_client, alice, bob):
    add_passkey(alice_client, PASSWORD, SoftPasskey())
    enrol_passkey(bob, credential_id="Ym9icw", name="bob's")
    confirm = {"password": PASSWORD, "confirm": "on"}
    assert alice_client.post(reverse("delete_account"), confirm).url == reverse("account_deleted")
    assert list(Passkey.objects.values_list("owner__username", flat=True)) == ["bob"]


# Settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rp_id", "origin", "fits"),
    [
        ("localhost", "http://localhost:8000", True),
        ("unsent.example", "https://unsent.example", True),
        ("unsent.example", "https://write.unsent.example:8443", True),
        ("unsent.example", "https://unsent.example.evil", False),
        ("unsent.example", "https://notunsent.example", False),
        ("unsent.example", "unsent.example", False),
    ],
)
def test_an_origin_off_the_relying_partys_domain_is_refused(rp_id, origin, fits):
    from django.core.exceptions import ImproperlyConfigured

    from config.settings import check_webauthn

    if fits:
        check_webauthn(rp_id, origin)
    else:
        with pytest.raises(ImproperlyConfigured, match="must be an address on WEBAUTHN_RP_ID"):
            check_webauthn(rp_id, origin)


GARBLED = [
    {"credential": "", "prf": ""},
    {"credential": "[]", "prf": "é"},
    {"credential": json.dumps({"rawId": 5, "response": []}), "prf": "AAAA"},
    {"credential": json.dumps({"rawId": "a|b", "response": {"userHandle": 7}}), "prf": "%%"},
    {"credential": json.dumps({"rawId": "YQ", "id": "YQ", "type": "public-key", "response": {}})},
    {"credential": json.dumps({"rawId": "YQ", "response": {"userHandle": "YQ"}}), "prf": "A" * 43},
]


@pytest.mark.parametrize("fields", GARBLED)
def test_a_garbled_answer_is_refused_kindly_everywhere(client, alice, passkey, fields):
    options_for(client, "login")
    assert client.post(reverse("login_with_passkey"), fields).status_code == 400
    log_in(client, alice)
    del client.cookies[settings.UNSENT_KEY_COOKIE]
    options_for(client, "unlock")
    assert client.post(reverse("unlock_with_passkey"), fields).status_code == 400
    client.post(reverse("unlock"), {"password": PASSWORD})
    registration_options(client, PASSWORD)
    response = client.post(reverse("passkey_add"), {**fields, "name": "x"})
    assert response.status_code == 400
    assert Passkey.objects.count() == 1
