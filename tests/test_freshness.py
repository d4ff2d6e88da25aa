"""Staleness: a page's key figures must show the newest period in the data, and the build says
which periods each page shows."""

import pytest

from macros.errors import MacroCallError
from macros.freshness import latest_shown, stale_key_figures

NEW_QUARTER = "revenue,Q1 2026,2703.7,kc-q4-2025-results,reported,Synthetic row for a test.\n"


def test_latest_shown_per_frequency(catalog):
    shown = [
        catalog.observation("revenue", "FY2023"),
        catalog.observation("revenue", "Q2 2024"),
        catalog.observation("revenue", "FY2024"),
    ]
    assert {f: p.label for f, p in latest_shown(shown).items()} == {"annual": "FY2024", "quarterly": "Q2 2024"}


def test_lagging_key_figures_are_named(catalog):
    shown = [catalog.observation("revenue", "FY2024"), catalog.observation("revenue", "Q4 2025")]
    assert stale_key_figures(["revenue"], shown, catalog) == [
        "'revenue' is shown up to FY2024, but the data has FY2025"
    ]
    assert stale_key_figures(["revenue quarterly"], shown, catalog) == []
    assert stale_key_figures(["gross_profit annual"], shown, catalog) == [
        "'gross_profit' is a key figure but no annual value of it is shown (newest: FY2025)"
    ]
    with pytest.raises(
        MacroCallError, match="write 'revenue', or 'revenue' followed by one of annual, nine-monthly, half-yearly"
    ):
        stale_key_figures(["revenue yearly"], shown, catalog)


def test_the_build_reports_the_periods_each_page_shows(mini_site):
    result, _ = mini_site(
        {"index.md": '# T\n\n{{ value("revenue", "FY2023") }} and {{ value("revenue", "Q2 2024") }}\n'}
    )
    assert result.returncode == 0, result.stderr
    assert "Freshness: docs/index.md shows periods up to: FY2023, Q2 2024" in result.stdout + result.stderr


def test_a_new_quarter_keeps_latest_pages_fresh_and_stops_pages_that_name_an_old_one(mini_site):
    fresh = (
        '---\nkey_figures: [revenue quarterly]\n---\n\n# T\n\n{{ value("revenue", latest("revenue", "quarterly")) }}\n'
    )
    stale = '---\nkey_figures: [revenue quarterly]\n---\n\n# T\n\n{{ value("revenue", "Q4 2025") }}\n'

    def add_quarter(data):
        with (data / "financials.csv").open("a", encoding="utf-8") as f:
            f.write(NEW_QUARTER)

    result, site = mini_site({"index.md": fresh}, data_edit=add_quarter)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "RMB 2.70 billion" in (site / "index.html").read_text(encoding="utf-8")

    result, _ = mini_site({"index.md": stale}, data_edit=add_quarter)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/index.md: key figures lag the data: 'revenue' is shown up to Q4 2025, but the data has Q1 2026" in out
