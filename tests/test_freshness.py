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


def test_a_balance_key_figure_older_than_the_newest_balance_date_is_refused_unless_its_metadata_says_why(tmp_path):
    """Home once showed cash at the end of one year beside results of the next: a balance item is
    as of the newest balance date of its dataset, or its metric declares why it stops earlier."""
    import shutil

    from macros.check.checked_catalog import load_catalog
    from tests.conftest import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "example_data", data)
    meta = (data / "balance.meta.yml").read_text(encoding="utf-8")
    debt = "  debt:\n    title: Bank loans\n    unit: RMB million\n    short_unit: RMB m\n    description: Bank loans.\n    decimals: 1\n    sign: positive\n    stock: true\n"
    (data / "balance.meta.yml").write_text(meta + debt, encoding="utf-8")
    with (data / "balance.csv").open("a", encoding="utf-8") as rows:
        rows.write("debt,2023-12-31,100.0,example-annual-report,reported,\n")
    # The end-2024 balance is a registered gap: the series is complete, but the headline would lag.
    with (data / "gaps.yml").open("a", encoding="utf-8") as gaps:
        gaps.write("- metric: debt\n  periods: [FY2024]\n  kind: not_available\n  searched: annual-reports-of-debt\n")
    searches = (data / "searches.yml").read_text(encoding="utf-8")
    (data / "searches.yml").write_text(
        searches + "- id: annual-reports-of-debt\n  text: The 2024 annual report.\n", encoding="utf-8"
    )
    catalog = load_catalog(data)
    shown = [catalog.observation("debt", "2023-12-31"), catalog.observation("cash", "2024-12-31")]
    (problem,) = stale_key_figures(["debt annual"], shown, catalog)
    assert problem.startswith("'debt' is a key figure at 2023-12-31, but the newest balance date in")
    assert "declare in its metadata why it stops earlier (last_reported, with the reason)" in problem
    reason = "    last_reported:\n    - period: FY2023\n      kind: not_reported\n      reason: The loans were repaid in 2024.\n"
    (data / "balance.meta.yml").write_text(meta + debt + reason, encoding="utf-8")
    gaps = (data / "gaps.yml").read_text(encoding="utf-8")
    (data / "gaps.yml").write_text(gaps.split("- metric: debt")[0], encoding="utf-8")
    (data / "searches.yml").write_text(searches, encoding="utf-8")
    catalog = load_catalog(data)
    shown = [catalog.observation("debt", "2023-12-31")]
    assert stale_key_figures(["debt annual"], shown, catalog) == []
