"""Writing: autosave, closing the tab mid-sentence, and the same letter open in two tabs."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from letters.models import Letter, LetterText
from tests.browser.conftest import (
    SAVED,
    BrowserWatch,
    decide,
    field_label,
    letter_id,
    new_letter,
    save_status,
    start_letter,
    type_at_end,
    wait_for_word_count,
)

pytestmark = pytest.mark.browser


def test_autosave_and_closing_the_tab_mid_sentence_loses_nothing(
    page: Page, writer, browser_watch: BrowserWatch, marker: str
):
    new_letter(page)
    expect(page).to_have_title("Writing · Unsent")
    body = page.get_by_label("Your letter")
    before = timezone.now()
    body.press_sequentially(f"I wanted to tell you {marker} that ")
    expect(save_status(page)).to_be_visible()
    after = timezone.now() + datetime.timedelta(seconds=1)
    status = page.get_by_role("status").filter(has_text=SAVED).inner_text()
    # The browser runs in UTC (see browser_watch), so the time shown is the server's, in UTC.
    assert status in {f"Saved {t:%H:%M}" for t in (before, after)}
    expect(page.get_by_text("7 words", exact=True)).to_be_visible()
    url = page.url

    # More words, then the tab is closed before the autosave's debounce (1.2 s) fires.
    body.press_sequentially("I am fine now, mostly")
    page.wait_for_timeout(300)
    assert Letter.objects.get(id=letter_id(url)).word_count == 7  # not saved yet
    page.close(run_before_unload=False)

    whole = f"I wanted to tell you {marker} that I am fine now, mostly"
    wait_for_word_count(url, 12)
    again = browser_watch.new_page()
    again.goto("/desk/")
    again.get_by_role("link", name="Untitled", exact=True).click()
    expect(again.get_by_label("Your letter")).to_have_value(whole)
    expect(again.get_by_text("12 words", exact=True)).to_be_visible()


def test_same_letter_in_two_tabs(page: Page, writer, browser_watch: BrowserWatch, marker: str):
    url = start_letter(page, "Two tabs, one letter.")
    second = browser_watch.new_page()
    second.goto(url)
    expect(second.get_by_label("Your letter")).to_have_value("Two tabs, one letter.")

    type_at_end(page.get_by_label("Your letter"), " First tab's words.")
    expect(save_status(page)).to_be_visible()
    first_text = "Two tabs, one letter. First tab's words."

    # The second tab still holds the version before the first tab's save: the server says 409.
    browser_watch.expect_error(r"status of 409 \(Conflict\)")
    type_at_end(second.get_by_label("Your letter"), f" Second tab's {marker}.")
    second_text = f"Two tabs, one letter. Second tab's {marker}."
    expect(
        second.get_by_role("heading", name="This letter was changed in another tab")
    ).to_be_visible()
    expect(second.get_by_role("status")).to_have_text(
        "Not saved: this letter changed in another tab"
    )
    expect(second.get_by_label("Saved in the other tab")).to_have_value(first_text)
    expect(second.get_by_label("Your letter")).to_have_value(second_text)

    second.get_by_role("button", name="Keep mine as a new letter").click()
    expect(
        second.get_by_text("Your text is kept here as a new letter. The other one is unchanged.")
    ).to_be_visible()
    assert letter_id(second.url) != letter_id(url)
    expect(second.get_by_label("Your letter")).to_have_value(second_text)

    page.reload()
    expect(page.get_by_label("Your letter")).to_have_value(first_text)
    page.get_by_role("link", name="Desk", exact=True).click()
    expect(page.get_by_role("link", name="Untitled", exact=True)).to_have_count(2)
    assert Letter.objects.count() == 2


# A first visit: the service worker would answer for editor.js from its cache, out of
# page.route's sight.
@pytest.mark.service_workers("block")
def test_words_typed_before_the_editor_script_runs_are_saved(
    page: Page, writer, browser_watch: BrowserWatch
):
    """On a slow connection the letter shows before editor.js arrives; those words count too."""
    held = []
    page.route("**/static/js/editor*.js", lambda route: held.append(route))
    page.get_by_role("button", name="Write a new letter").click()
    page.get_by_label("Your letter").press_sequentially("Typed while the page was loading")
    assert len(held) == 1
    held[0].continue_()
    expect(save_status(page)).to_be_visible()
    wait_for_word_count(page.url, 6)


def set_text(field: Locator, text: str) -> None:
    """Put text in a field as a paste does, with an input event; text may be any JS string."""
    field.evaluate(
        "(el, text) => { el.value = text; el.dispatchEvent(new Event('input', {bubbles: true})); }",
        text,
    )


def test_half_an_emoji_pasted_in_saves_as_a_replacement_character(page: Page, writer):
    new_letter(page)
    # "\uD83D" alone: the first half of 😀, as a broken paste leaves it. Written in JS, since
    # Python cannot send a lone surrogate to the browser.
    page.get_by_label("Your letter").evaluate(
        "el => { el.value = 'before \\uD83D after \\uD83D\\uDE00';"
        " el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    page.get_by_label("Title (only you will see it)").evaluate(
        "el => { el.value = 'half \\uDE00'; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    expect(save_status(page)).to_be_visible()
    type_at_end(page.get_by_label("Your letter"), " and then more")
    wait_for_word_count(page.url, 7)
    page.reload()
    expect(page.get_by_label("Your letter")).to_have_value(
        "before \ufffd after \U0001f600 and then more"
    )
    expect(page.get_by_label("Title (only you will see it)")).to_have_value("half \ufffd")


def test_a_refused_save_keeps_the_words_says_why_and_is_not_sent_again_unchanged(
    page: Page, writer, browser_watch: BrowserWatch
):
    browser_watch.expect_error(r"status of 400 \(Bad Request\)")
    page.clock.install()
    new_letter(page)
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    body = page.get_by_label("Your letter")
    with page.expect_response(re.compile("/letters/new/.*/save/$")):  # the save that makes it
        set_text(body, "words")
        page.clock.run_for(2000)
    sent = []
    page.on("request", lambda request: "/autosave/" in request.url and sent.append(request))
    # A NUL, which the server refuses; the page keeps it, so the refusal will not change.
    set_text(body, "words I mean\x00 to keep")
    with page.expect_response(re.compile("/autosave/$")):
        page.clock.run_for(2000)
    status = page.get_by_role("status")
    expect(status).to_have_text(
        re.compile(
            r"^Your words are still here on this page\. Your letter holds an invisible character"
        )
    )
    expect(status).to_have_class(re.compile(r"\bis-failing\b"))

    # An hour passes and the tab is hidden: the same words are not sent again.
    page.clock.run_for("01:00:00")
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")
    # Following Seal… asks for it, and the refusal stops the page leaving with unsaved words;
    # pressing Save asks for it too; then changed words are sent.
    editor_url = page.url
    with page.expect_response(re.compile("/autosave/$")):
        decide(page, "Seal…")
    expect(status).to_have_text(
        re.compile(
            r"^Your words are still here on this page\. Your letter holds an invisible character"
        )
    )
    assert page.url == editor_url
    with page.expect_response(re.compile("/autosave/$")):
        page.get_by_role("button", name="Save", exact=True).click()
    with page.expect_response(re.compile("/autosave/$")):
        set_text(body, "words I mean to keep")
        page.clock.run_for(2000)
    expect(save_status(page)).to_be_visible()
    # The refused words, Seal… followed, Save pressed, the changed words: no retries.
    assert len(sent) == 4
    expect(body).to_have_value("words I mean to keep")


def test_a_letter_sealed_in_another_tab_offers_to_keep_the_words_as_a_new_letter(
    page: Page, writer, browser_watch: BrowserWatch, marker: str
):
    url = start_letter(page, "The first words.")
    Letter.objects.get(id=letter_id(url)).seal()  # as the Seal button in another tab does
    browser_watch.expect_error(r"status of 409 \(Conflict\)")
    body = page.get_by_label("Your letter")
    type_at_end(body, f" Typed after {marker}.")
    expect(
        page.get_by_role("heading", name="These words can't be saved into this letter")
    ).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(
        "Not saved: your words are still here, see below"
    )
    expect(page.get_by_text("This letter was sealed, perhaps in another tab")).to_be_visible()
    type_at_end(body, " And more.")  # kept in the page; no save tries the sealed letter again
    page.get_by_role("button", name="Keep these words as a new letter").click()
    expect(
        page.get_by_text("Your text is kept here as a new letter. The other one is unchanged.")
    ).to_be_visible()
    assert letter_id(page.url) != letter_id(url)
    whole = f"The first words. Typed after {marker}. And more."
    expect(page.get_by_label("Your letter")).to_have_value(whole)
    sealed = Letter.objects.get(id=letter_id(url))
    assert (sealed.status, sealed.word_count) == (Letter.Status.SEALED, 3)


def test_the_length_limit_counts_an_emoji_as_one_character_as_the_server_does(
    page: Page, writer, settings
):
    settings.UNSENT_MAX_LETTER_CHARS = 20
    new_letter(page)
    body = page.get_by_label("Your letter")
    body.fill("🌊" * 20)  # 20 characters, 40 UTF-16 units
    expect(save_status(page)).to_be_visible()
    expect(page.locator("#length-note")).to_be_hidden()
    wait_for_word_count(page.url, 1)
    type_at_end(body, "🌊")
    expect(page.locator("#length-note")).to_have_text(
        re.compile(r"^This letter is longer than 20 characters, the most one letter can hold\.")
    )
    expect(page.get_by_role("status")).to_have_text("Not saved: too long")
    page.reload()
    expect(page.get_by_label("Your letter")).to_have_value("🌊" * 20)


CONTACT_DETAILS = [
    "Call me on 07700 900123",
    "+44 20 7946 0018",
    "(555) 123-4567",
    "555-1234 after six",
    "01.23.45.67.89",
    "me@example.org",
    "find me @sam_writes",
]
DATES_AND_YEARS = [
    "We met on 12.03.2024.",
    "From 2019 - 2023 we were happy.",
    "2024-03-12, the day it ended",
    "12.03.2024-15.03.2024, our last trip",
    "2019\u20132023",  # with an en dash
    "in 2019 2020 2021",
    "the train at 10.30 - 11.45",
]


def test_the_contact_note_is_for_numbers_addresses_and_handles_never_dates(page: Page, writer):
    new_letter(page)
    body = page.get_by_label("Your letter")
    note = page.get_by_text("This looks like it has a number, an address or a handle in it.")
    for text in CONTACT_DETAILS:
        body.fill("")
        expect(note).to_be_hidden()
        body.fill(text)
        expect(note, text).to_be_visible()
    for text in DATES_AND_YEARS:
        body.fill("me@example.org")
        expect(note).to_be_visible()
        body.fill(text)
        expect(note, text).to_be_hidden()
    # The last words saved before the test ends: a save still on its way when the database is
    # emptied for the next test can deadlock with it (seen on PostgreSQL).
    body.fill("the last words")
    expect(page).to_have_url(re.compile(r"/letters/[0-9a-f-]{36}/edit/$"))  # made by a save
    wait_for_word_count(page.url, 3)


def test_reloading_mid_sentence_keeps_every_word(page: Page, writer):
    """A reload (or a pull to refresh) before the autosave's debounce fires: the page starts the
    save as it asks whether to leave, so the words are saved whichever the writer answers."""
    new_letter(page)
    body = page.get_by_label("Your letter")
    body.press_sequentially("one two three ")
    expect(save_status(page)).to_be_visible()
    url = page.url
    body.press_sequentially("four five")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.reload()
    wait_for_word_count(url, 5)
    page.goto(url)
    expect(page.get_by_label("Your letter")).to_have_value("one two three four five")
    assert asked == ["beforeunload"]


def test_words_typed_after_being_logged_out_are_saved_once_the_writer_logs_in_beside_them(
    page: Page, writer, browser_watch: BrowserWatch, marker: str
):
    """Logged out while the editor sat open: the page keeps the words and offers a way back in
    beside it; logging in there gives a new form token, which the page asks for, and it saves."""
    url = start_letter(page, "Before the break.")
    elsewhere = browser_watch.new_page()
    elsewhere.goto("/desk/")
    elsewhere.get_by_role("button", name="Log out").click()
    expect(elsewhere.get_by_role("heading", name="You're logged out")).to_be_visible()

    browser_watch.expect_error(r"status of 401 \(Unauthorized\)")
    browser_watch.expect_error(r"status of 403 \(Forbidden\)")
    type_at_end(page.get_by_label("Your letter"), f" After it, {marker}.")
    expect(page.get_by_role("status")).to_have_text(
        "Not saved — you were logged out. Your words are still here: log in again in another "
        "tab and they will be saved."
    )
    # The status line is under the letter, below the fold: this message comes into view.
    expect(page.get_by_role("link", name="Log in again (opens a new tab)")).to_be_in_viewport()
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Log in again (opens a new tab)").click()
    log_in_tab = opened.value
    log_in_tab.get_by_label(field_label("Username")).fill(writer.username)
    log_in_tab.get_by_label(field_label("Password")).fill(writer.password)
    log_in_tab.get_by_role("button", name="Log in").click()
    expect(log_in_tab.get_by_role("heading", name="You're back in")).to_be_visible()
    expect(log_in_tab.get_by_text("You can close this tab and go back to it.")).to_be_visible()

    expect(save_status(page)).to_be_visible()
    expect(page.get_by_role("link", name="Log in again (opens a new tab)")).to_be_hidden()
    page.goto(url)
    expect(page.get_by_label("Your letter")).to_have_value(f"Before the break. After it, {marker}.")


def test_logged_out_mid_letter_a_link_keeps_the_words_here_and_help_still_opens(
    page: Page, writer, browser_watch: BrowserWatch, marker: str
):
    """A link pressed while the words can't be saved (logged out by the idle lock) leaves
    nothing to the browser's "Leave site?": the page stays, with the way back in in view."""
    url = start_letter(page, "Before the break.")
    elsewhere = browser_watch.new_page()
    elsewhere.goto("/desk/")
    elsewhere.get_by_role("button", name="Log out").click()
    expect(elsewhere.get_by_role("heading", name="You're logged out")).to_be_visible()
    elsewhere.close()

    browser_watch.expect_error(r"status of 401 \(Unauthorized\)")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    body = page.get_by_label("Your letter")
    type_at_end(body, f" After it, {marker}.")
    page.get_by_role("link", name="I want to text my ex").click()
    way_back = page.get_by_role("link", name="Log in again (opens a new tab)")
    expect(way_back).to_be_in_viewport()
    expect(page).to_have_url(url)
    expect(body).to_have_value(f"Before the break. After it, {marker}.")
    assert asked == []
    assert Letter.objects.get(id=letter_id(url)).word_count == 3

    # Help is never held back: it opens once the browser has asked about the unsaved words.
    page.get_by_role("link", name="Help, if you're not safe right now").click()
    expect(page).to_have_url(re.compile(r"/help/$"))
    assert asked == ["beforeunload"]


def test_a_menu_link_pressed_mid_sentence_saves_first_and_asks_nothing(page: Page, writer):
    """ "I want to text my ex" at the worst moment: no "Leave site?" question in the way, and
    the words typed a moment before are saved on the way out."""
    url = start_letter(page, "one two ")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_label("Your letter").press_sequentially("three four")
    page.get_by_role("link", name="I want to text my ex").click()
    # The urge page, with this letter: it offers to seal it.
    expect(page).to_have_url(re.compile(rf"/urge/\?letter={letter_id(url)}$"))
    expect(page.get_by_role("link", name="Seal that letter")).to_be_visible()
    assert asked == []
    assert Letter.objects.get(id=letter_id(url)).word_count == 4


def test_an_editor_opened_before_its_last_save_arrived_opens_again_with_it(page: Page, writer):
    """A reload's request can overtake the save the page before sent as it closed: the editor
    then shows the text before it. It asks the server, and opens again with the newer text."""
    url = start_letter(page, "one two")
    page.goto(url)
    expect(page.get_by_label("Your letter")).to_have_value("one two")
    # The save that set out first arrives now, as the one the reload overtook.
    account = User.objects.get(username=writer.username)
    key = account.profile.open_with_password(writer.password)
    letter = Letter.objects.get(id=letter_id(url))
    letter.revise(key, LetterText(body="one two three", title="", recipient=""), letter.version)
    expect(page.get_by_label("Your letter")).to_have_value("one two three")
    page.get_by_label("Your letter").press_sequentially(" four")
    expect(save_status(page)).to_be_visible()
    assert Letter.objects.get(id=letter.id).read(key).body == "one two three four"


def test_with_scripts_off_the_editor_shows_no_control_that_would_do_nothing(
    browser: Browser, live_server, page: Page, writer, browser_watch: BrowserWatch
):
    """The spell-check switch and the timer are the script's; the words and Save are not."""
    url = start_letter(page, "Written with scripts on.")
    expect(page.get_by_label("Check spelling")).to_be_visible()
    expect(page.get_by_label("Timer")).to_be_visible()
    without = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        locale="en-GB",
        storage_state=browser_watch.context.storage_state(),
    )
    plain = without.new_page()
    plain.goto(url)
    expect(plain.get_by_label("Your letter")).to_have_value("Written with scripts on.")
    expect(plain.get_by_role("button", name="Save")).to_be_visible()
    expect(plain.get_by_label("Check spelling")).to_be_hidden()
    expect(plain.get_by_label("Timer")).to_be_hidden()
    # Nothing would update "Saved" as new words are typed, and the links out don't save.
    expect(plain.get_by_role("status")).to_be_hidden()
    expect(
        plain.get_by_text("With scripts off, these links don't save: press Save before you go.")
    ).to_be_visible()
    without.close()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_text("these links don't save")).to_be_hidden()
