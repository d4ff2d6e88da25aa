"""No figure is typed into a page: every number a reader sees comes from data/ through a macro."""

import pytest

from macros.core.typed_figures import find_typed_figures
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def test_no_page_has_a_typed_figure():
    """Walks every Markdown page, front matter included, and lists each typed figure with its fix."""
    problems = []
    for page in sorted(DOCS.rglob("*.md")):
        path = str(page.relative_to(ROOT))
        problems += [f.message(path) for f in find_typed_figures(page.read_text(encoding="utf-8"))]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("prose", "typed"),
    [
        ("Revenue was RMB 9.06 billion.", "RMB 9.06 billion"),
        ("It grew 37.8% in a year.", "37.8%"),
        ("up 12 per cent", "12 per cent"),
        ("a margin up 5.5 pp", "5.5 pp"),
        ("raised US$510 million", "US$510 million"),
        ("a loss of 554.8 million yuan", "554.8 million"),
        ("营收90.61亿元", "90.61亿"),
        ("revenue of 6,577 in 2020", "6,577"),
        ("a ratio of 0.19 at most", "0.19"),
        ("HK$8.29 per share", "HK$8.29"),
    ],
)
def test_typed_figures_are_found(prose, typed):
    found = find_typed_figures(prose)
    assert [f.text for f in found] == [typed]


@pytest.mark.parametrize(
    "prose",
    [
        "Founded in 2012 and listed on 2020-05-08.",
        "In Q1 2025 and FY2024; the Hong Kong code is 3896.",
        "The Series D round, the top 5 customers, 15 ordinary shares per ADS.",
        'Revenue was {{ value("revenue", "FY2021") }}, {{ change("revenue", "FY2021") }}.',
        "Write `revenue,FY2021,9061` in the CSV.",
        "```csv\nrevenue,FY2021,9061.5\n```",
        "1. Add a row:\n\n    ```csv\n    revenue,Q1 2026,2703.7\n    ```\n",
        "See [the filing](https://example.com/report-1.5.pdf).",
        "<!-- 37.8% draft note -->",
    ],
)
def test_years_dates_periods_codes_macros_and_code_are_fine(prose):
    assert find_typed_figures(prose) == []


def test_the_message_gives_file_line_and_macro():
    page = "# Title\n\nSome text.\nRevenue grew 37.8% in 2021.\n"
    (found,) = find_typed_figures(page)
    assert found.message("docs/finances.md") == (
        "docs/finances.md:4: '37.8%' is a percentage typed into the page; "
        "use {{ change(...) }}, {{ share(...) }} or {{ value(...) }} of a percent metric."
    )


def test_a_typed_figure_stops_the_build(mini_site):
    page = "---\ndescription: A page.\n---\n\n# T\n\nRevenue was RMB 9.06 billion in 2021.\n"
    result, site = mini_site({"index.md": page})
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/index.md:7: 'RMB 9.06 billion' is a currency amount typed into the page" in out
    assert not (site / "index.html").exists()
