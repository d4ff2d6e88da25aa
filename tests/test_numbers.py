"""Formatting: how a stored value reads on the page. A reader compares these against filings,
so units, thresholds, signs and rounding must be exactly right."""

import pytest

from macros.core.numbers import (
    MINUS,
    format_change,
    format_money,
    format_number,
    format_share,
    format_value,
    plain_number,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (554.8, "RMB 554.8 million"),
        (9061, "RMB 9.06 billion"),
        (1236, "RMB 1.24 billion"),
        (999.9, "RMB 999.9 million"),
        # 999.96 rounds to 1,000.0 million at one decimal, so it must read as a billion instead.
        (999.96, "RMB 1.00 billion"),
        (-17.5, f"{MINUS}RMB 17.5 million"),
        (-200.4, f"{MINUS}RMB 200.4 million"),
        (0, "RMB 0"),
    ],
)
def test_rmb_millions_switch_to_billions_at_one_thousand(value, expected):
    assert format_money(value, "RMB million", 1) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (27900, "RMB 27.9 billion"),
        (1000, "RMB 1 billion"),
        (9061, "RMB 9.06 billion"),
        (1503, "RMB 1.50 billion"),
        (2800, "RMB 2.8 billion"),
    ],
)
def test_trailing_zeros_of_whole_millions_are_not_shown_as_digits(value, expected):
    """27900 written without decimals (reported as 279亿) reads 27.9 billion, not 27.90; a figure
    known to the million keeps two decimals."""
    assert format_money(value, "RMB million", 0) == expected


def test_us_dollar_amounts_have_no_space_after_the_symbol():
    assert format_money(510, "US$ million", 0) == "US$510 million"
    assert format_money(17, "US$", 2) == "US$17.00"


def test_percent_and_count_units():
    assert format_value(64.3, "percent", 1) == "64.3%"
    assert format_value(1150, "count", 0) == "1,150"


def test_unknown_unit_is_refused_with_the_known_units():
    with pytest.raises(ValueError, match=r"unknown unit 'yuan'.*RMB million"):
        format_value(1, "yuan", 1)


def test_tiny_negatives_never_show_as_minus_zero():
    assert format_number(-0.01, 1) == "0.0"
    assert format_money(-0.01, "RMB million", 1) == "RMB 0.0 million"


def test_change_is_signed_with_a_true_minus():
    assert format_change(9061, 6577) == "+37.8%"
    assert format_change(7047.5, 8180.1) == f"{MINUS}13.8%"
    assert format_change(100, 100) == "0.0%"


def test_change_from_zero_or_a_negative_base_is_refused():
    with pytest.raises(ValueError, match="from zero"):
        format_change(5, 0)
    with pytest.raises(ValueError, match="negative base"):
        format_change(7.7, -200.4)


def test_share_is_part_over_whole():
    assert format_share(5007.3, 7785.2) == "64.3%"
    with pytest.raises(ValueError):
        format_share(1, 0)


def test_non_finite_numbers_are_refused():
    with pytest.raises(ValueError, match="finite"):
        format_number(float("nan"), 1)


def test_plain_numbers_keep_full_precision_for_machines():
    assert plain_number(9061.0) == "9061"
    assert plain_number(1340.9) == "1340.9"
    assert plain_number(12293.276) == "12293.276"
    assert plain_number(-118.2) == "-118.2"


def test_billions_below_one_read_as_millions():
    assert format_money(0.845, "US$ billion", 3) == "US$845 million"
    assert format_money(1.016, "US$ billion", 3) == "US$1.016 billion"


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (1125.0, "RMB million", 1, "RMB 1.13 billion"),  # half to even would give 1.12
        (1124.9, "RMB million", 1, "RMB 1.12 billion"),
        (2.675, "percent", 2, "2.68%"),  # the float is read as the decimal it names, not 2.67499...
        (0.125, "percent", 2, "0.13%"),
        (12.5, "percent", 0, "13%"),
        (-12.5, "percent", 0, "\u221213%"),
        (554.85, "RMB million", 1, "RMB 554.9 million"),
        (0.8455, "US$ billion", 4, "US$845.5 million"),
        (17.005, "US$", 2, "US$17.01"),
    ],
)
def test_every_formatted_figure_rounds_half_up_as_sources_do(value, unit, decimals, expected):
    assert format_value(value, unit, decimals) == expected


def test_changes_and_shares_round_half_up():
    assert format_change(1.125, 1.0, 1) == "+12.5%"
    assert format_change(100.25, 100, 2) == "+0.25%"
    assert format_change(102.125, 100, 2) == "+2.13%"
    assert format_share(1, 8, 1) == "12.5%"
    assert format_share(1, 800, 2) == "0.13%"
