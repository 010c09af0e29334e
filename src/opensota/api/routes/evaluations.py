"""Leaderboards (evaluation tables), their metrics and rows, and the synchronize RPC."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from opensota.api import lookups, serializers
from opensota.api.auth import editor
from opensota.api.pagination import PageParams, paginate
from opensota.api.routes import DETAIL, LIST, WRITE
from opensota.api.schemas import (
    EvaluationTable, EvaluationTableCreate, EvaluationTables, EvaluationTableSync,
    EvaluationTableSyncResponse, EvaluationTableUpdate, Metric, MetricCreate, MetricPage, MetricUpdate,
    Result, ResultCreate, Results, ResultUpdate,
)
from opensota.evaluations import editing
from opensota.evaluations import queries as leaderboards
from opensota.evaluations.models import Metric as MetricModel
from opensota.evaluations.models import Result as ResultModel

router = Router(tags=["evaluations"])


@router.get("/evaluations/", response={200: EvaluationTables, **LIST})
def evaluation_list(request: HttpRequest, params: Query[PageParams]):
    tables = leaderboards.table_list()
    return paginate(request, tables, params, serializers.evaluation_tables)


@router.post("/evaluations/", response={201: EvaluationTable, **WRITE}, auth=editor)
def evaluation_create(request: HttpRequest, body: EvaluationTableCreate):
    """Add the leaderboard of a task on a dataset; its id is `<task>-on-<dataset>`.
    (`mirror_url` is accepted but not stored.)"""
    table = editing.create_table(body.task, body.dataset, body.description)
    return Status(201, serializers.evaluation_table(lookups.evaluation_table(table.slug)))


@router.get("/evaluations/{evaluation_id}/", response={200: EvaluationTable, **DETAIL})
def evaluation_get(request: HttpRequest, evaluation_id: str):
    return serializers.evaluation_table(lookups.evaluation_table(evaluation_id))


@router.patch("/evaluations/{evaluation_id}/", response={200: EvaluationTable, **WRITE}, auth=editor)
def evaluation_update(request: HttpRequest, evaluation_id: str, body: EvaluationTableUpdate):
    """Change the fields given (null leaves a field as it is); the id stays."""
    table = editing.update_table(
        lookups.evaluation_table(evaluation_id), task=body.task, dataset=body.dataset, description=body.description,
    )
    return serializers.evaluation_table(table)


@router.delete("/evaluations/{evaluation_id}/", response={204: None, **WRITE}, auth=editor)
def evaluation_delete(request: HttpRequest, evaluation_id: str):
    lookups.evaluation_table(evaluation_id).delete()
    return Status(204, None)


# --- metrics -----------------------------------------------------------------------


def _metric(evaluation_id: str, metric_id: str) -> MetricModel:
    table = lookups.evaluation_table(evaluation_id)
    return lookups.get_or_404(table.metrics.all(), "metric", pk=lookups.numbered("metric", metric_id))


@router.get("/evaluations/{evaluation_id}/metrics/", response={200: MetricPage, **LIST})
def evaluation_metric_list(request: HttpRequest, evaluation_id: str, params: Query[PageParams]):
    metrics = lookups.evaluation_table(evaluation_id).metrics.order_by("position", "id")
    return paginate(request, metrics, params, serializers.metrics)


@router.post("/evaluations/{evaluation_id}/metrics/", response={201: Metric, **WRITE}, auth=editor)
def evaluation_metric_add(request: HttpRequest, evaluation_id: str, body: MetricCreate):
    """Add a column; `is_loss` states its direction (lower is better). (`description` is not stored.)"""
    table = lookups.evaluation_table(evaluation_id)
    return Status(201, serializers.metric(editing.add_metric(table, body.name, body.is_loss)))


@router.get("/evaluations/{evaluation_id}/metrics/{metric_id}/", response={200: Metric, **DETAIL})
def evaluation_metric_get(request: HttpRequest, evaluation_id: str, metric_id: str):
    return serializers.metric(_metric(evaluation_id, metric_id))


@router.patch("/evaluations/{evaluation_id}/metrics/{metric_id}/", response={200: Metric, **WRITE}, auth=editor)
def evaluation_metric_update(request: HttpRequest, evaluation_id: str, metric_id: str, body: MetricUpdate):
    """Rename a column (every row's value follows) or state its direction."""
    metric = editing.update_metric(_metric(evaluation_id, metric_id), name=body.name, is_loss=body.is_loss)
    return serializers.metric(metric)


@router.delete("/evaluations/{evaluation_id}/metrics/{metric_id}/", response={204: None, **WRITE}, auth=editor)
def evaluation_metric_delete(request: HttpRequest, evaluation_id: str, metric_id: str):
    """Remove a column and every row's value in it."""
    editing.delete_metric(_metric(evaluation_id, metric_id))
    return Status(204, None)


# --- results -----------------------------------------------------------------------


def _result(evaluation_id: str, result_id: str) -> ResultModel:
    table = lookups.evaluation_table(evaluation_id)
    rows = leaderboards.with_paper_slug(table.results.all())
    return lookups.get_or_404(rows, "result", pk=lookups.numbered("result", result_id))


def _one_result(result_id: int) -> dict:
    row = leaderboards.with_paper_slug(ResultModel.objects.filter(pk=result_id)).get()
    return serializers.results([row])[0]


@router.get("/evaluations/{evaluation_id}/results/", response={200: Results, **LIST})
def evaluation_result_list(request: HttpRequest, evaluation_id: str, params: Query[PageParams]):
    """The leaderboard's rows in leaderboard order (best first; rows without a value for
    the ranking metric last), each with its rank."""
    table = lookups.evaluation_table(evaluation_id)
    boards = serializers.Leaderboards([table.id])
    order = [entry.row.result_id for entry in boards.ranking(table.id).rows]

    def serialize(ids: list[int]) -> list[dict]:
        rows = {row.id: row for row in leaderboards.with_paper_slug(ResultModel.objects.filter(id__in=ids))}
        return serializers.results([rows[i] for i in ids if i in rows], boards)

    return paginate(request, order, params, serialize)


@router.post("/evaluations/{evaluation_id}/results/", response={201: Result, **WRITE}, auth=editor)
def evaluation_result_add(request: HttpRequest, evaluation_id: str, body: ResultCreate):
    """Add a row. `metrics` maps metric names (new ones are added) to values as written;
    `paper` is a paper's id or URL; `evaluated_on` is the row's date on the chart.
    (`external_source_url` is not stored.)"""
    row = editing.add_result(
        lookups.evaluation_table(evaluation_id), body.metrics, body.methodology,
        body.uses_additional_data, body.paper, body.evaluated_on,
    )
    return Status(201, _one_result(row.id))


@router.get("/evaluations/{evaluation_id}/results/{result_id}/", response={200: Result, **DETAIL})
def evaluation_result_get(request: HttpRequest, evaluation_id: str, result_id: str):
    return serializers.results([_result(evaluation_id, result_id)])[0]


@router.patch("/evaluations/{evaluation_id}/results/{result_id}/", response={200: Result, **WRITE}, auth=editor)
def evaluation_result_update(request: HttpRequest, evaluation_id: str, result_id: str, body: ResultUpdate):
    """Change the fields given; `metrics` sets the values it names and keeps the others."""
    row = editing.update_result(
        _result(evaluation_id, result_id), metrics=body.metrics, methodology=body.methodology,
        uses_additional_data=body.uses_additional_data, paper=body.paper, evaluated_on=body.evaluated_on,
    )
    return _one_result(row.id)


@router.delete("/evaluations/{evaluation_id}/results/{result_id}/", response={204: None, **WRITE}, auth=editor)
def evaluation_result_delete(request: HttpRequest, evaluation_id: str, result_id: str):
    _result(evaluation_id, result_id).delete()
    return Status(204, None)


# --- synchronize -------------------------------------------------------------------


@router.post(
    "/rpc/evaluation-synchronize/", response={200: EvaluationTableSyncResponse, **WRITE}, auth=editor,
)
def evaluation_synchronize(request: HttpRequest, body: EvaluationTableSync):
    """Create or update the leaderboard of `task` on `dataset` with the given metrics and
    rows. A row replaces the values of the row with the same methodology and paper, or
    is added; rows not named stay. The rows come back in the order given, with their ids."""
    table, rows = editing.synchronize(body.task, body.dataset, body.description, body.metrics, body.results)
    table = lookups.evaluation_table(table.slug)
    boards = serializers.Leaderboards([table.id])
    fresh = {row.id: row for row in leaderboards.with_paper_slug(ResultModel.objects.filter(id__in=[r.id for r in rows]))}
    synced = []
    for sent, row in zip(body.results, rows):
        shown = serializers.result(fresh[row.id], boards)
        synced.append({
            "id": shown["id"], "metrics": shown["metrics"], "methodology": shown["methodology"],
            "paper": shown["paper"], "uses_additional_data": shown["uses_additional_data"],
            "external_id": sent.external_id, "evaluated_on": shown["evaluated_on"],
            "external_source_url": None,
        })
    return {
        **serializers.evaluation_table(table),
        "external_id": body.external_id,
        "metrics": [
            {"name": m["name"], "description": "", "is_loss": m["is_loss"]}
            for m in serializers.metrics(table.metrics.order_by("position", "id"))
        ],
        "results": synced,
    }
