import datetime
import re
import sqlite3
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse

from letters import clock
from letters.forms.feelings import CheckInForm
from letters.models import (
    CheckIn,
    Feeling,
    Letter,
    MarginNote,
    Profile,
    Quiet,
    QuietDate,
    UrgeMoment,
)
from tests.conftest import (
    NEW_LETTER_TOKEN,
    log_in,
    make_writer,
    record_contact,
    seal_a_day_ago,
    write_letter,
)


def test_the_editor_offers_the_check_in_once(alice_client, alice):
    letter = write_letter(alice)
    page = alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    assert '<summary>How are you feeling? <span class="optional">— optional</span>' in page
    assert "Missing them" in page
    alice_client.post(
        reverse("check_in", args=[letter.id]), {"feelings": ["hurt", "lonely"], "strength": "8"}
    )
    checkin = CheckIn.objects.get(letter=letter)
    assert checkin.feeling(alice.user_key) == Feeling(("hurt", "lonely"), 8)
    assert (
        "How are you feeling?"
        not in alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    )


def test_without_scripts_a_check_in_on_a_new_letter_makes_the_letter_first(alice_client, alice):
    # The new letter's page, as a browser without scripts has it: the check-in form carries the
    # page's token, so sending it makes the (empty) letter and keeps the check-in with it.
    page = alice_client.get(reverse("new_letter")).content.decode()
    form_starts = page.index('id="check-in-form"')
    check_in_form = page[form_starts : page.index("</form>", form_starts)]
    letter_id = re.search(r'action="/letters/([0-9a-f-]{36})/check-in/"', page).group(1)
    token = NEW_LETTER_TOKEN.search(check_in_form).group(1)
    assert not Letter.objects.filter(id=letter_id).exists()

    response = alice_client.post(
        reverse("check_in", args=[letter_id]),
        {"start": token, "feelings": ["hurt"], "strength": "6"},
    )

    assert response.status_code == 302
    assert response.url == reverse("edit", args=[letter_id])
    letter = Letter.objects.get(id=letter_id, owner=alice.user)
    assert letter.read(alice.user_key).body == ""
    checkin = CheckIn.objects.get(letter=letter)
    assert checkin.feeling(alice.user_key) == Feeling(("hurt",), 6)


def test_a_check_in_with_another_pages_token_makes_nothing(alice_client, alice, bob_client):
    page = alice_client.get(reverse("new_letter")).content.decode()
    token = NEW_LETTER_TOKEN.search(page).group(1)
    # The token names its own letter and writer: not another id, and not another writer.
    other_id = uuid.uuid4()
    response = alice_client.post(
        reverse("check_in", args=[other_id]), {"start": token, "skip": "1"}
    )
    assert response.status_code == 404
    letter_id = re.search(r'action="/letters/([0-9a-f-]{36})/check-in/"', page).group(1)
    response = bob_client.post(reverse("check_in", args=[letter_id]), {"start": token, "skip": "1"})
    assert response.status_code == 404
    assert Letter.objects.count() == 0
    assert CheckIn.objects.count() == 0


def test_skipping_takes_one_tap_and_asks_no_more(alice_client, alice):
    letter = write_letter(alice)
    alice_client.post(reverse("check_in", args=[letter.id]), {"skip": "1"})
    assert CheckIn.objects.get(letter=letter).feeling(alice.user_key) == Feeling((), None)
    assert (
        "How are you feeling?"
        not in alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    )


def test_it_can_be_turned_off_for_good(alice_client, alice):
    alice_client.post(reverse("settings"), {"shows_on_this_day": "on"})
    assert Profile.objects.get(user=alice.user).asks_feelings is False
    letter = write_letter(alice)
    assert (
        "How are you feeling?"
        not in alice_client.get(reverse("edit", args=[letter.id])).content.decode()
    )
    assert alice_client.get(reverse("how_now", args=[letter.id])).url == reverse("desk")


def test_leaving_asks_how_strong_now_once(alice_client, alice):
    letter = write_letter(alice)
    assert (
        "How strong are the feelings now?"
        in alice_client.get(reverse("how_now", args=[letter.id])).content.decode()
    )
    alice_client.post(reverse("how_now", args=[letter.id]), {"strength": "3"})
    after = CheckIn.objects.get(letter=letter, moment="after")
    assert after.feeling(alice.user_key) == Feeling((), 3)
    assert alice_client.get(reverse("how_now", args=[letter.id])).url == reverse("desk")


def test_sealing_and_archiving_ask_too(alice_client, alice):
    sealed, archived = write_letter(alice), write_letter(alice)
    alice_client.post(reverse("seal", args=[sealed.id]), {"opens_on": "", "strength": "6"})
    alice_client.post(reverse("archive_letter", args=[archived.id]), {"strength": "2"})
    strengths = {
        c.letter_id: c.feeling(alice.user_key).strength
        for c in CheckIn.objects.filter(moment="after")
    }
    assert strengths == {sealed.id: 6, archived.id: 2}


def test_check_ins_and_notes_go_when_the_letter_is_shredded(alice_client, alice):
    letter = write_letter(alice)
    seal_a_day_ago(letter)
    alice_client.post(reverse("check_in", args=[letter.id]), {"strength": "5"})
    alice_client.post(reverse("add_note", args=[letter.id]), {"text": "day 47", "strength": "2"})
    letter.shred()
    assert CheckIn.objects.count() == MarginNote.objects.count() == 0


def test_margin_notes_sit_beside_a_sealed_letter_that_stays_the_same(alice_client, alice):
    letter = write_letter(alice, body="as it was")
    seal_a_day_ago(letter)
    version = Letter.objects.get(id=letter.id).version
    response = alice_client.post(
        reverse("add_note", args=[letter.id]),
        {"text": "reading this on day 47 of no contact", "strength": "2"},
    )
    assert response.url == reverse("read", args=[letter.id])
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert "reading this on day 47 of no contact" in page and "feelings 2/10" in page
    stored = Letter.objects.get(id=letter.id)
    assert (stored.version, stored.read(alice.user_key).body) == (version, "as it was")


def test_notes_of_one_day_stay_in_the_order_they_were_added(alice_client, alice):
    letter = write_letter(alice, body="as it was")
    seal_a_day_ago(letter)
    for text in ("NOTE-ONE first", "NOTE-TWO second", "NOTE-THREE third"):
        alice_client.post(reverse("add_note", args=[letter.id]), {"text": text})
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert page.index("NOTE-ONE") < page.index("NOTE-TWO") < page.index("NOTE-THREE")
    notes = MarginNote.objects.filter(letter=letter)
    assert [(n.created, n.position) for n in notes] == [(clock.today(), n) for n in (1, 2, 3)]


def test_a_check_in_keeps_only_its_day(alice_client, alice):
    letter = write_letter(alice)
    alice_client.post(reverse("check_in", args=[letter.id]), {"strength": "5"})
    assert CheckIn.objects.get(letter=letter).at == clock.today()


def test_a_refused_note_comes_back_with_its_words_and_what_to_change(alice_client, alice):
    letter = write_letter(alice, body="as it was")
    seal_a_day_ago(letter)
    too_long = "I read this again tonight and " + "x" * 1000
    response = alice_client.post(
        reverse("add_note", args=[letter.id]), {"text": too_long, "strength": "3"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f">\n{too_long}</textarea>" in page
    assert (
        "A note can hold up to 1000 characters and this one has 1030. "
        "Shorten it a little and add it again." in page
    )
    assert 'value="3" class="strength-choice" id="id_strength_3" checked' in page
    assert "as it was" in page
    assert MarginNote.objects.count() == 0


def test_a_strength_off_the_scale_is_refused_with_what_to_choose(alice_client, alice):
    letter = write_letter(alice, body="as it was")
    seal_a_day_ago(letter)
    response = alice_client.post(
        reverse("add_note", args=[letter.id]), {"text": "kept", "strength": "11"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose a number from 0 to 10, or none at all." in page
    assert 'aria-invalid="true"' in page
    assert ">\nkept</textarea>" in page
    assert MarginNote.objects.count() == 0


def test_the_empty_note_form_is_the_same_after_a_refused_note(alice_client, alice, settings):
    letter = write_letter(alice)
    seal_a_day_ago(letter)
    refused = alice_client.post(
        reverse("add_note", args=[letter.id]), {"text": "x" * 1001, "strength": "3"}
    )
    assert refused.status_code == 400 and " checked>" in refused.content.decode()
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1  # the form is offered from the day after sealing
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    assert '<textarea name="text"' in page and "x" * 1001 not in page
    assert "up to 1000 characters" not in page and " checked>" not in page


def test_a_letter_sealed_today_rests_and_takes_no_note_until_tomorrow(
    alice_client, alice, settings
):
    """The reading view offers no note on the day of sealing; a note sent anyway is not kept."""
    letter = write_letter(alice)
    letter.seal()
    url = reverse("add_note", args=[letter.id])
    response = alice_client.post(url, {"text": "too soon"}, follow=True)
    assert response.redirect_chain == [(reverse("read", args=[letter.id]), 302)]
    assert "Sealed today, it rests: notes can go beside it from tomorrow." in (
        response.content.decode()
    )
    assert MarginNote.objects.count() == 0
    settings.UNSENT_CLOCK_SHIFT_DAYS = 1
    alice_client.post(url, {"text": "the next day"})
    assert MarginNote.objects.count() == 1


def test_a_draft_takes_no_margin_notes(alice_client, alice):
    letter = write_letter(alice)
    alice_client.post(reverse("add_note", args=[letter.id]), {"text": "no"})
    assert MarginNote.objects.count() == 0


def test_a_stranger_cannot_add_a_note(bob_client, alice):
    letter = write_letter(alice)
    letter.seal()
    assert bob_client.post(reverse("add_note", args=[letter.id]), {"text": "x"}).status_code == 404
    assert MarginNote.objects.count() == 0


def test_on_this_day_can_be_turned_off(alice_client, alice):
    letter = write_letter(alice, body="a month ago")
    now = clock.now()
    year, month = divmod(now.year * 12 + now.month - 2, 12)
    try:
        Letter.objects.filter(id=letter.id).update(created=now.replace(year=year, month=month + 1))
    except ValueError:
        pytest.skip("no such day last month")
    assert "On this day" in alice_client.get(reverse("desk")).content.decode()
    alice_client.post(reverse("settings"), {"asks_feelings": "on"})
    assert "On this day" not in alice_client.get(reverse("desk")).content.decode()


def test_a_quiet_date_shows_a_gentle_word_instead_of_old_letters(alice_client, alice):
    today = clock.today()
    alice_client.post(reverse("add_quiet_date"), {"day": today.isoformat(), "label": "our day"})
    quiet = QuietDate.objects.get(owner=alice.user)
    assert quiet.open(alice.user_key) == Quiet(today.month, today.day, "our day")
    assert (quiet.month, quiet.day, quiet.label) == (None, None, None)
    desk = alice_client.get(reverse("desk")).content.decode()
    assert "A day to go gently" in desk and "On this day" not in desk
    assert "our day" in alice_client.get(reverse("settings")).content.decode()
    alice_client.post(reverse("remove_quiet_date", args=[quiet.id]))
    assert QuietDate.objects.count() == 0


def test_a_quiet_date_label_over_its_limit_is_refused_and_kept_in_the_form(alice_client, alice):
    label = "our anniversary, the day at the lake " + "🌊" * 64  # 100 characters and one
    assert len(label) == 101
    response = alice_client.post(reverse("add_quiet_date"), {"day": "2026-06-14", "label": label})
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "A label can hold up to 100 characters and this one has 101. Shorten it a little and "
        "add the day again." in page
    )
    assert f'value="{label}"' in page
    assert 'value="2026-06-14"' in page
    assert QuietDate.objects.count() == 0
    # The page's other form still saves the settings, at its own address.
    assert f'action="{reverse("settings")}"' in page
    ok = alice_client.post(reverse("add_quiet_date"), {"day": "2026-06-14", "label": label[:100]})
    assert ok.url == reverse("settings")
    assert QuietDate.objects.get().open(alice.user_key).label == label[:100]


def test_the_quiet_date_label_has_no_maxlength_to_cut_a_paste_short(alice_client):
    page = alice_client.get(reverse("settings")).content.decode()
    assert 'name="label"' in page
    assert "maxlength" not in page


def test_a_nul_in_a_quiet_date_label_or_a_note_is_refused_in_words(alice_client, alice):
    refused = alice_client.post(reverse("add_quiet_date"), {"day": "2026-06-14", "label": "a\x00b"})
    assert refused.status_code == 400
    assert "This label holds an invisible character we can" in refused.content.decode()
    letter = write_letter(alice)
    seal_a_day_ago(letter)
    note = alice_client.post(reverse("add_note", args=[letter.id]), {"text": "a\x00b"})
    assert note.status_code == 400
    assert "This note holds an invisible character we can" in note.content.decode()
    assert (QuietDate.objects.count(), MarginNote.objects.count()) == (0, 0)


def test_a_quiet_date_without_a_day_asks_for_one_and_keeps_the_label(alice_client):
    response = alice_client.post(reverse("add_quiet_date"), {"day": "", "label": "their birthday"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please choose a day for it." in page
    assert 'value="their birthday"' in page
    assert QuietDate.objects.count() == 0


def test_quiet_dates_are_listed_in_the_order_of_the_year_with_their_labels(alice_client):
    for day, label in (
        ("2026-12-24", "QUIET-DEC"),
        ("2026-02-14", "QUIET-FEB"),
        ("2026-06-01", ""),
    ):
        alice_client.post(reverse("add_quiet_date"), {"day": day, "label": label})
    page = alice_client.get(reverse("settings")).content.decode()
    assert (
        page.index("14 February: QUIET-FEB")
        < page.index("1 June")
        < page.index("24 December: QUIET-DEC")
    )


def test_a_quiet_date_that_does_not_open_is_named_and_can_be_removed(alice_client, alice):
    alice_client.post(reverse("add_quiet_date"), {"day": "2026-02-14", "label": "QUIET-FEB"})
    alice_client.post(reverse("add_quiet_date"), {"day": "2026-03-01", "label": "QUIET-MAR"})
    march = QuietDate.tag_for(alice.user_key, 3, 1)
    broken = QuietDate.objects.get(owner=alice.user, day_tag=march)
    QuietDate.objects.filter(id=broken.id).update(sealed=bytes(64))
    response = alice_client.get(reverse("settings"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("14 February: QUIET-FEB") < page.index("A day that can't be opened")
    assert "QUIET-MAR" not in page
    assert reverse("remove_quiet_date", args=[broken.id]) in page
    alice_client.post(reverse("remove_quiet_date", args=[broken.id]))
    assert QuietDate.objects.filter(owner=alice.user).count() == 1


def test_the_quiet_line_appears_only_when_true(alice_client, alice):
    today = clock.today()
    for days in (30, 31, 32, 33):
        UrgeMoment.objects.create(owner=alice.user, at=today - datetime.timedelta(days=days))
    UrgeMoment.objects.create(owner=alice.user, at=today - datetime.timedelta(days=3))
    line = "Your urges to reach out have halved since last month."
    assert line in alice_client.get(reverse("desk")).content.decode()
    for days in (1, 2):
        UrgeMoment.objects.create(owner=alice.user, at=today - datetime.timedelta(days=days))
    assert line not in alice_client.get(reverse("desk")).content.decode()


def test_looking_back_is_honest_with_little_data(alice_client, alice):
    write_letter(alice)
    page = alice_client.get(reverse("looking_back")).content.decode()
    assert "There isn&#x27;t enough here yet to show a trend" in page or (
        "There isn't enough here yet to show a trend" in page
    )
    assert "<svg" not in page


def chart_tables(page: str) -> dict[str, ET.Element]:
    """Each chart's table, by its slug, parsed (our own page: each table is well-formed)."""
    tables = {}
    for part in page.split('<table class="chart-table" aria-labelledby="chart-')[1:]:
        slug, _, rest = part.partition("-title")
        inside = rest.split(">", 1)[1].split("</table>")[0]
        tables[slug] = ET.fromstring(f"<table>{inside}</table>")  # noqa: S314
    return tables


def column(table: ET.Element, index: int) -> list[tuple[str, str | None]]:
    """A series' (what is read out, bar width) in each week's row; no width for a week without.

    Every chart's bars are in one column, as wide in each chart; a row holds one line per series.
    """
    cells = []
    for row in table.find("tbody"):
        (cell,) = row.findall("td")
        line = cell.findall("div")[index]
        read_out = "".join(span.text for span in line.findall("span"))
        svg = line.find("svg")
        if svg is None:
            cells.append((read_out, None))
        else:
            # The number read out is the one drawn after the bar.
            assert read_out.endswith(svg.find("text").text)
            cells.append((read_out, svg.find("rect").get("width")))
    return cells


def test_looking_back_draws_each_chart_as_a_table_with_numbers_on_its_bars(alice_client, alice):
    old = write_letter(alice)
    Letter.objects.filter(id=old.id).update(created=clock.now() - datetime.timedelta(weeks=4))
    write_letter(alice)
    for _ in range(2):
        UrgeMoment.objects.create(owner=alice.user, at=clock.today())
    page = alice_client.get(reverse("looking_back")).content.decode()
    assert '<table class="visually-hidden">' not in page
    tables = chart_tables(page)
    # No day of last contact set and no feeling noted: no chart of either, all "none".
    assert list(tables) == ["letters", "urges", "decided"]
    letters = tables["letters"]
    heads = ["".join(th.itertext()).strip() for th in letters.find("thead").iter("th")]
    assert heads == ["Week of", "Letters"]
    assert len(letters.find("tbody")) == 5
    # Letters, urges, seals and shreds share one scale: 2 urges fill 75%, 1 letter half that.
    assert column(letters, 0) == [("1", "37.5%"), *[("0", "0.0%")] * 3, ("1", "37.5%")]
    assert column(tables["urges"], 0)[-1] == ("2", "75.0%")
    assert column(tables["decided"], 1)[-1] == ("Shredded: 0", "0.0%")


def test_looking_back_draws_days_without_contact_for_a_writer_who_counts_them(alice_client, alice):
    old = write_letter(alice)
    Letter.objects.filter(id=old.id).update(created=clock.now() - datetime.timedelta(weeks=4))
    record_contact(alice, clock.today() - datetime.timedelta(days=10))
    tables = chart_tables(alice_client.get(reverse("looking_back")).content.decode())
    assert list(tables) == ["letters", "urges", "no-contact", "decided"]
    assert column(tables["no-contact"], 0)[-1][0] == "10"  # days since, at the end of this week


def test_looking_back_draws_feelings_from_nought_to_ten(alice_client, alice):
    letter = write_letter(alice)
    Letter.objects.filter(id=letter.id).update(created=clock.now() - datetime.timedelta(weeks=3))
    alice_client.post(
        reverse("check_in", args=[letter.id]), {"feelings": ["hurt"], "strength": "4"}
    )
    page = alice_client.get(reverse("looking_back")).content.decode()
    assert list(chart_tables(page)) == ["letters", "feelings", "urges", "decided"]
    assert column(chart_tables(page)["feelings"], 0) == [
        *[("Before: none", None)] * 3,
        ("Before: 4", "30.0%"),
    ]


def test_looking_back_needs_a_login_and_rejects_post(alice_client):
    from django.test import Client

    assert Client().get(reverse("looking_back")).url.startswith(reverse("login"))
    assert alice_client.post(reverse("looking_back")).status_code == 405


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the raw SQLite file")
def test_feelings_notes_and_quiet_labels_are_never_stored_in_clear(client):
    writer = make_writer("kai")
    log_in(client, writer)
    letter = write_letter(writer)
    client.post(reverse("check_in", args=[letter.id]), {"feelings": ["numb"], "strength": "9"})
    seal_a_day_ago(letter)
    client.post(reverse("add_note", args=[letter.id]), {"text": "NOTEMARK margin", "strength": "1"})
    client.post(reverse("add_quiet_date"), {"day": "2026-02-14", "label": "QUIETMARK"})
    assert MarginNote.objects.count() == 1 and QuietDate.objects.count() == 1
    connection.close()
    name = Path(connection.settings_dict["NAME"])
    raw = sqlite3.connect(name)
    raw.execute("PRAGMA wal_checkpoint(FULL)")
    raw.close()
    data = b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists())
    for marker in (b"NOTEMARK", b"QUIETMARK", b"numb", b'"strength"'):
        assert marker not in data, marker


def test_two_tabs_checking_in_keep_one_and_raise_nothing(alice_client, alice):
    letter = write_letter(alice)
    for strength in ("3", "9"):
        response = alice_client.post(reverse("check_in", args=[letter.id]), {"strength": strength})
        assert response.status_code == 302
    CheckIn.record(letter, alice.user_key, "before", Feeling((), 5))
    assert CheckIn.objects.filter(letter=letter).count() == 1
    assert CheckIn.objects.get(letter=letter).feeling(alice.user_key).strength == 3


@pytest.mark.parametrize(
    "data", [None, {"strength": "4", "feelings": ["hurt"]}, {"strength": "99", "feelings": ["x"]}]
)
def test_the_written_out_options_match_what_django_renders(data):
    """The partial writes each option out for speed; it must stay what {{ choice.tag }} gives."""
    form = CheckInForm(data)
    assert form.is_valid() is (data is not None and data["strength"] == "4")
    page = render_to_string("feelings/_check_in_fields.html", {"form": form})
    for field in ("feelings", "strength"):
        for choice in form[field]:
            assert str(choice.tag()) in page


DONE_FOR_NOW = (
    "Your letter is kept just as you left it, and only you can read it. Putting it into words "
    "takes something: go gently for the rest of the day."
)


def test_done_for_now_ends_with_a_kind_word_whether_asked_or_skipped(alice_client, alice):
    letter = write_letter(alice)
    response = alice_client.post(reverse("how_now", args=[letter.id]), {"skip": "1"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [DONE_FOR_NOW]
    Profile.objects.filter(user=alice.user).update(asks_feelings=False)
    response = alice_client.get(reverse("how_now", args=[letter.id]), follow=True)
    assert response.redirect_chain == [(reverse("desk"), 302)]
    assert [str(m) for m in response.context["messages"]] == [DONE_FOR_NOW]


def test_looking_back_begins_when_the_writer_did_not_at_an_older_day_of_contact(
    alice_client, alice
):
    """A last contact set months before joining draws no weeks of nothing before Unsent."""
    long_ago = (clock.today() - datetime.timedelta(weeks=30)).isoformat()
    alice_client.post(reverse("no_contact"), {"on": long_ago})
    write_letter(alice)
    page = alice_client.get(reverse("looking_back")).content.decode()
    assert "There isn't enough here yet to show a trend: one week so far." in page
    assert "<svg" not in page
