"""The moments that matter: the recovery code, shredding, sealing and the urge to reach out."""

import re
import secrets
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from letters.models import Letter
from tests.browser.conftest import (
    CSP_WATCH,
    EDITOR_URL,
    PASSWORD,
    BrowserWatch,
    field_label,
    letter_id,
    start_letter,
)

pytestmark = pytest.mark.browser

CONFIRM = "Type the word shred to destroy this letter"


def sign_up_to_the_code(page: Page) -> str:
    """Sign up and stop on the recovery code page; return the code shown."""
    page.goto("/signup/")
    page.get_by_label(field_label("Username")).fill("writer" + secrets.token_hex(4))
    page.get_by_label(field_label("Password")).fill(PASSWORD)
    page.get_by_label(field_label("Password again")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^\s*I understand:")).check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Your recovery code")).to_be_visible()
    return page.locator("#recovery-code").inner_text().strip()


def test_the_recovery_code_page_keeps_the_code_in_the_browser_until_it_is_saved(
    page: Page, browser_watch: BrowserWatch
):
    code = sign_up_to_the_code(page)
    # No menu to skip the page by, but Quick exit is still one tap away.
    expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_count(0)
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()

    download = page.get_by_role("link", name="Download as a text file")
    assert download.get_attribute("href").startswith("blob:")
    with page.expect_download() as downloaded:
        download.click()
    assert downloaded.value.suggested_filename == "recovery-code.txt"
    text = Path(downloaded.value.path()).read_text(encoding="utf-8")
    assert text.startswith(f"Your Unsent recovery code\n\n{code}\n")

    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="Print").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")

    # Until it is confirmed, the desk mentions it quietly, and leads back to it.
    page.goto("/desk/")
    banner = page.get_by_text("Your recovery code isn't saved yet.")
    expect(banner).to_be_visible()
    page.get_by_role("link", name="Save it now").click()
    expect(page.locator("#recovery-code")).to_have_text(code)
    page.get_by_label(re.compile(r"^\s*I have written my recovery code down")).check()
    page.get_by_role("button", name="Continue to my desk").click()
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    expect(banner).to_have_count(0)

    # The code went nowhere but this page and the file: no address, no storage.
    bare = code.replace("-", "")
    assert [url for url in browser_watch.urls if code in url or bare in url] == []
    stored = page.evaluate(
        "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    )
    assert stored == "[[],[]]"


def shred_page(page: Page, writer, text: str) -> str:
    """Write a letter holding `text` and open its shred page; return the editor's URL."""
    editor = start_letter(page, text)
    page.goto(f"/letters/{letter_id(editor)}/shred/")
    expect(page.get_by_role("heading", name="Shred this letter")).to_be_visible()
    return editor


def test_shredding_shows_the_letter_once_more_then_it_falls_in_strips(page: Page, writer, marker):
    shred_page(page, writer, f"All I never said {marker}")
    sheet = page.get_by_label("The letter, one last time")
    expect(sheet).to_contain_text(f"All I never said {marker}")

    # Deliberate, and done from the keyboard alone: type the word, press Enter.
    page.get_by_label(field_label(CONFIRM)).focus()
    page.keyboard.type("shred")
    page.keyboard.press("Enter")
    strips = page.locator(".shred-strips > .shred-strip")
    expect(strips).to_have_count(8)
    expect(page.locator("#shred-stage")).to_have_class(re.compile(r"\bis-shredding\b"))
    expect(sheet).to_be_hidden()  # the strips are the letter now
    assert strips.first.evaluate("s => getComputedStyle(s).animationName") == "strip-fall"
    expect(page.get_by_role("status").filter(has_text="Shredding the letter…")).to_be_attached()

    page.wait_for_url(re.compile(r"/shredded/$"))
    expect(page.get_by_role("heading", name="Gone. You let that go.")).to_be_visible()
    assert Letter.objects.count() == 0
    details = page.get_by_text("Backups of this server made before now")
    expect(details).to_be_hidden()
    page.get_by_text("What exactly happened?").click()
    expect(details).to_be_visible()


def test_with_reduced_motion_the_strips_are_a_still_frame(page: Page, writer, marker):
    page.emulate_media(reduced_motion="reduce")
    shred_page(page, writer, f"Still, it goes {marker}")
    page.get_by_label(field_label(CONFIRM)).fill("Shred")
    page.get_by_role("button", name="Shred it for good").click()
    strip = page.locator(".shred-strips > .shred-strip").nth(1)
    expect(strip).to_be_attached()
    assert strip.evaluate("s => getComputedStyle(s).animationName") == "none"
    assert strip.evaluate("s => getComputedStyle(s).transform") != "none"
    page.wait_for_url(re.compile(r"/shredded/$"))
    assert Letter.objects.count() == 0


def test_a_wrong_word_shreds_nothing_and_plays_nothing(
    page: Page, writer, browser_watch: BrowserWatch, marker
):
    shred_page(page, writer, f"Not this one {marker}")
    browser_watch.expect_error(r"status of 400 \(Bad Request\)")
    page.get_by_label(field_label(CONFIRM)).fill("shed")
    page.get_by_role("button", name="Shred it for good").click()
    expect(page.get_by_text("Type shred (just that word) to destroy the letter.")).to_be_visible()
    expect(page.locator(".shred-strips")).to_have_count(0)
    expect(page.get_by_label("The letter, one last time")).to_contain_text(marker)
    assert Letter.objects.count() == 1


def test_sealing_names_the_letter_then_the_envelope_closes(page: Page, writer, marker):
    editor = start_letter(page, f"Sealed on a quiet night {marker}")
    page.goto(f"/letters/{letter_id(editor)}/seal/")
    expect(page.get_by_role("blockquote")).to_have_text(f"Sealed on a quiet night {marker}")
    expect(page.get_by_label(re.compile(r"^\s*In a week, "))).to_be_visible()
    page.get_by_role("button", name="Seal it").click()
    expect(page.get_by_text("Sealed. It will stay exactly as you left it.")).to_be_visible()
    flap = page.locator(".envelope-flap")
    assert flap.evaluate("f => getComputedStyle(f).animationName") == "flap-close"
    expect(page.get_by_text(f"Sealed on a quiet night {marker}")).to_be_visible()
    expect(page.get_by_label("A note in the margin")).to_have_count(0)

    # Once only; and with reduced motion the envelope is simply closed.
    page.emulate_media(reduced_motion="reduce")
    page.reload()
    expect(flap).to_have_count(0)


def test_with_reduced_motion_the_envelope_is_shown_closed(page: Page, writer, marker):
    page.emulate_media(reduced_motion="reduce")
    editor = start_letter(page, f"Closed at once {marker}")
    page.goto(f"/letters/{letter_id(editor)}/seal/")
    page.get_by_role("button", name="Seal it").click()
    flap = page.locator(".envelope-flap")
    expect(flap).to_be_visible()
    assert flap.evaluate("f => getComputedStyle(f).animationName") == "none"
    assert flap.evaluate("f => getComputedStyle(f).transform") == "none"  # closed


def test_the_urge_pause_waits_for_a_tap_where_the_writer_is(page: Page, writer):
    page.get_by_role("link", name="I want to text my ex").click()
    expect(page.get_by_role("heading", name="Before you text them")).to_be_visible()
    write_instead = page.get_by_role("button", name="Write it here instead")
    expect(write_instead).to_be_visible()
    timer = page.get_by_role("timer")
    page.wait_for_timeout(1200)  # a second goes by: nothing has started on its own
    expect(timer).to_have_text("")

    start = page.get_by_role("button", name="Start the minute")
    start.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    start.click()
    expect(timer).to_have_text(re.compile(r"^(60|59) seconds$"))
    skip = page.get_by_role("button", name="Skip the pause")
    expect(skip).to_be_focused()
    assert page.evaluate("window.scrollY") == scrolled  # the pause is where the tap was
    expect(write_instead).to_be_visible()  # always there, pause or not

    skip.press("Enter")
    expect(page.get_by_role("button", name="Another minute")).to_be_focused()
    write_instead.click()
    page.wait_for_url(EDITOR_URL)  # a new letter, made by its first save


def test_our_own_words_no_star_and_readable_error_text(page: Page):
    page.goto("/signup/")
    # Its accessible name, what a screen reader says, has no "*".
    expect(page.get_by_role("textbox", name="Username", exact=True)).to_be_visible()
    expect(page.locator(".asteriskField").first).to_be_hidden()
    page.get_by_role("button", name="Create my account").click()
    error = page.get_by_text("Please fill in “Username”: it can't be left empty.")
    expect(error).to_be_visible()
    # #a52834 on the paper colour: 6.7:1 (Bootstrap's red was 4.27:1).
    assert error.evaluate("e => getComputedStyle(e).color") == "rgb(165, 40, 52)"


def axe_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [f"{page.url}: {v['id']}: {v['help']}" for v in results.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_moments_have_no_accessibility_violation(browser: Browser, live_server, scheme):
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme, locale="en-GB")
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    found = []
    page.goto("/signup/")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    found += axe_violations(page)  # the error text, in both themes
    sign_up_to_the_code(page)
    found += axe_violations(page)
    page.goto("/desk/")
    expect(page.get_by_text("Your recovery code isn't saved yet.")).to_be_visible()
    found += axe_violations(page)
    editor = start_letter(page, "A letter to seal")
    page.goto(f"/letters/{letter_id(editor)}/seal/")
    page.get_by_role("button", name="Seal it").click()
    expect(page.locator(".sealing-envelope")).to_be_visible()
    found += axe_violations(page)
    page.goto(f"/letters/{letter_id(editor)}/shred/")
    found += axe_violations(page)
    page.get_by_label(field_label(CONFIRM)).fill("shred")
    page.get_by_role("button", name="Shred it for good").click()
    page.wait_for_url(re.compile(r"/shredded/$"))
    page.get_by_text("What exactly happened?").click()
    found += axe_violations(page)
    page.goto("/urge/")
    page.get_by_role("button", name="Start the minute").click()
    found += axe_violations(page)
    page.goto("/prompts/?theme=urge")
    found += axe_violations(page)
    context.close()
    assert found == []
