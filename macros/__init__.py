"""Registers the site's macros with mkdocs-macros and reports every problem as the line to fix; all
logic lives in the plain modules beside it."""

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.charts.images import ChartImageError, ChartImages
from macros.check.checked_catalog import load_catalog
from macros.check.consistency import InconsistentData, verify
from macros.check.freshness import as_of_sentence, newest_periods_text, stale_key_figures, stale_message
from macros.core.errors import DataError, MacroCallError
from macros.core.html import esc
from macros.core.language import current, set_language
from macros.core.typed_figures import find_typed_figures
from macros.pages.abbreviations import GlossaryExtension
from macros.pages.page_calls import FRONT_MATTER, PageErrors, check_page
from macros.pages.page_macros import PageMacros
from macros.site.assets import write_site_assets
from macros.site.chart_site import placements, write_embeds
from macros.site.editions import edition_catalog, edition_language, nav_title
from macros.site.feed import write_feed
from macros.site.share_cards import IMAGE_ALT_KEY, IMAGE_KEY
from macros.site.workbook import Workbook

LOG = logging.getLogger("mkdocs.plugins.kingsoft_cloud")
# The page's title line, under which its "data as of" sentence goes.
AS_OF_PLACE = re.compile(r"^# .*$", re.M)


def define_env(env):
    """Load, validate and cross-check data/ once per build, then register each macro so that its
    errors name the page, the line and the call."""
    # Each edition is its own build (English, then Chinese): everything rendered below reads its language.
    language = edition_language(env.conf)
    set_language(language)
    try:
        catalog = load_catalog(Path(env.project_dir) / "data")
        verify(catalog)
        catalog = edition_catalog(catalog, language)
    except (DataError, InconsistentData) as error:
        # PluginError makes MkDocs stop with this message alone, without a traceback.
        raise PluginError(f"Invalid data: {error}") from None
    try:
        # Static first paints of the charts; the lambda reads `macros`, bound on the next line.
        images = ChartImages(
            Path(env.project_dir),
            Path(env.conf["docs_dir"]),
            root=lambda: macros.render.root(),
            page_url=lambda: env.page.url,
        )
    except ChartImageError as error:
        raise PluginError(str(error)) from None
    # A whole site (one with a page tree) gives each chart a page of its own, linked from where it is placed.
    nav = env.conf.get("nav")
    placed = (
        (lambda: placements(env.conf["docs_dir"], nav, language, lambda title: nav_title(title, env.conf, language)))
        if nav
        else None
    )
    # The analysts' workbook, made when a page first links to it (the link gives its size), written after the pages.
    workbook = Workbook(catalog, env.conf.get("site_url") or "", language)
    env.variables["kc_workbook"] = workbook
    macros = PageMacros(
        catalog,
        page_url=lambda: env.page.url,
        images=images,
        site_url=env.conf.get("site_url") or "",
        placements=placed,
        workbook_size=lambda: workbook.size,
    )
    # The glossary's terms (data/glossary.yml, validated with the rest) become tooltips wherever a page
    # uses them: given once, as Markdown's abbreviations glossary, rather than appended to every page,
    # whose definitions Markdown would then parse again on each page.
    # Markdown's own abbreviations match at word boundaries, which Chinese text lacks: the site's
    # extension (pages/abbreviations.py) takes the place of `abbr` in the configuration.
    # Set on each page (use_glossary), since the i18n plugin restores the configuration after this runs.
    glossary = GlossaryExtension(glossary=glossary_forms(catalog.glossary))
    errors = PageErrors()
    # Kept for the page hooks below, which mkdocs-macros calls with the same env.
    env.variables["kc_macros"], env.variables["kc_errors"] = macros, errors
    env.variables["kc_glossary"] = glossary
    for name, function in macros.functions.items():
        env.macro(errors.wrap(name, function), name)


def use_glossary(config, glossary: GlossaryExtension) -> None:
    """Put the edition's glossary in the place of `abbr` (or of another edition's glossary) in the
    Markdown extensions the page is rendered with. The other edition's instance comes from an earlier
    import of this package (hooks.py forgets it before each build), so it is known by its class name."""
    extensions = config["markdown_extensions"]
    ours = [e for e in extensions if e == "abbr" or type(e).__name__ == GlossaryExtension.__name__]
    if not ours or ours == [glossary]:
        return
    extensions[:] = [e for e in extensions if e not in ours] + [glossary]


def glossary_forms(glossary) -> dict[str, str]:
    """Each form of each term, as written and with a capital (a sentence or heading may start with
    it), mapped to the term's definition."""
    forms: dict[str, str] = {}
    for term in glossary:
        for written in term.forms:
            for form in (written, written[:1].upper() + written[1:]):
                forms.setdefault(form, term.definition)
    return forms


def page_path(env) -> str:
    """The page being rendered, as a contributor finds it: docs/finances.md."""
    return f"{Path(env.conf['docs_dir']).name}/{env.page.file.src_uri}"


def on_pre_page_macros(env):
    """Before a page is rendered: refuse figures typed into its prose, then read its template and
    stop on any mistake in it (syntax, unknown names, unquoted or missing arguments)."""
    use_glossary(env.conf, env.variables["kc_glossary"])
    raw = env.page.file.content_string
    path = page_path(env)
    # The front matter is configuration (a search boost, key figures), not prose: blanked, lines kept.
    body = FRONT_MATTER.sub(lambda m: "\n" * m.group(0).count("\n"), raw, count=1)
    typed = find_typed_figures(body)
    if typed:
        raise PluginError("Typed figures found:\n" + "\n".join("  " + f.message(path) for f in typed))
    macros = env.variables["kc_macros"]
    names = set(env.variables) | set(env.env.globals)
    page = check_page(path, raw, env.markdown, env.env, macros.functions, names)
    if page.problems:
        raise PluginError("\n".join(page.problems))
    env.variables["kc_errors"].start(page)


def on_post_page_macros(env):
    """After a page is rendered: report the errors its macros met, then the newest periods it shows,
    and stop the build if its key figures lag the data."""
    errors = env.variables["kc_errors"].errors
    if errors:
        raise PluginError("\n".join(errors))
    macros = env.variables["kc_macros"]
    shown = macros.shown.get(env.page.url, [])
    path = page_path(env)
    LOG.info("Freshness: %s shows periods up to: %s", path, newest_periods_text(shown))
    try:
        stale = stale_key_figures(env.page.meta.get("key_figures", []), shown, macros.catalog)
    except MacroCallError as error:
        raise PluginError(f"{path}: front matter: {error}") from None
    if stale:
        raise PluginError(stale_message(path, stale))
    choose_share_image(env.page, macros)
    # Every page that shows figures says, under its title, which results it reflects.
    # A page can opt out in its front matter (`as_of: false`): the Contributing page's figures are examples.
    if env.page.meta.get("as_of", True) and (sentence := as_of_sentence(shown, macros.catalog)):
        env.markdown = AS_OF_PLACE.sub(
            lambda m: f'{m.group(0)}\n<p class="kc-as-of">{esc(sentence)}</p>\n', env.markdown, count=1
        )


def choose_share_image(page, macros) -> None:
    """The picture of the page's share card (site/share_cards.py): the PNG download of its first chart,
    or of the site's first declared chart; none when the build makes no chart images."""
    blocks = macros.blocks
    name = blocks.first_chart.get(page.url) or next(iter(macros.catalog.charts), None)
    if name is None or not blocks.images:
        return
    png = blocks.images.downloads(name, blocks.chart_figure(name)[1]).get("PNG")
    if png:
        page.meta[IMAGE_KEY], page.meta[IMAGE_ALT_KEY] = png, macros.catalog.chart(name).title


def on_post_build(env):
    """Refuse a chart declared but placed on no page (when the site has a navigation, i.e. is whole),
    then write the chart themes, the CSV downloads, the data package, the workbook and the charts'
    images into the built site."""
    macros = env.variables["kc_macros"]
    if env.conf.get("nav"):
        unplaced = [spec for name, spec in macros.catalog.charts.items() if name not in macros.blocks.placed]
        if unplaced:
            raise PluginError(
                "\n".join(
                    f"data/charts.yml:{spec.line}: chart '{spec.name}' is declared but placed on no page. "
                    f'Fix: place it with {{{{ chart("{spec.name}") }}}} on a page, or delete its declaration.'
                    for spec in unplaced
                )
            )
    # Each edition writes its downloads, embeds and chart images under its own root (zh/ for Chinese).
    edition_dir = Path(env.conf["site_dir"]) / current().prefix
    write_site_assets(macros.catalog, edition_dir)
    env.variables["kc_workbook"].write(edition_dir)
    write_feed(macros.catalog, edition_dir, env.conf.get("site_url") or "", current())
    write_embeds(Path(env.conf["site_dir"]), macros.embeds)
    try:
        macros.blocks.images.write(edition_dir)
    except ChartImageError as error:
        raise PluginError(str(error)) from None
