"""Editing the taxonomy: tasks and datasets created or changed, areas and tasks looked up.

Each change is one transaction. Failures raise `opensota.editing.Invalid` (the edit
names something that does not exist or is malformed) or `Conflict` (it would
duplicate a record). Used by the API's writes and, later, by community proposals.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from opensota.editing import Conflict, Invalid, checked_url
from opensota.slugs import slugify
from opensota.taxonomy.models import Area, Dataset, Task


def slug_for(name: str, what: str) -> str:
    """The slug a new task, dataset or method named `name` gets; `Invalid` if it has none."""
    slug = slugify(name)
    if not slug:
        raise Invalid(f"A {what} name needs at least one letter or digit.")
    return slug


# --- tasks -------------------------------------------------------------------------


def task_by_id(slug: str) -> Task:
    task = Task.objects.filter(slug=slug).first()
    if task is None:
        raise Invalid(f"No task {slug!r}.")
    return task


def area_by_id_or_name(value: str) -> Area:
    area = Area.objects.filter(Q(slug=value) | Q(name__iexact=value) | Q(slug=slugify(value))).first()
    if area is None:
        raise Invalid(f"No area {value!r}.")
    return area


def _check_parent(task: Task, parent: Task) -> None:
    if parent.pk == task.pk or any(node.pk == task.pk for node in parent.ancestors()):
        raise Invalid(f"Task {parent.slug!r} is {task.slug!r} or one of its subtasks: it cannot be its parent.")


@transaction.atomic
def create_task(name: str, description: str = "", area: str | None = None, parent_task: str | None = None) -> Task:
    slug = slug_for(name, "task")
    if Task.objects.filter(slug=slug).exists():
        raise Conflict(f"A task {slug!r} exists already.")
    parent = task_by_id(parent_task) if parent_task else None
    found_area = area_by_id_or_name(area) if area else None
    task = Task.objects.create(slug=slug, name=name, description=description, parent=parent)
    if found_area is not None:
        task.areas.add(found_area)
    return task


@transaction.atomic
def update_task(task: Task, name=None, description=None, area=None, parent_task=None) -> Task:
    """Change what is given (None leaves a field as it is); the id (slug) stays."""
    if name is not None:
        task.name = name
    if description is not None:
        task.description = description
    if parent_task is not None:
        parent = task_by_id(parent_task)
        _check_parent(task, parent)
        task.parent = parent
    task.save()
    if area is not None:
        task.areas.set([area_by_id_or_name(area)])
    return task


# --- datasets ----------------------------------------------------------------------


def dataset_by_id(slug: str) -> Dataset:
    dataset = Dataset.objects.filter(slug=slug).first()
    if dataset is None:
        raise Invalid(f"No dataset {slug!r}.")
    return dataset


@transaction.atomic
def create_dataset(name: str, full_name: str | None = None, url: str | None = None) -> Dataset:
    slug = slug_for(name, "dataset")
    if Dataset.objects.filter(slug=slug).exists():
        raise Conflict(f"A dataset {slug!r} exists already.")
    return Dataset.objects.create(
        slug=slug, name=name, full_name=full_name or "", homepage=checked_url(url, "url"),
        in_datasets_dump=True,  # exported with the catalog's datasets from now on
    )


@transaction.atomic
def update_dataset(dataset: Dataset, name=None, full_name=None, url=None) -> Dataset:
    if name is not None:
        dataset.name = name
    if full_name is not None:
        dataset.full_name = full_name
    if url is not None:
        dataset.homepage = checked_url(url, "url")
    dataset.save()
    return dataset
