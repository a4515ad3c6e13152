"""Every page's HTML passes the Nu Html Checker (vnu), logged out and logged in."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from letters import clock
from letters.guidance import prompts
from letters.models import CardText, CareCard, Letter
from tests.conftest import log_in, record_contact, write_letter

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SIGN_UP = {
    "username": "newcomer",
    "password1": "winter-light-on-water",
    "password2": "winter-light-on-water",
    "understood": "on",
}


def logged_out_pages(client):
    names = ["home", "login", "signup", "recover", "quick_exit", "help", "offline"]
    pages = {name: client.get(reverse(name)) for name in names}
    pages["404"] = client.get("/no-such-page/")
    return pages


def logged_in_pages(client, writer, language: str = "en"):
    draft = write_letter(writer, body="a draft\n<b>with markup</b>", title="T", recipient="Sam")
    sealed = write_letter(
        writer, body="sealed words", prompt_slug=prompts.library().everyday[0].slug
    )
    sealed.seal()
    locked = write_letter(writer, body="not yet")
    locked.seal(clock.today() + datetime.timedelta(days=9))
    record_contact(writer, clock.today() - datetime.timedelta(days=3))
    writer.user.profile.start_series(clock.today())
    write_letter(writer, body="the first morning", prompt_slug=prompts.library().series[0].slug)
    names = [
        "desk",
        "archive",
        "search",
        "prompts",
        "urge",
        "no_contact",
        "account",
        "password_change",
        "default_recipient",
        "settings",
        "looking_back",
        "delete_account",
        "shredded",
        "seven_mornings",
        "help",
        "edit_care_card",
        "passkeys",
        "unlock",
    ]
    pages = {name: client.get(reverse(name)) for name in names}
    CareCard.keep(writer.user, writer.user_key, CardText(people="Maya\n<b>07700</b>"))
    pages["care_card"] = client.get(reverse("care_card"))
    talk = write_letter(writer, prompt_slug="urge-someone-on-my-side")
    pages["edit talk-to prompt"] = client.get(reverse("edit", args=[talk.id]))
    pages["passkey add"] = client.post(reverse("passkey_start"), {"password": writer.password})
    for name in ("edit", "seal", "archive_letter", "shred", "how_now"):
        pages[name] = client.get(reverse(name, args=[draft.id]))
    weeks_ago = write_letter(writer, body="weeks ago")
    Letter.objects.filter(id=weeks_ago.id).update(created=clock.now() - datetime.timedelta(weeks=4))
    pages["looking back over weeks"] = client.get(reverse("looking_back"))
    pages["new letter"] = client.post(reverse("new_letter"))
    pages["read"] = client.get(reverse("read", args=[sealed.id]))
    pages["locked"] = client.get(reverse("read", args=[locked.id]))
    pages["search results"] = client.post(reverse("search"), {"q": "words"})
    pages["shred sealed"] = client.get(reverse("shred", args=[sealed.id]))
    pages["shred locked"] = client.get(reverse("shred", args=[locked.id]))
    to_seal = write_letter(writer, body="to seal now")
    pages["just sealed"] = client.post(reverse("seal", args=[to_seal.id]), {}, follow=True)
    newcomer = Client(HTTP_ACCEPT_LANGUAGE=language)
    newcomer.post(reverse("signup"), SIGN_UP)
    pages["recovery code"] = newcomer.get(reverse("recovery_code"))
    pages["desk before the code is saved"] = newcomer.get(reverse("desk"))
    pages["refused sign-up"] = Client(HTTP_ACCEPT_LANGUAGE=language).post(
        reverse("signup"), {**SIGN_UP, "password2": "x"}
    )
    refused = {"day": "", "label": "x" * 101}
    pages["refused quiet date"] = client.post(reverse("add_quiet_date"), refused)
    return pages


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_is_valid_html(alice, tmp_path, language):
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail(
            "The Nu Html Checker is missing: run `npm ci` (needs Java: apt-get install default-jre)"
        )
    pages = logged_out_pages(Client(HTTP_ACCEPT_LANGUAGE=language))
    pages |= logged_in_pages(log_in(Client(HTTP_ACCEPT_LANGUAGE=language), alice), alice, language)
    assert f'<html lang="{language}"' in pages["desk"].content.decode()
    for name, response in pages.items():
        assert response.status_code in (200, 400, 403, 404), name
        (tmp_path / f"{name.replace(' ', '-')}.html").write_bytes(response.content)
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *sorted(tmp_path.iterdir()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{Path(m['url']).name}: {m['message']}" for m in messages]
    assert errors == []
    assert len(pages) >= 25
