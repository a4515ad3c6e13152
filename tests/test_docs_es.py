"""The README's "Using it" in Spanish (docs/es/README.md): there, linked both ways, complete."""

import re
from pathlib import Path

from django.utils import translation

from tests.test_prompts_data import our_files

PROJECT = Path(__file__).resolve().parent.parent
README = PROJECT / "README.md"
SPANISH = PROJECT / "docs" / "es" / "README.md"
USING_IT = {"en": "Using it", "es": "Cómo se usa"}
# Each section of "Using it" and its counterpart; a new English section fails until it has one.
COUNTERPARTS = {
    "On your phone": "En tu teléfono",
    "A letter on paper": "Una carta en papel",
    "Passkeys": "Llaves de acceso",
    "Taking your letters with you": "Llevarte tus cartas",
}


def part(path: Path, title: str) -> list[str]:
    """The lines under `## title`, up to the next heading of that level, code blocks left out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"## {title}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    prose, in_code = [], False
    for line in lines[start:end]:
        if line.lstrip().startswith("```"):
            in_code = not in_code
        elif not in_code:
            prose.append(line)
    return prose


def outline(lines: list[str]) -> list[str]:
    """The shape of a part: its headings, its numbered steps, the bold words that open a paragraph."""
    shape = []
    for line in lines:
        if heading := re.match(r"(#{3,6}) ", line):
            shape.append(heading.group(1))
        elif re.match(r"\d+\. ", line):
            shape.append("step")
        elif line.startswith("**"):
            shape.append("bold lead")
    return shape


def headings(lines: list[str]) -> list[str]:
    return [line.lstrip("#").strip() for line in lines if line.startswith("### ")]


def test_the_spanish_guide_links_back_to_the_readme():
    text = SPANISH.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+README\.md)\)", text)
    assert links == ["../../README.md"]
    assert (SPANISH.parent / links[0]).resolve() == README


def test_the_readme_links_to_the_spanish_guide_from_its_top():
    top = README.read_text(encoding="utf-8").splitlines()[:6]
    assert "En español: [docs/es/README.md](docs/es/README.md)" in top
    assert (README.parent / "docs/es/README.md").is_file()


def test_every_section_of_using_it_has_its_spanish_counterpart():
    english, spanish = part(README, USING_IT["en"]), part(SPANISH, USING_IT["es"])
    missing = [h for h in headings(english) if h not in COUNTERPARTS]
    assert missing == []
    assert [COUNTERPARTS[h] for h in headings(english)] == headings(spanish)


def test_the_spanish_guide_has_as_many_steps_sections_and_paragraph_leads_as_the_english():
    english, spanish = part(README, USING_IT["en"]), part(SPANISH, USING_IT["es"])
    assert outline(english).count("step") >= 15  # the outline reads the steps, not nothing
    assert outline(spanish) == outline(english)


def test_the_spanish_guide_says_first_how_to_switch_the_pages_to_spanish():
    text = SPANISH.read_text(encoding="utf-8")
    before_the_guide = text.split(f"## {USING_IT['es']}")[0]
    assert "«Language»" in before_the_guide and "«Idioma»" in before_the_guide
    assert "*Cuenta → Ajustes → Idioma*" in before_the_guide
    assert "navegador" in before_the_guide


def test_the_spanish_guide_names_the_menu_as_the_spanish_pages_show_it():
    text = SPANISH.read_text(encoding="utf-8")
    with translation.override("es"):
        labels = [
            translation.gettext("Desk"),
            translation.pgettext("the list of archived letters", "Archive"),
            translation.gettext("Prompts"),
            translation.gettext("Looking back"),
            translation.gettext("No contact"),
            translation.gettext("Search"),
            translation.gettext("Account"),
            translation.gettext("Log in"),
            translation.gettext("Sign up"),
            translation.gettext("I want to text my ex"),
            translation.gettext("Quick exit"),
            translation.gettext("Help, if you're not safe right now"),
            translation.gettext("Language"),
            translation.gettext("The one my browser asks for"),
        ]
    assert labels[0] == "Escritorio"
    assert [label for label in labels if label not in text] == []


def test_the_words_test_reads_the_spanish_guide_too():
    assert SPANISH in our_files()
