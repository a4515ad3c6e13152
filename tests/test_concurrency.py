"""Ten autosaves at once against the real server: one per version wins, nothing else is lost."""

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.request

import pytest

from letters.models import Letter
from tests.conftest import make_writer

pytestmark = pytest.mark.django_db(transaction=True)


class Browser:
    """A cookie-keeping HTTP client, as one writer's browser would be."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf(self, path: str) -> str:
        _, page = self.request(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def log_in(self, username: str, password: str) -> None:
        token = self.csrf("/login/")
        form = f"csrfmiddlewaretoken={token}&username={username}&password={password}"
        self.request(
            "/login/", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )


def autosave(browser: Browser, letter: Letter, token: str, body: str, version: int):
    payload = json.dumps({"body": body, "title": "", "recipient": "", "version": version})
    return browser.request(
        f"/letters/{letter.id}/autosave/",
        payload.encode(),
        {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token},
    )


def at_once(calls):
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i, call):
        start.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_ten_saves_of_one_version_one_wins_nine_are_told(live_server):
    writer = make_writer("ines")
    letter = Letter.start(writer.user, writer.user_key)
    browser = Browser(live_server.url)
    browser.log_in("ines", writer.password)
    token = browser.csrf(f"/letters/{letter.id}/edit/")
    results = at_once(
        [
            lambda n=n: autosave(browser, letter, token, f"tab {n}", letter.version)
            for n in range(10)
        ]
    )
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * 9, results
    assert all("database is locked" not in body for _, body in results)
    winner = next(json.loads(body) for status, body in results if status == 200)
    stored = Letter.objects.get(id=letter.id)
    assert stored.version == winner["version"] == letter.version + 1
    losers = [json.loads(body) for status, body in results if status == 409]
    assert {loser["saved"]["body"] for loser in losers} == {stored.read(writer.user_key).body}


def test_ten_saves_to_ten_letters_all_land(live_server):
    writer = make_writer("jude")
    letters = [Letter.start(writer.user, writer.user_key) for _ in range(10)]
    browser = Browser(live_server.url)
    browser.log_in("jude", writer.password)
    token = browser.csrf(f"/letters/{letters[0].id}/edit/")
    results = at_once(
        [
            lambda letter=letter, n=n: autosave(browser, letter, token, f"letter {n}", 1)
            for n, letter in enumerate(letters)
        ]
    )
    assert [status for status, _ in results] == [200] * 10, results
    assert [Letter.objects.get(id=letter.id).read(writer.user_key).body for letter in letters] == [
        f"letter {n}" for n in range(10)
    ]
