"""A page or chart pasted into a chat or a post shows itself: every page of both editions carries Open
Graph and Twitter card metadata (title, description, canonical address, picture), and a chart's page
shows the chart's own PNG, addressed absolutely from the site's URL."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

from macros.pages.render import chart_slug
from tests.conftest import ROOT

SITE_URL = "http://127.0.0.1:8000/"


class HeadReader(HTMLParser):
    """The <head>'s meta elements, canonical link and title."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content", ""))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def head(path) -> HeadReader:
    reader = HeadReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def pages(site):
    for path in sorted(site.rglob("index.html")):
        relative = path.relative_to(site).as_posix()
        if "downloads" not in relative:
            yield relative, path


def site_file(site, address: str):
    """The built file an absolute address of the site names."""
    assert address.startswith(SITE_URL), address
    return site / urlparse(address).path.lstrip("/")


def test_every_page_of_both_editions_has_a_share_card_with_its_title_address_and_picture(built_site):
    images = (built_site / "assets" / "charts").is_dir()
    checked = {"en": 0, "zh": 0}
    for relative, path in pages(built_site):
        card = head(path)
        meta = {key: values[0] for key, values in card.meta.items()}
        for key in ("og:title", "og:description", "og:url", "og:site_name", "twitter:card"):
            assert meta.get(key), f"{relative}: no {key}"
        assert all(len(values) == 1 for key, values in card.meta.items() if key.startswith("og:")), relative
        # The card's address is the page's canonical one, and its title the page's own, as a reader reads
        # it (escaped once: a title escaped twice would show its character references).
        assert meta["og:url"] == card.canonical, relative
        assert card.title.startswith(meta["og:title"]) or relative in ("index.html", "zh/index.html"), relative
        zh = relative.startswith("zh/")
        assert meta["og:locale"] == ("zh_CN" if zh else "en_US"), relative
        assert meta["og:site_name"] == ("金山云数据档案" if zh else "Kingsoft Cloud, in data"), relative
        if images:
            assert meta["twitter:card"] == "summary_large_image", relative
            assert meta["og:image:alt"] == meta["twitter:image:alt"], relative
            assert meta["og:image"].endswith(".png") and site_file(built_site, meta["og:image"]).is_file(), relative
        else:
            assert meta["twitter:card"] == "summary" and "og:image" not in meta, relative
        checked["zh" if zh else "en"] += 1
    assert checked["en"] > 20 and checked["zh"] > 20


def test_a_chart_page_card_shows_that_chart_and_a_content_page_its_first_chart(built_site, catalog):
    if not (built_site / "assets" / "charts").is_dir():
        return  # no browser drew the images: the card test above asserts the picture-less card
    for prefix in ("", "zh/"):
        for name in catalog.charts:
            meta = head(built_site / f"{prefix}charts/{chart_slug(name)}/index.html").meta
            page = (built_site / f"{prefix}charts/{chart_slug(name)}/index.html").read_text(encoding="utf-8")
            png = re.search(r'class="kc-download" href="([^"]+\.png)" download', page).group(1)
            assert meta["og:image"] == [urljoin(f"{SITE_URL}{prefix}charts/{chart_slug(name)}/", png)], name
            assert meta["og:image:alt"][0], name
    first = re.search(r'\{\{ chart\("(\w+)"\) \}\}', (ROOT / "docs" / "segments.md").read_text(encoding="utf-8"))
    meta = head(built_site / "segments/index.html").meta
    assert meta["og:image"][0].endswith(f"/assets/charts/{first.group(1)}-light-wide@2x.png")
