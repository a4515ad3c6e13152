"""axe-core on every page, logged out and logged in, in the light and the dark: no violations."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from letters import clock
from letters.guidance import prompts
from letters.models import Letter
from tests.browser.conftest import (
    CSP_WATCH,
    EDITOR_URL,
    field_label,
    save_status,
    sign_up,
    start_letter,
)

LOGGED_OUT = ["/", "/login/", "/signup/", "/recover/", "/no-such-page/", "/offline/"]
LOGGED_IN = [
    "/desk/",
    "/archive/",
    "/search/",
    "/prompts/",
    "/urge/",
    "/no-contact/",
    "/looking-back/",
    "/account/",
    "/account/password/",
    "/account/settings/",
    "/account/passkeys/",
    "/account/dear/",
    "/account/delete/",
    "/shredded/",
    "/account/export/",
    "/account/import/",
    "/help/card/",
    "/help/card/edit/",
]
# Pages that run no script: the theme follows the system by CSS, not by the attribute.
NO_SCRIPT = ["/help/"]
PAPER = {"light": "rgb(251, 248, 243)", "dark": "rgb(29, 27, 26)"}
AXE = Axe()


def violations(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def from_desk(page: Page, text: str) -> str:
    page.goto("/desk/")
    return start_letter(page, text)


def letter_pages(page: Page) -> list[str]:
    """A draft, a sealed letter with a prompt, and a time-locked one."""
    draft = from_desk(page, "Dear you, a draft with <b>markup</b> in it.")
    # A prompt and a day of contact are sealed under the writer's key: made as writers make them.
    prompt = prompts.library().everyday[0]
    page.goto(f"/prompts/?theme={prompt.theme}")  # its theme open
    card = page.locator("article").filter(has_text=prompt.text)
    card.get_by_role("button", name="Write to this prompt").click()
    page.wait_for_url(EDITOR_URL)
    page.get_by_label("Your letter").press_sequentially("A sealed letter.")
    expect(save_status(page)).to_be_visible()
    sealed_url = page.url
    Letter.objects.get(id=sealed_url.split("/")[-3]).seal()
    locked_url = from_desk(page, "Not yet.")
    Letter.objects.get(id=locked_url.split("/")[-3]).seal(
        clock.today() + datetime.timedelta(days=5)
    )
    page.goto("/no-contact/")
    contact = clock.today() - datetime.timedelta(days=8)
    page.get_by_label(field_label("The day of your last contact")).fill(contact.isoformat())
    page.get_by_role("button", name="Start counting").click()
    expect(page.get_by_text("Your count has started.")).to_be_visible()
    base = draft.rsplit("/edit/", 1)[0]
    # A letter from weeks ago, so that Looking back draws its charts.
    Letter.objects.filter(id=draft.split("/")[-3]).update(
        created=clock.now() - datetime.timedelta(weeks=4)
    )
    return [
        draft,
        f"{base}/seal/",
        f"{base}/archive/",
        f"{base}/shred/",
        f"{base}/how-now/",
        sealed_url.replace("/edit/", "/"),
        locked_url.replace("/edit/", "/"),
        "/looking-back/",
    ]


def no_script_violations(page: Page, scheme: str) -> list[str]:
    found = []
    for url in NO_SCRIPT:
        page.goto(url)
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == PAPER[scheme]
        found += violations(page)
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_an_accessibility_violation(browser: Browser, live_server, scheme):
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme, locale="en-GB")
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    found = []
    for url in LOGGED_OUT:
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("data-bs-theme", scheme)
        found += violations(page)
    found += no_script_violations(page, scheme)
    sign_up(page)
    for url in LOGGED_IN + letter_pages(page):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("data-bs-theme", scheme)
        found += violations(page)
    found += no_script_violations(page, scheme)
    context.close()
    assert found == []


def test_the_theme_switch_overrides_the_system(browser: Browser, live_server):
    context = browser.new_context(base_url=live_server.url, color_scheme="light")
    page = context.new_page()
    page.goto("/")
    switch = page.get_by_role("button", name="Theme: as my device")
    switch.click()
    expect(page.get_by_role("button", name="Theme: light")).to_be_visible()
    page.get_by_role("button", name="Theme: light").click()
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
    page.goto("/login/")  # the choice is kept for the next page
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
    context.close()


# The theme's colours as a page computes them: its paper, its ink and its links.
INK = {"light": "rgb(45, 42, 38)", "dark": "rgb(235, 230, 221)"}
LINK = {"light": "rgb(93, 74, 107)", "dark": "rgb(205, 182, 221)"}
COLOURS = """[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color,
  getComputedStyle(document.querySelector(".help-link")).color]"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_with_scripts_off_every_page_follows_the_system_theme(
    browser: Browser, live_server, scheme
):
    """No script sets the theme's attribute: on "auto", the stylesheet follows the system.

    axe-core needs scripts, so this checks that the pages take the same palette that the
    test above checks with scripts on.
    """
    with_script = browser.new_context(base_url=live_server.url, color_scheme=scheme, locale="en-GB")
    page = with_script.new_page()
    sign_up(page)
    draft = from_desk(page, "Dear you, read with scripts off.")
    logged_in = with_script.storage_state()
    with_script.close()
    for state in (None, logged_in):
        context = browser.new_context(
            base_url=live_server.url,
            color_scheme=scheme,
            java_script_enabled=False,
            locale="en-GB",
            storage_state=state,
        )
        page = context.new_page()
        for url in LOGGED_OUT if state is None else [*LOGGED_IN, draft]:
            page.goto(url)
            expect(page.locator("html")).to_have_attribute("data-theme-choice", "auto")
            assert page.evaluate(COLOURS) == [PAPER[scheme], INK[scheme], LINK[scheme]], url
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_unchecked_box_has_an_edge_in_the_muted_ink(page: Page, writer, scheme: str):
    """A control's edge needs 3:1 against the page; Bootstrap's faint line was under 2:1 in
    the dark. The muted ink is held to text contrast, more than that."""
    page.emulate_media(color_scheme=scheme)
    page.goto("/account/settings/")
    box = page.locator("input[type=checkbox]:not(:checked)").first
    edge, muted = box.evaluate(
        """e => [getComputedStyle(e).borderTopColor,
                 getComputedStyle(document.documentElement).getPropertyValue('--unsent-muted')]"""
    )
    r, g, b = (int(muted.strip()[i : i + 2], 16) for i in (1, 3, 5))
    assert edge == f"rgb({r}, {g}, {b})"
