"""A tabular's body as a grid of `Cell`s: rows, cells, spans, rules, styles.

Rows end at `\\\\` and cells at `&` only outside braces and nested environments, so a
`\\makecell{a\\\\b}` or a tabular inside a cell stays one cell. `\\multicolumn` and
`\\multirow` cells are repeated over every position they cover (copies marked `spanned`),
which lets the understanding step find a header above each column it covers. A broken
body (unbalanced braces, a `\\multicolumn` without its arguments) still gives a grid, with
a warning saying what was guessed.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from ..document import Cell
from .scan import read_args
from .text import Converter, cell_style

MAX_COLUMNS = 64
MAX_ROWS_SPANNED = 100
MAX_ROWS = 5_000
MAX_CELLS = 256

_TOKENS = re.compile(
    r"\\\\|\\tabularnewline(?![A-Za-z@])|\\(?:begin|end)\s*\{[^{}]*\}|\\(?:cr|crcr)(?![A-Za-z@])|\\.|[{}&]",
    re.S,
)
_ROW_BREAK_TAIL = re.compile(r"\s*\*?(?:\s*\[[^\]\n]{0,20}\])?")
_PREFIX = re.compile(r"\s*\\([A-Za-z]+)\*?")
# Commands that may open a row: rules (which `Table.rules` records) and row styling.
RULES = {
    "hline": "", "toprule": "o", "midrule": "o", "bottomrule": "o", "cline": "m",
    "cmidrule": "opm", "specialrule": "mmm", "hhline": "m", "Xhline": "m", "cdashline": "m",
    "hdashline": "", "thickhline": "", "hlineB": "m", "clineB": "mm", "Hline": "",
    "firsthline": "", "lasthline": "", "svhline": "", "tabucline": "om", "Cline": "om",
    "xhline": "m", "Midrule": "", "morecmidrules": "", "heavyrule": "o", "lightrule": "o",
}
ROW_PREFIXES = {
    "addlinespace": "o", "rowcolor": "om", "arrayrulecolor": "om", "hiderowcolors": "",
    "showrowcolors": "", "rowstyle": "m", "vspace": "m", "rowfont": "om", "rowcolors": "omm",
    "noalign": "m", "endhead": "", "endfirsthead": "", "endfoot": "", "endlastfoot": "",
    "pagebreak": "o", "nopagebreak": "o", "newpage": "", "rownumber": "", "bigstrut": "o",
    "centering": "", "caption": "om", "label": "m", "relax": "",
}
_MULTICOLUMN = re.compile(r"\\(multicolumn|mc|multicol)(?![A-Za-z@])")
_MULTIROW = re.compile(r"\\(multirow|multirowcell|multirowthead)(?![A-Za-z@])")


@dataclass
class Grid:
    rows: list[list[Cell]] = field(default_factory=list)
    rules: tuple[int, ...] = ()
    warnings: list[str] = field(default_factory=list)


def split_rows(body: str, respect_braces: bool = True) -> tuple[list[list[str]], bool]:
    """Rows of raw cells; and whether the braces balanced."""
    rows: list[list[str]] = []
    cells: list[str] = []
    start = 0
    depth = env = 0
    balanced = True
    for match in _TOKENS.finditer(body):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                depth, balanced = 0, False
        elif token.startswith("\\begin"):
            env += 1
        elif token.startswith("\\end"):
            env = max(0, env - 1)
        elif env == 0 and (depth == 0 or not respect_braces):
            if token == "&":
                cells.append(body[start : match.start()])
                start = match.end()
            elif token in ("\\\\", "\\tabularnewline", "\\cr", "\\crcr"):
                cells.append(body[start : match.start()])
                rows.append(cells)
                cells = []
                start = _ROW_BREAK_TAIL.match(body, match.end()).end()
    cells.append(body[start:])
    rows.append(cells)
    return rows, balanced and depth == 0


def _strip_prefix(cell: str) -> tuple[str, bool]:
    """The first cell of a row without its leading rules and row styling; and whether a
    rule was drawn there."""
    ruled = False
    pos = 0
    while True:
        match = _PREFIX.match(cell, pos)
        if match is None:
            break
        name = match.group(1)
        if name in RULES:
            ruled = True
            pos = read_args(cell, match.end(), RULES[name])[1]
        elif name in ROW_PREFIXES:
            args, pos, _ = read_args(cell, match.end(), ROW_PREFIXES[name])
            if name == "noalign" and args and "rule" in (args[0] or ""):
                ruled = True
        else:
            break
    return cell[pos:], ruled


def _int_arg(value: str | None, limit: int) -> int | None:
    try:
        number = int(float((value or "").strip()))
    except ValueError:
        return None
    return max(-limit, min(limit, number))


class _CellReader:
    """Reads cells one by one, collecting what it had to guess as warnings."""

    def __init__(self, refs: dict[str, str], bibliography: dict[str, str]):
        self.refs = refs
        self.bibliography = bibliography
        self.warnings: list[str] = []

    def read(self, raw: str) -> tuple[Cell, int, int]:
        """A cell, its column span and its row span (negative: spans upwards)."""
        columns = rows = 1
        match = _MULTICOLUMN.search(raw) if "\\m" in raw else None
        if match:
            args, end, complete = read_args(raw, match.end(), "mmm")
            if not complete:
                self.warnings.append("\\multicolumn with missing arguments — read as far as it goes")
            columns = _int_arg(args[0], MAX_COLUMNS) or 1
            if columns < 1:
                columns = 1
            raw = raw[: match.start()] + (args[2] or "") + raw[end:]
        match = _MULTIROW.search(raw) if "\\multirow" in raw else None
        if match:
            spec = "omomom" if match.group(1) == "multirow" else "mom"
            args, end, complete = read_args(raw, match.end(), spec)
            count = args[1] if match.group(1) == "multirow" else args[0]
            text = args[-1] or ""
            if not complete:
                self.warnings.append("\\multirow with missing arguments — read as far as it goes")
            rows = _int_arg(count, MAX_ROWS_SPANNED) or 1
            raw = raw[: match.start()] + text + raw[end:]
        converter = Converter("inline", refs=self.refs, bibliography=self.bibliography, collect_cites=True)
        text = converter.convert(raw)
        bold, underline, italic = cell_style(raw) if text else (False, False, False)
        cell = Cell(text, bold=bold, underline=underline, italic=italic, cites=tuple(converter.cites or ()))
        return cell, columns, rows


def parse_grid(body: str, refs: dict[str, str] | None = None,
               bibliography: dict[str, str] | None = None) -> Grid:
    """The grid of a tabular body (the text between its column spec and `\\end`)."""
    grid = Grid()
    raw_rows, balanced = split_rows(body)
    if not balanced:
        grid.warnings.append("unbalanced braces — best-effort grid")
        raw_rows, _ = split_rows(body, respect_braces=False)
    if len(raw_rows) > MAX_ROWS:
        grid.warnings.append(f"{len(raw_rows)} rows: only the first {MAX_ROWS} read")
        raw_rows = raw_rows[:MAX_ROWS]
    if any(len(cells) > MAX_CELLS for cells in raw_rows):
        grid.warnings.append(f"rows of more than {MAX_CELLS} cells cut")
        raw_rows = [cells[:MAX_CELLS] for cells in raw_rows]
    reader = _CellReader(refs or {}, bibliography or {})
    rows: list[list[Cell]] = []
    rules: list[int] = []
    spans: list[tuple[int, int, int, int, Cell]] = []
    for raw_cells in raw_rows:
        first, ruled = _strip_prefix(raw_cells[0])
        raw_cells[0] = first
        if ruled and (not rules or rules[-1] != len(rows)):
            rules.append(len(rows))
        if len(raw_cells) == 1 and not first.strip():
            continue
        row: list[Cell] = []
        for raw in raw_cells:
            cell, columns, row_span = reader.read(raw)
            if row_span not in (0, 1, -1):
                spans.append((len(rows), len(row), row_span, columns, cell))
            row.append(cell)
            if columns > 1:
                row.extend([dataclasses.replace(cell, spanned=True)] * (columns - 1))
        rows.append(row[:MAX_CELLS])
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend(Cell("") for _ in range(width - len(row)))
    for row_index, column, count, columns, cell in spans:
        targets = range(row_index + 1, row_index + count) if count > 0 else range(row_index + count + 1, row_index)
        copy = dataclasses.replace(cell, spanned=True)
        for target in targets:
            if 0 <= target < len(rows):
                for c in range(column, min(column + columns, width)):
                    if not rows[target][c].text and not rows[target][c].cites:
                        rows[target][c] = copy
    grid.rows = rows
    grid.rules = tuple(rules)
    grid.warnings.extend(reader.warnings)
    if not rows:
        grid.warnings.append("no rows in the tabular")
    return grid
