"""Readers may reuse the data and text, and the site says so everywhere: a licence in every page's
footer, on the Data page and in the data package; the contributor page sits outside the reader tabs
and the readers' search, and the pages about the data do not crowd out the pages about the company."""

import json
import re

from tests.conftest import ROOT
from tests.helpers import BUILT_PAGES

PAGES = BUILT_PAGES


def test_every_page_carries_the_licence_and_the_contributor_links_in_its_footer(built_site):
    for page in PAGES:
        html = (built_site / page).read_text(encoding="utf-8")
        footer = re.search(r'<div class="md-copyright">(.*?)</div>\s*</div>', html, re.S)
        assert footer, page
        assert re.search(
            r'href="https://creativecommons.org/licenses/by/4.0/[^"]*" rel="license noopener">CC BY 4.0</a>', html
        )
        if page.startswith("zh/"):
            assert "转载请注明出自" in footer.group(1), page
            assert re.search(r'href="[^"]*/zh/sources/">来源与方法</a>', html), page
            assert re.search(r'href="[^"]*contributing/" hreflang="en">参与贡献（英文）</a>', html), page
        else:
            assert re.search(r'href="[^"]*contributing/">Contributing</a>', html), page


def test_the_licences_are_in_the_repository_and_the_data_package(built_site):
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
    package = json.loads((built_site / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    data_page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'id="licence"' in data_page and "Creative Commons Attribution licence" in data_page


def test_contributing_is_outside_the_reader_tabs_and_the_search_index(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', home, re.S).group(0)
    assert "Contributing" not in tabs and "Finances" in tabs
    assert (built_site / "contributing" / "index.html").exists()
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not any(doc["location"].startswith("contributing/") for doc in index)
    boosts = {doc["location"].split("/")[0]: doc.get("boost") for doc in index if "#" not in doc["location"]}
    for page in ("data", "updates", "sources"):
        assert boosts[page] is not None and boosts[page] < 1, page
