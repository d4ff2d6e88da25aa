"""List the data values a change adds, removes or alters against a base revision, as Markdown.

Usage: python scripts/data_changes.py BASE_REV [--site SITE_DIR]

Reads data/ as it is now and as it was at BASE_REV (through git), compares them value by value, and,
given a built site, names the pages that show each changed value. CI appends the output to the
job summary of a pull request so that reviewers see at once which figures move."""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.catalog import Catalog, Observation  # noqa: E402
from macros.dataset import load_catalog  # noqa: E402
from macros.errors import DataError  # noqa: E402
from macros.numbers import plain_number  # noqa: E402


@dataclass(frozen=True)
class Change:
    metric: str
    period: str
    old: Observation | None
    new: Observation | None

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


def data_at(revision: str, repo: Path, target: Path) -> Path:
    """Extract data/ as it was at revision into target; return the folder."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "data"], cwd=repo, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "data"


def compare(old: Catalog, new: Catalog) -> list[Change]:
    def values(catalog: Catalog) -> dict[tuple[str, str], Observation]:
        return {(m, p.label): o for ds in catalog.datasets.values() for (m, p), o in ds.observations.items()}

    before, after = values(old), values(new)
    changes = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0], (before.get(k) or after[k]).period.sort_key)):
        o, n = before.get(key), after.get(key)
        if o is None or n is None or (o.value, o.source, o.status) != (n.value, n.source, n.status):
            changes.append(Change(key[0], key[1], o, n))
    return changes


def pages_showing(site: Path, catalog: Catalog) -> dict[tuple[str, str], list[str]]:
    """(metric, period) -> pages of the built site that show it in prose, a table or a chart."""
    shown: dict[tuple[str, str], set[str]] = {}
    chart_series = {name: spec.series for name, spec in catalog.charts.items()}
    for html_file in sorted(site.rglob("*.html")):
        page = "/" + str(html_file.relative_to(site).parent).replace(".", "").strip("/")
        text = html_file.read_text(encoding="utf-8")
        for metric, period in re.findall(r'data-metric="([^"]+)" data-period="([^"]+)"', text):
            shown.setdefault((metric, period), set()).add(page)
        for chart in re.findall(r'<div class="kc-chart" id="[^"]+" data-chart="([^"]+)"', text):
            for metric in chart_series.get(chart, ()):
                shown.setdefault((metric, "*"), set()).add(page)
    return {key: sorted(pages) for key, pages in shown.items()}


def report(changes: list[Change], pages: dict[tuple[str, str], list[str]] | None) -> str:
    if not changes:
        return "### Data changes\n\nNo data value changes against the base branch.\n"
    lines = ["### Data changes", "", f"{len(changes)} value(s) differ from the base branch.", ""]
    header = (
        "| metric | period | old | new | source | pages |"
        if pages is not None
        else "| metric | period | old | new | source |"
    )
    lines += [header, "|" + "---|" * (header.count("|") - 1)]
    for change in changes:
        old = plain_number(change.old.value) if change.old else "–"
        new = plain_number(change.new.value) if change.new else "removed"
        source = (change.new or change.old).source
        row = f"| {change.metric} | {change.period} | {old} | {new} | {source} |"
        if pages is not None:
            found = sorted(
                set(pages.get((change.metric, change.period), [])) | set(pages.get((change.metric, "*"), []))
            )
            row += f" {', '.join(found) or '–'} |"
        lines.append(row)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the revision to compare with, e.g. origin/main")
    parser.add_argument("--site", type=Path, help="a built site, to list the pages showing each value")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository (default: this one)")
    args = parser.parse_args(argv)
    new = load_catalog(args.repo / "data")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            old = load_catalog(data_at(args.base, args.repo, Path(tmp)))
        except DataError as error:
            print(f"### Data changes\n\nThe base revision's data does not load ({error}); nothing to compare.")
            return 0
        pages = pages_showing(args.site, new) if args.site else None
        print(report(compare(old, new), pages), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
