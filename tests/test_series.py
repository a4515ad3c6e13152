from django.urls import reverse

from letters.guidance import prompts
from letters.models import Letter, Profile
from tests.conftest import write_letter

SERIES = prompts.library().series


def morning_on_desk(client):
    page = client.get(reverse("desk")).content.decode()
    return page.split("Seven mornings")[1].split("</section>")[0]


def test_the_desk_offers_to_start_the_series(alice_client):
    section = morning_on_desk(alice_client)
    assert "Start the seven mornings" in section
    assert "Morning 1 of 7" not in section


def test_starting_shows_the_first_morning_then_the_next(alice_client, alice):
    assert alice_client.post(reverse("start_series")).url == reverse("desk")
    section = morning_on_desk(alice_client)
    assert "Morning 1 of 7" in section
    assert f'value="{SERIES[0].slug}"' in section
    alice_client.post(reverse("new_letter"), {"prompt": SERIES[0].slug})
    section = morning_on_desk(alice_client)
    assert "Morning 2 of 7" in section
    assert f'value="{SERIES[1].slug}"' in section


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
    assert Letter.objects.filter(prompt_slug=SERIES[0].slug).count() == 1
    assert Profile.objects.get(user=alice.user).series_started_on is not None


def test_start_rejects_get(alice_client):
    assert alice_client.get(reverse("start_series")).status_code == 405


def test_start_needs_a_login(client, db):
    assert client.post(reverse("start_series")).url.startswith(reverse("login"))
