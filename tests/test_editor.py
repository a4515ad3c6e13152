"""The editor page, its plain form save, and keeping a conflicting text as a new letter."""

import json
import re
import uuid

from django.core import signing
from django.test import Client
from django.urls import reverse

from letters.forms.letters import KEPT
from letters.guidance import prompts
from letters.http import access
from letters.models import Letter, LetterText
from letters.views import writing
from tests.conftest import NEW_LETTER_SAVE_URL, NEW_LETTER_TOKEN, log_in, write_letter


def new_page(client, prompt: str = "") -> tuple[str, str, str]:
    """A new letter's editor: (page, the first save's URL, the token that lets it make one)."""
    page = client.post(reverse("new_letter"), {"prompt": prompt} if prompt else {}).content.decode()
    url = NEW_LETTER_SAVE_URL.search(page).group(1)
    return page, url, NEW_LETTER_TOKEN.search(page).group(1)


def first_save(client, url: str, token: str, body: str = "words", **fields) -> object:
    data = {"body": body, "title": "", "recipient": "", "version": 1, "start": token, **fields}
    return client.post(url, json.dumps(data), content_type="application/json")


def test_a_new_letter_is_only_a_page_until_its_first_save(alice_client, alice):
    for response in (
        alice_client.post(reverse("new_letter")),
        alice_client.get(reverse("new_letter")),
    ):
        assert response.status_code == 200
        assert 'id="letter-form"' in response.content.decode()
    assert Letter.objects.filter(owner=alice.user).count() == 0


def test_the_new_letter_page_has_the_writing_area_focused(alice_client):
    page, _, _ = new_page(alice_client)
    body = re.search(r'<textarea [^>]*id="id_body"[^>]*>', page).group()
    assert " autofocus" in body


def test_the_first_save_makes_the_letter_with_its_prompt_and_words(alice_client, alice):
    alice_client.post(reverse("default_recipient"), {"recipient": "Sam"})
    slug = prompts.library().everyday[1].slug
    page, url, token = new_page(alice_client, slug)
    assert 'name="recipient" value="Sam"' in page
    response = first_save(alice_client, url, token, body="At last I said it", recipient="Sam")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    letter = Letter.objects.get(owner=alice.user)
    assert url == reverse("start_letter", args=[letter.id])
    assert letter.read(alice.user_key) == LetterText("At last I said it", "", "Sam")
    assert letter.read_prompt(alice.user_key) == slug
    after = first_save(alice_client, reverse("autosave", args=[letter.id]), token, version=2)
    assert after.json()["version"] == 3


def test_a_refused_first_save_makes_no_letter(alice_client, alice):
    _, url, token = new_page(alice_client)
    response = first_save(alice_client, url, token, body="a NUL\x00 here")
    assert response.status_code == 400
    assert response.json()["error"].startswith(KEPT)
    assert Letter.objects.filter(owner=alice.user).count() == 0


def test_the_same_first_save_twice_is_stale_not_a_second_letter(alice_client, alice):
    _, url, token = new_page(alice_client)
    assert first_save(alice_client, url, token, body="from this tab").status_code == 200
    again = first_save(alice_client, url, token, body="from its copy")
    assert again.status_code == 409
    assert again.json()["saved"]["body"] == "from this tab"
    assert Letter.objects.filter(owner=alice.user).count() == 1


def test_the_first_save_refuses_a_page_it_did_not_give_this_writer(alice_client, alice, bob):
    _, url, token = new_page(alice_client)
    other_url = reverse("start_letter", args=[uuid.uuid4()])
    assert first_save(alice_client, other_url, token).json() == {"error": writing.NOT_ISSUED}
    assert first_save(alice_client, url, "forged").status_code == 400
    bobs_client = log_in(Client(), bob)
    assert first_save(bobs_client, url, token).status_code == 400
    assert Letter.objects.count() == 0


def test_the_plain_first_save_makes_the_letter_and_opens_its_editor(alice_client, alice):
    _, url, token = new_page(alice_client)
    form = {"body": "no script here", "title": "", "recipient": "", "version": 1, "start": token}
    response = alice_client.post(url, form)
    letter = Letter.objects.get(owner=alice.user)
    assert response.url == reverse("edit", args=[letter.id])
    assert letter.read(alice.user_key).body == "no script here"


def test_a_refused_plain_first_save_keeps_the_words_on_a_new_letter_page(alice_client, alice):
    _, url, token = new_page(alice_client)
    form = {"body": "kept words", "title": "t" * 201, "recipient": "", "version": 1, "start": token}
    response = alice_client.post(url, form)
    page = response.content.decode()
    assert response.status_code == 400
    assert "A title can hold up to 200 characters and this one has 201." in page
    assert "kept words</textarea>" in page
    # The page's token names the same new letter and prompt (signed again: its time may differ).
    kept = re.search(r'name="start" value="([^"]+)"', page).group(1)
    assert signing.loads(kept, salt=access.NEW_LETTER_SALT) == signing.loads(
        token, salt=access.NEW_LETTER_SALT
    )
    assert Letter.objects.filter(owner=alice.user).count() == 0


def test_the_first_save_rejects_get(alice_client):
    _, url, _ = new_page(alice_client)
    assert alice_client.get(url).status_code == 405


def test_the_editor_shows_the_text_with_spellcheck_off(alice_client, alice):
    letter = write_letter(alice, body="<script>alert(1)</script> words", recipient="Sam")
    page = alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; words</textarea>" in page
    body = re.search(r'<textarea [^>]*id="id_body"[^>]*>', page).group()
    assert 'class="letter-area"' in body
    assert 'spellcheck="false"' in body
    assert 'value="Sam"' in page


def test_a_sealed_letter_opens_for_reading_not_editing(alice_client, alice):
    letter = write_letter(alice)
    letter.seal()
    response = alice_client.get(reverse("edit", args=[letter.id]))
    assert response.url == reverse("read", args=[letter.id])


def test_the_plain_save_saves_and_returns_to_the_editor(alice_client, alice):
    letter = write_letter(alice)
    response = alice_client.post(
        reverse("save", args=[letter.id]),
        {"body": "line one\r\nline two", "title": "", "recipient": "", "version": letter.version},
    )
    assert response.url == reverse("edit", args=[letter.id])
    assert Letter.objects.get(id=letter.id).read(alice.user_key).body == "line one\nline two"


def test_a_refused_plain_save_keeps_the_text_in_the_page(alice_client, alice, settings):
    settings.UNSENT_MAX_LETTER_CHARS = 100_000
    letter = write_letter(alice, body="kept")
    long_text = "word " * 20_001
    response = alice_client.post(
        reverse("save", args=[letter.id]),
        {"body": long_text, "title": "", "recipient": "", "version": letter.version},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        '<p class="alert alert-warning" role="alert">Your words are still here on this page. '
        "This letter is longer than 100,000 characters"
    ) in page
    assert long_text in page
    assert Letter.objects.get(id=letter.id).read(alice.user_key).body == "kept"


def test_a_save_without_its_version_keeps_the_text_and_asks_for_no_made_up_one(alice_client, alice):
    letter = write_letter(alice, body="kept")
    response = alice_client.post(
        reverse("save", args=[letter.id]), {"body": "my new words", "title": "", "recipient": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "my new words" in page
    assert '<input type="hidden" name="version" id="id_version">' in page  # not value="None"
    assert (
        '<p class="alert alert-warning" role="alert">Your words are still here on this page. '
        "We couldn&#x27;t tell which version of the letter you were working on"
    ) in page
    assert "copy them, reload the page and paste them back" in page
    assert Letter.objects.get(id=letter.id).read(alice.user_key).body == "kept"


def test_a_stale_plain_save_offers_to_keep_the_text_as_a_new_letter(alice_client, alice):
    letter = write_letter(alice, body="saved elsewhere")
    response = alice_client.post(
        reverse("save", args=[letter.id]),
        {"body": "my version", "title": "", "recipient": "", "version": 1},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        '<div class="alert alert-warning" role="alert">Your words are still here on this page. '
        "This letter was changed in another tab: keep your text as a new letter below"
    ) in page
    assert "Keep my text as a new letter" in page
    assert "my version" in page


def test_a_plain_save_of_a_letter_sealed_elsewhere_offers_to_keep_the_text(alice_client, alice):
    letter = write_letter(alice, body="sealed words")
    letter.seal()
    response = alice_client.post(
        reverse("save", args=[letter.id]),
        {"body": "typed after", "title": "", "recipient": "", "version": letter.version},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This letter was sealed, perhaps in another tab, so they can" in page
    assert "Keep my text as a new letter" in page
    assert '<input type="hidden" name="body" value="typed after">' in page
    assert Letter.objects.get(id=letter.id).read(alice.user_key).body == "sealed words"


def test_keep_as_new_from_a_sealed_letter_makes_a_draft(alice_client, alice):
    letter = write_letter(alice, body="sealed words")
    letter.seal()
    response = alice_client.post(
        reverse("keep_as_new", args=[letter.id]),
        {"body": "typed after", "title": "", "recipient": "Sam"},
    )
    new = Letter.objects.exclude(id=letter.id).get(owner=alice.user)
    assert response.url == reverse("edit", args=[new.id])
    assert new.status == Letter.Status.DRAFT
    assert new.read(alice.user_key).__dict__ == {
        "body": "typed after",
        "title": "",
        "recipient": "Sam",
    }


def test_the_editor_offers_to_keep_words_a_letter_can_no_longer_take(alice_client, alice):
    letter = write_letter(alice)
    page = alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    assert '<section id="cannot-save" class="conflict" hidden' in page
    assert "Keep these words as a new letter</button>" in page
    assert page.count("data-keeps-words") == 2  # this offer and the other tab's conflict


def test_no_maxlength_counts_an_emoji_in_the_title_or_name_as_two(alice_client, alice):
    letter = write_letter(alice, title="🌊" * 150, recipient="🌊" * 150)
    page = alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    assert f'name="title" value="{"🌊" * 150}"' in page
    assert f'name="recipient" value="{"🌊" * 150}"' in page
    assert "maxlength" not in page


def test_keep_as_new_makes_a_second_draft_and_leaves_the_first(alice_client, alice):
    letter = write_letter(alice, body="the first tab", prompt_slug="some-prompt")
    response = alice_client.post(
        reverse("keep_as_new", args=[letter.id]),
        {"body": "the second tab", "title": "mine", "recipient": ""},
    )
    new = Letter.objects.exclude(id=letter.id).get(owner=alice.user)
    assert response.url == reverse("edit", args=[new.id])
    assert new.read(alice.user_key).body == "the second tab"
    assert new.read_prompt(alice.user_key) == "some-prompt"
    assert Letter.objects.get(id=letter.id).read(alice.user_key).body == "the first tab"


def test_the_editor_rejects_post(alice_client, alice):
    letter = write_letter(alice)
    assert alice_client.post(reverse("edit", args=[letter.id])).status_code == 405


def test_send_never_sends_it_leads_to_the_urge_page_which_offers_to_seal(alice_client, alice):
    letter = write_letter(alice)
    response = alice_client.get(reverse("send", args=[letter.id]))
    assert response.url == f"{reverse('urge')}?letter={letter.id}"
    page = alice_client.get(response.url).content.decode()
    assert "Seal that letter" in page
    assert reverse("seal", args=[letter.id]) in page
    assert alice_client.post(reverse("send", args=[letter.id])).status_code == 405


def test_the_editor_shows_the_prompt_and_its_theme_not_the_articles_title(alice_client, alice):
    from letters.guidance import prompts

    prompt = prompts.get("acceptance-their-decision")
    letter = write_letter(alice, prompt_slug=prompt.slug)
    page = alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    above = page.split('<aside class="prompt-above"')[1].split("</aside>")[0]
    assert prompt.text.replace("'", "&#x27;") in above
    assert '<p class="prompt-source mb-0">Accepting what I can&#x27;t change</p>' in above
    assert "How To Make Your Ex Miss You And Want You Back" not in page
    # The writer's colour theme is still theirs: the prompt's theme is another thing.
    assert '<span id="theme-name">as my device</span>' in page


def test_a_save_over_a_letter_that_wont_open_begins_with_the_words_being_safe(alice_client, alice):
    letter = write_letter(alice, body="original")
    blob = bytearray(Letter.objects.get(id=letter.id).body)
    blob[20] ^= 0xFF
    Letter.objects.filter(id=letter.id).update(body=bytes(blob))
    response = alice_client.post(
        reverse("save", args=[letter.id]),
        {"body": "typed tonight", "title": "", "recipient": "", "version": letter.version},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        '<div class="alert alert-warning" role="alert">Your words are still here on this page. '
        "This letter can&#x27;t be opened, so nothing was saved over it"
    ) in page
    assert "typed tonight" in page
