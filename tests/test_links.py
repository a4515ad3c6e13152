"""letter_url (letters/links.py) gives what reverse() gives, however the app is mounted."""

import uuid

import pytest
from django.urls import path, reverse, set_script_prefix, set_urlconf

from letters.links import letter_url

LETTER_PAGES = [
    "check_in", "how_now", "add_note", "read", "edit", "autosave", "save", "keep_as_new",
    "seal", "archive_letter", "restore", "shred", "send",
]  # fmt: skip


@pytest.mark.parametrize("name", LETTER_PAGES)
def test_a_letter_url_is_what_reverse_gives(name):
    letter_id = uuid.uuid4()
    assert letter_url(name, letter_id) == reverse(name, args=[letter_id])
    assert str(letter_id) in letter_url(name, letter_id)


def test_each_letter_gets_its_own_id():
    first, second = uuid.uuid4(), uuid.uuid4()
    assert letter_url("read", first) == f"/letters/{first}/"
    assert letter_url("read", second) == f"/letters/{second}/"


def test_a_letter_url_follows_the_script_prefix_of_a_mounted_app():
    letter_id = uuid.uuid4()
    set_script_prefix("/unsent/")
    try:
        assert letter_url("edit", letter_id) == f"/unsent/letters/{letter_id}/edit/"
    finally:
        set_script_prefix("/")
    assert letter_url("edit", letter_id) == f"/letters/{letter_id}/edit/"


def _other_read(request, letter_id):
    raise AssertionError("never called")


urlpatterns = [path("elsewhere/<uuid:letter_id>/", _other_read, name="read")]


def test_a_letter_url_follows_a_requests_own_url_conf():
    letter_id = uuid.uuid4()
    assert letter_url("read", letter_id) == f"/letters/{letter_id}/"
    set_urlconf(__name__)  # as a request with request.urlconf set does
    try:
        assert letter_url("read", letter_id) == f"/elsewhere/{letter_id}/"
    finally:
        set_urlconf(None)
    assert letter_url("read", letter_id) == f"/letters/{letter_id}/"
