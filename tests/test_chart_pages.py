"""A page for every chart, as readers of the best data sites expect: open it on its own, download it
(SVG, PNG for slides, CSV of what it shows), cite it, embed it, and find every chart in an index."""

import re

import pytest

from macros.core.language import Language
from macros.pages.render import chart_slug
from macros.site.chart_site import placements
from tests.conftest import BUILD_ENV, ROOT

HOME = "index.html"


def page(site, path) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_chart_has_its_page_with_downloads_citation_embed_code_and_where_it_appears(built_site, catalog):
    nav = __import__("yaml").safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\n# Page tree\n")[1])[
        "nav"
    ]
    placed = placements({"nav": nav, "docs_dir": str(ROOT / "docs")}, Language.EN)
    built = __import__("datetime").datetime.fromtimestamp(
        int(BUILD_ENV["SOURCE_DATE_EPOCH"]), __import__("datetime").UTC
    )
    for name, spec in catalog.charts.items():
        slug = chart_slug(name)
        html = page(built_site, f"charts/{slug}/index.html")
        assert f'data-chart="{name}"' in html and "kc-chart-page" in html, name
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        assert heading and __import__("html").unescape(heading.group(1)) == spec.title, name
        assert f"<title>{__import__('html').escape(spec.title)} - " in html, name
        for href in re.findall(r'<a class="kc-download" href="\.\./\.\./([^"]+)" download>', html):
            assert (built_site / href).is_file(), (name, href)
        downloads = re.findall(r'class="kc-download" href="[^"]+" download>Download ([^<]+)</a>', html)
        assert "the data (CSV)" in downloads, name
        if (built_site / "assets" / "charts" / f"{name}-light-wide.svg").is_file():
            assert {"SVG", "PNG"} <= set(downloads), name
            png = built_site / "assets" / "charts" / f"{name}-light-wide@2x.png"
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
            width = int.from_bytes(png.read_bytes()[16:20], "big")
            assert width == 1440, (name, width)  # twice the wide layout, for slides
        address = f"http://127.0.0.1:8000/charts/{slug}/"
        cite = re.search(r'<p class="kc-cite-text">(.*?)</p>', html).group(1)
        assert (
            address in cite
            and "Kingsoft Cloud, in data" in cite
            and f"built {built.day} {built:%B} {built.year}" in cite
        )
        bibtex = re.search(r'<pre class="kc-bibtex"><code>(.*?)</code></pre>', html, re.S).group(1)
        assert bibtex.startswith(f"@misc{{kingsoft-cloud-in-data-{slug},") and f"url = {{{address}}}" in bibtex
        assert f"src=&quot;{address}embed.html&quot;" in html  # the iframe snippet, escaped as text
        for title, url in placed.get(name, []):
            assert f'href="../../{url}">{title}</a>' in html, (name, title)


def test_the_embed_view_is_the_chart_alone(built_site, catalog):
    for name in catalog.charts:
        html = page(built_site, f"charts/{chart_slug(name)}/embed.html")
        assert f'data-chart="{name}"' in html and 'class="kc-embed__credit"' in html
        for chrome in ('class="md-header', 'class="md-tabs"', 'class="md-footer', 'class="md-sidebar'):
            assert chrome not in html, (name, chrome)


def test_every_placed_chart_links_to_its_page_and_the_index_lists_every_chart(built_site, catalog):
    for path in ("finances/index.html", "segments/index.html", HOME):
        html = page(built_site, path)
        for name in re.findall(r'class="kc-chart" id="[^"]+" data-chart="([^"]+)"', html):
            assert f'charts/{chart_slug(name)}/">Open, download or cite this chart</a>' in html, (path, name)
    index = page(built_site, "charts/index.html")
    cards = re.findall(r'<li class="kc-chart-card" data-words="[^"]*"><a href="\.\./charts/([^/]+)/">', index)
    assert sorted(cards) == sorted(chart_slug(n) for n in catalog.charts)
    assert 'id="kc-chart-filter-input"' in index
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', page(built_site, HOME), re.S).group(0)
    assert "Charts" in tabs


@pytest.mark.parametrize("text", ['Kingsoft "Cloud" {2025} & 50%_', "plain"])
def test_bibtex_fields_escape_what_bibtex_treats_specially(text):
    from macros.pages.chart_pages import bibtex_text

    escaped = bibtex_text(text)
    assert "{" not in escaped.replace("\\{", "") and "}" not in escaped.replace("\\}", "")
    assert "%" not in escaped.replace("\\%", "") and "&" not in escaped.replace("\\&", "")


def test_a_chart_page_downloads_its_images_and_data_and_the_embed_view_draws(browser, served_site, catalog):
    from tests.test_browser import drawn_charts, scroll_through, visit

    name = next(iter(catalog.charts))
    record = visit(browser, served_site.url + f"charts/{chart_slug(name)}/")
    page_ = record.page
    got = {}
    for label in ("Download SVG", "Download PNG", "Download the data (CSV)"):
        with page_.expect_download() as download:
            page_.get_by_role("link", name=label).click()
        got[label] = download.value.path().read_bytes()
    assert got["Download SVG"].lstrip().startswith(b"<svg")
    assert got["Download PNG"][:8] == b"\x89PNG\r\n\x1a\n"
    assert got["Download the data (CSV)"].decode("utf-8").startswith("metric,")
    assert record.errors == []
    page_.context.close()

    record = visit(browser, served_site.url + f"charts/{chart_slug(name)}/embed.html")
    record.page.mouse.move(1, 1)  # the reader engages; the chart script draws without the site's chrome
    scroll_through(record.page)
    assert list(drawn_charts(record.page)) == [1, 1]
    assert record.page.locator(".md-header, .md-tabs").count() == 0
    assert record.errors == []
    record.page.context.close()


def test_the_chart_index_filters_by_words(browser, served_site, catalog):
    from tests.test_browser import visit

    record = visit(browser, served_site.url + "charts/")
    page_ = record.page
    cards = page_.locator(".kc-chart-card")
    assert cards.count() == len(catalog.charts)
    page_.fill("#kc-chart-filter-input", "revenue")
    shown = page_.locator(".kc-chart-card:not([hidden])")
    expected = sum("revenue" in (s.title + " " + (s.description or "")).lower() for s in catalog.charts.values())
    page_.wait_for_function("n => document.querySelectorAll('.kc-chart-card:not([hidden])').length <= n", arg=expected)
    assert 0 < shown.count() < len(catalog.charts)
    for title in shown.locator(".kc-chart-card__title").all_text_contents():
        assert title  # every card left has a title
    page_.fill("#kc-chart-filter-input", "")
    page_.wait_for_function(
        "n => document.querySelectorAll('.kc-chart-card:not([hidden])').length === n", arg=len(catalog.charts)
    )
    assert record.errors == []
    page_.context.close()


@pytest.mark.parametrize("which", ["index", "a chart"])
def test_axe_finds_no_serious_violation_on_the_chart_index_and_a_chart_page(browser, served_site, catalog, which):
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_browser import render_every_block, scroll_through, visit

    path = "charts/" if which == "index" else f"charts/{chart_slug(next(iter(catalog.charts)))}/"
    record = visit(browser, served_site.url + path)
    scroll_through(record.page)
    render_every_block(record.page)
    violations = Axe().run(record.page).response["violations"]
    serious = [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
    record.page.context.close()
