"""Keyboard only: sign up, write (and close the tab mid-sentence), seal until a date.

No clicks: Tab, Shift+Tab, Space, Enter and typing, as a person without a mouse uses the site.
"""

import datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from letters import clock
from letters.models import Letter
from tests.browser.conftest import (
    EDITOR_URL,
    PASSWORD,
    BrowserWatch,
    field_label,
    letter_id,
    reading_url,
    save_status,
    wait_for_word_count,
)

pytestmark = pytest.mark.browser

# Enough for the editor with its check-in open (sixteen feelings and a scale before the letter).
MAX_TABS = 60


def is_focused(target: Locator) -> bool:
    return target.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has the focus, as a keyboard user moves through a page."""
    for _ in range(MAX_TABS):
        if is_focused(target):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} can't be reached with the Tab key")


def skip_to_main(page: Page) -> None:
    """The first Tab on a page reaches the skip link; Enter moves the focus to the content."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_sign_up_write_and_seal_with_the_keyboard_only(
    page: Page, browser_watch: BrowserWatch, marker, settings
):
    # Flow 1: sign up.
    page.goto("/")
    skip_to_main(page)
    tab_to(page, page.get_by_role("link", name="Start writing"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Make a place for your letters")).to_be_visible()
    tab_to(page, page.get_by_label(field_label("Username")))
    page.keyboard.type("keyboard-writer")
    tab_to(page, page.get_by_label(field_label("Password")))
    page.keyboard.type(PASSWORD)
    tab_to(page, page.get_by_label(field_label("Password again")))
    page.keyboard.type(PASSWORD)
    understood = page.get_by_role("checkbox", name="I understand")
    tab_to(page, understood)
    page.keyboard.press("Space")
    expect(understood).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Create my account"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Your recovery code")).to_be_visible()
    saved_it = page.get_by_role("checkbox", name="I have written my recovery code down")
    tab_to(page, saved_it)
    page.keyboard.press("Space")
    expect(saved_it).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Continue to my desk"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()

    # Flow 2: write, then close the tab mid-sentence; every word is kept.
    skip_to_main(page)
    tab_to(page, page.get_by_role("button", name="Write a new letter"))
    page.keyboard.press("Enter")
    page.wait_for_url(EDITOR_URL)
    body = page.get_by_label("Your letter")
    tab_to(page, body)
    page.keyboard.type(f"Typed without a mouse {marker}. ")
    expect(save_status(page)).to_be_visible()
    page.keyboard.type("And this too")
    page.wait_for_timeout(300)
    url = page.url
    assert Letter.objects.get(id=letter_id(url)).word_count == 5  # the last words not saved yet
    page.close(run_before_unload=False)
    text = f"Typed without a mouse {marker}. And this too"
    wait_for_word_count(url, 8)

    page = browser_watch.new_page()
    page.goto("/desk/")
    skip_to_main(page)
    tab_to(page, page.get_by_role("link", name="Untitled", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your letter")).to_have_value(text)

    # Flow 4: seal until next month.
    opens_on = clock.today() + datetime.timedelta(days=31)
    decide = page.get_by_text("Decide…", exact=True)
    tab_to(page, decide)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Seal…"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Seal this letter")).to_be_visible()
    opens_field = page.get_by_label("Or a day I choose")
    tab_to(page, opens_field)
    # Chromium's date field takes month, day and year here, whatever the page's language.
    page.keyboard.type(opens_on.strftime("%m%d%Y"))
    expect(opens_field).to_have_value(opens_on.isoformat())
    browser_watch.expect_error(r"status of 403 \(Forbidden\)")
    tab_to(page, page.get_by_role("button", name="Seal it"))
    page.keyboard.press("Enter")
    sealed_until = f"Sealed until {opens_on.day} {opens_on:%B %Y}"
    expect(page.get_by_role("heading", name=sealed_until)).to_be_visible()
    assert marker not in page.content()

    tab_to(page, page.get_by_role("link", name="Back to my desk"))
    page.keyboard.press("Enter")
    closed = f"A sealed letter, closed until {opens_on.day} {opens_on:%B %Y}"
    expect(page.get_by_text(closed, exact=True)).to_be_visible()

    page.goto(reading_url(url))
    expect(page.get_by_role("heading", name="Not yet")).to_be_visible()
    settings.UNSENT_CLOCK_SHIFT_DAYS = 40
    page.reload()
    expect(page.get_by_text(text)).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_focus_is_a_solid_ring_in_the_accent_on_every_kind_of_button(
    page: Page, writer, scheme: str
):
    """The grey Quick exit, the accent's Write button and a link all show where the keyboard
    is, in the accent: a halo of Bootstrap's at a quarter of its colour vanished on grey."""
    page.emulate_media(color_scheme=scheme)
    page.goto("/desk/")
    accent = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--unsent-accent').trim()"
    )
    r, g, b = (int(accent[i : i + 2], 16) for i in (1, 3, 5))
    for target in (
        page.get_by_role("link", name="Quick exit"),
        page.get_by_role("button", name="Write a new letter"),
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Archive"),
        page.get_by_role("link", name="Help, if you're not safe right now"),
    ):
        tab_to(page, target)
        ring = target.evaluate(
            "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
        )
        assert ring == ["solid", "3px", f"rgb({r}, {g}, {b})"]
