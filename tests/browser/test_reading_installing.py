"""Reading and installing: Looking back on a phone, Unsent on the home screen (a service worker
that keeps no letter), the editor when the connection drops, and a letter on paper."""

import datetime
import re

import pytest
from django.templatetags.static import static
from django.utils import timezone
from playwright.sync_api import Page, expect

from letters import clock
from letters.models import CheckIn, Feeling, Letter, Shred, UrgeMoment
from letters.views import installing
from tests.browser.conftest import (
    Account,
    BrowserWatch,
    letter_id,
    log_in,
    new_letter,
    reading_url,
    save_status,
    start_letter,
    type_at_end,
    wait_for_word_count,
)
from tests.conftest import Writer, make_writer, record_contact, write_letter

pytestmark = pytest.mark.browser

PHONE = 390
OFFLINE = re.compile(r"^Offline: your words are kept on this page")

# Every element's text as drawn, with its size on screen: an SVG's text is scaled by its
# drawing, so its size is its font size times that scale. Hidden text (display: none, or the
# 1-pixel clip of .visually-hidden, kept for screen readers) is not drawn and not counted.
DRAWN_TEXT = """
(root) => {
  const sizes = [];
  for (const el of root.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest(".visually-hidden") || !el.getClientRects().length) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    const scale = el instanceof SVGElement ? el.getScreenCTM().a : 1;
    sizes.push({ text: el.textContent.trim(), px: Math.round(px * scale * 10) / 10 });
  }
  return sizes;
}
"""
# Each number drawn after its bar, and whether it lies whole inside its drawing.
NUMBERS_ON_BARS = """
() => [...document.querySelectorAll(".chart-bar")].map((svg) => {
  const text = svg.querySelector("text").getBoundingClientRect();
  const bar = svg.querySelector("rect").getBoundingClientRect();
  const box = svg.getBoundingClientRect();
  return {
    number: svg.querySelector("text").textContent,
    after: text.left >= bar.right,
    inside: text.left >= box.left && text.right <= box.right + 0.5,
  };
})
"""
CACHE_STORAGE = """
async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      kept.push({ url: request.url, text: await response.text() });
    }
  }
  return kept;
}
"""


def half_a_year(writer: Writer) -> None:
    """Six months of a writer's weeks, with the widest numbers each chart can hold: 26 weeks of
    letters, feelings of 10 before and 6.5 after, 12 urges and 12 shreds in a week, and 200
    days without contact."""
    now = clock.now()
    for weeks_ago in range(26):
        at = now - datetime.timedelta(weeks=weeks_ago)
        for after in (6, 7) if weeks_ago == 0 else (7,):
            letter = write_letter(writer)
            CheckIn.record(letter, writer.user_key, CheckIn.Moment.BEFORE, Feeling((), 10))
            CheckIn.record(letter, writer.user_key, CheckIn.Moment.AFTER, Feeling((), after))
            Letter.objects.filter(id=letter.id).update(created=at)
            CheckIn.objects.filter(letter=letter).update(at=timezone.localdate(at))
    UrgeMoment.objects.bulk_create(
        UrgeMoment(owner=writer.user, at=clock.today()) for _ in range(12)
    )
    Shred.objects.bulk_create(
        Shred(owner=writer.user, shredded_on=clock.today()) for _ in range(12)
    )
    record_contact(writer, clock.today() - datetime.timedelta(days=200))


@pytest.mark.viewport(PHONE, 844)
def test_looking_back_fits_a_phone_with_readable_labels_and_numbers_on_its_bars(page: Page):
    writer = make_writer("halfyear")
    half_a_year(writer)
    log_in(page, Account("halfyear", writer.password, writer.recovery_code))
    page.goto("/looking-back/")
    expect(page.get_by_role("heading", name="Letters written each week")).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    sizes = page.locator("main").evaluate(DRAWN_TEXT)
    assert {"text": "10", "px": 13} in sizes  # the numbers drawn on the bars are counted
    small = [s for s in sizes if s["px"] < 12]
    assert small == [], f"text under 12 px: {small[:5]}"

    numbers = page.evaluate(NUMBERS_ON_BARS)
    assert len(numbers) == 26 * 7  # 26 weeks; a bar each in three charts, two in two
    assert all(n["after"] and n["inside"] for n in numbers), [
        n for n in numbers if not (n["after"] and n["inside"])
    ]
    # Feelings on their own 0-to-10 scale; letters, urges and shreds on one shared scale.
    feelings = page.get_by_role("table", name=re.compile("How strong the feelings were"))
    this_week = feelings.get_by_role("row").last
    drawn = this_week.locator("svg text").evaluate_all("els => els.map(el => el.textContent)")
    assert drawn == ["10", "6.5"]
    widths = this_week.locator("rect").evaluate_all(
        "els => els.map(el => el.getAttribute('width'))"
    )
    assert widths == ["75.0%", "48.8%"]
    urges = page.get_by_role("table", name="Urges to reach out each week")
    decided = page.get_by_role("table", name="Letters sealed and shredded")
    assert urges.locator("rect").last.get_attribute("width") == "75.0%"  # 12 of 12
    assert decided.locator("rect").last.get_attribute("width") == "75.0%"  # 12 of 12
    letters = page.get_by_role("table", name="Letters written each week")
    assert letters.locator("rect").last.get_attribute("width") == "12.5%"  # 2 of 12
    # Drawn, too: 12 urges and 12 shreds are bars of one length, 2 letters a sixth of it.
    urged, shredded, written = (
        table.locator("rect").last.bounding_box()["width"] for table in (urges, decided, letters)
    )
    assert urged == shredded > 100
    assert written == pytest.approx(urged / 6, abs=0.5)


def cache_storage(page: Page) -> list[dict]:
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    return page.evaluate(CACHE_STORAGE)


def test_the_service_worker_keeps_the_apps_files_and_never_a_letter(
    page: Page, writer, live_server, marker: str
):
    url = start_letter(page, f"Nobody reads this {marker} but me")
    page.get_by_label("Title (only you will see it)").fill(f"Title {marker}")
    expect(save_status(page)).to_be_visible()
    for path in (reading_url(url), "/desk/", "/search/", url):
        page.goto(path)
    expect(page.get_by_label("Your letter")).to_have_value(f"Nobody reads this {marker} but me")
    kept = cache_storage(page)
    expected = [live_server.url + static(name) for name in installing.STATIC_FILES]
    pages = [f"{live_server.url}/offline/", f"{live_server.url}/exit/"]
    assert sorted(k["url"] for k in kept) == sorted([*expected, *pages])
    assert [k["url"] for k in kept if marker in k["text"]] == []
    offline_page = next(k["text"] for k in kept if k["url"].endswith("/offline/"))
    assert "No connection just now" in offline_page and "<form" not in offline_page
    recipe = next(k["text"] for k in kept if k["url"].endswith("/exit/"))
    assert "Simple lentil soup" in recipe and "Unsent" not in recipe


def test_unsent_is_ready_to_add_to_the_home_screen(page: Page, writer, browser_watch):
    manifest_url = page.locator('link[rel="manifest"]').evaluate("link => link.href")
    manifest = page.evaluate("url => fetch(url).then(r => r.json())", manifest_url)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        kind = page.evaluate(
            "url => fetch(url).then(r => r.ok && r.headers.get('Content-Type'))", icon["src"]
        )
        assert kind == icon["type"], icon
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == page.url.split("/desk/")[0] + "/"
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller.state") == "activated"
    # Chromium's own checks for installing a web app ("Add to home screen", "Install app"): the
    # manifest, its icons, the service worker. A test's browser context is a private window,
    # where Chromium installs nothing; that is the one thing it may say.
    cdp = browser_watch.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors] == ["in-incognito"]


def answered_by_the_service_worker(page: Page) -> None:
    """Wait until the service worker is ready, then reload so that it answers for this page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()


def test_with_no_connection_a_page_is_the_offline_page_and_nothing_of_the_writers(
    page: Page, writer, browser_watch: BrowserWatch, marker: str
):
    start_letter(page, f"Words {marker} kept on the server")
    page.goto("/desk/")
    answered_by_the_service_worker(page)
    browser_watch.context.set_offline(True)
    page.goto("/desk/")
    expect(page.get_by_role("heading", name="No connection just now")).to_be_visible()
    expect(page.get_by_text(marker)).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    browser_watch.context.set_offline(False)
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()


def test_a_quick_exit_with_no_connection_shows_the_recipe_and_locks_once_back(
    page: Page, writer, browser_watch: BrowserWatch, marker: str
):
    start_letter(page, f"Words {marker} saved before")
    page.goto("/desk/")
    answered_by_the_service_worker(page)
    browser_watch.context.set_offline(True)
    page.get_by_role("link", name="Quick exit").click()
    expect(page.get_by_role("heading", name="Simple lentil soup")).to_be_visible()
    assert page.title() == "Simple lentil soup"
    # Back, still with no connection: the letter's page is the recipe too, not "No connection".
    page.go_back()
    expect(page.get_by_role("heading", name="Simple lentil soup")).to_be_visible()
    assert "Unsent" not in page.content() and marker not in page.content()

    # Once the connection is back, the keys lock before any page: the desk is the recipe, and
    # Unsent's own address asks for the password.
    browser_watch.context.set_offline(False)
    page.goto("/desk/")
    expect(page.get_by_role("heading", name="Simple lentil soup")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="Unlock your letters")).to_be_visible()


def test_the_editors_quick_exit_with_no_connection_shows_the_recipe(
    page: Page, writer, browser_watch: BrowserWatch, marker: str
):
    url = start_letter(page, f"Saved {marker}")
    answered_by_the_service_worker(page)
    browser_watch.context.set_offline(True)
    type_at_end(page.get_by_label("Your letter"), " and typed with no connection")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", name="Simple lentil soup")).to_be_visible()
    assert "Unsent" not in page.content() and marker not in page.content()
    browser_watch.context.set_offline(False)
    page.goto("/")
    expect(page.get_by_role("heading", name="Unlock your letters")).to_be_visible()
    # The words typed with no connection could not leave the phone, and are kept nowhere on it.
    assert Letter.objects.get(id=letter_id(url)).word_count == 2


def test_the_editor_keeps_the_words_when_the_connection_drops_and_saves_them_when_back(
    page: Page, writer, browser_watch: BrowserWatch, marker: str
):
    url = start_letter(page, f"Before the tunnel {marker}")
    body = page.get_by_label("Your letter")
    browser_watch.context.set_offline(True)
    status = page.get_by_role("status").filter(has_text=OFFLINE)
    expect(status).to_be_visible()
    type_at_end(body, " and in the tunnel")
    expect(page.get_by_text("8 words", exact=True)).to_be_visible()
    expect(status).to_be_visible()
    assert Letter.objects.get(id=letter_id(url)).word_count == 4
    expect(body).to_have_value(f"Before the tunnel {marker} and in the tunnel")

    browser_watch.context.set_offline(False)
    expect(save_status(page)).to_be_visible()
    wait_for_word_count(url, 8)
    page.reload()
    expect(body).to_have_value(f"Before the tunnel {marker} and in the tunnel")


def test_printing_a_letter_prints_only_the_letter(page: Page, writer, marker: str):
    new_letter(page)
    page.get_by_label("Dear", exact=True).fill("Jamie")
    page.get_by_label("Title (only you will see it)").fill("The ticket")
    page.get_by_label("Your letter").press_sequentially(
        f"I kept the ticket {marker}.\nI'm letting it go."
    )
    expect(save_status(page)).to_be_visible()  # the first save made the letter: its address
    url = page.url
    wait_for_word_count(url, 9)  # the one save, with the title and the name
    Letter.objects.get(id=letter_id(url)).seal()
    page.goto(reading_url(url))
    expect(page.get_by_role("link", name="Shred…")).to_be_visible()
    on_screen = page.locator("body").inner_text()
    assert "Quick exit" in on_screen and "Desk" in on_screen

    page.emulate_media(media="print")
    lines = [line.strip() for line in page.locator("body").inner_text().splitlines()]
    lines = [line for line in lines if line]
    assert re.fullmatch(r"Written \w+day \d{1,2} \w+ \d{4}, sealed \d{1,2} \w+ \d{4}", lines[0])
    assert lines[1:] == [
        "The ticket",
        "Dear Jamie,",
        f"I kept the ticket {marker}.",
        "I'm letting it go.",
    ]
    # On paper the day comes last, under the words, where a letter signs off.
    body = page.locator(".letter-body").bounding_box()
    assert page.locator(".letter-meta").bounding_box()["y"] > body["y"] + body["height"]
    drawn = page.locator("a, button, input, textarea, form, nav").evaluate_all(
        "els => els.filter(el => el.getClientRects().length).map(el => el.outerHTML)"
    )
    assert drawn == []
