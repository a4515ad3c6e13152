import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters import clock
from letters.keys import crypto
from letters.models import Letter
from tests.conftest import many_letters, write_letter


def test_it_shows_drafts_and_sealed_letters_newest_first(alice_client, alice):
    write_letter(alice, body="the older one")
    sealed = write_letter(alice, body="a sealed one\nsecond line", title="")
    sealed.seal()
    archived = write_letter(alice, body="tucked away")
    archived.archive()
    write_letter(alice, body="the newest", title="A title wins")
    page = alice_client.get(reverse("desk")).content.decode()
    assert page.index("A title wins") < page.index("a sealed one") < page.index("the older one")
    assert "second line" not in page
    assert "tucked away" not in page
    assert "3 words" in page


def test_a_time_locked_letter_shows_a_closed_envelope(alice_client, alice):
    letter = write_letter(alice, body="not until then")
    letter.seal(datetime.date(2099, 1, 2))
    page = alice_client.get(reverse("desk")).content.decode()
    assert "A sealed letter, closed until 2 January 2099" in page
    assert "not until then" not in page
    assert reverse("shred", args=[letter.id]) in page


def test_each_row_links_to_the_right_place_with_its_state_date_and_words(alice_client, alice):
    draft = write_letter(alice, body="one")
    opened = write_letter(alice, body="two words")
    opened.seal()  # then as if sealed until a day that has come since
    Letter.objects.filter(id=opened.id).update(
        opens_on=datetime.date(2026, 3, 5),
        created=datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC),
    )
    page = alice_client.get(reverse("desk")).content.decode()
    assert f'<a class="letter-line" href="{reverse("edit", args=[draft.id])}">one</a>' in page
    assert (
        f'<a class="letter-line" href="{reverse("read", args=[opened.id])}">two words</a>' in page
    )
    assert '<span class="badge state-draft">Draft</span>' in page and "· 1 word\n" in page
    assert '<time datetime="2026-03-04">4 Mar 2026</time>\n    · 2 words' in page
    assert "· opened 5 Mar 2026" in page


def test_a_letter_that_does_not_open_is_named_and_the_rest_still_show(alice_client, alice):
    broken = write_letter(alice, body="broken")
    write_letter(alice, body="still fine")
    blob = bytearray(broken.excerpt)
    blob[-1] ^= 1
    Letter.objects.filter(id=broken.id).update(excerpt=bytes(blob))
    page = alice_client.get(reverse("desk")).content.decode()
    assert "This letter can't be opened" in page
    assert "still fine" in page


def test_it_shows_letters_from_this_day_a_month_and_a_year_ago(alice_client, alice):
    now = clock.now()
    for days, body in [(0, "today"), (3, "three days ago")]:
        letter = write_letter(alice, body=body)
        Letter.objects.filter(id=letter.id).update(created=now - datetime.timedelta(days=days))
    for months, body in [(1, "a month ago"), (12, "a year ago")]:
        letter = write_letter(alice, body=body)
        year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
        try:
            then = now.replace(year=year, month=month + 1)
        except ValueError:
            pytest.skip("no such day in that month")
        Letter.objects.filter(id=letter.id).update(created=then)
    section = alice_client.get(reverse("desk")).content.decode().split("On this day")[1]
    section = section.split("Drafts and sealed letters")[0]
    assert "a month ago" in section and "a year ago" in section
    assert "today" not in section and "three days ago" not in section


def test_it_paginates_twenty_at_a_time(alice_client, alice):
    many_letters(alice, 25)
    first = alice_client.get(reverse("desk")).content.decode()
    second = alice_client.get(reverse("desk") + "?page=2").content.decode()
    assert first.count('class="letter-row') == 20
    assert second.count('class="letter-row') == 5
    assert '<a href="?page=2" rel="next">Older</a>' in first
    assert 'rel="prev"' not in first
    assert '<a href="?page=1" rel="prev">Newer</a>' in second
    assert 'rel="next"' not in second
    assert "<span>Page 2</span>" in second


def test_a_page_past_the_end_shows_the_first(alice_client, alice):
    many_letters(alice, 20)
    page = alice_client.get(reverse("desk") + "?page=2").content.decode()
    assert page.count('class="letter-row') == 20
    assert "Page" not in page.split("Drafts and sealed letters")[1]


@pytest.mark.parametrize("asked", ["two", "-3", "0", "99999999999999999999999"])
def test_a_page_that_is_not_a_page_shows_the_first(alice_client, alice, asked):
    many_letters(alice, 21)
    response = alice_client.get(reverse("desk") + f"?page={asked}")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="letter-row') == 20
    assert "<span>Page 1</span>" in page


def test_it_shows_the_shred_count(alice_client, alice):
    write_letter(alice).shred()
    write_letter(alice).shred()
    assert "You have let go of 2 letters." in alice_client.get(reverse("desk")).content.decode()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["desk", "archive"])
def test_queries_do_not_grow_with_the_number_of_letters(alice_client, alice, name):
    status = "archived" if name == "archive" else "sealed"
    many_letters(alice, 10, status=status)
    few = queries_for(alice_client, reverse(name))
    many_letters(alice, 990, status=status)
    assert queries_for(alice_client, reverse(name)) == few


def test_the_desk_decrypts_only_what_it_shows(alice_client, alice, monkeypatch):
    many_letters(alice, 60)
    opened = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda *a: opened.append(1) or real(*a))
    alice_client.get(reverse("desk"))
    # A page of 20 rows: each unwraps its letter key and opens one short excerpt.
    assert len(opened) == 1 + 20 * 2


def test_it_needs_a_login(client, db):
    assert client.get(reverse("desk")).url.startswith(reverse("login"))


def test_it_rejects_post(alice_client):
    assert alice_client.post(reverse("desk")).status_code == 405


def test_a_row_shows_the_day_it_was_written_where_the_writer_is(alice_client, alice, settings):
    settings.TIME_ZONE = "Pacific/Auckland"  # 12 or 13 hours ahead of UTC
    letter = write_letter(alice, body="late at night")
    written = datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC)
    Letter.objects.filter(id=letter.id).update(created=written)
    page = alice_client.get(reverse("desk")).content.decode()
    assert '<time datetime="2026-03-05">5 Mar 2026</time>' in page


CSRF_INPUT = r'name="csrfmiddlewaretoken" value="([^"]+)"'


def _token_of(page: str) -> dict:
    return {"csrfmiddlewaretoken": re.search(CSRF_INPUT, page).group(1)}


def test_every_form_on_the_desk_carries_the_pages_own_csrf_token(alice):
    strict = Client(enforce_csrf_checks=True)
    form = strict.get(reverse("login")).content.decode()
    login = {"username": "alice", "password": alice.password, **_token_of(form)}
    assert strict.post(reverse("login"), login).status_code == 302
    page = strict.get(reverse("desk")).content.decode()
    tokens = re.findall(CSRF_INPUT, page)
    assert len(tokens) == 4  # new letter, today's prompt, the seven mornings, log out
    assert len(set(tokens)) == 1  # one token for the page, masked once
    answer = strict.post(reverse("new_letter"), {"csrfmiddlewaretoken": tokens[0]})
    assert answer.status_code == 200
    assert 'id="letter-form"' in answer.content.decode()
