"""`make diff` and the pull-request summary (scripts/data_changes.py): the values added, changed and
removed against a base revision, with their digits as written, status, source and pages; new or
changed sources, charts and events; and one line, never a traceback, when the base ref or the data
is bad.

Each test builds a throwaway git repository from a copy of the project's data/ and pages, commits
it as the base, edits the working tree and runs the script. Synthetic rows use periods after the
newest in the data and ids that cannot exist in it, so the tests survive the next quarter."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.core.periods import Period
from macros.load.schemas import METRIC
from scripts.data_changes import main
from tests.conftest import ROOT
from tests.helpers import replace_in

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
SOURCE_IDS = ("zz-test-only-release", "zz-test-only-news")
DATASET = "zz_test_only"


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True)


def commit(repo: Path, message: str = "base") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


def next_quarter(period: Period) -> Period:
    return Period(period.year, period.quarter + 1) if period.quarter < 4 else Period(period.year + 1, 1)


@pytest.fixture(scope="module")
def after_newest(catalog) -> tuple[Period, Period]:
    """The two quarters after the newest quarter in the data."""
    newest = max(o.period for ds in catalog.datasets.values() for o in ds.stored if o.period.frequency == "quarterly")
    first = next_quarter(newest)
    return first, next_quarter(first)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A throwaway git repository holding a copy of data/ and the pages, committed once."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "docs").mkdir()
    for page in (ROOT / "docs").glob("*.md"):
        shutil.copy(page, tmp_path / "docs" / page.name)
    git(tmp_path, "init", "-q")
    commit(tmp_path)
    return tmp_path


def run(repo: Path, capsys, *args: str, base: str = "HEAD") -> tuple[int, str, str]:
    code = main([base, "--repo", str(repo), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def summary(repo: Path, capsys, *args: str, base: str = "HEAD") -> str:
    code, out, err = run(repo, capsys, *args, base=base)
    assert (code, err) == (0, ""), err
    return out


def value_row(text: str, metric: str, period: str) -> list[str]:
    """The cells of the summary's row for a metric and period."""
    rows = [line for line in text.splitlines() if line.startswith("| ") and f" | {metric} | {period} | " in line]
    assert len(rows) == 1, f"no single row for {metric} {period} in:\n{text}"
    return [cell.strip() for cell in rows[0].strip("|").split(" | ")]


def add_sources(data: Path, catalog, after: Period) -> None:
    """Two sources that cannot exist in the data (a release and a news article), dated after `after`."""
    template = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    entries = []
    for source_id, kind in zip(SOURCE_IDS, ("release", "news"), strict=True):
        assert source_id not in catalog.sources
        entry = dict(next(e for e in template if e["kind"] == kind))
        entry.update(
            id=source_id,
            title=f"A synthetic {kind} for a test",
            publisher="Test Publisher",
            date=f"{after.year + 1}-01-15",
            url=f"https://example.com/{source_id}",
            reports="Synthetic values for a test.",
        )
        entries.append(entry)
    with (data / "sources.yml").open("a", encoding="utf-8") as f:
        f.write("\n" + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True))


def add_dataset(data: Path, rows: list[tuple[str, str, str, str, str]]) -> None:
    """A synthetic dataset of its own (so no real series has to keep up with it): metrics zz_a, zz_b
    and zz_c declared like a real metric, and the rows (metric, period, value, source, status)."""
    meta = yaml.safe_load((ROOT / "data" / "financials.meta.yml").read_text(encoding="utf-8"))
    model = next(spec for spec in meta["metrics"].values() if spec.get("sign") in ("positive", "any"))
    spec = {key: model[key] for key in METRIC["required"]}
    declared = {
        "title": "A synthetic dataset for a test",
        "description": "Values that exist only in a test.",
        "columns": meta["columns"],
        "metrics": {name: {**spec, "title": f"Synthetic {name}"} for name in ("zz_a", "zz_b", "zz_c")},
    }
    (data / f"{DATASET}.meta.yml").write_text(yaml.safe_dump(declared, sort_keys=False), encoding="utf-8")
    write_rows(data / f"{DATASET}.csv", list(meta["columns"]), rows)


def write_rows(path: Path, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([*row, *[""] * (len(columns) - len(row))])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def pages_naming(metric: str) -> set[str]:
    """The pages whose macro calls name the metric (examples in raw blocks aside), found independently
    of the script."""
    call = re.compile(r"\{\{[^}]*[\"']" + re.escape(metric) + r"[\"'][^}]*\}\}")
    raw = re.compile(r"\{% raw %\}.*?\{% endraw %\}", re.S)
    return {
        f"docs/{p.name}"
        for p in (ROOT / "docs").glob("*.md")
        if call.search(raw.sub("", p.read_text(encoding="utf-8")))
    }


def test_no_change_says_so(repo, capsys):
    assert "No values, sources, charts, events or facts differ." in summary(repo, capsys)


def test_values_added_changed_and_removed_keep_their_digits_status_and_source(repo, capsys, catalog, after_newest):
    first, second = after_newest
    release, news = SOURCE_IDS
    add_sources(repo / "data", catalog, second)
    add_dataset(
        repo / "data",
        [("zz_a", first.label, "100.50", release, "reported"), ("zz_b", first.label, "7", release, "reported")],
    )
    commit(repo)
    # Added (2650.0 as written), changed source and status (digits kept), removed.
    add_dataset(
        repo / "data",
        [("zz_a", first.label, "100.50", news, "secondary"), ("zz_c", first.label, "2650.0", release, "reported")],
    )
    text = summary(repo, capsys)

    assert "values: 1 added, 1 changed, 1 removed" in text
    assert value_row(text, "zz_c", first.label) == [
        "added",
        "zz_c",
        first.label,
        "–",
        "2650.0",
        "reported",
        release,
        "–",
    ]
    assert value_row(text, "zz_a", first.label) == [
        "changed", "zz_a", first.label, "100.50", "100.50", "reported → secondary", f"{release} → {news}", "–",
    ]  # fmt: skip
    assert value_row(text, "zz_b", first.label) == ["removed", "zz_b", first.label, "7", "–", "reported", release, "–"]
    assert "derived" not in text


def test_a_changed_real_value_lists_the_pages_that_show_it(repo, capsys, catalog):
    stored = [
        o for o in catalog.datasets["financials"].stored if o.metric == "revenue" and o.period.frequency == "annual"
    ]
    o = max(stored, key=lambda o: o.period)
    before = f"{o.value:.{o.decimals}f}"
    after = before + ("0" if "." in before else ".0")  # the same amount, one more digit: 2650 -> 2650.0
    replace_in(repo / o.path, f"\nrevenue,{o.period.label},{before},", f"\nrevenue,{o.period.label},{after},")
    text = summary(repo, capsys)

    kind, metric, period, old, new, status, source, pages = value_row(text, "revenue", o.period.label)
    assert (kind, metric, period, old, new, status, source) == (
        "changed",
        "revenue",
        o.period.label,
        before,
        after,
        o.status,
        o.source,
    )
    expected = pages_naming("revenue")
    assert expected and expected <= set(pages.split(", ")), pages


def test_a_built_site_adds_the_pages_whose_html_shows_the_value(repo, capsys, catalog, built_site):
    o = next(o for o in catalog.datasets["financials"].stored if o.metric == "revenue" and o.decimals == 0)
    line = (repo / o.path).read_text(encoding="utf-8").splitlines()[o.line - 1]
    assert line.startswith(f"revenue,{o.period.label},{o.value:.0f},")
    replace_in(repo / o.path, line, line.replace(f"{o.value:.0f},", f"{o.value:.0f}.0,", 1))
    without = value_row(summary(repo, capsys), "revenue", o.period.label)[-1]
    with_site = value_row(summary(repo, capsys, "--site", str(built_site)), "revenue", o.period.label)[-1]
    assert set(without.split(", ")) <= set(with_site.split(", "))


def test_new_source_changed_chart_and_new_event_are_listed(repo, capsys, catalog, after_newest):
    _, second = after_newest
    release, _ = SOURCE_IDS
    add_sources(repo / "data", catalog, second)
    commit(repo)
    # A changed chart: the title of a chart that a page shows.
    shown = {
        name
        for p in (ROOT / "docs").glob("*.md")
        for name in re.findall(r'chart\("(\w+)"\)', p.read_text(encoding="utf-8"))
    }
    chart = next(spec for name, spec in catalog.charts.items() if name in shown)
    charts = repo / "data" / "charts.yml"
    lines = charts.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i in range(chart.line, len(lines)) if lines[i].strip().startswith("title:"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines[at] = f"{indent}title: A retitled chart for a test\n"
    charts.write_text("".join(lines), encoding="utf-8")
    # A new source, and a new event citing it.
    new_source = "zz-test-only-filing"
    replace_in(repo / "data" / "sources.yml", f"id: {release}", f"id: {new_source}")
    events = repo / "data" / "events.csv"
    category = sorted(catalog.timeline.categories)[0]
    with events.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            [
                second.end_date,
                category,
                "A synthetic event for a test.",
                "一项用于测试的事件。",
                "",
                "",
                new_source,
                "reported",
            ]
        )
    text = summary(repo, capsys)

    assert f"- added `{new_source}`: A synthetic release for a test (Test Publisher, {second.year + 1}-01-15)" in text
    assert f"- removed `{release}`" in text
    chart_line = next(line for line in text.splitlines() if f"`{chart.name}`" in line)
    assert chart_line.startswith(f"- changed `{chart.name}`: A retitled chart for a test; title: ")
    assert "→ A retitled chart for a test" in chart_line
    pages = {
        f"docs/{p.name}"
        for p in (ROOT / "docs").glob("*.md")
        if f'chart("{chart.name}")' in p.read_text(encoding="utf-8")
    }
    assert all(page in chart_line for page in pages)
    assert f"- added `{second.end_date}`: {category}: A synthetic event for a test., {new_source}, reported" in text


def test_a_base_without_data_lists_everything_as_added(tmp_path, capsys):
    git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("Nothing yet.\n", encoding="utf-8")
    commit(tmp_path, "before data")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    text = summary(tmp_path, capsys)
    assert "has no data/ folder: everything below is new." in text
    assert "values: " in text and " added" in text and "removed" not in text.split("####")[0]


def test_a_bad_base_ref_is_one_line_without_a_traceback(repo):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "data_changes.py"),
            "nosuchref",
            "--repo",
            str(repo),
            "--prog",
            "make diff",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("make diff: 'nosuchref' is not a git ref. Fix: ")


def test_invalid_data_in_the_working_tree_is_its_own_one_line_message(repo, capsys, after_newest):
    first, _ = after_newest
    with (repo / "data" / "financials.csv").open("a", encoding="utf-8") as f:
        f.write(f"zz_no_such_metric,{first.label},1,zz-no-such-source,reported,\n")
    code, out, err = run(repo, capsys)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert re.match(r"data/financials\.csv:\d+ \(column 'metric'\): unknown metric 'zz_no_such_metric'\. .* Fix: ", err)


def test_invalid_data_at_the_base_is_one_line_naming_the_base(repo, capsys, after_newest):
    first, _ = after_newest
    financials = repo / "data" / "financials.csv"
    good = financials.read_text(encoding="utf-8")
    financials.write_text(good + f"zz_no_such_metric,{first.label},1,zz-no-such-source,reported,\n", encoding="utf-8")
    commit(repo, "broken")
    financials.write_text(good, encoding="utf-8")
    code, out, err = run(repo, capsys)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(
        "data_changes.py: the data at 'HEAD' does not load with this version of the code: data/financials.csv:"
    )
