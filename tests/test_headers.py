"""Production settings pass Django's deploy check; every page sends a strict policy."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import write_letter

ROOT = Path(__file__).resolve().parent.parent
POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def production_env(**extra):
    # The test run's own DJANGO_ALLOW_ASYNC_UNSAFE (for Playwright) is no production setting.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": "k" * 20 + "production-secret-key-that-is-long-enough-0123456789",
        "ALLOWED_HOSTS": "unsent.example.org",
        "UNSENT_HTTPS": "true",
        **extra,
    }


def test_the_deploy_check_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_cookies_use_the_host_prefix_and_hsts_a_year():
    # The messages cookie too: Django's storage would name it plain `messages`.
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.UNSENT_KEY_COOKIE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE); "
        "from letters.http.message_storage import HostCookieStorage as M; print(M(None).cookie_name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(DJANGO_SETTINGS_MODULE="config.settings"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "__Host-unsent-key",
        "31536000",
        "True",
        "True",
        "__Host-messages",
    ]


def pages(alice):
    letter = write_letter(alice, body="words")
    names = ["desk", "archive", "search", "prompts", "urge", "no_contact", "password_change"]
    names += ["account"]
    urls = [reverse(name) for name in names]
    urls += [
        reverse(n, args=[letter.id]) for n in ("read", "edit", "seal", "archive_letter", "shred")
    ]
    return urls


@pytest.mark.parametrize("logged_in", [False, True])
def test_every_page_sends_the_strict_policy_and_headers(client, alice, logged_in):
    from tests.conftest import log_in

    urls = [reverse(n) for n in ("home", "login", "signup", "recover")]
    if logged_in:
        log_in(client, alice)
        urls = pages(alice)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert set(response["Content-Security-Policy"].split("; ")) == POLICY, url
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "unsafe" not in response["Content-Security-Policy"]


def test_no_template_has_inline_script_or_style():
    import re

    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    offenders = [
        str(path) for path in ROOT.glob("templates/**/*.html") if inline.search(path.read_text())
    ]
    assert offenders == []


PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), "
    "display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), "
    "hid=(), idle-detection=(), local-fonts=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), screen-wake-lock=(), "
    "serial=(), usb=(), window-management=(), xr-spatial-tracking=()"
)


def never_stored(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_logged_in_page_is_never_stored(alice_client, alice):
    missing = alice_client.get(reverse("read", args=[uuid.uuid4()]))
    assert (missing.status_code, never_stored(missing)) == (404, True)
    redirect = alice_client.get(reverse("home"))
    assert (redirect.status_code, never_stored(redirect)) == (302, True)
    urls = [
        *pages(alice),
        *(reverse(name) for name in ("password_change", "delete_account", "settings")),
        *(reverse(name) for name in ("default_recipient", "looking_back")),
        *(reverse(name) for name in ("quick_exit", "unlock")),  # the exit locks the key
    ]
    for url in urls:
        response = alice_client.get(url)
        assert (url, response.status_code, never_stored(response)) == (url, 200, True)


def test_every_page_with_a_form_is_never_stored(client, alice):
    # The footer's language chooser is a form: even the page after deleting an account.
    for name in ("login", "signup", "recover", "account_deleted"):
        response = client.get(reverse(name))
        assert (name, response.status_code, never_stored(response)) == (name, 200, True)
    refused = client.post(reverse("login"), {"username": "alice", "password": "wrong guess"})
    assert (refused.status_code, never_stored(refused)) == (200, True)


def test_a_page_without_a_login_or_a_form_may_be_kept(client, db):
    # The offline page, which has no footer (and so no language chooser, a form).
    response = client.get(reverse("offline"))
    assert (response.status_code, never_stored(response)) == (200, False)


@pytest.mark.parametrize("logged_in", [False, True])
def test_every_page_switches_off_the_browser_features_unsent_does_not_use(client, alice, logged_in):
    from tests.conftest import log_in

    urls = [reverse(n) for n in ("home", "login", "signup", "recover", "quick_exit")]
    if logged_in:
        log_in(client, alice)
        urls = [*pages(alice), reverse("quick_exit")]
    for url in [*urls, "/no-such-page/"]:
        assert client.get(url)["Permissions-Policy"] == PERMISSIONS_POLICY, url


def test_one_time_messages_ride_in_the_cookie_named_in_settings(alice_client, settings):
    settings.UNSENT_MESSAGES_COOKIE = "__Host-messages"
    response = alice_client.post(reverse("default_recipient"), {"recipient": "Sam"})
    assert response.url == reverse("account")
    assert "messages" not in response.cookies
    assert response.cookies["__Host-messages"]["path"] == "/"
    alice_client.cookies["__Host-messages"] = response.cookies["__Host-messages"].value
    page = alice_client.get(response.url).content.decode()
    assert "Saved. New letters will start with it." in page
