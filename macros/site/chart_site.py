"""The chart pages the build adds to a whole site (one with a page tree): for every chart declared in
data/charts.yml, its page at charts/NAME/ and, beside it, a bare embed view (charts/NAME/embed.html),
and the chart index at charts/. They are generated, not written in docs/: a chart declared once gets
its pages."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

from macros.core.html import esc
from macros.core.language import Language, Phrases, current
from macros.pages.chart_pages import EMBED_FILE
from macros.pages.page_calls import macro_calls
from macros.pages.render import CHART_PAGES, chart_slug
from macros.site.editions import twin

INDEX = CHART_PAGES + "index.md"
say = Phrases(
    description=(
        "{title}: the chart, its data, sources and notes, downloads, a citation and an embed code.",
        "{title}：图表及其数据、来源与说明，另附下载、引用格式和嵌入代码。",
    ),
    charts=("Charts", "图表"),
    index_description=(
        "Every chart on the site, by topic, each with a page to open, download, cite or embed it.",
        "本站全部图表，按主题分组，每张图表都有独立页面，可打开、下载、引用或嵌入。",
    ),
)


def nav_pages(nav) -> list[tuple[str, str]]:
    """The page tree's (title, file) pairs, in order, sections flattened."""
    found = []
    for entry in nav or []:
        if isinstance(entry, dict):
            for title, target in entry.items():
                if isinstance(target, list):
                    found += nav_pages(target)
                elif isinstance(target, str) and target.endswith(".md"):
                    found.append((title, target))
        elif isinstance(entry, str) and entry.endswith(".md"):
            found.append((entry, entry))
    return found


@functools.lru_cache(maxsize=8)
def _placements(docs_dir: str, pages: tuple[tuple[str, str, str], ...]) -> dict[str, list[tuple[str, str]]]:
    placed: dict[str, list[tuple[str, str]]] = {}
    for title, file, source in pages:
        path = Path(docs_dir) / source
        if not path.is_file():
            continue
        url = "" if file == "index.md" else file[: -len(".md")] + "/"
        for call in macro_calls(path.read_text(encoding="utf-8")):
            if call.name == "chart" and call.args and isinstance(call.args[0], str):
                where = placed.setdefault(call.args[0], [])
                if (title, url) not in where:
                    where.append((title, url))
    return placed


def placements(docs_dir, nav, language: Language = Language.EN, title=lambda t: t) -> dict[str, list[tuple[str, str]]]:
    """Which content pages of an edition place each chart (title and address), in the order of the
    page tree; the Chinese edition reads each page's Chinese twin, and names it by `title`."""
    pages = tuple((title(name), file, twin(file, language)) for name, file in nav_pages(nav))
    return _placements(str(docs_dir), pages)


def _page(config, src_uri: str, front: dict, body: str) -> File:
    # JSON is valid YAML, and keeps a title with a colon or quotes a title.
    matter = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items())
    file = File.generated(
        config, src_uri, content=f"---\n{matter}\n---\n\n{body}\n", inclusion=InclusionLevel.NOT_IN_NAV
    )
    # Each edition's chart pages live under its root (zh/charts/ for the Chinese one); the page tree
    # still names the index by its source, charts/index.md, in both.
    file.dest_uri = current().prefix + file.dest_uri
    return file


def _meta_text(text: str) -> str:
    """A title or description from data/ as a generated page's front matter holds it. The theme prints
    these as they are, so they are HTML; and the macros plugin renders front matter as a template, so
    its braces are character references, never an expression to run."""
    return esc(text).replace("{", "&#123;").replace("}", "&#125;")


def chart_files(config, charts: dict) -> list[File]:
    """The generated pages: one per chart, and the index."""
    files = []
    for name, spec in charts.items():
        slug = chart_slug(name)
        description = say("description", title=spec.title)
        search = {"exclude": True}
        files.append(
            _page(
                config,
                f"{CHART_PAGES}{slug}.md",
                # Outside the page tree: no navigation sidebar, which would be an empty scroll box. The
                # theme prints a page's title and description as they are, so they are given as HTML;
                # the heading is the macro's, so no text from data/ is ever read as Markdown or Jinja.
                {
                    "title": _meta_text(spec.title),
                    "description": _meta_text(description),
                    "search": search,
                    "hide": ["navigation"],
                },
                f"{{{{ chart_page({json.dumps(name)}) }}}}",
            )
        )
    index = _page(
        config,
        INDEX,
        {
            "title": say("charts"),
            "description": say("index_description"),
        },
        f"# {say('charts')}\n\n{{{{ chart_index() }}}}",
    )
    index.inclusion = InclusionLevel.INCLUDED
    return [*files, index]


def write_embeds(site_dir: Path, embeds: dict[str, tuple[str, str]]) -> None:
    """Write each chart's bare embed view beside its page: the chart, its sources and a link back, with
    the theme's styles and the chart script but none of the site's header, navigation or footer."""
    language = current()
    lang = language.html_lang
    styles = sorted(p.relative_to(site_dir).as_posix() for p in (site_dir / "assets" / "stylesheets").glob("*.css"))
    # The Chinese edition's embeds sit under zh/, one folder deeper than the theme's shared assets.
    up = "../" * (2 + language.prefix.count("/"))
    for name, (title, body) in embeds.items():
        folder = site_dir / language.prefix / CHART_PAGES / chart_slug(name)
        folder.mkdir(parents=True, exist_ok=True)
        links = "".join(f'<link rel="stylesheet" href="{up}{s}">' for s in styles)
        document = (
            f'<!doctype html>\n<html lang="{lang}" class="js"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            # Links (sources, the credit) open in the reader's window, not inside the frame.
            f'<meta name="robots" content="noindex"><title>{esc(title)}</title><base target="_top">'
            f'<link rel="icon" href="{up}assets/images/favicon.png">{links}</head>'
            '<body data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">'
            f'<main class="md-typeset kc-embed-page">{body}</main>'
            f'<script src="{up}assets/javascripts/charts.js" defer></script></body></html>\n'
        )
        (folder / EMBED_FILE).write_text(document, encoding="utf-8")
