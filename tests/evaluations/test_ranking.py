"""Leaderboard ranking rules, on plain rows (no database) and on the shipped sample."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter

import pytest

from opensota.evaluations.ranking import (
    SOURCE_RANKING_AGREEMENT,
    best_result,
    first_metric_with_direction,
    primary_metric,
    progress_over_time,
    rank_results,
    rank_tables,
    source_order_agreement,
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


def test_the_first_metric_with_a_known_direction():
    metrics = [Metric("Dev", 0, None), Metric("F1", 2, True), Metric("Error", 1, False)]
    assert first_metric_with_direction(metrics).name == "Error"
    assert first_metric_with_direction([Metric("Dev", 0, None)]) is None
    assert first_metric_with_direction([]) is None


# --- the primary metric: the one the source ranked its rows by ----------------------


@dataclass
class Scored:
    """A row with a value per metric name."""

    position: int
    values: dict


def by_name(row, metric):
    return row.values.get(metric.name)


def table(*columns: dict) -> list[Scored]:
    """Rows in source order from columns given as {metric name: [values...]}."""
    merged: dict = {}
    for column in columns:
        merged.update(column)
    length = max(len(values) for values in merged.values())
    return [
        Scored(position, {name: values[position] for name, values in merged.items() if position < len(values)})
        for position in range(length)
    ]


EM, F1 = Metric("EM", 0, True), Metric("F1", 1, True)


def agreement(rows, metric):
    return source_order_agreement(rows, metric, lambda row: by_name(row, metric))


def test_agreement_counts_neighbouring_pairs_the_metric_orders_as_the_source():
    rows = table({"F1": [95.4, 95.1, 94.9, 94.9, 94.5], "EM": [90.2, 89.9, 89.6, 89.9, 89.7]})
    assert agreement(rows, F1) == 1.0  # a tie agrees: the source may list it either way
    assert agreement(rows, EM) == 0.75  # 89.6 before 89.9 disagrees
    error = Metric("Error", 0, False)
    assert agreement(table({"Error": [1.0, 2.0, 3.0, 2.5]}), error) == 2 / 3


def test_agreement_skips_missing_values_but_counts_them_against_the_metric():
    rows = table({"F1": [95.0, None, 94.0, None, 93.0]})
    assert agreement(rows, F1) == 2 / 4  # (95, 94) and (94, 93) agree, of 4 neighbouring pairs
    sparse = table({"F1": [None, None, None, 90.0, 80.0]})
    assert agreement(sparse, F1) == 1 / 4


def test_agreement_needs_two_rows_and_a_direction():
    assert agreement(table({"F1": [1.0]}), F1) == 0.0
    assert agreement([], F1) == 0.0
    assert agreement(table({"F1": [2.0, 1.0]}), Metric("F1", 1, None)) == 0.0


def test_agreement_reads_the_source_order_from_positions_not_list_order():
    rows = table({"F1": [3.0, 2.0, 1.0]})
    assert agreement(list(reversed(rows)), F1) == 1.0


def test_primary_metric_is_the_one_the_source_ranked_by():
    # SQuAD as the dump gives it: EM listed first, rows ordered by F1.
    rows = table({"EM": [90.2, 89.9, 89.6, 89.9, 89.7], "F1": [95.4, 95.1, 94.9, 94.9, 94.5]})
    assert primary_metric([EM, F1], rows, by_name) is F1


def test_primary_metric_ignores_metrics_of_unknown_direction():
    unknown = Metric("Dev", 0, None)
    rows = table({"Dev": [5.0, 4.0, 3.0, 2.0], "F1": [1.0, 3.0, 2.0, 4.0]})
    assert primary_metric([unknown, F1], rows, by_name) is F1
    assert primary_metric([unknown], rows, by_name) is None
    assert primary_metric([], rows, by_name) is None


def test_primary_metric_falls_back_to_the_first_known_when_the_source_is_no_ranking():
    # A chronological table: every metric agrees with the source about half the time.
    rows = table({"EM": [70.0, 80.0, 75.0, 85.0, 82.0, 90.0], "F1": [80.0, 78.0, 85.0, 83.0, 88.0, 86.0]})
    assert agreement(rows, F1) < SOURCE_RANKING_AGREEMENT
    assert primary_metric([F1, EM], rows, by_name) is EM  # EM's position is 0


def test_primary_metric_does_not_pick_a_metric_most_rows_lack():
    rows = table({"EM": [80.0, 79.0, 78.0, 79.5, 77.0, 76.0], "F1": [90.0, None, None, None, None, 85.0]})
    assert agreement(rows, F1) == 1 / 5
    assert primary_metric([EM, F1], rows, by_name) is EM


def test_primary_metric_breaks_equal_agreement_by_position():
    rows = table({"EM": [3.0, 2.0, 1.0], "F1": [3.0, 2.0, 1.0]})
    assert primary_metric([F1, EM], rows, by_name) is EM
    assert primary_metric([EM, F1], rows, by_name) is EM


def test_primary_metric_with_no_rows_is_the_first_known():
    assert primary_metric([Metric("Dev", 0, None), F1, EM], [], by_name) is EM


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


@pytest.mark.django_db
def test_rank_tables_ranks_squad_by_f1_the_order_of_its_source():
    from opensota.evaluations.models import EvaluationTable

    squad = EvaluationTable.objects.prefetch_related("metrics").get(slug="question-answering-on-squad1-1")
    ranking = rank_tables([squad])[squad.id]
    assert ranking.primary.name == "F1" and ranking.metric == ranking.primary
    assert [m.name for m in squad.metrics.all()][0] == "EM"  # listed first, yet not the ranking


@pytest.mark.django_db
def test_rank_tables_ranks_by_a_chosen_metric_of_known_direction():
    from opensota.evaluations.models import EvaluationTable, Metric as MetricModel

    squad = EvaluationTable.objects.prefetch_related("metrics").get(slug="question-answering-on-squad1-1")
    em = squad.metrics.get(name="EM")
    ranking = rank_tables([squad], {squad.id: em})[squad.id]
    assert ranking.metric == em and ranking.primary.name == "F1"
    numbers = [entry.number for entry in ranking.rows if entry.rank is not None]
    assert numbers == sorted(numbers, reverse=True)
    # a metric of another table, or of unknown direction, is ignored
    other = MetricModel.objects.exclude(table=squad).first()
    assert rank_tables([squad], {squad.id: other})[squad.id].metric.name == "F1"
    MetricModel.objects.filter(pk=em.pk).update(higher_is_better=None)
    squad = EvaluationTable.objects.prefetch_related("metrics").get(pk=squad.pk)
    em = squad.metrics.get(name="EM")
    assert rank_tables([squad], {squad.id: em})[squad.id].metric.name == "F1"


@pytest.mark.django_db
def test_rank_tables_keeps_every_value_of_every_metric():
    from opensota.evaluations.models import EvaluationTable, ResultValue

    squad = EvaluationTable.objects.prefetch_related("metrics").get(slug="question-answering-on-squad1-1")
    ranking = rank_tables([squad])[squad.id]
    for value in ResultValue.objects.filter(result__table=squad)[:50]:
        assert ranking.value(value.result_id, value.metric_id) == (value.number, value.text)
    assert ranking.value(-1, -1) == (None, "")
