from django.contrib.auth import get_user_model
from django.urls import reverse

from letters.models import Letter, Profile
from tests.conftest import PASSWORD, write_letter


def test_it_destroys_letters_keys_and_user(alice_client, alice, bob):
    write_letter(alice)
    write_letter(bob)
    response = alice_client.post(reverse("delete_account"), {"password": PASSWORD, "confirm": "on"})
    assert response.url == reverse("account_deleted")
    assert not get_user_model().objects.filter(username="alice").exists()
    assert not Profile.objects.filter(user_id=alice.user.pk).exists()
    assert Letter.objects.filter(owner_id=alice.user.pk).count() == 0
    assert Letter.objects.filter(owner=bob.user).count() == 1


def test_a_wrong_password_deletes_nothing(alice_client, alice):
    write_letter(alice)
    response = alice_client.post(
        reverse("delete_account"), {"password": "wrong password", "confirm": "on"}
    )
    assert response.status_code == 200
    assert Letter.objects.filter(owner=alice.user).count() == 1


def test_it_needs_a_login(client, db):
    assert client.post(reverse("delete_account")).url.startswith(reverse("login"))


def test_it_rejects_put(alice_client):
    assert alice_client.put(reverse("delete_account")).status_code == 405
