from django.urls import reverse

from letters.guidance import prompts
from letters.models import Letter
from tests.conftest import write_letter

IN_LIBRARY = [p for p in prompts.library().prompts if p.series not in prompts.IN_PLACE]


def test_it_lists_every_prompt_by_theme_with_its_source(alice_client):
    page = alice_client.get(reverse("prompts")).content.decode()
    for theme in prompts.library().themes:
        assert theme.name.replace("'", "&#x27;") in page
    assert page.count("Write to this prompt") == len(IN_LIBRARY)
    assert page.count("From “") == len(IN_LIBRARY)


def test_it_filters_by_theme(alice_client):
    page = alice_client.get(reverse("prompts") + "?theme=urge").content.decode()
    urge_prompts = [p for p in IN_LIBRARY if p.theme == "urge"]
    assert page.count("Write to this prompt") == len(urge_prompts)
    assert alice_client.get(reverse("prompts") + "?theme=nope").status_code == 404


def test_the_desk_and_archive_filter_letters_by_theme(alice_client, alice):
    rejection = prompts.library().in_theme("rejection")[0]
    urge = prompts.library().in_theme("urge")[0]
    write_letter(alice, title="about rejection", prompt_slug=rejection.slug)
    write_letter(alice, title="about the urge", prompt_slug=urge.slug)
    write_letter(alice, title="blank page")
    page = alice_client.get(reverse("desk") + "?theme=rejection").content.decode()
    assert "about rejection" in page and "about the urge" not in page and "blank page" not in page
    for letter in Letter.objects.filter(owner=alice.user):
        letter.archive()
    page = alice_client.get(reverse("archive") + "?theme=urge").content.decode()
    assert "about the urge" in page and "about rejection" not in page


def test_a_theme_with_no_letters_says_so_and_an_unknown_theme_shows_them_all(alice_client, alice):
    write_letter(alice, title="blank page")
    page = alice_client.get(reverse("desk") + "?theme=rejection").content.decode()
    assert "No letters from this theme's prompts here yet." in page
    assert "Nothing here yet" not in page and "blank page" not in page
    page = alice_client.get(reverse("desk") + "?theme=nope").content.decode()
    assert "blank page" in page
    write_letter(alice, title="tucked away").archive()
    page = alice_client.get(reverse("archive") + "?theme=rejection").content.decode()
    assert "No letters from this theme's prompts here yet." in page
    assert "Nothing is tucked away yet." not in page


def test_it_needs_a_login(client, db):
    assert client.get(reverse("prompts")).url.startswith(reverse("login"))


def test_it_rejects_post(alice_client):
    assert alice_client.post(reverse("prompts")).status_code == 405
