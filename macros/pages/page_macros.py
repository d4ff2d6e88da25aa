"""Every macro an author can call, gathered from the modules that define them (figures, blocks, lists,
the reference), bound to one validated catalog and to the page being rendered."""

from __future__ import annotations

from collections.abc import Callable

from macros.compute.catalog import Catalog
from macros.core.model import Observation
from macros.pages.block_macros import BlockMacros
from macros.pages.chart_pages import ChartPageMacros
from macros.pages.claim_macros import ClaimMacros
from macros.pages.list_macros import ListMacros
from macros.pages.macro_reference import ReferenceMacros
from macros.pages.render import Renderer
from macros.pages.statement_macros import StatementMacros
from macros.pages.value_macros import FigureMacros
from macros.pages.workbook_link import WorkbookMacros


class PageMacros:
    """All macros, by name, in the order the reference lists them. `page_url` tells which page is being
    rendered; `images` makes the charts' static first paints (chart_images.ChartImages), if given;
    `workbook_size` gives the size of the edition's workbook (site/workbook.py) for its links."""

    def __init__(
        self,
        catalog: Catalog,
        page_url: Callable[[], str] = lambda: "",
        images=None,
        site_url: str = "",
        placements: Callable[[], dict] | None = None,
        workbook_size: Callable[[], int | None] = lambda: None,
    ):
        self.catalog = catalog
        self.render = Renderer(catalog, page_url)
        figures = FigureMacros(self.render)
        # A whole site (one that knows where its charts are placed) gives each chart a page of its own.
        self.blocks = BlockMacros(self.render, images, chart_pages=placements is not None)
        workbook = WorkbookMacros(self.render, workbook_size)
        chart_pages = ChartPageMacros(self.blocks, site_url, placements or dict, workbook.workbook_download)
        self.embeds = chart_pages.embeds
        lists = ListMacros(self.render, figures)
        self.functions: dict[str, Callable] = {}
        reference = ReferenceMacros(self.functions)
        claims = ClaimMacros(self.render)
        statements = StatementMacros(self.render)
        for group in (figures, claims, self.blocks, chart_pages, statements, workbook, lists, reference):
            for name in group.NAMES:
                self.functions[name] = getattr(group, name)

    @property
    def shown(self) -> dict[str, list[Observation]]:
        """Every observation shown, by page URL: the freshness check reads it after each page."""
        return self.render.shown

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.functions)

    def __getattr__(self, name: str):
        functions = self.__dict__.get("functions", {})
        if name in functions:
            return functions[name]
        raise AttributeError(name)
