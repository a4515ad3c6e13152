from django.test import Client
from django.urls import reverse

from letters.models import Letter, Profile
from tests.conftest import PASSWORD, log_in, write_letter

NEW = "evening-bells-over-the-bay"


def change(client, old=PASSWORD, new=NEW):
    return client.post(
        reverse("password_change"),
        {"password": old, "new_password1": new, "new_password2": new},
    )


def test_it_changes_the_password_and_rewraps_the_key(alice_client, alice):
    letter = write_letter(alice, body="kept")
    old_salt = bytes(Profile.objects.get(user=alice.user).password_salt)
    assert change(alice_client).url == reverse("desk")
    profile = Profile.objects.get(user=alice.user)
    assert bytes(profile.password_salt) != old_salt
    user_key = profile.open_with_password(NEW)
    assert user_key == alice.user_key
    assert Letter.objects.get(id=letter.id).read(user_key).body == "kept"
    # This session stays open, with the key.
    assert alice_client.get(reverse("read", args=[letter.id])).status_code == 200


def test_it_ends_the_writers_other_sessions(alice_client, alice):
    other = log_in(Client(), alice)
    change(alice_client)
    assert other.get(reverse("desk")).url.startswith(reverse("login"))


def test_a_wrong_current_password_changes_nothing(alice_client, alice):
    response = change(alice_client, old="not my password")
    assert response.status_code == 200
    assert Profile.objects.get(user=alice.user).open_with_password(PASSWORD)


def test_mismatched_new_passwords_change_nothing(alice_client, alice):
    response = alice_client.post(
        reverse("password_change"),
        {"password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"},
    )
    assert "The two passwords aren&#x27;t the same." in response.content.decode()
    assert Profile.objects.get(user=alice.user).open_with_password(PASSWORD)


def test_it_needs_a_login(client, db):
    assert client.get(reverse("password_change")).url.startswith(reverse("login"))


def test_it_rejects_put(alice_client):
    assert alice_client.put(reverse("password_change")).status_code == 405


def test_the_second_box_says_what_sign_up_says(alice_client):
    page = alice_client.get(reverse("password_change")).content.decode()
    assert "The same password once more, to be sure it is the one you meant." in page
    assert "for verification" not in page
