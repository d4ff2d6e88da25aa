"""The analysts' Excel workbook: in each edition, the figures the Statements page shows as numbers in
the site's formats, each with its source in a comment, the sources linked, the panes frozen, the
sheets named in the edition's language, and nothing from data/ run as a formula. Read back with
openpyxl, as a spreadsheet program would open it."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from macros.charts.figures import chart_data
from macros.compute.statements import statement_tables
from macros.core.language import Language, in_language
from macros.pages.workbook_link import WORKBOOK, file_size
from macros.site.editions import edition_catalog
from macros.site.workbook import SEGMENT_CHARTS, SHARE_CHARTS, workbook_bytes
from macros.site.workbook_cells import mark_of, number_format
from tests.conftest import ROOT

EDITIONS = (Language.EN, Language.ZH)
CJK = re.compile(r"[\u4e00-\u9fff]")
SOURCE_ID = re.compile(r"\[([^\]\s]+)\]|［([^］\s]+)］")


def open_book(site, language: Language):
    return openpyxl.load_workbook(site / language.prefix / WORKBOOK)


def sheet_titled(book, title: str):
    """The sheet whose heading (A1) is `title`."""
    found = [ws for ws in book.worksheets if ws["A1"].value == title]
    assert len(found) == 1, (title, book.sheetnames)
    return found[0]


def figure_cells(book):
    """Every number in the workbook's sheets of figures (the cover's key samples aside)."""
    for ws in book.worksheets[1:]:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, int | float) and not cell.is_date:
                    yield ws, cell


@pytest.mark.parametrize("language", EDITIONS)
def test_the_statements_hold_the_values_the_statements_page_and_its_csvs_show(built_site, catalog, language):
    book = open_book(built_site, language)
    with in_language(language):
        tables = statement_tables(edition_catalog(catalog, language))
    csvs = sorted((built_site / language.prefix / "downloads" / "statements").glob("*.csv"))
    assert sorted(f"{t.name}.csv" for t in tables) == [p.name for p in csvs]
    for table in tables:
        ws = sheet_titled(book, table.title)
        header = [c.value for c in ws[5]][1 : len(table.periods) + 1]
        with in_language(language):
            periods = [p.display if language is Language.ZH else p.label for p in table.periods]
        assert header == periods, table.name
        rows = {m.name: index for index, (m, _, _) in enumerate(table.rows, start=6)}
        columns = {p.label: index for index, p in enumerate(table.periods, start=2)}
        for metric, _, observations in table.rows:
            for period, o in zip(table.periods, observations, strict=True):
                cell = ws.cell(rows[metric.name], columns[period.label])
                if o is None:
                    assert cell.value is None, (table.name, metric.name, period.label)
                    continue
                assert cell.value == pytest.approx(o.value, abs=1e-9), (table.name, metric.name, period.label)
                assert cell.number_format == number_format(metric.decimals_for(o), mark_of(o))
                ids = {a or b for a, b in SOURCE_ID.findall(cell.comment.text)}
                assert set(o.sources) <= ids, (table.name, metric.name, period.label)
        text = (built_site / language.prefix / "downloads" / "statements" / f"{table.name}.csv").read_text("utf-8")
        records = list(csv.DictReader(io.StringIO(text)))
        for r in records:
            cell = ws.cell(rows[r["metric"]], columns[r["period"]])
            assert cell.value == pytest.approx(float(r["value"]), abs=1e-6), (table.name, r)
        filled = sum(c.value is not None for row in ws.iter_rows(min_row=6, min_col=2) for c in row)
        assert filled == len(records), table.name


@pytest.mark.parametrize("language", EDITIONS)
def test_every_figure_names_its_source_and_status_and_every_source_is_linked(built_site, catalog, language):
    book = open_book(built_site, language)
    named: set[str] = set()
    count = 0
    for ws, cell in figure_cells(book):
        assert cell.comment is not None, (ws.title, cell.coordinate)
        ids = {a or b for a, b in SOURCE_ID.findall(cell.comment.text)}
        assert ids and ids <= set(catalog.sources), (ws.title, cell.coordinate, cell.comment.text)
        assert ("状态：" if language is Language.ZH else "Status: ") in cell.comment.text
        named |= ids
        count += 1
    assert count > 300, count
    sources = book.worksheets[-1]
    linked = {}
    for row in sources.iter_rows(min_row=6):
        linked[row[0].value] = row[1].hyperlink.target if row[1].hyperlink else None
    assert set(linked) == named
    for source_id, url in linked.items():
        assert url == catalog.sources[source_id].url, source_id


@pytest.mark.parametrize("language", EDITIONS)
def test_sheets_are_named_in_the_edition_language_frozen_and_free_of_formulas(built_site, language):
    book = open_book(built_site, language)
    for ws in book.worksheets:
        if language is Language.ZH:
            assert CJK.search(ws.title), ws.title
        else:
            assert ws.title.isascii(), ws.title
        # The heading rows and the first column stay in view.
        assert ws.freeze_panes and re.fullmatch(r"B\d+", ws.freeze_panes), (ws.title, ws.freeze_panes)
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
    cover = book.worksheets[0]
    texts = " ".join(str(c.value) for row in cover.iter_rows() for c in row if c.value)
    assert "CC BY 4.0" in texts and "http://127.0.0.1:8000/" + language.prefix in texts
    assert ("数据截至" if language is Language.ZH else "Data as of the results for") in texts


def test_the_segments_and_share_price_sheets_hold_their_charts_figures(built_site, catalog):
    book = open_book(built_site, Language.EN)
    for name, charts in (("Segments", SEGMENT_CHARTS), ("Share price", SHARE_CHARTS)):
        values = sorted(c.value for ws, c in figure_cells(book) if ws.title == name)
        expected = sorted(
            round(o.value, 9)
            for c in charts
            if c in catalog.charts
            for o in chart_data(catalog.chart(c), catalog).observations
        )
        assert values == pytest.approx(expected), name
    # Every chart the Segments page places is in the Segments sheet.
    placed = set(re.findall(r'\{\{ chart\("(\w+)"\)', (ROOT / "docs" / "segments.md").read_text(encoding="utf-8")))
    assert placed <= set(SEGMENT_CHARTS)


@pytest.mark.parametrize("language", EDITIONS)
def test_the_statements_data_and_chart_pages_link_to_the_workbook_with_its_size(built_site, language):
    root = built_site / language.prefix
    size = file_size((root / WORKBOOK).stat().st_size)
    for page, up in (("statements", "../"), ("data", "../"), ("charts/quarterly-revenue", "../../")):
        html = (root / page / "index.html").read_text(encoding="utf-8")
        link = re.search(rf'<a class="kc-download" href="{re.escape(up + WORKBOOK)}" download>([^<]+)</a>', html)
        assert link and size in link.group(1), (language, page)
        assert ("Excel" in link.group(1)) and (bool(CJK.search(link.group(1))) == (language is Language.ZH))


def test_text_from_the_data_stays_text(data_copy):
    """A title or a note that a spreadsheet would run comes out as the text it is: never a formula, and
    quote-prefixed in its cell as the CSV downloads prefix it."""
    from macros.check.checked_catalog import load_catalog

    formula = '=HYPERLINK("http://evil.example","click")'
    meta = data_copy / "financials.meta.yml"
    meta.write_text(
        re.sub(r"^    title: Total revenues$", f"    title: '{formula}'", meta.read_text("utf-8"), count=1, flags=re.M),
        encoding="utf-8",
    )
    rows = (data_copy / "financials.csv").read_text("utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(rows) if line.startswith("revenue,FY2024,"))
    fields = next(csv.reader([rows[index]]))
    fields += [""] * (6 - len(fields))
    fields[5] = "=1+1"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields)
    rows[index] = buffer.getvalue()
    (data_copy / "financials.csv").write_text("".join(rows), encoding="utf-8")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(load_catalog(data_copy), "")))
    titles = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == formula]
    assert titles and all(c.data_type == "s" and c.quotePrefix for c in titles)
    assert not [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    comments = [c.comment.text for ws in book.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert any("Note: =1+1" in text for text in comments)


def test_number_formats_carry_the_site_decimals_and_marks():
    assert number_format(0) == "#,##0"
    assert number_format(1) == "#,##0.0"
    assert number_format(2, "estimate") == '"≈"#,##0.00;"≈"-#,##0.00'
    assert number_format(1, "secondary") == '#,##0.0"†";-#,##0.0"†"'
    assert file_size(65_668) == "66 KB" and file_size(1_250_000) == "1.2 MB"
