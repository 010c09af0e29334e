"""Leaderboard ranking rules, on plain rows (no database) and on the shipped sample."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter

import pytest

from opensota.evaluations.ranking import (
    best_result,
    headline_metric,
    progress_over_time,
    rank_results,
    rank_tables,
    ranking_metric,
)


@dataclass
class Metric:
    name: str
    position: int
    higher_is_better: bool | None


@dataclass
class Row:
    name: str
    position: int
    number: float | None


number = attrgetter("number")
HIGHER = Metric("Accuracy", 0, True)
LOWER = Metric("Error", 0, False)
UNKNOWN = Metric("Smatch", 0, None)


def names(ranked):
    return [entry.row.name for entry in ranked]


def ranks(ranked):
    return [entry.rank for entry in ranked]


def test_higher_is_better_puts_the_largest_value_first():
    rows = [Row("a", 0, 70.1), Row("b", 1, 91.5), Row("c", 2, 85.0)]
    ranked = rank_results(rows, HIGHER, number)
    assert names(ranked) == ["b", "c", "a"]
    assert ranks(ranked) == [1, 2, 3]


def test_lower_is_better_puts_the_smallest_value_first():
    rows = [Row("a", 0, 3.2), Row("b", 1, 0.64), Row("c", 2, 1.5)]
    ranked = rank_results(rows, LOWER, number)
    assert names(ranked) == ["b", "c", "a"]
    assert ranks(ranked) == [1, 2, 3]


def test_unknown_direction_keeps_the_source_order():
    rows = [Row("c", 2, 99.0), Row("a", 0, 1.0), Row("b", 1, None)]
    ranked = rank_results(rows, UNKNOWN, number)
    assert names(ranked) == ["a", "b", "c"]
    assert ranks(ranked) == [1, 2, 3]


def test_no_metric_keeps_the_source_order():
    rows = [Row("b", 1, 5.0), Row("a", 0, 9.0)]
    assert names(rank_results(rows, None, number)) == ["a", "b"]


def test_ties_share_a_rank_and_the_next_rank_skips():
    rows = [Row("a", 0, 90.0), Row("b", 1, 92.0), Row("c", 2, 92.0), Row("d", 3, 80.0)]
    ranked = rank_results(rows, HIGHER, number)
    assert names(ranked) == ["b", "c", "a", "d"]
    assert ranks(ranked) == [1, 1, 3, 4]


def test_tied_rows_stay_in_source_order():
    rows = [Row("late", 5, 1.0), Row("early", 1, 1.0)]
    assert names(rank_results(rows, LOWER, number)) == ["early", "late"]


def test_rows_without_a_value_come_last_unranked_in_source_order():
    rows = [Row("x", 0, None), Row("a", 1, 10.0), Row("y", 2, None), Row("b", 3, 20.0)]
    for metric, expected in ((HIGHER, ["b", "a", "x", "y"]), (LOWER, ["a", "b", "x", "y"])):
        ranked = rank_results(rows, metric, number)
        assert names(ranked) == expected
        assert ranks(ranked) == [1, 2, None, None]


def test_negative_and_zero_values_are_values():
    rows = [Row("a", 0, 0.0), Row("b", 1, -1.5), Row("c", 2, None)]
    ranked = rank_results(rows, HIGHER, number)
    assert names(ranked) == ["a", "b", "c"]
    assert ranks(ranked) == [1, 2, None]


def test_empty_table():
    assert rank_results([], HIGHER, number) == []
    assert best_result([], HIGHER, number) is None


def test_best_result_is_the_first_of_the_top_rank():
    rows = [Row("a", 0, 1.0), Row("b", 1, 3.0), Row("c", 2, 3.0)]
    best = best_result(rows, HIGHER, number)
    assert best.row.name == "b" and best.rank == 1


def test_best_result_needs_a_value():
    assert best_result([Row("a", 0, None)], HIGHER, number) is None


def test_the_ranking_metric_is_the_first_with_a_known_direction():
    metrics = [Metric("Dev", 0, None), Metric("F1", 2, True), Metric("Error", 1, False)]
    assert ranking_metric(metrics).name == "Error"
    assert ranking_metric([Metric("Dev", 0, None)]) is None
    assert ranking_metric([]) is None


def test_the_headline_metric_falls_back_to_the_first_metric():
    assert headline_metric([Metric("Test", 1, None), Metric("Dev", 0, None)]).name == "Dev"
    assert headline_metric([Metric("Dev", 0, None), Metric("F1", 1, True)]).name == "F1"
    assert headline_metric([]) is None


@dataclass
class DatedRow:
    name: str
    position: int
    number: float | None
    when: date | None


when = attrgetter("when")


def test_progress_marks_the_results_that_set_a_record():
    rows = [
        DatedRow("first", 0, 70.0, date(2018, 1, 1)),
        DatedRow("later-better", 1, 80.0, date(2019, 1, 1)),
        DatedRow("worse", 2, 75.0, date(2019, 6, 1)),
        DatedRow("equal", 3, 80.0, date(2020, 1, 1)),
        DatedRow("undated", 4, 99.0, None),
        DatedRow("no-value", 5, None, date(2021, 1, 1)),
        DatedRow("oldest", 6, 60.0, date(2017, 1, 1)),
    ]
    points = progress_over_time(rows, HIGHER, number, when)
    assert [(p.row.name, p.record) for p in points] == [
        ("oldest", True), ("first", True), ("later-better", True), ("worse", False), ("equal", False),
    ]
    lower = progress_over_time(rows, LOWER, number, when)
    assert [p.row.name for p in lower if p.record] == ["oldest"]


def test_progress_needs_a_known_direction():
    rows = [DatedRow("a", 0, 1.0, date(2020, 1, 1))]
    assert progress_over_time(rows, UNKNOWN, number, when) == []
    assert progress_over_time(rows, None, number, when) == []


@pytest.mark.django_db
def test_rank_tables_ranks_a_real_leaderboard_by_its_metric():
    from opensota.evaluations.models import EvaluationTable, ResultValue

    table = (
        EvaluationTable.objects.prefetch_related("metrics")
        .filter(metrics__higher_is_better__isnull=False)
        .distinct()
        .order_by("dump_position")
        .first()
    )
    ranking = rank_tables([table])[table.id]
    assert ranking.by_direction
    numbers = [entry.number for entry in ranking.rows if entry.rank is not None]
    assert numbers == sorted(numbers, reverse=ranking.metric.higher_is_better)
    stored = dict(
        ResultValue.objects.filter(metric=ranking.metric).values_list("result_id", "number")
    )
    for entry in ranking.rows:
        assert entry.number == stored.get(entry.row.result_id)
        assert ranking.rank_of(entry.row.result_id) == entry.rank
