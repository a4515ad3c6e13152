import datetime
import re
from collections import Counter

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
    write_letter(alice, body="the older one", title="The older one")
    sealed = write_letter(alice, body="a sealed one\nsecond line", title="Sealed one")
    sealed.seal()
    archived = write_letter(alice, body="tucked away", title="Tucked away")
    archived.archive()
    write_letter(alice, body="the newest", title="A title wins")
    page = alice_client.get(reverse("desk")).content.decode()
    assert page.index("A title wins") < page.index("Sealed one") < page.index("The older one")
    assert "a sealed one" not in page and "second line" not in page
    assert "Tucked away" not in page
    assert "5 words" in page


def test_an_untitled_letter_is_named_by_who_it_is_to_never_by_its_words(alice_client, alice):
    to_jamie = write_letter(alice, body="I still think of you.\nEvery day.", recipient="Jamie")
    to_nobody = write_letter(alice, body="Nobody will read this line.")
    page = alice_client.get(reverse("desk")).content.decode()
    edit = reverse("edit", args=[to_jamie.id])
    assert f'<a class="letter-line" href="{edit}" dir="auto">Untitled · to Jamie</a>' in page
    edit = reverse("edit", args=[to_nobody.id])
    assert f'<a class="letter-line" href="{edit}" dir="auto">Untitled</a>' in page
    assert "I still think of you" not in page and "Nobody will read this line" not in page
    # Its words are in the reading view.
    to_jamie.seal()
    reading = alice_client.get(reverse("read", args=[to_jamie.id])).content.decode()
    assert "I still think of you.\nEvery day." in reading


def test_it_filters_the_desk_by_state(alice_client, alice):
    write_letter(alice, title="Still a draft")
    write_letter(alice, title="Sealed now").seal()
    drafts = alice_client.get(reverse("desk") + "?state=drafts").content.decode()
    sealed = alice_client.get(reverse("desk") + "?state=sealed").content.decode()
    everything = alice_client.get(reverse("desk") + "?state=nonsense").content.decode()
    assert "Still a draft" in drafts and "Sealed now" not in drafts
    assert "Sealed now" in sealed and "Still a draft" not in sealed
    assert "Still a draft" in everything and "Sealed now" in everything
    assert '<a href="?state=drafts" aria-current="page">Drafts</a>' in drafts
    assert '<a href="?" aria-current="page">All</a>' in everything


def test_an_empty_filter_says_so_kindly(alice_client, alice):
    write_letter(alice, title="Still a draft")
    page = alice_client.get(reverse("desk") + "?state=sealed").content.decode()
    assert '<p class="empty">No sealed letters here right now.</p>' in page


def test_the_letters_come_before_the_folded_prompts(alice_client, alice):
    write_letter(alice, title="Mine first")
    page = alice_client.get(reverse("desk")).content.decode()
    assert page.index("Mine first") < page.index('<details class="desk-guidance">')
    assert page.index('<details class="desk-guidance">') < page.index("Today's prompt")
    # "Another prompt" comes back with the prompts open.
    another = alice_client.get(reverse("desk") + "?another=1").content.decode()
    assert '<details class="desk-guidance" open>' in another


def test_a_recovery_code_not_yet_saved_is_mentioned_quietly(client, db):
    client.post(
        reverse("signup"),
        {
            "username": "dana",
            "password1": "winter-light-on-water",
            "password2": "winter-light-on-water",
            "understood": "on",
        },
    )
    banner = "Your recovery code isn't saved yet."
    page = client.get(reverse("desk")).content.decode()
    assert banner in page and f'href="{reverse("recovery_code")}"' in page
    client.post(reverse("recovery_code"), {"saved": "on"})
    assert banner not in client.get(reverse("desk")).content.decode()


def test_a_time_locked_letter_shows_a_closed_envelope(alice_client, alice):
    letter = write_letter(alice, body="not until then")
    letter.seal(datetime.date(2099, 1, 2))
    page = alice_client.get(reverse("desk")).content.decode()
    assert "A sealed letter, closed until 2 January 2099" in page
    assert "not until then" not in page
    assert reverse("shred", args=[letter.id]) in page


def test_each_row_links_to_the_right_place_with_its_state_date_and_words(alice_client, alice):
    draft = write_letter(alice, body="one", title="one")
    opened = write_letter(alice, body="two words", title="two words")
    opened.seal()  # then as if sealed until a day that has come since
    Letter.objects.filter(id=opened.id).update(
        opens_on=datetime.date(2026, 3, 5),
        created=datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC),
    )
    page = alice_client.get(reverse("desk")).content.decode()
    assert (
        f'<a class="letter-line" href="{reverse("edit", args=[draft.id])}" dir="auto">one</a>'
        in page
    )
    assert (
        f'<a class="letter-line" href="{reverse("read", args=[opened.id])}" dir="auto">two words</a>'
        in page
    )
    assert '<span class="badge state-draft">Draft</span>' in page and "· 1 word\n" in page
    assert 'written <time datetime="2026-03-04">4 Mar 2026</time>\n    · 2 words' in page
    assert "· opened 5 Mar 2026" in page


def test_a_list_writes_the_writers_words_as_text_never_as_markup(alice_client, alice):
    titled = write_letter(alice, body="x", title='<img src=x onerror="alert(1)"> & co')
    write_letter(alice, body="y", recipient="<b>Sam</b>")
    page = alice_client.get(reverse("desk")).content.decode()
    link = reverse("edit", args=[titled.id])
    assert (
        f'<a class="letter-line" href="{link}" dir="auto">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; '
        "&amp; co</a>" in page
    )
    assert "Untitled · to &lt;b&gt;Sam&lt;/b&gt;</a>" in page
    assert "<img src=x" not in page and "<b>Sam" not in page


def test_a_letter_that_does_not_open_is_named_and_the_rest_still_show(alice_client, alice):
    broken = write_letter(alice, body="broken", title="broken")
    write_letter(alice, body="still fine", title="still fine")
    blob = bytearray(broken.title)
    blob[-1] ^= 1
    Letter.objects.filter(id=broken.id).update(title=bytes(blob))
    page = alice_client.get(reverse("desk")).content.decode()
    assert "This letter can't be opened" in page
    assert "still fine" in page


def test_it_shows_letters_from_this_day_a_month_and_a_year_ago(alice_client, alice):
    now = clock.now()
    for days, body in [(0, "today"), (3, "three days ago")]:
        letter = write_letter(alice, body=body, title=body)
        Letter.objects.filter(id=letter.id).update(created=now - datetime.timedelta(days=days))
    for months, body in [(1, "a month ago"), (12, "a year ago")]:
        letter = write_letter(alice, body=body, title=body)
        year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
        try:
            then = now.replace(year=year, month=month + 1)
        except ValueError:
            pytest.skip("no such day in that month")
        Letter.objects.filter(id=letter.id).update(created=then)
    section = alice_client.get(reverse("desk")).content.decode().split("On this day")[1]
    section = section.split('<details class="desk-guidance"')[0]
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


def test_a_page_past_the_end_shows_the_last(alice_client, alice):
    """An old bookmark of page 3, after letters were let go: the oldest letters, not the newest."""
    many_letters(alice, 45)
    page = alice_client.get(reverse("desk") + "?page=7").content.decode()
    assert page.count('class="letter-row') == 5
    assert "<span>Page 3</span>" in page
    assert '<a href="?page=2" rel="prev">Newer</a>' in page
    assert 'rel="next"' not in page


def test_a_page_past_the_end_of_a_single_page_shows_it_without_a_pager(alice_client, alice):
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
    real = crypto.Opener.open  # every envelope is opened here
    monkeypatch.setattr(crypto.Opener, "open", lambda *a: opened.append(1) or real(*a))
    alice_client.get(reverse("desk"))
    # A page of 20 rows: each unwraps its letter key and opens its title and "Dear" name.
    assert len(opened) == 1 + 20 * 3


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
    assert 'written <time datetime="2026-03-05">5 Mar 2026</time>' in page


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
    # New letter, today's prompt, the seven mornings, log out, the language chooser.
    assert len(tokens) == 5
    assert len(set(tokens)) == 1  # one token for the page, masked once
    answer = strict.post(reverse("new_letter"), {"csrfmiddlewaretoken": tokens[0]})
    assert answer.status_code == 200
    assert 'id="letter-form"' in answer.content.decode()


def test_a_list_opens_who_a_letter_is_to_only_when_it_has_no_title(
    alice_client, alice, monkeypatch
):
    write_letter(alice, title="Titled", recipient="Sam")
    write_letter(alice, title="Titled too", recipient="Sam")
    write_letter(alice, recipient="Jamie")
    opened = Counter()
    real = crypto.associated_data
    monkeypatch.setattr(
        crypto, "associated_data", lambda kind, *a: opened.update([kind]) or real(kind, *a)
    )
    page = alice_client.get(reverse("desk")).content.decode()
    assert ">Titled</a>" in page and ">Titled too</a>" in page and "· to Jamie</a>" in page
    assert opened["letter.key"] == 3
    assert opened["letter.title"] == 3
    assert opened["letter.recipient"] == 1
    assert opened["letter.excerpt"] == 0
    # A writer who sees first lines has each letter's line opened, and no title beside it.
    alice_client.post(reverse("settings"), {"shows_first_lines": "on"})
    opened.clear()
    alice_client.get(reverse("desk"))
    assert opened["letter.excerpt"] == 3
    assert opened["letter.title"] == 0
    assert opened["letter.recipient"] == 0


def test_a_writer_who_chooses_first_lines_sees_them_again(alice_client, alice):
    write_letter(alice, body="\nThe first line\nthe second", recipient="Jamie")
    write_letter(alice, body="words", title="A title still wins")
    alice_client.post(reverse("settings"), {"shows_first_lines": "on"})
    page = alice_client.get(reverse("desk")).content.decode()
    assert ">The first line</a>" in page and "Untitled" not in page
    assert ">A title still wins</a>" in page and "the second" not in page
    alice_client.post(reverse("settings"), {})
    page = alice_client.get(reverse("desk")).content.decode()
    assert ">Untitled · to Jamie</a>" in page and "The first line" not in page


def test_the_folded_prompts_are_named_once_not_twice(alice_client, alice):
    """The fold's label says what is inside; the prompt's own heading is inside it, once."""
    page = alice_client.get(reverse("desk")).content.decode()
    assert "<summary>Something to write about</summary>" in page
    assert page.count("Today&#x27;s prompt") + page.count("Today's prompt") == 1
