"""The author-facing macros on a small, fixed example dataset (tests/fixtures/example_data): what
they print, the provenance they attach, the claims they compute and their errors."""

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.charts.figures import chart_data, figure_json
from macros.check.checked_catalog import load_catalog
from macros.core.errors import MacroCallError
from macros.core.periods import parse_period
from macros.pages.page_macros import PageMacros
from macros.pages.render import relative_root
from tests.conftest import ROOT
from tests.helpers import chart_specs

EXAMPLE = ROOT / "tests" / "fixtures" / "example_data"
HOSTILE = "<img src=x onerror=alert(1)>"
SCRIPT_BREAK = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def example():
    return load_catalog(EXAMPLE)


@pytest.fixture
def macros(example):
    return PageMacros(example, page_url=lambda: "finances/")


def attrs_of(html: str, tag: str = "span") -> dict:
    match = re.search(rf"<{tag}([^>]*)>", html)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_value_prints_the_formatted_figure_with_its_provenance(macros):
    html = macros.value("revenue", "FY2021")
    attrs = attrs_of(html)
    assert text_of(html) == "RMB 9.06 billion\u2020"  # a news figure, marked as from outside the company
    assert (attrs["data-metric"], attrs["data-period"], attrs["data-value"]) == ("revenue", "FY2021", "9061")
    assert attrs["data-source"] == "example-news" and attrs["data-status"] == "secondary"
    link = attrs_of(html, "a")
    assert link["href"] == "../sources/#source-example-news"
    assert "Total revenues, FY2021: 9,061 RMB m. Source: Example News, 2022-03-21. Status: secondary" in link["title"]


def test_a_derived_value_links_to_its_formula_and_inputs(macros):
    html = macros.value("revenue", "Q3 2024")
    attrs, link = attrs_of(html), attrs_of(html, "a")
    assert text_of(html) == "RMB 1.89 billion"
    assert attrs["data-status"] == "derived" and "kc-figure--derived" in attrs["class"]
    assert attrs["data-source"] == "example-annual-report example-q4-release"
    assert link["href"] == "../sources/#derived-values"
    # Said in words, never as the formula's code.
    assert (
        "Computed: total revenues for 2024 less those for the first quarter of 2024, the second quarter"
        in (link["title"])
    )
    assert '["' not in link["title"].replace("&quot;", '"')


def test_a_margin_is_computed_from_its_parts_unless_stated(macros):
    assert attrs_of(macros.value("gross_margin", "FY2023"))["data-status"] == "derived"
    assert text_of(macros.value("gross_margin", "FY2023")) == "12.1%"
    assert attrs_of(macros.value("gross_margin", "FY2024"))["data-status"] == "reported"


def test_a_seed_only_figure_never_reaches_a_page(macros):
    with pytest.raises(MacroCallError, match="is found only in the seed article"):
        macros.value("revenue_enterprise_cloud", "FY2021")


def test_change_defaults_to_the_same_period_a_year_earlier(macros):
    assert text_of(macros.change("revenue", "FY2022")) == "\u22129.7%\u2020"  # computed from a news figure for 2021
    html = macros.change("revenue", "FY2023", "FY2021")
    assert attrs_of(html)["data-base-period"] == "FY2021" and text_of(html) == "\u221222.2%\u2020"


def test_share_divides_part_by_whole(macros):
    assert text_of(macros.share("revenue_public_cloud", "revenue", "FY2024")) == "64.3%"


def test_ttm_sums_four_quarters_and_refuses_an_incomplete_year(macros):
    assert text_of(macros.ttm("revenue", "Q4 2024")) == "RMB 7.79 billion"
    with pytest.raises(
        MacroCallError,
        match=re.escape("need all four quarters of 'revenue', but Q2 2023, Q3 2023, Q4 2023 has no value"),
    ):
        macros.ttm("revenue", "Q1 2024")


def test_latest_and_as_of_follow_the_data(macros):
    assert macros.latest_period("revenue") == "FY2024" and macros.latest_period("revenue", "quarterly") == "Q4 2024"
    assert text_of(macros.as_of("revenue")) == "Q4 2024, published 2025-03-19"
    # A balance is found by the year it closes.
    assert macros.latest_period("cash") == "FY2024" and text_of(macros.value("cash", "FY2024")) == "RMB 2.65 billion"


def test_facts_print_their_text_and_date(macros):
    assert text_of(macros.fact("chief_executive")) == "Jane Example"
    assert "Chief executive, as of 19 March 2025" in attrs_of(macros.fact("chief_executive"), "a")["title"]
    assert text_of(macros.fact_date("chief_executive")) == "as of 19 March 2025"


def test_claims_are_computed_from_the_data(macros):
    assert text_of(macros.peak("net_loss")) == "2022"
    assert text_of(macros.trough("revenue", "annual", "FY2022")) == "2023"
    assert text_of(macros.run("revenue", "annual", "FY2023")) == "fell for two years"
    assert text_of(macros.run("revenue")) == "rose for one year"
    assert text_of(macros.every("net_loss", "annual", above=0)) == "every year from 2022 to 2024"
    assert text_of(macros.words("Q2 2019")) == "the second quarter of 2019"


def test_a_claim_the_data_do_not_support_is_refused(macros):
    with pytest.raises(
        MacroCallError, match="the claim that 'net_loss' is below 0 in every annual period no longer holds: FY2022"
    ):
        macros.every("net_loss", "annual", below=0)
    with pytest.raises(MacroCallError, match="the claim that 'revenue' turned positive no longer holds"):
        macros.first("revenue", "positive")


def test_unknown_names_point_at_the_nearest_ones(macros):
    with pytest.raises(MacroCallError, match=re.escape("unknown metric 'revenu'. Did you mean 'revenue'")):
        macros.value("revenu", "FY2021")
    with pytest.raises(MacroCallError, match=re.escape("unknown chart 'anual_revenue'. Did you mean 'annual_revenue'")):
        macros.chart("anual_revenue")
    with pytest.raises(MacroCallError, match="unknown source"):
        macros.cite("no-such-source")
    with pytest.raises(MacroCallError, match=re.escape("unknown dataset 'result'. Did you mean 'results'")):
        macros.download("result")


def test_unknown_period_lists_nearest_periods_and_how_to_add_one(macros):
    with pytest.raises(MacroCallError) as caught:
        macros.value("revenue", "FY2016")
    assert caught.value.problem == (
        "no value of 'revenue' for FY2016 in example_data/results.csv. Nearest periods with a value: FY2021, FY2022, FY2023."
    )
    assert caught.value.fix.endswith(
        "append a row 'revenue,FY2016,<value>,<source id>,<status>' to example_data/results.csv."
    )


def test_links_are_relative_to_the_page():
    assert relative_root("") == "" and relative_root("finances/") == "../" and relative_root("a/b/") == "../../"


def test_chart_carries_the_data_but_no_template(macros, example):
    (spec,) = chart_specs(macros.chart("revenue_by_segment")).values()
    assert "template" not in spec["layout"] and spec["layout"]["barmode"] == "relative"
    traces = {t["name"]: t for t in spec["data"]}
    assert traces["Public cloud revenue"]["x"] == ["FY2021", "FY2022", "FY2023", "FY2024"]
    assert traces["Public cloud revenue"]["y"] == [6159, None, None, 5007.3]
    # The 2021 enterprise figure is found only in the seed article: the chart shows what the public cloud
    # leaves of the total as enterprise cloud, missing here, and says why, never the seed's figure.
    remainder = next(t for n, t in traces.items() if n.startswith("Enterprise cloud revenue:"))
    assert remainder["y"] == [pytest.approx(2902), None, None, None]
    assert remainder["name"] == "Enterprise cloud revenue: published by the company, not yet available here"


def test_a_chart_keeps_gaps_as_gaps_and_says_so_once_in_reader_words(macros, example):
    html = macros.chart("quarterly_revenue")
    (spec,) = chart_specs(html).values()
    assert spec["data"][0]["x"] == ["Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"]
    assert 'class="kc-chart__note"' not in html  # no gap: the derived quarter fills Q3
    html = macros.chart("revenue_by_segment")
    (spec,) = chart_specs(html).values()
    public = next(t for t in spec["data"] if t["name"].startswith("Public cloud"))
    missing = [x for x, y in zip(public["x"], public["y"], strict=True) if y is None]
    assert missing == ["FY2022", "FY2023"]  # drawn as gaps, never bridged
    note = text_of(html)
    # Said once, with which of the three reasons the figures are missing.
    assert note.count("A gap marks a figure published by the company, not yet available here.") == 1
    assert "has no value" not in note  # which periods are missing belongs to the gaps register


def test_losses_beside_profits_are_drawn_below_zero(macros):
    (spec,) = chart_specs(macros.chart("profit_and_loss")).values()
    loss = next(t for t in spec["data"] if t["name"].startswith("Net loss"))
    assert loss["y"] == [-2688.4, -2183.6, -1979.0] and loss["name"] == "Net loss (below zero)"
    assert "losses drawn below zero" in macros.chart("profit_and_loss")


def test_bars_start_at_zero(example):
    for spec in example.charts.values():
        if spec.kind != "line":
            assert figure_json(chart_data(spec, example))["layout"]["yaxis"]["rangemode"] == "tozero"


def test_a_mark_keeps_the_axis_to_the_periods_and_its_label_beside_its_line(example):
    """plotly.js would widen the axis to fit a mark's label (on a phone, half the plot left empty); the
    axis spans the periods shown and the label reads away from the nearer edge."""
    spec = example.chart("quarterly_revenue")
    for period, side in (("Q1 2024", "left"), ("Q3 2024", "right")):
        marked = dataclasses.replace(spec, marks=((parse_period(period), "Measure changes"),))
        layout = figure_json(chart_data(marked, example))["layout"]
        assert layout["xaxis"]["range"] == [-0.5, 3.5]
        (label,) = layout["annotations"]
        assert (label["x"], label["xanchor"], label["text"]) == (period, side, "Measure changes")
        assert layout["shapes"][0]["x0"] == period


def test_a_mark_on_a_time_axis_sits_at_its_own_date_with_its_label_upright(example):
    """A dated milestone need not fall on a date with a value: on a time axis its line is drawn at its
    date, if that is within the months shown, and its label stands upright beside the line, so marks
    a few weeks apart do not write over each other. A mark outside the months shown is not drawn."""
    spec = dataclasses.replace(
        example.chart("annual_revenue"),
        kind="line",
        frequency="dated",
        series=("cash",),
        marks=(
            (parse_period("2023-12-05"), "Listing"),
            (parse_period("2024-06-17"), "Offering"),
            (parse_period("2025-03-01"), "After the last value"),
        ),
    )
    layout = figure_json(chart_data(spec, example))["layout"]
    assert layout["xaxis"] == {"type": "date"}
    assert [s["x0"] for s in layout["shapes"]] == ["2023-12-05", "2024-06-17"]
    assert [(a["x"], a["text"], a["textangle"], a["yanchor"]) for a in layout["annotations"]] == [
        ("2023-12-05", "Listing", -90, "top"),
        ("2024-06-17", "Offering", -90, "top"),
    ]


def test_the_same_chart_twice_on_a_page_gets_distinct_ids(macros):
    first, second = macros.chart("annual_revenue"), macros.chart("annual_revenue")
    assert 'id="chart-annual-revenue"' in first and 'id="chart-annual-revenue-2"' in second


def test_table_cells_carry_provenance(macros):
    html = macros.table("revenue", "gross_profit", start="FY2022")
    assert "<caption>Total revenues, Gross profit (RMB m)</caption>" in html
    assert 'data-metric="gross_profit" data-period="FY2022" data-value="429.5"' in html
    with pytest.raises(MacroCallError, match="no metric is named"):
        macros.table()


def test_statement_tables_list_the_newest_period_first(macros):
    html = macros.statement("income", "annual")
    periods = re.findall(r'<th scope="col" class="kc-num">(FY\d{4})</th>', html)
    # 2021 has revenue and one segment only, too few of the statement's lines for a column of its own.
    assert periods == ["FY2024", "FY2023", "FY2022"]
    assert 'data-metric="gross_margin" data-period="FY2023"' in html
    assert "statements/income-annual.csv" in html


def test_chart_json_is_inert_markup_not_a_script(macros):
    """Material re-executes every <script> of a page it renders in place, which would run the chart
    JSON as code and fail; a <template> is never executed or rendered."""
    html = macros.chart("annual_revenue")
    assert "<script" not in html
    assert re.search(r'<template class="kc-chart__spec" data-search-exclude>\{"data":\[', html)


def test_chart_is_a_labelled_figure_with_a_text_summary(macros):
    html = macros.chart("annual_revenue")
    assert (
        'role="figure" aria-labelledby="chart-annual-revenue-title" aria-describedby="chart-annual-revenue-summary"'
        in html
    )
    assert (
        '<p class="kc-chart__summary" id="chart-annual-revenue-summary">RMB million, FY2021–FY2024. '
        "Total revenues: RMB 9.06 billion in FY2021, RMB 7.79 billion in FY2024; "
        "highest RMB 9.06 billion in FY2021, lowest RMB 7.05 billion in FY2023.</p>"
    ) in html


def test_hover_text_shows_the_digits_each_source_gave(example):
    """A value reported to the million (FY2021 revenue, 9061) hovers as 9,061, not 9,061.0."""
    for spec in example.charts.values():
        for trace in figure_json(chart_data(spec, example))["data"]:
            assert "%{customdata}" in trace["hovertemplate"]
            assert all((c is None) == (y is None) for c, y in zip(trace["customdata"], trace["y"], strict=True))
    annual = figure_json(chart_data(example.chart("annual_revenue"), example))["data"][0]
    assert annual["customdata"] == ["9,061\u2020", "8,180.1", "7,047.5", "7,785.2"]


def test_timeline_places_the_figure_in_the_sentence(macros):
    html = macros.timeline()
    assert "Full-year revenue reaches RMB 7.79 billion (2024)." in text_of(html)
    assert html.count('class="kc-timeline__event"') == 2
    with pytest.raises(MacroCallError, match=re.escape("unknown event category 'result'. Did you mean 'results'")):
        macros.timeline("result")


def test_disagreements_list_every_alternative_with_both_sources(macros):
    html = macros.disagreements()
    assert html.count("<tr>") == 2
    assert "RMB 7.79 billion" in text_of(html) and "#source-example-news" in html


def test_derived_list_and_gap_list(macros):
    html = macros.derived_list()
    assert "Total revenues, Q3 2024" in html and "The Q3 2024 release is not on record." in html
    gaps = text_of(macros.gap_list())
    assert "Public cloud revenueFY2022, FY2023published by the company, not yet available here" in gaps
    assert gaps.count("The annual reports for 2022 and 2023.") == 2  # one search, named by both gaps


def test_data_updates_list_documents_newest_first(macros):
    text = text_of(macros.data_updates())
    assert text.index("2025-04-20") < text.index("2025-03-19") < text.index("2022-06-23") < text.index("2022-03-21")
    assert (
        "Example Co Announces Fourth Quarter 2024 Results release: 3 values (Q4 2024, Q2 2024, Q1 2024); 1 event."
        in text
    )


def test_dataset_list_describes_every_dataset_with_units_and_sources(macros, example):
    html = macros.dataset_list()
    for name, ds in example.datasets.items():
        assert f'id="dataset-{name}"' in html
        for metric in ds.metrics.values():
            assert f"<code>{metric.name}</code>: " in html and f"({metric.unit})" in html
    assert "Derived: <code>100 * gross_profit / revenue</code>." in html


def test_source_list_groups_by_kind(macros, example):
    filings = macros.source_list("filing")
    assert 'id="source-example-annual-report"' in filings and 'id="source-example-news"' not in filings
    assert macros.source_list("research") == "<p>None.</p>"
    with pytest.raises(MacroCallError, match="unknown source kind 'blog'"):
        macros.source_list("blog")


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_hostile_data_strings_are_escaped_everywhere(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    for name, old, new in [
        ("results.meta.yml", "title: Total revenues", f'title: "Total {HOSTILE}"'),
        ("sources.yml", "publisher: Example News", f'publisher: "News {SCRIPT_BREAK}"'),
        ("charts.yml", "title: Annual revenue", f'title: "{SCRIPT_BREAK}"'),
        ("facts.yml", "text: Jane Example", f'text: "Jane {HOSTILE}"'),
    ]:
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    macros = PageMacros(load_catalog(data), page_url=lambda: "finances/")
    outputs = [
        macros.value("revenue", "FY2021"),
        macros.chart("annual_revenue"),
        macros.table("revenue"),
        macros.cite("example-news"),
        macros.source_list(),
        macros.fact("chief_executive"),
        macros.statement("income"),
    ]
    for html in outputs:
        collector = TagCollector()
        collector.feed(html)
        assert "img" not in collector.tags and "script" not in collector.tags
        assert "</script><script>" not in html
    (spec,) = chart_specs(outputs[1]).values()
    # In the figure JSON the name is HTML-escaped for Plotly's own HTML-ish text rendering.
    assert spec["data"][0]["name"] == "Total &lt;img src=x onerror=alert(1)&gt;"


def test_the_value_macro_and_the_index_agree_for_every_metric_and_period_of_the_real_data(catalog):
    """One lookup path: whatever the values index holds (stored or derived) the page macro prints, and
    a stock that persists (the shares per ADS) is found at any later period, by the derivations and by
    the page macro alike."""
    from macros.compute.derived import Values

    real = PageMacros(catalog, page_url=lambda: "finances/")
    index = Values(catalog.datasets, catalog.metrics)
    checked = 0
    for name in catalog.metrics:
        for period, o in index.of(name).items():
            if o.basis == "unconfirmed":
                continue  # found only in the seed article: no page looks it up (tested on its own)
            assert catalog.observation(name, period.label) is o, (name, period.label)
            html = real.value(name, period.label)
            assert attrs_of(html)["data-metric"] == name and attrs_of(html)["data-period"] == period.label
            checked += 1
    assert checked > 500
    persisting = [m for m in catalog.metrics.values() if m.persists]
    assert persisting, "the data has a stock that persists (the shares per ADS)"
    for metric in persisting:
        first = min(index.of(metric.name))
        later = parse_period(f"Q4 {first.year + 1}")
        assert index.at(metric.name, later) is catalog.observation(metric.name, later.label) is not None


@pytest.fixture
def with_estimate(tmp_path):
    """The example data with a news figure for 2021 gross profit: the 2021 gross margin is then
    computed from two news figures, an estimate."""
    import shutil

    data = tmp_path / "example_data"
    shutil.copytree(EXAMPLE, data)
    with (data / "results.csv").open("a", encoding="utf-8") as rows:
        rows.write("gross_profit,FY2021,150.2,example-news,secondary,\n")
    with (data / "charts.yml").open("a", encoding="utf-8") as charts:
        charts.write(
            "gross_margins:\n  title: Gross margin\n  kind: line\n  frequency: annual\n  series: [gross_margin]\n"
        )
        charts.write(
            "gross_margin_bars:\n  title: Gross margin\n  kind: bar\n  frequency: annual\n  series: [gross_margin]\n"
        )
    catalog = load_catalog(data)
    return catalog, PageMacros(catalog, page_url=lambda: "finances/")


def test_a_value_computed_from_a_secondary_figure_reads_as_an_estimate_everywhere(with_estimate):
    catalog, macros = with_estimate
    o = catalog.observation("gross_margin", "FY2021")
    assert o.status == "derived" and o.basis == "secondary" and o.is_estimate and o.shown_status == "estimate"
    prose = macros.value("gross_margin", "FY2021")
    assert text_of(prose).startswith("\u2248") and attrs_of(prose)["data-status"] == "estimate"
    assert "An estimate: at least one input comes from outside the company" in attrs_of(prose, "a")["title"]
    table = macros.table("gross_margin", start="FY2021", end="FY2022")
    assert "\u22481.7" in text_of(table)  # 150.2 / 9061, marked in the cell
    from macros.site.assets import dataset_csv

    csv = dataset_csv(["metric", "period", "value", "source", "status"], catalog.dataset("results").records)
    assert "gross_margin,FY2021,1.657653681,example-news,estimate" in csv


def test_a_value_computed_from_the_company_figures_alone_is_not_an_estimate(with_estimate):
    catalog, macros = with_estimate
    o = catalog.observation("gross_margin", "FY2023")
    assert o.status == "derived" and o.basis == "reported" and not o.is_estimate
    assert "\u2248" not in text_of(macros.value("gross_margin", "FY2023"))


def test_estimates_are_hatched_or_open_in_charts_and_marked_in_hover_text(with_estimate):
    catalog, macros = with_estimate
    for name, marked in (("gross_margins", ("symbol", "circle-open")), ("gross_margin_bars", ("pattern", "/"))):
        (trace,) = figure_json(chart_data(catalog.chart(name), catalog))["data"]
        index = trace["x"].index("FY2021")
        assert trace["customdata"][index].startswith("\u2248")
        assert not trace["customdata"][trace["x"].index("FY2023")].startswith("\u2248")
        shown = trace["marker"][marked[0]]
        assert (shown["shape"] if marked[0] == "pattern" else shown)[index] == marked[1]
        assert "are estimates, computed from a figure outside the company" in text_of(macros.chart(name))


def test_a_statement_shows_the_lines_and_periods_it_can_fill_and_names_the_rest(macros, example):
    from macros.compute.statements import MAX_EMPTY, UnfilledView, statement_table

    table = statement_table(example, "income", "annual")
    cells = [c for _, _, row in table.rows for c in row]
    assert sum(c is None for c in cells) <= MAX_EMPTY * len(cells)
    assert table.rows[0][0].name == "revenue" and table.periods[0].label == "FY2024"
    # A line known for too few years goes under the table, by name.
    assert [m.name for m, _ in table.left_out_rows] == ["revenue_enterprise_cloud"]
    assert (
        "Enterprise cloud revenue" in text_of(macros.statement("income", "annual")).split("Known here for too few")[1]
    )
    with pytest.raises(UnfilledView):
        statement_table(example, "income", "quarterly")  # three quarters of revenue alone
    with pytest.raises(MacroCallError, match="remove this view from the page"):
        macros.statement("income", "quarterly")


def test_since_is_the_start_of_the_unbroken_run_up_to_the_latest_value(tmp_path):
    """ "Positive since" is checked: a loss in between, or a missing quarter, ends the run; a latest
    value of the other sign stops the build."""
    import shutil

    data = tmp_path / "example_data"
    shutil.copytree(EXAMPLE, data)
    meta = (data / "results.meta.yml").read_text(encoding="utf-8")
    result = "  operating_result:\n    title: Operating result\n    unit: RMB million\n    short_unit: RMB m\n    description: Signed.\n    decimals: 1\n    sign: any\n"
    (data / "results.meta.yml").write_text(
        meta.replace("  gross_margin:", result + "  gross_margin:"), encoding="utf-8"
    )
    rows = ["Q1 2024,-10.0", "Q2 2024,5.0", "Q4 2024,7.0"]  # no Q3: the run starts after the gap
    with (data / "results.csv").open("a", encoding="utf-8") as out:
        out.writelines(f"operating_result,{r},example-q4-release,reported,\n" for r in rows)
    macros = PageMacros(load_catalog(data), page_url=lambda: "finances/")
    assert text_of(macros.since("operating_result", "positive", "quarterly")) == "the fourth quarter of 2024"
    with pytest.raises(MacroCallError, match=r"latest value .* is not negative"):
        macros.since("operating_result", "negative", "quarterly")
    with pytest.raises(MacroCallError, match="would claim more than the data know"):
        macros.since("revenue", "positive", "annual")


def test_a_closing_price_stands_for_the_days_up_to_the_next_trading_day_and_no_longer(catalog):
    """A year-end balance dated on a holiday is valued at the year's last close; a price never stands
    for a date far after it (persists_days)."""
    from macros.compute.lookup import value_at
    from macros.core.periods import parse_period

    metric = catalog.metric("ads_month_end_close")
    assert metric.persists and metric.persists_days
    values = catalog.by_period("ads_month_end_close", "mixed")
    closes = sorted(values)
    friday = next(p for p in closes if p.end_date.endswith("-12-30") or p.end_date.endswith("-12-29"))
    year_end = parse_period(f"{friday.year}-12-31")
    assert value_at(metric, values, year_end) is values[friday]
    far = parse_period(f"{closes[-1].year + 1}-12-31")
    assert value_at(metric, values, far) is None


def write_extra_dataset(data: Path, rows: str, metrics: str) -> None:
    """A small dataset beside the example's (data/extra.csv and its metadata): its rows, without the
    header, and its metrics' declarations, as YAML under `metrics:`."""
    columns = ("metric", "period", "value", "source", "status", "note")
    (data / "extra.csv").write_text(",".join(columns) + "\n" + rows, encoding="utf-8")
    (data / "extra.meta.yml").write_text(
        "title: Extra\ndescription: Extra figures.\ncolumns:\n"
        + "".join(f"  {c}: {{title: {c}, description: {c}}}\n" for c in columns)
        + "metrics:\n"
        + metrics,
        encoding="utf-8",
    )


def results_reach_2025_and_customers_stop_at_2024(tmp_path) -> Path:
    """The example data with its results carried to 2025 and a customer count (with a chart) that stops
    at 2024."""
    import csv
    import shutil

    data = tmp_path / "example_data"
    shutil.copytree(EXAMPLE, data)
    with (data / "sources.yml").open("a", encoding="utf-8") as sources:
        sources.write(
            "- id: example-2025-release\n  title: Example Co 2025 results\n  publisher: Example Co\n"
            "  date: 2026-03-20\n  url: https://example.com/2025\n  kind: release\n"
        )
    catalog = load_catalog(data)
    # The results reach 2025: every stored figure of 2024 has its 2025 value.
    with (data / "results.csv").open("a", encoding="utf-8", newline="") as rows:
        writer = csv.writer(rows, lineterminator="\n")
        for o in catalog.datasets["results"].stored:
            if o.period.label == "FY2024" and not catalog.metric(o.metric).formula:
                writer.writerow([o.metric, "FY2025", o.value, "example-2025-release", "reported", ""])
    # Another dataset whose count stops at 2024.
    write_extra_dataset(
        data,
        "customers,FY2023,500,example-annual-report,reported,\ncustomers,FY2024,520,example-annual-report,reported,\n",
        "  customers:\n    title: Customers\n    unit: count\n    short_unit: customers\n"
        "    description: Customers.\n    decimals: 0\n    sign: positive\n",
    )
    with (data / "charts.yml").open("a", encoding="utf-8") as charts_file:
        charts_file.write("customers:\n  title: Customers\n  kind: bar\n  frequency: annual\n  series: [customers]\n")
    return data


def register_the_missing_customer_count(data: Path) -> None:
    with (data / "gaps.yml").open("a", encoding="utf-8") as gaps:
        gaps.write("- metric: customers\n  periods: [FY2025]\n  kind: not_available\n  searched: annual-reports\n")


def test_a_claim_over_a_series_that_stops_early_says_where_and_why_or_stops_the_build(tmp_path):
    """ "Customers every year from 2023 to 2024" misleads once the results reach 2025 and the customer
    count does not: the claim must say where its figures stop and why, and with no reason on record the
    build stops at the call."""
    data = results_reach_2025_and_customers_stop_at_2024(tmp_path)
    macros = PageMacros(load_catalog(data), page_url=lambda: "finances/")
    with pytest.raises(MacroCallError, match=r"stops at FY2024, but the data reach FY2025, and nothing says why"):
        macros.every("customers", "annual", above=0)
    register_the_missing_customer_count(data)
    macros = PageMacros(load_catalog(data), page_url=lambda: "finances/")
    assert text_of(macros.every("customers", "annual", above=0)) == (
        "every year from 2023 to 2024 (the figures here stop at 2024; later ones: published by the company, "
        "not yet available here)"
    )
    # A claim bounded by the author names its own end, and says nothing more.
    assert "stop" not in text_of(macros.peak("customers", "annual", end="FY2024"))


def test_a_chart_whose_series_stops_early_says_where_and_why_or_stops_the_build(tmp_path):
    """A chart of the customer count that ends at 2024 while the results reach 2025 reads as complete:
    its note says where the figures stop and why the later ones are missing, and with no reason on
    record the chart stops the build, naming its declaration."""
    data = results_reach_2025_and_customers_stop_at_2024(tmp_path)
    macros = PageMacros(load_catalog(data), page_url=lambda: "finances/")
    with pytest.raises(
        MacroCallError, match=r"chart 'customers' shows 'customers' up to FY2024, but the data reach FY2025"
    ):
        macros.chart("customers")
    register_the_missing_customer_count(data)
    macros = PageMacros(load_catalog(data), page_url=lambda: "finances/")
    note = re.search(r'<span class="kc-chart__note">(.*?)</span>', macros.chart("customers")).group(1)
    assert note == "The figures here stop at FY2024; later ones: published by the company, not yet available here."
    # A chart that reaches the newest year says nothing of the kind.
    assert "stop at" not in macros.chart("annual_revenue")


def test_a_rise_and_fall_takes_its_turning_points_from_the_data(catalog):
    macros = PageMacros(catalog, page_url=lambda: "finances/")
    series = catalog.series("adjusted_gross_margin", "quarterly")
    start = next(o for o in series if o.period.label == "Q1 2023")
    after = [o for o in series if o.period >= start.period]
    peak = max(after, key=lambda o: o.value)
    text = text_of(macros.rise_and_fall("adjusted_gross_margin", "quarterly", "Q1 2023"))
    assert text.startswith("rose from ") and f"to {peak.value:.1f}% in {peak.period.words}, then fell to" in text
    with pytest.raises(MacroCallError, match="did not rise and then fall"):
        macros.rise_and_fall("revenue", "annual", "FY2023")


def test_a_peak_or_a_turn_over_missing_periods_says_so_or_stops_the_build(tmp_path):
    """The highest year may be one without a figure, and a turn between two quarters with a missing one
    between them has no quarter to name: the peak says which periods are missing and why, the turn
    stops the build."""
    import shutil

    data = tmp_path / "example_data"
    shutil.copytree(EXAMPLE, data)
    write_extra_dataset(
        data,
        "orders,FY2023,500,example-annual-report,reported,\norders,FY2024,520,example-annual-report,reported,\n"
        "result,Q1 2024,-5,example-q4-release,reported,\nresult,Q3 2024,4,example-q4-release,reported,\n"
        "result,Q4 2024,6,example-q4-release,reported,\n",
        "  orders:\n    title: Orders\n    unit: count\n    short_unit: orders\n"
        "    description: Orders.\n    decimals: 0\n    sign: positive\n"
        "  result:\n    title: Result\n    unit: RMB million\n    short_unit: RMB m\n"
        "    description: Signed.\n    decimals: 0\n    sign: any\n",
    )
    with (data / "gaps.yml").open("a", encoding="utf-8") as gaps:
        gaps.write(
            "- metric: orders\n  periods: [FY2022]\n  kind: not_available\n  searched: annual-reports\n"
            "- metric: result\n  periods: [Q2 2024]\n  kind: not_available\n  searched: annual-reports\n"
        )
    macros = PageMacros(load_catalog(data), page_url=lambda: "finances/")
    assert text_of(macros.peak("orders")) == (
        "2024 (of the years from 2023; earlier ones: published by the company, not yet available here)"
    )
    # A span the author names is judged on its own periods.
    assert text_of(macros.peak("orders", "annual", "FY2023")) == "2024"
    with pytest.raises(MacroCallError, match=r"between Q1 2024 and Q3 2024, and the quarterly figures between"):
        macros.first("result", "positive", "quarterly")
    assert text_of(macros.trough("result", "quarterly")) == (
        "the first quarter of 2024 (of the quarters with figures here; one quarter missing between the first "
        "quarter of 2024 and the fourth quarter of 2024: published by the company, not yet available here)"
    )
