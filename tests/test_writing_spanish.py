"""Writing and deciding in Spanish: the editor, sealing, archiving and shredding, their
messages and errors, for a writer whose account is in Spanish.

The catalogs are compiled by bin/test (and `make setup`) from letters/locale.
"""

import datetime
import json

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from letters import clock
from letters.forms.letters import ContactForm, LetterForm
from letters.models import Letter, Profile
from tests.conftest import record_contact, write_letter

# The app's clock on a day whose dates these tests spell out.
TODAY = datetime.date(2026, 11, 28)


@pytest.fixture
def on_the_28th(settings):
    settings.UNSENT_CLOCK_SHIFT_DAYS = (TODAY - timezone.localdate()).days
    assert clock.today() == TODAY


@pytest.fixture
def spanish(alice_client: Client, alice) -> Client:
    """Alice's client, her account in Spanish (and her browser asking for English)."""
    Profile.objects.filter(user=alice.user).update(language="es")
    alice_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"
    return alice_client


def page(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def none_of(english: list[str], text: str) -> list[str]:
    """The English words still on a page (none, when all is well)."""
    return [words for words in english if words in text]


def autosave(client: Client, letter: Letter, **fields: object) -> dict:
    data = {"body": "", "title": "", "recipient": "", "version": letter.version, **fields}
    response = client.post(
        reverse("autosave", args=[letter.id]), json.dumps(data), content_type="application/json"
    )
    return {"status": response.status_code, **response.json()}


def test_the_new_letters_editor_is_in_spanish(spanish):
    editor = page(spanish, "new_letter")
    assert "<title>Escribiendo · Unsent</title>" in editor
    assert '<h1 class="visually-hidden">Escribiendo una carta</h1>' in editor
    assert '<span id="word-count" aria-live="off">0 palabras</span>' in editor
    assert 'placeholder="Escribe lo que salga. La ortografía no importa.' in editor
    assert 'class="dear">Para</label>' in editor
    assert '<option value="0">Apagado</option><option value="5">5 min</option>' in editor
    assert 'id="save-now">Guardar</button>' in editor
    assert "data-flush>Listo por ahora</a>" in editor
    assert '<summary class="btn btn-outline-secondary">Decidir…</summary>' in editor
    assert 'title="Modo concentración (Ctrl+Mayús+F)" hidden>Concentración</button>' in editor
    assert "Haz una pausa aquí primero</a>. Nada se bloquea, y nada sale de esta página." in editor
    assert (
        none_of(
            [
                "Writing a letter",
                "0 words",
                "Write whatever comes",
                ">Dear<",
                "Done for now",
                "Decide…",
                "Check spelling",
                ">Off<",
                "Pause here first",
                "Keep mine as a new letter",
                "I want to send this",
            ],
            editor,
        )
        == []
    )


def test_a_drafts_editor_counts_its_words_and_says_saved_in_spanish(spanish, alice):
    one = write_letter(alice, body="Hola")
    many = write_letter(alice, body="Te escribo esto sin enviarlo")
    assert '<span id="word-count" aria-live="off">1 palabra</span>' in page(spanish, "edit", one.id)
    editor = page(spanish, "edit", many.id)
    assert '<span id="word-count" aria-live="off">5 palabras</span>' in editor
    assert '<span id="save-status" role="status" aria-live="polite">Guardada</span>' in editor
    assert none_of(["5 words", ">Saved<"], editor) == []


def test_a_plain_save_says_so_in_spanish(spanish, alice):
    letter = write_letter(alice, body="Primero")
    response = spanish.post(
        reverse("save", args=[letter.id]),
        {"body": "Primero y luego", "title": "", "recipient": "", "version": letter.version},
        follow=True,
    )
    saved = timezone.localtime(Letter.objects.get(id=letter.id).updated)
    assert f"Guardada a las {saved:%H:%M}." in response.content.decode()
    assert "Saved at" not in response.content.decode()


def test_autosave_refuses_in_spanish_and_says_the_words_are_kept(spanish, alice):
    letter = write_letter(alice, body="kept")
    assert autosave(spanish, letter, body="un NUL\x00 aquí") == {
        "status": 400,
        "error": "Tus palabras siguen aquí, en esta página. Tu carta contiene un carácter "
        "invisible que no podemos guardar (un byte NUL), casi siempre de algo que pegaste. "
        "Quítalo y vuelve a intentarlo.",
    }
    assert autosave(spanish, letter, title="x" * 201)["error"] == (
        "Un título puede tener hasta 200 caracteres y este tiene 201. Acórtalo un poco y vuelve a "
        "guardar; el resto de tus palabras siguen aquí."
    )
    letter.seal()
    assert autosave(spanish, letter, body="más") == {
        "status": 409,
        "error": "Tus palabras siguen aquí, en esta página. Esta carta se selló, quizá en otra "
        "pestaña, así que ya no pueden entrar en ella: guárdalas como una carta nueva y no se "
        "perderá nada.",
        "keep_as_new": True,
    }


def test_a_letter_too_long_is_refused_with_the_limit_written_the_spanish_way(spanish, alice):
    letter = write_letter(alice, body="kept")
    error = autosave(spanish, letter, body="a" * 200_001)["error"]
    assert "Esta carta tiene más de 200\xa0000 caracteres, lo máximo que cabe en una carta" in error


def test_the_seal_page_is_in_spanish_with_its_dates_written_in_spanish(spanish, alice, on_the_28th):
    record_contact(alice, datetime.date(2026, 11, 10))
    letter = write_letter(alice, body="Lo que nunca te dije", title="El puente")
    Letter.objects.filter(id=letter.id).update(created=clock.start_of(TODAY))
    seal = page(spanish, "seal", letter.id)
    assert "<h1>Sellar esta carta</h1>" in seal
    assert '<figcaption class="letter-meta">Escrita el 28 de noviembre de 2026</figcaption>' in seal
    assert "No, quiero poder releerla cuando quiera" in seal
    assert "En una semana, el 5 de diciembre" in seal
    assert "En un mes, el 28 de diciembre" in seal
    assert "30 días después de mi último contacto, el 10 de diciembre" in seal
    assert '<button type="submit" class="btn btn-primary">Sellarla</button>' in seal
    assert ">Todavía no, volver</a>" in seal
    assert (
        none_of(
            [
                "Seal this letter",
                "Written",
                "November",
                "December",
                "In a week",
                "Seal it",
                "Not yet, go back",
                "Sealing is for good",
                "no-contact count",
            ],
            seal,
        )
        == []
    )


def test_the_seal_form_refuses_a_past_day_in_spanish(spanish, alice, on_the_28th):
    letter = write_letter(alice)
    response = spanish.post(reverse("seal", args=[letter.id]), {"opens_on": "2026-11-27"})
    assert response.status_code == 400
    assert "Elige un día después de hoy, o deja la fecha vacía." in response.content.decode()
    assert "Choose a day after today" not in response.content.decode()


def test_sealing_a_sealed_letter_and_opening_its_editor_say_so_in_spanish(spanish, alice):
    letter = write_letter(alice)
    letter.seal()
    response = spanish.post(reverse("seal", args=[letter.id]), {}, follow=True)
    assert "Esta carta ya está sellada." in response.content.decode()
    response = spanish.get(reverse("edit", args=[letter.id]), follow=True)
    assert "Esta carta está sellada, así que se queda tal como está." in response.content.decode()
    assert "This letter is" not in response.content.decode()


def test_archiving_and_bringing_back_are_in_spanish(spanish, alice):
    letter = write_letter(alice)
    draft = page(spanish, "archive_letter", letter.id)
    assert "<h1>Guardar esta carta en el archivo</h1>" in draft
    assert "Al archivarla, <strong>primero se sella</strong>, así que ya no podrá" in draft
    assert '<button type="submit" class="btn btn-primary">Sellar y archivar</button>' in draft
    assert none_of(["Tuck this letter away", "Seal and archive", "Not now"], draft) == []
    letter.seal()
    sealed = page(spanish, "archive_letter", letter.id)
    assert '<button type="submit" class="btn btn-primary">Archivarla</button>' in sealed
    assert ">Ahora no</a>" in sealed
    archived = spanish.post(reverse("archive_letter", args=[letter.id]), follow=True)
    assert "Guardada en el archivo. Ahí estará cuando la quieras." in archived.content.decode()
    back = spanish.post(reverse("restore", args=[letter.id]), follow=True)
    assert "De vuelta en tu escritorio." in back.content.decode()
    again = spanish.post(reverse("restore", args=[letter.id]), follow=True)
    assert "Solo se puede traer de vuelta una carta que esté en el archivo." in (
        again.content.decode()
    )


def test_the_shred_page_is_in_spanish_and_asks_for_the_spanish_word(spanish, alice):
    letter = write_letter(alice, body="Todo", recipient="Sam")
    shred = page(spanish, "shred", letter.id)
    assert "<h1>Destruir esta carta</h1>" in shred
    assert "Aquí está, por última vez." in shred
    assert 'aria-label="La carta, por última vez"' in shred
    assert '<p class="salutation">Para Sam:</p>' in shred
    assert "Para destruir esta carta, escribe la palabra «destruir»" in shred
    assert 'data-word="destruir"' in shred
    assert '<button type="submit" class="btn btn-danger">Destruirla para siempre</button>' in shred
    assert none_of(["Shred this letter", "Here it is", "Dear Sam", "Type the word"], shred) == []
    wrong = spanish.post(reverse("shred", args=[letter.id]), {"confirm": "shredd"})
    assert wrong.status_code == 400
    assert "Escribe «destruir» (solo esa palabra) para que la carta desaparezca." in (
        wrong.content.decode()
    )
    response = spanish.post(reverse("shred", args=[letter.id]), {"confirm": " Destruir "})
    assert response.url == reverse("shredded")
    assert not Letter.objects.filter(id=letter.id).exists()


def test_the_english_word_shreds_too_on_a_spanish_page(spanish, alice):
    letter = write_letter(alice)
    assert spanish.post(reverse("shred", args=[letter.id]), {"confirm": "shred"}).status_code == 302
    assert not Letter.objects.filter(id=letter.id).exists()


def test_a_closed_letters_shred_page_gives_its_day_in_spanish(spanish, alice):
    letter = write_letter(alice)
    letter.seal(datetime.date(2099, 11, 28))
    shred = page(spanish, "shred", letter.id)
    assert "Sellada hasta el 28 de noviembre de 2099. Se destruirá sin que nadie la lea." in shred
    assert none_of(["Sealed until", "November", "shredded unread"], shred) == []


def test_keeping_a_conflicting_text_as_a_new_letter_says_so_in_spanish(spanish, alice):
    letter = write_letter(alice)
    response = spanish.post(
        reverse("keep_as_new", args=[letter.id]),
        {"body": "Lo mío", "title": "", "recipient": ""},
        follow=True,
    )
    assert "Tu texto está guardado aquí como una carta nueva. La otra sigue igual." in (
        response.content.decode()
    )


def test_the_english_pages_are_unchanged_for_an_english_writer(alice_client, alice):
    letter = write_letter(alice, body="Still English")
    editor = page(alice_client, "edit", letter.id)
    assert '<span id="word-count" aria-live="off">2 words</span>' in editor
    assert "data-flush>Done for now</a>" in editor
    assert "Type the word shred to destroy this letter" in page(alice_client, "shred", letter.id)
    assert 'data-word="shred"' in page(alice_client, "shred", letter.id)


def test_the_forms_say_which_field_is_wrong_in_spanish():
    with override("es"):
        form = LetterForm({"title": "a\x00b", "version": 1})
        assert form.errors["title"] == [
            "Tus palabras siguen aquí, en esta página. Lo que escribiste en “Título” contiene un "
            "carácter invisible que no podemos guardar (un byte NUL), casi siempre de algo que "
            "pegaste. Quítalo y vuelve a intentarlo."
        ]
        contact = ContactForm({"on": ""})
        assert contact.errors["on"] == [
            "Completa “El día de tu último contacto”, por favor: no puede quedar vacío."
        ]
    # The same form, in English once more: nothing of the Spanish was kept.
    assert ContactForm({"on": ""}).errors["on"] == [
        "Please fill in “The day of your last contact”: it can't be left empty."
    ]


def test_the_editors_check_in_is_cached_once_per_language(spanish, alice):
    english = make_template_fragment_key("empty_check_in_fields", ["en"])
    spanish_key = make_template_fragment_key("empty_check_in_fields", ["es"])
    page(spanish, "new_letter")
    assert (cache.get(english), cache.get(spanish_key) is not None) == (None, True)
    Profile.objects.filter(user=alice.user).update(language="en")
    page(spanish, "new_letter")
    assert cache.get(english) is not None
