"""Every letter URL and method, as another writer and as nobody: nothing of the letter shows."""

import pytest
from django.test import Client
from django.urls import reverse

from letters.models import Letter
from tests.conftest import write_letter

LETTER_URLS = [
    "read",
    "edit",
    "autosave",
    "save",
    "keep_as_new",
    "seal",
    "archive_letter",
    "restore",
    "shred",
    "send",
]
METHODS = ["get", "post"]


@pytest.fixture
def alices_letter(alice):
    return write_letter(alice, body="only alice may read this", title="private")


def allowed(name, method):
    only_post = {"autosave", "save", "keep_as_new", "restore"}
    only_get = {"read", "edit", "send"}
    return not ((name in only_post and method == "get") or (name in only_get and method == "post"))


@pytest.mark.parametrize("name", LETTER_URLS)
@pytest.mark.parametrize("method", METHODS)
def test_a_stranger_gets_404_and_changes_nothing(bob_client, alices_letter, alice, name, method):
    url = reverse(name, args=[alices_letter.id])
    data = {"confirm": "shred", "body": "bob was here", "version": 2}
    response = getattr(bob_client, method)(url, data)
    expected = 404 if allowed(name, method) else 405
    assert response.status_code == expected
    assert b"only alice may read this" not in response.content
    letter = Letter.objects.get(id=alices_letter.id)
    assert letter.status == Letter.Status.DRAFT
    assert letter.version == alices_letter.version
    assert letter.read(alice.user_key).body == "only alice may read this"


@pytest.mark.parametrize("name", LETTER_URLS)
@pytest.mark.parametrize("method", METHODS)
def test_nobody_is_sent_to_log_in(db, alices_letter, name, method):
    url = reverse(name, args=[alices_letter.id])
    response = getattr(Client(), method)(url, {"confirm": "shred"})
    if allowed(name, method):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 405
    assert Letter.objects.filter(id=alices_letter.id).exists()


@pytest.mark.parametrize("name", LETTER_URLS)
def test_an_unknown_uuid_is_404(alice_client, name):
    url = reverse(name, args=["6f1c0e43-0000-4000-8000-000000000000"])
    method = (
        "get" if name in {"read", "edit", "send", "seal", "archive_letter", "shred"} else "post"
    )
    assert getattr(alice_client, method)(url).status_code == 404


def test_a_malformed_uuid_is_404(alice_client):
    assert alice_client.get("/letters/not-a-uuid/").status_code == 404
    assert alice_client.get("/letters/123/edit/").status_code == 404


def test_lists_and_search_show_only_the_writers_own_letters(bob_client, alices_letter):
    for name in ("desk", "archive"):
        assert b"only alice" not in bob_client.get(reverse(name)).content
    assert b"only alice" not in bob_client.post(reverse("search"), {"q": "alice"}).content
