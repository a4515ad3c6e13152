"""The desk, the lists, reading, search and the pages around them, in Spanish."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.urls import reverse
from django.utils import translation

from letters import clock
from letters.http.middleware import LOGIN_AT
from letters.http.moments import JUST_SEALED
from letters.keys import keyring
from letters.models import Letter, MarginNote, Shred
from letters.pages import lists
from letters.views import reading
from tests.conftest import log_in, many_letters, record_contact, write_letter

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
# A Saturday: the reading view names the weekday.
WRITTEN = datetime.date(2026, 11, 28)
OPENS = datetime.date(2099, 1, 2)  # a Friday


@pytest.fixture(autouse=True)
def back_to_english():
    """A request leaves its language active in the thread: each test starts in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def es(client: Client, url: str, **extra) -> str:
    return client.get(url, **SPANISH, **extra).content.decode()


def written_on(letter: Letter, day: datetime.date = WRITTEN) -> Letter:
    """The letter as if written at noon on that day (and last saved then)."""
    noon = clock.start_of(day) + datetime.timedelta(hours=12)
    Letter.objects.filter(id=letter.id).update(created=noon, updated=noon)
    return Letter.objects.get(id=letter.id)


def sealed(letter: Letter, day: datetime.date, opens_on: datetime.date | None = None) -> Letter:
    letter.seal(opens_on)
    noon = clock.start_of(day) + datetime.timedelta(hours=12)
    Letter.objects.filter(id=letter.id).update(sealed_at=noon)
    return Letter.objects.get(id=letter.id)


def test_the_desk_is_in_spanish_with_its_rows_named_in_spanish(alice_client, alice):
    write_letter(alice, body="una dos tres", recipient="Sam")
    write_letter(alice, body="sola")
    locked = write_letter(alice, body="hasta entonces")
    locked.seal(OPENS)
    page = es(alice_client, reverse("desk"))
    assert "<title>Tu escritorio · Unsent</title>" in page
    assert "<h1>Tu escritorio</h1>" in page
    assert '<button type="submit" class="btn btn-primary">Escribir una carta nueva</button>' in page
    assert '<h2 id="letters-heading" class="h5">Borradores y cartas selladas</h2>' in page
    assert ">Sin título · para Sam</a>" in page and ">Sin título</a>" in page
    assert "· 3 palabras" in page and "· 1 palabra\n" in page
    assert "Una carta sellada, cerrada hasta el 2 de enero de 2099" in page
    assert '<span class="badge state-draft">Borrador</span>' in page
    assert '<span class="badge state-sealed">Sellada</span>' in page
    assert ">Destruir sin leer</a>" in page
    assert '<nav aria-label="Mostrar" class="state-filter small">' in page
    assert "<summary>Por tema</summary>" in page
    assert '<nav aria-label="Filtrar por tema" class="theme-filter">' in page
    assert "<summary>Algo sobre lo que escribir</summary>" in page
    for english in ("Your desk", "Write a new letter", "Untitled", "· 3 words", "closed until"):
        assert english not in page


def test_the_desks_counts_take_spanish_plurals(alice_client, alice):
    record_contact(alice, clock.today() - datetime.timedelta(days=31))
    Shred.objects.create(owner=alice.user, shredded_on=clock.today())
    page = es(alice_client, reverse("desk"))
    assert "<strong>31</strong> días sin contacto</a>" in page
    assert "Has dejado ir 1 carta." in page
    assert (
        '<h2 id="month-question-heading" class="h6">Un mes después: una pregunta para ti</h2>'
        in page
    )
    record_contact(alice, clock.today() - datetime.timedelta(days=1))
    Shred.objects.create(owner=alice.user, shredded_on=clock.today())
    page = es(alice_client, reverse("desk"))
    assert "<strong>1</strong> día sin contacto</a>" in page
    assert "Has dejado ir 2 cartas." in page
    assert "without contact" not in page and "You have let go" not in page


def test_the_desks_filters_and_empty_words_are_in_spanish(alice_client, alice):
    write_letter(alice)
    page = es(alice_client, reverse("desk") + "?state=sealed")
    assert '<p class="empty">Ahora mismo no hay cartas selladas aquí.</p>' in page
    assert '<a href="?">Todas</a>' in page
    assert 'aria-current="page">Selladas</a>' in page
    assert "No sealed letters here right now." not in page


def test_a_fresh_desk_invites_a_first_letter_in_spanish(alice_client):
    page = es(alice_client, reverse("desk"))
    assert (
        "Aquí todavía no hay nada. Cuando quieras, empieza una carta. "
        "Nadie más que tú la leerá." in page
    )
    assert "Nothing here yet" not in page


def test_on_this_day_and_the_pager_are_in_spanish(alice_client, alice):
    year_ago = lists.months_back(clock.today(), 12)
    written_on(write_letter(alice, body="hace un año"), year_ago)
    many_letters(alice, lists.PER_PAGE)
    page = es(alice_client, reverse("desk"))
    assert '<h2 id="on-this-day" class="h5">Un día como hoy</h2>' in page
    assert '<nav aria-label="Páginas" class="pager">' in page
    assert "<span>Página 1</span>" in page
    assert 'rel="next">Más antiguas</a>' in page
    second = es(alice_client, reverse("desk") + "?page=2")
    assert 'rel="prev">Más recientes</a>' in second and "<span>Página 2</span>" in second
    assert "On this day" not in page and "Older" not in page and "Newer" not in second


def test_the_archive_is_in_spanish(alice_client, alice):
    page = es(alice_client, reverse("archive"))
    assert "<title>Archivo · Unsent</title>" in page and "<h1>Archivo</h1>" in page
    assert '<p class="empty">Todavía no has guardado nada aquí.</p>' in page
    write_letter(alice).archive()
    page = es(alice_client, reverse("archive"))
    assert '<span class="badge state-archived">Archivada</span>' in page
    assert "Letters you&#x27;ve tucked away" not in page and "tucked away" not in page


def test_a_draft_reads_in_spanish_with_its_weekday_and_date(alice_client, alice):
    draft = written_on(write_letter(alice, body="hola", recipient="Sam"))
    page = es(alice_client, reverse("read", args=[draft.id]))
    assert "<title>Un borrador · Unsent</title>" in page
    assert "Escrita el sábado 28 de noviembre de 2026\n" in page
    assert '<p class="salutation">Para Sam:</p>' in page
    assert '<h1 class="visually-hidden">Tu carta</h1>' in page
    assert ">Seguir escribiendo</a>" in page and ">Sellar…</a>" in page
    assert ">Archivar…</a>" in page and ">Destruir…</a>" in page
    for english in ("Written", "Saturday", "November", "Dear", "Keep writing", "Seal…"):
        assert english not in page


def test_a_sealed_letter_and_its_notes_read_in_spanish(alice_client, alice):
    letter = sealed(written_on(write_letter(alice, body="adiós")), WRITTEN)
    note = MarginNote.after_the_others(letter)
    note.seal_text(alice.user_key, "ya pasó", 7)
    note.created = datetime.date(2026, 12, 1)
    note.save()
    page = es(alice_client, reverse("read", args=[letter.id]))
    assert "<title>Una carta sellada · Unsent</title>" in page
    assert "Escrita el sábado 28 de noviembre de 2026, sellada el 28 de noviembre de 2026" in page
    assert '<h2 id="notes-heading" class="h6">Notas al margen</h2>' in page
    assert ">1 de diciembre de 2026</time> · sentimientos: 7/10</p>" in page
    assert ">Añadir la nota</button>" in page
    assert "Notes in the margin" not in page and "feelings 7/10" not in page


def test_an_archived_letter_offers_to_come_back_in_spanish(alice_client, alice):
    letter = write_letter(alice)
    letter.archive()
    page = es(alice_client, reverse("read", args=[letter.id]))
    assert '<span class="badge state-archived">Archivada</span>' in page
    assert ">Devolver al escritorio</button>" in page
    assert "Bring back to the desk" not in page


def test_the_moment_of_sealing_is_in_spanish(alice_client, alice):
    letter = write_letter(alice)
    letter.seal()
    session = alice_client.session
    session[JUST_SEALED] = str(letter.id)
    session.save()
    page = es(alice_client, reverse("read", args=[letter.id]))
    assert '<p class="sealed-words">Sellada. Se quedará tal como la dejaste.</p>' in page
    assert "It will stay exactly as you left it" not in page


def test_a_time_locked_letter_waits_in_spanish(alice_client, alice):
    letter = write_letter(alice, body="todavía no")
    letter.seal(OPENS)
    response = alice_client.get(reverse("read", args=[letter.id]), **SPANISH)
    page = response.content.decode()
    assert response.status_code == 403
    assert "<title>Sellada hasta el 2 de enero de 2099 · Unsent</title>" in page
    assert '<h1><span aria-hidden="true">✉</span> Todavía no</h1>' in page
    assert (
        "Seguirá cerrada hasta el\n    <strong>viernes 2 de enero de 2099</strong>, "
        "el día fijado al sellarla, y ese día se abrirá sola." in page
    )
    assert ">Volver a mi escritorio</a> · " in page and ">Destruirla sin leer</a>" in page
    assert "Not yet" not in page and "Friday" not in page and "January" not in page


def test_a_letter_that_does_not_open_says_so_in_spanish(alice_client, alice):
    letter = write_letter(alice)
    Letter.objects.filter(id=letter.id).update(body=b"\x00" * 40)
    page = es(alice_client, reverse("read", args=[letter.id]))
    assert "<h1>Esta carta no se puede abrir</h1>" in page
    assert "tus otras cartas están a salvo" in page
    assert "can&#x27;t be opened" not in page and "can't be opened" not in page


def test_a_refused_note_and_a_refused_restore_are_told_in_spanish(alice_client, alice):
    draft = write_letter(alice)
    url = reverse("add_note", args=[draft.id])
    page = alice_client.post(url, {"text": "nota"}, follow=True, **SPANISH).content.decode()
    assert "Las notas van junto a las cartas selladas que puedes leer." in page
    letter = write_letter(alice)
    letter.seal()
    url = reverse("restore", args=[letter.id])
    page = alice_client.post(url, follow=True, **SPANISH).content.decode()
    assert "Solo se puede traer de vuelta una carta que esté en el archivo." in page
    assert "Notes go beside" not in page and "Only a letter in the archive" not in page


def test_search_is_in_spanish_with_its_count_and_dates(alice_client, alice):
    written_on(write_letter(alice, body="el río de invierno"))
    page = alice_client.post(reverse("search"), {"q": "río"}, **SPANISH).content.decode()
    assert "<title>Buscar · Unsent</title>" in page and "<h1>Busca en tus cartas</h1>" in page
    assert '<h2 class="h5 mt-4">1 carta encontrada</h2>' in page
    assert ">Sin título</a>" in page and "Borrador</span> con fecha del 28 nov 2026" in page
    assert '<span class="badge state-draft">Borrador</span>' in page
    none = alice_client.post(reverse("search"), {"q": "nadie"}, **SPANISH).content.decode()
    assert '<h2 class="h5 mt-4">0 cartas encontradas</h2>' in none
    assert "Ninguna de tus cartas tiene esas palabras." in none
    assert "found" not in page + none and "None of your letters" not in none


def test_search_pages_are_in_spanish(alice_client, alice):
    many_letters(alice, lists.PER_PAGE + 1)
    page = alice_client.post(reverse("search"), {"q": "number"}, **SPANISH).content.decode()
    assert '<h2 class="h5 mt-4">21 cartas encontradas</h2>' in page
    assert "<span>Página 1 de 2</span>" in page
    assert '<button class="btn btn-link" type="submit">Más antiguas</button>' in page
    assert "Page 1 of 2" not in page


def test_after_shredding_the_words_are_in_spanish(alice_client, alice):
    Shred.objects.create(owner=alice.user, shredded_on=clock.today())
    page = es(alice_client, reverse("shredded"))
    assert "<h1>Ya no está. La dejaste ir.</h1>" in page
    assert "Hasta ahora has dejado ir 1 carta." in page
    Shred.objects.create(owner=alice.user, shredded_on=clock.today())
    page = es(alice_client, reverse("shredded"))
    assert "Hasta ahora has dejado ir 2 cartas." in page
    assert "<summary>¿Qué pasó exactamente?</summary>" in page
    assert "Gone" not in page and "let go of so far" not in page


def test_the_pages_for_what_went_wrong_are_in_spanish_logged_out(client, db):
    missing = client.get("/nothing-here/", **SPANISH)
    assert missing.status_code == 404
    page = missing.content.decode()
    assert "<title>No está aquí · Unsent</title>" in page
    assert "<h1>Aquí no hay nada</h1>" in page and ">Volver al inicio</a>" in page
    assert "There&#x27;s nothing here" not in page and "Back to the start" not in page

    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(reverse("login"), {"username": "x", "password": "y"}, **SPANISH)
    assert refused.status_code == 403
    assert "<h1>Eso no llegó a enviarse</h1>" in refused.content.decode()

    bad = client.post(
        reverse("login"), b"username=%ff", "application/x-www-form-urlencoded", **SPANISH
    )
    assert bad.status_code == 400
    assert "<h1>No se pudo leer</h1>" in bad.content.decode()


def test_the_page_for_our_own_failure_is_in_spanish(alice, monkeypatch):
    client = log_in(Client(raise_request_exception=False), alice)

    def explode(*args, **kwargs):
        raise RuntimeError("forced failure")

    monkeypatch.setattr(reading.desk_page, "gather", explode)
    failed = client.get(reverse("desk"), **SPANISH)
    page = failed.content.decode()
    assert failed.status_code == 500
    assert '<html lang="es" dir="ltr">' in page
    assert "<title>Algo salió mal · Unsent</title>" in page
    assert "<h1>Algo salió mal de nuestro lado</h1>" in page
    assert "Something went wrong" not in page


def test_the_quick_exit_lands_on_a_spanish_recipe_that_tells_nothing(alice_client, alice):
    letter = write_letter(alice)
    page = es(alice_client, reverse("quick_exit"))
    assert '<html lang="es" dir="ltr">' in page
    assert "<title>Sopa sencilla de lentejas</title>" in page
    assert "<li>1,2 litros de caldo de verduras</li>" in page
    assert '<a href="/help/">Ayuda</a>' in page
    back = es(alice_client, reverse("read", args=[letter.id]))
    assert "<h1>Sopa sencilla de lentejas</h1>" in back
    for told in (page, back):
        assert "Unsent" not in told and "carta" not in told.lower() and "lentil" not in told
    assert keyring.SESSION_KEY_FIELD not in alice_client.session


def test_the_end_of_a_logins_lifetime_is_told_in_spanish(alice_client):
    session = alice_client.session
    session[LOGIN_AT] = 0
    session.save()
    page = alice_client.get(reverse("desk"), follow=True, **SPANISH).content.decode()
    assert "Por tu privacidad, se cerró tu sesión. Vuelve a iniciar sesión." in page
    assert "For your privacy" not in page


def test_the_empty_note_fields_are_cached_once_per_language(alice_client, alice):
    letter = sealed(write_letter(alice), WRITTEN)
    alice_client.get(reverse("read", args=[letter.id]))
    english = make_template_fragment_key("empty_margin_note_fields", ["en"])
    spanish = make_template_fragment_key("empty_margin_note_fields", ["es"])
    assert cache.get(english) is not None and cache.get(spanish) is None
    es(alice_client, reverse("read", args=[letter.id]))
    assert cache.get(spanish) is not None


def test_a_days_label_follows_the_language():
    day = datetime.date(2026, 11, 28)
    assert lists.day_label(day, long=True) == "28 November 2026"
    with translation.override("es"):
        assert lists.day_label(day, long=True) == "28 de noviembre de 2026"
        assert lists.name_of(iter(["", "Sam"])) == "Sin título · para Sam"
        assert Letter.Status.SEALED.label == "Sellada"
    assert lists.name_of(iter(["", "Sam"])) == "Untitled · to Sam"


def test_a_date_that_cannot_be_read_and_a_search_too_long_are_answered_with_tu(alice_client, alice):
    """Django's own messages speak formally (usted), and one of them miscounts: ours instead."""
    page = alice_client.post(reverse("no_contact"), {"on": "30/11"}, **SPANISH).content.decode()
    assert "No hemos podido leer eso como un día. Elige uno en el calendario o escríbelo" in page
    assert "Introduzca" not in page
    long = alice_client.post(reverse("search"), {"q": "x" * 201}, **SPANISH).content.decode()
    assert "Una búsqueda puede tener hasta 200 caracteres y esta tiene 201." in long
    assert "Asegúrese" not in long
