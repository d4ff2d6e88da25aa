"""Reading the built site in a real headless Chromium beyond the first screen: statements scanned on a
laptop and on paper, source lines on a phone, and every block painted in a full-page screenshot."""

from __future__ import annotations

import base64
import functools
import http.server
import re
import threading
import time
from pathlib import Path

import pytest

from macros.pages.page_calls import macro_calls
from tests.browser import QuietHandler, free_port
from tests.conftest import ROOT
from tests.pdf_text import page_texts
from tests.test_browser import engage, next_frames, open_page

# Figures are readable at no less than 0.7 of the browser's default text size (16 px).
MIN_FIGURE_PX = 0.7 * 16
ANNUAL_STATEMENTS = sum(
    c.name == "statement" and "annual" in (c.args[1:] or ("annual",))
    for c in macro_calls((ROOT / "docs" / "statements.md").read_text(encoding="utf-8"))
)

# Each annual statement's scroll box (the table, or the box Material wraps it in once its script runs).
ANNUAL_BOXES = """() => [...document.querySelectorAll('.kc-statement[data-view="annual"]')].map(s => {
    const table = s.querySelector('table');
    const box = table.closest('.md-typeset__scrollwrap') || table;
    const figure = s.querySelector('td.kc-num');
    return {caption: s.querySelector('caption').textContent, shown: box.getClientRects().length > 0,
            scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
            font: parseFloat(getComputedStyle(figure).fontSize), align: getComputedStyle(figure).textAlign,
            digits: getComputedStyle(figure).fontVariantNumeric,
            headerAlign: getComputedStyle(s.querySelector('thead th.kc-num')).textAlign};
})"""


def test_annual_statements_fit_a_laptop_screen_without_scrolling(browser, served_site):
    page = open_page(browser, served_site.url + "statements/", 1280, 800)
    # Before Material's script runs (the table is its own scroll box) and after (Material wraps it).
    for stage in ("as loaded", "with Material's script"):
        boxes = page.evaluate(ANNUAL_BOXES)
        assert len(boxes) == ANNUAL_STATEMENTS > 0
        for box in boxes:
            assert box["shown"], (stage, box["caption"])
            assert box["scrollWidth"] <= box["clientWidth"], (stage, box)
            assert box["font"] >= MIN_FIGURE_PX, (stage, box)
            # Figures at the right in columns of equal digits, under a header at the right too.
            assert box["align"] == box["headerAlign"] == "right" and "tabular-nums" in box["digits"], box
        if stage == "as loaded":
            engage(page)
            page.wait_for_selector(".kc-statement .md-typeset__scrollwrap", state="attached")
    page.context.close()


def test_a_quarterly_statement_scrolls_in_its_box_with_its_row_names_in_view(browser, served_site):
    page = open_page(browser, served_site.url + "statements/", 1280, 800)
    engage(page)  # the tab is clicked, which starts Material's script: let it wrap the tables first
    page.wait_for_selector(".kc-statement .md-typeset__scrollwrap", state="attached")
    page.locator(".tabbed-labels label").filter(has_text="Quarterly").first.click()
    statement = page.locator('.kc-statement[data-view="quarterly"]').first
    kept = statement.evaluate(
        """s => { const box = s.querySelector('.md-typeset__scrollwrap'); const name = box.querySelector('tbody th');
                  box.scrollLeft = box.scrollWidth;
                  return [box.scrollWidth > box.clientWidth, box.scrollLeft > 0,
                          name.getBoundingClientRect().left >= box.getBoundingClientRect().left - 1]; }"""
    )
    assert kept == [True, True, True]
    page.context.close()


# What each statement shows, from the page: its caption, its header row and each row, as text.
STATEMENT_TEXT = """() => [...document.querySelectorAll('.kc-statement')].map(s => ({
    caption: s.querySelector('caption').textContent,
    header: [...s.querySelectorAll('thead th')].map(th => th.textContent),
    rows: [...s.querySelectorAll('tbody tr')].map(tr => [...tr.children].map(c => c.textContent)),
}))"""


def compact(text: str) -> str:
    """Text without its spaces: a PDF draws a wrapped cell as one run per line."""
    return re.sub(r"\s+", "", text)


def test_statements_print_one_to_a_page_with_their_header_on_every_page(browser, served_site, tmp_path):
    page = open_page(browser, served_site.url + "statements/", 1280, 800)
    page.emulate_media(media="print")
    styles = page.eval_on_selector_all(
        ".kc-statement",
        """ss => ss.map(s => [getComputedStyle(s.querySelector('thead')).display,
                              [...s.querySelectorAll('tr')].every(r => getComputedStyle(r).breakInside === 'avoid'),
                              s.getClientRects().length > 0])""",
    )
    # Every view prints (the tabs one after another), its header a repeating header group, no row split.
    assert styles and all(style == ["table-header-group", True, True] for style in styles)
    statements = page.evaluate(STATEMENT_TEXT)
    # As the print dialog does: the page's own page size (the statements print across the sheet).
    pdf = page.pdf(prefer_css_page_size=True)
    pages = page_texts(pdf)
    page.context.close()
    (tmp_path / "statements.pdf").write_bytes(pdf)
    painted = [compact("".join(run.text for run in runs)) for runs in pages]

    starts = []
    for statement in statements:
        caption = compact(statement["caption"])
        found = [number for number, text in enumerate(painted) if caption in text]
        assert len(found) == 1, f"{statement['caption']} is on pages {found}"
        starts.append(found[0])
    assert starts == sorted(set(starts)), f"each statement starts a page of its own: {starts}"

    figures = {compact(cell) for s in statements for row in s["rows"] for cell in row[1:] if cell.strip() != "–"}
    spanning = 0
    for index, statement in enumerate(statements):
        first = starts[index]
        runs = pages[first]
        # The statement begins its page: above its caption, only its section's heading and introduction.
        caption_y = next(run.y for run in runs if compact(statement["caption"]) in compact(run.text))
        above = [run.text for run in runs if run.y < caption_y and compact(run.text) in figures]
        assert above == [], f"{statement['caption']}: another table's figures above it: {above}"
        # The pages it runs to: up to the next statement's page, those showing one of its rows.
        last = starts[index + 1] if index + 1 < len(starts) else len(pages)
        rows = [compact("".join(row)) for row in statement["rows"]]
        spans = [number for number in range(first, last) if any(row in painted[number] for row in rows)]
        assert all(any(row in painted[number] for number in spans) for row in rows), "every row is printed"
        header = compact("".join(statement["header"]))
        for number in spans:
            assert header in painted[number], f"{statement['caption']}: no header row on page {number + 1}"
        spanning += len(spans) > 1
    assert spanning, "a statement longer than a page repeats its header row (none is that long now)"


SOURCE_LINES = """() => [...document.querySelectorAll('.kc-chart__source')].map(line => {
    const cite = line.querySelector('.kc-chart__cite');
    const button = line.querySelector('.kc-chart__more');
    const box = cite.getBoundingClientRect();
    return {id: cite.id, height: box.height, lineHeight: parseFloat(getComputedStyle(cite).lineHeight),
            cut: cite.scrollWidth > cite.clientWidth, ellipsis: getComputedStyle(cite).textOverflow,
            overflow: getComputedStyle(cite).overflowX, lines: cite.getClientRects().length,
            button: button.getClientRects().length > 0, controls: button.getAttribute('aria-controls'),
            expanded: button.getAttribute('aria-expanded')};
})"""


def source_line(page, cite_id: str) -> dict:
    return next(line for line in page.evaluate(SOURCE_LINES) if line["id"] == cite_id)


def test_on_a_phone_a_long_source_line_is_one_line_that_the_reader_can_open(browser, served_site):
    page = open_page(browser, served_site.url + "finances/", 390, 844, phone=True)
    lines = page.evaluate(SOURCE_LINES)
    assert lines
    for line in lines:
        # Each source line is one line high; one cut short ends in an ellipsis and has its button.
        assert abs(line["height"] - line["lineHeight"]) < 2, line
        if line["cut"]:
            assert line["ellipsis"] == "ellipsis" and line["button"] and line["controls"] == line["id"], line
            assert line["expanded"] == "false", line
    cut = [line["id"] for line in lines if line["cut"]]
    assert cut, "the source lines of Finances are longer than a phone's line"
    button = page.locator(f".kc-chart__more[aria-controls='{cut[0]}']")
    # By keyboard: focus the button, press Enter; the whole line shows, on as many lines as it needs.
    button.focus()
    page.keyboard.press("Enter")
    opened = source_line(page, cut[0])
    assert opened["expanded"] == "true" and not opened["cut"], opened
    assert opened["height"] > 1.5 * opened["lineHeight"], opened
    # And by pointer, back to one line.
    button.click()
    closed = source_line(page, cut[0])
    assert closed["expanded"] == "false" and closed["cut"] and abs(closed["height"] - closed["lineHeight"]) < 2
    page.context.close()


class PausingHandler(QuietHandler):
    """Serves the site, but sends each page in two parts, pausing before the header's search box, as
    a slow connection or a busy phone delivers it: what the browser paints of the first part must not
    move when the rest arrives."""

    PAUSE_AT = b'class="md-search"'

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        page = path / "index.html" if path.is_dir() else path
        if page.suffix != ".html" or not page.is_file():
            return super().do_GET()
        body = page.read_bytes()
        cut = body.index(self.PAUSE_AT)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:cut])
        self.wfile.flush()
        time.sleep(0.8)
        self.wfile.write(body[cut:])


def test_nothing_painted_moves_when_a_page_arrives_in_parts(browser, served_site):
    """A page delivered slowly is painted only once its header and sidebars are complete (the header's
    search box, the sidebars' lists), so the reader never sees them move as the rest arrives."""
    port = free_port()
    handler = functools.partial(PausingHandler, directory=str(served_site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for path in ("finances/", "zh/finances/", "charts/annual-revenue/"):
            page = open_page(browser, f"http://127.0.0.1:{port}/{path}", 1280, 900)
            next_frames(page)
            assert page.evaluate("window.kcShifts") == 0, path
            page.context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_on_a_wide_screen_source_lines_show_in_full_without_a_control(browser, served_site):
    page = open_page(browser, served_site.url + "finances/", 1280, 900)
    lines = page.evaluate(SOURCE_LINES)
    assert lines
    for line in lines:
        assert not line["button"] and line["overflow"] == "visible" and line["ellipsis"] == "clip", line
    assert any(line["lines"] > 1 for line in lines), "a long source line wraps onto a second line"
    assert page.evaluate("window.kcShifts") == 0
    page.context.close()


# The colours of a region of a PNG, counted by the browser that decodes it.
COLOURS = """async ([png, box]) => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + png;
    await image.decode();
    const canvas = new OffscreenCanvas(Math.round(box.width), Math.round(box.height));
    const context = canvas.getContext('2d');
    context.drawImage(image, -Math.round(box.x), -Math.round(box.y));
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set();
    for (let i = 0; i < pixels.length; i += 4) seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
    return seen.size;
}"""


# Long pages, and the kind of block far down each that must be painted.
LONG_PAGES = {"statements/": "table", "sources/": ".kc-source", "contributing/": ".highlight"}
LAID_OUT = """() => [...document.querySelectorAll('.md-typeset .kc-source, .md-typeset .highlight')]
    .every(b => getComputedStyle(b).contentVisibility === 'visible')"""


@pytest.mark.parametrize("path", LONG_PAGES)
def test_a_full_page_screenshot_paints_the_blocks_far_down_the_page(browser, served_site, path):
    page = open_page(browser, served_site.url + path, 1280, 800)
    # Laid out once the page has loaded, with no scrolling or other input from the reader.
    page.wait_for_function(LAID_OUT, timeout=10_000)
    block = page.locator(f".md-typeset {LONG_PAGES[path]}").last
    box = page.evaluate(
        "b => { const r = b.getBoundingClientRect(); return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; }",
        block.element_handle(),
    )
    assert box["y"] > 3 * 800 and box["height"] > 20, f"the last {LONG_PAGES[path]} is well below the first screen"
    screenshot = page.screenshot(full_page=True)
    colours = page.evaluate(COLOURS, [base64.b64encode(screenshot).decode(), box])
    # A blank box is one colour; text has the shades of its anti-aliased letters.
    assert colours > 10, (
        f"the last {LONG_PAGES[path]} of /{path} is blank in a full-page screenshot ({colours} colours)"
    )
    page.context.close()
