"""A reader who follows the data subscribes to a feed: each edition has an Atom feed with one entry per
document that added figures or events, dated, linked to its line on the Data updates page, and named
in every page's head."""

import re
from datetime import datetime
from xml.etree import ElementTree

import pytest

from macros.site.feed import atom_date

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "http://127.0.0.1:8000/"
EDITIONS = (("", "en"), ("zh/", "zh-Hans"))


def entries(feed):
    return feed.findall(f"{ATOM}entry")


@pytest.mark.parametrize("prefix,lang", EDITIONS)
def test_each_edition_has_a_valid_atom_feed_of_the_data_updates_page(built_site, prefix, lang):
    feed = ElementTree.parse(built_site / prefix / "feed.xml").getroot()  # refuses XML that is not well formed
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for required in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert feed.find(ATOM + required).text, required
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"{SITE_URL}{prefix}feed.xml"
    page = (built_site / prefix / "updates" / "index.html").read_text(encoding="utf-8")
    lines = re.findall(r'<li class="kc-update" id="([^"]+)"><time datetime="([^"]+)"', page)
    found = entries(feed)
    # One entry per line of the page, in the page's order (newest first), each linked to its line.
    assert len(found) == len(lines) > 20
    dates = []
    for entry, (anchor, date) in zip(found, lines, strict=True):
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert link == f"{SITE_URL}{prefix}updates/#{anchor}"
        assert entry.find(f"{ATOM}id").text == link
        updated = entry.find(f"{ATOM}updated").text
        assert updated == atom_date(date)
        dates.append(datetime.fromisoformat(updated))
        assert entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}summary").text
        assert entry.find(f"{ATOM}author/{ATOM}name").text
    assert dates == sorted(dates, reverse=True)
    assert feed.find(f"{ATOM}updated").text == found[0].find(f"{ATOM}updated").text
    ids = [entry.find(f"{ATOM}id").text for entry in found]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("prefix,lang", EDITIONS)
def test_every_page_names_its_editions_feed_in_its_head(built_site, prefix, lang):
    pages = [p for p in (built_site / prefix).rglob("index.html") if prefix or "zh" not in p.parts]
    assert len(pages) > 20
    link = re.escape('<link rel=" alternate" type="application/atom+xml" title="') + '[^"]+" href="([^"]+)">'
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        found = re.search(link, head)
        assert found, path.relative_to(built_site)
        # Relative to the page, so that it works wherever the site is served: it names this edition's feed.
        assert (path.parent / found.group(1)).resolve() == (built_site / prefix / "feed.xml").resolve(), path


def test_a_partial_date_stands_for_its_first_day():
    assert atom_date("2025-11-18") == "2025-11-18T00:00:00Z"
    assert atom_date("2025-04") == "2025-04-01T00:00:00Z"
    assert atom_date("2024") == "2024-01-01T00:00:00Z"
    with pytest.raises(ValueError):
        atom_date("April 2025")


def test_the_feed_link_costs_a_reader_no_request(browser, served_site):
    """Material fetches a sitemap beside every alternate link it selects, to switch languages; the feed's
    link is not one it selects, so a reader downloads neither the feed nor a sitemap for it."""
    from tests.test_browser import scroll_through, visit

    record = visit(browser, served_site.url + "finances/")
    scroll_through(record.page)  # the reader's first interaction starts Material's script
    record.page.wait_for_function("typeof window.document$ !== 'undefined'", timeout=30_000)
    record.page.wait_for_load_state("networkidle")
    fetched = [url for url in record.requests if url.endswith(("sitemap.xml", "feed.xml"))]
    assert fetched == [] and record.errors == []
    record.page.context.close()
