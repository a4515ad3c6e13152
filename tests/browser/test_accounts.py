"""Signing up, logging out and in, and unlocking after the key cookie is gone."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    BrowserWatch,
    field_label,
    log_in,
    reading_url,
    sign_up,
    start_letter,
)

pytestmark = pytest.mark.browser


def test_sign_up_shows_the_recovery_code_once(page: Page):
    account = sign_up(page, username="winter-writer")
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){6}", account.recovery_code)
    expect(
        page.get_by_text("Good, you have your recovery code. Your desk is ready.")
    ).to_be_visible()
    expect(page.get_by_text("Nothing here yet.")).to_be_visible()
    assert get_user_model().objects.get().username == "winter-writer"

    # The code is shown once: its page now leads to the desk.
    page.goto("/signup/recovery-code/")
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    expect(page.get_by_text(account.recovery_code)).to_have_count(0)


def test_log_out_back_button_and_unlock(page: Page, writer, browser_watch: BrowserWatch, marker):
    url = reading_url(start_letter(page, f"Nobody else should see {marker}"))
    response = page.goto(url)
    assert "no-store" in response.headers["cache-control"]
    expect(page.get_by_text(f"Nobody else should see {marker}")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You're logged out")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    expect(page.get_by_text(marker)).to_have_count(0)
    assert marker not in page.content()

    log_in(page, writer)
    context = browser_watch.context
    context.clear_cookies(name=settings.UNSENT_KEY_COOKIE)
    assert settings.UNSENT_KEY_COOKIE not in {c["name"] for c in context.cookies()}

    page.goto(url)
    expect(page.get_by_role("heading", name="Unlock your letters")).to_be_visible()
    expect(page.get_by_text(marker)).to_have_count(0)
    page.get_by_label(field_label("Your password")).fill(writer.password)
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_text(f"Nobody else should see {marker}")).to_be_visible()
    assert page.url.endswith(url)
