"""Reading what the extractor found, for the paper page and the table page: one query each."""

from __future__ import annotations

from django.db.models import QuerySet

from opensota.catalog.models import Paper
from opensota.extraction.models import ExtractedTable, FoundResult


def found_results(paper: Paper) -> QuerySet:
    """The results read in a paper, with their proposal or the leaderboard row holding them."""
    return FoundResult.objects.filter(paper=paper).select_related("proposal", "result__table")


def tables_read(paper: Paper) -> QuerySet:
    """The paper's tables as the extractor read them, without their grids."""
    return ExtractedTable.objects.filter(paper=paper).only("id", "paper_id", "number", "label", "caption")


def table_results(paper: Paper, number: int) -> QuerySet:
    return found_results(paper).filter(table_number=number)
