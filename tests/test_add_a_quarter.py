"""The walkthrough on the Contributing page, proved: adding one quarter of results to data/ (its
source and its rows, nothing else) updates every page, chart and download that should show it."""

import csv
import io
import re

from macros.numbers import format_change, format_money
from tests.helpers import chart_specs

SOURCE = """
- id: kc-q1-2026-results
  title: Kingsoft Cloud Announces Unaudited First Quarter 2026 Financial Results (synthetic, for a test)
  publisher: Kingsoft Cloud Holdings Ltd
  date: 2026-05-27
  url: https://example.com/kc-q1-2026
  reports: Q1 2026 revenue by segment.
  kind: release
"""
ROWS = {"revenue": 2800.0, "revenue_public_cloud": 1950.0, "revenue_enterprise_cloud": 850.0}


def add_quarter(data):
    with (data / "sources.yml").open("a", encoding="utf-8") as f:
        f.write(SOURCE)
    with (data / "financials.csv").open("a", encoding="utf-8") as f:
        for metric, value in ROWS.items():
            f.write(f"{metric},Q1 2026,{value},kc-q1-2026-results,reported,\n")


def quarterly_chart(html: str) -> dict:
    return chart_specs(html)["chart-quarterly-revenue"]


def test_a_new_quarter_reaches_every_page_chart_and_download(mini_site):
    result, site = mini_site(None, data_edit=add_quarter)
    assert result.returncode == 0, result.stdout + result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    finances = (site / "finances" / "index.html").read_text(encoding="utf-8")

    # The "latest quarter" figures and their as-of stamps moved to Q1 2026 by themselves.
    new_revenue = format_money(ROWS["revenue"], "RMB million", 1)
    growth = format_change(ROWS["revenue"], 1970.0)  # Q1 2025 revenue, already in the data
    for page in (home, finances):
        assert re.search(
            r'data-metric="revenue" data-period="Q1 2026" data-value="2800"[^>]*><a [^>]*>' + re.escape(new_revenue),
            page,
        )
        assert 'class="kc-asof" data-metric="revenue" data-period="Q1 2026" data-date="2026-05-27"' in page
        assert f">{growth}</a>" in page

    # The quarterly chart gained a bar, sourced to the new release.
    chart = quarterly_chart(finances)["data"][0]
    assert chart["x"][-1] == "Q1 2026" and chart["y"][-1] == ROWS["revenue"]
    assert "#source-kc-q1-2026-results" in finances
    # The Sources page lists the new source; the downloads carry the new rows.
    assert 'id="source-kc-q1-2026-results"' in (site / "sources" / "index.html").read_text(encoding="utf-8")
    chart_csv = (site / "downloads" / "charts" / "quarterly_revenue.csv").read_text(encoding="utf-8")
    assert "revenue,Q1 2026,2800,RMB million,kc-q1-2026-results,reported" in chart_csv
    rows = list(csv.DictReader(io.StringIO((site / "downloads" / "financials.csv").read_text(encoding="utf-8"))))
    assert {(r["metric"], r["period"]) for r in rows} >= {(m, "Q1 2026") for m in ROWS}
