"""The numeric cells of a table, each with the headers it sits under.

A LaTeX table is a grid: its header rows are the rows above the first row that is mostly
numbers, its row labels the leading columns that hold words. A row with a single label
and nothing else ("\\multicolumn{5}{c}{CIFAR-10}") titles the rows below it. Tables read
from PDFs come with their numbers already attached to headers (`ReferencedCell`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from opensota.evaluations.values import is_missing, parse_value
from opensota.extraction.document import Document, Table, printed_table_number

# "40,96%": a comma before one or two digits is a decimal comma, never a thousands one.
_DECIMAL_COMMA = re.compile(r"^\s*(\d{1,3}),(\d{1,2})(\s*%?)\s*$")
_NUMERIC_START = re.compile(r"^[\s(~≈<>*_+−–-]*\.?\d")


@dataclass(frozen=True)
class ValueCell:
    """A number in a table and everything that says what it measures."""

    table: Table
    row: int
    col: int
    text: str
    value: float
    percent: bool
    bold: bool
    underline: bool
    row_header: str
    column_header: str
    row_cites: tuple[str, ...] = ()


def number_of(text: str) -> tuple[float, bool] | None:
    """(value, is a percentage) for a cell that starts with a number, else None."""
    if not _NUMERIC_START.match(text) or (text.rstrip().endswith(")") and "(" not in text):
        return None  # not a number, or the tail of a spread a PDF parser cut off: "0.37)"
    comma = _DECIMAL_COMMA.match(text)
    parsed = parse_value(f"{comma.group(1)}.{comma.group(2)}{comma.group(3)}" if comma else text)
    if parsed.number is None or parsed.unit not in ("", "%"):
        return None
    return parsed.number, parsed.unit == "%"


def value_cells(document: Document, table: Table) -> list[ValueCell]:
    """The table's figures, less differences ("+0.75" over a baseline), which are no result."""
    referenced = document.referenced_cells.get(table.number)
    if referenced is not None and not table.rows:
        cells = _from_references(table, referenced)
    else:
        cells = _from_grid(table)
    return _one_per_metric([cell for cell in cells if not _DIFFERENCE.match(cell.text)])


_DIFFERENCE = re.compile(r"^[\s(]*\+")


def _one_per_metric(cells: list[ValueCell]) -> list[ValueCell]:
    """"94.5/94.1" under "F1/EM" is two figures: 94.5 of F1 and 94.1 of EM (each keeps the
    cell's text, as written, for its provenance)."""
    split = []
    for cell in cells:
        figures = _PAIRED.match(cell.text)
        head, _, last = cell.column_header.rpartition(" / ")
        names = [name.strip() for name in last.split("/")]
        numbers = [number_of(figure) for figure in figures.group(0).split("/")] if figures else []
        if len(numbers) < 2 or len(names) != len(numbers) or not all(numbers) \
                or any(not name or number_of(name) for name in names):
            split.append(cell)
            continue
        for name, (value, percent) in zip(names, numbers):
            split.append(replace(cell, value=value, percent=percent,
                                 column_header=f"{head} / {name}" if head else name))
    return split


_PAIRED = re.compile(r"^\s*\d+(?:\.\d+)?\s*%?(?:\s*/\s*\d+(?:\.\d+)?\s*%?){1,3}\s*$")


def _from_references(table: Table, referenced) -> list[ValueCell]:
    cells = []
    for cell in referenced:
        number = number_of(cell.text)
        if number is None or _GLUED_PROSE.match(cell.text):
            continue
        # PDF parsers sometimes take the caption of the table above for a column header.
        columns = [h for h in cell.column_headers if printed_table_number(h) in (None, table.number)]
        cells.append(ValueCell(table, cell.row, cell.col, cell.text, number[0], number[1], cell.bold, False,
                               " / ".join(cell.row_headers), " / ".join(columns)))
    return cells


# GROBID drops the spaces of a number it takes from running text: "2.0testsetaccuraciesfor:",
# "1.5F1forthesinglemodelandby", "10epochs". A figure's own notes are short or bracketed.
_GLUED_PROSE = re.compile(r"^[^A-Za-z(\[]*\d[^(\[]*?[A-Za-z]{4}")


def _from_grid(table: Table) -> list[ValueCell]:
    rows = table.rows
    if not rows:
        return []
    numeric = [[number_of(cell.text) is not None for cell in row] for row in rows]
    header_rows = _header_rows(rows, numeric)
    label_columns = _label_columns(rows[header_rows:], numeric[header_rows:])
    cells, section = [], ""
    for r in range(header_rows, len(rows)):
        row = rows[r]
        filled = [cell for cell in row if cell.text.strip()]
        if filled and not any(numeric[r]) and len({c.text for c in filled}) == 1:
            section = filled[0].text.strip()  # a spanning row that titles the rows below
            continue
        label = " ".join(row[c].text.strip() for c in range(min(label_columns, len(row))) if row[c].text.strip())
        if section and section not in label:
            label = f"{section} / {label}" if label else section
        cites = tuple(cite for c in range(min(label_columns, len(row))) for cite in getattr(row[c], "cites", ()))
        for c in range(label_columns, len(row)):
            if not numeric[r][c]:
                continue
            value, percent = number_of(row[c].text)
            cells.append(ValueCell(table, r, c, row[c].text.strip(), value, percent, row[c].bold, row[c].underline,
                                   label, _column_header(rows, header_rows, c), cites))
    return cells


def _header_rows(rows, numeric) -> int:
    """Rows above the first mostly-numeric row, less the section titles just above it (a
    cell saying there is no value, "-" or "n/a", is neither a number nor a header's word)."""
    for r, row in enumerate(rows):
        body = [numeric[r][c] for c in range(1, len(row)) if row[c].text.strip() and not is_missing(row[c].text)]
        if body and sum(body) * 2 >= len(body):
            while r > 1 and _is_section(rows[r - 1]):
                r -= 1
            return r
    return 0


def _is_section(row) -> bool:
    """A row holding one label across the table ("\\multicolumn{5}{c}{Ours}")."""
    if not row or not row[0].text.strip():
        return False
    rest = [cell for cell in row[1:] if cell.text.strip()]
    return all(cell.spanned and cell.text == row[0].text for cell in rest)


def _label_columns(rows, numeric) -> int:
    width = max((len(row) for row in rows), default=0)
    count = 0
    for c in range(width):
        texts = [row[c].text.strip() for row in rows if c < len(row)]
        filled = [r for r, row in enumerate(rows) if c < len(row) and row[c].text.strip()]
        words = [r for r in filled if not numeric[r][c]]
        if filled and len(words) * 2 > len(filled):
            count = c + 1
        elif any(texts):
            break
    return count


def _column_header(rows, header_rows: int, col: int) -> str:
    parts: list[str] = []
    for r in range(header_rows):
        if col < len(rows[r]):
            text = rows[r][col].text.strip()
            if text and text not in parts:
                parts.append(text)
    return " / ".join(parts)
