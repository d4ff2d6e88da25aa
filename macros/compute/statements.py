"""The three financial statements as tables of the data: which metrics each shows, in which order,
and their values by year, by quarter or over the trailing twelve months (computed from four quarters).
Used by the statement macro (HTML) and by the site's downloads (CSV)."""

from __future__ import annotations

from dataclasses import dataclass

from macros.compute.catalog import Catalog
from macros.compute.formulas import MissingInput, evaluate, parse_formula
from macros.core.language import Phrases
from macros.core.model import Metric, Observation, derived_observation
from macros.core.periods import Frequency, Period, four_quarters_to, periods_between

# (metric, depth): depth 1 rows are parts of the row above them.
STATEMENTS = {
    "income": (
        "Income statement",
        [
            ("revenue", 0),
            ("revenue_public_cloud", 1),
            ("revenue_enterprise_cloud", 1),
            ("revenue_other", 1),
            ("cost_of_revenue", 0),
            ("gross_profit", 0),
            ("gross_margin", 1),
            ("adjusted_gross_profit", 0),
            ("adjusted_gross_margin", 1),
            ("selling_marketing_expense", 0),
            ("general_admin_expense", 0),
            ("rd_expense", 0),
            ("impairment", 0),
            ("total_operating_expenses", 0),
            ("operating_loss", 0),
            ("adjusted_operating_result", 0),
            ("loss_before_tax", 0),
            ("net_loss", 0),
            ("net_loss_attributable", 0),
            ("adjusted_net_result", 0),
            ("adjusted_ebitda", 0),
            ("adjusted_ebitda_margin", 1),
            ("net_loss_per_share", 0),
            ("net_loss_per_ads", 0),
            ("weighted_average_shares", 0),
        ],
    ),
    "balance": (
        "Balance sheet",
        [
            ("cash_and_equivalents", 0),
            ("restricted_cash", 0),
            ("short_term_investments", 0),
            ("accounts_receivable", 0),
            ("total_assets", 0),
            ("short_term_bank_loans", 0),
            ("long_term_bank_loans", 0),
            ("total_liabilities", 0),
            ("equity_attributable", 0),
            ("total_equity", 0),
            ("cash_and_short_term_investments", 0),
            ("net_cash", 0),
            ("accumulated_deficit", 0),
            ("shares_outstanding", 0),
        ],
    ),
    "cash_flow": (
        "Cash flow",
        [
            ("operating_cash_flow", 0),
            ("investing_cash_flow", 0),
            ("financing_cash_flow", 0),
            ("capex", 0),
            ("free_cash_flow", 0),
        ],
    ),
}
VIEWS = {Frequency.ANNUAL: "by fiscal year", Frequency.QUARTERLY: "by quarter", "ttm": "trailing twelve months"}
# The statements' and views' titles as readers read them, in both languages (keyed as above).
say = Phrases(
    income=("Income statement", "利润表"),
    balance=("Balance sheet", "资产负债表"),
    cash_flow=("Cash flow", "现金流量表"),
    annual=("by fiscal year", "按财年"),
    quarterly=("by quarter", "按季度"),
    ttm=("trailing twelve months", "滚动十二个月"),
    title=("{statement}, {view}", "{statement}（{view}）"),
)


def statement_title(kind: str, view: str) -> str:
    """A statement view's title in the edition's language: "Income statement, by fiscal year"."""
    return say("title", statement=say(kind), view=say(str(view)))


# A view shows the lines and periods the data can fill: at most this share of its cells may be empty.
# The sparsest line or period is left out until it is; the newest period and the first line (the
# headline) always stay, and the lines left out are named under the table.
MAX_EMPTY = 0.15


class UnfilledView(ValueError):
    """A statement view with too few figures to be worth a table."""

    def __init__(self, title: str, kind: str, view: str):
        self.title, self.kind, self.view = title, kind, view
        super().__init__(f"the {title.lower()} has too few figures for a table.")


@dataclass(frozen=True)
class StatementTable:
    kind: str
    view: str
    title: str
    periods: list[Period]
    rows: list[tuple[Metric, int, list[Observation | None]]]
    # Lines the data know for too few of the periods shown, each with the periods it has, and the
    # earlier periods left out for having too few lines: named under the table, in the downloads whole.
    left_out_rows: tuple[tuple[Metric, tuple[Period, ...]], ...] = ()
    left_out_periods: tuple[Period, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.view}"


def statement_table(catalog: Catalog, kind: str, view: str) -> StatementTable:
    """The statement's rows (metrics present in the data) and columns (periods, newest first)."""
    title, layout = STATEMENTS[kind]
    metrics = [(catalog.metrics[name], depth) for name, depth in layout if name in catalog.metrics]
    frequency = Frequency.ANNUAL if view == Frequency.ANNUAL else Frequency.QUARTERLY
    values = {m.name: catalog.by_period(m.name, frequency) for m, _ in metrics}
    present = sorted({p for v in values.values() for p in v})
    if not present:
        raise ValueError(f"no {frequency} values for the {title.lower()}.")
    periods = periods_between(present[0], present[-1])
    if view == "ttm":
        # The first twelve months that can be complete end with the fourth quarter on record.
        periods = periods[3:]
        ttm = _ttm_values(catalog, [m for m, _ in metrics], values, periods)
        rows = [(m, depth, [ttm[m.name].get(p) for p in periods]) for m, depth in metrics]
    else:
        rows = [(m, depth, [values[m.name].get(p) for p in periods]) for m, depth in metrics]
    rows = [row for row in rows if any(row[2])]
    all_periods = list(periods)
    periods, kept, dropped_rows = _fill(periods, rows)
    if len(kept) < 2 or len(periods) < 2:
        raise UnfilledView(f"{title}, {VIEWS[view]}", kind, view)
    left_out_rows = tuple(
        (m, tuple(p for p, c in zip(all_periods, cells, strict=True) if c is not None)) for m, _, cells in dropped_rows
    )
    left_out_periods = tuple(p for p in all_periods if p not in periods)
    periods.reverse()
    kept = [(m, depth, list(reversed(cells))) for m, depth, cells in kept]
    return StatementTable(kind, view, statement_title(kind, view), periods, kept, left_out_rows, left_out_periods)


def statement_tables(catalog: Catalog) -> list[StatementTable]:
    """Every statement view the data can fill, in order: what the Statements page can show, and what
    the downloads (the CSVs and the workbook) give, so that the three never differ."""
    tables = []
    for kind in STATEMENTS:
        for view in VIEWS:
            if kind == "balance" and view == "ttm":
                continue  # balances are at a date; they have no twelve-month total
            try:
                tables.append(statement_table(catalog, kind, view))
            except ValueError:
                continue
    return tables


def _fill(periods: list[Period], rows: list) -> tuple[list[Period], list, list]:
    """The periods and lines to show so that at most MAX_EMPTY of the cells are empty: the sparsest line
    or period goes first (a line before a period of the same fill), never the newest period or the
    headline line. Returns the periods, the lines kept and the lines left out, in their order."""
    columns = list(range(len(periods)))
    kept = list(range(len(rows)))

    def empty_share() -> float:
        cells = [rows[r][2][c] for r in kept for c in columns]
        return sum(c is None for c in cells) / len(cells) if cells else 0.0

    while empty_share() > MAX_EMPTY and len(kept) > 1 and len(columns) > 1:
        line_fill = {r: sum(rows[r][2][c] is not None for c in columns) / len(columns) for r in kept[1:]}
        period_fill = {c: sum(rows[r][2][c] is not None for r in kept) / len(kept) for c in columns[:-1]}
        worst_line = min(line_fill, key=lambda r: (line_fill[r], -r), default=None)
        worst_period = min(period_fill, key=lambda c: (period_fill[c], c), default=None)
        if worst_period is None or (worst_line is not None and line_fill[worst_line] <= period_fill[worst_period]):
            kept.remove(worst_line)
        else:
            columns.remove(worst_period)
    shown = [(m, depth, [cells[c] for c in columns]) for m, depth, cells in (rows[r] for r in kept)]
    shown = [row for row in shown if any(row[2])]
    dropped = [rows[r] for r in range(len(rows)) if r not in kept]
    return [periods[c] for c in columns], shown, dropped


def _ttm_values(catalog: Catalog, metrics: list[Metric], values: dict, periods: list[Period]) -> dict:
    """Twelve-month sums of additive metrics (all four quarters required), then each formula metric
    (a margin) computed from those sums; other metrics have no twelve-month value."""
    ttm: dict[str, dict[Period, Observation]] = {m.name: {} for m in metrics}
    for m in metrics:
        if not m.additive:
            continue
        for end in periods:
            quarters = four_quarters_to(end)
            found = [values[m.name].get(q) for q in quarters]
            if all(found):
                ttm[m.name][end] = _twelve_months(
                    m, end, sum(o.value for o in found), found, " + ".join(f'{m.name}["{q.label}"]' for q in quarters)
                )
    for m in metrics:
        if not m.formula or m.additive:
            continue
        formula = parse_formula(m.formula)
        for end in periods:
            try:
                value, inputs, _ = evaluate(
                    formula, end.label, lambda term, _p, end=end: ttm.get(term.metric, {}).get(end)
                )
            except (MissingInput, ZeroDivisionError):
                continue
            ttm[m.name][end] = _twelve_months(m, end, value, list(inputs), m.formula)
    return ttm


# The note of every twelve-month figure: readers are told its inputs are each summed over four quarters.
TWELVE_MONTHS_NOTE = "Twelve months to the end of the quarter, computed from the four quarters."


def _twelve_months(metric: Metric, end: Period, value: float, inputs: list[Observation], formula: str) -> Observation:
    return derived_observation(
        metric,
        end,
        value,
        inputs,
        formula,
        TWELVE_MONTHS_NOTE,
        precision=sum(o.precision for o in inputs),
        decimals=min(metric.decimals_for(o) for o in inputs),
    )
