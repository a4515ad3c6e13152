"""The care pages in Spanish: feelings, Looking back, settings and quiet dates, the help page and
the card, prompts, the urge page, no contact and the seven mornings. Exact Spanish, and none of
the English it replaces."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from letters import clock
from letters.forms.feelings import CheckInForm, MarginNoteForm
from letters.guidance import prompts
from letters.models import CardText, CareCard, Letter, UrgeMoment
from letters.pages import charts
from tests.conftest import PASSWORD, add_quiet_date, write_letter
from tests.passkey_authenticator import SoftPasskey, add_passkey

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}
MONTHS = (
    *("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio"),
    *("agosto", "septiembre", "octubre", "noviembre", "diciembre"),
)


@pytest.fixture(autouse=True)
def language_as_it_was():
    """Leave the thread's language as it was: a request in Spanish activates Spanish, and Django
    leaves it active after the response, for whatever runs next in the same thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def in_spanish(day: datetime.date) -> str:
    """The long date as a Spanish reader writes it: 28 de noviembre de 2026."""
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def get(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url, **ES)
    assert response.status_code == status
    return response.content.decode()


def post(client: Client, url: str, data: dict | None = None, status: int = 200) -> str:
    """Post in Spanish and follow the redirect, if any, to the page that shows the message."""
    response = client.post(url, data or {}, follow=True, **ES)
    assert response.status_code == status
    return response.content.decode()


def absent(page: str, *english: str) -> None:
    for words in english:
        assert words not in page, words


# The help page and the card ------------------------------------------------------------------


def test_the_help_page_speaks_spanish_to_a_visitor(db):
    page = get(Client(), reverse("help"))
    assert "<title>Ayuda, esta noche · Unsent</title>" in page
    assert "<h1>Ayuda, esta noche</h1>" in page
    assert (
        "Si estás pensando en quitarte la vida o en hacerte daño, mereces ayuda esta misma noche."
    ) in page
    assert "Si puede que no estés a salvo en los próximos minutos</h2>" in page
    assert "Los más comunes son el <strong>112</strong> en toda Europa" in page
    assert 'Llama al <a class="help-number" href="tel:116123">116 123</a>.' in page
    assert (
        'Envía un SMS con la palabra SHOUT al <a class="help-number" href="sms:85258">85258</a>.'
    ) in page
    assert (
        'Llama al <a class="help-number" href="tel:988">988</a> o envía un SMS al '
        '<a class="help-number" href="sms:988">988</a>.'
    ) in page
    assert (
        'En caso de emergencia: <a class="help-number" href="tel:999">999</a> o '
        '<a class="help-number" href="tel:112">112</a>.'
    ) in page
    assert "Comprobado en noviembre de 2026." in page
    assert 'aria-label="Países en esta página"' in page
    assert "Nada sale de aquí</h2>" in page
    assert "Tu tarjeta para los momentos difíciles" not in page  # the card is for writers
    absent(page, "Help, tonight", "Call <a", "or text", "In an emergency", "Checked ", " or <a")
    absent(page, "Someone to talk to now", "Nothing here is passed on", "Countries on this page")


def test_the_help_page_speaks_spanish_to_a_writer(alice_client):
    page = get(alice_client, reverse("help"))
    settings_link = f'<a href="{reverse("settings")}">elígelo en tus ajustes</a>'
    assert f"Para ver tu país en primer lugar, {settings_link}." in page
    assert "Tu tarjeta para los momentos difíciles</h2>" in page
    assert f'<a href="{reverse("care_card")}">Abrir tu tarjeta</a>' in page
    absent(page, "choose it in your settings", "Open your card")


def test_the_card_in_spanish_from_none_to_saved_to_gone(alice_client, alice):
    page = get(alice_client, reverse("care_card"))
    assert "<title>Tu tarjeta para los momentos difíciles · Unsent</title>" in page
    assert "<h1>Para los momentos difíciles</h1>" in page
    assert ">Escribir tu tarjeta</a>" in page
    absent(page, "Write your card", "When it gets bad", "Lines to talk to now")

    form = get(alice_client, reverse("edit_care_card"))
    assert "Personas a las que puedo llamar" in form
    assert "Nombres y números de amigos o familiares a quienes les gustaría saber de ti." in form
    assert ">Guardar mi tarjeta</button>" in form
    absent(form, "People I can call", "Save my card", "What you notice first")

    refused = post(alice_client, reverse("edit_care_card"), {"people": "x" * 2001}, status=400)
    assert (
        "Esta parte de la tarjeta admite hasta 2000 caracteres y tiene 2001. Acórtala un poco y "
        "vuelve a guardar: hasta entonces no se pierde nada."
    ) in refused
    absent(refused, "holds up to")

    saved = post(alice_client, reverse("edit_care_card"), {"people": "Maya"})
    assert "Tu tarjeta está guardada. Solo tú puedes abrirla." in saved
    assert "<dt>Personas a las que puedo llamar</dt><dd>Maya</dd>" in saved
    today = clock.today()
    assert f"Último cambio: {in_spanish(today)}. Solo tú puedes abrir esta tarjeta." in saved
    assert ">Cambiar tu tarjeta</a>" in saved
    absent(saved, "Last changed", "Your card is saved", "Change your card")

    gone = post(alice_client, reverse("remove_care_card"))
    assert "Tu tarjeta ya no está. Puedes escribir una nueva cuando quieras." in gone
    emptied = post(alice_client, reverse("edit_care_card"), {})
    assert "Tu tarjeta está vacía, así que no se guarda nada de ella." in emptied


def test_a_card_that_will_not_open_says_so_in_spanish(alice_client, alice, bob):
    CareCard.keep(alice.user, bob.user_key, CardText(people="someone"))
    page = get(alice_client, reverse("care_card"))
    assert "Tu tarjeta no se abrió con tu clave, así que no se puede mostrar." in page
    assert ">Escribir tu tarjeta de nuevo</a>" in page
    absent(page, "didn't open", "Write your card again")


# Feelings, settings and quiet dates ---------------------------------------------------------


def test_the_check_in_fields_and_the_margin_notes_fields_in_spanish(db):
    with translation.override("es"):
        check_in = render_to_string("feelings/_check_in_fields.html", {"form": CheckInForm()})
        note = render_to_string("feelings/_margin_note_fields.html", {"form": MarginNoteForm()})
    assert '<legend class="form-label">¿Qué sientes ahora mismo?</legend>' in check_in
    assert 'value="missing" class="feeling-choice" id="id_feelings_6"> Añoranza</label>' in check_in
    assert "> Desesperanza</label>" in check_in
    assert "¿Con cuánta intensidad? <span" in check_in
    assert "(opcional)" in check_in
    assert "0 es casi nada; 10, lo más fuerte que puede ser." in check_in
    absent(check_in, "Missing them", "Hopeless", "How strong", "(optional)", "barely there")
    assert "Una nota al margen" in note
    assert "¿Con cuánta intensidad lo sientes ahora?" in note
    absent(note, "A note in the margin", "your note sits beside it")


def test_how_it_is_now_and_leaving_in_spanish(alice_client, alice):
    letter = write_letter(alice)
    page = get(alice_client, reverse("how_now", args=[letter.id]))
    assert "<title>¿Cómo va ahora? · Unsent</title>" in page
    assert "<h1>Antes de irte</h1>" in page
    assert ">Guardar esto</button>" in page and ">Saltar</button>" in page
    absent(page, "Before you go", "Keep this", ">Skip<", "How strong are the feelings now?")

    desk = post(alice_client, reverse("how_now", args=[letter.id]), {"strength": "10"})
    assert (
        "Tu carta queda guardada tal como la dejaste, y solo tú puedes leerla. Ponerlo en "
        "palabras cuesta: trátate con cariño el resto del día."
    ) in desk
    # The heaviest tap brings the quiet line to the help page, in Spanish too.
    assert (
        '<p class="help-quiet">Si esta noche es más de lo que puedes cargar, o estás pensando en '
        f'hacerte daño, <a href="{reverse("help")}" data-help>hay personas con las que puedes '
        "hablar ahora mismo</a>.</p>"
    ) in desk
    absent(desk, "Your letter is kept just as you left it", "there are people you can talk to")


def test_settings_and_quiet_dates_in_spanish(alice_client, alice):
    add_quiet_date(alice, datetime.date(2026, 6, 14), "su cumpleaños")
    add_quiet_date(alice, datetime.date(2026, 2, 1))
    page = get(alice_client, reverse("settings"))
    assert "<h1>Tus ajustes</h1>" in page
    assert "Preguntarme cómo me siento al empezar y al terminar una carta" in page
    assert '<option value="" selected>Sin elegir</option>' in page
    assert "Días en calma</h2>" in page
    assert "<li>1 de febrero\n" in page and "<li>14 de junio: su cumpleaños\n" in page
    assert ">Quitar</button>" in page and ">Añadir este día</button>" in page
    assert ">Guardar</button>" in page
    absent(page, "Your settings", "Quiet dates", "Not chosen", "Add this day", "1 February")

    refused = post(alice_client, reverse("add_quiet_date"), {"day": ""}, status=400)
    assert "Elige un día, por favor." in refused
    absent(refused, "Please choose a day for it.")

    added = post(alice_client, reverse("add_quiet_date"), {"day": "2026-03-03"})
    assert "Ese día tu escritorio será amable contigo." in added
    saved = post(alice_client, reverse("settings"), {"asks_feelings": "on", "help_country": ""})
    assert '<p class="alert alert-success">Guardado.</p>' in saved
    absent(saved, "Saved.", "gentle with you")


def test_the_idle_lock_counts_its_minutes_in_spanish(alice_client, alice):
    add_passkey(alice_client, PASSWORD, SoftPasskey())
    page = get(alice_client, reverse("settings"))
    assert "Bloquear mis cartas antes" in page
    assert '<option value="5">Tras 5 minutos fuera</option>' in page
    assert '<option value="" selected>No, solo cuando se cierre mi sesión</option>' in page
    absent(page, "5 minutes", "only when my login ends", "Lock my letters")


def test_looking_back_in_spanish_with_little_and_with_enough(alice_client, alice):
    write_letter(alice)
    little = get(alice_client, reverse("looking_back"))
    assert "<title>Mirar atrás · Unsent</title>" in little
    assert (
        "Todavía no hay suficiente para mostrar una tendencia: una semana hasta ahora."
    ) in little
    absent(little, "There isn&#x27;t enough", "one week so far")

    old = write_letter(alice)
    Letter.objects.filter(id=old.id).update(created=clock.now() - datetime.timedelta(weeks=4))
    for _ in range(2):
        UrgeMoment.objects.create(owner=alice.user, at=clock.today())
    # A feeling noted this week: the weeks before it say "no data".
    alice_client.post(reverse("check_in", args=[old.id]), {"feelings": ["hurt"], "strength": "4"})
    page = get(alice_client, reverse("looking_back"))
    assert '<h2 class="chart-title" id="chart-letters-title">Cartas escritas cada semana</h2>' in (
        page
    )
    assert '<th scope="col">Semana del</th><th scope="col">Cartas</th>' in page
    assert '<span class="visually-hidden">Antes: </span><span class="chart-none">sin datos' in page
    assert "Selladas: " in page and "Destruidas: " in page
    # A bar's width is a number for the drawing, never written the Spanish way (37,5).
    assert 'width="37.5%"' in page and "37,5" not in page
    absent(page, "Week of", "Letters written each week", ">none<", "Before: ", "Shredded")


def test_the_weeks_of_the_charts_are_named_in_spanish():
    weeks = [datetime.date(2026, 12, 21), datetime.date(2026, 12, 28), datetime.date(2027, 1, 4)]
    with translation.override("es"):
        assert charts.week_labels(weeks) == ["21 dic 2026", "28 dic", "4 ene 2027"]
    with translation.override("en"):
        assert charts.week_labels(weeks) == ["21 Dec 2026", "28 Dec", "4 Jan 2027"]


# Prompts, the urge, no contact, the seven mornings ------------------------------------------


def test_the_prompt_library_in_spanish_is_cached_apart_from_the_english(alice_client):
    count = len(prompts.library().in_library("urge"))
    for _round in range(2):  # the second round is served from the cache
        english = alice_client.get(reverse("prompts"), HTTP_ACCEPT_LANGUAGE="en")
        assert ">Write to this prompt</button>" in english.content.decode()
        page = get(alice_client, reverse("prompts"))
        assert "<h1>Ideas para escribir</h1>" in page
        assert '<nav aria-label="Temas" class="theme-filter">' in page
        assert 'aria-current="page">Todos los temas</a>' in page
        assert f'<span class="theme-count">{count} ideas</span>' in page
        assert ">Escribir a partir de esta idea</button>" in page
        absent(page, "Write to this prompt", "All themes", " prompts</span>")


def test_the_urge_page_in_spanish(alice_client, alice):
    letter = write_letter(alice)
    assert alice_client.post(reverse("urge")).status_code == 201  # a new urge, counted
    page = get(alice_client, reverse("urge") + f"?letter={letter.id}")
    assert "<title>Antes de escribirle · Unsent</title>" in page
    assert '<h2 id="pause-heading" class="h5">Un minuto para respirar</h2>' in page
    assert 'id="start-pause" hidden>Empezar el minuto</button>' in page
    assert '<button type="submit" class="btn btn-primary">Mejor escríbelo aquí</button>' in page
    assert f'href="{reverse("seal", args=[letter.id])}">Sellar esa carta</a>' in page
    assert (
        '<li id="urges-this-week" data-count="1">Esta semana: 1</li><li>La semana pasada: 0</li>'
        in page
    )
    assert "hay personas con las que puedes hablar ahora mismo</a>" in page
    absent(page, "A minute to breathe", "Write it here instead", "This week", "Seal that letter")


def test_the_pauses_words_are_in_the_spanish_script_catalog(db):
    spanish = Path(finders.find("jsi18n/es/djangojs.js")).read_text()
    assert '"Otro minuto"' in spanish
    assert '"%(n)s segundos"' in spanish
    assert '"Ha pasado un minuto. T\\u00f3mate otro si quieres."' in spanish


def test_no_contact_in_spanish_from_the_start_to_a_fresh_start(alice_client, alice):
    page = get(alice_client, reverse("no_contact"))
    assert "<h1>Días sin contacto</h1>" in page
    assert ">Empezar a contar</button>" in page
    absent(page, "Days without contact", "Start counting")

    since = clock.today() - datetime.timedelta(days=40)
    started = post(alice_client, reverse("no_contact"), {"on": since.isoformat()})
    assert "Tu cuenta ha empezado." in started
    assert f"<strong>40</strong> días desde el {in_spanish(since)}</p>" in started
    assert 'Un mes <span class="visually-hidden">(meta alcanzada)</span>' in started
    assert '<p class="milestone-words">Un mes. Es un tiempo de verdad que te has regalado.</p>' in (
        started
    )
    assert "Faltan 20 días para llegar a dos meses." in started
    assert f"<strong>{in_spanish(since)}</strong> — donde empezó la cuenta" in started
    absent(started, "days since", "(reached)", "That is a real stretch", "days to")

    yesterday = clock.today() - datetime.timedelta(days=1)
    reset = post(alice_client, reverse("no_contact"), {"on": yesterday.isoformat()})
    assert "La cuenta vuelve a empezar desde ese día. Cada día anterior sigue contando." in reset
    assert f"<strong>1</strong> día desde el {in_spanish(yesterday)}</p>" in reset
    assert "Faltan 6 días para llegar a una semana." in reset
    assert "Tu racha más larga hasta ahora: <strong>39</strong> días." in reset
    assert f"<strong>{in_spanish(yesterday)}</strong> — contacto, y un nuevo comienzo" in reset
    absent(reset, "longest stretch", "a fresh start", "The count starts again")


def test_the_seven_mornings_in_spanish(alice_client, alice):
    page = get(alice_client, reverse("seven_mornings"))
    assert "<h1>Siete mañanas, una junto a otra</h1>" in page
    assert "Las siete mañanas aún no han empezado." in page
    absent(page, "Seven mornings, side by side", "haven&#x27;t begun", "Back to my desk")

    desk = post(alice_client, reverse("start_series"))
    assert "Empiezan las siete mañanas. Aquí tienes la primera." in desk
    first = write_letter(alice, body="respuesta", prompt_slug=prompts.library().series[0].slug)
    page = get(alice_client, reverse("seven_mornings"))
    assert '<h2 class="h6">Mañana 1</h2>' in page and '<h2 class="h6">Mañana 7</h2>' in page
    assert f'<a href="{reverse("edit", args=[first.id])}">Abrir esta carta</a>' in page
    assert page.count("Aún sin escribir.") == 6
    assert 'aria-label="Tus siete respuestas"' in page
    absent(page, "Morning 1", "Open this letter", "Not written yet.")
