"""What the extractor knows about a paper, as plain data.

Every source (a LaTeX file, folder or arXiv tarball; tables already parsed from a PDF by
GROBID) is read into a `Document` first: its title, abstract, plain body text, bibliography
and tables as grids of `Cell`s. The understanding and name-linking rules see only these
records, so they can be tested on snippets, benchmarked and run in a process pool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One cell of a table grid, its text as plain Unicode (LaTeX markup resolved).

    A cell spanning several columns or rows (`\\multicolumn`, `\\multirow`) is repeated in
    every grid position it covers, with `spanned` True on the copies, so a header is found
    above every column it covers and a row label beside every row.

    `cites` holds the works the cell cites (`\\cite{he2016}` in a row header): their titles
    from the paper's bibliography, or the citation keys where the title is unknown. The
    citation command itself is left out of `text`, so "ResNet-50" stays "ResNet-50".
    """

    text: str
    bold: bool = False
    underline: bool = False
    italic: bool = False
    spanned: bool = False
    cites: tuple[str, ...] = ()


@dataclass
class Table:
    """A table of a paper: its grid of cells with what surrounds it.

    `number` is its position among the paper's tables (1-based, as readers count them),
    `source` the file it came from, `rules` the indexes of grid rows a horizontal rule
    (\\hline, \\midrule...) is drawn above. `warnings` name what could not be read.
    """

    number: int
    caption: str = ""
    label: str = ""
    source: str = ""
    rows: list[list[Cell]] = field(default_factory=list)
    rules: tuple[int, ...] = ()
    warnings: list[str] = field(default_factory=list)
    # Text of the paper that refers to this table ("Table 2 shows ..."), filled by readers
    # that can find it; the understanding rules read datasets and metrics from it.
    mentions: str = ""

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


@dataclass(frozen=True)
class ReferencedCell:
    """A numeric cell a reader met already attached to its headers (GROBID's `numberCells`).

    PDF table parsers do not give a grid but, for each number, the row and column headers it
    sits under. `row` and `col` index the reader's own lists of row and column headers.
    """

    text: str
    row_headers: tuple[str, ...]
    column_headers: tuple[str, ...]
    row: int
    col: int
    bold: bool = False


@dataclass
class Document:
    """A paper as the extractor reads it.

    `key` names the paper (an arXiv id, or a file name for other sources). `bibliography`
    maps citation keys to the cited work's title, so a `\\cite{he2016}` in a row header can
    name "Deep residual learning for image recognition". Tables from PDFs carry
    `referenced_cells` instead of a grid.
    """

    key: str
    title: str = ""
    abstract: str = ""
    text: str = ""
    tables: list[Table] = field(default_factory=list)
    bibliography: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    source: str = ""
    referenced_cells: dict[int, list[ReferencedCell]] = field(default_factory=dict)


def printed_table_number(text: str) -> int | None:
    """The number a caption prints for its table ("Table 5: ...", "Tab. 5"), if it starts so."""
    found = _PRINTED_TABLE_NUMBER.match(text)
    return int(found.group(1)) if found else None


_PRINTED_TABLE_NUMBER = re.compile(r"\s*(?:Table|TABLE|Tab\.)\s*(\d+)")
