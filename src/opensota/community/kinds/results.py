"""Kinds that change a leaderboard's rows: add a result, correct one, and add a result the
extractor found in a paper (creating the task, dataset, leaderboard or metric it names
when the catalog does not have them yet)."""

from __future__ import annotations

from typing import Any

from opensota.community.kinds.base import (MAX_TEXT, Kind, optional_bool, paper_by_slug, table_by_slug,
                                           text_field)
from opensota.community.kinds.taxonomy import apply_add_dataset, apply_add_metric, apply_add_task
from opensota.editing import Invalid, checked_url
from opensota.evaluations import editing as boards
from opensota.evaluations.models import EvaluationTable, Metric, Result
from opensota.slugs import slugify
from opensota.taxonomy import editing as taxonomy
from opensota.taxonomy.models import Dataset, Task


def _metrics(payload: dict) -> dict[str, str]:
    metrics = payload.get("metrics")
    if not isinstance(metrics, dict) or not metrics:
        raise Invalid("metrics must name at least one metric and its value.")
    clean = {}
    for name, value in metrics.items():
        if value is None or isinstance(value, (dict, list, bool)):
            raise Invalid(f"The value of {str(name)[:50]!r} must be a number or text as printed in the source.")
        clean[text_field({"metric": name}, "metric", limit=200)] = text_field({"value": str(value)}, "value", limit=100)
    return clean


def _known_metrics(table: EvaluationTable, metrics: dict[str, str]) -> dict[str, str]:
    """A result names only the leaderboard's metrics; a new column is its own proposal."""
    known = set(Metric.objects.filter(table=table).values_list("name", flat=True))
    unknown = [name for name in metrics if name not in known]
    if unknown:
        raise Invalid(f"The leaderboard has no metric {unknown[0]!r}: propose the metric first.")
    return metrics


def _check_add_result(payload: dict) -> tuple[dict, str]:
    table = table_by_slug(text_field(payload, "table"))
    clean = {
        "table": table.slug, "model_name": text_field(payload, "model_name"),
        "metrics": _known_metrics(table, _metrics(payload)),
        "paper": text_field(payload, "paper", required=False, limit=1000) or None,
        "uses_additional_data": optional_bool(payload, "uses_additional_data"),
        "source_url": checked_url(text_field(payload, "source_url", required=False, limit=1000), "source_url"),
        "source_table": text_field(payload, "source_table", required=False, limit=300),
    }
    if clean["paper"]:
        boards.paper_reference(clean["paper"])  # refuses unknown papers and unsafe URLs now
    return clean, f"leaderboard {table.slug}"


def _diff_add_result(payload: dict):
    return [(f"{payload['model_name']}: {name}", None, value) for name, value in payload["metrics"].items()]


def _apply_add_result(payload: dict) -> tuple[dict, dict]:
    row = boards.add_result(table_by_slug(payload["table"]), payload["metrics"], payload["model_name"],
                            payload.get("uses_additional_data"), payload.get("paper"))
    return {}, {"result": row.id, "table": payload["table"], "model_name": row.model_name,
                "metrics": row.metrics_raw}


def _revert_add_result(before: dict, after: dict) -> None:
    Result.objects.filter(id=after["result"]).delete()


def _check_correct_result(payload: dict) -> tuple[dict, str]:
    result_id = payload.get("result")
    if isinstance(result_id, str) and result_id.isdigit():
        result_id = int(result_id)
    if not isinstance(result_id, int) or isinstance(result_id, bool):
        raise Invalid("result must be a result's id (a whole number).")
    result = Result.objects.filter(id=result_id).select_related("table").first()
    if result is None:
        raise Invalid(f"No result {payload.get('result')!r}.")
    clean = {"result": result.id, "metrics": _known_metrics(result.table, _metrics(payload)),
             "source_url": checked_url(text_field(payload, "source_url", required=False, limit=1000), "source_url")}
    model_name = text_field(payload, "model_name", required=False)
    if model_name:
        clean["model_name"] = model_name
    return clean, f"leaderboard {result.table.slug}, {result.model_name}"


def _diff_correct_result(payload: dict):
    result = Result.objects.get(id=payload["result"])
    changes = [(name, result.metrics_raw.get(name), value) for name, value in payload["metrics"].items()]
    if "model_name" in payload:
        changes.append(("model", result.model_name, payload["model_name"]))
    return changes


def _apply_correct_result(payload: dict) -> tuple[dict, dict]:
    result = Result.objects.get(id=payload["result"])
    before = {"result": result.id, "metrics": dict(result.metrics_raw), "model_name": result.model_name}
    boards.update_result(result, metrics=payload["metrics"], methodology=payload.get("model_name"))
    return before, {"result": result.id, "metrics": dict(result.metrics_raw), "model_name": result.model_name}


def _revert_correct_result(before: dict, after: dict) -> None:
    result = Result.objects.filter(id=before["result"]).first()
    if result is not None:
        result.metrics_raw = {}
        boards.update_result(result, metrics=before["metrics"], methodology=before["model_name"])


# --- results the extractor found ----------------------------------------------------------
#
# A result read from a paper's table may name a task, dataset or metric the catalog does not
# have yet. Rather than dropping it or forcing it onto the nearest known name, the proposal
# says "new task 'X'" in its diff and, once accepted, creates what is missing (with the same
# functions as add_task, add_dataset and add_metric) and adds the row; reverting removes the
# row and whatever it created that nothing else uses since.

PROVENANCE_TEXT = {"source": 1000, "label": 300, "caption": MAX_TEXT, "cell": 200, "row_header": 300,
                   "column_header": 300}
PROVENANCE_NUMBERS = ("table", "row", "column")


def _number(payload: dict, field: str, low: float | None = None, high: float | None = None) -> float | None:
    value = payload.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (
            float("inf"), float("-inf")):
        raise Invalid(f"{field} must be a number.")
    if (low is not None and value < low) or (high is not None and value > high):
        raise Invalid(f"{field} must be between {low} and {high}.")
    return float(value)


def _provenance(value) -> dict:
    if not isinstance(value, dict):
        raise Invalid("provenance must say where the value was read (source, table, row, column, cell).")
    clean = {field: text_field(value, field, required=False, limit=limit) for field, limit in PROVENANCE_TEXT.items()}
    for field in PROVENANCE_NUMBERS:
        number = value.get(field)
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 100_000:
            raise Invalid(f"provenance {field} must be a whole number.")
        clean[field] = number
    return clean


def _check_extracted_result(payload: dict) -> tuple[dict, str]:
    paper = paper_by_slug(text_field(payload, "paper"))
    clean = {"paper": paper.slug, "task": text_field(payload, "task"), "dataset": text_field(payload, "dataset"),
             "metric": text_field(payload, "metric", limit=200), "model_name": text_field(payload, "model_name"),
             "value": text_field(payload, "value", limit=100), "number": _number(payload, "number"),
             "own": bool(optional_bool(payload, "own")),
             "confidence": _number(payload, "confidence", 0.0, 1.0),
             "provenance": _provenance(payload.get("provenance"))}
    if clean["confidence"] is None:
        raise Invalid("confidence is required.")
    written = payload.get("as_written") or {}
    if not isinstance(written, dict):
        raise Invalid("as_written must map task, dataset and metric to the paper's words.")
    clean["as_written"] = {field: text_field(written, field, required=False) for field in ("task", "dataset", "metric")}
    taxonomy.slug_for(clean["task"], "task")  # a name that cannot become a record is refused now
    taxonomy.slug_for(clean["dataset"], "dataset")
    return clean, f"paper {paper.slug}"


def _named(model, name: str):
    """The catalog's record of a name: by name as written, else by the slug it would get."""
    return model.objects.filter(name=name).order_by("id").first() or model.objects.filter(slug=slugify(name)).first()


def _board_metric(table: EvaluationTable | None, name: str) -> Metric | None:
    if table is None:
        return None
    return Metric.objects.filter(table=table, name=name).first() or \
        Metric.objects.filter(table=table, name__iexact=name).order_by("position").first()


def _found_names(payload: dict) -> tuple[Task | None, Dataset | None, EvaluationTable | None, Metric | None]:
    """The records the names stand for, None where a name is new. One query when all exist
    (the usual case, and the moderation queue asks for every row)."""
    column = Metric.objects.select_related("table__task", "table__dataset").filter(
        table__task__name=payload["task"], table__dataset__name=payload["dataset"], name=payload["metric"]).first()
    if column is not None:
        return column.table.task, column.table.dataset, column.table, column
    task, dataset = _named(Task, payload["task"]), _named(Dataset, payload["dataset"])
    table = EvaluationTable.objects.filter(task=task, dataset=dataset).first() if task and dataset else None
    return task, dataset, table, _board_metric(table, payload["metric"])


def extracted_result_creates(payload: dict) -> list[str]:
    """What accepting the result would create besides the row ("task", "leaderboard"...):
    empty when the leaderboard and its metric exist. The threshold rule accepts only those."""
    task, dataset, table, metric = _found_names(payload)
    found = {"task": task, "dataset": dataset, "leaderboard": table, "metric": metric}
    return [what for what, record in found.items() if record is None]


def _diff_extracted_result(payload: dict):
    task, dataset, table, metric = _found_names(payload)
    rows = [(what, None, payload[what] if record else f"new {what} '{payload[what]}'")
            for what, record in (("task", task), ("dataset", dataset), ("metric", metric))]
    if table is None:
        rows.append(("leaderboard", None, f"new leaderboard '{payload['task']} on {payload['dataset']}'"))
    where = payload["provenance"]
    rows += [
        (f"{payload['model_name']}: {payload['metric']}", None, payload["value"]),
        ("value as parsed", None, payload.get("number")),
        ("paper", None, payload["paper"] if payload["own"] else "none (a result the paper cites)"),
        ("confidence", None, payload["confidence"]),
        ("found in", None, f"table {where['table']}, row {where['row']}, column {where['column']}: "
                           f"\u201c{where['cell']}\u201d"),
    ]
    return rows


def _apply_extracted_result(payload: dict) -> tuple[dict, dict]:
    task, dataset, table, metric = _found_names(payload)
    created: dict[str, Any] = {}
    if task is None:
        created["task"] = apply_add_task({"name": payload["task"]})[1]["task"]
        task = Task.objects.get(slug=created["task"])
    if dataset is None:
        created["dataset"] = apply_add_dataset({"name": payload["dataset"]})[1]["dataset"]
        dataset = Dataset.objects.get(slug=created["dataset"])
    if table is None:
        joined = {"task_in_dump": task.in_evaluation_dump, "task_dump_position": task.dump_position,
                  "dataset_had_task": dataset.tasks.filter(pk=task.pk).exists()}
        table = boards.create_table(task.slug, dataset.slug)
        created["leaderboard"] = {"slug": table.slug, **joined}
        metric = None
    if metric is None:
        created["metric"] = apply_add_metric({"table": table.slug, "name": payload["metric"]})[1]["metric"]
        metric = Metric.objects.get(id=created["metric"])
    paper = paper_by_slug(payload["paper"]) if payload["own"] else None
    row = boards.add_result(table, {metric.name: payload["value"]}, payload["model_name"], None,
                            paper.slug if paper else None, paper.published if paper else None)
    Result.objects.filter(pk=row.pk).update(source="extracted")
    return {}, {"result": row.id, "table": table.slug, "model_name": row.model_name, "metrics": row.metrics_raw,
                "created": created}


def _revert_extracted_result(before: dict, after: dict) -> None:
    """Remove the row, then what it created, unless something added since uses it."""
    Result.objects.filter(id=after["result"]).delete()
    created = after.get("created") or {}
    if "metric" in created:
        Metric.objects.filter(id=created["metric"]).exclude(values__isnull=False).delete()
    board = created.get("leaderboard")
    table = EvaluationTable.objects.filter(slug=board["slug"]).select_related("task", "dataset").first() \
        if board else None
    if table is not None and not table.results.exists() and not table.metrics.exists():
        task, dataset = table.task, table.dataset
        table.delete()
        if not board["dataset_had_task"]:
            dataset.tasks.remove(task)
        if not board["task_in_dump"]:
            Task.objects.filter(pk=task.pk).update(in_evaluation_dump=False, dump_position=board["task_dump_position"])
    if "dataset" in created:
        Dataset.objects.filter(slug=created["dataset"], evaluation_tables__isnull=True).delete()
    if "task" in created:
        Task.objects.filter(slug=created["task"], evaluation_tables__isnull=True, children__isnull=True).delete()


RESULT_KINDS = (
    Kind("add_result", "Add a result", _check_add_result, _diff_add_result, _apply_add_result, _revert_add_result),
    Kind("add_extracted_result", "Add a result found in a paper", _check_extracted_result, _diff_extracted_result,
         _apply_extracted_result, _revert_extracted_result, automated=True),
    Kind("correct_result", "Correct a result", _check_correct_result, _diff_correct_result,
         _apply_correct_result, _revert_correct_result),
)
