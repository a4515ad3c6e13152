"""Two app servers on one database (DESIGN.md, "Growing past one machine"): a writer moves
between two gunicorn processes at every step and notices nothing.

Runs on both backends: on PostgreSQL the servers share the test database by DATABASE_URL, on
SQLite by SQLITE_PATH (two processes on one SQLite file also work, on one machine).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from letters.models import Letter

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "two-lamps-in-one-window"
BODY = "Written on one server, sealed on the other, still here."
GUNICORN = Path(sys.executable).parent / "gunicorn"
READY_SECONDS = 30


def database_env() -> dict[str, str]:
    """Point another process at this test's database."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return {"SQLITE_PATH": str(name)}
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}")
    return {"DATABASE_URL": urlunsplit(url)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn at {self.url} exited:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/login/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        pytest.fail(
            f"gunicorn at {self.url} not ready in {READY_SECONDS}s:\n{self.log.read_text()}"
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def servers(transactional_db, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    with two_servers(tmp_path) as pair:
        yield pair


@contextlib.contextmanager
def two_servers(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two gunicorn processes on two loopback ports, one secret key, one database."""
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    env = {
        **os.environ,
        **database_env(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "UNSENT_HTTPS": "false",
        "UNSENT_KDF": "argon2id:m=19456,t=2,p=1",
    }
    started = []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"gunicorn-{name}.log"
            with log.open("w") as output:
                process = subprocess.Popen(
                    [GUNICORN, "config.wsgi", "--bind", f"127.0.0.1:{port}"],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            started.append(Server(f"http://127.0.0.1:{port}", process, log))
        for server in started:
            server.wait_until_ready()
        yield started[0], started[1]
    finally:
        for server in started:
            server.stop()


class Browser:
    """One cookie jar for both servers, as a browser would keep it for 127.0.0.1."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[str, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post(self, url: str, form: dict[str, str], page: str) -> tuple[str, str]:
        data = urlencode({"csrfmiddlewaretoken": csrf_token(page), **form}).encode()
        with self.opener.open(url, data=data, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post_json(self, url: str, payload: dict, page: str) -> dict:
        request = urllib.request.Request(
            url,
            data=json.dumps(payload).encode(),
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-CSRFToken": csrf_token(page),
            },
        )
        with self.opener.open(request, timeout=30) as response:
            return json.loads(response.read())


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_a_writer_moves_between_two_servers(servers):
    a, b = servers
    browser = Browser()

    # Sign up on A and confirm the recovery code there.
    _, page = browser.get(f"{a.url}/signup/")
    form = {"username": "wren", "password1": PASSWORD, "password2": PASSWORD, "understood": "on"}
    url, page = browser.post(f"{a.url}/signup/", form, page)
    assert url == f"{a.url}/signup/recovery-code/"
    url, _ = browser.post(url, {"saved": "on"}, page)
    assert url == f"{a.url}/desk/"

    # The cookies belong to the host, not the port: B sees the same writer.
    assert {(cookie.domain, cookie.domain_specified, cookie.port) for cookie in browser.jar} == {
        ("127.0.0.1", False, None)
    }
    assert {cookie.name for cookie in browser.jar} >= {"sessionid", "csrftoken", "unsent-key"}

    # Write and autosave.
    _, desk = browser.get(f"{b.url}/desk/")
    # The new letter's page comes from A; its first save, which makes it, goes to B.
    url, editor = browser.post(f"{a.url}/letters/new/", {}, desk)
    assert url == f"{a.url}/letters/new/"
    first_save = re.search(r'data-autosave-url="(/letters/new/([0-9a-f-]{36})/save/)"', editor)
    letter_id = first_save.group(2)
    version = int(re.search(r'name="version" value="(\d+)"', editor).group(1))
    token = re.search(r'name="start" value="([^"]+)"', editor).group(1)
    saved = browser.post_json(
        f"{b.url}{first_save.group(1)}",
        {"body": BODY, "title": "Both", "recipient": "Sam", "version": version, "start": token},
        editor,
    )
    assert saved["version"] == version + 1

    # Seal on A, then reread on B.
    _, seal_page = browser.get(f"{a.url}/letters/{letter_id}/seal/")
    url, _ = browser.post(f"{a.url}/letters/{letter_id}/seal/", {"opens_on": ""}, seal_page)
    assert url == f"{a.url}/letters/{letter_id}/"
    url, page = browser.get(f"{b.url}/letters/{letter_id}/")
    assert url == f"{b.url}/letters/{letter_id}/"
    assert BODY in page
    assert Letter.objects.get(id=letter_id).status == Letter.Status.SEALED


def test_this_process_writes_on_after_the_servers_wrote_and_stopped(transactional_db, tmp_path):
    """Regression: an erasure's thread kept an idle connection here; once two servers had
    written and stopped, this process's next write failed with "disk I/O error"."""
    from letters.models import erasure
    from tests.conftest import make_writer, write_letter

    writer = make_writer("yara")
    write_letter(writer, body="to let go").shred()
    deadline = time.monotonic() + erasure.ERASE_WITHIN_SECONDS
    while erasure.truncator.busy and time.monotonic() < deadline:
        time.sleep(0.05)
    with two_servers(tmp_path) as (a, _b):
        browser = Browser()
        _, page = browser.get(f"{a.url}/signup/")
        form = {"username": "wren", "password1": PASSWORD, "password2": PASSWORD}
        browser.post(f"{a.url}/signup/", {**form, "understood": "on"}, page)
    write_letter(writer, body="still writing")
    assert Letter.objects.filter(owner=writer.user).count() == 1
