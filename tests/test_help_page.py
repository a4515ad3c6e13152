"""The help page: for anyone, with no script, a footer link to it on every page, and the
writer's own country first when they have chosen one."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from letters.guidance import helplines
from letters.models import Profile, QuietDate
from tests.conftest import log_in, url_of, url_routes, write_letter

OPENING = "If you're thinking about ending your life or hurting yourself, you deserve help tonight."
FOOTER_LINK = re.compile(r'<footer[^>]*>.*<a [^>]*href="/help/"[^>]*>.*</footer>', re.DOTALL)
# Routes that have no page to GET: they only take a POST (from a form or a script).
GET_NOT_ALLOWED = {
    "logout/",
    "language/",
    "help/card/remove/",
    "prompts/seven-mornings/start/",
    "account/quiet-dates/",
    "account/quiet-dates/<uuid:quiet_id>/remove/",
    "no-contact/<uuid:mark_id>/remove/",
    "letters/new/<uuid:letter_id>/save/",
    "letters/<uuid:letter_id>/check-in/",
    "letters/<uuid:letter_id>/notes/",
    "letters/<uuid:letter_id>/autosave/",
    "letters/<uuid:letter_id>/save/",
    "letters/<uuid:letter_id>/keep-as-new/",
    "letters/<uuid:letter_id>/leave/",
    "letters/<uuid:letter_id>/restore/",
    "login/passkey/",
    "unlock/passkey/",
    "passkeys/challenge/",
    "account/passkeys/new/",
    "account/passkeys/add/",
    "account/passkeys/<uuid:passkey_id>/rename/",
    "account/passkeys/<uuid:passkey_id>/remove/",
}
# Answers for scripts, not pages: the web app manifest, the service worker, the form token.
NOT_PAGES = {
    *("manifest.webmanifest", "service-worker.js", "language/<str:language>/words.js"),
    "form-token/",
}
# The editor's question for the writer: a visitor is sent to the login page, a page like any.
WRITERS_ANSWERS = {"letters/<uuid:letter_id>/version/"}


def country_headings(page: str) -> list[str]:
    return re.findall(r'<h3 id="country-([A-Z]{2})"', page)


def test_it_opens_with_the_words_for_someone_who_is_not_safe(client, db):
    page = client.get(reverse("help")).content.decode()
    assert "<title>Help, tonight · Unsent</title>" in page
    assert OPENING in page
    emergency = page[page.index('class="help-emergency"') :]
    emergency = emergency[: emergency.index("</section>")]
    for number in ("<strong>112</strong> across Europe", "<strong>999</strong> in the UK"):
        assert number in emergency
    assert "<strong>911</strong> in the US and Canada" in emergency
    assert "<strong>000</strong> in Australia" in emergency
    assert "Unsent reads nothing and tells no one." in page
    assert '<a href="https://findahelpline.com/" rel="noreferrer">findahelpline.com</a>' in page


def test_it_lists_every_country_with_its_lines_to_call_and_text(client, db):
    page = client.get(reverse("help")).content.decode()
    assert country_headings(page) == [country.code for country in helplines.countries()]
    assert len(country_headings(page)) >= 10
    assert 'Call <a class="help-number" href="tel:116123">116 123</a>.' in page
    assert 'Text SHOUT to <a class="help-number" href="sms:85258">85258</a>.' in page
    assert (
        'Call <a class="help-number" href="tel:988">988</a>, or text '
        '<a class="help-number" href="sms:988">988</a>.'
    ) in page
    assert 'In an emergency: <a class="help-number" href="tel:111">111</a>.' in page
    assert "Checked November 2026." in page


def test_it_runs_no_script_and_loads_nothing_from_elsewhere(client, db):
    page = client.get(reverse("help")).content.decode()
    assert "<script" not in page
    loaded = re.findall(r'<(?:link|img|iframe|source)[^>]*(?:src|href)="([^"]*)"', page)
    # The app's own files, and its manifest (for "Add to home screen"), also the app's.
    assert loaded and all(
        url.startswith("/static/") or url == "/manifest.webmanifest" for url in loaded
    )
    outside = [
        url
        for url in re.findall(r'href="([^"]*)"', page)
        if not url.startswith(("/", "tel:", "sms:", "#"))
    ]
    assert outside == ["https://findahelpline.com/"]


def test_it_guesses_no_country_from_the_address_or_the_language(client, db):
    page = client.get(
        reverse("help"),
        HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9",
        HTTP_X_FORWARDED_FOR="81.169.145.1",
        REMOTE_ADDR="81.169.145.1",
    ).content.decode()
    by_name = [country.code for country in sorted(helplines.countries(), key=lambda c: c.name)]
    assert country_headings(page) == by_name
    assert by_name[0] == "AU"


def test_the_writers_chosen_country_comes_first(alice_client, alice):
    response = alice_client.post(reverse("settings"), {"asks_feelings": "on", "help_country": "IE"})
    assert response.url == reverse("settings")
    assert Profile.objects.get(user=alice.user).help_country == "IE"
    page = alice_client.get(reverse("help")).content.decode()
    assert country_headings(page)[:2] == ["IE", "AU"]
    assert "choose it in your settings" not in page


def test_a_writer_without_a_country_is_told_where_to_choose_one(alice_client):
    page = alice_client.get(reverse("help")).content.decode()
    assert country_headings(page)[0] == "AU"
    assert f'<a href="{reverse("settings")}">choose it in your settings</a>' in page


def test_the_settings_refuse_a_country_the_page_does_not_list(alice_client, alice):
    response = alice_client.post(reverse("settings"), {"help_country": "XX"})
    assert response.status_code == 200
    assert "Select a valid choice. XX is not one of the available choices." in (
        response.content.decode()
    )
    assert Profile.objects.get(user=alice.user).help_country == ""


def test_the_settings_can_forget_the_country(alice_client, alice):
    Profile.objects.filter(user=alice.user).update(help_country="NZ")
    page = alice_client.get(reverse("settings")).content.decode()
    assert '<option value="NZ" selected>New Zealand</option>' in page
    alice_client.post(reverse("settings"), {"help_country": ""})
    assert Profile.objects.get(user=alice.user).help_country == ""


def test_it_works_with_the_writers_key_locked(alice_client, alice):
    Profile.objects.filter(user=alice.user).update(help_country="FR")
    alice_client.cookies.pop(settings.UNSENT_KEY_COOKIE)
    assert alice_client.get(reverse("desk")).url.startswith(reverse("unlock"))
    response = alice_client.get(reverse("help"))
    assert response.status_code == 200
    assert country_headings(response.content.decode())[0] == "FR"


def test_the_card_is_offered_only_to_a_writer_who_is_logged_in(client, alice):
    card_link = f'<a href="{reverse("care_card")}">Open your card</a>'
    assert card_link not in client.get(reverse("help")).content.decode()
    log_in(client, alice)
    assert card_link in client.get(reverse("help")).content.decode()


def test_an_operators_line_shows_on_the_page(client, db, tmp_path, settings):
    path = tmp_path / "ours.toml"
    path.write_text(
        '[[countries]]\ncode = "GB"\n[[countries.lines]]\nname = "Samaritans"\n'
        'call = "116 000"\nchecked = 2026-11-01\n',
        encoding="utf-8",
    )
    settings.UNSENT_HELPLINES_FILE = str(path)
    page = client.get(reverse("help")).content.decode()
    britain = page[page.index('id="country-GB"') : page.index('id="country-US"')]
    assert 'href="tel:116000">116 000</a>' in britain
    assert "116 123" not in britain


def test_it_rejects_post(client, db):
    assert client.post(reverse("help")).status_code == 405


# The footer, on every page -----------------------------------------------------------------


@pytest.mark.parametrize("route", url_routes())
def test_every_page_has_the_help_link_in_its_footer(alice_client, alice, route):
    letter = write_letter(alice)
    quiet = QuietDate.objects.create(owner=alice.user, month=2, day=14)
    url = url_of(route, letter_id=letter.id, quiet_id=quiet.id)
    for who, client in (("nobody", Client()), ("alice", alice_client)):
        response = client.get(url, follow=True)
        if route in GET_NOT_ALLOWED:
            # Opened as a page (from the history, say): ours, not the browser's bare error.
            assert response.status_code == 405, who
            assert "Nothing to show here" in response.content.decode(), who
            assert "POST" in response["Allow"], who
            assert FOOTER_LINK.search(response.content.decode()), who
        elif route in NOT_PAGES or (route in WRITERS_ANSWERS and who == "alice"):
            assert response.status_code == 200, who
            assert b"<footer" not in response.content, who
        else:
            assert response.status_code == 200, who
            assert FOOTER_LINK.search(response.content.decode()), who


def test_the_walk_sees_every_route_with_a_page():
    routes = url_routes()
    assert set(routes) >= GET_NOT_ALLOWED
    assert {"help/", "desk/", "urge/", "exit/", "letters/<uuid:letter_id>/edit/"} <= set(routes)
    # The admin's pages are Django's own, for the operator; its one redirect of ours is walked.
    assert [route for route in routes if route.startswith("admin/")] == ["admin/password_change/"]


def test_the_lockout_page_has_it(client, alice):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 429
    assert FOOTER_LINK.search(response.content.decode())


def test_the_quick_exit_page_has_it_and_still_says_nothing_of_unsent(alice_client):
    page = alice_client.get(reverse("quick_exit")).content.decode()
    assert '<footer><p><a href="/help/">Help</a></p></footer>' in page
    assert "Unsent" not in page


def test_the_error_pages_have_it(client, db):
    assert FOOTER_LINK.search(client.get("/no-such-page/").content.decode())
    assert FOOTER_LINK.search(render_to_string("500.html"))
    assert FOOTER_LINK.search(render_to_string("400_encoding.html"))
    assert FOOTER_LINK.search(render_to_string("403_csrf.html"))
