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


def test_bars_scale_to_the_tallest_leaving_room_for_the_number_and_skip_empty_weeks():
    chart = charts.Chart("x", "t", "s", [MON, d(7)], [charts.Series("before", "Before", [4, None])])
    first, second = chart.rows
    assert first.cells == [charts.Cell("before", "Before", 4, charts.BAR_ROOM)]
    assert second.cells == [charts.Cell("before", "Before", None, 0.0)]
    assert chart.keyed is False


def test_charts_of_one_kind_share_a_scale():
    weeks = [MON, d(7)]
    few = charts.Chart("a", "t", "s", weeks, [charts.Series("urges", "Urges", [1, 2])], scale=8)
    many = charts.Chart(
        "b", "t", "s", weeks, [charts.Series("written", "Letters", [8, 4])], scale=8
    )
    assert [row.cells[0].width for row in few.rows] == [9.4, 18.8]
    assert [row.cells[0].width for row in many.rows] == [75.0, 37.5]
    alone = charts.Chart("c", "t", "s", weeks, [charts.Series("urges", "Urges", [1, 2])])
    assert [row.cells[0].width for row in alone.rows] == [37.5, 75.0]


def test_a_count_above_nought_always_shows_a_sliver_and_nought_none():
    assert charts.bar_width(1, 1000) == charts.MIN_BAR
    assert charts.bar_width(0, 10) == 0.0
    assert charts.bar_width(0.0, 10) == 0.0
    assert charts.top_of([0, None], []) == 1
    assert charts.top_of([3, None], [5], [2]) == 5


def test_weeks_are_labelled_with_the_year_only_where_it_starts():
    weeks = [datetime.date(2026, 12, 21), datetime.date(2026, 12, 28), datetime.date(2027, 1, 4)]
    assert charts.week_labels(weeks) == ["21 Dec 2026", "28 Dec", "4 Jan 2027"]


def test_rows_mark_the_weeks_with_a_fresh_start():
    chart = charts.Chart(
        "x", "t", "s", [MON, d(7), d(14)], [charts.Series("n", "Days", [3, 1, 8])], marks=(1,)
    )
    assert [row.reset for row in chart.rows] == [False, True, False]
    assert [row.label for row in chart.rows] == ["2 Nov 2026", "9 Nov", "16 Nov"]


def test_honest_with_little_data():
    assert charts.enough_for_a_trend([MON, d(7)]) is False
    assert charts.enough_for_a_trend([MON, d(7), d(14)]) is True


def test_halved_only_when_true():
    assert charts.halved(recent=2, before=4) is True
    assert charts.halved(recent=3, before=4) is False
    assert charts.halved(recent=0, before=1) is False
