"""Every page in Spanish, logged out and in, in every state of a letter: none of the English
catalog's messages on it, and axe finds nothing. (The English walk is test_accessibility's.)"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from letters.models import Letter
from tests.browser.conftest import CSP_WATCH, sign_up, start_letter
from tests.browser.test_accessibility import LOGGED_IN, LOGGED_OUT, letter_pages, violations

pytestmark = pytest.mark.browser
CATALOGS = Path(settings.BASE_DIR) / "letters" / "locale" / "es" / "LC_MESSAGES"
# What a letter of this walk says (written in English by test_accessibility's steps): the
# writer's own words, which are never translated.
LETTERS_OWN_WORDS = ("Dear you, a draft with <b>markup</b> in it.", "A sealed letter.", "Not yet.")
# Placeholders and markup inside a message: the words between them are what a page shows.
NOT_WORDS = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]*>|\{\{.*?\}\}")


def english_messages() -> set[str]:
    """Each run of English words the catalogs translate, long enough to be unmistakable: two
    words or more, or one of five letters or more, and not the same in Spanish."""
    english, spanish = set(), set()
    for domain in ("django", "djangojs"):
        for entry in polib.pofile(CATALOGS / f"{domain}.po"):
            for source in filter(None, (entry.msgid, entry.msgid_plural)):
                english |= {" ".join(run.split()) for run in NOT_WORDS.split(source)}
            for translated in (entry.msgstr, *entry.msgstr_plural.values()):
                spanish |= {" ".join(run.split()) for run in NOT_WORDS.split(translated)}
    return {
        run
        for run in english - spanish
        if len(run.split()) >= 2 or (len(run) >= 5 and run.isalpha())
    }


def shown_text(page: Page) -> str:
    """The words a person sees or hears on the page: its text, title and labelling attributes."""
    text = page.evaluate(
        """() => [document.title, document.body.innerText,
            ...[...document.querySelectorAll("[title],[aria-label],[placeholder],[alt],input[type=submit]")]
              .flatMap(e => [e.title, e.ariaLabel, e.placeholder, e.alt, e.value])]
            .filter(Boolean).join("\\n")"""
    )
    for words in LETTERS_OWN_WORDS:
        text = text.replace(words, "")
    return " ".join(text.split())


def english_on(page: Page, messages: set[str]) -> list[str]:
    text = shown_text(page)
    return sorted(
        f"{page.url}: {message!r}"
        for message in messages
        if re.search(rf"(?<!\w){re.escape(message)}(?!\w)", text)
    )


def test_the_messages_checked_are_the_catalogs_english():
    messages = english_messages()
    assert {"I want to text my ex", "Quick exit", "Skip to the main content"} <= messages
    assert "Unsent" not in messages  # the same in both languages


def test_every_page_in_spanish_has_no_english_and_no_accessibility_violation(
    browser: Browser, live_server
):
    messages = english_messages()
    context = browser.new_context(base_url=live_server.url, locale="es-ES")
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    english, found = [], []
    for url in [*LOGGED_OUT, "/help/"]:
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        english += english_on(page, messages)
        found += violations(page)
    # The letters are made in English (the steps are test_accessibility's), then the writer
    # chooses Spanish in the footer.
    english_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    writing = english_context.new_page()
    sign_up(writing)
    urls = letter_pages(writing)
    writing.goto("/desk/")
    archived = start_letter(writing, "Not yet.")
    Letter.objects.get(id=archived.split("/")[-3]).archive()
    urls.append(archived.replace("/edit/", "/"))
    writing.goto("/desk/")  # a page reached by a link has the footer's chooser
    writing.get_by_label("Language").select_option("es")
    writing.get_by_role("button", name="Change").click()
    expect(writing.locator("html")).to_have_attribute("lang", "es")
    for url in [*LOGGED_IN, *urls, "/help/"]:
        writing.goto(url)
        expect(writing.locator("html")).to_have_attribute("lang", "es")
        english += english_on(writing, messages)
        found += violations(writing)
    context.close()
    english_context.close()
    assert english == []
    assert found == []
