"""Passkeys in Chromium, with the DevTools protocol's virtual authenticator standing in for a
phone's fingerprint reader: add one, log in and unlock with it, and see it refused."""

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page, expect

from letters.forms.passkeys import DID_NOT_OPEN, NO_PRF
from letters.http.middleware import SEEN_AT
from letters.models import Passkey
from tests.browser.conftest import (
    Account,
    BrowserWatch,
    field_label,
    reading_url,
    start_letter,
)

pytestmark = pytest.mark.browser

# Some authenticators say only that they can answer the PRF question when a passkey is made,
# and answer it at the first login. This page script makes Chromium's behave so.
PRF_ONLY_ENABLED_AT_CREATION = """
const create = navigator.credentials.create.bind(navigator.credentials);
navigator.credentials.create = async (options) => {
  const credential = await create(options);
  const results = credential.getClientExtensionResults.bind(credential);
  credential.getClientExtensionResults = () => {
    const found = results();
    if (found.prf) found.prf = { enabled: found.prf.enabled };
    return found;
  };
  return credential;
};
"""


@pytest.fixture(autouse=True)
def relying_party(live_server, settings):
    """The passkeys belong to the live server's address."""
    settings.WEBAUTHN_RP_ID = "localhost"
    settings.WEBAUTHN_ORIGIN = live_server.url


def authenticator(page: Page, prf: bool = True) -> str:
    """A platform authenticator in this page's browser that verifies its user every time."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "ctap2Version": "ctap2_1",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "hasPrf": prf,
        "automaticPresenceSimulation": True,
    }
    return cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]


def add_passkey(page: Page, account: Account, name: str = "my phone") -> None:
    page.goto("/account/")
    page.get_by_role("link", name="Passkeys", exact=True).click()
    expect(page.get_by_role("heading", name="Your passkeys")).to_be_visible()
    page.get_by_label(field_label("Your password")).fill(account.password)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Add a passkey")).to_be_visible()
    page.get_by_label(field_label("A name for it")).fill(name)
    page.get_by_role("button", name="Create the passkey").click()
    # Added or refused, the answer is the passkeys page again.
    expect(page.get_by_role("heading", name="Your passkeys")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You're logged out")).to_be_visible()


def use_passkey_to_log_in(page: Page) -> None:
    page.goto("/login/")
    page.get_by_role("button", name="Use a passkey").click()


def test_add_a_passkey_log_in_with_it_without_a_username_and_read(
    page: Page, writer: Account, marker: str
):
    authenticator(page)
    url = reading_url(start_letter(page, f"Words for {marker}"))
    add_passkey(page, writer, name="my phone")
    expect(page.get_by_text("Your passkey is added.")).to_be_visible()
    expect(page.get_by_role("heading", name="my phone")).to_be_visible()

    log_out(page)
    use_passkey_to_log_in(page)
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    page.goto(url)
    expect(page.get_by_text(f"Words for {marker}")).to_be_visible()
    assert Passkey.objects.get().sign_count > 0


def test_letters_lock_after_the_chosen_minutes_and_a_passkey_opens_them_again(
    page: Page, writer: Account, marker: str
):
    authenticator(page)
    add_passkey(page, writer)
    page.goto("/account/settings/")
    page.get_by_label(field_label("Lock my letters sooner")).select_option("After 5 minutes away")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.goto("/desk/")
    url = reading_url(start_letter(page, f"Back to {marker}"))

    # Six minutes away, as the server sees it.
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[SEEN_AT] -= 6 * 60
    session.save()

    page.goto(url)
    expect(page.get_by_role("heading", name="Unlock your letters")).to_be_visible()
    expect(page.get_by_text(marker)).to_have_count(0)
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_text(f"Back to {marker}")).to_be_visible()
    assert page.url.endswith(url)


def test_an_authenticator_without_prf_is_refused_and_nothing_is_kept(
    page: Page, writer: Account, browser_watch: BrowserWatch
):
    browser_watch.expect_error("status of 400")
    authenticator(page, prf=False)
    add_passkey(page, writer)
    expect(page.get_by_role("alert")).to_have_text(NO_PRF)
    expect(page.get_by_text("You have no passkeys.")).to_be_visible()
    assert Passkey.objects.count() == 0


def test_a_passkey_that_answers_the_prf_only_at_login_is_added(
    page: Page, writer: Account, browser_watch: BrowserWatch
):
    browser_watch.context.add_init_script(PRF_ONLY_ENABLED_AT_CREATION)
    authenticator(page)
    add_passkey(page, writer)
    expect(page.get_by_text("Your passkey is added.")).to_be_visible()
    log_out(page)
    use_passkey_to_log_in(page)
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()


def test_a_removed_passkey_no_longer_logs_in(
    page: Page, writer: Account, browser_watch: BrowserWatch
):
    browser_watch.expect_error("status of 400")
    authenticator(page)
    add_passkey(page, writer, name="old phone")
    page.get_by_text("Remove old phone…").click()
    page.get_by_role("button", name="Yes, remove old phone").click()
    expect(page.get_by_text("That passkey is removed.")).to_be_visible()
    assert Passkey.objects.count() == 0

    log_out(page)
    use_passkey_to_log_in(page)  # the authenticator still holds it; Unsent no longer does
    expect(page.get_by_role("alert")).to_have_text(DID_NOT_OPEN)
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()


def test_a_password_change_and_a_recovery_leave_the_passkey_working(page: Page, writer: Account):
    authenticator(page)
    add_passkey(page, writer)
    new_password = "harbour-lights-in-the-rain"
    page.goto("/account/password/")
    page.get_by_label(field_label("Your current password")).fill(writer.password)
    page.get_by_label(field_label("New password")).fill(new_password)
    page.get_by_label(field_label("New password again")).fill(new_password)
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
    log_out(page)
    use_passkey_to_log_in(page)
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()

    log_out(page)
    page.goto("/recover/")
    page.get_by_label(field_label("Your username")).fill(writer.username)
    page.get_by_label(field_label("Your recovery code")).fill(writer.recovery_code)
    page.get_by_label(field_label("New password")).fill(new_password + "-again")
    page.get_by_label(field_label("New password again")).fill(new_password + "-again")
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_role("heading", name="Your recovery code")).to_be_visible()
    page.get_by_label(re.compile(r"^\s*I have written my recovery code down")).check()
    page.get_by_role("button", name="Continue to my desk").click()
    log_out(page)
    use_passkey_to_log_in(page)
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
