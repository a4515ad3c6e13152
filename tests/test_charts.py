"""Looking back's numbers, from known data."""

import datetime

from letters.pages import charts

MON = datetime.date(2026, 11, 2)  # a Monday


def d(days):
    return MON + datetime.timedelta(days=days)


def test_weeks_run_monday_to_monday_and_are_capped():
    assert charts.week_of(d(6)) == MON
    assert charts.weeks_between(d(3), d(15)) == [MON, d(7), d(14)]
    assert len(charts.weeks_between(d(-400), d(0))) == charts.MAX_WEEKS


def test_counts_per_week_are_exact():
    weeks = [MON, d(7), d(14)]
    assert charts.counts([d(0), d(6), d(7), d(20), d(21), d(-1)], weeks) == [2, 1, 1]


def test_averages_per_week_are_exact():
    weeks = [MON, d(7), d(14)]
    pairs = [(d(0), 8), (d(1), 5), (d(8), 3)]
    assert charts.averages(pairs, weeks) == [6.5, 3.0, None]


def test_no_contact_days_at_each_weeks_end_with_resets():
    weeks = [MON, d(7), d(14)]
    contacts = [d(2), d(10)]
    assert charts.no_contact_days(contacts, weeks, today=d(16)) == [4, 3, 6]
    assert charts.no_contact_days([], weeks, today=d(16)) == [None, None, None]


def test_bars_scale_to_the_tallest_and_skip_empty_weeks():
    chart = charts.Chart("x", "t", "s", [MON, d(7)], [charts.Series("before", "Before", [4, None])])
    (bar,) = chart.bars
    assert bar.height == charts.HEIGHT - charts.TOP - charts.BOTTOM
    assert bar.text == "Before, week of 2 Nov: 4"


def test_honest_with_little_data():
    assert charts.enough_for_a_trend([MON, d(7)]) is False
    assert charts.enough_for_a_trend([MON, d(7), d(14)]) is True


def test_halved_only_when_true():
    assert charts.halved(recent=2, before=4) is True
    assert charts.halved(recent=3, before=4) is False
    assert charts.halved(recent=0, before=1) is False
