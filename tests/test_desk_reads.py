"""The desk's and the archive's reads: LetterQuerySet's methods and the desk's facts.

The suite runs on SQLite and on PostgreSQL (bin/test), so these check both give back the same
letters, in the same order, as the same types.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from letters import clock
from letters.models import Letter, Profile, Shred, UrgeMoment
from letters.pages import desk
from tests.conftest import add_quiet_date, record_contact, write_letter

DAY = datetime.date(2026, 3, 4)


def fresh(writer):
    """The writer as a request reads them: their profile not yet loaded."""
    return get_user_model().objects.get(pk=writer.user.pk)


def test_a_summary_has_the_letters_values_in_the_orms_types(alice):
    letter = write_letter(alice, body="first line\nsecond", title="")
    letter.seal(datetime.date(2099, 1, 2))
    stored = Letter.objects.get(id=letter.id)
    [summary] = Letter.objects.owned_by(alice.user).on_desk().newest_first().summaries()
    assert summary.id == stored.id and summary.owner_id == alice.user.pk
    assert summary.status == "sealed"
    assert summary.created == stored.created and summary.created.tzinfo is not None
    assert summary.opens_on == datetime.date(2099, 1, 2)
    assert summary.word_count == 3
    assert bytes(summary.wrapped_key) == bytes(stored.wrapped_key)
    assert summary.read_fields(alice.user_key, "title", "recipient") == ["", ""]
    assert summary.locked_on(clock.today()) and not summary.is_draft
    # Only what a list shows is read: the title and the "Dear" name, never the words.
    assert summary.get_deferred_fields() >= {"body", "updated"}


def test_newest_first_keeps_the_states_asked_for_in_order_and_pages(alice, bob):
    older, newer, newest = (write_letter(alice, body=f"letter {n}") for n in range(3))
    archived = write_letter(alice, body="tucked")
    archived.archive()
    write_letter(bob, body="not alice's")
    Letter.objects.filter(id=newer.id).update(updated=timezone.now() + datetime.timedelta(1))

    mine = Letter.objects.owned_by(alice.user)

    def ids(letters, start=0, count=10):
        return [s.id for s in letters.newest_first().summaries()[start : start + count]]

    assert ids(mine.on_desk()) == [newer.id, newest.id, older.id]
    assert ids(mine.on_desk(), start=1, count=1) == [newest.id]
    assert ids(mine.archived()) == [archived.id]


def test_newest_first_keeps_a_themes_prompts_only(alice, bob):
    kept = write_letter(alice, body="from a prompt", prompt_slug="unsaid")
    write_letter(alice, body="blank page")
    write_letter(alice, body="another prompt", prompt_slug="anger")
    write_letter(bob, body="bob's, from the same prompt", prompt_slug="unsaid")

    def ids(slugs, writer=alice):
        tags = None if slugs is None else list(Letter.prompt_tags(writer.user_key, slugs))
        found = Letter.objects.owned_by(writer.user).on_desk().from_prompts(tags).newest_first()
        return [s.id for s in found]

    assert ids(["unsaid", "other"]) == [kept.id]
    assert ids([]) == []  # a theme with no prompts has no letters
    assert len(ids(None)) == 3  # no theme chosen: every letter
    # Alice's tags find nothing of Bob's, even among all letters: a tag is one writer's own.
    alices_tags = list(Letter.prompt_tags(alice.user_key, ["unsaid"]))
    assert list(Letter.objects.from_prompts(alices_tags)) == [Letter.objects.get(id=kept.id)]


def test_written_on_finds_the_letters_of_those_local_days_only(alice, bob, settings):
    settings.TIME_ZONE = "Europe/Paris"
    timezone.activate("Europe/Paris")
    try:
        letters = [write_letter(alice, body=f"letter {n}") for n in range(4)]
        paris = timezone.get_current_timezone()
        at = {  # local times: the first and last moment of DAY, and either side of it
            letters[0].id: datetime.datetime(2026, 3, 4, 0, 0, tzinfo=paris),
            letters[1].id: datetime.datetime(2026, 3, 4, 23, 59, tzinfo=paris),
            letters[2].id: datetime.datetime(2026, 3, 3, 23, 59, tzinfo=paris),
            letters[3].id: datetime.datetime(2026, 3, 5, 0, 0, tzinfo=paris),
        }
        theirs = write_letter(bob, body="bob's letter that day")
        at[theirs.id] = datetime.datetime(2026, 3, 4, 12, 0, tzinfo=paris)
        for letter_id, created in at.items():
            Letter.objects.filter(id=letter_id).update(created=created)
        found = Letter.objects.written_on(alice.user, [DAY])
        assert [s.id for s in found] == [letters[1].id, letters[0].id]
        two_days = Letter.objects.written_on(alice.user, [DAY, DAY + datetime.timedelta(1)])
        assert [s.id for s in two_days] == [letters[3].id, letters[1].id, letters[0].id]
        assert len(two_days[:2]) == 2
        assert list(Letter.objects.written_on(alice.user, [])) == []
        assert [s.id for s in Letter.objects.written_on(bob.user, [DAY])] == [theirs.id]
    finally:
        timezone.deactivate()


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL plans by its statistics"
)
def test_written_on_reads_only_those_days_from_the_index(alice):
    """On this day must not walk every letter of the writer: its cost stays flat as they grow."""
    days = [DAY, DAY - datetime.timedelta(days=365)]
    plan = Letter.objects.written_on(alice.user, days).summaries()[:5].explain()
    searches = [line for line in plan.splitlines() if "SEARCH letters_letter" in line]
    assert len(searches) == 2
    assert all("(owner_id=? AND created>? AND created<?)" in line for line in searches)


def test_chunks_walk_every_letter_once_newest_first_even_when_times_are_equal(alice, bob):
    letters = [write_letter(alice, body=f"letter {n}") for n in range(7)]
    write_letter(bob, body="not alice's")
    same = clock.now() - datetime.timedelta(days=1)
    # Five letters saved at the same moment (an import can do that), two at others.
    for letter in letters[:5]:
        Letter.objects.filter(id=letter.id).update(updated=same, created=same)
    Letter.objects.filter(id=letters[5].id).update(updated=same + datetime.timedelta(hours=1))
    Letter.objects.filter(id=letters[6].id).update(updated=same - datetime.timedelta(hours=1))
    mine = Letter.objects.owned_by(alice.user)
    expected = list(mine.order_by("-updated", "-created", "-id").values_list("id", flat=True))

    with CaptureQueriesContext(connection) as captured:
        walked = [letter_id for _, letter_id in mine.newest_first_in_chunks("status", size=2)]

    assert walked == expected
    assert walked[0] == letters[5].id and walked[-1] == letters[6].id
    # Each chunk's end and then its rows, three times; then no end is found, and the last row.
    assert len(captured.captured_queries) == 8


def test_a_walk_goes_on_past_letters_shredded_or_saved_between_its_chunks(alice):
    letters = [write_letter(alice, body=f"letter {n}") for n in range(6)]
    newest_first = letters[::-1]
    walk = Letter.objects.owned_by(alice.user).newest_first_in_chunks("status", size=2)
    walked = [next(walk)[-1], next(walk)[-1]]
    # Between the first chunk and the next: its last letter and the next one are shredded, and
    # the one after that is saved again, so it is now the newest and the walk has passed it.
    Letter.objects.filter(id__in=[newest_first[1].id, newest_first[2].id]).delete()
    Letter.objects.filter(id=newest_first[3].id).update(updated=clock.now())
    walked += [letter_id for _, letter_id in walk]
    assert walked == [
        newest_first[0].id,
        newest_first[1].id,
        newest_first[4].id,
        newest_first[5].id,
    ]


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL plans by its statistics"
)
def test_each_chunk_starts_where_the_last_ended_in_the_index_without_a_sorter(alice):
    for n in range(5):
        write_letter(alice, body=f"letter {n}")
    mine = Letter.objects.owned_by(alice.user).readable(clock.today())
    with CaptureQueriesContext(connection) as captured:
        list(mine.newest_first_in_chunks("body", size=2))
    plans = [
        connection.cursor().execute(f"EXPLAIN QUERY PLAN {query['sql']}").fetchall()
        for query in captured.captured_queries
    ]
    steps = [[row[3] for row in plan] for plan in plans]
    index = "letters_let_owner_i_285d17_idx"
    # Where a chunk ends is read from the index alone (it holds the state and opening day that
    # tell whether a letter can be read today); the rows then from the index and the table.
    first_end = [f"SEARCH letters_letter USING COVERING INDEX {index} (owner_id=?)"]
    next_end = [f"SEARCH letters_letter USING COVERING INDEX {index} (owner_id=? AND updated<?)"]
    from_start = [f"SEARCH letters_letter USING INDEX {index} (owner_id=? AND updated<?)"]
    to_end = [f"SEARCH letters_letter USING INDEX {index} (owner_id=? AND updated>?)"]
    between = [
        f"SEARCH letters_letter USING INDEX {index} (owner_id=? AND updated>? AND updated<?)"
    ]
    # 2 letters, 2 more, then no end found and the last letter.
    assert steps == [first_end, to_end, next_end, between, next_end, from_start]


def test_prompts_answered_since_a_moment(alice, bob):
    old = write_letter(alice, body="long ago", prompt_slug="unsaid")
    Letter.objects.filter(id=old.id).update(created=clock.now() - datetime.timedelta(days=10))
    write_letter(alice, body="this week", prompt_slug="anger")
    write_letter(alice, body="this week too", prompt_slug="series-1")
    write_letter(alice, body="no prompt")
    write_letter(bob, body="bob's", prompt_slug="other")
    named = Letter.prompt_tags(alice.user_key, ["unsaid", "anger", "series-1", "other"])
    week_ago = clock.now() - datetime.timedelta(days=7)
    mine = Letter.objects.owned_by(alice.user)
    assert mine.prompts_answered_since(week_ago, named) == {"anger", "series-1"}
    ten_days_ago = clock.now() - datetime.timedelta(days=11)
    assert mine.prompts_answered_since(ten_days_ago, named) == {"unsaid", "anger", "series-1"}
    # Only the prompts named are told apart; the others are not read back at all.
    some = Letter.prompt_tags(alice.user_key, ["series-1", "unsaid"])
    assert mine.prompts_answered_since(week_ago, some) == {"series-1"}
    # Bob's letter from "other" is not Alice's, and his tag of it is not hers.
    bobs = Letter.objects.owned_by(bob.user)
    assert bobs.prompts_answered_since(week_ago, named) == set()
    assert bobs.prompts_answered_since(week_ago, Letter.prompt_tags(bob.user_key, ["other"])) == {
        "other"
    }


def test_the_desk_facts_of_a_writer_with_nothing_yet(alice, bob):
    # Bob has one of everything, on the same day: none of it is alice's.
    today = clock.today()
    add_quiet_date(bob, today)
    record_contact(bob, today - datetime.timedelta(days=3))
    for days_ago in (30, 40, 50):
        UrgeMoment.objects.create(owner=bob.user, at=today - datetime.timedelta(days=days_ago))
    Shred.objects.create(owner=bob.user, shredded_on=today)
    Profile.objects.filter(user=bob.user).update(shows_on_this_day=False, series_started_on=today)
    assert desk.facts_for(fresh(bob), bob.user_key, today).urges_halved is True
    facts = desk.facts_for(fresh(alice), alice.user_key, today)
    assert facts == desk.DeskFacts(
        shows_on_this_day=True,
        series_started_on=None,
        series_began=None,
        quiet_day=False,
        no_contact=None,
        urges_halved=False,
        shred_count=0,
    )


def test_the_desk_facts_are_the_writers_own(alice, bob):
    today = clock.today()
    Profile.objects.filter(user=alice.user).update(
        shows_on_this_day=False, series_started_on=today - datetime.timedelta(days=2)
    )
    add_quiet_date(alice, today)
    add_quiet_date(alice, today + datetime.timedelta(days=1))
    # The count runs from the latest day, even when an earlier one is recorded after it.
    for days_ago in (40, 9, 20):
        record_contact(alice, today - datetime.timedelta(days=days_ago))
    for days_ago in (30, 40, 50, 5):  # three in the four weeks before, one in the last four
        UrgeMoment.objects.create(owner=alice.user, at=today - datetime.timedelta(days=days_ago))
    UrgeMoment.objects.create(owner=alice.user, at=today - datetime.timedelta(days=60))  # too old
    for _ in range(2):
        Shred.objects.create(owner=alice.user, shredded_on=today)
    facts = desk.facts_for(fresh(alice), alice.user_key, today)
    assert facts.shows_on_this_day is False
    assert facts.series_started_on == today - datetime.timedelta(days=2)
    assert facts.quiet_day is True
    assert facts.no_contact.since == today - datetime.timedelta(days=9)
    assert facts.no_contact.days == 9
    assert facts.urges_halved is True
    assert facts.shred_count == 2
    # One more urge this month and the line is no longer true: 2 is not half of 3.
    UrgeMoment.objects.create(owner=alice.user, at=today - datetime.timedelta(days=1))
    assert desk.facts_for(fresh(alice), alice.user_key, today).urges_halved is False
    tomorrow = today + datetime.timedelta(days=1)
    assert desk.facts_for(fresh(alice), alice.user_key, tomorrow).quiet_day is True
    after = today + datetime.timedelta(days=2)
    assert desk.facts_for(fresh(alice), alice.user_key, after).quiet_day is False


@pytest.mark.parametrize(
    ("day", "quiet"),
    [
        (datetime.date(2027, 2, 28), True),  # no 29th this year: the 28th stands in
        (datetime.date(2027, 3, 1), False),
        (datetime.date(2028, 2, 28), False),  # a 29th this year: it waits for it
        (datetime.date(2028, 2, 29), True),
    ],
)
def test_a_quiet_date_on_29_february_comes_on_the_28th_in_other_years(alice, day, quiet):
    add_quiet_date(alice, datetime.date(2028, 2, 29), "the day we met")
    assert desk.facts_for(fresh(alice), alice.user_key, day).quiet_day is quiet
