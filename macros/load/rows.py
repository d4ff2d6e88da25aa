"""Reading a CSV file of data/ into rows of text, each with its line number, once its header matches
the columns declared in its metadata."""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

from macros.core.errors import DataError
from macros.load.yaml_files import read_text, rel_path

META_SUFFIX = ".meta.yml"


def read_rows(
    csv_path: Path, data_dir: Path, declared: list[str], optional: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    """The CSV's rows as {column: text} with their line numbers, once the header matches the declared
    columns and every row has one field per column (optional ones at the end may be left off). Blank
    lines are skipped."""
    rel = rel_path(csv_path, data_dir)
    text = read_text(csv_path, data_dir)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise DataError(
            rel,
            f"the CSV cannot be parsed ({error}).",
            "check quotes: a field with a comma must be wrapped in double quotes.",
        ) from None
    header = [h.strip() for h in rows[0]]
    _check_header(header, declared, rel, csv_path.stem)
    records = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        # Trailing optional columns (note, alternative...) may be left off a row.
        if len(row) < len(header) and all(h in optional for h in header[len(row) :]):
            row = row + [""] * (len(header) - len(row))
        if len(row) != len(header):
            raise DataError(
                rel,
                f"the row has {len(row)} fields but the header has {len(header)} ({','.join(header)}).",
                "complete the row, or wrap a value that contains a comma in double quotes.",
                line=line_no,
            )
        records.append((line_no, {h: cell.strip() for h, cell in zip(header, row, strict=True)}))
    return records


def _check_header(header: list[str], declared: list[str], rel: str, name: str) -> None:
    missing = [c for c in declared if c not in header]
    if missing:
        found = ", ".join(header)
        unexpected = [h for h in header if h not in declared]
        hints = "".join(
            f" '{close[0]}' looks like a misspelling of '{m}'."
            for m in missing
            if (close := difflib.get_close_matches(m, unexpected, n=1, cutoff=0.6))
        )
        raise DataError(
            rel,
            f"the header lacks column(s) {', '.join(missing)} (found: {found}).{hints}",
            f"make line 1 read '{','.join(declared)}'.",
            line=1,
        )
    extra = [h for h in header if h not in declared]
    if extra:
        raise DataError(
            rel,
            f"unexpected column(s) {', '.join(extra)} in the header.",
            f"remove them, or declare them under 'columns:' in {name}{META_SUFFIX}.",
            line=1,
        )
    if len(set(header)) != len(header):
        raise DataError(rel, "a column name appears twice in the header.", "keep one of each.", line=1)
