"""Data strings are untrusted. A label, title or source name that carries markup must come out as
text everywhere it is shown, and a CSV cell that a spreadsheet would run must be neutralised. The
poison is laid over whatever the real data holds, so the test does not depend on particular values."""

import csv
import io
import re

from macros.load.chart_declarations import MARK_TEXT_MAX

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
        note = header.index("note")
        for i, line in enumerate(text[1:], start=1):
            row = next(csv.reader([line]))
            named = dict(zip(header, row, strict=False))
            # The list leaves out unconfirmed figures and the seed article's (their ids start "seed-").
            seed = named.get("alternative_source", "").startswith("seed-")
            if named.get("alternative") and named["status"] != "unconfirmed" and not seed:
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


# Every text field of every data file, English and Chinese forms alike, carries a payload of its own,
# told apart by a word of letters only (a digit would be refused as a figure typed into a text).
PAYLOAD = '<img src=x onerror=alert(document.domain) class="kc-{tag}">'
# Text from data/ is never read as a template either: this expression, added to every text of the YAML
# files (the CSV files refuse braces outright), must stay as written.
TEMPLATE = '{{ "kc" ~ "jinja" }}'
TEMPLATE_RUN = "kcjinja"
# A chart's marks are short (they sit beside a line on a phone): theirs is a shorter tag.
SHORT_PAYLOAD = '<b class="kc-{tag}">'
RAW = re.compile(r'<(?:img src=x onerror=alert\(document\.domain\)|b) class="kc-([a-z]+)">')
ESCAPED = re.compile(r'&lt;(?:img src=x onerror=alert\(document\.domain\)|b) class=(?:&quot;|&#34;|")kc-([a-z]+)')
# The text columns of the CSV files: what a row says in words.
CSV_TEXT_COLUMNS = {"note", "note_zh", "event", "event_zh"}


def letters(number: int) -> str:
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word += chr(ord("a") + digit)
        if not number:
            return word


def is_text_field(schema: dict) -> bool:
    """A field of free text, as the schemas declare it: a string with no pattern, choice or format."""
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    return "string" in types and not {"pattern", "enum", "const", "format"} & set(schema)


def poison_tree(value, schema: dict, where: str, poisoned: dict):
    """The value with every text field the schema declares carrying a tagged payload."""
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        return {
            key: poison_tree(
                item, properties.get(key, extra if isinstance(extra, dict) else {}), f"{where}.{key}", poisoned
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [poison_tree(item, schema.get("items", {}), f"{where}[{i}]", poisoned) for i, item in enumerate(value)]
    if isinstance(value, str) and is_text_field(schema):
        tag = letters(len(poisoned))
        poisoned[tag] = where
        if ".marks[" in where:
            payload = SHORT_PAYLOAD.format(tag=tag)
            return f"{value[: MARK_TEXT_MAX - len(payload) - 1]} {payload}"
        return f"{value} {PAYLOAD.format(tag=tag)} {TEMPLATE}"
    return value


def poison_every_text(data, poisoned: dict):
    import yaml

    from macros.load.schemas import schema_for

    trees = {}
    # The termbase holds words the build looks for on the Chinese pages, never text it prints on one: a
    # payload in a term would only make every page refuse it.
    for path in sorted(p for p in data.glob("*.yml") if p.name != "termbase.yml"):
        schema, _ = schema_for(path.name)
        trees[path] = poison_tree(yaml.safe_load(path.read_text(encoding="utf-8")), schema, path.name, poisoned)
    # A source names its publisher by the name data/publishers.yml declares: it carries that name's payload.
    publishers = {entry["name"].split(" <img ")[0]: entry["name"] for entry in trees[data / "publishers.yml"]}
    for source in trees[data / "sources.yml"]:
        source["publisher"] = publishers[source["publisher"].split(" <img ")[0]]
    for path, tree in trees.items():
        path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    for path in sorted(data.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            reader = csv.DictReader(file)
            header, rows = reader.fieldnames, list(reader)
        for number, row in enumerate(rows, start=2):
            for column in CSV_TEXT_COLUMNS & set(header):
                if row[column]:
                    tag = letters(len(poisoned))
                    poisoned[tag] = f"{path.name}:{number}:{column}"
                    row[column] = f"{row[column]} {PAYLOAD.format(tag=tag)}"
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def built_pages(site):
    """What a browser reads as markup or renders as HTML: the pages, embeds, feeds, sitemaps and the
    search indexes (whose text the search dialog shows as HTML). Downloads are data, not markup."""
    for path in sorted(site.rglob("*")):
        if path.suffix in {".html", ".xml", ".json"} and "downloads" not in path.parts:
            yield path


def test_no_text_from_data_reaches_any_built_page_as_markup(mini_site):
    """Every text field of every data file (titles, descriptions, labels, notes, events, sources,
    the glossary, the registers, in both languages) is poisoned with markup, and the whole site is
    built in both editions: no page of any kind (hand-written, generated chart pages and their embeds,
    the chart index, the Chinese edition) carries the markup as markup, and the text a reader is shown
    carries it as text."""
    poisoned: dict[str, str] = {}
    result, site = mini_site(None, data_edit=lambda data: poison_every_text(data, poisoned))
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(poisoned) > 1000, "the poison reached too few fields: the schema walk is broken"
    raw, shown = {}, set()
    for path in built_pages(site):
        text = path.read_text(encoding="utf-8")
        for match in RAW.finditer(text):
            raw.setdefault(poisoned[match.group(1)], path.relative_to(site).as_posix())
        shown.update(ESCAPED.findall(text))
        assert TEMPLATE_RUN not in text, f"{path.relative_to(site)}: text from data/ was run as a template"
    assert not raw, "markup from data/ reached a page unescaped:\n" + "\n".join(f"{f} -> {p}" for f, p in raw.items())
    # The texts a reader is shown on the pages (chart titles, source titles, events, glossary) are there,
    # as text, in both editions.
    fields = {poisoned[tag] for tag in shown}
    for expected in ("charts.yml.annual_revenue.title", "charts.yml.annual_revenue.zh.title", "sources.yml[0].title"):
        assert expected in fields, f"{expected} is not shown anywhere, escaped"
    assert any(f.startswith("events.csv") and f.endswith(":event_zh") for f in fields)
    assert any(f.startswith("glossary.yml") for f in fields)
