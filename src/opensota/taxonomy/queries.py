"""Reading the taxonomy for pages: areas, the task tree, datasets and methods.

Counts come from correlated subqueries rather than joins, so counting papers and
leaderboards of a task does not multiply rows, and a listing stays one query.
"""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from opensota.catalog.models import Paper
from opensota.search.queries import containing, every_word
from opensota.taxonomy.models import Area, Dataset, Method, Task

# Tasks nest at most a few levels deep (5 in the shipped sample): fetching that many
# parents in one join lets `Task.ancestors()` walk the chain without more queries.
_PARENT_CHAIN = "parent__parent__parent__parent__parent__parent"


def _count(queryset: QuerySet, field: str) -> Coalesce:
    """A correlated COUNT(*) of `queryset` rows whose `field` is the outer row."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_counts(tasks: QuerySet) -> QuerySet:
    """Tasks annotated with `paper_count` and `leaderboard_count`."""
    from opensota.evaluations.models import EvaluationTable

    return tasks.annotate(
        paper_count=_count(Paper.tasks.through.objects.all(), "task"),
        leaderboard_count=_count(EvaluationTable.objects.all(), "task"),
    )


def largest_first(tasks: QuerySet) -> QuerySet:
    """Tasks with the most papers first, then the most leaderboards, then by name."""
    return with_counts(tasks).order_by(F("paper_count").desc(), F("leaderboard_count").desc(), "name")


def tasks_with_most_papers(limit: int = 12) -> QuerySet:
    return largest_first(Task.objects.all())[:limit]


def areas_with_counts() -> QuerySet:
    """Areas that hold at least one task, the largest first."""
    return (
        Area.objects.annotate(task_count=_count(Task.areas.through.objects.all(), "area"))
        .filter(task_count__gt=0)
        .order_by("-task_count", "name")
    )


def area_tasks(area: Area) -> QuerySet:
    return largest_first(area.tasks.all())


def task_detail(slug: str) -> Task:
    """One task with its chain of parents and its areas (raises DoesNotExist)."""
    return Task.objects.select_related(_PARENT_CHAIN).prefetch_related("areas").get(slug=slug)


def child_tasks(task: Task) -> QuerySet:
    return largest_first(task.children.all())


def _papers_with_results(**table_filter) -> QuerySet:
    from opensota.evaluations.models import Result

    return Result.objects.filter(paper__isnull=False, **table_filter).values("paper_id")


def task_papers(task: Task) -> QuerySet:
    """Papers tagged with the task, or reporting a result on one of its leaderboards."""
    return Paper.objects.filter(
        Q(tasks=task) | Q(id__in=_papers_with_results(table__task=task))
    ).distinct().order_by("-published", "slug")


def dataset_detail(slug: str) -> Dataset:
    return (
        Dataset.objects.select_related("variant_of")
        .prefetch_related("tasks", "subdatasets")
        .get(slug=slug)
    )


def dataset_papers(dataset: Dataset) -> QuerySet:
    """Papers that use the dataset, or report a result on one of its leaderboards."""
    return Paper.objects.filter(
        Q(datasets=dataset) | Q(id__in=_papers_with_results(table__dataset=dataset))
    ).distinct().order_by("-published", "slug")


def method_detail(slug: str) -> Method:
    return Method.objects.prefetch_related("collections__area").get(slug=slug)


def method_papers(method: Method) -> QuerySet:
    return method.papers.all().order_by("-published", "slug")


# --- filtered lists: `q` needs every word in a name, other filters part of a field ---


def area_list(q=None, name=None) -> QuerySet:
    return containing(every_word(Area.objects.order_by("name", "slug"), ["name"], q), "name", name)


def task_list(q=None, name=None) -> QuerySet:
    return containing(every_word(Task.objects.order_by("slug"), ["name"], q), "name", name)


def task_parents(task: Task) -> QuerySet:
    """The task's parent (a task has one at most), as a list."""
    return Task.objects.filter(id=task.parent_id).order_by("slug")


def dataset_list(q=None, name=None, full_name=None) -> QuerySet:
    datasets = every_word(Dataset.objects.order_by("slug"), ["name", "full_name"], q)
    return containing(containing(datasets, "name", name), "full_name", full_name)


def method_list(q=None, name=None, full_name=None) -> QuerySet:
    methods = every_word(Method.objects.order_by("slug"), ["name", "full_name", "description"], q)
    return containing(containing(methods, "name", name), "full_name", full_name)
