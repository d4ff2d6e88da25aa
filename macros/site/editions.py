"""The site's two editions: English at the root and Chinese under zh/, built one after the other by
mkdocs-static-i18n. Which edition a build is, where a page's twin is, and what the page tree is called."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from macros.check.chinese_edition import chinese_catalog
from macros.compute.catalog import Catalog
from macros.core.language import Language
from macros.pages.render import relative_root

I18N_PLUGIN = "i18n"
CHINESE_SUFFIX = ".zh.md"


def edition_language(config) -> Language:
    """The language of the build under way. The i18n plugin builds its default language first and
    then each other one, and says which it is building; a site without it is English."""
    plugin = config.plugins.get(I18N_PLUGIN) if config.plugins else None
    if plugin is None:
        return Language.EN
    return Language(plugin.current_language or plugin.default_language)


def has_chinese_edition(config) -> bool:
    plugin = config.plugins.get(I18N_PLUGIN) if config.plugins else None
    return plugin is not None and any(lang.locale == Language.ZH and lang.build for lang in plugin.config.languages)


# The last catalog translated, and its translation: the chart pages (hooks.on_files) and the macros
# both ask for it in the same build.
_translated: list[tuple[Catalog, Catalog]] = []


def edition_catalog(catalog: Catalog, language: Language) -> Catalog:
    """The catalog as the edition reads it: the Chinese one has every text in Chinese."""
    if language is not Language.ZH:
        return catalog
    if not _translated or _translated[0][0] is not catalog:
        _translated[:] = [(catalog, chinese_catalog(catalog))]
    return _translated[0][1]


def twin(file: str, language: Language) -> str:
    """The file of a page in an edition: finances.md is finances.zh.md in Chinese."""
    return file[: -len(".md")] + CHINESE_SUFFIX if language is Language.ZH else file


def english_file(src_uri: str) -> str:
    """A page's file as the English edition names it: finances.zh.md is finances.md."""
    return src_uri[: -len(CHINESE_SUFFIX)] + ".md" if src_uri.endswith(CHINESE_SUFFIX) else src_uri


def nav_title(title: str, config, language: Language) -> str:
    """A page-tree title in the edition's language (the plugin's nav_translations)."""
    if language is Language.EN:
        return title
    plugin = config.plugins.get(I18N_PLUGIN)
    for lang in plugin.config.languages:
        if lang.locale == language:
            return (lang.nav_translations or {}).get(title, title)
    return title


def split_search_index(site_dir: Path, language: Language = Language.ZH) -> None:
    """Give an edition its own search index. The i18n plugin leaves one index of both editions at the
    site root; a Chinese reader's search should list Chinese pages only, and an English reader's
    English ones: the edition's entries move to its own search/search_index.json (their addresses
    made relative to its root), and its pages look there (see edition_base)."""
    root_index = site_dir / "search" / "search_index.json"
    index = json.loads(root_index.read_text(encoding="utf-8"))
    prefix = language.prefix
    mine = [dict(d, location=d["location"][len(prefix) :]) for d in index["docs"] if d["location"].startswith(prefix)]
    others = [d for d in index["docs"] if not d["location"].startswith(prefix)]
    target = site_dir / prefix / "search" / "search_index.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(dict(index, docs=mine), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    root_index.write_text(
        json.dumps(dict(index, docs=others), ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    # Material reads the sitemap at the edition's root (its "base") to know the edition's pages.
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        if (site_dir / name).is_file():
            shutil.copyfile(site_dir / name, site_dir / prefix / name)


def edition_base(page_url: str) -> str:
    """Material's "base" for a page of the edition being built (where it finds the search index and
    the sitemap): the edition's root, relative to the page: "." for zh/, ".." for zh/finances/."""
    return relative_root(page_url).rstrip("/") or "."


def add_generated_pages_to_sitemap(site_dir: Path, site_url: str, folder: str = "charts/") -> None:
    """Add the generated pages (the chart pages and their index) to the sitemap, with both editions
    named by hreflang: the i18n plugin's sitemap lists only the pages written in docs/."""
    addresses = sorted(
        "" if p.parent == site_dir / folder else p.parent.relative_to(site_dir / folder).as_posix() + "/"
        for p in (site_dir / folder).glob("**/index.html")
    )
    root = site_url.rstrip("/") + "/"
    entries = []
    for address in addresses:
        english, chinese = f"{root}{folder}{address}", f"{root}{Language.ZH.prefix}{folder}{address}"
        has_twin = (site_dir / Language.ZH.prefix / folder / address / "index.html").is_file()
        links = f'        <xhtml:link rel="alternate" hreflang="en" href="{english}"/>\n'
        links += f'        <xhtml:link rel="alternate" hreflang="zh" href="{chinese}"/>\n' if has_twin else ""
        locations = [english, chinese] if has_twin else [english]
        entries += [f"    <url>\n        <loc>{loc}</loc>\n{links}    </url>\n" for loc in locations]
    for target in (site_dir / "sitemap.xml", site_dir / Language.ZH.prefix / "sitemap.xml"):
        if target.is_file():
            text = target.read_text(encoding="utf-8").replace("</urlset>", "".join(entries) + "</urlset>", 1)
            target.write_text(text, encoding="utf-8")
            target.with_suffix(".xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
