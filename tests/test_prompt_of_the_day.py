import datetime
import itertools

from django.urls import reverse
from django.utils.html import escape

from letters.guidance import prompts
from tests.conftest import begin_letter, write_letter

DAY = datetime.date(2026, 11, 24)


def test_it_is_the_same_all_day_for_a_writer():
    assert prompts.prompt_of_the_day(1, DAY, set()) == prompts.prompt_of_the_day(1, DAY, set())


def test_it_changes_from_one_day_to_the_next():
    picks = [
        prompts.prompt_of_the_day(1, DAY + datetime.timedelta(days=n), set()) for n in range(30)
    ]
    assert all(a != b for a, b in itertools.pairwise(picks))
    assert len(set(picks)) == 30


def test_writers_get_their_own_order():
    firsts = {prompts.prompt_of_the_day(writer, DAY, set()).slug for writer in range(1, 11)}
    assert len(firsts) > 1


def test_it_skips_prompts_answered_recently_while_others_remain():
    everyday = prompts.library().everyday
    answered = {p.slug for p in everyday[:-1]}
    assert prompts.prompt_of_the_day(1, DAY, answered) == everyday[-1]
    # With every prompt answered, it still offers one rather than nothing.
    assert prompts.prompt_of_the_day(1, DAY, {p.slug for p in everyday}) in everyday


def test_it_fits_any_ending_and_offers_no_prompt_written_for_one_story():
    """The desk cannot know who ended it; a prompt assuming one story waits in the library."""
    library = prompts.library()
    everyday = library.everyday
    assert [p.slug for p in everyday if p.story] == []
    story_tied = [p for p in library.prompts if p.story and not p.series]
    assert len(story_tied) == 28
    # The editor shows a prompt's theme above it: no theme named for one story either.
    assert {p.theme for p in everyday} == {"rejection", "acceptance", "what-i-need", "urge"}
    assert [
        prompts.theme_of(p).name for p in everyday if "miss me" in prompts.theme_of(p).name
    ] == []
    offered = {
        prompts.prompt_of_the_day(writer, DAY + datetime.timedelta(days=n), set(), another).slug
        for writer in range(1, 4)
        for n in range(len(everyday))
        for another in range(2)
    }
    assert offered == {p.slug for p in everyday}


def test_a_new_writer_is_not_asked_whether_they_matter_to_their_ex(alice_client, settings):
    """Review s36 L7: a first night's prompt was "Did I matter to them?"."""
    for shift in range(60):
        settings.UNSENT_CLOCK_SHIFT_DAYS = shift
        desk = alice_client.get(reverse("desk")).content.decode()
        slug = desk.split('name="prompt" value="')[1].split('"')[0]
        assert prompts.get(slug).story == "", (shift, slug)


def test_another_gives_a_different_one():
    today = prompts.prompt_of_the_day(1, DAY, set())
    assert prompts.prompt_of_the_day(1, DAY, set(), another=1) != today


def test_the_desk_skips_the_prompt_answered_today(alice_client, alice, settings):
    before = alice_client.get(reverse("desk")).content.decode()
    slug = before.split('name="prompt" value="')[1].split('"')[0]
    write_letter(alice, prompt_slug=slug)
    after = alice_client.get(reverse("desk")).content.decode()
    assert after.split('name="prompt" value="')[1].split('"')[0] != slug
    # A week and a day later it may come round again, but never while it is "recent".
    settings.UNSENT_CLOCK_SHIFT_DAYS = 3
    later = alice_client.get(reverse("desk")).content.decode()
    assert later.split('name="prompt" value="')[1].split('"')[0] != slug


def test_writing_to_a_prompt_keeps_it_with_the_letter(alice_client, alice):

    prompt = prompts.library().everyday[3]
    letter = begin_letter(alice_client, prompt.slug)
    assert letter.read_prompt(alice.user_key) == prompt.slug
    page = alice_client.get(reverse("read", args=[letter.id])).content.decode()
    theme = prompts.theme_of(prompt)
    assert f'<p class="prompt-source mb-0">{escape(theme.name)}</p>' in page
    assert prompt.source not in page


def test_an_unknown_prompt_is_ignored(alice_client, alice):

    letter = begin_letter(alice_client, "no-such-prompt")
    assert letter.read_prompt(alice.user_key) == ""
    assert letter.prompt is None and letter.prompt_tag is None


def test_the_desk_names_no_article_only_the_library_does(alice_client, alice, settings):
    """An article's title ("How to make your ex miss you…") reads as advice; the desk shows the
    prompts in our words, and the library names where each one comes from."""
    sources = {prompt.source for prompt in prompts.library().prompts}
    for shift in range(7):  # a week of prompts of the day
        settings.UNSENT_CLOCK_SHIFT_DAYS = shift
        desk = alice_client.get(reverse("desk")).content.decode()
        assert "From “" not in desk
        assert [source for source in sources if escape(source) in desk] == []
    assert "From “" in alice_client.get(reverse("prompts")).content.decode()
