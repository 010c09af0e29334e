"""Read tables already parsed from a PDF, in the GROBID-derived JSON shape of NLP-TDMS.

The JSON is a list of tables, each with a `caption` (often preceded by the table's whole
text as GROBID flattened it), row and column headers, and `numberCells`: every number with
the row and column headers it sits under and whether it is bold. A sibling text file
(`pdfFile_txt/<name>.txt`, "section: title" lines between sections) gives the title,
abstract and body when it exists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from opensota.extraction.document import Document, ReferencedCell, Table, printed_table_number
from opensota.extraction.mentions import find_mentions


class GrobidError(ValueError):
    """The file is not a table JSON in the expected shape (one line, naming the file)."""


_CAPTION = re.compile(r"(?:^|\n)\s*((?:Table|TABLE|Tab\.)\s*\d+\s*[.:|]?.*)\Z", re.DOTALL)


def read_grobid(path: str | Path, text_path: str | Path | None = None) -> Document:
    """The paper of one table JSON; `text_path` defaults to ../pdfFile_txt/<name>.txt."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GrobidError(f"{path}: not a readable table JSON ({error})") from None
    if not isinstance(raw, list):
        raise GrobidError(f"{path}: expected a list of tables, found {type(raw).__name__}")
    document = Document(key=path.stem, source=str(path))
    for position, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("numberCells"), list):
            document.warnings.append(f"{path.name}: table {position} has no numberCells; skipped")
            continue
        table, cells = _table(entry, position, path.name)
        document.tables.append(table)
        document.referenced_cells[table.number] = cells
    _number_as_printed(document)
    if text_path is None:
        text_path = path.parent.parent / "pdfFile_txt" / f"{path.stem}.txt"
    if Path(text_path).is_file():
        _read_text(document, Path(text_path))
    return document


def _table(entry: dict, position: int, source: str) -> tuple[Table, list[ReferencedCell]]:
    caption = str(entry.get("caption") or "").strip()
    found = _CAPTION.search(caption)
    caption = " ".join((found.group(1) if found else caption[-400:]).split())
    table = Table(number=position, caption=caption, source=source)
    rows = [str(r) for r in entry.get("rows") or []]
    columns = [str(c) for c in entry.get("columns") or []]
    cells = []
    for cell in entry["numberCells"]:
        if not isinstance(cell, dict) or not str(cell.get("number") or "").strip():
            continue
        row_headers = tuple(_join_tokens(h) for h in cell.get("associatedRows") or [])
        column_headers = tuple(_join_tokens(h) for h in
                               list(cell.get("associatedMergedColumns") or []) + list(cell.get("associatedColumns") or [])
                               if h and h != "-")
        first_row = (cell.get("associatedRows") or [""])[0]
        first_col = (cell.get("associatedColumns") or [""])[-1]
        cells.append(ReferencedCell(
            text=str(cell["number"]), row_headers=row_headers, column_headers=column_headers,
            row=rows.index(first_row) if first_row in rows else -1,
            col=columns.index(first_col) if first_col in columns else -1,
            bold=bool(cell.get("isBolded"))))
    return table, cells


def _number_as_printed(document: Document) -> None:
    """GROBID leaves out tables it finds no number in, so the third table it returns may be
    the paper's "Table 5": number tables as their captions do (which is what the text's
    "Table 5 shows ..." and a reader checking the provenance go by), unless a caption lacks
    its number or two share one (a table GROBID split), where the order stays the number."""
    numbers = [printed_table_number(table.caption) for table in document.tables]
    if None in numbers or len(set(numbers)) != len(numbers):
        return
    cells = document.referenced_cells
    document.referenced_cells = {number: cells[table.number] for number, table in zip(numbers, document.tables)}
    for number, table in zip(numbers, document.tables):
        table.number = number


_SPACED = re.compile(r"\s*([-/])\s*|\s+([.,:;)\]%])|([(\[])\s+")


def _join_tokens(text: str) -> str:
    """GROBID's tokens come space-separated ("GCNN - 14 ( Ji et al . , 2015 )");
    rejoin the punctuation so names read as written."""
    text = " ".join(str(text).split())
    return _SPACED.sub(lambda m: m.group(1) or m.group(2) or m.group(3), text)


def _read_text(document: Document, path: Path) -> None:
    sections: dict[str, list[str]] = {}
    current = "body"
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("section: "):
            current = line[len("section: "):].strip().lower()
            continue
        sections.setdefault(current, []).append(line)
    document.title = " ".join(" ".join(sections.pop("title", [])).split())
    document.abstract = " ".join(" ".join(sections.pop("abstract", [])).split())
    document.text = "\n".join(" ".join(lines) for lines in sections.values())
    mentions = find_mentions(document.text, {table.number for table in document.tables})
    for table in document.tables:
        table.mentions = mentions.get(table.number, "")
