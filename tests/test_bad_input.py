"""Bad input gets a clear answer and loses nothing."""

import json
from urllib.parse import quote_from_bytes

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from letters.forms.passkeys import name_field
from letters.models import ContactMark, Letter, MarginNote, Profile, QuietDate
from tests.conftest import log_in, seal_a_day_ago, write_letter


def body_of(alice, letter):
    return Letter.objects.get(id=letter.id).read(alice.user_key).body


def test_invalid_utf8_in_form_data_is_refused_and_changes_nothing(alice_client, alice):
    letter = write_letter(alice, body="kept")
    response = alice_client.post(
        reverse("save", args=[letter.id]),
        b"body=%ff%fe&title=&recipient=&version=2",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "held characters that aren&#x27;t valid text" in response.content.decode() or (
        "held characters that aren't valid text" in response.content.decode()
    )
    assert body_of(alice, letter) == "kept"


def test_a_missing_csrf_token_is_403_and_changes_nothing(alice, db):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    client.post(
        reverse("login"),
        {"username": "alice", "password": alice.password, "csrfmiddlewaretoken": token},
    )
    letter = write_letter(alice, body="kept")
    response = client.post(
        reverse("autosave", args=[letter.id]),
        json.dumps({"body": "changed", "title": "", "recipient": "", "version": letter.version}),
        content_type="application/json",
    )
    assert response.status_code == 403
    # Sent from a tab left open while the writer logged in again in another: the way back
    # keeps what they typed, and a reload alone would lose it.
    assert (
        "so nothing was changed. Go back: what you typed should still be there. Copy it first, "
        "then reload the page, paste it back in and send it again." in response.content.decode()
    )
    wrong = client.post(reverse("seal", args=[letter.id]), {"csrfmiddlewaretoken": "x" * 64})
    assert wrong.status_code == 403
    assert body_of(alice, letter) == "kept"
    assert Letter.objects.get(id=letter.id).status == "draft"


def test_another_writers_key_cookie_shows_nothing_of_theirs(alice_client, alice, bob):
    bobs = write_letter(bob, body="bob's words")
    write_letter(alice, body="alice's words")
    bob_client = log_in(Client(), bob)
    alice_client.cookies[settings.UNSENT_KEY_COOKIE] = bob_client.cookies[
        settings.UNSENT_KEY_COOKIE
    ].value
    response = alice_client.get(reverse("desk"))
    assert response.url.startswith(reverse("unlock"))
    assert alice_client.get(reverse("read", args=[bobs.id])).status_code in (302, 404)
    # And bob's session cookie with alice's key cookie shows bob nothing of alice's.
    bob_client.cookies[settings.UNSENT_KEY_COOKIE] = (
        log_in(Client(), alice).cookies[settings.UNSENT_KEY_COOKIE].value
    )
    assert bob_client.get(reverse("desk")).url.startswith(reverse("unlock"))


def test_an_altered_ciphertext_leaves_the_rest_of_the_desk_working(alice_client, alice):
    broken = write_letter(alice, body="broken")
    write_letter(alice, body="fine", title="fine")
    Letter.objects.filter(id=broken.id).update(body=b"\x01" + bytes(40))
    assert alice_client.get(reverse("read", args=[broken.id])).status_code == 422
    assert "fine" in alice_client.get(reverse("desk")).content.decode()
    # Autosave on a draft that does not open is refused and overwrites nothing.
    response = alice_client.post(
        reverse("autosave", args=[broken.id]),
        json.dumps({"body": "x", "title": "", "recipient": "", "version": broken.version}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json() == {
        "error": "Your words are still here on this page. This letter can't be opened, so "
        "nothing was saved over it: keep them as a new letter.",
        "keep_as_new": True,
    }
    assert bytes(Letter.objects.get(id=broken.id).body) == b"\x01" + bytes(40)


# Every view that takes text from a writer, with the fields it reads and what else it needs.
# Every view that takes text from a writer: its text fields, each with the name a refusal gives
# it, and the other fields it needs.
TEXT_FORMS = [
    ("search", False, {"q": "What you typed in “Words to find”"}, {}),
    (
        "no_contact",
        False,
        {"note": "What you typed in “What happened, and how it felt”"},
        {"on": "2020-01-01"},
    ),
    ("add_quiet_date", False, {"label": "This label"}, {"day": "2020-01-01"}),
    ("default_recipient", False, {"recipient": "What you typed in “Dear”"}, {}),
    (
        "password_change",
        False,
        {
            "password": "What you typed in “Your current password”",
            "new_password1": "What you typed in “New password”",
            "new_password2": "What you typed in “New password again”",
        },
        {},
    ),
    ("export_letters", False, {"password": "What you typed in “Your password”"}, {}),
    ("unlock", False, {"password": "What you typed in “Your password”"}, {}),
    ("delete_account", False, {"password": "What you typed in “Your password”"}, {"confirm": "on"}),
    ("add_note", "sealed", {"text": "This note"}, {"strength": "3"}),
    (
        "save",
        "draft",
        {
            "body": "Your letter",
            "title": "What you typed in “Title”",
            "recipient": "What you typed in “Dear”",
        },
        {"version": "2"},
    ),
    (
        "keep_as_new",
        "draft",
        {
            "body": "Your letter",
            "title": "What you typed in “Title”",
            "recipient": "What you typed in “Dear”",
        },
        {},
    ),
    (
        "shred",
        "draft",
        {"confirm": "What you typed in “Type the word shred to destroy this letter”"},
        {},
    ),
    ("seal", "draft", {"opens_on": None}, {}),  # a date: refused as one, NUL or not
    (
        "edit_care_card",
        False,
        {
            "warning_signs": "What you typed in “Signs that it&#x27;s getting bad”",
            "what_helps": "What you typed in “What helps, even a little”",
            "people": "What you typed in “People I can call”",
            "line": "What you typed in “A line I can call”",
        },
        {},
    ),
]
LOGGED_OUT_FORMS = [
    (
        "login",
        {"username": "What you typed in “Username”", "password": "What you typed in “Password”"},
    ),
    (
        "signup",
        {
            "username": "What you typed in “Username”",
            "password1": "What you typed in “Password”",
            "password2": "What you typed in “Password again”",
        },
    ),
    (
        "recover",
        {
            "username": "What you typed in “Your username”",
            "recovery_code": "What you typed in “Your recovery code”",
            "new_password1": "What you typed in “New password”",
            "new_password2": "What you typed in “New password again”",
        },
    ),
]
NUL = b"a\x00b"
# A lone surrogate can only reach a form as the bytes of one, which are not UTF-8. (Django reads
# such bytes in a multipart field as U+FFFD, the replacement character: text, not an error.)
HALF_AN_EMOJI = b"a\xed\xa0\x80b"


def posted_raw(client, url, fields: dict[str, bytes], multipart: bool):
    if not multipart:
        pairs = (name.encode() + b"=" + quote_from_bytes(v).encode() for name, v in fields.items())
        body = b"&".join(pairs)
        return client.post(url, body, content_type="application/x-www-form-urlencoded")
    body = b"".join(
        b'--b\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (name.encode(), value)
        for name, value in fields.items()
    )
    return client.post(url, body + b"--b--\r\n", content_type="multipart/form-data; boundary=b")


def everything_kept(alice) -> tuple:
    letters = sorted(
        (str(letter.id), letter.status, letter.read(alice.user_key).__dict__)
        for letter in Letter.objects.filter(owner=alice.user)
    )
    profile = Profile.objects.get(user=alice.user)
    counts = [model.objects.count() for model in (QuietDate, MarginNote, ContactMark)]
    alice.user.refresh_from_db()
    return letters, bytes(profile.default_recipient or b""), counts, alice.user.password


@pytest.mark.parametrize(
    ("bad", "multipart"),
    [(NUL, False), (NUL, True), (HALF_AN_EMOJI, False)],
    ids=["a NUL in a form", "a NUL in a multipart form", "half an emoji in a form"],
)
def test_a_nul_or_half_an_emoji_in_any_text_field_is_refused_in_words_and_changes_nothing(
    alice, bad, multipart
):
    client = log_in(Client(raise_request_exception=True), alice)
    draft = write_letter(alice, body="kept")
    sealed = write_letter(alice, body="sealed")
    seal_a_day_ago(sealed)
    before = everything_kept(alice)
    for name, needs, text_fields, other in TEXT_FORMS:
        args = [{"draft": draft, "sealed": sealed}[needs].id] if needs else []
        fields = {k: v.encode() for k, v in other.items()} | dict.fromkeys(text_fields, bad)
        response = posted_raw(client, reverse(name, args=args), fields, multipart)
        assert response.status_code < 500, name
        if bad == HALF_AN_EMOJI:
            assert response.status_code == 400, name
        else:
            assert unnamed_refusals(response, text_fields) == [], name
    for name, text_fields in LOGGED_OUT_FORMS:
        fields = dict.fromkeys(text_fields, bad)
        response = posted_raw(
            Client(raise_request_exception=True), reverse(name), fields, multipart
        )
        assert response.status_code < 500, name
        if bad == NUL:
            assert unnamed_refusals(response, text_fields) == [], name
    assert everything_kept(alice) == before


def unnamed_refusals(response, text_fields: dict[str, str | None]) -> list[str]:
    """The fields whose NUL the page does not refuse in our words, by the field's name."""
    page = response.content.decode()
    assert "Null characters are not allowed" not in page  # Django's words, which name nothing
    return [
        field
        for field, what in text_fields.items()
        if what and f"{what} holds an invisible character we can" not in page
    ]


def test_a_request_too_large_to_read_gets_a_kind_page_of_the_writers_own(alice_client, settings):
    """Django refuses a form over DATA_UPLOAD_MAX_MEMORY_SIZE before any view: the answer is
    still a page of the app's, with the writer's menu, the quick exit and the help."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = alice_client.post(reverse("search"), {"q": "x" * 2000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>That was too much at once</h1>" in page
    assert "Go back: your words are still on that page." in page
    assert "Quick exit" in page and 'href="/help/"' in page
    assert "Log out" in page and "Sign up" not in page
    assert "no-store" in response["Cache-Control"]


def test_a_host_this_server_does_not_answer_to_is_not_called_too_much(client, db):
    """A proxy that sends the wrong Host: the page must not send whoever looks into it after
    the size of what was sent."""
    response = client.get(reverse("home"), HTTP_HOST="unsent.elsewhere.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>That couldn't be read</h1>" in page
    assert "Unsent couldn't read what that page sent, so nothing was saved or changed." in page
    assert "too much at once" not in page


def test_the_page_for_text_that_is_not_utf8_is_the_writers_own_too(alice_client):
    response = alice_client.post(
        reverse("search"), b"q=%ED%B3%BF", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Copy them, reload the page, paste them back and try again." in page
    assert "Log out" in page and "Sign up" not in page
    assert "no-store" in response["Cache-Control"]


def test_no_box_for_the_writers_own_words_cuts_a_paste_short(alice_client, alice):
    """A browser stops a paste at maxlength without a word; the server refuses instead."""
    sealed = seal_a_day_ago(write_letter(alice, body="a letter with a margin"))
    for page in (
        reverse("edit_care_card"),
        reverse("no_contact"),
        reverse("settings"),
        reverse("default_recipient"),
        reverse("read", args=[sealed.id]),
        reverse("edit", args=[write_letter(alice).id]),
    ):
        html = alice_client.get(page).content.decode()
        assert "<textarea" in html or "<input" in html
        assert "maxlength" not in html, page
    assert "maxlength" not in name_field().widget.attrs


def test_a_note_of_last_contact_too_long_is_handed_back_whole_with_its_length(alice_client, alice):
    note = " ".join(["It was a long call."] * 251)  # 5,019 characters
    response = alice_client.post(reverse("no_contact"), {"on": "2026-11-01", "note": note})
    page = response.content.decode()
    assert "This note can hold up to 5000 characters and has 5019." in page
    assert note in page
    assert ContactMark.objects.count() == 0
