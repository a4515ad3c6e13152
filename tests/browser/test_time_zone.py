"""The writer's own day: the browser names its time zone, and "today" on the server follows it."""

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import TIMEOUT_MS, VIEWPORT, sign_up
from tests.test_time_zone import AHEAD, today_in

pytestmark = pytest.mark.browser


def test_far_east_of_the_server_today_is_the_writers_today(
    browser: Browser, live_server: LiveServer
):
    """In Kiritimati it is always a day ahead of Pago Pago, and at most a day ahead of UTC:
    its today is offered as the day of last contact, and taken."""
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, locale="en-GB", timezone_id=AHEAD
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        sign_up(page)
        assert {"name": "zone", "value": AHEAD} in [
            {"name": c["name"], "value": c["value"]} for c in context.cookies()
        ]
        page.goto("/no-contact/")
        their_today = today_in(AHEAD)
        expect(page.get_by_label("The day of your last contact")).to_have_value(
            their_today.isoformat()
        )
        page.get_by_role("button", name="Start counting").click()
        expect(page.get_by_text("hasn't come yet")).to_have_count(0)
        page.goto("/desk/")
        expect(page.locator(".no-contact-line")).to_have_text(
            "Day one of your count without contact"
        )
    finally:
        context.close()
