from django.conf import settings
from django.urls import reverse

from letters.keys import crypto, keyring
from letters.models import Profile
from tests.conftest import PASSWORD, log_in


def test_it_logs_in_and_holds_the_key_split(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.url == reverse("desk")
    cookie = response.cookies[settings.UNSENT_KEY_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert keyring.SESSION_KEY_FIELD in client.session
    assert client.get(reverse("desk")).status_code == 200


def test_a_wrong_password_gets_the_same_answer_for_any_username(client, alice):
    wrong = client.post(reverse("login"), {"username": "alice", "password": "not-the-password"})
    nobody = client.post(reverse("login"), {"username": "nobody", "password": "not-the-password"})
    assert wrong.status_code == nobody.status_code == 200
    said = (
        "That username and password don&#x27;t go together. Check both and try again; capital "
        "letters count. After 5 tries that don&#x27;t match, logging in pauses for 15 minutes, "
        "to keep your letters safe."
    )
    assert said in wrong.content.decode()
    assert said in nobody.content.decode()


def test_it_raises_weak_key_parameters_on_login(client, alice, settings):
    settings.UNSENT_KDF = "argon2id:m=19456,t=3,p=1"
    log_in(client, alice)
    profile = Profile.objects.get(user=alice.user)
    assert profile.kdf_params == "argon2id:m=19456,t=3,p=1"
    assert profile.open_with_password(PASSWORD) == alice.user_key


def test_a_user_without_keys_gets_them_at_login(client, db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", password="admin password here")
    response = client.post(
        reverse("login"), {"username": "root", "password": "admin password here"}
    )
    assert response.url == reverse("recovery_code")
    profile = Profile.objects.get(user__username="root")
    assert len(profile.open_with_password("admin password here")) == crypto.KEY_SIZE


def count_argon2(monkeypatch):
    """Count both kinds of Argon2 work: key derivations and password-hash checks."""
    from letters.keys.hashers import UnsentArgon2PasswordHasher

    calls = []
    derive = crypto.derive_password_key
    monkeypatch.setattr(crypto, "derive_password_key", lambda *a: calls.append("key") or derive(*a))
    # Checking a hash, or (for a username that does not exist) making one to spend the time.
    for name in ("verify", "encode"):
        real = getattr(UnsentArgon2PasswordHasher, name)
        monkeypatch.setattr(
            UnsentArgon2PasswordHasher,
            name,
            lambda s, *a, real=real: calls.append("hash") or real(s, *a),
        )
    return calls


def test_a_login_costs_one_argon2_computation(client, alice, monkeypatch):
    calls = count_argon2(monkeypatch)
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert calls == ["key"]


def test_a_failed_login_costs_the_same_for_any_username(client, alice, monkeypatch):
    calls = count_argon2(monkeypatch)
    client.post(reverse("login"), {"username": "alice", "password": "wrong password"})
    existing = list(calls)
    calls.clear()
    client.post(reverse("login"), {"username": "nobody-here", "password": "wrong password"})
    assert sorted(calls) == sorted(existing) == ["hash", "key"]


def test_the_pages_that_ask_for_a_password_name_the_account_for_password_managers(
    alice_client, alice
):
    field = f'<input type="text" name="username" autocomplete="username" value="{alice.user.username}" hidden>'
    for name in ("unlock", "password_change", "delete_account"):
        assert field in alice_client.get(reverse(name)).content.decode(), name
    assert 'name="username"' not in alice_client.get(reverse("default_recipient")).content.decode()
