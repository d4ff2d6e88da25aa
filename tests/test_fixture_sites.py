"""Miniature sites built with the real configuration: one good (the control) and many broken. A page
author's mistake stops the build with exactly one line per mistake, `docs/PAGE.md:LINE: {{ call }}:
what is wrong. Fix: ...`, counted in the file as the author sees it, with no traceback and no page
left behind to publish."""

import re

import pytest

from macros.core.numbers import format_value
from macros.core.periods import Period
from tests.conftest import ROOT

FRONT = "---\ndescription: A test page.\n---\n\n"


def output(result) -> str:
    return result.stdout + result.stderr


def mistakes(result) -> list[str]:
    """The lines the build printed that name a page (MkDocs adds its own framing around them)."""
    return [line.split(" -  ", 1)[-1] for line in output(result).splitlines() if "docs/index.md" in line]


def test_control_a_valid_page_builds_and_shows_the_data(mini_site, catalog):
    o = catalog.observation("revenue", "FY2021")
    result, site = mini_site({"index.md": '# Test\n\nRevenue in 2021 was {{ value("revenue", "FY2021") }}.\n'})
    assert result.returncode == 0, output(result)
    metric = catalog.metric("revenue")
    assert format_value(o.value, metric.unit, metric.decimals_for(o)) in (site / "index.html").read_text(
        encoding="utf-8"
    )


# Each case: the call (on line 8 of the file, after four lines of front matter and a heading), and the
# one line the build must print for it.
CASES = {
    "too few arguments": (
        '{{ value("revenue") }}',
        "docs/index.md:8: {{ value(\"revenue\") }}: missing a required argument: 'period'. Fix: write it as value(metric, period).",
    ),
    "too many arguments": (
        '{{ value("revenue", "FY2021", "FY2020") }}',
        'docs/index.md:8: {{ value("revenue", "FY2021", "FY2020") }}: too many positional arguments. Fix: write it as value(metric, period).',
    ),
    "wrong argument name": (
        '{{ value("revenue", periode="FY2021") }}',
        'docs/index.md:8: {{ value("revenue", periode="FY2021") }}: missing a required argument: \'period\'. Fix: write it as value(metric, period).',
    ),
    "unknown macro": (
        '{{ valu("revenue", "FY2021") }}',
        "docs/index.md:8: {{ valu(\"revenue\", \"FY2021\") }}: unknown macro 'valu'. Did you mean 'value'? Fix: use one of the macros listed on the Contributing page.",
    ),
    "unquoted argument": (
        '{{ value(revenue, "FY2021") }}',
        'docs/index.md:8: {{ value(revenue, "FY2021") }}: \'revenue\' is not defined: a name, a period or an id must be quoted. Fix: write "revenue" in quotes.',
    ),
    "template syntax error": (
        '{{ value("revenue", "FY2021" }}',
        "docs/index.md:8: {{ value(\"revenue\", \"FY2021\" }}: template syntax error: unexpected '}', expected ')'. Fix: check the braces, quotes and parentheses of the macro call on that line.",
    ),
    "unknown metric": (
        '{{ value("revenu", "FY2021") }}',
        "docs/index.md:8: {{ value(\"revenu\", \"FY2021\") }}: unknown metric 'revenu'. Did you mean 'revenue'",
    ),
    "unknown chart": (
        '{{ chart("anual_revenue") }}',
        "docs/index.md:8: {{ chart(\"anual_revenue\") }}: unknown chart 'anual_revenue'. Did you mean 'annual_revenue'",
    ),
    "unknown source": (
        '{{ cite("kc-424b5") }}',
        "docs/index.md:8: {{ cite(\"kc-424b5\") }}: unknown source 'kc-424b5'.",
    ),
    "unknown dataset": (
        '{{ download("financial") }}',
        "docs/index.md:8: {{ download(\"financial\") }}: unknown dataset 'financial'. Did you mean 'financials'",
    ),
    "unknown fact": (
        '{{ fact("ceo") }}',
        "docs/index.md:8: {{ fact(\"ceo\") }}: unknown fact 'ceo'.",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_page_mistake_is_one_line_at_the_call(case, mini_site):
    call, expected = CASES[case]
    # Line 7 mentions the metric in prose, so a locator that matched substrings would pick it.
    page = FRONT + "# Test\n\nRevenue grew; revenue is the revenue line.\n" + call + "\n\nMore text.\n"
    result, site = mini_site({"index.md": page})
    assert result.returncode != 0
    lines = mistakes(result)
    assert len(lines) == 1, output(result)
    assert lines[0].startswith(expected), lines[0]
    assert " Fix: " in lines[0]
    assert "Traceback" not in output(result)
    assert not (site / "index.html").exists()


def test_an_unknown_period_names_the_nearest_periods(mini_site):
    result, _ = mini_site({"index.md": '# T\n\n{{ change("revenue", "FY2030") }}\n'})
    assert result.returncode != 0
    (line,) = mistakes(result)
    assert line.startswith('docs/index.md:3: {{ change("revenue", "FY2030") }}: no value of \'revenue\' for FY2030')
    assert "Nearest periods with a value:" in line and " Fix: " in line


def test_several_mistakes_are_one_line_each_in_page_order(mini_site):
    page = '# T\n\n{{ value("revenu", "FY2021") }}\n\n{{ value("revenue", "FY1999") }}\n\n{{ cite("nope") }}\n'
    result, _ = mini_site({"index.md": page})
    lines = mistakes(result)
    assert [re.match(r"docs/index.md:(\d+):", line).group(1) for line in lines] == ["3", "5", "7"]
    assert "Traceback" not in output(result)


def test_a_call_that_depends_on_a_failed_call_adds_no_second_line(mini_site):
    result, _ = mini_site({"index.md": '# T\n\n{{ value("revenue", latest_period("revenu")) }}\n'})
    (line,) = mistakes(result)
    assert line.startswith(
        'docs/index.md:3: {{ value("revenue", latest_period("revenu")) }}: unknown metric \'revenu\''
    )


def test_twelve_months_over_an_incomplete_year_stop_the_build(mini_site, catalog):
    quarters = sorted(catalog.by_period("net_loss", "quarterly"))
    # A quarter on record whose trailing twelve months lack one of the three quarters before it.
    gap = next(
        q for q in quarters if q.year > quarters[0].year and any(p not in quarters for p in _three_quarters_before(q))
    )
    result, _ = mini_site({"index.md": f'# T\n\n{{{{ ttm("net_loss", "{gap.label}") }}}}\n'})
    (line,) = mistakes(result)
    assert "need all four quarters of 'net_loss'" in line and " Fix: " in line


def _three_quarters_before(quarter):
    found, q = [], quarter
    for _ in range(3):
        q = Period(q.year - 1, quarter=4) if q.quarter == 1 else Period(q.year, quarter=q.quarter - 1)
        found.append(q)
    return found


def test_bad_data_stops_the_build_before_any_page(mini_site):
    def break_value(data):
        path = data / "financials.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        fields = lines[1].split(",")
        fields[2] = "n/a"
        lines[1] = ",".join(fields)
        path.write_text("".join(lines), encoding="utf-8")

    result, site = mini_site({"index.md": "# T\n"}, data_edit=break_value)
    assert result.returncode != 0
    assert "Invalid data: data/financials.csv:2 (column 'value'): value 'n/a' is not a plain number." in output(result)
    assert "Traceback" not in output(result)
    assert not (site / "index.html").exists()


def test_a_broken_internal_link_fails_the_strict_build(mini_site):
    result, _ = mini_site({"index.md": "# T\n\nSee [the missing page](missing.md).\n"})
    assert result.returncode != 0
    assert "missing.md" in output(result)


def test_a_chart_placed_on_no_page_stops_a_whole_site(mini_site):
    def declare_unplaced(data):
        with (data / "charts.yml").open("a", encoding="utf-8") as f:
            f.write("\nunplaced_example:\n  title: Example\n  kind: bar\n  frequency: annual\n  series: [revenue]\n")

    result, _ = mini_site(None, data_edit=declare_unplaced)
    assert result.returncode != 0
    contributing = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    shown = re.search(
        r"data/charts.yml:\d+: chart 'unplaced_example' is declared but placed on no page\..*", contributing
    )
    assert shown and re.sub(r":\d+:", ":N:", shown.group(0)) in re.sub(r":\d+:", ":N:", output(result))
    assert re.search(
        r"data/charts.yml:\d+: chart 'unplaced_example' is declared but placed on no page\. "
        r'Fix: place it with \{\{ chart\("unplaced_example"\) \}\} on a page, or delete its declaration\.',
        output(result),
    )


def test_a_claim_the_data_no_longer_supports_stops_the_build(mini_site, catalog):
    """`every(...)` states that every year had a loss; a year with a profit makes the sentence false."""
    page = '# T\n\nThe company made a loss {{ every("net_loss", "annual", above=0) }}.\n'
    # A year no derivation or stated growth rate uses: either would stop the build first, at its own row.
    used = " ".join(d.formula for d in catalog.derivations)
    stated = {p for s in catalog.stated_changes if s.metric == "net_loss" for p in (s.period, s.base)}
    first = next(
        o
        for o in catalog.series("net_loss", "annual")
        if f'net_loss["{o.period.label}"]' not in used and o.period not in stated
    )

    def make_a_profit(data):
        path = data / "financials.csv"
        text = path.read_text(encoding="utf-8").splitlines(keepends=True)
        row = first.line - 1
        fields = text[row].split(",")
        fields[2] = "0"
        text[row] = ",".join(fields)
        path.write_text("".join(text), encoding="utf-8")

    result, _ = mini_site({"index.md": page})
    assert result.returncode == 0, output(result)
    result, _ = mini_site({"index.md": page}, data_edit=make_a_profit)
    (line,) = mistakes(result)
    assert line.startswith(
        f'docs/index.md:3: {{{{ every("net_loss", "annual", above=0) }}}}: the claim that \'net_loss\' is above 0 '
        f"in every annual period no longer holds: {first.period.label} is"
    )


def test_links_to_anchors_inside_a_chart_or_statement_are_checked(mini_site):
    """Charts and statements reach the page after Markdown (macros/pages/html_blocks.py); a link to an id
    inside one still works, and a link to an id that is not there still stops the build."""
    page = (
        FRONT
        + '# Test\n\n{{ chart("annual_revenue") }}\n\n{{ statement("income") }}\n\n'
        + "See [the chart](#chart-annual-revenue) and [its data](index.md#chart-annual-revenue).\n"
    )
    result, site = mini_site({"index.md": page})
    assert result.returncode == 0, output(result)
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="chart-annual-revenue"' in html and 'href="#chart-annual-revenue"' in html
    assert "data-kc-block" not in html, "every block set aside is put back"
    assert html.count("<caption>Income statement") == 1

    result, _ = mini_site({"index.md": page.replace("(#chart-annual-revenue)", "(#chart-annual-revenu)")})
    assert result.returncode != 0
    assert "chart-annual-revenu" in output(result) and "anchor" in output(result)
