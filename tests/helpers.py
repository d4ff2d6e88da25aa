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
