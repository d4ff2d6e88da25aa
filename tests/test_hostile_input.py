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


TIMELINE_PAGE = """# Hostile timeline

{{ timeline() }}

{{ disagreements() }}

{{ dataset_list() }}

{{ chart("quarterly_margins") }}
"""


def poison_events_and_labels(data):
    replace_in(data / "events.csv", "Series A round.", f"Series A round {IMG}.")
    replace_in(data / "events.meta.yml", "funding: Private funding", f'funding: "Funding {SCRIPT}"')
    replace_in(data / "events.meta.yml", "title: Kingsoft Cloud timeline", f'title: "Timeline {IMG}"')
    replace_in(data / "charts.yml", "gross_margin: Gross margin (GAAP)", f'gross_margin: "GAAP {IMG}"')
    replace_in(data / "financials.csv", "Stocktitan's summary says 19.2%.", f"Stocktitan says {SCRIPT}")


def test_timeline_disagreements_dataset_list_and_legend_labels_are_escaped(mini_site):
    result, site = mini_site({"index.md": TIMELINE_PAGE}, data_edit=poison_events_and_labels)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert IMG not in html and SCRIPT not in html and "<script>alert(1)" not in html
    assert "Series A round &lt;img src=x onerror=alert(1)&gt;" in html
    assert "Funding &lt;/script&gt;" in html
    assert "Timeline &lt;img" in html
    assert "Stocktitan says &lt;/script&gt;" in html
    spec = re.search(r'<template class="kc-chart__spec"[^>]*>(.*?)</template>', html, re.S).group(1)
    assert "<" not in spec and "GAAP &lt;img" in spec.replace("\\u0026", "&")
    events = (site / "downloads" / "events.csv").read_text(encoding="utf-8")
    assert IMG in events  # a CSV keeps the text as written; it is data, not markup
