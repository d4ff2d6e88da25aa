"""The statement macro: an income statement, balance sheet or cash-flow table generated from the data,
newest period first, every cell linked to its source (computed cells to their formula)."""

from __future__ import annotations

from macros.compute.statements import STATEMENTS, VIEWS, UnfilledView, statement_table
from macros.core.errors import MacroCallError, did_you_mean
from macros.core.html import Cell, esc, table
from macros.core.language import Phrases, is_chinese
from macros.pages.render import DOWNLOADS, Renderer

STATEMENT_DOWNLOADS = DOWNLOADS + "statements/"
say = Phrases(
    with_unit=("{title} ({unit})", "{title}（{unit}）"),
    caption=("{title} (RMB million unless stated)", "{title}（除另有注明外，单位为百万元）"),
    rmb_million=("RMB million", "百万元"),
    download=("Download this table as CSV", "下载此表（CSV）"),
    not_available=(
        "– not available (Sources and methodology lists the missing values).",
        "–表示无数据（“来源与方法”页列出了缺失的数值）。",
    ),
    left_out=(
        " Known here for too few of these periods to be shown as lines: {lines}.",
        "以下项目在本站仅有少数期间的数字，未列为表中各行：{lines}。",
    ),
    earlier=(
        " Of the periods from {first} to {last}, {count} have too few of these lines here and are left out.",
        "在{first}至{last}的各期间中，有{count}个期间本站掌握的项目过少，未予列示。",
    ),
    whole=(
        " The company publishes every line for every period; the downloads give every figure held here, and"
        " Sources and methodology lists the rest, with why each is missing.",
        "公司每期均披露上述全部项目；下载文件包含本站掌握的全部数字，“来源与方法”页列出其余缺失数字及其原因。",
    ),
    list_comma=(", ", "、"),
    ttm=(
        " Twelve-month figures are computed from four quarters; a dash means a quarter is missing.",
        "滚动十二个月数字由四个季度相加得出；短横线表示缺少其中某个季度的数字。",
    ),
)


class StatementMacros:
    NAMES = ("statement",)

    def __init__(self, render: Renderer):
        self.render = render
        self.catalog = render.catalog

    def statement(self, kind: str, view: str = "annual") -> str:
        """A financial statement as a table: metrics as rows, periods as columns, newest first; every
        cell links to its source, computed cells (twelve-month sums, margins, derived values) to how
        they are computed; "–" marks a period without a figure. With a CSV download.

        Args:
            kind: `"income"`, `"balance"` or `"cash_flow"`.
            view: `"annual"`, `"quarterly"` or `"ttm"` (trailing twelve months, computed from four quarters).

        Example: `{{ statement("income", "annual") }}`
        """
        if kind not in STATEMENTS:
            raise MacroCallError(
                f"unknown statement '{kind}'. {did_you_mean(kind, STATEMENTS, 'statements')}",
                f"use one of {', '.join(STATEMENTS)}.",
            )
        if view not in VIEWS:
            raise MacroCallError(
                f"unknown view '{view}'. {did_you_mean(view, VIEWS, 'views')}", f"use one of {', '.join(VIEWS)}."
            )
        try:
            data = statement_table(self.catalog, kind, view)
        except UnfilledView as error:
            raise MacroCallError(
                str(error), "remove this view from the page (a reader would scan mostly dashes), or add its figures."
            ) from None
        except ValueError as error:
            raise MacroCallError(str(error), "add values for the statement's metrics.") from None
        rows = []
        for metric, depth, cells in data.rows:
            label = (
                metric.title
                if metric.unit == "RMB million"
                else say("with_unit", title=metric.title, unit=metric.short_unit)
            )
            header = Cell(
                f'<span class="kc-statement__label kc-statement__label--{depth}">{esc(label)}</span>', header=True
            )
            cell_kind = "ttm-cell" if view == "ttm" else "cell"
            rows.append(
                [header] + [Cell(self.render.cell(o, kind=cell_kind) if o else "–", numeric=True) for o in cells]
            )
        caption = say("caption", title=data.title)
        link = (
            f'<p class="kc-table__download"><a class="kc-download" href="{self.render.root()}{STATEMENT_DOWNLOADS}'
            f'{esc(data.name)}.csv" download>{say("download")}</a></p>'
        )
        note = say("not_available") + (say("ttm") if view == "ttm" else "")
        if data.left_out_rows:
            note += say("left_out", lines=say("list_comma").join(esc(m.title) for m, _ in data.left_out_rows))
        if data.left_out_periods:
            span = sorted([*data.periods, *data.left_out_periods])
            shown = (lambda p: p.display) if is_chinese() else (lambda p: p.label)
            note += say("earlier", first=shown(span[0]), last=shown(span[-1]), count=len(data.left_out_periods))
        if data.left_out_rows or data.left_out_periods:
            note += say("whole")
        # Periods as written (FY2024, Q4 2025); in Chinese as read (2024财年, 2025年第四季度).
        periods = [p.display if is_chinese() else p.label for p in data.periods]
        # The statement and its view are named on the wrapper: the styles set annual statements to fit a
        # laptop's screen and start each statement on a printed page of its own.
        grid = table(caption, [say("rmb_million"), *periods], rows, note=note)
        return f'<div class="kc-statement" data-statement="{esc(kind)}" data-view="{esc(view)}">{grid}{link}</div>'
