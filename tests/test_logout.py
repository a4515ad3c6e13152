from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse


def test_it_leaves_neither_session_nor_key(alice_client):
    response = alice_client.post(reverse("logout"))
    assert response.status_code == 200
    assert response.cookies[settings.UNSENT_KEY_COOKIE].value == ""
    assert Session.objects.count() == 0
    assert alice_client.get(reverse("desk")).url.startswith(reverse("login"))


def test_it_rejects_get(alice_client):
    assert alice_client.get(reverse("logout")).status_code == 405
