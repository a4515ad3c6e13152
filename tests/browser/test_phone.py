"""A phone-sized window (390 x 844): every page fits its width, and the editor works."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import new_letter, reading_url, save_status, sign_up, type_at_end

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
