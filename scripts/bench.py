"""Benchmark: strict build time, site size, page weight and chart payloads, against the budgets.

Run with `make bench`. Prints a report and exits non-zero when a budget is missed."""

from __future__ import annotations

import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_RUNS = 3
BUDGET_BUILD_SECONDS = 5.0
BUDGET_MEDIAN_CHART_JSON_BYTES = 3 * 1024
CHART_LIBRARY = ("assets/vendor/plotly-basic.min.js", "assets/javascripts/chart-themes.js")


def build(site_dir: Path) -> float:
    """One strict build; returns its wall time in seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
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
    contents = [f.read_bytes() for f in dict.fromkeys(files)]
    return sum(len(c) for c in contents), sum(gzip_size(c) for c in contents)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        times = [build(Path(tmp) / f"site{i}") for i in range(BUILD_RUNS)]
        site = Path(tmp) / "site0"
        files = [p for p in site.rglob("*") if p.is_file()]
        total = sum(p.stat().st_size for p in files)
        print(f"Strict build: median {statistics.median(times):.2f} s, best {min(times):.2f} s over {BUILD_RUNS} runs")
        print(f"Site: {len(files)} files, {total / 1024:.0f} KB")
        print("\nPage weight (page + its CSS and JS, plotly.js included where the page has charts):")
        print(f"  {'page':<28}{'HTML KB':>9}{'total KB':>10}{'gzip KB':>9}")
        for page in sorted(site.rglob("index.html")):
            if page.parent.name == "search":
                continue
            raw, zipped = page_weight(site, page)
            name = str(page.relative_to(site))
            print(f"  {name:<28}{page.stat().st_size / 1024:>9.1f}{raw / 1024:>10.0f}{zipped / 1024:>9.0f}")

        sizes = {}
        for page in site.rglob("*.html"):
            for chart_id, body in re.findall(
                r'<div class="kc-chart" id="([^"]+)".*?<template class="kc-chart__spec">(.*?)</template>',
                page.read_text(encoding="utf-8"),
                re.S,
            ):
                where = page.relative_to(site).parent
                sizes[f"{where if str(where) != '.' else 'home'}#{chart_id}"] = len(body.encode("utf-8"))
        print("\nChart JSON per chart:")
        for name, size in sorted(sizes.items()):
            print(f"  {name:<52}{size:>7} B")
        median_chart = statistics.median(sizes.values()) if sizes else 0

    checks = [
        ("strict build ≤ 5 s (median)", statistics.median(times) <= BUDGET_BUILD_SECONDS),
        (f"median chart JSON ≤ 3 KB ({median_chart:.0f} B)", median_chart <= BUDGET_MEDIAN_CHART_JSON_BYTES),
    ]
    print("\nBudgets:")
    for label, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
