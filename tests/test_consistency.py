"""The consistency checks catch data that disagrees with itself, name the rows, and accept only
documented exceptions. Each test breaks one identity in a copy of the small example dataset
(tests/fixtures/bad_input/base), so the figures are fixed and readable here."""

import re
import shutil
from pathlib import Path

import pytest

from macros.check.checked_catalog import load_catalog
from macros.check.consistency import InconsistentData, find_problems, unused_exceptions, verify
from macros.core.errors import DataError
from tests.conftest import ROOT
from tests.helpers import line_of, replace_in

BASE = ROOT / "tests" / "fixtures" / "bad_input" / "base"
CSV = "results.csv"
META = "results.meta.yml"
SEGMENTS = """  public:
    title: Public cloud
    unit: RMB million
    short_unit: RMB m
    description: A part of revenue.
    decimals: 1
    sign: positive
    additive: true
    part_of: revenue
  enterprise:
    title: Enterprise cloud
    unit: RMB million
    short_unit: RMB m
    description: The other part of revenue.
    decimals: 1
    sign: positive
    additive: true
    part_of: revenue
  gross_profit:
    title: Gross profit
    unit: RMB million
    short_unit: RMB m
    description: Gross profit.
    decimals: 1
    sign: any
    additive: true
    at_most: revenue
  gross_margin:
    title: Gross margin
    unit: percent
    short_unit: "%"
    description: Gross profit over revenue.
    decimals: 1
    sign: any
    formula: 100 * gross_profit / revenue
"""
ROWS = """public,FY2024,5007.3,example-release,reported,
enterprise,FY2024,2777.8,example-release,reported,
gross_profit,FY2024,1340.9,example-release,reported,
gross_margin,FY2024,17.2,example-release,reported,
revenue,H1 2024,3667.5,example-release,reported,
"""


@pytest.fixture
def data(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(BASE, target)
    with (target / META).open("a", encoding="utf-8") as f:
        f.write(SEGMENTS)
    with (target / CSV).open("a", encoding="utf-8") as f:
        f.write(ROWS)
    return target


def problems(data_dir: Path) -> list[str]:
    return [str(p) for p in find_problems(load_catalog(data_dir))]


def test_the_example_data_is_consistent(data):
    assert problems(data) == []


def test_quarters_that_do_not_add_up_to_the_year(data):
    replace_in(data / CSV, "revenue,Q2 2024,1891.8", "revenue,Q2 2024,1981.8")
    line = line_of(data / CSV, "revenue,Q2 2024,")
    year = [p for p in problems(data) if p.startswith("quarters-sum-to-year")]
    assert len(year) == 1
    assert year[0].startswith("quarters-sum-to-year: the four quarters of 2024 add up to 7875.2 but the year is 7785.2")
    assert f"revenue Q2 2024 = 1981.8 (data/results.csv:{line})" in year[0]


def test_quarters_that_do_not_add_up_to_the_half_year(data):
    replace_in(data / CSV, "revenue,H1 2024,3667.5", "revenue,H1 2024,3676.5")
    assert problems(data) == [
        "quarters-sum-to-half: the two quarters of H1 2024 add up to 3667.5 but the half year is 3676.5: "
        f"revenue Q1 2024 = 1775.7 (data/results.csv:{line_of(data / CSV, 'revenue,Q1 2024,')}), "
        f"revenue Q2 2024 = 1891.8 (data/results.csv:{line_of(data / CSV, 'revenue,Q2 2024,')}), "
        f"revenue H1 2024 = 3676.5 (data/results.csv:{line_of(data / CSV, 'revenue,H1 2024,')})"
    ]


def test_tolerance_follows_the_digits_written(data):
    """The quarters add up to 7785.2. Written to the million, 7785 is within rounding (0.5 + 4 x 0.05);
    7786 is not."""
    replace_in(data / CSV, "revenue,FY2024,7785.2", "revenue,FY2024,7785")
    assert [p for p in problems(data) if "quarters-sum-to-year" in p] == []
    replace_in(data / CSV, "revenue,FY2024,7785", "revenue,FY2024,7786")
    assert problems(data)[0].startswith("quarters-sum-to-year: the four quarters of 2024 add up to 7785.2")


def test_a_stated_margin_that_does_not_match_its_parts(data):
    """17.2 is within rounding of 1340.9 / 7785.2 = 17.22%; 18.2 is not."""
    replace_in(data / CSV, "gross_margin,FY2024,17.2", "gross_margin,FY2024,18.2")
    (found,) = problems(data)
    assert found.startswith("formula-matches-parts: gross_margin is 18.2 but 100 * gross_profit / revenue gives 17.22")


def test_a_margin_not_stated_is_computed_and_marked_derived(data):
    catalog = load_catalog(data)
    replace_in(data / CSV, "gross_margin,FY2024,17.2,example-release,reported,\n", "")
    o = load_catalog(data).observation("gross_margin", "FY2024")
    assert o.status == "derived" and round(o.value, 2) == 17.22
    assert [i.metric for i in o.inputs] == ["gross_profit", "revenue"]
    assert catalog.observation("gross_margin", "FY2024").status == "reported"


def test_segments_that_exceed_total_revenue(data):
    replace_in(data / CSV, "public,FY2024,5007.3", "public,FY2024,5107.3")
    assert any(
        p.startswith("parts-within-whole: the parts add up to 7885.1 but revenue is 7785.2") for p in problems(data)
    )


def test_segments_that_fall_short_need_the_rest_or_a_declared_remainder(data):
    replace_in(data / CSV, "enterprise,FY2024,2777.8,example-release,reported,\n", "")
    (found,) = problems(data)
    assert "parts-within-whole: the parts add up to 5007.3 but revenue is 7785.2" in found
    assert "declare what is left unallocated with 'remainder:' on revenue" in found
    replace_in(data / META, "    additive: true\n", "    additive: true\n    remainder: Not split by segment\n")
    assert problems(data) == []


def test_gross_profit_above_revenue(data):
    replace_in(data / CSV, "gross_profit,FY2024,1340.9", "gross_profit,FY2024,13409")
    assert any(p.startswith("at-most: gross_profit exceeds revenue") for p in problems(data))


def test_shares_in_a_group_sum_to_at_most_100(data):
    (data / "shares.csv").write_text(
        "metric,period,value,source,status,note\n"
        "share_a,FY2024,60,example-release,reported,\n"
        "share_b,FY2024,45,example-release,reported,\n",
        encoding="utf-8",
    )
    (data / "shares.meta.yml").write_text(
        "title: Shares\ndescription: Test shares.\n"
        "columns: {metric: {title: M, description: M.}, period: {title: P, description: P.}, value: {title: V, description: V.},"
        " source: {title: S, description: S.}, status: {title: S, description: S.}, note: {title: N, description: N.}}\n"
        "metrics:\n"
        "  share_a: {title: A, unit: percent, short_unit: '%', description: A., decimals: 1, sign: positive, part_of: market}\n"
        "  share_b: {title: B, unit: percent, short_unit: '%', description: B., decimals: 1, sign: positive, part_of: market}\n",
        encoding="utf-8",
    )
    assert any(
        p.startswith("shares-sum-to-at-most-100: the shares in group 'market' add up to 105%") for p in problems(data)
    )


def test_a_documented_exception_accepts_one_problem_and_a_stale_one_is_refused(data):
    replace_in(data / CSV, "revenue,Q4 2024,2232.1", "revenue,Q4 2024,2233.1")
    exceptions = data / "disagreements.yml"
    exceptions.write_text(
        "- check: quarters-sum-to-year\n  metric: revenue\n  period: FY2024\n"
        "  reason: The annual report rounds the year differently from the quarterly releases.\n",
        encoding="utf-8",
    )
    catalog = load_catalog(data)
    assert find_problems(catalog) == []
    verify(catalog)
    replace_in(data / CSV, "revenue,Q4 2024,2233.1", "revenue,Q4 2024,2232.1")
    catalog = load_catalog(data)
    assert unused_exceptions(catalog) == ["data/disagreements.yml:1: quarters-sum-to-year revenue FY2024"]
    with pytest.raises(InconsistentData, match="this exception matches no problem any more"):
        verify(catalog)


def test_an_exception_needs_a_known_check_and_a_reason(data):
    exceptions = data / "disagreements.yml"
    exceptions.write_text("- check: quarter-sum\n  metric: revenue\n  period: FY2024\n  reason: x\n", encoding="utf-8")
    with pytest.raises(
        DataError, match=re.escape("data/disagreements.yml:1: entry #1 (revenue): check 'quarter-sum' is unknown.")
    ):
        load_catalog(data)
    exceptions.write_text("- check: at-most\n  metric: revenue\n  period: FY2024\n", encoding="utf-8")
    with pytest.raises(
        DataError, match=re.escape("data/disagreements.yml:1: entry #1 (revenue): field 'reason' is missing.")
    ):
        load_catalog(data)


def test_a_formula_must_name_known_metrics(data):
    replace_in(data / META, "formula: 100 * gross_profit / revenue", "formula: 100 * gross_profits / revenue")
    with pytest.raises(
        DataError, match=re.escape("the formula names unknown metric 'gross_profits'. Did you mean 'gross_profit'")
    ):
        load_catalog(data)


def test_inconsistent_real_data_stops_the_build(mini_site, catalog):
    """A quarter of the real data mistyped: the build stops before any page, naming the rows."""
    quarterly = catalog.by_period("revenue", "quarterly")
    # A quarter that no confirmation or stated change names: one that did would stop the build first, at its
    # source in data/sources.yml (its gives) or its row in data/stated_changes.csv.
    checked = {c.period for c in catalog.confirmations if c.metric == "revenue"} | {
        p for s in catalog.stated_changes if s.metric == "revenue" for p in (s.period, s.base)
    }
    # A year stored as a value (not derived from its quarters) whose four quarters are stored too.
    year, quarter = max(
        (
            (p, quarterly[q])
            for p, annual in catalog.by_period("revenue", "annual").items()
            if annual.status != "derived"
            and all(quarterly.get(q) and quarterly[q].status != "derived" for q in _quarters(p))
            for q in _quarters(p)
            if q not in checked
        ),
        key=lambda found: found[0],
    )

    def break_quarter(data):
        path = data / "financials.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        fields = lines[quarter.line - 1].split(",")
        fields[2] = str(round(quarter.value + 100, 3))
        lines[quarter.line - 1] = ",".join(fields)
        path.write_text("".join(lines), encoding="utf-8")

    result, site = mini_site({"index.md": "# T\n"}, data_edit=break_quarter)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Invalid data: the data disagrees with itself:" in out
    assert f"quarters-sum-to-year: the four quarters of {year.year} add up to" in out
    assert "add an entry with the check, metric, period and reason to data/disagreements.yml" in out
    assert not (site / "index.html").exists()


def _quarters(year):
    from macros.core.periods import Period

    return [Period(year.year, q) for q in range(1, 5)]
