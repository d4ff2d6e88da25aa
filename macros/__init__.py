"""Registers the site's macros with mkdocs-macros; all logic lives in the plain modules beside it."""

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from .consistency import InconsistentData, verify
from .dataset import load_catalog
from .errors import DataError, MacroCallError, find_call_line, with_call_context
from .freshness import describe, stale_key_figures, stale_message
from .page_macros import PageMacros
from .prose import find_typed_figures
from .site_assets import write_site_assets

LOG = logging.getLogger("mkdocs.plugins.kingsoft_cloud")


def define_env(env):
    """Load, validate and cross-check data/ once per build, then register each macro with the page and
    line in its errors."""
    try:
        catalog = load_catalog(Path(env.project_dir) / "data")
        verify(catalog)
    except (DataError, InconsistentData) as error:
        # PluginError makes MkDocs stop with this message alone, without a traceback.
        raise PluginError(f"Invalid data: {error}") from None
    macros = PageMacros(catalog, page_url=lambda: env.page.url)
    # Kept for the page hooks below, which mkdocs-macros calls with the same env.
    env.variables["kc_macros"] = macros

    def locate(name, args):
        line = find_call_line(env.markdown or "", name, args)
        return page_path(env) + (f":{line}" if line else "")

    for name in PageMacros.MACRO_NAMES:
        env.macro(with_call_context(getattr(macros, name), name, locate), name)


def page_path(env) -> str:
    """The page being rendered, as a contributor finds it: docs/finances.md."""
    return f"{Path(env.conf['docs_dir']).name}/{env.page.file.src_uri}"


def on_pre_page_macros(env):
    """Refuse a page with figures typed into its prose (front matter included), before its macros run."""
    typed = find_typed_figures(env.page.file.content_string)
    if typed:
        raise PluginError("Typed figures found:\n" + "\n".join("  " + f.describe(page_path(env)) for f in typed))


def on_post_page_macros(env):
    """Report the newest periods the page shows, and stop the build if its key figures lag the data."""
    macros = env.variables["kc_macros"]
    shown = macros.shown.get(env.page.url, [])
    path = page_path(env)
    LOG.info("Freshness: %s shows periods up to: %s", path, describe(shown))
    try:
        stale = stale_key_figures(env.page.meta.get("key_figures", []), shown, macros.catalog)
    except MacroCallError as error:
        raise PluginError(f"{path}: front matter: {error}") from None
    if stale:
        raise PluginError(stale_message(path, stale))


def on_post_build(env):
    """Write the chart themes and the CSV downloads into the built site."""
    write_site_assets(env.variables["kc_macros"].catalog, Path(env.conf["site_dir"]))
