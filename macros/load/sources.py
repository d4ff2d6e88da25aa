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
PUBLISHERS_FILE = "publishers.yml"
# Addresses that are not a document but a page of results, a list or a preview: their content moves.
LISTING_PATH = re.compile(
    r"/(search|tag|tags|topic|topics|category|categories)(/|$)|/(list|documents)/?$|/page/\d+", re.I
)
PAGING_QUERY = {"page", "p", "q", "query", "search", "keyword", "s"}
STAGING_HOST = re.compile(
    r"(^|\.)(staging|stage|preview|dev|test)[.-]|\.elb\.amazonaws\.com$|^\d+\.\d+\.\d+\.\d+$", re.I
)
# Hosts that are not acceptable sources, whatever they copy: content farms, blogs and copy sites of
# unknown origin, and services whose pages are machine-written summaries of documents. A figure they
# carry must be found in the document itself, or at a reputable publisher, or left as a gap.
REFUSED_HOSTS = {
    "av069.com": "a content farm",
    "blogspot.com": "a personal blog",
    "fubaore.com": "a content farm",
    "sanwenwang.com": "a content farm",
    "urdupoint.com": "a copy site",
    "daily8.com": "a copy site",
    "vcpscanner.com": "a stock screener of unknown provenance",
    "reportify.ai": "machine-written summaries of documents",
    "reportify.cn": "machine-written summaries of documents",
    "reportify.cc": "machine-written summaries of documents",
    "xuehua.us": "a copy site",
    "readyplayerone.cn": "a copy site",
    "hbyanyusl.cn": "a copy site",
    "ryxmt.com.cn": "a copy site",
    "ccyxbj.cn": "a copy site of research reports",
    "highestlevelmanagement.com": "a copy site",
    "bdghimsw7.asia": "a copy site",
    "52xujie.com": "a content site of unknown ownership",
    "cnlink.org": "a content site of unknown ownership",
    "shzx.org": "a content site of unknown ownership",
    "zzesf.com": "a content site of unknown ownership",
    "outputnews.com": "a copy site",
    "hostucan.com": "a web-hosting blog",
    "cometreports.com": "machine-written stock articles",
    "themarketsdaily.com": "machine-written stock articles",
    "pulsestacks.com": "a content site of unknown ownership",
    "singapuranow.com": "a copy site",
    "lioncitylife.com": "a copy site",
    "ai.xueqiu.com": "user posts",
}
# Pages of an otherwise acceptable host that are not: an aggregator's page for a foreign depositary
# receipt restates the company's figures at one remove.
REFUSED_PATHS = {"stockanalysis.com": ("/quote/bvmf/", "an aggregator's page for a Brazilian depositary receipt")}
SHORTENERS = {"bit.ly", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "buff.ly", "is.gd", "t.cn", "dwz.cn", "url.cn"}


def load_publishers(data_dir: Path) -> dict[str, str]:
    """Each publisher's Chinese name, by the name sources write (data/publishers.yml)."""
    path = data_dir / PUBLISHERS_FILE
    if not path.exists():
        return {}
    entries, node = read_yaml(path, data_dir)
    names: dict[str, str] = {}
    for index, entry in enumerate(entries or []):
        if entry["name"] in names:
            raise DataError(
                rel_path(path, data_dir),
                f"publisher '{entry['name']}' appears twice.",
                "declare each publisher once.",
                line=node.value[index].start_mark.line + 1,
            )
        names[entry["name"]] = entry["zh"].strip()
    return names


def load_sources(data_dir: Path) -> dict[str, Source]:
    path = data_dir / SOURCES_FILE
    rel = rel_path(path, data_dir)
    publishers = load_publishers(data_dir)
    entries, node = read_yaml(path, data_dir)
    sources: dict[str, Source] = {}
    for index, entry in enumerate(entries):
        line = node.value[index].start_mark.line + 1
        label = f"source #{index + 1} ({entry['id']})"
        source = Source(
            **{k: str(v).strip() for k, v in entry.items() if k not in ("zh", "gives")},
            gives=tuple(entry.get("gives") or ()),
            # The publisher's Chinese name is declared once, for all its sources; a source may say otherwise.
            chinese={"publisher": publishers.get(str(entry["publisher"]).strip()), **(entry.get("zh") or {})},
            where=f"{rel}:{line}",
        )
        if source.id in sources:
            raise DataError(rel, f"source id '{source.id}' appears twice.", "give each source a unique id.", line=line)
        try:
            urlsplit(source.url).hostname  # noqa: B018  (a malformed address raises here)
        except ValueError as error:
            raise DataError(
                rel,
                f"{label}: the address is not a valid URL ({error}).",
                "give the address of the document itself.",
                line=line,
            ) from None
        if (reason := refused_reason(source.url)) and source.kind != "seed":
            raise DataError(
                rel,
                f"{label}: {urlsplit(source.url).hostname} is not an acceptable source ({reason}).",
                "cite the document itself (the release, the filing) or a reputable publisher's article; if none "
                "can be found, remove the values it backs and register them in data/gaps.yml.",
                line=line,
            )
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


def refused_reason(url: str) -> str | None:
    """Why a source's host is not acceptable (see REFUSED_HOSTS), or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for refused, reason in REFUSED_HOSTS.items():
        if host == refused or host.endswith("." + refused):
            return reason
    for refused, (path, reason) in REFUSED_PATHS.items():
        if (host == refused or host.endswith("." + refused)) and parts.path.lower().startswith(path):
            return reason
    return None
