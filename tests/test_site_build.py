"""The real site, built strictly into a temporary folder, checked the way a reader would rely on it."""

import re
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.charts.figures import chart_data
from macros.core.language import in_language
from macros.core.model import ESTIMATE_MARK, SECONDARY_MARK
from macros.core.numbers import change_kind, format_change_words, format_number, format_share, format_value
from macros.pages.value_macros import prose_value
from tests.conftest import ROOT, run_build
from tests.helpers import BUILT_PAGES, PAGE_SOURCES, chart_specs

PAGES = BUILT_PAGES


class FigureParser(HTMLParser):
    """Collects each cited figure (span.kc-figure) with its attributes and visible link text."""

    def __init__(self):
        super().__init__()
        self.figures: list[dict] = []
        self._current: dict | None = None
        self._in_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and "kc-figure" in (attrs.get("class") or "").split():
            self._current = {**attrs, "text": ""}
        elif tag == "a" and self._current is not None:
            self._in_link = True
            self._current["href"] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "a" and self._in_link:
            self._in_link = False
            self.figures.append(self._current)
            self._current = None

    def handle_data(self, data):
        if self._in_link:
            self._current["text"] += data


def figures(site: Path, page: str) -> list[dict]:
    parser = FigureParser()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser.figures


def test_every_page_is_built(built_site):
    for page in PAGES:
        assert (built_site / page).is_file(), page


def test_no_macro_is_left_unrendered(built_site):
    """Outside code samples (the Contributing page shows macro calls), no template syntax survives."""
    for html_file in built_site.rglob("*.html"):
        text = re.sub(r"<(pre|code)\b.*?</\1>", "", html_file.read_text(encoding="utf-8"), flags=re.S)
        assert "{{" not in text and "{%" not in text, html_file


def expected_text(fig: dict, catalog, statements: dict) -> str | None:
    """What a figure must read, computed from the data by the same formatting and marks; None for kinds
    that are checked elsewhere (facts) or whose phrase is itself computed (claims)."""
    kind = fig["data-kind"]
    if kind in ("fact", "peak", "trough", "first", "since", "run", "every", "remainder"):
        return None
    metric = catalog.metric(fig["data-metric"])
    if kind in ("ttm-cell", "ttm"):
        o = statements[(fig["data-metric"], fig["data-period"])]
        shown = [o]
        text = format_number(o.value, metric.decimals_for(o)) if kind == "ttm-cell" else None
        if kind == "ttm":
            text = format_value(o.value, metric.unit, metric.decimals_for(o))
    else:
        o = catalog.observation(fig["data-metric"], fig["data-period"])
        shown = [o]
        if kind == "value":
            text = prose_value(metric, o)
        elif kind == "cell":
            text = format_number(int(fig.get("data-sign", "1")) * o.value, metric.decimals_for(o))
        elif kind == "change":
            base = catalog.observation(fig.get("data-base-metric", fig["data-metric"]), fig["data-base-period"])
            shown.append(base)
            text = format_change_words(o.value, base.value, kind=change_kind(metric))
        else:
            whole = catalog.observation(fig["data-whole"], fig["data-period"])
            shown.append(whole)
            text = format_share(o.value, whole.value)
    return marked(text, shown)


def marked(text: str, shown: list) -> str:
    """The figure with the reader's two marks, in prose as in tables: ≈ before an estimate, † after a
    figure from outside the company's documents."""
    if any(o.is_estimate for o in shown):
        return ESTIMATE_MARK + text
    return text + SECONDARY_MARK if any(o.basis == "secondary" for o in shown) else text


def twelve_month_cells(catalog) -> dict:
    from macros.compute.statements import STATEMENTS, UnfilledView, statement_table

    cells = {}
    for kind in STATEMENTS:
        if kind == "balance":
            continue
        try:
            table = statement_table(catalog, kind, "ttm")
        except UnfilledView:
            continue  # a view with too few figures is not offered
        for metric, _, row in table.rows:
            for period, o in zip(table.periods, row, strict=True):
                if o is not None:
                    cells[(metric.name, period.label)] = o
    return cells


def test_every_figure_shows_exactly_its_formatted_data_value_and_links_to_its_provenance(built_site, catalog):
    statements = twelve_month_cells(catalog)
    checked = set()
    for page in PAGES:
        # A Chinese page formats its figures in Chinese (27.61亿元, 增长37.8%, （估计）).
        with in_language("zh" if page.startswith("zh/") else "en"):
            expected_figures = [(fig, expected_text(fig, catalog, statements)) for fig in figures(built_site, page)]
        for fig, expected in expected_figures:
            if expected is None:
                continue
            assert fig["text"] == expected, f"{page}: {fig}"
            if fig["data-kind"] in ("value", "cell"):
                o = catalog.observation(fig["data-metric"], fig["data-period"])
                assert fig["data-source"].split() == list(o.sources), f"{page}: {fig}"
                anchor = "derived-values" if o.status == "derived" else f"source-{o.source}"
                assert fig["href"].endswith(f"sources/#{anchor}"), f"{page}: {fig}"
            checked.add(fig["data-kind"])
    assert {"value", "cell", "change", "share", "ttm", "ttm-cell"} <= checked


def test_every_cited_source_has_an_anchor_on_the_sources_page(built_site):
    sources_html = (built_site / "sources/index.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="(source-[^"]+)"', sources_html))
    for page in PAGES:
        for href in re.findall(r'href="[^"]*sources/#(source-[^"]+)"', (built_site / page).read_text(encoding="utf-8")):
            assert href in anchors, f"{page} links to missing {href}"


def test_charts_carry_their_data(built_site, catalog):
    html = (built_site / "finances/index.html").read_text(encoding="utf-8")
    specs = chart_specs(html)
    # Every chart the page's Markdown places, and no other.
    placed = re.findall(r'\{\{ chart\("(\w+)"\) \}\}', (ROOT / "docs" / "finances.md").read_text(encoding="utf-8"))
    assert set(specs) == {f"chart-{name.replace('_', '-')}" for name in placed}
    assert "chart-quarterly-margins" in specs
    annual = specs["chart-annual-revenue"]["data"][0]
    assert annual["y"] == [o.value for o in catalog.series("revenue", "annual")]
    assert annual["x"] == [o.period.label for o in catalog.series("revenue", "annual")]
    quarterly = specs["chart-quarterly-revenue"]["data"][0]
    shown = {x: y for x, y in zip(quarterly["x"], quarterly["y"], strict=True) if y is not None}
    assert shown == {o.period.label: o.value for o in catalog.series("revenue", "quarterly")}
    for spec in specs.values():
        assert "template" not in spec["layout"]


def test_chart_captions_derive_unit_period_and_sources(built_site, catalog):
    html = (built_site / "finances/index.html").read_text(encoding="utf-8")
    block = html[html.index('id="chart-annual-revenue"') :]
    years = catalog.series("revenue", "annual")
    assert (
        f'<p class="kc-chart__subtitle">RMB million, {years[0].period.label}–{years[-1].period.label}</p>'
        in block[:1000]
    )
    source_line = re.search(
        r'<p class="kc-chart__source"><span class="kc-chart__cite"[^>]*>(.*?) <button', block
    ).group(1)
    cited = re.findall(r"#source-([a-z0-9-]+)", source_line)
    # Each source exactly once: the company's own documents first, linked by date, then the others.
    assert sorted(cited) == sorted({s for o in years for s in o.sources})
    assert len(cited) == len(set(cited))
    assert source_line.startswith("Source: Kingsoft Cloud filings and releases of <a")
    company = [c for c in cited if catalog.source(c).kind in ("filing", "release")]
    assert cited[: len(company)] == company


def test_chart_downloads_match_the_charts(built_site, catalog):
    for name in catalog.charts:
        csv_file = built_site / "downloads" / "charts" / f"{name}.csv"
        lines = csv_file.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "metric,period,value,unit,source,status"
        assert len(lines) - 1 == len(chart_data(catalog.charts[name], catalog).observations)
    assert (built_site / "downloads" / "financials.csv").is_file()


def test_plotly_is_served_by_the_site_and_loaded_only_by_the_chart_script(built_site):
    bundle = built_site / "assets" / "vendor" / "plotly-basic.min.js"
    assert bundle.stat().st_size > 100_000
    assert (built_site / "assets" / "vendor" / "plotly.js-LICENSE.txt").is_file()
    themes = (built_site / "assets" / "javascripts" / "chart-themes.js").read_text(encoding="utf-8")
    assert themes.startswith("window.kcChartThemes = ") and '"dark"' in themes and '"light"' in themes
    for page in PAGES:
        html = (built_site / page).read_text(encoding="utf-8")
        # No page pulls in plotly.js up front: charts.js fetches it when a chart is on the page.
        assert "plotly-basic.min.js" not in html
        assert "assets/javascripts/charts.js" in html
    assert "kc-chart" not in (built_site / "sources/index.html").read_text(encoding="utf-8")


def test_no_page_loads_anything_from_another_host(built_site):
    """Scripts, styles, images, frames and fonts all come from the site; links to sources may go anywhere."""
    loaded = re.compile(r'<(?:script|img|iframe|source)\b[^>]*\bsrc="(?:https?:)?//', re.I)
    # <link> elements are fetched unless they only name an address (canonical, alternate).
    fetched_link = re.compile(r'<link\b(?![^>]*rel="(?:canonical|alternate)")[^>]*\bhref="(?:https?:)?//', re.I)
    for html_file in built_site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert not loaded.search(text), f"{html_file} loads a resource from another host"
        assert not fetched_link.search(text), f"{html_file} links a stylesheet or icon from another host"
        assert "fonts.googleapis" not in text
    for css in built_site.rglob("*.css"):
        assert "@import url(http" not in css.read_text(encoding="utf-8"), css


def test_builds_are_deterministic(built_site, tmp_path):
    again = tmp_path / "again"
    result = run_build(ROOT, again)
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    differing = [str(path) for path in first if first[path] != second[path]]
    assert differing == []


def test_every_page_has_a_meta_description(built_site):
    for page in PAGES:
        html = (built_site / page).read_text(encoding="utf-8")
        assert re.search(r'<meta name="description" content="[^"]{40,}"', html), page


def test_a_figure_reads_the_same_on_every_page(built_site):
    """The same metric and period (and base or whole) must read identically wherever it appears."""
    readings: dict[tuple, set[str]] = {}
    for page in PAGES:
        for fig in figures(built_site, page):
            key = (
                fig["data-kind"],
                fig.get("data-metric") or fig.get("data-fact"),
                fig["data-period"],
                fig.get("data-base-period"),
                fig.get("data-whole"),
                fig.get("data-claim"),
                fig.get("data-sign"),
            )
            # Each edition reads a figure its own way, and the same way on each of its pages.
            readings.setdefault((page.startswith("zh/"), *key), set()).add(fig["text"])
    assert len(readings) > 20
    assert {k: v for k, v in readings.items() if len(v) > 1} == {}


def test_pages_show_the_date_they_last_changed_in_git(built_site):
    for page, source in PAGE_SOURCES.items():
        expected = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", str(source)], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        html = (built_site / page).read_text(encoding="utf-8")
        footer = re.search(r'<aside class="md-source-file">(.*?)</aside>', html, re.S)
        if expected:
            assert footer and expected in footer.group(1), page
        else:  # a page not committed yet shows no date rather than a wrong one
            assert footer is None, page


@pytest.mark.build
def test_a_shallow_clone_builds_strictly(tmp_path):
    """GitHub checks out one commit by default; page dates must not turn that into a failed build."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", ROOT.as_uri(), str(clone)], check=True)
    result = run_build(clone, tmp_path / "site", GITHUB_ACTIONS="true")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_vendored_plotly_bundle_matches_the_python_package_and_covers_every_trace(catalog):
    """Figures are written by plotly.py; the browser draws them with the vendored partial bundle.
    Both must be the same plotly.js version, and the bundle must include every trace type used."""
    from plotly.offline import get_plotlyjs_version

    from macros.charts.figures import chart_data, figure_json

    header = (ROOT / "docs" / "assets" / "vendor" / "plotly-basic.min.js").read_text(encoding="utf-8")[:200]
    assert f"plotly.js (basic - minified) v{get_plotlyjs_version()}" in header
    used = {
        trace["type"] for spec in catalog.charts.values() for trace in figure_json(chart_data(spec, catalog))["data"]
    }
    assert used <= {"bar", "scatter", "pie"}


def test_edit_links_follow_the_repository_being_built(built_site, tmp_path):
    """A local build has no edit links; a build that knows its repository (as the deploy workflow
    does, from the repository it runs in) links every page to its source file."""
    assert 'class="md-content__button md-icon"' not in (built_site / "finances/index.html").read_text(encoding="utf-8")
    result = run_build(ROOT, tmp_path / "site", REPO_URL="https://github.com/example/fork")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "finances/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/fork/edit/main/docs/finances.md"' in html


def test_the_sitemap_lists_every_page_at_the_site_address(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for page in ["", "finances/", "sources/", "contributing/"]:
        assert f"<loc>http://127.0.0.1:8000/{page}</loc>" in sitemap


def test_chart_json_is_left_out_of_the_search_index(built_site):
    """Searching the site finds prose and tables, never the JSON behind a chart."""
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "hovertemplate" not in index and "customdata" not in index
    assert "Total revenues" in index


# A figure in a statement: digits grouped by thousands, a true minus sign (after ≈ for an estimate),
# † for a figure from outside the company's documents, or a dash where no figure is available.
STATEMENT_FIGURE = re.compile(r"–|≈?−?\d{1,3}(,\d{3})*(\.\d+)?†?( \(unconfirmed\))?")


def test_statements_read_one_way_units_in_the_headers_figures_at_the_right(built_site, catalog):
    from macros.compute.statements import statement_table

    html = (built_site / "statements" / "index.html").read_text(encoding="utf-8")
    statements = re.findall(
        r'<div class="kc-statement" data-statement="(\w+)" data-view="(\w+)">(.*?)</table>', html, re.S
    )
    assert {kind for kind, _, _ in statements} == {"income", "balance", "cash_flow"}
    for kind, view, block in statements:
        caption = re.search(r"<caption>(.*?)</caption>", block).group(1)
        assert caption.endswith("(RMB million unless stated)"), caption
        headers = re.findall(r'<th scope="col"( class="kc-num")?>(.*?)</th>', block)
        # The unit heads the column of row names; every column of figures is marked to align right.
        assert headers[0] == ("", "RMB million") and all(marked for marked, _ in headers[1:]), (kind, view)
        # A row in another unit names it: "Gross margin (GAAP) (%)".
        labels = [
            unescape(label) for label in re.findall(r'<span class="kc-statement__label[^"]*">(.*?)</span>', block)
        ]
        metrics = [metric for metric, _, _ in statement_table(catalog, kind, view).rows]
        assert labels == [m.title + ("" if m.unit == "RMB million" else f" ({m.short_unit})") for m in metrics], (
            kind,
            view,
        )
        for attributes, content in re.findall(r"<td([^>]*)>(.*?)</td>", block):
            text = unescape(re.sub(r"<[^>]+>", "", content))
            assert attributes == ' class="kc-num"' and STATEMENT_FIGURE.fullmatch(text), (kind, view, text)
