"""The benchmark's load: one user class per row of the table, run one row at a time.

bench/run.py starts locust once per row, headless, on loopback only, naming the class to run;
bench/scale.py also runs several classes at once (a search, a shred and writers saving) or in
the background while it times an export, an import or an account deletion itself.
Logged-in rows use sessions that the bench opened through the real login (session cookie, key
cookie and CSRF token, in BENCH_SESSIONS); the login row logs in itself. Every request is kept,
to the microsecond, in BENCH_SAMPLES when the row ends: locust's own percentiles are rounded too
coarsely for a floor of a millisecond or two.
"""

from __future__ import annotations

import collections
import html
import itertools
import json
import os
import random
import re
import time
from http.cookiejar import Cookie
from pathlib import Path

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

SESSIONS_FILE = os.environ.get("BENCH_SESSIONS", "")
SESSIONS = json.loads(Path(SESSIONS_FILE).read_text()) if SESSIONS_FILE else {}
SAMPLES_FILE = os.environ.get("BENCH_SAMPLES", "")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# (name, seconds since the row started, response time in ms, error or "") for every request;
# run.py leaves out the warm-up when it computes the figures, but counts every error.
samples: list[tuple[str, float, float, str]] = []
started = [0.0]
# Each user takes the next session (or draft, or shredder) of the list it draws from.
slots = collections.defaultdict(itertools.count)


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
            # The start on the machine's monotonic clock, for windows timed by another process.
            json.dump({"started": started[0], "samples": samples}, file)


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
        slot = next(slots["writer"])
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
        self.username = writers[next(slots["login"]) % len(writers)]

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


# The scale rows (bench/scale.py) ------------------------------------------------------------


class Typist(FastHttpUser):
    """A writer typing in a draft of their own: they open the editor, then the page saves every
    2 to 3 seconds; now and then they look at the desk or read the letter instead.

    The drafts belong to one account, typed in through a few logged-in sessions (BENCH_SESSIONS
    "typists"): each save does the work a save of a writer of their own would.
    """

    wait_time = between(2, 3)

    def on_start(self) -> None:
        slot = next(slots["typists"])
        typists = SESSIONS["typists"]
        self.session = typists["sessions"][slot % len(typists["sessions"])]
        self.draft = typists["drafts"][slot]
        for name, value in self.session["cookies"].items():
            self.client.cookiejar.set_cookie(_cookie(name, value))
        self.rng = random.Random(slot)  # noqa: S311 - choosing pages, not secrets
        gevent.sleep(self.rng.uniform(0, 3))  # writers do not all arrive on the same beat
        url = f"/letters/{self.draft}/edit/"
        with self.client.get(url, name="editor", catch_response=True) as r:
            expect(r, 200, contains="csrfmiddlewaretoken")
            version = re.search(r'name="version" value="(\d+)"', r.text or "")
            body = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', r.text or "", re.S)
        if not (version and body):
            raise StopUser  # the failed editor is already counted as an error
        self.version, self.text = int(version.group(1)), html.unescape(body.group(1))

    @task(8)
    def save(self) -> None:
        self.text += self.rng.choice([" and", " I", " still", " miss", " it", "."])
        data = {"body": self.text, "title": "", "recipient": "", "version": self.version}
        headers = {"X-CSRFToken": self.session["csrf"], "Accept": "application/json"}
        with self.client.post(
            f"/letters/{self.draft}/autosave/",
            json=data,
            headers=headers,
            name="autosave",
            catch_response=True,
        ) as r:
            expect(r, 200)
            if r.status_code == 200:
                self.version = r.json()["version"]

    @task(2)
    def look(self) -> None:
        if self.rng.random() < 0.5:
            with self.client.get("/desk/", name="desk", catch_response=True) as r:
                expect(r, 200, contains="Drafts and sealed letters")
        else:
            with self.client.get(
                f"/letters/{self.draft}/", name="reading view", catch_response=True
            ) as r:
                expect(r, 200, contains="letter-body")


class Saver(Typist):
    """Other writers saving, four times faster than one types and never looking elsewhere: the
    row's measure of whether something holds back everyone's writes."""

    wait_time = between(0.25, 0.5)
    tasks = [Typist.save]


class LongSearch(Search):
    """One writer searching their letters back to back, beside other users of the row."""

    fixed_count = 1


class Shredder(FastHttpUser):
    """A writer shredding their letters one after another (the POST of the shred form)."""

    wait_time = staticmethod(lambda: 0)

    def on_start(self) -> None:
        shredders = SESSIONS["shredders"]
        self.session = shredders[next(slots["shredders"]) % len(shredders)]
        self.letters = list(self.session["letters"])
        for name, value in self.session["cookies"].items():
            self.client.cookiejar.set_cookie(_cookie(name, value))

    @task
    def shred(self) -> None:
        if not self.letters:
            raise StopUser  # no letter left: the row is longer than the seed allowed for
        data = {"confirm": "shred", "csrfmiddlewaretoken": self.session["csrf"]}
        url = f"/letters/{self.letters.pop()}/shred/"
        with self.client.post(
            url, data=data, name="shred", catch_response=True, allow_redirects=False
        ) as r:
            expect(r, 302, location="/shredded/")


class PacedShredder(Shredder):
    """One writer shredding a letter every second or so, beside other users of the row."""

    fixed_count = 1
    wait_time = between(0.5, 1.5)
