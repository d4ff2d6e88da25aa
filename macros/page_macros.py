"""Every macro an author can call, gathered from the modules that define them (figures, blocks, lists,
the reference), bound to one validated catalog and to the page being rendered."""

from __future__ import annotations

from collections.abc import Callable

from .block_macros import BlockMacros
from .catalog import Catalog
from .claim_macros import ClaimMacros
from .figure_macros import FigureMacros
from .list_macros import ListMacros
from .model import Observation
from .reference import ReferenceMacros
from .render import Renderer
from .statement_macros import StatementMacros


class PageMacros:
    """All macros, by name, in the order the reference lists them. `page_url` tells which page is being
    rendered; `images` makes the charts' static first paints (chart_images.ChartImages), if given."""

    def __init__(self, catalog: Catalog, page_url: Callable[[], str] = lambda: "", images=None):
        self.catalog = catalog
        self.render = Renderer(catalog, page_url)
        figures = FigureMacros(self.render)
        self.blocks = BlockMacros(self.render, images)
        lists = ListMacros(self.render, figures)
        self.functions: dict[str, Callable] = {}
        reference = ReferenceMacros(self.functions)
        claims = ClaimMacros(self.render)
        statements = StatementMacros(self.render)
        for group in (figures, claims, self.blocks, statements, lists, reference):
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
