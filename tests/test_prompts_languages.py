"""The prompt library in each language: every prompt worded, English where one is missing."""

import datetime
import html
import shutil
import tomllib

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from letters import clock
from letters.guidance import languages, prompts
from tests.conftest import write_letter

# Every language the app offers but the source's must word the whole library.
OTHER_LANGUAGES = sorted({languages.base(code) for code, _name in settings.LANGUAGES} - {"en"})
SOURCE = tomllib.loads(prompts.PROMPTS_FILE.read_text(encoding="utf-8"))
SPANISH = languages.read_words(prompts.PROMPTS_FILE, "es")


def wanted() -> dict[str, set[str]]:
    """Every place of the source a language must word: its fields, named by where they are."""
    places = {f"themes.{t['slug']}": set(prompts.THEME_WORDS) for t in SOURCE["themes"]}
    places |= {f"prompts.{p['slug']}": set(prompts.PROMPT_WORDS) for p in SOURCE["prompts"]}
    return places | {"urge": set(prompts.URGE_WORDS)}


def given(words: dict) -> dict[str, dict]:
    """A language's file, by the same names as wanted()."""
    places = {
        f"{part}.{slug}": entry
        for part in ("themes", "prompts")
        for slug, entry in words.get(part, {}).items()
    }
    return places | ({"urge": words["urge"]} if "urge" in words else {})


def missing(words: dict) -> list[str]:
    """The fields a language's file lacks, or leaves empty, as place.field."""
    found = given(words)
    return sorted(
        f"{place}.{field}"
        for place, fields in wanted().items()
        for field in fields
        if not found.get(place, {}).get(field)
    )


def unknown(words: dict) -> list[str]:
    """What a language's file holds that the source has no place for: a mistyped slug or field."""
    places = wanted()
    extra = [part for part in words if part not in {"themes", "prompts", "urge"}]
    for place, entry in given(words).items():
        if place not in places:
            extra.append(place)
        else:
            extra += sorted(f"{place}.{field}" for field in set(entry) - places[place])
    return extra


def test_spanish_is_among_the_languages_checked():
    assert "es" in OTHER_LANGUAGES


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_language_offered_words_every_theme_prompt_and_line_of_the_urge_page(language):
    path = languages.words_file(prompts.PROMPTS_FILE, language)
    assert path.is_file(), f"{path.name} is missing: every language offered needs its prompts"
    words = languages.read_words(prompts.PROMPTS_FILE, language)
    assert missing(words) == []
    assert unknown(words) == []
    texts = [text for entry in given(words).values() for f, text in entry.items() if f != "steps"]
    assert [text for text in texts if not isinstance(text, str)] == []
    steps = words["urge"]["steps"]
    assert len(steps) == len(SOURCE["urge"]["steps"])
    assert [step for step in steps if not isinstance(step, str) or not step] == []


def test_a_language_without_a_file_lacks_every_field():
    assert len(missing({})) == len(SOURCE["themes"]) * 2 + len(SOURCE["prompts"]) * 2 + 7
    assert languages.read_words(prompts.PROMPTS_FILE, "fr") == {}


def test_a_mistyped_slug_or_field_is_found():
    words = {
        "prompts": {"rejection-where-it-hurt": {"text": "x"}},
        "urge": {"intro": "x", "outro": "x"},
    }
    assert unknown(words) == ["prompts.rejection-where-it-hurt", "urge.outro"]


def test_spanish_has_the_same_prompts_in_the_same_order_with_the_sources_other_fields():
    english = prompts.library()
    with translation.override("es"):
        spanish = prompts.library()
    assert [p.slug for p in spanish.prompts] == [p.slug for p in english.prompts]
    assert [t.slug for t in spanish.themes] == [t.slug for t in english.themes]
    keep = ("slug", "theme", "source", "series", "day", "talk_to")
    assert [[getattr(p, f) for f in keep] for p in spanish.prompts] == [
        [getattr(p, f) for f in keep] for p in english.prompts
    ]
    assert [p.text for p in spanish.prompts if p.text in {e.text for e in english.prompts}] == []


def test_the_library_follows_the_active_language():
    slug = "rejection-where-it-hurts"
    with translation.override("es"):
        assert prompts.get(slug).text == SPANISH["prompts"][slug]["text"]
        assert prompts.library().urge.steps == tuple(SPANISH["urge"]["steps"])
        assert prompts.get(prompts.URGE_SLUG).text == SPANISH["urge"]["letter_prompt"]
    with translation.override("es-mx"):
        assert prompts.get(slug).text == SPANISH["prompts"][slug]["text"]
    english = next(p for p in SOURCE["prompts"] if p["slug"] == slug)
    assert prompts.get(slug).text == english["text"]
    with translation.override("fr"):
        assert prompts.get(slug).text == english["text"]


def test_the_prompt_of_the_day_is_the_same_prompt_in_every_language():
    day, seen = datetime.date(2026, 11, 28), {"urge-ten-minutes"}
    english = [prompts.prompt_of_the_day(n, day, seen).slug for n in range(1, 30)]
    with translation.override("es"):
        assert [prompts.prompt_of_the_day(n, day, seen).slug for n in range(1, 30)] == english


def without(text: str, section: str, field: str = "") -> str:
    """A TOML text without one of its sections, or without one field of that section."""
    blocks = text.split("\n\n")
    at = next(n for n, block in enumerate(blocks) if block.startswith(f"[{section}]\n"))
    if field:
        lines = blocks[at].split("\n")
        blocks[at] = "\n".join(line for line in lines if not line.startswith(f"{field} = "))
    else:
        del blocks[at]
    return "\n\n".join(blocks)


@pytest.fixture
def spanish_lacking(tmp_path, monkeypatch):
    """The library read from a folder whose Spanish file lacks a prompt, and two fields."""
    source = tmp_path / "prompts.toml"
    shutil.copy(prompts.PROMPTS_FILE, source)
    text = languages.words_file(prompts.PROMPTS_FILE, "es").read_text(encoding="utf-8")
    text = without(text, "prompts.rejection-let-it-spill")
    text = without(without(text, "themes.urge", "blurb"), "urge", "pause")
    languages.words_file(source, "es").write_text(text, encoding="utf-8")
    monkeypatch.setattr(prompts, "PROMPTS_FILE", source)


def english(part: str, slug: str) -> dict:
    return next(entry for entry in SOURCE[part] if entry["slug"] == slug)


def test_a_prompt_or_a_field_missing_in_spanish_is_shown_in_english(spanish_lacking):
    with translation.override("es"):
        library = prompts.library()
        spilled, hurt = (
            prompts.get("rejection-let-it-spill"),
            prompts.get("rejection-where-it-hurts"),
        )
    assert (spilled.text, spilled.why) == (
        english("prompts", "rejection-let-it-spill")["text"],
        english("prompts", "rejection-let-it-spill")["why"],
    )
    assert hurt.text == SPANISH["prompts"]["rejection-where-it-hurts"]["text"]
    urge = next(theme for theme in library.themes if theme.slug == "urge")
    assert (urge.name, urge.blurb) == (
        SPANISH["themes"]["urge"]["name"],
        english("themes", "urge")["blurb"],
    )
    assert (library.urge.pause, library.urge.intro) == (
        SOURCE["urge"]["pause"],
        SPANISH["urge"]["intro"],
    )
    assert missing(languages.read_words(prompts.PROMPTS_FILE, "es")) == [
        "prompts.rejection-let-it-spill.text",
        "prompts.rejection-let-it-spill.why",
        "themes.urge.blurb",
        "urge.pause",
    ]


def test_words_of_the_wrong_kind_or_empty_are_shown_in_english(tmp_path, monkeypatch):
    source = tmp_path / "prompts.toml"
    shutil.copy(prompts.PROMPTS_FILE, source)
    languages.words_file(source, "es").write_text(
        '[prompts.rejection-where-it-hurts]\ntext = ""\nwhy = ["a list"]\n'
        '[urge]\nsteps = "one step, not a list"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(prompts, "PROMPTS_FILE", source)
    with translation.override("es"):
        hurt, urge = prompts.get("rejection-where-it-hurts"), prompts.library().urge
    assert (hurt.text, hurt.why) == (
        english("prompts", "rejection-where-it-hurts")["text"],
        english("prompts", "rejection-where-it-hurts")["why"],
    )
    assert urge.steps == tuple(SOURCE["urge"]["steps"])


def shown(text: str) -> str:
    """A text as a page writes it: Django escapes quotes and ampersands."""
    return html.escape(text)


SPANISH_PAGE = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_the_library_page_shows_the_spanish_prompts_in_spanish(alice_client):
    url = reverse("prompts") + "?theme=acceptance"
    page = alice_client.get(url, **SPANISH_PAGE).content.decode()
    slug = "acceptance-two-columns"
    assert shown(SPANISH["prompts"][slug]["text"]) in page
    assert shown(SPANISH["prompts"][slug]["why"]) in page
    assert shown(SPANISH["themes"]["acceptance"]["blurb"]) in page
    assert shown(english("prompts", slug)["text"]) not in page


def test_the_desk_shows_the_prompt_of_the_day_in_spanish(alice_client, alice):
    page = alice_client.get(reverse("desk"), **SPANISH_PAGE).content.decode()
    today = prompts.prompt_of_the_day(alice.user.pk, clock.today(), set())
    assert shown(SPANISH["prompts"][today.slug]["text"]) in page
    assert shown(english("prompts", today.slug)["text"]) not in page


def test_the_urge_page_is_in_spanish(alice_client):
    page = alice_client.get(reverse("urge"), **SPANISH_PAGE).content.decode()
    assert shown(SPANISH["urge"]["intro"]) in page
    assert all(shown(step) in page for step in SPANISH["urge"]["steps"])
    assert shown(SOURCE["urge"]["intro"]) not in page


def test_a_letters_prompt_shows_in_the_language_it_is_read_in(alice_client, alice):
    slug = "urge-ten-minutes"
    letter = write_letter(alice, prompt_slug=slug)
    letter.seal()
    url = reverse("read", args=[letter.id])
    in_spanish = alice_client.get(url, **SPANISH_PAGE).content.decode()
    in_english = alice_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert shown(SPANISH["prompts"][slug]["text"]) in in_spanish
    assert shown(english("prompts", slug)["text"]) not in in_spanish
    assert shown(english("prompts", slug)["text"]) in in_english
    assert shown(SPANISH["prompts"][slug]["text"]) not in in_english
