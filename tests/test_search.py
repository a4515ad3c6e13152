import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters import clock
from tests.conftest import many_letters, write_letter


def search(client, q, page=None):
    data = {"q": q} if page is None else {"q": q, "page": page}
    return client.post(reverse("search"), data).content.decode()


def test_it_finds_letters_by_body_or_title_and_marks_the_words(alice_client, alice):
    write_letter(alice, body="The rain in the morning <b>was</b> cold.", title="Morning")
    write_letter(alice, body="nothing to see")
    page = search(alice_client, "RAIN")
    assert "1 letter found" in page
    assert "The <mark>rain</mark> in the morning &lt;b&gt;was&lt;/b&gt; cold." in page
    assert "2 letters found" in search(alice_client, "o")


def test_every_word_must_be_there(alice_client, alice):
    write_letter(alice, body="rain and wind")
    write_letter(alice, body="rain alone")
    assert "1 letter found" in search(alice_client, "rain wind")


def test_it_does_not_open_time_locked_letters(alice_client, alice):
    letter = write_letter(alice, body="secret rain")
    letter.seal(clock.today() + datetime.timedelta(days=3))
    assert "0 letters found" in search(alice_client, "rain")


def test_the_search_words_are_not_in_the_url(alice_client, alice):
    assert 'method="post"' in alice_client.get(reverse("search")).content.decode()


def test_it_paginates(alice_client, alice):
    many_letters(alice, 25)
    assert "25 letters found" in search(alice_client, "letter")
    page_two = search(alice_client, "letter", page=2)
    assert page_two.count('class="letter-row"') == 5


def test_queries_do_not_grow_with_the_number_of_letters(alice_client, alice):
    many_letters(alice, 10)

    def count():
        with CaptureQueriesContext(connection) as captured:
            alice_client.post(reverse("search"), {"q": "number"})
        return len(captured.captured_queries)

    few = count()
    many_letters(alice, 390)
    assert count() == few


def test_it_rejects_put(alice_client):
    assert alice_client.put(reverse("search")).status_code == 405
