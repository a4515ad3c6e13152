"""Markers in every secret, through every flow: none reaches a log record or an error page."""

import json
import logging
import re
import sys
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.views.debug import ExceptionReporter

from letters.models import Letter
from letters.views import writing
from tests.conftest import begin_letter, enrol_passkey, write_letter

# Made at run time, so that no source line an error report quotes can contain them.
MARK = uuid.uuid4().hex[:12]
PASSWORD = f"pw-{MARK}-correct-quiet-horse"
NEW_PASSWORD = f"pw2-{MARK}-another-quiet-horse"
BODY = f"body-{MARK} the rain on the window"
TITLE = f"title-{MARK} what I never said"


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def everything_logged(caplog) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def code_on_page(client) -> str:
    page = client.get(reverse("recovery_code")).content.decode()
    return page.split('id="recovery-code">')[1].split("<")[0]


def test_no_secret_reaches_a_log_or_an_error_page(db, all_logs, monkeypatch):
    client = Client(raise_request_exception=False)
    pages = []

    def keep(response):
        # The writer's own pages show their own words; an error page must not.
        if response.status_code >= 400:
            pages.append(response.content.decode(errors="replace"))
        return response

    keep(
        client.post(
            reverse("signup"),
            {"username": "hana", "password1": PASSWORD, "password2": PASSWORD, "understood": "on"},
        )
    )
    code = code_on_page(client)
    keep(client.post(reverse("recovery_code"), {"saved": "on"}))
    keep(client.post(reverse("new_letter")))
    letter = begin_letter(client)
    keep(
        client.post(
            reverse("autosave", args=[letter.id]),
            json.dumps({"body": BODY, "title": TITLE, "recipient": "", "version": letter.version}),
            content_type="application/json",
        )
    )
    keep(client.post(reverse("search"), {"q": BODY.split()[0]}))
    keep(client.post(reverse("login"), {"username": "hana", "password": PASSWORD + "x"}))

    # A view that handles a letter fails: the 500 page and the error log hold no secret, and
    # neither would Django's error report (what it would e-mail to admins).
    def explode(letter):
        raise RuntimeError("forced failure")

    # Fails after the letter is saved, inside the view that handles it.
    monkeypatch.setattr(writing, "_saved", explode)
    failed = client.post(
        reverse("autosave", args=[letter.id]),
        json.dumps({"body": BODY, "title": TITLE, "recipient": "", "version": letter.version + 1}),
        content_type="application/json",
    )
    assert failed.status_code == 500
    keep(failed)
    error_records = [r for r in all_logs.records if r.exc_info]
    assert error_records, "the forced failure was logged"
    record = error_records[-1]
    reporter = ExceptionReporter(record.request, *record.exc_info)
    report = reporter.get_traceback_text() + reporter.get_traceback_html()
    monkeypatch.undo()

    keep(client.post(reverse("seal", args=[letter.id]), {"opens_on": ""}))
    keep(client.post(reverse("shred", args=[letter.id]), {"confirm": "shred"}))
    client.post(reverse("logout"))
    keep(
        client.post(
            reverse("recover"),
            {
                "username": "hana",
                "recovery_code": code,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
    )
    new_code = code_on_page(client)

    logged = everything_logged(all_logs)
    outputs = {"logs": logged, "error report": report, "500 page": failed.content.decode()}
    outputs["error pages"] = "\n".join(pages)
    for marker in (PASSWORD, NEW_PASSWORD, MARK, code, new_code):
        for where, text in outputs.items():
            assert marker not in text, f"{marker[:8]}… in {where}"
    assert "forced failure" in report  # the report is real, and was searched


def test_nothing_is_printed(capsys, alice_client, alice):
    letter = Letter.start(alice.user, alice.user_key)
    alice_client.post(
        reverse("autosave", args=[letter.id]),
        json.dumps({"body": BODY, "title": TITLE, "recipient": "", "version": 1}),
        content_type="application/json",
    )
    out, err = capsys.readouterr()
    assert MARK not in out + err
    assert sys.stdout is not None


def test_error_reports_show_no_frame_variables(rf):
    from django.views.debug import get_default_exception_reporter_filter

    reporter_filter = get_default_exception_reporter_filter()
    secret = f"frame-{MARK}"

    def fails(text=secret):
        raise RuntimeError("boom")

    try:
        fails()
    except RuntimeError:
        info = sys.exc_info()
    html = ExceptionReporter(rf.get("/"), *info).get_traceback_html()
    assert reporter_filter.get_traceback_frame_variables(None, info[2].tb_frame) == []
    assert MARK not in html.replace('f"frame-{MARK}"', "")


TEXT_BOX = re.compile(
    r"<input(?![^>]*type=\"(?:hidden|password|date|checkbox|radio|number)\")[^>]*>"
)


@pytest.mark.parametrize("page", ["search", "default_recipient", "settings", "edit", "passkeys"])
def test_the_browser_keeps_no_list_of_the_words_typed_in_any_box(alice_client, alice, page):
    """A browser's autofill offers what was typed in a box again in any box of that name, on
    any site, to whoever holds the device next."""
    if page == "passkeys":  # each passkey's name, in the box to rename it
        enrol_passkey(alice)
    args = [write_letter(alice).id] if page == "edit" else []
    html = alice_client.get(reverse(page, args=args)).content.decode()
    boxes = [box for box in TEXT_BOX.findall(html) if 'autocomplete="username"' not in box]
    assert boxes
    assert [box for box in boxes if 'autocomplete="off"' not in box] == []
