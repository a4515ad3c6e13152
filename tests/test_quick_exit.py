from django.conf import settings
from django.urls import reverse

from letters.keys import keyring


def test_the_button_is_on_every_logged_in_page(alice_client):
    for name in ("desk", "archive", "prompts", "urge", "no_contact", "search"):
        assert 'id="quick-exit" href="/exit/"' in alice_client.get(reverse(name)).content.decode()


def test_it_leaves_for_a_neutral_page_and_locks_the_keys(alice_client):
    response = alice_client.get(reverse("quick_exit"))
    page = response.content.decode()
    assert "<title>Simple lentil soup</title>" in page
    assert "Unsent" not in page and "letter" not in page.lower()
    assert response.cookies[settings.UNSENT_KEY_COOKIE].value == ""
    assert keyring.SESSION_KEY_FIELD not in alice_client.session
    assert alice_client.get(reverse("desk")).url.startswith(reverse("unlock"))


def test_it_works_logged_out_too(client, db):
    assert client.get(reverse("quick_exit")).status_code == 200


def test_it_rejects_post(alice_client):
    assert alice_client.post(reverse("quick_exit")).status_code == 405
