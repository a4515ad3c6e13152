"""`manage.py backup PATH`: a consistent copy that restores into a fresh instance, where every
writer opens every letter with their password. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import make_writer, write_letter

pytestmark = pytest.mark.django_db(transaction=True)

# Run in the restored instance: log in as each writer and open every letter of theirs.
OPEN_EVERY_LETTER = """
import json, os
from django.contrib.auth import get_user_model
from letters.keys import keyring
from letters.models import Letter, Profile

opened = {}
for username, password in json.loads(os.environ["WRITERS"]).items():
    user = get_user_model().objects.get(username=username)
    assert user.check_password(password)
    user_key = Profile.objects.get(user=user).open_with_password(password)
    for letter in Letter.objects.filter(owner=user):
        opened[str(letter.id)] = letter.read(user_key).body
print(json.dumps(opened))
"""


def backup(path: Path) -> str:
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def postgres_env() -> dict[str, str]:
    """libpq's variables for the server the tests run on."""
    connection.ensure_connection()
    info = connection.connection.info
    env = {**os.environ, "PGHOST": info.host, "PGPORT": str(info.port), "PGUSER": info.user}
    if info.password:
        env["PGPASSWORD"] = info.password
    return env


@contextmanager
def restored(backup_path: Path) -> Iterator[dict[str, str]]:
    """Restore a backup into a fresh database; yield the settings that point a server at it."""
    if connection.vendor == "sqlite":
        yield {"SQLITE_PATH": str(backup_path)}  # the backup is itself the database
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    env = postgres_env()
    subprocess.run(["dropdb", "--if-exists", name], env=env, check=True)
    subprocess.run(["createdb", name], env=env, check=True)
    try:
        restore = ["pg_restore", "--no-owner", f"--dbname={name}", backup_path]
        subprocess.run(restore, env=env, check=True)
        url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}")
        yield {"DATABASE_URL": urlunsplit(url)}
    finally:
        subprocess.run(["dropdb", "--if-exists", name], env=env, check=True)


def open_letters_in(database: dict[str, str], writers: dict[str, str]) -> dict[str, str]:
    env = {
        **{name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
        **database,
        "SECRET_KEY": secrets.token_urlsafe(50),  # a fresh server: the letters do not need it
        "WRITERS": json.dumps(writers),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", OPEN_EVERY_LETTER],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_every_letter_opens_in_the_restored_instance(tmp_path):
    alice, bob = make_writer("alice"), make_writer("bob", "another-long-password")
    draft = write_letter(alice, body="A draft, still warm.")
    sealed = write_letter(alice, body="Sealed for good.")
    sealed.seal()
    archived = write_letter(alice, body="Tucked away.")
    archived.archive()
    write_letter(alice, body="Shredded before the backup.").shred()
    bobs = write_letter(bob, body="Bob's only letter.")
    path = tmp_path / "unsent.backup"

    assert backup(path) == f"{path}: {path.stat().st_size} bytes\n"  # and nothing else
    with restored(path) as database:
        opened = open_letters_in(database, {"alice": alice.password, "bob": bob.password})

    assert opened == {
        str(draft.id): "A draft, still warm.",
        str(sealed.id): "Sealed for good.",
        str(archived.id): "Tucked away.",
        str(bobs.id): "Bob's only letter.",
    }


def test_the_backup_holds_no_letter_text(tmp_path):
    write_letter(make_writer("carol"), body="BACKUPMARK-the-lake-at-dusk")
    path = tmp_path / "unsent.backup"

    backup(path)

    assert b"BACKUPMARK" not in path.read_bytes()
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_it_refuses_to_overwrite_a_file(tmp_path):
    path = tmp_path / "unsent.backup"
    path.write_bytes(b"something else")

    with pytest.raises(CommandError, match="already exists"):
        backup(path)

    assert path.read_bytes() == b"something else"
