"""The analysts' workbook (downloads/kingsoft-cloud-data.xlsx in each edition): the financial
statements, the segments and the share price as numbers in the site's formats, each figure with its
source in a comment, and a Sources sheet linking every document. It is made from the same tables the
pages and the CSV downloads are made from (compute/statements.py, charts/figures.py), so that the
three cannot differ, and in the edition's language. It is a download only: no page loads it.

XlsxWriter writes it in memory once per edition: the pages' links give its size, and the build writes
the same bytes after the pages (macros/__init__.py)."""

from __future__ import annotations

import datetime
import io
from functools import cached_property
from pathlib import Path

import xlsxwriter

from macros.charts.figures import chart_data
from macros.check.freshness import as_of_sentence
from macros.compute.catalog import Catalog
from macros.compute.statements import StatementTable, statement_tables
from macros.compute.statements import say as statement_titles
from macros.core.language import Language, Phrases, in_language, is_chinese
from macros.core.model import ESTIMATE_MARK, SECONDARY_MARK, Observation, kind_name
from macros.core.periods import Period
from macros.pages.chart_pages import SITE_NAME, build_date
from macros.pages.marks import say as marks
from macros.pages.statement_macros import say as statement_words
from macros.pages.workbook_link import WORKBOOK
from macros.site.workbook_cells import Cells
from macros.site.workbook_cover import about_sheet

# The charts whose data the Segments and Share price sheets hold: those of the Segments page, and the
# share price and market value charts of the Finances page (a chart missing from the data is skipped).
SEGMENT_CHARTS = (
    "revenue_by_segment",
    "quarterly_revenue_by_segment",
    "related_party_revenue",
    "premium_customers",
    "ai_gross_billing",
    "ai_share_of_public_cloud",
)
SHARE_CHARTS = ("ads_month_end_close", "share_price_milestones", "market_value_milestones")
say = Phrases(
    site=(SITE_NAME, "金山云数据档案"),
    about=("About", "简介"),
    segments=("Segments", "业务分部"),
    share=("Share price", "股价与市值"),
    sources=("Sources", "来源"),
    joiner=("; ", "；"),
    statement_sheet=("{statement}, {view}", "{statement}（{view}）"),
    annual=("annual", "按财年"),
    quarterly=("quarterly", "按季度"),
    ttm=("TTM", "滚动十二个月"),
    date=("Date", "日期"),
    unit=("{label} ({unit})", "{label}（{unit}）"),
    id=("ID", "编号"),
    title=("Title (linked)", "标题（含链接）"),
    publisher=("Publisher", "发布方"),
    published=("Date", "日期"),
    kind=("Kind", "类型"),
    sources_intro=(
        "Every document a figure of this workbook comes from, newest first.",
        "本工作簿各数字所依据的全部文件，按日期由新到旧排列。",
    ),
)
WIDE, NARROW = 44, 12


def workbook_bytes(catalog: Catalog, site_url: str) -> bytes:
    """The workbook of the edition being built, as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    # Nothing written with write_string becomes a formula or a link; these guard any other writer too.
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    # The build date, not the moment of writing: two builds of the same data give the same bytes.
    built = build_date()
    book.set_properties(
        {"title": say("site"), "author": say("site"), "created": datetime.datetime(*built.timetuple()[:3])}
    )
    cells = Cells(book, catalog, say("site"))
    about = book.add_worksheet(say("about"))
    tables = statement_tables(catalog)
    shown: list[Observation] = []
    sheets = []
    for table in tables:
        sheet = book.add_worksheet(
            say("statement_sheet", statement=statement_titles(table.kind), view=say(str(table.view)))
        )
        shown += _statement_sheet(sheet, cells, table)
        sheets.append((sheet.name, table.title))
    for name, charts in (("segments", SEGMENT_CHARTS), ("share", SHARE_CHARTS)):
        specs = [catalog.chart(c) for c in charts if c in catalog.charts]
        if specs:
            sheet = book.add_worksheet(say(name))
            writer = _share_sheet if name == "share" else _chart_sheet
            shown += writer(sheet, cells, [chart_data(spec, catalog) for spec in specs])
            sheets.append((sheet.name, say("joiner").join(spec.title for spec in specs)))
    sources = book.add_worksheet(say("sources"))
    _sources_sheet(sources, cells, catalog)
    sheets.append((sources.name, say("sources_intro")))
    about_sheet(about, cells, site_url, as_of_sentence(shown, catalog) or "", sheets)
    book.close()
    return buffer.getvalue()


def _period_text(period: Period) -> str:
    # As the statements show them: FY2024, Q4 2025; in Chinese as read, 2024财年, 2025年第四季度.
    return period.display if is_chinese() else period.label


def _heading(sheet, cells: Cells, title: str, subtitle: str, key: bool = True) -> None:
    """A sheet's title, what it holds and, on a sheet of figures, the key of the marks."""
    cells.text(sheet, 0, 0, title, bold=True, font_size=14)
    cells.text(sheet, 1, 0, subtitle, italic=True, font_color="#595959")
    if key:
        cells.text(sheet, 2, 0, _key_text(), italic=True, font_color="#595959")


def _key_text() -> str:
    return marks("outside", mark=SECONDARY_MARK) + marks("gap") + marks("estimate", mark=ESTIMATE_MARK)


def _statement_sheet(sheet, cells: Cells, table: StatementTable) -> list[Observation]:
    """A statement as the Statements page shows it: lines as rows, periods as columns, newest first."""
    _heading(sheet, cells, table.title, statement_words("caption", title=table.title))
    top = 4
    cells.header(sheet, top, 0, statement_words("rmb_million"))
    for col, period in enumerate(table.periods, start=1):
        cells.header(sheet, top, col, _period_text(period))
    shown = []
    for row, (metric, depth, observations) in enumerate(table.rows, start=top + 1):
        label = (
            metric.title
            if metric.unit == "RMB million"
            else statement_words("with_unit", title=metric.title, unit=metric.short_unit)
        )
        cells.text(sheet, row, 0, label, indent=depth, bold=depth == 0)
        for col, o in enumerate(observations, start=1):
            if o is not None:
                cells.figure(sheet, row, col, o, metric)
                shown.append(o)
    _layout(sheet, top + 1, len(table.periods))
    return shown


def _chart_sheet(sheet, cells: Cells, charts: list) -> list[Observation]:
    """One table per chart, as its data table on the page: series as rows, periods as columns, newest
    first, each series named as the chart's legend names it."""
    _heading(sheet, cells, say("segments"), say("joiner").join(data.spec.title for data in charts))
    row, widest, shown = 4, 1, []
    for data in charts:
        cells.text(sheet, row, 0, data.spec.title, bold=True, font_size=12)
        periods = list(reversed(data.periods))
        cells.header(sheet, row + 1, 0, data.unit_metric.short_unit)
        for col, period in enumerate(periods, start=1):
            cells.header(sheet, row + 1, col, _period_text(period))
        row += 2
        for metric, points in data.series:
            cells.text(sheet, row, 0, data.spec.label(metric))
            for col, o in enumerate(reversed(points), start=1):
                if o is not None:
                    cells.figure(sheet, row, col, o, metric)
                    shown.append(o)
            row += 1
        row += 1
        widest = max(widest, len(periods))
    _layout(sheet, 4, widest)
    return shown


def _share_sheet(sheet, cells: Cells, charts: list) -> list[Observation]:
    """The dated series (closing prices, offering prices, market value) as one table, a date per row,
    oldest first, as a price history reads; a series per column, named with its unit."""
    _heading(sheet, cells, say("share"), say("joiner").join(data.spec.title for data in charts))
    top = 4
    columns = [(data.spec, metric, points, data.periods) for data in charts for metric, points in data.series]
    dates = sorted({p for *_, periods in columns for p in periods})
    cells.header(sheet, top, 0, say("date"))
    shown = []
    for col, (spec, metric, points, periods) in enumerate(columns, start=1):
        cells.header(sheet, top, col, say("unit", label=spec.label(metric), unit=metric.short_unit))
        at = dict(zip(periods, points, strict=True))
        for row, date in enumerate(dates, start=top + 1):
            if (o := at.get(date)) is not None:
                cells.figure(sheet, row, col, o, metric)
                shown.append(o)
    for row, date in enumerate(dates, start=top + 1):
        cells.date(sheet, row, 0, date)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, len(columns), 18)
    sheet.set_row(top, 45)
    sheet.freeze_panes(top + 1, 1)
    return shown


def _sources_sheet(sheet, cells: Cells, catalog: Catalog) -> None:
    """One row per document a figure of the workbook names: its id, its title linked to the document,
    its publisher, date and kind."""
    _heading(sheet, cells, say("sources"), say("sources_intro"), key=False)
    top = 4
    for col, key in enumerate(("id", "title", "publisher", "published", "kind")):
        cells.header(sheet, top, col, say(key))
    used = sorted((catalog.source(s) for s in cells.sources), key=lambda s: (s.date, s.id), reverse=True)
    for row, source in enumerate(used, start=top + 1):
        cells.text(sheet, row, 0, source.id)
        cells.link(sheet, row, 1, source.url, source.title)
        cells.text(sheet, row, 2, source.publisher)
        cells.text(sheet, row, 3, source.shown_date)
        cells.text(sheet, row, 4, kind_name(source.kind))
    for col, width in enumerate((34, 80, 40, 14, 12)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(top + 1, 1)


def _layout(sheet, first_row: int, columns: int) -> None:
    """Labels wide, figures narrow; the heading and the period header, and the labels, stay in view."""
    sheet.set_column(0, 0, WIDE)
    sheet.set_column(1, max(1, columns), NARROW)
    sheet.freeze_panes(first_row, 1)


class Workbook:
    """An edition's workbook, made when first asked for (a page's link gives its size) and written
    into the edition's downloads after the build."""

    def __init__(self, catalog: Catalog, site_url: str, language: Language):
        self.catalog, self.site_url, self.language = catalog, site_url, language

    @cached_property
    def content(self) -> bytes:
        with in_language(self.language):
            return workbook_bytes(
                self.catalog, self.site_url.rstrip("/") + "/" + self.language.prefix if self.site_url else ""
            )

    @property
    def size(self) -> int:
        return len(self.content)

    def write(self, edition_dir: Path) -> Path:
        target = edition_dir / WORKBOOK
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.content)
        return target
