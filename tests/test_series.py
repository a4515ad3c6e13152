from django.test import Client
from django.urls import reverse

from letters import clock
from letters.guidance import prompts
from letters.models import Letter, Profile
from tests.conftest import begin_letter, write_letter

SERIES = prompts.library().series


def morning_on_desk(client):
    page = client.get(reverse("desk")).content.decode()
    return page.split("Seven mornings")[1].split("</section>")[0]


def test_the_desk_offers_to_start_the_series(alice_client):
    section = morning_on_desk(alice_client)
    assert "Start the seven mornings" in section
    assert "Morning 1 of 7" not in section


def test_starting_shows_the_first_morning_then_the_next_the_day_after(
    alice_client, alice, settings
):
    assert alice_client.post(reverse("start_series")).url == reverse("desk")
    section = morning_on_desk(alice_client)
    assert "Morning 1 of 7" in section
    assert f'value="{SERIES[0].slug}"' in section
    begin_letter(alice_client, SERIES[0].slug)
    # One morning a day, as the series asks: the second waits for tomorrow.
    section = morning_on_desk(alice_client)
    assert (
        "This morning's letter is written. The next morning's question comes tomorrow." in section
    )
    assert "Morning 2 of 7" not in section and "You finished" not in section
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    section = morning_on_desk(alice_client)
    assert "Morning 2 of 7" in section
    assert f'value="{SERIES[1].slug}"' in section


def test_starting_opens_the_desk_on_the_first_morning_once(alice_client, alice):
    """'Here is the first one': the fold of prompts is open on it, once; then folded again."""
    alice_client.post(reverse("start_series"))
    page = alice_client.get(reverse("desk")).content.decode()
    assert '<details class="desk-guidance" open>' in page
    assert "The seven mornings begin. Here is the first one." in page
    page = alice_client.get(reverse("desk")).content.decode()
    assert '<details class="desk-guidance">' in page


def test_the_seventh_morning_leads_to_the_answers_so_far(alice_client, alice, settings):
    """Morning seven asks the writer to read back their six answers first."""
    alice_client.post(reverse("start_series"))
    for prompt in SERIES[:6]:
        write_letter(alice, prompt_slug=prompt.slug)
    settings.UNSENT_CLOCK_SHIFT_DAYS = 6
    section = morning_on_desk(alice_client)
    assert "Morning 7 of 7" in section
    link = f'<a href="{reverse("seven_mornings")}">Read your answers so far, side by side</a>'
    assert link in section
    letter = begin_letter(alice_client, SERIES[6].slug)
    editor = alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    assert "Read your answers so far, side by side" in editor
    sixth = begin_letter(alice_client, SERIES[5].slug)
    editor = alice_client.get(reverse("edit", args=[sixth.id])).content.decode()
    assert "Read your answers so far" not in editor


def test_a_morning_missed_waits_and_the_next_day_offers_it_first(alice_client, alice, settings):
    alice_client.post(reverse("start_series"))
    settings.UNSENT_CLOCK_SHIFT_DAYS = 3  # the fourth day, nothing written yet
    assert "Morning 1 of 7" in morning_on_desk(alice_client)


def test_all_seven_done_says_so(alice_client, alice):
    alice_client.post(reverse("start_series"))
    for prompt in SERIES:
        write_letter(alice, prompt_slug=prompt.slug)
    assert "You finished all seven mornings" in morning_on_desk(alice_client)


def test_restarting_begins_again_from_the_first(alice_client, alice, settings):
    alice_client.post(reverse("start_series"))
    write_letter(alice, prompt_slug=SERIES[0].slug)
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    alice_client.post(reverse("start_series"))
    assert "Morning 1 of 7" in morning_on_desk(alice_client)
    letters = Letter.objects.filter(owner=alice.user)
    assert [letter.read_prompt(alice.user_key) for letter in letters] == [SERIES[0].slug]
    assert Profile.objects.get(user=alice.user).series_started_on is not None


def test_start_rejects_get(alice_client):
    assert alice_client.get(reverse("start_series")).status_code == 405


def test_start_needs_a_login(client, db):
    assert client.post(reverse("start_series")).url.startswith(reverse("login"))


def side_by_side(client):
    return client.get(reverse("seven_mornings")).content.decode()


def test_after_the_seventh_morning_the_desk_leads_to_the_answers_side_by_side(alice_client, alice):
    alice_client.post(reverse("start_series"))
    for prompt in reversed(SERIES):
        write_letter(alice, body=f"answer on morning {prompt.day}", prompt_slug=prompt.slug)
    desk = morning_on_desk(alice_client)
    assert f'<a href="{reverse("seven_mornings")}">Read your seven answers side by side</a>' in desk
    page = side_by_side(alice_client)
    answers = [f'<div class="morning-answer">answer on morning {day}</div>' for day in range(1, 8)]
    places = [page.index(answer) for answer in answers]
    assert places == sorted(places)
    headings = [page.index(f'<h2 class="h6">Morning {day}</h2>') for day in range(1, 8)]
    assert headings == sorted(headings)
    # The row goes on past the screen's edge, where a scrollbar may not show until it is used.
    assert "They sit in one row: scroll or swipe sideways to see all seven." in page


def test_each_morning_shows_its_first_answer_since_the_series_began(alice_client, alice, settings):
    write_letter(alice, body="from an earlier week", prompt_slug=SERIES[0].slug)
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    alice_client.post(reverse("start_series"))
    first = write_letter(alice, body="this week's first", prompt_slug=SERIES[0].slug)
    write_letter(alice, body="written again later", prompt_slug=SERIES[0].slug)
    page = side_by_side(alice_client)
    assert '<div class="morning-answer">this week&#x27;s first</div>' in page
    assert "from an earlier week" not in page and "written again later" not in page
    assert f'<a href="{reverse("edit", args=[first.id])}">Open this letter</a>' in page
    assert page.count("Not written yet.") == 6


def test_a_morning_sealed_until_a_later_day_stays_closed_side_by_side(alice_client, alice):
    import datetime

    alice_client.post(reverse("start_series"))
    letter = write_letter(alice, body="keep this closed", prompt_slug=SERIES[1].slug)
    letter.seal(datetime.date(2099, 1, 2))
    page = side_by_side(alice_client)
    assert "keep this closed" not in page
    assert "Sealed until 2 January 2099; it stays closed until then." in page


def test_the_answers_are_the_writers_own(alice_client, alice, bob):
    alice_client.post(reverse("start_series"))
    Profile.objects.filter(user=bob.user).update(series_started_on=clock.today())
    write_letter(bob, body="bob's morning", prompt_slug=SERIES[0].slug)
    page = side_by_side(alice_client)
    assert "bob" not in page
    assert page.count("Not written yet.") == 7


def test_before_the_series_begins_it_says_so(alice_client):
    page = side_by_side(alice_client)
    assert "The seven mornings haven't begun yet." in page
    assert "morning-answer" not in page


def test_side_by_side_needs_a_login_and_rejects_post(alice_client):
    assert alice_client.post(reverse("seven_mornings")).status_code == 405
    assert Client().get(reverse("seven_mornings")).url.startswith(reverse("login"))
