"""Writing on a phone: the page first, focus mode above the keyboard, and a quick exit that
keeps every word and leaves nothing to go back to."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from letters.models import Letter
from tests.browser.conftest import (
    EDITOR_URL,
    field_label,
    new_letter,
    reading_url,
    save_status,
    start_letter,
    type_at_end,
)

pytestmark = pytest.mark.browser

PHONE = pytest.mark.viewport(390, 844)
# The 844 px phone with its on-screen keyboard up leaves about this much in view.
KEYBOARD_UP = pytest.mark.viewport(390, 500)


def in_window(page: Page, selector: str) -> dict:
    """The element's box, checked to lie wholly inside the window."""
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    assert box is not None, f"{selector} is not shown"
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (selector, box, size)
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], (selector, box, size)
    return box


def lines_in_view(page: Page) -> float:
    """How many lines of the letter the writing area shows at once."""
    return page.evaluate(
        """() => {
            const area = document.getElementById("id_body");
            const style = getComputedStyle(area);
            const inside = area.clientHeight - parseFloat(style.paddingTop)
                - parseFloat(style.paddingBottom);
            return inside / parseFloat(style.lineHeight);
        }"""
    )


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


@PHONE
def test_a_new_letter_opens_on_the_page_focused_and_in_view(page: Page, writer):
    new_letter(page)
    assert focused_id(page) == "id_body"
    in_window(page, "#id_body")
    # The check-in is one quiet line that opens in place.
    summary = page.get_by_text("How are you feeling?")
    expect(summary).to_be_visible()
    expect(page.get_by_label("Missing them")).to_be_hidden()
    summary.click()
    expect(page.get_by_label("Missing them")).to_be_visible()


def test_the_first_tab_from_the_editors_load_is_already_in_the_writing_area(
    page: Page, writer, marker
):
    url = start_letter(page, f"Back to this one {marker}")
    page.goto(url)
    assert focused_id(page) == "id_body"
    page.keyboard.type(" and more")
    expect(page.get_by_label("Your letter")).to_have_value(f"Back to this one {marker} and more")


def test_an_untouched_editor_leaves_no_draft(page: Page, writer):
    new_letter(page)
    page.get_by_role("link", name="Done for now").click()
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    page.get_by_role("link", name="Desk", exact=True).click()
    expect(page.get_by_text("A letter with no words yet")).to_have_count(0)
    assert Letter.objects.filter(owner__username=writer.username).count() == 0


def test_the_first_words_make_the_letter_and_the_page_becomes_its_editor(
    page: Page, writer, marker
):
    new_letter(page)
    assert page.url.endswith("/letters/new/")
    expect(page.get_by_text("Decide…", exact=True)).to_be_hidden()
    page.get_by_label("Your letter").press_sequentially(f"Now it exists {marker}")
    expect(save_status(page)).to_be_visible()
    page.wait_for_url(EDITOR_URL)
    assert not page.url.endswith("/letters/new/")
    expect(page.get_by_text("Decide…", exact=True)).to_be_visible()
    page.reload()
    expect(page.get_by_label("Your letter")).to_have_value(f"Now it exists {marker}")
    assert Letter.objects.filter(owner__username=writer.username).count() == 1


@PHONE
def test_the_phone_header_is_one_row_with_quick_exit_and_a_menu(page: Page, writer):
    header = in_window(page, ".site-header")
    assert header["height"] <= 64, header
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Prompts", exact=True)).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="I want to text my ex")).to_be_visible()
    page.get_by_role("link", name="Prompts", exact=True).click()
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()


@PHONE
def test_the_editor_has_one_primary_action_and_decides_calmly(page: Page, writer, marker):
    start_letter(page, f"Deciding later {marker}")
    actions = page.locator(".editor-actions")
    expect(actions.locator(".btn-primary")).to_have_text(["Done for now"])
    expect(page.get_by_role("link", name="I want to send this")).to_be_visible()
    for choice in ("Seal…", "Archive…", "Shred…"):
        expect(page.get_by_role("link", name=choice)).to_be_hidden()
    page.get_by_text("Decide…", exact=True).click()
    for choice in ("Seal…", "Archive…", "Shred…"):
        expect(page.get_by_role("link", name=choice)).to_be_visible()


@KEYBOARD_UP
def test_focus_mode_keeps_the_status_line_and_twelve_lines_above_the_keyboard(page: Page, writer):
    new_letter(page)
    body = page.get_by_label("Your letter")
    # No marker here: its random digits could look like a phone number, and bring the note.
    body.press_sequentially("Only the page now")
    expect(save_status(page)).to_be_visible()
    page.get_by_label("Timer").select_option("10")
    body.focus()
    page.keyboard.press("Control+Shift+F")  # the key; the button does the same
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="Done for now")).to_be_hidden()
    status = in_window(page, "#status-line")
    area = in_window(page, "#id_body")
    assert area["y"] + area["height"] <= status["y"] + 1
    assert lines_in_view(page) >= 12
    expect(save_status(page)).to_be_visible()
    expect(page.locator("#word-count")).to_have_text("4 words")
    expect(page.locator("#timer-display")).to_have_text(re.compile(r"^(10:00|9:\d\d) left$"))
    in_window(page, "#timer-display")
    in_window(page, "#status-line [data-quick-exit]")
    assert focused_id(page) == "id_body"
    page.get_by_role("button", name="Leave focus").click()
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.get_by_role("button", name="Focus", exact=True)).to_be_visible()


@PHONE
def test_focus_mode_on_a_phone_fills_the_screen(page: Page, writer):
    new_letter(page)
    page.get_by_role("button", name="Focus", exact=True).click()
    in_window(page, "#status-line")
    assert lines_in_view(page) >= 12


def quick_exit_at_once(page: Page) -> list[str]:
    """Escape twice, at once (well within autosave's wait); the dialogs that showed, if any."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("**/exit/")
    expect(page.get_by_role("heading", name="Simple lentil soup")).to_be_visible()
    return dialogs


def back_in(page: Page, writer) -> None:
    """Come back on purpose: open Unsent and unlock with the password."""
    page.goto("/")
    expect(page.get_by_role("heading", name="Unlock your letters")).to_be_visible()
    page.get_by_label(field_label("Your password")).fill(writer.password)
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()


@PHONE
def test_quick_exit_mid_sentence_keeps_every_word_and_back_shows_nothing(
    page: Page, writer, marker
):
    url = start_letter(page, f"What I never said {marker}.")
    type_at_end(page.get_by_label("Your letter"), " And the last words")
    assert quick_exit_at_once(page) == []  # no leave-page warning
    page.go_back()
    expect(page.get_by_role("heading", name="Simple lentil soup")).to_be_visible()
    assert "Unsent" not in page.content()
    assert marker not in page.content()

    back_in(page, writer)
    page.goto(reading_url(url))
    expect(page.get_by_text(f"What I never said {marker}. And the last words")).to_be_visible()
    assert Letter.objects.filter(owner__username=writer.username).count() == 1


@PHONE
def test_quick_exit_from_a_new_letter_before_its_first_save_keeps_the_words(
    page: Page, writer, marker
):
    new_letter(page)
    page.get_by_label("Your letter").press_sequentially(f"Gone in a second {marker}")
    assert quick_exit_at_once(page) == []
    page.go_back()
    assert "Unsent" not in page.content()

    back_in(page, writer)
    letter = Letter.objects.get(owner__username=writer.username)
    page.goto(f"/letters/{letter.id}/edit/")
    expect(page.get_by_label("Your letter")).to_have_value(f"Gone in a second {marker}")


def violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [f"{page.url}: {v['id']}: {v['help']}" for v in results.response["violations"]]


@PHONE
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_phone_menu_the_new_letter_and_focus_mode_have_no_accessibility_violation(
    page: Page, writer, scheme
):
    page.emulate_media(color_scheme=scheme)
    found = []
    page.get_by_role("button", name="Menu").click()
    found += violations(page)
    page.get_by_role("button", name="Menu").click()
    new_letter(page)
    page.get_by_text("How are you feeling?").click()
    found += violations(page)
    page.get_by_label("Your letter").press_sequentially("A few words.")
    expect(save_status(page)).to_be_visible()
    page.get_by_text("Decide…", exact=True).click()
    found += violations(page)
    page.get_by_role("button", name="Focus", exact=True).click()
    found += violations(page)
    assert found == []
