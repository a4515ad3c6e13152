"""The account's pages, the export and the import in Spanish: signing up, logging in, the
recovery code, passkeys, the password, deleting, taking letters away and bringing them back."""

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from letters import clock
from letters.models import Letter, Passkey
from letters.portability import export as exporting
from tests.conftest import PASSWORD, log_in, write_letter
from tests.passkey_authenticator import SoftPasskey, add_passkey

UTC = datetime.UTC


@pytest.fixture
def spanish() -> Client:
    """A browser that asks for Spanish."""
    return Client(HTTP_ACCEPT_LANGUAGE="es")


@pytest.fixture
def alice_spanish(spanish, alice) -> Client:
    return log_in(spanish, alice)


def page(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def shown(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def on_the_day(settings, day: datetime.date) -> None:
    """Move the app's clock to the given day, as the browser tests do."""
    settings.UNSENT_CLOCK_SHIFT_DAYS = (day - timezone.localdate()).days


# Logged out ------------------------------------------------------------------------------------


def test_the_home_page_speaks_spanish(spanish, db):
    home = page(spanish, "home")
    assert "<title>Cartas que nunca envías · Unsent</title>" in home
    assert "<h1>Dilo todo. No envíes nada.</h1>" in home
    assert "<li><strong>Nunca se envía.</strong> Unsent no tiene ninguna forma" in home
    assert ">Empezar a escribir</a>" in home
    assert ">Ya tengo una cuenta</a>" in home
    for english in ("Say everything. Send nothing.", "Never sent.", "Start writing"):
        assert english not in home


def test_the_login_page_and_its_refusal_are_in_spanish(spanish, alice):
    login = page(spanish, "login")
    assert "<h1>Hola de nuevo</h1>" in login
    assert '<button type="submit" class="btn btn-primary">Iniciar sesión</button>' in login
    assert '<button type="submit" class="btn btn-outline-primary">Usar una llave de acceso' in login
    assert (
        '¿Olvidaste tu contraseña? <a href="/recover/">Usa tu código de recuperación</a>.' in login
    )
    assert '¿Es tu primera vez aquí? <a href="/signup/">Crea una cuenta</a>.' in login
    wrong = spanish.post(reverse("login"), {"username": "alice", "password": "not it at all"})
    refusal = wrong.content.decode()
    assert (
        "Ese nombre de usuario y esa contraseña no coinciden. Revisa los dos y vuelve a "
        "intentarlo; las mayúsculas cuentan. Después de 5 intentos que no coincidan, el inicio "
        "de sesión se pausa 15 minutos, para que tus cartas sigan a salvo."
    ) in refusal
    for english in ("Welcome back", "Forgot your password?", "don&#x27;t go together"):
        assert english not in login + refusal


def test_the_pause_after_five_tries_is_in_spanish(spanish, alice):
    for _ in range(5):
        response = spanish.post(reverse("login"), {"username": "alice", "password": "a guess"})
    assert response.status_code == 429
    paused = response.content.decode()
    assert "<h1>Hagamos una pausa</h1>" in paused
    assert "<strong>Puedes volver a intentarlo dentro de 15 minutos.</strong>" in paused
    assert "<title>Espera un poco, por favor · Unsent</title>" in paused
    assert "You can try again" not in paused and "Let&#x27;s pause" not in paused


def test_signing_up_in_spanish_says_what_is_wrong_then_shows_the_code(spanish, db):
    signup = page(spanish, "signup")
    assert "<h1>Crea un lugar para tus cartas</h1>" in signup
    assert "<strong>Lee esto primero, por favor.</strong>" in signup
    assert "Al menos 12 caracteres. Unas cuantas palabras seguidas funcionan bien." in signup
    assert '<button type="submit" class="btn btn-primary">Crear mi cuenta</button>' in signup
    refused = spanish.post(
        reverse("signup"),
        {"username": "no spaces", "password1": PASSWORD, "password2": "another one"},
    ).content.decode()
    assert (
        "Escribe un nombre de usuario válido. Solo puede tener letras, números y los "
        "caracteres @/./+/-/_."
    ) in refused
    assert "Las dos contraseñas no son iguales." in refused
    assert "Introduza" not in refused  # Django's own Spanish, which says usted (and misspells it)
    guessable = spanish.post(
        reverse("signup"),
        {"username": "carmen", "password1": "123456789012", "password2": "123456789012"},
    ).content.decode()
    assert "Esta contraseña sigue una secuencia simple, como 1234… o qwerty…" in guessable
    made = spanish.post(
        reverse("signup"),
        {"username": "carmen", "password1": PASSWORD, "password2": PASSWORD, "understood": "on"},
    )
    assert made.url == reverse("recovery_code")
    code = page(spanish, "recovery_code")
    assert "<h1>Tu código de recuperación</h1>" in code
    assert 'download="codigo-de-recuperacion.txt"' in code
    assert ">Imprimir</button>" in code
    assert (
        '<button type="submit" class="btn btn-primary">Continuar a mi escritorio</button>' in code
    )
    assert "Make a place" not in signup and "Your recovery code" not in code
    saved = spanish.post(reverse("recovery_code"), {"saved": "on"}, follow=True)
    assert shown(saved) == ["Bien, ya tienes tu código de recuperación. Tu escritorio está listo."]


def test_recovering_in_spanish_says_when_the_code_does_not_fit(spanish, alice):
    recover = page(spanish, "recover")
    assert "<h1>Usa tu código de recuperación</h1>" in recover
    assert "La misma contraseña una vez más, para asegurarnos de que es la que querías." in recover
    assert "introduzca" not in recover
    refused = spanish.post(
        reverse("recover"),
        {
            "username": "alice",
            "recovery_code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG",
            "new_password1": PASSWORD + "!",
            "new_password2": PASSWORD + "!",
        },
    ).content.decode()
    assert (
        "Ese nombre de usuario y ese código de recuperación no coinciden. Revisa el código y "
        "vuelve a intentarlo."
    ) in refused
    assert "don&#x27;t go together" not in refused


def test_the_offline_page_and_the_manifest_follow_the_browsers_language(spanish, db):
    offline = page(spanish, "offline")
    assert '<html lang="es" dir="ltr"' in offline
    assert "<h1>Ahora mismo no hay conexión</h1>" in offline
    assert ">Intentar de nuevo</a>" in offline
    assert "No connection just now" not in offline
    manifest = spanish.get(reverse("manifest")).json()
    assert (manifest["lang"], manifest["dir"]) == ("es", "ltr")
    assert manifest["description"] == "Cartas a tu ex que nunca se envían."
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("manifest")).json()
    assert (english["lang"], english["description"]) == (
        "en-GB",
        "Letters to an ex that are never sent.",
    )


def test_the_scripts_words_are_in_the_spanish_catalog():
    catalog = Path(finders.find("jsi18n/es/djangojs.js")).read_text(encoding="utf-8")
    assert '"Waiting for your passkey\\u2026": "Esperando a tu llave de acceso\\u2026"' in catalog
    assert (
        '"Your Unsent recovery code": "Tu c\\u00f3digo de recuperaci\\u00f3n de Unsent"' in catalog
    )


# Logged in -------------------------------------------------------------------------------------


def test_the_account_page_is_in_spanish(alice_spanish):
    account = page(alice_spanish, "account")
    assert "<title>Tu cuenta · Unsent</title>" in account
    assert '<a href="/account/passkeys/">Llaves de acceso</a>' in account
    assert "Descargar todas mis cartas</a>" in account
    assert "Y todas tus cartas con ella, para siempre" in account
    assert "Your account" not in account and "Delete my account" not in account


def test_changing_the_password_in_spanish(alice_spanish, alice):
    form = page(alice_spanish, "password_change")
    assert "<h1>Cambiar tu contraseña</h1>" in form
    assert "Tu contraseña actual" in form
    wrong = alice_spanish.post(
        reverse("password_change"),
        {"password": "not it", "new_password1": "x" * 12, "new_password2": "x" * 12},
    ).content.decode()
    assert "Esa contraseña no coincide. Inténtalo otra vez, por favor." in wrong
    assert "Esta contraseña repite una y otra vez los mismos pocos caracteres" in wrong
    new = "a-slow-train-past-the-orchard"
    changed = alice_spanish.post(
        reverse("password_change"),
        {"password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert shown(changed) == ["Tu contraseña ha cambiado. Tus cartas están tal como estaban."]
    assert "Change your password" not in form and "doesn&#x27;t match" not in wrong


def test_the_unlock_page_is_in_spanish(alice_spanish):
    unlock = page(alice_spanish, "unlock")
    assert "<h1>Desbloquea tus cartas</h1>" in unlock
    assert '<button type="submit" class="btn btn-primary">Desbloquear</button>' in unlock
    assert "O, sin escribir nada:" in unlock
    assert "Unlock your letters" not in unlock


def test_the_page_after_the_editors_way_back_in_is_in_spanish(alice_spanish):
    back_in = page(alice_spanish, "back_in")
    assert "<h1>Has vuelto a entrar</h1>" in back_in
    assert "Puedes cerrar esta pestaña y volver a ella." in back_in
    assert "back in" not in back_in


def test_passkeys_in_spanish_with_their_dates(alice_spanish, alice):
    assert "No tienes llaves de acceso." in page(alice_spanish, "passkeys")
    added = add_passkey(alice_spanish, PASSWORD, SoftPasskey(), name="mi teléfono")
    assert added.url == reverse("passkeys")
    # Test set-up, not the app: fixed days, so the page can be compared exactly.
    Passkey.objects.update(
        created=datetime.datetime(2026, 11, 28, 12, tzinfo=UTC),
        last_used=datetime.datetime(2026, 12, 1, 12, tzinfo=UTC),
    )
    passkeys = page(alice_spanish, "passkeys")
    assert (
        "Añadida el 28 de noviembre de 2026 · usada por última vez el 1 de diciembre de 2026"
    ) in passkeys
    assert "Nuevo nombre para mi teléfono</label>" in passkeys
    assert ">Cambiar el nombre</button>" in passkeys
    assert ">Quitar mi teléfono…</summary>" in passkeys
    assert ">Sí, quitar mi teléfono</button>" in passkeys
    stored = Passkey.objects.get()
    refused = alice_spanish.post(reverse("passkey_rename", args=[stored.id]), {"name": ""})
    assert "Escribe primero el nombre nuevo y luego pulsa Cambiar el nombre." in (
        refused.content.decode()
    )
    renamed = alice_spanish.post(reverse("passkey_rename", args=[stored.id]), {"name": "el móvil"})
    assert shown(alice_spanish.get(renamed.url)) == ["Nombre cambiado."]
    assert Passkey.objects.get().read_name(alice.user_key) == "el móvil"
    removed = alice_spanish.post(reverse("passkey_remove", args=[stored.id]))
    assert shown(alice_spanish.get(removed.url)) == [
        "Esa llave de acceso se ha quitado. Ya no puede abrir nada aquí."
    ]
    for english in ("Added 28", "last used", "Rename", "Your passkeys"):
        assert english not in passkeys


def test_adding_a_passkey_in_spanish_and_its_refusals(alice_spanish):
    start = alice_spanish.post(reverse("passkey_start"), {"password": PASSWORD}).content.decode()
    assert "<h1>Añadir una llave de acceso</h1>" in start
    assert ">Crear la llave de acceso</button>" in start
    assert "Un nombre para ella" in start
    without_prf = add_passkey(alice_spanish, PASSWORD, SoftPasskey(prf=False)).content.decode()
    assert (
        "Esta llave de acceso no puede abrir tus cartas aquí, así que Unsent no puede usarla; "
        "tu contraseña sigue funcionando."
    ) in without_prf
    elsewhere = add_passkey(alice_spanish, PASSWORD, SoftPasskey(origin="https://unsent.example"))
    assert "No se pudo añadir esa llave de acceso. Inténtalo otra vez, por favor." in (
        elsewhere.content.decode()
    )
    assert "Add a passkey" not in start and "couldn&#x27;t be added" not in without_prf


def test_deleting_the_account_in_spanish(alice_spanish, alice):
    form = page(alice_spanish, "delete_account")
    assert "<h1>Borrar tu cuenta</h1>" in form
    assert 'class="btn btn-danger">Borrarlo todo</button>' in form
    assert ">Conservar mi cuenta</a>" in form
    gone = alice_spanish.post(
        reverse("delete_account"), {"password": PASSWORD, "confirm": "on"}, follow=True
    ).content.decode()
    assert "<h1>Ya no queda nada</h1>" in gone
    assert "Everything is gone" not in gone and "Delete everything" not in form


def test_logging_out_in_spanish(alice_spanish):
    out = alice_spanish.post(reverse("logout"), follow=True).content.decode()
    assert "<h1>Has cerrado sesión</h1>" in out
    assert ">Volver a iniciar sesión</a>" in out
    assert "logged out" not in out


# Taking letters away and bringing them back ----------------------------------------------------


def test_a_spanish_writers_export_is_in_spanish_with_iso_dates_in_letters_json(alice, settings):
    settings.TIME_ZONE = "UTC"
    profile = alice.user.profile
    profile.language = "es"
    profile.save(update_fields=["language"])
    on_the_day(settings, datetime.date(2026, 10, 29))
    locked = write_letter(alice, body="not yet")
    locked.seal(clock.today() + datetime.timedelta(days=30))
    draft = write_letter(alice, body="hola", recipient="Sam")
    # Test set-up, not the app: fixed moments, so the file can be compared exactly.
    Letter.objects.filter(id=draft.id).update(
        created=datetime.datetime(2026, 10, 3, 21, 3, tzinfo=UTC),
        updated=datetime.datetime(2026, 10, 3, 21, 40, tzinfo=UTC),
    )
    # The zip is streamed after the view has returned: whatever language is active then, the
    # Markdown files are the writer's.
    with translation.override("en"):
        archive = b"".join(exporting.stream(alice.user, alice.user_key))
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        markdown = {name: files.read(name).decode() for name in files.namelist()}
    locked_md = markdown[f"2026-10-29-sealed-{locked.id.hex[:8]}.md"]
    assert "- Estado: " in locked_md and "- Se abre: 28 de noviembre de 2026\n" in locked_md
    assert locked_md.endswith(
        "---\n\nSellada hasta el 28 de noviembre de 2026. Elegiste dejar que esta carta "
        "esperara, así que sus palabras siguen bajo llave y no están en esta exportación. "
        "Cuando se abra, vuelve a exportar para llevártelas.\n"
    )
    assert markdown[f"2026-10-03-draft-{draft.id.hex[:8]}.md"] == (
        "- Escrita: 3 de octubre de 2026, 21:03 UTC\n"
        "- Último cambio: 3 de octubre de 2026, 21:40 UTC\n"
        "- Estado: Borrador\n"
        "\n---\n\n# Sin título\n\nPara Sam:\n\nhola\n"
    )
    # Oldest first: the draft, then the sealed letter.
    draft_json, locked_json = json.loads(markdown["letters.json"])["letters"]
    assert draft_json["created"] == "2026-10-03T21:03:00+00:00"
    assert (locked_json["opens_on"], locked_json["time_locked"]) == ("2026-11-28", True)
    assert "Sealed until" not in locked_md and "Written:" not in "".join(markdown.values())


def test_the_export_page_and_a_wrong_password_in_spanish(alice_spanish):
    form = page(alice_spanish, "export_letters")
    assert "<h1>Llévate tus cartas</h1>" in form
    assert '<button type="submit" class="btn btn-primary">Descargar mis cartas</button>' in form
    wrong = alice_spanish.post(reverse("export_letters"), {"password": "nope"}).content.decode()
    assert "Esa contraseña no coincide. Inténtalo otra vez, por favor." in wrong
    assert "Take your letters with you" not in form


def test_the_export_from_the_page_is_in_the_pages_language(alice_spanish, alice, settings):
    settings.TIME_ZONE = "UTC"
    on_the_day(settings, datetime.date(2026, 10, 29))
    write_letter(alice, body="not yet").seal(datetime.date(2026, 11, 28))
    response = alice_spanish.post(reverse("export_letters"), {"password": PASSWORD})
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as files:
        texts = [files.read(name).decode() for name in files.namelist() if name.endswith(".md")]
    assert texts[0].startswith("- Escrita: 29 de octubre de 2026, ")
    assert "Sellada hasta el 28 de noviembre de 2026." in texts[0]


def upload(client: Client, content: bytes):
    file = SimpleUploadedFile("unsent-letters-2026-11-24.zip", content)
    return client.post(reverse("import_letters"), {"file": file})


def test_importing_in_spanish_says_what_came_and_what_did_not(alice_spanish, alice, bob):
    form = page(alice_spanish, "import_letters")
    assert "<h1>Trae tus cartas aquí</h1>" in form
    assert (
        "El archivo zip que te dio Unsent, o el letters.json que hay dentro. Hasta 512 MB." in form
    )
    for body in ("one", "two"):
        write_letter(bob, body=body)
    bobs = b"".join(exporting.stream(bob.user, bob.user_key))
    imported = upload(alice_spanish, bobs)
    assert shown(alice_spanish.get(imported.url)) == [
        "Se importaron 2 cartas, con sus fechas, sus estados, sus ideas para escribir, lo que "
        "sentías y sus notas."
    ]
    again = upload(alice_spanish, bobs)
    assert shown(alice_spanish.get(again.url)) == [
        "No se importó ninguna carta nueva.",
        "Se omitieron 2 cartas que ya estaban aquí: las mismas palabras, escritas en el mismo "
        "momento.",
    ]
    assert "Bring your letters here" not in form


def test_a_refused_file_is_explained_in_spanish(alice_spanish):
    wrong = upload(alice_spanish, b"hello there")
    assert wrong.context["form"].errors["file"] == [
        "Esto no parece una exportación de Unsent. Elige el archivo zip que te dio Unsent, o el "
        "letters.json que hay dentro. No se importó nada."
    ]
    letter = {
        "created": "not a day",
        "updated": "2025-03-14T21:40:00+00:00",
        "status": "draft",
        "sealed_at": None,
        "archived_at": None,
        "opens_on": None,
        "time_locked": False,
    }
    document = {"format": "unsent-letters", "version": 1, "exported_at": None, "letters": [letter]}
    damaged = upload(alice_spanish, json.dumps(document).encode())
    assert damaged.context["form"].errors["file"] == [
        "La carta 1 del archivo no tiene el campo 'prompt_slug'. No se importó nada."
    ]
    document["letters"] = [letter | dict.fromkeys(("prompt_slug", "title", "recipient"), "")]
    document["letters"][0] |= {"prompt_text": "", "body": "", "feelings": {}, "notes": []}
    undated = upload(alice_spanish, json.dumps(document).encode())
    assert undated.context["form"].errors["file"] == [
        "La carta 1 del archivo tiene un campo 'created' que no es una fecha y hora con zona "
        "horaria, de 1980 en adelante. No se importó nada."
    ]
