"""The help page, one tap from where it is needed most, calm on a phone and in the dark."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import EDITOR_URL, field_label, page_is_wider_than_window

HELP_HEADING = "Help, tonight"
OPENING = "If you're thinking about ending your life or hurting yourself, you deserve help tonight."


def expect_help_page(page: Page) -> None:
    page.wait_for_url(re.compile(r"/help/$"))
    expect(page.get_by_role("heading", name=HELP_HEADING, level=1)).to_be_visible()
    expect(page.get_by_text(OPENING)).to_be_visible()


def test_from_the_urge_page_help_is_one_tap_away(page: Page, writer):
    page.get_by_role("link", name="I want to text my ex").click()
    expect(page.get_by_role("heading", name="Before you text them")).to_be_visible()
    # The quiet line sits under the last step, in view while the pause breathes.
    link = page.get_by_role("link", name="there are people you can talk to right now")
    expect(link).to_be_visible()
    link.click()
    expect_help_page(page)


def test_from_the_lockout_page_help_is_one_tap_away(page: Page, browser_watch, writer):
    page.get_by_role("button", name="Log out").click()
    browser_watch.expect_error(r"status of 429")
    for _ in range(5):
        page.goto("/login/")
        page.get_by_label(field_label("Username")).fill(writer.username)
        page.get_by_label(field_label("Password")).fill("not the password")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Let's pause for a moment")).to_be_visible()
    page.get_by_role("link", name="there are people you can talk to right now").click()
    expect_help_page(page)
    page.go_back()
    page.get_by_role("link", name="Help, if you're not safe right now").click()
    expect_help_page(page)


def test_the_help_page_runs_no_script_and_asks_for_nothing_elsewhere(
    page: Page, browser_watch, live_server
):
    page.goto("/help/")
    expect_help_page(page)
    assert page.evaluate("document.scripts.length") == 0
    assert [url for url in browser_watch.urls if not url.startswith(live_server.url)] == []
    assert [url for url in browser_watch.urls if url.endswith(".js")] == []
    call = page.get_by_role("link", name="116 123").first
    expect(call).to_have_attribute("href", "tel:116123")


def test_the_editor_keeps_the_help_link_in_view_below_the_letter(page: Page, writer):
    page.get_by_role("button", name="Write a new letter").click()
    page.wait_for_url(EDITOR_URL)
    footer = page.locator("footer")
    expect(footer.get_by_role("link", name="Help, if you're not safe right now")).to_be_visible()
    expect(footer.get_by_text("Nothing you write here is ever sent.")).to_be_hidden()


@pytest.mark.viewport(390, 844)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_fits_a_phone_and_follows_the_systems_dark_without_a_script(page: Page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto("/help/")
    expect_help_page(page)
    assert not page_is_wider_than_window(page)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == {"light": "rgb(251, 248, 243)", "dark": "rgb(29, 27, 26)"}[scheme]
