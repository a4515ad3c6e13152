from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD, write_letter


def test_a_missing_key_cookie_leads_to_unlock_and_back(alice_client, alice):
    letter = write_letter(alice, body="still here")
    del alice_client.cookies[settings.UNSENT_KEY_COOKIE]
    url = reverse("read", args=[letter.id])
    response = alice_client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("unlock") + "?next=" + url.replace("/", "%2F")
    response = alice_client.post(reverse("unlock"), {"password": PASSWORD, "next": url})
    assert response.url == url
    assert "still here" in alice_client.get(url).content.decode()


def test_an_altered_key_cookie_leads_to_unlock(alice_client):
    alice_client.cookies[settings.UNSENT_KEY_COOKIE] = "A" * 43 + "="
    assert alice_client.get(reverse("desk")).url.startswith(reverse("unlock"))


def test_a_wrong_password_keeps_it_locked(alice_client):
    del alice_client.cookies[settings.UNSENT_KEY_COOKIE]
    response = alice_client.post(reverse("unlock"), {"password": "nope nope nope"})
    assert "That password doesn&#x27;t match." in response.content.decode()
    assert alice_client.get(reverse("desk")).status_code == 302


def test_autosave_when_locked_answers_401_with_the_way_to_unlock(alice_client, alice):
    letter = write_letter(alice)
    del alice_client.cookies[settings.UNSENT_KEY_COOKIE]
    response = alice_client.post(
        reverse("autosave", args=[letter.id]),
        "{}",
        content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 401
    assert response.json() == {"error": "locked", "unlock_url": "/unlock/?next=%2Fback-in%2F"}
    response = alice_client.post(
        response.json()["unlock_url"], {"password": PASSWORD, "next": "/back-in/"}, follow=True
    )
    assert response.redirect_chain == [("/back-in/", 302)]
    assert "<h1>You're back in</h1>" in response.content.decode()


def test_it_refuses_an_outside_next(alice_client):
    response = alice_client.post(
        reverse("unlock"), {"password": PASSWORD, "next": "https://elsewhere.example/"}
    )
    assert response.url == reverse("desk")


def test_it_needs_a_login(client, db):
    assert client.get(reverse("unlock")).url.startswith(reverse("login"))


def test_it_rejects_put(alice_client):
    assert alice_client.put(reverse("unlock")).status_code == 405


def test_autosave_when_logged_out_answers_401_not_a_login_page(client, alice):
    letter = write_letter(alice)
    response = client.post(
        reverse("autosave", args=[letter.id]),
        "{}",
        content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 401
    assert response.json() == {"error": "logged out", "login_url": "/login/?next=%2Fback-in%2F"}


def test_the_editors_way_back_in_lands_on_a_page_that_says_the_letter_saves_itself(client, alice):
    """The editor's "Log in again" opens a tab of its own: logging in there leads to a page
    that says the letter saves itself in the tab it is open in, and that this one can close."""
    response = client.post(
        "/login/?next=%2Fback-in%2F",
        {"username": alice.user.username, "password": alice.password},
        follow=True,
    )
    assert response.redirect_chain == [("/back-in/", 302)]
    page = response.content.decode()
    assert "<h1>You're back in</h1>" in page
    assert (
        "The letter you were writing will save itself now, in the tab where it is still open."
        in page
    )


def test_the_way_back_in_page_asks_for_a_login_first(client, db):
    response = client.get(reverse("back_in"))
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/back-in/"


def test_a_form_sent_after_the_login_ended_leads_back_to_its_page_and_says_so(client, alice):
    """Logged out while away, a writer who sends a form (their card, a margin note) is asked to
    log in, told that what they sent was not saved, and then brought back to that page, not to
    the button's address, which has nothing to show."""
    card_page = reverse("edit_care_card")
    response = client.post(
        card_page,
        {"warning_signs": "I stop eating"},
        headers={"Referer": f"http://testserver{card_page}"},
    )
    assert response["Location"] == f"/login/?next={card_page}"
    login_page = client.get(response["Location"]).content.decode()
    assert (
        "You were logged out while you were away, so what you just sent wasn&#x27;t saved. Log in "
        "and you&#x27;ll be back on that page; anything you had typed there will need writing "
        "again." in login_page
    )
    response = client.post(
        response["Location"], {"username": alice.user.username, "password": alice.password}
    )
    assert response["Location"] == card_page


def test_a_form_sent_logged_out_from_another_site_leads_to_the_desk(client, db):
    response = client.post(
        reverse("start_series"), headers={"Referer": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/login/?next=/desk/"


def test_a_page_asked_for_logged_out_comes_back_after_the_login_with_no_word_of_loss(client, db):
    response = client.get(reverse("archive") + "?page=2")
    assert response["Location"] == "/login/?next=/archive/%3Fpage%3D2"
    assert "wasn&#x27;t saved" not in client.get(response["Location"]).content.decode()


def test_a_form_sent_while_the_letters_were_locked_says_so_and_leads_back(alice_client, alice):
    """The unlock page says nothing of why they locked, and now says what wasn't saved."""
    del alice_client.cookies[settings.UNSENT_KEY_COOKIE]
    card_page = reverse("edit_care_card")
    response = alice_client.post(
        card_page,
        {"warning_signs": "I stop eating"},
        headers={"Referer": f"http://testserver{card_page}"},
    )
    assert response["Location"] == "/unlock/?next=%2Fhelp%2Fcard%2Fedit%2F"
    page = alice_client.get(response["Location"]).content.decode()
    assert "Your letters had locked, so what you just sent wasn&#x27;t saved." in page
    assert "Your letters are safe." in page and "Nothing is lost" not in page


def test_a_referer_path_that_leaves_the_site_is_not_followed_back(client, db):
    response = client.post(
        reverse("start_series"), headers={"Referer": "http://testserver//elsewhere.example/"}
    )
    assert response["Location"] == "/login/?next=/desk/"
