"""Prompts, the urge page, feelings, Looking back, and taking letters to another account."""

import re

from playwright.sync_api import Page, expect

from letters.guidance import prompts
from tests.browser.conftest import (
    EDITOR_URL,
    PASSWORD,
    field_label,
    reading_url,
    save_status,
    sign_up,
)


def test_pick_a_prompt_write_to_it_and_see_it_when_rereading(page: Page, writer, marker):
    prompt = prompts.library().in_library("acceptance")[0]
    page.get_by_role("link", name="Prompts", exact=True).click()
    page.get_by_role("link", name="Accepting what I can't change").click()
    card = page.locator("article").filter(has_text=prompt.text)
    card.get_by_role("button", name="Write to this prompt").click()
    page.wait_for_url(EDITOR_URL)
    expect(page.get_by_label("The prompt you are writing to")).to_contain_text(prompt.text)
    page.get_by_label("Your letter").press_sequentially(f"What I can still choose {marker}")
    expect(save_status(page)).to_be_visible()
    page.goto(reading_url(page.url))
    expect(page.get_by_label("The prompt this letter answers")).to_contain_text(
        "Accepting what I can't change"
    )
    expect(page.get_by_text(f"What I can still choose {marker}")).to_be_visible()


def test_the_first_visit_to_the_urge_page_counts_itself_in_this_week(page: Page, writer):
    """The counts are drawn before the page's script counts the visit: it adds it, once."""
    page.get_by_role("link", name="I want to text my ex").click()
    expect(page.get_by_role("listitem").filter(has_text="This week")).to_have_text("This week: 1")
    page.reload()  # the same urge: counted once, and shown once
    expect(page.get_by_role("listitem").filter(has_text="This week")).to_have_text("This week: 1")
    page.wait_for_load_state("networkidle")  # the reload's own count has answered by now
    expect(page.get_by_role("listitem").filter(has_text="This week")).to_have_text("This week: 1")


def test_the_urge_page_pause_write_it_instead_and_seal(page: Page, writer, marker):
    page.get_by_role("link", name="I want to text my ex").click()
    expect(page.get_by_role("heading", name="Before you text them")).to_be_visible()
    expect(page.get_by_role("heading", name="A minute to breathe")).to_be_visible()
    page.get_by_role("button", name="Write it here instead").click()
    page.wait_for_url(EDITOR_URL)
    expect(page.get_by_text("What do you want to tell your ex, or ask them?")).to_be_visible()
    page.get_by_label("Your letter").press_sequentially(f"Are you happy now {marker}")
    expect(save_status(page)).to_be_visible()
    # The letter's own "I want to send this" leads back to the urge page, which offers to seal it.
    page.get_by_role("link", name="I want to send this").click()
    page.get_by_role("link", name="Seal that letter").click()
    page.get_by_role("button", name="Seal it").click()
    expect(page.get_by_text("Sealed. It will stay exactly as you left it.")).to_be_visible()
    expect(page.get_by_text(f"Are you happy now {marker}")).to_be_visible()


def test_check_in_then_how_strong_now_then_looking_back(page: Page, writer):
    page.get_by_role("button", name="Write a new letter").click()
    page.wait_for_url(EDITOR_URL)
    page.get_by_text("How are you feeling?").click()
    page.get_by_label("Lonely").check()
    page.get_by_label("Missing them").check()
    page.locator(".strength-fieldset").get_by_label("8", exact=True).check()
    page.get_by_role("button", name="Keep this with the letter").click()
    expect(page.get_by_text("How are you feeling?")).to_be_hidden()
    page.get_by_label("Your letter").press_sequentially("It helps to say it.")
    expect(save_status(page)).to_be_visible()
    page.get_by_role("link", name="Done for now").click()
    expect(page.get_by_role("heading", name="Before you go")).to_be_visible()
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Keep this").click()
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    page.get_by_role("link", name="Looking back").click()
    expect(page.get_by_role("heading", name="Looking back")).to_be_visible()
    expect(
        page.get_by_text(re.compile("There isn.t enough here yet to show a trend"))
    ).to_be_visible()


def test_export_then_import_into_another_account(page: Page, browser_watch, marker, tmp_path):
    sign_up(page)
    page.get_by_role("button", name="Write a new letter").click()
    page.get_by_label("Your letter").press_sequentially(f"Take me with you {marker}")
    expect(save_status(page)).to_be_visible()
    page.goto("/account/")
    page.get_by_role("link", name="Download all my letters").click()
    page.get_by_label(field_label("Your password")).fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my letters").click()
    # The page itself does not change: it says the letters are coming, and forgets the password.
    expect(page.get_by_role("status")).to_have_text(
        "Your letters are on their way to this browser. With many of them it can take a minute; "
        "your browser shows the download as it comes."
    )
    expect(page.get_by_label(field_label("Your password"))).to_have_value("")
    archive = tmp_path / download.value.suggested_filename
    download.value.save_as(archive)
    assert archive.name.startswith("letters-") and archive.suffix == ".zip"
    page.get_by_role("button", name="Log out").click()
    sign_up(page)
    page.goto("/account/import/")
    page.get_by_label(field_label("Your export")).set_input_files(archive)
    page.get_by_role("button", name="Import my letters").click()
    expect(page.get_by_text(re.compile(r"Imported 1 letter"))).to_be_visible()
    page.goto("/desk/")
    page.get_by_role("link", name="Untitled", exact=True).click()
    expect(page.get_by_label("Your letter")).to_have_value(f"Take me with you {marker}")
