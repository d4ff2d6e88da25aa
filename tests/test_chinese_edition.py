"""The Chinese edition (简体中文) under zh/: every reader page has its Chinese twin and back, both show
the same figures, Chinese pages say they are Chinese and link their twins, its charts speak Chinese,
and a reader-visible text without its Chinese form stops the build at its file and line."""

import gzip
import html
import json
import re
from pathlib import Path

import pytest

from macros.check.chinese_edition import MissingChinese, chinese_catalog
from macros.core.language import in_language
from tests.helpers import replace_in

# Pages for contributors, and generated files that are not pages of either edition.
ENGLISH_ONLY = ("contributing/",)
NOT_PAGES = ("assets/", "downloads/", "search/", "zh/", "404.html")


def pages(site: Path, root: str = "") -> set[str]:
    """The addresses of an edition's pages, relative to its root ("", "finances/", "charts/x/")."""
    base = site / root
    found = set()
    for path in base.rglob("index.html"):
        url = path.parent.relative_to(base).as_posix()
        url = "" if url == "." else url + "/"
        if not root and url.startswith(NOT_PAGES):
            continue
        found.add(url)
    return found


def test_every_reader_page_has_its_chinese_twin_and_every_chinese_page_its_english_one(built_site):
    english = pages(built_site) - set(ENGLISH_ONLY)
    chinese = pages(built_site, "zh")
    assert english, "no English pages found"
    assert english - chinese == set(), "pages without a Chinese twin"
    assert chinese - english == set(), "Chinese pages without an English twin"
    assert {"", "finances/", "statements/", "sources/", "charts/", "glossary/"} <= chinese


FIGURE = re.compile(r'<span class="kc-figure[^"]*"([^>]*)>')


def figures(text: str) -> set[tuple[str, str, str]]:
    """The figures a page shows: (kind, metric, period) from each figure's attributes."""
    found = set()
    for attrs in FIGURE.findall(text):
        values = dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', attrs))
        found.add((values.get("data-kind", ""), values.get("data-metric", ""), values.get("data-period", "")))
    return found


def charts(text: str) -> list[str]:
    return re.findall(r'<div class="kc-chart" id="chart-([a-z0-9-]+)"', text)


def test_both_editions_of_a_page_show_the_same_figures_and_charts(built_site):
    compared = 0
    for url in sorted(pages(built_site, "zh")):
        english = (built_site / url / "index.html").read_text(encoding="utf-8")
        chinese = (built_site / "zh" / url / "index.html").read_text(encoding="utf-8")
        assert figures(chinese) == figures(english), url
        assert sorted(charts(chinese)) == sorted(charts(english)), url
        compared += bool(figures(english))
    assert compared >= 8


def test_chinese_pages_say_they_are_chinese_and_link_their_english_twins(built_site):
    page = (built_site / "zh" / "finances" / "index.html").read_text(encoding="utf-8")
    twin = (built_site / "finances" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans"' in page and '<html lang="en"' in twin
    # The header's language switcher opens the twin: hreflang names its language.
    assert re.search(r'<a href="\.\./\.\./finances/" hreflang="en" class="md-select__link">\s*English', page)
    assert re.search(r'<a href="\.\./zh/finances/" hreflang="zh" class="md-select__link">\s*简体中文', twin)
    # The twins are named in the sitemap, not in the <head>, where Material would look for a sitemap
    # beside each of them (and log a 404).
    assert '<link rel="alternate" href=' not in page.replace('type="application/rss+xml"', "")


def test_the_sitemap_names_both_editions_of_every_page_with_hreflang(built_site):
    sitemap = gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    entries = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    for url in sorted(pages(built_site, "zh")):
        english = [
            e
            for e in entries
            if re.search(rf"<loc>[^<]*/{re.escape(url)}</loc>", e) and "/zh/" not in e.split("</loc>")[0]
        ]
        assert english, url
        assert re.search(rf'hreflang="zh" href="[^"]*/zh/{re.escape(url)}"', english[0]), url
        assert re.search(rf'hreflang="en" href="[^"]*/{re.escape(url)}"', english[0]), url


def test_each_edition_searches_its_own_pages(built_site):
    english = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    chinese = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in english["docs"] if d["location"].startswith("zh/")]
    titles = {d["title"] for d in chinese["docs"]}
    assert "财务" in titles and "Finances" not in titles
    # Chinese pages read the index at the edition's root.
    page = (built_site / "zh" / "finances" / "index.html").read_text(encoding="utf-8")
    assert '"base": ".."' in page


def prose(text: str) -> str:
    """A page's article as a reader reads it, without scripts, images and citations of sources (whose
    titles and publishers keep their own language)."""
    article = re.search(r"<article.*?</article>", text, re.S).group(0)
    for pattern in (r"<script.*?</script>", r"<svg.*?</svg>", r'<a class="kc-cite".*?</a>', r"<code>.*?</code>"):
        article = re.sub(pattern, "", article, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", article))


def test_chinese_figures_read_in_chinese_conventions(built_site):
    text = prose((built_site / "zh" / "finances" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r"\d+(\.\d+)?亿元", text), "amounts in 亿元"
    assert re.search(r"同比(增长|下降)\d+\.\d%", text), "changes as 增长/下降"
    assert re.search(r"\d{4}年第[一二三四]季度", text), "quarters in Chinese"
    assert "RMB" not in text and "billion" not in text and "million" not in text


def test_chinese_charts_have_chinese_titles_axes_and_images(built_site, catalog):
    with in_language("zh"):
        chinese = chinese_catalog(catalog)
    page = (built_site / "zh" / "finances" / "index.html").read_text(encoding="utf-8")
    assert chinese.charts["annual_revenue"].title in page
    svg = (built_site / "zh" / "assets" / "charts").glob("annual_revenue-light-*.svg")
    images = [p.read_text(encoding="utf-8") for p in svg]
    if images:  # images are baked when a browser is present (always on CI)
        assert all("百万元" in image for image in images)
        assert all("CJK" in image or "PingFang" in image or "YaHei" in image for image in images)


def test_the_real_data_has_every_chinese_form(catalog):
    with in_language("zh"):
        chinese = chinese_catalog(catalog)
    assert chinese.metric("revenue").title != catalog.metric("revenue").title
    assert chinese.metric("revenue").short_unit == "百万元"
    company = [i for i, s in catalog.sources.items() if s.is_company_document]
    assert any(chinese.sources[i].publisher != catalog.sources[i].publisher for i in company)


def test_a_metric_without_its_chinese_forms_stops_the_chinese_edition_at_its_line(data_copy):
    from macros.check.checked_catalog import load_catalog

    path = data_copy / "financials.meta.yml"
    block = (
        "    zh:\n      title: 总收入\n      description: 总收入（公认会计准则）。\n      remainder: 未分配至业务分部\n"
    )
    if block not in path.read_text(encoding="utf-8"):
        pytest.skip("financials.meta.yml no longer has the block this test removes")
    replace_in(path, block, "")
    catalog = load_catalog(data_copy)  # the English edition does not need it
    with in_language("zh"), pytest.raises(MissingChinese) as error:
        chinese_catalog(catalog)
    message = str(error.value)
    line = catalog.metric("revenue").where
    assert f"{line}: metric 'revenue' has no Chinese title. Fix: add title under its zh: object." in message
    assert f"{line}: metric 'revenue' has no Chinese description." in message


def test_a_chinese_form_with_a_typed_figure_is_refused(data_copy):
    from macros.check.checked_catalog import load_catalog

    replace_in(data_copy / "charts.yml", "  zh:\n    title: 年度收入\n", "  zh:\n    title: 年度收入达100亿元\n")
    with in_language("zh"), pytest.raises(MissingChinese) as error:
        chinese_catalog(load_catalog(data_copy))
    assert re.search(r"data/charts\.yml:\d+: the Chinese title of chart 'annual_revenue': '100亿' is", str(error.value))


def test_a_chinese_event_must_keep_the_english_events_placeholder(data_copy):
    from macros.check.checked_catalog import load_catalog

    events = data_copy / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    number, line = next((n, text) for n, text in enumerate(lines) if "{value}" in text.split(",", 3)[2])
    head, _, rest = line.partition("{value}")
    # Drop the placeholder from the Chinese text only (the second occurrence on the line).
    chinese_at = rest.find("{value}")
    lines[number] = head + "{value}" + rest[:chinese_at] + rest[chinese_at + len("{value}") :]
    events.write_text("".join(lines), encoding="utf-8")
    with in_language("zh"), pytest.raises(MissingChinese) as error:
        chinese_catalog(load_catalog(data_copy))
    assert f"data/events.csv:{number + 1}: the Chinese event lacks the {{value}} placeholder" in str(error.value)


def test_the_chinese_sources_page_is_chinese_outside_the_documents_own_titles(built_site):
    """Each source keeps its title in its own language; who published it and what the site takes from it
    read in Chinese."""
    page = (built_site / "zh" / "sources" / "index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<li id="source-[^"]+" class="kc-source">(.*?)</li>', page, re.S)
    assert len(entries) > 50
    for entry in entries:
        rest = re.sub(r'^<a href="[^"]*" rel="noopener">.*?</a>', "", entry, flags=re.S)  # the title
        rest = re.sub(r"<code.*?</code>", "", rest, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", rest))
        sentences = re.findall(r"[A-Za-z][A-Za-z'-]+(?: [A-Za-z][A-Za-z'-]+){3,}", text)
        assert sentences == [], entry[:200]
