"""Small helpers shared by the tests."""

import json
import re
from pathlib import Path


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the first occurrence of old in a file; fail loudly if the fixture text has moved."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    """The 1-based number of the first line containing fragment."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not found in {path}")


CHART_SPEC = re.compile(
    r'<div class="kc-chart" id="([^"]+)".*?<template class="kc-chart__spec"[^>]*>(.*?)</template>', re.S
)


def chart_specs(html: str) -> dict[str, dict]:
    """Each chart container's id and the figure JSON it carries."""
    return {chart_id: json.loads(text) for chart_id, text in CHART_SPEC.findall(html)}


DOCS = Path(__file__).resolve().parent.parent / "docs"
CHINESE_SUFFIX = ".zh.md"
# The English pages (docs/NAME.md) and their Chinese twins (docs/NAME.zh.md, built under zh/).
ENGLISH_PAGE_FILES = sorted(p for p in DOCS.glob("*.md") if not p.name.endswith(CHINESE_SUFFIX))
CHINESE_PAGE_FILES = sorted(DOCS.glob("*" + CHINESE_SUFFIX))


def built_page(file: Path) -> str:
    """Where a page of docs/ is in the built site: index.html, finances/index.html, zh/finances/index.html."""
    chinese = file.name.endswith(CHINESE_SUFFIX)
    stem = file.name[: -len(CHINESE_SUFFIX)] if chinese else file.stem
    path = "index.html" if stem == "index" else f"{stem}/index.html"
    return ("zh/" if chinese else "") + path


# Every page of both editions, as built, with its file in docs/.
PAGE_SOURCES = {built_page(p): p for p in ENGLISH_PAGE_FILES + CHINESE_PAGE_FILES}
BUILT_PAGES = list(PAGE_SOURCES)
