"""The walkthrough on the Contributing page, proved on whatever the data holds today: appending the
next quarter of results (its source and one row per metric that has the newest quarter, nothing else)
passes the strict build, and every page, table, chart and download that should show it does."""

import csv
import io
import re

import openpyxl

from macros.core.numbers import format_change, format_money
from macros.core.periods import parse_period
from tests.helpers import chart_specs
from tests.next_quarter import add_next_quarter


def test_a_new_quarter_reaches_every_page_chart_table_and_download(mini_site, catalog):
    added = {}

    def add(data):
        added["quarter"] = add_next_quarter(data)

    result, site = mini_site(None, data_edit=add)
    assert result.returncode == 0, result.stdout + result.stderr
    q = added["quarter"]
    revenue = q.values("financials")["revenue"]
    home = (site / "index.html").read_text(encoding="utf-8")
    finances = (site / "finances" / "index.html").read_text(encoding="utf-8")
    statements = (site / "statements" / "index.html").read_text(encoding="utf-8")

    # Home and Finances show the new quarter's revenue, its growth on a year earlier and its stamp.
    shown = format_money(revenue, "RMB million", catalog.metric("revenue").decimals)
    year_earlier = catalog.observation("revenue", q.period.year_earlier().label)
    for page in (home, finances):
        assert re.search(
            rf'data-metric="revenue" data-period="{q.period.label}" data-value="[^"]+"[^>]*><a [^>]*>{re.escape(shown)}',
            page,
        ), "the new quarter's revenue is not shown"
    # Each page says, under its title, that it reflects the new quarter and when it was published.
    published = parse_period(q.published).display
    for page in (home, finances):
        assert (
            f'<p class="kc-as-of">Data as of the results for {q.period.words}, published on {published}; '
            "results the company has published since are not yet included.</p>"
        ) in page
    assert f">{format_change(revenue, year_earlier.value)}</a>" in home

    # The quarterly chart gained a bar sourced to the new release; the statements gained a column.
    chart = chart_specs(finances)["chart-quarterly-revenue"]["data"][0]
    assert chart["x"][-1] == q.period.label and chart["y"][-1] == revenue
    assert f"#source-{q.source_id}" in finances
    assert f'<th scope="col" class="kc-num">{q.period.label}</th>' in statements

    # Sources, data updates and downloads carry the new source and rows.
    assert f'id="source-{q.source_id}"' in (site / "sources" / "index.html").read_text(encoding="utf-8")
    updates = (site / "updates" / "index.html").read_text(encoding="utf-8")
    assert updates.index(q.published) < updates.index(catalog.source(year_earlier.source).date)
    chart_csv = (site / "downloads" / "charts" / "quarterly_revenue.csv").read_text(encoding="utf-8")
    assert f"revenue,{q.period.label}," in chart_csv and q.source_id in chart_csv
    rows = list(csv.DictReader(io.StringIO((site / "downloads" / "financials.csv").read_text(encoding="utf-8"))))
    assert {(r["metric"], r["period"]) for r in rows} >= {(m, q.period.label) for m in q.values("financials")}
    # The workbook's quarterly income statement starts with the new quarter, its revenue from the new release.
    book = openpyxl.load_workbook(site / "downloads" / "kingsoft-cloud-data.xlsx")
    quarterly = next(ws for ws in book.worksheets if ws["A1"].value == "Income statement, by quarter")
    assert quarterly["B5"].value == q.period.label and quarterly["B6"].value == revenue
    assert f"[{q.source_id}]" in quarterly["B6"].comment.text
