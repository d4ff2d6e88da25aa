"""The consistency checks catch data that disagrees with itself, name the rows, and accept only
documented exceptions. Each test breaks one identity in a copy of data/."""

import re
from pathlib import Path

import pytest

from macros.consistency import InconsistentData, find_problems, unused_exceptions, verify
from macros.dataset import load_catalog
from macros.errors import DataError
from tests.helpers import line_of, replace_in

CSV = "financials.csv"


def problems(data_dir: Path) -> list[str]:
    return [str(p) for p in find_problems(load_catalog(data_dir))]


def test_quarters_that_do_not_add_up_to_the_year(data_copy):
    replace_in(data_copy / CSV, "revenue,Q2 2024,1891.8", "revenue,Q2 2024,1981.8")
    found = problems(data_copy)
    line = line_of(data_copy / CSV, "revenue,Q2 2024,")
    year = [p for p in found if p.startswith("quarters-sum-to-year")]
    assert len(year) == 1
    assert year[0].startswith("quarters-sum-to-year: the four quarters of 2024 add up to 7875.2 but the year is 7785.2")
    assert f"revenue Q2 2024 = 1981.8 (data/financials.csv:{line})" in year[0]
    # The same typo breaks the half year and the reported adjusted gross margin, and each says so.
    assert {p.split(":")[0] for p in found} == {"quarters-sum-to-year", "quarters-sum-to-half", "ratio-matches-parts"}


def test_quarters_that_do_not_add_up_to_the_half_year(data_copy):
    replace_in(data_copy / CSV, "revenue,H1 2024,3667.5", "revenue,H1 2024,3676.5")
    assert problems(data_copy) == [
        "quarters-sum-to-half: the two quarters of H1 2024 add up to 3667.5 but the half year is 3676.5: "
        f"revenue Q1 2024 = 1775.7 (data/financials.csv:{line_of(data_copy / CSV, 'revenue,Q1 2024,')}), "
        f"revenue Q2 2024 = 1891.8 (data/financials.csv:{line_of(data_copy / CSV, 'revenue,Q2 2024,')}), "
        f"revenue H1 2024 = 3676.5 (data/financials.csv:{line_of(data_copy / CSV, 'revenue,H1 2024,')})"
    ]


def test_a_margin_that_does_not_match_its_parts(data_copy):
    """Gross margin FY2024 is stored as 17.2; gross profit over revenue is 17.22%, within rounding. 18.2 is not."""
    replace_in(data_copy / CSV, "gross_margin,FY2024,17.2", "gross_margin,FY2024,18.2")
    found = problems(data_copy)
    assert len(found) == 1
    assert found[0].startswith("ratio-matches-parts: gross_margin is 18.2% but gross_profit / revenue is 17.22%")


def test_tolerance_follows_the_digits_written(data_copy):
    """FY2025 is written as 9559 (to the million) and its quarters add to 9558.6: within rounding.
    Written as 9560, the gap of 1.4 exceeds the 0.7 that the digits allow."""
    assert problems(data_copy) == []
    replace_in(data_copy / CSV, "revenue,FY2025,9559", "revenue,FY2025,9560")
    assert problems(data_copy)[0].startswith("quarters-sum-to-year: the four quarters of 2025 add up to 9558.6")


def test_segments_that_exceed_total_revenue(data_copy):
    replace_in(data_copy / CSV, "revenue_public_cloud,FY2023,4381.7", "revenue_public_cloud,FY2023,4481.7")
    assert any(
        p.startswith("parts-within-whole: the parts add up to 7147.4 but revenue is 7047.5")
        for p in problems(data_copy)
    )


def test_complete_segments_must_match_the_total(data_copy):
    # All three segments are given for FY2022, so they must add up to revenue, not merely stay below it.
    replace_in(data_copy / CSV, "revenue_other,FY2022,2.8", "revenue_other,FY2022,0.8")
    assert any("parts-within-whole" in p and "FY2022" in p for p in problems(data_copy))


def test_gross_profit_above_revenue(data_copy):
    replace_in(data_copy / CSV, "gross_profit,FY2024,1340.9", "gross_profit,FY2024,13409")
    assert any(p.startswith("at-most: gross_profit exceeds revenue") for p in problems(data_copy))


def test_shares_in_a_group_sum_to_at_most_100(data_copy):
    (data_copy / "shares.csv").write_text(
        "metric,period,value,source,status,note\n"
        "share_a,FY2021,60,kc-424b5-2025-04,reported,\n"
        "share_b,FY2021,45,kc-424b5-2025-04,reported,\n",
        encoding="utf-8",
    )
    (data_copy / "shares.meta.yml").write_text(
        "title: Shares\ndescription: Test shares.\n"
        "columns: {metric: {}, period: {}, value: {}, source: {}, status: {}, note: {}}\n"
        "metrics:\n"
        "  share_a: {title: A, unit: percent, short_unit: '%', description: A., decimals: 1, part_of: market}\n"
        "  share_b: {title: B, unit: percent, short_unit: '%', description: B., decimals: 1, part_of: market}\n",
        encoding="utf-8",
    )
    found = problems(data_copy)
    assert any(p.startswith("shares-sum-to-at-most-100: the shares in group 'market' add up to 105%") for p in found)


def test_a_documented_exception_accepts_one_problem_and_a_stale_one_is_refused(data_copy):
    replace_in(data_copy / CSV, "revenue,FY2025,9559", "revenue,FY2025,9560")
    exceptions = data_copy / "exceptions.yml"
    with exceptions.open("a", encoding="utf-8") as f:
        f.write(
            "\n- check: quarters-sum-to-year\n  metric: revenue\n  period: FY2025\n"
            "  reason: The aggregator rounds the year differently from the quarterly releases.\n"
        )
    line = line_of(exceptions, "- check: quarters-sum-to-year")
    catalog = load_catalog(data_copy)
    assert find_problems(catalog) == []
    verify(catalog)
    replace_in(data_copy / CSV, "revenue,FY2025,9560", "revenue,FY2025,9559")
    catalog = load_catalog(data_copy)
    assert unused_exceptions(catalog) == [f"data/exceptions.yml:{line}: quarters-sum-to-year revenue FY2025"]
    with pytest.raises(InconsistentData, match="this exception matches no problem any more"):
        verify(catalog)


def test_an_exception_needs_a_known_check_and_a_reason(data_copy):
    exceptions = data_copy / "exceptions.yml"
    exceptions.write_text("- check: quarter-sum\n  metric: revenue\n  period: FY2025\n  reason: x\n", encoding="utf-8")
    with pytest.raises(
        DataError,
        match=re.escape("data/exceptions.yml:1: unknown check 'quarter-sum'. Did you mean 'quarters-sum-to-year'"),
    ):
        load_catalog(data_copy)
    exceptions.write_text("- check: at-most\n  metric: revenue\n  period: FY2025\n", encoding="utf-8")
    with pytest.raises(DataError, match="exactly the fields check, metric, period, reason"):
        load_catalog(data_copy)


def test_inconsistent_data_stops_the_build(mini_site):
    def break_quarter(data):
        replace_in(data / CSV, "revenue,Q2 2024,1891.8", "revenue,Q2 2024,1981.8")

    result, site = mini_site({"index.md": "# T\n"}, data_edit=break_quarter)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Invalid data: the data disagrees with itself:" in out
    assert "quarters-sum-to-year: the four quarters of 2024 add up to 7875.2" in out
    assert "add an entry with the check, metric, period and reason to data/exceptions.yml" in out
    assert not (site / "index.html").exists()


def test_a_ratio_must_name_known_metrics_of_one_unit(data_copy):
    meta = data_copy / "financials.meta.yml"
    replace_in(meta, "ratio_of: [gross_profit, revenue]", "ratio_of: [gross_profits, revenue]")
    with pytest.raises(
        DataError, match=re.escape("ratio_of names unknown metric 'gross_profits'. Did you mean 'gross_profit'")
    ):
        load_catalog(data_copy)
    replace_in(meta, "ratio_of: [gross_profits, revenue]", "ratio_of: [gross_profit, idc_cost_share]")
    with pytest.raises(DataError, match="ratio_of mixes units"):
        load_catalog(data_copy)
