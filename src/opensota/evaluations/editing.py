"""Editing leaderboards: evaluation tables, their metrics and rows, and synchronize.

Each function is one transaction and keeps the catalog as the importer would have
left it, so `opensota export` writes the change and importing that export again
finds the same records: a row's `metrics_raw` (the values as given, which export
writes) and its parsed `ResultValue`s move together, and its `row_key` (the digest
import recognises a row by) is recomputed whenever the row changes.

Failures raise `opensota.editing.Invalid` (the edit names something that does not
exist or is malformed) or `Conflict` (it would duplicate a record). Used by the API's
writes and, later, by community proposals.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat

from opensota.catalog.models import Paper
from opensota.catalog.queries import paper_from_url
from opensota.dumps.exporter import SITE, row_record
from opensota.dumps.import_evaluations import row_key
from opensota.editing import Conflict, Invalid, checked_url, next_position
from opensota.evaluations.direction import resolve_higher_is_better
from opensota.evaluations.models import EvaluationTable, Metric, Result, ResultValue
from opensota.evaluations.values import parse_value
from opensota.taxonomy.editing import dataset_by_id, task_by_id
from opensota.taxonomy.models import Dataset, Task


# --- leaderboards ------------------------------------------------------------------


def _join_evaluation_dump(task: Task, dataset: Dataset) -> None:
    """A task with a leaderboard is exported with the evaluation tables, as imported ones are."""
    dataset.tasks.add(task)
    if not task.in_evaluation_dump:
        task.in_evaluation_dump = True
        task.dump_position = next_position(Task.objects.all(), "dump_position")
        task.save(update_fields=["in_evaluation_dump", "dump_position"])


@transaction.atomic
def create_table(task_id: str, dataset_id: str, description: str = "") -> EvaluationTable:
    task, dataset = task_by_id(task_id), dataset_by_id(dataset_id)
    slug = f"{task.slug}-on-{dataset.slug}"[:500]
    if EvaluationTable.objects.filter(Q(task=task, dataset=dataset) | Q(slug=slug)).exists():
        raise Conflict(f"The leaderboard {slug!r} exists already.")
    _join_evaluation_dump(task, dataset)
    return EvaluationTable.objects.create(
        task=task, dataset=dataset, slug=slug, description=description,
        dump_position=next_position(EvaluationTable.objects.all(), "dump_position"),
    )


@transaction.atomic
def update_table(table: EvaluationTable, task=None, dataset=None, description=None) -> EvaluationTable:
    """Move a leaderboard to another task or dataset, or describe it; its id stays."""
    if task is not None or dataset is not None:
        new_task = task_by_id(task) if task is not None else table.task
        new_dataset = dataset_by_id(dataset) if dataset is not None else table.dataset
        if EvaluationTable.objects.filter(task=new_task, dataset=new_dataset).exclude(pk=table.pk).exists():
            raise Conflict(f"A leaderboard of {new_task.slug!r} on {new_dataset.slug!r} exists already.")
        _join_evaluation_dump(new_task, new_dataset)
        table.task, table.dataset = new_task, new_dataset
    if description is not None:
        table.description = description
    table.save()
    return table


# --- metrics -----------------------------------------------------------------------


@transaction.atomic
def add_metric(table: EvaluationTable, name: str, is_loss: bool | None = None) -> Metric:
    """A new column. Its direction is `is_loss` as given, else what its name says."""
    if table.metrics.filter(name=name).exists():
        raise Conflict(f"The leaderboard has a metric {name!r} already.")
    direction = resolve_higher_is_better(name) if is_loss is None else not is_loss
    return Metric.objects.create(
        table=table, name=name, position=next_position(table.metrics.all(), "position"), higher_is_better=direction
    )


@transaction.atomic
def update_metric(metric: Metric, name: str | None = None, is_loss: bool | None = None) -> Metric:
    if is_loss is not None:
        metric.higher_is_better = not is_loss
    if name is not None and name != metric.name:
        if Metric.objects.filter(table_id=metric.table_id, name=name).exists():
            raise Conflict(f"The leaderboard has a metric {name!r} already.")
        _rewrite_rows(metric.table_id, lambda raw: {name if k == metric.name else k: v for k, v in raw.items()})
        metric.name = name
    metric.save()
    return metric


@transaction.atomic
def delete_metric(metric: Metric) -> None:
    """Remove a column and every row's value in it."""
    _rewrite_rows(metric.table_id, lambda raw: {k: v for k, v in raw.items() if k != metric.name})
    metric.delete()


def _rewrite_rows(table_id: int, change) -> None:
    """Apply `change` to the raw metrics of every row of a table, and re-key the rows."""
    rows = list(Result.objects.filter(table_id=table_id))
    for row in rows:
        row.metrics_raw = change(row.metrics_raw)
        row.row_key = row_key(row_record(row))
    if len({row.row_key for row in rows}) < len(rows):
        raise Conflict("That change would leave two rows of the leaderboard identical.")
    # Two passes, so no intermediate state repeats a key that another row still holds.
    Result.objects.filter(table_id=table_id).update(row_key=Concat(Value("tmp-"), Cast("id", CharField())))
    Result.objects.bulk_update(rows, ["metrics_raw", "row_key"], batch_size=500)


# --- results -----------------------------------------------------------------------


def paper_reference(value: str | None) -> tuple[Paper | None, str, str]:
    """(paper, paper_url, paper_title) for a result's `paper`: a paper id, or a URL.

    A URL of a paper the catalog has links that paper; another URL is kept as the
    row's paper URL. An id the catalog does not have is refused.
    """
    if not value:
        return None, "", ""
    if value.startswith(("http://", "https://")):
        checked_url(value, "paper")
        found = paper_from_url(value)
        return (found, value, found.title) if found else (None, value, "")
    found = Paper.objects.filter(slug=value).first()
    if found is None:
        raise Invalid(f"No paper {value!r}.")
    return found, f"{SITE}/paper/{found.slug}", found.title


@transaction.atomic
def add_result(
    table: EvaluationTable, metrics: Mapping[str, Any], methodology: str,
    uses_additional_data: bool | None = False, paper: str | None = None,
    evaluated_on: date | None = None,
) -> Result:
    found, paper_url, paper_title = paper_reference(paper)
    row = Result(
        table=table, position=next_position(table.results.all(), "position"), model_name=methodology,
        paper=found, paper_url=paper_url, paper_title=paper_title, paper_date=evaluated_on,
        uses_additional_data=uses_additional_data, metrics_raw=dict(metrics), source="manual",
    )
    _save_row(row)
    return row


@transaction.atomic
def update_result(result: Result, metrics=None, methodology=None, uses_additional_data=None,
                  paper=None, evaluated_on=None) -> Result:
    """Change what is given; `metrics` sets the values it names and keeps the others."""
    if metrics is not None:
        result.metrics_raw = {**result.metrics_raw, **metrics}
    if methodology is not None:
        result.model_name = methodology
    if uses_additional_data is not None:
        result.uses_additional_data = uses_additional_data
    if paper is not None:
        result.paper, result.paper_url, result.paper_title = paper_reference(paper)
    if evaluated_on is not None:
        result.paper_date = evaluated_on
    _save_row(result)
    return result


def _save_row(row: Result) -> None:
    """Store a row, its key and its parsed values (adding the metrics it names)."""
    row.row_key = row_key(row_record(row))
    if Result.objects.filter(table_id=row.table_id, row_key=row.row_key).exclude(pk=row.pk).exists():
        raise Conflict("The leaderboard has an identical row already.")
    row.save()
    columns = {metric.name: metric for metric in Metric.objects.filter(table_id=row.table_id)}
    values = []
    for name, raw in row.metrics_raw.items():
        if name not in columns:
            columns[name] = add_metric(row.table, name)
        parsed = parse_value(raw)
        values.append(ResultValue(
            result=row, metric=columns[name], text=parsed.text[:200], number=parsed.number, unit=parsed.unit,
        ))
    ResultValue.objects.filter(result=row).delete()
    ResultValue.objects.bulk_create(values)


# --- synchronize -------------------------------------------------------------------


@transaction.atomic
def synchronize(task: str, dataset: str, description: str, metrics: list, results: list):
    """Make a leaderboard hold the given metrics and rows; returns (table, rows).

    The table of the task on the dataset is created if needed. Each metric is added,
    or given the direction stated. Each row replaces the values of the row with the
    same methodology and paper, or is added; rows not named are left as they are.
    The rows are returned in the order given.
    """
    found_task, found_dataset = task_by_id(task), dataset_by_id(dataset)
    table = EvaluationTable.objects.filter(task=found_task, dataset=found_dataset).first()
    if table is None:
        table = create_table(task, dataset, description)
    elif description and description != table.description:
        table = update_table(table, description=description)
    for item in metrics:
        existing = table.metrics.filter(name=item.name).first()
        if existing is None:
            add_metric(table, item.name, item.is_loss)
        else:
            update_metric(existing, is_loss=item.is_loss)
    rows = []
    for item in results:
        found, paper_url, _ = paper_reference(item.paper)
        same = table.results.filter(model_name=item.methodology)
        same = same.filter(paper=found) if found else same.filter(paper__isnull=True, paper_url=paper_url)
        existing = same.order_by("position").first()
        if existing is None:
            rows.append(add_result(
                table, item.metrics, item.methodology, item.uses_additional_data, item.paper, item.evaluated_on,
            ))
        else:
            existing.metrics_raw = {}
            rows.append(update_result(
                existing, metrics=item.metrics, uses_additional_data=item.uses_additional_data,
                evaluated_on=item.evaluated_on,
            ))
    return table, rows
