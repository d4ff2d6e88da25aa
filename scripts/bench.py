"""Benchmark: strict build time, site size, page weight, chart payloads and Lighthouse scores,
against the budgets.

Run with `make bench`. Lighthouse 12.2.3 (installed by `make bench` into .bench/) audits each page,
and the heaviest of the charts' own pages (charts/NAME/), three times with its mobile defaults (simulated slow 4G and a 4x slower CPU) while the site is served
from loopback with gzip, as GitHub Pages serves it; the median of the three runs is held to the
budgets. Lighthouse never touches the page, so charts stay as their static images there; the weight
with every chart drawn is measured by a headless browser (Playwright) that scrolls through the page
on the same server. Prints a report and exits non-zero when a budget is missed; `--no-lighthouse`
skips the audits and that measurement."""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.charts.images import find_browser  # noqa: E402
from tests.browser import BROWSER_ARGS, free_port  # noqa: E402

BUILD_RUNS = 3
LIGHTHOUSE_RUNS = 3
BUDGET_BUILD_SECONDS = 5.0
BUDGET_MEDIAN_CHART_JSON_BYTES = 3 * 1024
LIGHTHOUSE = ROOT / ".bench" / "node_modules" / ".bin" / "lighthouse"
DOCS = ROOT / "docs"
RAW = re.compile(r"\{% raw %\}.*?\{% endraw %\}", re.S)  # macro examples, shown rather than run
# The page with the most charts is held to the strictest chart budgets.
MOST_CHARTS = "finances/"
BUDGET_MOST_CHARTS_SCORE = 98
BUDGET_CHART_PAGE_SCORE = 95
# A chart's own page (the heaviest of them, under charts/NAME/): what a link to one chart opens.
BUDGET_OWN_CHART_PAGE_SCORE = 98
BUDGET_OWN_CHART_PAGE_BYTES = 150 * 1024
BUDGET_TEXT_PAGE_SCORE = 100
BUDGET_LCP_SECONDS = 2.5
BUDGET_DRAWN_BYTES = 600 * 1024
# The Chinese edition: both editions build in at most twice the English edition's time, a Chinese
# page weighs at most a tenth more than its English twin, and Chinese Finances scores as Finances.
BUDGET_BOTH_EDITIONS_FACTOR = 2.0
BUDGET_CHINESE_WEIGHT_FACTOR = 1.10
CHINESE_FINANCES = "zh/" + MOST_CHARTS
# Lighthouse's mobile screen (a Moto G Power), for the weight measured with every chart drawn.
PHONE = {"width": 412, "height": 823}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv")
CHART_LIBRARY = ("assets/vendor/plotly-basic.min.js", "assets/javascripts/chart-themes.js")


def pages() -> dict[str, int]:
    """Every page's path on the site, with the number of charts it places (read from its Markdown)."""
    found = {}
    for source in sorted(p for p in DOCS.glob("*.md") if not p.name.endswith(".zh.md")):
        text = RAW.sub("", source.read_text(encoding="utf-8"))
        found["" if source.stem == "index" else f"{source.stem}/"] = len(re.findall(r"\{\{ chart\(", text))
    return found


def build(site_dir: Path, site_url: str | None = None, english_only: bool = False) -> float:
    """One strict build (of both editions, or of the English one alone); returns its wall time in seconds."""
    env = {
        **os.environ,
        **({"KC_CHINESE_EDITION": "false"} if english_only else {}),
        "NO_MKDOCS_2_WARNING": "1",
        # The pages are measured as published: with every chart's static image.
        "KC_CHART_IMAGES": os.environ.get("KC_CHART_IMAGES", "required"),
        **({"SITE_URL": site_url} if site_url else {}),
    }
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout}{result.stderr}")
    return elapsed


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """Bytes of the page with the scripts and styles it loads (and plotly.js if it has charts): raw, gzip."""
    html = page.read_bytes()
    text = html.decode("utf-8")
    files = [page]
    for ref in re.findall(r'<(?:script[^>]*src|link[^>]*rel="stylesheet"[^>]*href)="([^"#?]+)', text):
        if not ref.startswith(("http:", "https:", "//")):
            target = (page.parent / ref).resolve()
            if target.is_file():
                files.append(target)
    if 'class="kc-chart"' in text:
        files += [site / asset for asset in CHART_LIBRARY]
        # Each chart's static image in the light palette, the wide one (the larger of the two).
        files += [(page.parent / src).resolve() for src in re.findall(r'<img src="([^"]+-light-wide\.svg)"', text)]
    contents = [f.read_bytes() for f in dict.fromkeys(files)]
    return sum(len(c) for c in contents), sum(gzip_size(c) for c in contents)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as GitHub Pages does: text compressed with gzip, cached for ten minutes."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in COMPRESSIBLE and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _BytesReader(body)

    def log_message(self, format, *args):
        pass


class _BytesReader:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def lighthouse(url: str, browser: str) -> dict:
    """Audit one page with Lighthouse's mobile defaults; return score, bytes, the main timings, the
    largest contentful paint's element and whether the page's first chart image was loaded."""
    with tempfile.TemporaryDirectory() as profile:
        flags = " ".join([*BROWSER_ARGS, "--headless=new", f"--user-data-dir={profile}"])
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                "--quiet",
                f"--chrome-flags={flags}",
                "--only-categories=performance,accessibility,best-practices,seo",
            ],
            env={**os.environ, "CHROME_PATH": browser},
            capture_output=True,
            text=True,
            timeout=300,
        )
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    audits, categories = report["audits"], report["categories"]
    loaded = [item["url"] for item in audits["network-requests"]["details"]["items"] if item.get("finished", True)]
    lcp_items = audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", [])
    nodes = [item for group in lcp_items for item in group.get("items", [group]) if isinstance(item, dict)]
    lcp_node = next((item["node"] for item in nodes if "node" in item), {})
    return {
        "images": [u for u in loaded if "/assets/charts/" in u],
        "lcp_element": lcp_node.get("selector") or lcp_node.get("nodeLabel") or "?",
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "best-practices": round(categories["best-practices"]["score"] * 100),
        "seo": round(categories["seo"]["score"] * 100),
        "bytes": audits["total-byte-weight"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
    }


def heaviest_chart_page(weights: dict[str, int]) -> str:
    """The generated chart page (charts/NAME/) that weighs most with its styles, scripts and image."""
    own = {page: size for page, size in weights.items() if re.fullmatch(r"charts/[^/]+/index\.html", page)}
    return max(own, key=own.get).removesuffix("index.html")


def first_chart_image(site: Path, page: str) -> str | None:
    """The file name (without palette and layout) of the page's first chart image, if it has one."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<img src="[^"]*/assets/charts/([^"/]+)-light-wide\.svg"', html)
    return found.group(1) if found else None


def drawn_weight(url: str, browser: str) -> tuple[int, int]:
    """Bytes transferred by a phone that opens the page and scrolls through it until every chart is
    drawn interactively (plotly.js included), and the number of charts drawn."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=browser, args=BROWSER_ARGS)
        context = launched.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        sizes: list[int] = []
        context.on("requestfinished", lambda request: sizes.append(_transferred(request)))
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.evaluate(
            """async () => {
                for (let y = 0; y <= document.body.scrollHeight; y += innerHeight / 2) {
                    scrollTo(0, y);
                    await new Promise(r => setTimeout(r, 100));
                }
            }"""
        )
        page.wait_for_function(
            "[...document.querySelectorAll('.kc-chart')].every(c => c.hasAttribute('data-drawn'))", timeout=60_000
        )
        page.wait_for_load_state("networkidle")
        drawn = page.locator(".kc-chart[data-drawn]").count()
        launched.close()
    return sum(sizes), drawn


def _transferred(request) -> int:
    sizes = request.sizes()
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


def run_lighthouse(tmp: Path, chart_page: str, only: list[str] | None = None) -> list[tuple[str, bool]]:
    browser = find_browser()
    if browser is None or not LIGHTHOUSE.exists():
        sys.exit("Lighthouse needs a Chromium (or CHROME_PATH) and `make bench` to install lighthouse@12.2.3.")
    port = free_port()
    site = tmp / "served"
    build(site, f"http://127.0.0.1:{port}/")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    checks = []
    try:
        base = f"http://127.0.0.1:{port}/"
        drawn_bytes, drawn = drawn_weight(base + MOST_CHARTS, browser)
        print(
            f"\n/{MOST_CHARTS} on a phone, scrolled through with all {drawn} charts drawn: {drawn_bytes / 1024:.0f} KB transferred"
        )
        checks.append(
            (
                f"/{MOST_CHARTS} with every chart drawn transfers ≤ {BUDGET_DRAWN_BYTES // 1024} KB ({drawn_bytes / 1024:.0f} KB)",
                drawn_bytes <= BUDGET_DRAWN_BYTES,
            )
        )
        print(f"\nLighthouse 12.2.3, mobile defaults, served with gzip, median of {LIGHTHOUSE_RUNS} runs:")
        print(
            f"  {'page':<44}{'charts':>7}{'perf':>5}{'a11y':>6}{'best':>6}{'seo':>5}{'KB':>7}{'FCP s':>7}{'LCP s':>7}"
            f"{'TBT ms':>8}{'CLS':>6}  LCP element"
        )
        for page, chart_count in {**pages(), chart_page: 1, CHINESE_FINANCES: pages()[MOST_CHARTS]}.items():
            if only and page not in only:
                continue
            runs = [lighthouse(base + page, browser) for _ in range(LIGHTHOUSE_RUNS)]
            r = {
                key: statistics.median(run[key] for run in runs)
                for key in runs[0]
                if isinstance(runs[0][key], int | float)
            }
            middle = sorted(runs, key=lambda run: run["performance"])[len(runs) // 2]
            print(
                f"  {'/' + page:<44}{chart_count:>7}{r['performance']:>5.0f}{r['accessibility']:>6.0f}{r['best-practices']:>6.0f}"
                f"{r['seo']:>5.0f}{r['bytes'] / 1024:>7.0f}{r['fcp']:>7.1f}{r['lcp']:>7.1f}{r['tbt']:>8.0f}{r['cls']:>6.2f}"
                f"  {middle['lcp_element'][:60]}"
            )
            minimum = {
                MOST_CHARTS: BUDGET_MOST_CHARTS_SCORE,
                CHINESE_FINANCES: BUDGET_MOST_CHARTS_SCORE,
                chart_page: BUDGET_OWN_CHART_PAGE_SCORE,
            }.get(page, BUDGET_CHART_PAGE_SCORE if chart_count else BUDGET_TEXT_PAGE_SCORE)
            checks.append((f"/{page} performance ≥ {minimum} ({r['performance']:.0f})", r["performance"] >= minimum))
            if page == chart_page:
                checks.append(
                    (
                        f"/{page} (a chart's own page) transfers ≤ {BUDGET_OWN_CHART_PAGE_BYTES // 1024} KB before "
                        f"interaction ({r['bytes'] / 1024:.0f} KB)",
                        r["bytes"] <= BUDGET_OWN_CHART_PAGE_BYTES,
                    )
                )
            if page == MOST_CHARTS:
                image = first_chart_image(site, page)
                shown = sum(any(f"/{image}-light-" in url for url in run["images"]) for run in runs) if image else 0
                checks += [
                    (f"/{page} LCP ≤ {BUDGET_LCP_SECONDS} s ({r['lcp']:.1f} s)", r["lcp"] <= BUDGET_LCP_SECONDS),
                    (
                        f"/{page} first chart's image loaded before interaction ({shown} of {len(runs)} runs)",
                        shown == len(runs),
                    ),
                    (
                        f"/{page} transfers ≤ {BUDGET_DRAWN_BYTES // 1024} KB before interaction ({r['bytes'] / 1024:.0f} KB)",
                        r["bytes"] <= BUDGET_DRAWN_BYTES,
                    ),
                ]
    finally:
        server.shutdown()
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure the site against its budgets.")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse audits")
    parser.add_argument(
        "--page",
        action="append",
        metavar="PATH",
        help="audit only this page with Lighthouse, e.g. statements/ (repeatable)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # English alone and both editions, run in turn so that the machine's drift touches both alike.
        english_times, times = [], []
        for i in range(BUILD_RUNS):
            english_times.append(build(Path(tmp) / f"english{i}", english_only=True))
            times.append(build(Path(tmp) / f"site{i}"))
        site = Path(tmp) / "site0"
        english, both = statistics.median(english_times), statistics.median(times)
        files = [p for p in site.rglob("*") if p.is_file()]
        total = sum(p.stat().st_size for p in files)
        print(
            f"Strict build, English alone: median {english:.2f} s, best {min(english_times):.2f} s over {BUILD_RUNS} runs"
        )
        print(f"Strict build, both editions: median {both:.2f} s, best {min(times):.2f} s ({both / english:.2f}×)")
        print(f"Site: {len(files)} files, {total / 1024:.0f} KB")
        print("\nPage weight (page + its CSS and JS; plotly.js and the chart images where the page has charts):")
        print(f"  {'page':<52}{'HTML KB':>9}{'total KB':>10}{'gzip KB':>9}")
        weights = {}
        for page in sorted(site.rglob("index.html")):
            if page.parent.name == "search":
                continue
            raw, zipped = page_weight(site, page)
            weights[str(page.relative_to(site))] = zipped
            name = str(page.relative_to(site))
            print(f"  {name:<52}{page.stat().st_size / 1024:>9.1f}{raw / 1024:>10.0f}{zipped / 1024:>9.0f}")

        sizes = {}
        for page in site.rglob("*.html"):
            for chart_id, body in re.findall(
                r'<div class="kc-chart" id="([^"]+)".*?<template class="kc-chart__spec"[^>]*>(.*?)</template>',
                page.read_text(encoding="utf-8"),
                re.S,
            ):
                where = page.relative_to(site).parent
                sizes[f"{where if str(where) != '.' else 'home'}#{chart_id}"] = len(body.encode("utf-8"))
        print("\nChart JSON per chart:")
        for name, size in sorted(sizes.items()):
            print(f"  {name:<52}{size:>7} B")
        median_chart = statistics.median(sizes.values()) if sizes else 0

        twins = {
            name: (zipped, weights[name[len("zh/") :]])
            for name, zipped in weights.items()
            if name.startswith("zh/") and name[len("zh/") :] in weights
        }
        heaviest = max(twins, key=lambda name: twins[name][0] / twins[name][1])
        ratio = twins[heaviest][0] / twins[heaviest][1]
        checks = [
            (f"strict build of the English edition ≤ 5 s (median {english:.2f} s)", english <= BUDGET_BUILD_SECONDS),
            (
                f"strict build of both editions ≤ {BUDGET_BOTH_EDITIONS_FACTOR:g}× the English one ({both / english:.2f}×)",
                both <= BUDGET_BOTH_EDITIONS_FACTOR * english,
            ),
            (
                f"every Chinese page within {BUDGET_CHINESE_WEIGHT_FACTOR - 1:.0%} of its English twin's weight "
                f"(heaviest: {heaviest}, {ratio:.2f}×)",
                ratio <= BUDGET_CHINESE_WEIGHT_FACTOR,
            ),
            (f"median chart JSON ≤ 3 KB ({median_chart:.0f} B)", median_chart <= BUDGET_MEDIAN_CHART_JSON_BYTES),
            # The files alone; the Lighthouse run measures what a phone transfers with every chart drawn.
            (
                f"/{MOST_CHARTS} page, styles, scripts, plotly.js and chart images ≤ {BUDGET_DRAWN_BYTES // 1024} KB "
                f"({weights[MOST_CHARTS + 'index.html'] / 1024:.0f} KB gzip)",
                weights[MOST_CHARTS + "index.html"] <= BUDGET_DRAWN_BYTES,
            ),
        ]
        if not args.no_lighthouse:
            checks += run_lighthouse(Path(tmp), heaviest_chart_page(weights), args.page)
    print("\nBudgets:")
    for label, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
