"""Search finds Chinese names and terms: the index segments Chinese text into words (jieba, with the
site's own dictionary), and a reader typing 小米 or 金山 into the search box gets the pages that name
them."""

import json
import re

import pytest


def index_entries(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_the_search_index_holds_chinese_words_as_words(built_site):
    text = " ".join(entry["text"] + " " + entry["title"] for entry in index_entries(built_site))
    words = set(re.split(r"[\s\u200b]+", text))
    for word in ("小米", "金山", "雷军", "金山云"):
        assert word in words, word


DATA_PAGES = ("data/", "updates/", "sources/", "contributing/")


def search(browser, served_site, query: str, edition: str = "") -> list[str]:
    """The pages a reader's search lists, in order (sections of one page count once), in an edition
    ("" for English, "zh/" for Chinese), as addresses relative to the edition's root."""
    page = browser.new_page()
    try:
        page.goto(served_site.url + edition, wait_until="load")
        page.set_viewport_size({"width": 1280, "height": 900})
        # Material's script starts at the reader's first interaction (overrides/main.html). Let it start
        # first, so that it sees the search box being focused; then wait until its worker has built the
        # index (the dialog stops saying "Initializing search"), and only then type.
        page.mouse.move(1, 1)
        page.wait_for_function("typeof window.document$ !== 'undefined'", timeout=30_000)
        page.locator("input.md-search__input").click()
        page.wait_for_function(
            "(() => { const m = document.querySelector('.md-search-result__meta');"
            " return m && m.textContent.trim() && !m.textContent.includes('Initializing')"
            " && !m.textContent.includes('初始化'); })()",
            timeout=60_000,
        )
        page.keyboard.type(query)
        # Chinese text arrives as inserted text, without the key-up that Material's search listens to;
        # a reader's input method ends with one (the key that commits the characters), so press one.
        page.keyboard.press("End")
        page.wait_for_function("document.querySelectorAll('.md-search-result__item a').length > 0", timeout=60000)
        results = page.locator(".md-search-result__item a")
        hrefs = [re.sub(r"^https?://[^/]+/" + edition, "", a.get_attribute("href")) for a in results.all()]
        return list(dict.fromkeys(re.split(r"[?#]", href)[0] for href in hrefs))
    finally:
        page.close()


@pytest.mark.parametrize(("query", "pages"), [("小米", {"", "history/"}), ("金山", {"", "history/"})])
def test_searching_in_chinese_finds_the_pages_that_name_it(browser, served_site, query, pages):
    found = search(browser, served_site, query)
    assert pages <= set(found), found


@pytest.mark.parametrize("query", ["gross margin", "小米", "Xiaomi"])
def test_company_words_find_the_pages_about_the_company_first(browser, served_site, query):
    """The Data, Data updates and Sources pages name every metric and source, so without a lower boost
    they crowd the first results; Contributing is not in the readers' search at all."""
    found = search(browser, served_site, query)
    assert found and not found[0].startswith(DATA_PAGES), found
    assert not any(p.startswith("contributing/") for p in found), found
    content = [p for p in found if not p.startswith(DATA_PAGES)]
    assert found[: len(content)] == content, f"a data page before a content page: {found}"


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ("毛利率", {"finances/"}),
        ("公有云", {"segments/"}),
        ("小米", {"segments/", "risks/"}),
        ("经调整", {"finances/"}),
    ],
)
def test_the_chinese_edition_searches_its_own_pages_in_chinese(browser, served_site, query, pages):
    """A Chinese reader's search runs on the Chinese edition's own index: it finds the Chinese pages that
    use the word (segmented as words by jieba), and no English page."""
    found = search(browser, served_site, query, edition="zh/")
    assert pages <= set(found), found
    assert all(not p.startswith(("http", "../")) for p in found), found
