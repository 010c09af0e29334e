"""Reading leaderboards: tables with their task and dataset, rows with their paper's id."""

from __future__ import annotations

from django.db.models import F, QuerySet

from opensota.catalog.models import Paper
from opensota.evaluations.models import EvaluationTable, Result


def with_subjects(tables: QuerySet) -> QuerySet:
    """Tables with the task and the dataset they rank joined."""
    return tables.select_related("task", "dataset")


def table_list(tables: QuerySet | None = None) -> QuerySet:
    """Tables (all of them by default) with their task and dataset, by id."""
    return with_subjects(EvaluationTable.objects.all() if tables is None else tables).order_by("slug")


def with_paper_slug(results: QuerySet) -> QuerySet:
    """Rows annotated with `paper_slug`, their paper's id (None without a catalog paper)."""
    return results.annotate(paper_slug=F("paper__slug"))


def paper_results(paper: Paper) -> QuerySet:
    """A paper's rows on every leaderboard, by leaderboard then position."""
    return with_paper_slug(Result.objects.filter(paper=paper)).order_by("table__slug", "position")
