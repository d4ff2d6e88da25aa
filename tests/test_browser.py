"""The built site in a real headless Chromium, as a reader meets it: pages load cleanly, every chart
draws (also after instant navigation), the palette toggle re-themes charts, CSV downloads match the
charts, figures explain their source on hover and focus, and axe finds no serious accessibility issue."""

from __future__ import annotations

import csv
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe

from macros import theme
from macros.periods import parse_period
from tests.browser import StaticServer, free_port
from tests.conftest import ROOT

DOCS = ROOT / "docs"
RAW = re.compile(r"\{% raw %\}.*?\{% endraw %\}", re.S)  # macro examples, shown rather than run
PAGES = [""] + [f"{p.stem}/" for p in sorted(DOCS.glob("*.md")) if p.stem != "index"]
# Pages that place charts, with how many each places (read from the Markdown, so the tests follow the pages).
CHART_COUNTS = {
    ("" if p.stem == "index" else f"{p.stem}/"): n
    for p in sorted(DOCS.glob("*.md"))
    if (n := len(re.findall(r"\{\{ chart\(", RAW.sub("", p.read_text(encoding="utf-8")))))
}
CHART_PAGES = list(CHART_COUNTS)
DRAWN = "() => [...document.querySelectorAll('.kc-chart')].every(c => c.hasAttribute('data-drawn'))"


@dataclass
class Visit:
    page: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def visit(browser, url: str, scheme: str = "light", width: int = 1280) -> Visit:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, accept_downloads=True)
    page = context.new_page()
    record = Visit(page)
    page.on("console", lambda m: record.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: record.errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: record.errors.append(f"failed request: {r.url} ({r.failure})"))
    page.on("response", lambda r: record.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: record.requests.append(r.url))
    page.goto(url, wait_until="load")
    return record


def scroll_through(page) -> None:
    """Scroll to the bottom a screen at a time, as a reader would, so every lazy chart is needed."""
    page.evaluate(
        """async () => {
            for (let y = 0; y <= document.body.scrollHeight; y += window.innerHeight / 2) {
                window.scrollTo(0, y);
                await new Promise(r => setTimeout(r, 60));
            }
        }"""
    )
    page.wait_for_function(DRAWN, timeout=30_000)


def drawn_charts(page) -> tuple[int, int]:
    """(declared, drawn with marks): a drawn chart has an SVG with at least one bar, line or marker."""
    return page.evaluate(
        """() => {
            const charts = [...document.querySelectorAll('.kc-chart')];
            const drawn = charts.filter(c => c.querySelector('.main-svg .point path, .main-svg .scatterlayer path.js-line, .main-svg .scatterlayer path.point'));
            return [charts.length, drawn.length];
        }"""
    )


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_cleanly_and_only_from_this_site(browser, served_site, path):
    record = visit(browser, served_site.url + path)
    scroll_through(record.page)
    record.page.wait_for_load_state("networkidle")
    assert record.errors == []
    foreign = [url for url in record.requests if not url.startswith(served_site.url) and not url.startswith("data:")]
    assert foreign == []
    record.page.context.close()


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_declared_chart_draws(browser, served_site, path):
    record = visit(browser, served_site.url + path)
    page = record.page
    declared, drawn_before_scrolling = drawn_charts(page)
    if path == "finances/":
        # Charts further down are drawn only as the reader approaches them.
        assert drawn_before_scrolling < declared
    scroll_through(page)
    declared, drawn = drawn_charts(page)
    assert declared > 0 and drawn == declared
    # plotly.js is fetched once, however many charts the page has.
    assert sum("plotly-basic.min.js" in url for url in record.requests) == 1
    # Each chart's toolbar exports a PNG, and offers nothing that would send data to another site.
    buttons = page.eval_on_selector_all(".kc-chart .modebar-btn", "els => els.map(e => e.getAttribute('data-title'))")
    assert buttons.count("Download plot as a PNG") == declared
    assert not any("Share" in (b or "") or "Cloud" in (b or "") for b in buttons)
    page.context.close()


def test_plotly_is_not_fetched_by_pages_without_charts_or_before_a_chart_is_near(browser, served_site):
    record = visit(browser, served_site.url + "sources/")
    record.page.wait_for_load_state("networkidle")
    assert not any("plotly" in url for url in record.requests)
    record.page.context.close()


def test_charts_draw_after_instant_navigation(browser, served_site):
    record = visit(browser, served_site.url + "sources/")
    page = record.page
    page.evaluate("window.notReloaded = true")
    # Material rewrites links to absolute addresses for instant navigation, so find the tab by its name.
    page.locator("a.md-tabs__link", has_text="Finances").click()
    page.wait_for_url("**/finances/")
    scroll_through(page)
    assert page.evaluate("window.notReloaded") is True, "the link should be followed without a reload"
    declared, drawn = drawn_charts(page)
    assert declared == CHART_COUNTS["finances/"] and drawn == declared
    assert record.errors == []
    page.context.close()


def first_bar_colour(page) -> str:
    return page.evaluate("getComputedStyle(document.querySelector('#chart-annual-revenue .point path')).fill")


def rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_the_palette_toggle_rethemes_charts_without_a_reload(browser, served_site):
    record = visit(browser, served_site.url + "finances/", scheme="light")
    page = record.page
    scroll_through(page)
    assert first_bar_colour(page) == rgb(theme.LIGHT_COLORS[0])
    page.evaluate("window.notReloaded = true")
    page.click("label[title='Switch to dark mode']")
    page.wait_for_function("document.querySelector('#chart-annual-revenue').getAttribute('data-drawn') === 'dark'")
    assert first_bar_colour(page) == rgb(theme.DARK_COLORS[0])
    assert page.evaluate("window.notReloaded") is True
    page.context.close()


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_csv_download_parses_and_matches_its_chart(browser, served_site, path):
    record = visit(browser, served_site.url + path)
    page = record.page
    scroll_through(page)
    charts = page.eval_on_selector_all(
        ".kc-chart",
        "cs => cs.map(c => ({id: c.id, spec: JSON.parse(c.querySelector('.kc-chart__spec').content.textContent)}))",
    )
    assert len(charts) == CHART_COUNTS[path]
    for chart in charts:
        # A chart over time places each value at the day its period ends; the CSV names the period.
        on_time_axis = chart["spec"]["layout"]["xaxis"]["type"] == "date"
        link = page.locator(f"#{chart['id']} .kc-chart__download")
        # Let the page come to rest after scrolling the link into view, so the click lands on it.
        link.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        with page.expect_download() as download:
            link.click()
        rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
        shown = {
            (trace_index, x, y)
            for trace_index, trace in enumerate(chart["spec"]["data"])
            for x, y in zip(trace["x"], trace["y"], strict=True)
            if y is not None
        }
        metrics = list(dict.fromkeys(r["metric"] for r in rows))
        downloaded = {
            (
                metrics.index(r["metric"]),
                parse_period(r["period"]).end_date if on_time_axis else r["period"],
                float(r["value"]),
            )
            for r in rows
        }
        assert downloaded == shown, chart["id"]
    page.context.close()


def test_a_figure_shows_its_source_on_hover_and_on_focus(browser, served_site):
    record = visit(browser, served_site.url + "finances/")
    page = record.page
    figure = page.locator(".kc-figure a").first
    figure.hover()
    tooltip = page.get_by_role("tooltip")
    tooltip.first.wait_for(state="visible", timeout=5_000)
    assert "Source:" in tooltip.first.inner_text() and "FY2017" in tooltip.first.inner_text()
    page.mouse.move(0, 0)
    figure.focus()
    tooltip.first.wait_for(state="visible", timeout=5_000)
    assert "Source:" in tooltip.first.inner_text()
    page.context.close()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(browser, served_site, path, scheme):
    record = visit(browser, served_site.url + path, scheme=scheme)
    scroll_through(record.page)
    results = Axe().run(record.page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    record.page.context.close()


COLLAPSED = """# Charts out of sight

??? note "Revenue, collapsed"

    {{ chart("annual_revenue") }}

Text.
"""

TABBED = """# Charts in tabs

=== "Text"

    Some text in the first tab.

=== "Chart"

    {{ chart("quarterly_revenue") }}
"""


@contextmanager
def mini_page(browser, mini_site, markdown: str):
    """Build a one-page site from markdown, serve it, and open it; yield the visit."""
    result, site = mini_site({"index.md": markdown})
    assert result.returncode == 0, result.stdout + result.stderr
    with StaticServer(site, free_port()) as server:
        record = visit(browser, server.url)
        record.page.wait_for_load_state("networkidle")
        yield record
        assert record.errors == []
        record.page.context.close()


def plot_widths(page) -> tuple[float, float]:
    """The drawn chart's width and the width of the box it should fill."""
    return page.evaluate(
        "[document.querySelector('.kc-chart__plot .main-svg').getBoundingClientRect().width,"
        " document.querySelector('.kc-chart__plot').getBoundingClientRect().width]"
    )


def test_a_chart_in_a_hidden_tab_fits_when_its_tab_is_chosen(browser, mini_site):
    with mini_page(browser, mini_site, TABBED) as record:
        page = record.page
        assert not page.locator(".kc-chart[data-drawn]").count()
        page.click("label:has-text('Chart')")
        page.wait_for_function(DRAWN, timeout=30_000)
        plot_width, container_width = plot_widths(page)
        assert plot_width > 200 and abs(plot_width - container_width) < 2


def test_a_chart_in_a_collapsed_section_fits_when_opened(browser, mini_site):
    with mini_page(browser, mini_site, COLLAPSED) as record:
        page = record.page
        page.click("summary")
        page.wait_for_function(DRAWN, timeout=30_000)
        plot_width, container_width = plot_widths(page)
        assert plot_width > 200 and abs(plot_width - container_width) < 2
        # Narrowing the window narrows the chart with it.
        page.set_viewport_size({"width": 500, "height": 900})
        page.wait_for_timeout(500)
        narrow, _ = plot_widths(page)
        assert narrow < plot_width


def test_without_javascript_a_chart_reads_as_its_summary_and_table(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site.url + "finances/")
    summary = page.locator("#chart-annual-revenue .kc-chart__summary")
    assert summary.is_visible() and "Total revenues: RMB" in summary.inner_text()
    assert not page.locator("#chart-annual-revenue .kc-chart__plot").is_visible()
    page.click("#chart-annual-revenue summary")
    assert page.locator("#chart-annual-revenue table").is_visible()
    assert page.locator("#chart-annual-revenue table tbody tr").count() == 9
    context.close()
