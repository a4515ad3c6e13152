"""The shipped catalogs hold every message of the sources, and each language's is complete.

`makemessages` is run into a temporary folder, as a translator would run it into the real one,
and its messages are compared with the catalogs in letters/locale/.
"""

import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "letters" / "locale"
DOMAINS = ("django", "djangojs")
# What is not the app's own words: tools, copies, generated files and the tests.
IGNORED = [
    *(".venv", "node_modules", "staticfiles", "static/jsi18n", "tests", "bench", "docs"),
    *("bin", ".git", ".hypothesis", "letters/locale"),
]
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def messages(catalog: polib.POFile) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in catalog if not entry.obsolete}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, polib.POFile]:
    """The messages the sources have today, by domain, as makemessages finds them."""
    folder = tmp_path_factory.mktemp("extracted") / "locale"
    folder.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        patch.setattr(settings, "LOCALE_PATHS", [folder])
        for domain in DOMAINS:
            call_command(
                "makemessages",
                locale=["es"],
                domain=domain,
                ignore_patterns=IGNORED,
                no_obsolete=True,
                verbosity=0,
            )
    return {
        domain: polib.pofile(folder / "es" / "LC_MESSAGES" / f"{domain}.po") for domain in DOMAINS
    }


def test_english_is_the_source_and_every_other_language_has_a_catalog():
    assert settings.LANGUAGE_CODE == "en"
    assert TRANSLATED == ["es"]
    for language in TRANSLATED:
        for domain in DOMAINS:
            assert (LOCALE / language / "LC_MESSAGES" / f"{domain}.po").is_file()


def test_the_extraction_finds_the_apps_words(extracted):
    # The check below can only fail if makemessages really read the templates and scripts.
    assert (None, "Skip to the main content") in messages(extracted["django"])
    assert (None, "Copied. Now paste it somewhere safe.") in messages(extracted["djangojs"])


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalog_holds_every_message_of_the_sources_and_no_other(extracted, language, domain):
    shipped = polib.pofile(LOCALE / language / "LC_MESSAGES" / f"{domain}.po")
    assert sorted(messages(extracted[domain]) - messages(shipped), key=str) == []
    assert sorted(messages(shipped) - messages(extracted[domain]), key=str) == []


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated_and_none_is_fuzzy(language, domain):
    path = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    shipped = polib.pofile(path)
    assert not shipped.metadata_is_fuzzy
    assert shipped.metadata["Language"] == language
    assert [entry.msgid for entry in shipped if "fuzzy" in entry.flags] == []
    untranslated = [
        entry.msgid
        for entry in shipped
        if not (all(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr)
    ]
    assert untranslated == []
    # msgfmt's own check: placeholders (%(name)s, {{ }} become them) kept exactly, plurals whole.
    checked = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (checked.returncode, checked.stderr) == (0, "")
