import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from letters.keys import crypto
from letters.models import Profile

User = get_user_model()
GOOD = {
    "username": "dana",
    "password1": "winter-light-on-water",
    "password2": "winter-light-on-water",
    "understood": "on",
}


def test_the_page_warns_that_lost_password_and_code_mean_lost_letters(client, db):
    page = client.get(reverse("signup")).content.decode()
    assert "your letters are gone for good" in page
    assert "not even the people who run Unsent" in page


def test_it_signs_up_and_shows_the_recovery_code_once(client, db):
    response = client.post(reverse("signup"), GOOD)
    assert response.status_code == 302
    assert response.url == reverse("recovery_code")
    page = client.get(reverse("recovery_code")).content.decode()
    code = page.split('id="recovery-code">')[1].split("<")[0]
    profile = Profile.objects.get(user__username="dana")
    user_key = profile.open_with_recovery_code(code)
    assert profile.open_with_password("winter-light-on-water") == user_key
    # Confirming it lands on the desk, and the code is never shown again.
    response = client.post(reverse("recovery_code"), {"saved": "on"})
    assert response.url == reverse("desk")
    assert client.get(reverse("recovery_code")).url == reverse("desk")
    assert code not in client.get(reverse("desk")).content.decode()


def test_the_recovery_code_is_not_stored_in_clear(client, db):
    client.post(reverse("signup"), GOOD)
    page = client.get(reverse("recovery_code")).content.decode()
    code = page.split('id="recovery-code">')[1].split("<")[0]
    from django.contrib.sessions.models import Session

    stored = "".join(s.session_data for s in Session.objects.all())
    assert code not in stored and code.replace("-", "") not in stored


def test_it_needs_the_confirmation_to_continue(client, db):
    client.post(reverse("signup"), GOOD)
    response = client.post(reverse("recovery_code"), {})
    assert response.status_code == 200
    assert "Please tick this box to go on." in response.content.decode()


def test_it_requires_understanding_the_warning(client, db):
    response = client.post(reverse("signup"), {**GOOD, "understood": ""})
    assert response.status_code == 200
    assert not User.objects.filter(username="dana").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (
            "short-one",
            "This password is shorter than 12 characters. A few words strung together make a "
            "long one that is easy to remember.",
        ),
        (
            "password1234",
            "This password is one of the passwords that have leaked from other websites",
        ),
        ("x" * 1025, "This password is longer than 1024 characters."),
    ],
)
def test_it_refuses_weak_passwords(client, db, password, message):
    response = client.post(
        reverse("signup"), {**GOOD, "password1": password, "password2": password}
    )
    assert message in response.content.decode()
    assert not User.objects.filter(username="dana").exists()


def test_it_says_what_is_wrong_with_a_password_beside_the_password(client, db):
    response = client.post(
        reverse("signup"), {**GOOD, "password1": "password1234", "password2": "password1234"}
    )
    form = response.context["form"]
    assert list(form.errors) == ["password1"]
    assert form.errors["password1"][0].startswith("This password is one of the passwords")
    page = response.content.decode()
    assert page.count("autofocus") == 1
    assert re.search(r'<input type="password" name="password1"[^>]* autofocus', page)


def test_it_accepts_a_128_character_password(client, db):
    password = "long enough " * 10 + "and more"
    assert len(password) == 128
    response = client.post(
        reverse("signup"), {**GOOD, "password1": password, "password2": password}
    )
    assert response.status_code == 302


def test_the_password_hash_costs_at_least_the_key_derivation(client, db):
    client.post(reverse("signup"), GOOD)
    user = User.objects.get(username="dana")
    params = crypto.KdfParams.parse(settings.UNSENT_KDF)
    assert user.password.startswith("argon2$argon2id$")
    assert f"m={params.memory_kib},t={params.iterations},p={params.lanes}" in user.password


def test_it_rejects_put(client, db):
    assert client.put(reverse("signup")).status_code == 405


def test_the_recovery_code_page_is_never_cached(client, db):
    client.post(reverse("signup"), GOOD)
    assert "no-store" in client.get(reverse("recovery_code"))["Cache-Control"]


def test_the_recovery_code_page_has_no_menu_and_no_menu_button(client, db):
    client.post(reverse("signup"), GOOD)
    page = client.get(reverse("recovery_code")).content.decode()
    assert 'id="menu-button"' not in page and 'href="/desk/"' not in page
    assert 'class="container d-flex flex-wrap align-items-center gap-1 pb-2 is-bare"' in page
    client.post(reverse("recovery_code"), {"saved": "on"})
    assert 'id="menu-button"' in client.get(reverse("desk")).content.decode()
