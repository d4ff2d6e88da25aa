"""An Atom feed of data updates per edition (feed.xml at the edition's root): one entry per document
that added figures or events, as the Data updates page lists it, each linked to its entry there. Feed
readers and the sites that follow a data source subscribe to it; every page's head names it.

Written with the standard library's ElementTree, which escapes every text and attribute: the feed is
small and flat, and a feed library would add a dependency without adding a check."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from macros.compute.catalog import Catalog
from macros.core.html import esc
from macros.core.language import Language, Phrases
from macros.pages.updates import document_updates

FEED_FILE = "feed.xml"
UPDATES_PAGE = "updates/"
ATOM = "http://www.w3.org/2005/Atom"
say = Phrases(
    feed_title=("Kingsoft Cloud, in data: data updates", "金山云数据档案：数据更新"),
    feed_subtitle=(
        "Each document that added figures or events to the data, newest first.",
        "为本站数据新增数字或大事记的每份文件，按日期由近及远排列。",
    ),
    site_name=("Kingsoft Cloud, in data", "金山云数据档案"),
)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def atom_date(date: str) -> str:
    """A document's date (2025-11-18, 2025-04 or 2024) as Atom's date-time: a month or a year stands
    for its first day."""
    match = _DATE.match(str(date))
    if not match:
        raise ValueError(f"not a date: {date!r}")
    year, month, day = match.groups()
    return f"{year}-{month or '01'}-{day or '01'}T00:00:00Z"


def feed_address(site_url: str, language: Language) -> str:
    return f"{site_url.rstrip('/')}/{language.prefix}{FEED_FILE}"


def feed_xml(catalog: Catalog, site_url: str, language: Language) -> str:
    """The edition's feed, in the edition's language (the catalog is the edition's)."""
    root_url = f"{site_url.rstrip('/')}/{language.prefix}"
    updates = document_updates(catalog)
    ElementTree.register_namespace("", ATOM)

    def add(parent, tag: str, text: str | None = None, **attributes) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language.html_lang})
    add(feed, "title", say("feed_title"))
    add(feed, "subtitle", say("feed_subtitle"))
    add(feed, "id", feed_address(site_url, language))
    add(feed, "link", rel="self", type="application/atom+xml", href=feed_address(site_url, language))
    add(feed, "link", rel="alternate", type="text/html", href=root_url + UPDATES_PAGE)
    # A feed's date is its newest entry's: the feed changes only when the data does.
    add(feed, "updated", max((atom_date(u.source.date) for u in updates), default="1970-01-01T00:00:00Z"))
    add(add(feed, "author"), "name", say("site_name"))
    for update in updates:
        source = update.source
        entry = add(feed, "entry")
        link = f"{root_url}{UPDATES_PAGE}#{update.anchor}"
        add(entry, "title", source.title)
        add(entry, "id", link)
        add(entry, "link", rel="alternate", type="text/html", href=link)
        if source.url:
            add(entry, "link", rel="related", href=source.url)
        add(entry, "updated", atom_date(source.date))
        add(add(entry, "author"), "name", source.organisation)
        add(entry, "summary", update.summary)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


def write_feed(catalog: Catalog, edition_dir: Path, site_url: str, language: Language) -> None:
    (edition_dir / FEED_FILE).write_text(feed_xml(catalog, site_url, language), encoding="utf-8")


def with_feed_link(output: str, edition_root: str, language: Language) -> str:
    """The page with its edition's feed named in its <head>, where feed readers look for it. The address
    is relative to the page ("../feed.xml"), so the link works wherever the site is served; Material
    also reads a page's alternate links, to switch languages, and fetches the sitemap beside each: it
    selects them by the exact attribute value "alternate", so the link's rel is written " alternate", the
    same single keyword (HTML splits rel on spaces), which feed readers read and Material passes by."""
    link = (
        f'<link rel=" alternate" type="application/atom+xml" title="{esc(say("feed_title"))}"'
        f' href="{esc(edition_root)}/{FEED_FILE}">'
    )
    return output.replace("</head>", f"  {link}\n  </head>", 1)
