"""The layout holds in a right-to-left language: mirrored, nothing wider than the screen."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import sign_up
from tests.test_right_to_left import arabic  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
# The scripts' words in Arabic would be a static file of a shipped language; here the English
# ones stand in for them (the layout is what is tested).
ENGLISH_WORDS = Path(settings.STATIC_ROOT) / "jsi18n" / "en" / "djangojs.js"


def serve_english_words(route: Route) -> None:
    route.fulfill(body=ENGLISH_WORDS.read_bytes(), content_type="text/javascript")


def wider_than_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 860)])
def test_the_desk_in_arabic_is_mirrored_and_fits(page: Page, arabic, width, height):  # noqa: F811
    page.set_viewport_size({"width": width, "height": height})
    page.route("**/static/jsi18n/ar/djangojs.js", serve_english_words)
    sign_up(page)
    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#main-nav a[href='/archive/']")).to_have_text("الأرشيف")
    for url in ("/desk/", "/archive/", "/search/", "/account/settings/", "/help/"):
        page.goto(url)
        assert not wider_than_the_screen(page), url
    page.goto("/desk/")
    # Mirrored: the name of the app starts the header on the right, Quick exit is on the left.
    brand = page.locator(".brand").bounding_box()
    exit_button = page.get_by_role("link", name="Quick exit").bounding_box()
    assert brand["x"] > width / 2 > exit_button["x"]
