import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from letters.keys import keyring
from letters.models import Letter, LetterText
from tests.conftest import NEW_LETTER_SAVE_URL, NEW_LETTER_TOKEN, log_in, write_letter

SOUP = "<title>Simple lentil soup</title>"


def test_the_button_is_on_every_logged_in_page(alice_client):
    for name in ("desk", "archive", "prompts", "urge", "no_contact", "search"):
        assert 'id="quick-exit" href="/exit/"' in alice_client.get(reverse(name)).content.decode()


def test_it_leaves_for_a_neutral_page_and_locks_the_keys(alice_client):
    response = alice_client.get(reverse("quick_exit"))
    page = response.content.decode()
    assert "<title>Simple lentil soup</title>" in page
    assert "Unsent" not in page and "letter" not in page.lower()
    # In the phone's colours, so a dark room sees no sudden white page.
    assert '<meta name="color-scheme" content="light dark">' in page
    assert response.cookies[settings.UNSENT_KEY_COOKIE].value == ""
    assert keyring.SESSION_KEY_FIELD not in alice_client.session


def test_after_it_the_pages_back_in_the_history_show_only_the_neutral_page(alice_client, alice):
    letter = write_letter(alice, body="not for anyone's eyes")
    alice_client.get(reverse("quick_exit"))
    for url in (reverse("desk"), reverse("edit", args=[letter.id]), reverse("prompts")):
        page = alice_client.get(url).content.decode()
        assert SOUP in page
        assert "Unsent" not in page and "letter" not in page.lower()


def test_after_it_the_account_pages_show_only_the_neutral_page_too(alice_client, alice):
    alice_client.get(reverse("quick_exit"))
    names = ("account", "password_change", "delete_account", "passkeys", "export_letters")
    for name in (*names, "import_letters", "settings", "default_recipient", "care_card"):
        page = alice_client.get(reverse(name)).content.decode()
        assert SOUP in page, name
        assert "Unsent" not in page, name


def test_after_it_a_form_sent_again_from_the_history_shows_the_recipe_and_does_nothing(
    alice_client, alice
):
    write_letter(alice, body="rain on the window")
    alice_client.get(reverse("quick_exit"))
    for url, form in ((reverse("search"), {"q": "rain"}), (reverse("new_letter"), {})):
        response = alice_client.post(url, form)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert SOUP in page and "Unsent" not in page and "rain" not in page, url
    assert Letter.objects.filter(owner=alice.user).count() == 1
    # An editor left open in another tab still hears why its words wait: the keys are locked.
    letter = Letter.objects.get(owner=alice.user)
    save = alice_client.post(
        reverse("autosave", args=[letter.id]),
        {"body": "more"},
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )
    assert save.status_code == 401 and save.json()["unlock_url"].startswith(reverse("unlock"))


def test_after_it_the_help_page_still_helps_and_names_nothing_of_unsent(alice_client, alice):
    before = alice_client.get(reverse("help")).content.decode()
    assert "<title>Help, tonight · Unsent</title>" in before and 'id="quick-exit"' in before
    alice_client.get(reverse("quick_exit"))
    page = alice_client.get(reverse("help")).content.decode()
    assert "<title>Help, tonight</title>" in page
    assert "If you might not be safe in the next few minutes" in page
    for gone in ('class="site-header"', 'id="quick-exit"', "favicon", 'rel="manifest"'):
        assert gone not in page, gone
    assert "Unsent" not in page and "letter" not in page.lower()
    assert reverse("settings") not in page


def test_opening_unsent_on_purpose_asks_for_the_password_again(alice_client, alice):
    alice_client.get(reverse("quick_exit"))
    assert alice_client.get(reverse("home")).url == reverse("desk")
    assert alice_client.get(reverse("desk")).url.startswith(reverse("unlock"))
    alice_client.get(reverse("quick_exit"))
    unlock = alice_client.get(reverse("unlock")).content.decode()
    assert "Unlock your letters" in unlock
    assert "after a quick exit" not in unlock  # someone may be looking on
    assert alice_client.post(reverse("unlock"), {"password": alice.password}).status_code == 302
    assert "Your desk" in alice_client.get(reverse("desk")).content.decode()


def leave(client: Client, letter_id, body: str, version: int, **fields) -> object:
    form = {"body": body, "title": "", "recipient": "", "version": version, **fields}
    return client.post(reverse("leave_letter", args=[letter_id]), form)


def test_leaving_the_editor_keeps_the_unsaved_words_then_locks_the_keys(alice_client, alice):
    letter = write_letter(alice, body="the first line")
    response = leave(alice_client, letter.id, "the first line\nand the last words", letter.version)
    assert response.url == reverse("quick_exit")
    assert keyring.SESSION_KEY_FIELD not in alice_client.session
    letter.refresh_from_db()
    assert letter.read(alice.user_key).body == "the first line\nand the last words"


def test_leaving_with_a_title_the_page_refused_keeps_every_other_word(alice_client, alice):
    """The page said the title is over its limit; the exit still takes the letter's words."""
    letter = write_letter(alice, body="the first line", title="Before")
    body = "the first line\nand the words typed since"
    response = leave(alice_client, letter.id, body, letter.version, title="t" * 201)
    assert response.url == reverse("quick_exit")
    letter.refresh_from_db()
    assert letter.read(alice.user_key) == LetterText(body, "Before", "")


def test_leaving_a_new_letter_with_a_refused_name_makes_it_with_the_words(alice_client, alice):
    page = alice_client.post(reverse("new_letter")).content.decode()
    letter_id = NEW_LETTER_SAVE_URL.search(page).group(2)
    token = NEW_LETTER_TOKEN.search(page).group(1)
    leave(alice_client, letter_id, "typed and gone", 1, start=token, recipient="n" * 201)
    assert Letter.objects.get(id=letter_id).read(alice.user_key) == LetterText(
        "typed and gone", "", ""
    )


def test_leaving_a_new_letter_makes_it_with_the_words(alice_client, alice):
    page = alice_client.post(reverse("new_letter")).content.decode()
    letter_id = NEW_LETTER_SAVE_URL.search(page).group(2)
    token = NEW_LETTER_TOKEN.search(page).group(1)
    assert 'id="leave-form"' in page
    leave(alice_client, letter_id, "typed and gone", 1, start=token)
    assert Letter.objects.get(id=letter_id).read(alice.user_key).body == "typed and gone"


def test_leaving_an_untouched_new_letter_leaves_nothing(alice_client, alice):
    page = alice_client.post(reverse("new_letter")).content.decode()
    letter_id = NEW_LETTER_SAVE_URL.search(page).group(2)
    token = NEW_LETTER_TOKEN.search(page).group(1)
    assert leave(alice_client, letter_id, "", 1, start=token).url == reverse("quick_exit")
    assert Letter.objects.filter(owner=alice.user).count() == 0


def test_leaving_with_words_another_tab_overtook_keeps_them_as_a_new_letter(alice_client, alice):
    letter = write_letter(alice, body="saved in the other tab")
    leave(alice_client, letter.id, "typed in this tab", letter.version - 1)
    texts = sorted(
        mine.read(alice.user_key).body for mine in Letter.objects.filter(owner=alice.user)
    )
    assert texts == ["saved in the other tab", "typed in this tab"]


def test_leaving_with_words_already_saved_makes_no_copy(alice_client, alice):
    letter = write_letter(alice, body="already safe")
    leave(alice_client, letter.id, "already safe", letter.version - 1)
    assert Letter.objects.filter(owner=alice.user).count() == 1


def test_leaving_a_strangers_letter_changes_nothing_but_still_leaves(alice, bob):
    letter = write_letter(alice, body="alice's words")
    response = leave(log_in(Client(), bob), letter.id, "bob's words", letter.version)
    assert response.url == reverse("quick_exit")
    letter.refresh_from_db()
    assert letter.read(alice.user_key) == LetterText("alice's words", "", "")
    assert Letter.objects.count() == 1


def test_leaving_rejects_get(alice_client, alice):
    letter = write_letter(alice)
    assert alice_client.get(reverse("leave_letter", args=[letter.id])).status_code == 405


def test_it_works_logged_out_too(client, db):
    assert client.get(reverse("quick_exit")).status_code == 200


@pytest.mark.parametrize("name", ["home", "login", "signup", "recover", "help"])
def test_the_button_is_on_the_pages_seen_logged_out_too(client, db, name):
    """The login page is where every return after an idle half hour lands."""
    page = client.get(reverse(name)).content.decode()
    assert 'id="quick-exit" href="/exit/"' in page
    assert "I want to text my ex" not in page  # that page is for a writer


def test_it_rejects_post(alice_client):
    assert alice_client.post(reverse("quick_exit")).status_code == 405


def test_leaving_from_a_page_without_its_csrf_token_saves_nothing_but_still_leaves(alice):
    strict = log_in(Client(), alice)
    strict.handler.enforce_csrf_checks = True  # from now on, as a browser's page would be
    letter = write_letter(alice, body="as it was")
    response = leave(strict, letter.id, "forged words", letter.version)
    assert response.url == reverse("quick_exit")
    letter.refresh_from_db()
    assert letter.read(alice.user_key).body == "as it was"
    assert keyring.SESSION_KEY_FIELD not in strict.session
