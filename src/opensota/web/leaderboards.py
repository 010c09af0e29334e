"""What the pages show of leaderboards, built from `evaluations.ranking` in few queries.

A paper's results with their ranks and its README badges, a task's or dataset's
leaderboards with their best row: each is a fixed number of queries, however many
tables or rows are involved. One leaderboard's own page is `web.board`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from opensota.catalog.models import Paper
from opensota.evaluations.models import EvaluationTable, Metric, Result
from opensota.evaluations.ranking import TableRanking, rank_tables


@dataclass
class PaperResult:
    """A leaderboard row citing a paper, with its rank on that leaderboard."""

    result: Result
    rank: int | None
    metric: Metric | None
    by_direction: bool
    values: list[tuple[str, str]]


def paper_results(paper: Paper) -> list[PaperResult]:
    """The paper's rows on every leaderboard, each ranked on its table's primary metric."""
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
class PaperBadge:
    """A README badge of a paper on one leaderboard: the image and where it links."""

    table: EvaluationTable
    image_path: str
    board_path: str
    alt: str
    markdown: str


def paper_badges(
    paper: Paper, results: list[PaperResult], absolute: Callable[[str], str] = lambda path: path
) -> list[PaperBadge]:
    """One badge per leaderboard the paper has a result on, in the order of `results`.

    `absolute(path)` makes the URLs of the Markdown snippet absolute (a README lives
    elsewhere); the alt text loses the characters that would end Markdown's brackets.
    """
    badges: dict[int, PaperBadge] = {}
    for item in results:
        table = item.result.table
        if table.id not in badges:
            name = f"{table.task.name} on {table.dataset.name}"
            alt = " ".join("".join(ch for ch in name if ch not in "[]()\\`*_<>!").split())
            image_path = reverse("badge", args=[paper.slug, table.slug])
            board_path = table.get_absolute_url()
            badges[table.id] = PaperBadge(
                table=table, image_path=image_path, board_path=board_path, alt=alt,
                markdown=f"[![{alt}]({absolute(image_path)})]({absolute(board_path)})",
            )
    return list(badges.values())


def badge_rank(paper: Paper, table: EvaluationTable) -> tuple[int | None, TableRanking] | None:
    """The paper's best rank on `table` (metrics prefetched), None when it has no row there."""
    result_ids = list(Result.objects.filter(table=table, paper=paper).values_list("id", flat=True))
    if not result_ids:
        return None
    ranking = rank_tables([table])[table.id]
    ranks = [rank for rank in map(ranking.rank_of, result_ids) if rank is not None]
    return (min(ranks) if ranks else None), ranking
