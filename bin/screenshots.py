"""Take screenshots of Unsent's main pages, desktop and phone, light and dark; and the desk and
the editor in Spanish.

Run with `make screenshots`. It uses a throwaway database with a made-up writer, serves the app
on loopback with gunicorn, and saves PNGs in docs/screenshots/.
"""

import datetime
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "a-long-walk-by-the-sea"  # noqa: S105 - a made-up writer in a throwaway database
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SIZES = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 844}}
LETTER = """I keep starting messages to you and deleting them.

Tonight I walked past the café where we used to sit on Sundays, and for a second I forgot. \
I reached for my phone to tell you about the dog that was asleep in the window.

I'm not going to send this. I just needed to say it somewhere."""
# The same evening, as a writer whose pages are in Spanish might write it.
CARTA = """Empiezo a escribirte mensajes y los borro.

Esta noche pasé por el café donde nos sentábamos los domingos y, por un segundo, se me olvidó. \
Busqué el teléfono para contarte lo del perro dormido en la ventana.

No te lo voy a mandar. Solo necesitaba decirlo en algún sitio."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed() -> tuple[str, list[str], str]:
    """Make a writer with a few letters; return the id of the one to show, four to shred, and
    the one to show of a second writer, whose pages are in Spanish."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from letters import clock
    from letters.guidance import prompts
    from letters.models import Letter, LetterText, Profile

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("sam", password=PASSWORD)
    user_key, _ = Profile.create_keys(user, PASSWORD)
    prompt = prompts.library().everyday[4]
    shown = Letter.compose(user, user_key, LetterText(LETTER, "", "Alex"), prompt_slug=prompt.slug)
    shown.save()
    for body, title in [
        ("The first week was the hardest.", "Week one"),
        ("Why I wanted you to miss me.", ""),
    ]:
        Letter.compose(user, user_key, LetterText(body, title, "Alex")).save()
    later = Letter.compose(user, user_key, LetterText("For when the month is over.", "", ""))
    later.save()
    later.seal(clock.today() + datetime.timedelta(days=30))
    profile = Profile.objects.get(user=user)
    profile.record_contact(user_key, clock.today() - datetime.timedelta(days=12), "")
    to_shred = []
    for _ in range(4):  # one for each of the four looks (light, dark; desktop, phone)
        letter = Letter.compose(user, user_key, LetterText(LETTER, "Sundays", "Alex"))
        letter.save()
        to_shred.append(str(letter.id))
    lucia = get_user_model().objects.create_user("lucia", password=PASSWORD)
    lucia_key, _ = Profile.create_keys(lucia, PASSWORD)
    Profile.objects.filter(user=lucia).update(language="es")
    for body, title in [("La primera semana fue la más dura.", "Semana uno"), (CARTA, "")]:
        carta = Letter.compose(lucia, lucia_key, LetterText(body, title, "Álex"))
        carta.save()
    return str(shown.id), to_shred, str(carta.id)


def shoot(page: object, name: str) -> None:
    target = OUT / f"{name}.png"
    page.screenshot(path=target)
    print(target.relative_to(ROOT))


def log_in(page: object, username: str) -> None:
    """Log in (on the login page in the browser's language: English, then Spanish)."""
    page.goto("/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/desk/")


def main() -> None:
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp())
    os.environ.update(
        SQLITE_PATH=str(workdir / "screens.sqlite3"),
        SECRET_KEY=secrets.token_urlsafe(50),
        UNSENT_HTTPS="false",
        UNSENT_KDF="argon2id:m=19456,t=2,p=1",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    sys.path.insert(0, str(ROOT))
    letter_id, to_shred, carta_id = seed()
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.1)
        OUT.mkdir(parents=True, exist_ok=True)
        pages = {
            "desk": "/desk/",
            "editor": f"/letters/{letter_id}/edit/",
            "reading": f"/letters/{letter_id}/",
            "prompts": "/prompts/",
            "urge": "/urge/",
            "help": "/help/",
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            for scheme in ("light", "dark"):
                for size_name, viewport in SIZES.items():
                    context = browser.new_context(
                        base_url=base, viewport=viewport, color_scheme=scheme, locale="en-GB"
                    )
                    page = context.new_page()
                    log_in(page, "sam")
                    for name, path in pages.items():
                        page.goto(path)
                        shoot(page, f"{name}-{size_name}-{scheme}")
                    # The editor in focus mode: only the page and its line.
                    page.goto(pages["editor"])
                    page.get_by_role("button", name="Focus").click()
                    shoot(page, f"editor-focus-{size_name}-{scheme}")
                    # The shredding moment: the letter falling away in strips.
                    page.goto(f"/letters/{to_shred.pop()}/shred/")
                    page.get_by_label("Type the word shred").fill("shred")
                    page.get_by_role("button", name="Shred it for good").click()
                    page.wait_for_timeout(700)  # partway through the strips' fall
                    shoot(page, f"shredding-{size_name}-{scheme}")
                    context.close()
            # In Spanish (the writer's own setting): the desk and the editor.
            for size_name, viewport in SIZES.items():
                context = browser.new_context(
                    base_url=base, viewport=viewport, color_scheme="light", locale="es-ES"
                )
                page = context.new_page()
                log_in(page, "lucia")
                shoot(page, f"desk-{size_name}-light-es")
                page.goto(f"/letters/{carta_id}/edit/")
                shoot(page, f"editor-{size_name}-light-es")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
