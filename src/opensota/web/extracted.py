"""A paper's table as the extractor read it, so every extracted result links to its cell.

`/paper/<slug>/tables/<number>` renders the stored grid with the caption above it; each
cell has the id `r<row>c<column>`, the provenance a proposal keeps, so
`/paper/<slug>/tables/2#r5c3` scrolls to the cell and highlights it (`:target` in the
stylesheet; extracted.js also marks it `aria-current`). Cells a result was read from are
described by that result (`aria-describedby`). Everything from the paper is escaped text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from opensota.catalog.models import Paper
from opensota.extraction import queries
from opensota.extraction.models import ExtractedTable, FoundResult


@dataclass
class GridCell:
    anchor: str
    text: str
    bold: bool = False
    spanned: bool = False
    found: list[FoundResult] = field(default_factory=list)

    @property
    def described_by(self) -> str:
        return " ".join(f"found-{result.pk}" for result in self.found)


@dataclass
class GridRow:
    header: str | None
    cells: list[GridCell]


def grid_rows(table: ExtractedTable, found: list[FoundResult]) -> list[GridRow]:
    """The stored grid as rows of cells with their anchors and the results read from them."""
    by_cell: dict[tuple[int, int], list[FoundResult]] = {}
    for result in found:
        by_cell.setdefault((result.row, result.column), []).append(result)
    rows = []
    for r, row in enumerate(table.grid if isinstance(table.grid, list) else []):
        cells = [GridCell(anchor=f"r{r}c{c}", text=str(cell.get("text", "")) if isinstance(cell, dict) else "",
                          bold=bool(isinstance(cell, dict) and cell.get("bold")),
                          spanned=bool(isinstance(cell, dict) and cell.get("spanned")),
                          found=by_cell.get((r, c), []))
                 for c, cell in enumerate(row if isinstance(row, list) else [])]
        header = table.row_headers[r] if table.row_headers and r < len(table.row_headers) else None
        rows.append(GridRow(header=header if table.row_headers else None, cells=cells))
    return rows


@require_safe
def paper_table(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    paper = get_object_or_404(Paper.objects.only("id", "slug", "title", "arxiv_id"), slug=slug)
    table = get_object_or_404(ExtractedTable, paper=paper, number=number)
    found = list(queries.table_results(paper, number))
    return render(request, "opensota/paper_table.html", {
        "paper": paper, "table": table, "rows": grid_rows(table, found), "found_results": found,
        "other_tables": [t for t in queries.tables_read(paper) if t.number != number],
    })
