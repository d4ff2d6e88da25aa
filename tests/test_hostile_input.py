"""Data strings are untrusted. A label, title or source name that carries markup must come out as
text everywhere it is shown, and a CSV cell that a spreadsheet would run must be neutralised. The
poison is laid over whatever the real data holds, so the test does not depend on particular values."""

import csv
import io
import re

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'

PAGE = """---
key_figures: [revenue annual]
---

# Hostile

{{ value("revenue", latest_period("revenue")) }} {{ change("revenue", latest_period("revenue")) }}

{{ table("revenue", "gross_profit") }}

{{ chart("annual_revenue") }}

{{ statement("income", "annual") }}

{{ fact("chair") }} {{ download("financials") }}

{{ source_list() }}
"""


def sub_first(path, pattern, replacement):
    """Replace the first match of a regular expression in a file; fail loudly if there is none."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert count == 1, f"{pattern!r} not found in {path.name}"
    path.write_text(new, encoding="utf-8")


def set_note(path, row_pattern, note):
    """Give the first CSV row that matches a note (quoted as CSV quotes it)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if re.match(row_pattern, line))
    fields = next(csv.reader([lines[index]]))
    fields += [""] * (6 - len(fields))
    fields[5] = note
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields)
    lines[index] = buffer.getvalue()
    path.write_text("".join(lines), encoding="utf-8")
    return fields[0], fields[1]


def poison(data):
    sub_first(data / "financials.meta.yml", r"^    title: Total revenues$", f'    title: "Total {IMG}"')
    sub_first(data / "financials.meta.yml", r"^    short_unit: RMB m$", f'    short_unit: "RMB m{SCRIPT}"')
    sub_first(data / "financials.meta.yml", r"^title: .*$", f'title: "Results {IMG}"')
    sub_first(data / "sources.yml", r"^  publisher: .*$", f'  publisher: "Publisher {SCRIPT}"')
    sub_first(data / "sources.yml", r"^  reports: .*$", f'  reports: "{IMG} reports"')
    sub_first(data / "facts.yml", r"^  text: .*$", f'  text: "Fact {IMG}"')
    sub_first(data / "charts.yml", r"^  title: Annual revenue$", f'  title: "Annual {SCRIPT}"')
    return set_note(data / "financials.csv", r"revenue,FY\d{4},", FORMULA)


def test_hostile_strings_are_escaped_on_every_page_and_in_every_download(mini_site):
    poisoned = {}

    def edit(data):
        poisoned["row"] = poison(data)

    result, site = mini_site({"index.md": PAGE}, data_edit=edit)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    # The payloads never appear as markup ...
    assert IMG not in html
    assert SCRIPT not in html
    assert "<script>alert(1)" not in html
    # ... but as text, so a reader sees exactly what the data says.
    assert "Total &lt;img src=x onerror=alert(1)&gt;" in html
    assert "Publisher &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Inside the chart's JSON, markup characters are \\u-escaped and the names HTML-escaped for Plotly.
    spec = re.search(r'<template class="kc-chart__spec"[^>]*>(.*?)</template>', html, re.S).group(1)
    assert "<" not in spec
    metric, period = poisoned["row"]
    for name in ("financials.csv",):
        rows = list(csv.DictReader(io.StringIO((site / "downloads" / name).read_text(encoding="utf-8"))))
        note = next(r["note"] for r in rows if r["metric"] == metric and r["period"] == period)
        assert note == "'" + FORMULA
    statement = (site / "downloads" / "statements" / "income-annual.csv").read_text(encoding="utf-8")
    assert "=HYPERLINK" not in statement.replace("'=HYPERLINK", "")


TIMELINE_PAGE = """# Hostile timeline

{{ timeline() }}

{{ disagreements() }}

{{ dataset_list() }}

{{ chart("annual_margins") }}
"""


def poison_events_and_labels(data):
    lines = (data / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    fields = next(csv.reader([lines[1]]))
    fields[2] = fields[2].rstrip(".") + f" {IMG}."
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields)
    lines[1] = buffer.getvalue()
    (data / "events.csv").write_text("".join(lines), encoding="utf-8")
    category = fields[1]
    sub_first(data / "events.meta.yml", rf"^  {category}: .*$", f'  {category}: "Category {SCRIPT}"')
    sub_first(data / "events.meta.yml", r"^title: .*$", f'title: "Timeline {IMG}"')
    sub_first(data / "charts.yml", r"^    gross_margin: Gross margin \(GAAP\)$", f'    gross_margin: "GAAP {IMG}"')
    for dataset in ("financials", "market", "capital_markets", "business"):
        path = data / f"{dataset}.csv"
        text = path.read_text(encoding="utf-8").splitlines(keepends=True)
        header = next(csv.reader([text[0]]))
        if "alternative" not in header:
            continue
        note, alternative = header.index("note"), header.index("alternative")
        for i, line in enumerate(text):
            row = next(csv.reader([line]))
            if i > 0 and len(row) > alternative and row[alternative]:
                row[note] = f"Says {SCRIPT}"
                buffer = io.StringIO()
                csv.writer(buffer, lineterminator="\n").writerow(row)
                text[i] = buffer.getvalue()
                path.write_text("".join(text), encoding="utf-8")
                return


def test_timeline_disagreements_dataset_list_and_legend_labels_are_escaped(mini_site):
    result, site = mini_site({"index.md": TIMELINE_PAGE}, data_edit=poison_events_and_labels)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert IMG not in html and SCRIPT not in html and "<script>alert(1)" not in html
    assert " &lt;img src=x onerror=alert(1)&gt;." in html
    assert "Category &lt;/script&gt;" in html
    assert "Timeline &lt;img" in html
    assert "Says &lt;/script&gt;" in html
    spec = re.search(r'<template class="kc-chart__spec"[^>]*>(.*?)</template>', html, re.S).group(1)
    assert "<" not in spec and "GAAP &lt;img" in spec.replace("\\u0026", "&")
    events = (site / "downloads" / "events.csv").read_text(encoding="utf-8")
    assert IMG in events  # a CSV keeps the text as written; it is data, not markup
