"""The prompt library's data file: complete, consistent, and in our own words."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.utils import translation

from letters.guidance import prompts

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
TITLES = {
    "Can Rejection Make You Tell Your Ex You Miss Him?",
    "How To Get Your Ex To Miss You (Without Making A Fool Of Yourself)",
    "How To Make Your Ex Miss You And Want You Back",
    "Does My Ex Miss Me?",
    "Why You Want to Reach Out to Your Ex, and How Not To",
}
THEMES = ["rejection", "ending-it", "miss-me", "acceptance", "what-i-need", "urge"]
LIBRARY = prompts.library()
FROM_FILE = [p for p in LIBRARY.prompts if p.series != "urge-page"]
# English and every language with a file of prompts (prompts.es.toml), offered or not yet.
FILES = prompts.PROMPTS_FILE.parent.glob("prompts.*.toml")
WORDED = ["en", *sorted(path.name.split(".")[1] for path in FILES)]


def library_in(language: str) -> prompts.Library:
    with translation.override(language):
        return prompts.library()


def test_every_prompt_has_all_its_fields():
    for prompt in FROM_FILE:
        assert all([prompt.slug, prompt.theme, prompt.text, prompt.why, prompt.source]), prompt


def test_slugs_are_unique_and_stable_looking():
    slugs = [p.slug for p in LIBRARY.prompts]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)


def test_every_source_is_one_of_the_five_articles():
    assert {p.source for p in LIBRARY.prompts} == TITLES


def test_there_are_at_least_45_prompts_and_7_from_each_article():
    assert len(FROM_FILE) >= 45
    per_source = Counter(p.source for p in FROM_FILE)
    assert min(per_source.values()) >= 7, per_source


def test_the_themes_are_in_order_and_each_has_prompts():
    assert [t.slug for t in LIBRARY.themes] == THEMES
    per_theme = Counter(p.theme for p in FROM_FILE)
    assert set(per_theme) == set(THEMES)
    assert min(per_theme.values()) >= 7


def test_the_one_who_ended_it_has_a_theme_of_their_own():
    """Someone who left, or decided together, finds prompts written for them (guilt, relief,
    grief without a villain), not only ones that assume they were left."""
    theirs = LIBRARY.in_library("ending-it")
    assert len(theirs) >= 7
    assert {p.story for p in theirs} == {"ending-it"}
    assert any(p.slug == "ending-it-when-we-both-knew" for p in theirs)


def test_a_story_is_one_of_the_two_written_for():
    assert {p.story for p in LIBRARY.prompts} == {"", "missing-them", "ending-it"}
    # The prompts that long for the ex are marked, so the desk does not offer them unasked.
    missing = {p.slug for p in LIBRARY.prompts if p.story == "missing-them"}
    assert {"what-i-need-did-i-matter", "miss-me-do-i-want-it-back"} <= missing


def test_the_seven_mornings_are_complete_and_in_order():
    series = LIBRARY.series
    assert [p.day for p in series] == [1, 2, 3, 4, 5, 6, 7]
    assert {p.theme for p in series} == {"miss-me"}
    assert len({p.text for p in series}) == 7


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def article_runs() -> set[tuple[str, ...]]:
    articles = set()
    for path in SEEDS.glob("[0-9]*.txt"):
        articles |= runs(path.read_text(encoding="utf-8"))
    assert len(articles) > 1000
    return articles


def runs_between_titles(text: str) -> set[tuple[str, ...]]:
    """The runs of a text of ours, leaving out the articles' titles, which we cite by name."""
    pieces = [text]
    for title in TITLES:
        pieces = [part for piece in pieces for part in piece.split(title)]
    return set().union(*(runs(piece) for piece in pieces))


def test_the_words_tests_read_the_library_in_every_language_with_a_file():
    assert "es" in WORDED
    assert library_in("es").themes[0].name != LIBRARY.themes[0].name


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles (../shared/seeds) are not here")
@pytest.mark.parametrize("language", WORDED)
def test_no_prompt_shares_eight_words_in_a_row_with_an_article(language):
    articles = article_runs()
    library = library_in(language)
    ours = [p.text for p in library.prompts] + [p.why for p in library.prompts]
    ours += [t.name for t in library.themes] + [t.blurb for t in library.themes]
    urge = library.urge
    ours += [urge.intro, urge.pause, urge.instead, urge.sent, *urge.steps]
    copied = [text for text in ours if runs(text) & articles]
    assert copied == []


PROJECT = Path(__file__).resolve().parent.parent
# What is not ours to word: installed packages, built files, pictures.
NOT_OURS = {".git", ".venv", "node_modules", "staticfiles", "screenshots", "__pycache__"}
OUR_WORDS = {".md", ".py", ".html", ".js", ".css", ".toml", ".txt"}


def our_files() -> list[Path]:
    """The README and the other Markdown, the prompts, templates, code, tests and scripts."""
    found = []
    for path in PROJECT.rglob("*"):
        if NOT_OURS & set(path.relative_to(PROJECT).parts) or not path.is_file():
            continue
        if path.suffix in OUR_WORDS or path.parent.name == "bin" or path.name == "Makefile":
            found.append(path)
    return found


def test_the_words_test_reads_the_readme_markdown_templates_and_code():
    names = {path.relative_to(PROJECT).as_posix() for path in our_files()}
    expected = {
        "README.md",
        "docs/architecture.md",
        "letters/guidance/prompts.toml",
        "letters/guidance/prompts.es.toml",
        "letters/guidance/helplines.es.toml",
        "templates/prompts/urge.html",
        "letters/views/guidance.py",
        "static/js/editor.js",
        "bin/test",
    }
    assert expected <= names
    assert not [name for name in names if name.startswith((".venv/", "node_modules/"))]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles (../shared/seeds) are not here")
def test_no_file_of_ours_shares_eight_words_in_a_row_with_an_article():
    articles = article_runs()
    copied = {}
    for path in our_files():
        shared = runs_between_titles(path.read_text(encoding="utf-8", errors="replace")) & articles
        if shared:
            copied[path.relative_to(PROJECT).as_posix()] = sorted(" ".join(r) for r in shared)
    assert copied == {}


# Words that would coach getting a reaction from the ex, in each language with prompts.
TACTICS = {
    "en": r"make (them|your ex) (jealous|miss you|want you)",
    "es": r"(dar|darle|poner|ponerle) celos|(haz|hacer|lograr|conseguir) que (te|tu ex)",
}


def test_every_language_with_prompts_has_its_words_for_coaching():
    assert sorted(TACTICS) == WORDED


@pytest.mark.parametrize("language", WORDED)
def test_no_prompt_coaches_getting_a_reaction_from_the_ex(language):
    tactics = re.compile(TACTICS[language], re.IGNORECASE)
    library = library_in(language)
    assert [p.slug for p in library.prompts if tactics.search(p.text + p.why)] == []
    assert [t.slug for t in library.themes if tactics.search(t.name + t.blurb)] == []


def every_line_we_show(language: str) -> dict[str, str]:
    """Every prompt, why, theme and line of the urge page, named by where it comes from."""
    library = library_in(language)
    lines = {f"{p.slug}.text": p.text for p in library.prompts}
    lines |= {f"{p.slug}.why": p.why for p in library.prompts}
    lines |= {f"theme {t.slug}": f"{t.name} {t.blurb}" for t in library.themes}
    lines |= {f"urge step {n}": step for n, step in enumerate(library.urge.steps, 1)}
    return lines | {"urge intro": library.urge.intro, "urge instead": library.urge.instead}


def lines_matching(patterns: dict[str, str], language: str) -> list[str]:
    found = re.compile(patterns[language], re.IGNORECASE)
    lines = every_line_we_show(language).items()
    return sorted(where for where, line in lines if found.search(line))


# Each care below in the words of each language with prompts.
ASSUMES_LEFT = {
    "en": r"being left|were left|why they left|reasons for leaving|someone else made|"
    r"get a vote|did not choose|didn't choose|last to know|change their mind|them coming back",
    "es": r"te dej(ó|aron)|por qué se fue|motivos para irse|no (lo )?elegiste|"
    r"(última|último) en (saberlo|enterarte)|cambi(e|a) de opinión|vuelva contigo",
}
WAITING_GAME = {
    "en": r"door is open|next move|that step with them|know how to find you",
    "es": r"puerta (está )?abierta|próxim[oa] (paso|movimiento|jugada)|sabe dónde encontrarte",
}
SHARE_OF_BLAME = {
    "en": r"your share|share of (the )?blame|your fault",
    "es": r"tu parte de (la )?culpa|(tu|la) culpa es tuya|culpa tuya|tu culpa",
}
INSIDE_THEIR_DAYS = {
    "en": r"imagine they|what they carry|hard days of their own|hurting as much as you|"
    r"picturing how",
    "es": r"imagina que (tu ex|esa persona)|lo que (tu ex )?carga|sus propios días difíciles|"
    r"(sufre|sufriendo) tanto como tú|imaginando cómo",
}


def test_every_care_is_worded_in_every_language_with_prompts():
    cares = (ASSUMES_LEFT, WAITING_GAME, SHARE_OF_BLAME, INSIDE_THEIR_DAYS)
    assert [sorted(care) for care in cares] == [WORDED] * len(cares)


@pytest.mark.parametrize("language", WORDED)
def test_no_line_assumes_the_writer_was_the_one_left(language):
    assert lines_matching(ASSUMES_LEFT, language) == []


@pytest.mark.parametrize("language", WORDED)
def test_no_line_keeps_a_waiting_game_with_the_ex_alive(language):
    assert lines_matching(WAITING_GAME, language) == []


@pytest.mark.parametrize("language", WORDED)
def test_no_line_hands_the_writer_a_share_of_the_blame(language):
    assert lines_matching(SHARE_OF_BLAME, language) == []


@pytest.mark.parametrize("language", WORDED)
def test_no_line_asks_the_writer_to_imagine_the_inside_of_their_exs_days(language):
    assert lines_matching(INSIDE_THEIR_DAYS, language) == []


# The ten prompts named weakest in issue 16, with the words they had then and their source.
REWRITTEN = {
    "acceptance-before-they-said-it": (
        "Your ex may have carried this decision for a long while before saying it out loud.",
        "How To Make Your Ex Miss You And Want You Back",
    ),
    "what-i-need-their-hard-days": (
        "Your ex is probably having hard days of their own, even if they look nothing like yours.",
        "Does My Ex Miss Me?",
    ),
    "urge-their-door-too": (
        "If your ex wanted to talk, they know how to find you.",
        "Why You Want to Reach Out to Your Ex, and How Not To",
    ),
    "miss-me-morning-6-this-month-is-mine": (
        "If this stretch without contact is for you and not for them",
        "How To Get Your Ex To Miss You (Without Making A Fool Of Yourself)",
    ),
    "miss-me-if-they-hurt-too": (
        "Suppose your ex ended up hurting as much as you are.",
        "How To Get Your Ex To Miss You (Without Making A Fool Of Yourself)",
    ),
    "what-i-need-both-sides": (
        "Write to your ex about your share of what went wrong, and then about theirs.",
        "Does My Ex Miss Me?",
    ),
    "urge-nothing-would-change": (
        "If you sent it, which of their reasons for leaving would actually change?",
        "Why You Want to Reach Out to Your Ex, and How Not To",
    ),
    "acceptance-their-decision": (
        "Your ex made a choice you didn't get a vote in.",
        "How To Make Your Ex Miss You And Want You Back",
    ),
    "miss-me-hours-given-back": (
        "How many hours this week went to picturing how your ex might react to you?",
        "How To Get Your Ex To Miss You (Without Making A Fool Of Yourself)",
    ),
    "what-i-need-worth-of-my-own": (
        "Write a list of things that are good and true about you",
        "Does My Ex Miss Me?",
    ),
}


@pytest.mark.parametrize("slug", REWRITTEN)
def test_the_weakest_prompts_are_rewritten_keeping_their_slug_and_source(slug):
    old_words, source = REWRITTEN[slug]
    prompt = prompts.get(slug)
    assert (prompt.slug, prompt.source) == (slug, source)
    assert old_words not in prompt.text
