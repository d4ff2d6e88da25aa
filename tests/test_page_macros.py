"""The author-facing macros: what they print, the provenance they attach, and their errors."""

import re
from html.parser import HTMLParser

import pytest

from macros.dataset import load_catalog
from macros.errors import MacroCallError, describe_call, find_call_line
from macros.page_macros import PageMacros, relative_root
from tests.helpers import chart_specs

HOSTILE = "<img src=x onerror=alert(1)>"
SCRIPT_BREAK = "</script><script>alert(1)</script>"


@pytest.fixture
def macros(catalog):
    return PageMacros(catalog, page_url=lambda: "finances/")


def attrs_of(html: str, tag: str = "span") -> dict:
    match = re.search(rf"<{tag}([^>]*)>", html)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_value_prints_the_formatted_figure_with_its_provenance(macros):
    html = macros.value("revenue", "FY2021")
    attrs = attrs_of(html)
    assert text_of(html) == "RMB 9.06 billion"
    assert attrs["data-metric"] == "revenue"
    assert attrs["data-period"] == "FY2021"
    assert attrs["data-value"] == "9061"
    assert attrs["data-source"] == "xujie-hk-prospectus-2022-07"
    link = attrs_of(html, "a")
    assert link["href"] == "../sources/#source-xujie-hk-prospectus-2022-07"
    assert "Total revenues, FY2021" in link["title"] and "52xujie.com" in link["title"]


def test_unconfirmed_figures_say_so(macros):
    html = macros.value("revenue_public_cloud", "FY2021")
    assert "kc-figure--unconfirmed" in html
    assert text_of(html).endswith("(unconfirmed)")


def test_change_defaults_to_the_same_period_a_year_earlier(macros):
    assert text_of(macros.change("revenue", "FY2021")) == "+37.8%"
    assert text_of(macros.change("revenue", "Q4 2025")) == "+23.7%"
    html = macros.change("revenue", "FY2023", "FY2021")
    assert attrs_of(html)["data-base-period"] == "FY2021"
    assert text_of(html) == "\u221222.2%"


def test_share_divides_part_by_whole(macros):
    assert text_of(macros.share("revenue_public_cloud", "revenue", "FY2024")) == "64.3%"


def test_latest_and_as_of_follow_the_data(macros, catalog):
    assert macros.latest("revenue") == "FY2025"
    assert macros.latest("revenue", "quarterly") == "Q4 2025"
    assert text_of(macros.as_of("revenue")) == "Q4 2025, published 2026-03-25"


def test_unknown_metric_names_the_nearest_ones(macros):
    with pytest.raises(MacroCallError, match=re.escape("unknown metric 'revenu'. Did you mean 'revenue'")):
        macros.value("revenu", "FY2021")


def test_unknown_period_lists_nearest_periods_and_how_to_add_one(macros):
    with pytest.raises(MacroCallError) as caught:
        macros.value("revenue", "FY2016")
    message = str(caught.value)
    assert "no value of 'revenue' for FY2016 in data/financials.csv" in message
    assert "Nearest periods with a value: FY2017, FY2018, FY2019." in message
    assert "append a row 'revenue,FY2016,<value>,<source id>,<status>,'" in message


def test_unknown_chart_and_source(macros):
    with pytest.raises(MacroCallError, match=re.escape("unknown chart 'anual_revenue'. Did you mean 'annual_revenue'")):
        macros.chart("anual_revenue")
    with pytest.raises(MacroCallError, match="unknown source"):
        macros.cite("no-such-source")


def test_call_errors_are_located_in_the_page():
    page = '# Title\n\nText.\n\nRevenue was {{ value("revenu", "FY2021") }}.\n'
    assert find_call_line(page, "value", ("revenu", "FY2021")) == 5
    assert describe_call("value", ("revenu", "FY2021"), {}) == '{{ value("revenu", "FY2021") }}'


def test_links_are_relative_to_the_page():
    assert relative_root("") == ""
    assert relative_root("finances/") == "../"
    assert relative_root("a/b/") == "../../"


def test_chart_carries_the_data_but_no_template(macros, catalog):
    html = macros.chart("revenue_by_segment")
    (spec,) = chart_specs(html).values()
    assert "template" not in spec["layout"]
    assert spec["layout"]["barmode"] == "relative"
    traces = {t["name"]: t for t in spec["data"]}
    public = traces["Public cloud revenue"]
    assert public["x"] == ["FY2021", "FY2022", "FY2023", "FY2024"]
    assert public["y"] == [o.value for o in catalog.series("revenue_public_cloud", "annual")]
    # The seed-only FY2021 bar is drawn faded.
    assert public["marker"]["opacity"][0] < 1
    assert 'id="chart-revenue-by-segment"' in html


def test_a_chart_keeps_gaps_where_quarters_are_missing(macros):
    html = macros.chart("quarterly_revenue")
    (spec,) = chart_specs(html).values()
    x, y = spec["data"][0]["x"], spec["data"][0]["y"]
    assert x[0] == "Q4 2019" and x[-1] == "Q4 2025"
    assert y[x.index("Q3 2020")] is None
    assert "Gaps are periods" in html


def test_the_same_chart_twice_on_a_page_gets_distinct_ids(macros):
    first, second = macros.chart("annual_revenue"), macros.chart("annual_revenue")
    assert 'id="chart-annual-revenue"' in first and 'id="chart-annual-revenue-2"' in second


def test_table_cells_carry_provenance(macros):
    html = macros.table("revenue", "gross_profit", start="FY2022")
    assert "<caption>Total revenues, Gross profit (RMB m)</caption>" in html
    assert 'data-metric="gross_profit" data-period="FY2022" data-value="429.5"' in html
    with pytest.raises(MacroCallError, match="name at least one metric"):
        macros.table()


@pytest.fixture
def hostile_catalog(data_copy):
    """A catalog whose titles, notes and source fields all try to inject markup."""
    meta = data_copy / "financials.meta.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("title: Total revenues", f'title: "Total {HOSTILE}"'), encoding="utf-8"
    )
    sources = data_copy / "sources.yml"
    text = sources.read_text(encoding="utf-8")
    text = text.replace("publisher: bianews.com", f'publisher: "bianews {SCRIPT_BREAK}"')
    text = text.replace('title: "金山云上市 (Kingsoft Cloud\'s Nasdaq listing)"', f'title: "{HOSTILE}"')
    sources.write_text(text, encoding="utf-8")
    charts = data_copy / "charts.yml"
    charts.write_text(
        charts.read_text(encoding="utf-8").replace("title: Annual revenue", f'title: "{SCRIPT_BREAK}"'),
        encoding="utf-8",
    )
    return load_catalog(data_copy)


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_hostile_data_strings_are_escaped_everywhere(hostile_catalog):
    macros = PageMacros(hostile_catalog, page_url=lambda: "finances/")
    outputs = [
        macros.value("revenue", "FY2018"),
        macros.chart("annual_revenue"),
        macros.table("revenue"),
        macros.cite("bianews-2020-05-08"),
        macros.source_list(),
    ]
    for html in outputs:
        collector = TagCollector()
        collector.feed(html)
        assert "img" not in collector.tags
        assert "script" not in collector.tags
        assert "</script><script>" not in html
    chart = outputs[1]
    (spec,) = chart_specs(chart).values()
    # In the figure JSON the name is HTML-escaped for Plotly's own HTML-ish text rendering.
    assert spec["data"][0]["name"] == "Total &lt;img src=x onerror=alert(1)&gt;"


def test_chart_json_is_inert_markup_not_a_script(macros):
    """Material's instant navigation re-executes every <script> in the new page, which would run the
    chart JSON as code and fail; a <template> is never executed or rendered."""
    html = macros.chart("annual_revenue")
    assert "<script" not in html
    assert re.search(r'<template class="kc-chart__spec" data-search-exclude>\{"data":\[', html)


def test_download_links_a_dataset_and_refuses_unknown_ones(macros, catalog):
    html = macros.download("financials")
    assert 'href="../downloads/financials.csv"' in html
    assert f"{len(catalog.datasets['financials'].observations)} values" in html
    with pytest.raises(MacroCallError, match=re.escape("unknown dataset 'financial'. Did you mean 'financials'")):
        macros.download("financial")


def test_chart_is_a_labelled_figure_with_a_text_summary(macros):
    html = macros.chart("annual_revenue")
    assert (
        'role="figure" aria-labelledby="chart-annual-revenue-title" aria-describedby="chart-annual-revenue-summary"'
        in html
    )
    assert (
        '<p class="kc-chart__summary" id="chart-annual-revenue-summary">Total revenues by fiscal year. '
        "RMB million, FY2017–FY2025. Total revenues: RMB 1.24 billion in FY2017, RMB 9.56 billion in FY2025; "
        "highest RMB 9.56 billion in FY2025, lowest RMB 1.24 billion in FY2017.</p>"
    ) in html


def test_chart_summary_counts_the_gaps(macros):
    html = macros.chart("quarterly_revenue")
    assert "4 periods without a sourced figure." in html


def test_hover_text_shows_the_digits_each_source_gave(catalog):
    """A value reported to the million (FY2020 revenue, 6577) hovers as 6,577, not 6,577.0."""
    from macros.charts import chart_data, figure_json

    for spec in catalog.charts.values():
        for trace in figure_json(chart_data(spec, catalog))["data"]:
            assert "%{customdata}" in trace["hovertemplate"]
            assert len(trace["customdata"]) == len(trace["y"])
            assert all((c is None) == (y is None) for c, y in zip(trace["customdata"], trace["y"], strict=True))
    annual = figure_json(chart_data(catalog.chart("annual_revenue"), catalog))["data"][0]
    assert annual["customdata"][annual["x"].index("FY2020")] == "6,577"
    assert annual["customdata"][annual["x"].index("FY2022")] == "8,180.1"


def test_change_can_compare_two_metrics_of_one_unit(macros):
    html = macros.change("ads_close", "2020-05-08", "2020-05-07", base_metric="ipo_price")
    assert text_of(html) == "+40.2%"  # US$23.84 against the US$17.00 IPO price
    assert attrs_of(html)["data-base-metric"] == "ipo_price"
    with pytest.raises(MacroCallError, match="their units differ"):
        macros.change("ads_close", "2020-05-08", "2020-05-08", base_metric="market_value")


def test_timeline_filters_by_category_and_refuses_unknown_ones(macros, catalog):
    html = macros.timeline("funding")
    assert html.count('class="kc-timeline__event"') == sum(e.category == "funding" for e in catalog.timeline.events)
    assert 'data-category="listing"' not in html
    # A funding event prints its figure from the data, after the event's text.
    assert "Series A round: " in text_of(html) and "US$20 million." in text_of(html)
    with pytest.raises(MacroCallError, match=re.escape("unknown event category 'fundng'. Did you mean 'funding'")):
        macros.timeline("fundng")


def test_the_events_download_counts_events(macros, catalog):
    html = macros.download("events")
    assert 'href="../downloads/events.csv"' in html
    assert f"{len(catalog.timeline.events)} events" in text_of(html)


def test_disagreements_list_every_alternative_with_both_sources(macros, catalog):
    html = macros.disagreements()
    rows = [o for ds in catalog.datasets.values() for o in ds.observations.values() if o.alternative is not None]
    assert html.count("<tr>") == len(rows) + 1
    assert "RMB 6.68 billion" in text_of(html)  # the seed article's FY2020 revenue, beside the value used
    for o in rows:
        assert f"#source-{o.source}" in html and f"#source-{o.alternative_source}" in html


def test_dataset_list_describes_every_dataset_with_units_and_sources(macros, catalog):
    html = macros.dataset_list()
    for name, ds in catalog.datasets.items():
        assert f'id="dataset-{name}"' in html
        for metric in ds.metrics.values():
            assert f"<code>{metric.name}</code>: " in html and f"({metric.unit})" in html
    assert 'id="dataset-events"' in html and "Event categories" in html


def test_source_list_groups_by_kind(macros, catalog):
    filings = macros.source_list("filing")
    assert all(f'id="source-{s.id}"' in filings for s in catalog.sources.values() if s.kind == "filing")
    assert not any(f'id="source-{s.id}"' in filings for s in catalog.sources.values() if s.kind != "filing")
    with pytest.raises(MacroCallError, match="no source of kind"):
        macros.source_list("blog")
