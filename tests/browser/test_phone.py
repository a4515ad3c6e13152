"""A phone-sized window (390 x 844): every page fits its width, and the editor works."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from letters.models import Letter, LetterText, MarginNote, Quiet, QuietDate
from tests.browser.conftest import new_letter, reading_url, save_status, sign_up, type_at_end
from tests.conftest import Writer, enrol_passkey

pytestmark = [pytest.mark.browser, pytest.mark.viewport(390, 844)]

WIDTH = 390


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide in a {WIDTH}px window"


def assert_in_window(page: Page, name: str, role: str = "button") -> None:
    target = page.get_by_role(role, name=name, exact=True)
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= WIDTH


def test_desk_and_editor_on_a_phone(page: Page, marker):
    page.goto("/")
    assert_fits(page)
    sign_up(page, check=assert_fits)
    assert_fits(page)
    assert_in_window(page, "Write a new letter")

    new_letter(page)
    body = page.get_by_label("Your letter")
    assert_fits(page)
    box = body.bounding_box()
    assert box["width"] >= WIDTH * 0.75, "the letter takes most of the phone's width"
    type_at_end(body, f"Written on a small screen {marker} in the bus")
    expect(save_status(page)).to_be_visible()
    assert_fits(page)
    for link in ("Done for now", "I want to send this"):
        assert_in_window(page, link, role="link")
    assert_in_window(page, "Save")
    page.get_by_text("Decide…", exact=True).click()
    for link in ("Seal…", "Archive…", "Shred…"):
        assert_in_window(page, link, role="link")
    url = reading_url(page.url)

    page.get_by_role("button", name="Menu").click()  # on a phone the menu folds away
    page.get_by_role("link", name="Desk", exact=True).click()
    expect(page.get_by_role("link", name="Untitled", exact=True)).to_be_visible()
    assert_fits(page)
    for path in (url, "/archive/", "/search/", "/account/password/", f"{url}seal/", f"{url}shred/"):
        page.goto(path)
        assert_fits(page)


def test_the_urge_page_opens_with_write_it_here_instead_in_sight(page: Page, writer):
    """At the worst moment, the way to write it here is the first thing on the phone's screen,
    before the minute to breathe."""
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="I want to text my ex").click()
    expect(page.get_by_role("heading", name="Before you text them")).to_be_visible()
    write_instead = page.get_by_role("button", name="Write it here instead")
    expect(write_instead).to_be_in_viewport(ratio=1)
    assert page.evaluate("window.scrollY") == 0
    pause = page.get_by_role("heading", name="A minute to breathe")
    assert write_instead.bounding_box()["y"] < pause.bounding_box()["y"]
    assert_fits(page)


def test_a_word_longer_than_the_screen_wraps_wherever_the_writers_words_show(page: Page):
    """A pasted link, a name typed without spaces, a keyboard mashed in anger: one unbroken
    run of letters is still the writer's, and it wraps instead of widening the page."""
    account = sign_up(page)
    writer = User.objects.get(username=account.username)
    key = writer.profile.open_with_password(account.password)
    long_word = "a" * 600
    text = LetterText(body=f"Before {long_word} after", title=long_word, recipient=long_word)
    sealed = Letter.start(writer, key)
    sealed.revise(key, text, base_version=sealed.version)
    sealed.seal()
    note = MarginNote.after_the_others(sealed)
    note.seal_text(key, long_word, None)
    note.save()
    draft = Letter.start(writer, key)
    draft.revise(key, text, base_version=draft.version)
    writer.profile.set_default_recipient(key, long_word)
    quiet = QuietDate(owner=writer)
    quiet.seal(key, Quiet(month=3, day=3, label=long_word))
    quiet.save()
    enrol_passkey(Writer(writer, account.password, key, ""), name="p" * 100)

    for path in (
        "/desk/",
        f"/letters/{sealed.id}/",
        f"/letters/{draft.id}/edit/",
        f"/letters/{draft.id}/seal/",
        f"/letters/{draft.id}/shred/",
        f"/letters/{draft.id}/archive/",
        "/account/dear/",
        "/account/settings/",
        "/account/passkeys/",
    ):
        page.goto(path)
        assert_fits(page)
    page.goto("/search/")
    page.get_by_label("Words to find").fill("after")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("2 letters found")).to_be_visible()
    assert_fits(page)
