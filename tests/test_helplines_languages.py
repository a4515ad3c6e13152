"""The help page's lines in each language: by country still, with their words in the page's."""

import html
import re
import shutil

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from letters.guidance import helplines, languages
from letters.models import Profile

OTHER_LANGUAGES = sorted({languages.base(code) for code, _name in settings.LANGUAGES} - {"en"})
OURS = helplines.read(helplines.HELPLINES_FILE)
SPANISH = languages.read_words(helplines.HELPLINES_FILE, "es")["countries"]
EVERY_HOUR = "a cualquier hora, de día o de noche"


def missing(words: dict) -> list[str]:
    """What a language leaves in English: a country's name, a line's hours or note.

    A line's name is worded only where it says what the line is; a service's own name
    (Samaritans, Shout) stays as it is in every language.
    """
    gaps = []
    for code, country in OURS.items():
        worded = words.get(code, {})
        gaps += [] if worded.get("name") else [f"{code} name"]
        for line in country.lines:
            said = worded.get("lines", {}).get(line.name, {})
            gaps += [
                f"{code} {line.name} {field}"
                for field in ("hours", "note")
                if getattr(line, field) and not said.get(field)
            ]
    return gaps


def unknown(words: dict) -> list[str]:
    """What a language's file holds that ours has no place for: a mistyped code, line or field."""
    extra = []
    for code, worded in words.items():
        if code not in OURS:
            extra.append(code)
            continue
        extra += [f"{code} {field}" for field in sorted(set(worded) - {"name", "lines"})]
        names = {line.name: line for line in OURS[code].lines}
        for name, fields in worded.get("lines", {}).items():
            if name not in names:
                extra.append(f"{code} {name}")
                continue
            said = {f for f in helplines.LINE_WORDS if getattr(names[name], f)}
            extra += [f"{code} {name} {field}" for field in sorted(set(fields) - said)]
    return extra


def test_spanish_is_among_the_languages_checked():
    assert "es" in OTHER_LANGUAGES


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_language_offered_words_every_country_and_the_hours_and_notes_of_its_lines(
    language,
):
    path = languages.words_file(helplines.HELPLINES_FILE, language)
    assert path.is_file(), f"{path.name} is missing: every language offered words the help page"
    words = languages.read_words(helplines.HELPLINES_FILE, language)
    assert set(words) == {"countries"}
    assert missing(words["countries"]) == []
    assert unknown(words["countries"]) == []


def test_a_language_without_a_file_lacks_every_name_hours_and_note():
    gaps = missing({})
    assert "ES name" in gaps and "GB Samaritans hours" in gaps and "US name" in gaps
    assert "GB Samaritans note" not in gaps  # ours says nothing there to word
    assert languages.read_words(helplines.HELPLINES_FILE, "fr") == {}


def test_a_mistyped_country_line_or_field_is_found():
    words = {
        "XX": {"name": "Nowhere"},
        "GB": {"flag": "x", "lines": {"Samaritan": {}, "Shout": {"note": "x", "hours": "x"}}},
    }
    assert unknown(words) == ["XX", "GB flag", "GB Samaritan", "GB Shout note"]


def in_spanish() -> dict[str, helplines.Country]:
    with translation.override("es"):
        return {country.code: country for country in helplines.countries()}


def test_in_spanish_the_countries_and_their_lines_read_in_spanish():
    spain, britain = in_spanish()["ES"], in_spanish()["GB"]
    assert (spain.name, britain.name) == ("España", "Reino Unido")
    (line,) = spain.lines
    assert (line.name, line.hours, line.note) == (
        "024, línea de atención a la conducta suicida",
        EVERY_HOUR,
        "En español, gratuita.",
    )
    assert [line.name for line in britain.lines] == ["Samaritans", "Shout"]
    assert {line.hours for line in britain.lines} == {EVERY_HOUR}


def test_in_spanish_the_numbers_the_word_to_text_and_the_day_checked_stay_as_they_are():
    def kept(country: helplines.Country) -> list[tuple]:
        return [(line.call, line.text, line.text_word, line.checked) for line in country.lines]

    for code, country in in_spanish().items():
        assert country.emergency == OURS[code].emergency
        assert kept(country) == kept(OURS[code])
    assert [line.text_word for line in in_spanish()["GB"].lines] == ["", "SHOUT"]


def test_the_lines_stay_by_country_in_every_language():
    assert sorted(in_spanish()) == sorted(OURS)
    assert [len(c.lines) for c in in_spanish().values()] == [
        len(OURS[code].lines) for code in in_spanish()
    ]


def test_in_spanish_the_countries_are_in_the_order_of_their_spanish_names():
    with translation.override("es"):
        listed = [country.name for country in helplines.countries(first="GB")]
    assert listed == [
        "Reino Unido",
        "Alemania",
        "Australia",
        "Canadá",
        "España",
        "Estados Unidos",
        "Francia",
        "India",
        "Irlanda",
        "Nueva Zelanda",
    ]


@pytest.fixture
def spanish_lacking(tmp_path, monkeypatch):
    """Our lines read from a folder whose Spanish file lacks France's name and Spain's note."""
    ours = tmp_path / "helplines.toml"
    shutil.copy(helplines.HELPLINES_FILE, ours)
    text = languages.words_file(helplines.HELPLINES_FILE, "es").read_text(encoding="utf-8")
    text = text.replace('name = "Francia"\n', "").replace('note = "En español, gratuita."\n', "")
    languages.words_file(ours, "es").write_text(text, encoding="utf-8")
    monkeypatch.setattr(helplines, "HELPLINES_FILE", ours)


def test_a_name_or_field_missing_in_spanish_is_shown_in_english(spanish_lacking):
    france, spain = in_spanish()["FR"], in_spanish()["ES"]
    assert france.name == "France"
    assert france.lines[0].note == "En francés, gratuita."
    assert (spain.name, spain.lines[0].hours) == ("España", EVERY_HOUR)
    assert spain.lines[0].note == "In Spanish, free of charge."


OPERATOR_FILE = """
[[countries]]
code = "GB"
name = "Britain"

[[countries.lines]]
name = "Samaritans"
call = "116 999"
hours = "evenings"
checked = 2026-10-01

[[countries]]
code = "ES"

[[countries]]
code = "PT"
name = "Portugal"
emergency = ["112"]

[[countries.lines]]
name = "SOS Voz Amiga"
call = "213 544 545"
hours = "every afternoon"
checked = 2026-10-03
"""


@pytest.fixture
def operator_file(tmp_path, settings):
    path = tmp_path / "mine.toml"
    path.write_text(OPERATOR_FILE, encoding="utf-8")
    settings.UNSENT_HELPLINES_FILE = str(path)


def test_the_operators_words_stay_as_the_operator_wrote_them(operator_file):
    listed = in_spanish()
    britain, spain, portugal = listed["GB"], listed["ES"], listed["PT"]
    assert britain.name == "Britain"
    samaritans, shout = britain.lines
    assert (samaritans.call, samaritans.hours) == ("116 999", "evenings")
    assert (shout.name, shout.hours) == ("Shout", EVERY_HOUR)
    assert (spain.name, spain.lines[0].note) == ("España", "En español, gratuita.")
    assert (portugal.name, portugal.lines[0].hours) == ("Portugal", "every afternoon")


def country_headings(page: str) -> list[str]:
    return re.findall(r'<h3 id="country-([A-Z]{2})"', page)


def test_the_help_page_in_spanish_words_the_lines_in_spanish(client, db):
    page = html.unescape(client.get(reverse("help"), HTTP_ACCEPT_LANGUAGE="es").content.decode())
    assert country_headings(page)[:3] == ["DE", "AU", "CA"]
    assert '<h3 id="country-ES" class="h5">España</h3>' in page
    assert "024, línea de atención a la conducta suicida" in page
    assert "A cualquier hora, de día o de noche." in page
    assert "Any time, day or night." not in page


def test_a_writer_reading_in_spanish_in_the_uk_sees_the_uks_lines_first(alice_client, alice):
    Profile.objects.filter(user=alice.user).update(help_country="GB")
    response = alice_client.get(reverse("help"), HTTP_ACCEPT_LANGUAGE="es")
    page = html.unescape(response.content.decode())
    assert country_headings(page)[0] == "GB"
    britain = page[page.index('<h3 id="country-GB"') : page.index('<h3 id="country-DE"')]
    assert "Reino Unido</h3>" in britain
    assert '<span class="help-line-name">Samaritans</span>' in britain
    assert '<a class="help-number" href="tel:116123">116 123</a>' in britain
