"""Areas, tasks (a tree), datasets and methods; tasks and datasets can be written."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from opensota.api import lookups, serializers
from opensota.api.auth import editor
from opensota.api.pagination import PageParams, paginate
from opensota.api.routes import DETAIL, LIST, WRITE
from opensota.api.schemas import (
    Area, Areas, Dataset, DatasetCreate, Datasets, DatasetUpdate, EvaluationTables, Method, Methods,
    Papers, Task, TaskCreate, Tasks, TaskUpdate, Text,
)
from opensota.catalog.queries import with_venue
from opensota.evaluations.queries import table_list
from opensota.taxonomy import editing
from opensota.taxonomy import queries as taxonomy
from opensota.taxonomy.models import Area as AreaModel
from opensota.taxonomy.models import Dataset as DatasetModel
from opensota.taxonomy.models import Method as MethodModel
from opensota.taxonomy.models import Task as TaskModel

router = Router()


class NameFilters(PageParams):
    q: Text(500) | None = None
    name: Text(300) | None = None


class FullNameFilters(NameFilters):
    full_name: Text(500) | None = None


def _tasks(rows):
    return [serializers.task(row) for row in rows]


def _datasets(rows):
    return [serializers.dataset(row) for row in rows]


# --- areas -------------------------------------------------------------------------


@router.get("/areas/", response={200: Areas, **LIST}, tags=["areas"])
def area_list(request: HttpRequest, params: Query[NameFilters]):
    areas = taxonomy.area_list(q=params.q, name=params.name)
    return paginate(request, areas, params, lambda rows: [serializers.named(r) for r in rows])


@router.get("/areas/{area_id}/", response={200: Area, **DETAIL}, tags=["areas"])
def area_get(request: HttpRequest, area_id: str):
    return serializers.named(lookups.get_or_404(AreaModel.objects.all(), "area", slug=area_id))


@router.get("/areas/{area_id}/tasks/", response={200: Tasks, **LIST}, tags=["areas"])
def area_task_list(request: HttpRequest, area_id: str, params: Query[PageParams]):
    """The area's tasks, those with the most papers first."""
    area = lookups.get_or_404(AreaModel.objects.all(), "area", slug=area_id)
    return paginate(request, taxonomy.area_tasks(area), params, _tasks)


# --- tasks -------------------------------------------------------------------------


def _task(task_id: str) -> TaskModel:
    return lookups.get_or_404(TaskModel.objects.all(), "task", slug=task_id)


@router.get("/tasks/", response={200: Tasks, **LIST}, tags=["tasks"])
def task_list(request: HttpRequest, params: Query[NameFilters]):
    return paginate(request, taxonomy.task_list(q=params.q, name=params.name), params, _tasks)


@router.post("/tasks/", response={201: Task, **WRITE}, auth=editor, tags=["tasks"])
def task_add(request: HttpRequest, body: TaskCreate):
    """Add a task; its id is the slug of its name. `area` is an area's id or name."""
    return Status(201, serializers.task(editing.create_task(**body.model_dump())))


@router.get("/tasks/{task_id}/", response={200: Task, **DETAIL}, tags=["tasks"])
def task_get(request: HttpRequest, task_id: str):
    return serializers.task(_task(task_id))


@router.patch("/tasks/{task_id}/", response={200: Task, **WRITE}, auth=editor, tags=["tasks"])
def task_update(request: HttpRequest, task_id: str, body: TaskUpdate):
    """Change the fields given (null leaves a field as it is); the id stays."""
    return serializers.task(editing.update_task(_task(task_id), **body.model_dump()))


@router.delete("/tasks/{task_id}/", response={204: None, **WRITE}, auth=editor, tags=["tasks"])
def task_delete(request: HttpRequest, task_id: str):
    """Delete a task and its leaderboards; its subtasks lose their parent."""
    _task(task_id).delete()
    return Status(204, None)


@router.get("/tasks/{task_id}/parents/", response={200: Tasks, **LIST}, tags=["tasks"])
def task_parent_list(request: HttpRequest, task_id: str, params: Query[PageParams]):
    """The task's parent (a task has one at most)."""
    return paginate(request, taxonomy.task_parents(_task(task_id)), params, _tasks)


@router.get("/tasks/{task_id}/children/", response={200: Tasks, **LIST}, tags=["tasks"])
def task_child_list(request: HttpRequest, task_id: str, params: Query[PageParams]):
    """The task's subtasks, those with the most papers first."""
    return paginate(request, taxonomy.child_tasks(_task(task_id)), params, _tasks)


@router.get("/tasks/{task_id}/papers/", response={200: Papers, **LIST}, tags=["tasks"])
def task_paper_list(request: HttpRequest, task_id: str, params: Query[PageParams]):
    """Papers tagged with the task or reporting a result on one of its leaderboards."""
    papers = with_venue(taxonomy.task_papers(_task(task_id)))
    return paginate(request, papers, params, serializers.papers)


@router.get("/tasks/{task_id}/evaluations/", response={200: EvaluationTables, **LIST}, tags=["tasks"])
def task_evaluation_list(request: HttpRequest, task_id: str, params: Query[PageParams]):
    tables = table_list(_task(task_id).evaluation_tables.all())
    return paginate(request, tables, params, serializers.evaluation_tables)


# --- datasets ----------------------------------------------------------------------


def _dataset(dataset_id: str) -> DatasetModel:
    return lookups.get_or_404(DatasetModel.objects.all(), "dataset", slug=dataset_id)


@router.get("/datasets/", response={200: Datasets, **LIST}, tags=["datasets"])
def dataset_list(request: HttpRequest, params: Query[FullNameFilters]):
    datasets = taxonomy.dataset_list(q=params.q, name=params.name, full_name=params.full_name)
    return paginate(request, datasets, params, _datasets)


@router.post("/datasets/", response={201: Dataset, **WRITE}, auth=editor, tags=["datasets"])
def dataset_add(request: HttpRequest, body: DatasetCreate):
    """Add a dataset; its id is the slug of its name, `url` its homepage."""
    return Status(201, serializers.dataset(editing.create_dataset(**body.model_dump())))


@router.get("/datasets/{dataset_id}/", response={200: Dataset, **DETAIL}, tags=["datasets"])
def dataset_get(request: HttpRequest, dataset_id: str):
    return serializers.dataset(_dataset(dataset_id))


@router.patch("/datasets/{dataset_id}/", response={200: Dataset, **WRITE}, auth=editor, tags=["datasets"])
def dataset_update(request: HttpRequest, dataset_id: str, body: DatasetUpdate):
    """Change the fields given (null leaves a field as it is); the id stays."""
    return serializers.dataset(editing.update_dataset(_dataset(dataset_id), **body.model_dump()))


@router.delete("/datasets/{dataset_id}/", response={204: None, **WRITE}, auth=editor, tags=["datasets"])
def dataset_delete(request: HttpRequest, dataset_id: str):
    """Delete a dataset and its leaderboards."""
    _dataset(dataset_id).delete()
    return Status(204, None)


@router.get("/datasets/{dataset_id}/evaluations/", response={200: EvaluationTables, **LIST}, tags=["datasets"])
def dataset_evaluation_list(request: HttpRequest, dataset_id: str, params: Query[PageParams]):
    tables = table_list(_dataset(dataset_id).evaluation_tables.all())
    return paginate(request, tables, params, serializers.evaluation_tables)


# --- methods -----------------------------------------------------------------------


@router.get("/methods/", response={200: Methods, **LIST}, tags=["methods"])
def method_list(request: HttpRequest, params: Query[FullNameFilters]):
    methods = taxonomy.method_list(q=params.q, name=params.name, full_name=params.full_name)
    return paginate(request, methods, params, serializers.methods)


@router.get("/methods/{method_id}/", response={200: Method, **DETAIL}, tags=["methods"])
def method_get(request: HttpRequest, method_id: str):
    return serializers.methods([lookups.get_or_404(MethodModel.objects.all(), "method", slug=method_id)])[0]
