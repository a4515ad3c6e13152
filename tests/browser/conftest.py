"""Real-browser tests: Debian's Chromium, driven by Playwright, against the live server.

Every test gets a fresh browser context (no cookies, no storage) and fails if any page in it
logged a console error, threw an uncaught exception or hit the Content Security Policy, unless
the test said that error was expected. A test that types a `marker` into a letter also fails
if that marker turns up in a URL, a cookie, localStorage or sessionStorage.
"""

from __future__ import annotations

import os
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from letters.models import Letter

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 860}
PASSWORD = "lantern-over-the-harbour"
TIMEOUT_MS = 10_000

# Reported by every page to the console, so that the console watch below sees it.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + event.blockedURI);
});
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last: the quick tests report first, and Playwright's event loop
    (alive from the first browser test to the end of the session) never runs under them."""
    here = Path(__file__).parent
    items.sort(key=lambda item: here in Path(item.path).parents)


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, serving static files as production does: WhiteNoise, from
    collectstatic's output (bin/test runs collectstatic first). pytest-django's default handler
    looks files up by their source names, so the hashed names in the pages would all be 404s.
    """
    if not (Path(django_settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = lambda app: app  # the app's WhiteNoise middleware serves
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: apt-get install chromium", pytrace=False)
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class BrowserWatch:
    """One browser context and everything worth checking about what happened in it."""

    context: BrowserContext
    errors: list[str] = field(default_factory=list)
    expected: list[re.Pattern] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.context.on("page", self._watch_page)
        self.context.on("request", lambda request: self.urls.append(request.url))

    def _watch_page(self, page: Page) -> None:
        def on_console(message: object) -> None:
            if message.type == "error":
                self.errors.append(f"{message.text} (on {page.url})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught {error} (on {page.url})"))

    def new_page(self) -> Page:
        return self.context.new_page()

    def expect_error(self, pattern: str) -> None:
        """A console error this test causes on purpose, such as a 404 page's status."""
        self.expected.append(re.compile(pattern))

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.expected)]

    def leaks(self) -> list[str]:
        """Where a marker typed into a letter shows up outside the page and the server."""
        if not self.markers:
            return []
        places = []  # (where, what it holds)
        state = self.context.storage_state()
        for origin in state["origins"]:
            for item in origin["localStorage"]:
                places += [(f"localStorage of {origin['origin']}", item["name"] + item["value"])]
        for cookie in state["cookies"]:
            places += [(f"cookie {cookie['name']}", cookie["value"])]
        for page in self.context.pages:
            if page.url.startswith("http"):
                session = page.evaluate("JSON.stringify(Object.entries(sessionStorage))")
                places += [(f"sessionStorage of {page.url}", session)]
        places += [(f"URL {url}", url) for url in self.urls]
        return [where for where, held in places if any(m in held for m in self.markers)]


@pytest.fixture
def browser_watch(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest):
    """A fresh context per test; `@pytest.mark.viewport(width, height)` to change its size,
    `@pytest.mark.service_workers("block")` for a browser that runs no service worker."""
    size = request.node.get_closest_marker("viewport")
    viewport = {"width": size.args[0], "height": size.args[1]} if size else VIEWPORT
    workers = request.node.get_closest_marker("service_workers")
    context = browser.new_context(
        base_url=live_server.url,
        viewport=viewport,
        locale="en-GB",
        timezone_id="UTC",
        service_workers=workers.args[0] if workers else "allow",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_WATCH)
    watch = BrowserWatch(context)
    yield watch
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail a browser test that passed if its pages logged errors or leaked its marker."""
    result = yield
    watch = getattr(item, "funcargs", {}).get("browser_watch")
    if watch is not None:
        errors = watch.unexpected_errors()
        assert not errors, "The browser reported errors:\n" + "\n".join(errors)
        leaks = watch.leaks()
        assert not leaks, "Letter text left the page:\n" + "\n".join(leaks)
    return result


@pytest.fixture
def page(browser_watch: BrowserWatch) -> Page:
    return browser_watch.new_page()


@pytest.fixture
def marker(browser_watch: BrowserWatch) -> str:
    """A word to type into a letter that must never leave it (see BrowserWatch.leaks)."""
    word = "zephyr" + secrets.token_hex(5)
    browser_watch.markers.append(word)
    return word


def field_label(text: str) -> re.Pattern:
    """A form field's label as crispy-forms renders it, with or without the required star."""
    return re.compile(r"^\s*" + re.escape(text) + r"\s*\*?\s*$")


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    recovery_code: str


def sign_up(
    page: Page,
    username: str | None = None,
    password: str = PASSWORD,
    check: Callable[[Page], None] = lambda page: None,
) -> Account:
    """Sign up through the pages, confirm the recovery code, and land on the desk.

    `check` is called on each of the pages on the way (the sign-up and the recovery code).
    """
    username = username or "writer" + secrets.token_hex(4)
    page.goto("/signup/")
    check(page)
    page.get_by_label(field_label("Username")).fill(username)
    page.get_by_label(field_label("Password")).fill(password)
    page.get_by_label(field_label("Password again")).fill(password)
    page.get_by_label(re.compile(r"^\s*I understand:")).check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Your recovery code")).to_be_visible()
    check(page)
    code = page.locator("#recovery-code").inner_text().strip()
    page.get_by_label(re.compile(r"^\s*I have written my recovery code down")).check()
    page.get_by_role("button", name="Continue to my desk").click()
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    return Account(username, password, code)


def log_in(page: Page, account: Account) -> None:
    page.goto("/login/")
    page.get_by_label(field_label("Username")).fill(account.username)
    page.get_by_label(field_label("Password")).fill(account.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()


@pytest.fixture
def writer(page: Page) -> Account:
    """A writer signed up through the pages, on their desk in `page`."""
    return sign_up(page)


SAVED = re.compile(r"^Saved \d\d:\d\d$")


def save_status(page: Page) -> Locator:
    """The editor's save status once it says a save went through."""
    return page.get_by_role("status").filter(has_text=SAVED)


# A new letter's editor is at /letters/new/ until its first save makes the letter.
EDITOR_URL = re.compile(r"/letters/(new|[0-9a-f-]{36}/edit)/$")


def new_letter(page: Page) -> None:
    """From the desk, open a new letter, and wait for the editor's script to be running."""
    page.get_by_role("button", name="Write a new letter").click()
    page.wait_for_url(EDITOR_URL)  # and for the page's load event: scripts have run


def decide(page: Page, choice: str) -> None:
    """In the editor, open "Decide…" and follow one of its links (Seal…, Archive…, Shred…)."""
    page.get_by_text("Decide…", exact=True).click()
    page.get_by_role("link", name=choice).click()


def start_letter(page: Page, text: str) -> str:
    """From the desk, write a new letter holding `text`; wait for it to save; return its URL."""
    new_letter(page)
    page.get_by_label("Your letter").press_sequentially(text)
    expect(save_status(page)).to_be_visible()
    return page.url


def letter_id(url: str) -> uuid.UUID:
    """The letter's id from its editor or reading URL."""
    return uuid.UUID(re.search(r"/letters/([0-9a-f-]{36})/", url).group(1))


def reading_url(url: str) -> str:
    return f"/letters/{letter_id(url)}/"


def page_is_wider_than_window(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def type_at_end(field: Locator, text: str) -> None:
    """Type at the end of a text field, as a person clicking into it and pressing Ctrl+End."""
    field.click()
    field.press("Control+End")
    field.press_sequentially(text)


def wait_for_word_count(letter_url: str, words: int, timeout: float = 5.0) -> None:
    """Wait until the server has saved a letter of `words` words (a count kept in clear)."""
    deadline = time.monotonic() + timeout
    letter = Letter.objects.get(id=letter_id(letter_url))
    while letter.word_count != words and time.monotonic() < deadline:
        time.sleep(0.05)
        letter.refresh_from_db(fields=["word_count"])
    assert letter.word_count == words
