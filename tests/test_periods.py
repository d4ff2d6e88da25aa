"""Periods: the keys every value is filed under."""

import pytest

from macros.periods import Period, parse_period, periods_between


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
