"""The help page's numbers: complete, checked lately, and open to the operator's own lines."""

import datetime
import logging

import pytest
from django.core import checks

from letters import clock
from letters.guidance import helplines

OURS = helplines.read(helplines.HELPLINES_FILE)
# About six months: a number checked longer ago than this must be checked again.
FRESH_FOR = datetime.timedelta(days=183)
# The countries the issue asks for, at the least (issue 16).
REQUIRED = {"US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "ES", "IN"}


def stale_lines() -> list[str]:
    """Every line of ours checked longer ago than FRESH_FOR, by the app's clock."""
    return [
        f"{country.code} {line.name} (checked {line.checked})"
        for country in OURS.values()
        for line in country.lines
        if clock.today() - line.checked > FRESH_FOR
    ]


def test_every_line_was_checked_within_about_six_months():
    assert stale_lines() == []


def test_the_freshness_check_fails_once_the_clock_passes_six_months(settings):
    oldest = min(line.checked for country in OURS.values() for line in country.lines)
    settings.UNSENT_CLOCK_SHIFT_DAYS = (oldest + FRESH_FOR - clock.today()).days + 1
    checked_first = {
        f"{country.code} {line.name} (checked {oldest})"
        for country in OURS.values()
        for line in country.lines
        if line.checked == oldest
    }
    assert set(stale_lines()) >= checked_first != set()


def test_the_countries_asked_for_are_all_there_with_an_emergency_number_and_a_line():
    assert set(OURS) >= REQUIRED
    assert [c.code for c in OURS.values() if not c.emergency or not c.lines] == []


def test_the_well_known_numbers_are_as_their_services_give_them():
    def numbers(code):
        return {(line.call, line.text) for line in OURS[code].lines}

    assert ("988", "988") in numbers("US") and ("988", "988") in numbers("CA")
    assert ("116 123", "") in numbers("GB") and ("", "85258") in numbers("GB")
    assert ("116 123", "") in numbers("IE") and ("", "50808") in numbers("IE")
    assert ("13 11 14", "0477 13 11 14") in numbers("AU")
    assert ("1737", "1737") in numbers("NZ") and ("0800 543 354", "") in numbers("NZ")
    assert ("0800 111 0 111", "") in numbers("DE")
    assert ("3114", "") in numbers("FR") and ("024", "") in numbers("ES")
    assert ("14416", "") in numbers("IN")
    assert OURS["NZ"].emergency == ("111",) and OURS["AU"].emergency == ("000",)


def test_a_phone_link_dials_only_the_digits():
    line = helplines.Line("Lifeline", datetime.date(2026, 11, 28), call="13 11 14", text="+64 1737")
    assert (line.call_href, line.text_href) == ("tel:131114", "sms:+641737")


def test_the_chosen_country_comes_first_and_the_rest_by_name():
    listed = [country.code for country in helplines.countries(first="NZ")]
    assert listed[0] == "NZ"
    rest = [OURS[code].name for code in listed[1:]]
    assert rest == sorted(rest)
    assert [c.code for c in helplines.countries()] == sorted(OURS, key=lambda c: OURS[c].name)


OPERATOR_FILE = """
[[countries]]
code = "GB"

[[countries.lines]]
name = "Samaritans"
call = "116 999"
hours = "evenings"
checked = 2026-10-01

[[countries.lines]]
name = "Our town's night line"
call = "01234 567890"
checked = 2026-10-02

[[countries]]
code = "PT"
name = "Portugal"
emergency = ["112"]

[[countries.lines]]
name = "SOS Voz Amiga"
call = "213 544 545"
checked = 2026-10-03
"""


@pytest.fixture
def operator_file(tmp_path, settings):
    path = tmp_path / "helplines.toml"
    path.write_text(OPERATOR_FILE, encoding="utf-8")
    settings.UNSENT_HELPLINES_FILE = str(path)
    return path


def test_the_operators_file_replaces_a_line_of_the_same_name(operator_file):
    britain = next(c for c in helplines.countries() if c.code == "GB")
    samaritans = [line for line in britain.lines if line.name == "Samaritans"]
    assert samaritans == [
        helplines.Line("Samaritans", datetime.date(2026, 10, 1), call="116 999", hours="evenings")
    ]
    assert [line.name for line in britain.lines] == ["Samaritans", "Shout", "Our town's night line"]
    assert britain.emergency == ("999", "112")


def test_the_operators_file_adds_a_country(operator_file):
    portugal = next(c for c in helplines.countries() if c.code == "PT")
    assert (portugal.name, portugal.emergency) == ("Portugal", ("112",))
    assert [line.call for line in portugal.lines] == ["213 544 545"]


def test_a_wrong_operators_file_leaves_our_lines_and_says_why(tmp_path, settings, caplog):
    path = tmp_path / "wrong.toml"
    path.write_text('[[countries]]\ncode = "GB"\n[[countries.lines]]\nname = "No number"\n')
    settings.UNSENT_HELPLINES_FILE = str(path)
    with caplog.at_level(logging.ERROR):
        listed = {c.code: c for c in helplines.countries()}
    assert listed == OURS
    assert "needs a name, and a number to call or to text" in caplog.text
    errors = helplines.check_operator_file()
    assert [type(e) for e in errors] == [checks.Error]
    assert "country 1 (GB), line 1 needs a name, and a number" in errors[0].msg


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not toml at all [", "can't be read"),
        ('[[countries]]\ncode = "gb"\n', "needs a code of two capital letters"),
        ('[[countries]]\ncode = "XX"\n', "XX is a new country and needs a name and emergency"),
        (
            '[[countries]]\ncode = "GB"\n[[countries.lines]]\nname = "A"\ncall = "1"\n'
            'checked = "2026-01-01"\n',
            "needs the day it was checked",
        ),
        ('[[countries]]\ncode = "GB"\nphone = "1"\n', "may have only code, emergency, lines, name"),
        ('title = "mine"\n', "must hold a list of [[countries]] and nothing else"),
    ],
)
def test_the_system_check_names_what_is_wrong(tmp_path, settings, text, problem):
    path = tmp_path / "helplines.toml"
    path.write_text(text, encoding="utf-8")
    settings.UNSENT_HELPLINES_FILE = str(path)
    assert [problem in error.msg for error in helplines.check_operator_file()] == [True]


def test_the_system_check_is_quiet_without_an_operators_file_or_with_a_good_one(operator_file):
    assert helplines.check_operator_file() == []
