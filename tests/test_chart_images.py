"""The charts' static first paints: drawn from the figure the browser draws, in the layouts charts.js
uses, cached by what they are drawn from, deterministic, required where the build says so, and
placed in every built page with the chart's summary as their text alternative."""

from __future__ import annotations

import json
import logging
import re
from html import unescape

import pytest

from macros.charts import images as chart_images
from macros.charts import templates as theme
from macros.charts.images import LAYOUTS, NARROW_MEDIA, SIZES, ChartImageError, ChartImages
from tests.conftest import ROOT

DOCS = ROOT / "docs"
CHARTS_JS = (DOCS / "assets" / "javascripts" / "charts.js").read_text(encoding="utf-8")
SITE_CSS = (DOCS / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
FIGURE = {
    "data": [{"type": "bar", "x": ["FY2023", "FY2024"], "y": [1, 2], "name": "Revenue"}],
    "layout": {"barmode": "group", "showlegend": False},
}


@pytest.fixture
def no_browser(monkeypatch):
    monkeypatch.setattr(chart_images, "find_browser", lambda: None)
    # The "said once" flag lives on the logger, which outlives one test.
    monkeypatch.delattr(chart_images.LOG, chart_images._warned_attribute, raising=False)


def make(tmp_path, **kwargs) -> ChartImages:
    return ChartImages(ROOT, DOCS, cache_dir=tmp_path / "cache", **kwargs)


def test_charts_js_draws_with_the_layouts_and_media_query_the_images_use():
    literal = re.search(r"var LAYOUTS = (\{.*?\n  \});", CHARTS_JS, re.S)
    assert literal, "charts.js should declare LAYOUTS as a JSON object"
    assert json.loads(literal.group(1)) == LAYOUTS
    assert f'var NARROW_MEDIA = "{NARROW_MEDIA}";' in CHARTS_JS
    # The merge order is the same on both sides: figure layout, then the variant, then the template.
    assert "Object.assign({}, spec.layout, LAYOUTS[shape], { template:" in CHARTS_JS


def test_the_stage_has_the_aspect_ratio_the_images_are_drawn_at():
    wide_width, wide_height = SIZES["wide"]
    narrow_width, narrow_height = SIZES["narrow"]
    ratios = re.findall(r"aspect-ratio: (\d+) / (\d+);", SITE_CSS)
    assert (int(ratios[0][0]) / int(ratios[0][1])) == pytest.approx(wide_width / wide_height)
    assert (int(ratios[1][0]) / int(ratios[1][1])) == pytest.approx(narrow_width / narrow_height)
    assert f"@media {NARROW_MEDIA} {{\n  .kc-chart__stage {{" in SITE_CSS


def test_the_image_is_drawn_from_the_figure_the_template_and_the_layout():
    drawn = chart_images.themed_figure(FIGURE, "dark", "narrow")
    assert drawn["layout"]["template"] == theme.DARK
    assert drawn["layout"]["legend"] == LAYOUTS["narrow"]["legend"]
    assert drawn["layout"]["barmode"] == "group"
    assert [t["uid"] for t in drawn["data"]] == ["t0"]
    assert "uid" not in FIGURE["data"][0], "the page's figure is left as it is"


def test_plotlys_random_drawing_id_is_replaced():
    svg = '<svg><defs id="defs-a1b2c3"><clipPath id="clipa1b2c3xyplot"></clipPath></defs><g clip-path="url(#clipa1b2c3xyplot)"/></svg>'
    assert "a1b2c3" not in chart_images.normalise_svg(svg)
    assert chart_images.normalise_svg(svg).count('id="clipkcxyplot"') == 1


def test_what_an_image_never_uses_is_dropped():
    svg = '<svg class="main-svg" style=""><g class="layer"><g class="x"/><g class="y"><g/></g></g><text class="t" style="fill: red;">FY2025</text></svg>'
    assert chart_images.normalise_svg(svg) == '<svg><text style="fill: red;">FY2025</text></svg>'


def test_a_picture_per_palette_with_the_summary_as_alt_text(tmp_path, monkeypatch):
    monkeypatch.setattr(chart_images, "find_browser", lambda: "/usr/bin/chromium")
    images = make(tmp_path, root=lambda: "../", page_url=lambda: "finances/")
    first = images.picture("annual_revenue", FIGURE, 'Revenue <rose> & "fell".')
    second = images.picture("quarterly_revenue", FIGURE, "Quarterly.")
    assert first.count("<picture") == 2
    assert 'class="kc-chart__image kc-chart__image--light"' in first and "kc-chart__image--dark" in first
    assert 'alt="Revenue &lt;rose&gt; &amp; &quot;fell&quot;."' in first
    assert 'src="../assets/charts/annual_revenue-light-wide.svg"' in first
    assert f'<source media="{NARROW_MEDIA}" srcset="../assets/charts/annual_revenue-light-narrow.svg"' in first
    # Only the page's first chart is fetched at once (it is the likely largest paint); the rest wait.
    light_first = first.split("kc-chart__image--dark")[0]
    assert 'loading="eager" fetchpriority="high"' in light_first
    assert 'loading="eager"' not in second
    assert len(images.used) == 8


def test_without_a_browser_charts_keep_their_summaries_and_it_is_said_once(tmp_path, no_browser, caplog):
    with caplog.at_level(logging.INFO, logger=chart_images.LOG.name):
        images = make(tmp_path, mode="auto")
        make(tmp_path, mode="auto")
    said = [r for r in caplog.records if "no Chromium or Chrome found" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.INFO and "\n" not in said[0].getMessage()
    assert images.picture("annual_revenue", FIGURE, "Summary.") == ""
    images.write(tmp_path / "site")  # nothing to write, and no error


def test_without_a_browser_cached_images_are_still_used(tmp_path, no_browser):
    images = make(tmp_path, mode="auto")
    for image in images.images_for("annual_revenue", FIGURE):
        images.cached(image).parent.mkdir(parents=True, exist_ok=True)
        images.cached(image).write_text("<svg/>", encoding="utf-8")
    assert "<picture" in images.picture("annual_revenue", FIGURE, "Summary.")
    images.write(tmp_path / "site")
    assert (tmp_path / "site" / "assets" / "charts" / "annual_revenue-dark-narrow.svg").read_text() == "<svg/>"


def test_where_images_are_required_a_missing_browser_stops_the_build(tmp_path, no_browser):
    with pytest.raises(ChartImageError, match=r"required.*CHROME_PATH"):
        make(tmp_path, mode="required")


def test_where_images_are_required_a_failed_render_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(chart_images, "find_browser", lambda: "/usr/bin/chromium")
    images = make(tmp_path, mode="required")

    def fail(_):
        raise RuntimeError("the browser crashed")

    monkeypatch.setattr(images, "_render", fail)
    images.picture("annual_revenue", FIGURE, "Summary.")
    with pytest.raises(ChartImageError, match=r"could not render 4 image.*the browser crashed"):
        images.write(tmp_path / "site")


def test_elsewhere_a_failed_render_leaves_each_chart_its_summary_not_a_broken_image(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(chart_images, "find_browser", lambda: "/usr/bin/chromium")
    monkeypatch.delattr(chart_images.LOG, chart_images._warned_attribute, raising=False)
    images = make(tmp_path, mode="auto", root=lambda: "../")

    def fail(_):
        raise RuntimeError("the browser crashed")

    monkeypatch.setattr(images, "_render", fail)
    picture = images.picture("annual_revenue", FIGURE, "Revenue rose.")
    page = tmp_path / "site" / "finances" / "index.html"
    page.parent.mkdir(parents=True)
    summary = '<p class="kc-chart__summary">Revenue rose.</p>'
    page.write_text(f'<div class="kc-chart__stage kc-chart__stage--image">{picture}{summary}</div>', encoding="utf-8")
    with caplog.at_level(logging.INFO, logger=chart_images.LOG.name):
        images.write(tmp_path / "site")
    assert page.read_text(encoding="utf-8") == f'<div class="kc-chart__stage">{summary}</div>'
    assert any("could not render 4 image" in r.getMessage() for r in caplog.records)


def test_off_makes_no_images():
    assert ChartImages(ROOT, DOCS, mode="off").picture("annual_revenue", FIGURE, "Summary.") == ""
    with pytest.raises(ChartImageError, match="KC_CHART_IMAGES"):
        ChartImages(ROOT, DOCS, mode="sometimes")


def test_an_unchanged_chart_is_never_rendered_twice(tmp_path, monkeypatch):
    monkeypatch.setattr(chart_images, "find_browser", lambda: "/usr/bin/chromium")
    rendered = []

    def fake_render(self, images):
        rendered.append(len(images))
        for image in images:
            self.cached(image).parent.mkdir(parents=True, exist_ok=True)
            self.cached(image).write_text(f"<svg>{image.palette} {image.variant}</svg>", encoding="utf-8")

    monkeypatch.setattr(ChartImages, "_render", fake_render)
    for build in range(2):
        images = make(tmp_path)
        images.picture("annual_revenue", FIGURE, "Summary.")
        if build == 1:
            changed = {**FIGURE, "layout": {**FIGURE["layout"], "barmode": "relative"}}
            images.picture("quarterly_revenue", changed, "Summary.")
        images.write(tmp_path / f"site{build}")
    # Four images the first time; the second build renders only the new chart's four.
    assert rendered == [4, 4]
    assert (
        tmp_path / "site1" / "assets" / "charts" / "annual_revenue-light-wide.svg"
    ).read_text() == "<svg>light wide</svg>"


def test_the_cache_key_covers_figure_palette_layout_and_size(tmp_path, monkeypatch):
    monkeypatch.setattr(chart_images, "find_browser", lambda: "/usr/bin/chromium")
    images = make(tmp_path)
    keys = {i.key for i in images.images_for("a", FIGURE)}
    assert len(keys) == 4
    assert keys == {i.key for i in images.images_for("b", FIGURE)}, "the name is not part of what is drawn"
    other = {**FIGURE, "data": [{**FIGURE["data"][0], "y": [1, 3]}]}
    assert keys.isdisjoint(i.key for i in images.images_for("a", other))


def rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


@pytest.fixture(scope="module")
def renderer(browser_executable, tmp_path_factory):
    return ChartImages(ROOT, DOCS, mode="required", cache_dir=tmp_path_factory.mktemp("cache"))


def test_real_images_are_svg_of_the_chart_and_the_same_on_every_render(renderer, tmp_path_factory):
    figure = {
        "data": [{"type": "bar", "x": ["FY2024", "FY2025"], "y": [7785.2, 9559.0], "name": "Total revenues"}],
        "layout": {"barmode": "group", "showlegend": False, "yaxis": {"rangemode": "tozero"}},
    }
    renderer.picture("annual_revenue", figure, "Summary.")
    first = tmp_path_factory.mktemp("site")
    renderer.write(first)
    again = ChartImages(ROOT, DOCS, mode="required", cache_dir=tmp_path_factory.mktemp("cache"))
    again.picture("annual_revenue", figure, "Summary.")
    second = tmp_path_factory.mktemp("site")
    again.write(second)
    for palette, colour in (("light", theme.LIGHT_COLORS[0]), ("dark", theme.DARK_COLORS[0])):
        for variant, (width, height) in SIZES.items():
            name = f"assets/charts/annual_revenue-{palette}-{variant}.svg"
            svg = (first / name).read_text(encoding="utf-8")
            assert svg.startswith("<svg") and f'width="{width}" height="{height}"' in svg
            assert f"fill: {rgb(colour)}" in svg, f"{name} is not drawn in the {palette} palette"
            assert "FY2025" in svg
            assert (second / name).read_bytes() == (first / name).read_bytes(), f"{name} differs between renders"


def test_every_chart_in_the_built_site_has_its_images_with_its_summary(built_site):
    placed = 0
    for page in built_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        for chart in re.findall(r'<div class="kc-chart" id=.*?</template>', html, re.S):
            placed += 1
            stage = re.search(r'<div class="kc-chart__stage([^"]*)">(.*?)<div class="kc-chart__plot"', chart, re.S)
            if "--image" not in stage.group(1):
                pytest.skip("this build made no chart images (no browser, KC_CHART_IMAGES not 'required')")
            summary = unescape(re.search(r'<p class="kc-chart__summary"[^>]*>(.*?)</p>', chart, re.S).group(1))
            alts = [unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', stage.group(2))]
            assert alts == [summary, summary]
            for source in re.findall(r'(?:src|srcset)="([^"]+)"', stage.group(2)):
                target = (page.parent / source).resolve()
                assert target.is_file() and target.read_bytes().startswith(b"<svg"), source
    assert placed > 0
