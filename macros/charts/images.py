"""Static first paints of the charts: every chart rendered at build time, by Plotly's own static export
(kaleido, driving an installed Chromium or Chrome), from the same figure JSON the browser draws.

Each chart gets four SVG images: the light and the dark palette, each in the wide layout (screens
from 600 px) and the narrow one (phones). The page shows the image of the reader's palette at once,
without JavaScript, in a stage of the same aspect ratio as the interactive chart, which later replaces
it in place. Images are cached by a hash of what they are drawn from (figure, template, layout, size,
renderer), so an unchanged chart is never rendered twice, and the missing ones are rendered in one
batch, in one browser, after the pages are written.

`KC_CHART_IMAGES` chooses what happens without a browser: `required` (CI and the deploy workflow)
stops the build; unset, the build logs one line and the charts show their summaries; `off` makes no
images at all. `KC_CHART_IMAGE_CACHE` moves the cache (default: `.cache/chart-images/` in the
project)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from macros.charts import templates as theme
from macros.core.html import esc
from macros.core.language import Language, current

LOG = logging.getLogger("mkdocs.plugins.kingsoft_cloud")

MODE_VARIABLE = "KC_CHART_IMAGES"
CACHE_VARIABLE = "KC_CHART_IMAGE_CACHE"
MODES = ("auto", "required", "off")
SITE_FOLDER = "assets/charts"
PLOTLY_JS = "assets/vendor/plotly-basic.min.js"
FORMAT = "svg"
# The PNG offered for download on a chart's page is drawn at this multiple of the wide size.
DOWNLOAD_SCALE = 2
# Bump when the way images are made changes without the figure changing (it is part of the cache key).
RENDER_VERSION = 2
RENDER_TIMEOUT_SECONDS = 60

# Where to look for a browser (the build's images and the browser tests use the same one): an explicit
# CHROME_PATH (or BROWSER_PATH, kaleido's own variable), Debian's Chromium, then Google Chrome (which
# GitHub's Ubuntu runners ship).
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# The two layouts a chart is drawn in, chosen by the width of the screen. charts.js holds the same
# media query and the same layout overrides (a test keeps them equal): the static image and the
# interactive chart are drawn from one figure, one template and one of these, at one aspect ratio.
NARROW_MEDIA = "(max-width: 37.4375em)"
SIZES = {"wide": (720, 480), "narrow": (360, 440)}
# The legend sits below the plot, where the toolbar never reaches; on wide screens the toolbar stands
# upright in a margin of its own at the right, and narrow screens (touch) have none.
_LEGEND_BELOW = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "xref": "container",
    "y": 0,
    "yanchor": "bottom",
    "yref": "container",
}
LAYOUTS = {
    "wide": {
        "legend": _LEGEND_BELOW,
        "margin": {"t": 24, "r": 40},
        # A neutral grey that reads on both palettes (over 3:1 on white and on slate).
        "modebar": {"orientation": "v", "bgcolor": "rgba(0,0,0,0)", "color": "#7d8590", "activecolor": "#4a78d0"},
    },
    "narrow": {"legend": _LEGEND_BELOW, "margin": {"t": 24}},
}
PALETTES = ("light", "dark")

_warned_attribute = "kc_chart_images_warned"  # set on the logger, which outlives a reload of this package


class ChartImageError(Exception):
    """The images could not be made where they are required."""


def find_browser() -> str | None:
    """A Chromium-family browser: CHROME_PATH or BROWSER_PATH if set, else one on the PATH."""
    for variable in ("CHROME_PATH", "BROWSER_PATH"):
        explicit = os.environ.get(variable)
        if explicit and Path(explicit).is_file():
            return explicit
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found
    return None


def themed_figure(figure: dict, palette: str, variant: str) -> dict:
    """The figure as the browser draws it in this palette and layout: charts.js merges the same way
    (`Object.assign({}, spec.layout, LAYOUTS[variant], {template})`). Trace ids are fixed so the SVG
    comes out the same on every build."""
    data = [{**trace, "uid": f"t{index}"} for index, trace in enumerate(figure["data"])]
    return {"data": data, "layout": {**figure["layout"], **LAYOUTS[variant], "template": theme.TEMPLATES[palette]}}


def normalise_svg(svg: str) -> str:
    """Replace the random id plotly.js gives each drawing, so equal inputs give equal files, and drop
    what an image shown by <img> never uses: class names (its styles are inline) and empty groups,
    a quarter of its compressed size."""
    match = re.search(r'id="defs-([0-9a-z]+)"', svg)
    svg = svg.replace(match.group(1), "kc") if match else svg
    svg = re.sub(r' class="[^"]*"', "", svg).replace(' style=""', "")
    while True:
        slimmer = re.sub(r"<g/>|<g></g>|<path/>", "", svg)
        if slimmer == svg:
            return svg
        svg = slimmer


def _renderer_fingerprint(plotly_js: Path) -> str:
    try:
        from importlib.metadata import version

        kaleido_version = version("kaleido")
    except Exception:  # not installed: the renderer is unavailable anyway
        kaleido_version = "none"
    library = hashlib.sha256(plotly_js.read_bytes()).hexdigest()[:16] if plotly_js.is_file() else "none"
    return f"{RENDER_VERSION}/{kaleido_version}/{library}"


@dataclass(frozen=True)
class Image:
    chart: str
    palette: str
    variant: str
    key: str  # hash of everything the image is drawn from
    figure: dict
    format: str = FORMAT
    scale: int = 1  # a PNG for slides is drawn at twice the size
    # The edition drawn for: both editions write into one assets folder, so the Chinese images are named apart.
    language: Language = Language.EN

    @property
    def filename(self) -> str:
        stem = f"{self.chart}-{self.palette}-{self.variant}" + (
            "" if self.language is Language.EN else f"-{self.language}"
        )
        if self.format == FORMAT:
            return f"{stem}.{FORMAT}"
        return f"{stem}@{self.scale}x.{self.format}"

    @property
    def size(self) -> tuple[int, int]:
        return SIZES[self.variant]


_PICTURE = re.compile(r'<picture class="kc-chart__image kc-chart__image--[a-z]+">.*?</picture>', re.S)


def show_summaries(site_dir: Path) -> None:
    """Take the chart images out of the written pages, so that each chart shows its summary rather
    than a broken image (the pages are written before the images are rendered, in one batch)."""
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        stripped = _PICTURE.sub("", html).replace("kc-chart__stage kc-chart__stage--image", "kc-chart__stage")
        if stripped != html:
            page.write_text(stripped, encoding="utf-8")


class ChartImages:
    """Collects the images the pages use (`picture`), then renders the missing ones in one batch and
    copies them all into the built site (`write`)."""

    def __init__(
        self,
        project_dir: Path,
        docs_dir: Path,
        root: Callable[[], str] = lambda: "",
        page_url: Callable[[], str] = lambda: "",
        mode: str | None = None,
        cache_dir: Path | None = None,
    ):
        self.mode = (mode or os.environ.get(MODE_VARIABLE) or "auto").strip().lower()
        if self.mode not in MODES:
            raise ChartImageError(f"{MODE_VARIABLE}={self.mode!r} is not one of {', '.join(MODES)}.")
        cache = cache_dir or os.environ.get(CACHE_VARIABLE) or project_dir / ".cache" / "chart-images"
        self.cache = Path(cache)
        self.plotly_js = docs_dir / PLOTLY_JS
        self.root = root
        self.page_url = page_url
        self.browser = find_browser() if self.mode != "off" else None
        if self.mode == "required" and self.browser is None:
            raise ChartImageError(
                f"chart images are required ({MODE_VARIABLE}=required) but no Chromium or Chrome was found. "
                "Fix: install one (apt-get install chromium) or set CHROME_PATH to its executable."
            )
        if self.mode == "auto" and self.browser is None:
            self._say_once(
                "Chart images: no Chromium or Chrome found, so charts show their summaries until a browser "
                "is installed (apt-get install chromium, or set CHROME_PATH)."
            )
        self._fingerprint = _renderer_fingerprint(self.plotly_js) if self.mode != "off" else ""
        self.used: dict[str, Image] = {}
        self._pages: set[str] = set()
        self._images: dict[tuple[str, int], tuple[dict, list[Image]]] = {}

    @property
    def can_render(self) -> bool:
        return self.browser is not None

    def images_for(self, name: str, figure: dict) -> list[Image]:
        """The chart's four first-paint images, keyed by what they are drawn from (hashed once per build
        and figure: a chart appears on several pages)."""
        memo = (name, id(figure))
        if self._images.get(memo, (None,))[0] is figure:
            return self._images[memo][1]
        images = self._images_for(name, figure)
        self._images[memo] = (figure, images)
        return images

    def _images_for(self, name: str, figure: dict) -> list[Image]:
        images = []
        for palette in PALETTES:
            for variant in SIZES:
                drawn = themed_figure(figure, palette, variant)
                width, height = SIZES[variant]
                source = {"figure": drawn, "size": [width, height], "format": FORMAT, "renderer": self._fingerprint}
                key = hashlib.sha256(json.dumps(source, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
                images.append(Image(name, palette, variant, key, drawn, language=current()))
        return images

    def cached(self, image: Image) -> Path:
        return self.cache / f"{image.key}.{image.format}"

    def thumbnail(self, name: str, figure: dict, alt: str) -> str:
        """The light, narrow image as a lazy thumbnail (the chart index), or nothing without images."""
        if self.mode == "off":
            return ""
        image = next(i for i in self.images_for(name, figure) if i.palette == "light" and i.variant == "narrow")
        if not self.can_render and not self.cached(image).is_file():
            return ""
        self.used[image.filename] = image
        width, height = image.size
        return (
            f'<img class="kc-chart-card__image" src="{self.root()}{SITE_FOLDER}/{image.filename}" width="{width}" '
            f'height="{height}" alt="{esc(alt)}" loading="lazy" decoding="async">'
        )

    def downloads(self, name: str, figure: dict) -> dict[str, str]:
        """The chart's images to download from its page, by format: the light, wide drawing as SVG and
        as a PNG at twice the size (for slides), each rendered and cached like the first paints. Empty
        when images cannot be had."""
        if self.mode == "off":
            return {}
        svg = next(i for i in self.images_for(name, figure) if i.palette == "light" and i.variant == "wide")
        source = {"figure": svg.figure, "size": list(svg.size), "format": "png", "scale": DOWNLOAD_SCALE}
        source["renderer"] = self._fingerprint
        key = hashlib.sha256(json.dumps(source, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
        png = Image(name, "light", "wide", key, svg.figure, format="png", scale=DOWNLOAD_SCALE, language=svg.language)
        if not self.can_render and not (self.cached(svg).is_file() and self.cached(png).is_file()):
            return {}
        base = f"{self.root()}{SITE_FOLDER}/"
        for image in (svg, png):
            self.used[image.filename] = image
        return {"SVG": base + svg.filename, "PNG": base + png.filename}

    def picture(self, name: str, figure: dict, summary: str) -> str:
        """The chart's static first paint: one <picture> per palette, each choosing the wide or the
        narrow image by the width of the screen, with the chart's summary as its text alternative.
        Empty when images cannot be had (no browser and nothing cached), so the summary shows."""
        if self.mode == "off":
            return ""
        images = self.images_for(name, figure)
        if not self.can_render and not all(self.cached(i).is_file() for i in images):
            return ""
        for image in images:
            self.used[image.filename] = image
        page = self.page_url()
        first = page not in self._pages  # the first chart of a page is likely its largest paint: fetch it at once
        self._pages.add(page)
        base = f"{self.root()}{SITE_FOLDER}/"
        pictures = []
        for palette in PALETTES:
            wide, narrow = (
                next(i for i in images if i.palette == palette and i.variant == v) for v in ("wide", "narrow")
            )
            # The palette not shown is display:none; a lazy image is then not fetched at all.
            loading = 'loading="eager" fetchpriority="high"' if first and palette == "light" else 'loading="lazy"'
            pictures.append(
                f'<picture class="kc-chart__image kc-chart__image--{palette}">'
                f'<source media="{NARROW_MEDIA}" srcset="{base}{narrow.filename}" width="{narrow.size[0]}" height="{narrow.size[1]}">'
                f'<img src="{base}{wide.filename}" width="{wide.size[0]}" height="{wide.size[1]}" alt="{esc(summary)}" {loading} decoding="async">'
                f"</picture>"
            )
        return "".join(pictures)

    def write(self, site_dir: Path) -> None:
        """Render the images not yet cached (one browser, one batch), then copy every image the pages
        use into the site. Where images are required, a failure stops the build; otherwise it is said
        once and the charts show their summaries."""
        missing = {image.key: image for image in self.used.values() if not self.cached(image).is_file()}
        if missing:
            try:
                self._render(list(missing.values()))
            except Exception as error:
                message = f"Chart images: could not render {len(missing)} image(s): {error}"
                if self.mode == "required":
                    raise ChartImageError(message) from None
                self._say_once(message + ". Charts show their summaries until this is fixed.")
                show_summaries(site_dir)
                return
        target = site_dir / SITE_FOLDER
        target.mkdir(parents=True, exist_ok=True)
        for image in self.used.values():
            shutil.copyfile(self.cached(image), target / image.filename)

    def _render(self, images: list[Image]) -> None:
        if not self.can_render:
            raise ChartImageError("no Chromium or Chrome was found")
        import kaleido

        class Renderer(kaleido.Kaleido):
            """Kaleido reloads its page after every image, re-evaluating plotly.js each time (about
            0.2 s an image, which triples a cold build). plotly.js draws each image into a new element
            and removes it, so the page is kept from one image to the next."""

            async def _return_kaleido_tab(self, tab):
                await self.tabs_ready.put(tab)

        self.cache.mkdir(parents=True, exist_ok=True)
        # Drafts are named per process, so two builds sharing the cache never write one file.
        drafts = {image.key: self.cache / f"{image.key}.{os.getpid()}.draft.{image.format}" for image in images}
        jobs = [
            {
                "fig": image.figure,
                "path": drafts[image.key],
                "opts": {"format": image.format, "width": image.size[0], "height": image.size[1], "scale": image.scale},
            }
            for image in images
        ]

        async def render() -> tuple:
            # The page loads the site's own plotly.js, the build the browser runs; no MathJax (it would
            # be fetched from a CDN, and the charts have no formulas).
            async with Renderer(
                path=self.browser, plotlyjs=str(self.plotly_js), mathjax=False, timeout=RENDER_TIMEOUT_SECONDS
            ) as k:
                return await k.write_fig_from_object(jobs)

        try:
            errors = _run_async(render)
            if errors:
                raise ChartImageError("; ".join(str(e) for e in errors[:3]))
            for image in images:
                draft = drafts[image.key]
                if image.format == FORMAT:
                    draft.write_text(normalise_svg(draft.read_text(encoding="utf-8")), encoding="utf-8")
                draft.replace(self.cached(image))  # atomic: a cache file is whole or absent
        finally:
            for draft in drafts.values():
                draft.unlink(missing_ok=True)
        LOG.info("Chart images: rendered %d image(s) into %s", len(images), self.cache)

    def _say_once(self, message: str) -> None:
        """One line per process (a `make serve` session rebuilds many times), at INFO: a strict build
        treats warnings as errors, and a missing browser is no error on a contributor's machine."""
        if not getattr(LOG, _warned_attribute, False):
            setattr(LOG, _warned_attribute, True)
            LOG.info(message)


def _run_async(make_coroutine):
    """Run a coroutine to its end, in a thread of its own where this one already runs an event loop
    (a build started from a test that drives a browser)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()
