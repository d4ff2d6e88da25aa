"""The cover of the analysts' workbook (site/workbook.py): what it is, which results it reflects,
its licence and address, its sheets, each linked, and the key of the site's two marks, shown on
sample cells styled as the figures are."""

from __future__ import annotations

from macros.core.language import Phrases
from macros.core.model import ESTIMATE_MARK, SECONDARY_MARK
from macros.pages.marks import say as marks
from macros.site.data_package import LICENCES
from macros.site.workbook_cells import FILLS, Cells, number_format

say = Phrases(
    subtitle=(
        "Kingsoft Cloud (NASDAQ: KC, HKEX: 3896): its financial statements, segments and share price, "
        "every figure with its source",
        "金山云（NASDAQ: KC；HKEX: 3896）的财务报表、业务分部及股价，每个数字均注明来源",
    ),
    as_of=("Data as of", "数据截至"),
    address=("Address", "网址"),
    licence=("Licence", "许可"),
    licence_name=(
        "the Creative Commons Attribution 4.0 International licence (CC BY 4.0)",
        "知识共享署名4.0国际许可协议（CC BY 4.0）",
    ),
    licence_text=(
        "The data are under {licence}: reuse them with credit to “{site}” and the address of what you used. "
        "The figures come from the documents named beside each one (the Sources sheet), which remain their "
        "publishers'.",
        "数据采用{licence}授权：转载使用时请注明出处“{site}”并附上所用内容的网址。各数字来自其批注所列文件"
        "（见“来源”工作表），相关权利仍归原发布方所有。",
    ),
    contents=("Contents", "目录"),
    key=("Key", "图例"),
    key_comment=(
        "Each figure is a number in the unit its row or column names; its comment gives its source, status "
        "and note. An empty cell: no figure on record (the site's Sources and methodology page lists the "
        "missing values and why).",
        "每个数字均为数值，单位见所在行或列的名称；单元格批注列出其来源、状态及备注。空白单元格表示本站没有该数字"
        "（网站“来源与方法”页列出了缺失的数值及其原因）。",
    ),
)


def about_sheet(sheet, cells: Cells, site_url: str, as_of: str, sheets: list) -> None:
    """The cover: what the workbook is, which results it reflects, its licence and address, its sheets
    (each linked) and the key of its marks."""
    cells.text(sheet, 0, 0, cells.author, bold=True, font_size=16)
    cells.text(sheet, 1, 0, say("subtitle"), italic=True)
    licence = LICENCES[0]
    rows = [(say("as_of"), as_of)]
    rows.append((say("licence"), say("licence_text", licence=say("licence_name"), site=cells.author)))
    label = {"bold": True, "valign": "top"}
    wrap = {"text_wrap": True, "valign": "top"}
    row = 3
    for name, text in rows:
        cells.text(sheet, row, 0, name, **label)
        cells.text(sheet, row, 1, text, **wrap)
        row += 1
    cells.text(sheet, row, 0, "CC BY 4.0", **label)
    cells.link(sheet, row, 1, licence["path"], licence["path"])
    row += 1
    if site_url:
        cells.text(sheet, row, 0, say("address"), **label)
        cells.link(sheet, row, 1, site_url, site_url)
        row += 1
    row += 1
    cells.text(sheet, row, 0, say("contents"), bold=True, font_size=12)
    for name, description in sheets:
        row += 1
        sheet.write_url(row, 0, f"internal:'{name}'!A1", cells.format(font_color="blue", underline=1), string=name)
        cells.text(sheet, row, 1, description, **wrap)
    row += 2
    cells.text(sheet, row, 0, say("key"), bold=True, font_size=12)
    for mark, sample in (("estimate", 1234.5), ("secondary", 1234.5)):
        row += 1
        style = {"num_format": number_format(1, mark), "italic": True, "bg_color": FILLS[mark]}
        sheet.write_number(row, 0, sample, cells.format(**style))
        text = (
            marks("estimate_alone", mark=ESTIMATE_MARK) if mark == "estimate" else marks("outside", mark=SECONDARY_MARK)
        )
        cells.text(sheet, row, 1, text, **wrap)
    row += 1
    cells.text(sheet, row, 1, say("key_comment"), **wrap)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 110)
    sheet.freeze_panes(1, 1)
