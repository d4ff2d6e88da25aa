"""Bad data is refused before anything is built, with one message that names the file, the line
(and column) and the fix. Each test breaks one thing in a copy of data/ and reads the message."""

from pathlib import Path

import pytest

from macros.dataset import load_catalog
from macros.errors import DataError

CSV = "financials.csv"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def refuse(data_dir: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_catalog(data_dir)
    return str(caught.value)


def test_the_real_data_loads(catalog):
    assert "financials" in catalog.datasets
    assert catalog.observation("revenue", "FY2021").value == 9061


def test_a_value_that_is_not_a_number(data_copy):
    replace_in(data_copy / CSV, "revenue,FY2018,2218.2", "revenue,FY2018,2218.2m")
    message = refuse(data_copy)
    line = line_of(data_copy / CSV, "2218.2m")
    assert message.startswith(f"data/financials.csv:{line} (column 'value'): value '2218.2m' is not a plain number.")
    assert "Fix:" in message


def test_thousands_separators_are_refused_not_misread(data_copy):
    replace_in(data_copy / CSV, "revenue,FY2018,2218.2", 'revenue,FY2018,"2,218.2"')
    assert "without thousands separators" in refuse(data_copy)


def test_a_misspelt_column_names_the_nearest_header(data_copy):
    replace_in(data_copy / CSV, "metric,period,value", "metric,perod,value")
    message = refuse(data_copy)
    assert message.startswith("data/financials.csv:1:")
    assert "lacks column(s) period" in message and "Did you mean 'perod'" in message


def test_an_unexpected_extra_column(data_copy):
    text = (data_copy / CSV).read_text(encoding="utf-8").splitlines()
    text = [text[0] + ",currency"] + [line + ",RMB" for line in text[1:]]
    (data_copy / CSV).write_text("\n".join(text) + "\n", encoding="utf-8")
    assert "unexpected column(s) currency" in refuse(data_copy)


def test_a_duplicate_metric_and_period_names_both_lines(data_copy):
    first = line_of(data_copy / CSV, "revenue,FY2022,")
    with (data_copy / CSV).open("a", encoding="utf-8") as f:
        f.write("revenue,FY2022,8180.2,kc-424b5-2025-04,reported,\n")
    message = refuse(data_copy)
    assert f"'revenue' for FY2022 is already given on line {first}" in message


def test_a_truncated_row(data_copy):
    replace_in(data_copy / CSV, "revenue,FY2019,3956.4,bianews-2020-05-08,secondary,", "revenue,FY2019,3956.4")
    line = line_of(data_copy / CSV, "revenue,FY2019,3956.4")
    assert f"data/financials.csv:{line}: the row has 3 fields but the header has 6" in refuse(data_copy)


def test_an_empty_file(data_copy):
    (data_copy / CSV).write_text("", encoding="utf-8")
    assert refuse(data_copy).startswith("data/financials.csv: the file is empty.")


def test_a_file_that_is_not_utf8(data_copy):
    raw = (data_copy / CSV).read_bytes().replace("亿元".encode(), "亿元".encode("gb18030"), 1)
    (data_copy / CSV).write_bytes(raw)
    message = refuse(data_copy)
    assert "is not valid UTF-8" in message and "save the file with UTF-8" in message


def test_a_yaml_syntax_error_names_the_line(data_copy):
    replace_in(data_copy / "financials.meta.yml", "    unit: RMB million\n", "    unit: [RMB million\n")
    message = refuse(data_copy)
    assert message.startswith("data/financials.meta.yml:")
    assert "YAML syntax error" in message


def test_an_unknown_source_suggests_the_nearest_id(data_copy):
    replace_in(data_copy / CSV, "revenue,FY2022,8180.1,kc-424b5-2025-04", "revenue,FY2022,8180.1,kc-424b5-2025")
    message = refuse(data_copy)
    assert "(column 'source'): unknown source 'kc-424b5-2025'. Did you mean 'kc-424b5-2025-04'" in message
    assert "add an entry with id 'kc-424b5-2025' to data/sources.yml" in message


def test_a_source_without_a_url(data_copy):
    replace_in(data_copy / "sources.yml", "  url: https://ttm.financial/m/news/1108353316\n", "")
    line = line_of(data_copy / "sources.yml", "- id: kc-q4-2020-results")
    message = refuse(data_copy)
    assert message.startswith(f"data/sources.yml:{line}: source #9 (kc-q4-2020-results): field 'url' is missing")


def test_an_unknown_unit(data_copy):
    replace_in(data_copy / "financials.meta.yml", "unit: RMB million", "unit: RMB millions")
    line = line_of(data_copy / "financials.meta.yml", "  revenue:")
    assert refuse(data_copy).startswith(
        f"data/financials.meta.yml:{line}: metric 'revenue' has unknown unit 'RMB millions'"
    )


def test_a_malformed_period(data_copy):
    replace_in(data_copy / CSV, "revenue,Q1 2024,", "revenue,2024Q1,")
    line = line_of(data_copy / CSV, "revenue,2024Q1,")
    message = refuse(data_copy)
    assert message.startswith(f"data/financials.csv:{line} (column 'period'): '2024Q1' is not a period")


def test_an_unknown_status(data_copy):
    replace_in(
        data_copy / CSV,
        "revenue,FY2022,8180.1,kc-424b5-2025-04,reported",
        "revenue,FY2022,8180.1,kc-424b5-2025-04,reportd",
    )
    assert "unknown status 'reportd'. Did you mean 'reported'" in refuse(data_copy)


def test_a_chart_of_an_unknown_metric(data_copy):
    replace_in(data_copy / "charts.yml", "series: [revenue]", "series: [revenues]")
    line = line_of(data_copy / "charts.yml", "annual_revenue:")
    message = refuse(data_copy)
    assert message.startswith(f"data/charts.yml:{line}: chart 'annual_revenue'")
    assert "unknown metric 'revenues'. Did you mean 'revenue'" in message


def test_the_catalog_is_cached_until_a_file_changes(data_copy):
    first = load_catalog(data_copy)
    assert load_catalog(data_copy) is first
    replace_in(data_copy / CSV, "revenue,FY2022,8180.1", "revenue,FY2022,8180.4")
    reloaded = load_catalog(data_copy)
    assert reloaded is not first
    assert reloaded.observation("revenue", "FY2022").value == 8180.4
