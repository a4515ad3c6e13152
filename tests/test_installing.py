"""Installing Unsent: the manifest, the service worker (static files and the offline page only)
and the offline page, the same for everyone."""

import json
import re
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from letters.views import installing
from tests.conftest import write_letter

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STATIC_TAG = re.compile(r"""\{% static ['"]([^'"]+)['"] %\}""")


def png_size(path: str) -> tuple[int, int]:
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_opens_unsent_in_its_own_window_from_its_home(client, db):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "Unsent"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert [(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]] == [
        ("any", "any"),
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    ]


def test_the_manifests_icons_are_served_at_the_sizes_it_names(client, db):
    for icon in json.loads(client.get(reverse("manifest")).content)["icons"]:
        source = next(n for n in installing.STATIC_FILES if static(n) == icon["src"])
        # The hashed name, so that a new drawing is fetched anew.
        assert icon["src"] != f"/static/{source}"
        if icon["type"] == "image/png":
            width = int(icon["sizes"].split("x")[0])
            assert png_size(finders.find(source)) == (width, width)
    assert png_size(finders.find("img/apple-touch-icon.png")) == (180, 180)


def test_the_service_worker_is_served_from_the_root_as_a_script(client, db):
    response = client.get("/service-worker.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert "no-cache" in response["Cache-Control"]


def test_the_service_worker_keeps_only_static_files_the_offline_page_and_the_recipe(
    alice_client, alice
):
    write_letter(alice, body="the words of a letter")
    script = alice_client.get(reverse("service_worker")).content.decode()
    files = json.loads(re.search(r"^var FILES = (\[.*\]);$", script, re.MULTILINE)[1])
    assert files == [static(name) for name in installing.STATIC_FILES]
    assert all(f.startswith("/static/") for f in files)
    assert re.search(r'^var OFFLINE = "/offline/";$', script, re.MULTILINE)
    assert re.search(r'^var EXIT = "/exit/";$', script, re.MULTILINE)
    assert "FILES.concat([OFFLINE, EXIT])" in script
    # Pages go to the network and are never put in the cache: the files are written at install,
    # and the one other write is an empty marker, that a quick exit has not locked the keys yet.
    assert script.count("cache.addAll(") == 1 and "cache.add(" not in script
    assert re.findall(r"\.put\([^)]*\)", script) == ['.put(AWAY, new Response("")']


def test_the_service_worker_knows_the_editors_quick_exit_by_its_address(alice_client, alice):
    script = alice_client.get(reverse("service_worker")).content.decode()
    pattern = json.loads(re.search(r"^var LEAVE = new RegExp\((.*)\);$", script, re.MULTILINE)[1])
    letter = write_letter(alice, body="x")
    assert re.fullmatch(pattern, reverse("leave_letter", args=[letter.id]))
    for other in (reverse("save", args=[letter.id]), reverse("edit", args=[letter.id]), "/exit/"):
        assert not re.fullmatch(pattern, other), other


def test_the_service_workers_version_follows_the_files(client, db, monkeypatch):
    def version() -> str:
        script = client.get(reverse("service_worker")).content.decode()
        return re.search(r'^var VERSION = "([0-9a-f]{16})";$', script, re.MULTILINE)[1]

    before = version()
    assert version() == before
    monkeypatch.setattr(installing, "STATIC_FILES", installing.STATIC_FILES[:-1])
    assert version() != before


def test_every_static_file_a_page_loads_is_kept_for_offline():
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        used |= set(STATIC_TAG.findall(template.read_text(encoding="utf-8")))
    assert "js/install.js" in used
    # base.html loads the scripts' words with {% statici18n %}, one file per language.
    assert {"jsi18n/en/djangojs.js", "jsi18n/es/djangojs.js"} <= set(installing.STATIC_FILES)
    assert used <= set(installing.STATIC_FILES)
    assert all(finders.find(name) for name in installing.STATIC_FILES)


def test_the_offline_page_is_the_same_for_everyone_and_holds_no_form(alice_client, alice):
    write_letter(alice, title="Untitled thoughts")
    mine = alice_client.get(reverse("offline"))
    anyones = Client().get(reverse("offline"))
    assert mine.status_code == anyones.status_code == 200
    assert mine.content == anyones.content
    page = anyones.content.decode()
    assert "No connection just now" in page
    assert "<form" not in page and "csrfmiddlewaretoken" not in page
    assert "Untitled thoughts" not in page and "alice" not in page and "Log out" not in page
    assert 'href="/help/"' in page
    # Quick exit too: with no connection, the service worker answers it with the recipe.
    assert '<a class="btn btn-sm btn-secondary quick-exit" href="/exit/">Quick exit</a>' in page


def test_every_page_links_the_manifest_and_registers_the_service_worker(alice_client, alice):
    for url in (reverse("home"), reverse("login")):
        page = Client().get(url).content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page
        script = f'<script src="{static("js/install.js")}" data-service-worker="/service-worker.js"'
        assert script in page
    desk = alice_client.get(reverse("desk")).content.decode()
    assert 'data-service-worker="/service-worker.js"' in desk
    # The help page runs no script; it keeps its manifest, which is not one.
    help_page = Client().get(reverse("help")).content.decode()
    assert "<script" not in help_page
    assert '<link rel="manifest" href="/manifest.webmanifest">' in help_page


def test_they_reject_post(alice_client):
    for name in ("manifest", "service_worker", "offline"):
        assert alice_client.post(reverse(name)).status_code == 405, name


def test_the_icon_opens_unsent_on_purpose_even_after_a_quick_exit(alice_client):
    """After a quick exit every page shows the recipe until Unsent is opened on purpose; the
    installed app has no address bar, so its icon must be that purpose."""
    alice_client.get(reverse("quick_exit"))
    assert "Simple lentil soup" in alice_client.get(reverse("desk")).content.decode()
    start = json.loads(alice_client.get(reverse("manifest")).content)["start_url"]
    response = alice_client.get(start, follow=True)
    assert [url for url, _ in response.redirect_chain] == ["/desk/", "/unlock/?next=%2Fdesk%2F"]
    assert "<h1>Unlock your letters</h1>" in response.content.decode()


@pytest.mark.parametrize("name", ["help", "offline", "manifest", "service_worker"])
def test_a_head_request_is_answered_as_a_get_would_be(client, db, name):
    """Link checkers and uptime monitors ask with HEAD: the help page is there for them too."""
    assert client.head(reverse(name)).status_code == 200
