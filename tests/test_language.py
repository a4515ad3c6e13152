"""Choosing the language of the pages: the browser's for a visitor, the account's for a writer."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from letters.models import Profile
from tests.conftest import PASSWORD, log_in

SPANISH_NAV = '<a class="nav-link" href="/archive/">Archivo</a>'
ENGLISH_NAV = '<a class="nav-link" href="/archive/">Archive</a>'


def page(client: Client, name: str = "home", **headers: str) -> str:
    return client.get(reverse(name), **headers).content.decode()


def test_a_visitor_gets_the_language_their_browser_asks_for(client, db):
    spanish = page(client, "login", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert '<html lang="es" dir="ltr"' in spanish
    assert ">Crear cuenta</a>" in spanish
    english = page(Client(), "login", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="en" dir="ltr"' in english
    assert ">Sign up</a>" in english


def test_a_language_the_app_does_not_have_falls_back_to_english(client, db):
    assert '<html lang="en"' in page(client, "login", HTTP_ACCEPT_LANGUAGE="fi")


def test_a_visitor_can_choose_on_the_footer_and_it_is_kept_in_the_session_only(client, db):
    response = client.post(reverse("choose_language"), {"language": "es", "next": "/login/"})
    assert (response.status_code, response["Location"]) == (302, "/login/")
    assert "Iniciar sesión" in page(client, "login", HTTP_ACCEPT_LANGUAGE="en")
    # No cookie of its own: only the session's.
    assert set(client.cookies) <= {"sessionid", "csrftoken"}


def test_the_footer_offers_each_language_in_its_own_words(client, db):
    spanish = page(client, "login", HTTP_ACCEPT_LANGUAGE="es").split("<footer")[1]
    assert '<option value="en" lang="en">English</option>' in spanish
    assert '<option value="es" lang="es" selected>Español</option>' in spanish
    footer = page(client, "login").split("<footer")[1]
    assert '<label for="language-choice" class="form-label mb-0">Language</label>' in footer
    assert '<option value="en" lang="en" selected>English</option>' in footer
    assert '<option value="es" lang="es">Español</option>' in footer
    assert '<input type="hidden" name="next" value="/login/">' in footer


def test_a_writers_choice_is_kept_on_their_profile_and_wins_over_the_browser(alice_client, alice):
    alice_client.post(reverse("choose_language"), {"language": "es", "next": "/desk/"})
    assert Profile.objects.get(user=alice.user).language == "es"
    assert SPANISH_NAV in page(alice_client, "desk", HTTP_ACCEPT_LANGUAGE="en")
    # In a new login, on another browser: the account's language.
    elsewhere = log_in(Client(), alice)
    assert SPANISH_NAV in page(elsewhere, "desk", HTTP_ACCEPT_LANGUAGE="en-US")


def test_the_settings_page_chooses_the_language_or_the_browsers(alice_client, alice):
    form = {"asks_feelings": "on", "language": "es", "help_country": ""}
    assert alice_client.post(reverse("settings"), form).status_code == 302
    assert Profile.objects.get(user=alice.user).language == "es"
    assert SPANISH_NAV in page(alice_client, "desk")
    alice_client.post(reverse("settings"), {**form, "language": ""})
    assert Profile.objects.get(user=alice.user).language == ""
    assert SPANISH_NAV in page(alice_client, "desk", HTTP_ACCEPT_LANGUAGE="es")
    assert ENGLISH_NAV in page(alice_client, "desk", HTTP_ACCEPT_LANGUAGE="en")


def test_saving_a_new_language_says_saved_in_that_language(alice_client, alice):
    form = {"asks_feelings": "on", "help_country": ""}
    to_spanish = alice_client.post(reverse("settings"), {**form, "language": "es"}, follow=True)
    assert "Guardado." in to_spanish.content.decode()
    assert "Saved." not in to_spanish.content.decode()
    to_english = alice_client.post(reverse("settings"), {**form, "language": "en"}, follow=True)
    assert "Saved." in to_english.content.decode()
    assert "Guardado." not in to_english.content.decode()
    # Back to the browser's language: said in the browser's.
    browsers = alice_client.post(
        reverse("settings"), {**form, "language": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "Guardado." in browsers.content.decode()


def test_a_language_chosen_before_signing_up_becomes_the_accounts(client, db):
    client.post(reverse("choose_language"), {"language": "es", "next": "/signup/"})
    client.post(
        reverse("signup"),
        {"username": "carmen", "password1": PASSWORD, "password2": PASSWORD, "understood": "on"},
    )
    assert Profile.objects.get(user__username="carmen").language == "es"


def test_a_language_it_does_not_have_changes_nothing(alice_client, alice):
    response = alice_client.post(reverse("choose_language"), {"language": "xx", "next": "/desk/"})
    assert (response.status_code, response["Location"]) == (302, "/desk/")
    assert Profile.objects.get(user=alice.user).language == ""


def test_it_goes_back_only_to_a_page_of_its_own(client, db):
    response = client.post(
        reverse("choose_language"), {"language": "es", "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/"


def test_choosing_is_a_post_only(client, db):
    assert client.get(reverse("choose_language") + "?language=es").status_code == 405


def test_the_scripts_words_come_as_a_static_file_for_each_language(client, db):
    spanish = finders.find("jsi18n/es/djangojs.js")
    assert '"Copiado. Ahora p\\u00e9galo en un lugar seguro."' in Path(spanish).read_text()
    assert "Copiado" not in Path(finders.find("jsi18n/en/djangojs.js")).read_text()


def test_every_page_loads_the_words_of_its_language_before_its_scripts(client, db):
    spanish = page(client, "login", HTTP_ACCEPT_LANGUAGE="es")
    catalog = spanish.index(f'<script src="{static("jsi18n/es/djangojs.js")}" defer></script>')
    assert catalog < spanish.index(f'src="{static("js/unsent.js")}"')
    english = page(client, "login", HTTP_ACCEPT_LANGUAGE="en")
    assert f'<script src="{static("jsi18n/en/djangojs.js")}" defer></script>' in english


def test_the_cached_menu_is_kept_apart_by_language_and_never_mixed(alice_client, alice):
    for _round in range(2):  # the second round is served from the cache
        assert SPANISH_NAV in page(alice_client, "desk", HTTP_ACCEPT_LANGUAGE="es")
        english = page(alice_client, "desk", HTTP_ACCEPT_LANGUAGE="en")
        assert ENGLISH_NAV in english
        assert "Archivo" not in english


def test_a_page_answering_a_form_has_no_chooser_that_would_drop_what_was_typed(client, db):
    refused = client.post(reverse("login"), {"username": "nobody", "password": "not this one"})
    assert refused.status_code == 200
    assert "language-choice" not in refused.content.decode()
    assert 'id="language-choice"' in page(client, "login")


def test_the_settings_page_has_one_language_control_its_own(alice_client, alice):
    settings_page = page(alice_client, "settings")
    labels = re.findall(r"<label[^>]*>\s*([^<]*?)\s*</label>", settings_page)
    assert labels.count("Language") == 1
    assert 'id="language-choice"' not in settings_page
    assert 'for="id_language"' in settings_page  # the setting kept in the account
    assert 'id="language-choice"' in page(alice_client, "account")


def test_saved_follows_the_footers_choice_when_settings_go_back_to_the_browsers(
    alice_client, alice
):
    alice_client.post(reverse("choose_language"), {"language": "es", "next": "/desk/"})
    form = {"asks_feelings": "on", "help_country": "", "language": ""}
    saved = alice_client.post(reverse("settings"), form, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    page = saved.content.decode()
    assert "Guardado." in page and SPANISH_NAV in page
