"""Import within limits: a small zip cannot take a worker's memory, nor a large upload its disk."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.models import Letter
from letters.portability import format as export_format
from letters.portability import restore
from tests.conftest import import_letters
from tests.test_import import a_file, a_letter, everything, upload

ROOT = Path(__file__).resolve().parent.parent
HEADER = b'{"format": "unsent-letters", "version": 1, "exported_at": "2026-11-24T06:00:00+00:00",'
TOO_LARGE = (
    "This file is larger than 1 MB, more than an export of letters should be. Nothing was imported."
)


@pytest.fixture(autouse=True)
def utc(settings):
    settings.TIME_ZONE = "UTC"


def bomb(path: Path, item: bytes, unpacked_bytes: int) -> Path:
    """A zip whose letters.json is the header, then the same letter over and over."""
    count = unpacked_bytes // (len(item) + 2)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("letters.json", "w") as member,
    ):
        member.write(HEADER + b' "letters": [' + item)
        for _ in range(count // 10_000):
            member.write((b", " + item) * 10_000)
        member.write(b"]}")
    return path


# The import page's own form, reading the file as the view gets it, in a process of its own so
# that its peak memory can be measured.
MEASURE = """
import json, os, resource, sys
import django

django.setup()
from django.core.files.uploadedfile import UploadedFile
from letters.forms.portability import ImportForm

with open(sys.argv[1], "rb") as file:
    upload = UploadedFile(file, "unsent-letters.zip", size=os.path.getsize(sys.argv[1]))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    form = ImportForm({}, {"file": upload})
    valid = form.is_valid()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rise_mb": (after - before) / 1024, "valid": valid, "errors": form.errors}))
"""


def import_measured(path: Path, tmp_path: Path) -> dict:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "test-only, not secret",
        "SQLITE_PATH": str(tmp_path / "unused.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout)


def test_a_60_mb_zip_bomb_of_empty_letters_is_refused_in_little_memory(tmp_path):
    path = bomb(tmp_path / "bomb.zip", b"{}", 60 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    measured = import_measured(path, tmp_path)
    assert measured["valid"] is False
    assert measured["errors"] == {
        "file": [
            "Letter 1 in the file doesn't say whether it is time-locked ('time_locked'). "
            "Nothing was imported."
        ]
    }
    assert measured["rise_mb"] < 100


def test_a_60_mb_zip_of_more_letters_than_imported_at_once_is_refused_in_little_memory(tmp_path):
    """Every letter is read and checked, one at a time, until there are too many."""
    letter = json.dumps(a_letter(body="x")).encode()
    path = bomb(tmp_path / "many.zip", letter, 60 * 1024 * 1024)
    measured = import_measured(path, tmp_path)
    assert measured["errors"] == {
        "file": [
            "This file holds more than 100,000 letters, more than Unsent imports at once. "
            "Nothing was imported."
        ]
    }
    assert measured["rise_mb"] < 100


class Endless(io.RawIOBase):
    """A file of any size, made as it is read, that counts what was read of it."""

    def __init__(self, start: bytes, filler: bytes, size: int) -> None:
        self.start, self.filler, self.size = start, filler, size
        self.pos = self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.pos = offset if whence == io.SEEK_SET else self.size + offset
        return self.pos

    def tell(self) -> int:
        return self.pos

    def readinto(self, buffer) -> int:
        count = max(0, min(len(buffer), self.size - self.pos))
        chunk = self.start[self.pos : self.pos + count]
        buffer[:count] = chunk + self.filler * (count - len(chunk))
        self.pos += count
        self.read_bytes += count
        return count


def test_a_letter_larger_than_any_letter_is_refused_before_it_is_read_whole(bob, settings):
    settings.UNSENT_MAX_LETTER_CHARS = 10
    # No letter of 10 characters comes near this, however it is written.
    limit = 12 * (10 + 400 + 10_000) + 2 * 1024 * 1024
    start = b"".join([HEADER, b' "letters": [', json.dumps(a_letter()).encode(), b', {"body": "'])
    source = Endless(start, b"y", 40 * 1024 * 1024)
    with pytest.raises(export_format.ExportFileError) as refused:
        import_letters(bob.user, bob.user_key, source)
    assert str(refused.value) == (
        "Letter 2 in the file is larger than any letter Unsent keeps. Nothing was imported."
    )
    assert source.read_bytes < 3 * limit
    assert Letter.objects.count() == 0


def test_a_field_of_the_file_larger_than_any_letter_is_refused(bob, settings):
    settings.UNSENT_MAX_LETTER_CHARS = 10
    source = Endless(b'{"format": "', b"y", 40 * 1024 * 1024)
    with pytest.raises(export_format.ExportFileError) as refused:
        import_letters(bob.user, bob.user_key, source)
    assert str(refused.value) == (
        "The file has a field larger than any letter Unsent keeps. Nothing was imported."
    )
    assert source.read_bytes < 10 * 1024 * 1024


def test_a_zip_claiming_less_than_it_holds_unpacks_no_more_and_is_refused(bob):
    archive = io.BytesIO()
    content = a_file(a_letter(body="y" * 100_000))
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as writer:
        writer.writestr("letters.json", content)
    # The central directory's claim of the unpacked size, rewritten smaller.
    data = bytearray(archive.getvalue())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    with pytest.raises(export_format.ExportFileError) as refused:
        import_letters(bob.user, bob.user_key, bytes(data))
    assert str(refused.value) == export_format.DAMAGED_ZIP
    assert Letter.objects.count() == 0


# The upload ----------------------------------------------------------------------------------


BOUNDARY = "unsent-boundary"


def multipart_start(field: str = "file") -> bytes:
    return (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="unsent-letters.zip"\r\n'
        "Content-Type: application/zip\r\n\r\n"
    ).encode()


def post_endless(client, size: int, page: str = "import_letters") -> tuple:
    body = Endless(multipart_start(), b"P", size)
    environ = {
        "wsgi.input": body,
        "CONTENT_LENGTH": str(size),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
    }
    return client.generic("POST", reverse(page), **environ), body


def test_an_upload_declared_over_the_limit_is_refused_unread(bob_client, monkeypatch):
    monkeypatch.setattr(export_format, "MAX_UPLOAD_BYTES", 1024 * 1024)
    response, body = post_endless(bob_client, 300 * 1024 * 1024)
    assert response.status_code == 413
    assert response.context["form"].errors["file"] == [TOO_LARGE]
    # The multipart parser reads ahead one chunk to find where the file starts.
    assert body.read_bytes <= 128 * 1024
    assert Letter.objects.count() == 0


def test_an_upload_that_passes_the_limit_as_it_is_read_stops_there(bob_client, monkeypatch):
    monkeypatch.setattr(export_format, "MAX_UPLOAD_BYTES", 1024 * 1024)
    response = upload(bob_client, b" " * (1024 * 1024 + 1) + a_file(a_letter()))
    assert response.status_code == 413
    assert response.context["form"].errors["file"] == [TOO_LARGE]
    page = response.content.decode()
    assert "This file is larger than 1 MB" in page
    assert "The zip file Unsent gave you, or the letters.json inside it." in page
    assert Letter.objects.count() == 0


def test_an_upload_within_the_limit_still_imports(bob_client, bob, monkeypatch):
    monkeypatch.setattr(export_format, "MAX_UPLOAD_BYTES", 1024 * 1024)
    response = upload(bob_client, b" " * (1000 * 1024) + a_file(a_letter()))
    assert response.status_code == 302
    assert Letter.objects.owned_by(bob.user).count() == 1


def test_a_file_over_the_limit_posted_to_any_page_is_refused_unread(db, settings, monkeypatch):
    """The check of the form's CSRF token reads the body of every POST, on every page."""
    monkeypatch.setattr(export_format, "MAX_UPLOAD_BYTES", 1024 * 1024)
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    response, body = post_endless(client, 300 * 1024 * 1024, page="login")
    assert response.status_code == 403
    assert body.read_bytes <= 128 * 1024


# Writing in batches ---------------------------------------------------------------------------


def inserts_of_letters(queries) -> int:
    table = Letter._meta.db_table
    return sum(1 for query in queries if query["sql"].startswith(f'INSERT INTO "{table}"'))


def test_the_import_writes_its_letters_a_batch_at_a_time(bob, monkeypatch):
    monkeypatch.setattr(restore, "BATCH_LETTERS", 2)
    letters = [a_letter(body=f"letter {n}") for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        report = import_letters(bob.user, bob.user_key, a_file(*letters))
    assert report == restore.ImportReport(imported=5, already_here=0, still_locked=0)
    assert inserts_of_letters(queries) == 3
    bodies = sorted(row[8] for row in everything(bob))
    assert bodies == [f"letter {n}".encode() for n in range(5)]


def test_each_batch_is_a_transaction_of_its_own(bob, monkeypatch):
    """Other writers wait for one batch at most: a transaction (a savepoint, inside the test's
    own) opens before each batch's letters are written and closes after them."""
    monkeypatch.setattr(restore, "BATCH_LETTERS", 2)
    letters = [a_letter(body=f"letter {n}") for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        import_letters(bob.user, bob.user_key, a_file(*letters))
    steps = []
    for query in queries:
        sql = query["sql"]
        if sql.startswith("SAVEPOINT"):
            steps.append("begin")
        elif sql.startswith("RELEASE SAVEPOINT"):
            steps.append("commit")
        elif sql.startswith('INSERT INTO "letters_letter"'):
            steps.append("letters")
    assert steps == ["begin", "letters", "commit"] * 3


def test_the_same_letter_in_two_batches_comes_in_once(bob, monkeypatch):
    monkeypatch.setattr(restore, "BATCH_LETTERS", 1)
    letter = a_letter()
    report = import_letters(bob.user, bob.user_key, a_file(letter, a_letter(body="b"), letter))
    assert report == restore.ImportReport(imported=2, already_here=1, still_locked=0)
    assert Letter.objects.owned_by(bob.user).count() == 2


def test_a_batch_closes_early_on_long_letters(bob, monkeypatch):
    monkeypatch.setattr(restore, "BATCH_CHARS", 10)
    letters = [a_letter(body="y" * 6, created=f"2025-03-1{n}T21:03:05+00:00") for n in range(4)]
    with CaptureQueriesContext(connection) as queries:
        import_letters(bob.user, bob.user_key, a_file(*letters))
    assert inserts_of_letters(queries) == 2
    assert Letter.objects.owned_by(bob.user).count() == 4
