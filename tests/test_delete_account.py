from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.models import Letter, MarginNote, Profile
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


def test_the_keys_go_first_then_the_letters_in_batches_never_read_whole(alice_client, alice):
    letters = [write_letter(alice, body=f"letter {n}") for n in range(3)]
    MarginNote.objects.create(letter=letters[0], sealed=b"sealed note")
    with CaptureQueriesContext(connection) as captured:
        response = alice_client.post(
            reverse("delete_account"), {"password": PASSWORD, "confirm": "on"}
        )
    assert response.url == reverse("account_deleted")
    sql = [query["sql"] for query in captured.captured_queries]
    deletes = [s.split('"')[1] for s in sql if s.startswith("DELETE FROM")]
    assert deletes.index("letters_profile") < deletes.index("letters_letter")
    assert [s for s in sql if s.startswith("SELECT") and '"letters_letter"."body"' in s] == []
    assert MarginNote.objects.filter(letter__owner_id=alice.user.pk).count() == 0


def test_letters_are_deleted_a_batch_at_a_time_with_their_notes(alice, bob):
    letters = [write_letter(alice, body=f"letter {n}") for n in range(5)]
    MarginNote.objects.create(letter=letters[4], sealed=b"sealed note")
    kept = write_letter(bob)
    with CaptureQueriesContext(connection) as captured:
        deleted = Letter.objects.owned_by(alice.user).delete_in_batches(size=2)
    assert deleted == 5
    batches = [q for q in captured.captured_queries if q["sql"].startswith("DELETE FROM")]
    assert len([q for q in batches if '"letters_letter"' in q["sql"].split("WHERE")[0]]) == 3
    assert list(Letter.objects.values_list("id", flat=True)) == [kept.id]
    assert MarginNote.objects.count() == 0


def test_the_last_page_speaks_the_accounts_language_not_the_browsers(alice_client, alice):
    Profile.objects.filter(user=alice.user).update(language="es")
    confirm = {"password": PASSWORD, "confirm": "on"}
    gone = alice_client.post(reverse("delete_account"), confirm, follow=True)
    page = gone.content.decode()
    assert "<h1>Ya no queda nada</h1>" in page
    assert '<html lang="es"' in page
