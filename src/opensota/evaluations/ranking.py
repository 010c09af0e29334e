"""Ranking leaderboards: which rows are best, by which metric, and who shares a place.

The rules, in one place:
- a table is ranked by its first metric whose direction is known
  (`Metric.higher_is_better` True or False), in metric position order;
- when no metric has a known direction the rows keep the order the source gave them
  (`Result.position`) and are numbered in that order;
- rows with the same value share a rank ("1, 2, 2, 4"), listed among themselves in
  source order;
- rows without a number for the ranking metric come last, unranked, in source order.

The first half of the module is plain functions over plain data (anything with the
attributes they read), so it is tested without a database. The second half sits at
the ORM's edge: it loads just the values ranking needs, for many tables at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from operator import attrgetter
from typing import Any, Generic, Protocol, TypeVar

Row = TypeVar("Row")


class MetricLike(Protocol):
    position: int
    higher_is_better: bool | None


@dataclass(frozen=True)
class RankedRow(Generic[Row]):
    """A row with its place: `rank` is None for a row that has no value to rank by."""

    rank: int | None
    row: Row
    number: float | None


def ranking_metric(metrics: Iterable[MetricLike]) -> MetricLike | None:
    """The metric a table is ranked by: the first one whose direction is known."""
    for metric in sorted(metrics, key=attrgetter("position")):
        if metric.higher_is_better is not None:
            return metric
    return None


def headline_metric(metrics: Iterable[MetricLike]) -> MetricLike | None:
    """The metric to quote a table's best value in: the ranking metric, else the first."""
    metrics = sorted(metrics, key=attrgetter("position"))
    return ranking_metric(metrics) or (metrics[0] if metrics else None)


def rank_results(
    rows: Iterable[Row],
    metric: MetricLike | None,
    number: Callable[[Row], float | None],
    position: Callable[[Row], int] = attrgetter("position"),
) -> list[RankedRow[Row]]:
    """Rows in leaderboard order, each with its rank.

    `number(row)` is the row's parsed value on `metric` (None when it has none);
    `position(row)` its place in the source. With `metric` None or of unknown
    direction, the rows keep source order and are numbered 1, 2, 3...
    """
    in_source_order = sorted(rows, key=position)
    if metric is None or metric.higher_is_better is None:
        return [RankedRow(i + 1, row, number(row)) for i, row in enumerate(in_source_order)]
    valued = [(row, number(row)) for row in in_source_order]
    with_number = [(row, value) for row, value in valued if value is not None]
    without = [(row, value) for row, value in valued if value is None]
    # sorted() is stable, so equal values stay in source order.
    with_number.sort(key=lambda pair: pair[1], reverse=bool(metric.higher_is_better))
    ranked: list[RankedRow[Row]] = []
    previous: float | None = None
    rank = 0
    for index, (row, value) in enumerate(with_number):
        if index == 0 or value != previous:
            rank = index + 1
            previous = value
        ranked.append(RankedRow(rank, row, value))
    ranked += [RankedRow(None, row, None) for row, _ in without]
    return ranked


def best_result(
    rows: Iterable[Row],
    metric: MetricLike | None,
    number: Callable[[Row], float | None],
    position: Callable[[Row], int] = attrgetter("position"),
) -> RankedRow[Row] | None:
    """The top row of a table (the first listed when several share first place)."""
    ranked = rank_results(rows, metric, number, position)
    if not ranked or ranked[0].rank is None:
        return None
    return ranked[0]


def is_ranked_by_direction(metric: MetricLike | None) -> bool:
    """True when a table's order reflects its values, not only the order of its source."""
    return metric is not None and metric.higher_is_better is not None


@dataclass(frozen=True)
class ProgressPoint(Generic[Row]):
    """A dated result; `record` when it beat every result published before it."""

    when: date
    number: float
    row: Row
    record: bool


def progress_over_time(
    rows: Iterable[Row],
    metric: MetricLike | None,
    number: Callable[[Row], float | None],
    when: Callable[[Row], date | None],
    position: Callable[[Row], int] = attrgetter("position"),
) -> list[ProgressPoint[Row]]:
    """The state of the art over time: dated rows with a value, oldest first.

    Only a metric of known direction has a state of the art; otherwise the list is
    empty. A row sets a record when it is strictly better than every earlier row
    (rows of the same day are taken in source order).
    """
    if metric is None or metric.higher_is_better is None:
        return []
    dated = [(when(row), position(row), number(row), row) for row in rows]
    dated = sorted(
        (item for item in dated if item[0] is not None and item[2] is not None),
        key=lambda item: (item[0], item[1]),
    )
    better = (lambda a, b: a > b) if metric.higher_is_better else (lambda a, b: a < b)
    points, best = [], None
    for day, _, value, row in dated:
        record = best is None or better(value, best)
        if record:
            best = value
        points.append(ProgressPoint(day, value, row, record))
    return points


# --------------------------------------------------------------------------------------
# At the ORM's edge: load what ranking needs in a constant number of queries.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowScore:
    """The least a row needs to be ranked: its id, its place in the source, its value."""

    result_id: int
    position: int
    number: float | None
    text: str = ""


@dataclass(frozen=True)
class TableRanking:
    """A whole table in leaderboard order: the metric used and every row's place.

    `metric` is the ranking metric, or the table's first metric when no direction is
    known (then `by_direction` is False and the order is the source's), or None when
    the table has no metric at all.
    """

    metric: Any
    by_direction: bool
    rows: list[RankedRow[RowScore]]

    def rank_of(self, result_id: int) -> int | None:
        return self._ranks.get(result_id)

    @cached_property
    def _ranks(self) -> dict[int, int | None]:
        return {entry.row.result_id: entry.rank for entry in self.rows}

    def best(self) -> RankedRow[RowScore] | None:
        """The top row that has a number (the first listed when several share first place)."""
        for entry in self.rows:
            if entry.row.number is not None:
                return entry if entry.rank is not None else None
        return None


def rank_tables(tables: Sequence[Any]) -> dict[int, TableRanking]:
    """Every row of every table ranked, keyed by table id, in two queries in all.

    `tables` must have their metrics prefetched (`prefetch_related("metrics")`).
    """
    from opensota.evaluations.models import Result, ResultValue

    chosen = {table.id: headline_metric(table.metrics.all()) for table in tables}
    metric_ids = [metric.id for metric in chosen.values() if metric is not None]
    values = {
        result_id: (number, text)
        for result_id, number, text in ResultValue.objects.filter(
            metric_id__in=metric_ids
        ).values_list("result_id", "number", "text")
    } if metric_ids else {}
    scores: dict[int, list[RowScore]] = defaultdict(list)
    if tables:
        for result_id, table_id, position in Result.objects.filter(
            table_id__in=[table.id for table in tables]
        ).order_by().values_list("id", "table_id", "position"):
            number, text = values.get(result_id, (None, ""))
            scores[table_id].append(RowScore(result_id, position, number, text))
    rankings = {}
    for table in tables:
        metric = chosen[table.id]
        by_direction = is_ranked_by_direction(metric)
        rows = rank_results(scores[table.id], metric, attrgetter("number"))
        rankings[table.id] = TableRanking(metric, by_direction, rows)
    return rankings


def best_results(tables: Sequence[Any]) -> dict[int, RankedRow[RowScore] | None]:
    """The best row of each table on its headline metric, keyed by table id."""
    return {table_id: ranking.best() for table_id, ranking in rank_tables(tables).items()}
