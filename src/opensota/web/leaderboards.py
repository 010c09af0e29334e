"""What the pages show of leaderboards, built from `evaluations.ranking` in few queries.

A paper's results with their ranks, a task's or dataset's leaderboards with their
best row, one leaderboard's page of rows, and its state-of-the-art chart: each is
a fixed number of queries, however many tables or rows are involved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any

from django.db.models import F, OuterRef, Subquery

from opensota.catalog.models import Paper, PaperRepository
from opensota.catalog.queries import OFFICIAL_FIRST
from opensota.evaluations.models import EvaluationTable, Metric, Result
from opensota.evaluations.ranking import RankedRow, RowScore, TableRanking, progress_over_time, rank_tables
from opensota.web.charts import Chart, progress_chart


@dataclass
class PaperResult:
    """A leaderboard row citing a paper, with its rank on that leaderboard."""

    result: Result
    rank: int | None
    metric: Metric | None
    by_direction: bool
    values: list[tuple[str, str]]


def paper_results(paper: Paper) -> list[PaperResult]:
    results = list(
        Result.objects.filter(paper=paper)
        .select_related("table__task", "table__dataset")
        .prefetch_related("values__metric")
        .order_by("table__task__name", "table__dataset__name", "position")
    )
    tables = EvaluationTable.objects.filter(id__in={r.table_id for r in results})
    rankings = rank_tables(list(tables.prefetch_related("metrics"))) if results else {}
    rows = []
    for result in results:
        ranking = rankings[result.table_id]
        values = sorted(result.values.all(), key=lambda value: value.metric.position)
        rows.append(PaperResult(
            result=result,
            rank=ranking.rank_of(result.id),
            metric=ranking.metric,
            by_direction=ranking.by_direction,
            values=[(value.metric.name, value.text) for value in values],
        ))
    return rows


@dataclass
class LeaderboardSummary:
    """A leaderboard in a list: its best row and that row's value on the headline metric."""

    table: EvaluationTable
    best: Result | None
    value: str
    metric: Metric | None
    by_direction: bool


def summaries(tables: list[EvaluationTable]) -> list[LeaderboardSummary]:
    """Each table with its best row (tables with `metrics` prefetched); four queries in all."""
    rankings = rank_tables(tables)
    best_rows = {table_id: ranking.best() for table_id, ranking in rankings.items()}
    best_ids = [entry.row.result_id for entry in best_rows.values() if entry is not None]
    results = Result.objects.select_related("paper").in_bulk(best_ids) if best_ids else {}
    listed = []
    for table in tables:
        entry = best_rows[table.id]
        listed.append(LeaderboardSummary(
            table=table,
            best=results.get(entry.row.result_id) if entry else None,
            value=entry.row.text if entry else "",
            metric=rankings[table.id].metric,
            by_direction=rankings[table.id].by_direction,
        ))
    return listed


@dataclass
class LeaderboardRow:
    """One row of a leaderboard page: its values in metric order, as written."""

    rank: int | None
    result: Result
    values: list[str]
    code_url: str
    date: date | None


def leaderboard_rows(entries: list[RankedRow[RowScore]], metrics: list[Metric]) -> list[LeaderboardRow]:
    """The rows of one page of a ranked table, fetched together (two queries)."""
    best_code = (
        PaperRepository.objects.filter(paper=OuterRef("paper"))
        .order_by(*OFFICIAL_FIRST, F("repository__stars").desc(nulls_last=True), "url")
        .values("url")[:1]
    )
    results = (
        Result.objects.select_related("paper")
        .prefetch_related("values")
        .annotate(paper_code_url=Subquery(best_code))
        .in_bulk([entry.row.result_id for entry in entries])
    )
    rows = []
    for entry in entries:
        result = results[entry.row.result_id]
        by_metric = {value.metric_id: value.text for value in result.values.all()}
        rows.append(LeaderboardRow(
            rank=entry.rank,
            result=result,
            values=[by_metric.get(metric.id, "") for metric in metrics],
            code_url=_code_url(result),
            date=result.paper_date or (result.paper.published if result.paper else None),
        ))
    return rows


def _code_url(result: Result) -> str:
    """The row's own code link, else the best-known implementation of its paper."""
    for link in result.code_links or []:
        if isinstance(link, dict) and isinstance(link.get("url"), str):
            return link["url"]
    return result.paper_code_url or ""


def progress(table: EvaluationTable, ranking: TableRanking) -> Chart | None:
    """The state of the art over time on the ranking metric (None when it cannot be drawn)."""
    if not ranking.by_direction:
        return None
    dated: dict[int, tuple[date | None, str]] = {
        result_id: (paper_date or published, model_name)
        for result_id, paper_date, published, model_name in Result.objects.filter(table=table)
        .values_list("id", "paper_date", "paper__published", "model_name")
    }
    points = progress_over_time(
        [entry.row for entry in ranking.rows], ranking.metric,
        number=attrgetter("number"), when=lambda row: dated[row.result_id][0],
    )

    def label(point: Any) -> str:
        name = dated[point.row.result_id][1] or "Unnamed model"
        record = " — new state of the art" if point.record else ""
        return f"{name}: {point.row.text} ({point.when:%b %Y}){record}"

    return progress_chart(points, label=label)
