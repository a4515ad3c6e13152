"""Right to left: pages set lang and dir from the language, and load the mirrored Bootstrap.

Unsent ships no right-to-left language yet; these tests add Arabic for themselves, with the
few words of tests/data/locale (compiled here), as a translator adding one would.
"""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from letters.models import Letter
from tests.conftest import write_letter

ARABIC_PO = Path(__file__).parent / "data" / "locale" / "ar" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def arabic(settings, tmp_path) -> Path:
    """Arabic among the languages, with its catalog compiled into a temporary folder.

    The static files' manifest has no Arabic catalog of the scripts' words (none is shipped),
    so static files are named as they are in the source while Arabic is on.
    """
    compiled = tmp_path / "locale" / "ar" / "LC_MESSAGES"
    compiled.mkdir(parents=True)
    subprocess.run(["msgfmt", "-o", str(compiled / "django.mo"), str(ARABIC_PO)], check=True)
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "العربية")]
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return tmp_path


def test_a_right_to_left_language_sets_dir_and_mirrors_bootstrap(client, arabic):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert f'href="{static("bootstrap/css/bootstrap.rtl.min.css")}"' in page
    assert ">تسجيل الدخول</a>" in page
    assert f'<script src="{static("jsi18n/ar/djangojs.js")}" defer></script>' in page


def test_a_left_to_right_language_keeps_the_usual_bootstrap(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es" dir="ltr"' in page
    assert f'href="{static("bootstrap/css/bootstrap.min.css")}"' in page
    assert "bootstrap.rtl" not in page


def test_the_stylesheet_uses_logical_sides_so_it_mirrors_too():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "unsent.css").read_text()
    one_sided = ("margin-left", "margin-right", "padding-left", "padding-right")
    one_sided += ("border-left", "border-right", "text-align: left", "text-align: right")
    assert [side for side in one_sided if side in css] == []


def test_a_letter_in_hebrew_runs_right_to_left_on_an_english_page(alice_client, alice):
    """Whatever the page's language, each of the writer's own lines takes its script's way."""
    letter = write_letter(alice, body="אני עדיין חושב עליך.\nAnd in English.", title="מכתב")
    Letter.objects.filter(id=letter.id).update(status=Letter.Status.ARCHIVED)
    editor = alice_client.get(reverse("edit", args=[write_letter(alice).id])).content.decode()
    for field in ('<textarea name="body"', '<input type="text" name="title"'):
        tag = editor[editor.index(field) :].split(">", 1)[0]
        assert ' dir="auto"' in tag, tag
    recipient = editor[editor.index('<input type="text" name="recipient"') :].split(">", 1)[0]
    assert ' dir="auto"' in recipient
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert '<h1 class="letter-title" dir="auto">מכתב</h1>' in page
    assert '<div class="letter-body" dir="auto">אני עדיין חושב עליך.\nAnd in English.</div>' in page
    archive = alice_client.get(reverse("archive")).content.decode()
    assert f'<a class="letter-line" href="/letters/{letter.id}/" dir="auto">מכתב</a>' in archive
