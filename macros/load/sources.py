"""data/sources.yml: the registry of documents that values and pages cite, and the standard each
source must meet (its address is the document itself, its date is the document's own)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from macros.core.errors import DataError
from macros.core.model import Source
from macros.load.yaml_files import read_yaml, rel_path

SOURCES_FILE = "sources.yml"
# Addresses that are not a document but a page of results, a list or a preview: their content moves.
LISTING_PATH = re.compile(
    r"/(search|tag|tags|topic|topics|category|categories)(/|$)|/(list|documents)/?$|/page/\d+", re.I
)
PAGING_QUERY = {"page", "p", "q", "query", "search", "keyword", "s"}
STAGING_HOST = re.compile(
    r"(^|\.)(staging|stage|preview|dev|test)[.-]|\.elb\.amazonaws\.com$|^\d+\.\d+\.\d+\.\d+$", re.I
)
SHORTENERS = {"bit.ly", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "buff.ly", "is.gd", "t.cn", "dwz.cn", "url.cn"}


def load_sources(data_dir: Path) -> dict[str, Source]:
    path = data_dir / SOURCES_FILE
    rel = rel_path(path, data_dir)
    entries, node = read_yaml(path, data_dir)
    sources: dict[str, Source] = {}
    for index, entry in enumerate(entries):
        line = node.value[index].start_mark.line + 1
        label = f"source #{index + 1} ({entry['id']})"
        source = Source(**{k: str(v).strip() for k, v in entry.items()})
        if source.id in sources:
            raise DataError(rel, f"source id '{source.id}' appears twice.", "give each source a unique id.", line=line)
        if problem := address_problem(source.url):
            raise DataError(
                rel, f"{label}: the address {problem}.", "give the address of the document itself.", line=line
            )
        if source.kind == "mirror" and not source.original_publisher:
            raise DataError(
                rel,
                f"{label} is a mirror but does not name the original publisher.",
                "add 'original_publisher:', or cite the original instead of the copy.",
                line=line,
            )
        sources[source.id] = source
    return sources


def address_problem(url: str) -> str | None:
    """Why an address is not a document's own (a listing, a search, a staging host, a shortener), or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in SHORTENERS:
        return f"is a URL shortener ({host})"
    if STAGING_HOST.search(host):
        return f"is on a staging, preview or raw server host ({host})"
    if LISTING_PATH.search(parts.path):
        return "is a listing or search page, whose content moves"
    if PAGING_QUERY & {k.lower() for k in parse_qs(parts.query)}:
        return "is a paginated or search-result page (its query names a page or a search)"
    return None
