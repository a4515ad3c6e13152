"""Bad input gets a clear answer and loses nothing."""

import json

from django.conf import settings
from django.test import Client
from django.urls import reverse

from letters.models import Letter
from tests.conftest import log_in, write_letter


def body_of(alice, letter):
    return Letter.objects.get(id=letter.id).read(alice.user_key).body


def test_invalid_utf8_in_form_data_is_refused_and_changes_nothing(alice_client, alice):
    letter = write_letter(alice, body="kept")
    response = alice_client.post(
        reverse("save", args=[letter.id]),
        b"body=%ff%fe&title=&recipient=&version=2",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "held characters that aren&#x27;t valid text" in response.content.decode() or (
        "held characters that aren't valid text" in response.content.decode()
    )
    assert body_of(alice, letter) == "kept"


def test_a_missing_csrf_token_is_403_and_changes_nothing(alice, db):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    client.post(
        reverse("login"),
        {"username": "alice", "password": alice.password, "csrfmiddlewaretoken": token},
    )
    letter = write_letter(alice, body="kept")
    response = client.post(
        reverse("autosave", args=[letter.id]),
        json.dumps({"body": "changed", "title": "", "recipient": "", "version": letter.version}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "Nothing was\n    changed" in response.content.decode()
    wrong = client.post(reverse("seal", args=[letter.id]), {"csrfmiddlewaretoken": "x" * 64})
    assert wrong.status_code == 403
    assert body_of(alice, letter) == "kept"
    assert Letter.objects.get(id=letter.id).status == "draft"


def test_another_writers_key_cookie_shows_nothing_of_theirs(alice_client, alice, bob):
    bobs = write_letter(bob, body="bob's words")
    write_letter(alice, body="alice's words")
    bob_client = log_in(Client(), bob)
    alice_client.cookies[settings.UNSENT_KEY_COOKIE] = bob_client.cookies[
        settings.UNSENT_KEY_COOKIE
    ].value
    response = alice_client.get(reverse("desk"))
    assert response.url.startswith(reverse("unlock"))
    assert alice_client.get(reverse("read", args=[bobs.id])).status_code in (302, 404)
    # And bob's session cookie with alice's key cookie shows bob nothing of alice's.
    bob_client.cookies[settings.UNSENT_KEY_COOKIE] = (
        log_in(Client(), alice).cookies[settings.UNSENT_KEY_COOKIE].value
    )
    assert bob_client.get(reverse("desk")).url.startswith(reverse("unlock"))


def test_an_altered_ciphertext_leaves_the_rest_of_the_desk_working(alice_client, alice):
    broken = write_letter(alice, body="broken")
    write_letter(alice, body="fine")
    Letter.objects.filter(id=broken.id).update(body=b"\x01" + bytes(40))
    assert alice_client.get(reverse("read", args=[broken.id])).status_code == 422
    assert "fine" in alice_client.get(reverse("desk")).content.decode()
    # Autosave on a draft that does not open is refused and overwrites nothing.
    response = alice_client.post(
        reverse("autosave", args=[broken.id]),
        json.dumps({"body": "x", "title": "", "recipient": "", "version": broken.version}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert bytes(Letter.objects.get(id=broken.id).body) == b"\x01" + bytes(40)
