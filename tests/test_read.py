import datetime

from django.urls import reverse

from letters.models import Letter
from tests.conftest import write_letter


def test_it_shows_the_letter_escaped_with_line_breaks_kept(alice_client, alice):
    letter = write_letter(
        alice,
        body="<b>bold?</b>\n<script>alert(1)</script>\n\nend",
        title="<i>t</i>",
        recipient="Sam",
    )
    response = alice_client.get(reverse("read", args=[letter.id]))
    page = response.content.decode()
    assert (
        '<div class="letter-body" dir="auto">&lt;b&gt;bold?&lt;/b&gt;\n&lt;script&gt;alert(1)&lt;/script&gt;\n\nend</div>'
        in page
    )
    assert "&lt;i&gt;t&lt;/i&gt;" in page
    assert "Dear Sam," in page


def test_letter_pages_are_never_cached(alice_client, alice):
    letter = write_letter(alice)
    for url in (
        reverse("read", args=[letter.id]),
        reverse("edit", args=[letter.id]),
        reverse("desk"),
    ):
        assert "no-store" in alice_client.get(url)["Cache-Control"]


def test_a_time_locked_letter_is_refused_until_its_day(alice_client, alice, settings):
    letter = write_letter(alice, body="wait for it")
    today = datetime.date.today()
    letter.seal(today + datetime.timedelta(days=30))
    response = alice_client.get(reverse("read", args=[letter.id]))
    assert response.status_code == 403
    assert "wait for it" not in response.content.decode()
    settings.UNSENT_CLOCK_SHIFT_DAYS = 30
    response = alice_client.get(reverse("read", args=[letter.id]))
    assert response.status_code == 200
    assert "wait for it" in response.content.decode()


def test_an_altered_ciphertext_says_it_cannot_be_opened_and_overwrites_nothing(alice_client, alice):
    letter = write_letter(alice, body="original")
    blob = bytearray(Letter.objects.get(id=letter.id).body)
    blob[20] ^= 0xFF
    Letter.objects.filter(id=letter.id).update(body=bytes(blob))
    for name in ("read", "edit"):
        response = alice_client.get(reverse(name, args=[letter.id]))
        assert response.status_code == 422
        assert "This letter can't be opened" in response.content.decode()
    assert bytes(Letter.objects.get(id=letter.id).body) == bytes(blob)


def test_an_altered_wrapped_key_says_the_same(alice_client, alice):
    letter = write_letter(alice, body="original")
    key = bytearray(Letter.objects.get(id=letter.id).wrapped_key)
    key[5] ^= 1
    Letter.objects.filter(id=letter.id).update(wrapped_key=bytes(key))
    response = alice_client.get(reverse("read", args=[letter.id]))
    assert response.status_code == 422
    assert alice_client.get(reverse("desk")).status_code == 200


def test_it_rejects_post(alice_client, alice):
    letter = write_letter(alice)
    assert alice_client.post(reverse("read", args=[letter.id])).status_code == 405


def test_it_shows_the_prompt_and_its_theme_above_the_letter_not_the_articles_title(
    alice_client, alice
):
    letter = write_letter(alice, body="my answer", prompt_slug="urge-their-door-too")
    letter.seal()
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    above = page.split('<aside class="prompt-above"')[1].split("</aside>")[0]
    assert "Nothing between you has to be settled tonight, by you or by them." in above
    assert '<p class="prompt-source mb-0">The urge to reach out</p>' in above
    assert "Why You Want to Reach Out to Your Ex, and How Not To" not in page
    assert '<html lang="en" dir="ltr" data-theme-choice="auto" data-bs-theme="light">' in page


def after_heading(page: str) -> str:
    """What a page says first, under its heading."""
    return page.split("</h1>", 1)[1].lstrip()


def test_a_letter_that_wont_open_begins_with_what_is_safe(alice_client, alice):
    letter = write_letter(alice, body="original")
    Letter.objects.filter(id=letter.id).update(body=b"\x00" * 40)
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert after_heading(page).startswith(
        "<p>Nothing has been changed or saved over it, and your other letters are safe."
    )


def test_a_time_locked_letter_begins_with_it_being_safe_and_reproaches_nothing(alice_client, alice):
    letter = write_letter(alice, body="not yet")
    letter.seal(datetime.date(2099, 1, 2))
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert after_heading(page).startswith(
        "<p>Your letter is safe, kept just as you sealed it. It stays closed until\n"
        "    <strong>Friday 2 January 2099</strong>, the day set when you sealed it, and opens by "
        "itself then."
    )
    assert "for a reason" not in page and "let it wait" not in page


def test_a_page_that_is_not_here_begins_with_the_letters_being_safe(alice_client, bob):
    stranger = write_letter(bob)
    response = alice_client.get(reverse("read", args=[stranger.id]))
    assert response.status_code == 404
    page = response.content.decode()
    assert after_heading(page).startswith(
        "<p>Your letters are safe. There is nothing at this address"
    )
    assert "isn't yours" not in page
