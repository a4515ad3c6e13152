"""The benchmark's load: one user class per row of the table, run one row at a time.

bench/run.py starts locust once per row, headless, on loopback only, naming the class to run.
Logged-in rows use sessions that run.py opened through the real login (session cookie, key
cookie and CSRF token, in BENCH_SESSIONS); the login row logs in itself. Every request is kept,
to the microsecond, in BENCH_SAMPLES when the row ends: locust's own percentiles are rounded too
coarsely for a floor of a millisecond or two.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from http.cookiejar import Cookie
from pathlib import Path

from locust import FastHttpUser, events, task

SESSIONS_FILE = os.environ.get("BENCH_SESSIONS", "")
SESSIONS = json.loads(Path(SESSIONS_FILE).read_text()) if SESSIONS_FILE else {}
SAMPLES_FILE = os.environ.get("BENCH_SAMPLES", "")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# (name, seconds since the row started, response time in ms, error or "") for every request;
# run.py leaves out the warm-up when it computes the figures, but counts every error.
samples: list[tuple[str, float, float, str]] = []
started = [0.0]
slots = itertools.count()


@events.test_start.add_listener
def _on_start(**_kwargs: object) -> None:
    started[0] = time.monotonic()


@events.request.add_listener
def _on_request(name: str, response_time: float, exception: object, **_kwargs: object) -> None:
    error = "" if exception is None else f"{name}: {exception}"[:200]
    samples.append((name, round(time.monotonic() - started[0], 4), response_time, error))


@events.quitting.add_listener
def _on_quit(**_kwargs: object) -> None:
    if SAMPLES_FILE:
        with open(SAMPLES_FILE, "w") as file:
            json.dump(samples, file)


def expect(response: object, status: int, *, contains: str = "", location: str = "") -> None:
    """Mark the response failed unless it is what a working page answers."""
    if response.status_code != status:
        response.failure(f"status {response.status_code}")
    elif contains and contains not in response.text:
        response.failure(f"no {contains!r} in the page")
    elif location and not response.headers.get("Location", "").endswith(location):
        response.failure(f"went to {response.headers.get('Location')!r}")
    else:
        response.success()


class Writer(FastHttpUser):
    """The writer with 10,000 letters, in one of the sessions run.py opened."""

    abstract = True
    # No pause between requests: each user keeps one request in flight, so the row shows what
    # the server does flat out with as many writers at once as there are users.
    wait_time = staticmethod(lambda: 0)

    def on_start(self) -> None:
        slot = next(slots)
        self.session = SESSIONS["writer"][slot % len(SESSIONS["writer"])]
        for name, value in self.session["cookies"].items():
            self.client.cookiejar.set_cookie(_cookie(name, value))
        self.rng = random.Random(slot)  # noqa: S311 - choosing pages, not secrets

    def page(self, url: str, name: str, contains: str = "") -> None:
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            expect(r, 200, contains=contains)


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False,
        None, None, {},
    )  # fmt: skip


class Floor(FastHttpUser):
    """The home page of a visitor who is not logged in: a real view that touches no database."""

    wait_time = staticmethod(lambda: 0)

    @task
    def home(self) -> None:
        with self.client.get("/", name="floor", catch_response=True, allow_redirects=False) as r:
            expect(r, 200, contains="Unsent")


class StaticFile(FastHttpUser):
    """A static file, served by whitenoise before Django's views: below any real page."""

    wait_time = staticmethod(lambda: 0)

    @task
    def favicon(self) -> None:
        url = "/static/img/favicon.svg"
        with self.client.get(url, name="static file", catch_response=True) as r:
            expect(r, 200)


class Desk(Writer):
    @task
    def desk(self) -> None:
        self.page("/desk/", "desk", contains="Drafts and sealed letters")


class Archive(Writer):
    @task
    def archive(self) -> None:
        self.page("/archive/", "archive", contains="letter-row")


class Reading(Writer):
    @task
    def read(self) -> None:
        letter = self.rng.choice(SESSIONS["readable"])
        self.page(f"/letters/{letter}/", "reading view", contains="letter-body")


class Editor(Writer):
    @task
    def edit(self) -> None:
        letter = self.rng.choice(SESSIONS["drafts"])
        self.page(f"/letters/{letter}/edit/", "editor", contains="csrfmiddlewaretoken")


class PromptLibrary(Writer):
    @task
    def prompts(self) -> None:
        self.page("/prompts/", "prompt library", contains="prompt")


class Autosave(Writer):
    """Typing in a draft of a few thousand characters: each save sends the whole text."""

    def on_start(self) -> None:
        super().on_start()
        self.version = self.session["version"]
        self.text = self.session["text"]

    @task
    def autosave(self) -> None:
        self.text += self.rng.choice([" and", " I", " still", " miss", " it", "."])
        data = {"body": self.text, "title": "", "recipient": "", "version": self.version}
        headers = {"X-CSRFToken": self.session["csrf"], "Accept": "application/json"}
        url = f"/letters/{self.session['draft']}/autosave/"
        with self.client.post(
            url, json=data, headers=headers, name="autosave", catch_response=True
        ) as r:
            expect(r, 200)
            if r.status_code == 200:
                self.version = r.json()["version"]


class Search(Writer):
    @task
    def search(self) -> None:
        data = {
            "q": self.rng.choice(SESSIONS["searches"]),
            "csrfmiddlewaretoken": self.session["csrf"],
        }
        with self.client.post(
            "/search/", data=data, name="search", catch_response=True, allow_redirects=False
        ) as r:
            expect(r, 200, contains="found")


class Login(FastHttpUser):
    """One of five writers logging in, again and again, each time as a new visitor."""

    wait_time = staticmethod(lambda: 0)

    def on_start(self) -> None:
        writers = SESSIONS["login_writers"]
        self.username = writers[next(slots) % len(writers)]

    @task
    def login(self) -> None:
        self.client.cookiejar.clear()
        form = self.client.get("/login/", name="setup: login form")
        match = CSRF_INPUT.search(form.text or "")
        if form.status_code != 200 or not match:
            return  # the failed form request is already counted as an error
        data = {
            "username": self.username,
            "password": SESSIONS["password"],
            "csrfmiddlewaretoken": match.group(1),
        }
        with self.client.post(
            "/login/", data=data, name="login", catch_response=True, allow_redirects=False
        ) as r:
            expect(r, 302, location="/desk/")
