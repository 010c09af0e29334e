"""Kinds that change the taxonomy: add a task, dataset, method or leaderboard metric, tag a
paper with a task, merge two tasks or two datasets (and undo the merge)."""

from __future__ import annotations

from typing import Callable

from django.db.models import Q

from opensota.catalog.models import Paper
from opensota.community.kinds.base import MAX_TEXT, Kind, optional_bool, paper_by_slug, table_by_slug, text_field
from opensota.editing import Conflict, Invalid, checked_url
from opensota.evaluations import editing as boards
from opensota.evaluations.models import EvaluationTable, Metric
from opensota.slugs import slugify
from opensota.taxonomy import editing as taxonomy
from opensota.taxonomy.models import Dataset, Method, Task


def _check_named(what: str, model) -> Callable[[dict], tuple[dict, str]]:
    def check(payload: dict) -> tuple[dict, str]:
        name = text_field(payload, "name")
        slug = taxonomy.slug_for(name, what)
        if model.objects.filter(slug=slug).exists():
            raise Conflict(f"A {what} {slug!r} exists already.")
        clean = {"name": name, "description": text_field(payload, "description", required=False, limit=MAX_TEXT)}
        if what == "task":
            clean["area"] = text_field(payload, "area", required=False) or None
            clean["parent"] = text_field(payload, "parent", required=False) or None
            if clean["area"]:
                clean["area"] = taxonomy.area_by_id_or_name(clean["area"]).slug
            if clean["parent"]:
                clean["parent"] = taxonomy.task_by_id(clean["parent"]).slug
        if what == "dataset":
            clean["full_name"] = text_field(payload, "full_name", required=False)
            clean["url"] = checked_url(text_field(payload, "url", required=False, limit=1000), "url")
        if what == "method":
            clean["full_name"] = text_field(payload, "full_name", required=False)
        return clean, f"{what} {slug}"
    return check


def _diff_named(payload: dict):
    return [(field, None, value) for field, value in payload.items() if value]


def apply_add_task(payload: dict) -> tuple[dict, dict]:
    task = taxonomy.create_task(payload["name"], payload.get("description", ""), payload.get("area"),
                                payload.get("parent"))
    return {}, {"task": task.slug}


def apply_add_dataset(payload: dict) -> tuple[dict, dict]:
    dataset = taxonomy.create_dataset(payload["name"], payload.get("full_name") or None, payload.get("url") or None)
    if payload.get("description"):
        dataset.description = payload["description"]
        dataset.save(update_fields=["description"])
    return {}, {"dataset": dataset.slug}


def _apply_add_method(payload: dict) -> tuple[dict, dict]:
    slug = slugify(payload["name"])
    if Method.objects.filter(slug=slug).exists():
        raise Conflict(f"A method {slug!r} exists already.")
    method = Method.objects.create(slug=slug, name=payload["name"],
                                   full_name=payload.get("full_name", ""), description=payload.get("description", ""))
    return {}, {"method": method.slug}


def _delete_created(model, field: str) -> Callable[[dict, dict], None]:
    def revert(before: dict, after: dict) -> None:
        model.objects.filter(slug=after[field]).delete()
    return revert


def _check_add_metric(payload: dict) -> tuple[dict, str]:
    table = table_by_slug(text_field(payload, "table"))
    name = text_field(payload, "name", limit=200)
    if Metric.objects.filter(table=table, name=name).exists():
        raise Conflict(f"The leaderboard has a metric {name!r} already.")
    return {"table": table.slug, "name": name, "higher_is_better": optional_bool(payload, "higher_is_better")}, \
        f"leaderboard {table.slug}"


def apply_add_metric(payload: dict) -> tuple[dict, dict]:
    higher = payload.get("higher_is_better")
    metric = boards.add_metric(table_by_slug(payload["table"]), payload["name"], None if higher is None else not higher)
    return {}, {"metric": metric.id, "table": payload["table"], "name": metric.name}


def _check_tag(payload: dict) -> tuple[dict, str]:
    paper = paper_by_slug(text_field(payload, "paper"))
    task = taxonomy.task_by_id(text_field(payload, "task"))
    if paper.tasks.filter(pk=task.pk).exists():
        raise Conflict(f"The paper is tagged {task.slug!r} already.")
    return {"paper": paper.slug, "task": task.slug}, f"paper {paper.slug}"


def _apply_tag(payload: dict) -> tuple[dict, dict]:
    paper_by_slug(payload["paper"]).tasks.add(taxonomy.task_by_id(payload["task"]))
    return {}, dict(payload)


def _revert_tag(before: dict, after: dict) -> None:
    paper = Paper.objects.filter(slug=after["paper"]).first()
    task = Task.objects.filter(slug=after["task"]).first()
    if paper and task:
        paper.tasks.remove(task)


# --- merges --------------------------------------------------------------------------------------


def _check_merge(what: str) -> Callable[[dict], tuple[dict, str]]:
    lookup = taxonomy.task_by_id if what == "task" else taxonomy.dataset_by_id

    def check(payload: dict) -> tuple[dict, str]:
        source, into = lookup(text_field(payload, "source")), lookup(text_field(payload, "into"))
        if source.pk == into.pk:
            raise Invalid(f"A {what} cannot be merged into itself.")
        field = "task" if what == "task" else "dataset"
        other = "dataset" if what == "task" else "task"
        clash = EvaluationTable.objects.filter(**{field: source}).values_list(f"{other}_id", flat=True)
        if EvaluationTable.objects.filter(**{field: into, f"{other}_id__in": list(clash)}).exists():
            raise Conflict(f"Both {what}s have a leaderboard on the same {other}: merge those leaderboards first.")
        return {"source": source.slug, "into": into.slug}, f"{what} {source.slug} into {into.slug}"
    return check


def _diff_merge(payload: dict):
    return [("merged into", payload["source"], payload["into"])]


def _apply_merge(model, what: str) -> Callable[[dict], tuple[dict, dict]]:
    def apply(payload: dict) -> tuple[dict, dict]:
        source = model.objects.get(slug=payload["source"])
        into = model.objects.get(slug=payload["into"])
        relation = "tasks" if what == "task" else "datasets"
        papers = list(Paper.objects.filter(**{relation: source}).values_list("id", flat=True))
        tables = list(EvaluationTable.objects.filter(**{what: source}).values_list("id", flat=True))
        before = {"record": _record(source), "papers": papers, "tables": tables}
        if what == "task":
            before["children"] = list(source.children.values_list("id", flat=True))
            before["datasets"] = list(source.datasets.values_list("id", flat=True))
            before["areas"] = list(source.areas.values_list("id", flat=True))
            Task.objects.filter(id__in=before["children"]).update(parent=into)
            into.datasets.add(*before["datasets"])
        else:
            before["tasks"] = list(source.tasks.values_list("id", flat=True))
            into.tasks.add(*before["tasks"])
        getattr(into, "papers").add(*papers)
        for table in EvaluationTable.objects.filter(id__in=tables).select_related("task", "dataset"):
            setattr(table, what, into)
            table.slug = f"{table.task.slug}-on-{table.dataset.slug}"[:500]
            table.save()
        source.delete()
        return before, {"into": into.slug}
    return apply


def _record(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def _revert_merge(model, what: str) -> Callable[[dict, dict], None]:
    def revert(before: dict, after: dict) -> None:
        record = dict(before["record"])
        if model.objects.filter(Q(pk=record["id"]) | Q(slug=record["slug"])).exists():
            raise Conflict(f"A {what} {record['slug']!r} exists again; the merge cannot be undone.")
        source = model.objects.create(**record)
        into = model.objects.get(slug=after["into"])
        source.papers.add(*before["papers"])
        into.papers.remove(*[p for p in before["papers"]])
        if what == "task":
            Task.objects.filter(id__in=before["children"]).update(parent=source)
            source.datasets.add(*before["datasets"])
            source.areas.add(*before["areas"])
        else:
            source.tasks.add(*before["tasks"])
        for table in EvaluationTable.objects.filter(id__in=before["tables"]).select_related("task", "dataset"):
            setattr(table, what, source)
            table.slug = f"{table.task.slug}-on-{table.dataset.slug}"[:500]
            table.save()
    return revert


TAXONOMY_KINDS = (
    Kind("add_task", "Add a task", _check_named("task", Task), _diff_named, apply_add_task,
         _delete_created(Task, "task")),
    Kind("add_dataset", "Add a dataset", _check_named("dataset", Dataset), _diff_named, apply_add_dataset,
         _delete_created(Dataset, "dataset")),
    Kind("add_method", "Add a method", _check_named("method", Method), _diff_named, _apply_add_method,
         _delete_created(Method, "method")),
    Kind("add_metric", "Add a metric", _check_add_metric, _diff_named, apply_add_metric,
         lambda before, after: Metric.objects.filter(id=after["metric"]).delete()),
    Kind("tag_paper_task", "Tag a paper with a task", _check_tag, _diff_named, _apply_tag, _revert_tag),
    Kind("merge_tasks", "Merge two tasks", _check_merge("task"), _diff_merge, _apply_merge(Task, "task"),
         _revert_merge(Task, "task")),
    Kind("merge_datasets", "Merge two datasets", _check_merge("dataset"), _diff_merge,
         _apply_merge(Dataset, "dataset"), _revert_merge(Dataset, "dataset")),
)
