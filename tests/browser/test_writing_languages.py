"""The editor in other languages: words counted as each script has them, and its status line
in the writer's own language."""

import re

import pytest
from playwright.sync_api import Page, expect

from letters.models import Letter, Profile
from tests.browser.conftest import (
    EDITOR_URL,
    BrowserWatch,
    field_label,
    letter_id,
    new_letter,
    save_status,
    type_at_end,
    wait_for_word_count,
)

pytestmark = pytest.mark.browser

# "I think about you every night": no spaces between its words.
JAPANESE = "私は毎晩あなたのことを考えています"
ENGLISH = "I don't know why I'm still writing to you."

# What the browser's own segmenter counts in a text, in the page's language.
SEGMENTED = """text => Array.from(
  new Intl.Segmenter(document.documentElement.lang, { granularity: "word" }).segment(text)
).filter(part => part.isWordLike).length"""


def test_the_editor_counts_the_words_of_a_letter_in_japanese_not_one(page: Page, writer):
    new_letter(page)
    page.get_by_label("Your letter").press_sequentially(JAPANESE)
    expect(save_status(page)).to_be_visible()
    words = page.evaluate(SEGMENTED, JAPANESE)
    assert words > 1
    expect(page.locator("#word-count")).to_have_text(f"{words} words")
    # The server counts runs between spaces: for Japanese, one (models/letter.py: count_words).
    assert Letter.objects.get(id=letter_id(page.url)).word_count == 1

    # A second sentence after a space: its words are added to the first's.
    type_at_end(page.get_by_label("Your letter"), " 今でも会いたい")
    more = page.evaluate(SEGMENTED, f"{JAPANESE} 今でも会いたい")
    assert more > words
    expect(page.locator("#word-count")).to_have_text(f"{more} words")
    wait_for_word_count(page.url, 2)  # saved: two runs between spaces


def test_the_editor_and_the_server_count_an_english_letter_alike(page: Page, writer):
    new_letter(page)
    page.get_by_label("Your letter").press_sequentially(ENGLISH)
    expect(save_status(page)).to_be_visible()
    expect(page.locator("#word-count")).to_have_text("9 words")
    assert page.evaluate(SEGMENTED, ENGLISH) == 9
    wait_for_word_count(page.url, 9)


def test_the_editors_status_line_is_in_spanish_for_a_writer_who_chose_spanish(
    page: Page, writer, browser_watch: BrowserWatch
):
    # The browser asks for English (browser_watch's locale); the account says Spanish.
    Profile.objects.filter(user__username=writer.username).update(language="es")
    page.goto("/letters/new/")
    page.wait_for_url(EDITOR_URL)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    status_line = page.locator("#status-line")
    body = page.get_by_label("Tu carta")
    body.press_sequentially("Te escribo esto sin enviarlo")
    saved = page.get_by_role("status").filter(has_text=re.compile(r"^Guardada a las \d\d:\d\d$"))
    expect(saved).to_be_visible()
    expect(page.locator("#word-count")).to_have_text("5 palabras")

    page.get_by_label("Temporizador").select_option("5")
    expect(page.locator("#timer-display")).to_have_text(re.compile(r"^Quedan (5:00|4:\d\d)$"))
    page.get_by_role("button", name="Concentración").click()
    expect(page.get_by_role("button", name="Salir del modo concentración")).to_be_visible()
    page.get_by_role("button", name="Salir del modo concentración").click()

    browser_watch.context.set_offline(True)
    expect(page.get_by_role("status")).to_have_text(
        "Sin conexión: tus palabras se quedan en esta página y se guardarán cuando vuelva la "
        "conexión. Mantén la página abierta."
    )
    browser_watch.context.set_offline(False)
    expect(page.get_by_role("status")).to_have_text("Conexión recuperada. Todo está guardado.")

    shown = status_line.inner_text()
    english = ["Saved", "Saving", "word", "Offline", "Back online", "left", "Focus", "Timer"]
    assert [words for words in english if words in shown] == []


def test_a_spanish_writer_shreds_a_letter_by_typing_the_spanish_word(page: Page, writer):
    Profile.objects.filter(user__username=writer.username).update(language="es")
    page.goto("/letters/new/")
    page.get_by_label("Tu carta").press_sequentially("Lo que nunca te dije")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Guardada a las \d\d:\d\d$"))
    page.goto(f"/letters/{letter_id(page.url)}/shred/")
    expect(page.get_by_role("heading", name="Destruir esta carta")).to_be_visible()
    page.get_by_label(
        field_label("Para destruir esta carta, escribe la palabra «destruir»")
    ).press_sequentially("destruir")
    page.keyboard.press("Enter")
    expect(page.locator("#shred-stage")).to_have_class(re.compile(r"\bis-shredding\b"))
    expect(page.get_by_role("status").filter(has_text="Destruyendo la carta…")).to_be_attached()
    page.wait_for_url(re.compile(r"/shredded/$"))
    assert not Letter.objects.filter(owner__username=writer.username).exists()
