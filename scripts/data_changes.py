"""Show what a change does to the data against a base revision, as Markdown.

Usage: python scripts/data_changes.py [BASE] [--site SITE_DIR]      (make diff BASE=main)

Reads data/ as it is in the working tree and as it was at BASE (through git archive into a temporary
folder, both loaded by macros.check.checked_catalog.load_catalog) and lists the values added, changed and removed
(metric, period, old and new value as written, status and source; derived values are left out, as
they follow from the stored ones), then the sources, charts, events and facts added, changed or
removed, each with the pages that show it. Pages are found in docs/*.md: the macro calls that name
the metric, the charts whose series include it, the statements that list it; given a built site
(--site), also the pages whose HTML carries the value.

CI appends the output to a pull request's job summary; `make diff` prints the same. A bad base ref or
data that does not load gives one line on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import dataclasses
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.check.checked_catalog import load_catalog  # noqa: E402
from macros.compute.catalog import Catalog  # noqa: E402
from macros.compute.statements import STATEMENTS  # noqa: E402
from macros.core.errors import DataError  # noqa: E402
from macros.core.model import Observation  # noqa: E402
from macros.core.periods import Period  # noqa: E402
from macros.pages.page_calls import macro_calls  # noqa: E402

NONE = "–"
# Fields that only say where something is written; moving it is not a change.
POSITION_FIELDS = {"line", "where", "path"}
SHOWN_LENGTH = 90


class Failure(Exception):
    """Something that stops the comparison, said in one line. A data error in the working tree is
    printed as it is (it starts with the file and line to fix); others are prefixed by the command."""

    def __init__(self, message: str, bare: bool = False):
        super().__init__(message)
        self.bare = bare


# --- reading the two sides -------------------------------------------------------------------------


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True)
    except FileNotFoundError:
        raise Failure("git is not installed. Fix: install git, or run from a clone of the repository.") from None


def resolve(base: str, repo: Path) -> str:
    """The commit that base names in repo."""
    if git(repo, "rev-parse", "--git-dir").returncode != 0:
        raise Failure(f"{repo} is not a git repository. Fix: run from a clone of the project.")
    found = (
        None
        if not base or base.startswith("-")
        else git(repo, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    )
    if found is None or found.returncode != 0:
        raise Failure(
            f"'{base}' is not a git ref. Fix: name a branch, tag or commit that exists here, e.g. "
            "'make diff BASE=origin/main' (git branch -a lists them; a shallow clone needs 'git fetch origin main' first)."
        )
    return found.stdout.decode().strip()


def data_at(commit: str, repo: Path, target: Path) -> Path | None:
    """Extract data/ as it was at commit into target and return it, or None if there was no data/."""
    if not git(repo, "ls-tree", "--name-only", commit, "data").stdout.strip():
        return None
    archive = git(repo, "archive", "--format=tar", commit, "data")
    if archive.returncode != 0:
        raise Failure(f"git archive {commit[:12]} data failed: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:  # Python before 3.11.4; the archive is the project's own history
            tar.extractall(target)
    return target / "data"


def load(data_dir: Path, where: str) -> Catalog:
    """The catalog of a data folder; an error becomes one line (its own message, prefixed by where)."""
    try:
        return load_catalog(data_dir)
    except DataError as error:
        raise Failure(where + one_line(str(error)), bare=not where) from None
    except Exception as error:  # the summary must say what is wrong, never print a traceback
        raise Failure(f"{where}{data_dir} does not load: {type(error).__name__}: {one_line(str(error))}") from None


def empty_catalog() -> Catalog:
    return Catalog(sources={}, datasets={}, charts={})


def one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


# --- comparing ---------------------------------------------------------------------------------------


def written(value: float | None, decimals: int) -> str:
    """A number with the digits written in the CSV: 2650.0 stays 2650.0, 9559 stays 9559."""
    return "" if value is None else f"{value:.{decimals}f}"


VALUE_FIELDS = {
    "value": lambda o: written(o.value, o.decimals),
    "status": lambda o: o.status,
    "source": lambda o: o.source,
    "alternative": lambda o: written(o.alternative, o.alternative_decimals),
    "alternative_source": lambda o: o.alternative_source,
    "note": lambda o: o.note,
}


@dataclass(frozen=True)
class ValueChange:
    metric: str
    period: Period
    old: Observation | None
    new: Observation | None
    fields: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


@dataclass(frozen=True)
class ItemChange:
    """A source, chart, event or fact added, removed or changed (with each changed field, old and new)."""

    kind: str
    key: str
    label: str
    fields: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()


def stored_values(catalog: Catalog) -> dict[tuple[str, str], Observation]:
    return {(o.metric, o.period.label): o for ds in catalog.datasets.values() for o in ds.stored}


def compare_values(old: Catalog, new: Catalog) -> list[ValueChange]:
    before, after = stored_values(old), stored_values(new)
    changes = []
    for key in before.keys() | after.keys():
        o, n = before.get(key), after.get(key)
        if o is None or n is None:
            changes.append(ValueChange(key[0], (o or n).period, o, n))
            continue
        differ = tuple(name for name, get in VALUE_FIELDS.items() if get(o) != get(n))
        if differ:
            changes.append(ValueChange(key[0], n.period, o, n, differ))
    return sorted(changes, key=lambda c: (c.metric, c.period.sort_key))


def shown(value) -> str:
    """A field's value in one short line: periods by label, tuples joined, long text cut."""
    if isinstance(value, Period):
        text = value.label
    elif isinstance(value, tuple):
        text = ", ".join(
            ": ".join(shown(v) for v in item) if isinstance(item, tuple) else shown(item) for item in value
        )
    elif value is None or value == "":
        text = NONE
    else:
        text = str(value)
    text = one_line(text)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def field_changes(old, new) -> tuple[str, ...]:
    """Each field that differs, as 'name: old → new' (for a list: what it gained and lost)."""
    found = []
    for f in dataclasses.fields(old):
        before, after = getattr(old, f.name), getattr(new, f.name)
        if f.name in POSITION_FIELDS or before == after:
            continue
        if isinstance(before, tuple) and isinstance(after, tuple):
            gained = [shown((x,)) for x in after if x not in before]
            lost = [shown((x,)) for x in before if x not in after]
            parts = ([f"added {', '.join(gained)}"] if gained else []) + (
                [f"removed {', '.join(lost)}"] if lost else []
            )
            found.append(f"{f.name}: {'; '.join(parts) or 'reordered'}")
        else:
            found.append(f"{f.name}: {shown(before)} → {shown(after)}")
    return tuple(found)


def compare_items(old: dict, new: dict, label, pages) -> list[ItemChange]:
    """Items keyed by id (sources, charts, facts)."""
    changes = []
    for key in sorted(old.keys() | new.keys()):
        o, n = old.get(key), new.get(key)
        if o is None or n is None:
            changes.append(ItemChange("added" if o is None else "removed", key, label(o or n), pages=pages(key)))
        elif differ := field_changes(o, n):
            changes.append(ItemChange("changed", key, label(n), differ, pages(key)))
    return changes


def event_key(event) -> tuple:
    fields = [getattr(event, f.name) for f in dataclasses.fields(event) if f.name not in POSITION_FIELDS]
    # The Chinese forms are a mapping; a change to them is a change to the event.
    return tuple(tuple(sorted(v.items())) if isinstance(v, dict) else v for v in fields)


def compare_events(old: Catalog, new: Catalog, pages) -> list[ItemChange]:
    """Events have no id: those that differ in any field are paired by date and category as changed;
    the others are added or removed."""
    before = [e for e in (old.timeline.events if old.timeline else ())]
    after = [e for e in (new.timeline.events if new.timeline else ())]
    kept = {event_key(e) for e in before} & {event_key(e) for e in after}
    removed = [e for e in before if event_key(e) not in kept]
    added = [e for e in after if event_key(e) not in kept]
    changes = []
    for event in added:
        twin = next((e for e in removed if (e.date, e.category) == (event.date, event.category)), None)
        if twin is not None:
            removed.remove(twin)
            changes.append(
                ItemChange("changed", event.date.label, event_label(event), field_changes(twin, event), pages(event))
            )
        else:
            changes.append(ItemChange("added", event.date.label, event_label(event), pages=pages(event)))
    changes += [ItemChange("removed", e.date.label, event_label(e), pages=pages(e)) for e in removed]
    return sorted(changes, key=lambda c: (c.key, c.kind))


def event_label(event) -> str:
    figure = f" ({event.metric} {event.period})" if event.metric else ""
    return f"{event.category}: {shown(event.text)}{figure}, {event.source}, {event.status}"


# --- pages -------------------------------------------------------------------------------------------


def calls_in(text: str) -> list[tuple[str, list[str]]]:
    """Each macro call of a page with its literal string arguments (the build's own finder)."""
    return [(c.name, [a for a in c.args if isinstance(a, str)]) for c in macro_calls(text)]


@dataclass
class Pages:
    """Which docs pages name each metric, chart, source, fact and event category."""

    metrics: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    charts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sources: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    facts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    timelines: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # "" = every category
    # From a built site: (metric, period label) -> pages whose HTML carries the value.
    values: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    def of_metric(self, metric: str, period: str, catalogs: Iterable[Catalog]) -> list[str]:
        found = set(self.metrics.get(metric, ())) | set(self.values.get((metric, period), ()))
        for catalog in catalogs:
            for name, spec in catalog.charts.items():
                if metric in spec.series:
                    found |= self.charts.get(name, set())
            if catalog.timeline is not None:
                for event in catalog.timeline.events:
                    if (event.metric, event.period) == (metric, period):
                        found |= self.of_category(event.category)
        return sorted(found)

    def of_category(self, category: str) -> set[str]:
        return set(self.timelines.get("", ())) | set(self.timelines.get(category, ()))


def statement_metrics(kind: str) -> list[str]:
    """The metrics a financial statement lists (its rows are (metric, depth) pairs)."""
    _, rows = STATEMENTS.get(kind, ("", []))
    return [row[0] if isinstance(row, tuple) else row for row in rows]


def find_pages(docs: Path, metric_names: set[str], site: Path | None = None) -> Pages:
    pages = Pages()
    for page in sorted(docs.glob("*.md")) if docs.is_dir() else ():
        name = f"docs/{page.name}"
        for call, args in calls_in(page.read_text(encoding="utf-8")):
            if call == "chart":
                targets = [(pages.charts, a) for a in args[:1]]
            elif call == "statement":
                targets = [(pages.metrics, m) for a in args[:1] for m in statement_metrics(a)]
            elif call == "timeline":
                targets = [(pages.timelines, a) for a in args] or [(pages.timelines, "")]
            elif call == "cite":
                targets = [(pages.sources, a) for a in args]
            elif call.startswith("fact"):
                targets = [(pages.facts, a) for a in args]
            else:
                targets = [(pages.metrics, a) for a in args if a in metric_names]
            for index, key in targets:
                index[key].add(name)
    if site is not None:
        for html in sorted(site.rglob("*.html")):
            folder = html.relative_to(site).parent
            doc = docs / f"{folder.as_posix() if str(folder) != '.' else 'index'}.md"
            name = f"docs/{doc.name}" if doc.exists() else f"/{folder.as_posix()}/".replace("/./", "/")
            text = html.read_text(encoding="utf-8")
            for metric, period in re.findall(r'data-metric="([^"]+)" data-period="([^"]+)"', text):
                pages.values[(metric, period)].add(name)
    return pages


# --- the summary ----------------------------------------------------------------------------------


def cell(text: str) -> str:
    return one_line(text).replace("|", "\\|") or NONE


def arrow(old: str, new: str) -> str:
    return new if old == new else f"{old} → {new}"


def value_rows(changes: list[ValueChange], pages: Pages, catalogs: list[Catalog]) -> list[str]:
    lines = [
        "| change | metric | period | old | new | status | source | pages |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in changes:
        old = VALUE_FIELDS["value"](c.old) if c.old else NONE
        new = VALUE_FIELDS["value"](c.new) if c.new else NONE
        status = arrow(c.old.status, c.new.status) if c.old and c.new else (c.new or c.old).status
        source = arrow(c.old.source, c.new.source) if c.old and c.new else (c.new or c.old).source
        kind = c.kind
        others = [f for f in c.fields if f not in ("value", "status", "source")]
        if others:
            kind += f" ({'; '.join(f'{f}: {arrow(shown(VALUE_FIELDS[f](c.old)), shown(VALUE_FIELDS[f](c.new)))}' for f in others)})"
        where = ", ".join(pages.of_metric(c.metric, c.period.label, catalogs))
        row = (kind, c.metric, c.period.label, old, new, status, source, where)
        lines.append("| " + " | ".join(cell(x) for x in row) + " |")
    return lines


def item_lines(changes: list[ItemChange]) -> list[str]:
    lines = []
    for c in changes:
        line = f"- {c.kind} `{c.key}`: {c.label}"
        if c.fields:
            line += "; " + "; ".join(c.fields)
        if c.pages:
            line += f" (pages: {', '.join(c.pages)})"
        lines.append(line)
    return lines


def count(changes, noun: str) -> str:
    kinds = Counter(c.kind for c in changes)
    parts = ", ".join(f"{kinds[k]} {k}" for k in ("added", "changed", "removed") if kinds[k])
    return f"{noun}s: {parts}"


def report(base: str, old: Catalog, new: Catalog, pages: Pages, base_has_data: bool = True) -> str:
    catalogs = [new, old]
    values = compare_values(old, new)
    sources = compare_items(
        old.sources,
        new.sources,
        lambda s: f"{s.title} ({s.publisher}, {s.date})",
        lambda k: tuple(sorted(pages.sources.get(k, ()))),
    )
    charts = compare_items(old.charts, new.charts, lambda c: c.title, lambda k: tuple(sorted(pages.charts.get(k, ()))))
    events = compare_events(old, new, lambda e: tuple(sorted(pages.of_category(e.category))))
    facts = compare_items(
        old.facts, new.facts, lambda f: f"{f.label}: {f.text}", lambda k: tuple(sorted(pages.facts.get(k, ())))
    )
    lines = [f"### Data changes against `{base}`", ""]
    if not base_has_data:
        lines += [f"`{base}` has no data/ folder: everything below is new.", ""]
    sections = [(values, "value"), (sources, "source"), (charts, "chart"), (events, "event"), (facts, "fact")]
    if not any(changes for changes, _ in sections):
        return "\n".join([*lines, "No values, sources, charts, events or facts differ."]) + "\n"
    lines += ["; ".join(count(changes, noun) for changes, noun in sections if changes) + ".", ""]
    if values:
        lines += ["#### Values", "", *value_rows(values, pages, catalogs), ""]
    for changes, title in ((sources, "Sources"), (charts, "Charts"), (events, "Events"), (facts, "Facts")):
        if changes:
            lines += [f"#### {title}", "", *item_lines(changes), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="main", help="the revision to compare with (default: main)")
    parser.add_argument("--site", type=Path, help="a built site: also list the pages whose HTML shows each value")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository (default: this one)")
    parser.add_argument("--prog", default="data_changes.py", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        commit = resolve(args.base, args.repo)
        new = load(args.repo / "data", "")
        with tempfile.TemporaryDirectory() as tmp:
            base_data = data_at(commit, args.repo, Path(tmp))
            old = (
                load(base_data, f"the data at '{args.base}' does not load with this version of the code: ")
                if base_data
                else empty_catalog()
            )
        if args.site is not None and not args.site.is_dir():
            raise Failure(f"--site {args.site}: no built site there. Fix: run 'make build' first, or leave out --site.")
        names = set(new.metrics) | set(old.metrics)
        pages = find_pages(args.repo / "docs", names, args.site)
    except Failure as failure:
        print(failure if failure.bare else f"{args.prog}: {failure}", file=sys.stderr)
        return 1
    print(report(args.base, old, new, pages, base_has_data=base_data is not None), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
