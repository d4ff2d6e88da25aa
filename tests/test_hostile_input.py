"""Data strings are untrusted. A label, title or source name that carries markup must come out as
text everywhere it is shown, and a CSV cell that a spreadsheet would run must be neutralised."""

import csv
import io
import re

from tests.helpers import replace_in

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'

PAGE = """---
key_figures: [revenue annual]
---

# Hostile

{{ value("revenue", latest("revenue")) }} {{ change("revenue", "FY2021") }}

{{ table("revenue", "gross_profit", start="FY2022") }}

{{ chart("annual_revenue") }}

{{ cite("bianews-2020-05-08") }} {{ download("financials") }}

{{ source_list() }}
"""


def poison(data):
    replace_in(data / "financials.meta.yml", "title: Total revenues", f'title: "Total {IMG}"')
    replace_in(data / "financials.meta.yml", "short_unit: RMB m", f'short_unit: "RMB m{SCRIPT}"')
    replace_in(data / "financials.meta.yml", "title: Kingsoft Cloud financial results", f'title: "Results {IMG}"')
    replace_in(data / "sources.yml", "publisher: bianews.com", f'publisher: "bianews {SCRIPT}"')
    replace_in(data / "sources.yml", "reports: FY2017 to FY2019 revenue", f'reports: "{IMG} FY2017 to FY2019 revenue')
    replace_in(
        data / "sources.yml",
        'revenue and growth (from the F-1 prospectus), the 2014 "All in Cloud" strategy.',
        'revenue and growth."',
    )
    replace_in(data / "charts.yml", "title: Annual revenue", f'title: "Annual {SCRIPT}"')
    replace_in(
        data / "financials.csv",
        "revenue,FY2018,2218.2,bianews-2020-05-08,secondary,",
        f'revenue,FY2018,2218.2,bianews-2020-05-08,secondary,"{FORMULA.replace(chr(34), chr(34) * 2)}"',
    )


def test_hostile_strings_are_escaped_on_every_page_and_in_every_download(mini_site):
    result, site = mini_site({"index.md": PAGE}, data_edit=poison)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    # The payloads never appear as markup ...
    assert IMG not in html
    assert SCRIPT not in html
    assert "<script>alert(1)" not in html
    # ... but as text, so a reader sees exactly what the data says.
    assert "Total &lt;img src=x onerror=alert(1)&gt;" in html
    assert "bianews &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Inside the chart's JSON, markup characters are \\u-escaped and the names HTML-escaped for Plotly.
    spec = re.search(r'<template class="kc-chart__spec"[^>]*>(.*?)</template>', html, re.S).group(1)
    assert "<" not in spec
    chart_csv = (site / "downloads" / "charts" / "annual_revenue.csv").read_text(encoding="utf-8")
    assert "revenue,FY2018,2218.2" in chart_csv
    rows = list(csv.DictReader(io.StringIO((site / "downloads" / "financials.csv").read_text(encoding="utf-8"))))
    note = next(r["note"] for r in rows if r["metric"] == "revenue" and r["period"] == "FY2018")
    assert note == "'" + FORMULA
