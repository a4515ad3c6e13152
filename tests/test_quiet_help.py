"""The quiet line to the help page: in four places, and only there; decided by the writer's own
taps and the page they are on, never by anything they wrote."""

import ast
import inspect
import re
import textwrap
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from letters.guidance import prompts
from letters.http import care
from letters.models import FEELINGS, Feeling, Letter, QuietDate
from tests.conftest import begin_letter, url_of, url_routes, write_letter

ROOT = Path(__file__).resolve().parent.parent
QUIET = '<p class="help-quiet">'
QUIET_LINK = '<a href="/help/" data-help>there are people you can talk to right now</a>'
TALK_TO = {
    "what-i-need-someone-to-talk-to",
    "urge-someone-on-my-side",
    "ending-it-allowed-to-be-sad",
}
# The heaviest words a letter could hold, which must change nothing.
HEAVY_WORDS = "I feel hopeless. I want to end my life. It is a 10 out of 10 tonight."


def quiet_lines(page: str) -> int:
    return page.count(QUIET)


def start_from(client: Client, slug: str = "") -> Letter:
    return begin_letter(client, slug)


# The four places --------------------------------------------------------------------------


def test_it_sits_under_the_urge_pages_last_step(alice_client):
    page = alice_client.get(reverse("urge")).content.decode()
    assert quiet_lines(page) == 1 and QUIET_LINK in page
    assert page.index('id="pause"') < page.index("</ol>") < page.index(QUIET)


def test_it_is_on_the_lockout_page(client, alice):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 429
    assert quiet_lines(response.content.decode()) == 1


def test_the_prompts_about_someone_to_talk_to_carry_the_flag():
    flagged = {prompt.slug for prompt in prompts.library().prompts if prompt.talk_to}
    assert flagged == TALK_TO


def test_it_goes_with_the_prompts_about_someone_to_talk_to_in_the_library(alice_client):
    page = alice_client.get(reverse("prompts")).content.decode()
    assert quiet_lines(page) == len(TALK_TO)
    for slug in TALK_TO:
        card = page[page.index(f'value="{slug}"') - 1500 : page.index(f'value="{slug}"')]
        assert QUIET in card[card.rindex('<article class="prompt-card">') :]


def test_it_goes_above_a_letter_begun_from_such_a_prompt(alice_client):
    letter = start_from(alice_client, "urge-someone-on-my-side")
    page = alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    assert quiet_lines(page) == 1
    assert page.index('class="prompt-above"') < page.index(QUIET) < page.index('id="letter-form"')


def test_the_flag_decides_not_the_prompts_words(alice_client):
    # This prompt speaks of talking, but of whether to talk with the ex: it carries no flag.
    talking = prompts.get("what-i-need-if-they-reached-out")
    assert "talking" in talking.text and not talking.talk_to
    letter = start_from(alice_client, talking.slug)
    assert quiet_lines(alice_client.get(reverse("edit", args=[letter.id])).content.decode()) == 0


def test_the_check_in_offers_the_new_feelings():
    labels = dict(FEELINGS)
    new = {"sad": "Sad", "ashamed": "Ashamed", "guilty": "Guilty"}
    new |= {"overwhelmed": "Overwhelmed", "hopeless": "Hopeless"}
    assert {name: labels.get(name) for name in new} == new


@pytest.mark.parametrize(
    ("taps", "shown"),
    [
        ({"feelings": ["hopeless"]}, 1),
        ({"feelings": ["sad", "hopeless"], "strength": "2"}, 1),
        ({"strength": "10"}, 1),
        ({"feelings": ["hurt", "overwhelmed"], "strength": "9"}, 0),
        ({"feelings": ["numb"]}, 0),
        ({"skip": "1", "feelings": ["hopeless"], "strength": "10"}, 0),
    ],
)
def test_it_follows_a_check_in_only_when_the_writer_tapped_the_heaviest(alice_client, taps, shown):
    letter = start_from(alice_client)
    response = alice_client.post(reverse("check_in", args=[letter.id]), taps, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(reverse("edit", args=[letter.id]), 302)]
    assert quiet_lines(page) == shown
    if shown:
        # Above the letter, never inside it, and once: the next visit is quiet again.
        assert page.index(QUIET) < page.index('id="letter-form"')
    assert quiet_lines(alice_client.get(reverse("edit", args=[letter.id])).content.decode()) == 0


@pytest.mark.parametrize(("strength", "shown"), [("10", 1), ("9", 0)])
def test_it_follows_the_check_in_on_leaving_a_letter(alice_client, alice, strength, shown):
    letter = write_letter(alice)
    response = alice_client.post(
        reverse("how_now", args=[letter.id]), {"strength": strength}, follow=True
    )
    assert response.redirect_chain == [(reverse("desk"), 302)]
    # The desk's prompt of the day may be one about someone to talk to, with its own line.
    desk = response.content.decode()
    assert quiet_lines(desk) == shown + expected_on(desk)


@pytest.mark.parametrize(("strength", "shown"), [("10", 1), ("4", 0)])
def test_it_follows_the_check_in_on_sealing_and_archiving(alice_client, alice, strength, shown):
    letter = write_letter(alice)
    sealed = alice_client.post(
        reverse("seal", args=[letter.id]), {"strength": strength}, follow=True
    )
    assert sealed.redirect_chain == [(reverse("read", args=[letter.id]), 302)]
    page = sealed.content.decode()
    assert quiet_lines(page) == shown
    if shown:
        assert page.index(QUIET) < page.index('class="letter-body"')
    other = write_letter(alice)
    archived = alice_client.post(
        reverse("archive_letter", args=[other.id]), {"strength": strength}, follow=True
    )
    # Archiving leads to the desk, whose prompt of the day may be one about someone to talk to.
    desk = archived.content.decode()
    assert quiet_lines(desk) == shown + expected_on(desk)


# Nowhere else -------------------------------------------------------------------------------


def expected_on(page: str) -> int:
    """The quiet lines a page should have whatever the writer did: one on the urge page (where a
    letter's Send button leads too), and one beside each prompt about someone to talk to (the
    library; the desk, on a day its prompt is one of them)."""
    talk_to_cards = sum(page.count(f'value="{slug}"') for slug in TALK_TO)
    return page.count('<ol class="urge-steps">') + talk_to_cards


@pytest.mark.parametrize("route", url_routes())
def test_no_other_page_shows_it_even_with_the_heaviest_words_in_a_letter(
    alice_client, alice, route
):
    letter = write_letter(alice, body=HEAVY_WORDS, title="hopeless", recipient="10")
    alice_client.post(reverse("check_in", args=[letter.id]), {"feelings": ["calm"]})
    alice_client.get(reverse("edit", args=[letter.id]))  # shows any message waiting
    quiet = QuietDate.objects.create(owner=alice.user, month=2, day=14)
    url = url_of(route, letter_id=letter.id, quiet_id=quiet.id)
    for client in (Client(), alice_client):
        page = client.get(url, follow=True).content.decode()
        assert quiet_lines(page) == expected_on(page), route


def test_the_pages_that_always_have_it_are_the_urge_page_and_the_library(alice_client, alice):
    letter = write_letter(alice)
    for url, count in (
        (reverse("urge"), 1),
        (reverse("send", args=[letter.id]), 1),
        (reverse("prompts"), len(TALK_TO)),
    ):
        page = alice_client.get(url, follow=True).content.decode()
        assert expected_on(page) == quiet_lines(page) == count, url


def test_the_words_of_a_letter_never_bring_it(alice_client, alice):
    letter = write_letter(alice, body=HEAVY_WORDS, title="Hopeless")
    alice_client.post(reverse("check_in", args=[letter.id]), {"feelings": ["calm"], "strength": 3})
    alice_client.get(reverse("edit", args=[letter.id]))
    alice_client.post(reverse("seal", args=[letter.id]), {"strength": "2"})
    for name in ("desk", "archive", "search", "looking_back"):
        page = alice_client.get(reverse(name)).content.decode()
        assert quiet_lines(page) == expected_on(page), name
    read = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert "end my life" in read and quiet_lines(read) == 0


# What decides it, read from the code -----------------------------------------------------------


def test_the_decision_reads_only_the_writers_taps():
    source = textwrap.dedent(inspect.getsource(Feeling.is_heaviest.fget))
    read_of_self = {
        node.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    }
    assert read_of_self == {"strength", "names"}
    assert Feeling(("hopeless",), None).is_heaviest
    assert Feeling((), 10).is_heaviest
    assert not Feeling(("sad", "overwhelmed"), 9).is_heaviest


def test_no_view_reads_a_letter_to_decide_it():
    # Only the check-in's taps reach care.after_check_in, in the views that record a check-in.
    source = inspect.getsource(care)
    names = {node.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Name)}
    assert names.isdisjoint({"Letter", "LetterText", "letter", "body", "text", "read"})
    callers = {}
    for path in (ROOT / "letters").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "after_check_in(" in line and "def after_check_in" not in line:
                callers.setdefault(path.name, []).append(line.strip())
    assert callers == {
        "feelings.py": [
            "care.after_check_in(request, form.feeling())",
            "care.after_check_in(request, form.feeling())",
        ],
        "deciding.py": ["care.after_check_in(request, form.feeling())"],
    }


def test_only_the_four_places_include_it_and_only_the_flag_or_the_taps_condition_it():
    including = {}
    for path in (ROOT / "templates").rglob("*.html"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if '"_help_quiet.html"' in line:
                condition = re.match(r"\s*(?:<[^>]*>)?\s*\{% if ([^%]+) %\}", line)
                name = str(path.relative_to(ROOT / "templates"))
                including[name] = condition[1].strip() if condition else None
    assert including == {
        "prompts/urge.html": None,
        "accounts/locked_out.html": None,
        "prompts/_prompt_card.html": "prompt.talk_to",
        "letters/edit.html": "prompt.talk_to",
        "_messages.html": 'message.extra_tags == "help-quiet"',
    }


def test_no_script_knows_of_it():
    for path in (ROOT / "static" / "js").glob("*.js"):
        script = path.read_text(encoding="utf-8")
        for word in ("help-quiet", "/help/", "hopeless", "talk_to"):
            assert word not in script, (path.name, word)
