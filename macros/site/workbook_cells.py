"""How one cell of the analysts' workbook is written (site/workbook.py lays out the sheets): a figure
as a number in the site's format, marked and styled as the site marks it, with its provenance in a
comment; text always as text, never as a formula."""

from __future__ import annotations

import datetime

from macros.charts.figures import neutralise_formula
from macros.compute.catalog import Catalog
from macros.compute.statements import TWELVE_MONTHS_NOTE
from macros.core.language import Phrases, is_chinese
from macros.core.model import ESTIMATE_MARK, SECONDARY_MARK, Metric, Observation, status_meaning, status_name
from macros.core.numbers import format_number
from macros.pages.render import Renderer
from macros.pages.render import say as figure_words

say = Phrases(
    source=("Source: {title}. {publisher}, {date} [{id}]", "来源：{title}。{publisher}，{date}［{id}］"),
    status=("Status: {status} ({meaning})", "状态：{status}（{meaning}）"),
    note=("Note: {note}", "备注：{note}"),
    # Only the note of a value with an alternative has a Chinese form (the site shows no other note).
    note_english=("Note: {note}", "备注（英文原文）：{note}"),
)
# Estimates and figures from outside the company's documents: italic on a grey fill, as in the key.
FILLS = {"estimate": "#D9D9D9", "secondary": "#F2F2F2"}
COMMENT_SIZE = {"x_scale": 3.2, "y_scale": 2.6}
HEADER_FILL = "#DDEBF7"
# Dates as each edition writes them.
DATE_FORMATS = {False: "yyyy-mm-dd", True: 'yyyy"年"m"月"d"日"'}


def mark_of(o: Observation) -> str:
    """The site's mark of a figure in a table (pages/render.py): "estimate" (≈ before it) for a value
    computed with a figure from outside the company's documents, "secondary" († after it) for such a
    figure itself, "" for the company's own figures and values computed from them alone."""
    if o.is_estimate:
        return "estimate"
    return "secondary" if o.basis == "secondary" else ""


def number_format(decimals: int, mark: str = "") -> str:
    """An Excel number format with the site's decimals and mark: '#,##0.0', '"≈"#,##0.0', '#,##0"†"'."""
    digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    if mark == "estimate":
        return f'"{ESTIMATE_MARK}"{digits};"{ESTIMATE_MARK}"-{digits}'
    if mark == "secondary":
        return f'{digits}"{SECONDARY_MARK}";-{digits}"{SECONDARY_MARK}"'
    return digits


class Cells:
    """The workbook's formats, made once each, and the writers every sheet uses."""

    def __init__(self, book, catalog: Catalog, author: str):
        self.book = book
        self.catalog = catalog
        self.render = Renderer(catalog)
        self.author = author
        self._formats: dict[tuple, object] = {}
        # Every source a figure of the workbook names, in the order first met (the Sources sheet).
        self.sources: dict[str, None] = {}

    def format(self, **properties):
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self.book.add_format(properties)
        return self._formats[key]

    def text(self, sheet, row: int, col: int, text: str, **properties) -> None:
        """Text from data/ is untrusted: always a string, never a formula. Text a spreadsheet would run
        as a formula (the CSV downloads' rule, charts/figures.neutralise_formula) also gets Excel's
        quote prefix, so that editing the cell cannot turn it into one either."""
        text = str(text)
        if neutralise_formula(text) != text:
            properties["quote_prefix"] = True
        sheet.write_string(row, col, text, self.format(**properties) if properties else None)

    def header(self, sheet, row: int, col: int, text: str) -> None:
        self.text(sheet, row, col, text, bold=True, bg_color=HEADER_FILL, bottom=1, text_wrap=True, valign="top")

    def link(self, sheet, row: int, col: int, url: str, text: str) -> None:
        """A hyperlink to a document, shown as `text`; an address that is not the web's stays text."""
        if url.startswith(("https://", "http://")) and len(url) <= 2079:
            sheet.write_url(row, col, url, self.format(font_color="blue", underline=1), string=str(text) or url)
        else:
            self.text(sheet, row, col, text or url)

    def date(self, sheet, row: int, col: int, period) -> None:
        """A date period as an Excel date; a month or a year, which Excel cannot hold, as its label."""
        if period.day:
            moment = datetime.datetime(period.year, period.month, period.day)
            sheet.write_datetime(row, col, moment, self.format(num_format=DATE_FORMATS[is_chinese()], align="left"))
        else:
            self.text(sheet, row, col, period.display if is_chinese() else period.label)

    def figure(self, sheet, row: int, col: int, o: Observation, metric: Metric | None = None) -> None:
        """A figure as the number it is, in the site's decimals, marked and styled as the site marks it,
        with its provenance, source, status and note in the cell's comment."""
        metric = metric or self.catalog.metric(o.metric)
        mark = mark_of(o)
        style = {"num_format": number_format(metric.decimals_for(o), mark)}
        if mark:
            style |= {"italic": True, "bg_color": FILLS[mark]}
        sheet.write_number(row, col, round(o.value, 9), self.format(**style))
        sheet.write_comment(row, col, self.comment(o, metric), {"author": self.author, **COMMENT_SIZE})

    def comment(self, o: Observation, metric: Metric) -> str:
        """The figure and, for a computed one, how the site computes it (its tooltip's words); then each
        source named in full with its id, the status as the site shows it, and the note."""
        if o.status == "derived":
            # How it is computed, from which inputs (the site's tooltip); its sources are the inputs'.
            lines = [self.render.provenance_text(o, metric).strip()]
        else:
            value = format_number(o.value, metric.decimals_for(o))
            lines = [
                figure_words(
                    "figure", metric=metric.title, period=o.period.display, value=value, unit=metric.short_unit
                )
            ]
        for source_id in o.sources:
            self.sources.setdefault(source_id, None)
            source = self.catalog.source(source_id)
            lines.append(
                say("source", title=source.title, publisher=source.publisher, date=source.shown_date, id=source.id)
            )
        status = o.shown_status
        lines.append(say("status", status=status_name(status), meaning=status_meaning(status)))
        # A twelve-month figure's note repeats what its provenance says, in English only.
        if o.note and o.note != TWELVE_MONTHS_NOTE:
            translated = not is_chinese() or o.alternative is not None
            lines.append(say("note" if translated else "note_english", note=o.note))
        return "\n".join(lines)
