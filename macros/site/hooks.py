"""MkDocs hooks: small adjustments around the build that the macros cannot make themselves.

- Forget the imported macros package before each build, so that `make serve` picks up edits to
  macros/*.py on live reload (mkdocs-macros imports the package once and Python caches it).
- Drop the "edit this page" path when no repository address is configured (a local build), instead
  of letting MkDocs warn about a relative edit link on every page.
- Give each page the date its file last changed in git, which Material shows at the foot of the page.
  Without git, or for a file not yet committed, the page simply shows no date: a build never fails
  over it, and a shallow clone shows the date of the newest commit it has.
- Put the large HTML blocks the macros set aside back into each page once Markdown has converted it
  (macros/pages/html_blocks.py says why).
- Lower the search weight of the pages about the data (Data, Data updates, Sources), so that a search
  for a company word lists the pages about the company first.
- Add the generated chart pages to a whole site: a page per chart, its embed view and the index.
- Keep each edition's 404 page in its place (site/not_found.py).
- Refuse a Chinese page that writes a term the termbase (data/termbase.yml) refuses.
- Name Material's search dialog for assistive technology (its template leaves the dialog unnamed,
  which axe reports as a serious issue), without copying the template."""

import re
import subprocess
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

PACKAGE = "macros"
DATA_PAGES = ("data.md", "updates.md", "sources.md")
DATA_PAGE_BOOST = 0.02
HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="{}">'
# The title of a heading's permanent link, in each edition.
PERMALINK_TITLES = {"en": "Permanent link", "zh": "永久链接"}
# The search dialog's name, as a screen reader announces it, in each edition.
SEARCH_NAMES = {"en": "Search", "zh": "搜索"}


# Runs before the macros plugin's own on_config (default priority 0), which imports the package.
@event_priority(100)
def on_config(config):
    # The Chinese edition is built inside the English build (by the i18n plugin): the package it
    # loaded is current, and keeping it keeps the validated catalog and drawn images it has cached.
    i18n = config.plugins.get("i18n") if config.plugins else None
    if i18n is None or not i18n.building:
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]
    # The headings' permanent links are titled in the edition's language (the i18n plugin has already
    # chosen the edition when this runs, before its own on_config).
    language = (i18n.current_language or i18n.default_language) if i18n is not None else "en"
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = PERMALINK_TITLES[language]
    return config_without_edit_link(config)


def config_without_edit_link(config):
    if not config.repo_url:
        config.edit_uri = None
    return config


@event_priority(-110)
def on_files(files, config):
    """A whole site (one with a page tree) gets a page per chart, an embed view of each and the chart
    index (site/chart_site.py)."""
    if not config.nav:
        return files
    from macros.check.checked_catalog import load_catalog  # the package as the macros plugin loaded it
    from macros.core.language import in_language
    from macros.site.chart_site import chart_files
    from macros.site.editions import edition_catalog, edition_language

    language = edition_language(config)
    with in_language(language):
        catalog = edition_catalog(load_catalog(Path(config.config_file_path).parent / "data"), language)
        generated = chart_files(config, catalog.charts)
    for file in generated:
        files.append(file)
    return files


def on_page_markdown(markdown, page, config, files):
    from macros.site.editions import english_file

    if english_file(page.file.src_uri) in DATA_PAGES:
        # Pages about the data name every metric and source; a search for a company word must list the
        # pages about the company first (Material's search reads the boost from the page's metadata).
        page.meta.setdefault("search", {}).setdefault("boost", DATA_PAGE_BOOST)
    # A generated page (a chart's) has no file of its own, and so no date of its own.
    date = last_changed(page.file.abs_src_path) if page.file.abs_src_path else None
    if date:
        page.meta.setdefault("revision_date", date)
    return markdown


def on_page_content(html, page, config, files):
    from macros.pages.html_blocks import put_back  # the package as the macros plugin loaded it for this build
    from macros.pages.marks import with_key

    html, ids = put_back(html)
    page.present_anchor_ids = (page.present_anchor_ids or set()) | ids  # for MkDocs' check of links to anchors
    return with_key(html)


def on_page_context(context, page, config, nav):
    """Refuse a Chinese page that writes a variant the termbase refuses (check/termbase.py): its text,
    charts and tooltips as converted, its title and its page-tree entry."""
    from mkdocs.exceptions import PluginError

    from macros.check.checked_catalog import load_catalog  # the package as the macros plugin loaded it
    from macros.check.termbase import RefusedTerms, check_chinese_page
    from macros.core.language import Language, current
    from macros.site.editions import english_file

    if current() is not Language.ZH:
        return context
    root = Path(config.config_file_path).parent
    termbase = load_catalog(root / "data").termbase
    generated = not page.file.abs_src_path or not Path(page.file.abs_src_path).is_relative_to(root)
    shown = f"the generated page {page.url}" if generated else Path(page.file.abs_src_path).relative_to(root).as_posix()
    try:
        check_chinese_page(
            shown,
            (page.content or "") + " " + str(page.meta.get("description", "")),
            termbase,
            title=page.title,
            english_file=english_file(page.file.src_uri),
            root=root,
        )
    except RefusedTerms as error:
        raise PluginError(str(error)) from None
    return context


def on_post_page(output, page, config):
    from macros.core.language import current
    from macros.site.editions import edition_base
    from macros.site.feed import with_feed_link
    from macros.site.share_cards import with_card

    language = current()
    output = with_feed_link(with_card(output, page, config, language), edition_base(page.url), language)
    # Each page's twin in the other edition is named once, with hreflang, in the sitemap (which the i18n
    # plugin writes for both editions). The same links in the page's <head> would make Material look
    # for a sitemap beside each twin page (it expects them to name edition roots) and log a 404 each.
    output = HEAD_ALTERNATE.sub("", output)
    if language.prefix:
        # Material writes the locale ("zh") as the page's language; Simplified Chinese is zh-Hans.
        output = output.replace(f'<html lang="{language.value}"', f'<html lang="{language.html_lang}"', 1)
        # The edition's own search index and sitemap are at its root (editions.split_search_index).
        output = re.sub(r'"base": "[^"]*"', f'"base": "{edition_base(page.url)}"', output, count=1)
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG.format(SEARCH_NAMES[language.value]), 1)


# After every edition is built (the i18n plugin builds the others inside the first build's
# post_build), give each its own search index.
@event_priority(-200)
def on_post_build(config):
    from macros.site import not_found
    from macros.site.editions import (
        I18N_PLUGIN,
        add_generated_pages_to_sitemap,
        has_chinese_edition,
        split_search_index,
    )

    plugin = config.plugins.get(I18N_PLUGIN)
    if plugin is not None and not plugin.building and has_chinese_edition(config):
        split_search_index(Path(config.site_dir))
        add_generated_pages_to_sitemap(Path(config.site_dir), config.site_url or "")
        not_found.write(Path(config.site_dir))


def on_post_template(output_content, template_name, config):
    from macros.site import not_found

    return not_found.keep(output_content, template_name)


def last_changed(path: str) -> str | None:
    """The ISO date of the last commit that touched path, or None when git cannot say."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", path],
            cwd=str(path).rsplit("/", 1)[0],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None
