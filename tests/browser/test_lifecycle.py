"""What becomes of a letter: sealed until a date, archived and restored, shredded; search."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from letters import clock
from letters.models import Letter
from tests.browser.conftest import BrowserWatch, decide, reading_url, start_letter

pytestmark = pytest.mark.browser


def test_seal_until_next_month(page: Page, writer, browser_watch: BrowserWatch, marker, settings):
    url = reading_url(start_letter(page, f"Read this when the month is over. {marker}"))
    opens_on = clock.today() + datetime.timedelta(days=31)

    decide(page, "Seal…")
    expect(page.get_by_role("heading", name="Seal this letter")).to_be_visible()
    page.get_by_label("Or a day I choose").fill(opens_on.isoformat())
    # A time-locked letter's page answers 403 until its day.
    browser_watch.expect_error(r"status of 403 \(Forbidden\)")
    page.get_by_role("button", name="Seal it").click()
    sealed_until = f"Sealed until {opens_on.day} {opens_on:%B %Y}"
    expect(page.get_by_role("heading", name=sealed_until)).to_be_visible()
    expect(page.get_by_text("Sealed. It will stay exactly as you left it.")).to_be_visible()

    page.get_by_role("link", name="Desk", exact=True).click()
    closed = f"A sealed letter, closed until {opens_on.day} {opens_on:%B %Y}"
    expect(page.get_by_text(closed, exact=True)).to_be_visible()
    expect(page.get_by_text(marker)).to_have_count(0)

    page.goto(url)
    expect(page.get_by_role("heading", name="Not yet")).to_be_visible()
    expect(page.get_by_text(f"{opens_on.day} {opens_on:%B %Y}")).to_be_visible()
    assert marker not in page.content()

    settings.UNSENT_CLOCK_SHIFT_DAYS = 40
    page.reload()
    expect(page.get_by_text(f"Read this when the month is over. {marker}")).to_be_visible()
    expect(page.get_by_role("heading", name="Not yet")).to_have_count(0)
    page.get_by_role("link", name="Desk", exact=True).click()
    expect(page.get_by_text(closed)).to_have_count(0)
    expect(page.get_by_role("link", name="Untitled", exact=True)).to_be_visible()


def test_archive_a_draft_and_bring_it_back(page: Page, writer, marker):
    start_letter(page, f"Tucked away for now {marker}")
    decide(page, "Archive…")
    expect(page.get_by_role("heading", name="Tuck this letter away")).to_be_visible()
    page.get_by_role("button", name="Seal and archive").click()
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    expect(page.get_by_text("Tucked away in the archive.")).to_be_visible()
    expect(page.get_by_role("link", name="Untitled", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Archive", exact=True).click()
    expect(page.get_by_role("heading", name="Archive")).to_be_visible()
    page.get_by_role("link", name="Untitled", exact=True).click()
    expect(page.get_by_text(f"Tucked away for now {marker}", exact=True)).to_be_visible()
    expect(page.get_by_text("Archived", exact=True)).to_be_visible()

    page.get_by_role("button", name="Bring back to the desk").click()
    expect(page.get_by_text("Back on your desk.")).to_be_visible()
    expect(page.get_by_text("Sealed", exact=True)).to_be_visible()
    page.get_by_role("link", name="Desk", exact=True).click()
    expect(page.get_by_role("link", name="Untitled", exact=True)).to_be_visible()
    page.get_by_role("link", name="Archive", exact=True).click()
    expect(page.get_by_text("Nothing is tucked away yet.")).to_be_visible()


def test_shred_with_confirmation(page: Page, writer, browser_watch: BrowserWatch, marker):
    editor = start_letter(page, f"Let this go {marker}")
    decide(page, "Shred…")
    expect(page.get_by_role("heading", name="Shred this letter")).to_be_visible()
    confirm = page.get_by_label("Type the word shred to destroy this letter")

    browser_watch.expect_error(r"status of 400 \(Bad Request\)")  # the refused confirmation
    confirm.fill("shed")
    page.get_by_role("button", name="Shred it for good").click()
    expect(page.get_by_text("Type shred (just that word) to destroy the letter.")).to_be_visible()
    assert Letter.objects.count() == 1

    page.get_by_label("Type the word shred to destroy this letter").fill("shred")
    page.get_by_role("button", name="Shred it for good").click()
    expect(page.get_by_role("heading", name="Gone. You let that go.")).to_be_visible()
    expect(page.get_by_text("That's 1 letter you've let go of so far.")).to_be_visible()
    assert Letter.objects.count() == 0

    browser_watch.expect_error(r"status of 404 \(Not Found\)")
    for gone in (reading_url(editor), editor):
        page.goto(gone)
        expect(page.get_by_role("heading", name="There's nothing here")).to_be_visible()
    page.get_by_role("link", name="Desk", exact=True).click()
    expect(page.get_by_text("You have let go of 1 letter.")).to_be_visible()


def test_search_marks_the_word_and_opens_the_letter(page: Page, writer, marker):
    start_letter(page, "A letter without the word.")
    page.get_by_role("link", name="Desk", exact=True).click()
    start_letter(page, f"Some days I remember the {marker} and the rain.")
    page.get_by_role("link", name="Search", exact=True).click()

    page.get_by_label("Words to find").fill(marker.upper())
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="1 letter found")).to_be_visible()
    expect(page.get_by_role("mark")).to_have_text(marker)
    expect(page.get_by_text("A letter without the word.")).to_have_count(0)

    page.get_by_role("listitem").get_by_role("link").click()
    expect(page.get_by_text(f"Some days I remember the {marker} and the rain.")).to_be_visible()
    expect(page.get_by_role("link", name="Keep writing")).to_be_visible()

    # Back comes to the search page, empty, not to the browser's "Confirm form resubmission".
    page.go_back()
    expect(page.get_by_role("heading", name="Search your letters")).to_be_visible()
    expect(page.get_by_label("Words to find")).to_have_value("")
    assert marker not in page.url
