"""HTML fragments for pages: escaping, cited figures, tables and chart containers.

Every string that comes from data/ is untrusted and passes through `esc` (for HTML) or
`json_for_script` (for JSON embedded in a page or a script) before it reaches a page."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass

# Characters that could close the element holding embedded JSON, start a tag, comment or character
# reference there, plus the two line separators that older JavaScript engines reject in string literals.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def esc(text: object) -> str:
    """Escape text for HTML content and quoted attribute values."""
    return html.escape(str(text), quote=True)


def json_for_script(data: object) -> str:
    """Serialise data as compact JSON that is safe as the text of a <template> or <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, replacement in _SCRIPT_UNSAFE.items():
        text = text.replace(char, replacement)
    return text


def attributes(**attrs: object) -> str:
    """Render attributes in the given order (stable output); None values are left out.

    `class_` becomes `class` and other underscores become hyphens: `data_metric` -> `data-metric`.
    """
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{esc(value)}"' for name, value in attrs.items() if value is not None
    )


# The class of a figure's cell, and of the header over a column of figures.
NUMERIC = ' class="kc-num"'


@dataclass(frozen=True)
class Cell:
    """One table cell: its HTML content (already escaped) and whether it is a row header."""

    html: str
    header: bool = False
    numeric: bool = False


def table(caption: str, columns: Sequence[str], rows: Sequence[Sequence[Cell]], note: str = "") -> str:
    """A plain HTML table (Material styles tables without a class) with a caption and optional note."""
    # A column of figures has its header over the figures, at the right, as the figures are.
    numeric = [bool(rows) and all(len(row) > i and row[i].numeric for row in rows) for i in range(len(columns))]
    head = "".join(
        f'<th scope="col"{NUMERIC if figures else ""}>{esc(c)}</th>'
        for c, figures in zip(columns, numeric, strict=True)
    )
    body = []
    for row in rows:
        cells = []
        for cell in row:
            if cell.header:
                cells.append(f'<th scope="row">{cell.html}</th>')
            else:
                align = NUMERIC if cell.numeric else ""
                cells.append(f"<td{align}>{cell.html}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note_html = f'<p class="kc-table__note">{note}</p>' if note else ""
    return (
        f'<div class="kc-table"><table><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note_html}</div>"
    )
