"""Fixtures: two writers, alice (the owner) and bob (a stranger), with real keys."""

from __future__ import annotations

import datetime
import html
import io
import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import translation

from letters.keys import crypto
from letters.models import Letter, LetterText, Passkey, Profile, Quiet, QuietDate

PASSWORD = "a-quiet-river-under-glass"


@dataclass
class Writer:
    user: object
    password: str
    user_key: bytes
    recovery_code: str


@pytest.fixture(autouse=True)
def floor_kdf(settings):
    """Run Argon2id at OWASP's floor: real derivations, at a tenth of production's cost."""
    settings.UNSENT_KDF = str(crypto.FLOOR)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached template fragments (the nav, empty forms, prompts)."""
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request leaves its language active in the
    thread (LocaleMiddleware), and code called outside a request would read in it."""
    translation.deactivate()


@pytest.hookimpl(trylast=True)  # after pytest-django has destroyed the test database
def pytest_sessionfinish(session, exitstatus):
    """Remove the test database's lock file (config/sqlite), which outlives the database."""
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if settings.DATABASES["default"]["ENGINE"] == "config.sqlite" and name:
        Path(f"{name}.lock").unlink(missing_ok=True)


def make_writer(username: str, password: str = PASSWORD) -> Writer:
    user = get_user_model().objects.create_user(username=username, password=password)
    user_key, code = Profile.create_keys(user, password)
    return Writer(user, password, user_key, code)


@pytest.fixture
def alice(db) -> Writer:
    return make_writer("alice")


@pytest.fixture
def bob(db) -> Writer:
    return make_writer("bob")


def log_in(client: Client, writer: Writer) -> Client:
    """Log in through the real login view, so the split key is made as in production."""
    response = client.post(
        reverse("login"), {"username": writer.user.username, "password": writer.password}
    )
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def alice_client(client, alice) -> Client:
    return log_in(client, alice)


@pytest.fixture
def bob_client(bob) -> Client:
    return log_in(Client(), bob)


def write_letter(writer: Writer, body: str = "I still think of you.", **fields) -> Letter:
    """A draft of the writer's with the given text, made as the views make it."""
    letter = Letter.start(writer.user, writer.user_key, prompt_slug=fields.pop("prompt_slug", ""))
    text = LetterText(
        body=body, title=fields.get("title", ""), recipient=fields.get("recipient", "")
    )
    letter.revise(writer.user_key, text, base_version=letter.version)
    return letter


def as_sealed_yesterday(letter_id: object) -> None:
    """Move a letter's seal a day back: on the day it is sealed it rests, and takes no note."""
    day = datetime.timedelta(days=1)
    Letter.objects.filter(id=letter_id).update(sealed_at=models.F("sealed_at") - day)


def seal_a_day_ago(letter: Letter) -> Letter:
    letter.seal()
    as_sealed_yesterday(letter.id)
    letter.refresh_from_db()
    return letter


def enrol_passkey(
    writer: Writer,
    credential_id: str = "Y3JlZGVudGlhbC1vbmU",
    prf: bytes = bytes(range(32)),
    name: str = "my phone",
) -> Passkey:
    """A passkey of the writer's, kept as the passkey views keep one, with this PRF output."""
    return Passkey.enrol(
        writer.user,
        writer.user_key,
        credential_id=credential_id,
        public_key=b"cose",
        sign_count=0,
        user_handle=os.urandom(32),
        prf_output=prf,
        name=name,
    )


NEW_LETTER_SAVE_URL = re.compile(r'data-autosave-url="(/letters/new/([0-9a-f-]{36})/save/)"')
NEW_LETTER_TOKEN = re.compile(r'<input type="hidden" name="start" value="([^"]+)">')
EDITOR_RECIPIENT = re.compile(r'<input type="text" name="recipient" (?:value="([^"]*)")?')


def begin_letter(client: Client, prompt_slug: str = "", body: str = "", title: str = "") -> Letter:
    """Open a new letter as the desk's button does, then make it with its first autosave."""
    page = client.post(reverse("new_letter"), {"prompt": prompt_slug} if prompt_slug else {})
    page = page.content.decode()
    save_url = NEW_LETTER_SAVE_URL.search(page)
    first_save = {
        "body": body,
        "title": title,
        "recipient": html.unescape(EDITOR_RECIPIENT.search(page).group(1) or ""),
        "version": 1,
        "start": NEW_LETTER_TOKEN.search(page).group(1),
    }
    response = client.post(save_url.group(1), json.dumps(first_save), "application/json")
    assert response.status_code == 200, response.content
    return Letter.objects.get(id=save_url.group(2))


def add_quiet_date(writer: Writer, day: datetime.date, label: str = "") -> QuietDate:
    """A quiet date of the writer's on that day of the year, sealed as the settings page does."""
    quiet_date = QuietDate(owner=writer.user)
    quiet_date.seal(writer.user_key, Quiet(day.month, day.day, label))
    quiet_date.save()
    return quiet_date


def record_contact(writer: Writer, on: datetime.date, note: str = "") -> bool:
    """A day of contact of the writer's, kept as the no-contact page keeps it."""
    profile = Profile.objects.get(user=writer.user)
    return profile.record_contact(writer.user_key, on, note)


def many_letters(writer: Writer, count: int, status: str = "draft", **fields) -> list[Letter]:
    """Many real, encrypted letters at once, for tests of pages that must not slow down."""
    letters = []
    for n in range(count):
        letter = Letter.compose(
            writer.user,
            writer.user_key,
            LetterText(body=f"letter number {n}", title="", recipient=""),
        )
        letter.status = status
        for name, value in fields.items():
            setattr(letter, name, value)
        letters.append(letter)
    return Letter.objects.bulk_create(letters)


def import_letters(user: object, user_key: bytes, export: bytes | io.BufferedIOBase) -> object:
    """Import a whole export as the import page does: check it all, then restore its letters."""
    from letters.portability import format as export_format
    from letters.portability import restore

    export = io.BytesIO(export) if isinstance(export, bytes) else export
    export_format.read_export(export)
    return restore.restore_letters(user, user_key, export)


def url_routes() -> list[str]:
    """Every route of the URL conf as written (`letters/<uuid:letter_id>/`), but the admin's.

    The admin is the operator's, with Django's own pages; everything else is the writer's.
    """
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix: str) -> list[str]:
        routes = []
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route != "admin/":
                    routes += walk(pattern.url_patterns, route)
            else:
                routes.append(route)
        return routes

    return walk(get_resolver().url_patterns, "")


def url_of(route: str, **values: object) -> str:
    """The route with its parameters filled in from values, by name; ids no test row has (a
    passkey's, a day of contact's) and a language are filled in unless given."""
    values = {"passkey_id": uuid.uuid4(), "mark_id": uuid.uuid4(), "language": "es", **values}
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(values[match[1]]), route)


def raw_database_bytes() -> bytes:
    """The SQLite file with its WAL and shared-memory files, as a thief would copy them."""
    name = Path(connection.settings_dict["NAME"])
    return b"".join(
        path.read_bytes()
        for path in (name, Path(f"{name}-wal"), Path(f"{name}-shm"))
        if path.exists()
    )


def still_in_files(blobs: list[bytes]) -> list[str]:
    """The blobs the SQLite files still hold once a delete's erasure has had its window."""
    from letters.models import erasure

    deadline = time.monotonic() + erasure.ERASE_WITHIN_SECONDS
    while True:
        raw = raw_database_bytes()
        found = [blob[:8].hex() for blob in blobs if blob in raw]
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)
