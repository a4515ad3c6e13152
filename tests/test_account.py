"""The account's own page, where "Account" in the menu leads, and the words of its forms."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

EVERY_SETTING = (
    "settings",
    "default_recipient",
    "password_change",
    "passkeys",
    "export_letters",
    "import_letters",
    "delete_account",
)


def test_the_menu_leads_to_the_account_page_not_the_password_form(alice_client):
    page = alice_client.get(reverse("desk")).content.decode()
    assert f'<a class="nav-link" href="{reverse("account")}">Account</a>' in page
    assert f'href="{reverse("password_change")}"' not in page


def test_the_account_page_leads_to_every_setting_and_asks_nothing(alice_client):
    page = alice_client.get(reverse("account")).content.decode()
    for name in EVERY_SETTING:
        assert f'href="{reverse(name)}"' in page, name
    # The footer's language chooser is on every page; the account page itself asks nothing.
    assert "<form" not in page.split('<main id="main"')[1].split("</main>")[0]
    assert f'href="{reverse("account")}" aria-current="page">Account</a>' in page


def test_the_password_page_is_only_the_password(alice_client):
    page = alice_client.get(reverse("password_change")).content.decode()
    assert "<h1>Change your password</h1>" in page
    assert f'href="{reverse("delete_account")}"' not in page


def test_a_new_dear_name_comes_back_to_the_account_page(alice_client):
    response = alice_client.post(reverse("default_recipient"), {"recipient": "Sam"})
    assert response.url == reverse("account")


def test_the_account_page_needs_a_login(client, db):
    assert client.get(reverse("account")).url.startswith(reverse("login"))


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_account_page_rejects_other_methods(alice_client, method):
    assert getattr(alice_client, method)(reverse("account")).status_code == 405


def test_a_field_left_empty_is_named_in_our_words(alice_client):
    response = alice_client.post(reverse("password_change"), {"password": PASSWORD})
    page = response.content.decode()
    assert "This field is required." not in page
    assert "Please fill in “New password”: it can&#x27;t be left empty." in page


def test_two_new_passwords_that_differ_are_said_in_our_words(alice_client):
    response = alice_client.post(
        reverse("password_change"),
        {
            "password": PASSWORD,
            "new_password1": "winter-light-on-water",
            "new_password2": "winter-light-on-the-sea",
        },
    )
    page = response.content.decode()
    assert "The two passwords aren&#x27;t the same. Please type the new one again in both." in page
    assert "fields didn" not in page


def test_a_password_like_the_username_is_refused_in_our_words(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "winterlighthouse",
            "password1": "winterlighthouse1",
            "password2": "winterlighthouse1",
            "understood": "on",
        },
    )
    page = response.content.decode()
    assert "This password is too close to your username." in page
    assert "too similar" not in page


@pytest.mark.parametrize("name", ["export_letters", "import_letters", "default_recipient"])
def test_back_to_your_account_leads_to_the_account_page(alice_client, name):
    page = alice_client.get(reverse(name)).content.decode()
    assert f'<a href="{reverse("account")}">Back to your account</a>' in page
