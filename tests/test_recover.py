from django.urls import reverse

from letters.models import Profile
from tests.conftest import write_letter

NEW = "morning-fog-lifts-slowly"


def recover(client, username, code, new=NEW):
    return client.post(
        reverse("recover"),
        {"username": username, "recovery_code": code, "new_password1": new, "new_password2": new},
    )


def test_it_recovers_with_the_code_and_shows_a_new_one(client, alice):
    letter = write_letter(alice, body="recovered words")
    response = recover(client, "alice", alice.recovery_code.lower().replace("-", " "))
    assert response.url == reverse("recovery_code")
    page = client.get(reverse("recovery_code")).content.decode()
    new_code = page.split('id="recovery-code">')[1].split("<")[0]
    assert new_code != alice.recovery_code
    profile = Profile.objects.get(user=alice.user)
    assert profile.open_with_recovery_code(new_code) == alice.user_key
    assert profile.open_with_password(NEW) == alice.user_key
    assert "recovered words" in client.get(reverse("read", args=[letter.id])).content.decode()


def test_the_old_code_stops_working(client, alice):
    recover(client, "alice", alice.recovery_code)
    client.logout()
    response = recover(client, "alice", alice.recovery_code, new="another-new-password")
    assert response.status_code == 200
    assert "don&#x27;t go together" in response.content.decode()


def test_a_wrong_code_and_an_unknown_user_get_the_same_answer(client, alice, bob):
    wrong = recover(client, "alice", bob.recovery_code).content.decode()
    unknown = recover(client, "nobody", bob.recovery_code).content.decode()
    message = "That username and recovery code don&#x27;t go together."
    assert message in wrong and message in unknown


def test_it_rejects_put(client, db):
    assert client.put(reverse("recover")).status_code == 405
