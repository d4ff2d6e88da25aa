"""Periods: the keys every value is filed under."""

import pytest

from macros.core.periods import Period, parse_period, periods_between


def test_years_and_quarters_parse_and_print_back():
    assert parse_period("FY2021") == Period(2021)
    assert parse_period("Q1 2025") == Period(2025, 1)
    assert parse_period("Q1 2025").label == "Q1 2025"


@pytest.mark.parametrize("bad", ["2021", "fy2021", "Q5 2024", "2024Q1", "Q1-2024", ""])
def test_malformed_periods_are_refused_with_the_accepted_formats(bad):
    with pytest.raises(ValueError, match=r'"FY2024".*"Q1 2025"'):
        parse_period(bad)


def test_year_earlier_keeps_the_frequency():
    assert parse_period("Q4 2025").year_earlier().label == "Q4 2024"
    assert parse_period("FY2021").year_earlier().label == "FY2020"


def test_periods_between_keeps_gaps_visible():
    labels = [p.label for p in periods_between(Period(2020, 3), Period(2021, 2))]
    assert labels == ["Q3 2020", "Q4 2020", "Q1 2021", "Q2 2021"]
    with pytest.raises(ValueError, match="annual"):
        periods_between(Period(2020), Period(2021, 1))


def test_half_years_and_dates_parse_and_print_back():
    assert parse_period("H1 2024").label == "H1 2024"
    assert parse_period("2020-05-08").label == "2020-05-08"
    assert parse_period("2013-08").label == "2013-08"
    assert parse_period("2020-05-08").display == "8 May 2020"
    assert parse_period("2013-08").display == "August 2013"
    assert parse_period("2020-05-08").frequency == "dated"
    assert parse_period("H2 2023").frequency == "half-yearly"


@pytest.mark.parametrize("bad", ["2021-13", "2021-02-30", "H3 2024", "2020-5-8"])
def test_impossible_half_years_and_dates_are_refused(bad):
    with pytest.raises(ValueError, match="not a"):
        parse_period(bad)


def test_periods_sort_by_the_day_they_end_with_longer_periods_after_shorter():
    labels = ["FY2020", "2020-05-08", "H1 2020", "Q2 2020", "Q4 2019", "2020-06", "2020-06-30"]
    ordered = [p.label for p in sorted(parse_period(label) for label in labels)]
    assert ordered == ["Q4 2019", "2020-05-08", "2020-06-30", "2020-06", "Q2 2020", "H1 2020", "FY2020"]


def test_half_years_span_with_gaps_and_dates_do_not():
    labels = [p.label for p in periods_between(parse_period("H2 2022"), parse_period("H2 2023"))]
    assert labels == ["H2 2022", "H1 2023", "H2 2023"]
    with pytest.raises(ValueError, match="not a regular series"):
        periods_between(parse_period("2020-01-01"), parse_period("2020-02-01"))


def test_nine_months_parse_sort_and_span():
    nine = parse_period("9M 2022")
    assert nine.label == "9M 2022" and nine.frequency == "nine-monthly" and nine.end_date == "2022-09-30"
    assert parse_period("Q3 2022") < nine < parse_period("FY2022")
    assert nine.year_earlier().label == "9M 2021"
    assert [p.label for p in periods_between(parse_period("9M 2020"), nine)] == ["9M 2020", "9M 2021", "9M 2022"]
