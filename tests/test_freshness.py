"""Staleness: a page's key figures must show the newest period in the data, and the build says
which periods each page shows."""

import pytest

from macros.check.freshness import latest_shown, stale_key_figures
from macros.core.errors import MacroCallError
from tests.next_quarter import add_next_quarter


def test_latest_shown_per_frequency(catalog):
    shown = [
        catalog.observation("revenue", "FY2023"),
        catalog.observation("revenue", "Q2 2024"),
        catalog.observation("revenue", "FY2024"),
    ]
    assert {f: p.label for f, p in latest_shown(shown).items()} == {"annual": "FY2024", "quarterly": "Q2 2024"}


def test_lagging_key_figures_are_named(catalog):
    year, quarter = catalog.latest_period("revenue", "annual"), catalog.latest_period("revenue", "quarterly")
    older = catalog.series("revenue", "annual")[-2].period
    shown = [catalog.observation("revenue", older.label), catalog.observation("revenue", quarter.label)]
    assert stale_key_figures(["revenue"], shown, catalog) == [
        f"'revenue' is shown up to {older.label}, but the data has {year.label}"
    ]
    assert stale_key_figures(["revenue quarterly"], shown, catalog) == []
    newest_profit = catalog.latest("gross_profit", "annual").period.label
    assert stale_key_figures(["gross_profit annual"], shown, catalog) == [
        f"'gross_profit' is a key figure but no annual value of it is shown (newest: {newest_profit})"
    ]
    with pytest.raises(
        MacroCallError, match="Fix: write 'revenue', or 'revenue' followed by one of annual, nine-monthly, half-yearly"
    ):
        stale_key_figures(["revenue yearly"], shown, catalog)


def test_the_build_reports_the_periods_each_page_shows(mini_site):
    result, _ = mini_site(
        {"index.md": '# T\n\n{{ value("revenue", "FY2023") }} and {{ value("revenue", "Q2 2024") }}\n'}
    )
    assert result.returncode == 0, result.stderr
    assert "Freshness: docs/index.md shows periods up to: FY2023, Q2 2024" in result.stdout + result.stderr


def test_a_new_quarter_keeps_latest_pages_fresh_and_stops_pages_that_name_an_old_one(mini_site, catalog):
    newest = catalog.latest_period("revenue", "quarterly")
    fresh = '---\nkey_figures: [revenue quarterly]\n---\n\n# T\n\n{{ value("revenue", latest_period("revenue", "quarterly")) }}\n'
    stale = f'---\nkey_figures: [revenue quarterly]\n---\n\n# T\n\n{{{{ value("revenue", "{newest.label}") }}}}\n'
    added = {}

    def add(data):
        added["quarter"] = add_next_quarter(data)

    result, site = mini_site({"index.md": fresh}, data_edit=add)
    assert result.returncode == 0, result.stdout + result.stderr
    q = added["quarter"]
    assert f'data-period="{q.period.label}"' in (site / "index.html").read_text(encoding="utf-8")

    result, _ = mini_site({"index.md": stale}, data_edit=add)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        f"docs/index.md: key figures lag the data: 'revenue' is shown up to {newest.label}, "
        f"but the data has {q.period.label}" in out
    )
