"""The Chinese edition's interface is Chinese: the theme's controls, the headings' links, the chart
toolbar (plotly.js's zh-CN locale, served by the site) and the page for a missing address; the English
edition keeps its own, and the root's missing-address page is the English one."""

import re

from tests.test_browser import scroll_through, visit

ENGLISH_CONTROLS = ("Switch to dark mode", "Switch to light mode", "Permanent link")


def test_the_chinese_pages_name_their_controls_in_chinese(built_site):
    pages = sorted((built_site / "zh").rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for text in ENGLISH_CONTROLS:
            assert text not in html, f"{path.relative_to(built_site)}: {text}"
    home = (built_site / "zh" / "index.html").read_text(encoding="utf-8")
    assert 'title="切换至深色模式"' in home or 'title="切换至浅色模式"' in home
    assert 'title="永久链接"' in (built_site / "zh" / "finances" / "index.html").read_text(encoding="utf-8")
    english = (built_site / "finances" / "index.html").read_text(encoding="utf-8")
    assert 'title="Permanent link"' in english and "Switch to dark mode" in english


def test_each_edition_has_its_own_page_for_a_missing_address(built_site):
    root = (built_site / "404.html").read_text(encoding="utf-8")
    chinese = (built_site / "zh" / "404.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="en"', root) and "page not found" in root
    assert re.search(r'<html lang="zh-Hans"', chinese) and "页面不存在" in chinese
    # Each offers both editions' home pages.
    for html in (root, chinese):
        assert 'href="/zh/"' in html and 'href="/"' in html


def test_a_chinese_chart_toolbar_speaks_chinese_and_an_english_one_english(browser, served_site):
    for path, png, locale_fetched in (
        ("zh/finances/", "下载图表为PNG格式", True),
        ("finances/", "Download plot as a PNG", False),
    ):
        record = visit(browser, served_site.url + path)
        page = record.page
        scroll_through(page)
        titles = page.eval_on_selector_all(
            ".kc-chart .modebar-btn", "els => els.map(e => e.getAttribute('data-title'))"
        )
        assert titles and titles.count(png) == page.locator(".kc-chart").count(), path
        assert any("plotly-locale-zh-cn.js" in url for url in record.requests) == locale_fetched, path
        assert record.errors == [], path
        page.context.close()
