"""The link to the analysts' workbook (site/workbook.py), with its size: on the Statements and Data
pages through the macro, and on every chart's page."""

from __future__ import annotations

from collections.abc import Callable

from macros.core.html import esc
from macros.core.language import Phrases
from macros.pages.render import DOWNLOADS, Renderer

# Where each edition's workbook is, from the edition's root.
WORKBOOK = DOWNLOADS + "kingsoft-cloud-data.xlsx"
say = Phrases(
    link=(
        "Download the statements, segments and share price as an Excel workbook (XLSX{size})",
        "下载财务报表、业务分部及股价的Excel工作簿（XLSX{size}）",
    ),
    size=(", {size}", "，{size}"),
)


def file_size(size: int) -> str:
    """A file's size as a reader reads it: 96 KB, 1.2 MB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


class WorkbookMacros:
    NAMES = ("workbook_download",)

    def __init__(self, render: Renderer, size: Callable[[], int | None] = lambda: None):
        self.render = render
        # The workbook's size in bytes, from whoever makes it (the build; None where nothing does).
        self.size = size

    def workbook_download(self) -> str:
        """A link to the edition's Excel workbook of the financial statements, segments and share price,
        with its size: every figure a number in the site's format, its source in a comment.

        Example: `{{ workbook_download() }}`, on the Statements and Data pages.
        """
        size = self.size()
        text = say("link", size=say("size", size=file_size(size)) if size else "")
        return f'<a class="kc-download" href="{self.render.root()}{esc(WORKBOOK)}" download>{esc(text)}</a>'
