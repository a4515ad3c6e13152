"""The admin shows letters' metadata only, and cannot set a password."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.conftest import write_letter


@pytest.fixture
def admin_client(db):
    get_user_model().objects.create_superuser("root", password="admin password long")
    client = Client()
    client.post(reverse("admin:login"), {"username": "root", "password": "admin password long"})
    return client


def test_letters_show_metadata_but_no_text(admin_client, alice):
    letter = write_letter(
        alice, body="ADMINMARK body", title="ADMINMARK title", recipient="ADMINMARK"
    )
    listing = admin_client.get(reverse("admin:letters_letter_changelist")).content.decode()
    detail = admin_client.get(
        reverse("admin:letters_letter_change", args=[letter.id])
    ).content.decode()
    assert str(letter.id) in listing and "Draft" in listing
    assert "ADMINMARK" not in listing + detail
    assert "wrapped_key" not in detail and "id_body" not in detail


def test_letters_cannot_be_changed_or_added(admin_client, alice):
    letter = write_letter(alice)
    response = admin_client.post(
        reverse("admin:letters_letter_change", args=[letter.id]), {"status": "archived"}
    )
    assert response.status_code == 403
    assert admin_client.get(reverse("admin:letters_letter_add")).status_code == 403


def test_the_admin_cannot_set_a_password(admin_client, alice):
    with pytest.raises(NoReverseMatch):
        reverse("admin:auth_user_password_change", args=[alice.user.pk])
    page = admin_client.get(
        reverse("admin:auth_user_change", args=[alice.user.pk])
    ).content.decode()
    assert 'name="password"' not in page and "Raw passwords are not stored" not in page
    assert admin_client.get(f"/admin/auth/user/{alice.user.pk}/password/").status_code == 302
    assert admin_client.get("/admin/password_change/").url == reverse("password_change")


def test_the_admin_cannot_delete_letters_or_writers(admin_client, alice):
    letter = write_letter(alice)
    assert (
        admin_client.get(reverse("admin:letters_letter_delete", args=[letter.id])).status_code
        == 403
    )
    assert (
        admin_client.get(reverse("admin:auth_user_delete", args=[alice.user.pk])).status_code == 403
    )
