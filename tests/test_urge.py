import datetime
import re

from django.urls import reverse

from letters.guidance import prompts
from letters.models import UrgeMoment
from tests.conftest import NEW_LETTER_SAVE_URL, begin_letter, write_letter


def test_the_button_is_on_every_logged_in_page(alice_client):
    for name in ("desk", "archive", "prompts", "search", "no_contact"):
        assert "I want to text my ex" in alice_client.get(reverse(name)).content.decode()


def test_it_walks_through_the_reasons_pause_and_writing_instead(alice_client):
    page = alice_client.get(reverse("urge")).content.decode()
    urge = prompts.library().urge
    for step in urge.steps:
        assert step.replace("'", "&#x27;") in page
    assert "A minute to breathe" in page and "Skip the pause" in page
    assert f'name="prompt" value="{prompts.URGE_SLUG}"' in page


def test_writing_instead_opens_a_letter_asking_what_to_tell_or_ask(alice_client, alice):
    letter = begin_letter(alice_client, prompts.URGE_SLUG)
    page = alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    assert "What do you want to tell your ex, or ask them?" in page


def test_each_visit_records_only_its_time(alice_client, alice, settings):
    # The page's script counts a visit with a POST once the page is shown.
    assert alice_client.post(reverse("urge")).status_code == 201
    assert alice_client.post(reverse("urge")).status_code == 204  # a reload is the same urge
    assert UrgeMoment.objects.filter(owner=alice.user).count() == 1
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    alice_client.post(reverse("urge"))
    fields = {f.name for f in UrgeMoment._meta.get_fields()}
    assert fields == {"id", "owner", "at"}
    assert UrgeMoment.objects.filter(owner=alice.user).count() == 2


def test_only_the_day_is_stored_and_the_time_of_the_last_visit_is_sealed(alice_client, alice):
    from letters import clock
    from letters.views.guidance import LAST_URGE_FIELD

    alice_client.post(reverse("urge"))
    assert list(UrgeMoment.objects.values_list("at", flat=True)) == [clock.today()]
    kept = alice_client.session[LAST_URGE_FIELD]
    assert clock.now().strftime("%Y-%m-%dT") not in kept
    assert str(clock.today().year) not in kept


def test_it_shows_the_urges_thinning_out_week_by_week(alice_client, alice):
    from letters import clock

    today = clock.today()
    for days in (8, 9, 10, 15, 16, 17, 18):
        UrgeMoment.objects.create(owner=alice.user, at=today - datetime.timedelta(days=days))
    alice_client.post(reverse("urge"))  # this visit, as the page's script counts it
    page = alice_client.get(reverse("urge")).content.decode()
    assert "This week: 1" in page
    assert "Last week: 3" in page
    assert "Two weeks ago: 4" in page


def test_a_letters_send_button_ends_by_offering_to_seal_it(alice_client, alice):
    letter = write_letter(alice)
    page = alice_client.get(reverse("urge") + f"?letter={letter.id}").content.decode()
    assert reverse("seal", args=[letter.id]) in page


def test_the_headers_button_in_the_editor_offers_to_seal_the_letter_being_written(
    alice_client, alice
):
    letter = write_letter(alice, body="everything I wanted to say")
    editor = alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    here = f"{reverse('urge')}?letter={letter.id}"
    assert f'class="btn btn-sm btn-outline-primary urge-button" href="{here}"' in editor
    # And in the menu, where a phone finds it.
    assert f'class="nav-link nav-urge" href="{here}"' in editor
    urge = alice_client.get(here).content.decode()
    assert f'href="{reverse("seal", args=[letter.id])}">Seal that letter</a>' in urge
    # A new letter's button carries the id its first save will make.
    page = alice_client.post(reverse("new_letter")).content.decode()
    [new_id] = re.findall(r'urge-button" href="/urge/\?letter=([0-9a-f-]{36})"', page)
    assert NEW_LETTER_SAVE_URL.search(page).group(2) == new_id
    # Elsewhere (the desk), the button leads to the page alone.
    desk = alice_client.get(reverse("desk")).content.decode()
    assert f'urge-button" href="{reverse("urge")}"' in desk


def test_a_letter_gone_broken_or_not_the_writers_leaves_the_urge_page_whole_without_it(
    alice_client, alice, bob
):
    """The urge page is for the worst moment: a letter shredded in another tab, a broken link
    or someone else's letter never turns it into "There's nothing here". Someone else's letter
    is answered exactly as one that does not exist, so nothing is said of it."""
    shredded = write_letter(alice)
    shredded.shred()
    bobs = write_letter(bob)
    plain = alice_client.get(reverse("urge"))
    for letter in (shredded.id, bobs.id, "junk", ""):
        answer = alice_client.get(reverse("urge") + f"?letter={letter}")
        assert answer.status_code == 200
        page = answer.content.decode()
        assert "Seal that letter" not in page
        assert str(bobs.id) not in page and str(shredded.id) not in page
        assert page.count("<h1") == plain.content.decode().count("<h1") == 1


def test_it_needs_a_login(client, db):
    assert client.get(reverse("urge")).url.startswith(reverse("login"))


def test_opening_the_page_counts_no_urge(alice_client, alice):
    """A GET may be a browser fetching ahead (a prefetch): only the page's own POST counts."""
    page = alice_client.get(reverse("urge")).content.decode()
    assert UrgeMoment.objects.filter(owner=alice.user).count() == 0
    assert f'action="{reverse("urge")}" id="urge-visit"' in page


def test_it_rejects_put(alice_client):
    assert alice_client.put(reverse("urge")).status_code == 405


def test_someone_who_already_sent_it_is_met_without_shame(alice_client):
    page = alice_client.get(reverse("urge")).content.decode()
    section = page.split('<section class="already-sent"')[1].split("</section>")[0]
    assert "Already sent it? That's human.</h2>" in section
    assert prompts.library().urge.sent.replace("'", "&#x27;") in section
    assert f'name="prompt" value="{prompts.SENT_SLUG}"' in section
    assert "Write what I hoped for" in section
    # No count kept, so nothing offers to start one again.
    assert reverse("no_contact") not in section


def test_writing_what_they_hoped_for_opens_a_letter_with_that_prompt(alice_client, alice):
    letter = begin_letter(alice_client, prompts.SENT_SLUG)
    assert letter.read_prompt(alice.user_key) == "urge-already-sent"
    page = alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    assert "You sent it. Before any answer comes, or none does," in page


def test_after_sending_the_count_starts_again_on_its_own_page_never_in_one_tap(alice_client, alice):
    """Beside "Write what I hoped for", a mis-tap must not undo weeks: the button leads to the
    no-contact page's own form, which asks for the day (today already in it) and a note."""
    from letters import clock
    from letters.guidance import no_contact
    from letters.models import ContactMark

    first = (clock.today() - datetime.timedelta(days=12)).isoformat()
    alice_client.post(reverse("no_contact"), {"on": first})
    page = alice_client.get(reverse("urge")).content.decode()
    section = page.split('<section class="already-sent"')[1].split("</section>")[0]
    assert (
        f'<a class="btn btn-outline-secondary" href="{reverse("no_contact")}#contact-again">'
        "Start my count again…</a>" in section
    )
    assert f'action="{reverse("no_contact")}"' not in section
    assert no_contact.count_for(alice.user, alice.user_key, clock.today()).days == 12
    form_page = alice_client.get(reverse("no_contact")).content.decode()
    assert '<h2 class="h5 mt-4" id="contact-again">I was in contact</h2>' in form_page
    assert f'value="{clock.today().isoformat()}"' in form_page
    response = alice_client.post(reverse("no_contact"), {"on": clock.today().isoformat()})
    assert response.url == reverse("no_contact")
    assert no_contact.count_for(alice.user, alice.user_key, clock.today()).days == 0
    history, _ = ContactMark.objects.filter(owner=alice.user).opened(alice.user_key)
    assert [c.is_reset for c in history] == [True, False]
