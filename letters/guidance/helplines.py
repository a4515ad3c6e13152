"""The help page's lines to talk to, by country: helplines.toml, and the operator's own file.

The operator's file (settings.UNSENT_HELPLINES_FILE) has the same shape. A line there with the
same country and name as one of ours takes its place; any other line, or country, is added.
No country is ever guessed from a writer's address: the page lists them all, the writer's own
choice first.

The lines are by country, not by language; their words are in the page's language where
helplines.<language>.toml words them (guidance.languages): a country's name, a line's name,
hours and note. Only our own words are reworded: a line or name from the operator's file shows
as the operator wrote it.
"""

from __future__ import annotations

import datetime
import logging
import re
import tomllib
import unicodedata
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core import checks

from letters.guidance import languages

logger = logging.getLogger(__name__)

HELPLINES_FILE = Path(__file__).with_name("helplines.toml")
COUNTRY_FIELDS = {"code", "name", "emergency", "lines"}
LINE_FIELDS = {"name", "call", "text", "text_word", "hours", "note", "checked"}
# What a language words. The word to text stays as the service expects it, in any language.
LINE_WORDS = ("name", "hours", "note")


class HelplineFileError(Exception):
    """A helplines file that cannot be read; the message says which file and why."""


@dataclass(frozen=True)
class Line:
    name: str
    checked: datetime.date
    call: str = ""
    text: str = ""
    text_word: str = ""
    hours: str = ""
    note: str = ""

    @property
    def call_href(self) -> str:
        return "tel:" + _dialled(self.call) if self.call else ""

    @property
    def text_href(self) -> str:
        return "sms:" + _dialled(self.text) if self.text else ""


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: tuple[str, ...]
    lines: tuple[Line, ...]


def _dialled(number: str) -> str:
    """The number as a phone dials it: digits, and a leading + if there is one."""
    return re.sub(r"[^0-9+]", "", number)


def read(path: Path) -> dict[str, Country]:
    """The countries of one helplines file, by code; raises HelplineFileError."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise HelplineFileError(f"{path} can't be read: {error}") from None
    countries = data.get("countries")
    if set(data) != {"countries"} or not isinstance(countries, list):
        raise HelplineFileError(f"{path} must hold a list of [[countries]] and nothing else")
    found: dict[str, Country] = {}
    for number, country in enumerate(countries, start=1):
        parsed = _country(country, f"{path}, country {number}")
        if parsed.code in found:
            raise HelplineFileError(f"{path} has the country {parsed.code} twice")
        found[parsed.code] = parsed
    return found


def _country(data: object, where: str) -> Country:
    if not isinstance(data, dict) or not set(data) <= COUNTRY_FIELDS:
        raise HelplineFileError(f"{where} may have only {', '.join(sorted(COUNTRY_FIELDS))}")
    code = data.get("code")
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}", code):
        raise HelplineFileError(f"{where} needs a code of two capital letters, such as GB")
    name = data.get("name", "")
    emergency = data.get("emergency", [])
    if not isinstance(name, str) or not isinstance(emergency, list):
        raise HelplineFileError(
            f"{where} ({code}) has a name or emergency numbers of the wrong kind"
        )
    if not all(isinstance(n, str) and n for n in emergency):
        raise HelplineFileError(f"{where} ({code}) has emergency numbers that aren't text")
    lines = data.get("lines", [])
    if not isinstance(lines, list):
        raise HelplineFileError(f"{where} ({code}) has lines that aren't a list of [[lines]]")
    parsed = tuple(_line(line, f"{where} ({code}), line {n}") for n, line in enumerate(lines, 1))
    names = [line.name for line in parsed]
    if len(names) != len(set(names)):
        raise HelplineFileError(f"{where} ({code}) names a line twice")
    return Country(code, name, tuple(emergency), parsed)


def _line(data: object, where: str) -> Line:
    if not isinstance(data, dict) or not set(data) <= LINE_FIELDS:
        raise HelplineFileError(f"{where} may have only {', '.join(sorted(LINE_FIELDS))}")
    texts = {key: value for key, value in data.items() if key != "checked"}
    if not all(isinstance(value, str) for value in texts.values()):
        raise HelplineFileError(f"{where} has a field that isn't text")
    if not texts.get("name") or not (texts.get("call") or texts.get("text")):
        raise HelplineFileError(f"{where} needs a name, and a number to call or to text")
    checked = data.get("checked")
    if type(checked) is not datetime.date:
        raise HelplineFileError(f"{where} needs the day it was checked, such as 2026-11-28")
    return Line(checked=checked, **texts)


def merge(ours: dict[str, Country], theirs: dict[str, Country]) -> dict[str, Country]:
    """Our countries with the operator's lines: same country and name replaces, else adds."""
    merged = dict(ours)
    for code, country in theirs.items():
        if code not in merged:
            if not country.name or not country.emergency:
                raise HelplineFileError(f"{code} is a new country and needs a name and emergency")
            merged[code] = country
            continue
        base = merged[code]
        # A replaced line keeps its place; an added one comes after ours.
        lines = {line.name: line for line in (*base.lines, *country.lines)}
        merged[code] = replace(
            base,
            name=country.name or base.name,
            emergency=country.emergency or base.emergency,
            lines=tuple(lines.values()),
        )
    return merged


def operator_file() -> Path | None:
    name = settings.UNSENT_HELPLINES_FILE
    return Path(name) if name else None


@cache
def _load(ours_file: Path, operator: Path | None, language: str) -> tuple[Country, ...]:
    """Every country, in a language, read once per process."""
    ours = read(ours_file)
    merged = ours
    if operator is not None:
        try:
            merged = merge(ours, read(operator))
        except HelplineFileError as error:
            # The help page must never fail: it shows our lines, and the log says why.
            logger.error("The operator's helplines were left out: %s", error)
    words = languages.read_words(ours_file, language).get("countries", {})
    worded = [reword(country, ours.get(country.code), words) for country in merged.values()]
    return tuple(sorted(worded, key=lambda country: _sortable(country.name)))


def reword(country: Country, ours: Country | None, words: dict) -> Country:
    """A country in a language's words (words: that language's countries, by code).

    Only our own words are reworded: a name or a line the operator's file gave stays theirs.
    """
    worded = words.get(country.code) if ours is not None else None
    if not isinstance(worded, dict):
        return country
    name = country.name
    if name == ours.name:
        name = languages.reworded({"name": name}, worded, ["name"])["name"]
    by_name = worded.get("lines") if isinstance(worded.get("lines"), dict) else {}
    lines = tuple(
        Line(**languages.reworded(asdict(line), by_name.get(line.name), LINE_WORDS))
        if line in ours.lines
        else line
        for line in country.lines
    )
    return replace(country, name=name, lines=lines)


def _sortable(name: str) -> str:
    """A name as an alphabetical list orders it, whatever its accents (Canadá, España)."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


def countries(first: str = "") -> list[Country]:
    """Every country, by name in the page's language, with the writer's chosen one (its code)
    at the top."""
    listed = list(_load(HELPLINES_FILE, operator_file(), languages.active()))
    return sorted(listed, key=lambda country: country.code != first)


def check_operator_file(**kwargs: object) -> list[checks.CheckMessage]:
    """A system check, so that a wrong operator's file is seen at deploy, not on the page."""
    operator = operator_file()
    if operator is None:
        return []
    try:
        merge(read(HELPLINES_FILE), read(operator))
    except HelplineFileError as error:
        return [checks.Error(str(error), hint="See UNSENT_HELPLINES_FILE in the README.")]
    return []
