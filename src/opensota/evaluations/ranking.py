"""Ranking leaderboards: which rows are best, by which metric, and who shares a place.

The rules, in one place:
- a table is ranked by its primary metric: among the metrics whose direction is known
  (`Metric.higher_is_better` True or False), the one by which the source (the dump)
  had already ranked its rows (`Result.position`), when the source order is a ranking
  at all; otherwise the first metric of known direction, in metric position order.
  (SQuAD tables in the dump list EM before F1 but are ordered by F1; the
  chronological tables of the AI-metrics project are rankings by nothing.)
  A reader may pick another metric of known direction instead;
- when no metric has a known direction the rows keep the order the source gave them
  and are numbered in that order;
- rows with the same value share a rank ("1, 2, 2, 4"), listed among themselves in
  source order;
- rows without a number for the ranking metric come last, unranked, in source order.

The first half of the module is plain functions over plain data (anything with the
attributes they read), so it is tested without a database. The second half sits at
the ORM's edge: it loads the values of whole tables, for many tables at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import attrgetter, itemgetter
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


def first_metric_with_direction(metrics: Iterable[MetricLike]) -> MetricLike | None:
    """The first metric, in position order, whose direction is known."""
    for metric in sorted(metrics, key=attrgetter("position")):
        if metric.higher_is_better is not None:
            return metric
    return None


# The source's order counts as a ranking by a metric when the metric confirms at least
# this share of it. A table listed in no particular order (by date, by model family)
# scores about one half on every metric: then the first metric of known direction is
# the honest default, not whichever column happened to score a little higher.
SOURCE_RANKING_AGREEMENT = 0.75


def source_order_agreement(
    rows: Iterable[Row],
    metric: MetricLike,
    number: Callable[[Row], float | None],
    position: Callable[[Row], int] = attrgetter("position"),
) -> float:
    """How far the order the source gave `rows` is a ranking by `metric`, from 0 to 1.

    Rows are walked in source order, skipping those without a value, and each pair of
    neighbours is checked: it agrees when the earlier row is at least as good as the
    later one on `metric` (equal values agree: a tie may be listed either way). The
    agreeing pairs are counted against all the table's neighbouring pairs, so a metric
    that most rows lack cannot win on a handful of values. 0 for fewer than two rows
    or a metric of unknown direction.
    """
    in_source_order = sorted(rows, key=position)
    if len(in_source_order) < 2 or metric.higher_is_better is None:
        return 0.0
    values = [value for value in map(number, in_source_order) if value is not None]
    if metric.higher_is_better:
        agreeing = sum(1 for earlier, later in zip(values, values[1:]) if earlier >= later)
    else:
        agreeing = sum(1 for earlier, later in zip(values, values[1:]) if earlier <= later)
    return agreeing / (len(in_source_order) - 1)


def primary_metric(
    metrics: Iterable[MetricLike],
    rows: Iterable[Row],
    number: Callable[[Row, MetricLike], float | None],
    position: Callable[[Row], int] = attrgetter("position"),
) -> MetricLike | None:
    """The metric a table is ranked by unless a reader picks another one.

    Among the metrics of known direction, the one whose ranking best agrees with the
    source order (`source_order_agreement`), if the source order is a ranking by it
    (`SOURCE_RANKING_AGREEMENT`); otherwise the first metric of known direction. Equal
    agreement goes to the earlier metric. None when no direction is known.
    `number(row, metric)` is the row's value on `metric`.
    """
    rows = list(rows)
    known = [m for m in sorted(metrics, key=attrgetter("position")) if m.higher_is_better is not None]
    if not known:
        return None
    best, best_agreement = known[0], -1.0
    for metric in known:
        agreement = source_order_agreement(rows, metric, lambda row, m=metric: number(row, m), position)
        if agreement > best_agreement:
            best, best_agreement = metric, agreement
    return best if best_agreement >= SOURCE_RANKING_AGREEMENT else known[0]


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

    `metric` is the metric the rows are ranked by, or the table's first metric when no
    direction is known (then `by_direction` is False and the order is the source's),
    or None when the table has no metric at all. `primary` is the metric the table is
    ranked by by default (None when no direction is known); `metric` differs from it
    only when a reader chose another one. `values` holds every row's value on every
    metric of the table, keyed by (result id, metric id), as (number, text).
    """

    metric: Any
    by_direction: bool
    rows: list[RankedRow[RowScore]]
    primary: Any = None
    values: Mapping[tuple[int, int], tuple[float | None, str]] = field(default_factory=dict)

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

    def value(self, result_id: int, metric_id: int) -> tuple[float | None, str]:
        """A row's (number, text) on a metric; (None, "") when it has none."""
        return self.values.get((result_id, metric_id), (None, ""))


def rank_tables(
    tables: Sequence[Any], chosen: Mapping[int, Any] | None = None
) -> dict[int, TableRanking]:
    """Every row of every table ranked, keyed by table id, in two queries in all.

    `tables` must have their metrics prefetched (`prefetch_related("metrics")`).
    Each table is ranked by its primary metric, or by `chosen[table.id]` when that is
    one of its metrics of known direction (anything else is ignored).
    """
    from opensota.evaluations.models import Result, ResultValue

    metrics = {table.id: sorted(table.metrics.all(), key=attrgetter("position")) for table in tables}
    metric_ids = [metric.id for listed in metrics.values() for metric in listed]
    values = {
        (result_id, metric_id): (number, text)
        for result_id, metric_id, number, text in ResultValue.objects.filter(
            metric_id__in=metric_ids
        ).values_list("result_id", "metric_id", "number", "text")
    } if metric_ids else {}
    positions: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if tables:
        for result_id, table_id, position in Result.objects.filter(
            table_id__in=[table.id for table in tables]
        ).order_by().values_list("id", "table_id", "position"):
            positions[table_id].append((result_id, position))
    rankings = {}
    for table in tables:
        listed = metrics[table.id]
        primary = primary_metric(
            listed, positions[table.id],
            number=lambda row, metric: values.get((row[0], metric.id), (None, ""))[0],
            position=itemgetter(1),
        )
        wanted = (chosen or {}).get(table.id)
        if wanted is not None and wanted in listed and wanted.higher_is_better is not None:
            metric = wanted
        else:
            metric = primary or (listed[0] if listed else None)
        scores = [
            RowScore(result_id, position, *values.get((result_id, metric.id), (None, "")))
            if metric is not None else RowScore(result_id, position, None)
            for result_id, position in positions[table.id]
        ]
        rows = rank_results(scores, metric, attrgetter("number"))
        rankings[table.id] = TableRanking(metric, is_ranked_by_direction(metric), rows, primary, values)
    return rankings


def best_results(tables: Sequence[Any]) -> dict[int, RankedRow[RowScore] | None]:
    """The best row of each table on its primary metric, keyed by table id."""
    return {table_id: ranking.best() for table_id, ranking in rank_tables(tables).items()}
