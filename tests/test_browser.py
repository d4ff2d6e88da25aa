"""The built site in a real headless Chromium, as a reader meets it: pages load cleanly, every chart
draws (also after following a tab), the palette toggle re-themes charts, CSV downloads match the
charts, figures explain their source on hover and focus, and axe finds no serious accessibility issue."""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe

from macros.charts import templates as theme
from macros.charts.images import SIZES
from macros.core.periods import parse_period
from macros.pages.page_calls import macro_calls
from tests.browser import StaticServer, free_port
from tests.conftest import ROOT
from tests.helpers import ENGLISH_PAGE_FILES

DOCS = ROOT / "docs"
PAGES = [""] + [f"{p.stem}/" for p in ENGLISH_PAGE_FILES if p.stem != "index"]
# Pages that place charts, with how many each places (read from the Markdown, so the tests follow the pages).
CHART_COUNTS = {
    ("" if p.stem == "index" else f"{p.stem}/"): n
    for p in ENGLISH_PAGE_FILES
    if (n := sum(c.name == "chart" for c in macro_calls(p.read_text(encoding="utf-8"))))
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
    """Bring each chart into view in turn and stay until it is drawn, as a reader pausing at each
    chart would, so every lazy chart is needed. A page without charts needs no scrolling."""
    page.evaluate(
        """async () => {
            for (const chart of document.querySelectorAll('.kc-chart')) {
                chart.scrollIntoView({block: 'center'});
                for (let waited = 0; !chart.hasAttribute('data-drawn') && waited < 10000; waited += 50) {
                    await new Promise(r => setTimeout(r, 50));
                }
            }
        }"""
    )
    page.wait_for_function(DRAWN, timeout=30_000)


def render_every_block(page) -> None:
    """Lay out the blocks the site leaves unrendered until they near the screen (content-visibility in
    site.css), as a reader who scrolled past each would have. Measurements and axe read layout boxes,
    which are placeholders for a block never shown."""
    page.add_style_tag(content=".md-typeset * { content-visibility: visible !important; }")


def next_frames(page, frames: int = 2) -> None:
    """Wait until the browser has painted `frames` more frames: what a layout change waits for."""
    page.evaluate(
        "n => new Promise(done => { const step = k => k ? requestAnimationFrame(() => step(k - 1)) : done(); step(n); })",
        frames,
    )


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


def engage(page) -> None:
    """Move the pointer, as a reader does before anything else, and wait for Material's script, which
    runs at the first interaction (overrides/main.html), to have started."""
    page.mouse.move(1, 1)
    page.wait_for_function("typeof window.document$ !== 'undefined'", timeout=10_000)
    page.wait_for_load_state("networkidle")


def test_material_waits_for_the_reader_then_starts(browser, served_site):
    record = visit(browser, served_site.url + "finances/")
    page = record.page
    page.wait_for_timeout(500)  # a duration on purpose: nothing may start while the reader does nothing
    assert page.evaluate("typeof window.document$") == "undefined"
    assert page.evaluate("document.documentElement.classList.contains('js')"), "the page knows JavaScript runs"
    engage(page)
    # Material has set up the page (its focus-visible helper marks the root element).
    page.wait_for_function("document.documentElement.classList.contains('js-focus-visible')")
    assert record.errors == []
    page.context.close()


def test_charts_draw_after_following_a_tab(browser, served_site):
    record = visit(browser, served_site.url + "sources/")
    page = record.page
    engage(page)
    page.locator("a.md-tabs__link", has_text="Finances").click()
    page.wait_for_url("**/finances/")
    page.wait_for_function(
        "n => document.querySelectorAll('.kc-chart').length === n", arg=CHART_COUNTS["finances/"], timeout=30_000
    )
    engage(page)
    scroll_through(page)
    declared, drawn = drawn_charts(page)
    assert declared == CHART_COUNTS["finances/"] and drawn == declared
    assert record.errors == []
    page.context.close()


def test_the_language_switcher_opens_the_twin_of_the_page_read_and_back(browser, served_site):
    record = visit(browser, served_site.url + "sources/")
    page = record.page
    engage(page)
    page.locator("a.md-tabs__link", has_text="Finances").click()
    page.wait_for_url("**/finances/")
    engage(page)
    # The switcher is a menu in the header: open it, as a reader does, and choose the other edition.
    page.locator(".md-select").hover()
    page.locator("a.md-select__link[hreflang=zh]").click()
    page.wait_for_url("**/zh/finances/")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert "财务" in page.locator("h1").first.inner_text()
    engage(page)
    page.locator(".md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    page.wait_for_url(lambda url: url.endswith("/finances/") and "/zh/" not in url)
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
        # Playwright's click waits until the link is visible, stable and receives events.
        link.scroll_into_view_if_needed()
        with page.expect_download() as download:
            link.click()
        rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
        # Compared by the day each period ends: a chart over time places values there, and a balance
        # (a year-end figure) is named by its date in the CSV and by its year on the chart.
        shown = {
            (trace_index, x if on_time_axis else parse_period(x).end_date, y)
            for trace_index, trace in enumerate(chart["spec"]["data"])
            for x, y in zip(trace["x"], trace["y"], strict=True)
            if y is not None
        }
        metrics = list(dict.fromkeys(r["metric"] for r in rows))
        # The CSV keeps each value as reported; a loss drawn below zero beside profits is negated on the chart.
        signs = [-1 if trace["name"].endswith("(below zero)") else 1 for trace in chart["spec"]["data"]]
        downloaded = {
            (
                metrics.index(r["metric"]),
                parse_period(r["period"]).end_date,
                signs[metrics.index(r["metric"])] * float(r["value"]),
            )
            for r in rows
        }
        assert downloaded == shown, chart["id"]
    page.context.close()


def test_a_figure_shows_its_source_on_hover_and_on_focus(browser, served_site):
    record = visit(browser, served_site.url + "finances/")
    page = record.page
    engage(page)
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
    render_every_block(record.page)
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
        page.wait_for_function(
            "w => document.querySelector('.kc-chart .main-svg').getBoundingClientRect().width < w", arg=plot_width
        )


def test_without_javascript_a_chart_shows_its_image_summary_and_table(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site.url + "finances/", wait_until="load")
    image = page.locator("#chart-annual-revenue .kc-chart__image--light img")
    assert image.is_visible() and page.evaluate(LOADED, image.element_handle())
    summary = page.locator("#chart-annual-revenue .kc-chart__summary").text_content()
    assert "Total revenues: RMB" in summary and image.get_attribute("alt") == summary
    assert not page.locator("#chart-annual-revenue .kc-chart__plot").is_visible()
    page.click("#chart-annual-revenue summary")
    assert page.locator("#chart-annual-revenue table").is_visible()
    assert page.locator("#chart-annual-revenue table tbody tr").count() == 9
    context.close()


# An image that has loaded and is drawn on the screen (not display:none, not zero-sized).
LOADED = "img => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0 && getComputedStyle(img).display !== 'none'"
SHOWN_IMAGE = """c => {
    const img = [...c.querySelectorAll('.kc-chart__image img')].find(i => getComputedStyle(i).display !== 'none' && i.getBoundingClientRect().width > 0);
    return img ? {src: img.currentSrc, loaded: img.complete && img.naturalWidth > 0, alt: img.alt} : null;
}"""
# Layout shifts not caused by input, summed from the start of the page (cumulative layout shift).
WATCH_SHIFTS = """
    window.kcShifts = 0;
    new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) window.kcShifts += e.value; }))
        .observe({type: 'layout-shift', buffered: true});
"""


def open_page(browser, url: str, width: int, height: int, scheme: str = "light", phone: bool = False):
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, is_mobile=phone, has_touch=phone
    )
    context.add_init_script(WATCH_SHIFTS)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


@pytest.mark.parametrize("path", CHART_PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_above_the_fold_show_their_image_without_any_input(browser, served_site, path, scheme):
    page = open_page(browser, served_site.url + path, 1920, 1080, scheme)
    page.wait_for_timeout(1_500)  # a reader looking, not touching anything
    in_view = page.eval_on_selector_all(
        ".kc-chart",
        "cs => cs.filter(c => c.querySelector('.kc-chart__stage').getBoundingClientRect().top < innerHeight).map(c => c.id)",
    )
    if path == "finances/":
        assert in_view, "the first chart of Finances is above the fold at 1920x1080"
    for chart_id in in_view:
        page.wait_for_function(f"document.querySelector('#{chart_id} .kc-chart__image img').complete", timeout=10_000)
        shown = page.eval_on_selector(f"#{chart_id}", SHOWN_IMAGE)
        assert shown and shown["loaded"], f"{chart_id} should show its image"
        assert shown["src"].endswith(f"-{scheme}-wide.svg")
        assert shown["alt"] == page.locator(f"#{chart_id} .kc-chart__summary").text_content()
    # The image is the first paint: plotly.js waits for the reader.
    assert not page.evaluate("'Plotly' in window")
    assert not page.locator(".kc-chart[data-drawn]").count()
    page.context.close()


def test_the_drawn_chart_replaces_the_image_without_moving_anything(browser, served_site):
    page = open_page(browser, served_site.url + "finances/", 1920, 1080)
    chart = page.locator("#chart-annual-revenue")
    page.wait_for_function(LOADED, arg=chart.locator(".kc-chart__image--light img").element_handle())
    before = chart.locator(".kc-chart__stage").bounding_box()
    page.mouse.move(200, 200)  # the reader engages
    page.wait_for_function("document.querySelector('#chart-annual-revenue').hasAttribute('data-drawn')", timeout=30_000)
    next_frames(page)  # any shift the swap causes is laid out by then
    assert page.evaluate("window.kcShifts") == 0
    assert chart.locator(".kc-chart__stage").bounding_box() == before
    assert not chart.locator(".kc-chart__image--light img").is_visible()
    # The plot fills the box the image filled, at the size the image was drawn at.
    drawn = chart.locator(".kc-chart__plot .main-svg").first.bounding_box()
    assert abs(drawn["width"] - before["width"]) < 2 and abs(drawn["height"] - before["height"]) < 2
    assert (round(before["width"]), round(before["height"])) == SIZES["wide"]
    page.context.close()


def test_finances_prints_every_chart_as_its_image(browser, served_site, tmp_path):
    page = open_page(browser, served_site.url + "finances/", 1280, 900)
    scroll_through(page)  # every chart drawn: a drawn chart must still print as its image
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what the print dialog does first
    charts = page.locator(".kc-chart")
    assert charts.count() == CHART_COUNTS["finances/"]
    for index in range(charts.count()):
        chart = charts.nth(index)
        image = chart.locator(".kc-chart__image--light img")
        page.wait_for_function(LOADED, arg=image.element_handle(), timeout=10_000)
        assert not chart.locator(".kc-chart__plot").is_visible()
        assert not chart.locator(".kc-chart__image--dark img").is_visible()
        assert not chart.locator(".kc-chart__table > summary").is_visible()
        # At the width of the page (the chart card's content box).
        assert image.bounding_box()["width"] > 0.9 * chart.locator(".kc-chart__stage").bounding_box()["width"]
    for chrome in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search"):
        assert not page.locator(chrome).first.is_visible(), chrome
    # Tables print whole: nothing is hidden in a scroll box.
    clipped = page.eval_on_selector_all(
        ".md-typeset table",
        "ts => ts.filter(t => t.parentElement.closest('.md-typeset__scrollwrap') && t.parentElement.closest('.md-typeset__scrollwrap').scrollWidth > t.parentElement.closest('.md-typeset__scrollwrap').clientWidth + 1).length",
    )
    assert clipped == 0
    pdf = tmp_path / "finances.pdf"
    page.pdf(path=pdf, format="A4")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 50_000
    page.context.close()


def boxes_overlap(a: dict | None, b: dict | None) -> bool:
    if not a or not b:
        return False
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def chart_parts(page, chart_id: str) -> dict:
    box = "e => { if (!e) return null; const r = e.getBoundingClientRect(); return r.width && r.height && getComputedStyle(e).display !== 'none' ? {x: r.x, y: r.y, width: r.width, height: r.height} : null; }"
    return page.evaluate(
        f"""() => {{ const c = document.querySelector('#{chart_id}'); const box = {box};
            return {{legend: box(c.querySelector('.infolayer > .legend')), modebar: box(c.querySelector('.modebar')), plot: box(c.querySelector('.nsewdrag'))}}; }}"""
    )


def test_on_a_wide_screen_the_toolbar_covers_neither_legend_nor_plot(browser, served_site):
    page = open_page(browser, served_site.url + "finances/", 1280, 900)
    scroll_through(page)
    with_legend = page.eval_on_selector_all(
        ".kc-chart", "cs => cs.filter(c => c.querySelector('.infolayer > .legend')).map(c => c.id)"
    )
    assert with_legend
    for chart_id in with_legend:
        page.locator(f"#{chart_id} .kc-chart__plot").scroll_into_view_if_needed()
        page.locator(f"#{chart_id} .kc-chart__plot").hover()
        page.locator(f"#{chart_id} .modebar").wait_for(state="visible")
        parts = chart_parts(page, chart_id)
        assert parts["modebar"] and parts["legend"] and parts["plot"], chart_id
        assert not boxes_overlap(parts["modebar"], parts["legend"]), chart_id
        assert not boxes_overlap(parts["modebar"], parts["plot"]), chart_id
    page.context.close()


WIDE_TABLES = """() => [...document.querySelectorAll('.md-typeset table')]
    .map(t => t.closest('.md-typeset__scrollwrap') || t)
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => {
        const style = getComputedStyle(box);
        const first = box.querySelector('tbody th, tbody td');
        box.scrollLeft = 120;
        const kept = first.getBoundingClientRect().left >= box.getBoundingClientRect().left - 1;
        box.scrollLeft = 0;
        return {overflow: style.overflowX, cue: style.backgroundImage, sticky: getComputedStyle(first).position,
                kept: kept, inside: box.getBoundingClientRect().right <= innerWidth + 1};
    })"""


def check_wide_tables(page, path: str) -> None:
    """Each table wider than the screen scrolls in its own box, with a shadow at the edge as the cue
    and its first column kept in view."""
    tables = page.evaluate(WIDE_TABLES)
    assert tables, f"{path} should have a table wider than a phone"
    for table in tables:
        assert table["overflow"] in ("auto", "scroll") and table["inside"], table
        assert "radial-gradient" in table["cue"], "a shadow at the edge says the table scrolls"
        assert table["sticky"] == "sticky" and table["kept"], "the first column stays in view"


@pytest.mark.parametrize("path", ["finances/", "segments/"])
def test_on_a_phone_tables_scroll_in_their_box_and_charts_keep_their_legend_clear(browser, served_site, path, tmp_path):
    page = open_page(browser, served_site.url + path, 390, 844, phone=True)
    # The first chart shows its narrow image at once.
    page.wait_for_function(
        LOADED, arg=page.locator(".kc-chart__image--light img").first.element_handle(), timeout=10_000
    )
    assert page.eval_on_selector(".kc-chart", SHOWN_IMAGE)["src"].endswith("-light-narrow.svg")
    page.screenshot(path=tmp_path / f"{path.strip('/')}-first-paint.png")
    # Every table, the charts' data tables too, before Material's script runs and after (it wraps them).
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    render_every_block(page)
    check_wide_tables(page, path)
    engage(page)
    check_wide_tables(page, path)
    page.locator(".md-typeset__scrollwrap").filter(has=page.locator("table")).nth(0).scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / f"{path.strip('/')}-table.png")
    # Tap targets: the chart's controls and the header's buttons.
    small = page.evaluate(
        """() => [...document.querySelectorAll('.kc-chart__table > summary, .kc-chart__download, .kc-chart__more, .md-header__button')]
                 .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && (r.height < 44 || r.width < 44)).length"""
    )
    assert small == 0
    # Drawn charts: legend below the plot, no toolbar over either.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
    scroll_through(page)
    for chart_id in page.eval_on_selector_all(".kc-chart", "cs => cs.map(c => c.id)"):
        page.locator(f"#{chart_id} .kc-chart__plot").tap()
        parts = chart_parts(page, chart_id)
        assert not boxes_overlap(parts["modebar"], parts["legend"]) and not boxes_overlap(
            parts["modebar"], parts["plot"]
        )
        if parts["legend"]:
            assert parts["legend"]["y"] >= parts["plot"]["y"] + parts["plot"]["height"], (
                f"{chart_id}: legend below the plot"
            )
    page.locator(".kc-chart").first.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / f"{path.strip('/')}-drawn.png")
    page.context.close()


def test_a_link_to_a_source_far_down_the_sources_page_lands_on_it(browser, served_site):
    """Blocks above the target are laid out lazily (content-visibility); the link must still land on
    the source it names, on a phone, and stay there once Material's script has started."""
    page = open_page(browser, served_site.url + "sources/", 390, 844, phone=True)
    ids = page.eval_on_selector_all(".kc-source[id]", "els => els.map(e => e.id)")
    target = ids[len(ids) * 2 // 3]
    page.goto(served_site.url + f"sources/#{target}", wait_until="load")
    on_screen = "id => { const t = document.getElementById(id).getBoundingClientRect().top; return t >= 0 && t < 200; }"
    page.wait_for_function(on_screen, arg=target, timeout=10_000)
    engage(page)
    next_frames(page)
    top = page.eval_on_selector(f"[id='{target}']", "e => e.getBoundingClientRect().top")
    assert 0 <= top < 200, f"#{target} is {top:.0f} px from the top of the screen"
    page.context.close()
